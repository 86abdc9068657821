//! Caps on what hostcast reads, so that no input can make it use unbounded time,
//! memory or stack. Each cap sits far above any real file; a file past one is an
//! error at `FILE:LINE:COL` naming the cap and what to do.
//!
//! The figures: the largest real configs seen (monorepo Compose files, Render
//! blueprints) hold a few hundred services in well under 1 MB and nest fewer than
//! ten levels; pricing 10,000 services (import and every option at every stage)
//! takes about a second.

use std::path::Path;

use crate::error::Diagnostic;

/// Largest file read (configs, scenarios, price books, overlays, saved JSON):
/// 32 MiB, some 150 times a 1,000-service Compose file.
pub const MAX_FILE_BYTES: u64 = 32 << 20;

/// Most bytes that YAML aliases and merge keys may add when expanded: 16 MiB.
/// Each node an alias copies counts [`NODE_BYTES`] plus its text. A Compose file
/// of 10,000 services that each merge a shared block of settings adds about 5 MiB.
/// The values `${VAR}` interpolation substitutes into one Compose file are held to
/// the same figure (`import::interpolate`).
pub const MAX_EXPANSION_BYTES: u64 = 16 << 20;

/// What one copied node costs in the expansion budget besides its text, bytes
/// (about what a node of the located tree takes in memory).
pub const NODE_BYTES: u64 = 64;

/// Most services in one config or scenario: 50,000 (five times the benchmark's
/// 10,000-service file).
pub const MAX_SERVICES: usize = 50_000;

/// Most cron jobs in one config: 50,000.
pub const MAX_CRONS: usize = 50_000;

/// Most containers (replicas of every service) packed onto one Compose host's nodes:
/// 20,000 (the 10,000-service benchmark file packs 15,000).
pub const MAX_CONTAINERS: usize = 20_000;

/// Most stages of one scenario: 1,000 (a stage a month for 80 years).
pub const MAX_STAGES: usize = 1_000;

/// Longest name a user gives, in characters: 200. Names (of the scenario, its
/// services, stages, options, APIs and add-ons, and the sizes, plans, regions and
/// providers they choose) are shown whole in table cells, chart labels, report
/// headings and messages, and a stage's name becomes a file name (most file systems
/// stop at 255 bytes). The longest in the bundled scenarios is under 50 characters;
/// a name of megabytes made a report take minutes and gigabytes.
pub const MAX_NAME_CHARS: usize = 200;

/// Deepest nesting of lists and tables (TOML, YAML, JSON): 64 (the TOML parser
/// itself stops at 80, without naming a cap).
pub const MAX_NESTING: usize = 64;

/// Reads a text file: an unreadable file names `what` ("the scenario"); bytes that
/// are not UTF-8 are an error at their line and column, naming the byte offset.
/// The file is read as [`read_bytes`] reads it: with the size cap, whatever its kind.
pub fn read_text(path: &Path, what: &str) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, what)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(e.as_bytes().get(..offset).unwrap_or_default()).to_string();
        Diagnostic::at(path, &valid, offset, format!("{what} is not UTF-8 text: byte {offset} is not part of a UTF-8 character"))
            .with_help("save the file as UTF-8")
    })
}

/// Reads a file's bytes with the size cap whatever its kind: a regular file larger
/// than [`MAX_FILE_BYTES`] is refused before it is read, and at most one byte past
/// the cap is ever read (a file that grows, `/dev/zero`). A folder, a FIFO, a device
/// or a socket named by path is refused before it is opened (opening a FIFO waits
/// for a writer; a device may never end). An open descriptor named as `/dev/fd/N`,
/// `/proc/self/fd/N` or `/dev/stdin` (a shell's `<(…)`) is read like `-`, with the cap.
pub fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::file(path, format!("cannot read {what}: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() || (!meta.is_file() && !is_descriptor(path)) {
        return Err(not_a_file(path, what, &meta.file_type()));
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    read_capped(file).map_err(cannot)?.ok_or_else(|| too_long(path))
}

/// At most [`MAX_FILE_BYTES`] bytes of `reader`; `None` when it holds more.
pub fn read_capped(reader: impl std::io::Read) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// Whether `path` names an open file descriptor (read like standard input).
fn is_descriptor(path: &Path) -> bool {
    ["/dev/fd/", "/proc/self/fd/"].iter().any(|p| path.starts_with(p)) || path == Path::new("/dev/stdin")
}

/// The error for a path that is not a regular file, at `FILE:1:1`.
fn not_a_file(path: &Path, what: &str, kind: &std::fs::FileType) -> Diagnostic {
    let (is, help) = if kind.is_dir() {
        ("a folder", "name a file in it")
    } else {
        (special_kind(kind), "save it to a regular file first, or pass it as `-` (standard input) or `/dev/fd/N`, which are read up to the 32 MiB cap")
    };
    at_start(path, format!("{what} is {is}, not a regular file")).with_help(help)
}

/// What a file that is neither a regular file nor a folder is.
#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// What a file that is neither a regular file nor a folder is.
#[cfg(not(unix))]
fn special_kind(_kind: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// The error for a text of `len` bytes past [`MAX_FILE_BYTES`].
pub fn check_text_size(path: &Path, len: usize) -> Result<(), Diagnostic> {
    if len as u64 > MAX_FILE_BYTES { Err(too_large(path, len as u64)) } else { Ok(()) }
}

fn too_large(path: &Path, len: u64) -> Diagnostic {
    at_start(path, format!("the file is {} bytes, past hostcast's cap of {MAX_FILE_BYTES} bytes (32 MiB, `MAX_FILE_BYTES`)", len))
        .with_help("split it into smaller files, or check that it is the file you meant")
}

/// The error for a stream (standard input, a descriptor) that went on past [`MAX_FILE_BYTES`].
pub fn too_long(path: &Path) -> Diagnostic {
    at_start(path, format!("the input is more than {MAX_FILE_BYTES} bytes, past hostcast's cap (32 MiB, `MAX_FILE_BYTES`); reading stopped there"))
        .with_help("split it into smaller files, or check that it is the input you meant")
}

/// The error when `count` items of `what` exceed `cap` (named `cap_name`), at the
/// byte `offset` of the first one past it.
pub fn too_many(path: &Path, text: &str, offset: usize, what: &str, count: usize, cap: usize, cap_name: &str) -> Diagnostic {
    Diagnostic::at(path, text, offset, format!("{count} {what}, past hostcast's cap of {cap} (`{cap_name}`)"))
        .with_help(format!("split the file into parts of at most {cap} {what} and price them apart"))
}

/// Whether `name` is longer than [`MAX_NAME_CHARS`] characters.
pub fn name_too_long(name: &str) -> bool {
    name.len() > MAX_NAME_CHARS && name.chars().count() > MAX_NAME_CHARS
}

/// The error for `what` ("a service name") `name` past [`MAX_NAME_CHARS`], at byte
/// `offset` of `text`.
pub fn long_name(path: &Path, text: &str, offset: usize, what: &str, name: &str) -> Diagnostic {
    let shown: String = name.chars().take(40).collect();
    let count = name.chars().count();
    Diagnostic::at(path, text, offset, format!("{what} `{shown}…` is {count} characters long, past hostcast's cap of {MAX_NAME_CHARS} (`MAX_NAME_CHARS`)"))
        .with_help("shorten it: names are shown whole in tables, charts, file names and messages")
}

/// The error for nesting past [`MAX_NESTING`] at byte `offset` of `text`.
pub fn too_deep(path: &Path, text: &str, offset: usize) -> Diagnostic {
    Diagnostic::at(path, text, offset, format!("lists or tables nested more than {MAX_NESTING} deep, past hostcast's cap (`MAX_NESTING`)"))
        .with_help("no config or scenario needs this much nesting: flatten the structure")
}

fn at_start(path: &Path, message: String) -> Diagnostic {
    Diagnostic { path: path.to_path_buf(), line: Some(1), column: Some(1), message, help: None }
}

/// Checks that no value of a TOML text nests deeper than [`MAX_NESTING`]: arrays
/// and inline tables, and the dotted parts of a `[table.header]` or a `dotted.key`.
/// Strings and comments are skipped; anything else is left to the TOML parser.
pub fn check_toml_nesting(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let b = text.as_bytes();
    let (mut i, mut depth, mut line_start, mut dots) = (0usize, 0usize, true, 0usize);
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' => {
                (line_start, dots) = (true, 0);
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => i = end_of_line(b, i),
            b'"' | b'\'' => i = end_of_string(b, i),
            b'[' if depth == 0 && line_start => {
                // a table header: its dotted parts are its nesting
                let end = end_of_line(b, i);
                if segments(b.get(i..end).unwrap_or_default()) > MAX_NESTING {
                    return Err(too_deep(path, text, i));
                }
                i = end;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(path, text, i));
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'.' => {
                dots += 1;
                if dots > MAX_NESTING {
                    return Err(too_deep(path, text, i));
                }
                i += 1;
            }
            b'=' => {
                dots = 0;
                i += 1;
            }
            _ => i += 1,
        }
        line_start = false;
    }
    Ok(())
}

/// Checks that no value of a JSON text nests deeper than [`MAX_NESTING`] (the JSON
/// reader would stop at 128 with a message that names no cap).
pub fn check_json_nesting(path: &Path, text: &str) -> Result<(), Diagnostic> {
    check_flow_nesting(path, text, 0, 0)
}

/// Checks that the brackets of `text` from byte `from` on, `depth` levels deep
/// already, nest no deeper than [`MAX_NESTING`] (strings in `"` skipped).
pub fn check_flow_nesting(path: &Path, text: &str, from: usize, depth: usize) -> Result<(), Diagnostic> {
    let b = text.as_bytes();
    let (mut i, mut depth) = (from, depth);
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                i = end_of_string(b, i);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(path, text, i));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// The byte after the line that byte `i` is on (at its `\n`).
fn end_of_line(b: &[u8], i: usize) -> usize {
    b.get(i..).and_then(|r| r.iter().position(|&c| c == b'\n')).map(|p| i + p).unwrap_or(b.len())
}

/// The byte after the string that starts at byte `i` (`"`, `'`, `"""` or `'''`).
fn end_of_string(b: &[u8], i: usize) -> usize {
    let q = b.get(i).copied().unwrap_or(b'"');
    let triple = b.get(i..i + 3).is_some_and(|t| t.iter().all(|&c| c == q));
    let mut j = if triple { i + 3 } else { i + 1 };
    while let Some(&c) = b.get(j) {
        if c == b'\\' && q == b'"' {
            j += 2;
            continue;
        }
        if c == b'\n' && !triple {
            return j;
        }
        if c == q && (!triple || b.get(j..j + 3).is_some_and(|t| t.iter().all(|&x| x == q))) {
            return j + if triple { 3 } else { 1 };
        }
        j += 1;
    }
    b.len()
}

/// Dotted parts of a table header line (dots inside quotes not counted).
fn segments(line: &[u8]) -> usize {
    let (mut n, mut quote) = (1usize, None);
    for &c in line {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'.') => n += 1,
            (None, b'#') => break,
            _ => {}
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nesting(text: &str) -> Result<(), Diagnostic> {
        check_toml_nesting(Path::new("t.toml"), text)
    }

    #[test]
    fn real_toml_passes_the_nesting_check() {
        let text = "# a [comment {\n[a.b]\nx = [[1, 2], { y = \"]]]\" }]\n'q.r' = '[[['\ns = \"\"\"\n[[[\n\"\"\"\n[[c]]\n";
        assert!(nesting(text).is_ok());
        for f in ["scenarios", "pricing"] {
            for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).into_iter().flatten().flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    assert!(check_toml_nesting(&e.path(), &t).is_ok(), "{}", e.path().display());
                }
            }
        }
    }

    #[test]
    fn deep_json_is_a_located_error_and_strings_do_not_count() {
        let p = Path::new("out.json");
        assert!(check_json_nesting(p, &format!("{{\"a\": \"{}\"}}", "[".repeat(100))).is_ok());
        let e = check_json_nesting(p, &format!("\n{}", "[".repeat(100))).expect_err("too deep");
        assert_eq!((e.line, e.column), (Some(2), Some(MAX_NESTING + 1)));
        assert!(e.message.contains("MAX_NESTING"));
    }

    #[test]
    fn oversized_text_names_the_cap() {
        let e = check_text_size(Path::new("big.yml"), MAX_FILE_BYTES as usize + 1).expect_err("too large");
        assert_eq!((e.line, e.column), (Some(1), Some(1)));
        assert!(e.message.contains("MAX_FILE_BYTES"), "{e}");
        assert!(check_text_size(Path::new("ok.yml"), 1000).is_ok());
    }

    #[test]
    fn deep_toml_is_a_located_error_naming_the_cap() {
        let deep = format!("a = 1\nx = {}{}\n", "[".repeat(100), "]".repeat(100));
        let e = nesting(&deep).expect_err("too deep");
        assert_eq!((e.line, e.column), (Some(2), Some(MAX_NESTING + 5)));
        assert!(e.message.contains("MAX_NESTING"), "{e}");
        let header = format!("[{}]\n", vec!["a"; 100].join("."));
        assert_eq!(nesting(&header).expect_err("deep header").line, Some(1));
        let dotted = format!("{} = 1\n", vec!["a"; 100].join("."));
        assert!(nesting(&dotted).is_err());
    }
}

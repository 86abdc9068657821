//! Reading the user's files, where `-` stands for standard input (read once, and
//! named `<stdin>` in located messages), and the notes written to standard error
//! unless `-q/--quiet` was given.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use crate::error::{Diagnostic, Exit};
use crate::scenario::Scenario;

/// How standard input is named in messages.
pub const STDIN: &str = "<stdin>";

static QUIET: AtomicBool = AtomicBool::new(false);
static STDIN_READ: AtomicBool = AtomicBool::new(false);

/// With `-q/--quiet`: no warnings or notes on standard error from now on.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Writes `warning: MESSAGE` to standard error, unless quiet.
pub fn warn(message: impl std::fmt::Display) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(std::io::stderr(), "warning: {}", crate::report::table::plain(&message.to_string()));
    }
}

/// Writes a note (what was written where) to standard error, unless quiet.
pub fn note(message: impl std::fmt::Display) {
    if !QUIET.load(Ordering::Relaxed) {
        let _ = writeln!(std::io::stderr(), "{}", crate::report::table::plain(&message.to_string()));
    }
}

/// Whether a file argument is `-`, standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name a file goes by in messages: `<stdin>` for `-`.
pub fn shown(path: &Path) -> PathBuf {
    if is_stdin(path) { PathBuf::from(STDIN) } else { path.to_path_buf() }
}

/// All of standard input as text; a second `-` on one command line is a usage error.
pub fn stdin_text() -> Result<String> {
    if STDIN_READ.swap(true, Ordering::Relaxed) {
        return Err(Exit::usage("`-` (standard input) is given twice: it can be read only once").into());
    }
    // at most one byte past the cap is read: enough to refuse it
    let bytes = crate::limits::read_capped(std::io::stdin())
        .map_err(|e| Diagnostic::file(Path::new(STDIN), format!("cannot read standard input: {e}")))?
        .ok_or_else(|| crate::limits::too_long(Path::new(STDIN)))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).to_string();
        Diagnostic::at(Path::new(STDIN), &text, offset, format!("standard input is not UTF-8 text: byte {offset} is not part of a UTF-8 character")).into()
    })
}

/// A file's name in messages and its text; `-` reads standard input.
pub fn read(path: &Path, what: &str) -> Result<(PathBuf, String)> {
    if is_stdin(path) {
        return Ok((PathBuf::from(STDIN), stdin_text()?));
    }
    let text = crate::limits::read_text(path, &format!("the {what}"))?;
    Ok((path.to_path_buf(), text))
}

/// Loads a scenario file, or one from standard input for `-` (its slug is `stdin`).
pub fn scenario(path: &Path) -> Result<Scenario> {
    if !is_stdin(path) {
        let text = crate::limits::read_text(path, "the scenario")?;
        if !text.lines().any(|l| l.trim() == "[scenario]")
            && let Some(format) = config_format(path, &text)
        {
            return Err(Diagnostic::at(path, "", 0, format!("this is a {} config, not a hostcast scenario (it has no `[scenario]` table)", format.label()))
                .with_help(format!(
                    "price it with `hostcast estimate {0}`, or write a scenario from it with `hostcast import {0} -o scenario.toml`",
                    path.display()
                ))
                .into());
        }
        return Ok(Scenario::parse(path, text)?);
    }
    let mut s = Scenario::parse(Path::new(STDIN), stdin_text()?)?;
    s.slug = "stdin".into();
    Ok(s)
}

/// The platform format of a file given as a scenario: by its name (`fly.toml`,
/// `render.yaml`…) or, for a file not named `.toml`, by its content.
fn config_format(path: &Path, text: &str) -> Option<crate::import::Format> {
    let toml = path.extension().is_some_and(|x| x == "toml");
    let fly_named = path.file_name().is_some_and(|n| n.to_string_lossy().to_lowercase().starts_with("fly"));
    crate::import::detect(path, text).filter(|_| !toml || fly_named)
}

/// Loads every scenario named (see [`scenario`]).
pub fn scenarios(paths: &[PathBuf]) -> Result<Vec<Scenario>> {
    paths.iter().map(|p| scenario(p)).collect()
}

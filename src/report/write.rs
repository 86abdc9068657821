//! The one place that writes report folders, atomically, one or many at once.
//!
//! Every folder is built whole in a temporary folder beside its target
//! (`.<name>.new-<pid>`). Then a marker file (`.hostcast-report-pending`) lists the
//! swaps, and one quick pass renames each old folder aside (`.<name>.old-<pid>`) and the
//! new one into place; the old folders are removed and the marker last. Until the
//! marker exists, no report is touched; while it exists, every folder is whole, old or
//! new, and the next run ([`recover`]) finishes the swaps it lists and removes what a
//! killed run left. A failing run changes no report.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The marker file of a pass of renames under way, in the output folder.
pub const MARKER: &str = ".hostcast-report-pending";

/// One folder to write: its name in the output folder and its files (name, bytes).
pub type Folder = (String, Vec<(String, Vec<u8>)>);

/// Replaces the folder `target` with one holding `files` (name relative to the
/// folder, bytes).
pub fn replace_dir(target: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().and_then(|n| n.to_str()).context("a report folder needs a name")?;
    replace_dirs(parent, &[(name.to_string(), files.to_vec())])
}

/// Replaces the folders `folders` (by name) inside `out`, all or none.
pub fn replace_dirs(out: &Path, folders: &[Folder]) -> Result<()> {
    fs_err::create_dir_all(out)?;
    let _lock = lock(out)?;
    recover(out)?;
    for (name, _) in folders {
        if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) || Path::new(name).components().count() != 1 {
            bail!("`{name}` cannot be a report folder name inside `{}`", out.display());
        }
    }
    let pid = std::process::id();
    let mut built: Vec<(PathBuf, PathBuf, PathBuf)> = Vec::new();
    for (name, files) in folders {
        let new = out.join(format!(".{name}.new-{pid}"));
        let written = write_folder(&new, files);
        built.push((out.join(name), new, out.join(format!(".{name}.old-{pid}"))));
        if let Err(e) = written {
            for (_, new, _) in &built {
                let _ = fs_err::remove_dir_all(new);
            }
            return Err(e);
        }
    }
    let marker: String = built.iter().map(|(t, n, o)| format!("{}\t{}\t{}\n", file(t), file(n), file(o))).collect();
    write_atomic(&out.join(MARKER), marker.as_bytes())?;
    for (target, new, aside) in &built {
        if target.exists() {
            fs_err::rename(target, aside)?;
        }
        fs_err::rename(new, target)?;
    }
    for (_, _, aside) in &built {
        if aside.exists() {
            fs_err::remove_dir_all(aside)?;
        }
    }
    fs_err::remove_file(out.join(MARKER))?;
    Ok(())
}

/// Finishes what a killed run left in `out`: the swaps its marker lists are completed
/// (a new folder moved into place, the old one removed; an old folder whose new one
/// is gone moved back), then stray `.NAME.new-PID` / `.NAME.old-PID` folders of report
/// runs are removed.
///
/// The marker is read back, so it is not trusted: every line must name a plain folder
/// name `NAME` and the two entries this program makes for it (`.NAME.new-PID`,
/// `.NAME.old-PID`, one PID), and every entry it names that exists must be a real
/// folder (no link) inside `out`. A marker that fails any check is an error at its
/// line and column, and nothing is touched.
pub fn recover(out: &Path) -> Result<()> {
    let marker = out.join(MARKER);
    match std::fs::symlink_metadata(&marker) {
        Ok(m) if m.is_file() => {
            let text = crate::limits::read_text(&marker, "the report folder's pending-swap marker")?;
            let swaps = check_marker(out, &marker, &text)?;
            for swap in &swaps {
                finish_swap(out, swap)?;
            }
            fs_err::remove_file(&marker)?;
        }
        Ok(_) => {
            return Err(crate::error::Diagnostic::file(&marker, "the pending-swap marker is not a regular file; nothing was touched")
                .with_help("remove it by hand once you have checked what it is; hostcast only ever writes a plain file there")
                .into());
        }
        Err(_) => {}
    }
    for entry in fs_err::read_dir(out)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if run_folder(&name).is_some() && entry.file_type()?.is_dir() {
            fs_err::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// One swap a marker line lists: the report folder and its new and old entries.
struct Swap {
    target: String,
    new: String,
    aside: String,
}

/// Checks every line of the marker before anything is moved.
fn check_marker(out: &Path, path: &Path, text: &str) -> Result<Vec<Swap>> {
    let mut swaps = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            continue;
        }
        let refuse = |column: usize, why: String| -> anyhow::Error {
            crate::error::Diagnostic::at(path, text, at + column, format!("the pending-swap marker is not one hostcast wrote: {why}; nothing was touched"))
                .with_help(format!(
                    "each line names a report folder and its `.NAME.new-PID` and `.NAME.old-PID` entries inside `{}`; remove the marker by hand once you have checked the folder",
                    out.display()
                ))
                .into()
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [target, new, aside] = fields[..] else {
            return Err(refuse(0, format!("a line has {} tab-separated fields, not 3", fields.len())));
        };
        if !plain_name(target) {
            return Err(refuse(0, format!("`{}` is not a plain folder name", target.escape_debug())));
        }
        let column = target.len() + 1;
        let pid = match run_folder(new) {
            Some((name, "new", pid)) if name == target => pid,
            _ => return Err(refuse(column, format!("`{}` is not the new folder of `{target}` (`.{target}.new-PID`)", new.escape_debug()))),
        };
        if aside != format!(".{target}.old-{pid}") {
            return Err(refuse(column + new.len() + 1, format!("`{}` is not the old folder `.{target}.old-{pid}`", aside.escape_debug())));
        }
        for name in [target, new, aside] {
            if let Ok(m) = std::fs::symlink_metadata(out.join(name))
                && !m.is_dir()
            {
                return Err(refuse(0, format!("`{name}` in the output folder is not a folder (a file or a link)")));
            }
        }
        swaps.push(Swap { target: target.to_string(), new: new.to_string(), aside: aside.to_string() });
    }
    Ok(swaps)
}

/// Completes one checked swap.
fn finish_swap(out: &Path, swap: &Swap) -> Result<()> {
    let (target, new, aside) = (out.join(&swap.target), out.join(&swap.new), out.join(&swap.aside));
    if new.is_dir() {
        if target.exists() && !aside.exists() {
            fs_err::rename(&target, &aside)?;
        }
        fs_err::rename(&new, &target)?;
    } else if aside.is_dir() && !target.exists() {
        fs_err::rename(&aside, &target)?;
    }
    if aside.is_dir() {
        fs_err::remove_dir_all(&aside)?;
    }
    Ok(())
}

/// A name a report folder may have: not empty, no separator, not hidden, no control
/// character.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
        && Path::new(name).components().count() == 1
}

/// `.NAME.new-PID` or `.NAME.old-PID` as this program names its entries: the folder
/// name, `new` or `old`, and the PID digits.
fn run_folder(entry: &str) -> Option<(&str, &str, &str)> {
    let rest = entry.strip_prefix('.')?;
    let (head, pid) = rest.rsplit_once('-')?;
    let (name, kind) = head.rsplit_once('.')?;
    let ok = plain_name(name) && matches!(kind, "new" | "old") && !pid.is_empty() && pid.len() <= 10 && pid.bytes().all(|b| b.is_ascii_digit());
    ok.then_some((name, kind, pid))
}

/// An advisory lock on the output folder, held while a run writes into it: a second
/// run into the same folder waits for the first, and says so, instead of removing
/// its temporary folders. The lock goes when the guard is dropped (or the process
/// ends, however it ends).
pub struct FolderLock {
    _file: std::fs::File,
}

/// Takes the lock on `out` (a folder that exists), waiting while another run holds it.
pub fn lock(out: &Path) -> Result<FolderLock> {
    // the folder itself is locked on Unix; elsewhere a folder cannot be opened as a
    // file, so a lock file inside it stands for it
    #[cfg(unix)]
    let file = std::fs::File::open(out);
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(out.join(".hostcast-report.lock"));
    let file = file.with_context(|| format!("opening `{}` to lock it", out.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            let _ = writeln!(std::io::stderr(), "waiting for another hostcast run that is writing reports into `{}`", out.display());
            file.lock().with_context(|| format!("locking `{}`", out.display()))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e).with_context(|| format!("locking `{}`", out.display())),
    }
    Ok(FolderLock { _file: file })
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// Writes what `write` writes to `path` through a temporary file beside it (buffered)
/// and a rename: a failed or interrupted write leaves the old file as it was.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut std::io::BufWriter<tempfile::NamedTempFile>) -> std::io::Result<()>) -> Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(parent).with_context(|| format!("creating a temporary file in `{}`", parent.display()))?;
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp);
    write(&mut buffered).and_then(|()| buffered.flush()).with_context(|| format!("writing `{}`", path.display()))?;
    let tmp = buffered.into_inner().map_err(|e| e.into_error()).with_context(|| format!("writing `{}`", path.display()))?;
    tmp.persist(path).with_context(|| format!("writing `{}`", path.display()))?;
    Ok(())
}

fn write_folder(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    if dir.exists() {
        fs_err::remove_dir_all(dir)?;
    }
    fs_err::create_dir_all(dir)?;
    for (file, bytes) in files {
        let path = dir.join(file);
        if let Some(d) = path.parent() {
            fs_err::create_dir_all(d)?;
        }
        fs_err::write(&path, bytes)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs_err::set_permissions(dir, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

fn file(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

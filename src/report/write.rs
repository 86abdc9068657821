//! The one place that writes report folders, atomically, one or many at once.
//!
//! Every folder is built whole in a temporary folder beside its target
//! (`.<name>.new-<pid>`). Then a marker file (`.hostcast-report-pending`) lists the
//! swaps, and one quick pass renames each old folder aside (`.<name>.old-<pid>`) and the
//! new one into place; the old folders are removed and the marker last. Until the
//! marker exists, no report is touched; while it exists, every folder is whole, old or
//! new, and the next run ([`recover`]) finishes the swaps it lists and removes what a
//! killed run left. A failing run changes no report.

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
/// is gone moved back), then stray `.NAME.new-*` / `.NAME.old-*` folders of report
/// runs are removed.
pub fn recover(out: &Path) -> Result<()> {
    let marker = out.join(MARKER);
    if marker.is_file() {
        let text = fs_err::read_to_string(&marker)?;
        for line in text.lines() {
            let mut parts = line.split('\t');
            let (Some(t), Some(n), Some(o)) = (parts.next(), parts.next(), parts.next()) else { continue };
            let (target, new, aside) = (out.join(t), out.join(n), out.join(o));
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
        }
        fs_err::remove_file(&marker)?;
    }
    for entry in fs_err::read_dir(out)? {
        let path = entry?.path();
        let name = file(&path);
        if path.is_dir() && name.starts_with('.') && (name.contains(".new-") || name.contains(".old-")) {
            fs_err::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| std::io::Write::write_all(w, bytes))
}

/// Writes what `write` writes to `path` through a temporary file beside it (buffered)
/// and a rename: a failed or interrupted write leaves the old file as it was.
pub fn write_atomic_with(path: &Path, write: impl FnOnce(&mut std::io::BufWriter<tempfile::NamedTempFile>) -> std::io::Result<()>) -> Result<()> {
    use std::io::Write as _;
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

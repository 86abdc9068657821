//! The one place that writes a report folder, atomically.
//!
//! The whole folder is built in a temporary folder beside the target, then renamed
//! into place: an existing report is first renamed aside, the new one renamed in,
//! and the old one removed. A failing or interrupted run never leaves half a report
//! at the target: until the first rename the old report is untouched (a leftover
//! `.<name>.new-*` folder at worst); between the two renames, a moment, the old
//! report waits whole as `.<name>.old-<pid>` beside it.

use std::path::Path;

use anyhow::{Context, Result};

/// Replaces the folder `target` with one holding `files` (name relative to the
/// folder, bytes).
pub fn replace_dir(target: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().and_then(|n| n.to_str()).context("a report folder needs a name")?;
    fs_err::create_dir_all(parent)?;
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(parent)
        .with_context(|| format!("creating a temporary folder in `{}`", parent.display()))?;
    for (file, bytes) in files {
        let path = tmp.path().join(file);
        if let Some(dir) = path.parent() {
            fs_err::create_dir_all(dir)?;
        }
        fs_err::write(&path, bytes)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs_err::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    let aside = parent.join(format!(".{name}.old-{}", std::process::id()));
    if aside.exists() {
        fs_err::remove_dir_all(&aside)?;
    }
    let had_old = target.exists();
    if had_old {
        fs_err::rename(target, &aside)?;
    }
    let new = tmp.keep();
    if let Err(e) = fs_err::rename(&new, target) {
        if had_old {
            let _ = fs_err::rename(&aside, target);
        }
        let _ = fs_err::remove_dir_all(&new);
        return Err(e.into());
    }
    if had_old {
        fs_err::remove_dir_all(&aside)?;
    }
    Ok(())
}

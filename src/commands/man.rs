//! `hostcast completions SHELL` and `hostcast man`: the shell completion script and
//! the man pages, generated from the command-line definitions themselves.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};

/// Writes the completion script of `args.shell` to `out`.
pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Result<()> {
    let mut cmd = Cli::command();
    // into a buffer first: the generator panics on a closed pipe, a write here does not
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "hostcast", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// Writes the main man page (roff) to `out`, or with `-o DIR` one page per command
/// (`hostcast.1`, `hostcast-compare.1`, `hostcast-pricing-check.1`, …) into `DIR`.
pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<()> {
    let cmd = Cli::command();
    match &args.output {
        None => {
            clap_mangen::Man::new(cmd).render(out)?;
            Ok(())
        }
        Some(dir) => {
            fs_err::create_dir_all(dir)?;
            let mut written = Vec::new();
            write_pages(cmd, dir, &mut written)?;
            for path in &written {
                super::input::note(format!("wrote {}", path.display()));
            }
            Ok(())
        }
    }
}

/// Writes the page of `cmd`, then those of its subcommands, named by the command path.
fn write_pages(cmd: clap::Command, dir: &Path, written: &mut Vec<std::path::PathBuf>) -> Result<()> {
    let cmd = cmd.disable_help_subcommand(true);
    let name = cmd.get_display_name().unwrap_or_else(|| cmd.get_name()).to_string();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut page)?;
    let path = dir.join(format!("{name}.1"));
    crate::report::write::write_atomic(&path, &page).with_context(|| format!("writing {}", path.display()))?;
    written.push(path);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let sub = sub.clone().display_name(format!("{name}-{}", sub.get_name())).bin_name(format!(
            "{} {}",
            cmd.get_bin_name().unwrap_or(&name).replace('-', " "),
            sub.get_name()
        ));
        write_pages(sub, dir, written)?;
    }
    Ok(())
}

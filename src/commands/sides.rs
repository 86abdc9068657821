//! The two sides a `diff` or a budget baseline compares: each a scenario, a set of
//! deployment configs (comma-separated), or a saved JSON output of hostcast.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::{CheckArgs, ConfigArgs};
use crate::error::Diagnostic;
use crate::pricing::Prices;
use crate::scenario::Scenario;
use crate::simulate::{self, Filter, Results, SCHEMA_VERSION};

/// Reads a saved JSON output of `compare --format json` (or `output --format json`).
pub fn read_json(path: &Path) -> Result<Results> {
    crate::limits::check_file_size(path)?;
    let text = fs_err::read_to_string(path)?;
    crate::limits::check_json_nesting(path, &text)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Diagnostic::at(path, &text, offset(&text, e.line(), e.column()), format!("not JSON: {e}")))?;
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(SCHEMA_VERSION) => {}
        Some(1) => bail!(
            "{}: schema_version 1 (hostcast before the bill was split into hosting, APIs and team time) cannot be read: price its scenario again",
            path.display()
        ),
        Some(v) => bail!("{}: schema_version {v} is newer than this hostcast reads ({SCHEMA_VERSION}): use a newer hostcast", path.display()),
        None => bail!("{}: no `schema_version`: not a saved hostcast output (`compare --format json`)", path.display()),
    }
    serde_json::from_value(value).map_err(|e| {
        Diagnostic::file(path, format!("not a hostcast results file: {e}")).with_help("save one with `hostcast compare SCENARIO --format json -o FILE`").into()
    })
}

/// Byte offset of a 1-based line and column, for locating a JSON error.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// Prices one side: `spec` is a `.json` results file, a scenario, or configs (`a,b,c`).
pub fn load(spec: &str, prices: &Prices, check: &CheckArgs) -> Result<Results> {
    let files: Vec<PathBuf> = spec.split(',').filter(|s| !s.trim().is_empty()).map(|s| PathBuf::from(s.trim())).collect();
    let [first, ..] = files.as_slice() else { bail!("an empty side: give a scenario, configs or a saved JSON") };
    if files.len() == 1 && first.extension().is_some_and(|x| x == "json") && first.file_name().is_none_or(|n| n != "vercel.json") {
        return read_json(first);
    }
    let today = super::today(check)?;
    let scenario = if files.len() == 1 && is_scenario(first)? {
        Scenario::load(first)?
    } else {
        let args = ConfigArgs { files: files.clone(), kind: None, env_file: None };
        let (_, emitted) = super::import::load(&args, prices)?;
        let name = first.with_extension("scenario.toml");
        super::import::check(&name, &emitted)?
    };
    let mut results = simulate::run(std::slice::from_ref(&scenario), prices, &Filter::default())?;
    super::flag_stale(&mut results, &today, check);
    Ok(results)
}

/// Whether a file is a hostcast scenario (it has a `[scenario]` table), not a platform config.
fn is_scenario(path: &Path) -> Result<bool> {
    if path.extension().is_none_or(|x| x != "toml") {
        return Ok(false);
    }
    crate::limits::check_file_size(path)?;
    let text = fs_err::read_to_string(path).with_context(|| format!("reading `{}`", path.display()))?;
    Ok(text.lines().any(|l| l.trim() == "[scenario]"))
}

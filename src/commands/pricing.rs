//! `hostcast pricing`: the price books in use, where each came from (embedded, a
//! folder, a fetched file, overlays), their dates (`as_of`, the newest price
//! evidence; `checked`, the last comparison with the sources), ages from `checked`,
//! month basis and sizes, and every secondary source listed as such. A book past
//! its age is a warning; `pricing check --fail-stale` makes it exit 5 (for CI).
//! `fetch`, `update`, `rollback` and `diff` manage and compare books.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Table};

use crate::cli::{PricingAction, PricingArgs};
use crate::error::Exit;
use crate::pricing::{Prices, diff, fetch};

/// Runs `pricing` (or one of its subcommands), writing to `out`.
pub fn run(args: &PricingArgs, out: &mut dyn Write) -> Result<()> {
    let today = crate::dates::today(args.today.as_deref()).map_err(Exit::usage)?;
    match &args.action {
        None => {
            let prices = super::load_prices(&args.prices)?;
            list(&prices, &today, args.max_age_days, out)?;
            Ok(())
        }
        Some(PricingAction::Check { fail_stale }) => {
            let prices = super::load_prices(&args.prices)?;
            let stale = list(&prices, &today, args.max_age_days, out)?;
            if *fail_stale && !stale.is_empty() {
                return Err(Exit { code: 5, message: format!("price books checked more than {} days ago: {}", args.max_age_days, stale.join(", ")) }.into());
            }
            Ok(())
        }
        Some(PricingAction::Fetch { urls, into, timeout, max_bytes }) => run_fetch(urls, &folder(into.as_deref())?, &today, limits(*timeout, *max_bytes), out),
        Some(PricingAction::Update { index, into, timeout, max_bytes }) => {
            let index = index.clone().or_else(|| std::env::var("HOSTCAST_PRICING_INDEX").ok().filter(|v| !v.trim().is_empty()));
            let Some(index) = index else { bail!("pricing update: no index: pass `--index URL` or set `HOSTCAST_PRICING_INDEX`") };
            let books = crate::pricing::index::fetch_all(&index, &today, limits(*timeout, *max_bytes))
                .map_err(|e| anyhow!("pricing update failed, nothing was changed: {e}"))?;
            install(&books, &folder(into.as_deref())?, out)
        }
        Some(PricingAction::Rollback { provider, into }) => {
            let dir = folder(into.as_deref())?;
            let path = fetch::rollback(&dir, provider).map_err(|e| anyhow!("pricing rollback {provider} failed, nothing was changed: {e}"))?;
            writeln!(out, "restored {} from {}", path.display(), fetch::prev_path(&path).display())?;
            Ok(())
        }
        Some(PricingAction::Diff { old, new }) => {
            let text = diff::render(&diff::diff(&load_side(old)?, &load_side(new)?));
            out.write_all(text.as_bytes())?;
            Ok(())
        }
    }
}

/// A download's limits: `timeout` seconds in all, at most 10 of them to connect.
fn limits(timeout: u64, max_bytes: u64) -> fetch::Limits {
    fetch::Limits { connect: Duration::from_secs(timeout.clamp(1, 10)), total: Duration::from_secs(timeout), max_bytes }
}

/// `--into`, else the user's data folder.
fn folder(into: Option<&Path>) -> Result<PathBuf> {
    match into {
        Some(d) => Ok(d.to_path_buf()),
        None => crate::pricing::layers::data_dir().ok_or_else(|| anyhow!("no data folder: set XDG_DATA_HOME or HOME, or pass `--into DIR`")),
    }
}

/// Downloads and validates every book, then installs them all; a failure changes nothing.
fn run_fetch(urls: &[String], dir: &Path, today: &str, limits: fetch::Limits, out: &mut dyn Write) -> Result<()> {
    for url in urls {
        fetch::check_url(url).map_err(|e| anyhow!("pricing fetch failed, nothing was changed: {e}"))?;
    }
    let mut books = Vec::new();
    for url in urls {
        let f = fetch::fetch(url, today, limits).map_err(|e| anyhow!("pricing fetch failed, nothing was changed: {e}"))?;
        if let Some(other) = books.iter().find(|b: &&fetch::Fetched| b.file_name == f.file_name || b.book.provider == f.book.provider) {
            bail!("pricing fetch failed, nothing was changed: `{}` and `{}` are both the `{}` book", other.url, f.url, f.book.provider);
        }
        books.push(f);
    }
    install(&books, dir, out)
}

/// Installs validated books into `dir` and says what was written.
fn install(books: &[fetch::Fetched], dir: &Path, out: &mut dyn Write) -> Result<()> {
    let written = fetch::install(dir, books).map_err(|e| anyhow!("pricing fetch: writing into {}: {e}", dir.display()))?;
    for (path, f) in written.iter().zip(books) {
        writeln!(out, "installed {} ({}, as of {}) from {}", path.display(), f.book.provider, f.book.as_of_text(), f.url)?;
    }
    Ok(())
}

/// A book file or a folder of books, for `diff`.
fn load_side(path: &Path) -> Result<Prices> {
    if path.is_dir() {
        return Ok(Prices::load_dir(path)?);
    }
    crate::limits::check_file_size(path)?;
    let text = fs_err::read_to_string(path)?;
    let mut prices = Prices::empty();
    prices.add(Path::new(&crate::pricing::shown_path(path)), &text)?;
    Ok(prices)
}

/// Writes the table of books and the warnings; returns the stale books.
fn list(prices: &Prices, today: &str, max_age_days: u32, out: &mut dyn Write) -> Result<Vec<String>> {
    let now = crate::dates::day_number(today).unwrap_or_default();
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header(vec!["Provider", "Price book", "File", "From", "As of", "Checked", "Age (days)", "Month", "Entries", "Sources", "Secondary"]);
    let mut stale = Vec::new();
    let mut secondary = Vec::new();
    for info in prices.infos() {
        let Some(book) = prices.book(&info.provider) else { continue };
        let days = crate::dates::day_number(&info.checked).map(|d| now - d);
        for id in &info.secondary_sources {
            if let Some(s) = book.sources.get(id) {
                secondary.push(format!("  {}#{id} (secondary): {} — {}", info.path, s.url, s.reason.as_deref().unwrap_or("")));
            }
        }
        if days.is_some_and(|d| d > max_age_days as i64) {
            stale.push(format!("{} ({} days)", info.path, days.unwrap_or_default()));
        }
        let entries = book.sizes.len() + book.plans.len() + book.postgres.len() + book.redis.len() + book.rates.len() + book.to_usd.len();
        let from = prices.origin(&info.provider).map(|o| o.label()).unwrap_or_default();
        t.add_row(vec![
            Cell::new(&info.provider),
            Cell::new(&info.title),
            Cell::new(&info.path),
            Cell::new(from),
            Cell::new(&info.as_of),
            Cell::new(&info.checked),
            Cell::new(days.map(|d| d.to_string()).unwrap_or_else(|| "?".into())).set_alignment(CellAlignment::Right),
            Cell::new(&info.month_basis),
            Cell::new(entries).set_alignment(CellAlignment::Right),
            Cell::new(book.sources.len()).set_alignment(CellAlignment::Right),
            Cell::new(info.secondary_sources.len()).set_alignment(CellAlignment::Right),
        ]);
    }
    writeln!(out, "{t}")?;
    if !secondary.is_empty() {
        writeln!(out, "Secondary sources (not the vendor's own text):")?;
        for line in &secondary {
            writeln!(out, "{line}")?;
        }
    }
    if !stale.is_empty() {
        eprintln!("warning: price books checked more than {max_age_days} days before {today}: {}; re-check them against their sources", stale.join(", "));
    }
    Ok(stale)
}

//! `hostcast pricing`: the price books in use, where each came from (embedded, a
//! folder, a fetched file, overlays), their dates (`as_of`, the newest price
//! evidence; `checked`, the last comparison with the sources), ages from `checked`,
//! month basis and sizes, and every secondary source listed as such. A book past
//! its age is a warning; `pricing check --fail-stale` makes it exit 5 (for CI).
//! `fetch`, `update`, `rollback` and `diff` manage and compare books.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{PricingAction, PricingArgs};
use crate::error::Exit;
use crate::pricing::{Prices, diff, fetch};
use crate::report::Format;
use crate::report::grid::Grid;
use anyhow::{Result, anyhow, bail};

/// Runs `pricing` (or one of its subcommands), writing to `out`.
pub fn run(args: &PricingArgs, out: &mut dyn Write) -> Result<()> {
    let today = crate::dates::today(args.today.as_deref()).map_err(Exit::usage)?;
    match &args.action {
        None => {
            let prices = super::load_prices(&args.prices)?;
            list(&prices, &today, args.max_age_days, args.format, out)?;
            Ok(())
        }
        Some(PricingAction::Check { fail_stale }) => {
            let prices = super::load_prices(&args.prices)?;
            let stale = list(&prices, &today, args.max_age_days, args.format, out)?;
            if *fail_stale && !stale.is_empty() {
                return Err(Exit { code: 5, message: format!("price books checked more than {} days ago: {}", args.max_age_days, stale.join(", ")) }.into());
            }
            Ok(())
        }
        Some(PricingAction::Fetch { urls, into, timeout, max_bytes }) => run_fetch(urls, &folder(into.as_deref())?, &today, limits(*timeout, *max_bytes), out),
        Some(PricingAction::Update { index, into, timeout, max_bytes }) => {
            let index = crate::pricing::index::index_url(index.as_deref(), |k| std::env::var(k).ok());
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
            let changes = diff::diff(&load_side(old)?, &load_side(new)?);
            let text = match args.format {
                Format::Table => diff::render(&changes),
                Format::Json => changes_json(&changes)?,
                f => changes_grid(&changes).render(f),
            };
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

/// A book file or a folder of books, for `diff`; `-` reads a book from standard input.
fn load_side(path: &Path) -> Result<Prices> {
    if path.is_dir() {
        return Ok(Prices::load_dir(path)?);
    }
    let (shown, text) = super::input::read(path, "price book")?;
    let shown = if super::input::is_stdin(path) { shown } else { PathBuf::from(crate::pricing::shown_path(path)) };
    let mut prices = Prices::empty();
    prices.add(&shown, &text)?;
    Ok(prices)
}

/// Price changes as JSON: `{schema_version, changes: [{provider, entry, old, new, change_pct}]}`.
fn changes_json(changes: &[diff::Change]) -> Result<String> {
    let rows: Vec<serde_json::Value> =
        changes.iter().map(|c| serde_json::json!({"provider": c.provider, "entry": c.entry, "old": c.old, "new": c.new, "change_pct": c.percent()})).collect();
    let mut s = crate::json::to_string_pretty(&serde_json::json!({"schema_version": crate::results::SCHEMA_VERSION, "changes": rows}))?;
    s.push('\n');
    Ok(s)
}

/// Price changes as a grid, for CSV and Markdown.
fn changes_grid(changes: &[diff::Change]) -> Grid {
    let mut g = Grid::new(&["provider", "entry", "old", "new", "change_pct"], &["old", "new", "change_pct"]);
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for c in changes {
        g.push(vec![c.provider.clone(), c.entry.clone(), num(c.old), num(c.new), c.percent().map(|p| format!("{p:.2}")).unwrap_or_default()]);
    }
    g
}

/// Writes the list of books in `format` and the warnings; returns the stale books.
fn list(prices: &Prices, today: &str, max_age_days: u32, format: Format, out: &mut dyn Write) -> Result<Vec<String>> {
    let now = crate::dates::day_number(today).unwrap_or_default();
    let mut g = Grid::new(
        &["Provider", "Price book", "File", "From", "As of", "Checked", "Age (days)", "Month", "Tax", "Entries", "Sources", "Secondary"],
        &["Age (days)", "Entries", "Sources", "Secondary"],
    );
    let mut rows_json = Vec::new();
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
        let tax = book.tax.map(|t| t.as_str()).unwrap_or("unstated");
        rows_json.push(serde_json::json!({
            "provider": info.provider, "title": info.title, "path": info.path, "from": from, "as_of": info.as_of, "checked": info.checked,
            "age_days": days, "stale": days.is_some_and(|d| d > max_age_days as i64), "month_basis": info.month_basis, "tax": tax, "entries": entries,
            "sources": book.sources.len(), "secondary_sources": info.secondary_sources,
        }));
        g.push(vec![
            info.provider.clone(),
            info.title.clone(),
            info.path.clone(),
            from.to_string(),
            info.as_of.clone(),
            info.checked.clone(),
            days.map(|d| d.to_string()).unwrap_or_else(|| "?".into()),
            info.month_basis.clone(),
            tax.to_string(),
            entries.to_string(),
            book.sources.len().to_string(),
            info.secondary_sources.len().to_string(),
        ]);
    }
    match format {
        Format::Json => {
            let v =
                serde_json::json!({"schema_version": crate::results::SCHEMA_VERSION, "today": today, "max_age_days": max_age_days, "price_books": rows_json});
            writeln!(out, "{}", crate::json::to_string_pretty(&v)?)?;
        }
        Format::Table => {
            out.write_all(g.text().as_bytes())?;
            if !secondary.is_empty() {
                writeln!(out, "Secondary sources (not the vendor's own text):")?;
                for line in &secondary {
                    writeln!(out, "{line}")?;
                }
            }
        }
        f => out.write_all(g.render(f).as_bytes())?,
    }
    if !stale.is_empty() {
        super::input::warn(format!(
            "price books checked more than {max_age_days} days before {today}: {}; re-check them against their sources",
            stale.join(", ")
        ));
    }
    Ok(stale)
}

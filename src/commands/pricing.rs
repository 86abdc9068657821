//! `hostcast pricing`: the price books in use, their dates (`as_of`, the newest price
//! evidence; `checked`, the last comparison with the sources), ages from `checked`,
//! month basis and sizes, and every secondary source listed as such; a non-zero exit
//! when one is older than the limit (for CI).

use std::io::Write;

use anyhow::{Result, bail};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Table};

use crate::cli::PricingArgs;
use crate::pricing::{Prices, age};

/// Runs `pricing`, writing to `out`.
pub fn run(args: &PricingArgs, out: &mut dyn Write) -> Result<()> {
    let dir = super::pricing_dir(args.pricing.as_deref());
    let prices = Prices::load_dir(&dir)?;
    let today = match &args.today {
        Some(t) => match age::parse_day(t) {
            Some(d) => d,
            None => bail!("`--today {t}` is not a date: write it as YYYY-MM-DD"),
        },
        None => age::today(),
    };
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_header(vec!["Provider", "Price book", "File", "As of", "Checked", "Age (days)", "Month", "Entries", "Sources", "Secondary"]);
    let mut stale = Vec::new();
    let mut secondary = Vec::new();
    for info in prices.infos() {
        let Some(book) = prices.book(&info.provider) else { continue };
        let days = age::parse_day(&info.checked).map(|d| today - d);
        for id in &info.secondary_sources {
            if let Some(s) = book.sources.get(id) {
                secondary.push(format!("  {}#{id} (secondary): {} — {}", info.path, s.url, s.reason.as_deref().unwrap_or("")));
            }
        }
        if days.is_some_and(|d| d > args.max_age_days as i64) {
            stale.push(format!("{} ({} days)", info.path, days.unwrap_or_default()));
        }
        let entries = book.sizes.len() + book.plans.len() + book.postgres.len() + book.redis.len() + book.rates.len() + book.to_usd.len();
        t.add_row(vec![
            Cell::new(&info.provider),
            Cell::new(&info.title),
            Cell::new(&info.path),
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
        bail!("price books older than {} days: {}; re-check them against their sources", args.max_age_days, stale.join(", "));
    }
    Ok(())
}

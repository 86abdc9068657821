//! One file per subcommand: wiring the pipeline stages, no domain logic.

pub mod budget;
pub mod compare;
pub mod diff;
pub mod estimate;
pub mod import;
pub mod input;
pub mod man;
pub mod names;
pub mod output;
pub mod pricing;
pub mod report;
pub mod sides;

use std::path::Path;

use anyhow::Result;

use crate::cli::{CheckArgs, PriceArgs};
use crate::error::Exit;
use crate::pricing::Prices;
use crate::pricing::layers::Layers;
use crate::simulate::Results;

/// The day to run on: `--today`, else `HOSTCAST_TODAY`, else the clock (exit 2 on a bad date).
pub fn today(check: &CheckArgs) -> Result<String> {
    crate::dates::today(check.today.as_deref()).map_err(|m| Exit::usage(m).into())
}

/// Marks every result that uses a price book checked more than `--max-age-days`
/// before `today` with a caution.
pub fn flag_stale(results: &mut Results, today: &str, check: &CheckArgs) {
    crate::simulate::flag_stale_books(results, today, check.max_age_days);
}

/// After the output is written: exit 4 under `--fail-on-missing` when a total is a lower bound.
pub fn finish(results: &Results, check: &CheckArgs) -> Result<()> {
    let incomplete: Vec<String> = results.results.iter().filter(|r| !r.complete).map(|r| format!("{} at {}", r.option, r.stage)).collect();
    if check.fail_on_missing && !incomplete.is_empty() {
        let shown: Vec<&str> = incomplete.iter().take(5).map(String::as_str).collect();
        let more = if incomplete.len() > 5 { format!(" and {} more", incomplete.len() - 5) } else { String::new() };
        return Err(Exit::lower_bound(format!(
            "{} total(s) are lower bounds because a price is missing: {}{more}; add the prices (or drop `--fail-on-missing`)",
            incomplete.len(),
            shown.join(", ")
        ))
        .into());
    }
    Ok(())
}

/// Writes `text` to `-o FILE` (atomically) or to `out`.
pub fn emit(text: &str, file: Option<&Path>, out: &mut dyn std::io::Write) -> Result<()> {
    match file {
        Some(path) => crate::report::write::write_atomic(path, text.as_bytes()),
        None => Ok(out.write_all(text.as_bytes())?),
    }
}

/// Results in `format`: tables, the JSON results model, CSV line items or Markdown.
pub fn render(results: &Results, format: crate::cli::Format) -> Result<String> {
    use crate::cli::Format;
    Ok(match format {
        Format::Table => crate::report::table::render(results),
        Format::Json => crate::report::json::render(results)?,
        Format::Csv => crate::report::csv::render(results),
        Format::Markdown => crate::report::compare::markdown(results),
    })
}

/// The price books of a run: the embedded books (or the `--pricing` folders), the
/// fetched books of the user's data folder over them, then the overlays of
/// `HOSTCAST_OVERLAY` and `--overlay` in order.
pub fn load_prices(args: &PriceArgs) -> Result<Prices> {
    Ok(layers(args).load()?)
}

/// The layers named by the flags and the environment.
pub fn layers(args: &PriceArgs) -> Layers {
    let mut overlays = crate::pricing::layers::env_overlays();
    overlays.extend(args.overlays.iter().cloned());
    Layers { pricing: args.pricing.clone(), fetched: crate::pricing::layers::data_dir(), overlays }
}

/// The books priced at the day the run is for (`--today`, else `HOSTCAST_TODAY`, else
/// the clock): dated prices (LLM price histories) are read at that day.
pub fn dated(prices: crate::pricing::Prices, check: &CheckArgs) -> Result<crate::pricing::Prices> {
    Ok(prices.with_date(&today(check)?))
}

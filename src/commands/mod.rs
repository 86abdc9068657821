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
pub mod reconcile;
pub mod report;
pub mod sides;

use std::path::Path;

use anyhow::Result;

use crate::cli::{CheckArgs, MoneyArgs, PriceArgs};
use crate::error::Exit;
use crate::pricing::Prices;
use crate::pricing::layers::Layers;
use crate::results::Results;
use crate::results::model::Run;
use crate::scenario::Scenario;

/// The day to run on: `--today`, else `HOSTCAST_TODAY`, else the clock (exit 2 on a bad date).
pub fn today(check: &CheckArgs) -> Result<String> {
    crate::dates::today(check.today.as_deref()).map_err(|m| Exit::usage(m).into())
}

/// Marks every result that uses a price book checked more than `--max-age-days`
/// before `today` with a caution.
pub fn flag_stale(results: &mut Results, today: &str, check: &CheckArgs) {
    crate::results::model::flag_stale_books(results, today, check.max_age_days);
}

/// Stale books flagged as of `today` under `--max-age-days`, and nothing else.
pub fn stale_only(today: &str, check: &CheckArgs) -> Run {
    Run { stale_after: Some((today.to_string(), check.max_age_days)), ..Run::default() }
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

/// Writes results in `format` to `-o FILE` (atomically) or to `out`; JSON is written
/// as it is serialised.
pub fn write_results(results: &Results, format: crate::report::Format, file: Option<&Path>, out: &mut dyn std::io::Write) -> Result<()> {
    if !matches!(format, crate::report::Format::Json) {
        return emit(&render(results, format)?, file, out);
    }
    match file {
        Some(path) => crate::report::write::write_atomic_with(path, |w| crate::report::json::write(results, w)),
        None => {
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
            crate::report::json::write(results, &mut buffered)?;
            Ok(std::io::Write::flush(&mut buffered)?)
        }
    }
}

/// Results in `format`: tables, the JSON results model, CSV line items or Markdown.
pub fn render(results: &Results, format: crate::report::Format) -> Result<String> {
    use crate::report::Format;
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

/// The display currency of `--currency` (none: USD), from the exchange book of
/// `prices`; a code without a rate is invalid input (exit 1) naming the pair and book.
pub fn display_currency(prices: &Prices, code: Option<&str>) -> Result<Option<crate::money::DisplayCurrency>> {
    let Some(code) = code else { return Ok(None) };
    prices.display_currency(code).map_err(|m| Exit { code: 1, message: format!("--currency {code}: {m}") }.into())
}

/// Applies `--tax RATE` (`19%` or `0.19`) to every scenario (exit 2 on a bad rate).
pub fn apply_tax(scenarios: &mut [Scenario], money: &MoneyArgs) -> Result<()> {
    if let Some(rate) = tax_rate(money)? {
        for s in scenarios {
            s.set_tax(rate);
        }
    }
    Ok(())
}

/// The rate of `--tax` (exit 2 on a bad one).
pub fn tax_rate(money: &MoneyArgs) -> Result<Option<f64>> {
    let Some(text) = money.tax.as_deref() else { return Ok(None) };
    let rate =
        parse_rate(text).ok_or_else(|| Exit::usage(format!("--tax `{text}`: give a rate as a percentage (`19%`) or a fraction (`0.19`) between 0 and 1")))?;
    Ok(Some(rate))
}

/// `19%` → 0.19, `0.19` → 0.19; `None` outside 0..=1 or unreadable.
pub fn parse_rate(text: &str) -> Option<f64> {
    let t = text.trim();
    let rate = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().ok()? / 100.0,
        None => t.parse::<f64>().ok()?,
    };
    (rate.is_finite() && (0.0..=1.0).contains(&rate)).then_some(rate)
}

/// The books for one scenario: the run's layers with the scenario's own overlays
/// (`overlays = [...]`, relative to its file) laid first, under `HOSTCAST_OVERLAY`
/// and `--overlay`: the command line has the last word, as over any config file.
pub fn prices_for(args: &PriceArgs, check: &CheckArgs, scenario: &Scenario) -> Result<Prices> {
    // an overlay the scenario names twice is an error at its second mention
    let mut named: Vec<(std::path::PathBuf, &str)> = Vec::new();
    for (o, path) in scenario.file.overlays.iter().zip(scenario.overlay_paths()) {
        let Ok(same) = fs_err::canonicalize(&path) else { continue };
        if let Some((_, first)) = named.iter().find(|(p, _)| *p == same) {
            return Err(scenario
                .at(o.span(), format!("the overlay `{}` is named twice: it is the file of `{first}`", o.get_ref()))
                .with_help("name each overlay once: laid twice, its discounts and credits would count twice")
                .into());
        }
        named.push((same, o.get_ref()));
    }
    let mut layers = layers(args);
    let mut overlays = scenario.overlay_paths();
    overlays.append(&mut layers.overlays);
    layers.overlays = overlays;
    dated(layers.load()?, check)
}

/// Prices every scenario under its own books (see [`prices_for`]) as `how` says
/// and merges the results in order, each book listed once. Stage and option names
/// match each scenario's own spelling in any case (exit 2 with a suggestion when
/// unknown); a timeline follows the options named.
pub fn price_all(scenarios: &[Scenario], args: &PriceArgs, check: &CheckArgs, (stages, options): (&[String], &[String]), how: &Run) -> Result<Results> {
    let filters = scenarios.iter().map(|s| names::filter(s, stages, options)).collect::<Result<Vec<_>, _>>()?;
    let mut merged: Option<Results> = None;
    for (s, filter) in scenarios.iter().zip(filters) {
        let prices = prices_for(args, check, s)?;
        let run = Run { timeline: how.timeline.as_ref().map(|_| filter.options.clone()), filter, ..how.clone() };
        let r = crate::results::model::price(s, &prices, &run)?;
        merged = Some(match merged {
            None => r,
            Some(m) => crate::results::model::merge(m, r),
        });
    }
    Ok(merged.unwrap_or_else(Results::empty))
}

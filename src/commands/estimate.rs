//! `hostcast estimate`: the monthly cost of deployment configs as written, on
//! their own provider, at one load stage, itemised per service and component.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::EstimateArgs;
use crate::report::Format;
use crate::report::estimate::{self, Estimate};
use crate::simulate;

/// Runs `estimate`, writing to `out`.
pub fn run(args: &EstimateArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let (top, emitted) = super::import::load(&args.config, &prices)?;
    if args.strict {
        for w in top.warnings() {
            super::input::warn(w);
        }
        super::import::strict(&top)?;
    }
    let name = match args.config.files.first() {
        Some(f) if !super::input::is_stdin(f) => f.with_extension("scenario.toml"),
        _ => Path::new("imported.toml").to_path_buf(),
    };
    let mut scenario = super::import::check(&name, &emitted)?;
    if let Some(rate) = super::tax_rate(&args.money)? {
        scenario.set_tax(rate);
    }
    let display = super::display_currency(&prices, args.money.currency.as_deref())?;
    let stages: Vec<String> = scenario.file.stages.iter().map(|s| s.name.clone()).collect();
    let files: Vec<String> = args.config.files.iter().map(|f| super::input::shown(f).display().to_string()).collect();
    let stage = super::names::resolve("stage", &args.stage, &stages, &format!("the stages imported from {}", files.join(", ")))?;
    let si = stages.iter().position(|s| *s == stage).unwrap_or(0);
    let oi = scenario.file.options.iter().position(|o| o.name == emitted.option).unwrap_or(0);
    // the files' own bill: the team's time is a planning figure, not in the files
    if let Some(o) = scenario.file.options.get_mut(oi) {
        o.files_only = true;
    }
    let today = super::today(&args.check)?;
    let mut priced = crate::results::Results {
        provenance: Some(prices.provenance()),
        price_books: prices.infos(),
        results: vec![simulate::price_option(&scenario, oi, si, &prices).map_err(|e| super::import::relocate(e.into(), &name, &emitted, &top))?],
        ..crate::results::Results::empty()
    };
    super::flag_stale(&mut priced, &today, &args.check);
    let check = crate::results::Results { results: priced.results.clone(), ..priced.clone() };
    let Some(result) = priced.results.pop() else { return Ok(()) };
    let report =
        Estimate::new(&top, &scenario.file.stages[si], emitted.assumptions, prices.infos(), result).with_currency(display).with_provenance(prices.provenance());
    let text = match args.out.format {
        Format::Table => estimate::table(&report),
        Format::Json => estimate::json(&report)?,
        Format::Csv => estimate::csv(&report),
        Format::Markdown => estimate::markdown(&report),
    };
    super::emit(&text, args.out.output.as_deref(), out)?;
    super::finish(&check, &args.check)
}

//! `hostcast estimate`: the monthly cost of deployment configs as written, on
//! their own provider, at one load stage, itemised per service and component.

use std::io::Write;
use std::path::Path;

use anyhow::Result;

use crate::cli::{EstimateArgs, EstimateFormat};
use crate::error::{Diagnostic, one_of};
use crate::report::estimate::{self, Estimate};
use crate::simulate;

/// Runs `estimate`, writing to `out`.
pub fn run(args: &EstimateArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let (top, emitted) = super::import::load(&args.config, &prices)?;
    if args.strict {
        for w in top.warnings() {
            eprintln!("warning: {w}");
        }
        super::import::strict(&top)?;
    }
    let name = args.config.files.first().map(|f| f.with_extension("scenario.toml")).unwrap_or_else(|| Path::new("imported.toml").to_path_buf());
    let mut scenario = super::import::check(&name, &emitted)?;
    let stages: Vec<String> = scenario.file.stages.iter().map(|s| s.name.clone()).collect();
    let Some(si) = stages.iter().position(|s| s.eq_ignore_ascii_case(&args.stage)) else {
        return Err(Diagnostic::file(Path::new(&args.stage), format!("no stage named `{}`", args.stage))
            .with_help(format!("stages: {}", one_of(&stages)))
            .into());
    };
    let oi = scenario.file.options.iter().position(|o| o.name == emitted.option).unwrap_or(0);
    // the files' own bill: the team's time is a planning figure, not in the files
    if let Some(o) = scenario.file.options.get_mut(oi) {
        o.files_only = true;
    }
    let today = super::today(&args.check)?;
    let mut priced = simulate::Results {
        schema_version: simulate::SCHEMA_VERSION,
        price_books: prices.infos(),
        results: vec![simulate::price_option(&scenario, oi, si, &prices).map_err(|e| super::import::relocate(e.into(), &name, &emitted, &top))?],
        recommendations: Vec::new(),
    };
    super::flag_stale(&mut priced, &today, &args.check);
    let check = simulate::Results { results: priced.results.clone(), ..priced.clone() };
    let Some(result) = priced.results.pop() else { return Ok(()) };
    let report = Estimate::new(&top, &scenario.file.stages[si], emitted.assumptions, prices.infos(), result);
    let text = match args.format {
        EstimateFormat::Table => estimate::table(&report),
        EstimateFormat::Json => estimate::json(&report)?,
    };
    out.write_all(text.as_bytes())?;
    super::finish(&check, &args.check)
}

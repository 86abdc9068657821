//! `hostcast compare`: load scenarios and price books, price every option at every
//! stage, print the result in the chosen format.

use std::io::Write;

use anyhow::Result;

use crate::cli::{CompareArgs, Format};
use crate::report;
use crate::scenario::Scenario;
use crate::simulate::{self, Filter};

/// Runs `compare`, writing to `out`.
pub fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let scenarios = args.scenarios.iter().map(|p| Scenario::load(p)).collect::<Result<Vec<_>, _>>()?;
    super::check_names(&scenarios, &args.stages, &args.options)?;
    let today = super::today(&args.check)?;
    let filter = Filter { stages: args.stages.clone(), options: args.options.clone() };
    let mut results = simulate::run(&scenarios, &prices, &filter)?;
    super::flag_stale(&mut results, &today, &args.check);
    if matches!(args.format, Format::Json) && args.stages.is_empty() {
        super::add_timeline(&mut results, &scenarios, &prices, &args.options)?;
    }
    let text = match args.format {
        Format::Table => report::table::render(&results),
        Format::Json => report::json::render(&results)?,
        Format::Csv => report::csv::render(&results),
    };
    super::emit(&text, args.output.as_deref(), out)?;
    super::finish(&results, &args.check)
}

//! `hostcast compare`: load scenarios and price books, price every option at every
//! stage, print the result in the chosen format.

use std::io::Write;

use anyhow::Result;

use crate::cli::{CompareArgs, Format};
use crate::pricing::Prices;
use crate::report;
use crate::scenario::Scenario;
use crate::simulate::{self, Filter};

/// Runs `compare`, writing to `out`.
pub fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(Prices::load_dir(&super::pricing_dir(args.pricing.as_deref()))?);
    let scenarios = args.scenarios.iter().map(|p| Scenario::load(p)).collect::<Result<Vec<_>, _>>()?;
    let filter = Filter { stages: args.stages.clone(), options: args.options.clone() };
    let results = simulate::run(&scenarios, &prices, &filter)?;
    let text = match args.format {
        Format::Table => report::table::render(&results),
        Format::Json => report::json::render(&results)?,
        Format::Csv => report::csv::render(&results),
    };
    out.write_all(text.as_bytes())?;
    Ok(())
}

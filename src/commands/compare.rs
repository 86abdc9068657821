//! `hostcast compare`: load scenarios and price books, price every option at every
//! stage (names of stages and options in any case), print the result in the chosen
//! format.

use std::io::Write;

use anyhow::Result;

use crate::cli::CompareArgs;

/// Runs `compare`, writing to `out`.
pub fn run(args: &CompareArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let scenarios = super::input::scenarios(&args.scenarios)?;
    let today = super::today(&args.check)?;
    let mut results = super::names::run(&scenarios, &prices, &args.stages, &args.options)?;
    super::flag_stale(&mut results, &today, &args.check);
    let text = super::render(&results, args.out.format)?;
    super::emit(&text, args.out.output.as_deref(), out)?;
    super::finish(&results, &args.check)
}

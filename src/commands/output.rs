//! `hostcast output FILE...`: re-render saved JSON results in any format, merging
//! several files in order (price books listed once each).

use std::io::Write;

use anyhow::Result;

use crate::cli::{Format, OutputArgs};
use crate::report;
use crate::simulate::Results;

/// Runs `output`, writing to `-o FILE` or `out`.
pub fn run(args: &OutputArgs, out: &mut dyn Write) -> Result<()> {
    let mut merged: Option<Results> = None;
    for f in &args.files {
        let r = super::sides::read_json(f)?;
        match &mut merged {
            None => merged = Some(r),
            Some(m) => *m = super::merge(m.clone(), r),
        }
    }
    let Some(mut results) = merged else { return Ok(()) };
    if let Some(code) = args.currency.as_deref() {
        let prices = super::load_prices(&crate::cli::PriceArgs::default())?;
        crate::pricing::currency::apply(&mut results, super::display_currency(&prices, Some(code))?);
    }
    let text = match args.format {
        Format::Table => report::table::render(&results),
        Format::Json => report::json::render(&results)?,
        Format::Csv => report::csv::render(&results),
        Format::Markdown => report::against::totals_markdown(&results),
    };
    super::emit(&text, args.output.as_deref(), out)
}

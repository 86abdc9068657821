//! `hostcast output FILE...`: re-render saved JSON results in any format, merging
//! several files in order (price books listed once each).

use std::io::Write;

use anyhow::Result;

use crate::cli::OutputArgs;
use crate::results::Results;

/// Runs `output`, writing to `-o FILE` or `out`.
pub fn run(args: &OutputArgs, out: &mut dyn Write) -> Result<()> {
    let mut merged: Option<Results> = None;
    for f in &args.files {
        let mut r = super::sides::read_json(f)?;
        let shown = super::input::shown(f).display().to_string();
        super::names::keep(&mut r, &args.stages, &args.options, &shown)?;
        match &mut merged {
            None => merged = Some(r),
            Some(m) => *m = crate::results::model::merge(m.clone(), r),
        }
    }
    let Some(mut results) = merged else { return Ok(()) };
    if let Some(code) = args.currency.as_deref() {
        let prices = super::load_prices(&crate::cli::PriceArgs::default())?;
        crate::results::model::apply_currency(&mut results, super::display_currency(&prices, Some(code))?);
    }
    // what is re-rendered is the results model: a report's costs.json without its long-form rows
    results.kind = crate::provenance::OutputKind::Compare;
    super::write_results(&results, args.out.format, args.out.output.as_deref(), out)
}

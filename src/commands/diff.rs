//! `hostcast diff BASE HEAD`: price (or read) both sides and show what changed.

use std::io::Write;

use anyhow::Result;

use crate::cli::{DiffArgs, ReviewFormat};
use crate::report;

/// Runs `diff`, writing to `-o FILE` or `out`.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let tax = super::tax_rate(&args.money)?;
    let display = super::display_currency(&prices, args.money.currency.as_deref())?;
    let base = super::sides::load(&args.base, &prices, &args.prices, &args.check, tax)?;
    let head = super::sides::load(&args.head, &prices, &args.prices, &args.check, tax)?;
    let mut d = crate::diff::diff(&base, &head, &args.base, &args.head);
    d.currency = display;
    let text = match args.out.format {
        ReviewFormat::Table => report::diff::table(&d),
        ReviewFormat::Json => report::diff::json(&d)?,
        ReviewFormat::Markdown => report::diff::markdown(&d),
    };
    super::emit(&text, args.out.output.as_deref(), out)?;
    super::finish(&head, &args.check)
}

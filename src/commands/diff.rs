//! `hostcast diff BASE HEAD`: price (or read) both sides and show what changed.

use std::io::Write;

use anyhow::Result;

use crate::cli::DiffArgs;
use crate::report;
use crate::report::Format;

/// Runs `diff`, writing to `-o FILE` or `out`.
pub fn run(args: &DiffArgs, out: &mut dyn Write) -> Result<()> {
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let name = |spec: &str| if spec.trim() == "-" { super::input::STDIN.to_string() } else { spec.to_string() };
    let tax = super::tax_rate(&args.money)?;
    let display = super::display_currency(&prices, args.money.currency.as_deref())?;
    let mut base = super::sides::load(&args.base, &prices, &args.prices, &args.check, tax)?;
    let mut head = super::sides::load(&args.head, &prices, &args.prices, &args.check, tax)?;
    super::names::keep(&mut base, &args.stages, &args.options, &name(&args.base))?;
    super::names::keep(&mut head, &args.stages, &args.options, &name(&args.head))?;
    let mut d = crate::diff::diff(&base, &head, &name(&args.base), &name(&args.head));
    d.currency = display;
    let text = match args.out.format {
        Format::Table => report::diff::table(&d),
        Format::Json => report::diff::json(&d)?,
        Format::Csv => report::diff::csv(&d),
        Format::Markdown => report::diff::markdown(&d),
    };
    super::emit(&text, args.out.output.as_deref(), out)?;
    super::finish(&head, &args.check)
}

//! `hostcast budget SCENARIO...`: check the recommended (or named) option's monthly
//! cost at each stage against a limit and an allowed increase; exit 3 when crossed.

use std::io::Write;

use anyhow::Result;

use crate::budget::{self, Basis, Increase, Limits};
use crate::cli::{BasisArg, BudgetArgs};
use crate::error::Exit;
use crate::report;
use crate::report::Format;

/// Runs `budget`, writing to `-o FILE` or `out`.
pub fn run(args: &BudgetArgs, out: &mut dyn Write) -> Result<()> {
    // a limit that is not a finite amount of 0 or more would pass (NaN) or fail every stage
    if let Some(max) = args.max {
        limit(max)?;
    }
    let prices = super::dated(super::load_prices(&args.prices)?, &args.check)?;
    let mut scenarios = super::input::scenarios(&args.scenarios)?;
    super::apply_tax(&mut scenarios, &args.money)?;
    // names in any case, each scenario's own spelling used
    let filters = scenarios.iter().map(|s| super::names::filter(s, &args.stages, args.option.as_slice())).collect::<Result<Vec<_>, _>>()?;
    let display = super::display_currency(&prices, args.money.currency.as_deref())?;
    let money = crate::money::Money::new(display.as_ref());
    // limits given in the chosen currency are checked in USD: amount / rate
    let to_usd = |v: f64| v / money.convert(1.0);
    let today = super::today(&args.check)?;
    let baseline = args.baseline.as_deref().map(|b| super::sides::load(b, &prices, &args.prices, &args.check, super::tax_rate(&args.money)?)).transpose()?;
    let cli_increase = args.max_increase.as_deref().map(Increase::parse).transpose().map_err(Exit::usage)?.map(|i| match i {
        Increase::Usd(v) => Increase::Usd(to_usd(v)),
        pct => pct,
    });
    let mut checks = Vec::new();
    let mut basis_used = Basis::Cash;
    let mut all = Vec::new();
    for (s, filter) in scenarios.iter().zip(filters) {
        let stated = s.file.budget.clone().unwrap_or_default();
        let increase = match (cli_increase, &stated.max_increase) {
            (Some(i), _) => Some(i),
            (None, Some(text)) => Some(Increase::parse(text.get_ref()).map_err(|m| s.at(text.span(), m))?),
            (None, None) => None,
        };
        let basis = match args.basis {
            Some(BasisArg::Cash) => Basis::Cash,
            Some(BasisArg::WithTeamTime) => Basis::WithTeamTime,
            None => stated.basis.unwrap_or_default(),
        };
        basis_used = basis;
        let max_usd =
            args.max.map(|m| limit(to_usd(m)).map_err(|_| Exit::usage(format!("--max {m:e}: in USD that is beyond what hostcast can hold")))).transpose()?;
        let limits = Limits { max_usd: max_usd.or(stated.max_monthly_usd), max_increase: increase, basis, option: filter.options.first().cloned() };
        let results = super::price_all(std::slice::from_ref(s), &args.prices, &args.check, (&filter.stages, &[]), &super::stale_only(&today, &args.check))?;
        checks.extend(budget::check(&results, baseline.as_ref(), &limits));
        all.extend(results.results);
    }
    let text = match args.out.format {
        Format::Table => report::budget::table(&checks, basis_used, &money),
        Format::Json => report::budget::json(&checks, basis_used, display.as_ref(), Some(&prices.provenance()))?,
        Format::Csv => report::budget::csv(&checks, basis_used),
        Format::Markdown => report::budget::markdown(&checks, basis_used, &money),
    };
    super::emit(&text, args.out.output.as_deref(), out)?;
    // the smallest code of those that apply wins: 3 (over budget) before 4 (a lower bound)
    let over = report::budget::crossings(&checks, &money);
    if !over.is_empty() {
        return Err(Exit { code: 3, message: format!("over budget: {}", over.join("; ")) }.into());
    }
    let checked: Vec<_> =
        all.into_iter().filter(|r| checks.iter().any(|c| c.option.as_ref() == Some(&r.option) && c.stage == r.stage && c.scenario == r.scenario)).collect();
    let checked = crate::results::Results { results: checked, ..crate::results::Results::empty() };
    super::finish(&checked, &args.check)
}

/// `--max`, checked: a finite amount from 0 to [`crate::money::MAX_USD`] (exit 2 otherwise).
fn limit(max: f64) -> Result<f64, Exit> {
    if max.is_finite() && (0.0..=crate::money::MAX_USD).contains(&max) {
        return Ok(max);
    }
    let shown = if max.abs() >= 1e15 { format!("{max:e}") } else { max.to_string() };
    Err(Exit::usage(format!(
        "--max {shown}: give the most a month as an amount from 0 to {} (e.g. `--max 500`)",
        crate::money::quantity(crate::money::MAX_USD.floor())
    )))
}

//! Forecast against actuals: each month of a provider's export set beside the
//! forecast of the same calendar month, line by line.
//!
//! The forecast of a month is the chosen option priced at the planned load of that
//! timeline month (month 0 is the calendar month of the report date; the users are
//! the planned users times `[growth] likely`), or, where the month lies outside the
//! timeline or the scenario has none, at one stage (`--stage`, default the first).
//! Every row names which (`forecast_basis`).
//!
//! A charge meets a forecast line by provider (the export's name against the line's
//! provider id, letters and digits compared: `Fly.io` is `fly`), then service (a
//! `--map` entry, else the export's `x_Service`, else a `ResourceName`/`ResourceId`
//! equal to a service's name), then component (the map's or `x_Component`, else
//! the service's only line, else the line whose component the SKU, service name or
//! description names, else the only line whose unit the charge's converts to).
//! What meets no line is listed in `unmatched` with its file and line, never dropped.
//!
//! Per month, provider, service and component: `forecast_usd` and
//! `forecast_quantity` from the lines, `actual_usd` = Σ `BilledCost` of the `Usage`
//! and `Purchase` charges (in USD at the exchange book's rate), `actual_quantity`
//! in the line's unit, `gap_usd` = actual − forecast,
//! `volume_effect_usd` = (actual quantity − forecast quantity) × forecast unit price,
//! `rate_effect_usd` = (actual unit price − forecast unit price) × actual quantity,
//! so that volume + rate = gap. A row without a quantity on either side has
//! volume 0 and rate = gap. `Tax`, `Credit` and `Adjustment` charges are rows of
//! their own (components `tax`, `credit`, `adjustment`). Totals per month and
//! provider hold the whole bill as the export states it.

pub mod map;
mod month;
pub mod units;

use month::Month;

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use serde::Serialize;

use crate::actuals::Category;
use crate::actuals::groups::{Group, Groups};
use crate::error::{Diagnostic, Exit, one_of};
use crate::ledger::{LineItem, Part};
use crate::pricing::Prices;
use crate::scenario::Scenario;
use crate::simulate::{Filter, OptionResult};

/// Version of the reconcile output.
pub const SCHEMA_VERSION: u32 = 1;

/// What `reconcile` found: rows, unmatched charges, totals and the rates used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// Version of this output.
    pub schema_version: u32,
    /// Which output this is: `reconcile`.
    pub kind: &'static str,
    /// Scenario id (file stem).
    pub scenario: String,
    /// The option the actuals are set against.
    pub option: String,
    /// The stage used for months outside the timeline.
    pub stage: String,
    /// The report date: its calendar month is month 0 of the timeline.
    pub today: String,
    /// The exports read, in order.
    pub files: Vec<String>,
    /// Per month, provider, service and component.
    pub rows: Vec<Row>,
    /// Charges that met no forecast line.
    pub unmatched: Vec<Unmatched>,
    /// Per month and provider: the whole bill.
    pub totals: Vec<Total>,
    /// Every currency converted to USD.
    pub rates: Vec<Rate>,
}

/// One forecast line (or charge kind) in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `YYYY-MM`.
    pub month: String,
    /// Provider id of the forecast line (or the export's name when no line has it).
    pub provider: String,
    /// Service, or a shared owner's label: `(account)`, `(tax)`.
    pub service: String,
    /// Component: the forecast line's, or `tax`, `credit`, `adjustment`.
    pub component: String,
    /// Unit of both quantities (the forecast line's).
    pub unit: String,
    /// Forecast quantity (null: none to compare).
    pub forecast_quantity: Option<f64>,
    /// Actual billable quantity in `unit` (null: the charges carry none in a unit
    /// that converts).
    pub actual_quantity: Option<f64>,
    /// Forecast cost, USD.
    pub forecast_usd: f64,
    /// Billed cost, USD.
    pub actual_usd: f64,
    /// actual − forecast, USD.
    pub gap_usd: f64,
    /// (actual quantity − forecast quantity) × forecast unit price, USD.
    pub volume_effect_usd: f64,
    /// (actual unit price − forecast unit price) × actual quantity, USD.
    pub rate_effect_usd: f64,
    /// How many charges the actual sums.
    pub charges: u64,
    /// What the forecast of this month is: a timeline month or a stage, and why.
    pub forecast_basis: String,
}

/// A charge (or charges alike, summed) that met no forecast line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// The export, as named on the command line.
    pub file: String,
    /// Line of the first charge.
    pub line: u64,
    /// `YYYY-MM`.
    pub month: String,
    /// Provider as the export names it.
    pub provider: String,
    /// Service, resource, SKU and description as the export writes them.
    pub description: String,
    /// Billed cost, USD.
    pub actual_usd: f64,
    /// How many charges alike (same month, resource, SKU, unit) are summed here.
    pub charges: u64,
}

/// The whole bill of one provider in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Total {
    /// `YYYY-MM`.
    pub month: String,
    /// Provider id (or the export's name).
    pub provider: String,
    /// Forecast, USD.
    pub forecast_usd: f64,
    /// Every charge the export states: matched, unmatched, credits and tax, USD.
    pub actual_usd: f64,
    /// actual − forecast, USD.
    pub gap_usd: f64,
}

/// An exchange rate used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    /// ISO 4217 code.
    pub currency: String,
    /// USD per 1 unit of `currency`.
    pub rate: f64,
    /// The rate's date.
    pub date: String,
    /// The rate's source URL.
    pub source: String,
    /// Where the rate is: `embedded:exchange.toml#to_usd.EUR`.
    pub entry: String,
}

/// What to reconcile against.
pub struct Setup<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Its price books (with the exchange book).
    pub prices: &'a Prices,
    /// The stage for months outside the timeline (as the scenario spells it).
    pub stage: &'a str,
    /// The option (as the scenario spells it); `None`: the one option that uses the
    /// export's providers.
    pub option: Option<&'a str>,
    /// The report date (`YYYY-MM-DD`).
    pub today: &'a str,
    /// `--map` entries.
    pub map: &'a map::Map,
}

/// Letters and digits of a provider's name, in lower case: `Fly.io` → `flyio`.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether the export's provider name means the provider id `id`: `Fly.io` is
/// `fly`, `Hetzner Online` is `hetzner`.
pub fn same_provider(export: &str, id: &str) -> bool {
    let (e, i) = (squash(export), squash(id));
    !i.is_empty() && e.starts_with(&i)
}

/// Lines a bill can be set against: hosting and metered APIs (not the team's time).
fn billed(l: &LineItem) -> bool {
    l.part != Part::TeamTime
}

/// Sets the export's charges against the scenario's forecast.
pub fn reconcile(setup: &Setup, groups: &Groups) -> Result<Reconciliation> {
    let s = setup.scenario;
    let filter = Filter { stages: vec![setup.stage.to_string()], options: Vec::new() };
    let priced = crate::results::model::run(std::slice::from_ref(s), setup.prices, &filter)?;
    let providers: Vec<&str> = {
        let mut p: Vec<&str> = groups.groups.iter().map(|g| g.provider.as_str()).collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    let row = choose_option(setup, &priced.results, &providers)?;
    let option_index = s.file.options.iter().position(|o| o.name == row.option).unwrap_or(0);
    let mut by_month: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    for g in &groups.groups {
        by_month.entry(g.month.as_str()).or_default().push(g);
    }
    let mut out = Reconciliation {
        schema_version: SCHEMA_VERSION,
        kind: "reconcile",
        scenario: s.slug.clone(),
        option: row.option.clone(),
        stage: setup.stage.to_string(),
        today: setup.today.to_string(),
        files: groups.files.clone(),
        rows: Vec::new(),
        unmatched: Vec::new(),
        totals: Vec::new(),
        rates: Vec::new(),
    };
    let mut rates: BTreeMap<String, Rate> = BTreeMap::new();
    for (month, charges) in by_month {
        let (basis, lines) = forecast(setup, option_index, row, month)?;
        let lines: Vec<&LineItem> = lines.iter().filter(|l| billed(l) && providers.iter().any(|p| same_provider(p, &l.provider))).collect();
        let mut m = Month::new(month, basis, &lines);
        for g in charges {
            let usd = to_usd(g, groups, setup.prices, &mut rates)?;
            m.add(g, usd, &lines, setup.map, &groups.files);
        }
        m.finish(&mut out);
    }
    out.rates = rates.into_values().collect();
    Ok(out)
}

/// The option the export is set against: the one named, else the only
/// non-reference option whose bill uses the export's providers (exit 2 otherwise).
fn choose_option<'r>(setup: &Setup, rows: &'r [OptionResult], providers: &[&str]) -> Result<&'r OptionResult> {
    if let Some(name) = setup.option {
        return rows.iter().find(|r| r.option == name).ok_or_else(|| Exit::usage(format!("option `{name}` has no row at stage `{}`", setup.stage)).into());
    }
    let uses = |r: &OptionResult| r.line_items.iter().any(|l| billed(l) && providers.iter().any(|p| same_provider(p, &l.provider)));
    let candidates: Vec<&OptionResult> = rows.iter().filter(|r| !r.reference && uses(r)).collect();
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => {
            let names: Vec<String> = rows.iter().filter(|r| !r.reference).map(|r| r.option.clone()).collect();
            Err(Exit::usage(format!(
                "no option of {} bills the export's providers ({}): name the option to set it against with `--option`: {}",
                setup.scenario.path.display(),
                providers.join(", "),
                one_of(&names)
            ))
            .into())
        }
        several => {
            let names: Vec<String> = several.iter().map(|r| r.option.clone()).collect();
            Err(Exit::usage(format!(
                "several options of {} bill the export's providers ({}): name one with `--option`: {}",
                setup.scenario.path.display(),
                providers.join(", "),
                one_of(&names)
            ))
            .into())
        }
    }
}

/// `YYYY-MM` as a count of months.
fn month_number(month: &str) -> Option<i64> {
    let y: i64 = month.get(..4)?.parse().ok()?;
    let m: i64 = month.get(5..7)?.parse().ok()?;
    Some(y * 12 + m - 1)
}

/// The forecast lines of `month` and what they are: the timeline month's, or the stage's.
fn forecast(setup: &Setup, option_index: usize, stage_row: &OptionResult, month: &str) -> Result<(String, Vec<LineItem>)> {
    let s = setup.scenario;
    let stage = || stage_row.line_items.clone();
    let Some(growth) = &s.file.growth else {
        return Ok((format!("stage `{}`: the scenario has no growth timeline", setup.stage), stage()));
    };
    let months = growth.months.unwrap_or_else(|| s.file.stages.iter().filter_map(|x| x.month).max().unwrap_or(12));
    let zero = setup.today.get(..7).unwrap_or_default();
    let m = match (month_number(month), month_number(zero)) {
        (Some(a), Some(z)) => a - z,
        _ => -1,
    };
    if m < 0 || m > i64::from(months) || s.file.stages.iter().any(|x| x.month.is_none()) {
        return Ok((format!("stage `{}`: {month} is outside the growth timeline (month 0 is {zero}, the last month {months})", setup.stage), stage()));
    }
    let (mut point, si) = crate::timeline::planned_stage(&s.file.stages, m as u32);
    point.users *= growth.likely;
    let priced = crate::simulate::price_at(s, option_index, &point, setup.prices)?;
    let from = s.file.stages.get(si).map(|x| x.name.as_str()).unwrap_or_default();
    Ok((format!("timeline month {m} (planned from stage `{from}`)"), priced.line_items))
}

/// The charge's billed cost in USD, at the exchange book's rate for a foreign currency.
fn to_usd(g: &Group, groups: &Groups, prices: &Prices, rates: &mut BTreeMap<String, Rate>) -> Result<f64, Diagnostic> {
    if g.currency == "USD" {
        return Ok(g.billed_cost);
    }
    if let Some(r) = rates.get(&g.currency) {
        return Ok(g.billed_cost * r.rate);
    }
    let file = groups.files.get(g.file).cloned().unwrap_or_default();
    let located = |message: String| Diagnostic { path: file.clone().into(), line: Some(g.line as usize), column: Some(1), message, help: None };
    match prices.display_currency(&g.currency) {
        Ok(Some(d)) => {
            rates.insert(g.currency.clone(), Rate { currency: d.code, rate: d.usd_per_unit, date: d.date, source: d.source, entry: d.entry });
            Ok(g.billed_cost * d.usd_per_unit)
        }
        Ok(None) => Ok(g.billed_cost),
        Err(m) => Err(located(format!("`BillingCurrency` `{}`: {m}", g.currency))
            .with_help("add the rate to the exchange book (or an overlay), with its source and date")),
    }
}

/// A row being summed.
#[derive(Debug, Default)]
struct Acc {
    provider: String,
    service: String,
    component: String,
    unit: String,
    /// Forecast unit price of the first line (for a forecast quantity of 0).
    unit_price: Option<f64>,
    forecast_quantity: Option<f64>,
    forecast_usd: f64,
    actual_usd: f64,
    actual_quantity: f64,
    /// False once a charge came without a quantity in a unit that converts.
    quantities_known: bool,
    /// Tax, credit or adjustment: no quantities.
    unpriced: bool,
    charges: u64,
}

/// The volume and rate effects of a row: (actual qty − forecast qty) × forecast
/// unit price and (actual unit price − forecast unit price) × actual qty. The
/// forecast unit price is forecast ÷ forecast quantity (the line's own price when
/// that quantity is 0). Without quantities on both sides: volume 0, rate = gap.
pub fn effects(forecast: f64, forecast_quantity: Option<f64>, line_price: Option<f64>, actual: f64, actual_quantity: Option<f64>) -> (f64, f64) {
    let gap = actual - forecast;
    let (Some(fq), Some(aq)) = (forecast_quantity, actual_quantity) else { return (0.0, gap) };
    let price = if fq > 0.0 { forecast / fq } else { line_price.unwrap_or(0.0) };
    if fq <= 0.0 && forecast != 0.0 {
        return (0.0, gap);
    }
    let volume = (aq - fq) * price;
    let rate = if aq != 0.0 { (actual / aq - price) * aq } else { gap - volume };
    (volume, rate)
}

/// The forecast line a priced charge meets: (service, component), or `None`.
fn target(g: &Group, provider: &str, lines: &[&LineItem], map: &map::Map) -> Option<(String, String)> {
    let (service, component, explicit) = if let Some(rule) = map.find(&g.provider, &g.service_name, &g.resource, &g.sku) {
        (rule.service.clone(), rule.component.clone(), true)
    } else if !g.x_service.is_empty() {
        (g.x_service.clone(), (!g.x_component.is_empty()).then(|| g.x_component.clone()), true)
    } else {
        let by_name =
            |name: &str| lines.iter().find(|l| l.provider == provider && !name.is_empty() && l.service.eq_ignore_ascii_case(name)).map(|l| l.service.clone());
        (by_name(&g.resource)?, None, false)
    };
    let candidates: Vec<&&LineItem> = lines.iter().filter(|l| l.provider == provider && l.service.eq_ignore_ascii_case(&service)).collect();
    let service = candidates.first().map(|l| l.service.clone()).unwrap_or(service);
    if let Some(c) = component {
        let named = candidates.iter().find(|l| l.component.eq_ignore_ascii_case(&c)).map(|l| l.component.clone());
        return match named {
            Some(n) => Some((service, n)),
            None if explicit => Some((service, c)),
            None => None,
        };
    }
    let mut components: Vec<&str> = candidates.iter().map(|l| l.component.as_str()).collect();
    components.dedup();
    if let [one] = components.as_slice() {
        return Some((service, one.to_string()));
    }
    let words = format!("{} {} {}", g.sku, g.service_name, g.description).to_lowercase();
    if let Some(c) = components.iter().find(|c| words.contains(&c.to_lowercase())) {
        return Some((service, c.to_string()));
    }
    let mut fitting: Vec<&str> = candidates.iter().filter(|l| units::ratio(&g.unit, &l.unit).is_some()).map(|l| l.component.as_str()).collect();
    fitting.dedup();
    match fitting.as_slice() {
        [one] => Some((service, one.to_string())),
        _ => None,
    }
}

/// Service, resource, SKU and description of a group, as the export writes them.
fn describe(g: &Group) -> String {
    let mut parts = Vec::new();
    for (label, value) in [("service", &g.service_name), ("resource", &g.resource), ("SKU", &g.sku)] {
        if !value.is_empty() {
            parts.push(format!("{label} `{value}`"));
        }
    }
    let mut text = parts.join(", ");
    if !g.description.is_empty() {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&g.description);
    }
    if text.is_empty() { format!("a {} charge", g.category.as_str().to_lowercase()) } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_and_rate_add_up_to_the_gap() {
        // forecast 2 months at $15.77, actual 2.5 months for $45: volume 0.5 × 15.77
        let (v, r) = effects(31.54, Some(2.0), Some(15.77), 45.0, Some(2.5));
        assert!((v - 7.885).abs() < 1e-9 && (v + r - (45.0 - 31.54)).abs() < 1e-9, "{v} {r}");
        assert_eq!(effects(10.0, None, None, 12.0, Some(1.0)), (0.0, 2.0));
        // nothing billed: all volume
        let (v, r) = effects(10.0, Some(2.0), None, 0.0, Some(0.0));
        assert_eq!((v, r), (-10.0, 0.0));
    }

    #[test]
    fn provider_names_meet_ids() {
        assert!(same_provider("Fly.io", "fly"));
        assert!(same_provider("Hetzner Online GmbH", "hetzner"));
        assert!(!same_provider("Render", "fly"));
        assert!(!same_provider("Render", ""));
    }
}

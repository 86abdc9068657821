//! Results as polars DataFrames, in long form, and every summary as a query over them.
//!
//! [`Frames::build`] turns one scenario's [`Results`] into three frames:
//!
//! - `costs`: one row per option, stage, service and cost component (a line item),
//!   with provider, size, instances, quantity, unit, unit price, currency, monthly
//!   cost in USD and the price source with its date. This is the frame the reports
//!   export (`costs.csv`, `costs.json`, `costs.parquet`).
//! - `services`: one row per option, stage and service: what runs where, how many.
//! - `outcomes`: one row per option and stage: users, warnings and missing prices.
//!
//! A row of these frames is keyed by stage (`stage_month` is the month the scenario
//! expects it); where the scenario has a growth timeline, [`super::timeline::frame`] holds
//! it month by month, one row per option, month and sample (P10, P50, P90).
//!
//! The summaries (totals, ranking, breakdowns, plan steps, sources) are polars
//! queries that return plain structs; [`super::crossovers`] is arithmetic over totals.
//! Nothing here computes a cost: every figure is a sum of line items.

use polars::prelude::*;

use super::Results;
use crate::simulate::OptionResult;

/// The three frames of one scenario's results.
#[derive(Debug, Clone)]
pub struct Frames {
    /// One row per line item (the long-form cost frame).
    pub costs: DataFrame,
    /// One row per option, stage and service.
    pub services: DataFrame,
    /// One row per option and stage.
    pub outcomes: DataFrame,
}

/// Positions in scenario-file order of the options and stages of `results` (first
/// appearance), so that every query can sort the way the scenario reads.
fn order_of(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
    }
    seen
}

fn index(order: &[String], v: &str) -> u32 {
    order.iter().position(|o| o == v).unwrap_or(usize::MAX) as u32
}

fn text(name: &str, v: Vec<String>) -> Column {
    Column::new(name.into(), v)
}

/// The rows of one scenario with the scenario-file order of its options and stages.
struct Rows<'a> {
    scenario: &'a str,
    rows: Vec<&'a OptionResult>,
    options: Vec<String>,
    stages: Vec<String>,
}

impl Frames {
    /// Builds the frames of `scenario` (its id) from `results`.
    pub fn build(results: &Results, scenario: &str) -> PolarsResult<Frames> {
        let rows: Vec<_> = results.results.iter().filter(|r| r.scenario == scenario).collect();
        let options = order_of(rows.iter().map(|r| r.option.clone()));
        let stages = order_of(rows.iter().map(|r| r.stage.clone()));
        let rows = Rows { scenario, rows, options, stages };
        let outcomes = outcomes(&rows)?;
        let services = services(&rows)?;
        let costs = costs(line_items(&rows)?, &services)?;
        Ok(Frames { costs, services, outcomes })
    }
}

/// One row per option and stage.
fn outcomes(r: &Rows) -> PolarsResult<DataFrame> {
    let (rows, options, stages) = (&r.rows, &r.options, &r.stages);
    DataFrame::new_infer_height(vec![
        text("scenario", rows.iter().map(|r| r.scenario.clone()).collect()),
        text("option", rows.iter().map(|r| r.option.clone()).collect()),
        Column::new("option_index".into(), rows.iter().map(|r| index(options, &r.option)).collect::<Vec<u32>>()),
        text("platform", rows.iter().map(|r| r.platform.clone()).collect()),
        text("stage", rows.iter().map(|r| r.stage.clone()).collect()),
        Column::new("stage_index".into(), rows.iter().map(|r| index(stages, &r.stage)).collect::<Vec<u32>>()),
        Column::new("users".into(), rows.iter().map(|r| r.users).collect::<Vec<f64>>()),
        Column::new("stage_month".into(), rows.iter().map(|r| r.month).collect::<Vec<Option<u32>>>()),
        Column::new("warnings".into(), rows.iter().map(|r| r.diagnostics.len() as u32).collect::<Vec<u32>>()),
        Column::new("blocking".into(), rows.iter().map(|r| r.diagnostics.iter().filter(|d| d.is_blocking()).count() as u32).collect::<Vec<u32>>()),
        Column::new("missing_prices".into(), rows.iter().map(|r| r.missing_prices.len() as u32).collect::<Vec<u32>>()),
        Column::new("reference".into(), rows.iter().map(|r| r.reference).collect::<Vec<bool>>()),
        Column::new("complete".into(), rows.iter().map(|r| r.complete).collect::<Vec<bool>>()),
        Column::new("available".into(), rows.iter().map(|r| r.available).collect::<Vec<bool>>()),
        Column::new("recommended".into(), rows.iter().map(|r| r.recommended).collect::<Vec<bool>>()),
        Column::new(
            "no_front_end".into(),
            rows.iter().map(|r| r.diagnostics.iter().any(|d| d.kind == crate::findings::FindingKind::NoFrontEnd)).collect::<Vec<bool>>(),
        ),
        text("rank_by", rows.iter().map(|r| r.rank_by.as_str().to_string()).collect()),
        Column::new("team_hours".into(), rows.iter().map(|r| r.team_hours).collect::<Vec<f64>>()),
    ])
}

/// One row per option, stage and service.
fn services(r: &Rows) -> PolarsResult<DataFrame> {
    let (rows, options, stages, scenario) = (&r.rows, &r.options, &r.stages, r.scenario);
    let mut s = ServiceCols::default();
    for r in rows.iter() {
        for svc in &r.services {
            s.option.push(r.option.clone());
            s.option_index.push(index(options, &r.option));
            s.stage.push(r.stage.clone());
            s.stage_index.push(index(stages, &r.stage));
            s.users.push(r.users);
            s.service.push(svc.name.clone());
            s.kind.push(svc.kind.clone());
            s.provider.push(svc.provider.clone());
            s.size.push(svc.size.clone());
            s.instances.push(svc.instances);
            s.peak.push(svc.peak_instances);
            s.bound.push(svc.bound.clone());
            s.cost.push(svc.monthly_cost_usd);
        }
    }
    let n = s.option.len();
    DataFrame::new(
        n,
        vec![
            text("scenario", vec![scenario.to_string(); n]),
            text("option", s.option),
            Column::new("option_index".into(), s.option_index),
            text("stage", s.stage),
            Column::new("stage_index".into(), s.stage_index),
            Column::new("users".into(), s.users),
            text("service", s.service),
            text("kind", s.kind),
            text("service_provider", s.provider),
            text("size", s.size),
            Column::new("instances".into(), s.instances),
            Column::new("peak_instances".into(), s.peak),
            text("bound", s.bound),
            Column::new("service_cost_usd".into(), s.cost),
        ],
    )
}

/// One row per line item.
fn line_items(r: &Rows) -> PolarsResult<DataFrame> {
    let (rows, options, stages, scenario) = (&r.rows, &r.options, &r.stages, r.scenario);
    let mut c = CostCols::default();
    for r in rows.iter() {
        for l in &r.line_items {
            c.option.push(r.option.clone());
            c.option_index.push(index(options, &r.option));
            c.platform.push(r.platform.clone());
            c.part.push(l.part.as_str().to_string());
            c.owner.push(l.owner.as_str().to_string());
            c.complete.push(r.complete);
            c.available.push(r.available);
            c.stage.push(r.stage.clone());
            c.stage_index.push(index(stages, &r.stage));
            c.users.push(r.users);
            c.month.push(r.month);
            c.service.push(l.service.clone());
            c.component.push(l.component.clone());
            c.detail.push(l.detail.clone());
            c.provider.push(l.provider.clone());
            c.quantity.push(l.quantity);
            c.unit.push(l.unit.clone());
            c.unit_price.push(l.unit_price);
            c.currency.push(l.currency.clone());
            c.unit_price_usd.push(l.unit_price_usd);
            c.cost.push(l.monthly_cost_usd);
            c.book.push(l.source.book.clone());
            c.entry.push(l.source.entry.clone());
            c.url.push(l.source.url.clone());
            c.date.push(l.source.date.clone());
            c.secondary.push(l.source.secondary);
        }
    }
    let n = c.option.len();
    DataFrame::new(
        n,
        vec![
            text("scenario", vec![scenario.to_string(); n]),
            text("option", c.option),
            Column::new("option_index".into(), c.option_index),
            text("platform", c.platform),
            text("stage", c.stage),
            Column::new("stage_index".into(), c.stage_index),
            Column::new("users".into(), c.users),
            Column::new("stage_month".into(), c.month),
            text("part", c.part),
            text("owner", c.owner),
            Column::new("complete".into(), c.complete),
            Column::new("available".into(), c.available),
            text("service", c.service),
            text("component", c.component),
            text("detail", c.detail),
            text("provider", c.provider),
            Column::new("quantity".into(), c.quantity),
            text("unit", c.unit),
            Column::new("unit_price".into(), c.unit_price),
            text("currency", c.currency),
            Column::new("unit_price_usd".into(), c.unit_price_usd),
            Column::new("monthly_cost_usd".into(), c.cost),
            text("source_book", c.book),
            text("source_entry", c.entry),
            text("source_url", c.url),
            text("source_date", c.date),
            Column::new("source_secondary".into(), c.secondary),
        ],
    )
}

/// The line items with the size and instances of the service each belongs to (none
/// for account-wide lines), in the export's column order.
fn costs(items: DataFrame, services: &DataFrame) -> PolarsResult<DataFrame> {
    let sizes = services.clone().lazy().select([col("option"), col("stage"), col("service"), col("size"), col("instances")]);
    let keys = [col("option"), col("stage"), col("service")];
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    items
        .lazy()
        .join(sizes, keys.clone(), keys, args)
        .select([
            col("scenario"),
            col("option"),
            col("option_index"),
            col("platform"),
            col("stage"),
            col("stage_index"),
            col("users"),
            col("stage_month"),
            col("part"),
            col("complete"),
            col("available"),
            col("owner"),
            col("service"),
            col("component"),
            col("detail"),
            col("provider"),
            col("size"),
            col("instances"),
            col("quantity"),
            col("unit"),
            col("unit_price"),
            col("currency"),
            col("unit_price_usd"),
            col("monthly_cost_usd"),
            col("source_book"),
            col("source_entry"),
            col("source_url"),
            col("source_date"),
            col("source_secondary"),
        ])
        .collect()
}

#[derive(Default)]
struct ServiceCols {
    option: Vec<String>,
    option_index: Vec<u32>,
    stage: Vec<String>,
    stage_index: Vec<u32>,
    users: Vec<f64>,
    service: Vec<String>,
    kind: Vec<String>,
    provider: Vec<String>,
    size: Vec<String>,
    instances: Vec<f64>,
    peak: Vec<u32>,
    bound: Vec<String>,
    cost: Vec<f64>,
}

#[derive(Default)]
struct CostCols {
    secondary: Vec<bool>,
    part: Vec<String>,
    owner: Vec<String>,
    complete: Vec<bool>,
    available: Vec<bool>,
    option: Vec<String>,
    option_index: Vec<u32>,
    platform: Vec<String>,
    stage: Vec<String>,
    stage_index: Vec<u32>,
    users: Vec<f64>,
    month: Vec<Option<u32>>,
    service: Vec<String>,
    component: Vec<String>,
    detail: Vec<String>,
    provider: Vec<String>,
    quantity: Vec<f64>,
    unit: Vec<String>,
    unit_price: Vec<f64>,
    currency: Vec<String>,
    unit_price_usd: Vec<f64>,
    cost: Vec<f64>,
    book: Vec<String>,
    entry: Vec<String>,
    url: Vec<String>,
    date: Vec<String>,
}

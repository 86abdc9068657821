//! Third-party metered services: the scenario's `[[api]]` and `[[service.api]]`
//! entries priced at one stage, as bill lines of [`Part::Apis`].
//!
//! The same lines go into every option's bill (they do not depend on where the
//! product is hosted). For each entry:
//! - units a month: per request or job, the service's requests (jobs, messages;
//!   a cron service's runs) a month; per active user per day, daily active users ×
//!   days a month; per month, one;
//! - calls a month = units × `calls` at the stage;
//! - an option's `api."ENTRY"` pin replaces the entry's provider, model, product
//!   or plan on that option;
//! - an LLM call (`model`) is priced from genai-prices at the pricing date
//!   ([`llm`]); a priced API (`product`) from the `apis` book ([`metered`]).

pub mod llm;
pub mod metered;
pub mod retired;

use crate::capacity;
use crate::error::Diagnostic;
use crate::findings::{Finding, FindingKind};
use crate::ledger::{Bill, LineItem, LineOwner, Owner, Part};
use crate::pricing::{Prices, SourceRef};
use crate::scenario::Scenario;
use crate::scenario::apis::{ApiCall, Per};
use crate::scenario::model::{DeployOption, Kind, Service, Stage};

/// Owner of the lines of product-wide entries.
pub const PRODUCT: &str = Owner::Product.label();

/// The bill of every third-party call of `scenario` at `stage` on `option` (which
/// may pin another provider, model, product or plan per entry), priced with `prices`
/// at [`Prices::date`]. An unknown model, product or plan is an error at its place
/// in the scenario.
pub fn bill(scenario: &Scenario, option: &DeployOption, stage: &Stage, prices: &Prices) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    let entries = scenario.file.apis.iter().map(|a| (a, None)).chain(scenario.file.services.iter().flat_map(|s| s.apis.iter().map(move |a| (a, Some(s)))));
    for (call, service) in entries {
        let call = &call.pinned(option.api.get(&call.name).map(|p| p.get_ref()));
        let calls = units_per_month(scenario, stage, call, service) * call.at(&stage.name).calls;
        let owner: LineOwner = service.map(|s| (&s.name).into()).unwrap_or_else(|| Owner::Product.into());
        match (&call.model, &call.product) {
            (Some(_), _) => charge_llm(scenario, stage, prices, call, &owner, calls, &mut bill)?,
            (None, Some(product)) => {
                let m = metered::Metered { owner: &owner, name: &call.name, provider: call.provider.get_ref(), product: product.get_ref(), used: calls };
                let at = metered::Places {
                    provider: scenario.at(call.provider.span(), ""),
                    product: scenario.at(product.span(), ""),
                    plan: call.plan.as_ref().map(|p| (p.get_ref().clone(), scenario.at(p.span(), ""))),
                };
                metered::charge(&m, at, prices, &mut bill)?;
            }
            (None, None) => {}
        }
    }
    Ok(bill)
}

/// Units of an entry's `per` in a month at `stage`.
fn units_per_month(scenario: &Scenario, stage: &Stage, call: &ApiCall, service: Option<&Service>) -> f64 {
    let days = scenario.file.scenario.days_per_month;
    match (call.per(service), service) {
        (Per::Request | Per::Job, Some(s)) if s.kind == Kind::Cron => scenario.runs_per_day(s) * days,
        (Per::Request | Per::Job, Some(s)) => capacity::demand(&capacity::Workload::of(s), stage, days, scenario.runs_per_day(s)).requests_per_month,
        (Per::Request | Per::Job, None) => 0.0,
        (Per::ActiveUserDay, _) => stage.users * stage.daily_active * days,
        (Per::Month, _) => 1.0,
    }
}

/// Bills one LLM entry: one line of `calls` a month at the price of one call.
fn charge_llm(scenario: &Scenario, stage: &Stage, prices: &Prices, call: &ApiCall, owner: &LineOwner, calls: f64, bill: &mut Bill) -> Result<(), Diagnostic> {
    let Some(model) = &call.model else { return Ok(()) };
    let provider = call.provider.get_ref();
    let u = call.at(&stage.name);
    let tokens = llm::Call { input_tokens: u.input_tokens, cached_input: u.cached_input, output_tokens: u.output_tokens, batch: call.batch };
    let date = prices.date();
    let priced = llm::price(provider, model.get_ref(), &tokens, &date)
        .map_err(|e| llm::diagnostic(e, scenario.at(call.provider.span(), ""), scenario.at(model.span(), ""), provider, model.get_ref()))?;
    let entry = format!("{}/{}", priced.provider_id, priced.model_id);
    let per_1k = priced.total_price * 1000.0;
    let cached = if u.cached_input > 0.0 { format!(" ({:.0}% cached)", u.cached_input * 100.0) } else { String::new() };
    let batch = if call.batch { "; batch" } else { "" };
    bill.line_items.push(LineItem {
        part: Part::Apis,
        owner: owner.owner,
        service: owner.label.clone(),
        provider: provider.clone(),
        component: call.name.clone(),
        detail: format!(
            "`{}`: {} calls × {} input tokens{cached} + {} output tokens{batch}",
            model.get_ref(),
            crate::money::quantity(calls),
            crate::money::quantity(u.input_tokens),
            crate::money::quantity(u.output_tokens)
        ),
        quantity: calls / 1000.0,
        unit: "1K calls".into(),
        unit_price: per_1k,
        currency: "USD".into(),
        unit_price_usd: per_1k,
        monthly_cost_usd: calls * priced.total_price,
        source: SourceRef { book: format!("{} {}", llm::CRATE, llm::VERSION), entry, url: llm::URL.into(), date: date.clone(), ..SourceRef::default() },
    });
    if let Some(r) = retired::find(&priced.provider_id, &priced.model_id, &date) {
        let d = scenario.at(model.span(), "");
        let location = format!("{}:{}:{}", crate::pricing::shown_path(&d.path), d.line.unwrap_or(1), d.column.unwrap_or(1));
        let source = if r.secondary { format!("{} (secondary: {})", r.url, r.reason.clone().unwrap_or_default()) } else { r.url.clone() };
        bill.flag(
            Finding::new(
                FindingKind::NoLongerSold,
                format!(
                    "API `{}`: `{}` `{}` was retired on {}; its successor is `{}` ({source})",
                    call.name,
                    provider,
                    model.get_ref(),
                    r.retired,
                    r.successor
                ),
            )
            .for_service(&owner.label)
            .at(location),
        );
    }
    Ok(())
}

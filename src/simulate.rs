//! The simulation: every option of every scenario at every stage, priced.
//!
//! Places each service on its provider (the option's platform, or a pin), hands
//! each provider's services to its billing engine, and joins the bills into one
//! [`OptionResult`] per (scenario, option, stage).

use serde::Serialize;

use crate::billing::{self, Bill, Context, LineItem, ServiceSummary};
use crate::error::Diagnostic;
use crate::pricing::{BookInfo, MissingPrice, Prices};
use crate::scenario::Scenario;
use crate::scenario::model::{Platform, Service};

/// Version of the results model (and of the JSON that is its serialisation).
pub const SCHEMA_VERSION: u32 = 1;

/// One option of one scenario at one stage, priced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionResult {
    /// Scenario id (file stem).
    pub scenario: String,
    /// Scenario name.
    pub scenario_name: String,
    /// Option name.
    pub option: String,
    /// Option platform.
    pub platform: String,
    /// A reference deployment: shown, never recommended.
    pub reference: bool,
    /// Stage name.
    pub stage: String,
    /// Users at this stage.
    pub users: f64,
    /// Month at which the stage is expected.
    pub month: Option<u32>,
    /// Total per month, USD: infrastructure, add-ons and labour.
    pub monthly_cost_usd: f64,
    /// Infrastructure and add-ons only, USD (without ops labour).
    pub infrastructure_usd: f64,
    /// Ops labour, USD.
    pub labour_usd: f64,
    /// Per-service summary.
    pub services: Vec<ServiceSummary>,
    /// Priced lines.
    pub line_items: Vec<LineItem>,
    /// Prices needed and not found: their cost is not in the total.
    pub missing_prices: Vec<MissingPrice>,
    /// Assumptions made.
    pub assumptions: Vec<String>,
    /// The findings' messages (kept for readers of earlier outputs; decide by `findings`).
    pub warnings: Vec<String>,
    /// Typed findings: kind and severity.
    pub findings: Vec<crate::findings::Finding>,
}

/// The results of a run: the price books used and every priced option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    /// Version of this model.
    pub schema_version: u32,
    /// Price books used, with their dates.
    pub price_books: Vec<BookInfo>,
    /// One entry per scenario, option and stage, in scenario-file order.
    pub results: Vec<OptionResult>,
}

/// Which options and stages to run (empty = all).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Stage names.
    pub stages: Vec<String>,
    /// Option names.
    pub options: Vec<String>,
}

/// Prices one option at one stage.
pub fn price_option(scenario: &Scenario, option_index: usize, stage_index: usize, prices: &Prices) -> Result<OptionResult, Diagnostic> {
    price_at(scenario, option_index, &scenario.file.stages[stage_index], prices)
}

/// Prices one option at a load point that need not be one of the scenario's stages
/// (the timeline's months).
pub fn price_at(scenario: &Scenario, option_index: usize, stage: &crate::scenario::model::Stage, prices: &Prices) -> Result<OptionResult, Diagnostic> {
    let option = &scenario.file.options[option_index];
    let ctx = Context { scenario, stage, option, prices };
    let services: Vec<&Service> = scenario.file.services.iter().collect();
    let mut bill = Bill::default();
    match option.platform {
        Platform::Fly => {
            let (elsewhere, fly): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| pinned_to(&ctx, s, &["vercel", "render"]));
            bill.extend(billing::fly::bill(&ctx, &fly)?);
            bill.extend(others(&ctx, &elsewhere)?);
        }
        Platform::Render => {
            let (elsewhere, render): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| pinned_to(&ctx, s, &["vercel", "fly"]));
            bill.extend(billing::render::bill(&ctx, &render)?);
            bill.extend(others(&ctx, &elsewhere)?);
        }
        Platform::VercelFly => {
            let (front, back): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| billing::vercel::on_vercel(&ctx, s));
            if front.is_empty() {
                bill.assume("Vercel + Fly: the product has no web or static front end, so nothing runs on Vercel and no Vercel plan is billed");
            } else {
                bill.extend(billing::vercel::bill(&ctx, &front)?);
            }
            let (elsewhere, fly): (Vec<&Service>, Vec<&Service>) = back.iter().partition(|s| pinned_to(&ctx, s, &["render"]));
            bill.extend(billing::fly::bill(&ctx, &fly)?);
            bill.extend(others(&ctx, &elsewhere)?);
        }
        Platform::Compose => {
            let (elsewhere, compose): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| pinned_to(&ctx, s, &["vercel", "fly", "render"]));
            bill.extend(billing::compose::bill(&ctx, &compose)?);
            bill.extend(others(&ctx, &elsewhere)?);
        }
    }
    billing::addons(&ctx, &mut bill);
    bill.extend(crate::apis::bill(scenario, option, stage, prices)?);
    // summaries in scenario order
    let order: Vec<&str> = scenario.file.services.iter().map(|s| s.name.as_str()).collect();
    bill.services.sort_by_key(|s| order.iter().position(|n| *n == s.name).unwrap_or(usize::MAX));
    let labour: f64 = bill.line_items.iter().filter(|l| l.part == billing::Part::TeamTime).map(|l| l.monthly_cost_usd).sum();
    let total = bill.total();
    Ok(OptionResult {
        scenario: scenario.slug.clone(),
        scenario_name: scenario.file.scenario.name.clone(),
        option: option.name.clone(),
        platform: option.platform.as_str().to_string(),
        reference: option.reference,
        stage: stage.name.clone(),
        users: stage.users,
        month: stage.month,
        monthly_cost_usd: total,
        infrastructure_usd: total - labour,
        labour_usd: labour,
        services: bill.services,
        line_items: bill.line_items,
        missing_prices: bill.missing_prices,
        assumptions: bill.assumptions,
        warnings: bill.findings.iter().map(|f| f.message.clone()).collect(),
        findings: bill.findings,
    })
}

fn pinned_to(ctx: &Context, s: &Service, providers: &[&str]) -> bool {
    ctx.pin(&s.name).provider.as_ref().is_some_and(|p| providers.contains(&p.get_ref().as_str()))
}

/// Services pinned off the option's platform: each goes to its provider's engine.
fn others(ctx: &Context, services: &[&Service]) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    for s in services {
        let provider = ctx.pin(&s.name).provider.map(|p| p.get_ref().clone()).unwrap_or_default();
        let one = [*s];
        bill.extend(match provider.as_str() {
            "vercel" => billing::vercel::bill(ctx, &one)?,
            "fly" => billing::fly::bill(ctx, &one)?,
            "render" => billing::render::bill(ctx, &one)?,
            _ => Bill::default(),
        });
    }
    Ok(bill)
}

/// Prices every option of every scenario at every stage (as filtered).
pub fn run(scenarios: &[Scenario], prices: &Prices, filter: &Filter) -> Result<Results, Diagnostic> {
    let mut results = Vec::new();
    for scenario in scenarios {
        for name in &filter.stages {
            if !scenario.file.stages.iter().any(|s| &s.name == name) {
                let names: Vec<String> = scenario.file.stages.iter().map(|s| s.name.clone()).collect();
                return Err(Diagnostic::file(&scenario.path, format!("no stage named `{name}`")).with_help(format!("stages: {}", crate::error::one_of(&names))));
            }
        }
        for name in &filter.options {
            if !scenario.file.options.iter().any(|o| &o.name == name) {
                let names: Vec<String> = scenario.file.options.iter().map(|o| o.name.clone()).collect();
                return Err(
                    Diagnostic::file(&scenario.path, format!("no option named `{name}`")).with_help(format!("options: {}", crate::error::one_of(&names)))
                );
            }
        }
        for (oi, option) in scenario.file.options.iter().enumerate() {
            if !filter.options.is_empty() && !filter.options.contains(&option.name) {
                continue;
            }
            for (si, stage) in scenario.file.stages.iter().enumerate() {
                if !filter.stages.is_empty() && !filter.stages.contains(&stage.name) {
                    continue;
                }
                results.push(price_option(scenario, oi, si, prices)?);
            }
        }
    }
    Ok(Results { schema_version: SCHEMA_VERSION, price_books: prices.infos(), results })
}

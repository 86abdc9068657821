//! The simulation: every option of every scenario at every stage, priced.
//!
//! Places each service on its provider (the option's platform, or a pin), hands
//! each provider's services to its billing engine, and joins the bills into one
//! [`OptionResult`] per (scenario, option, stage).

use serde::Serialize;

use crate::billing::{self, Context};
use crate::error::Diagnostic;
use crate::findings::{Finding, FindingKind};
use crate::ledger::{Bill, LineItem, ServiceSummary};
use crate::pricing::{MissingPrice, Prices};
use crate::scenario::Scenario;
use crate::scenario::model::{Platform, Service};

/// One option of one scenario at one stage, priced.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
    /// Hosting per month, USD: what differs between options (platform, machines,
    /// databases, storage, traffic, add-ons).
    pub hosting_usd: f64,
    /// Third-party metered services per month, USD (LLM tokens, image APIs, email…).
    pub apis_usd: f64,
    /// The team's time per month, USD (hours × rate).
    pub team_time_usd: f64,
    /// The team's hours per month behind `team_time_usd`.
    pub team_hours: f64,
    /// Where the hours and rate come from, in words.
    pub team_time_basis: String,
    /// The cash bill per month, USD: hosting + APIs (what invoices show).
    pub monthly_cost_usd: f64,
    /// The cash bill plus the team's time, USD.
    pub with_team_time_usd: f64,
    /// The cash bill, USD (the name of earlier outputs; equals `monthly_cost_usd`).
    pub infrastructure_usd: f64,
    /// The team's time, USD (the name of earlier outputs; equals `team_time_usd`).
    pub labour_usd: f64,
    /// The total that ranks the options of this scenario: `with_team_time` or `cash`.
    pub rank_by: crate::scenario::model::RankBy,
    /// Every price the bill needs was found (false: every total is a lower bound).
    pub complete: bool,
    /// The platform can host every service (false: not available for this app;
    /// the totals are still numbers).
    pub available: bool,
    /// The one recommended option of this scenario and stage.
    pub recommended: bool,
    /// Typed findings (missing prices included): kind, severity, message, location.
    pub diagnostics: Vec<crate::findings::Finding>,
    /// Per-service summary.
    pub services: Vec<ServiceSummary>,
    /// Priced lines.
    pub line_items: Vec<LineItem>,
    /// Prices needed and not found: their cost is not in the total.
    pub missing_prices: Vec<MissingPrice>,
    /// Assumptions made.
    pub assumptions: Vec<String>,
    /// The findings' messages (the field of earlier outputs; decide by `diagnostics`).
    pub warnings: Vec<String>,
    /// The tax the buyer pays per month, USD, already in `hosting_usd`/`apis_usd`
    /// (the lines with component `tax`); 0 when no tax rate is set.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub tax_usd: f64,
    /// The cash bill in the display currency (`--currency`): `monthly_cost_usd × rate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<f64>,
    /// The display currency's ISO code, when one was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Units of `currency` per USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// Which options and stages to run (empty = all).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Stage names.
    pub stages: Vec<String>,
    /// Option names.
    pub options: Vec<String>,
}

/// Services times (option, stage) pairs below which a run prices on one thread: the
/// threads would cost more than they save.
const PARALLEL_FROM: usize = 2_000;

/// Prices each (scenario, option, stage) of `jobs`, in their order. Each is priced
/// apart from the others, so large runs share them among the machine's cores; the
/// results (and the error returned, the first in job order) are the same whatever
/// the number of threads.
fn price_jobs(jobs: &[(&Scenario, usize, usize)], prices: &Prices) -> Result<Vec<OptionResult>, Diagnostic> {
    let work: usize = jobs.iter().map(|(s, _, _)| s.file.services.len().max(1)).sum();
    crate::parallel::map(jobs, work, PARALLEL_FROM, |&(scenario, oi, si)| price_option(scenario, oi, si, prices)).into_iter().collect()
}

/// Prices one option at one stage.
pub fn price_option(scenario: &Scenario, option_index: usize, stage_index: usize, prices: &Prices) -> Result<OptionResult, Diagnostic> {
    price_at(scenario, option_index, &scenario.file.stages[stage_index], prices)
}

/// Prices one option at a load point that need not be one of the scenario's stages
/// (the timeline's months): the platform's engines, the account-wide lines, then
/// the row with its totals by part.
pub fn price_at(scenario: &Scenario, option_index: usize, stage: &crate::scenario::model::Stage, prices: &Prices) -> Result<OptionResult, Diagnostic> {
    let option = &scenario.file.options[option_index];
    let ctx = Context::new(scenario, stage, option, prices);
    let mut bill = place(&ctx)?;
    let team_hours = account_lines(&ctx, &mut bill)?;
    Ok(row(&ctx, bill, team_hours))
}

/// Hands each service to its provider's engine: the option's platform, or its pin.
fn place(ctx: &Context) -> Result<Bill, Diagnostic> {
    let services: Vec<&Service> = ctx.scenario.file.services.iter().collect();
    let mut bill = Bill::default();
    match ctx.option.platform {
        Platform::Fly => {
            let (elsewhere, fly): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| pinned_to(ctx, s, &["vercel", "render"]));
            bill.extend(billing::fly::bill(ctx, &fly)?);
            bill.extend(others(ctx, &elsewhere)?);
        }
        Platform::Render => {
            let (elsewhere, render): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| pinned_to(ctx, s, &["vercel", "fly"]));
            bill.extend(billing::render::bill(ctx, &render)?);
            bill.extend(others(ctx, &elsewhere)?);
        }
        Platform::VercelFly => {
            let (mut front, mut back): (Vec<&Service>, Vec<&Service>) = (Vec::new(), Vec::new());
            for s in &services {
                if billing::vercel::on_vercel(ctx, s)? {
                    front.push(s);
                } else {
                    if let Some(why) = billing::vercel::kept_on_fly(ctx, s)? {
                        bill.assume(why);
                    }
                    back.push(s);
                }
            }
            if front.is_empty() {
                bill.flag(Finding::new(
                    FindingKind::NoFrontEnd,
                    "same as Fly: no front end. The app has no service that serves pages (a `static` service, or a `web` service with a front-end framework), so nothing runs on Vercel and no Vercel plan is billed",
                ));
            } else {
                bill.extend(billing::vercel::bill(ctx, &front)?);
            }
            let (elsewhere, fly): (Vec<&Service>, Vec<&Service>) = back.iter().partition(|s| pinned_to(ctx, s, &["render"]));
            bill.extend(billing::fly::bill(ctx, &fly)?);
            bill.extend(others(ctx, &elsewhere)?);
        }
        Platform::Compose => {
            let (elsewhere, compose): (Vec<&Service>, Vec<&Service>) = services.iter().partition(|s| pinned_to(ctx, s, &["vercel", "fly", "render"]));
            bill.extend(billing::compose::bill(ctx, &compose)?);
            bill.extend(others(ctx, &elsewhere)?);
        }
    }
    Ok(bill)
}

/// The lines of the whole account: add-ons, metered APIs, overlay adjustments, tax
/// and the team's time; returns the team's hours basis.
fn account_lines(ctx: &Context, bill: &mut Bill) -> Result<Option<billing::team::Hours>, Diagnostic> {
    let (scenario, option, stage, prices) = (ctx.scenario, ctx.option, ctx.stage, ctx.prices);
    let days = scenario.file.scenario.days_per_month;
    if !crate::money::is_average_month(days) {
        bill.assume(crate::money::volume_basis(days));
    }
    billing::addons(ctx, bill);
    bill.extend(crate::apis::bill(scenario, option, stage, prices)?);
    let adjustments = billing::adjust::lines(prices, &bill.line_items);
    bill.line_items.extend(adjustments);
    if let Some(tax) = &scenario.file.tax {
        let (lines, notes) = billing::tax::lines(tax, &scenario.tax_origin(), prices, &bill.line_items);
        bill.line_items.extend(lines);
        bill.findings.extend(notes);
    }
    let nodes = bill.compose_nodes;
    Ok(billing::team::bill(ctx, nodes, bill))
}

/// The row of one option at one stage: the bill's lines and summaries with its
/// totals by part.
fn row(ctx: &Context, mut bill: Bill, team_hours: Option<billing::team::Hours>) -> OptionResult {
    let (scenario, option, stage) = (ctx.scenario, ctx.option, ctx.stage);
    // summaries in scenario order
    let order: std::collections::HashMap<&str, usize> = scenario.file.services.iter().enumerate().map(|(i, s)| (s.name.as_str(), i)).collect();
    bill.services.sort_by_key(|s| order.get(s.name.as_str()).copied().unwrap_or(usize::MAX));
    let part = |p: crate::ledger::Part| -> f64 { bill.line_items.iter().filter(|l| l.part == p).map(|l| l.monthly_cost_usd).sum() };
    let (hosting, apis, team) = (part(crate::ledger::Part::Hosting), part(crate::ledger::Part::Apis), part(crate::ledger::Part::TeamTime));
    let team_time_basis = team_hours.map(|h| format!("{} at ${}/h", h.basis, crate::money::quantity(h.rate_usd))).unwrap_or_default();
    let tax: f64 = bill.line_items.iter().filter(|l| l.owner == crate::ledger::Owner::Tax).map(|l| l.monthly_cost_usd).sum();
    let team_hours: f64 = bill.line_items.iter().filter(|l| l.part == crate::ledger::Part::TeamTime).map(|l| l.quantity).sum();
    let mut diagnostics = bill.findings.clone();
    for m in &bill.missing_prices {
        diagnostics.push(Finding::new(FindingKind::MissingPrice, format!("no price for {} `{}` (needed for {})", m.provider, m.entry, m.needed_for)));
    }
    let available = !diagnostics.iter().any(|d| matches!(d.kind, FindingKind::CannotHost | FindingKind::NoLongerSold));
    OptionResult {
        scenario: scenario.slug.clone(),
        scenario_name: scenario.file.scenario.name.clone(),
        option: option.name.clone(),
        platform: option.platform.as_str().to_string(),
        reference: option.reference,
        stage: stage.name.clone(),
        users: stage.users,
        month: stage.month,
        hosting_usd: hosting,
        apis_usd: apis,
        team_time_usd: team,
        team_hours,
        team_time_basis,
        monthly_cost_usd: hosting + apis,
        with_team_time_usd: hosting + apis + team,
        infrastructure_usd: hosting + apis,
        labour_usd: team,
        rank_by: scenario.file.scenario.rank_by,
        complete: bill.missing_prices.is_empty(),
        available,
        recommended: false,
        diagnostics,
        services: bill.services,
        line_items: bill.line_items,
        missing_prices: bill.missing_prices,
        assumptions: bill.assumptions,
        warnings: bill.findings.iter().map(|f| f.message.clone()).collect(),
        tax_usd: tax,
        monthly_cost: None,
        currency: None,
        rate: None,
    }
}

fn pinned_to(ctx: &Context, s: &Service, providers: &[&str]) -> bool {
    ctx.pin(&s.name).provider.as_ref().is_some_and(|p| providers.contains(&p.get_ref().as_str()))
}

/// Services pinned off the option's platform: each goes to its provider's engine.
fn others(ctx: &Context, services: &[&Service]) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    for s in services {
        let provider = ctx.pin(&s.name).provider.as_ref().map(|p| p.get_ref().as_str()).unwrap_or_default();
        let one = [*s];
        bill.extend(match provider {
            "vercel" => billing::vercel::bill(ctx, &one)?,
            "fly" => billing::fly::bill(ctx, &one)?,
            "render" => billing::render::bill(ctx, &one)?,
            _ => Bill::default(),
        });
    }
    Ok(bill)
}

/// Prices every option of every scenario at every stage (as filtered), in
/// scenario-file order.
pub fn run(scenarios: &[Scenario], prices: &Prices, filter: &Filter) -> Result<Vec<OptionResult>, Diagnostic> {
    // the rule table of what each platform can host is read (strictly) before anything is priced
    crate::platforms::can_host::rules()?;
    let mut jobs: Vec<(&Scenario, usize, usize)> = Vec::new();
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
                jobs.push((scenario, oi, si));
            }
        }
    }
    price_jobs(&jobs, prices)
}

//! Vercel billing (the front end of the Vercel + Fly hybrid).
//!
//! Rules (https://vercel.com/docs/plans/pro-plan and /docs/plans/hobby, vendored
//! copies of 2026-02-19; https://vercel.com/docs/functions/usage-and-pricing,
//! 2026-04-03; regional pricing pages, 2025-10-20; research/pricing.md §3):
//! - Hobby is free and for non-commercial personal use only; it has hard caps and
//!   no overage billing (a feature pauses when a cap is reached). A commercial
//!   product is priced on Pro.
//! - Pro: a platform fee with one deploying seat and a monthly usage credit;
//!   further deploying seats per month; 1 TB Fast Data Transfer and 10M Edge
//!   Requests included; usage beyond that is priced by region and paid first from
//!   the credit, then on demand.
//! - Functions (Fluid compute): Active CPU per CPU-hour (only while code runs),
//!   provisioned memory per GB-hour for the instance's lifetime, invocations per
//!   million; Fast Origin Transfer per GB of what functions send back through the
//!   CDN (regional price; no included amount was found, none is taken).

use super::{Bill, Context, LineOwner, Owner};
use crate::capacity::profile;
use crate::error::{Diagnostic, one_of};
use crate::findings::{Finding, FindingKind};
use crate::pricing::Price;
use crate::scenario::model::{Kind, Service};

/// Provider id of Vercel's price book.
pub const PROVIDER: &str = "vercel";

/// The size one function instance of a service runs at on Vercel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunctionSize {
    /// Provisioned memory, GB.
    pub memory_gb: f64,
    /// vCPUs.
    pub vcpus: f64,
}

/// The function size `service` runs at on `plan`: the smallest Vercel size holding
/// its configured memory, else Vercel's default (`data/hosting.toml` `[vercel].sizes`),
/// with the assumption it takes stated; a size the plan cannot choose is a plan limit.
/// Memory past every size is refused by [`refusal`]; it is priced at the largest. A
/// pinned `size` (the project's dashboard setting) is that size; an unknown one is an
/// error listing Vercel's sizes.
pub fn function_size(ctx: &Context, service: &Service, plan: &str, bill: &mut Bill) -> Result<FunctionSize, Diagnostic> {
    let rules = crate::platforms::can_host::rules()?;
    let v = &rules.vercel;
    let cite = rules.cite(&v.sizes_source);
    // a pinned size that is not a Vercel size is the other engine's (a hybrid pin for Fly)
    let pin = &ctx.pin(&service.name).size;
    let pinned = pin.as_ref().and_then(|p| v.sizes.iter().find(|s| &s.name == p.get_ref()));
    if let Some(p) = pin.as_ref().filter(|_| pinned.is_none()) {
        let names: Vec<String> = v.sizes.iter().map(|s| s.name.clone()).collect();
        bill.assume(format!(
            "Vercel: `{}` is pinned to size `{}`, which is not a Vercel function size ({}); it runs at the size its memory needs",
            service.name,
            p.get_ref(),
            one_of(&names)
        ));
    }
    let size = pinned.or_else(|| rules.vercel_size(service.memory_mb)).or(v.sizes.last());
    let Some(size) = size else {
        return Ok(FunctionSize { memory_gb: 0.0, vcpus: 0.0 });
    };
    let label = format!("`{}` ({:.0} GB, {} vCPU)", size.name, size.memory_mb / 1024.0, size.vcpus);
    let name = &service.name;
    if let Some(mb) = service.memory_mb.filter(|mb| *mb > size.memory_mb + 1e-6) {
        bill.flag_service(FindingKind::Undersized, name, format!("`{name}` is configured with {mb:.0} MB but pinned to the Vercel size {label}"));
    }
    match (service.memory_mb, pinned) {
        (_, Some(_)) => bill.assume(format!("Vercel: `{name}`'s functions run at the pinned size {label} ({cite})")),
        (None, None) => bill.assume(format!("Vercel: `{name}` configures no memory, so its functions run at Vercel's default size {label} ({cite})")),
        (Some(mb), None) => bill.assume(format!(
            "Vercel: `{name}` is configured with {mb:.0} MB, so its functions run at {label}, the smallest Vercel size that holds it ({cite})"
        )),
    }
    if !size.plans.iter().any(|p| p == plan) {
        bill.flag(
            Finding::new(
                FindingKind::PlanLimit,
                format!(
                    "Vercel `{plan}` cannot choose the function size {label} that `{name}`'s configured memory needs (sold on: {}) ({cite})",
                    size.plans.join(", ")
                ),
            )
            .for_service(name),
        );
    }
    if size.vcpus > 1.0 {
        bill.assume(format!(
            "Vercel: Active CPU is the CPU time `{name}`'s code uses, so the {} vCPUs of {label} do not multiply it; only the provisioned memory grows with the size ({})",
            size.vcpus,
            rules.cite(&v.source)
        ));
    }
    Ok(FunctionSize { memory_gb: size.memory_mb / 1024.0, vcpus: size.vcpus })
}

/// Whether a service serves pages: a `static` service, or a `web` service with a
/// known front-end framework (Next.js, SvelteKit, Nuxt, Remix, Astro, a static build).
pub fn is_front_end(service: &Service) -> bool {
    match service.kind {
        Kind::Static => true,
        Kind::Web => service.frontend.is_some(),
        _ => false,
    }
}

/// The Vercel plan an option runs on: its `plan`, else Pro for a commercial product, else Hobby.
pub fn plan_name(ctx: &Context) -> String {
    match &ctx.option.plan {
        Some(p) => p.get_ref().clone(),
        None if ctx.scenario.file.scenario.commercial => "pro".to_string(),
        None => "hobby".to_string(),
    }
}

/// Why Vercel Functions cannot host `service` in this option, or `None` when they can.
pub fn refusal(ctx: &Context, service: &Service) -> Result<Option<String>, Diagnostic> {
    let rules = crate::platforms::can_host::rules()?;
    let volume = ctx.pin(&service.name).volume_gb.unwrap_or(service.volume_gb);
    Ok(rules.vercel_refusal(service, &plan_name(ctx), volume))
}

/// Whether a service is placed on Vercel in the hybrid: pinned there, or a front end
/// Vercel can host. Everything else stays on Fly.
pub fn on_vercel(ctx: &Context, service: &Service) -> Result<bool, Diagnostic> {
    Ok(match &ctx.pin(&service.name).provider {
        Some(p) => p.get_ref() == PROVIDER,
        None => is_front_end(service) && refusal(ctx, service)?.is_none(),
    })
}

/// Why the hybrid keeps a page-serving or `web` service on Fly, when it does.
pub fn kept_on_fly(ctx: &Context, service: &Service) -> Result<Option<String>, Diagnostic> {
    if ctx.pin(&service.name).provider.is_some() || !matches!(service.kind, Kind::Web | Kind::Static) {
        return Ok(None);
    }
    if !is_front_end(service) {
        return Ok(Some(format!(
            "Vercel + Fly: `{}` is a `web` service with no front-end framework known (set `frontend`), so it stays on Fly as a back end",
            service.name
        )));
    }
    Ok(refusal(ctx, service)?.map(|why| format!("Vercel + Fly: `{}` stays on Fly. {why}", service.name)))
}

/// Bills the front-end services on Vercel: the region and plan, the plan fee and
/// seats, each service's usage, the six usage meters against the plan's included
/// amounts, then the plan's usage credit and each service's share of the meters.
pub fn bill(ctx: &Context, services: &[&Service]) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    let Some(book) = ctx.prices.book(PROVIDER) else {
        bill.missing(crate::pricing::MissingPrice { provider: PROVIDER.into(), entry: "(price book)".into(), needed_for: "the Vercel front end".into() });
        return Ok(bill);
    };
    let region = region(ctx, book)?;
    let Some(plan) = plan_and_seats(ctx, book, &mut bill)? else { return Ok(bill) };
    let usage = usage(ctx, services, &plan, &region, &mut bill)?;
    // usage is metered per account; with one front-end service it is that service's
    let owner: LineOwner = if usage.front.len() == 1 { (&usage.front[0]).into() } else { Owner::Frontends.into() };
    let usage_start = bill.line_items.len();
    let meters = usage.meters();
    let meter_cost = charge_meters(ctx, &plan, &region, &meters, &owner, &mut bill);
    let used: f64 = bill.line_items[usage_start..].iter().map(|l| l.monthly_cost_usd).sum();
    credit(ctx, &plan, used, &mut bill);
    attribute(&mut bill, &owner, &usage.parts, &meters.map(|m| m.3), &meter_cost);
    Ok(bill)
}

/// The option's Vercel region, checked against the book; the book's
/// `default_region` when none is set.
fn region(ctx: &Context, book: &crate::pricing::book::PriceBook) -> Result<String, Diagnostic> {
    match &ctx.option.vercel_region {
        Some(r) => {
            if !book.regions.is_empty() && !book.regions.contains_key(r.get_ref()) {
                let names: Vec<String> = book.regions.keys().cloned().collect();
                return Err(ctx
                    .scenario
                    .at(r.span(), format!("unknown Vercel region `{}`", r.get_ref()))
                    .with_help(format!("regions in the price book: {}", one_of(&names))));
            }
            Ok(r.get_ref().clone())
        }
        None => book.default_region.clone().ok_or_else(|| {
            ctx.scenario
                .at(0..0, "the Vercel price book names no `default_region`, and the option sets no `vercel_region`")
                .with_help("set `vercel_region` on the option, or `default_region` in the book")
        }),
    }
}

/// The Vercel plan an option is on, with its book entry.
struct PlanOf {
    name: String,
    def: crate::pricing::book::Plan,
    /// Hobby: non-commercial, no overage billing, one member.
    is_hobby: bool,
}

/// Checks the plan, charges its fee and the seats beyond those included; `None`
/// (with a missing price) when the book lacks the plan.
fn plan_and_seats(ctx: &Context, book: &crate::pricing::book::PriceBook, bill: &mut Bill) -> Result<Option<PlanOf>, Diagnostic> {
    let plan_names: Vec<String> = book.plans.keys().cloned().collect();
    if let Some(p) = &ctx.option.plan
        && !book.plans.contains_key(p.get_ref())
    {
        return Err(ctx.scenario.at(p.span(), format!("unknown Vercel plan `{}`", p.get_ref())).with_help(format!("valid plans: {}", one_of(&plan_names))));
    }
    let plan = plan_name(ctx);
    let Some(def) = book.plans.get(&plan).cloned() else {
        bill.missing(crate::pricing::MissingPrice { provider: PROVIDER.into(), entry: format!("plans.{plan}"), needed_for: "the Vercel plan".into() });
        return Ok(None);
    };
    let is_hobby = !def.features.iter().any(|f| f == "commercial");
    if is_hobby && ctx.scenario.file.scenario.commercial {
        bill.flag(Finding::new(
            FindingKind::PlanLimit,
            format!("Vercel `{plan}` is for non-commercial personal use only; this product is commercial, so it needs Pro"),
        ));
    }
    match ctx.prices.plan(PROVIDER, "plans", &plan, "the Vercel plan") {
        Ok(p) => bill.charge(Owner::Account, "plan", format!("Vercel `{plan}`"), 1.0, &p, PROVIDER),
        Err(m) => bill.missing(m),
    }
    let included_seats = def.included.get("seats").copied().unwrap_or(1.0);
    let extra_seats = (ctx.option.seats as f64 - included_seats).max(0.0);
    if extra_seats > 0.0 {
        if is_hobby {
            bill.flag(Finding::new(FindingKind::PlanLimit, format!("Vercel `{plan}` has one member; {} seats were asked for", ctx.option.seats)));
        } else {
            match ctx.prices.rate(PROVIDER, "seat", None, "deploying seats") {
                Ok(p) => bill.charge(Owner::Account, "seats", format!("{} extra deploying seat(s)", extra_seats), extra_seats, &p, PROVIDER),
                Err(m) => bill.missing(m),
            }
        }
    }
    Ok(Some(PlanOf { name: plan, def, is_hobby }))
}

/// The usage of the front-end services, summed over them, with each service's part.
#[derive(Default)]
struct Usage {
    requests: f64,
    /// Fast Data Transfer, GB.
    fdt: f64,
    /// Fast Origin Transfer: the bytes functions send back through the CDN, GB.
    fot: f64,
    invocations: f64,
    cpu_hours: f64,
    memory_gb_hours: f64,
    /// The services billed here.
    front: Vec<String>,
    /// Each service's part of each meter (in the order of [`Usage::meters`]).
    parts: Vec<(String, [f64; 6])>,
}

/// One usage meter: component, rate key, allowance key, amount used, and the
/// scale of the book's allowance (per million or per unit).
type Meter = (&'static str, &'static str, &'static str, f64, f64);

impl Usage {
    fn meters(&self) -> [Meter; 6] {
        [
            ("edge requests", "edge_requests_1m", "edge_requests", self.requests / 1e6, 1e6),
            ("data transfer", "fdt_gb", "fdt_gb", self.fdt, 1.0),
            ("origin transfer", "fot_gb", "fot_gb", self.fot, 1.0),
            ("function invocations", "invocations_1m", "invocations", self.invocations / 1e6, 1e6),
            ("active CPU", "active_cpu_hour", "active_cpu_hours", self.cpu_hours, 1.0),
            ("provisioned memory", "memory_gb_hour", "memory_gb_hours", self.memory_gb_hours, 1.0),
        ]
    }
}

/// What each front-end service uses: cron runs, requests, transfer and function time.
fn usage(ctx: &Context, services: &[&Service], plan: &PlanOf, region: &str, bill: &mut Bill) -> Result<Usage, Diagnostic> {
    let mut u = Usage::default();
    for service in services {
        if super::placed_elsewhere(ctx, service, bill)? {
            continue;
        }
        if service.gpu.is_some() {
            super::gpu::cannot_host("Vercel", PROVIDER, service, bill);
            continue;
        }
        if let Some(why) = refusal(ctx, service)? {
            bill.flag_service(FindingKind::CannotHost, &service.name, why);
        }
        let d = ctx.demand(service);
        if service.kind == Kind::Cron {
            let size = function_size(ctx, service, &plan.name, bill)?;
            let run = cron_usage(ctx, service, &d, &plan.name, size, bill)?;
            u.parts.push((service.name.clone(), [0.0, 0.0, 0.0, run.invocations / 1e6, run.cpu_hours, run.memory_gb_hours]));
            u.invocations += run.invocations;
            u.cpu_hours += run.cpu_hours;
            u.memory_gb_hours += run.memory_gb_hours;
            bill.summarise(service, PROVIDER, format!("cron function ({region})"), 0.0, 0, "schedule");
            u.front.push(service.name.clone());
            continue;
        }
        let (before_inv, before_cpu, before_mem, before_fot) = (u.invocations, u.cpu_hours, u.memory_gb_hours, u.fot);
        u.requests += d.requests_per_month;
        u.fdt += d.egress_gb_month;
        let size = if service.kind == Kind::Static { None } else { Some(function_size(ctx, service, &plan.name, bill)?) };
        if let Some(size) = size {
            u.fot += d.egress_gb_month;
            u.invocations += d.requests_per_month;
            u.cpu_hours += d.requests_per_month * service.cpu_ms_per_request / 3_600_000.0;
            let hours = 24.0 * ctx.scenario.file.scenario.days_per_month;
            u.memory_gb_hours += instances(ctx, service, &d) * hours * size.memory_gb;
        }
        u.parts.push((
            service.name.clone(),
            [
                d.requests_per_month / 1e6,
                d.egress_gb_month,
                u.fot - before_fot,
                (u.invocations - before_inv) / 1e6,
                u.cpu_hours - before_cpu,
                u.memory_gb_hours - before_mem,
            ],
        ));
        let shown = if service.kind == Kind::Static { "static (CDN)".to_string() } else { format!("functions ({region})") };
        bill.summarise(service, PROVIDER, shown, 0.0, 0, "usage");
        if let Some(size) = size {
            bill.sized(size.vcpus, size.memory_gb * 1024.0);
        }
        u.front.push(service.name.clone());
    }
    Ok(u)
}

/// Function instances up on average: per five-minute slot, overlapping requests
/// share an instance up to the concurrency limit; a lone request keeps one up for
/// its latency, waits on third-party calls included (memory is provisioned while a
/// function waits on an LLM; Active CPU counts only the CPU).
fn instances(ctx: &Context, service: &Service, d: &crate::capacity::Demand) -> f64 {
    let shape = profile::daily_shape(ctx.stage.peak_to_average);
    let conc = service.concurrency.max(1) as f64;
    let busy: f64 = shape
        .iter()
        .map(|w| {
            let x = d.avg_rps * w * d.latency_s;
            (x / conc).max(x.min(1.0))
        })
        .sum();
    busy / shape.len() as f64
}

/// Charges each meter above the plan's included amount (Hobby: flags a meter over
/// its cap instead, as Hobby has no overage); returns each meter's cost.
fn charge_meters(ctx: &Context, plan: &PlanOf, region: &str, meters: &[Meter; 6], owner: &LineOwner, bill: &mut Bill) -> [f64; 6] {
    let mut meter_cost = [0.0; 6];
    for (i, &(component, rate, allowance, used, scale)) in meters.iter().enumerate() {
        if used <= 0.0 {
            continue;
        }
        let included = plan.def.included.get(allowance).map(|v| v / scale).unwrap_or(0.0);
        if plan.is_hobby {
            if let Some(cap) = plan.def.limits.get(allowance).map(|v| v / scale)
                && used > cap
            {
                bill.flag(Finding::new(
                    FindingKind::OverCap,
                    format!(
                        "Vercel `{}`: {component} {} is over the cap of {}; Hobby has no overage billing, the feature pauses until the period resets",
                        plan.name,
                        crate::money::quantity(used),
                        crate::money::quantity(cap)
                    ),
                ));
            }
            continue;
        }
        match ctx.prices.rate(PROVIDER, rate, Some(region), component) {
            Ok(mut p) => {
                p.free = included;
                bill.meter(owner.clone(), component, format!("{} {}", crate::money::quantity(used), p.unit), used, &p, PROVIDER);
                meter_cost[i] = bill.line_items.last().map(|l| l.monthly_cost_usd).unwrap_or(0.0);
            }
            Err(m) => bill.missing(m),
        }
    }
    meter_cost
}

/// The plan's monthly usage credit (Pro), applied up to the usage billed.
fn credit(ctx: &Context, plan: &PlanOf, usage: f64, bill: &mut Bill) {
    if let Some(credit) = plan.def.included.get("credit_usd")
        && usage > 0.0
        && let Ok(p) = ctx.prices.plan(PROVIDER, "plans", &plan.name, "the usage credit")
    {
        let applied = credit.min(usage);
        let credit_price = Price { amount: -applied, usd: -applied, unit: "month".into(), ..p };
        bill.charge(Owner::Account, "usage credit", format!("Pro usage credit (up to ${credit:.0})"), 1.0, &credit_price, PROVIDER);
    }
}

/// Sets each Vercel service summary's cost: its own lines, or, when the usage is
/// billed to the account's front end as a whole, its share of each meter (before
/// the credit).
fn attribute(bill: &mut Bill, owner: &LineOwner, parts: &[(String, [f64; 6])], totals: &[f64; 6], meter_cost: &[f64; 6]) {
    let own_cost = crate::ledger::index::sums(bill.line_items.iter().map(|l| (l.service.as_str(), l.monthly_cost_usd)));
    let mut parts_of: std::collections::HashMap<&str, Vec<&[f64; 6]>> = std::collections::HashMap::new();
    for (n, p) in parts {
        parts_of.entry(n.as_str()).or_default().push(p);
    }
    for summary in bill.services.iter_mut().filter(|s| s.provider == PROVIDER) {
        let own: f64 = own_cost.get(summary.name.as_str()).copied().unwrap_or(0.0);
        let share: f64 = parts_of
            .get(summary.name.as_str())
            .into_iter()
            .flatten()
            .filter(|_| owner.label != summary.name)
            .map(|p| (0..totals.len()).filter(|i| totals[*i] > 0.0).map(|i| meter_cost[i] * p[i] / totals[i]).sum::<f64>())
            .sum();
        summary.monthly_cost_usd = own + share;
    }
}

/// What a cron job's runs use of Vercel Functions in a month.
struct CronUsage {
    invocations: f64,
    cpu_hours: f64,
    memory_gb_hours: f64,
}

/// A Vercel cron job invokes a function on its schedule, billed as any function
/// invocation: the invocation, Active CPU while its code runs and provisioned memory
/// for the run's duration. Hobby runs a cron at most once a day.
fn cron_usage(ctx: &Context, service: &Service, d: &crate::capacity::Demand, plan: &str, size: FunctionSize, bill: &mut Bill) -> Result<CronUsage, Diagnostic> {
    let rules = crate::platforms::can_host::rules()?;
    if let Some(max) = rules.vercel.cron_runs_per_day_max.get(plan)
        && d.runs_per_day > *max
    {
        bill.flag(
            Finding::new(
                FindingKind::PlanLimit,
                format!(
                    "Vercel `{plan}` runs a cron job at most {} time(s) a day; `{}` runs {} times a day ({})",
                    crate::money::quantity(*max),
                    service.name,
                    crate::money::quantity(d.runs_per_day),
                    rules.cite(&rules.vercel.cron_source)
                ),
            )
            .for_service(&service.name),
        );
    }
    let runs = d.runs_per_day * ctx.scenario.file.scenario.days_per_month;
    let run_s = super::cron::run_minutes(service, bill) * 60.0;
    let cpu_s = if service.cpu_ms_per_job > 0.0 { (service.cpu_ms_per_job / 1000.0).min(run_s) } else { run_s };
    if service.cpu_ms_per_job <= 0.0 {
        bill.assume(format!("Vercel: cron `{}` is on the CPU for its whole run of {run_s} s (set `cpu_ms_per_job` for less)", service.name));
    }
    bill.assume(format!(
        "Vercel: cron `{}` runs {} times a month as a function with {} GB for {run_s} s each",
        service.name,
        crate::money::quantity(runs),
        size.memory_gb
    ));
    Ok(CronUsage { invocations: runs, cpu_hours: runs * cpu_s / 3600.0, memory_gb_hours: runs * run_s / 3600.0 * size.memory_gb })
}

//! Render billing.
//!
//! Rules (research/pricing.md §2, sources dated July–October 2026; workspace plans
//! of 2026-04-23, https://render.com/docs/organizations; autoscaling and disks,
//! github.com/render-oss/skills, commit 2026-08-18):
//! - A workspace plan per month (Hobby / Pro / Scale). hostcast takes the one with
//!   the lowest fee plus bandwidth overage among the plans that allow what the option
//!   uses: autoscaling needs Pro or higher, and so does a Postgres HA standby (a
//!   team workspace); Hobby allows 25 services.
//! - Each instance of a web service, private service or background worker is billed
//!   its instance type's monthly price (prorated per second); an autoscaled service
//!   for its average running count. Paid instances do not stop when idle.
//! - A persistent disk per GB-month; a disk limits its service to one instance.
//! - Cron jobs per minute of run time by instance type, with a $1 monthly minimum
//!   per cron service.
//! - Static sites have no instance charge; their traffic counts toward bandwidth.
//! - Postgres: a plan fee plus storage per GB-month (1 GB, or multiples of 5 GB).
//!   High availability (https://render.com/docs/postgresql-high-availability): a
//!   standby of the same instance type, billed as the primary, on the Pro instance
//!   types or higher; a high-availability stage takes the cheapest such plan that
//!   fits. Key Value: a plan fee by memory.
//! - The instance-type ids Render renamed in August 2026 (`0.5c-512mb`, `1c-2g`, …)
//!   are aliases of the book's keys and price like them.
//! - Outbound bandwidth beyond the plan's included amount per GB.

use super::{Bill, Candidate, Context, Owner, choose_size};
use crate::capacity::bound_name;
use crate::capacity::{self, Machine, Workload, data};
use crate::error::{Diagnostic, one_of};
use crate::money::count_label;
use crate::scenario::model::{Kind, Service};

/// Provider id of Render's price book.
pub const PROVIDER: &str = "render";
/// Why an `object_storage` service on Render is priced on Cloudflare R2 by default.
pub const NO_OBJECT_STORE: &str = "Render sells no object store, so the default is Cloudflare R2, an S3-compatible store with no egress fees (set `store` on the option's service to choose another, or `deploy = \"machine\"` for a self-run MinIO on a disk)";

/// Bills the given services on Render: the workspace plan (the one set, else the
/// cheapest that allows what the option uses), each service, then the workspace's
/// bandwidth beyond the plan's.
pub fn bill(ctx: &Context, services: &[&Service]) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    let Some(book) = ctx.prices.book(PROVIDER) else {
        bill.missing(crate::pricing::MissingPrice { provider: PROVIDER.into(), entry: "(price book)".into(), needed_for: "every Render service".into() });
        return Ok(bill);
    };
    // what Render's services send; an object store sends its own downloads
    let egress: f64 = services
        .iter()
        .filter(|s| ctx.pin(&s.name).provider.as_ref().is_none_or(|p| p.get_ref() == PROVIDER) && !super::objects::served_by_store(ctx, s))
        .map(|s| ctx.demand(s).egress_gb_month)
        .sum();
    let overage = ctx.prices.rate(PROVIDER, "bandwidth_gb", None, "bandwidth beyond the plan");
    let needs = Needs::of(ctx, services);
    let plan = match &ctx.option.plan {
        Some(p) => {
            if !book.plans.contains_key(p.get_ref()) {
                let plan_names: Vec<String> = book.plans.keys().cloned().collect();
                return Err(ctx
                    .scenario
                    .at(p.span(), format!("unknown Render workspace plan `{}`", p.get_ref()))
                    .with_help(format!("valid plans: {}", one_of(&plan_names))));
            }
            p.get_ref().clone()
        }
        None => match cheapest_plan(book, &needs, services.len(), egress, overage.as_ref().map(|o| o.usd).unwrap_or(0.0)) {
            Some(n) => n,
            None => {
                bill.flag(crate::findings::Finding::new(crate::findings::FindingKind::PlanLimit, "no Render workspace plan allows what this option uses"));
                return Ok(bill);
            }
        },
    };
    let plan_def = book.plans.get(&plan).cloned();
    let can_autoscale = plan_def.as_ref().is_some_and(|p| p.features.iter().any(|f| f == "autoscaling"));
    if needs.autoscaling && !can_autoscale {
        bill.flag(crate::findings::Finding::new(
            crate::findings::FindingKind::Assumption,
            format!("autoscaling needs a Render workspace plan that allows it; `{plan}` does not, so services run at their peak count"),
        ));
    }
    match ctx.prices.plan(PROVIDER, "plans", &plan, "the workspace plan") {
        Ok(p) => bill.charge(Owner::Account, "plan", format!("workspace plan `{plan}`"), 1.0, &p, PROVIDER),
        Err(m) => bill.missing(m),
    }
    for service in services {
        one_service(ctx, service, can_autoscale, &mut bill)?;
    }
    let included = plan_def.as_ref().and_then(|p| p.included.get("bandwidth_gb")).copied().unwrap_or(0.0);
    if egress > included {
        match overage {
            Ok(mut p) => {
                p.free = included;
                bill.meter(
                    Owner::Account,
                    "bandwidth",
                    format!("{} GB sent by the workspace's services", crate::money::quantity(egress)),
                    egress,
                    &p,
                    PROVIDER,
                );
            }
            Err(m) => bill.missing(m),
        }
    }
    Ok(bill)
}

/// What an option asks of a Render workspace plan.
struct Needs {
    /// A service scales between a minimum and a maximum.
    autoscaling: bool,
    /// A managed Postgres with a high-availability standby, which needs a team
    /// workspace (https://render.com/docs/postgresql-high-availability).
    postgres_ha: bool,
}

impl Needs {
    fn of(ctx: &Context, services: &[&Service]) -> Needs {
        let autoscaling = services.iter().any(|s| {
            let pol = ctx.policy(s, true);
            pol.pinned.is_none() && pol.max_instances.is_some_and(|m| m > pol.min_instances)
        });
        let postgres_ha = ctx.stage.high_availability
            && services.iter().any(|s| {
                s.kind == Kind::Postgres && ctx.pin(&s.name).provider.is_none() && ctx.pin(&s.name).deploy.as_ref().is_none_or(|d| d.get_ref() == "managed")
            });
        Needs { autoscaling, postgres_ha }
    }
}

/// The cheapest workspace plan, fee plus bandwidth beyond its allowance at
/// `overage_usd` a GB, that allows what the option needs and holds its services
/// (ties: the lower rank, then the name).
fn cheapest_plan(book: &crate::pricing::book::PriceBook, needs: &Needs, services: usize, egress: f64, overage_usd: f64) -> Option<String> {
    let mut best: Option<(f64, String)> = None;
    let mut plans: Vec<_> = book.plans.iter().collect();
    plans.sort_by_key(|(n, p)| (p.rank, (*n).clone()));
    for (name, p) in plans {
        let has = |f: &str| p.features.iter().any(|x| x == f);
        if (needs.autoscaling && !has("autoscaling")) || (needs.postgres_ha && !has("postgres_ha")) {
            continue;
        }
        if p.limits.get("services").is_some_and(|l| (services as f64) > *l) {
            continue;
        }
        let over = (egress - p.included.get("bandwidth_gb").copied().unwrap_or(0.0)).max(0.0);
        let cost = p.price + over * overage_usd;
        if best.as_ref().is_none_or(|(b, _)| cost < *b - 1e-9) {
            best = Some((cost, name.clone()));
        }
    }
    best.map(|(_, n)| n)
}

/// Bills one service on Render by its kind.
fn one_service(ctx: &Context, service: &Service, can_autoscale: bool, bill: &mut Bill) -> Result<(), Diagnostic> {
    if super::placed_elsewhere(ctx, service, bill)? {
        return Ok(());
    }
    if service.gpu.is_some() {
        super::gpu::cannot_host("Render", PROVIDER, service, bill);
        return Ok(());
    }
    let pin = ctx.pin(&service.name);
    match service.kind {
        Kind::Postgres if pin.deploy.as_ref().is_none_or(|d| d.get_ref() == "managed") => postgres(ctx, service, bill)?,
        Kind::Redis => {
            let demand = ctx.demand(service);
            if let Some(name) = super::pick_db_plan(ctx, service, &demand, PROVIDER, "redis", bill)? {
                bill.summarise(service, PROVIDER, format!("Key Value {name}"), 1.0, 1, "plan");
                super::sized_plan(ctx, PROVIDER, "redis", &name, bill);
            }
        }
        Kind::Static => {
            bill.assume("Render: static sites have no instance charge; their traffic counts toward the workspace bandwidth");
            bill.summarise(service, PROVIDER, "static site", 0.0, 0, "-");
        }
        Kind::Cron => cron(ctx, service, bill)?,
        Kind::ObjectStorage if !super::objects::self_run(ctx, service) => super::objects::bill(ctx, service, "cloudflare_r2", Some(NO_OBJECT_STORE), bill)?,
        _ => instances(ctx, service, can_autoscale, bill)?,
    }
    Ok(())
}

/// The instance types hostcast may pick, and the pinned one (under the id the pin
/// uses, an alias included), with the valid ids for an error message.
fn candidates(ctx: &Context, pinned: Option<&str>) -> std::rc::Rc<super::Catalogue> {
    // the same for every service with the same pin: priced once per option and stage
    let key = format!("render\u{0}{pinned:?}");
    if let Some(hit) = ctx.sizes.borrow().get(&key) {
        return std::rc::Rc::clone(hit);
    }
    let (candidates, valid) = priced_candidates(ctx, pinned);
    let catalogue = std::rc::Rc::new(super::Catalogue { candidates, valid });
    ctx.sizes.borrow_mut().insert(key, std::rc::Rc::clone(&catalogue));
    catalogue
}

fn priced_candidates(ctx: &Context, pinned: Option<&str>) -> (Vec<Candidate>, Vec<String>) {
    let Some(book) = ctx.prices.book(PROVIDER) else { return (Vec::new(), Vec::new()) };
    let pinned_key = pinned.and_then(|p| book.size_key(p));
    let mut out = Vec::new();
    for (name, s) in &book.sizes {
        let is_pinned = pinned_key == Some(name.as_str());
        if !s.selectable && !is_pinned {
            continue;
        }
        if let Ok(price) = ctx.prices.size(PROVIDER, name, None, "instances") {
            let id = if is_pinned { pinned.unwrap_or(name) } else { name };
            out.push(Candidate {
                name: id.to_string(),
                machine: Machine { vcpus: s.vcpus, sustained_cpu: s.sustained_cpu, memory_mb: s.memory_mb },
                price,
                extra_ram: None,
                class: crate::platforms::cpu_classes::cpu_class(PROVIDER, name).0,
            });
        }
    }
    let mut valid: Vec<String> = book.sizes.keys().cloned().collect();
    valid.extend(book.sizes.values().flat_map(|s| s.aliases.iter().cloned()));
    (out, valid)
}

fn instances(ctx: &Context, service: &Service, can_autoscale: bool, bill: &mut Bill) -> Result<(), Diagnostic> {
    let pin = ctx.pin(&service.name);
    let hosted = ctx.with_colocated(service);
    let demand = ctx.load(service, &hosted);
    let own = Workload::of(service);
    let stateful = service.kind.is_data();
    let volume = if stateful { data::volume_gb(&own, &demand) } else { pin.volume_gb.unwrap_or(service.volume_gb) };
    let mut policy = ctx.policy(service, can_autoscale && volume == 0.0);
    if policy.scale_to_zero || service.scale_to_zero {
        bill.assume("Render: paid instances do not stop when idle; `scale_to_zero` is billed as always on");
    }
    policy.scale_to_zero = false;
    let mut sized = hosted;
    if stateful {
        sized.memory_base_mb = data::self_run_memory_mb(&own, &demand) * capacity::USABLE_MEMORY;
    }
    if volume > 0.0 && policy.pinned.is_none() {
        // a disk pins its service to one instance (`data/hosting.toml`)
        policy.pinned = Some(crate::platforms::can_host::rules()?.render.disk_max_instances);
    }
    let catalogue = candidates(ctx, pin.size.as_ref().map(|s| s.get_ref().as_str()));
    if super::sizing::unpriced_pin(PROVIDER, service, pin.size.as_ref(), &catalogue.candidates, bill)? {
        return Ok(());
    }
    let req = ctx.requirement(service, sized);
    let Some(chosen) = choose_size(ctx, service, &req, &policy, &catalogue, pin.size.as_ref(), bill)? else {
        bill.nothing_fits(PROVIDER, &service.name, format!("no Render instance type fits `{}`", service.name));
        bill.summarise(service, PROVIDER, "(none fits)", 0.0, 0, "memory");
        return Ok(());
    };
    for w in &chosen.plan.warnings {
        let mut w = w.clone();
        if volume > 0.0 && w.kind == crate::findings::FindingKind::OverCap {
            w.message = w.message.replace("is pinned to", "has a disk and so runs");
        }
        bill.flag(w);
    }
    let plan = &chosen.plan;
    let detail = if plan.autoscaled {
        format!("{}, average {} of up to {} (autoscaling)", chosen.candidate.name, count_label(plan.avg_running), plan.peak_instances)
    } else {
        format!("{} × {}", chosen.candidate.name, plan.peak_instances)
    };
    bill.charge(&service.name, "compute", detail, plan.avg_running, &chosen.candidate.price, PROVIDER);
    if volume > 0.0 {
        if let Some(why) = crate::platforms::can_host::rules()?.render_disk_refusal(&service.name, volume) {
            bill.flag_service(crate::findings::FindingKind::CannotHost, &service.name, why);
        }
        match ctx.prices.rate(PROVIDER, "disk_gb", None, "persistent disk") {
            Ok(p) => bill.charge(&service.name, "disk", format!("{volume} GB persistent disk"), volume, &p, PROVIDER),
            Err(m) => bill.missing(m),
        }
        bill.assume("Render: a service with a persistent disk runs a single instance");
    }
    bill.summarise(service, PROVIDER, chosen.candidate.name.clone(), plan.avg_running, plan.peak_instances, bound_name(plan.bound));
    bill.sized(chosen.candidate.machine.vcpus, chosen.candidate.machine.memory_mb);
    Ok(())
}

fn cron(ctx: &Context, service: &Service, bill: &mut Bill) -> Result<(), Diagnostic> {
    let pin = ctx.pin(&service.name);
    let demand = ctx.demand(service);
    let catalogue = candidates(ctx, pin.size.as_ref().map(|s| s.get_ref().as_str()));
    let (cands, valid) = (&catalogue.candidates, &catalogue.valid);
    if super::sizing::unpriced_pin(PROVIDER, service, pin.size.as_ref(), cands, bill)? {
        return Ok(());
    }
    let size = match &pin.size {
        Some(p) => {
            if !cands.iter().any(|c| &c.name == p.get_ref()) {
                return Err(ctx
                    .scenario
                    .at(p.span(), format!("unknown instance type `{}` for cron `{}`", p.get_ref(), service.name))
                    .with_help(format!("valid: {}", one_of(valid))));
            }
            p.get_ref().clone()
        }
        None => match cands
            .iter()
            .filter(|c| {
                capacity::fits(&Workload::of(service), &c.machine)
                    && crate::capacity::floor::Floor::of(service).admits(c.machine.vcpus, c.machine.memory_mb, c.class)
            })
            .min_by(|a, b| a.price.usd.total_cmp(&b.price.usd))
        {
            Some(c) => c.name.clone(),
            None => {
                bill.nothing_fits(PROVIDER, &service.name, format!("no Render instance type fits cron `{}`", service.name));
                return Ok(());
            }
        },
    };
    let minutes = demand.runs_per_day * super::cron::run_minutes(service, bill) * ctx.scenario.file.scenario.days_per_month;
    let key = ctx.prices.book(PROVIDER).and_then(|b| b.size_key(&size)).unwrap_or(&size).replace('-', "_");
    match ctx.prices.rate(PROVIDER, &format!("cron_minute_{key}"), None, &format!("cron job `{}` on `{size}`", service.name)) {
        Ok(p) => bill.meter(&service.name, "cron", format!("{size}, {} min of runs", crate::money::quantity(minutes)), minutes, &p, PROVIDER),
        Err(m) => bill.missing(m),
    }
    let duty = (minutes / (1440.0 * ctx.scenario.file.scenario.days_per_month)).min(1.0);
    let machine = cands.iter().find(|c| c.name == size).map(|c| c.machine);
    bill.summarise(service, PROVIDER, size, duty, 1, "schedule");
    if let Some(m) = machine {
        bill.sized(m.vcpus, m.memory_mb);
    }
    Ok(())
}

fn postgres(ctx: &Context, service: &Service, bill: &mut Bill) -> Result<(), Diagnostic> {
    let demand = ctx.demand(service);
    let ha = ctx.stage.high_availability;
    let pinned = ctx.pin(&service.name).plan.is_some();
    let plan = if ha && !pinned {
        match cheapest_ha_plan(ctx, service, &demand) {
            Some(p) => {
                match ctx.prices.plan(PROVIDER, "postgres", &p, &format!("`{}`", service.name)) {
                    Ok(price) => bill.charge(&service.name, "postgres", format!("plan `{p}`"), 1.0, &price, PROVIDER),
                    Err(m) => bill.missing(m),
                }
                p
            }
            None => {
                bill.nothing_fits(PROVIDER, &service.name, format!("no Render Postgres plan with a high-availability standby fits `{}`", service.name));
                return Ok(());
            }
        }
    } else {
        let Some(plan) = super::pick_db_plan(ctx, service, &demand, PROVIDER, "postgres", bill)? else { return Ok(()) };
        plan
    };
    // storage comes as 1 GB or in multiples of 5 GB
    let storage = if demand.storage_gb <= 1.0 { 1.0 } else { (demand.storage_gb / 5.0).ceil() * 5.0 };
    let included = super::storage_included(ctx, PROVIDER, &plan);
    if storage > included {
        match ctx.prices.rate(PROVIDER, "postgres_storage_gb", None, "Postgres storage") {
            Ok(p) => bill.charge(&service.name, "storage", format!("{storage} GB"), storage - included, &p, PROVIDER),
            Err(m) => bill.missing(m),
        }
    }
    let size = if ha { standby(ctx, service, &plan, bill) } else { format!("Postgres {plan}") };
    bill.summarise(service, PROVIDER, size, 1.0, 1, "plan");
    super::sized_plan(ctx, PROVIDER, "postgres", &plan, bill);
    Ok(())
}

/// The cheapest selectable Postgres plan that can run a standby and that the load fits.
fn cheapest_ha_plan(ctx: &Context, service: &Service, demand: &capacity::Demand) -> Option<String> {
    let book = ctx.prices.book(PROVIDER)?;
    book.postgres
        .iter()
        .filter(|(_, p)| p.selectable && p.ha_standby)
        .filter(|(_, p)| {
            let spec = data::DbSpec { memory_mb: p.memory_mb, max_connections: p.max_connections, storage_gb_max: p.storage_gb_max };
            data::db_misfit(&spec, &crate::capacity::Workload::of(service), demand).is_none()
        })
        .min_by(|a, b| a.1.price.total_cmp(&b.1.price).then(a.0.cmp(b.0)))
        .map(|(n, _)| n.clone())
}

/// Charges the high-availability standby of `plan` (the same instance type, billed
/// the same) and returns the service's size label; a plan that cannot run a
/// standby is a blocking finding.
fn standby(ctx: &Context, service: &Service, plan: &str, bill: &mut Bill) -> String {
    let can = ctx.prices.book(PROVIDER).and_then(|b| b.postgres.get(plan)).is_some_and(|p| p.ha_standby);
    if !can {
        bill.flag_service(
            crate::findings::FindingKind::PlanLimit,
            &service.name,
            format!("`{}` is on Postgres `{plan}`, which cannot run a high-availability standby: Render needs a Pro instance type or higher", service.name),
        );
        return format!("Postgres {plan} (no standby)");
    }
    match ctx.prices.plan(PROVIDER, "postgres", plan, &format!("the standby of `{}`", service.name)) {
        Ok(p) => bill.charge(&service.name, "postgres standby", format!("HA standby, plan `{plan}` (billed as the primary)"), 1.0, &p, PROVIDER),
        Err(m) => bill.missing(m),
    }
    bill.assume("Render: a Postgres HA standby is billed as a second instance of the primary's type; its storage is not counted twice (not published)");
    format!("Postgres {plan} + HA standby")
}

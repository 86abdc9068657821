//! Fly.io billing.
//!
//! Rules (https://fly.io/docs/about/pricing/ and /docs/about/billing/, commits
//! 2026-08-05 and 2026-06-19; research/pricing.md §1):
//! - Machines are billed per second while started; the price books give 30-day
//!   (720 h) monthly prices per preset in the cheapest region, and each region
//!   multiplies them (`regions.R.multiplier`).
//! - Stopped machines are billed for their root filesystem only (`stopped_rootfs_gb`);
//!   an auto-stopped service is billed for its average running count over the day
//!   plus the rootfs of the machines stopped the rest of the time.
//! - Volumes per provisioned GB-month, charged whether or not the machine runs;
//!   snapshots per GB-month of data stored (not the provisioned size) beyond the
//!   first 10 GB free. Prices Fly quotes per 30 days are billed per 730-hour month
//!   (the price book's `month_basis`), Fly's own figure kept in each line's detail.
//! - Egress to the internet per GB by region group; inbound free. A dedicated IPv4
//!   per app per month (shared IPv4 is free).
//! - Managed Postgres: a plan fee plus provisioned storage per GB (HA included);
//!   or a self-run Postgres on machines with volumes (three nodes for HA, as Fly's
//!   own guidance for a production cluster).
//! - Upstash Redis on Fly: pay-as-you-go per 100K commands or a fixed plan,
//!   whichever is cheaper; with `deploy = "machine"`, a self-run Redis on a machine
//!   with a volume (as a `fly.toml` of a Redis app runs it).
//! - Scheduled machines (cron) run only for their runs: billed for the duty cycle.

use std::rc::Rc;

use super::{Bill, Candidate, Catalogue, Context, choose_size};
use crate::capacity::bound_name;
use crate::capacity::floor::Floor;
use crate::capacity::{self, Machine, Workload, data};
use crate::error::{Diagnostic, one_of};
use crate::money::count_label;
use crate::platforms::cpu_classes::cpu_class;
use crate::scenario::model::{Kind, Service};

/// Provider id of Fly's price book.
pub const PROVIDER: &str = "fly";
/// Root filesystem of a stopped machine, GB (assumed: a typical container image).
pub const ROOTFS_GB: f64 = 1.0;
/// Nodes of a self-run Postgres cluster with high availability.
pub const HA_POSTGRES_NODES: u32 = 3;

/// The Fly region of an option: its `region`, else the book's `default_region`
/// (`iad`, the cheapest). An unknown region is an error listing the book's regions.
pub fn region(ctx: &Context) -> Result<String, Diagnostic> {
    let book = ctx.prices.book(PROVIDER);
    match &ctx.option.region {
        Some(r) => {
            if let Some(b) = book
                && !b.regions.is_empty()
                && !b.regions.contains_key(r.get_ref())
            {
                let names: Vec<String> = b.regions.keys().cloned().collect();
                return Err(ctx
                    .scenario
                    .at(r.span(), format!("unknown Fly region `{}`", r.get_ref()))
                    .with_help(format!("regions in the price book: {}", one_of(&names))));
            }
            Ok(r.get_ref().clone())
        }
        None => book.and_then(|b| b.default_region.clone()).ok_or_else(|| {
            ctx.scenario
                .at(0..0, "the Fly price book names no `default_region`, and the option sets no `region`")
                .with_help("set `region` on the option, or `default_region` in the book")
        }),
    }
}

fn candidates(ctx: &Context, service: &Service, region: &str, for_what: &str, include_pinned: Option<&str>) -> Rc<Catalogue> {
    // the sizes depend on the region, the pin and the configured memory alone (what
    // they are for only names a price that is missing, and those are left out)
    let floor = Floor::of(service);
    let custom_mb = (floor.binding && floor.memory_mb > 0.0 && include_pinned.is_none()).then(|| (floor.memory_mb / 256.0).ceil() * 256.0);
    let key = format!("fly\u{0}{region}\u{0}{include_pinned:?}\u{0}{custom_mb:?}");
    if let Some(hit) = ctx.sizes.borrow().get(&key) {
        return Rc::clone(hit);
    }
    let (candidates, valid) = priced_candidates(ctx, service, region, for_what, include_pinned);
    let catalogue = Rc::new(Catalogue { candidates, valid });
    ctx.sizes.borrow_mut().insert(key, Rc::clone(&catalogue));
    catalogue
}

fn priced_candidates(ctx: &Context, service: &Service, region: &str, for_what: &str, include_pinned: Option<&str>) -> (Vec<Candidate>, Vec<String>) {
    let Some(book) = ctx.prices.book(PROVIDER) else { return (Vec::new(), Vec::new()) };
    let mut out = Vec::new();
    for (name, s) in &book.sizes {
        if !s.selectable && include_pinned != Some(name.as_str()) {
            continue;
        }
        if let Ok(price) = ctx.prices.size(PROVIDER, name, Some(region), for_what) {
            out.push(Candidate {
                name: name.clone(),
                machine: Machine { vcpus: s.vcpus, sustained_cpu: s.sustained_cpu, memory_mb: s.memory_mb },
                price,
                extra_ram: None,
                class: cpu_class(PROVIDER, name).0,
            });
        }
    }
    if let Some(custom) = include_pinned.filter(|p| !book.sizes.contains_key(*p)).and_then(|p| custom_size(ctx, p, region, for_what)) {
        out.push(custom);
    }
    // like-for-like: configured memory between presets is the CPU preset plus extra RAM
    let floor = Floor::of(service);
    if floor.binding && floor.memory_mb > 0.0 && include_pinned.is_none() {
        let mb = (floor.memory_mb / 256.0).ceil() * 256.0;
        let label = if mb % 1024.0 == 0.0 { format!("{}gb", mb / 1024.0) } else { format!("{mb}mb") };
        let cpus: std::collections::BTreeSet<&str> = book.sizes.keys().filter_map(|n| n.rsplit_once('-').map(|(c, _)| c)).collect();
        for cpu in cpus {
            let name = format!("{cpu}-{label}");
            if !book.sizes.contains_key(&name)
                && let Some(c) = custom_size(ctx, &name, region, for_what)
            {
                out.push(c);
            }
        }
    }
    let mut valid: Vec<String> = book.sizes.keys().cloned().collect();
    valid.push("or a CPU preset with memory between its listed sizes, e.g. `shared-cpu-1x-768mb` (extra RAM billed per GB)".into());
    (out, valid)
}

/// A preset with memory the price table does not list, e.g. `shared-cpu-1x-768mb`
/// (between the class's smallest and largest preset):
/// the CPU preset with its smallest memory, plus the extra memory at `extra_ram_gb`
/// per GB-month (Fly: "about $5 per 30 days per GB of additional RAM"), the region's
/// multiplier applied to both.
fn custom_size(ctx: &Context, name: &str, region: &str, for_what: &str) -> Option<Candidate> {
    let book = ctx.prices.book(PROVIDER)?;
    let (cpu, mem) = name.rsplit_once('-')?;
    let memory_mb = if let Some(gb) = mem.strip_suffix("gb") { gb.parse::<f64>().ok()? * 1024.0 } else { mem.strip_suffix("mb")?.parse::<f64>().ok()? };
    let same_cpu = || book.sizes.iter().filter(|(n, _)| n.rsplit_once('-').is_some_and(|(c, _)| c == cpu));
    let (base_name, base) = same_cpu().min_by(|a, b| a.1.memory_mb.total_cmp(&b.1.memory_mb))?;
    // memory between the smallest and the largest preset of that CPU class
    let largest = same_cpu().map(|(_, s)| s.memory_mb).fold(0.0, f64::max);
    if memory_mb <= base.memory_mb || memory_mb > largest || !memory_mb.is_finite() {
        return None;
    }
    let price = ctx.prices.size(PROVIDER, base_name, Some(region), for_what).ok()?;
    let extra = ctx.prices.rate(PROVIDER, "extra_ram_gb", Some(region), "extra RAM").ok()?;
    let mult = book.regions.get(region).map(|r| r.multiplier).unwrap_or(1.0);
    let extra = crate::pricing::Price { amount: extra.amount * mult, usd: extra.usd * mult, ..extra };
    Some(Candidate {
        name: name.to_string(),
        machine: Machine { vcpus: base.vcpus, sustained_cpu: base.sustained_cpu, memory_mb },
        price,
        extra_ram: Some((base_name.clone(), (memory_mb - base.memory_mb) / 1024.0, extra)),
        class: cpu_class(PROVIDER, base_name).0,
    })
}

/// The machine price of a candidate: its preset, plus its extra RAM at the book's
/// rate, as one price (Fly bills extra RAM with the machine), and the detail naming both.
fn machine_price(c: &Candidate) -> (crate::pricing::Price, String) {
    match &c.extra_ram {
        None => (c.price.clone(), c.name.clone()),
        Some((preset, gb, p)) => {
            let price = crate::pricing::Price { amount: c.price.amount + gb * p.amount, usd: c.price.usd + gb * p.usd, ..c.price.clone() };
            let detail = format!(
                "{} ({preset} {} + {} GB extra RAM × {})",
                c.name,
                crate::money::usd(c.price.usd),
                crate::money::quantity(*gb),
                crate::money::usd(p.usd)
            );
            (price, detail)
        }
    }
}

/// Bills the given services on Fly.
pub fn bill(ctx: &Context, services: &[&Service]) -> Result<Bill, Diagnostic> {
    let mut bill = Bill::default();
    if !ctx.prices.has(PROVIDER) {
        bill.missing(crate::pricing::MissingPrice { provider: PROVIDER.into(), entry: "(price book)".into(), needed_for: "every Fly.io service".into() });
        return Ok(bill);
    }
    let region = region(ctx)?;
    // the egress price group is the region's (empty: the book gives the region none)
    let group = ctx.prices.book(PROVIDER).and_then(|b| b.regions.get(&region)).and_then(|r| r.group.clone()).unwrap_or_default();
    for service in services {
        let pin = ctx.pin(&service.name);
        if super::placed_elsewhere(ctx, service, &mut bill)? {
            continue;
        }
        if service.gpu.is_some() {
            super::gpu::fly(ctx, service, &mut bill);
            continue;
        }
        match service.kind {
            Kind::Postgres if pin.deploy.as_ref().is_none_or(|d| d.get_ref() == "managed") => managed_postgres(ctx, service, &mut bill)?,
            Kind::Redis if pin.deploy.as_ref().is_none_or(|d| d.get_ref() == "managed") => upstash_on_fly(ctx, service, &mut bill)?,
            Kind::Cron => cron(ctx, service, &region, &mut bill)?,
            Kind::ObjectStorage if !super::objects::self_run(ctx, service) => super::objects::bill(ctx, service, "tigris", None, &mut bill)?,
            _ => machines(ctx, service, &region, &group, &mut bill)?,
        }
    }
    Ok(bill)
}

fn machines(ctx: &Context, service: &Service, region: &str, group: &str, bill: &mut Bill) -> Result<(), Diagnostic> {
    let pin = ctx.pin(&service.name);
    let hosted = ctx.with_colocated(service);
    let demand = ctx.load(service, &hosted);
    let own = Workload::of(service);
    let stateful = service.kind.is_data();
    let mut policy = ctx.policy(service, !stateful);
    let mut sized = hosted;
    if stateful {
        // self-run data service: memory for the working set, one node (three with HA)
        sized.memory_base_mb = data::self_run_memory_mb(&own, &demand) * capacity::USABLE_MEMORY;
        if policy.pinned.is_none() {
            policy.pinned = Some(if ctx.stage.high_availability && service.kind == Kind::Postgres { HA_POSTGRES_NODES } else { 1 });
        }
    }
    let catalogue = candidates(ctx, service, region, &format!("machines of `{}`", service.name), pin.size.as_ref().map(|s| s.get_ref().as_str()));
    if super::sizing::unpriced_pin(PROVIDER, service, pin.size.as_ref(), &catalogue.candidates, bill)? {
        return Ok(());
    }
    let req = ctx.requirement(service, sized);
    let Some(chosen) = choose_size(ctx, service, &req, &policy, &catalogue, pin.size.as_ref(), bill)? else {
        bill.nothing_fits(PROVIDER, &service.name, format!("no Fly machine size fits `{}` ({:.0} MB at rest)", service.name, req.workload.memory_base_mb));
        bill.summarise(service, PROVIDER, "(none fits)", 0.0, 0, "memory");
        return Ok(());
    };
    bill.flag_all(&chosen.plan.warnings);
    let size = chosen.candidate.name.clone();
    let plan = &chosen.plan;
    let (price, what) = machine_price(&chosen.candidate);
    let detail = if plan.autoscaled {
        format!("{what}, average {} running of {} (auto-stop)", count_label(plan.avg_running), plan.peak_instances)
    } else {
        format!("{what} × {}", plan.peak_instances)
    };
    bill.charge(&service.name, "compute", detail, plan.avg_running, &price, PROVIDER);
    if plan.autoscaled {
        stopped_rootfs(ctx, service, (plan.peak_instances as f64 - plan.avg_running).max(0.0), region, bill);
    }
    // a volume the option pins wins, for a self-run data service too
    let volume = match pin.volume_gb {
        Some(v) => v,
        None if stateful => data::volume_gb(&own, &demand),
        None => service.volume_gb,
    };
    if volume > 0.0 {
        volumes(ctx, service, volume, plan.peak_instances, demand.storage_gb, region, bill)?;
    }
    egress(ctx, service, &demand, region, group, bill);
    if ctx.option.dedicated_ipv4 && service.kind.serves_requests() {
        match ctx.prices.rate(PROVIDER, "dedicated_ipv4", Some(region), "a dedicated IPv4") {
            Ok(p) => bill.charge(&service.name, "dedicated IPv4", "1 address", 1.0, &p, PROVIDER),
            Err(m) => bill.missing(m),
        }
    }
    let bound = bound_name(plan.bound);
    bill.summarise(service, PROVIDER, size, plan.avg_running, plan.peak_instances, bound);
    bill.sized(chosen.candidate.machine.vcpus, chosen.candidate.machine.memory_mb);
    Ok(())
}

/// The root filesystems of machines stopped by auto-stop, billed while stopped.
fn stopped_rootfs(ctx: &Context, service: &Service, stopped: f64, region: &str, bill: &mut Bill) {
    match ctx.prices.rate(PROVIDER, "stopped_rootfs_gb", Some(region), "stopped machines' root filesystems") {
        Ok(p) => {
            bill.charge(
                &service.name,
                "stopped rootfs",
                format!("{} stopped machine(s) × {ROOTFS_GB} GB", count_label(stopped)),
                stopped * ROOTFS_GB,
                &p,
                PROVIDER,
            );
            bill.assume(format!("Fly: a stopped machine's root filesystem is {ROOTFS_GB} GB (the image size; set by the app)"));
        }
        Err(m) => bill.missing(m),
    }
}

/// A volume per machine and its snapshots, charged on the data stored
/// (`stored_gb`; 0: taken as full).
fn volumes(ctx: &Context, service: &Service, volume: f64, machines: u32, stored_gb: f64, region: &str, bill: &mut Bill) -> Result<(), Diagnostic> {
    volume_rules(service, volume, machines, bill)?;
    let total = volume * machines as f64;
    match ctx.prices.rate(PROVIDER, "volume_gb", Some(region), "volumes") {
        Ok(p) => bill.charge(&service.name, "volume", format!("{volume} GB × {}", machines), total, &p, PROVIDER),
        Err(m) => bill.missing(m),
    }
    // snapshots are charged on the data stored, not the provisioned size
    let stored = if stored_gb > 0.0 { stored_gb.min(volume) } else { volume } * machines as f64;
    match ctx.prices.rate(PROVIDER, "snapshot_gb", Some(region), "volume snapshots") {
        Ok(p) => {
            bill.meter(&service.name, "snapshots", format!("{} GB of data stored", crate::money::quantity(stored)), stored, &p, PROVIDER);
            bill.assume("Fly: daily volume snapshots (on by default, 5-day retention) are charged on the data stored, about one copy of it, being incremental; a volume with no stated data is taken as full");
        }
        Err(m) => bill.missing(m),
    }
    Ok(())
}

/// Fly volumes (`data/hosting.toml`): at most 500 GB each, one per machine, so a
/// service with a volume scales only by giving each machine a volume of its own.
fn volume_rules(service: &Service, volume: f64, machines: u32, bill: &mut Bill) -> Result<(), Diagnostic> {
    let rules = crate::platforms::can_host::rules()?;
    if let Some(why) = rules.fly_volume_refusal(&service.name, volume) {
        bill.flag_service(crate::findings::FindingKind::CannotHost, &service.name, why);
    }
    if machines > 1 {
        bill.assume(format!(
                "Fly: `{}` runs {machines} machines and a volume attaches to one machine, so each has its own {volume} GB volume ({machines} volumes, data not shared between them)",
            service.name
        ));
    }
    Ok(())
}

fn egress(ctx: &Context, service: &Service, demand: &capacity::Demand, region: &str, group: &str, bill: &mut Bill) {
    if demand.egress_gb_month <= 0.0 {
        return;
    }
    if group.is_empty() {
        // never another region's rate: the total is a lower bound until the book says
        bill.missing(crate::pricing::MissingPrice {
            provider: PROVIDER.into(),
            entry: format!("regions.{region}.group"),
            needed_for: format!("egress to the internet from `{region}`"),
        });
        return;
    }
    match ctx.prices.rate(PROVIDER, &format!("egress_{group}"), Some(region), "egress to the internet") {
        Ok(p) => bill.meter(
            &service.name,
            "egress",
            format!("{} GB to the internet ({group})", crate::money::quantity(demand.egress_gb_month)),
            demand.egress_gb_month,
            &p,
            PROVIDER,
        ),
        Err(m) => bill.missing(m),
    }
}

fn cron(ctx: &Context, service: &Service, region: &str, bill: &mut Bill) -> Result<(), Diagnostic> {
    let pin = ctx.pin(&service.name);
    let demand = ctx.demand(service);
    let catalogue = candidates(ctx, service, region, &format!("scheduled machine of `{}`", service.name), pin.size.as_ref().map(|s| s.get_ref().as_str()));
    let (cands, valid) = (&catalogue.candidates, &catalogue.valid);
    if super::sizing::unpriced_pin(PROVIDER, service, pin.size.as_ref(), cands, bill)? {
        return Ok(());
    }
    let chosen = match &pin.size {
        Some(p) => match cands.iter().find(|c| &c.name == p.get_ref()).cloned() {
            Some(c) => c,
            None => {
                return Err(ctx
                    .scenario
                    .at(p.span(), format!("unknown size `{}` for service `{}` on Fly", p.get_ref(), service.name))
                    .with_help(format!("valid sizes: {}", one_of(valid))));
            }
        },
        None => match cands
            .iter()
            .filter(|c| capacity::fits(&Workload::of(service), &c.machine) && Floor::of(service).admits(c.machine.vcpus, c.machine.memory_mb, c.class))
            .min_by(|a, b| a.usd().total_cmp(&b.usd()).then(a.machine.memory_mb.total_cmp(&b.machine.memory_mb)))
        {
            Some(c) => c.clone(),
            None => {
                bill.nothing_fits(PROVIDER, &service.name, format!("no Fly machine size fits `{}`", service.name));
                return Ok(());
            }
        },
    };
    let minutes = super::cron::run_minutes(service, bill);
    let duty = (demand.runs_per_day * minutes / 1440.0).min(1.0);
    let (price, what) = machine_price(&chosen);
    bill.charge(
        &service.name,
        "compute",
        format!("{what}, {} run(s)/day × {} min", crate::money::quantity(demand.runs_per_day), crate::money::quantity(minutes)),
        duty,
        &price,
        PROVIDER,
    );
    match ctx.prices.rate(PROVIDER, "stopped_rootfs_gb", Some(region), "the stopped scheduled machine") {
        Ok(p) => bill.charge(
            &service.name,
            "stopped rootfs",
            format!("stopped {:.1}% of the month × {ROOTFS_GB} GB", (1.0 - duty) * 100.0),
            (1.0 - duty) * ROOTFS_GB,
            &p,
            PROVIDER,
        ),
        Err(m) => bill.missing(m),
    }
    bill.summarise(service, PROVIDER, chosen.name.clone(), duty, 1, "schedule");
    bill.sized(chosen.machine.vcpus, chosen.machine.memory_mb);
    Ok(())
}

fn managed_postgres(ctx: &Context, service: &Service, bill: &mut Bill) -> Result<(), Diagnostic> {
    let demand = ctx.demand(service);
    let Some(plan) = super::pick_db_plan(ctx, service, &demand, PROVIDER, "postgres", bill)? else { return Ok(()) };
    if ctx.stage.high_availability {
        let ha = ctx.prices.book(PROVIDER).and_then(|b| b.postgres.get(&plan)).is_some_and(|p| p.ha);
        let (kind, says) = if ha {
            (crate::findings::FindingKind::Note, format!("Managed Postgres `{plan}` includes high availability (a standby with automatic failover) in its fee"))
        } else {
            (crate::findings::FindingKind::PlanLimit, format!("Managed Postgres `{plan}` has no high availability in the price book"))
        };
        bill.flag_service(kind, &service.name, says);
    }
    let storage = demand.storage_gb.ceil().max(1.0);
    let included = super::storage_included(ctx, PROVIDER, &plan);
    if storage > included {
        match ctx.prices.rate(PROVIDER, "mpg_storage_gb", None, "Managed Postgres storage") {
            Ok(p) => bill.charge(&service.name, "storage", format!("{storage} GB provisioned"), storage - included, &p, PROVIDER),
            Err(m) => bill.missing(m),
        }
    }
    bill.summarise(service, PROVIDER, format!("Managed Postgres {plan}"), 1.0, 1, "plan");
    super::sized_plan(ctx, PROVIDER, "postgres", &plan, bill);
    Ok(())
}

fn upstash_on_fly(ctx: &Context, service: &Service, bill: &mut Bill) -> Result<(), Diagnostic> {
    let demand = ctx.demand(service);
    let dataset_mb = demand.storage_gb * 1024.0;
    let payg = ctx.prices.rate(PROVIDER, "upstash_payg_100k_commands", None, "Upstash Redis pay-as-you-go");
    let units = demand.commands_per_month / 100_000.0;
    let pinned = &ctx.pin(&service.name).plan;
    let fixed = super::pick_db_plan(ctx, service, &demand, PROVIDER, "redis", &mut Bill::default())?;
    let fixed_price = fixed.as_ref().and_then(|f| ctx.prices.plan(PROVIDER, "redis", f, "Upstash fixed plan").ok());
    // Pay-as-you-go allows at most 10 GB of data (https://fly.io/docs/upstash/redis/).
    let payg_ok = dataset_mb <= 10.0 * 1024.0 && pinned.is_none();
    match (payg, fixed_price) {
        (Ok(p), f) if payg_ok && f.as_ref().is_none_or(|f| units * p.usd <= f.usd) => {
            let alt = f.map(|f| format!("; fixed plan would be {}", crate::money::usd(f.usd))).unwrap_or_default();
            bill.charge(
                &service.name,
                "redis",
                format!("Upstash pay-as-you-go, {} commands{alt}", crate::money::quantity(demand.commands_per_month)),
                units,
                &p,
                PROVIDER,
            );
            bill.summarise(service, PROVIDER, "Upstash pay-as-you-go", 1.0, 1, "usage");
        }
        (payg, Some(f)) => {
            let name = fixed.unwrap_or_default();
            let alt = payg.ok().filter(|_| payg_ok).map(|p| format!("; pay-as-you-go would be {}", crate::money::usd(units * p.usd))).unwrap_or_default();
            bill.charge(&service.name, "redis", format!("Upstash fixed {name}{alt}"), 1.0, &f, PROVIDER);
            bill.summarise(service, PROVIDER, format!("Upstash {name}"), 1.0, 1, "plan");
        }
        (Err(m), None) => {
            bill.missing(m);
            bill.summarise(service, PROVIDER, "Upstash (unpriced)", 1.0, 1, "-");
        }
        (Ok(_), None) => {
            bill.nothing_fits(
                PROVIDER,
                &service.name,
                format!("`{}`: {:.0} MB of data is past pay-as-you-go's 10 GB and no fixed plan fits", service.name, dataset_mb),
            );
            bill.summarise(service, PROVIDER, "Upstash (none fits)", 1.0, 1, "-");
        }
    }
    Ok(())
}

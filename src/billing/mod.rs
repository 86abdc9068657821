//! Billing engines: capacity + price book → priced line items, one engine per provider.
//!
//! Each engine knows one provider's billing rules (the rules are code, the numbers
//! are price-book data). An engine returns a [`Bill`]: line items with quantity,
//! unit, unit price and the price-book entry each came from, a summary per service,
//! the prices it needed and did not find, the assumptions it made, and warnings.

pub mod adjust;
pub mod compose;
pub mod cron;
pub mod fly;
pub mod gpu;
pub mod nodes;
pub mod objects;
pub mod render;
pub mod sizing;
pub mod tax;
pub mod team;
pub mod upstash;
pub mod vercel;

pub use sizing::{Candidate, Catalogue, Chosen, choose_size};

use std::collections::HashMap;

use crate::capacity::floor::Floor;
use crate::capacity::requirement::Requirement;
use crate::capacity::{self, Demand, Policy, Workload};
use crate::error::Diagnostic;
use crate::findings::FindingKind;
use crate::pricing::{MissingPrice, Prices};
use crate::scenario::Scenario;
use crate::scenario::model::{CpuKind, DeployOption, Pin, Service, Stage};

pub use crate::ledger::{Bill, LineItem, LineOwner, Owner, Part, ServiceSummary};

/// What an engine is given for one option at one stage.
pub struct Context<'a> {
    /// The scenario.
    pub scenario: &'a Scenario,
    /// The stage.
    pub stage: &'a Stage,
    /// The option.
    pub option: &'a DeployOption,
    /// All price books.
    pub prices: &'a Prices,
    /// The services colocated with each host (by the option's pins), in scenario order.
    colocated: HashMap<&'a str, Vec<&'a Service>>,
    /// Machine sizes an engine has priced already, by what they depend on (region,
    /// pinned size, configured memory): the same for every service that shares them.
    pub(crate) sizes: std::cell::RefCell<HashMap<String, std::rc::Rc<Catalogue>>>,
    /// The pin of a service the option does not pin.
    no_pin: Pin,
}

impl<'a> Context<'a> {
    /// The context of `option` at `stage`.
    pub fn new(scenario: &'a Scenario, stage: &'a Stage, option: &'a DeployOption, prices: &'a Prices) -> Self {
        let mut colocated: HashMap<&'a str, Vec<&'a Service>> = HashMap::new();
        for s in &scenario.file.services {
            if let Some(host) = option.service.get(&s.name).and_then(|p| p.get_ref().colocate_with.as_ref()) {
                colocated.entry(host.get_ref().as_str()).or_default().push(s);
            }
        }
        Context { scenario, stage, option, prices, colocated, sizes: Default::default(), no_pin: Pin::default() }
    }
}

impl Context<'_> {
    /// The option's pin for a service (empty if none).
    pub fn pin(&self, service: &str) -> &Pin {
        self.option.service.get(service).map(|p| p.get_ref()).unwrap_or(&self.no_pin)
    }

    /// The load of a service at this stage.
    pub fn demand(&self, service: &Service) -> Demand {
        self.load(service, &Workload::of(service))
    }

    /// The load at this stage of `service` doing `workload`.
    pub fn load(&self, service: &Service, workload: &Workload) -> Demand {
        capacity::demand(workload, self.stage, self.scenario.file.scenario.days_per_month, self.scenario.runs_per_day(service))
    }

    /// What `service` doing `workload` needs at this stage: its load, configured floor
    /// and availability floor.
    pub fn requirement(&self, service: &Service, workload: Workload) -> Requirement {
        capacity::requirement::requirement(service, workload, self.stage, self.scenario.file.scenario.days_per_month, self.scenario.runs_per_day(service))
    }

    /// The workload of a service with the services colocated with it folded in: their
    /// base memory added, and their CPU work (per daily active user) spread over the
    /// host's own units of work, so the host's CPU bound covers both.
    pub fn with_colocated(&self, service: &Service) -> Workload {
        let mut s = Workload::of(service);
        let per_user = |x: &Service| match x.kind {
            crate::scenario::model::Kind::Worker | crate::scenario::model::Kind::Bot => (x.jobs_per_user_day, x.cpu_ms_per_job),
            _ => (x.requests_per_user_day, x.cpu_ms_per_request),
        };
        let (host_units, _) = per_user(service);
        for other in self.colocated.get(service.name.as_str()).into_iter().flatten() {
            s.memory_base_mb += other.memory_base_mb;
            let (units, cpu_ms) = per_user(other);
            if host_units > 0.0 {
                let extra = units * cpu_ms / host_units;
                match s.kind {
                    crate::scenario::model::Kind::Worker | crate::scenario::model::Kind::Bot => s.cpu_ms_per_job += extra,
                    _ => s.cpu_ms_per_request += extra,
                }
            }
        }
        s
    }

    /// The scaling policy of a service after its pins.
    pub fn policy(&self, service: &Service, can_autoscale: bool) -> Policy {
        let pin = self.pin(&service.name);
        let scale_to_zero = pin.scale_to_zero.unwrap_or(service.scale_to_zero);
        let min = pin.min_instances.or(service.min_instances).unwrap_or(if scale_to_zero { 0 } else { 1 });
        // like-for-like: at least the configured instance count
        let min = min.max(Floor::of(service).binding_instances());
        Policy {
            min_instances: min,
            max_instances: pin.max_instances.or(service.max_instances),
            pinned: pin.instances,
            scale_to_zero: scale_to_zero && can_autoscale,
            can_autoscale,
        }
    }
}

/// Handles services that this engine does not bill itself: pinned
/// `provider = "external"` (priced elsewhere, listed with no cost), `provider =
/// "upstash"` (Upstash bought directly), and services colocated in another
/// service's instances. Returns true when the service is handled.
pub fn placed_elsewhere(ctx: &Context, service: &Service, bill: &mut Bill) -> Result<bool, Diagnostic> {
    let pin = ctx.pin(&service.name);
    if pin.provider.as_ref().is_some_and(|p| p.get_ref() == "upstash") {
        upstash::bill_redis(ctx, service, bill);
        return Ok(true);
    }
    if pin.provider.as_ref().is_some_and(|p| p.get_ref() == "external") {
        bill.assume(format!("`{}` is priced outside this option (`provider = \"external\"`): no cost is counted for it", service.name));
        bill.summarise(service, "external", "not priced here", 0.0, 0, "-");
        return Ok(true);
    }
    if let Some(host) = &pin.colocate_with {
        bill.assume(format!("`{}` runs inside `{}`'s instances; its memory is added to theirs", service.name, host.get_ref()));
        bill.summarise(service, "colocated", format!("in `{}`", host.get_ref()), 0.0, 0, "-");
        return Ok(true);
    }
    Ok(false)
}

/// Picks a database plan from `table` (`postgres` or `redis`) of a provider's book:
/// the pinned plan (an unknown one is an error listing the valid ones), else the
/// cheapest selectable plan the load fits. Charges its fee and returns its name;
/// `None` (with a warning) when no plan fits.
pub fn pick_db_plan(ctx: &Context, service: &Service, demand: &Demand, provider: &str, table: &str, bill: &mut Bill) -> Result<Option<String>, Diagnostic> {
    let Some(book) = ctx.prices.book(provider) else {
        bill.missing(MissingPrice { provider: provider.into(), entry: format!("{table}.*"), needed_for: format!("`{}`", service.name) });
        return Ok(None);
    };
    let dataset = if table == "redis" {
        // a key-value store keeps all its data in memory
        Demand { working_set_mb: demand.storage_gb * 1024.0, ..demand.clone() }
    } else {
        demand.clone()
    };
    let db = DbTable { book, provider, table };
    let name = match &ctx.pin(&service.name).plan {
        Some(p) => pinned_db_plan(ctx, service, &db, p, &dataset, bill)?,
        None => cheapest_db_plan(service, &db, &dataset, bill),
    };
    let Some(name) = name else { return Ok(None) };
    match ctx.prices.plan(provider, table, &name, &format!("`{}`", service.name)) {
        Ok(p) => bill.charge(&service.name, table, format!("plan `{name}`"), 1.0, &p, provider),
        Err(m) => bill.missing(m),
    }
    Ok(Some(name))
}

/// One table of database plans (`postgres` or `redis`) of a provider's book.
struct DbTable<'a> {
    book: &'a crate::pricing::book::PriceBook,
    provider: &'a str,
    table: &'a str,
}

impl DbTable<'_> {
    fn plans(&self) -> &std::collections::BTreeMap<String, crate::pricing::book::DbPlan> {
        if self.table == "postgres" { &self.book.postgres } else { &self.book.redis }
    }
}

/// The plan a service is pinned to, flagged when the workload does not fit it; a
/// plan the platform sells or sold that the book lacks is a missing price (`None`),
/// a name it never sold an error at the pin.
fn pinned_db_plan(
    ctx: &Context,
    service: &Service,
    db: &DbTable,
    p: &toml::Spanned<String>,
    dataset: &Demand,
    bill: &mut Bill,
) -> Result<Option<String>, Diagnostic> {
    let (book, provider, table, plans) = (db.book, db.provider, db.table, db.plans());
    let names: Vec<String> = plans.keys().cloned().collect();
    let Some(plan) = book.plan_key(table, p.get_ref()).and_then(|k| plans.get(k)) else {
        if let Some(group) = crate::platforms::size_names::names()?.find(&format!("{provider}-{table}"), p.get_ref()) {
            // a plan the platform sells or sold that the book has no price for
            let when = if group.sold { "sells" } else { "sold earlier" };
            bill.missing(MissingPrice { provider: provider.into(), entry: format!("{table}.{}", p.get_ref()), needed_for: format!("`{}`", service.name) });
            bill.flag_service(
                FindingKind::MissingPrice,
                &service.name,
                format!(
                    "`{}` is on {table} plan `{}`, one {provider} {when}, which the price book has no price for: the total is a lower bound",
                    service.name,
                    p.get_ref()
                ),
            );
            bill.summarise(service, provider, format!("{table} {} (no price)", p.get_ref()), 0.0, 0, "-");
            return Ok(None);
        }
        return Err(ctx.scenario.at(p.span(), format!("unknown {table} plan `{}` for service `{}`", p.get_ref(), service.name)).with_help(format!(
            "valid plans in {}: {}",
            provider,
            crate::error::one_of(&names)
        )));
    };
    let spec = capacity::data::DbSpec { memory_mb: plan.memory_mb, max_connections: plan.max_connections, storage_gb_max: plan.storage_gb_max };
    if let Some(why) = capacity::data::db_misfit(&spec, &Workload::of(service), dataset) {
        bill.flag_service(FindingKind::OverCap, &service.name, format!("`{}` is pinned to plan `{}` but {why}", service.name, p.get_ref()));
    }
    Ok(Some(book.plan_key(table, p.get_ref()).unwrap_or(p.get_ref()).to_string()))
}

/// The cheapest selectable plan that holds the configured floor and the workload;
/// `None` (nothing fits, a missing price) when no plan does.
fn cheapest_db_plan(service: &Service, db: &DbTable, dataset: &Demand, bill: &mut Bill) -> Option<String> {
    let (provider, table, plans) = (db.provider, db.table, db.plans());
    let floor = Floor { vcpus: 0.0, cpu_class: None, ..Floor::of(service) };
    let mut fitting: Vec<(&String, &crate::pricing::book::DbPlan)> = plans
        .iter()
        .filter(|(_, p)| p.selectable)
        // like-for-like: at least the memory of the configured plan
        .filter(|(_, p)| floor.admits(p.vcpus.unwrap_or(f64::MAX), p.memory_mb, CpuKind::Dedicated) || !floor.is_sized())
        .filter(|(_, p)| {
            let spec = capacity::data::DbSpec { memory_mb: p.memory_mb, max_connections: p.max_connections, storage_gb_max: p.storage_gb_max };
            capacity::data::db_misfit(&spec, &Workload::of(service), dataset).is_none()
        })
        .collect();
    fitting.sort_by(|a, b| a.1.price.total_cmp(&b.1.price).then(a.0.cmp(b.0)));
    if floor.binding && floor.memory_mb > 0.0 {
        bill.assume(format!("`{}` is sized like for like: a {table} plan with at least {:.0} MB, as configured", service.name, floor.memory_mb));
    }
    match fitting.first() {
        Some((n, _)) => Some((*n).clone()),
        None => {
            bill.nothing_fits(
                provider,
                &service.name,
                format!(
                    "no {table} plan of {provider} fits `{}` ({:.0} MB working set, {} connections, {:.1} GB)",
                    service.name, dataset.working_set_mb, service.connections, dataset.storage_gb
                ),
            );
            None
        }
    }
}

/// Bills the fixed add-ons of the scenario (monitoring and other SaaS).
pub fn addons(ctx: &Context, bill: &mut Bill) {
    for a in &ctx.scenario.file.addons {
        let Some((book, rate)) = a.price.split_once('.') else { continue };
        match ctx.prices.rate(book, rate, None, &format!("add-on `{}`", a.name)) {
            Ok(p) => bill.charge(Owner::AddOns, "add-on", a.name.clone(), a.quantity, &p, book),
            Err(m) => bill.missing(m),
        }
    }
}

/// Storage included in a Postgres plan's fee, GB (0 when the book does not say).
pub fn storage_included(ctx: &Context, provider: &str, plan: &str) -> f64 {
    ctx.prices.book(provider).and_then(|b| b.postgres.get(plan)).and_then(|p| p.storage_gb_included).unwrap_or(0.0)
}

/// Records the vCPUs and memory of a database plan on the service summarised last.
pub fn sized_plan(ctx: &Context, provider: &str, table: &str, plan: &str, bill: &mut Bill) {
    let Some(book) = ctx.prices.book(provider) else { return };
    let plans = if table == "postgres" { &book.postgres } else { &book.redis };
    if let Some(p) = plans.get(plan) {
        bill.sized(p.vcpus.unwrap_or(0.0), p.memory_mb);
    }
}

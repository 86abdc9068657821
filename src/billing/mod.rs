//! Billing engines: capacity + price book → priced line items, one engine per provider.
//!
//! Each engine knows one provider's billing rules (the rules are code, the numbers
//! are price-book data). An engine returns a [`Bill`]: line items with quantity,
//! unit, unit price and the price-book entry each came from, a summary per service,
//! the prices it needed and did not find, the assumptions it made, and warnings.

pub mod compose;
pub mod cron;
pub mod fly;
pub mod gpu;
pub mod hosting;
pub mod index;
pub mod names;
pub mod objects;
pub mod render;
pub mod sizing;
pub mod tax;
pub mod team;
pub mod upstash;
pub mod vercel;

pub use sizing::{Candidate, Catalogue, Chosen, choose_size};

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

use crate::capacity::floor::Floor;
use crate::capacity::requirement::Requirement;
use crate::capacity::{self, Bound, Demand, Policy, Workload};
use crate::error::Diagnostic;
use crate::findings::{Finding, FindingKind};
use crate::pricing::{MissingPrice, Price, Prices, SourceRef};
use crate::scenario::Scenario;
use crate::scenario::model::{CpuKind, DeployOption, Pin, Service, Stage};

/// Which part of the whole bill a line belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Hosting: what differs between deployment options.
    #[default]
    Hosting,
    /// Third-party metered services the product calls (LLMs, image APIs, email…).
    Apis,
    /// The team's own time running the deployment (hours × rate).
    TeamTime,
}

impl Part {
    /// Name as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Hosting => "hosting",
            Part::Apis => "apis",
            Part::TeamTime => "team_time",
        }
    }
}

/// Who a line of the bill belongs to: one service of the scenario, or a share of
/// the whole deployment. Decisions read this, never the line's `service` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    /// One service of the scenario; `service` names it.
    #[default]
    Service,
    /// The account or workspace: plan fees, seats, credits, pooled bandwidth, adjustments.
    Account,
    /// The add-ons the scenario lists.
    AddOns,
    /// The VPS nodes of a Compose option, shared by its containers.
    Nodes,
    /// The team's time running the deployment.
    Team,
    /// The tax the buyer pays on a provider's bill.
    Tax,
    /// The product as a whole: a metered API call tied to no one service.
    Product,
    /// The front ends together (usage Vercel meters per account).
    Frontends,
}

impl Owner {
    /// The `service` label of a shared owner's lines (none for [`Owner::Service`]).
    pub const fn label(self) -> &'static str {
        match self {
            Owner::Service => "",
            Owner::Account => "(account)",
            Owner::AddOns => "(add-ons)",
            Owner::Nodes => "(nodes)",
            Owner::Team => "(team)",
            Owner::Tax => "(tax)",
            Owner::Product => "(product)",
            Owner::Frontends => "(frontend)",
        }
    }

    /// Every owner, in the order of the type.
    pub const ALL: [Owner; 8] = [Owner::Service, Owner::Account, Owner::AddOns, Owner::Nodes, Owner::Team, Owner::Tax, Owner::Product, Owner::Frontends];

    /// The owner written as `name` in outputs ([`Owner::as_str`]), if any.
    pub fn from_name(name: &str) -> Option<Owner> {
        Owner::ALL.into_iter().find(|o| o.as_str() == name)
    }

    /// Name as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Service => "service",
            Owner::Account => "account",
            Owner::AddOns => "add_ons",
            Owner::Nodes => "nodes",
            Owner::Team => "team",
            Owner::Tax => "tax",
            Owner::Product => "product",
            Owner::Frontends => "frontends",
        }
    }
}

/// The owner of a line as given to [`Bill::charge`]: a service's name, or a shared
/// owner with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOwner {
    /// Which kind of owner.
    pub owner: Owner,
    /// The line's `service` label.
    pub label: String,
}

impl From<&str> for LineOwner {
    fn from(service: &str) -> Self {
        LineOwner { owner: Owner::Service, label: service.to_string() }
    }
}

impl From<&String> for LineOwner {
    fn from(service: &String) -> Self {
        LineOwner { owner: Owner::Service, label: service.clone() }
    }
}

impl From<Owner> for LineOwner {
    fn from(owner: Owner) -> Self {
        LineOwner { owner, label: owner.label().to_string() }
    }
}

/// One priced line of a bill.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct LineItem {
    /// Which part of the bill the line is in.
    pub part: Part,
    /// Whom the line belongs to: a service, or a shared owner (account, nodes, team…).
    #[serde(default)]
    pub owner: Owner,
    /// Service the cost belongs to, or a shared owner's label: `(account)`, `(nodes)`…
    pub service: String,
    /// Provider id of the price book.
    pub provider: String,
    /// What is billed: `compute`, `volume`, `egress`, `plan`, `postgres`, `storage`…
    pub component: String,
    /// What exactly, e.g. `shared-cpu-1x-256mb × 2`.
    pub detail: String,
    /// Quantity in `unit`s.
    pub quantity: f64,
    /// Unit of the quantity: `machine-month`, `GB-month`, `GB`, `1M requests`…
    pub unit: String,
    /// Price per unit in the price book's currency.
    pub unit_price: f64,
    /// The price book's currency.
    pub currency: String,
    /// Price per unit in USD.
    pub unit_price_usd: f64,
    /// This line's monthly cost, USD (not rounded).
    pub monthly_cost_usd: f64,
    /// Where the unit price comes from.
    pub source: SourceRef,
}

/// One service's place in a bill.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ServiceSummary {
    /// Service name.
    pub name: String,
    /// Service kind.
    pub kind: String,
    /// Provider the service runs on (`fly`, `render`, `vercel`, `hetzner`, `upstash`, `external`).
    pub provider: String,
    /// Size, plan or placement.
    pub size: String,
    /// Instances billed (average running count for autoscaled services).
    pub instances: f64,
    /// Instances provisioned at peak.
    pub peak_instances: u32,
    /// What set the count.
    pub bound: String,
    /// vCPUs of one instance as sized (0 where the service has no instances of its own).
    pub vcpus: f64,
    /// Memory of one instance as sized, MB (0 where the service has no instances of its own).
    pub memory_mb: f64,
    /// GPUs of one instance, e.g. `1 × a100-40gb`, when it has any.
    pub gpu: Option<String>,
    /// Sum of the service's line items, USD.
    pub monthly_cost_usd: f64,
}

/// Everything an engine works out for one option at one stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Bill {
    /// Priced lines.
    pub line_items: Vec<LineItem>,
    /// One entry per service.
    pub services: Vec<ServiceSummary>,
    /// Prices needed and not found (their cost is not in the total).
    pub missing_prices: Vec<MissingPrice>,
    /// Assumptions the engine made where the inputs did not say.
    pub assumptions: Vec<String>,
    /// Typed findings: kind and severity decide; the message is for display.
    pub findings: Vec<Finding>,
    /// VPS nodes a Compose option runs on (0 for other platforms).
    pub compose_nodes: u32,
    /// What `findings`, `assumptions` and `missing_prices` already hold.
    #[serde(skip)]
    seen: (index::Seen, index::Seen, index::Seen),
    /// The cost of each service over `line_items` so far.
    #[serde(skip)]
    costs: index::Costs,
}

impl Bill {
    /// Adds a priced line: `quantity` units at `price`.
    /// A price converted to a 730-hour month keeps the vendor's figure in the detail.
    pub fn charge(&mut self, owner: impl Into<LineOwner>, component: &str, detail: impl Into<String>, quantity: f64, price: &Price, provider: &str) {
        let owner = owner.into();
        let detail = match &price.source.quoted {
            Some(q) => format!("{}; vendor: {q}", detail.into()),
            None => detail.into(),
        };
        self.line_items.push(LineItem {
            part: Part::Hosting,
            owner: owner.owner,
            service: owner.label,
            provider: provider.to_string(),
            component: component.to_string(),
            detail,
            quantity,
            unit: if price.unit.is_empty() { "unit".into() } else { price.unit.clone() },
            unit_price: price.amount,
            currency: price.currency.clone(),
            unit_price_usd: price.usd,
            monthly_cost_usd: quantity * price.usd,
            source: price.source.clone(),
        });
    }

    /// Adds a metered line: `used` units of which `price.free` are free, at least
    /// `price.minimum` (in the book's currency) whenever anything is used.
    pub fn meter(&mut self, owner: impl Into<LineOwner>, component: &str, detail: impl Into<String>, used: f64, price: &Price, provider: &str) {
        let billable = (used - price.free).max(0.0);
        let detail = detail.into();
        let detail = if price.free > 0.0 { format!("{detail}; {} free", crate::money::quantity(price.free)) } else { detail };
        self.charge(owner, component, detail, billable, price, provider);
        if let (Some(min), Some(last)) = (price.minimum, self.line_items.last_mut()) {
            let fx = if price.amount > 0.0 { price.usd / price.amount } else { 1.0 };
            if used > 0.0 && last.monthly_cost_usd < min * fx {
                last.detail = format!("{}; monthly minimum {min} {}", last.detail, price.currency);
                last.monthly_cost_usd = min * fx;
            }
        }
    }

    /// Records a typed finding once.
    pub fn flag(&mut self, finding: Finding) {
        if !self.seen.0.holds(&self.findings, &finding, |f, h| f.hash(h)) {
            self.findings.push(finding);
        }
    }

    /// Records a finding of `kind` (at its default severity) about `service`.
    pub fn flag_service(&mut self, kind: FindingKind, service: &str, message: impl Into<String>) {
        self.flag(Finding::new(kind, message).for_service(service));
    }

    /// Sets the part of the bill of the last line added (lines are hosting unless said).
    pub fn last_in(&mut self, part: Part) {
        if let Some(l) = self.line_items.last_mut() {
            l.part = part;
        }
    }

    /// Records a missing price.
    pub fn missing(&mut self, m: MissingPrice) {
        if !self.seen.2.holds(&self.missing_prices, &m, |m, h| (&m.provider, &m.entry, &m.needed_for).hash(h)) {
            self.missing_prices.push(m);
        }
    }

    /// Records that no size or plan of `provider` can hold `service`: a warning, and
    /// a missing price, so the total is marked incomplete instead of counting zero.
    pub fn nothing_fits(&mut self, provider: &str, service: &str, message: String) {
        self.missing(MissingPrice { provider: provider.into(), entry: "(no size or plan large enough)".into(), needed_for: format!("`{service}`") });
        self.flag_service(FindingKind::NothingFits, service, message);
    }

    /// Records the findings of a capacity plan.
    pub fn flag_all(&mut self, findings: &[Finding]) {
        for f in findings {
            self.flag(f.clone());
        }
    }

    /// Records an assumption once.
    pub fn assume(&mut self, a: impl Into<String>) {
        let a = a.into();
        if !self.seen.1.holds(&self.assumptions, &a, |a, h| a.hash(h)) {
            self.assumptions.push(a);
        }
    }

    /// Sum of the line items for `service`, USD.
    pub fn service_cost(&self, service: &str) -> f64 {
        self.line_items.iter().filter(|l| l.service == service).map(|l| l.monthly_cost_usd).sum()
    }

    /// Sum of all line items, USD.
    pub fn total(&self) -> f64 {
        self.line_items.iter().map(|l| l.monthly_cost_usd).sum()
    }

    /// Appends another bill (the hybrid joins Vercel's and Fly's).
    pub fn extend(&mut self, other: Bill) {
        self.line_items.extend(other.line_items);
        self.services.extend(other.services);
        for m in other.missing_prices {
            self.missing(m);
        }
        for a in other.assumptions {
            self.assume(a);
        }
        for f in other.findings {
            self.flag(f);
        }
        self.compose_nodes += other.compose_nodes;
    }

    /// Adds a service summary whose cost is the sum of its lines so far.
    pub fn summarise(&mut self, service: &Service, provider: &str, size: impl Into<String>, instances: f64, peak: u32, bound: &str) {
        let cost = self.costs.of(&self.line_items, &service.name);
        self.services.push(ServiceSummary {
            name: service.name.clone(),
            kind: service.kind.as_str().to_string(),
            provider: provider.to_string(),
            size: size.into(),
            instances,
            peak_instances: peak,
            bound: bound.to_string(),
            vcpus: 0.0,
            memory_mb: 0.0,
            gpu: service.gpu.as_ref().map(|g| format!("{} × {}", g.count, g.kind)),
            monthly_cost_usd: cost,
        });
    }

    /// Records the size of one instance of the service summarised last.
    pub fn sized(&mut self, vcpus: f64, memory_mb: f64) {
        if let Some(s) = self.services.last_mut() {
            s.vcpus = vcpus;
            s.memory_mb = memory_mb;
        }
    }
}

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

/// Human name of a capacity bound.
pub fn bound_label(b: Bound) -> &'static str {
    capacity::bound_name(b)
}

/// Formats an instance count: whole numbers without decimals.
pub fn count_label(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 { format!("{}", n.round() as i64) } else { format!("{n:.2}") }
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
    let plans = if table == "postgres" { &book.postgres } else { &book.redis };
    let names: Vec<String> = plans.keys().cloned().collect();
    let pinned = &ctx.pin(&service.name).plan;
    let dataset = if table == "redis" {
        // a key-value store keeps all its data in memory
        Demand { working_set_mb: demand.storage_gb * 1024.0, ..demand.clone() }
    } else {
        demand.clone()
    };
    let floor = Floor { vcpus: 0.0, cpu_class: None, ..Floor::of(service) };
    let name = match &pinned {
        Some(p) => {
            let Some(plan) = book.plan_key(table, p.get_ref()).and_then(|k| plans.get(k)) else {
                if let Some(group) = names::names()?.find(&format!("{provider}-{table}"), p.get_ref()) {
                    // a plan the platform sells or sold that the book has no price for
                    let when = if group.sold { "sells" } else { "sold earlier" };
                    bill.missing(MissingPrice {
                        provider: provider.into(),
                        entry: format!("{table}.{}", p.get_ref()),
                        needed_for: format!("`{}`", service.name),
                    });
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
            if let Some(why) = capacity::data::db_misfit(&spec, &Workload::of(service), &dataset) {
                bill.flag_service(FindingKind::OverCap, &service.name, format!("`{}` is pinned to plan `{}` but {why}", service.name, p.get_ref()));
            }
            book.plan_key(table, p.get_ref()).unwrap_or(p.get_ref()).to_string()
        }
        None => {
            let mut fitting: Vec<(&String, &crate::pricing::book::DbPlan)> = plans
                .iter()
                .filter(|(_, p)| p.selectable)
                // like-for-like: at least the memory of the configured plan
                .filter(|(_, p)| floor.admits(p.vcpus.unwrap_or(f64::MAX), p.memory_mb, CpuKind::Dedicated) || !floor.is_sized())
                .filter(|(_, p)| {
                    let spec = capacity::data::DbSpec { memory_mb: p.memory_mb, max_connections: p.max_connections, storage_gb_max: p.storage_gb_max };
                    capacity::data::db_misfit(&spec, &Workload::of(service), &dataset).is_none()
                })
                .collect();
            fitting.sort_by(|a, b| a.1.price.total_cmp(&b.1.price).then(a.0.cmp(b.0)));
            if floor.binding && floor.memory_mb > 0.0 {
                bill.assume(format!("`{}` is sized like for like: a {table} plan with at least {:.0} MB, as configured", service.name, floor.memory_mb));
            }
            match fitting.first() {
                Some((n, _)) => (*n).clone(),
                None => {
                    bill.nothing_fits(
                        provider,
                        &service.name,
                        format!(
                            "no {table} plan of {provider} fits `{}` ({:.0} MB working set, {} connections, {:.1} GB)",
                            service.name, dataset.working_set_mb, service.connections, dataset.storage_gb
                        ),
                    );
                    return Ok(None);
                }
            }
        }
    };
    match ctx.prices.plan(provider, table, &name, &format!("`{}`", service.name)) {
        Ok(p) => bill.charge(&service.name, table, format!("plan `{name}`"), 1.0, &p, provider),
        Err(m) => bill.missing(m),
    }
    Ok(Some(name))
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

//! The bill's vocabulary: which part of the bill a line is in ([`Part`]), whom it
//! belongs to ([`Owner`]), the priced [`LineItem`], the per-service
//! [`ServiceSummary`] and the [`Bill`] an engine writes them into, with its
//! bookkeeping. Every stage that reads or writes lines (the engines, the metered
//! APIs, overlay adjustments, the results and the reports) uses these types and none
//! of the engines' code.

pub mod index;

use std::hash::Hash;

use serde::Serialize;

use crate::findings::{Finding, FindingKind};
use crate::pricing::{MissingPrice, Price, SourceRef};
use crate::scenario::model::Service;

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
    /// How much of each account-wide free allowance (by provider and price entry)
    /// earlier lines have taken.
    #[serde(skip)]
    allowance_used: std::collections::BTreeMap<String, f64>,
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
        let detail = detail.into();
        let (free, detail) = match price.free_scope {
            crate::pricing::book::FreeScope::Line => {
                let d = if price.free > 0.0 { format!("{detail}; {} free", crate::money::quantity(price.free)) } else { detail };
                (price.free, d)
            }
            crate::pricing::book::FreeScope::Account => {
                // the account's allowance, what earlier lines of the same entry left
                let key = format!("{provider}\u{0}{}", price.source.entry);
                let taken = self.allowance_used.entry(key).or_insert(0.0);
                let left = (price.free - *taken).max(0.0);
                let free = left.min(used);
                *taken += free;
                let d = format!("{detail}; {} of the account's {} free", crate::money::quantity(free), crate::money::quantity(price.free));
                (free, d)
            }
        };
        let billable = (used - free).max(0.0);
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

//! The price-book file format (`pricing/*.toml`) and its validation.
//!
//! A price book holds one provider's prices as data: every number carries the id of
//! a source (a URL with a date) declared in the same file, so any figure hostcast
//! shows can be traced to a line of a price book. Billing rules are code (see
//! `crate::billing`); the numbers those rules multiply are here.
//!
//! Sections (all optional; the billing engine of the provider says which it needs):
//! - `[sources.ID]`: `url`, `date`, `title` — what every price cites.
//! - `[sizes.NAME]`: instance/node types: `vcpus`, `cpu_kind`, `sustained_cpu` (cores
//!   a machine can sustain), `memory_mb`, `price` per month, optional `disk_gb` and
//!   `included_traffic_gb` (VPS nodes).
//! - `[plans.NAME]`: account/workspace plans: `price` per month, `included.*`
//!   allowances, `limits.*` hard caps, `features` it unlocks.
//! - `[postgres.NAME]`, `[redis.NAME]`: database plans: `price`, `memory_mb`,
//!   `vcpus`, `max_connections`, `storage_gb` (included or maximum, see `note`).
//! - `[rates.NAME]`: unit prices: `price` per `unit`, `free` quantity per month.
//! - `[regions.NAME]`: `multiplier` on compute prices, `group` (egress group), and
//!   per-region overrides of rates (`prices.RATE = value`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A date written `YYYY-MM-DD`, kept as text and compared as a day number.
pub type DateText = String;

/// One provider's prices, as read from a price-book file.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PriceBook {
    /// Format version of the file; 1.
    pub schema: u32,
    /// Provider id the billing engines look up: `fly`, `render`, `vercel`, `hetzner`,
    /// `digitalocean`, `upstash`, `addons`, `exchange`.
    pub provider: String,
    /// Human name, e.g. "Fly.io".
    pub title: String,
    /// Currency of every price in the file (`USD`, `EUR`).
    pub currency: String,
    /// The date the prices were last checked against their sources.
    pub as_of: toml::value::Datetime,
    /// Hours in the provider's billing month (Fly: 720, a 30-day month).
    #[serde(default)]
    pub month_hours: Option<f64>,
    /// Where the prices come from, by id.
    #[serde(default)]
    pub sources: BTreeMap<String, Source>,
    /// Instance, machine or VPS node types.
    #[serde(default)]
    pub sizes: BTreeMap<String, Size>,
    /// Account or workspace plans.
    #[serde(default)]
    pub plans: BTreeMap<String, Plan>,
    /// Managed Postgres plans.
    #[serde(default)]
    pub postgres: BTreeMap<String, DbPlan>,
    /// Managed Redis / key-value plans.
    #[serde(default)]
    pub redis: BTreeMap<String, DbPlan>,
    /// Unit prices.
    #[serde(default)]
    pub rates: BTreeMap<String, Rate>,
    /// Regions with their compute multiplier, egress group and rate overrides.
    #[serde(default)]
    pub regions: BTreeMap<String, Region>,
    /// Exchange rates to USD (only in the `exchange` book): `EUR = { usd = 1.16, source = … }`.
    #[serde(default)]
    pub to_usd: BTreeMap<String, Rate>,
    /// Free-text notes about the book as a whole.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A cited source.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Where the figure can be checked.
    pub url: String,
    /// The source's own date (commit, "last updated", harvest date).
    pub date: String,
    /// What the source is.
    #[serde(default)]
    pub title: Option<String>,
}

/// An instance, machine or VPS node type.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Size {
    /// Nominal vCPUs.
    pub vcpus: f64,
    /// `shared`, `performance`, `dedicated`.
    #[serde(default = "default_cpu_kind")]
    pub cpu_kind: String,
    /// CPU cores the machine can sustain indefinitely (below `vcpus` for shared CPUs).
    pub sustained_cpu: f64,
    /// Memory in MB.
    pub memory_mb: f64,
    /// Price per billing month, in the book's currency.
    pub price: f64,
    /// Source id.
    pub source: String,
    /// Local disk included (VPS nodes), GB.
    #[serde(default)]
    pub disk_gb: Option<f64>,
    /// Traffic included per month (VPS nodes), GB.
    #[serde(default)]
    pub included_traffic_gb: Option<f64>,
    /// Whether hostcast may pick this size on its own (false for legacy or free types).
    #[serde(default = "yes")]
    pub selectable: bool,
    /// The GPUs of a GPU server, when it has any.
    #[serde(default)]
    pub gpu: Option<GpuSpec>,
    /// One-time setup fee per server, in the book's currency (not a monthly cost).
    #[serde(default)]
    pub setup_fee: Option<f64>,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// The GPUs of a server type.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GpuSpec {
    /// GPU model as the vendor names it.
    pub model: String,
    /// Memory of one GPU, GB.
    pub memory_gb: f64,
    /// GPUs per server.
    pub count: u32,
    /// GPU names of other platforms (e.g. Fly's `a100-40gb`) this GPU stands in for
    /// when it has at least their memory.
    #[serde(default)]
    pub equivalent: Vec<String>,
    /// Why it is listed as equivalent.
    #[serde(default)]
    pub reason: Option<String>,
}

/// An account or workspace plan.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Fee per month.
    pub price: f64,
    /// Source id.
    pub source: String,
    /// Allowances included each month, e.g. `bandwidth_gb`, `credit_usd`, `edge_requests`.
    #[serde(default)]
    pub included: BTreeMap<String, f64>,
    /// Hard caps (a plan that cannot go past them), same keys as `included`.
    #[serde(default)]
    pub limits: BTreeMap<String, f64>,
    /// Features the plan unlocks, e.g. `autoscaling`, `commercial`.
    #[serde(default)]
    pub features: Vec<String>,
    /// Order in which plans are tried, cheapest first.
    #[serde(default)]
    pub rank: u32,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// A managed database plan.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DbPlan {
    /// Fee per month.
    pub price: f64,
    /// Source id.
    pub source: String,
    /// Memory in MB.
    pub memory_mb: f64,
    /// vCPUs.
    #[serde(default)]
    pub vcpus: Option<f64>,
    /// Most client connections the plan takes.
    #[serde(default)]
    pub max_connections: Option<f64>,
    /// Storage included in the fee, GB (storage beyond it is billed at the storage rate).
    #[serde(default)]
    pub storage_gb_included: Option<f64>,
    /// Largest storage the plan allows, GB.
    #[serde(default)]
    pub storage_gb_max: Option<f64>,
    /// Monthly bandwidth or command allowance, where the plan has one.
    #[serde(default)]
    pub included: BTreeMap<String, f64>,
    /// High availability included.
    #[serde(default)]
    pub ha: bool,
    /// Whether hostcast may pick this plan on its own.
    #[serde(default = "yes")]
    pub selectable: bool,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// A unit price.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Price per `unit`, in the book's currency.
    pub price: f64,
    /// What one unit is, e.g. `GB-month`, `GB`, `1M requests`, `hour`, `month`.
    pub unit: String,
    /// Source id.
    pub source: String,
    /// Units free each month before the price applies.
    #[serde(default)]
    pub free: Option<f64>,
    /// Smallest charge per month, where the provider has one.
    #[serde(default)]
    pub minimum: Option<f64>,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// A region.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Multiplier on compute prices relative to the sizes table.
    #[serde(default = "one")]
    pub multiplier: f64,
    /// Egress price group (a key of `rates` is `egress_<group>`).
    #[serde(default)]
    pub group: Option<String>,
    /// Source id.
    pub source: String,
    /// Per-region prices overriding `rates` of the same name.
    #[serde(default)]
    pub prices: BTreeMap<String, f64>,
    /// City or remarks.
    #[serde(default)]
    pub note: Option<String>,
}

fn default_cpu_kind() -> String {
    "shared".to_string()
}
fn yes() -> bool {
    true
}
fn one() -> f64 {
    1.0
}

impl PriceBook {
    /// Checks what the type system cannot: every source id exists, every number is
    /// finite and not negative, shared CPU shares are at most the vCPU count.
    /// Returns one message per problem, naming the entry.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut cite = |what: String, source: &str| {
            if !self.sources.contains_key(source) {
                out.push(format!("{what} cites source `{source}`, which `[sources]` does not define"));
            }
        };
        for (k, v) in &self.sizes {
            cite(format!("sizes.{k}"), &v.source);
        }
        for (k, v) in &self.plans {
            cite(format!("plans.{k}"), &v.source);
        }
        for (k, v) in &self.postgres {
            cite(format!("postgres.{k}"), &v.source);
        }
        for (k, v) in &self.redis {
            cite(format!("redis.{k}"), &v.source);
        }
        for (k, v) in &self.rates {
            cite(format!("rates.{k}"), &v.source);
        }
        for (k, v) in &self.to_usd {
            cite(format!("to_usd.{k}"), &v.source);
        }
        for (k, v) in &self.regions {
            cite(format!("regions.{k}"), &v.source);
        }
        let mut num = |what: String, x: f64| {
            if !x.is_finite() || x < 0.0 {
                out.push(format!("{what} is {x}: prices and quantities must be finite and not negative"));
            }
        };
        for (k, v) in &self.sizes {
            num(format!("sizes.{k}.price"), v.price);
            num(format!("sizes.{k}.vcpus"), v.vcpus);
            num(format!("sizes.{k}.sustained_cpu"), v.sustained_cpu);
            num(format!("sizes.{k}.memory_mb"), v.memory_mb);
        }
        for (k, v) in &self.plans {
            num(format!("plans.{k}.price"), v.price);
            for (i, x) in v.included.iter().chain(v.limits.iter()) {
                num(format!("plans.{k}.{i}"), *x);
            }
        }
        for (k, v) in self.postgres.iter().chain(self.redis.iter()) {
            num(format!("{k}.price"), v.price);
            num(format!("{k}.memory_mb"), v.memory_mb);
        }
        for (k, v) in self.rates.iter().chain(self.to_usd.iter()) {
            num(format!("rates.{k}.price"), v.price);
        }
        for (k, v) in &self.regions {
            num(format!("regions.{k}.multiplier"), v.multiplier);
            for (p, x) in &v.prices {
                num(format!("regions.{k}.prices.{p}"), *x);
            }
        }
        for (k, v) in &self.sizes {
            if v.sustained_cpu > v.vcpus + 1e-9 {
                out.push(format!("sizes.{k}: sustained_cpu {} exceeds vcpus {}", v.sustained_cpu, v.vcpus));
            }
        }
        out
    }

    /// The book's date as `YYYY-MM-DD`.
    pub fn as_of_text(&self) -> DateText {
        self.as_of.date.map(|d| d.to_string()).unwrap_or_else(|| self.as_of.to_string())
    }
}

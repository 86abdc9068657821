//! The price-book file format (`pricing/*.toml`) and its validation.
//!
//! A price book holds one provider's prices as data: every number carries the id of
//! a source (a URL with a date) declared in the same file, so any figure hostcast
//! shows can be traced to a line of a price book. Billing rules are code (see
//! `crate::billing`); the numbers those rules multiply are here.
//!
//! Sections (all optional; the billing engine of the provider says which it needs):
//! - `as_of` (the date of the newest price evidence) and `checked` (the date the book
//!   was last compared with its sources; ages use `checked`).
//! - `month_basis`: what the book's monthly prices mean: `"calendar"` (a calendar
//!   month, taken as quoted; the default), `"30_days"` (720 hours of running time,
//!   converted to a 730-hour month) or `"hours_730"` (already a 730-hour month).
//! - `tax`: whether the prices include VAT or sales tax: `"net"` (they do not; a
//!   scenario's `[tax]` or `--tax` adds what the buyer pays), `"gross"` (they do) or
//!   `"none"` (no tax applies, e.g. exchange rates). Every bundled book states it and
//!   `pricing fetch` requires it.
//! - `[sources.ID]`: `url`, `date`, `title` — what every price cites; `secondary =
//!   true` with a `reason` when the source is not the vendor's own text.
//! - `[sizes.NAME]`: instance/node types: `vcpus`, `cpu_kind`, `sustained_cpu` (cores
//!   a machine can sustain), `memory_mb`, `price` per month, optional `disk_gb` and
//!   `included_traffic_gb` (VPS nodes), `aliases` (the vendor's other ids for it),
//!   `orderable = false` (still priced, but reported as not orderable).
//! - `[plans.NAME]`: account/workspace plans: `price` per month, `included.*`
//!   allowances, `limits.*` hard caps, `features` it unlocks, `aliases`.
//! - `[postgres.NAME]`, `[redis.NAME]`: database plans: `price`, `memory_mb`,
//!   `vcpus`, `max_connections`, `storage_gb` (included or maximum, see `note`),
//!   `ha` (high availability included), `ha_standby` (a standby can be added, billed
//!   as the plan), `aliases`.
//!
//! Plan fees are taken as quoted; sizes and rates per month (`month`, `GB-month`)
//! follow the book's `month_basis`.
//! - `[rates.NAME]`: unit prices: `price` per `unit`, `free` quantity per month.
//! - `[regions.NAME]`: `multiplier` on compute prices, `group` (egress group), and
//!   per-region overrides of rates (`prices.RATE = value`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A date written `YYYY-MM-DD`, kept as text and compared as a day number.
pub type DateText = String;

/// One provider's prices, as read from a price-book file.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
    /// The date of the newest price evidence the book relies on.
    #[schemars(schema_with = "date_schema")]
    pub as_of: toml::value::Datetime,
    /// The date the book was last compared with its sources (ages use it); `as_of`
    /// when the book does not say.
    #[serde(default)]
    #[schemars(schema_with = "date_schema")]
    pub checked: Option<toml::value::Datetime>,
    /// What the book's monthly prices mean (see [`MonthBasis`]).
    #[serde(default)]
    pub month_basis: MonthBasis,
    /// The region an option is priced in when it names none; its prices are the
    /// base `rates` (a `regional` rate elsewhere needs the region's own figure).
    #[serde(default)]
    pub default_region: Option<String>,
    /// Whether the prices include VAT or sales tax (see [`TaxBasis`]); `None`: unstated.
    #[serde(default)]
    pub tax: Option<TaxBasis>,
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
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Where the figure can be checked.
    pub url: String,
    /// The source's own date (commit, "last updated", harvest date).
    pub date: String,
    /// What the source is.
    #[serde(default)]
    pub title: Option<String>,
    /// True when the source is not the vendor's own text (a third-party copy,
    /// tracker or blog).
    #[serde(default)]
    pub secondary: bool,
    /// Why a secondary source is used, and what it copies.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Whether a book's prices include VAT or sales tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaxBasis {
    /// Net of VAT and sales tax: the buyer pays tax on top.
    Net,
    /// VAT or sales tax included.
    Gross,
    /// No tax applies (exchange rates).
    None,
}

impl TaxBasis {
    /// Name as written in a book.
    pub fn as_str(self) -> &'static str {
        match self {
            TaxBasis::Net => "net",
            TaxBasis::Gross => "gross",
            TaxBasis::None => "none",
        }
    }
}

/// The billing month a book's monthly prices are quoted for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
pub enum MonthBasis {
    /// Quoted per 730-hour month (8,760 / 12): taken as they are.
    #[serde(rename = "hours_730")]
    Hours730,
    /// Quoted per 30 days (720 hours): multiplied by 730 / 720.
    #[serde(rename = "30_days")]
    Days30,
    /// Quoted per calendar month with a monthly cap: taken as they are.
    #[default]
    #[serde(rename = "calendar")]
    Calendar,
}

impl MonthBasis {
    /// Factor from a quoted monthly price to a 730-hour month.
    pub fn to_730_hours(self) -> f64 {
        match self {
            MonthBasis::Days30 => HOURS_PER_MONTH / 720.0,
            MonthBasis::Hours730 | MonthBasis::Calendar => 1.0,
        }
    }

    /// Name as written in a book.
    pub fn as_str(self) -> &'static str {
        match self {
            MonthBasis::Hours730 => "hours_730",
            MonthBasis::Days30 => "30_days",
            MonthBasis::Calendar => "calendar",
        }
    }

    /// How a quoted monthly price reads, e.g. `per 30 days`.
    pub fn quoted_as(self) -> &'static str {
        match self {
            MonthBasis::Hours730 => "per 730 hours",
            MonthBasis::Days30 => "per 30 days",
            MonthBasis::Calendar => "per calendar month",
        }
    }
}

/// Hours in hostcast's month: 8,760 / 12.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// An instance, machine or VPS node type.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
    /// False when the vendor was reported not to take new orders for it: still
    /// priced, with a caution when chosen.
    #[serde(default = "yes")]
    pub orderable: bool,
    /// Other ids the vendor uses for this size (renamed ids); each prices like the key.
    #[serde(default)]
    pub aliases: Vec<String>,
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
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
    /// Other ids the vendor uses for this plan.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// A managed database plan.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
    /// Whether the plan can run a high-availability standby (billed as a second
    /// instance of the same plan) where HA is not included.
    #[serde(default)]
    pub ha_standby: bool,
    /// Other ids the vendor uses for this plan (renamed ids); each prices like the key.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Whether hostcast may pick this plan on its own.
    #[serde(default = "yes")]
    pub selectable: bool,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// A unit price.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
    /// Smallest quantity one provisioned unit is billed for (a Hetzner volume is at
    /// least 10 GB), where the provider has one.
    #[serde(default)]
    pub min_quantity: Option<f64>,
    /// Whom the `free` allowance is for: each line (`line`, the default) or the whole
    /// account, shared by every line of the bill (`account`: Fly's 10 GB of free
    /// snapshots are per organisation).
    #[serde(default)]
    pub free_scope: FreeScope,
    /// The vendor prices it per region: outside the book's `default_region`, only
    /// the region's own figure (`[regions.R].prices`) prices it; a region without one
    /// is a missing price, never the default region's rate.
    #[serde(default)]
    pub regional: bool,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

/// Whom a free allowance is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FreeScope {
    /// Each line (each service's use) has the allowance.
    #[default]
    Line,
    /// The account has it once, shared by all its lines in scenario order.
    Account,
}

/// A region.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
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
    /// The key of size `name`: the name itself, or the key it is an alias of.
    pub fn size_key<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        if self.sizes.contains_key(name) {
            return Some(name);
        }
        self.sizes.iter().find(|(_, s)| s.aliases.iter().any(|a| a == name)).map(|(k, _)| k.as_str())
    }

    /// The key of `table.name` (`plans`, `postgres`, `redis`): the name itself, or
    /// the key it is an alias of.
    pub fn plan_key<'a>(&'a self, table: &str, name: &'a str) -> Option<&'a str> {
        fn find<'a, T>(m: &'a BTreeMap<String, T>, name: &'a str, aliases: impl Fn(&T) -> &Vec<String>) -> Option<&'a str> {
            if m.contains_key(name) {
                return Some(name);
            }
            m.iter().find(|(_, v)| aliases(v).iter().any(|a| a == name)).map(|(k, _)| k.as_str())
        }
        match table {
            "plans" => find(&self.plans, name, |p| &p.aliases),
            "postgres" => find(&self.postgres, name, |p| &p.aliases),
            "redis" => find(&self.redis, name, |p| &p.aliases),
            _ => None,
        }
    }

    /// The book's `as_of` as `YYYY-MM-DD`.
    pub fn as_of_text(&self) -> DateText {
        date_text(&self.as_of)
    }

    /// The book's `checked` date as `YYYY-MM-DD` (`as_of` when it has none).
    pub fn checked_text(&self) -> DateText {
        self.checked.as_ref().map(date_text).unwrap_or_else(|| self.as_of_text())
    }
}

fn date_text(d: &toml::value::Datetime) -> DateText {
    d.date.map(|d| d.to_string()).unwrap_or_else(|| d.to_string())
}

/// Schema of a TOML date (`2026-11-30`): a string in JSON.
pub fn date_schema(_: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
    use schemars::schema::{InstanceType, Metadata, SchemaObject};
    SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        format: Some("date".into()),
        metadata: Some(Box::new(Metadata { description: Some("A date, YYYY-MM-DD.".into()), ..Default::default() })),
        ..Default::default()
    }
    .into()
}

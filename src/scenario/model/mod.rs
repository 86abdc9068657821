//! The scenario file format (`scenarios/*.toml`): services, load stages, deployment
//! options and fixed add-ons.
//!
//! The structs are the wire format, read strictly (`deny_unknown_fields`): a typo in
//! a key is an error with its line and column, not a silently ignored setting. Every
//! quantity is range-checked while it is read (see `num`). Defaults are the ones a
//! planning document would assume when it does not say; each is documented on its
//! field.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use super::facts::{Frontend, Runtime};
use super::num;
pub use super::sizing::{CpuKind, Gpu, Sizing};

mod defaults;
mod option;
mod service;

use defaults::*;
pub use option::{Addon, DeployOption, Pin, Platform, Stage};
pub use service::{Kind, Service};

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Name and product-wide facts.
    pub scenario: Meta,
    /// The product's services.
    #[serde(rename = "service", default)]
    pub services: Vec<Service>,
    /// Load points from MVP to enterprise.
    #[serde(rename = "stage", default)]
    pub stages: Vec<Stage>,
    /// Deployment options to compare.
    #[serde(rename = "option", default)]
    pub options: Vec<DeployOption>,
    /// Third-party calls of the product as a whole (`[[api]]`, see `apis`).
    #[serde(rename = "api", default)]
    pub apis: Vec<super::apis::ApiCall>,
    /// Fixed monthly add-ons that belong to every option's bill (monitoring, email…).
    #[serde(rename = "addon", default)]
    pub addons: Vec<Addon>,
    /// The month-by-month growth timeline, if the scenario has one.
    #[serde(default)]
    pub growth: Option<Growth>,
    /// The team's time to run each kind of deployment. Absent: [`TeamTime::default`],
    /// and the reports say the defaults were used.
    #[serde(default)]
    pub team_time: Option<TeamTime>,
    /// Budget limits for `hostcast budget`.
    #[serde(default)]
    pub budget: Option<Budget>,
    /// The tax the buyer pays on net prices (`[tax]`); `--tax` replaces it.
    #[serde(default)]
    pub tax: Option<Tax>,
    /// Overlay files (partial price books: a negotiated discount, a missing price)
    /// laid over the price books for this scenario, relative to the scenario file;
    /// applied after those of `HOSTCAST_OVERLAY` and `--overlay`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub overlays: Vec<Spanned<String>>,
}

/// The tax (VAT, sales tax) the buyer pays on a provider's net prices.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tax {
    /// One rate for every provider, as a fraction (`0.19` is 19%).
    #[serde(default, deserialize_with = "num::fraction_opt")]
    #[schemars(schema_with = "num::schema::fraction_opt")]
    pub rate: Option<f64>,
    /// A rate per provider id (`hetzner = 0.19`), over `rate`.
    #[serde(default)]
    pub providers: BTreeMap<String, TaxRate>,
    /// Why (e.g. `German VAT, reverse charge not applicable`).
    #[serde(default)]
    pub note: Option<String>,
    /// Where the rates were set, when not the scenario file (`--tax`).
    #[serde(skip)]
    pub origin: Option<String>,
}

/// One provider's tax rate, a fraction between 0 and 1.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, schemars::JsonSchema)]
pub struct TaxRate(#[schemars(schema_with = "num::schema::fraction")] pub f64);

impl<'de> Deserialize<'de> for TaxRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        num::fraction(d).map(TaxRate)
    }
}

impl Tax {
    /// The rate for `provider`: its own, else the one rate, else none.
    pub fn rate_for(&self, provider: &str) -> Option<f64> {
        self.providers.get(provider).map(|r| r.0).or(self.rate)
    }
}

/// Budget limits for `hostcast budget`; flags given on the command line override them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Most USD a month for the checked option at any stage.
    #[serde(default, deserialize_with = "num::money_opt")]
    #[schemars(schema_with = "num::schema::money_opt")]
    pub max_monthly_usd: Option<f64>,
    /// Most increase over a baseline: USD (`"50"`) or a percentage (`"10%"`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub max_increase: Option<Spanned<String>>,
    /// Which total is limited: `cash` (default) or `with_team_time`.
    #[serde(default)]
    pub basis: Option<BudgetBasis>,
}

/// Which total a budget limits.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetBasis {
    /// The cash bill: hosting + APIs (what invoices show).
    #[default]
    Cash,
    /// The cash bill plus the team's time.
    WithTeamTime,
}

/// Which total ranks the options.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// The cash bill plus the team's time (hosting + APIs + team time).
    #[default]
    WithTeamTime,
    /// The cash bill only (hosting + APIs: what an invoice shows).
    Cash,
}

impl RankBy {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            RankBy::WithTeamTime => "with_team_time",
            RankBy::Cash => "cash",
        }
    }
}

/// The team's own hours to run a deployment each month, by kind of platform, and
/// what an hour costs. The defaults are hostcast's planning figures, stated as such
/// in every report that uses them:
///
/// - a PaaS (Fly.io, Render, Vercel + Fly): 2 h a month — deploy pipeline upkeep,
///   runtime and dependency updates the platform does not do, alert triage; the
///   platform patches hosts, balances load and backs up managed databases;
/// - Compose on one VPS: 8 h a month — OS and Docker patching (~1 h), image updates
///   (~1 h), checking backups and a restore test (~1.5 h), monitoring and alerting
///   upkeep (~1 h), an on-call share and incidents (~3.5 h);
/// - each further VPS node (Swarm): 2 h a month more;
/// - $75 an hour, a typical contractor rate.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamTime {
    /// Cost of one hour of the team's time, USD. Default 75.
    #[serde(default = "team_rate", deserialize_with = "num::money")]
    #[schemars(schema_with = "num::schema::money")]
    pub hourly_rate_usd: f64,
    /// Hours a month to run a deployment on a PaaS (Fly.io, Render, Vercel + Fly). Default 2.
    #[serde(default = "paas_hours", deserialize_with = "num::hours")]
    #[schemars(schema_with = "num::schema::hours")]
    pub paas_hours_per_month: f64,
    /// Hours a month to run Compose on one VPS node. Default 8.
    #[serde(default = "vps_hours", deserialize_with = "num::hours")]
    #[schemars(schema_with = "num::schema::hours")]
    pub vps_hours_per_month: f64,
    /// Hours a month more for each further VPS node. Default 2.
    #[serde(default = "node_hours", deserialize_with = "num::hours")]
    #[schemars(schema_with = "num::schema::hours")]
    pub hours_per_extra_node: f64,
    /// Where these figures come from (shown in the report).
    #[serde(default)]
    pub basis: Option<String>,
}

impl Default for TeamTime {
    fn default() -> Self {
        TeamTime {
            hourly_rate_usd: team_rate(),
            paas_hours_per_month: paas_hours(),
            vps_hours_per_month: vps_hours(),
            hours_per_extra_node: node_hours(),
            basis: None,
        }
    }
}

fn team_rate() -> f64 {
    75.0
}
fn paas_hours() -> f64 {
    2.0
}
fn vps_hours() -> f64 {
    8.0
}
fn node_hours() -> f64 {
    2.0
}

/// A month-by-month timeline between the stages, with the uncertainty of the
/// user count. Users grow geometrically from stage to stage (by each stage's
/// `month`); in each month the actual count is the planned one times a multiplier
/// drawn from a triangular distribution (`low`, `likely`, `high`).
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Growth {
    /// Months on the timeline (month 0 is launch). Default: the last stage's month.
    #[serde(default, deserialize_with = "num::count_opt")]
    #[schemars(schema_with = "num::schema::count_opt")]
    pub months: Option<u32>,
    /// Smallest multiplier on the planned users. Default 0.5.
    #[serde(default = "half", deserialize_with = "num::spread")]
    #[schemars(schema_with = "num::schema::spread")]
    pub low: f64,
    /// Most likely multiplier. Default 1.
    #[serde(default = "one", deserialize_with = "num::spread")]
    #[schemars(schema_with = "num::schema::spread")]
    pub likely: f64,
    /// Largest multiplier. Default 2.
    #[serde(default = "two", deserialize_with = "num::spread")]
    #[schemars(schema_with = "num::schema::spread")]
    pub high: f64,
    /// Remarks: where the spread comes from.
    #[serde(default)]
    pub note: Option<String>,
}

/// Product-wide facts.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Product name shown in reports.
    pub name: String,
    /// One paragraph on what the product is.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the scenario's facts come from (a planning document, a repository).
    #[serde(default)]
    pub source: Option<String>,
    /// Whether the product is commercial. Vercel's Hobby plan is for non-commercial
    /// use only, so a commercial product is priced on Pro. Default: true.
    #[serde(default = "yes")]
    pub commercial: bool,
    /// Days in a month for request, traffic and run volumes, 28 to 31. Default 365/12
    /// (30.4167), the 730-hour month every time-priced line uses; another figure is
    /// stated in every output as an assumption.
    #[serde(default = "average_month_days", deserialize_with = "num::month_days")]
    #[schemars(schema_with = "num::schema::month_days")]
    pub days_per_month: f64,
    /// Which total ranks the options: `with_team_time` (default) or `cash`.
    #[serde(default)]
    pub rank_by: RankBy,
}

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
    /// Days in a month for request and traffic volumes, 28 to 31. Default 30.
    #[serde(default = "thirty", deserialize_with = "num::month_days")]
    #[schemars(schema_with = "num::schema::month_days")]
    pub days_per_month: f64,
    /// Which total ranks the options: `with_team_time` (default) or `cash`.
    #[serde(default)]
    pub rank_by: RankBy,
}

/// What a service is; decides how it is sized and billed.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Server-rendered or SPA front end serving pages.
    Web,
    /// HTTP API.
    Api,
    /// Queue consumer or long-running background process.
    Worker,
    /// Scheduled job.
    Cron,
    /// Chat bot (long polling or webhooks): always on, light load.
    Bot,
    /// Static files only.
    Static,
    /// PostgreSQL.
    Postgres,
    /// Redis / Valkey / key-value store.
    Redis,
    /// S3-compatible object storage (MinIO, Tigris, Spaces…).
    ObjectStorage,
    /// Reverse proxy / load balancer container (nginx, traefik, caddy).
    Proxy,
}

impl Kind {
    /// Whether the service answers HTTP requests from users.
    pub fn serves_requests(self) -> bool {
        matches!(self, Kind::Web | Kind::Api | Kind::Static | Kind::Proxy)
    }
    /// Whether the service is a data store.
    pub fn is_data(self) -> bool {
        matches!(self, Kind::Postgres | Kind::Redis | Kind::ObjectStorage)
    }
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Web => "web",
            Kind::Api => "api",
            Kind::Worker => "worker",
            Kind::Cron => "cron",
            Kind::Bot => "bot",
            Kind::Static => "static",
            Kind::Postgres => "postgres",
            Kind::Redis => "redis",
            Kind::ObjectStorage => "object_storage",
            Kind::Proxy => "proxy",
        }
    }
}

/// One service of the product.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique name within the scenario.
    pub name: String,
    /// What the service is.
    pub kind: Kind,
    /// Remarks: where the numbers come from.
    #[serde(default)]
    pub note: Option<String>,

    // ---- request workload (web, api, static, proxy) ----
    /// Requests each daily active user causes per day (web, api, static, proxy).
    #[serde(default, deserialize_with = "num::per_day")]
    #[schemars(schema_with = "num::schema::per_day")]
    pub requests_per_user_day: f64,
    /// CPU time per request, ms. Default 10.
    #[serde(default = "ten", deserialize_with = "num::millis")]
    #[schemars(schema_with = "num::schema::millis")]
    pub cpu_ms_per_request: f64,
    /// Mean time a request spends in the service (CPU + waiting on I/O), ms. Default 100.
    #[serde(default = "hundred", deserialize_with = "num::millis")]
    #[schemars(schema_with = "num::schema::millis")]
    pub latency_ms: f64,
    /// Mean response time the service must keep at peak, ms (queueing included).
    /// Default: 2 × `latency_ms`.
    #[serde(default, deserialize_with = "num::millis_opt")]
    #[schemars(schema_with = "num::schema::millis_opt")]
    pub latency_target_ms: Option<f64>,
    /// Mean response size, KB (drives egress). Default 20.
    #[serde(default = "twenty", deserialize_with = "num::kilobytes")]
    #[schemars(schema_with = "num::schema::kilobytes")]
    pub response_kb: f64,

    // ---- background workload (worker, bot, cron) ----
    /// Jobs (workers) or messages (bots) each daily active user causes per day.
    #[serde(default, deserialize_with = "num::per_day")]
    #[schemars(schema_with = "num::schema::per_day")]
    pub jobs_per_user_day: f64,
    /// CPU time per job or message, ms (workers, bots).
    #[serde(default, deserialize_with = "num::millis")]
    #[schemars(schema_with = "num::schema::millis")]
    pub cpu_ms_per_job: f64,
    /// Cron schedule in the five-field crontab form, e.g. `*/15 * * * *`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub schedule: Option<Spanned<String>>,
    /// Runs per day, when there is no `schedule`.
    #[serde(default, deserialize_with = "num::per_day_opt")]
    #[schemars(schema_with = "num::schema::per_day_opt")]
    pub runs_per_day: Option<f64>,
    /// Wall-clock minutes per run (cron).
    #[serde(default, deserialize_with = "num::minutes")]
    #[schemars(schema_with = "num::schema::minutes")]
    pub run_minutes: f64,

    // ---- memory ----
    /// Memory the process needs at rest, MB. Default 128.
    #[serde(default = "base_mb", deserialize_with = "num::megabytes")]
    #[schemars(schema_with = "num::schema::megabytes")]
    pub memory_base_mb: f64,
    /// Extra memory per in-flight request, MB. Default 1.
    #[serde(default = "one", deserialize_with = "num::megabytes")]
    #[schemars(schema_with = "num::schema::megabytes")]
    pub memory_per_request_mb: f64,
    /// CPU the service reserves when packed on a VPS (cores); default: what its load needs, at least 0.1.
    #[serde(default, deserialize_with = "num::cores_opt")]
    #[schemars(schema_with = "num::schema::cores_opt")]
    pub cpu_reserve: Option<f64>,

    // ---- scaling policy ----
    /// Fewest instances. Default 1 (0 with `scale_to_zero`).
    #[serde(default, deserialize_with = "num::count_opt")]
    #[schemars(schema_with = "num::schema::count_opt")]
    pub min_instances: Option<u32>,
    /// Most instances, at least 1; more than `min_instances` means the service
    /// autoscales and is billed for its average running count.
    #[serde(default, deserialize_with = "num::positive_count_opt")]
    #[schemars(schema_with = "num::schema::positive_count_opt")]
    pub max_instances: Option<u32>,
    /// In-flight requests one instance takes before a new one is needed (soft limit), at
    /// least 1. Default 25.
    #[serde(default = "twenty_five_u", deserialize_with = "num::positive_count")]
    #[schemars(schema_with = "num::schema::positive_count")]
    pub concurrency: u32,
    /// CPU utilisation to plan for. Default 0.7 (0.85 for worker and cron).
    #[serde(default, deserialize_with = "num::utilisation_opt")]
    #[schemars(schema_with = "num::schema::utilisation_opt")]
    pub target_utilisation: Option<f64>,
    /// Stop instances when idle (Fly auto-stop, Render free spin-down).
    #[serde(default)]
    pub scale_to_zero: bool,
    /// Idle time before an auto-stopped instance stops, seconds. Default 300.
    #[serde(default = "idle_default", deserialize_with = "num::seconds")]
    #[schemars(schema_with = "num::schema::seconds")]
    pub idle_stop_seconds: f64,

    // ---- storage ----
    /// Persistent volume per instance, GB (uploads, self-run databases).
    #[serde(default, deserialize_with = "num::gigabytes")]
    #[schemars(schema_with = "num::schema::gigabytes")]
    pub volume_gb: f64,
    /// Data stored at launch, GB (databases, object storage).
    #[serde(default, deserialize_with = "num::gigabytes")]
    #[schemars(schema_with = "num::schema::gigabytes")]
    pub storage_gb: f64,
    /// Data added per 1,000 users, GB.
    #[serde(default, deserialize_with = "num::gigabytes")]
    #[schemars(schema_with = "num::schema::gigabytes")]
    pub storage_gb_per_1k_users: f64,
    /// Share of the data that must sit in memory (working set). Default 0.25.
    #[serde(default = "quarter", deserialize_with = "num::fraction")]
    #[schemars(schema_with = "num::schema::fraction")]
    pub working_set_ratio: f64,
    /// Client connections the data service must accept at peak.
    #[serde(default, deserialize_with = "num::count")]
    #[schemars(schema_with = "num::schema::count")]
    pub connections: u32,
    /// Commands per daily active user per day (Redis).
    #[serde(default, deserialize_with = "num::per_day")]
    #[schemars(schema_with = "num::schema::per_day")]
    pub commands_per_user_day: f64,
    /// Outbound traffic from object storage per daily active user per day, MB.
    #[serde(default, deserialize_with = "num::megabytes")]
    #[schemars(schema_with = "num::schema::megabytes")]
    pub download_mb_per_user_day: f64,
    /// Object storage: uploads and other writes (Class A requests) per daily active
    /// user per day; its `requests_per_user_day` are the reads (Class B).
    #[serde(default, deserialize_with = "num::per_day")]
    #[schemars(schema_with = "num::schema::per_day")]
    pub uploads_per_user_day: f64,

    // ---- what a platform must support to host it (`data/hosting.toml`) ----
    /// The front-end framework the service serves pages with. Only a `web` or
    /// `static` service with one goes to Vercel in the Vercel + Fly hybrid.
    #[serde(default)]
    pub frontend: Option<Frontend>,
    /// Holds connections open (websockets, server-sent events, long polling).
    #[serde(default)]
    pub long_lived_connections: bool,
    /// The language runtime of the service's code.
    #[serde(default)]
    pub runtime: Option<Runtime>,
    /// Longest a request (or a cron run) may take, seconds.
    #[serde(default, deserialize_with = "num::seconds_opt")]
    #[schemars(schema_with = "num::schema::seconds_opt")]
    pub max_duration_s: Option<f64>,

    // ---- third-party calls ----
    /// Metered API calls the service's work makes (`[[service.api]]`, see `apis`).
    #[serde(rename = "api", default, skip_serializing_if = "Vec::is_empty")]
    pub apis: Vec<super::apis::ApiCall>,

    // ---- configured size (what a deployment config settles) ----
    /// vCPUs of one instance as configured.
    #[serde(default, deserialize_with = "num::instance_cpus_opt")]
    #[schemars(schema_with = "num::schema::instance_cpus_opt")]
    pub vcpus: Option<f64>,
    /// CPU class as configured: `shared`, or `dedicated` (also written `performance`).
    #[serde(default)]
    pub cpu_kind: Option<CpuKind>,
    /// Memory of one instance as configured, MB.
    #[serde(default, deserialize_with = "num::instance_memory_opt")]
    #[schemars(schema_with = "num::schema::instance_memory_opt")]
    pub memory_mb: Option<f64>,
    /// GPUs of one instance as configured.
    #[serde(default)]
    pub gpu: Option<Gpu>,
    /// Instances as configured: a floor on every platform (like-for-like sizing).
    #[serde(default, deserialize_with = "num::count_opt")]
    #[schemars(schema_with = "num::schema::count_opt")]
    pub instances: Option<u32>,
    /// How the options size the service: `like_for_like` (at least the configured
    /// size on every platform; the default) or `measured` (sized from the workload
    /// figures alone, the saving against like-for-like shown).
    #[serde(default)]
    pub sizing: Option<Sizing>,
}

/// A load point.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Name, e.g. "MVP".
    pub name: String,
    /// Registered users.
    #[serde(deserialize_with = "num::users")]
    #[schemars(schema_with = "num::schema::users")]
    pub users: f64,
    /// Share of users active on a given day.
    #[serde(deserialize_with = "num::fraction")]
    #[schemars(schema_with = "num::schema::fraction")]
    pub daily_active: f64,
    /// Peak-hour request rate over the daily average. Default 2.
    #[serde(default = "two", deserialize_with = "num::peak_ratio")]
    #[schemars(schema_with = "num::schema::peak_ratio")]
    pub peak_to_average: f64,
    /// Run at least two instances of every stateless service, HA databases.
    #[serde(default)]
    pub high_availability: bool,
    /// Month (from launch) at which the product is expected to reach this stage.
    #[serde(default, deserialize_with = "num::count_opt")]
    #[schemars(schema_with = "num::schema::count_opt")]
    pub month: Option<u32>,
    /// Remarks: where the numbers come from.
    #[serde(default)]
    pub note: Option<String>,
}

/// The platform an option deploys to.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Everything on Fly.io.
    Fly,
    /// Everything on Render.
    Render,
    /// Front end (web, static) on Vercel, the rest on Fly.io.
    VercelFly,
    /// Docker Compose on VPS nodes.
    Compose,
}

impl Platform {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Fly => "fly",
            Platform::Render => "render",
            Platform::VercelFly => "vercel_fly",
            Platform::Compose => "compose",
        }
    }
}

/// A deployment option.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeployOption {
    /// Name shown in reports.
    pub name: String,
    /// Where it deploys.
    pub platform: Platform,
    /// Remarks: e.g. the document section an option reproduces.
    #[serde(default)]
    pub note: Option<String>,
    /// A deployment kept for comparison (e.g. as a planning document priced it):
    /// priced and charted like any option, never recommended.
    #[serde(default)]
    pub reference: bool,
    /// Region (Fly region, Vercel function region). Default: the cheapest (`iad` / `iad1`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub region: Option<Spanned<String>>,
    /// Vercel function region for the hybrid. Default `iad1`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub vercel_region: Option<Spanned<String>>,
    /// Account or workspace plan (Render workspace, Vercel plan). Default: the cheapest that allows what the option uses.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub plan: Option<Spanned<String>>,
    /// Deploying seats (Vercel Pro). Default 1.
    #[serde(default = "one_u", deserialize_with = "num::count")]
    #[schemars(schema_with = "num::schema::count")]
    pub seats: u32,
    /// VPS provider for Compose: `hetzner` (default) or `digitalocean`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub host: Option<Spanned<String>>,
    /// VPS node type for Compose. Default: the cheapest set of nodes that fits.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub node_size: Option<Spanned<String>>,
    /// Share of each node kept free when packing Compose services. Default 0.2.
    #[serde(default = "headroom_default", deserialize_with = "num::fraction")]
    #[schemars(schema_with = "num::schema::fraction")]
    pub headroom: f64,
    /// Compose: take the VPS provider's backups. Default true.
    #[serde(default = "yes")]
    pub backups: bool,
    /// A dedicated IPv4 address per public app (Fly). Default false (shared IPv4 is free).
    #[serde(default)]
    pub dedicated_ipv4: bool,
    /// Team hours spent running this deployment each month (its own line, apart from
    /// the cash bill). Default: `[team_time]` for the option's kind of platform; 0 for a
    /// reference deployment.
    #[serde(default, deserialize_with = "num::hours_opt")]
    #[schemars(schema_with = "num::schema::hours_opt")]
    pub ops_hours_per_month: Option<f64>,
    /// Cost of one such hour, USD. Default: `[team_time].hourly_rate_usd`.
    #[serde(default, deserialize_with = "num::money_opt")]
    #[schemars(schema_with = "num::schema::money_opt")]
    pub ops_hourly_rate_usd: Option<f64>,
    /// Per-service settings, by service name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Pin>")]
    pub service: BTreeMap<String, Spanned<Pin>>,
    /// Price the files only, without the team's time (`estimate`); never read from a file.
    #[serde(skip)]
    pub files_only: bool,
    /// Third-party API entries this option prices differently, by entry name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, super::apis::ApiPin>")]
    pub api: BTreeMap<String, Spanned<super::apis::ApiPin>>,
}

/// Per-service settings of an option: pinned sizes and counts, placement.
#[derive(Debug, Clone, Deserialize, Default, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// Instance type / machine preset.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub size: Option<Spanned<String>>,
    /// Database or key-value plan.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub plan: Option<Spanned<String>>,
    /// Exactly this many instances (no autoscaling).
    #[serde(default, deserialize_with = "num::count_opt")]
    #[schemars(schema_with = "num::schema::count_opt")]
    pub instances: Option<u32>,
    /// Fewest instances (overrides the service's).
    #[serde(default, deserialize_with = "num::count_opt")]
    #[schemars(schema_with = "num::schema::count_opt")]
    pub min_instances: Option<u32>,
    /// Most instances, at least 1 (overrides the service's).
    #[serde(default, deserialize_with = "num::positive_count_opt")]
    #[schemars(schema_with = "num::schema::positive_count_opt")]
    pub max_instances: Option<u32>,
    /// Auto-stop when idle (overrides the service's `scale_to_zero`).
    #[serde(default)]
    pub scale_to_zero: Option<bool>,
    /// How a database runs: `managed` (the provider's plan, default) or `machine`
    /// (self-run on a machine with a volume).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub deploy: Option<Spanned<String>>,
    /// Where the service runs when not where the platform puts it: `vercel`, `fly`,
    /// `upstash` (Upstash Redis bought directly), `external` (priced elsewhere: an
    /// add-on or not at all).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub provider: Option<Spanned<String>>,
    /// Run inside another service's instances (one VM for two processes): this
    /// service adds no instances of its own.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub colocate_with: Option<Spanned<String>>,
    /// Volume per instance, GB (overrides the service's).
    #[serde(default, deserialize_with = "num::gigabytes_opt")]
    #[schemars(schema_with = "num::schema::gigabytes_opt")]
    pub volume_gb: Option<f64>,
    /// Object storage: the store that holds it instead of the platform's own (or,
    /// on Render, instead of the default external store): `tigris`, `cloudflare_r2`,
    /// `hetzner`, `spaces`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub store: Option<Spanned<String>>,
}

/// A fixed monthly add-on.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Addon {
    /// Name shown in reports, e.g. "Sentry Team".
    pub name: String,
    /// The price-book entry it is priced from: `addons.sentry_team` (book provider, rate).
    pub price: String,
    /// How many (seats, units). Default 1.
    #[serde(default = "one", deserialize_with = "num::users")]
    #[schemars(schema_with = "num::schema::users")]
    pub quantity: f64,
}

fn half() -> f64 {
    0.5
}
fn yes() -> bool {
    true
}
fn thirty() -> f64 {
    30.0
}
fn ten() -> f64 {
    10.0
}
fn hundred() -> f64 {
    100.0
}
fn twenty() -> f64 {
    20.0
}
fn base_mb() -> f64 {
    128.0
}
fn one() -> f64 {
    1.0
}
fn one_u() -> u32 {
    1
}
fn two() -> f64 {
    2.0
}
fn twenty_five_u() -> u32 {
    25
}
fn idle_default() -> f64 {
    300.0
}
fn quarter() -> f64 {
    0.25
}
fn headroom_default() -> f64 {
    0.2
}

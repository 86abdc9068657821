//! A service of the scenario: what it is ([`Kind`]) and its workload, sizing and
//! scaling as the file states them.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::defaults::*;
use super::{CpuKind, Frontend, Gpu, Runtime, Sizing};
use crate::scenario::num;

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
    pub apis: Vec<crate::scenario::apis::ApiCall>,

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

//! Load stages, deployment options with their per-service pins, and fixed add-ons.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::defaults::*;
use crate::scenario::num;

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
    #[schemars(with = "BTreeMap<String, crate::scenario::apis::ApiPin>")]
    pub api: BTreeMap<String, Spanned<crate::scenario::apis::ApiPin>>,
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

//! The configured size of a service in a scenario: its CPU class, GPUs and how the
//! options size it (like-for-like or measured).

use serde::{Deserialize, Serialize};

use super::model::Service;
use super::num;

/// A CPU class as configs name it.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CpuKind {
    /// Shared (burstable) vCPUs.
    Shared,
    /// Dedicated cores (Fly `performance`, Hetzner CCX, DigitalOcean CPU-optimised).
    #[serde(alias = "performance")]
    Dedicated,
}

impl CpuKind {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            CpuKind::Shared => "shared",
            CpuKind::Dedicated => "dedicated",
        }
    }
}

/// GPUs of one instance.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gpu {
    /// GPU model as the platform names it (`a100-40gb`, `l40s`, `rtx-4000-ada`), or
    /// `any` when the config does not say.
    pub kind: String,
    /// GPUs per instance. Default 1.
    #[serde(default = "one_gpu", deserialize_with = "num::gpu_count")]
    #[schemars(schema_with = "num::schema::gpu_count")]
    pub count: u32,
}

/// How a service is sized on the options.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sizing {
    /// At least the configured memory, CPU count and class, GPU and instances.
    #[default]
    LikeForLike,
    /// From the workload figures (measured), ignoring the configured size.
    Measured,
}

impl Service {
    /// The sizing in force: the service's, else like-for-like.
    pub fn sizing(&self) -> Sizing {
        self.sizing.unwrap_or_default()
    }
}

fn one_gpu() -> u32 {
    1
}

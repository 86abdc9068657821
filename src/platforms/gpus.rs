//! Fly's GPU machines, sold until 2026 and now retired: the archive book
//! (`pricing/archive/fly-gpus.toml`) with each preset's GPU, memory and last price.
//! The importer reads the preset names a `fly.toml` may give (`vm.size`), the Fly
//! engine the prices.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The archive book of Fly's GPU machines.
const FLY_GPUS: &str = include_str!("../../pricing/archive/fly-gpus.toml");

/// Fly's retired GPU book.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct GpuArchive {
    /// Provider id.
    pub provider: String,
    /// Title.
    pub title: String,
    /// Currency of the prices.
    pub currency: String,
    /// Last day the GPUs were sold.
    #[schemars(schema_with = "crate::pricing::book::date_schema")]
    pub last_sold: toml::value::Datetime,
    /// Sources by id.
    pub sources: BTreeMap<String, crate::pricing::book::Source>,
    /// GPU presets by the name `fly.toml` gives them (`vm.size`).
    pub gpus: BTreeMap<String, RetiredGpu>,
}

/// One retired GPU preset.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct RetiredGpu {
    /// The GPU model.
    pub model: String,
    /// GPU memory, GB.
    pub gpu_memory_gb: f64,
    /// The machine preset it came with.
    pub preset: String,
    /// Last published price per GPU-hour.
    pub hourly: f64,
    /// The on-demand price per GPU-hour before the wind-down.
    pub list_hourly: f64,
    /// Source id of `hourly`.
    pub source: String,
}

/// The embedded archive (`None` only if it does not parse, which a test rules out).
pub fn fly_archive() -> Option<&'static GpuArchive> {
    static BOOK: OnceLock<Option<GpuArchive>> = OnceLock::new();
    BOOK.get_or_init(|| toml::from_str(FLY_GPUS).ok()).as_ref()
}

/// Whether `name` is one of Fly's GPU presets (what `vm.size` accepted: Fly's GPU
/// quickstart lists `a10`, `l40s`, `a100-40gb` and `a100-80gb`, each the GPU with
/// `performance-8x` and 32 GB), as the archive book lists them.
pub fn is_fly_gpu(name: &str) -> bool {
    fly_archive().is_some_and(|a| a.gpus.contains_key(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_lists_the_four_presets_fly_sold() {
        let names: Vec<&String> = fly_archive().expect("the embedded archive parses").gpus.keys().collect();
        assert_eq!(names, ["a10", "a100-40gb", "a100-80gb", "l40s"]);
        assert!(is_fly_gpu("l40s") && !is_fly_gpu("performance-8x"));
    }
}

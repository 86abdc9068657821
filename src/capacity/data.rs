//! Data services: which database or key-value plan a load fits.
//!
//! A plan fits when its memory holds the working set (the share of the data that
//! must stay in memory), it accepts the connections, and it can store the data.
//! A self-run database on a machine needs the working set plus the server's own
//! base footprint in memory, and a volume for the data.

use super::Workload;
use super::{Demand, USABLE_MEMORY};

/// The resources of a database plan, as the capacity model sees them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DbSpec {
    /// Memory, MB.
    pub memory_mb: f64,
    /// Most connections, if limited.
    pub max_connections: Option<f64>,
    /// Most storage, GB, if limited.
    pub storage_gb_max: Option<f64>,
}

/// Why a plan does not fit, or `None` when it does.
pub fn db_misfit(spec: &DbSpec, service: &Workload, demand: &Demand) -> Option<String> {
    if demand.working_set_mb > spec.memory_mb {
        return Some(format!("working set {:.0} MB exceeds {:.0} MB of memory", demand.working_set_mb, spec.memory_mb));
    }
    if let Some(max) = spec.max_connections
        && (service.connections as f64) > max
    {
        return Some(format!("{} connections exceed the plan's {max:.0}", service.connections));
    }
    if let Some(max) = spec.storage_gb_max
        && demand.storage_gb > max
    {
        return Some(format!("{:.1} GB of data exceeds the plan's {max:.0} GB", demand.storage_gb));
    }
    None
}

/// Memory a self-run database needs on its machine, MB: its base footprint plus the working set.
pub fn self_run_memory_mb(service: &Workload, demand: &Demand) -> f64 {
    (service.memory_base_mb + demand.working_set_mb) / USABLE_MEMORY
}

/// Volume to provision for a self-run data service, GB: the data plus 25% room to
/// grow, at least 1 GB, in whole GB; at least the service's own `volume_gb` when it
/// sets one (a volume provisioned at that size, as a config file gives it).
pub fn volume_gb(service: &Workload, demand: &Demand) -> f64 {
    (demand.storage_gb * 1.25).ceil().max(service.volume_gb).max(1.0)
}

//! What one service needs at one stage, provider-neutral, worked out once: the
//! load-driven figures ([`Demand`]: CPU, in-flight requests, traffic, data), the
//! floor its config settles ([`Floor`]: memory, CPU count and class, GPU, disk,
//! instances) and the availability floor (instances the stage's high availability
//! asks for). Each billing engine then only chooses sizes and counts against it from
//! its own catalogue.

use super::Demand;
use super::floor::Floor;
use crate::scenario::model::{Service, Stage};

/// One service's requirement at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// The load at this stage.
    pub demand: Demand,
    /// What the config settles (binding under like-for-like sizing).
    pub floor: Floor,
    /// Fewest instances the stage's availability asks for (2 for a stateless service
    /// with high availability, else 0).
    pub availability_floor: u32,
}

/// The requirement of `service` at `stage`.
pub fn requirement(service: &Service, stage: &Stage, days_per_month: f64, runs_per_day: f64) -> Requirement {
    Requirement {
        demand: super::demand(service, stage, days_per_month, runs_per_day),
        floor: Floor::of(service),
        availability_floor: if stage.high_availability && !service.kind.is_data() { 2 } else { 0 },
    }
}

//! What one service needs at one stage, provider-neutral, worked out once: the
//! load-driven figures ([`Demand`]: CPU, in-flight requests, traffic, data), the
//! floor its config settles ([`Floor`]: memory, CPU count and class, GPU, disk,
//! instances) and the availability floor (instances the stage's high availability
//! asks for). Each billing engine then only chooses sizes and counts against it from
//! its own catalogue.

use super::floor::Floor;
use super::{Demand, Workload};
use crate::scenario::model::{Service, Stage};

/// One service's requirement at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// What the service does (colocated services folded in).
    pub workload: Workload,
    /// The load at this stage.
    pub demand: Demand,
    /// What the config settles (binding under like-for-like sizing).
    pub floor: Floor,
    /// Fewest instances the stage's availability asks for (2 for a stateless service
    /// with high availability, else 0).
    pub availability_floor: u32,
}

/// The requirement at `stage` of `service` doing `workload` (its own, or with
/// colocated services folded in).
pub fn requirement(service: &Service, workload: Workload, stage: &Stage, days_per_month: f64, runs_per_day: f64) -> Requirement {
    Requirement {
        demand: super::demand(&workload, stage, days_per_month, runs_per_day),
        workload,
        floor: Floor::of(service),
        availability_floor: if stage.high_availability && !service.kind.is_data() { 2 } else { 0 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::ScenarioFile;

    fn file(service: &str, ha: bool) -> ScenarioFile {
        let text = format!(
            "[scenario]\nname = \"t\"\n[[service]]\nname = \"s\"\n{service}\n[[stage]]\nname = \"S\"\nusers = 1000\ndaily_active = 0.5\nhigh_availability = {ha}\n[[option]]\nname = \"o\"\nplatform = \"fly\"\n"
        );
        match toml::from_str(&text) {
            Ok(f) => f,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_requirement_joins_the_load_the_configured_floor_and_availability() {
        // 1,000 users × 0.5 active × 20 requests = 10,000 a day → 10,000 / 86,400 = 0.11574 req/s
        let f = file("kind = \"api\"\nrequests_per_user_day = 20\nmemory_mb = 2048\ncpu_kind = \"dedicated\"\nvcpus = 2\ninstances = 3", true);
        let r = requirement(&f.services[0], Workload::of(&f.services[0]), &f.stages[0], 30.0, 0.0);
        assert!((r.demand.avg_rps - 10_000.0 / 86_400.0).abs() < 1e-12);
        assert_eq!((r.floor.memory_mb, r.floor.binding_vcpus(), r.floor.binding_instances()), (2048.0, 2.0, 3));
        // high availability: two instances of a stateless service; none asked of a database
        assert_eq!(r.availability_floor, 2);
        let db = file("kind = \"postgres\"", true);
        assert_eq!(requirement(&db.services[0], Workload::of(&db.services[0]), &db.stages[0], 30.0, 0.0).availability_floor, 0);
        // measured sizing: the configured size informs, it does not bind
        let m = file("kind = \"api\"\nmemory_mb = 2048\ninstances = 3\nsizing = \"measured\"", false);
        let r = requirement(&m.services[0], Workload::of(&m.services[0]), &m.stages[0], 30.0, 0.0);
        assert_eq!((r.floor.binding_instances(), r.availability_floor), (0, 0));
        assert!(r.floor.admits(0.1, 256.0, crate::scenario::model::CpuKind::Shared));
    }
}

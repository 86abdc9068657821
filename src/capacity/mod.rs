//! The capacity model: load → instances, sizes, database plans.
//!
//! Provider-neutral: it knows requests, CPU seconds, memory and queues, and nothing
//! about prices or providers' names. Its input is its own [`Workload`] (taken once from
//! a scenario's service); [`requirement`] joins the load, the configured floor and the
//! availability floor of a service at a stage. A billing engine hands it a machine's
//! resources ([`Machine`]) and gets back how many of them a service needs at peak
//! and how many run on average over the day.
//!
//! For one service at one stage:
//! - request rate: `users × daily_active × requests_per_user_day / 86,400 s`
//!   on average, times the daily shape (see `profile`) for each five-minute slot,
//!   peaking at `peak_to_average` × the average;
//! - in-flight requests by Little's law: rate × latency, where a request's latency
//!   is the service's own `latency_ms` plus its waits on third-party calls (an LLM
//!   call holds the connection and memory for its duration, see
//!   `scenario::apis::wait_ms`); CPU counts only `cpu_ms_per_request`;
//! - instances at a rate = the largest of the CPU bound (CPU seconds per second ÷
//!   the machine's *sustained* CPU ÷ target utilisation), the concurrency bound
//!   (in-flight ÷ soft limit), the memory bound (per-request memory of the in-flight
//!   requests over the room left after the base footprint), the Erlang C bound
//!   (concurrency slots as servers: mean response time within the latency target),
//!   and the floor (`min_instances`, 2 with high availability);
//! - an autoscaled service (max above min, or scale to zero) runs, on average over
//!   the day, the mean over slots of the instances each slot needs; an auto-stopped
//!   machine idles out after `idle_stop_seconds` without requests, so with Poisson
//!   arrivals at rate λ the last machine is up `1 − e^(−λ·T)` of the time;
//! - cron jobs and batch work by duty cycle: runs a day × minutes a run ÷ 1,440.

pub mod data;
pub mod floor;
pub mod packing;
pub mod profile;
pub mod queueing;
pub mod requirement;
pub mod workload;

use serde::Serialize;

use crate::findings::{Finding, FindingKind};
use crate::scenario::model::{Kind, Stage};
pub use workload::Workload;

/// Seconds in a day.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Most instances hostcast sizes a service to; past it the load is beyond what the
/// model is for, and a warning says so.
pub const MAX_INSTANCES: u32 = 100_000;
/// Share of a machine's memory a service may plan to use (the rest is the OS and runtime slack).
pub const USABLE_MEMORY: f64 = 0.9;

/// The resources of one machine, as the capacity model sees them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Machine {
    /// Nominal vCPUs.
    pub vcpus: f64,
    /// Cores the machine sustains (below `vcpus` for shared CPUs).
    pub sustained_cpu: f64,
    /// Memory, MB.
    pub memory_mb: f64,
}

/// The load one service puts on the platform at one stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Demand {
    /// Daily active users.
    pub active_users: f64,
    /// Average requests (or messages, jobs) per second over the day.
    pub avg_rps: f64,
    /// Peak requests per second.
    pub peak_rps: f64,
    /// CPU cores busy at peak (CPU seconds per second).
    pub peak_cpu: f64,
    /// CPU cores busy on average.
    pub avg_cpu: f64,
    /// In-flight requests at peak (Little's law).
    pub peak_in_flight: f64,
    /// Mean time a request (or job) spends in the service, s: its own latency plus
    /// its waits on third-party calls.
    pub latency_s: f64,
    /// Requests per month.
    pub requests_per_month: f64,
    /// Outbound traffic per month, GB.
    pub egress_gb_month: f64,
    /// Share of the day a scheduled job runs (cron), else 0.
    pub duty_cycle: f64,
    /// Runs per day (cron).
    pub runs_per_day: f64,
    /// Data stored, GB (data services).
    pub storage_gb: f64,
    /// Working set to keep in memory, MB (data services).
    pub working_set_mb: f64,
    /// Redis commands per month.
    pub commands_per_month: f64,
}

/// What bound the instance count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// CPU at target utilisation.
    Cpu,
    /// In-flight requests over the soft concurrency limit.
    Concurrency,
    /// Memory of the in-flight requests.
    Memory,
    /// Queueing delay over the latency target.
    Queue,
    /// The floor: minimum instances or high availability.
    Floor,
    /// Pinned by the option.
    Pinned,
}

/// The instances a service needs on one machine type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComputePlan {
    /// Instances needed at the peak slot (what must be provisioned).
    pub peak_instances: u32,
    /// Instances running on average over the day (what an autoscaled service is billed for).
    pub avg_running: f64,
    /// What set the peak count.
    pub bound: Bound,
    /// Whether the service scales with load (autoscaling or auto-stop).
    pub autoscaled: bool,
    /// Problems worth telling the user (pinned below need, above max instances).
    pub warnings: Vec<Finding>,
}

/// A service's scaling settings after the option's pins are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Fewest instances.
    pub min_instances: u32,
    /// Most instances, if limited.
    pub max_instances: Option<u32>,
    /// Exactly this many instances.
    pub pinned: Option<u32>,
    /// Stop idle instances.
    pub scale_to_zero: bool,
    /// Whether the platform can autoscale this service at all.
    pub can_autoscale: bool,
}

/// Computes the load of `service` at `stage`.
pub fn demand(service: &Workload, stage: &Stage, days_per_month: f64, runs_per_day: f64) -> Demand {
    let active_users = stage.users * stage.daily_active;
    let per_day = match service.kind {
        Kind::Worker | Kind::Bot => active_users * service.jobs_per_user_day,
        _ => active_users * service.requests_per_user_day,
    };
    let avg_rps = per_day / SECONDS_PER_DAY;
    let peak_rps = avg_rps * stage.peak_to_average;
    let cpu_s = cpu_seconds(service);
    let latency_s = effective_latency_s(service, &stage.name);
    let storage_gb = service.storage_gb + service.storage_gb_per_1k_users * stage.users / 1000.0;
    let egress_gb_month = if service.kind == Kind::ObjectStorage {
        active_users * service.download_mb_per_user_day * days_per_month / 1024.0
    } else {
        per_day * days_per_month * service.response_kb / (1024.0 * 1024.0)
    };
    Demand {
        active_users,
        avg_rps,
        peak_rps,
        peak_cpu: peak_rps * cpu_s,
        avg_cpu: avg_rps * cpu_s,
        peak_in_flight: queueing::littles_law(peak_rps, latency_s),
        latency_s,
        requests_per_month: per_day * days_per_month,
        egress_gb_month,
        duty_cycle: (runs_per_day * service.run_minutes / 1440.0).min(1.0),
        runs_per_day,
        storage_gb,
        // object storage serves from disk; a key-value store holds all its data in memory
        working_set_mb: match service.kind {
            Kind::ObjectStorage => 0.0,
            Kind::Redis => storage_gb * 1024.0,
            _ => storage_gb * service.working_set_ratio * 1024.0,
        },
        commands_per_month: active_users * service.commands_per_user_day * days_per_month,
    }
}

/// Mean time a unit of work spends in `service` at stage `stage`, s: its own
/// `latency_ms` plus what it waits on third-party calls. The one place API waits
/// enter capacity.
pub fn effective_latency_s(service: &Workload, stage: &str) -> f64 {
    (service.latency_ms + crate::scenario::apis::waits_ms(&service.waits, stage)) / 1000.0
}

/// CPU seconds per unit of work: per job for workers and bots (messages are jobs), per request otherwise.
pub fn cpu_seconds(service: &Workload) -> f64 {
    match service.kind {
        Kind::Worker | Kind::Bot => service.cpu_ms_per_job / 1000.0,
        _ => service.cpu_ms_per_request / 1000.0,
    }
}

/// The target CPU utilisation of a service: its own, else 0.85 for batch work and 0.7 otherwise.
pub fn target_utilisation(service: &Workload) -> f64 {
    service.target_utilisation.unwrap_or(match service.kind {
        Kind::Worker | Kind::Cron => 0.85,
        _ => 0.7,
    })
}

/// Whether `machine` can run one instance of `service` at all (its base footprint fits).
pub fn fits(service: &Workload, machine: &Machine) -> bool {
    service.memory_base_mb <= machine.memory_mb * USABLE_MEMORY
}

/// Instances needed at request rate `rps` on `machine`, and what bound it.
fn instances_at(service: &Workload, machine: &Machine, rps: f64, latency_s: f64) -> (u32, Bound) {
    if rps <= 0.0 {
        return (0, Bound::Floor);
    }
    let util = target_utilisation(service);
    let cpu_s = cpu_seconds(service);
    let latency_s = latency_s.max(cpu_s);
    let in_flight = rps * latency_s;
    let mut best = (1u32, Bound::Floor);
    fn raise(best: &mut (u32, Bound), n: f64, b: Bound) {
        let n = (n.ceil().max(0.0) as u32).min(MAX_INSTANCES);
        if n > best.0 {
            *best = (n, b);
        }
    }
    raise(&mut best, rps * cpu_s / (machine.sustained_cpu * util).max(1e-9), Bound::Cpu);
    if service.kind.serves_requests() {
        let slots = service.concurrency.max(1) as f64;
        raise(&mut best, in_flight / slots, Bound::Concurrency);
        let room = machine.memory_mb * USABLE_MEMORY - service.memory_base_mb;
        if service.memory_per_request_mb > 0.0 && room > 0.0 {
            raise(&mut best, in_flight * service.memory_per_request_mb / room, Bound::Memory);
        }
        // Erlang C over concurrency slots: c = instances × slots servers, offered load
        // A = in-flight, service time = latency; add instances until the mean response
        // time holds the target.
        let target = service.latency_target_ms.map(|t| t / 1000.0).unwrap_or(2.0 * latency_s);
        let from = best.0.saturating_mul(service.concurrency.max(1));
        let limit = MAX_INSTANCES.saturating_mul(service.concurrency.max(1));
        if best.0 < MAX_INSTANCES
            && let Some(c) = queueing::servers_for_response_time(in_flight, latency_s, target, from, limit)
        {
            raise(&mut best, c as f64 / slots, Bound::Queue);
        }
    }
    best
}

/// Sizes a compute service (web, api, worker, bot, proxy, static) on `machine`, at
/// least `availability_floor` instances (the requirement's, see
/// [`requirement::Requirement::availability_floor`]) and the policy's minimum.
pub fn plan_compute(service: &Workload, demand: &Demand, stage: &Stage, availability_floor: u32, machine: &Machine, policy: &Policy) -> ComputePlan {
    let floor = policy.min_instances.max(availability_floor);
    let (need, bound) = instances_at(service, machine, demand.peak_rps, demand.latency_s);
    let mut warnings = Vec::new();
    if need >= MAX_INSTANCES {
        warnings.push(
            Finding::new(
                FindingKind::BeyondModel,
                format!("`{}` would need {MAX_INSTANCES} or more instances: the load is beyond what hostcast models; check the stage's numbers", service.name),
            )
            .for_service(&service.name),
        );
    }
    if let Some(n) = policy.pinned {
        if n < need {
            warnings.push(
                Finding::new(
                    FindingKind::OverCap,
                    format!("`{}` is pinned to {n} instance(s) but its peak load needs {need} ({} bound)", service.name, bound_name(bound)),
                )
                .for_service(&service.name),
            );
        }
        return ComputePlan { peak_instances: n, avg_running: n as f64, bound: Bound::Pinned, autoscaled: false, warnings };
    }
    let (mut peak, mut bound) = if need > floor { (need, bound) } else { (floor.max(1), Bound::Floor) };
    if policy.scale_to_zero && floor == 0 && need == 0 {
        peak = 1;
        bound = Bound::Floor;
    }
    if let Some(max) = policy.max_instances
        && peak > max
        && max > 0
    {
        warnings.push(
            Finding::new(
                FindingKind::OverCap,
                format!("`{}` needs {peak} instances at peak but `max_instances` is {max}: raise it or expect queueing", service.name),
            )
            .for_service(&service.name),
        );
        peak = max;
    }
    let autoscaled = policy.can_autoscale && (policy.scale_to_zero || policy.max_instances.is_some_and(|m| m > policy.min_instances));
    if !autoscaled {
        return ComputePlan { peak_instances: peak, avg_running: peak as f64, bound, autoscaled, warnings };
    }
    // The instances a slot needs only grow with its rate, so over the slots sorted by
    // rate the count is a step function: find its steps by bisection instead of
    // sizing all 288 slots.
    let shape = profile::sorted_daily_shape(stage.peak_to_average);
    let rates: Vec<f64> = shape.iter().map(|w| demand.avg_rps * w).collect();
    let needs = monotone_steps(&rates, |rps| instances_at(service, machine, rps, demand.latency_s).0);
    let mut total = 0.0;
    for (rps, n) in rates.iter().zip(&needs) {
        let rps = *rps;
        let n = (*n as f64).min(peak as f64);
        let running = if policy.scale_to_zero {
            // the last machine is up only while requests keep arriving within the idle timeout
            let up = 1.0 - (-rps * service.idle_stop_seconds).exp();
            ((n - 1.0).max(0.0) + up).max(floor as f64)
        } else {
            n.max(floor.max(1) as f64)
        };
        total += running;
    }
    ComputePlan { peak_instances: peak, avg_running: total / shape.len() as f64, bound, autoscaled, warnings }
}

/// `f` at every value of the ascending `xs`, for an `f` that never falls as x
/// rises: equal values at both ends of a range fill the range without calls.
pub fn monotone_steps(xs: &[f64], f: impl Fn(f64) -> u32) -> Vec<u32> {
    let mut out = vec![0u32; xs.len()];
    let (Some(first), Some(last)) = (xs.first(), xs.last()) else { return out };
    let (lo, hi) = (f(*first), f(*last));
    fn fill(xs: &[f64], out: &mut [u32], a: usize, b: usize, fa: u32, fb: u32, f: &dyn Fn(f64) -> u32) {
        if fa == fb {
            out[a..=b].fill(fa);
        } else if b - a <= 1 {
            out[a] = fa;
            out[b] = fb;
        } else {
            let m = (a + b) / 2;
            let fm = f(xs[m]);
            fill(xs, out, a, m, fa, fm, f);
            fill(xs, out, m, b, fm, fb, f);
        }
    }
    fill(xs, &mut out, 0, xs.len() - 1, lo, hi, &f);
    out
}

/// Human name of a bound.
pub fn bound_name(b: Bound) -> &'static str {
    match b {
        Bound::Cpu => "CPU",
        Bound::Concurrency => "concurrency",
        Bound::Memory => "memory",
        Bound::Queue => "queueing",
        Bound::Floor => "minimum",
        Bound::Pinned => "pinned",
    }
}

#[cfg(test)]
mod tests;

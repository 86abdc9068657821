//! The capacity model's own input: what one service does, in the figures the model
//! reads (traffic per user, CPU and time per unit of work, memory, scaling limits,
//! data), taken once from a scenario's service. Billing engines fold colocated
//! services into it and size data services on it; the wire `Service` stays as read.

use crate::scenario::model::{Kind, Service};

/// The workload of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    /// Service name (for messages).
    pub name: String,
    /// What the service is.
    pub kind: Kind,
    /// Requests per daily active user per day.
    pub requests_per_user_day: f64,
    /// CPU time per request, ms.
    pub cpu_ms_per_request: f64,
    /// Mean time in the service per request, ms.
    pub latency_ms: f64,
    /// Mean response time to keep at peak, ms.
    pub latency_target_ms: Option<f64>,
    /// Mean response size, KB.
    pub response_kb: f64,
    /// Jobs or messages per daily active user per day.
    pub jobs_per_user_day: f64,
    /// CPU time per job, ms.
    pub cpu_ms_per_job: f64,
    /// Minutes per scheduled run.
    pub run_minutes: f64,
    /// Memory at rest, MB.
    pub memory_base_mb: f64,
    /// Memory per in-flight request, MB.
    pub memory_per_request_mb: f64,
    /// In-flight requests one instance takes (soft limit).
    pub concurrency: u32,
    /// CPU utilisation to plan for, when set.
    pub target_utilisation: Option<f64>,
    /// Idle time before an auto-stopped instance stops, s.
    pub idle_stop_seconds: f64,
    /// Volume per instance, GB.
    pub volume_gb: f64,
    /// Data at launch, GB.
    pub storage_gb: f64,
    /// Data per 1,000 users, GB.
    pub storage_gb_per_1k_users: f64,
    /// Share of the data kept in memory.
    pub working_set_ratio: f64,
    /// Client connections at peak.
    pub connections: u32,
    /// Redis commands per daily active user per day.
    pub commands_per_user_day: f64,
    /// Object-storage downloads per daily active user per day, MB.
    pub download_mb_per_user_day: f64,
    /// The third-party calls each unit of work waits for (not batched), whose latency
    /// adds to the unit's time in the service.
    pub waits: Vec<crate::scenario::apis::ApiCall>,
}

impl Workload {
    /// The workload of a scenario's service.
    pub fn of(s: &Service) -> Workload {
        Workload {
            name: s.name.clone(),
            kind: s.kind,
            requests_per_user_day: s.requests_per_user_day,
            cpu_ms_per_request: s.cpu_ms_per_request,
            latency_ms: s.latency_ms,
            latency_target_ms: s.latency_target_ms,
            response_kb: s.response_kb,
            jobs_per_user_day: s.jobs_per_user_day,
            cpu_ms_per_job: s.cpu_ms_per_job,
            run_minutes: s.run_minutes,
            memory_base_mb: s.memory_base_mb,
            memory_per_request_mb: s.memory_per_request_mb,
            concurrency: s.concurrency,
            target_utilisation: s.target_utilisation,
            idle_stop_seconds: s.idle_stop_seconds,
            volume_gb: s.volume_gb,
            storage_gb: s.storage_gb,
            storage_gb_per_1k_users: s.storage_gb_per_1k_users,
            working_set_ratio: s.working_set_ratio,
            connections: s.connections,
            commands_per_user_day: s.commands_per_user_day,
            download_mb_per_user_day: s.download_mb_per_user_day,
            waits: crate::scenario::apis::waited(s),
        }
    }
}

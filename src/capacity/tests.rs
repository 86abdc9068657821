//! Capacity model tests with hand-worked numbers.

use super::*;
use crate::scenario::model::ScenarioFile;

fn file(extra_service: &str, stage: &str) -> ScenarioFile {
    let text = format!(
        "[scenario]\nname = \"t\"\n[[service]]\nname = \"s\"\n{extra_service}\n[[stage]]\nname = \"S\"\n{stage}\n[[option]]\nname = \"o\"\nplatform = \"fly\"\n"
    );
    match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => panic!("{e}"),
    }
}

const SHARED_1X_512: Machine = Machine { vcpus: 1.0, sustained_cpu: 0.0625, memory_mb: 512.0 };
const PERF_1X_2G: Machine = Machine { vcpus: 1.0, sustained_cpu: 0.625, memory_mb: 2048.0 };

fn fixed() -> Policy {
    Policy { min_instances: 1, max_instances: None, pinned: None, scale_to_zero: false, can_autoscale: true }
}

#[test]
fn demand_from_users_activity_and_shape() {
    // 10,000 users × 0.2 active × 50 req = 100,000 req/day → 1.1574 req/s; peak ×3 = 3.4722
    // CPU at peak: 3.4722 × 20 ms = 0.06944 cores; in flight: 3.4722 × 0.15 s = 0.5208
    // egress: 100,000 × 30 days × 40 KB / 1,048,576 = 114.44 GB
    let f = file(
        "kind = \"api\"\nrequests_per_user_day = 50\ncpu_ms_per_request = 20\nlatency_ms = 150\nresponse_kb = 40",
        "users = 10000\ndaily_active = 0.2\npeak_to_average = 3",
    );
    let d = demand(&Workload::of(&f.services[0]), &f.stages[0], 30.0, 0.0);
    assert!((d.avg_rps - 100_000.0 / 86_400.0).abs() < 1e-9);
    assert!((d.peak_rps - 3.0 * 100_000.0 / 86_400.0).abs() < 1e-9);
    assert!((d.peak_cpu - d.peak_rps * 0.02).abs() < 1e-12);
    assert!((d.peak_in_flight - d.peak_rps * 0.15).abs() < 1e-12);
    assert!((d.egress_gb_month - 100_000.0 * 30.0 * 40.0 / 1_048_576.0).abs() < 1e-9);
}

#[test]
fn cpu_bound_uses_the_sustained_share() {
    // peak 3.4722 req/s × 20 ms = 0.06944 cores. Shared 1x sustains 0.0625 at 70%:
    // 0.06944 / 0.04375 = 1.587 → 2 machines. Performance 1x: 0.06944 / 0.4375 → 1.
    let f =
        file("kind = \"api\"\nrequests_per_user_day = 50\ncpu_ms_per_request = 20\nlatency_ms = 150", "users = 10000\ndaily_active = 0.2\npeak_to_average = 3");
    let (s, st) = (&Workload::of(&f.services[0]), &f.stages[0]);
    let d = demand(s, st, 30.0, 0.0);
    let shared = plan_compute(s, &d, st, 0, &SHARED_1X_512, &fixed());
    assert_eq!((shared.peak_instances, shared.bound), (2, Bound::Cpu));
    let perf = plan_compute(s, &d, st, 0, &PERF_1X_2G, &fixed());
    assert_eq!(perf.peak_instances, 1);
}

#[test]
fn concurrency_bound_by_littles_law() {
    // 864,000 req/day flat = 10 req/s × 2 s latency = 20 in flight; soft limit 5 → 4 instances
    // (CPU: 10 × 1 ms = 0.01 cores: 1 perf machine). Erlang C: 20 servers, A = 20 → unstable,
    // so queueing needs more: c = 5 × n; the first n with Wq ≤ 2 s (target = 2 × latency)
    // is n = 5 (c = 25: P(wait) = 0.2092 per capacity.md's table for A = 20, c = 25;
    // Wq = 0.2092 × 2 / 5 = 0.0837 s).
    let f = file(
        "kind = \"api\"\nrequests_per_user_day = 864000\ncpu_ms_per_request = 1\nlatency_ms = 2000\nconcurrency = 5\nmemory_per_request_mb = 0",
        "users = 1\ndaily_active = 1\npeak_to_average = 1",
    );
    let (s, st) = (&Workload::of(&f.services[0]), &f.stages[0]);
    let d = demand(s, st, 30.0, 0.0);
    assert!((d.peak_in_flight - 20.0).abs() < 1e-9);
    let p = plan_compute(s, &d, st, 0, &PERF_1X_2G, &fixed());
    // c = 21 (n = 5 gives 25 slots; n = 4 gives 20 slots = unstable)
    assert_eq!((p.peak_instances, p.bound), (5, Bound::Queue));
}

#[test]
fn memory_bound_from_in_flight_requests() {
    // 20 in flight × 40 MB = 800 MB of request memory; a 512 MB machine with 128 MB base
    // has 512 × 0.9 − 128 = 332.8 MB of room → 800 / 332.8 = 2.4 → 3 machines
    let f = file(
        "kind = \"api\"\nrequests_per_user_day = 864000\ncpu_ms_per_request = 0\nlatency_ms = 2000\nconcurrency = 1000\nmemory_per_request_mb = 40\nlatency_target_ms = 100000",
        "users = 1\ndaily_active = 1\npeak_to_average = 1",
    );
    let (s, st) = (&Workload::of(&f.services[0]), &f.stages[0]);
    let d = demand(s, st, 30.0, 0.0);
    let p = plan_compute(s, &d, st, 0, &SHARED_1X_512, &fixed());
    assert_eq!((p.peak_instances, p.bound), (3, Bound::Memory));
}

#[test]
fn high_availability_sets_a_floor_of_two() {
    let f = file("kind = \"web\"\nrequests_per_user_day = 1", "users = 10\ndaily_active = 0.1\nhigh_availability = true");
    let (s, st) = (&Workload::of(&f.services[0]), &f.stages[0]);
    let d = demand(s, st, 30.0, 0.0);
    // the floor comes from the requirement: 2 for a stateless service at high availability
    let ha = requirement::requirement(&f.services[0], s.clone(), st, 30.0, 0.0).availability_floor;
    assert_eq!(ha, 2);
    let p = plan_compute(s, &d, st, ha, &SHARED_1X_512, &fixed());
    assert_eq!((p.peak_instances, p.bound), (2, Bound::Floor));
    // without it, the same stage runs the one instance the load needs
    let p = plan_compute(s, &d, st, 0, &SHARED_1X_512, &fixed());
    assert_eq!((p.peak_instances, p.bound), (1, Bound::Floor));
}

#[test]
fn pinned_below_need_warns() {
    let f = file("kind = \"api\"\nrequests_per_user_day = 50\ncpu_ms_per_request = 20", "users = 10000\ndaily_active = 0.2\npeak_to_average = 3");
    let (s, st) = (&Workload::of(&f.services[0]), &f.stages[0]);
    let d = demand(s, st, 30.0, 0.0);
    let p = plan_compute(s, &d, st, 0, &SHARED_1X_512, &Policy { pinned: Some(1), ..fixed() });
    assert_eq!(p.peak_instances, 1);
    assert!(p.warnings[0].message.contains("needs 2") && p.warnings[0].kind == crate::findings::FindingKind::OverCap, "{:?}", p.warnings);
}

#[test]
fn autoscaled_service_is_billed_below_its_peak() {
    // With a peaked day (3× average at 14:00) an autoscaled service needs its peak count
    // only around the peak; the daily average of running instances is lower.
    let f = file(
        "kind = \"api\"\nrequests_per_user_day = 500\ncpu_ms_per_request = 20\nmax_instances = 50",
        "users = 10000\ndaily_active = 0.2\npeak_to_average = 3",
    );
    let (s, st) = (&Workload::of(&f.services[0]), &f.stages[0]);
    let d = demand(s, st, 30.0, 0.0);
    let p = plan_compute(s, &d, st, 0, &SHARED_1X_512, &Policy { max_instances: Some(50), ..fixed() });
    // peak: 3.4722 × 10 req/s... 1,000,000 req/day → 34.72 req/s × 20 ms = 0.694 cores / 0.04375 = 15.9 → 16
    assert_eq!(p.peak_instances, 16);
    assert!(p.autoscaled);
    assert!(p.avg_running < 16.0 && p.avg_running > 16.0 / 3.0 - 1.0, "{}", p.avg_running);
}

#[test]
fn cron_duty_cycle() {
    // every 15 minutes × 3 min = 96 × 3 / 1440 = 0.2 of the day
    let f = file("kind = \"cron\"\nschedule = \"*/15 * * * *\"\nrun_minutes = 3", "users = 1\ndaily_active = 1");
    let d = demand(&Workload::of(&f.services[0]), &f.stages[0], 30.0, 96.0);
    assert!((d.duty_cycle - 0.2).abs() < 1e-12);
}

#[test]
fn database_plan_fit() {
    // 8 GB × 0.25 working set = 2,048 MB: does not fit 1 GB, fits 4 GB; 120 connections > 100
    let f = file("kind = \"postgres\"\nstorage_gb = 8\nconnections = 120", "users = 1\ndaily_active = 1");
    let d = demand(&Workload::of(&f.services[0]), &f.stages[0], 30.0, 0.0);
    let small = data::DbSpec { memory_mb: 1024.0, max_connections: None, storage_gb_max: None };
    assert!(data::db_misfit(&small, &Workload::of(&f.services[0]), &d).is_some_and(|m| m.contains("working set")));
    let big = data::DbSpec { memory_mb: 4096.0, max_connections: Some(100.0), storage_gb_max: None };
    assert!(data::db_misfit(&big, &Workload::of(&f.services[0]), &d).is_some_and(|m| m.contains("connections")));
    let ok = data::DbSpec { memory_mb: 4096.0, max_connections: Some(200.0), storage_gb_max: Some(10.0) };
    assert_eq!(data::db_misfit(&ok, &Workload::of(&f.services[0]), &d), None);
    // self-run volume: 8 GB × 1.25 = 10 GB
    assert_eq!(data::volume_gb(&Workload::of(&f.services[0]), &d), 10.0);
}

#[test]
fn monotone_steps_match_evaluating_every_point() {
    let xs: Vec<f64> = (0..288).map(|i| i as f64 * 0.37).collect();
    let f = |x: f64| (x / 7.3).ceil() as u32;
    let calls = std::cell::Cell::new(0);
    let counted = |x: f64| {
        calls.set(calls.get() + 1);
        f(x)
    };
    let got = monotone_steps(&xs, counted);
    let want: Vec<u32> = xs.iter().map(|x| f(*x)).collect();
    assert_eq!(got, want);
    assert!(calls.get() < 288, "{} calls", calls.get());
}

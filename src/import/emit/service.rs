//! One `[[service]]` table of a written scenario: the workload its kind is assumed
//! to carry, the size the file settles (like-for-like sizing) and its volume. The
//! assumptions several services share are grouped, to be listed once.

use std::fmt::Write as _;

use super::super::{Format, ImportedService};
use super::{CRON_MINUTES, Known, MAX_COUNT, VOLUME_GB, num, q};
use crate::scenario::model::Kind;
use crate::scenario::schedule;

/// Workload defaults per kind: requests (or jobs) per active user per day, CPU ms, latency ms, response KB.
fn workload(kind: Kind) -> (f64, f64, f64, f64) {
    match kind {
        Kind::Web => (20.0, 20.0, 150.0, 30.0),
        Kind::Api => (40.0, 10.0, 100.0, 10.0),
        Kind::Static => (20.0, 1.0, 10.0, 50.0),
        Kind::Proxy => (60.0, 1.0, 100.0, 20.0),
        Kind::Worker | Kind::Bot => (1.0, 200.0, 0.0, 0.0),
        _ => (0.0, 0.0, 0.0, 0.0),
    }
}

/// Assumptions shared by several services: the text after the names, and the names.
pub(super) type Groups = Vec<(String, Vec<String>)>;

/// Adds a service to the group of an assumption, or starts the group.
fn group(groups: &mut Groups, name: &str, text: String) {
    match groups.iter_mut().find(|(t, _)| *t == text) {
        Some((_, names)) => names.push(format!("`{name}`")),
        None => groups.push((text, vec![format!("`{name}`")])),
    }
}

/// Writes the `[[service]]` table of one service: its workload, size, runtime and volume.
pub(super) fn table(t: &mut String, s: &ImportedService, known: &Known, a: &mut Vec<String>, groups: &mut Groups) {
    t.push_str("[[service]]\n");
    let _ = writeln!(t, "name = {}", q(&s.name));
    let _ = writeln!(t, "kind = {}", q(s.kind.as_str()));
    if let Some(f) = s.frontend {
        let _ = writeln!(t, "frontend = {}", q(f.as_str()));
    }
    let mut note = format!("{}: {}", s.location(), s.origin);
    for n in &s.notes {
        let _ = write!(note, "; {n}");
    }
    let _ = writeln!(t, "note = {}", q(&note));
    let (rate, cpu, latency, kb) = workload(s.kind);
    match s.kind {
        Kind::Web | Kind::Api | Kind::Static | Kind::Proxy => {
            let _ = writeln!(
                t,
                "requests_per_user_day = {}  # assumed\ncpu_ms_per_request = {}  # assumed\nlatency_ms = {}  # assumed\nresponse_kb = {}  # assumed",
                num(rate),
                num(cpu),
                num(latency),
                num(kb)
            );
            group(
                groups,
                &s.name,
                format!(
                    "({}): {} requests per active user per day, {} ms CPU and {} ms in the service per request, {} KB per response (egress) — edit `requests_per_user_day`, `cpu_ms_per_request`, `latency_ms`, `response_kb` in the scenario written by `hostcast import`",
                    s.kind.as_str(),
                    num(rate),
                    num(cpu),
                    num(latency),
                    num(kb)
                ),
            );
        }
        Kind::Worker | Kind::Bot => {
            let _ = writeln!(
                t,
                "jobs_per_user_day = {}  # assumed\ncpu_ms_per_job = {}  # assumed\nresponse_kb = 0  # no responses to the internet",
                num(rate),
                num(cpu)
            );
            group(
                groups,
                &s.name,
                format!("({}): {} job per active user per day at {} ms CPU — edit `jobs_per_user_day`, `cpu_ms_per_job`", s.kind.as_str(), num(rate), num(cpu)),
            );
        }
        Kind::Cron => cron(t, s, a, groups),
        Kind::Postgres | Kind::Redis | Kind::ObjectStorage => data(t, s, groups),
    }
    if let Some(mb) = s.memory_mb.filter(|_| s.format != Format::Vercel) {
        let base = (mb / 2.0).round().clamp(64.0, 1.0e7);
        let _ = writeln!(t, "memory_base_mb = {}  # assumed: half of the {} MB configured", num(base), num(mb));
        group(groups, &s.name, "use about half their configured memory at rest — edit `memory_base_mb`".into());
    }
    if let (Some(c), Format::Compose) = (s.cpus, s.format) {
        let _ = writeln!(t, "cpu_reserve = {}", num(c.clamp(0.01, 1000.0)));
    }
    if let Some(c) = s.concurrency {
        let _ = writeln!(t, "concurrency = {}", c.clamp(1, MAX_COUNT));
    }
    configured_size(t, s, known, a);
    super::super::runtime::emit(t, s, a);
    if s.volume {
        let gb = volume_size(s, groups);
        let _ = writeln!(t, "volume_gb = {}", num(gb));
    }
    t.push('\n');
}

/// Writes a scheduled job's runs (its schedule, else one a day) and their length.
fn cron(t: &mut String, s: &ImportedService, a: &mut Vec<String>, groups: &mut Groups) {
    let minutes = s.run_minutes.unwrap_or(CRON_MINUTES).clamp(0.01, 1440.0);
    match s.schedule.as_deref().map(|x| (x, schedule::runs_per_day(x))) {
        Some((sched, Ok(_))) => {
            let _ = writeln!(t, "schedule = {}", q(sched));
        }
        Some((sched, Err(e))) => {
            let _ = writeln!(t, "runs_per_day = 1  # the schedule {} was not understood", q(sched));
            a.push(format!("`{}`: schedule `{sched}` not understood ({e}); one run a day assumed", s.name));
        }
        None => {
            t.push_str("runs_per_day = 1  # assumed: no schedule in the file\n");
            a.push(format!("`{}`: no schedule in the file; one run a day assumed", s.name));
        }
    }
    let _ = writeln!(
        t,
        "run_minutes = {}{}\nresponse_kb = 0",
        num(minutes),
        if s.run_minutes.is_some() { "  # the function's maxDuration" } else { "  # assumed" }
    );
    if s.run_minutes.is_none() {
        group(groups, &s.name, format!("(cron): each run takes {} minutes — edit `run_minutes`", num(CRON_MINUTES)));
    }
}

/// The volume size the file gives, else Fly's default or the assumed size.
fn volume_size(s: &ImportedService, groups: &mut Groups) -> f64 {
    match s.volume_gb {
        Some(g) => g.clamp(0.0, 1.0e6),
        None => {
            let (gb, why) = match s.format {
                Format::Fly => (super::super::fly::DEFAULT_VOLUME_GB, "Fly's default size"),
                _ => (VOLUME_GB, "assumed"),
            };
            group(groups, &s.name, format!("volume size not in the file: {} GB ({why}) — set `volume_gb`", num(gb)));
            gb
        }
    }
}

/// Writes a data store's storage and load: its configured disk, else assumed figures by kind.
fn data(t: &mut String, s: &ImportedService, groups: &mut Groups) {
    match (s.kind, s.storage_gb) {
        (_, Some(gb)) => {
            // a managed database's disk: billed as provisioned, not grown with users
            let _ = writeln!(
                t,
                "storage_gb = {}  # the configured disk\nworking_set_ratio = 0.05  # assumed: the disk is provisioned ahead of the data\nconnections = 20  # assumed",
                num(gb.clamp(0.0, 1.0e6))
            );
            group(groups, &s.name, "(database): the configured disk is billed as provisioned; 5% of it is the working set, 20 connections — edit `working_set_ratio`, `connections`".into());
        }
        (Kind::Redis, None) => {
            t.push_str("storage_gb = 0.1  # assumed\ncommands_per_user_day = 100  # assumed\n");
            group(groups, &s.name, "(key-value): 100 MB of data, 100 commands per active user per day — edit `storage_gb`, `commands_per_user_day`".into());
        }
        (Kind::ObjectStorage, None) => {
            t.push_str("storage_gb = 5  # assumed\nstorage_gb_per_1k_users = 1  # assumed\ndownload_mb_per_user_day = 1  # assumed\n");
            group(groups, &s.name, "(object storage): 5 GB + 1 GB per 1,000 users, 1 MB downloaded per active user per day — edit `storage_gb`, `storage_gb_per_1k_users`, `download_mb_per_user_day`".into());
        }
        (_, None) => {
            t.push_str("storage_gb = 1  # assumed\nstorage_gb_per_1k_users = 0.2  # assumed\nconnections = 20  # assumed\n");
            group(
                groups,
                &s.name,
                "(database): 1 GB at launch + 0.2 GB per 1,000 users, 20 connections — edit `storage_gb`, `storage_gb_per_1k_users`, `connections`".into(),
            );
        }
    }
}

/// The size the file settles, written on the service (like-for-like sizing), and
/// each deviation from the file as a comment and an assumption.
fn configured_size(t: &mut String, s: &ImportedService, known: &Known, a: &mut Vec<String>) {
    let mut lines: Vec<String> = Vec::new();
    let (mut cpus, mut memory, mut class) = (s.cpus, s.memory_mb, s.cpu_kind);
    if s.format == Format::Render
        && let Some((c, m)) = s.size.as_ref().and_then(|p| known.render_sizes.get(p))
    {
        cpus = Some(*c);
        memory = Some(*m);
        class = s.size.as_ref().map(|p| crate::platforms::cpu_classes::cpu_class("render", p).0);
        lines.push(format!("# `{}`: {} CPU, {} MB (the Render price book)", s.size.as_deref().unwrap_or_default(), num(*c), num(*m)));
    }
    if s.format == Format::Render
        && s.kind.is_data()
        && s.size.is_none()
        && let Some(m) =
            s.plan.as_ref().and_then(|p| known.render_data_plans.get(&(if s.kind == Kind::Redis { "redis" } else { "postgres" }.to_string(), p.clone())))
    {
        memory = Some(*m);
        lines.push(format!("# plan `{}`: {} MB (the Render price book)", s.plan.as_deref().unwrap_or_default(), num(*m)));
    }
    if let Some(c) = cpus.filter(|c| *c >= 0.01) {
        lines.push(format!("vcpus = {}", num(c.min(1024.0))));
    }
    if let Some(k) = class {
        lines.push(format!("cpu_kind = {}", q(k.as_str())));
    }
    if let Some(m) = memory.filter(|m| *m >= 1.0) {
        lines.push(format!("memory_mb = {}", num(m.min(4.0e6).round())));
    }
    if let Some(g) = &s.gpu {
        lines.push(format!("gpu = {{ kind = {}, count = {} }}", q(&g.kind), g.count.clamp(1, 16)));
    }
    if s.count_configured
        && let Some(n) = s.instances
    {
        lines.push(format!("instances = {}", n.min(MAX_COUNT)));
    }
    let scales = s.format != Format::Vercel && !(s.kind.is_data() && s.size.is_none()) && !matches!(s.kind, Kind::Static | Kind::Cron);
    if scales && (s.min_instances.is_some() || s.max_instances.is_some()) {
        // the configured autoscaling bounds (Render `scaling`, Fly auto-stop), on every platform
        let min = s.min_instances.unwrap_or(0).min(MAX_COUNT);
        if s.scale_to_zero {
            lines.push("scale_to_zero = true".into());
        }
        lines.push(format!("min_instances = {min}"));
        // Fly's auto-stop ceiling is its default machine count, not a configured bound
        if let Some(m) = s.max_instances.filter(|_| s.format != Format::Fly) {
            lines.push(format!("max_instances = {}", m.max(min).min(MAX_COUNT)));
        }
    }
    if lines.iter().any(|l| !l.starts_with('#')) {
        lines.push("sizing = \"like_for_like\"  # the other options hold at least this size".into());
    }
    for d in &s.assumed {
        lines.push(format!("# assumed: {d}"));
        a.push(format!("`{}`: {d}", s.name));
    }
    for l in lines {
        let _ = writeln!(t, "{l}");
    }
}

//! `fly.toml` (Fly.io app config, https://fly.io/docs/reference/configuration/).
//!
//! Each process group (`[processes]`, else the default group `app`) becomes a
//! service. Per group: its machine size from the `[[vm]]` entries that apply
//! (entries without `processes` apply to every group; later entries override
//! earlier ones), its services (`[http_service]`, `[[services]]`) with their
//! concurrency and auto-stop settings, its `[mounts]` volume. Machine counts are
//! what `fly deploy` creates when nothing says otherwise
//! (https://fly.io/docs/blueprints/resilient-apps-multiple-machines/): two
//! machines for a group with services, one when it mounts a volume or has no
//! services; at least `min_machines_running`. Default machine: `shared-cpu-1x`
//! with 256 MB (https://fly.io/docs/apps/scale-machine/); memory between presets keeps
//! its size (Fly bills the CPU preset plus extra RAM). GPU sizes (`a10`, `l40s`,
//! `a100-40gb`, `a100-80gb`, or `gpu_kind`/`gpus`) are carried as the service's GPU. An
//! unknown size is invalid input. Every default taken is recorded as an assumption with
//! its rule. Default concurrency
//! `connections`, soft limit 20, hard limit 25 (https://fly.io/docs/apps/concurrency/).

mod vm;

pub use vm::Machine;
use vm::vm_entries;

use std::path::Path;

use super::tree::{Node, Pos};
use super::units;
use super::{Format, Imported, ImportedService, classify};
use crate::error::Diagnostic;
use crate::scenario::model::{CpuKind, Gpu, Kind};

/// Concurrency soft limit when a service does not set one.
pub const DEFAULT_SOFT_LIMIT: u32 = 20;
/// Concurrency hard limit when a service does not set one.
pub const DEFAULT_HARD_LIMIT: u32 = 25;
/// Largest volume read, GB (Fly's volumes go to 500 GB).
const MAX_VOLUME_GB: f64 = 500.0;
/// Largest concurrency limit read, connections or requests per machine.
const MAX_CONCURRENCY: u32 = 10_000_000;
/// Volume size Fly creates when `[mounts]` has no `initial_size`, GB.
pub const DEFAULT_VOLUME_GB: f64 = 1.0;

const TOP_KEYS: [&str; 24] = [
    "app",
    "primary_region",
    "kill_signal",
    "kill_timeout",
    "swap_size_mb",
    "console_command",
    "host_dedication_id",
    "build",
    "deploy",
    "env",
    "http_service",
    "services",
    "mounts",
    "statics",
    "checks",
    "restart",
    "metrics",
    "experimental",
    "files",
    "processes",
    "vm",
    "machine_checks",
    "app_name",
    "org",
];
const VM_KEYS: [&str; 10] = ["size", "memory", "memory_mb", "cpus", "cpu_kind", "gpus", "gpu_kind", "kernel_args", "host_dedication_id", "processes"];
const SERVICE_KEYS: [&str; 16] = [
    "internal_port",
    "protocol",
    "force_https",
    "auto_stop_machines",
    "auto_start_machines",
    "min_machines_running",
    "processes",
    "concurrency",
    "ports",
    "tcp_checks",
    "http_checks",
    "checks",
    "tls_options",
    "http_options",
    "proxy_proto_options",
    "machine_checks",
];
/// Keys that change cost or capacity and belong to a service section.
const SERVICE_ONLY: [&str; 4] = ["auto_stop_machines", "auto_start_machines", "min_machines_running", "concurrency"];
/// Keys that size machines and belong to `[[vm]]`.
const VM_ONLY: [&str; 5] = ["size", "memory", "memory_mb", "cpus", "cpu_kind"];

/// Reads a `fly.toml` tree.
pub fn import(path: &Path, root: &Node) -> Result<Imported, Diagnostic> {
    let mut out = Imported::new(path, Format::Fly);
    out.unknown_keys(root, &TOP_KEYS, "fly.toml");
    out.app = root.get("app").and_then(Node::text).filter(|a| !a.is_empty());
    out.region = root.get("primary_region").and_then(Node::text).filter(|r| !r.is_empty());
    for key in SERVICE_ONLY.iter().chain(VM_ONLY.iter()) {
        if let Some(e) = root.entry(key) {
            out.warn_help(
                e.at,
                format!("`{key}` at the top level has no effect"),
                "it belongs in `[http_service]`/`[[services]]` (scaling) or `[[vm]]` (size)",
            );
        }
    }
    let groups = process_groups(root, &mut out)?;
    let vms = vm_entries(root, &mut out)?;
    let services = service_entries(root, &groups, &mut out)?;
    let mounts = mount_entries(root, &groups, &mut out)?;
    let image = root.get("build").and_then(|b| b.get("image")).and_then(Node::text);
    let app_name = out.app.clone().unwrap_or_else(|| super::app_name_from_path(path));
    let mut notes = section_notes(root);
    let vms_of = vms_by_group(&vms);
    for (name, at) in &groups {
        // machine size: the [[vm]] entries that apply, in file order
        let mut m = Machine { performance: false, cpus: 1, memory_mb: 256 };
        let mut memory_set = false;
        let mut sized = false;
        let mut gpu: Option<Gpu> = None;
        let mut unpriced: Option<String> = None;
        let mut applying = 0;
        let mut size_at = None;
        for vm in vms_of(name).into_iter().filter_map(|i| vms.get(i)) {
            applying += 1;
            size_at = Some(vm.at);
            sized |= vm.preset.is_some() || vm.memory_mb.is_some() || vm.cpus.is_some() || vm.performance.is_some();
            if vm.gpu.is_some() {
                gpu = vm.gpu.clone();
            }
            if vm.unpriced.is_some() {
                unpriced = vm.unpriced.clone();
            }
            if let Some((p, c, mem)) = vm.preset {
                m = Machine { performance: p, cpus: c, memory_mb: if memory_set { m.memory_mb } else { mem } };
            }
            if let Some(p) = vm.performance {
                m.performance = p;
                if p && !memory_set && m.memory_mb < 2048 {
                    m.memory_mb = 2048 * m.cpus;
                }
            }
            if let Some(c) = vm.cpus {
                m.cpus = c;
            }
            if let Some(mem) = vm.memory_mb {
                m.memory_mb = mem;
                memory_set = true;
            }
        }
        if applying > 1 {
            out.notes.push(format!("{applying} `[[vm]]` entries apply to process group `{name}`; each later one overrides what it sets"));
        }
        let preset = m.preset();
        let svc: Vec<&ServiceEntry> = services.iter().filter(|s| s.processes.is_empty() || s.processes.contains(name)).collect();
        let mount = mounts.iter().find(|v| v.processes.is_empty() || v.processes.contains(name));
        let service_name = if groups.len() == 1 && name == "app" { app_name.clone() } else { name.clone() };
        let kind = if svc.is_empty() {
            let hint = [image.clone().unwrap_or_default(), app_name.clone(), mount.map(|v| v.source.clone()).unwrap_or_default(), checks_hint(root)].join(" ");
            classify(&hint).map(|c| c.0).unwrap_or(Kind::Worker)
        } else if let Some((k, _)) = image.as_deref().and_then(classify) {
            k
        } else if svc.iter().any(|s| s.http) {
            Kind::Web
        } else {
            Kind::Api
        };
        let mut s = ImportedService::new(service_name, kind, Format::Fly, path, *at, format!("process group `{name}`"));
        let command = root.get("processes").and_then(|p| p.get(name)).and_then(Node::text).unwrap_or_default();
        s.frontend = super::frontend_hint(&format!("{} {command}", image.clone().unwrap_or_default()));
        s.runtime = super::runtime::runtime_of(image.as_deref(), &command);
        s.long_lived = if svc.iter().any(|e| e.raw) {
            Some("its `[[services]]` has a raw TCP or UDP port (no `http` handler), so clients hold connections to it".into())
        } else {
            image.as_deref().and_then(super::runtime::long_lived_image).map(|w| format!("its image is {w}"))
        };
        s.image = image.clone();
        s.size = Some(preset.clone());
        if let Some(at) = size_at {
            s.origin("size", at);
        }
        s.cpus = Some(m.cpus as f64);
        s.memory_mb = Some(m.memory_mb as f64);
        s.cpu_kind = Some(if m.performance { CpuKind::Dedicated } else { CpuKind::Shared });
        if gpu.as_ref().is_some_and(|g| g.kind == "any") {
            s.assumed.push(format!("`gpus` without `gpu_kind` on process group `{name}`: the GPU model is not known (`any`)"));
        }
        s.gpu = gpu;
        if let Some(n) = preset.split('-').find_map(|p| p.strip_suffix('x').and_then(|x| x.parse::<u32>().ok()))
            && n != m.cpus
        {
            s.assumed.push(format!(
                "{} CPU(s) with {} MB is not a Fly machine: priced as `{preset}` (Fly sells 1, 2, 4, 8 (16 performance) CPUs, at most 2 GB per shared and 8 GB per performance CPU)",
                m.cpus, m.memory_mb
            ));
        }
        if let Some(u) = unpriced {
            // a size Fly sold earlier: kept as named, its CPU and memory not assumed
            s.assumed.push(format!("`{u}` is a size Fly sold earlier: kept, and priced as a missing price (the total a lower bound)"));
            (s.size, s.cpus, s.memory_mb, s.cpu_kind) = (Some(u), None, None, None);
        }
        if !sized {
            s.assumed.push("no `[[vm]]` size in the file: Fly's default machine, shared-cpu-1x with 256 MB (fly.io/docs/apps/scale-machine)".into());
        }
        s.region = out.region.clone();
        s.public = !svc.is_empty();
        let default_count = if svc.is_empty() || mount.is_some() { 1 } else { 2 };
        let min_running = svc.iter().filter_map(|x| x.min_running).max();
        let count = default_count.max(min_running.unwrap_or(0));
        if svc.iter().any(|x| x.auto_stop) {
            s.scale_to_zero = true;
            s.min_instances = Some(min_running.unwrap_or(0));
            s.max_instances = Some(count);
        } else {
            s.instances = Some(count);
        }
        s.count_configured = min_running.is_some_and(|m| m >= default_count);
        if !svc.is_empty() && mount.is_none() && !s.count_configured {
            s.assumed.push(format!(
                "{count} machines: `fly deploy` creates two machines for a process group with services, for redundancy (fly.io/docs/blueprints/resilient-apps-multiple-machines)"
            ));
        }
        if let Some(first) = svc.first() {
            s.concurrency = Some(first.soft.unwrap_or(DEFAULT_SOFT_LIMIT));
            s.hard_limit = Some(first.hard.unwrap_or(DEFAULT_HARD_LIMIT));
        }
        if let Some(v) = mount {
            s.volume = true;
            s.volume_gb = v.size_gb;
        }
        s.notes.append(&mut notes);
        notes = section_notes(root);
        out.services.push(s);
    }
    Ok(out)
}

fn checks_hint(root: &Node) -> String {
    root.get("checks").map(|c| c.entries().iter().map(|e| e.key.clone()).collect::<Vec<_>>().join(" ")).unwrap_or_default().replace("pg", "pg_")
}

fn section_notes(root: &Node) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(d) = root.get("deploy") {
        if let Some(s) = d.get("strategy").and_then(Node::text) {
            notes.push(format!("deploy strategy `{s}`"));
        }
        if d.get("release_command").is_some() {
            notes.push("a release command runs on a temporary machine at each deploy".into());
        }
    }
    let statics = root.get("statics").map(|s| if s.is_list() { s.items().len() } else { 1 }).unwrap_or(0);
    if statics > 0 {
        notes.push(format!("{statics} `[[statics]]` served by Fly's proxy (no machine time)"));
    }
    if let Some(c) = root.get("checks") {
        notes.push(format!("{} top-level health check(s)", c.entries().len()));
    }
    if let Some(r) = root.get("restart") {
        let policies: Vec<String> = r.items().iter().filter_map(|x| x.get("policy").and_then(Node::text)).collect();
        if !policies.is_empty() {
            notes.push(format!("restart policy {}", policies.join(", ")));
        }
    }
    notes
}

fn process_groups(root: &Node, out: &mut Imported) -> Result<Vec<(String, Pos)>, Diagnostic> {
    let mut groups = Vec::new();
    match root.entry("processes") {
        Some(e) if e.value.is_map() => {
            for g in e.value.entries() {
                groups.push((g.key.clone(), g.at));
            }
        }
        Some(e) if e.value.is_list() && e.value.items().is_empty() => {}
        Some(e) => {
            return Err(super::tree::diag(&out.path, e.value.at, format!("`processes` is {}, not a table of process groups", units::shown(&e.value)))
                .with_help("write `[processes]` with one `NAME = \"command\"` line per group"));
        }
        None => {}
    }
    if groups.is_empty() {
        let at = root.entry("app").map(|e| e.at).unwrap_or(Pos { line: 1, col: 1 });
        groups.push(("app".to_string(), at));
    }
    Ok(groups)
}

struct ServiceEntry {
    processes: Vec<String>,
    http: bool,
    /// A raw TCP or UDP port: `protocol = "udp"`, or a port whose handlers have no `http`.
    raw: bool,
    auto_stop: bool,
    min_running: Option<u32>,
    soft: Option<u32>,
    hard: Option<u32>,
}

fn service_entries(root: &Node, groups: &[(String, Pos)], out: &mut Imported) -> Result<Vec<ServiceEntry>, Diagnostic> {
    let mut tables: Vec<(&Node, bool, &str)> = Vec::new();
    if let Some(h) = root.get("http_service") {
        tables.push((h, true, "`[http_service]`"));
    }
    if let Some(e) = root.entry("services") {
        if e.value.is_list() {
            tables.extend(e.value.items().iter().map(|s| (s, false, "`[[services]]`")));
        } else if e.value.get("concurrency").is_some() && e.value.get("internal_port").is_none() {
            out.warn_help(
                e.at,
                "`[services.concurrency]` without a `[[services]]` entry: this concurrency applies to no service",
                "put it under `[http_service.concurrency]`, or make it `[[services]]` with an `internal_port`",
            );
        } else if e.value.is_map() {
            tables.push((&e.value, false, "`[services]`"));
        }
    }
    let names: std::collections::HashSet<&str> = groups.iter().map(|(n, _)| n.as_str()).collect();
    let mut out_entries = Vec::new();
    for (t, is_http, label) in tables {
        out.unknown_keys(t, &SERVICE_KEYS, label);
        for key in VM_ONLY {
            if let Some(e) = t.entry(key) {
                out.warn_help(e.at, format!("`{key}` inside {label} has no effect on machine size"), "move it to `[[vm]]`");
            }
        }
        let processes: Vec<String> = t.get("processes").map(|p| p.items().iter().filter_map(Node::text).collect()).unwrap_or_default();
        for p in &processes {
            if !names.contains(p.as_str()) {
                let at = t.entry("processes").map(|e| e.at).unwrap_or(t.at);
                out.warn_help(
                    at,
                    format!("{label} applies to process group `{p}`, which the file does not define: its concurrency and scaling apply to nothing"),
                    format!("process groups: {}", groups.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")),
                );
            }
        }
        let http = is_http
            || t.get("ports").is_some_and(|ps| {
                ps.items().iter().any(|p| p.get("handlers").is_some_and(|h| h.items().iter().any(|x| matches!(x.as_str(), Some("http" | "tls" | "https")))))
            });
        let raw = !is_http
            && (t.get("protocol").and_then(Node::text).is_some_and(|p| p == "udp")
                || t.get("ports").is_some_and(|ps| {
                    ps.items().iter().any(|p| !p.get("handlers").is_some_and(|h| h.items().iter().any(|x| matches!(x.as_str(), Some("http")))))
                }));
        let auto_stop = match t.get("auto_stop_machines") {
            Some(v) => match (&v.as_bool(), v.as_str()) {
                (Some(b), _) => *b,
                (None, Some("stop" | "suspend")) => true,
                (None, Some("off")) => false,
                _ => return Err(units::invalid(&out.path, v, "auto_stop_machines", "\"off\", \"stop\", \"suspend\" or a boolean")),
            },
            None => false,
        };
        let min_running = t.get("min_machines_running").map(|v| units::whole(&out.path, v, "min_machines_running", 0, 10_000)).transpose()?;
        let (mut soft, mut hard) = (None, None);
        if let Some(c) = t.get("concurrency") {
            out.unknown_keys(c, &["type", "soft_limit", "hard_limit"], "`concurrency`");
            let limit = |key: &str| c.get(key).map(|v| units::whole(&out.path, v, key, 1, MAX_CONCURRENCY)).transpose();
            soft = limit("soft_limit")?;
            hard = limit("hard_limit")?;
            if let Some(ty) = c.get("type").and_then(Node::text)
                && ty != "connections"
                && ty != "requests"
            {
                out.warn(c.get("type").map(|v| v.at).unwrap_or(c.at), format!("concurrency type `{ty}` is neither `connections` nor `requests`"));
            }
            if let (Some(s), Some(h)) = (soft, hard)
                && s > h
            {
                out.warn(c.at, format!("concurrency soft_limit {s} is above hard_limit {h}"));
            }
            if soft.is_none() && hard.is_some() {
                soft = hard;
            }
        }
        out_entries.push(ServiceEntry { processes, http, raw, auto_stop, min_running, soft, hard });
    }
    Ok(out_entries)
}

struct MountEntry {
    processes: Vec<String>,
    source: String,
    size_gb: Option<f64>,
}

/// The indexes of the `[[vm]]` entries that apply to each process group, in file
/// order: those naming it and those naming no group.
fn vms_by_group(vms: &[vm::VmEntry]) -> impl Fn(&str) -> Vec<usize> + '_ {
    let mut every: Vec<usize> = Vec::new();
    let mut named: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, v) in vms.iter().enumerate() {
        if v.processes.is_empty() {
            every.push(i);
        }
        for p in &v.processes {
            named.entry(p.as_str()).or_default().push(i);
        }
    }
    move |group| {
        let mut ix: Vec<usize> = every.iter().chain(named.get(group).into_iter().flatten()).copied().collect();
        ix.sort_unstable();
        ix.dedup();
        ix
    }
}

fn mount_entries(root: &Node, groups: &[(String, Pos)], out: &mut Imported) -> Result<Vec<MountEntry>, Diagnostic> {
    let Some(m) = root.get("mounts") else { return Ok(Vec::new()) };
    let tables: Vec<&Node> = if m.is_list() { m.items().iter().collect() } else { vec![m] };
    let names: std::collections::HashSet<&str> = groups.iter().map(|(n, _)| n.as_str()).collect();
    let known = [
        "source",
        "destination",
        "initial_size",
        "processes",
        "auto_extend_size_threshold",
        "auto_extend_size_increment",
        "auto_extend_size_limit",
        "snapshot_retention",
        "scheduled_snapshots",
    ];
    let mut entries = Vec::new();
    for t in tables {
        out.unknown_keys(t, &known, "`[mounts]`");
        let processes: Vec<String> = t.get("processes").map(|p| p.items().iter().filter_map(Node::text).collect()).unwrap_or_default();
        for p in &processes {
            if !names.contains(p.as_str()) {
                out.warn(t.at, format!("`[mounts]` names process group `{p}`, which the file does not define"));
            }
        }
        let size_gb = t.get("initial_size").map(|v| units::size_gb(&out.path, v, "initial_size", true, MAX_VOLUME_GB)).transpose()?;
        let source = t.get("source").and_then(Node::text).unwrap_or_default();
        entries.push(MountEntry { processes, source, size_gb });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_keep_memory_in_256_mb_steps() {
        let p = |performance, cpus, memory_mb| Machine { performance, cpus, memory_mb }.preset();
        assert_eq!(p(false, 1, 256), "shared-cpu-1x-256mb");
        assert_eq!(p(false, 1, 1024), "shared-cpu-1x-1gb");
        // between presets: the exact memory, in 256 MB steps (Fly bills the preset plus extra RAM)
        assert_eq!(p(false, 1, 768), "shared-cpu-1x-768mb");
        assert_eq!(p(false, 2, 3000), "shared-cpu-2x-3gb");
        assert_eq!(p(true, 1, 3072), "performance-1x-3gb");
        assert_eq!(p(false, 2, 256), "shared-cpu-2x-512mb");
        assert_eq!(p(false, 1, 8192), "shared-cpu-4x-8gb");
        assert_eq!(p(false, 8, 99999), "shared-cpu-8x-16gb");
        assert_eq!(p(true, 2, 4096), "performance-2x-4gb");
        assert_eq!(p(true, 4, 8192), "performance-4x-8gb");
        assert_eq!(p(false, 3, 1024), "shared-cpu-4x-1gb");
    }
}

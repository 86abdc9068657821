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

mod services;
mod vm;

use services::{ServiceEntry, service_entries};
pub use vm::Machine;
use vm::{Sizing, vm_entries};

use std::path::Path;

use super::tree::{Node, Pos};
use super::units;
use super::{Format, Imported, ImportedService, classify};
use crate::error::Diagnostic;
use crate::scenario::model::{CpuKind, Kind};

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
    misplaced_top_keys(root, &mut out);
    let groups = process_groups(root, &mut out)?;
    let vms = vm_entries(root, &mut out)?;
    let services = service_entries(root, &groups, &mut out)?;
    let mounts = mount_entries(root, &groups, &mut out)?;
    let app = App {
        root,
        path,
        region: out.region.clone(),
        image: root.get("build").and_then(|b| b.get("image")).and_then(Node::text),
        name: out.app.clone().unwrap_or_else(|| super::app_name_from_path(path)),
        one_group: groups.len() == 1,
        services,
        mounts,
    };
    let vms_of = vms_by_group(&vms);
    for (name, at) in &groups {
        let sizing = vm::sizing(vms_of(name).into_iter().filter_map(|i| vms.get(i)));
        if sizing.applying > 1 {
            out.notes.push(format!("{} `[[vm]]` entries apply to process group `{name}`; each later one overrides what it sets", sizing.applying));
        }
        out.services.push(group_service(&app, name, *at, sizing));
    }
    Ok(out)
}

/// Warns about keys at the top level that only size machines or scale services
/// inside their own sections, where Fly reads them.
fn misplaced_top_keys(root: &Node, out: &mut Imported) {
    for key in SERVICE_ONLY.iter().chain(VM_ONLY.iter()) {
        if let Some(e) = root.entry(key) {
            out.warn_help(
                e.at,
                format!("`{key}` at the top level has no effect"),
                "it belongs in `[http_service]`/`[[services]]` (scaling) or `[[vm]]` (size)",
            );
        }
    }
}

/// What the whole file says that every process group draws on.
struct App<'a> {
    /// The file's tree.
    root: &'a Node,
    /// The file.
    path: &'a Path,
    /// `primary_region`.
    region: Option<String>,
    /// `[build] image`.
    image: Option<String>,
    /// The app's name (`app`, else from the file's path).
    name: String,
    /// Whether the file has a single process group.
    one_group: bool,
    /// `[http_service]` and `[[services]]`.
    services: Vec<ServiceEntry>,
    /// `[mounts]`.
    mounts: Vec<MountEntry>,
}

/// One process group as a service: its machines, what it runs, how many machines
/// it has and the services and volume that apply to it.
fn group_service(app: &App, name: &str, at: Pos, sizing: Sizing) -> ImportedService {
    let svc: Vec<&ServiceEntry> = app.services.iter().filter(|s| s.processes.is_empty() || s.processes.iter().any(|p| p == name)).collect();
    let mount = app.mounts.iter().find(|v| v.processes.is_empty() || v.processes.iter().any(|p| p == name));
    let service_name = if app.one_group && name == "app" { app.name.clone() } else { name.to_string() };
    let mut s = ImportedService::new(service_name, group_kind(app, &svc, mount), Format::Fly, app.path, at, format!("process group `{name}`"));
    let image = app.image.as_deref();
    let command = app.root.get("processes").and_then(|p| p.get(name)).and_then(Node::text).unwrap_or_default();
    s.frontend = super::frontend_hint(&format!("{} {command}", image.unwrap_or_default()));
    s.runtime = super::runtime::runtime_of(image, &command);
    s.long_lived = if svc.iter().any(|e| e.raw) {
        Some("its `[[services]]` has a raw TCP or UDP port (no `http` handler), so clients hold connections to it".into())
    } else {
        image.and_then(super::runtime::long_lived_image).map(|w| format!("its image is {w}"))
    };
    s.image = app.image.clone();
    machine_size(&mut s, name, sizing);
    s.region = app.region.clone();
    s.public = !svc.is_empty();
    machine_count(&mut s, &svc, mount.is_some());
    if let Some(first) = svc.first() {
        s.concurrency = Some(first.soft.unwrap_or(DEFAULT_SOFT_LIMIT));
        s.hard_limit = Some(first.hard.unwrap_or(DEFAULT_HARD_LIMIT));
    }
    if let Some(v) = mount {
        s.volume = true;
        s.volume_gb = v.size_gb;
    }
    s.notes.extend(section_notes(app.root));
    s
}

/// The kind of a process group: without services, what its image, app name, volume
/// or checks name (else a worker); with services, what its image names, else a web
/// service when one handles HTTP, else an API.
fn group_kind(app: &App, svc: &[&ServiceEntry], mount: Option<&MountEntry>) -> Kind {
    if svc.is_empty() {
        let hint =
            [app.image.clone().unwrap_or_default(), app.name.clone(), mount.map(|v| v.source.clone()).unwrap_or_default(), checks_hint(app.root)].join(" ");
        classify(&hint).map(|c| c.0).unwrap_or(Kind::Worker)
    } else if let Some((k, _)) = app.image.as_deref().and_then(classify) {
        k
    } else if svc.iter().any(|s| s.http) {
        Kind::Web
    } else {
        Kind::Api
    }
}

/// Writes the machine size the `[[vm]]` entries settle, with an assumption for each
/// deviation: an unknown GPU model, a size Fly does not sell, one it sold earlier,
/// none given.
fn machine_size(s: &mut ImportedService, name: &str, sizing: Sizing) {
    let m = sizing.machine;
    let preset = m.preset();
    s.size = Some(preset.clone());
    if let Some(at) = sizing.at {
        s.origin("size", at);
    }
    s.cpus = Some(m.cpus as f64);
    s.memory_mb = Some(m.memory_mb as f64);
    s.cpu_kind = Some(if m.performance { CpuKind::Dedicated } else { CpuKind::Shared });
    if sizing.gpu.as_ref().is_some_and(|g| g.kind == "any") {
        s.assumed.push(format!("`gpus` without `gpu_kind` on process group `{name}`: the GPU model is not known (`any`)"));
    }
    s.gpu = sizing.gpu;
    if let Some(n) = preset.split('-').find_map(|p| p.strip_suffix('x').and_then(|x| x.parse::<u32>().ok()))
        && n != m.cpus
    {
        s.assumed.push(format!(
            "{} CPU(s) with {} MB is not a Fly machine: priced as `{preset}` (Fly sells 1, 2, 4, 8 (16 performance) CPUs, at most 2 GB per shared and 8 GB per performance CPU)",
            m.cpus, m.memory_mb
        ));
    }
    if let Some(u) = sizing.unpriced {
        // a size Fly sold earlier: kept as named, its CPU and memory not assumed
        s.assumed.push(format!("`{u}` is a size Fly sold earlier: kept, and priced as a missing price (the total a lower bound)"));
        (s.size, s.cpus, s.memory_mb, s.cpu_kind) = (Some(u), None, None, None);
    }
    if !sizing.sized {
        s.assumed.push("no `[[vm]]` size in the file: Fly's default machine, shared-cpu-1x with 256 MB (fly.io/docs/apps/scale-machine)".into());
    }
}

/// Writes the machine count `fly deploy` gives a group: two with services and no
/// volume, else one, at least `min_machines_running`; a range when auto-stopped.
fn machine_count(s: &mut ImportedService, svc: &[&ServiceEntry], mounted: bool) {
    let default_count = if svc.is_empty() || mounted { 1 } else { 2 };
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
    if !svc.is_empty() && !mounted && !s.count_configured {
        s.assumed.push(format!(
            "{count} machines: `fly deploy` creates two machines for a process group with services, for redundancy (fly.io/docs/blueprints/resilient-apps-multiple-machines)"
        ));
    }
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

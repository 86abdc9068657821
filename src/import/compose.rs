//! Docker Compose files (`docker-compose.yml`, `compose.yaml`, `docker-stack.yml`;
//! https://docs.docker.com/reference/compose-file/).
//!
//! Anchors, aliases and `<<` merge keys are resolved by the tree; `${VAR}` forms
//! are interpolated from the given variables first (see `variables`); `x-`
//! extension fields are skipped. Per service: `image`/`build`, replicas
//! (`deploy.replicas`, `scale`; `deploy.mode: global` is one per node), CPU and
//! memory (`deploy.resources.reservations`, else `limits`, else `cpus` /
//! `mem_reservation` / `mem_limit`), named volumes, published ports,
//! `depends_on`. Services behind a profile not enabled and one-shot jobs are left
//! out, with a note (see `started`). Each service is classified by its image
//! (postgres, mysql, redis/valkey, minio, nginx/traefik/caddy, …).

use std::path::Path;

mod started;
mod variables;

use super::tree::{self, Node};
use super::units::{self, Bare};
use super::{Format, Imported, ImportedService, Options, classify};
use crate::error::Diagnostic;
use crate::scenario::model::Kind;

const TOP_KEYS: [&str; 8] = ["version", "name", "services", "volumes", "networks", "configs", "secrets", "include"];
const SERVICE_KEYS: [&str; 88] = [
    "image",
    "build",
    "command",
    "entrypoint",
    "container_name",
    "restart",
    "deploy",
    "environment",
    "env_file",
    "ports",
    "expose",
    "volumes",
    "depends_on",
    "healthcheck",
    "labels",
    "logging",
    "networks",
    "profiles",
    "mem_limit",
    "mem_reservation",
    "cpus",
    "cpu_count",
    "cpu_shares",
    "cpu_quota",
    "cpu_period",
    "cpuset",
    "cpu_percent",
    "memswap_limit",
    "mem_swappiness",
    "shm_size",
    "ulimits",
    "sysctls",
    "security_opt",
    "cap_add",
    "cap_drop",
    "privileged",
    "user",
    "working_dir",
    "hostname",
    "domainname",
    "extra_hosts",
    "dns",
    "dns_opt",
    "dns_search",
    "tmpfs",
    "read_only",
    "stdin_open",
    "tty",
    "platform",
    "pull_policy",
    "stop_grace_period",
    "stop_signal",
    "init",
    "ipc",
    "pid",
    "pids_limit",
    "devices",
    "secrets",
    "configs",
    "links",
    "external_links",
    "network_mode",
    "extends",
    "scale",
    "oom_kill_disable",
    "oom_score_adj",
    "runtime",
    "storage_opt",
    "userns_mode",
    "group_add",
    "annotations",
    "attach",
    "develop",
    "gpus",
    "isolation",
    "mac_address",
    "post_start",
    "pre_stop",
    "volumes_from",
    "uts",
    "cgroup",
    "cgroup_parent",
    "blkio_config",
    "credential_spec",
    "device_cgroup_rules",
    "label_file",
    "models",
    "use_api_socket",
];
pub(crate) const DEPLOY_KEYS: [&str; 9] =
    ["mode", "replicas", "resources", "restart_policy", "placement", "update_config", "rollback_config", "labels", "endpoint_mode"];

/// Reads a Compose tree, interpolating `${VAR}` from `options.env` first, with the
/// services of the profiles `options` enables.
pub fn import(path: &Path, mut root: Node, options: &Options) -> Result<Imported, Diagnostic> {
    let mut out = Imported::new(path, Format::Compose);
    variables::interpolate_variables(&mut root, &options.env, &mut out)?;
    let enabled = started::enabled_profiles(&options.profiles, &options.env);
    out.unknown_keys(&root, &TOP_KEYS, "the Compose file");
    out.app = root.get("name").and_then(Node::text).filter(|n| !n.is_empty());
    let Some(services) = root.get("services").filter(|s| s.is_map()) else {
        let at = root.entry("services").map(|e| e.at).unwrap_or(root.at);
        return Err(super::tree::diag(path, at, "no `services` mapping in the Compose file").with_help("a Compose file lists its containers under `services:`"));
    };
    let names: std::collections::HashSet<&str> = services.entries().iter().map(|e| e.key.as_str()).collect();
    let awaited = started::awaited(services);
    for e in services.entries() {
        if e.key.starts_with("x-") {
            continue;
        }
        let s = &e.value;
        if !s.is_map() {
            return Err(tree::diag(&out.path, s.at, format!("service `{}` is {}, not a mapping", e.key, units::shown(s)))
                .with_help("a Compose service is a mapping with at least `image` or `build`"));
        }
        out.unknown_keys(s, &SERVICE_KEYS, &format!("service `{}`", e.key));
        if started::left_out(&e.key, s, &awaited, &enabled, &mut out) {
            continue;
        }
        let mut svc = service(&e.key, s, &mut out)?;
        svc.line = e.at.line;
        for (dep, _) in depends_on(s) {
            if !names.contains(dep.as_str()) {
                let at = s.entry("depends_on").map(|d| d.at).unwrap_or(e.at);
                out.warn(at, format!("`{}` depends on `{dep}`, which the file does not define", e.key));
            }
            svc.depends_on.push(dep);
        }
        if deploy_mode(s) == "global" {
            svc.notes.push("`mode: global`: one container per node; read as one".into());
            svc.instances = Some(1);
        }
        out.services.push(svc);
    }
    Ok(out)
}

/// The service's `deploy.mode`, empty when not set.
pub(crate) fn deploy_mode(s: &Node) -> String {
    s.get("deploy").and_then(|d| d.get("mode")).and_then(Node::text).unwrap_or_default()
}

/// The services `s` depends on, each with its `condition` when given.
pub(crate) fn depends_on(s: &Node) -> Vec<(String, Option<String>)> {
    let Some(d) = s.get("depends_on") else { return Vec::new() };
    if d.is_list() {
        return d.items().iter().filter_map(Node::text).map(|n| (n, None)).collect();
    }
    d.entries().iter().map(|e| (e.key.clone(), e.value.get("condition").and_then(Node::text))).collect()
}

/// Reads one service that runs: its kind, what it runs, its replicas, CPUs, memory,
/// GPUs and volumes.
fn service(name: &str, s: &Node, out: &mut Imported) -> Result<ImportedService, Diagnostic> {
    let image = s.get("image").and_then(Node::text).filter(|i| !i.trim_matches([':', '-', '/', '@']).is_empty());
    let ports = s.get("ports").is_some_and(|p| !p.items().is_empty());
    let exposed = ports || s.get("expose").is_some_and(|p| !p.items().is_empty());
    let classified = image.as_deref().and_then(classify).or_else(|| classify(name));
    let origin = origin(name, s, image.as_deref(), out);
    let mut svc = ImportedService::new(name, service_kind(name, classified.map(|c| c.0), exposed), Format::Compose, &out.path, s.at, origin);
    let command = s
        .get("command")
        .map(|c| if c.is_list() { c.items().iter().filter_map(Node::text).collect::<Vec<_>>().join(" ") } else { c.text().unwrap_or_default() });
    let build = s.get("build").map(|b| b.text().or_else(|| b.get("context").and_then(Node::text)).unwrap_or_default());
    svc.frontend =
        super::frontend_hint(&format!("{} {} {}", image.clone().unwrap_or_default(), command.clone().unwrap_or_default(), build.unwrap_or_default()));
    svc.runtime = super::runtime::runtime_of(image.as_deref(), &command.unwrap_or_default());
    svc.long_lived = image.as_deref().and_then(super::runtime::long_lived_image).map(|w| format!("its image is {w}"));
    if let Some((_, what)) = classified {
        svc.notes.push(what.to_string());
    }
    svc.image = image;
    svc.public = exposed;
    replicas(s, &mut svc, &out.path)?;
    let resources = s.get("deploy").and_then(|d| d.get("resources"));
    let reservations = resources.and_then(|r| r.get("reservations"));
    let limits = resources.and_then(|r| r.get("limits"));
    size(s, limits, reservations, &mut svc, &out.path)?;
    svc.gpu = gpu_devices(reservations, out)?;
    if let Some(devices) = reservations.and_then(|r| r.get("devices")).filter(|_| svc.gpu.is_some()) {
        svc.origin("gpu", devices.at);
    }
    volumes(s, &mut svc, &out.path)?;
    docker_socket(s, &mut svc);
    if let Some(h) = s.get("healthcheck")
        && h.get("disable").and_then(Node::as_bool) != Some(true)
    {
        svc.notes.push("health check".into());
    }
    Ok(svc)
}

/// The kind of a service: what its image or name classifies as, else what its name
/// says (an HTTP server behind the file's own proxy often publishes no port), else a
/// web service when it exposes a port, else a worker.
fn service_kind(name: &str, classified: Option<Kind>, exposed: bool) -> Kind {
    let lower = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    match classified {
        Some(k) => k,
        None if has(&["web", "frontend", "site", "ui"]) => Kind::Web,
        None if has(&["api", "backend", "server", "gateway"]) => Kind::Api,
        None if exposed => Kind::Web,
        None => Kind::Worker,
    }
}

/// How the file defines a service, with a warning when it gives nothing to run: an
/// image empty once interpolated, or neither `image` nor `build`.
fn origin(name: &str, s: &Node, image: Option<&str>, out: &mut Imported) -> String {
    match (image, s.get("build"), s.get("image")) {
        (Some(i), _, _) => format!("service `{name}`, image `{i}`"),
        (None, Some(_), _) => format!("service `{name}`, built from source"),
        (None, None, Some(i)) => {
            out.warn(i.at, format!("the image of `{name}` is empty once variables are interpolated; set them (`--env-file`)"));
            format!("service `{name}`")
        }
        (None, None, None) => {
            out.warn(s.at, format!("service `{name}` has neither `image` nor `build`"));
            format!("service `{name}`")
        }
    }
}

/// Reads the replica count: `deploy.replicas`, else `scale`, else one.
fn replicas(s: &Node, svc: &mut ImportedService, path: &Path) -> Result<(), Diagnostic> {
    let deploy_replicas = s.get("deploy").and_then(|d| d.get("replicas"));
    let replicas = deploy_replicas.or_else(|| s.get("scale")).filter(|n| !empty(n));
    svc.count_configured = replicas.is_some();
    let key = if deploy_replicas.is_some() { "replicas" } else { "scale" };
    svc.instances = Some(match replicas {
        Some(r) => units::whole_or_text(path, r, key, 0, 10_000)?,
        None => 1,
    });
    if let Some(r) = replicas {
        svc.origin("instances", r.at);
    }
    Ok(())
}

/// Reads the CPUs and memory of a container with where each comes from: the
/// configured size is the limit (what the container may use), else the reservation,
/// else the service-level keys. A value that is not a size is invalid input.
fn size(s: &Node, limits: Option<&Node>, reservations: Option<&Node>, svc: &mut ImportedService, path: &Path) -> Result<(), Diagnostic> {
    let cpus = [
        ("cpus", limits.and_then(|l| l.get("cpus"))),
        ("cpus", reservations.and_then(|l| l.get("cpus"))),
        ("cpus", s.get("cpus")),
        ("cpu_count", s.get("cpu_count")),
    ];
    check_settings(&cpus, units::cpus, "a number of CPUs above 0 (`0.5`, `2`)", path)?;
    let memories = [
        ("memory", limits.and_then(|l| l.get("memory"))),
        ("memory", reservations.and_then(|l| l.get("memory"))),
        ("mem_limit", s.get("mem_limit")),
        ("mem_reservation", s.get("mem_reservation")),
    ];
    let megabytes = |n: &Node| units::megabytes(n, Bare::Bytes);
    check_settings(&memories, megabytes, "a memory size (`512M`, `1G`, a number of bytes)", path)?;
    if let Some((n, c)) = first_read(&cpus, units::cpus) {
        svc.cpus = Some(c);
        for key in ["vcpus", "cpu_reserve"] {
            svc.origin(key, n.at);
        }
    }
    if let Some((n, m)) = first_read(&memories, megabytes) {
        svc.memory_mb = Some(m).filter(|m| *m > 0.0);
        for key in ["memory_mb", "memory_base_mb"] {
            svc.origin(key, n.at);
        }
    }
    Ok(())
}

/// Fails on the first of `settings` that is given (not left empty by an unset
/// variable) but that `read` does not understand.
fn check_settings(settings: &[(&str, Option<&Node>)], read: impl Fn(&Node) -> Option<f64>, expected: &str, path: &Path) -> Result<(), Diagnostic> {
    for (key, node) in settings {
        if let Some(n) = node.filter(|n| !empty(n))
            && read(n).is_none()
        {
            return Err(units::invalid(path, n, key, expected));
        }
    }
    Ok(())
}

/// The first of `settings` that `read` understands, in order of precedence, with its value.
fn first_read<'a>(settings: &[(&str, Option<&'a Node>)], read: impl Fn(&Node) -> Option<f64>) -> Option<(&'a Node, f64)> {
    settings.iter().filter_map(|(_, n)| *n).find_map(|n| read(n).map(|v| (n, v)))
}

/// Checks `volumes`, a list of mounts: a named volume among them gives the service a volume.
fn volumes(s: &Node, svc: &mut ImportedService, path: &Path) -> Result<(), Diagnostic> {
    let Some(vs) = s.get("volumes") else { return Ok(()) };
    if !vs.is_list() {
        return Err(tree::diag(path, vs.at, format!("`volumes` of `{}` is {}, not a list", svc.name, vs.type_name()))
            .with_help("list the mounts: `volumes: [\"data:/var/lib/data\"]`"));
    }
    for v in vs.items() {
        if volume_entry(v, &svc.name, path)? {
            svc.volume = true;
        }
    }
    Ok(())
}

/// Paths of the Docker Engine's socket on a Linux host.
const DOCKER_SOCKETS: [&str; 2] = ["/var/run/docker.sock", "/run/docker.sock"];

/// Marks a service that mounts the Docker socket (short `SOURCE:TARGET` or long
/// `source:` syntax): it manages containers on its host, which only a server of
/// one's own gives; noted with the reason.
fn docker_socket(s: &Node, svc: &mut ImportedService) {
    let sources = s.get("volumes").map(|v| v.items().iter().filter_map(|m| m.get("source").and_then(Node::text).or_else(|| m.text())).collect::<Vec<_>>());
    let mounts = sources.unwrap_or_default().iter().any(|m| DOCKER_SOCKETS.contains(&m.split(':').next().unwrap_or_default()));
    if mounts {
        let why = "it mounts the Docker socket (`/var/run/docker.sock`) to manage containers on its host";
        svc.notes.push(format!("{why}: Fly, Render and Vercel give no Docker host to manage; only Compose on a VPS can host it"));
        svc.manages_host = Some(why.to_string());
    }
}

/// Whether a value is an empty string: what an unset variable leaves, already
/// warned about, so the value counts as not given.
fn empty(n: &Node) -> bool {
    n.as_str().is_some_and(|s| s.trim().is_empty())
}

/// Mount types of the long volume syntax.
const MOUNT_TYPES: [&str; 6] = ["volume", "bind", "tmpfs", "npipe", "cluster", "image"];

/// Checks one `volumes` entry of a service: the short form `[SOURCE:]TARGET[:MODE]`
/// or the long form (a mapping with `type` and `target`). `Ok(true)` for a named volume.
fn volume_entry(v: &Node, name: &str, path: &Path) -> Result<bool, Diagnostic> {
    let bad = |why: &str| {
        tree::diag(path, v.at, format!("a `volumes` entry of `{name}` is not a volume spec: {why}"))
            .with_help("write `SOURCE:TARGET[:MODE]` (e.g. `data:/var/lib/data`) or a mapping with `type` and `target`")
    };
    if let Some(short) = v.as_str() {
        let parts: Vec<&str> = short.split(':').collect();
        let (source, target) = match parts.as_slice() {
            [target] => ("", *target),
            // a Windows drive in the source: `C:\data:/data`
            [drive, rest, target, ..] if drive.len() == 1 && rest.starts_with('\\') => ("drive", *target),
            [source, target, ..] => (*source, *target),
            [] => ("", ""),
        };
        if target.trim().is_empty() {
            return Err(bad(&format!("{} names no container path", units::shown(v))));
        }
        return Ok(parts.len() > 1 && !source.is_empty() && !source.starts_with(['.', '/', '~', '$']) && source != "drive");
    }
    if !v.is_map() {
        return Err(bad(&format!("it is {}", units::shown(v))));
    }
    let Some(ty) = v.get("type").and_then(Node::as_str) else {
        return Err(bad("the mapping has no `type` (volume, bind, tmpfs…)"));
    };
    if !MOUNT_TYPES.contains(&ty) {
        return Err(bad(&format!("unknown mount `type` \"{ty}\" (one of {})", MOUNT_TYPES.join(", "))));
    }
    if v.get("target").and_then(Node::as_str).is_none_or(|t| t.trim().is_empty()) {
        return Err(bad("the mapping has no `target` (the path in the container)"));
    }
    Ok(ty == "volume")
}

/// GPUs reserved by `deploy.resources.reservations.devices` (entries whose
/// `capabilities` include `gpu`): the count (`count: all` is one GPU per instance, a
/// lower bound) and the model, which Compose does not name (`any`).
fn gpu_devices(reservations: Option<&Node>, out: &mut Imported) -> Result<Option<crate::scenario::model::Gpu>, Diagnostic> {
    let Some(devices) = reservations.and_then(|r| r.get("devices")) else { return Ok(None) };
    let mut count = 0u32;
    for d in devices.items() {
        let gpu = d.get("capabilities").map(|c| c.items().iter().any(|i| i.text().is_some_and(|t| t == "gpu"))).unwrap_or(false);
        if !gpu {
            continue;
        }
        let n = match d.get("count") {
            Some(c) if c.text().is_some_and(|t| t == "all") => {
                out.notes.push("a GPU reservation with `count: all`: one GPU per instance assumed".into());
                1
            }
            Some(c) => units::whole_or_text(&out.path, c, "count", 1, 16)?,
            None => d.get("device_ids").map(|ids| ids.items().len() as u32).filter(|n| *n > 0).unwrap_or(1),
        };
        count = count.saturating_add(n);
    }
    Ok((count > 0).then(|| crate::scenario::model::Gpu { kind: "any".into(), count: count.min(16) }))
}

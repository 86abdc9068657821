//! `render.yaml` (Render Blueprint, https://render.com/docs/blueprint-spec).
//!
//! `services` of every type (`web`, `pserv`, `worker`, `cron`, `keyvalue` and its
//! old name `redis`; a `web` service with `runtime: static` is a static site) and
//! `databases`, at the top level or inside `projects[].environments[]`. Per
//! service: `plan` (default `starter`), `numInstances` (default 1) or `scaling`
//! (min/max instances; CPU and memory targets are kept as notes), `disk.sizeGB`,
//! `schedule`, `region`. Per database: `plan`, `diskSizeGB`, `readReplicas` (each
//! another instance of the plan, imported as a service of its own),
//! `highAvailability`. `envVarGroups` hold only environment variables and are
//! ignored; `previews` are noted (preview environments are not priced).

use std::path::Path;

use super::tree::{Node, Pos};
use super::units;
use super::{Format, Imported, ImportedService, classify};
use crate::error::Diagnostic;
use crate::scenario::model::Kind;

/// Instance type when a service has no `plan`.
pub const DEFAULT_PLAN: &str = "starter";
/// Database plan when a database has no `plan` (the smallest plan on sale).
pub const DEFAULT_DB_PLAN: &str = "basic-256mb";
/// Key Value plan when it has no `plan`.
pub const DEFAULT_KV_PLAN: &str = "starter";

const TOP_KEYS: [&str; 5] = ["services", "databases", "envVarGroups", "previews", "projects"];
const SERVICE_KEYS: [&str; 41] = [
    "type",
    "name",
    "runtime",
    "env",
    "plan",
    "region",
    "repo",
    "branch",
    "rootDir",
    "dockerfilePath",
    "dockerContext",
    "dockerCommand",
    "image",
    "buildCommand",
    "startCommand",
    "preDeployCommand",
    "healthCheckPath",
    "numInstances",
    "scaling",
    "disk",
    "schedule",
    "envVars",
    "autoDeploy",
    "autoDeployTrigger",
    "domains",
    "staticPublishPath",
    "routes",
    "headers",
    "pullRequestPreviewsEnabled",
    "previews",
    "buildFilter",
    "maxShutdownDelaySeconds",
    "ipAllowList",
    "maxmemoryPolicy",
    "buildPlan",
    "initialDeployHook",
    "registryCredential",
    "secretFiles",
    "runtimeVersion",
    "renderSubdomainPolicy",
    "preDeployTimeout",
];
const DB_KEYS: [&str; 13] = [
    "name",
    "databaseName",
    "user",
    "plan",
    "region",
    "postgresMajorVersion",
    "diskSizeGB",
    "readReplicas",
    "highAvailability",
    "ipAllowList",
    "previewPlan",
    "previewDiskSizeGB",
    "previews",
];
/// Runtimes a Blueprint names (`runtime`, or the older `env`).
const RUNTIMES: [&str; 9] = ["docker", "elixir", "go", "image", "node", "python", "ruby", "rust", "static"];
/// Most instances of one service Render scales to.
const MAX_INSTANCES: u32 = 100;
/// Largest disk hostcast prices, GB.
const MAX_DISK_GB: f64 = 100_000.0;

/// Reads a `render.yaml` tree.
pub fn import(path: &Path, root: &Node) -> Result<Imported, Diagnostic> {
    let mut out = Imported::new(path, Format::Render);
    for e in root.entries() {
        if !TOP_KEYS.contains(&e.key.as_str()) && e.key != "version" {
            out.warn(e.at, format!("unknown key `{}` in render.yaml; ignored", e.key));
        }
    }
    if let Some(p) = root.get("previews").and_then(|p| p.get("generation")).and_then(Node::text) {
        out.notes.push(format!("preview environments: `{p}` (not priced)"));
    }
    read_block(root, &mut out)?;
    for project in root.get("projects").map(Node::items).unwrap_or_default() {
        if out.app.is_none() {
            out.app = project.get("name").and_then(Node::text);
        }
        for env in project.get("environments").map(Node::items).unwrap_or_default() {
            read_block(env, &mut out)?;
        }
    }
    out.region = out.services.iter().find_map(|s| s.region.clone());
    Ok(out)
}

fn read_block(block: &Node, out: &mut Imported) -> Result<(), Diagnostic> {
    for key in ["services", "databases"] {
        let Some(e) = block.entry(key) else { continue };
        if !e.value.is_list() && e.value.value != super::tree::Value::Null {
            return Err(super::tree::diag(&out.path, e.value.at, format!("`{key}` is {}, not a list", e.value.type_name()))
                .with_help(format!("write `{key}:` followed by `- name: …` entries")));
        }
        if let Some(item) = e.value.items().iter().find(|i| !i.is_map()) {
            return Err(super::tree::diag(&out.path, item.at, format!("an entry of `{key}` is {}, not a mapping", units::shown(item)))
                .with_help("each entry is a mapping with at least `name` (and `type` for a service)"));
        }
    }
    for s in block.get("services").map(Node::items).unwrap_or_default() {
        service(s, out)?;
    }
    for d in block.get("databases").map(Node::items).unwrap_or_default() {
        database(d, out)?;
    }
    Ok(())
}

/// A plan name as Render's price list spells it: lowercase, `-` between words.
fn normalise(plan: &str) -> String {
    plan.trim().to_lowercase().replace([' ', '_'], "-")
}

/// Reads one entry of `services` into a service; an entry without `name` is skipped
/// with a warning, as Render cannot deploy it.
fn service(s: &Node, out: &mut Imported) -> Result<(), Diagnostic> {
    out.unknown_keys(s, &SERVICE_KEYS, "a Render service");
    let ty = s.get("type").and_then(Node::text).unwrap_or_default();
    let Some(name) = s.get("name").and_then(Node::text) else {
        out.warn(s.at, "a service without `name`; skipped");
        return Ok(());
    };
    let runtime = runtime(s, &name, &out.path)?;
    let image = s.get("image").and_then(|i| i.get("url")).and_then(Node::text);
    let hint = format!("{} {name} {}", image.clone().unwrap_or_default(), s.get("dockerfilePath").and_then(Node::text).unwrap_or_default());
    let Some(kind) = service_kind(&ty, &runtime, image.as_deref(), &hint) else {
        return Err(super::tree::diag(&out.path, s.get("type").map(|t| t.at).unwrap_or(s.at), format!("unknown service type `{ty}` for `{name}`"))
            .with_help("Render service types: web, pserv, worker, cron, keyvalue, redis"));
    };
    let mut svc = ImportedService::new(name, kind, Format::Render, &out.path, s.at, format!("`type: {ty}` service"));
    let commands = ["buildCommand", "startCommand"].map(|k| s.get(k).and_then(Node::text).unwrap_or_default());
    svc.frontend = super::frontend_hint(&format!("{hint} {}", commands.join(" ")));
    svc.runtime = super::runtime::render_runtime(&runtime).or_else(|| super::runtime::runtime_of(image.as_deref(), &commands[1]));
    svc.long_lived = image.as_deref().and_then(super::runtime::long_lived_image).map(|w| format!("its image is {w}"));
    svc.image = image;
    svc.region = s.get("region").and_then(Node::text);
    svc.public = ty == "web";
    plan(s, &mut svc, &ty, out)?;
    if let Some(n) = s.get("numInstances") {
        svc.instances = Some(units::whole(&out.path, n, "numInstances", 1, MAX_INSTANCES)?);
        svc.origin("instances", n.at);
        svc.count_configured = true;
    }
    for key in ["scaling", "disk"] {
        if let Some(n) = s.get(key)
            && !n.is_map()
        {
            return Err(units::invalid(&out.path, n, key, "a mapping (see render.com/docs/blueprint-spec)"));
        }
    }
    if let Some(sc) = s.get("scaling") {
        scaling(sc, &mut svc, out)?;
    }
    if let Some(d) = s.get("disk") {
        disk(d, &mut svc, out)?;
    }
    schedule(s, &mut svc, out)?;
    if let Some(p) = s.get("previews").and_then(|p| p.get("plan")).and_then(Node::text) {
        svc.notes.push(format!("preview plan `{p}` (not priced)"));
    }
    out.services.push(svc);
    Ok(())
}

/// The kind of a service from its `type`, its runtime and its image; `None` for a
/// `type` Render does not know.
fn service_kind(ty: &str, runtime: &str, image: Option<&str>, hint: &str) -> Option<Kind> {
    match ty {
        "web" if runtime == "static" => Some(Kind::Static),
        "web" => Some(image.and_then(classify).map(|c| c.0).unwrap_or(Kind::Web)),
        "pserv" => Some(classify(hint).map(|c| c.0).filter(|k| k.is_data()).unwrap_or(Kind::Api)),
        "worker" | "background_worker" => Some(Kind::Worker),
        "cron" => Some(Kind::Cron),
        "keyvalue" | "redis" => Some(Kind::Redis),
        "static" => Some(Kind::Static),
        _ => None,
    }
}

/// Reads `plan` as Render spells it: a Key Value plan for a key-value store, an
/// instance type for any other service but a static site, which has none.
fn plan(s: &Node, svc: &mut ImportedService, ty: &str, out: &mut Imported) -> Result<(), Diagnostic> {
    let plan_node = s.get("plan");
    if let Some(n) = plan_node.filter(|n| n.text().is_none_or(|t| t.trim().is_empty())) {
        return Err(units::invalid(&out.path, n, "plan", "an instance type such as \"starter\""));
    }
    let plan = plan_node.and_then(Node::text).map(|p| normalise(&p));
    let at = plan_node.map(|n| n.at).unwrap_or(s.at);
    if let (Some(raw), Some(p)) = (plan_node.and_then(Node::text), &plan)
        && raw != *p
    {
        out.warn(at, format!("plan `{raw}` is written `{p}` by Render; read as `{p}`"));
    }
    match svc.kind {
        Kind::Static => {}
        Kind::Redis => {
            svc.plan = Some(match plan {
                Some(p) => known_plan(out, at, "render-redis", "Key Value plan", &p, &svc.name)?,
                None => DEFAULT_KV_PLAN.to_string(),
            });
            if let Some(n) = plan_node {
                svc.origin("plan", n.at);
            }
            if let Some(p) = s.get("maxmemoryPolicy").and_then(Node::text) {
                svc.notes.push(format!("maxmemoryPolicy `{p}`"));
            }
        }
        _ => {
            let p = instance_type(plan, at, svc, out)?;
            if p == "free" && svc.kind != Kind::Web {
                out.warn(at, format!("the free instance type is for web services only; `{}` is a `{ty}`", svc.name));
            }
            if let Some(n) = plan_node {
                svc.origin("size", n.at);
            }
            svc.size = Some(p);
        }
    }
    Ok(())
}

/// The instance type a service runs on, checked against every type Render sells or
/// sold (`data/size-names.toml`): one no longer sold is kept and priced as missing,
/// none given is Render's default.
fn instance_type(plan: Option<String>, at: Pos, svc: &mut ImportedService, out: &mut Imported) -> Result<String, Diagnostic> {
    let names = crate::platforms::size_names::names()?;
    Ok(match plan {
        Some(p) if names.find("render", &p).is_some_and(|g| g.sold) => p,
        Some(p) => {
            if names.find("render", &p).is_none() {
                return Err(super::tree::diag(&out.path, at, format!("unknown Render instance type `{p}` for `{}`", svc.name))
                    .with_help(format!("valid instance types: {}", names.all("render").join(", "))));
            }
            out.warn(at, format!("instance type `{p}` of `{}` is one Render sold earlier; the price book has no price for it", svc.name));
            svc.assumed.push(format!("instance type `{p}` is one Render sold earlier: kept, and priced as a missing price (the total a lower bound)"));
            p
        }
        None => {
            svc.assumed.push(format!(
                "no `plan` in the file: Render's default instance type, `{DEFAULT_PLAN}` (render.com/docs/blueprint-spec: \"defaults to starter\")"
            ));
            DEFAULT_PLAN.to_string()
        }
    })
}

/// Reads `scaling`: the instance bounds Render autoscales between, which replace
/// `numInstances`; CPU and memory targets are kept as notes.
fn scaling(sc: &Node, svc: &mut ImportedService, out: &mut Imported) -> Result<(), Diagnostic> {
    out.unknown_keys(sc, &["minInstances", "maxInstances", "targetMemoryPercent", "targetCPUPercent"], "`scaling`");
    let bound = |key: &str| sc.get(key).map(|v| units::whole(&out.path, v, key, 1, MAX_INSTANCES)).transpose();
    svc.min_instances = bound("minInstances")?;
    svc.max_instances = bound("maxInstances")?;
    for key in ["targetCPUPercent", "targetMemoryPercent"] {
        if let Some(v) = sc.get(key) {
            let t = units::number(&out.path, v, key, 1.0, 100.0)?;
            svc.notes.push(format!("autoscaling {key} {t}"));
        }
    }
    let name = &svc.name;
    if svc.instances.is_some() {
        out.warn(sc.at, format!("`{name}` sets both `numInstances` and `scaling`; Render uses `scaling`"));
        svc.instances = None;
    }
    if let (Some(min), Some(max)) = (svc.min_instances, svc.max_instances)
        && min > max
    {
        return Err(super::tree::diag(&out.path, sc.at, format!("`{name}`: minInstances {min} is above maxInstances {max}"))
            .with_help("Render refuses a scaling range whose minimum is above its maximum"));
    }
    if svc.size.as_deref() == Some("free") {
        out.warn(sc.at, format!("`{name}` is on the free instance type, which does not autoscale"));
    }
    Ok(())
}

/// Reads `disk`: its size, and warnings where Render would not attach it (several
/// instances, a static site, a cron job, the free instance type).
fn disk(d: &Node, svc: &mut ImportedService, out: &mut Imported) -> Result<(), Diagnostic> {
    out.unknown_keys(d, &["name", "mountPath", "sizeGB"], "`disk`");
    svc.volume = true;
    svc.volume_gb = d.get("sizeGB").map(|v| units::size_gb(&out.path, v, "sizeGB", false, MAX_DISK_GB)).transpose()?;
    let name = &svc.name;
    let several = svc.instances.is_some_and(|n| n > 1) || svc.max_instances.is_some_and(|n| n > 1);
    if several {
        out.warn_help(
            d.at,
            format!("`{name}` has a disk and several instances: a Render disk limits its service to one instance"),
            "remove `numInstances`/`scaling`, or move the data off the disk",
        );
    }
    if matches!(svc.kind, Kind::Static | Kind::Cron) || svc.size.as_deref() == Some("free") {
        out.warn(d.at, format!("disks are for paid web services, private services and workers; `{name}` cannot have one"));
    }
    Ok(())
}

/// Reads `schedule`, which only a cron job keeps: elsewhere it is ignored with a
/// warning, and a cron job without one is warned about.
fn schedule(s: &Node, svc: &mut ImportedService, out: &mut Imported) -> Result<(), Diagnostic> {
    if let Some(sched) = s.get("schedule") {
        svc.schedule = Some(units::schedule(&out.path, sched, "schedule")?);
        if svc.kind != Kind::Cron {
            out.warn(sched.at, format!("`schedule` on `{}`, which is not a cron job; ignored", svc.name));
            svc.schedule = None;
        }
    } else if svc.kind == Kind::Cron {
        out.warn(s.at, format!("cron job `{}` has no `schedule`", svc.name));
    }
    Ok(())
}

fn database(d: &Node, out: &mut Imported) -> Result<(), Diagnostic> {
    out.unknown_keys(d, &DB_KEYS, "a Render database");
    let Some(name) = d.get("name").and_then(Node::text) else {
        out.warn(d.at, "a database without `name`; skipped");
        return Ok(());
    };
    let mut db = ImportedService::new(name.clone(), Kind::Postgres, Format::Render, &out.path, d.at, "database");
    db.region = d.get("region").and_then(Node::text);
    if let Some(n) = d.get("plan").filter(|n| n.text().is_none_or(|t| t.trim().is_empty())) {
        return Err(units::invalid(&out.path, n, "plan", "a database plan such as \"basic-1gb\""));
    }
    let plan = d.get("plan").and_then(Node::text).map(|p| normalise(&p));
    db.plan = Some(match plan.as_deref() {
        // legacy plans (before October 2024) and the plans that replaced them
        Some("standard") => legacy(out, d, "standard", "basic-1gb"),
        Some("pro") => legacy(out, d, "pro", "pro-4gb"),
        Some("pro-plus") => legacy(out, d, "pro-plus", "pro-8gb"),
        Some(p) => known_plan(out, d.get("plan").map(|n| n.at).unwrap_or(d.at), "render-postgres", "Postgres plan", p, &name)?,
        None => DEFAULT_DB_PLAN.to_string(),
    });
    for (key, field) in [("plan", "plan"), ("storage_gb", "diskSizeGB"), ("region", "region")] {
        if let Some(n) = d.get(field) {
            db.origin(key, n.at);
        }
    }
    db.storage_gb = d.get("diskSizeGB").map(|v| units::size_gb(&out.path, v, "diskSizeGB", false, MAX_DISK_GB)).transpose()?;
    if let Some(v) = d.get("postgresMajorVersion").and_then(Node::text) {
        db.notes.push(format!("PostgreSQL {v}"));
    }
    if let Some(ha) = d.get("highAvailability") {
        db.high_availability = match ha.get("enabled") {
            Some(e) => e.as_bool().ok_or_else(|| units::invalid(&out.path, e, "enabled", "`true` or `false`"))?,
            None => false,
        };
    }
    let mut replicas: Vec<String> = Vec::new();
    if let Some(r) = d.get("readReplicas") {
        if !r.is_list() {
            return Err(units::invalid(&out.path, r, "readReplicas", "a list of `- name: …` entries"));
        }
        for x in r.items() {
            match x.get("name").and_then(Node::text) {
                Some(n) => replicas.push(n),
                None => {
                    return Err(super::tree::diag(&out.path, x.at, format!("a read replica of `{name}` has no `name`"))
                        .with_help("give each entry of `readReplicas` a `name`"));
                }
            }
        }
    }
    let at = d.at;
    let template = db.clone();
    out.services.push(db);
    for r in replicas {
        let mut rep = template.clone();
        rep.name = r;
        rep.high_availability = false;
        rep.origin = format!("read replica of database `{name}`");
        rep.line = at.line;
        out.services.push(rep);
    }
    Ok(())
}

/// The service's `runtime` (or older `env`), one Render knows; empty when not given.
fn runtime(s: &Node, name: &str, path: &Path) -> Result<String, Diagnostic> {
    let Some((key, node)) = s.get("runtime").map(|n| ("runtime", n)).or_else(|| s.get("env").map(|n| ("env", n))) else {
        return Ok(String::new());
    };
    match node.as_str() {
        Some(r) if RUNTIMES.contains(&r) => Ok(r.to_string()),
        _ => Err(super::tree::diag(path, node.at, format!("`{key}` of `{name}` is {}, not a runtime Render knows", units::shown(node)))
            .with_help(format!("Render runtimes: {}", RUNTIMES.join(", ")))),
    }
}

/// A database plan name checked against every name Render sells or sold
/// (`data/size-names.toml`): an unknown one is invalid input listing them.
fn known_plan(out: &Imported, at: super::tree::Pos, table: &str, what: &str, plan: &str, service: &str) -> Result<String, Diagnostic> {
    let names = crate::platforms::size_names::names()?;
    if names.find(table, plan).is_none() {
        return Err(super::tree::diag(&out.path, at, format!("unknown Render {what} `{plan}` for `{service}`"))
            .with_help(format!("valid plans: {}", names.all(table).join(", "))));
    }
    Ok(plan.to_string())
}

fn legacy(out: &mut Imported, d: &Node, old: &str, new: &str) -> String {
    out.warn(d.get("plan").map(|p| p.at).unwrap_or(d.at), format!("database plan `{old}` is a legacy plan no longer sold; priced as its successor `{new}`"));
    new.to_string()
}

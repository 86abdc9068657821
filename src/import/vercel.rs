//! `vercel.json` (Vercel project config, https://vercel.com/docs/project-configuration).
//!
//! The project is one front-end service (static when nothing runs server code: a
//! static framework or an output folder without functions), with its `functions`
//! (memory, `maxDuration`) and `regions`. Each of `crons` is a scheduled function.
//! A `rewrites` (or legacy `routes`) destination on another origin is the "Vercel
//! front end + separate API" pattern: the origin becomes an API service of its own
//! (priced elsewhere unless its config is imported alongside).
//! `experimentalServices` lists several services in one project; each is read.

use std::path::Path;

use super::tree::Node;
use super::units;
use super::{Format, Imported, ImportedService};
use crate::error::Diagnostic;
use crate::scenario::model::{Frontend, Kind};

/// Minutes a cron invocation runs when the function sets no `maxDuration`.
pub const DEFAULT_CRON_MINUTES: f64 = 1.0;

const TOP_KEYS: [&str; 33] = [
    "$schema",
    "version",
    "name",
    "framework",
    "buildCommand",
    "devCommand",
    "installCommand",
    "ignoreCommand",
    "outputDirectory",
    "public",
    "regions",
    "functionFailoverRegions",
    "functions",
    "crons",
    "rewrites",
    "redirects",
    "headers",
    "cleanUrls",
    "trailingSlash",
    "routes",
    "builds",
    "env",
    "build",
    "github",
    "git",
    "images",
    "bunVersion",
    "fluid",
    "experimentalServices",
    "alias",
    "scope",
    "probes",
    "rootDirectory",
];
const FUNCTION_KEYS: [&str; 8] = ["memory", "maxDuration", "runtime", "includeFiles", "excludeFiles", "regions", "supportsCancellation", "architecture"];
/// Frameworks whose build is static files only.
const STATIC_FRAMEWORKS: [&str; 12] =
    ["vite", "create-react-app", "gatsby", "hugo", "jekyll", "docusaurus", "docusaurus-2", "eleventy", "vue", "angular", "ember", "hexo"];

/// Reads a `vercel.json` tree.
pub fn import(path: &Path, root: &Node) -> Result<Imported, Diagnostic> {
    let mut out = Imported::new(path, Format::Vercel);
    out.unknown_keys(root, &TOP_KEYS, "vercel.json");
    out.app = root.get("name").and_then(Node::text).filter(|n| !n.is_empty());
    check_shapes(root, path)?;
    out.regions = root.get("regions").map(|r| r.items().iter().filter_map(Node::text).collect()).unwrap_or_default();
    out.region = out.regions.first().cloned();
    if out.regions.len() > 1 {
        let at = root.get("regions").map(|r| r.at).unwrap_or(root.at);
        out.warn(at, format!("functions in {} regions; usage is priced as if in the first, `{}`", out.regions.len(), out.regions[0]));
    }
    let functions = functions(root, &mut out)?;
    if let Some(services) = root.get("experimentalServices").filter(|s| s.is_map()) {
        experimental_services(services, &mut out);
    } else {
        let s = project(root, &functions, &out);
        out.services.push(s);
    }
    crons(root, functions.duration, functions.memory, &mut out)?;
    external_origins(root, &mut out);
    Ok(out)
}

/// Checks the shape of `regions` (a list of region ids), `functions` and
/// `experimentalServices` (mappings), and of each function's settings (a mapping).
fn check_shapes(root: &Node, path: &Path) -> Result<(), Diagnostic> {
    if let Some(r) = root.get("regions") {
        if !r.is_list() {
            return Err(units::invalid(path, r, "regions", "a list of region ids such as [\"iad1\"]"));
        }
        if let Some(bad) = r.items().iter().find(|x| x.as_str().is_none_or(|s| s.trim().is_empty())) {
            return Err(units::invalid(path, bad, "regions", "a list of region ids such as [\"iad1\"]"));
        }
    }
    for key in ["functions", "experimentalServices"] {
        if let Some(f) = root.get(key)
            && !f.is_map()
        {
            return Err(units::invalid(path, f, key, "a mapping of paths to settings"));
        }
    }
    if let Some(f) = root.get("functions").and_then(|f| f.entries().iter().find(|e| !e.value.is_map())) {
        return Err(units::invalid(path, &f.value, &f.key, "a mapping of settings (`memory`, `maxDuration`…)"));
    }
    Ok(())
}

/// What the project's `functions` settle together.
struct Functions {
    /// The largest `memory` set, MB.
    memory: Option<f64>,
    /// The longest `maxDuration` set, seconds.
    duration: Option<f64>,
    /// The `runtime` packages named, each once, in file order.
    runtimes: Vec<String>,
}

/// Reads `functions`: the largest memory, the longest duration and the runtimes set.
fn functions(root: &Node, out: &mut Imported) -> Result<Functions, Diagnostic> {
    let mut f = Functions { memory: None, duration: None, runtimes: Vec::new() };
    for e in root.get("functions").map(Node::entries).unwrap_or_default() {
        out.unknown_keys(&e.value, &FUNCTION_KEYS, &format!("function `{}`", e.key));
        if let Some(m) = e.value.get("memory") {
            let mb = units::number(&out.path, m, "memory", 128.0, 10_240.0)?;
            f.memory = Some(f.memory.map_or(mb, |x: f64| x.max(mb)));
        }
        if let Some(r) = e.value.get("runtime").and_then(Node::text).filter(|r| !f.runtimes.contains(r)) {
            f.runtimes.push(r);
        }
        if let Some(d) = e.value.get("maxDuration") {
            let s = units::number(&out.path, d, "maxDuration", 1.0, 86_400.0)?;
            f.duration = Some(f.duration.map_or(s, |x: f64| x.max(s)));
        }
    }
    Ok(f)
}

/// Each of `experimentalServices` as a service: a worker, a web front end (it names a
/// framework) or an API.
fn experimental_services(services: &Node, out: &mut Imported) {
    for e in services.entries() {
        let ty = e.value.get("type").and_then(Node::text).unwrap_or_default();
        let kind = if ty == "worker" {
            Kind::Worker
        } else if e.value.get("framework").is_some() {
            Kind::Web
        } else {
            Kind::Api
        };
        let mut s = ImportedService::new(e.key.clone(), kind, Format::Vercel, &out.path, e.at, format!("experimental service `{}`", e.key));
        s.frontend = e.value.get("framework").and_then(Node::text).and_then(|f| super::frontend_hint(&f));
        s.public = kind != Kind::Worker;
        s.region = out.region.clone();
        if let Some(p) = e.value.get("routePrefix").and_then(Node::text) {
            s.notes.push(format!("route prefix `{p}`"));
        }
        out.services.push(s);
    }
}

/// The project as one front-end service: static when nothing runs server code,
/// else a web service with its functions' memory, duration and runtime.
fn project(root: &Node, functions: &Functions, out: &Imported) -> ImportedService {
    let framework = root.get("framework").and_then(Node::text).unwrap_or_default();
    let is_static = !has_server(root) && (STATIC_FRAMEWORKS.contains(&framework.as_str()) || (framework.is_empty() && root.get("outputDirectory").is_some()));
    let app = out.app.clone().unwrap_or_else(|| super::app_name_from_path(&out.path));
    let kind = if is_static { Kind::Static } else { Kind::Web };
    let origin = if framework.is_empty() { "the Vercel project".to_string() } else { format!("the Vercel project (`{framework}`)") };
    let mut s = ImportedService::new(app, kind, Format::Vercel, &out.path, root.at, origin);
    s.frontend = if is_static { Some(Frontend::Static) } else { super::frontend_hint(&framework) };
    s.public = true;
    s.memory_mb = functions.memory;
    s.max_duration_s = functions.duration;
    function_runtimes(&mut s, &functions.runtimes);
    s.region = out.region.clone();
    if let Some(d) = functions.duration {
        s.notes.push(format!("functions run up to {d} s"));
    }
    if let Some(m) = functions.memory {
        s.notes.push(format!(
            "functions with up to {m} MB; Vercel sizes functions by the project's setting (Standard 2 GB or Performance 4 GB) and warns about `memory` in vercel.json, so the smallest size holding {m} MB is priced"
        ));
    }
    s
}

/// Whether the project runs server code: functions, a non-static build, a route to
/// `/api/`, or crons.
fn has_server(root: &Node) -> bool {
    root.get("functions").is_some_and(|f| !f.entries().is_empty())
        || root.get("builds").is_some_and(|b| b.items().iter().any(|x| x.get("use").and_then(Node::text).is_some_and(|u| u != "@vercel/static")))
        || root.get("routes").is_some_and(|r| r.items().iter().any(|x| x.get("dest").and_then(Node::text).is_some_and(|d| d.contains("/api/"))))
        || root.get("crons").is_some()
}

/// The functions' `runtime` packages: one of Vercel's own runtimes (Node.js, Bun,
/// Python, Go, Ruby, Rust) is the service's runtime; a community runtime (PHP, Deno
/// and others) runs on Vercel through its package, so it is noted, not set.
fn function_runtimes(s: &mut ImportedService, runtimes: &[String]) {
    use crate::scenario::model::Runtime;
    let own = [Runtime::Node, Runtime::Bun, Runtime::Python, Runtime::Go, Runtime::Ruby, Runtime::Rust];
    for r in runtimes {
        match super::runtime::vercel_runtime(r).filter(|x| own.contains(x)) {
            Some(x) if runtimes.len() == 1 => s.runtime = Some(x),
            _ => s.notes.push(format!("functions on the runtime package `{r}`")),
        }
    }
}

fn crons(root: &Node, duration: Option<f64>, memory: Option<f64>, out: &mut Imported) -> Result<(), Diagnostic> {
    if let Some(cs) = root.get("crons")
        && !cs.is_list()
    {
        return Err(units::invalid(&out.path, cs, "crons", "a list of `{ \"path\", \"schedule\" }`"));
    }
    for c in root.get("crons").map(Node::items).unwrap_or_default() {
        let cron_path = c.get("path").and_then(Node::text).unwrap_or_default();
        let Some(schedule) = c.get("schedule") else {
            out.warn(c.at, format!("cron `{cron_path}` has no `schedule`; skipped"));
            continue;
        };
        let schedule = units::schedule(&out.path, schedule, "schedule")?;
        let slug: String = cron_path.trim_matches('/').chars().map(|ch| if ch.is_ascii_alphanumeric() { ch.to_ascii_lowercase() } else { '-' }).collect();
        let slug = slug.split('-').filter(|p| !p.is_empty() && *p != "api").collect::<Vec<_>>().join("-");
        let name = if slug.is_empty() {
            "cron".to_string()
        } else if slug.starts_with("cron") {
            slug
        } else {
            format!("cron-{slug}")
        };
        let mut s = ImportedService::new(name, Kind::Cron, Format::Vercel, &out.path, c.at, format!("cron `{cron_path}`"));
        s.schedule = Some(schedule);
        s.run_minutes = Some(duration.map(|d| d / 60.0).unwrap_or(DEFAULT_CRON_MINUTES));
        // a cron invokes one of the project's functions, at their memory
        s.memory_mb = memory;
        s.region = out.region.clone();
        out.services.push(s);
    }
    Ok(())
}

fn external_origins(root: &Node, out: &mut Imported) {
    let mut hosts: Vec<(String, super::tree::Pos)> = Vec::new();
    let rewrites = root.get("rewrites").map(Node::items).unwrap_or_default().iter().filter_map(|r| r.get("destination"));
    let routes = root.get("routes").map(Node::items).unwrap_or_default().iter().filter_map(|r| r.get("dest"));
    for d in rewrites.chain(routes) {
        let Some(url) = d.as_str() else { continue };
        let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else { continue };
        let host = rest.split(['/', ':', '?']).next().unwrap_or(rest).to_string();
        if !host.is_empty() && !host.contains('$') && !hosts.iter().any(|(h, _)| *h == host) {
            hosts.push((host, d.at));
        }
    }
    for (host, at) in hosts {
        let name = host.split('.').next().unwrap_or(&host).to_string();
        let mut s = ImportedService::new(name, Kind::Api, Format::Vercel, &out.path, at, format!("rewrite to external origin `{host}`"));
        s.public = true;
        s.notes.push(format!("requests under a rewrite go to `{host}`, outside Vercel"));
        out.services.push(s);
    }
}

//! `[http_service]` and `[[services]]` in a `fly.toml`: the process groups each
//! applies to, whether it takes HTTP or raw TCP/UDP, auto-stop, the machines kept
//! running and the concurrency limits.

use std::path::Path;

use super::super::Imported;
use super::super::tree::{Node, Pos};
use super::super::units;
use super::{MAX_CONCURRENCY, SERVICE_KEYS, VM_ONLY};
use crate::error::Diagnostic;

/// One `[http_service]` or `[[services]]` entry as read.
pub(super) struct ServiceEntry {
    /// Process groups it applies to (empty: all).
    pub(super) processes: Vec<String>,
    /// Takes HTTP: `[http_service]`, or a port with an HTTP or TLS handler.
    pub(super) http: bool,
    /// A raw TCP or UDP port: `protocol = "udp"`, or a port whose handlers have no `http`.
    pub(super) raw: bool,
    /// `auto_stop_machines` is on.
    pub(super) auto_stop: bool,
    /// `min_machines_running`.
    pub(super) min_running: Option<u32>,
    /// Concurrency soft limit.
    pub(super) soft: Option<u32>,
    /// Concurrency hard limit.
    pub(super) hard: Option<u32>,
}

/// The `[http_service]` and `[[services]]` entries of the file, in order.
pub(super) fn service_entries(root: &Node, groups: &[(String, Pos)], out: &mut Imported) -> Result<Vec<ServiceEntry>, Diagnostic> {
    let names: std::collections::HashSet<&str> = groups.iter().map(|(n, _)| n.as_str()).collect();
    let mut entries = Vec::new();
    for (t, is_http, label) in service_tables(root, out) {
        out.unknown_keys(t, &SERVICE_KEYS, label);
        for key in VM_ONLY {
            if let Some(e) = t.entry(key) {
                out.warn_help(e.at, format!("`{key}` inside {label} has no effect on machine size"), "move it to `[[vm]]`");
            }
        }
        let processes: Vec<String> = t.get("processes").map(|p| p.items().iter().filter_map(Node::text).collect()).unwrap_or_default();
        for p in processes.iter().filter(|p| !names.contains(p.as_str())) {
            let at = t.entry("processes").map(|e| e.at).unwrap_or(t.at);
            out.warn_help(
                at,
                format!("{label} applies to process group `{p}`, which the file does not define: its concurrency and scaling apply to nothing"),
                format!("process groups: {}", groups.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")),
            );
        }
        let auto_stop = auto_stop(t, &out.path)?;
        let min_running = t.get("min_machines_running").map(|v| units::whole(&out.path, v, "min_machines_running", 0, 10_000)).transpose()?;
        let (soft, hard) = match t.get("concurrency") {
            Some(c) => concurrency(c, out)?,
            None => (None, None),
        };
        let (http, raw) = (handles_http(t, is_http), raw_port(t, is_http));
        entries.push(ServiceEntry { processes, http, raw, auto_stop, min_running, soft, hard });
    }
    Ok(entries)
}

/// The service tables with whether each is `[http_service]` and its name in
/// messages; a lone `[services.concurrency]` applies to nothing and is warned about.
fn service_tables<'a>(root: &'a Node, out: &mut Imported) -> Vec<(&'a Node, bool, &'static str)> {
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
    tables
}

/// Whether a service takes HTTP: `[http_service]`, or a port with an `http`, `tls`
/// or `https` handler.
fn handles_http(t: &Node, is_http: bool) -> bool {
    is_http
        || t.get("ports").is_some_and(|ps| {
            ps.items().iter().any(|p| p.get("handlers").is_some_and(|h| h.items().iter().any(|x| matches!(x.as_str(), Some("http" | "tls" | "https")))))
        })
}

/// Whether a `[[services]]` entry has a raw TCP or UDP port: `protocol = "udp"`, or a
/// port whose handlers have no `http`.
fn raw_port(t: &Node, is_http: bool) -> bool {
    !is_http
        && (t.get("protocol").and_then(Node::text).is_some_and(|p| p == "udp")
            || t.get("ports")
                .is_some_and(|ps| ps.items().iter().any(|p| !p.get("handlers").is_some_and(|h| h.items().iter().any(|x| matches!(x.as_str(), Some("http")))))))
}

/// Reads `auto_stop_machines`: a boolean, or `"off"`, `"stop"` or `"suspend"`.
fn auto_stop(t: &Node, path: &Path) -> Result<bool, Diagnostic> {
    Ok(match t.get("auto_stop_machines") {
        Some(v) => match (&v.as_bool(), v.as_str()) {
            (Some(b), _) => *b,
            (None, Some("stop" | "suspend")) => true,
            (None, Some("off")) => false,
            _ => return Err(units::invalid(path, v, "auto_stop_machines", "\"off\", \"stop\", \"suspend\" or a boolean")),
        },
        None => false,
    })
}

/// Reads `concurrency`: the soft and hard limits (a hard limit alone is the soft one
/// too), with warnings for an unknown type and a soft limit above the hard one.
fn concurrency(c: &Node, out: &mut Imported) -> Result<(Option<u32>, Option<u32>), Diagnostic> {
    out.unknown_keys(c, &["type", "soft_limit", "hard_limit"], "`concurrency`");
    let limit = |key: &str| c.get(key).map(|v| units::whole(&out.path, v, key, 1, MAX_CONCURRENCY)).transpose();
    let soft = limit("soft_limit")?;
    let hard = limit("hard_limit")?;
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
    Ok((soft.or(hard), hard))
}

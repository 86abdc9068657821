//! `${VAR}` in a Compose file: every string interpolated from the variables given
//! (see `interpolate`), and what is missing judged by what it feeds.
//!
//! Docker Compose stops on a required variable (`${VAR:?msg}`, `${VAR?msg}`) that
//! is missing (https://docs.docker.com/reference/compose-file/interpolation/). A cost
//! estimate needs only the keys that settle cost, so every missing required variable
//! is reported in one run: one feeding a key that settles cost ([`settles_cost`]) is
//! an error (all of them listed in one, the first located), any other (a password, a
//! URL, a label) a located warning, read as empty; `--strict` makes those errors too.
//! Unset plain variables are warned about once, at the first place one is used.

use std::collections::BTreeMap;

use super::super::Imported;
use super::super::interpolate::{Found, Required, interpolate, over_budget};
use super::super::tree::{Node, Pos, Value, diag};
use crate::error::Diagnostic;

/// Service keys whose value settles cost: what runs, how many, how large, what it
/// publishes and stores (`deploy.replicas` and `deploy.resources` under `deploy`).
const COST_KEYS: [&str; 9] = ["image", "scale", "cpus", "cpu_count", "mem_limit", "mem_reservation", "ports", "volumes", "devices"];
/// Keys under a service's `deploy` that settle cost.
const DEPLOY_COST_KEYS: [&str; 2] = ["replicas", "resources"];

/// A missing required variable, where it is used and what it feeds.
struct Missing {
    /// The variable and Compose's message.
    required: Required,
    /// The string it is in.
    at: Pos,
    /// The key it feeds, e.g. `image` of `web`.
    feeds: String,
    /// Whether that key settles cost.
    costs: bool,
}

/// Whether the key at `path` (keys from the top of the file, list items left out)
/// settles cost.
pub fn settles_cost(path: &[String]) -> bool {
    match path {
        [top, _, key, rest @ ..] if top == "services" => {
            COST_KEYS.contains(&key.as_str()) || (key == "deploy" && rest.first().is_some_and(|k| DEPLOY_COST_KEYS.contains(&k.as_str())))
        }
        _ => false,
    }
}

/// The key at `path`, for a message: `image` of `web`, `deploy.replicas` of `web`,
/// or the top-level key.
fn feeds(path: &[String]) -> String {
    match path {
        [top, service, rest @ ..] if top == "services" && !rest.is_empty() => format!("`{}` of `{service}`", rest.join(".")),
        _ => format!("`{}`", path.join(".")),
    }
}

/// Replaces every `${VAR}` in the tree from `env`. Every missing required variable
/// is reported: warnings in `out`, and the ones that settle cost in `out.refused`;
/// values past the expansion budget stop the import.
pub fn interpolate_variables(root: &mut Node, env: &BTreeMap<String, String>, out: &mut Imported) -> Result<(), Diagnostic> {
    let mut found = Found::default();
    let (mut first_unset, mut over_at, mut missing) = (None, None, Vec::new());
    walk(root, &mut Vec::new(), &mut |s, at, path| {
        // only a `$` starts a variable (or an escaped `$$`); past the budget, nothing
        if !s.contains('$') || over_at.is_some() {
            return None;
        }
        let (unset, required) = (found.unset.len(), found.required.len());
        let v = interpolate(s, env, &mut found);
        if found.unset.len() > unset && first_unset.is_none() {
            first_unset = Some(at);
        }
        for r in found.required.iter().skip(required) {
            missing.push(Missing { required: r.clone(), at, feeds: feeds(path), costs: settles_cost(path) });
        }
        if found.over_budget.is_some() {
            over_at = Some(at);
        }
        Some(v)
    });
    if let Some(at) = over_at {
        return Err(over_budget(&out.path, at, &found));
    }
    report_missing(&missing, out);
    if let Some(at) = first_unset {
        let names: Vec<String> = found.unset.iter().map(|n| format!("`{n}`")).collect();
        out.warn_help(at, format!("variable(s) not set, read as empty: {}", names.join(", ")), "set them in the environment or pass `--env-file FILE`");
    }
    Ok(())
}

/// What [`walk`] calls on a string: its text, position and the keys above it; a
/// new text replaces it.
type OnString<'a> = dyn FnMut(&str, Pos, &[String]) -> Option<String> + 'a;

/// Calls `f` on every string of the tree with its position and the keys above it
/// (list items left out), replacing the string when `f` returns a new one.
fn walk(node: &mut Node, path: &mut Vec<String>, f: &mut OnString) {
    let at = node.at;
    match &mut node.value {
        Value::Str(s) => {
            if let Some(new) = f(s, at, path) {
                *s = new;
            }
        }
        Value::List(l) => l.iter_mut().for_each(|n| walk(n, path, f)),
        Value::Map(m) => {
            for e in m.iter_mut() {
                path.push(e.key.clone());
                walk(&mut e.value, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// What Compose would say of a missing required variable.
fn what(m: &Missing) -> String {
    let r = &m.required;
    let why = if r.empty { "is set but empty" } else { "is not set" };
    let says = if r.message.is_empty() { String::new() } else { format!(" (\"{}\")", r.message) };
    format!("`{}` is required by {} and {why}{says}", r.name, m.feeds)
}

/// Warns about each missing required variable that settles no cost, and refuses
/// the file with one error listing those that do: the first located, the others in
/// the help with their `file:line:col`.
fn report_missing(missing: &[Missing], out: &mut Imported) {
    for m in missing.iter().filter(|m| !m.costs) {
        out.warn_help(
            m.at,
            format!("{}; Docker Compose stops on this file, hostcast reads it as empty: it settles no cost", what(m)),
            format!("set `{}` in the environment or pass `--env-file FILE` (`--strict` makes this an error)", m.required.name),
        );
    }
    let costly: Vec<&Missing> = missing.iter().filter(|m| m.costs).collect();
    let Some(first) = costly.first() else { return };
    let file = out.path.display().to_string();
    let others: Vec<String> = costly.iter().skip(1).map(|m| format!("{file}:{}:{}: {}", m.at.line, m.at.col, what(m))).collect();
    let names: Vec<String> = costly.iter().map(|m| format!("`{}`", m.required.name)).collect();
    let mut help = format!("set {} in the environment or pass `--env-file FILE`", names.join(", "));
    if !others.is_empty() {
        help = format!("also missing where it settles cost: {}; {help}", others.join("; "));
    }
    out.refused = Some(
        diag(&out.path, first.at, format!("{}; Docker Compose stops on this file, and the cost cannot be estimated without it", what(first))).with_help(help),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_is_settled_by_what_runs_how_many_how_large() {
        let p = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        assert!(settles_cost(&p(&["services", "web", "image"])));
        assert!(settles_cost(&p(&["services", "web", "deploy", "resources", "limits", "memory"])));
        assert!(settles_cost(&p(&["services", "web", "deploy", "replicas"])));
        assert!(!settles_cost(&p(&["services", "web", "deploy", "labels"])));
        assert!(!settles_cost(&p(&["services", "web", "environment", "DB_PASSWORD"])));
        assert!(!settles_cost(&p(&["name"])));
        assert_eq!(feeds(&p(&["services", "web", "deploy", "replicas"])), "`deploy.replicas` of `web`");
    }
}

//! Which services of a Compose file `docker compose up` starts.
//!
//! A service that lists `profiles` starts only when one of them is enabled
//! (https://docs.docker.com/compose/how-tos/profiles/: "Services without a
//! `profiles` attribute are always enabled"); profiles are enabled by
//! `--profile NAME` (repeatable; `*` enables all), else by `COMPOSE_PROFILES`, a
//! comma-separated list, as the `--profile` flag of Compose defaults to it. A
//! one-shot job (`restart: "no"` with dependants waiting for it to complete,
//! `restart_policy.condition: none`, `mode: replicated-job`) runs once. Both are
//! left out of the running deployment, each with a note.

use std::collections::{BTreeMap, BTreeSet};

use super::super::Imported;
use super::super::tree::Node;
use super::{DEPLOY_KEYS, depends_on, deploy_mode};

/// The Compose profiles enabled: the ones given (`--profile`), else those of
/// `COMPOSE_PROFILES` in `env`; blanks dropped.
pub fn enabled_profiles(given: &[String], env: &BTreeMap<String, String>) -> BTreeSet<String> {
    let from_env = env.get("COMPOSE_PROFILES").map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>()).unwrap_or_default();
    let chosen = if given.is_empty() { from_env } else { given.to_vec() };
    chosen.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// The services others wait for to complete (`service_completed_successfully`):
/// one-shot jobs.
pub fn awaited(services: &Node) -> BTreeSet<String> {
    let mut awaited = BTreeSet::new();
    for e in services.entries() {
        for (dep, cond) in depends_on(&e.value) {
            if cond.as_deref() == Some("service_completed_successfully") {
                awaited.insert(dep);
            }
        }
    }
    awaited
}

/// Whether `docker compose up` with `enabled` profiles leaves a service out of the
/// running deployment: one whose profiles are all disabled, or a one-shot job; each
/// is noted.
pub fn left_out(name: &str, s: &Node, awaited: &BTreeSet<String>, enabled: &BTreeSet<String>, out: &mut Imported) -> bool {
    let profiles: Vec<String> = s.get("profiles").map(|p| p.items().iter().filter_map(Node::text).collect()).unwrap_or_default();
    let on = enabled.contains("*") || profiles.iter().any(|p| enabled.contains(p));
    if !profiles.is_empty() && !on {
        let flags: Vec<String> = profiles.iter().map(|p| format!("`--profile {p}`")).collect();
        out.notes.push(format!(
            "`{name}` runs only with profile {}: not started by `docker compose up`, left out (read it with {})",
            profiles.join(", "),
            flags.join(" or ")
        ));
        return true;
    }
    if !profiles.is_empty() {
        out.notes.push(format!("`{name}` runs with profile {}, enabled", profiles.join(", ")));
    }
    let deploy = s.get("deploy");
    if let Some(d) = deploy {
        out.unknown_keys(d, &DEPLOY_KEYS, &format!("`deploy` of `{name}`"));
    }
    let mode = deploy_mode(s);
    let restart = s.get("restart").and_then(Node::text).unwrap_or_default();
    let condition = deploy.and_then(|d| d.get("restart_policy")).and_then(|r| r.get("condition")).and_then(Node::text).unwrap_or_default();
    if mode.ends_with("-job") || condition == "none" || (awaited.contains(name) && (restart == "no" || restart.is_empty() || restart == "on-failure")) {
        out.notes.push(format!("`{name}` is a one-shot job (runs once at start-up): left out"));
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_environment() {
        let env: BTreeMap<String, String> = [("COMPOSE_PROFILES".to_string(), "debug, ops,".to_string())].into_iter().collect();
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(enabled_profiles(&[], &env), set(&["debug", "ops"]));
        assert_eq!(enabled_profiles(&["tools".into()], &env), set(&["tools"]));
        assert_eq!(enabled_profiles(&[], &BTreeMap::new()), set(&[]));
    }
}

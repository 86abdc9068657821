//! Rules of Docker Compose the importer follows, one fixture each in
//! `tests/fixtures/compose-rules/` (its README cites the Docker docs of each rule):
//! the services read, the notes and warnings, and the exit codes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use hostcast::import::{self, Imported, Options};

use crate::helpers::{hostcast, repo};

fn fixture(name: &str) -> PathBuf {
    repo("tests/fixtures/compose-rules").join(name)
}

/// Imports a fixture with `profiles` enabled and `env` as the variables.
fn read_with(name: &str, profiles: &[&str], env: &[(&str, &str)]) -> Imported {
    let env: BTreeMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let options = Options { env, profiles: profiles.iter().map(|p| p.to_string()).collect(), ..Default::default() };
    import::import_file(&fixture(name), &options).unwrap_or_else(|d| panic!("{name} imports: {d}"))
}

fn names(i: &Imported) -> Vec<&str> {
    i.services.iter().map(|s| s.name.as_str()).collect()
}

/// Runs `hostcast import FIXTURE ARGS…` with no `COMPOSE_PROFILES` of its own.
fn import_cli(name: &str, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = hostcast();
    cmd.env_remove("COMPOSE_PROFILES").arg("import").arg(fixture(name)).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("runs")
}

// ------------------------------------------------------------------ profiles

#[test]
fn services_behind_a_profile_are_left_out_with_a_note() {
    let i = read_with("profiles.yml", &[], &[]);
    assert_eq!(names(&i), ["web", "db"]);
    let note = |s: &str| i.notes.iter().any(|n| n.contains(s));
    assert!(note("`debug` runs only with profile debug: not started by `docker compose up`, left out (read it with `--profile debug`)"), "{:?}", i.notes);
    assert!(note("`mailer` runs only with profile dev, mail"), "{:?}", i.notes);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn a_profile_given_or_in_compose_profiles_brings_its_services_in() {
    assert_eq!(names(&read_with("profiles.yml", &["debug"], &[])), ["web", "db", "debug"]);
    // any one of a service's profiles enables it
    assert_eq!(names(&read_with("profiles.yml", &["mail"], &[])), ["web", "db", "mailer"]);
    assert_eq!(names(&read_with("profiles.yml", &["debug", "dev"], &[])), ["web", "db", "debug", "mailer"]);
    assert_eq!(names(&read_with("profiles.yml", &["*"], &[])), ["web", "db", "debug", "mailer"]);
    // `COMPOSE_PROFILES`, comma-separated, when no profile is given
    assert_eq!(names(&read_with("profiles.yml", &[], &[("COMPOSE_PROFILES", "dev,debug")])), ["web", "db", "debug", "mailer"]);
    // a profile given replaces `COMPOSE_PROFILES`, as Compose's `--profile` does
    assert_eq!(names(&read_with("profiles.yml", &["mail"], &[("COMPOSE_PROFILES", "debug")])), ["web", "db", "mailer"]);
    let i = read_with("profiles.yml", &["debug"], &[]);
    assert!(i.notes.iter().any(|n| n == "`debug` runs with profile debug, enabled"), "{:?}", i.notes);
}

#[test]
fn the_profile_flag_and_variable_reach_the_command_line() {
    let service = |o: &std::process::Output, name: &str| String::from_utf8_lossy(&o.stdout).contains(&format!("name = \"{name}\""));
    let plain = import_cli("profiles.yml", &[], &[]);
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stderr));
    assert!(service(&plain, "web") && !service(&plain, "debug") && !service(&plain, "mailer"));
    let flags = import_cli("profiles.yml", &["--profile", "debug", "--profile", "mail"], &[]);
    assert_eq!(flags.status.code(), Some(0), "{}", String::from_utf8_lossy(&flags.stderr));
    assert!(service(&flags, "debug") && service(&flags, "mailer"));
    let from_env = import_cli("profiles.yml", &[], &[("COMPOSE_PROFILES", "dev")]);
    assert!(service(&from_env, "mailer") && !service(&from_env, "debug"));
    // from an env file too, as `--env-file` variables flow
    let dir = tempfile::tempdir().expect("temp dir");
    let env_file = dir.path().join("profiles.env");
    std::fs::write(&env_file, "COMPOSE_PROFILES=debug\n").expect("writes");
    let from_file = import_cli("profiles.yml", &["--env-file", &env_file.display().to_string()], &[]);
    assert!(service(&from_file, "debug") && !service(&from_file, "mailer"));
    // `estimate` reads the same flag
    let mut cmd = hostcast();
    cmd.env_remove("COMPOSE_PROFILES").args(["estimate", "--today", "2026-12-01", "--profile", "debug", "--format", "json"]).arg(fixture("profiles.yml"));
    let est = cmd.output().expect("runs");
    assert_eq!(est.status.code(), Some(0), "{}", String::from_utf8_lossy(&est.stderr));
    assert!(String::from_utf8_lossy(&est.stdout).contains("\"debug\""));
}

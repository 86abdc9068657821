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

// ------------------------------------------------------- required variables

/// Imports a fixture keeping a refusal found after the whole file was read.
fn read_all(name: &str, env: &[(&str, &str)]) -> Imported {
    let env: BTreeMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    import::read_file(&fixture(name), &Options { env, ..Default::default() }).unwrap_or_else(|d| panic!("{name} is read: {d}"))
}

#[test]
fn every_missing_required_variable_is_reported_in_one_run() {
    let i = read_all("required.yml", &[]);
    // the two that settle no cost: located warnings
    let warned: Vec<(Option<usize>, Option<usize>, &str)> = i.warnings.iter().map(|w| (w.line, w.column, w.message.as_str())).collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert_eq!((warned[0].0, warned[0].1), (Some(9), Some(26)), "{warned:?}");
    assert!(
        warned[0].2.starts_with("`DB_PASSWORD` is required by `environment.DATABASE_PASSWORD` of `web` and is not set (\"a password is needed\")"),
        "{warned:?}"
    );
    assert!(warned[0].2.ends_with("it settles no cost"), "{warned:?}");
    assert_eq!((warned[1].0, warned[1].1), (Some(10), Some(23)), "{warned:?}");
    assert!(warned[1].2.starts_with("`SESSION_SECRET` is required by `environment.SESSION_SECRET` of `web` and is not set"), "{warned:?}");
    // the one in `image`: an error at its line
    let refused = i.refused.as_ref().expect("the image settles cost");
    assert_eq!((refused.line, refused.column), (Some(6), Some(12)));
    assert!(refused.message.starts_with("`APP_IMAGE` is required by `image` of `web` and is not set (\"name the image\")"), "{}", refused.message);
    // the plain import refuses the file with that error
    let err = import::import_file(&fixture("required.yml"), &Options::default()).expect_err("refused");
    assert_eq!(err, *refused);
}

#[test]
fn several_missing_where_cost_is_settled_make_one_error_listing_all() {
    let text = "services:\n  web:\n    image: ${IMAGE:?}\n    deploy:\n      replicas: ${REPLICAS:?how many}\n      labels:\n        team: ${TEAM:?}\n    mem_limit: ${MEM?}\n";
    let i = import::read_text(std::path::Path::new("compose.yaml"), text, &Options::default()).expect("read");
    let refused = i.refused.expect("refused");
    assert_eq!((refused.line, refused.column), (Some(3), Some(12)));
    let help = refused.help.unwrap_or_default();
    assert!(help.contains("compose.yaml:5:17: `REPLICAS` is required by `deploy.replicas` of `web`"), "{help}");
    assert!(help.contains("compose.yaml:8:16: `MEM` is required by `mem_limit` of `web`"), "{help}");
    assert!(help.contains("set `IMAGE`, `REPLICAS`, `MEM` in the environment"), "{help}");
    // a label settles no cost
    let required: Vec<&str> = i.warnings.iter().map(|w| w.message.as_str()).filter(|m| m.contains(" is required by ")).collect();
    assert_eq!(required.len(), 1, "{required:?}");
    assert!(required[0].starts_with("`TEAM` is required by `deploy.labels.team` of `web`"), "{required:?}");
}

#[test]
fn required_variables_at_the_command_line() {
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    // all three in one run: two warnings, then one error; nothing written
    let o = import_cli("required.yml", &[], &[]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{e}");
    assert!(o.stdout.is_empty());
    assert_eq!(e.matches("warning: ").count(), 2, "{e}");
    assert_eq!(e.matches("error: ").count(), 1, "{e}");
    assert!(e.contains("required.yml:9:26: `DB_PASSWORD` is required"), "{e}");
    assert!(e.contains("required.yml:10:23: `SESSION_SECRET` is required"), "{e}");
    assert!(e.contains("required.yml:6:12: `APP_IMAGE` is required by `image` of `web`"), "{e}");
    // the image given: a cost estimate needs no database password
    let o = import_cli("required.yml", &[], &[("APP_IMAGE", "shop")]);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{e}");
    assert_eq!(e.matches("warning: ").count(), 2, "{e}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("ghcr.io/acme/shop:1"));
    // `--strict` makes the warnings errors
    let o = import_cli("required.yml", &["--strict"], &[("APP_IMAGE", "shop")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let mut cmd = hostcast();
    cmd.args(["estimate", "--today", "2026-12-01", "--strict"]).arg(fixture("required.yml")).env("APP_IMAGE", "shop");
    let o = cmd.output().expect("runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let mut cmd = hostcast();
    cmd.args(["estimate", "--today", "2026-12-01"]).arg(fixture("required.yml")).env("APP_IMAGE", "shop");
    let o = cmd.output().expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

// ------------------------------------------------------------ docker socket

#[test]
fn a_service_mounting_the_docker_socket_manages_its_host() {
    let i = read_with("docker-socket.yml", &[], &[]);
    assert_eq!(names(&i), ["web", "proxy", "backup"]);
    let marked: Vec<(&str, bool)> = i.services.iter().map(|s| (s.name.as_str(), s.manages_host.is_some())).collect();
    assert_eq!(marked, [("web", false), ("proxy", true), ("backup", true)]);
    for s in i.services.iter().filter(|s| s.manages_host.is_some()) {
        assert!(s.notes.iter().any(|n| n.contains("mounts the Docker socket") && n.contains("only Compose on a VPS can host it")), "{:?}", s.notes);
    }
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

//! Importers, one feature at a time: a small hand-written config and the topology
//! it must give.

use std::collections::BTreeMap;
use std::path::Path;

use hostcast::import::{self, Format, Imported, ImportedService, Options};
use hostcast::scenario::model::Kind;

pub fn read(name: &str, text: &str) -> Imported {
    match import::import_text(Path::new(name), text, &Options::default()) {
        Ok(i) => i,
        Err(e) => panic!("{name} does not import: {e}"),
    }
}

pub fn svc<'a>(i: &'a Imported, name: &str) -> &'a ImportedService {
    match i.services.iter().find(|s| s.name == name) {
        Some(s) => s,
        None => panic!("no service `{name}` in {:?}", i.services.iter().map(|s| &s.name).collect::<Vec<_>>()),
    }
}

/// Asserts one warning mentions `needle` at `line`.
#[track_caller]
pub fn warned(i: &Imported, needle: &str, line: usize) {
    assert!(
        i.warnings.iter().any(|w| w.message.contains(needle) && w.line == Some(line)),
        "no warning `{needle}` at line {line}: {:#?}",
        i.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>()
    );
}

// ------------------------------------------------------------------ fly.toml

#[test]
fn fly_process_groups_vm_per_process_http_service_and_autostop() {
    let i = read(
        "fly.toml",
        r#"app = "shop"
primary_region = "lhr"
[build]
  dockerfile = "Dockerfile"
[env]
  PORT = "8080"
[processes]
  web = "bin/web"
  worker = "bin/worker"
[[vm]]
  memory = "1gb"
  cpu_kind = "shared"
  cpus = 1
[[vm]]
  size = "performance-1x"
  processes = ["worker"]
[http_service]
  internal_port = 8080
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1
  processes = ["web"]
  [http_service.concurrency]
    type = "requests"
    soft_limit = 50
    hard_limit = 60
"#,
    );
    assert_eq!(i.app.as_deref(), Some("shop"));
    assert_eq!(i.region.as_deref(), Some("lhr"));
    let web = svc(&i, "web");
    assert_eq!(web.kind, Kind::Web);
    assert_eq!(web.size.as_deref(), Some("shared-cpu-1x-1gb"));
    assert_eq!((web.scale_to_zero, web.min_instances, web.max_instances, web.instances), (true, Some(1), Some(2), None));
    assert_eq!((web.concurrency, web.hard_limit), (Some(50), Some(60)));
    assert_eq!(web.line, 8);
    let worker = svc(&i, "worker");
    assert_eq!(worker.kind, Kind::Worker);
    // the second [[vm]] applies to worker only and overrides the size (memory from the first stays)
    assert_eq!(worker.size.as_deref(), Some("performance-1x-2gb"));
    assert_eq!((worker.instances, worker.scale_to_zero), (Some(1), false));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn fly_memory_forms_and_default_machine() {
    for (vm, preset) in [
        ("memory = \"1gb\"", "shared-cpu-1x-1gb"),
        ("memory = \"512mb\"", "shared-cpu-1x-512mb"),
        ("memory_mb = 1024", "shared-cpu-1x-1gb"),
        ("memory = 2048", "shared-cpu-1x-2gb"),
        ("size = \"shared-cpu-2x\"", "shared-cpu-2x-512mb"),
        ("cpu_kind = \"performance\"\ncpus = 2\nmemory = \"4096mb\"", "performance-2x-4gb"),
        // between presets: Fly bills the preset plus extra RAM, so the size keeps its memory
        ("size = \"shared-cpu-1x\"\nmemory = \"768mb\"", "shared-cpu-1x-768mb"),
    ] {
        let i = read("fly.toml", &format!("app = \"a\"\n[[vm]]\n{vm}\n"));
        assert_eq!(i.services[0].size.as_deref(), Some(preset), "{vm}");
    }
    // no [[vm]]: shared-cpu-1x with 256 MB; no services: one machine, a worker
    let i = read("fly.toml", "app = \"a\"\n");
    assert_eq!(i.services[0].size.as_deref(), Some("shared-cpu-1x-256mb"));
    assert_eq!((i.services[0].kind, i.services[0].instances), (Kind::Worker, Some(1)));
    // the legacy single [vm] table
    let i = read("fly.toml", "app = \"a\"\n[vm]\nsize = \"shared-cpu-4x\"\n");
    assert_eq!(i.services[0].size.as_deref(), Some("shared-cpu-4x-1gb"));
}

#[test]
fn fly_machine_counts_follow_fly_deploy_defaults() {
    // an HTTP service: two machines, always on (no auto_stop_machines), default concurrency
    let i = read("fly.toml", "app = \"a\"\n[http_service]\ninternal_port = 8080\n");
    let s = &i.services[0];
    assert_eq!((s.instances, s.scale_to_zero, s.concurrency, s.hard_limit), (Some(2), false, Some(20), Some(25)));
    // a volume: one machine
    let i =
        read("fly.toml", "app = \"a\"\n[mounts]\nsource = \"data\"\ndestination = \"/data\"\ninitial_size = \"10gb\"\n[http_service]\ninternal_port = 8080\n");
    let s = &i.services[0];
    assert_eq!((s.instances, s.volume, s.volume_gb), (Some(1), true, Some(10.0)));
    // min_machines_running above the default raises the count
    let i = read("fly.toml", "app = \"a\"\n[http_service]\ninternal_port = 8080\nmin_machines_running = 3\n");
    assert_eq!(i.services[0].instances, Some(3));
    // mounts without a size (Fly creates 1 GB; the size is left to the scenario) and a unitless size in GB
    let i = read("fly.toml", "app = \"a\"\n[[mounts]]\nsource = \"d\"\ndestination = \"/d\"\n");
    assert_eq!((i.services[0].volume, i.services[0].volume_gb), (true, None));
    let i = read("fly.toml", "app = \"a\"\n[[mounts]]\nsource = \"d\"\ndestination = \"/d\"\ninitial_size = \"1\"\n");
    assert_eq!(i.services[0].volume_gb, Some(1.0));
}

#[test]
fn fly_services_sections_ports_concurrency_and_data_apps() {
    let i = read(
        "fly.toml",
        r#"app = "db-proxy"
[[services]]
  internal_port = 5432
  protocol = "tcp"
  [services.concurrency]
    type = "connections"
    hard_limit = 500
    soft_limit = 250
  [[services.ports]]
    port = 5432
"#,
    );
    let s = &i.services[0];
    assert_eq!((s.kind, s.concurrency, s.hard_limit, s.instances), (Kind::Api, Some(250), Some(500), Some(2)));
    let i = read("fly.toml", "app = \"a\"\n[[services]]\ninternal_port = 8080\n[[services.ports]]\nport = 443\nhandlers = [\"tls\", \"http\"]\n");
    // an HTTP server whose name, image and command name no front end is a back end
    assert_eq!(i.services[0].kind, Kind::Api);
    // a Postgres app (fly-apps/postgres-flex style) and a Redis app, told by their volumes
    let i = read("fly.toml", "[checks.pg]\nport = 5500\n[[mounts]]\nsource = \"pg_data\"\ndestination = \"/data\"\n");
    assert_eq!(i.services[0].kind, Kind::Postgres);
    let i = read("fly.toml", "app = \"cache\"\n[[mounts]]\nsource = \"redis_server\"\ndestination = \"/data\"\n");
    assert_eq!(i.services[0].kind, Kind::Redis);
    let i = read("fly.toml", "app = \"x\"\n[build]\nimage = \"postgres:16\"\n");
    assert_eq!(i.services[0].kind, Kind::Postgres);
}

#[test]
fn fly_statics_deploy_checks_restart_are_noted() {
    let i = read(
        "fly.toml",
        "app = \"a\"\n[deploy]\nstrategy = \"rolling\"\nrelease_command = \"migrate\"\n[[statics]]\nguest_path = \"/p\"\nurl_prefix = \"/s\"\n[checks.alive]\nport = 8080\ntype = \"tcp\"\n[[restart]]\npolicy = \"always\"\n",
    );
    let notes = i.services[0].notes.join("; ");
    for n in ["deploy strategy `rolling`", "release command", "[[statics]]", "health check", "restart policy always"] {
        assert!(notes.contains(n), "{n} in {notes}");
    }
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn fly_lint_keys_in_the_wrong_place() {
    let i = read(
        "fly.toml",
        r#"app = "a"
[[vm]]
  memory = "512mb"
  auto_stop_machines = true
[services.concurrency]
  soft_limit = 20
[http_service]
  internal_port = 8080
  processes = ["web"]
  memory = "1gb"
[mystery]
  x = 1
"#,
    );
    warned(&i, "`auto_stop_machines` inside `[[vm]]`", 4);
    warned(&i, "applies to no service", 5);
    warned(&i, "process group `web`, which the file does not define", 9);
    warned(&i, "`memory` inside `[http_service]`", 10);
    warned(&i, "unknown key `mystery`", 11);
    // the misplaced auto-stop does not stop machines
    assert!(!i.services[0].scale_to_zero);
}

#[test]
fn fly_repeated_env_key_is_tolerated_other_repeats_are_located_errors() {
    let i = read("fly.toml", "app = \"a\"\n[env]\n  K = \"1\"\n  K = \"2\"\n");
    warned(&i, "repeated in `[env]`", 4);
    let e = import::import_text(Path::new("fly.toml"), "app = \"a\"\n[http_service]\ninternal_port = 1\ninternal_port = 2\n", &Options::default())
        .expect_err("strict elsewhere");
    assert_eq!((e.line, e.column), (Some(4), Some(1)));
    assert!(e.message.contains("duplicate key"), "{e}");
}

// ---------------------------------------------------------------- render.yaml

#[test]
fn render_every_service_type_plans_instances_and_databases() {
    let i = read(
        "render.yaml",
        r#"services:
  - type: web
    name: site
    runtime: node
    plan: standard
    numInstances: 2
    region: frankfurt
  - type: web
    name: docs
    runtime: static
    staticPublishPath: ./dist
  - type: pserv
    name: search
    runtime: docker
    plan: pro
    disk:
      name: data
      mountPath: /data
      sizeGB: 20
  - type: worker
    name: jobs
    runtime: python
    scaling:
      minInstances: 1
      maxInstances: 4
      targetCPUPercent: 70
  - type: cron
    name: nightly
    runtime: python
    schedule: "0 3 * * *"
  - type: keyvalue
    name: cache
    plan: standard
  - type: redis
    name: queue
databases:
  - name: main
    plan: pro
    diskSizeGB: 50
    highAvailability:
      enabled: true
    readReplicas:
      - name: main-replica
  - name: small
envVarGroups:
  - name: shared
    envVars:
      - key: A
        value: b
previews:
  generation: manual
"#,
    );
    let site = svc(&i, "site");
    assert_eq!((site.kind, site.size.as_deref(), site.instances, site.region.as_deref()), (Kind::Web, Some("standard"), Some(2), Some("frankfurt")));
    assert_eq!(svc(&i, "docs").kind, Kind::Static);
    let search = svc(&i, "search");
    assert_eq!((search.kind, search.size.as_deref(), search.volume_gb), (Kind::Api, Some("pro"), Some(20.0)));
    let jobs = svc(&i, "jobs");
    assert_eq!((jobs.kind, jobs.size.as_deref(), jobs.min_instances, jobs.max_instances), (Kind::Worker, Some("starter"), Some(1), Some(4)));
    let nightly = svc(&i, "nightly");
    assert_eq!((nightly.kind, nightly.schedule.as_deref()), (Kind::Cron, Some("0 3 * * *")));
    assert_eq!((svc(&i, "cache").kind, svc(&i, "cache").plan.as_deref()), (Kind::Redis, Some("standard")));
    assert_eq!(svc(&i, "queue").plan.as_deref(), Some("starter"));
    let main = svc(&i, "main");
    // legacy `pro` is priced as its successor, with a warning
    assert_eq!((main.kind, main.plan.as_deref(), main.storage_gb, main.high_availability), (Kind::Postgres, Some("pro-4gb"), Some(50.0), true));
    assert_eq!(svc(&i, "main-replica").plan.as_deref(), Some("pro-4gb"));
    assert_eq!(svc(&i, "small").plan.as_deref(), Some("basic-256mb"));
    warned(&i, "legacy plan", 38);
    assert!(i.notes.iter().any(|n| n.contains("preview environments: `manual`")));
    assert_eq!(i.services.len(), 10);
}

#[test]
fn render_projects_environments_and_lint() {
    let i = read(
        "render.yaml",
        r#"projects:
  - name: shop
    environments:
      - name: production
        services:
          - type: web
            name: api
            plan: Standard
            numInstances: 3
            disk:
              name: d
              mountPath: /d
              sizeGB: 5
            colour: blue
"#,
    );
    assert_eq!(i.app.as_deref(), Some("shop"));
    let api = svc(&i, "api");
    assert_eq!((api.size.as_deref(), api.instances), (Some("standard"), Some(3)));
    warned(&i, "written `standard`", 8);
    warned(&i, "a Render disk limits its service to one instance", 11);
    warned(&i, "unknown key `colour`", 14);
}

// ------------------------------------------------------------------ formats

#[test]
fn kind_is_forced_or_told_from_content_and_unknown_files_are_clear_errors() {
    let i = import::import_text(Path::new("deploy.yml"), "services:\n  a:\n    image: nginx\n", &Options::default()).expect("compose by content");
    assert_eq!(i.format, Format::Compose);
    let forced = Options { kind: Some(Format::Render), env: BTreeMap::new(), ..Default::default() };
    let i = import::import_text(Path::new("deploy.yml"), "services:\n- type: web\n  name: a\n", &forced).expect("render forced");
    assert_eq!(i.format, Format::Render);
    let e = import::import_text(Path::new("notes.txt"), "hello", &Options::default()).expect_err("unknown");
    assert!(e.to_string().contains("--kind"), "{e}");
    let e = import::import_text(Path::new("render.yaml"), "services:\n  - type: web\n    name: [unclosed\n", &Options::default()).expect_err("bad yaml");
    assert!(e.line.is_some() && e.to_string().starts_with("render.yaml:"), "{e}");
    let e = import::import_text(Path::new("docker-compose.yml"), "- a\n- b\n", &Options::default()).expect_err("not a mapping");
    assert!(e.message.contains("not a Docker Compose config"), "{e}");
}

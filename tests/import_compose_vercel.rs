//! Importers, continued: Compose files, vercel.json, and several files read as one
//! application.

use std::collections::BTreeMap;
use std::path::Path;

use hostcast::import::{self, Format, Imported, Options};
use hostcast::scenario::model::Kind;

use crate::import::{read, svc, warned};

// ------------------------------------------------------------ docker compose

#[test]
fn compose_services_resources_volumes_ports_and_kinds() {
    let i = read(
        "docker-compose.yml",
        r#"name: shop
services:
  web:
    build: .
    ports: ["80:3000"]
    deploy:
      replicas: 3
      resources:
        limits: { cpus: '0.5', memory: 512M }
    depends_on: [db, cache]
  api:
    image: ghcr.io/acme/api:1
    ports: ["8080:8080"]
    mem_limit: 1g
    cpus: 1.5
  worker:
    image: ghcr.io/acme/api:1
    deploy:
      resources:
        reservations: { cpus: '0.25', memory: 256M }
        limits: { memory: 1G }
    volumes:
      - ./src:/app
  db:
    image: postgres:16
    volumes: [pgdata:/var/lib/postgresql/data]
  cache:
    image: valkey/valkey:8
  files:
    image: minio/minio
  proxy:
    image: traefik:v3
    ports: ["443:443"]
volumes:
  pgdata:
"#,
    );
    assert_eq!(i.app.as_deref(), Some("shop"));
    let web = svc(&i, "web");
    assert_eq!((web.kind, web.instances, web.cpus, web.memory_mb, web.public), (Kind::Web, Some(3), Some(0.5), Some(512.0), true));
    assert_eq!(web.depends_on, ["db", "cache"]);
    let api = svc(&i, "api");
    assert_eq!((api.kind, api.cpus, api.memory_mb), (Kind::Api, Some(1.5), Some(1024.0)));
    let worker = svc(&i, "worker");
    // the limit is the configured size (the reservation where no limit is set); a bind mount is not a volume
    assert_eq!((worker.kind, worker.cpus, worker.memory_mb, worker.volume), (Kind::Worker, Some(0.25), Some(1024.0), false));
    let db = svc(&i, "db");
    assert_eq!((db.kind, db.volume), (Kind::Postgres, true));
    assert_eq!(svc(&i, "cache").kind, Kind::Redis);
    assert_eq!(svc(&i, "files").kind, Kind::ObjectStorage);
    assert_eq!(svc(&i, "proxy").kind, Kind::Proxy);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn compose_anchors_merge_keys_extensions_and_profiles() {
    let i = read(
        "compose.yaml",
        r#"x-app: &app
  image: ghcr.io/acme/app:1
  deploy:
    replicas: 2
    resources:
      limits:
        memory: 1.5gb
x-note: ignored
services:
  web:
    <<: *app
    ports: ["80:80"]
  worker:
    <<: *app
    deploy:
      replicas: 1
  debug:
    <<: *app
    profiles: [debug]
  migrate:
    image: ghcr.io/acme/app:1
    restart: "no"
  server:
    <<: *app
    ports: ["81:80"]
    depends_on:
      migrate:
        condition: service_completed_successfully
      ghost:
        condition: service_started
"#,
    );
    let web = svc(&i, "web");
    assert_eq!((web.instances, web.memory_mb, web.kind), (Some(2), Some(1536.0), Kind::Web));
    // an explicit key replaces the merged one as a whole
    assert_eq!((svc(&i, "worker").instances, svc(&i, "worker").memory_mb), (Some(1), None));
    assert!(i.services.iter().all(|s| s.name != "debug" && s.name != "migrate"));
    assert!(i.notes.iter().any(|n| n.contains("`debug` runs only with profile debug")));
    assert!(i.notes.iter().any(|n| n.contains("`migrate` is a one-shot job")));
    warned(&i, "depends on `ghost`, which the file does not define", 26);
}

#[test]
fn compose_interpolates_variables_never_running_anything() {
    let text = "services:\n  app:\n    image: \"acme/${IMAGE:-app}:${TAG-latest}\"\n    deploy:\n      replicas: ${REPLICAS:-1}\n      resources:\n        limits:\n          memory: ${MEM}\n    command: echo $$HOME $(whoami)\n";
    let i = read("compose.yaml", text);
    let app = &i.services[0];
    assert_eq!((app.image.as_deref(), app.instances, app.memory_mb), (Some("acme/app:latest"), Some(1), None));
    warned(&i, "not set, read as empty: `MEM`", 8);
    let env: BTreeMap<String, String> = [("REPLICAS", "4"), ("MEM", "2G"), ("TAG", "")].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let i = import::import_text(Path::new("compose.yaml"), text, &Options { kind: None, env, ..Default::default() }).expect("imports");
    let app = &i.services[0];
    assert_eq!((app.image.as_deref(), app.instances, app.memory_mb), (Some("acme/app:"), Some(4), Some(2048.0)));
}

// ---------------------------------------------------------------- vercel.json

#[test]
fn vercel_functions_regions_crons_and_external_rewrites() {
    let i = read(
        "vercel.json",
        r#"{
  "framework": "nextjs",
  "regions": ["fra1"],
  "functions": {
    "app/api/a/route.ts": { "memory": 1024, "maxDuration": 60 },
    "app/api/b/route.ts": { "memory": 3008 }
  },
  "crons": [{ "path": "/api/cron/cleanup", "schedule": "0 5 * * *" }],
  "rewrites": [
    { "source": "/api/:path*", "destination": "https://shop-api.fly.dev/:path*" },
    { "source": "/(.*)", "destination": "/index.html" }
  ],
  "envPrefix": "VITE_"
}"#,
    );
    let web = &i.services[0];
    assert_eq!((web.kind, web.memory_mb, web.region.as_deref()), (Kind::Web, Some(3008.0), Some("fra1")));
    let cron = svc(&i, "cron-cleanup");
    assert_eq!((cron.kind, cron.schedule.as_deref(), cron.run_minutes), (Kind::Cron, Some("0 5 * * *"), Some(1.0)));
    let api = svc(&i, "shop-api");
    assert_eq!((api.kind, api.origin.as_str()), (Kind::Api, "rewrite to external origin `shop-api.fly.dev`"));
    warned(&i, "unknown key `envPrefix`", 13);
    // a static SPA
    let i = read("vercel.json", "{\"framework\": \"vite\", \"outputDirectory\": \"dist\"}");
    assert_eq!(i.services[0].kind, Kind::Static);
}

// ------------------------------------------------------- several files, formats

#[test]
fn one_fly_app_per_service_is_one_topology() {
    let files: Vec<Imported> = ["web", "api", "worker"]
        .iter()
        .map(|n| {
            let http = if *n == "worker" { "" } else { "[http_service]\ninternal_port = 8080\n" };
            import::import_text(Path::new(&format!("{n}/fly.toml")), &format!("app = \"shop-{n}\"\nprimary_region = \"iad\"\n{http}"), &Options::default())
                .expect("imports")
        })
        .collect();
    let top = import::combine(files).expect("combines");
    let names: Vec<&str> = top.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["shop-web", "shop-api", "shop-worker"]);
    assert_eq!(top.platform, Format::Fly);
    // the same process name in two apps is prefixed with the app name
    let a = import::import_text(Path::new("a/fly.toml"), "app = \"a\"\n[processes]\nweb = \"x\"\n", &Options::default()).expect("a");
    let b = import::import_text(Path::new("b/fly.toml"), "app = \"b\"\n[processes]\nweb = \"x\"\n", &Options::default()).expect("b");
    let top = import::combine(vec![a, b]).expect("combines");
    assert_eq!(top.services.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["web", "b-web"]);
}

#[test]
fn vercel_front_end_with_fly_back_end_is_the_hybrid() {
    let v = read("vercel.json", r#"{"rewrites": [{"source": "/api/(.*)", "destination": "https://shop-api.fly.dev/$1"}]}"#);
    let f = import::import_text(Path::new("api/fly.toml"), "app = \"shop-api\"\n[http_service]\ninternal_port = 8080\n", &Options::default()).expect("fly");
    let top = import::combine(vec![v, f]).expect("combines");
    assert_eq!(top.platform, Format::Vercel);
    let kinds: Vec<(&str, Kind)> = top.services.iter().map(|s| (s.name.as_str(), s.kind)).collect();
    // the rewrite's origin is the Fly app given alongside; an HTTP app behind Vercel is the API
    assert_eq!(kinds, [("vercel", Kind::Web), ("shop-api", Kind::Api)]);
}

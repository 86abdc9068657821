//! Like-for-like sizing: what a config settles (CPU count and class, memory, GPU,
//! instances) carries over to every platform, checked end to end through
//! `import` → scenario → the bundled price books. Expected costs are worked by
//! hand from the bundled books (Fly iad prices per 30-day month, `extra_ram_gb`
//! $5 per GB; Render instance types per calendar month).

use std::path::Path;

use hostcast::findings::FindingKind;
use hostcast::import::{self, Options, emit};
use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::scenario::model::{CpuKind, Sizing};
use hostcast::simulate::{Filter, OptionResult};

use crate::helpers::{assert_usd, component, repo};

/// Fly quotes per 30 days (720 h); a month is 730 h: each Fly figure × 730 / 720.
const MONTH: f64 = 730.0 / 720.0;

fn books() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("the bundled books load")
}

/// Imports `files` (name, text) as one app and loads the scenario it writes.
fn imported(files: &[(&str, &str)]) -> (Scenario, emit::Emitted) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths: Vec<std::path::PathBuf> = files
        .iter()
        .map(|(n, t)| {
            let p = dir.path().join(n);
            std::fs::write(&p, t).expect("write");
            p
        })
        .collect();
    let top = import::import_files(&paths, &Options::default()).expect("imports");
    let emitted = emit::scenario(&top, &hostcast::import::emit::Known::from_prices(&books()));
    let s = Scenario::parse(Path::new("imported.toml"), emitted.text.clone()).unwrap_or_else(|e| panic!("{e}\n{}", emitted.text));
    (s, emitted)
}

/// The MVP row of the option on `platform`.
fn row(s: &Scenario, platform: &str) -> OptionResult {
    let r = hostcast::results::run(std::slice::from_ref(s), &books(), &Filter::default()).expect("prices");
    r.results.into_iter().find(|r| r.platform == platform && r.stage == "MVP").expect("an MVP row on the platform")
}

fn service<'a>(r: &'a OptionResult, name: &str) -> &'a hostcast::ledger::ServiceSummary {
    r.services.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no `{name}` in {:?}", r.services))
}

const RENDER_YAML: &str = r#"
services:
  - type: web
    name: storefront
    runtime: node
    plan: standard
    buildCommand: npm ci && npm run build
    startCommand: npm start
  - type: worker
    name: indexer
    runtime: docker
    plan: pro
  - type: pserv
    name: analytics
    runtime: docker
    dockerfilePath: ./clickhouse/Dockerfile
databases:
  - name: main
    plan: pro-8gb
"#;

#[test]
fn render_plans_carry_their_cpu_and_memory_to_fly() {
    let (s, emitted) = imported(&[("render.yaml", RENDER_YAML)]);
    let web = s.file.services.iter().find(|x| x.name == "storefront").expect("storefront");
    // standard: 1 CPU, 2 GB in the Render book; whole CPUs are the dedicated class
    assert_eq!((web.vcpus, web.memory_mb, web.cpu_kind, web.sizing()), (Some(1.0), Some(2048.0), Some(CpuKind::Dedicated), Sizing::LikeForLike));
    // no `plan`: Render's documented default, said as an assumption
    let analytics = s.file.services.iter().find(|x| x.name == "analytics").expect("analytics");
    assert_eq!(analytics.memory_mb, Some(512.0));
    assert!(
        emitted.assumptions.iter().any(|a| a.contains("`analytics`") && a.contains("Render's default instance type, `starter`")),
        "{:?}",
        emitted.assumptions
    );
    assert!(emitted.text.contains("# assumed: no `plan` in the file"));
    let fly = row(&s, "fly");
    // storefront: dedicated, ≥ 1 vCPU, ≥ 2,048 MB → performance-1x-2gb, $31.00 × 1
    assert_eq!(service(&fly, "storefront").size, "performance-1x-2gb");
    assert_usd(component(&fly, "storefront", "compute"), (31.00) * MONTH);
    // indexer (pro: 2 CPU, 4 GB) → performance-2x-4gb, $62.00
    assert_usd(component(&fly, "indexer", "compute"), (62.00) * MONTH);
    // analytics (starter: 0.5 CPU, 512 MB, shared) → shared-cpu-1x-512mb, $3.19 — never the 256 MB machine
    assert_usd(component(&fly, "analytics", "compute"), (3.19) * MONTH);
    let a = service(&fly, "analytics");
    assert_eq!((a.vcpus, a.memory_mb), (1.0, 512.0));
    // the database on Render's pro-8gb (8,192 MB) → a Fly Managed Postgres plan with at
    // least 8,192 MB: `launch` (8 GB), $282.00 — not `basic` (1 GB, $38), which its load would take
    assert_eq!(service(&fly, "main").size, "Managed Postgres launch");
    assert_usd(component(&fly, "main", "postgres"), 282.0);
    assert_eq!(service(&fly, "main").memory_mb, 8192.0);
}

const FLY_TOML: &str = r#"
app = "ledger"
primary_region = "iad"

[build]
  image = "ghcr.io/acme/ledger:1"

[processes]
  web = "bin/rails server"
  worker = "bin/jobs"

[http_service]
  internal_port = 3000
  processes = ["web"]

[[vm]]
  size = "shared-cpu-2x"
  memory = "3gb"
  processes = ["web"]

[[vm]]
  size = "performance-1x"
  processes = ["worker"]

[mounts]
  source = "jobs"
  destination = "/data"
  initial_size = "20gb"
  processes = ["worker"]
"#;

#[test]
fn fly_memory_between_presets_is_the_preset_plus_extra_ram_and_carries_over() {
    let (s, emitted) = imported(&[("fly.toml", FLY_TOML)]);
    let fly = row(&s, "fly");
    // web: shared-cpu-2x with 3 GB = the 2x preset (512 MB) $3.89 + 2.5 GB × $5 = $16.39
    // a machine, × 2 machines (fly deploy's default for a group with a service) = $32.78,
    // in one compute line, not the 4 GB preset ($21.40 × 2 = $42.80)
    assert_usd(component(&fly, "web", "compute"), (2.0 * (3.89 + 2.5 * 5.0)) * MONTH);
    assert!(!fly.line_items.iter().any(|l| l.component == "extra RAM"));
    let w = service(&fly, "web");
    assert_eq!((w.size.as_str(), w.vcpus, w.memory_mb, w.peak_instances), ("shared-cpu-2x-3gb", 2.0, 3072.0, 2));
    // worker: performance-1x (2 GB preset) $31.00 × 1 (a volume: one machine); 20 GB × $0.15 = $3.00
    assert_usd(component(&fly, "worker", "compute"), (31.00) * MONTH);
    assert_usd(component(&fly, "worker", "volume"), (3.00) * MONTH);
    assert!(emitted.assumptions.iter().any(|a| a.contains("`web`") && a.contains("two machines")), "{:?}", emitted.assumptions);
    // Render, like for like: web needs ≥ 2 vCPUs and ≥ 3,072 MB → pro (2 CPU, 4 GB) $85;
    // worker needs a dedicated CPU and ≥ 2,048 MB → standard (1 CPU, 2 GB) $25
    let render = row(&s, "render");
    assert_eq!(service(&render, "web").size, "pro");
    assert_usd(component(&render, "web", "compute"), 85.0);
    assert_eq!(service(&render, "worker").size, "standard");
    assert_usd(component(&render, "worker", "compute"), 25.0);
    // Compose: the worker's dedicated CPU keeps the nodes on Hetzner's dedicated CCX line
    let compose = row(&s, "compose");
    assert!(compose.line_items.iter().any(|l| l.component == "nodes" && l.detail.starts_with("ccx")), "{:?}", compose.line_items);
    assert_eq!(service(&compose, "web").memory_mb, 3072.0);
}

const COMPOSE: &str = r#"
name: shop
services:
  web:
    image: ghcr.io/acme/shop:2
    ports: ["80:3000"]
    deploy:
      replicas: 2
      resources:
        limits: { cpus: '0.5', memory: 200M }
  jobs:
    image: ghcr.io/acme/shop:2
    command: ["bin/jobs"]
    mem_limit: 1536m
  db:
    image: postgres:16
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata:
"#;

#[test]
fn compose_limits_and_replicas_are_kept_not_halved() {
    let (s, _) = imported(&[("docker-compose.yml", COMPOSE)]);
    let web = s.file.services.iter().find(|x| x.name == "web").expect("web");
    assert_eq!((web.memory_mb, web.vcpus, web.instances), (Some(200.0), Some(0.5), Some(2)));
    let compose = row(&s, "compose");
    let w = service(&compose, "web");
    // two containers of at least 200 MB each (not 100 MB, not one replica)
    assert_eq!(w.peak_instances, 2);
    assert!(w.memory_mb >= 200.0, "{w:?}");
    // on Fly: 2 machines of at least 200 MB → shared-cpu-1x-256mb, $1.94 × 2 = $3.88
    let fly = row(&s, "fly");
    assert_eq!((service(&fly, "web").size.as_str(), service(&fly, "web").peak_instances), ("shared-cpu-1x-256mb", 2));
    assert_usd(component(&fly, "web", "compute"), (2.0 * 1.94) * MONTH);
    // jobs: 1,536 MB → shared-cpu-1x with 1.5 GB = $1.94 + 1.25 GB × $5 = $8.19 (the 2 GB preset is $10.70)
    assert_usd(component(&fly, "jobs", "compute"), (1.94 + 1.25 * 5.0) * MONTH);
}

const GPU_FLY: &str = r#"
app = "llm"
primary_region = "ord"

[build]
  image = "ollama/ollama"

[http_service]
  internal_port = 11434
  auto_stop_machines = "stop"
  min_machines_running = 0

[[vm]]
  size = "a100-40gb"

[mounts]
  source = "models"
  destination = "/root/.ollama"
  initial_size = "100gb"
"#;

#[test]
fn a_gpu_service_is_never_priced_as_a_cpu_machine() {
    let (s, _) = imported(&[("fly.toml", GPU_FLY)]);
    let llm = s.file.services.iter().find(|x| x.name == "llm").expect("llm");
    assert_eq!(llm.gpu.as_ref().map(|g| (g.kind.as_str(), g.count)), Some(("a100-40gb", 1)));
    assert_eq!(llm.volume_gb, 100.0);
    // Fly: no longer sold; last price $1.25/h per GPU as of 2026-02-11 (superfly/docs b650e741):
    // 1.25 × 730 h (a month of hours) = $912.50 a month before the machine
    let fly = row(&s, "fly");
    let f = fly.diagnostics.iter().find(|f| f.kind == FindingKind::NoLongerSold).expect("no longer sold");
    assert!(f.message.contains("Fly no longer sells a100-40gb machines") && f.message.contains("$1.25/h") && f.message.contains("2026-02-11"), "{}", f.message);
    assert!(f.message.contains("$912.50"), "{}", f.message);
    assert!(f.is_blocking());
    assert_eq!(component(&fly, "llm", "compute"), 0.0);
    // Render sells no GPU: cannot host, never cheaper
    let r = row(&s, "render");
    let f = r.diagnostics.iter().find(|f| f.kind == FindingKind::CannotHost).unwrap_or_else(|| panic!("{:?}", r.diagnostics));
    assert!(f.message.contains("not available for this app") && f.message.contains("`llm`"), "{}", f.message);
    assert_eq!(component(&r, "llm", "compute"), 0.0);
    // Compose on Hetzner: a GPU server listed as equivalent with at least 40 GB of GPU
    // memory — GEX63 (RTX PRO 6000 Blackwell, 96 GB; GEX45 has 24 GB): €999 × $1.16 = $1,158.84
    // a month, its €999 setup fee said as an assumption, not in the month
    let c = row(&s, "compose");
    assert!(!c.diagnostics.iter().any(|f| f.kind == FindingKind::CannotHost), "{:?}", c.diagnostics);
    assert_usd(component(&c, "llm", "gpu server"), 999.0 * 1.16);
    assert_eq!(service(&c, "llm").size, "gex63");
    assert_usd(service(&c, "llm").monthly_cost_usd, 999.0 * 1.16);
    assert!(c.assumptions.iter().any(|a| a.contains("setup fee of 999 EUR")), "{:?}", c.assumptions);
    // the GPU server is the whole bill: no CPU node for containers that are not there
    assert!(!c.line_items.iter().any(|l| l.component == "nodes"), "{:?}", c.line_items);
}

#[test]
fn a_compose_gpu_reservation_takes_a_gpu_server() {
    let (s, _) = imported(&[(
        "docker-compose.yml",
        r#"
services:
  ollama:
    image: ollama/ollama
    deploy:
      resources:
        reservations:
          devices:
            - driver: nvidia
              count: 1
              capabilities: [gpu]
  web:
    image: ghcr.io/acme/chat:1
    ports: ["80:8080"]
"#,
    )]);
    let o = s.file.services.iter().find(|x| x.name == "ollama").expect("ollama");
    assert_eq!(o.gpu.as_ref().map(|g| (g.kind.as_str(), g.count)), Some(("any", 1)));
    // any GPU: the cheapest GPU server, GEX45 at €214 × $1.16 = $248.24
    let c = row(&s, "compose");
    assert_usd(component(&c, "ollama", "gpu server"), 214.0 * 1.16);
    // Fly's GPUs are gone; Render has none
    assert!(row(&s, "fly").diagnostics.iter().any(|f| f.kind == FindingKind::NoLongerSold));
    assert!(row(&s, "render").diagnostics.iter().any(|f| f.kind == FindingKind::CannotHost));
}

#[test]
fn unknown_sizes_and_plans_are_invalid_input_listing_the_valid_ones() {
    let err = import::import_text(Path::new("fly.toml"), "app = \"a\"\n[[vm]]\nsize = \"shared-cpu-3x\"\n", &Options::default()).expect_err("invalid");
    let text = format!("{err:#}");
    assert!(text.contains("fly.toml:3:8") && text.contains("unknown Fly machine size `shared-cpu-3x`") && text.contains("performance-16x"), "{text}");
    let err =
        import::import_text(Path::new("render.yaml"), "services:\n  - type: web\n    name: a\n    plan: mega\n", &Options::default()).expect_err("invalid");
    let text = format!("{err:#}");
    assert!(text.contains("render.yaml:4:11") && text.contains("unknown Render instance type `mega`") && text.contains("pro-ultra"), "{text}");
}

#[test]
fn measured_sizing_right_sizes_and_shows_the_saving_against_like_for_like() {
    let text = |sizing: &str| {
        format!(
            r#"
[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
requests_per_user_day = 10
memory_base_mb = 128
memory_mb = 4096
vcpus = 2
sizing = "{sizing}"
[[stage]]
name = "MVP"
users = 100
daily_active = 0.5
[[option]]
name = "Fly"
platform = "fly"
"#
        )
    };
    let fly = books();
    // like for like: ≥ 2 vCPUs, ≥ 4,096 MB → shared-cpu-2x-4gb, $21.40
    let like = crate::helpers::price(&text("like_for_like"), &fly);
    assert_eq!(like.services[0].size, "shared-cpu-2x-4gb");
    assert_usd(component(&like, "api", "compute"), (21.40) * MONTH);
    // measured: 128 MB at rest fits the smallest machine, shared-cpu-1x-256mb at $1.94;
    // the saving against like for like is its own figure: ($21.40 − $1.94) × 730 / 720 = $19.73
    let measured = crate::helpers::price(&text("measured"), &fly);
    assert_eq!(measured.services[0].size, "shared-cpu-1x-256mb");
    let note = measured.diagnostics.iter().find(|f| f.kind == FindingKind::Note).expect("a saving note");
    assert!(note.message.contains("$19.73") && note.message.contains("like for like"), "{}", note.message);
}

#[test]
fn strict_turns_import_warnings_into_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("fly.toml");
    std::fs::write(&p, "app = \"a\"\nmemory = \"1gb\"\n").expect("write");
    let run = |strict: bool| {
        let mut args = vec!["import", p.to_str().unwrap_or_default()];
        if strict {
            args.push("--strict");
        }
        crate::helpers::hostcast().args(&args).current_dir(repo(".")).output().expect("runs")
    };
    assert_eq!(run(false).status.code(), Some(0));
    let out = run(true);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--strict"));
    let estimate = |strict: &[&str]| {
        crate::helpers::hostcast().args([&["estimate", p.to_str().unwrap_or_default()][..], strict].concat()).current_dir(repo(".")).output().expect("runs")
    };
    assert_eq!(estimate(&[]).status.code(), Some(0));
    assert_eq!(estimate(&["--strict"]).status.code(), Some(1));
}

#[test]
fn estimate_says_a_gpu_config_is_not_available_and_lists_the_defaults_taken() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("fly.toml");
    std::fs::write(&p, GPU_FLY).expect("write");
    let out = crate::helpers::hostcast().args(["estimate", p.to_str().unwrap_or_default()]).current_dir(repo(".")).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("not available as configured: `llm` cannot run on this option"), "{text}");
    assert!(text.contains("Fly no longer sells a100-40gb machines"), "{text}");
    // a Fly config without `[[vm]]`: the 256 MB default is an assumption with its rule
    std::fs::write(&p, "app = \"api\"\n[http_service]\ninternal_port = 8080\n").expect("write");
    let out = crate::helpers::hostcast().args(["estimate", p.to_str().unwrap_or_default()]).current_dir(repo(".")).output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Fly's default machine, shared-cpu-1x with 256 MB") && text.contains("two machines"), "{text}");
}

#[test]
fn a_shared_vcpu_count_does_not_carry_over_its_memory_does() {
    // Fly's default machine (shared-cpu-1x, 256 MB, 1/16 of a core sustained): on Render
    // the cheapest type with at least 256 MB, starter (0.5 CPU, 512 MB) at $7.00 — not
    // standard ($25.00), which a count of "1 vCPU" would force
    let (s, _) = imported(&[("fly.toml", "app = \"api\"\n[http_service]\ninternal_port = 8080\n[[vm]]\nsize = \"shared-cpu-1x\"\n")]);
    let render = row(&s, "render");
    assert_eq!(service(&render, "api").size, "starter");
    assert_usd(component(&render, "api", "compute"), 7.0);
}

#[test]
fn configured_sizes_are_strict_range_checked_and_located() {
    let base = "[scenario]\nname = \"t\"\n[[service]]\nname = \"api\"\nkind = \"api\"\n";
    for (line, needle) in [
        ("memory_mb = -5", "memory of one instance in MB must be between 1 and 4000000"),
        ("vcpus = 0", "vCPUs of one instance must be between 0.01 and 1024"),
        ("cpu_kind = \"turbo\"", "unknown variant `turbo`"),
        ("gpu = { kind = \"l40s\", count = 0 }", "GPU count must be a whole number between 1 and 16"),
        ("gpu = { kind = \"l40s\", vram = 48 }", "unknown field `vram`"),
        ("sizing = \"guess\"", "unknown variant `guess`"),
    ] {
        let text = format!("{base}{line}\n");
        let err = Scenario::parse(Path::new("s.toml"), text).err().unwrap_or_else(|| panic!("`{line}` loads"));
        let msg = format!("{err:#}");
        assert!(msg.contains("s.toml:6:") && msg.contains(needle), "{line}: {msg}");
    }
    // `performance` is Fly's name for the dedicated class
    let rest = "[[stage]]\nname = \"MVP\"\nusers = 10\ndaily_active = 1.0\n[[option]]\nname = \"Fly\"\nplatform = \"fly\"\n";
    let s = Scenario::parse(Path::new("s.toml"), format!("{base}cpu_kind = \"performance\"\n{rest}")).expect("loads");
    assert_eq!(s.file.services[0].cpu_kind, Some(CpuKind::Dedicated));
}

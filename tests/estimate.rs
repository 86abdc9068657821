//! `estimate` by hand, one per provider: configs written here, priced against the
//! small price books of `engines`, the expected monthly cost worked out in a comment.
//!
//! Stage MVP of an imported scenario: 1,000 users, 20% active daily → 200 active
//! users. Assumed workloads (see `import::emit`): a web service 20 requests per
//! active user per day at 30 KB; an API 40 at 10 KB; workers send nothing out.
//! Volumes per month are per day × 365/12 (30.4167 days), the 730-hour month.

use std::path::Path;

use hostcast::import::emit::Known;
use hostcast::import::{self, Options, emit};
use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::{self, OptionResult};

use crate::engines::{EXCHANGE, FLY, HETZNER, RENDER, VERCEL};
use crate::helpers::{assert_usd, component, prices};

/// Imports the configs, writes their scenario, prices the "as configured" option at MVP.
fn estimate(files: &[(&str, &str)], prices: &Prices) -> OptionResult {
    let imported = files.iter().map(|(n, t)| import::import_text(Path::new(n), t, &Options::default()).expect("imports")).collect();
    let top = import::combine(imported).expect("combines");
    let emitted = emit::scenario(&top, &Known::from_prices(prices));
    let scenario = match Scenario::parse(Path::new("imported.toml"), emitted.text.clone()) {
        Ok(s) => s,
        Err(e) => panic!("{e}\n{}", emitted.text),
    };
    let oi = scenario.file.options.iter().position(|o| o.name == emitted.option).expect("option");
    simulate::price_option(&scenario, oi, 0, prices).expect("prices")
}

// Web egress at MVP: 200 × 20 requests × 365/12 days = 121,666.67 requests × 30 KB
// = 3,650,000 KB = 3.4809113 GB. API egress: 200 × 40 × 365/12 = 243,333.33 × 10 KB
// = 2,433,333.33 KB = 2.3206075 GB.
const WEB_EGRESS_GB: f64 = 200.0 * 20.0 * 365.0 / 12.0 * 30.0 / 1_048_576.0;
const API_EGRESS_GB: f64 = 200.0 * 40.0 * 365.0 / 12.0 * 10.0 / 1_048_576.0;

#[test]
fn fly_toml_as_written() {
    // web: [http_service], always on → 2 machines (fly deploy's default) of
    //   shared-cpu-1x-512mb: 2 × 3.19 = 6.38; egress 3.4809113 GB × 0.02 = 0.0696182
    // worker: no services → 1 machine: 3.19; its 3 GB volume: 3 × 0.15 = 0.45;
    //   snapshots 3 GB, under the 10 GB free: 0
    // total: 6.38 + 0.0696182 + 3.19 + 0.45 = 10.0896182
    let fly = r#"app = "shop"
primary_region = "iad"
[processes]
  web = "bin/web"
  worker = "bin/worker"
[[vm]]
  memory = "512mb"
[mounts]
  source = "data"
  destination = "/data"
  initial_size = "3gb"
  processes = ["worker"]
[http_service]
  internal_port = 8080
  processes = ["web"]
"#;
    let r = estimate(&[("fly.toml", fly)], &prices(&[("fly-io.toml", FLY)]));
    assert_usd(component(&r, "web", "compute"), 6.38);
    assert_usd(component(&r, "web", "egress"), WEB_EGRESS_GB * 0.02);
    assert_usd(component(&r, "worker", "compute"), 3.19);
    assert_usd(component(&r, "worker", "volume"), 0.45);
    assert_usd(r.monthly_cost_usd, 6.38 + WEB_EGRESS_GB * 0.02 + 3.19 + 0.45);
    assert_usd(r.monthly_cost_usd, 10.089_618_2);
}

#[test]
fn render_yaml_as_written() {
    // web: starter × 2 = 14; worker: standard = 25; database: basic-256mb 6 plus its
    // 10 GB disk (1 GB or multiples of 5) × 0.30 = 3. Workspace: no autoscaling, egress
    // 3.48 GB within Hobby's 5 GB → Hobby, $0. Total: 14 + 25 + 6 + 3 = 48.
    let render = r#"services:
  - type: web
    name: web
    plan: starter
    numInstances: 2
  - type: worker
    name: worker
    plan: standard
databases:
  - name: db
    plan: basic-256mb
    diskSizeGB: 10
"#;
    let r = estimate(&[("render.yaml", render)], &prices(&[("render.toml", RENDER)]));
    assert_usd(component(&r, "web", "compute"), 14.0);
    assert_usd(component(&r, "worker", "compute"), 25.0);
    assert_usd(component(&r, "db", "postgres"), 6.0);
    assert_usd(component(&r, "db", "storage"), 3.0);
    assert_usd(r.monthly_cost_usd, 48.0);
}

#[test]
fn compose_file_as_written() {
    // web: 2 replicas × 0.5 CPU, 1 GiB limit → about half (512 MB) at rest each;
    // db (postgres): 0.25 CPU, (128 MB + 1 GB × 0.25 working set) / 0.9 = 426.7 MB.
    // A cx23 keeps 20% headroom: 2 × 0.8 = 1.6 CPU, (4096 − 512) × 0.8 = 2,867 MB;
    // all three containers (1.25 CPU, ~1,451 MB) fit one node: 5.49 EUR × 1.16 =
    // 6.3684 USD, backups 20%: 1.27368. The data (1 GB → 2 GB volume) fits the node's
    // local disk; traffic is within the included 20 TB. Total: 6.3684 × 1.2 = 7.64208.
    let compose = r#"services:
  web:
    image: ghcr.io/acme/web:1
    ports: ["80:8080"]
    deploy:
      replicas: 2
      resources:
        limits: { cpus: "0.5", memory: 1G }
  db:
    image: postgres:16
    volumes: [data:/var/lib/postgresql/data]
volumes:
  data:
"#;
    let r = estimate(&[("docker-compose.yml", compose)], &prices(&[("hetzner.toml", HETZNER), ("exchange.toml", EXCHANGE)]));
    assert_usd(component(&r, "(nodes)", "nodes"), 6.3684);
    assert_usd(component(&r, "(nodes)", "backups"), 1.27368);
    assert_usd(r.monthly_cost_usd, 7.64208);
    let web = r.services.iter().find(|s| s.name == "web").expect("web");
    assert_eq!(web.peak_instances, 2);
}

#[test]
fn vercel_json_with_fly_back_end_as_written() {
    // Vercel Pro: 20. Front-end usage: 121,666.67 edge requests and invocations (within
    // 10M and 1M), 3.48 GB transfer (within 1 TB); active CPU 121,666.67 × 20 ms =
    // 0.675926 CPU-h × 0.128 = 0.0865185; provisioned memory: one instance while a
    // request is in flight, 200 × 20 / 86,400 rps × 0.15 s = 0.0069444 instances on
    // average × 730 h × 2 GB = 10.138889 GB-h × 0.0106 = 0.1074722. Usage 0.1939907 is
    // paid by the $20 credit: net 0.
    // The API behind the rewrite is the Fly app: 2 × shared-cpu-1x-256mb = 3.88, egress
    // 2.3206075 GB × 0.02 = 0.0464122.
    // Total: 20 + 3.88 + 0.0464122 = 23.9264122.
    let vercel = r#"{"regions": ["iad1"], "rewrites": [{"source": "/api/(.*)", "destination": "https://shop-api.fly.dev/$1"}]}"#;
    let fly = "app = \"shop-api\"\nprimary_region = \"iad\"\n[http_service]\ninternal_port = 8080\n";
    let books = prices(&[("fly-io.toml", FLY), ("vercel.toml", VERCEL)]);
    let r = estimate(&[("vercel.json", vercel), ("api/fly.toml", fly)], &books);
    assert_usd(component(&r, "vercel", "active CPU"), 200.0 * 20.0 * 365.0 / 12.0 * 0.020 / 3600.0 * 0.128);
    assert_usd(component(&r, "vercel", "provisioned memory"), 200.0 * 20.0 / 86_400.0 * 0.15 * 730.0 * 2.0 * 0.0106);
    assert_usd(component(&r, "(account)", "plan"), 20.0);
    assert_usd(component(&r, "shop-api", "compute"), 3.88);
    assert_usd(component(&r, "shop-api", "egress"), API_EGRESS_GB * 0.02);
    assert_usd(r.monthly_cost_usd, 20.0 + 3.88 + API_EGRESS_GB * 0.02);
    assert_usd(r.monthly_cost_usd, 23.926_412_2);
}

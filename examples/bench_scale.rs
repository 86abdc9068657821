//! Benchmark: how import and `compare` grow with the number of services.
//!
//! Generates a Compose file, a `render.yaml`, a `fly.toml` (process groups) and a
//! `vercel.json` (crons) of 1,000 and 10,000 services (and 20,000 crons), then for
//! each: reads and imports it, writes its scenario, loads that scenario and prices
//! every option at every stage (no timeline) and renders the results as JSON and as
//! the table `compare` prints, printing the time of each step so the
//! growth from one size to the next is visible (`KIND` keeps only the files whose
//! name starts with it, e.g. `fly`). Run from the repository root:
//!
//! ```sh
//! cargo run --release --example bench_scale [SIZE...] [KIND...]
//! ```

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use hostcast::import::{self, Options};
use hostcast::scenario::Scenario;
use hostcast::simulate::{self, Filter};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let only: Vec<&String> = args.iter().filter(|a| a.parse::<usize>().is_err()).collect();
    let prices = hostcast::commands::load_prices(&hostcast::cli::PriceArgs::default())?;
    let known = hostcast::commands::import::known(&prices);
    let dir = tempfile::tempdir()?;
    let mut cases: Vec<(&str, usize)> = Vec::new();
    for &n in &sizes {
        for kind in ["docker-compose.yml", "render.yaml", "fly.toml", "vercel.json"] {
            if only.is_empty() || only.iter().any(|o| kind.starts_with(o.as_str())) {
                cases.push((kind, n));
            }
        }
    }
    if sizes == [1_000, 10_000] && only.is_empty() {
        cases.push(("vercel.json", 20_000));
    }
    // total: import, write the scenario, load it, price every option at every stage and
    // render the JSON (`compare --format json`); the table is timed apart
    println!("{:<20} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}", "file", "n", "KB", "import", "emit", "load", "price", "json", "table", "total");
    for (kind, n) in cases {
        let text = generate(kind, n);
        let sub = dir.path().join(format!("{n}"));
        std::fs::create_dir_all(&sub)?;
        let path = sub.join(kind);
        std::fs::write(&path, &text)?;
        let t0 = Instant::now();
        let top = import::import_files(std::slice::from_ref(&path), &Options::default())?;
        let t1 = Instant::now();
        let emitted = import::emit::scenario(&top, &known);
        let t2 = Instant::now();
        let scenario = Scenario::parse(&sub.join("imported.toml"), emitted.text)?;
        let t3 = Instant::now();
        let results = simulate::run(std::slice::from_ref(&scenario), &prices, &Filter::default())?;
        let t4 = Instant::now();
        std::hint::black_box(hostcast::report::json::render(&results)?);
        let t5 = Instant::now();
        std::hint::black_box(hostcast::report::table::render(&results));
        let t6 = Instant::now();
        let s = |a: Instant, b: Instant| format!("{:.3}s", (b - a).as_secs_f64());
        println!(
            "{:<20} {:>7} {:>7.0} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}",
            kind,
            n,
            text.len() as f64 / 1024.0,
            s(t0, t1),
            s(t1, t2),
            s(t2, t3),
            s(t3, t4),
            s(t4, t5),
            s(t5, t6),
            s(t0, t5)
        );
    }
    Ok(())
}

/// A config of `kind` with `n` services (crons for `vercel.json`).
fn generate(kind: &str, n: usize) -> String {
    let mut t = String::new();
    match Path::new(kind).extension().and_then(|e| e.to_str()) {
        Some("yml") => {
            t.push_str("x-common: &common\n  restart: unless-stopped\n  environment:\n    RUST_LOG: info\n\nservices:\n");
            t.push_str("  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n");
            for i in 0..n {
                let _ = write!(t, "  svc-{i}:\n    <<: *common\n    image: ghcr.io/acme/svc-{i}:1\n    depends_on: [db, cache]\n");
                if i % 3 == 0 {
                    let _ = writeln!(t, "    ports: [\"{}:8080\"]", 10000 + i);
                }
                let _ =
                    writeln!(t, "    deploy:\n      replicas: {}\n      resources:\n        limits:\n          cpus: '0.5'\n          memory: 512M", 1 + i % 2);
            }
        }
        Some("yaml") => {
            t.push_str("databases:\n  - name: db\n    plan: basic-1gb\nservices:\n");
            for i in 0..n {
                match i % 3 {
                    0 => {
                        let _ = writeln!(t, "  - type: web\n    name: web-{i}\n    runtime: node\n    plan: starter\n    numInstances: 1");
                    }
                    1 => {
                        let _ = writeln!(t, "  - type: worker\n    name: worker-{i}\n    runtime: python\n    plan: standard");
                    }
                    _ => {
                        let _ = writeln!(t, "  - type: cron\n    name: cron-{i}\n    runtime: docker\n    plan: starter\n    schedule: \"{} * * * *\"", i % 60);
                    }
                }
            }
        }
        Some("toml") => {
            t.push_str("app = \"scale\"\nprimary_region = \"iad\"\n\n[processes]\n");
            for i in 0..n {
                let _ = writeln!(t, "p{i} = \"bin/run {i}\"");
            }
            t.push_str("\n[http_service]\n  internal_port = 8080\n  processes = [\"p0\"]\n\n");
            for i in 0..n {
                let _ = writeln!(t, "[[vm]]\n  processes = [\"p{i}\"]\n  size = \"{}\"\n", if i % 2 == 0 { "shared-cpu-1x" } else { "shared-cpu-2x" });
            }
        }
        _ => {
            t.push_str("{\n  \"crons\": [\n");
            for i in 0..n {
                let sep = if i + 1 == n { "" } else { "," };
                let _ = writeln!(t, "    {{ \"path\": \"/api/cron/job-{i}\", \"schedule\": \"{} {} * * *\" }}{sep}", i % 60, i % 24);
            }
            t.push_str("  ]\n}\n");
        }
    }
    t
}

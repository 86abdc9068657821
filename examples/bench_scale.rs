//! Benchmark: how import and `compare` grow with the number of services.
//!
//! Generates a Compose file, a `render.yaml`, a `fly.toml` (process groups) and a
//! `vercel.json` (crons) of 1,000 and 10,000 services (and 20,000 crons), then for
//! each: reads and imports it, writes its scenario, loads that scenario, prices every
//! option at every stage (no timeline), writes the results as JSON to a file (as
//! `compare --format json -o FILE` does) and renders the table `compare` prints. It
//! prints each step's median over `--runs` runs (default 5: a shared machine's timings
//! vary by a fifth from one run to the next), so the growth from one size to the next
//! is visible (`KIND` keeps only the files whose name starts with it, e.g. `fly`). Run
//! from the repository root:
//!
//! ```sh
//! cargo run --release --no-default-features --example bench_scale [SIZE...] [KIND...] [--runs=N]
//! ```
//!
//! Without the `report` feature the readers and the model build without polars (a
//! release build in about a minute) and the table column is left out; with it
//! (`cargo run --release --example bench_scale`) the table is timed too. The books are
//! the embedded ones, so a fetched book or an overlay in the environment never changes
//! the figures.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use hostcast::import::{self, Options};
use hostcast::scenario::Scenario;
use hostcast::simulate::Filter;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args.iter().find_map(|a| a.strip_prefix("--runs=")).map(str::parse).transpose()?.unwrap_or(5).max(1);
    let args: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1_000, 10_000] } else { sizes };
    let only: Vec<&&String> = args.iter().filter(|a| a.parse::<usize>().is_err()).collect();
    let prices = hostcast::pricing::Prices::embedded()?;
    let known = hostcast::import::emit::Known::from_prices(&prices);
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
    // each step's median over the runs; `json` writes the results as `compare --format
    // json -o FILE` does and `table` renders what `compare` prints; the totals are
    // import + emit + load + price and then the JSON, or the table
    println!("median of {runs} run(s) per step");
    println!(
        "{:<20} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10}",
        "file", "n", "KB", "import", "emit", "load", "price", "json", "table", "with json", "with table"
    );
    for (kind, n) in cases {
        let text = generate(kind, n);
        let sub = dir.path().join(format!("{n}"));
        std::fs::create_dir_all(&sub)?;
        let path = sub.join(kind);
        std::fs::write(&path, &text)?;
        let mut steps: Vec<[f64; 6]> = Vec::new();
        for _ in 0..runs {
            let t0 = Instant::now();
            let top = import::import_files(std::slice::from_ref(&path), &Options::default())?;
            let t1 = Instant::now();
            let emitted = import::emit::scenario(&top, &known);
            let t2 = Instant::now();
            let scenario = Scenario::parse(&sub.join("imported.toml"), emitted.text)?;
            let t3 = Instant::now();
            let results = hostcast::results::run(std::slice::from_ref(&scenario), &prices, &Filter::default())?;
            let t4 = Instant::now();
            // serialised straight into the file
            let mut json = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(sub.join("compare.json"))?);
            hostcast::json::to_writer_pretty(&mut json, &results)?;
            std::io::Write::flush(&mut json)?;
            drop(json);
            let t5 = Instant::now();
            table(&results);
            let t6 = Instant::now();
            let d = |a: Instant, b: Instant| (b - a).as_secs_f64();
            steps.push([d(t0, t1), d(t1, t2), d(t2, t3), d(t3, t4), d(t4, t5), d(t5, t6)]);
        }
        let m: Vec<f64> = (0..6).map(|i| median(steps.iter().map(|s| s[i]).collect())).collect();
        let base = median(steps.iter().map(|s| s[..4].iter().sum()).collect());
        let with_json = median(steps.iter().map(|s| s[..5].iter().sum()).collect());
        let with_table = median(steps.iter().map(|s| s[..4].iter().sum::<f64>() + s[5]).collect());
        let f = |x: f64| format!("{x:.3}s");
        let table_cells = if cfg!(feature = "report") { (f(m[5]), f(with_table)) } else { ("-".to_string(), format!("{} + table", f(base))) };
        println!(
            "{:<20} {:>7} {:>7.0} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>10} {:>10}",
            kind,
            n,
            text.len() as f64 / 1024.0,
            f(m[0]),
            f(m[1]),
            f(m[2]),
            f(m[3]),
            f(m[4]),
            table_cells.0,
            f(with_json),
            table_cells.1
        );
    }
    Ok(())
}

/// The median of `xs` (the mean of the middle two for an even count).
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Renders the table `compare` prints (with the `report` feature).
#[cfg(feature = "report")]
fn table(results: &hostcast::results::Results) {
    std::hint::black_box(hostcast::report::table::render(results));
}

/// Without the `report` feature there is no table to render.
#[cfg(not(feature = "report"))]
fn table(_: &hostcast::results::Results) {}

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

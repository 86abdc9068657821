//! Benchmark: `hostcast report` for every bundled scenario into a temporary folder,
//! timed over several runs (price books and scenarios loaded, priced, rendered and
//! written each time). Run from the repository root:
//!
//! ```sh
//! cargo run --release --example bench_report [RUNS]
//! ```

use std::time::{Duration, Instant};

use hostcast::cli::ReportArgs;

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10).max(1);
    let out = tempfile::tempdir()?;
    let args = ReportArgs {
        scenarios: Vec::new(),
        out: out.path().to_path_buf(),
        prices: hostcast::cli::PriceArgs::default(),
        money: hostcast::cli::MoneyArgs::default(),
        check: hostcast::cli::CheckArgs { today: Some("2026-12-01".into()), max_age_days: 180, fail_on_missing: false },
    };
    let mut sink = Vec::new();
    // one warm-up run (thread pools, font parsing)
    hostcast::commands::report::run(&args, &mut sink)?;
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..runs {
        sink.clear();
        let start = Instant::now();
        hostcast::commands::report::run(&args, &mut sink)?;
        times.push(start.elapsed());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / runs as u32;
    let files: usize = std::fs::read_dir(out.path())?.filter_map(|e| e.ok()).map(|e| std::fs::read_dir(e.path()).map(|d| d.count()).unwrap_or(0)).sum();
    println!(
        "report, all bundled scenarios ({files} files), {runs} runs: min {:.1} ms, median {:.1} ms, mean {:.1} ms, max {:.1} ms",
        ms(times[0]),
        ms(times[runs / 2]),
        ms(mean),
        ms(times[runs - 1])
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

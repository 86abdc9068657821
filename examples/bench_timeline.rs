//! Benchmark: the growth timeline of every bundled scenario (months × P10/P50/P90 ×
//! options priced), timed over several runs. Run from the repository root:
//!
//! ```sh
//! cargo run --release --example bench_timeline [RUNS]
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;

fn main() -> anyhow::Result<()> {
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(10).max(1);
    let prices = Prices::load_dir(Path::new("pricing"))?;
    let scenarios = hostcast::commands::report::bundled_scenarios()?.iter().map(|p| Scenario::load(p)).collect::<Result<Vec<_>, _>>()?;
    let mut times: Vec<Duration> = Vec::new();
    let mut points = 0;
    for _ in 0..runs {
        let start = Instant::now();
        points = 0;
        for s in &scenarios {
            points += hostcast::timeline::run(s, &prices, &[])?.len();
        }
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "timeline, all bundled scenarios ({points} option-months, 3 percentiles each), {runs} runs: min {:.1} ms, median {:.1} ms",
        ms(times[0]),
        ms(times[runs / 2])
    );
    Ok(())
}

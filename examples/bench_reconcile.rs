//! Benchmark: `reconcile` of one million FOCUS CSV rows (read, matched, summed),
//! written to a temporary file first: 30 days × 24 hours of hourly charges for the
//! `shop` test scenario's services and some it lacks, in USD and EUR. Run from the
//! repository root:
//!
//! ```sh
//! cargo run --release --example bench_reconcile [ROWS]
//! ```

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use hostcast::actuals::groups::Groups;
use hostcast::pricing::Prices;
use hostcast::reconcile::{Setup, map::Map, reconcile};
use hostcast::scenario::Scenario;

const HEADER: &str = "BillingAccountId,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,ChargeDescription,ProviderName,PublisherName,InvoiceIssuerName,ServiceCategory,ServiceName,ResourceId,ResourceName,SkuId,ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,ListCost,EffectiveCost,BilledCost";

fn main() -> anyhow::Result<()> {
    let rows: u64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("focus.csv");
    let start = Instant::now();
    {
        let mut w = std::io::BufWriter::new(fs_err::File::create(&path)?);
        writeln!(w, "{HEADER}")?;
        let resources = ["api", "web", "worker-1", "worker-2", "api", "web", "db-1", "cache-1"];
        for i in 0..rows {
            let hour = i % (30 * 24);
            let (day, h) = (hour / 24 + 1, hour % 24);
            let resource = resources[(i / (30 * 24)) as usize % resources.len()];
            let currency = if i % 10 == 9 { "EUR" } else { "USD" };
            let category = if i % 1000 == 999 { "Tax" } else { "Usage" };
            writeln!(
                w,
                "acct-1,{currency},2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-{day:02}T{h:02}:00:00Z,2026-10-{day:02}T{h:02}:59:59Z,{category},,Starter instance hour,Render,Render,Render,Compute,Web Services,srv-{resource},{resource},starter,1,Hours,1,Hours,0.0096,0.0096,0.0096"
            )?;
        }
    }
    let bytes = fs_err::metadata(&path)?.len();
    println!("wrote {rows} rows ({:.1} MB) in {:.2} s", bytes as f64 / 1e6, start.elapsed().as_secs_f64());
    let scenario = Scenario::load(Path::new("tests/fixtures/actuals/shop.toml"))?;
    let prices = Prices::embedded()?;
    let map = Map::default();
    let start = Instant::now();
    let mut groups = Groups::default();
    let read = groups.read_file(&path, "focus.csv")?;
    let read_time = start.elapsed();
    let setup = Setup { scenario: &scenario, prices: &prices, stage: "Launch", option: Some("Render"), today: "2026-12-01", map: &map };
    let result = reconcile(&setup, &groups)?;
    let total = start.elapsed();
    println!(
        "reconcile of {read} rows: {:.2} s ({:.2} s reading and summing into {} groups, {:.3} s matching); {} rows, {} unmatched, {:.0} ns a row",
        total.as_secs_f64(),
        read_time.as_secs_f64(),
        groups.groups.len(),
        (total - read_time).as_secs_f64(),
        result.rows.len(),
        result.unmatched.len(),
        total.as_secs_f64() * 1e9 / read.max(1) as f64
    );
    Ok(())
}

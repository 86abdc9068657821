//! Billing rules that hold across engines, each against the vendor's own text.

use crate::helpers::{price, repo};
use hostcast::pricing::Prices;

fn books() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled price books load")
}

/// An object store whose downloads (1,000 users × 1,000 MB a day) far exceed every
/// Render workspace plan's included bandwidth.
const DOWNLOADS: &str = r#"[scenario]
name = "t"

[[service]]
name = "files"
kind = "object_storage"
storage_gb = 100
requests_per_user_day = 10
download_mb_per_user_day = 1000

[[stage]]
name = "S"
users = 1000
daily_active = 1.0
peak_to_average = 1.0

[[option]]
name = "O"
"#;

/// Each byte is billed once, by the provider that sends it. Render bills the
/// outbound bandwidth of its own services ("Outbound bandwidth … from your Render
/// services", https://render.com/docs/outbound-bandwidth, 2026-12); downloads served
/// straight from a bucket are the bucket's egress (Cloudflare R2: "zero egress fees",
/// https://developers.cloudflare.com/r2/pricing/, 2026-12), never Render bandwidth too.
#[test]
fn downloads_from_an_object_store_are_billed_once_by_the_store() {
    for platform in ["render", "fly", "compose"] {
        let r = price(&format!("{DOWNLOADS}platform = \"{platform}\"\n"), &books());
        let sender = r.services.iter().find(|s| s.name == "files").map(|s| s.provider.clone()).unwrap_or_default();
        assert!(["cloudflare", "tigris", "hetzner"].contains(&sender.as_str()), "{platform}: the store sends the bytes, got {sender}");
        // the platform bills no bandwidth for bytes it does not send
        let platform_traffic: f64 = r
            .line_items
            .iter()
            .filter(|l| l.provider != sender && matches!(l.component.as_str(), "bandwidth" | "egress" | "traffic"))
            .map(|l| l.monthly_cost_usd)
            .sum();
        assert_eq!(platform_traffic, 0.0, "{platform}: {:#?}", r.line_items);
    }
}

/// The same store's downloads still count when the store is self-run on the
/// platform (`deploy = "machine"`): then the platform's machine sends them.
#[test]
fn a_self_run_store_sends_its_downloads_from_the_platform() {
    let r = price(&format!("{DOWNLOADS}platform = \"render\"\n[option.service.files]\ndeploy = \"machine\"\n"), &books());
    let bandwidth: f64 = r.line_items.iter().filter(|l| l.provider == "render" && l.component == "bandwidth").map(|l| l.monthly_cost_usd).sum();
    assert!(bandwidth > 0.0, "{:#?}", r.line_items);
}

/// A front end on Vercel with functions: every meter it uses is priced per region.
const FRONT: &str = r#"[scenario]
name = "t"

[[service]]
name = "next"
kind = "web"
frontend = "nextjs"
requests_per_user_day = 2000
response_kb = 500

[[stage]]
name = "S"
users = 10000
daily_active = 1.0
peak_to_average = 1.0

[[option]]
name = "O"
platform = "vercel_fly"
"#;

/// Vercel prices Active CPU, provisioned memory and data transfer per region
/// (https://vercel.com/docs/pricing/regional-pricing: "Pricing varies by the region");
/// a region whose figure the book lacks is a missing price naming the region, never
/// the default region's rate. The default region is the book's, not the engine's.
#[test]
fn a_regional_rate_the_book_lacks_is_a_missing_price_in_that_region() {
    let r = price(&format!("{FRONT}vercel_region = \"cle1\"\n"), &books());
    assert!(!r.complete, "{:#?}", r.missing_prices);
    assert!(r.missing_prices.iter().any(|m| m.entry == "regions.cle1.prices.memory_gb_hour"), "{:#?}", r.missing_prices);
    // no region set: the book's default region, iad1, prices every meter
    let r = price(FRONT, &books());
    assert!(r.complete, "{:#?}", r.missing_prices);
    let memory = r.line_items.iter().find(|l| l.component == "provisioned memory").expect("a memory line");
    assert_eq!((memory.source.entry.as_str(), memory.unit_price_usd), ("regions.iad1.prices.memory_gb_hour", 0.0106));
    // fra1 has its own figure: $0.0152 a GB-hour, not iad1's $0.0106
    let r = price(&format!("{FRONT}vercel_region = \"fra1\"\n"), &books());
    let memory = r.line_items.iter().find(|l| l.component == "provisioned memory").expect("a memory line");
    assert_eq!((memory.source.entry.as_str(), memory.unit_price_usd), ("regions.fra1.prices.memory_gb_hour", 0.0152));
}

/// A self-run Postgres on a Fly machine.
const FLY_POSTGRES: &str = r#"[scenario]
name = "t"

[[service]]
name = "db"
kind = "postgres"
storage_gb = 4

[[stage]]
name = "S"
users = 1000
daily_active = 0.2

[[option]]
name = "O"
platform = "fly"
"#;

/// A `volume_gb` the option pins on a self-run database is the volume billed
/// (before, only the one on the service counted): 40 GB × $0.15 a GB-month on Fly
/// (https://fly.io/docs/about/pricing/, volumes $0.15/GB per 30 days, × 730/720).
#[test]
fn a_volume_pinned_on_a_fly_database_machine_is_billed() {
    let sized = price(&format!("{FLY_POSTGRES}[option.service.db]\ndeploy = \"machine\"\n"), &books());
    let pinned = price(&format!("{FLY_POSTGRES}[option.service.db]\ndeploy = \"machine\"\nvolume_gb = 40\n"), &books());
    let volume = |r: &hostcast::simulate::OptionResult| r.line_items.iter().find(|l| l.component == "volume").map(|l| l.quantity).unwrap_or(0.0);
    // the data alone asks for ceil(4 × 1.25) = 5 GB; the pin says 40
    assert_eq!(volume(&sized), 5.0);
    assert_eq!(volume(&pinned), 40.0);
    let line = pinned.line_items.iter().find(|l| l.component == "volume").expect("volume");
    assert!((line.monthly_cost_usd - 40.0 * 0.15 * 730.0 / 720.0).abs() < 1e-9, "{line:?}");
}

/// A default that adds money is an assumption line: Compose nodes' backups are on
/// unless the option says `backups = false`.
#[test]
fn compose_backups_on_by_default_are_stated() {
    let on = price(&FLY_POSTGRES.replace("platform = \"fly\"", "platform = \"compose\""), &books());
    assert!(on.line_items.iter().any(|l| l.component == "backups"));
    assert!(on.assumptions.iter().any(|a| a.contains("backups") && a.contains("backups = false")), "{:#?}", on.assumptions);
    let off = price(&FLY_POSTGRES.replace("platform = \"fly\"", "platform = \"compose\"\nbackups = false"), &books());
    assert!(!off.line_items.iter().any(|l| l.component == "backups"));
    assert!(!off.assumptions.iter().any(|a| a.contains("node backups")), "{:#?}", off.assumptions);
}

/// Hetzner volumes are 10 GB to 10 TB ("Volumes … from 10 GB",
/// https://docs.hetzner.com/cloud/volumes/overview/): a 2 GB volume is billed as 10.
/// Swarm at high availability keeps Postgres's data (1 GB × 1.25, rounded up: 2 GB)
/// on a volume and again on its replica's: 2 volumes × 10 GB = 20 GB-months.
#[test]
fn a_hetzner_volume_is_billed_at_least_ten_gb() {
    let text = r#"[scenario]
name = "t"

[[service]]
name = "web"
kind = "web"

[[service]]
name = "db"
kind = "postgres"
storage_gb = 1

[[stage]]
name = "S"
users = 1000
daily_active = 0.2
high_availability = true

[[option]]
name = "O"
platform = "compose"
"#;
    let r = price(text, &books());
    let volume = r.line_items.iter().find(|l| l.component == "volume").expect("a volume line");
    assert_eq!(volume.quantity, 20.0, "{volume:?}");
    assert!(volume.detail.contains("billed as 20 GB"), "{}", volume.detail);
    // €0.0572 a GB-month × 20 GB, at the book's EUR rate
    assert!((volume.monthly_cost_usd - 20.0 * volume.unit_price_usd).abs() < 1e-9);
}

/// Fly's free snapshot allowance (10 GB a month) is the organisation's, once, not
/// each volume's: two self-run databases with 8 GB of data each store 16 GB of
/// snapshots, 10 of them free, so 6 GB × $0.08 = $0.48 (× 730/720, Fly's 30-day month).
#[test]
fn fly_snapshots_share_one_free_allowance_per_organisation() {
    let text = r#"[scenario]
name = "t"

[[service]]
name = "a"
kind = "postgres"
storage_gb = 8

[[service]]
name = "b"
kind = "postgres"
storage_gb = 8

[[stage]]
name = "S"
users = 1000
daily_active = 0.2

[[option]]
name = "O"
platform = "fly"
[option.service.a]
deploy = "machine"
[option.service.b]
deploy = "machine"
"#;
    let r = price(text, &books());
    let snapshots: Vec<_> = r.line_items.iter().filter(|l| l.component == "snapshots").collect();
    assert_eq!(snapshots.len(), 2, "{snapshots:#?}");
    let billed: f64 = snapshots.iter().map(|l| l.quantity).sum();
    assert!((billed - 6.0).abs() < 1e-9, "{snapshots:#?}");
    let cost: f64 = snapshots.iter().map(|l| l.monthly_cost_usd).sum();
    assert!((cost - 6.0 * 0.08 * 730.0 / 720.0).abs() < 1e-9, "{cost}");
    assert!(snapshots[0].detail.contains("8 of the account's 10 free") && snapshots[1].detail.contains("2 of the account's 10 free"), "{snapshots:#?}");
}

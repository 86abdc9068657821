//! What each platform can host (`data/hosting.toml`), the Vercel hybrid's front end,
//! object storage on each platform's object store and crons billed everywhere,
//! against the bundled price books, with the expected costs worked by hand.

use hostcast::findings::FindingKind;
use hostcast::pricing::Prices;
use hostcast::simulate::OptionResult;

use crate::helpers::{assert_usd, component, price, repo};

fn books() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled price books load")
}

fn has(r: &OptionResult, kind: FindingKind, service: Option<&str>) -> bool {
    r.diagnostics.iter().any(|f| f.kind == kind && (service.is_none() || f.service.as_deref() == service))
}

fn provider_of<'a>(r: &'a OptionResult, service: &str) -> &'a str {
    r.services.iter().find(|s| s.name == service).map(|s| s.provider.as_str()).unwrap_or("(none)")
}

/// One stage of 1,000 users, all active, flat over the day.
const STAGE: &str = "[[stage]]\nname = \"S\"\nusers = 1000\ndaily_active = 1.0\npeak_to_average = 1.0\n";

fn scenario(services: &str, option: &str) -> String {
    format!("[scenario]\nname = \"t\"\n{services}\n{STAGE}\n[[option]]\nname = \"O\"\n{option}\n")
}

const RAILS_AND_NEXT: &str = r#"
[[service]]
name = "rails"
kind = "web"
runtime = "ruby"
requests_per_user_day = 10
[[service]]
name = "next"
kind = "web"
frontend = "nextjs"
requests_per_user_day = 10
cpu_ms_per_request = 10
latency_ms = 100
response_kb = 20
"#;

/// The Next.js front end's requests a month: 1,000 users × 10 a day × 365/12 days
/// = 304,166.67.
const NEXT_REQUESTS: f64 = 1_000.0 * 10.0 * 365.0 / 12.0;

#[test]
fn rails_and_nextjs_only_nextjs_goes_to_vercel() {
    let r = price(&scenario(RAILS_AND_NEXT, "platform = \"vercel_fly\""), &books());
    assert_eq!(provider_of(&r, "next"), "vercel");
    assert_eq!(provider_of(&r, "rails"), "fly");
    assert!(r.assumptions.iter().any(|a| a.contains("`rails`") && a.contains("stays on Fly")), "{:?}", r.assumptions);
    // next: 1,000 users × 10 requests × 365/12 days = 304,166.67 requests, within Pro's
    // 1M invocations and 10M edge requests; 304,166.67 × 20 KB = 5.80 GB within 1 TB.
    // Active CPU 304,166.67 × 10 ms = 0.84491 CPU-h × $0.128 = $0.10815.
    // Memory: 10,000 a day / 86,400 s = 0.11574 req/s × 0.1 s = 0.011574 instances
    // × 730 h × 2 GB = 16.898 GB-h × $0.0106 = $0.17912. Fast Origin Transfer: the
    // 5.80 GB the function sends back through the CDN × $0.06 = $0.34809 (no allowance).
    // Usage $0.63536 < the $20 credit, so Vercel is the $20 fee.
    let cpu = NEXT_REQUESTS * 0.010 / 3600.0 * 0.128;
    let mem = 10_000.0 / 86_400.0 * 0.1 * 730.0 * 2.0 * 0.0106;
    let fot = NEXT_REQUESTS * 20.0 / (1024.0 * 1024.0) * 0.06;
    assert!((cpu + mem + fot - 0.63536).abs() < 1e-5);
    assert_usd(component(&r, "next", "active CPU"), cpu);
    assert_usd(component(&r, "next", "provisioned memory"), mem);
    assert_usd(component(&r, "next", "origin transfer"), fot);
    assert_usd(component(&r, "(account)", "usage credit"), -(cpu + mem + fot));
    assert_usd(component(&r, "(account)", "plan"), 20.0);
    // rails stays a Fly machine (always on: at least one machine billed)
    assert!(component(&r, "rails", "compute") > 0.0);
    assert!(!r.diagnostics.iter().any(|f| f.is_blocking()), "{:?}", r.warnings);
}

#[test]
fn a_websocket_server_and_a_gpu_server_stay_off_vercel() {
    let services = r#"
[[service]]
name = "app"
kind = "web"
frontend = "nextjs"
requests_per_user_day = 5
[[service]]
name = "stream"
kind = "web"
frontend = "nextjs"
long_lived_connections = true
requests_per_user_day = 5
[[service]]
name = "llm"
kind = "api"
runtime = "python"
volume_gb = 100
requests_per_user_day = 1
memory_base_mb = 1500
"#;
    // placed by the hybrid: the websocket front end and the model server stay on Fly
    let r = price(&scenario(services, "platform = \"vercel_fly\""), &books());
    assert_eq!(provider_of(&r, "app"), "vercel");
    assert_eq!(provider_of(&r, "stream"), "fly");
    assert_eq!(provider_of(&r, "llm"), "fly");
    assert!(r.assumptions.iter().any(|a| a.contains("`stream` stays on Fly") && a.contains("websockets")), "{:?}", r.assumptions);
    // its 100 GB volume is billed on Fly: 100 GB × $0.15 per 30 days × 730 / 720 h = $15.21
    assert_usd(component(&r, "llm", "volume"), 15.0 * 730.0 / 720.0);
    assert!(!r.diagnostics.iter().any(|f| f.is_blocking()), "{:?}", r.warnings);
    // pinned onto Vercel anyway: not available, and says why
    let pinned = "platform = \"vercel_fly\"\n[option.service.stream]\nprovider = \"vercel\"\n[option.service.llm]\nprovider = \"vercel\"\n";
    let r = price(&scenario(services, pinned), &books());
    assert!(has(&r, FindingKind::CannotHost, Some("stream")), "{:?}", r.warnings);
    assert!(has(&r, FindingKind::CannotHost, Some("llm")), "{:?}", r.warnings);
    assert!(r.diagnostics.iter().any(|f| f.kind == FindingKind::CannotHost && f.message.contains("100 GB volume")), "{:?}", r.warnings);
    assert!(r.monthly_cost_usd.is_finite() && r.monthly_cost_usd > 0.0);
}

#[test]
fn an_app_with_no_front_end_is_the_same_as_fly() {
    let services = "[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 10\n";
    let hybrid = price(&scenario(services, "platform = \"vercel_fly\""), &books());
    let fly = price(&scenario(services, "platform = \"fly\""), &books());
    assert!(has(&hybrid, FindingKind::NoFrontEnd, None), "{:?}", hybrid.warnings);
    assert!(hybrid.diagnostics.iter().any(|f| f.message.starts_with("same as Fly: no front end")));
    // no Vercel plan, nothing on Vercel: the same bill as Fly, line for line
    assert!(!hybrid.line_items.iter().any(|l| l.provider == "vercel"));
    assert_usd(hybrid.monthly_cost_usd, fly.monthly_cost_usd);
    assert_eq!(hybrid.line_items.len(), fly.line_items.len());
    assert!(!has(&fly, FindingKind::NoFrontEnd, None));
}

#[test]
fn a_fly_service_with_a_volume_scales_one_volume_per_machine() {
    let services = "[[service]]\nname = \"uploads\"\nkind = \"api\"\nvolume_gb = 10\nrequests_per_user_day = 10\n";
    let r = price(&scenario(services, "platform = \"fly\"\n[option.service.uploads]\ninstances = 3\n"), &books());
    // 3 machines, one 10 GB volume each: 30 GB × $0.15 = $4.50 per 30 days, × 730 / 720 h
    // = $4.5625; snapshots of the 30 GB stored − 10 free = 20 GB × $0.08 × 730 / 720 = $1.6222
    assert_usd(component(&r, "uploads", "volume"), 30.0 * 0.15 * 730.0 / 720.0);
    assert_usd(component(&r, "uploads", "snapshots"), 20.0 * 0.08 * 730.0 / 720.0);
    assert!(r.assumptions.iter().any(|a| a.contains("3 volumes")), "{:?}", r.assumptions);
    // a volume above Fly's 500 GB: Fly cannot host it, still priced
    let big = "[[service]]\nname = \"uploads\"\nkind = \"api\"\nvolume_gb = 600\nrequests_per_user_day = 10\n";
    let r = price(&scenario(big, "platform = \"fly\""), &books());
    assert!(has(&r, FindingKind::CannotHost, Some("uploads")), "{:?}", r.warnings);
    assert_usd(component(&r, "uploads", "volume"), 600.0 * 0.15 * 730.0 / 720.0);
}

/// 10,000 GB stored; 1,000 users × 100 reads and 10 uploads a day; 10 MB served each a day.
const BUCKET: &str = r#"
[[service]]
name = "files"
kind = "object_storage"
storage_gb = 10000
requests_per_user_day = 100
uploads_per_user_day = 10
download_mb_per_user_day = 10
"#;
/// Reads 1,000 × 100 × 365/12 = 3,041,666.67; writes 1,000 × 10 × 365/12 = 304,166.67;
/// egress 1,000 × 10 MB × 365/12 / 1,024 = 297.04 GB.
const READS: f64 = 1_000.0 * 100.0 * 365.0 / 12.0;
const WRITES: f64 = 1_000.0 * 10.0 * 365.0 / 12.0;

#[test]
fn ten_thousand_gb_on_tigris() {
    let r = price(&scenario(BUCKET, "platform = \"fly\""), &books());
    assert_eq!(provider_of(&r, "files"), "tigris");
    // storage (10,000 − 5 free) × $0.02 = $199.90
    assert_usd(component(&r, "files", "storage"), 9995.0 * 0.02);
    // Class A (304.167 K − 10 K free) × $0.005 = $1.470833; Class B (3,041.667 K − 100 K)
    // × $0.0005 = $1.470833
    assert_usd(component(&r, "files", "requests"), (WRITES / 1e3 - 10.0) * 0.005 + (READS / 1e3 - 100.0) * 0.0005);
    // no egress fees; no volume, no machine
    assert_usd(component(&r, "files", "egress"), 0.0);
    assert_usd(component(&r, "files", "volume"), 0.0);
    // total: 199.90 + 1.470833 + 1.470833 = $202.841667
    assert_usd(r.monthly_cost_usd, 202.841_666_67);
    assert!(!r.diagnostics.iter().any(|f| f.is_blocking()), "{:?}", r.warnings);
    // a self-run MinIO with its 10,000 GB on one Fly volume: Fly cannot host it
    let r = price(&scenario(BUCKET, "platform = \"fly\"\n[option.service.files]\ndeploy = \"machine\"\n"), &books());
    assert!(has(&r, FindingKind::CannotHost, Some("files")), "{:?}", r.warnings);
}

#[test]
fn ten_thousand_gb_on_hetzner_object_storage() {
    let r = price(&scenario(BUCKET, "platform = \"compose\""), &books());
    assert_eq!(provider_of(&r, "files"), "hetzner");
    // base €6.49 × 1.16 = $7.5284 (since 2026-04-01); storage 10,000 / 1,024 TB × 730 h = 7,128.9 TB-h − 730
    // included = 6,398.9 × €0.0067 = €42.873 × 1.16 = $49.733; traffic 0.290 TB < 1 TB included
    assert_usd(component(&r, "files", "object storage"), 6.49 * 1.16);
    let tb_hours = 10_000.0 / 1024.0 * 730.0 - 730.0;
    assert_usd(component(&r, "files", "storage"), tb_hours * 0.0067 * 1.16);
    assert_usd(component(&r, "files", "egress"), 0.0);
    // its summary is its own lines, not a share of the nodes
    let files = r.services.iter().find(|s| s.name == "files").expect("summary");
    assert_usd(files.monthly_cost_usd, 6.49 * 1.16 + tb_hours * 0.0067 * 1.16);
    assert_eq!(files.size, "Hetzner Object Storage");
}

#[test]
fn ten_thousand_gb_on_spaces() {
    let r = price(&scenario(BUCKET, "platform = \"compose\"\nhost = \"digitalocean\""), &books());
    assert_eq!(provider_of(&r, "files"), "digitalocean");
    // $5 subscription; (10,000 − 250) GiB × $0.02 = $195; 297.04 GiB < 1 TiB transfer included
    assert_usd(component(&r, "files", "object storage"), 5.0);
    assert_usd(component(&r, "files", "storage"), 9750.0 * 0.02);
    assert_usd(component(&r, "files", "egress"), 0.0);
}

#[test]
fn ten_thousand_gb_on_render_go_to_the_default_external_store() {
    let r = price(&scenario(BUCKET, "platform = \"render\""), &books());
    assert_eq!(provider_of(&r, "files"), "cloudflare");
    // R2: (10,000 − 10) × $0.015 = $149.85; 0.30M Class A < 1M free; 3.04M Class B < 10M free
    assert_usd(component(&r, "files", "storage"), 9990.0 * 0.015);
    assert_usd(component(&r, "files", "requests"), 0.0);
    assert!(r.assumptions.iter().any(|a| a.contains("`files` is priced on Cloudflare R2")), "{:?}", r.assumptions);
    // no $2,500 disk
    assert_usd(component(&r, "files", "disk"), 0.0);
    // the scenario can choose another store: Tigris, (10,000 − 5) × $0.02
    let r = price(&scenario(BUCKET, "platform = \"render\"\n[option.service.files]\nstore = \"tigris\"\n"), &books());
    assert_usd(component(&r, "files", "storage"), 9995.0 * 0.02);
}

#[test]
fn an_unknown_store_is_an_error_listing_the_stores() {
    let s = crate::helpers::scenario(&scenario(BUCKET, "platform = \"render\"\n[option.service.files]\nstore = \"s4\"\n"));
    let e = hostcast::results::run(&[s], &books(), &Default::default()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(e.contains("unknown object store `s4`") && e.contains("cloudflare_r2"), "{e}");
}

const CRONS: &str = r#"
[[service]]
name = "site"
kind = "static"
[[service]]
name = "sync"
kind = "cron"
schedule = "* * * * *"
run_minutes = 0.5
cpu_ms_per_job = 2000
[[service]]
name = "digest"
kind = "cron"
schedule = "* * * * *"
run_minutes = 0.5
cpu_ms_per_job = 2000
"#;

#[test]
fn two_every_minute_vercel_crons_are_billed_as_functions() {
    let option = "platform = \"vercel_fly\"\n[option.service.sync]\nprovider = \"vercel\"\n[option.service.digest]\nprovider = \"vercel\"\n";
    let r = price(&scenario(CRONS, option), &books());
    // each cron: 1,440 runs a day × 365/12 days = 43,800 runs; both: 87,600 invocations,
    // within Pro's 1M included.
    // Active CPU: 87,600 × 2 s = 48.6667 CPU-h × $0.128 = $6.229333.
    // Provisioned memory: 87,600 × 30 s = 730 h × 2 GB = 1,460 GB-h × $0.0106 = $15.476.
    // Usage $21.705333: the $20 credit pays $20 of it; with the $20 fee the bill is
    // $21.705333.
    let owner = "(frontend)";
    let cpu_hours = 87_600.0 * 2.0 / 3600.0;
    assert_usd(component(&r, owner, "function invocations"), 0.0);
    assert_usd(component(&r, owner, "active CPU"), cpu_hours * 0.128);
    assert_usd(component(&r, owner, "provisioned memory"), 1460.0 * 0.0106);
    assert_usd(component(&r, "(account)", "usage credit"), -20.0);
    assert_usd(r.monthly_cost_usd, 21.705_333_33);
    assert_eq!(provider_of(&r, "sync"), "vercel");
    // each cron's summary is its half of the usage, $10.852667 (before the account's credit)
    for c in ["sync", "digest"] {
        let s = r.services.iter().find(|s| s.name == c).expect("summary");
        assert_usd(s.monthly_cost_usd, (cpu_hours * 0.128 + 15.476) / 2.0);
    }
    // on Hobby a cron runs at most once a day: a plan limit
    let hobby = option.replacen("platform = \"vercel_fly\"\n", "platform = \"vercel_fly\"\nplan = \"hobby\"\n", 1);
    let s = format!("[scenario]\nname = \"t\"\ncommercial = false\n{CRONS}\n{STAGE}\n[[option]]\nname = \"O\"\n{hobby}");
    let r = price(&s, &books());
    assert!(r.diagnostics.iter().any(|f| f.kind == FindingKind::PlanLimit && f.service.as_deref() == Some("sync")), "{:?}", r.warnings);
}

#[test]
fn crons_on_fly_run_per_second_for_their_runs() {
    let r = price(&scenario(CRONS, "platform = \"fly\""), &books());
    // each cron: 1,440 × 0.5 min = 720 min a day = duty 0.5 of the month on the cheapest
    // machine: never a silent $0
    for c in ["sync", "digest"] {
        assert!(component(&r, c, "compute") > 0.0, "{c}: {:?}", r.line_items);
        let s = r.services.iter().find(|s| s.name == c).expect("summary");
        assert_usd(s.instances, 0.5);
    }
}

#[test]
fn a_cron_without_run_minutes_is_priced_at_one_minute_a_run_everywhere() {
    let cron = "[[service]]\nname = \"ping\"\nkind = \"cron\"\nschedule = \"0 * * * *\"\n";
    // Fly: 24 runs × 1 min = 24 min a day = duty 24 / 1,440 of the cheapest machine's month
    let r = price(&scenario(cron, "platform = \"fly\""), &books());
    let s = r.services.iter().find(|s| s.name == "ping").expect("summary");
    assert_usd(s.instances, 24.0 / 1440.0);
    assert!(component(&r, "ping", "compute") > 0.0);
    assert!(r.assumptions.iter().any(|a| a.contains("`ping` gives no `run_minutes`")), "{:?}", r.assumptions);
    // Render: 24 × 365/12 = 730 min of runs × $0.00016 = $0.1168, under the $1 monthly
    // minimum: $1
    let r = price(&scenario(cron, "platform = \"render\""), &books());
    assert_usd(component(&r, "ping", "cron"), 1.0);
    // Vercel: 730 runs × 60 s = 12.1667 h × 2 GB = 24.3333 GB-h × $0.0106 = $0.257933;
    // CPU 12.1667 h × $0.128 = $1.557333
    let hours = 730.0 * 60.0 / 3600.0;
    let r = price(&scenario(cron, "platform = \"vercel_fly\"\n[option.service.ping]\nprovider = \"vercel\"\n"), &books());
    assert_usd(component(&r, "ping", "provisioned memory"), hours * 2.0 * 0.0106);
    assert_usd(component(&r, "ping", "active CPU"), hours * 0.128);
}

#[test]
fn an_imported_rails_and_nextjs_compose_file_puts_only_nextjs_on_vercel() {
    use hostcast::import::{self, Options, emit};
    let compose = r#"
services:
  storefront:
    build: ./storefront
    command: ["npx", "next", "start", "-p", "3000"]
    ports: ["3000:3000"]
  rails:
    image: ruby:3.3
    command: bundle exec rails server -b 0.0.0.0
    ports: ["8080:3000"]
  db:
    image: postgres:16
"#;
    let imported = import::import_text(std::path::Path::new("docker-compose.yml"), compose, &Options::default()).expect("imports");
    let kinds: Vec<(String, String, Option<&'static str>)> =
        imported.services.iter().map(|s| (s.name.clone(), s.kind.as_str().to_string(), s.frontend.map(|f| f.as_str()))).collect();
    assert!(kinds.contains(&("storefront".into(), "web".into(), Some("nextjs"))), "{kinds:?}");
    // the Rails server is an HTTP back end
    assert!(kinds.contains(&("rails".into(), "api".into(), None)), "{kinds:?}");
    let prices = books();
    let top = import::combine(vec![imported]).expect("one topology");
    let text = emit::scenario(&top, &hostcast::import::emit::Known::from_prices(&prices)).text;
    assert!(text.contains("frontend = \"nextjs\""), "{text}");
    let s = crate::helpers::scenario(&text);
    let filter = hostcast::simulate::Filter { options: vec!["Vercel + Fly.io".into()], stages: vec!["MVP".into()] };
    let r = hostcast::results::run(&[s], &prices, &filter).expect("prices");
    let hybrid = &r.results[0];
    assert_eq!(provider_of(hybrid, "storefront"), "vercel");
    assert_eq!(provider_of(hybrid, "rails"), "fly");
    assert_ne!(provider_of(hybrid, "db"), "vercel");
}

/// The Next.js front end of `RAILS_AND_NEXT` with `memory` configured.
fn next_with_memory(memory: &str) -> String {
    format!(
        "[[service]]\nname = \"next\"\nkind = \"web\"\nfrontend = \"nextjs\"\nrequests_per_user_day = 10\ncpu_ms_per_request = 10\nlatency_ms = 100\nresponse_kb = 20\n{memory}\n"
    )
}

#[test]
fn a_vercel_function_is_billed_at_its_configured_memory() {
    // 304,166.67 requests a month (1,000 users × 10 × 365/12 days), 0.1 s each:
    // 10,000 a day / 86,400 s × 0.1 s = 0.011574 instances over 730 h = 8.44907
    // instance-hours.
    let instance_hours = 10_000.0 / 86_400.0 * 0.1 * 730.0;
    // 3 GB configured: the smallest Vercel size holding it is Performance, 4 GB / 2 vCPUs:
    // 8.44907 × 4 GB = 33.796 GB-h × $0.0106 = $0.358241.
    let r = price(&scenario(&next_with_memory("memory_mb = 3072"), "platform = \"vercel_fly\""), &books());
    assert_eq!(provider_of(&r, "next"), "vercel");
    assert_usd(component(&r, "next", "provisioned memory"), instance_hours * 4.0 * 0.0106);
    // Active CPU is the CPU time the code uses, not doubled by the 2 vCPUs:
    // 304,166.67 × 10 ms = 0.84491 CPU-h × $0.128 = $0.108148
    assert_usd(component(&r, "next", "active CPU"), NEXT_REQUESTS * 0.010 / 3600.0 * 0.128);
    let s = r.services.iter().find(|s| s.name == "next").expect("summary");
    assert_eq!((s.vcpus, s.memory_mb), (2.0, 4096.0));
    assert!(r.assumptions.iter().any(|a| a.contains("3072 MB") && a.contains("`performance`")), "{:?}", r.assumptions);
    // 1 GB configured: Standard, 2 GB / 1 vCPU: 8.44907 × 2 = 16.898 GB-h × $0.0106 = $0.179120
    let r = price(&scenario(&next_with_memory("memory_mb = 1024"), "platform = \"vercel_fly\""), &books());
    assert_usd(component(&r, "next", "provisioned memory"), instance_hours * 2.0 * 0.0106);
    // nothing configured: Standard as Vercel's default, said so
    let r = price(&scenario(&next_with_memory(""), "platform = \"vercel_fly\""), &books());
    assert_usd(component(&r, "next", "provisioned memory"), instance_hours * 2.0 * 0.0106);
    assert!(r.assumptions.iter().any(|a| a.contains("configures no memory") && a.contains("default size `standard`")), "{:?}", r.assumptions);
    // 8 GB fits no Vercel function (4 GB at most): the hybrid keeps it on Fly
    let r = price(&scenario(&next_with_memory("memory_mb = 8192"), "platform = \"vercel_fly\""), &books());
    assert_eq!(provider_of(&r, "next"), "fly");
    assert!(r.assumptions.iter().any(|a| a.contains("`next` stays on Fly") && a.contains("largest Vercel function")), "{:?}", r.assumptions);
}

#[test]
fn hobby_cannot_choose_the_performance_size() {
    let s = format!(
        "[scenario]\nname = \"t\"\ncommercial = false\n{}\n{STAGE}\n[[option]]\nname = \"O\"\nplatform = \"vercel_fly\"\nplan = \"hobby\"\n",
        next_with_memory("memory_mb = 4096")
    );
    let r = price(&s, &books());
    assert_eq!(provider_of(&r, "next"), "vercel");
    assert!(has(&r, FindingKind::PlanLimit, Some("next")), "{:?}", r.warnings);
}

#[test]
fn a_vercel_cron_runs_at_its_configured_memory() {
    // 24 runs a day × 365/12 = 730 runs × 60 s = 12.1667 h; at 4 GB (Performance, for
    // 3 GB configured): 48.6667 GB-h × $0.0106 = $0.515867. CPU 12.1667 h × $0.128
    // = $1.557333, as at 2 GB.
    let cron = "[[service]]\nname = \"ping\"\nkind = \"cron\"\nschedule = \"0 * * * *\"\nrun_minutes = 1\nmemory_mb = 3072\n";
    let r = price(&scenario(cron, "platform = \"vercel_fly\"\n[option.service.ping]\nprovider = \"vercel\"\n"), &books());
    let hours = 730.0 * 60.0 / 3600.0;
    assert_usd(component(&r, "ping", "provisioned memory"), hours * 4.0 * 0.0106);
    assert_usd(component(&r, "ping", "active CPU"), hours * 0.128);
}

#[test]
fn a_volume_above_the_vps_providers_maximum_cannot_be_hosted_on_compose() {
    let services = "[[service]]\nname = \"archive\"\nkind = \"api\"\nvolume_gb = 12000\nrequests_per_user_day = 10\n";
    // DigitalOcean volumes go to 16 TiB (16,384 GiB): 12,000 GB fits on one volume.
    // One node; its local disk is far below 12,000 GB, so the data is on a volume:
    // 12,000 GB × $0.10 = $1,200 a month.
    let r = price(&scenario(services, "platform = \"compose\"\nhost = \"digitalocean\""), &books());
    assert!(!has(&r, FindingKind::CannotHost, Some("archive")), "{:?}", r.warnings);
    assert!(r.available);
    assert_usd(component(&r, "(nodes)", "volume"), 12_000.0 * 0.10);
    // Hetzner volumes stop at 10 TB (10,240 GB): not available for this app, still priced
    let r = price(&scenario(services, "platform = \"compose\""), &books());
    assert!(has(&r, FindingKind::CannotHost, Some("archive")), "{:?}", r.warnings);
    assert!(!r.available);
    assert!(component(&r, "(nodes)", "volume") > 0.0);
    // at 10,240 GB it fits
    let r = price(&scenario(&services.replace("12000", "10240"), "platform = \"compose\""), &books());
    assert!(!has(&r, FindingKind::CannotHost, Some("archive")), "{:?}", r.warnings);
}

#[test]
fn a_pinned_vercel_size_is_the_dashboard_setting() {
    // as above: 10,000 requests a day / 86,400 s × 0.1 s × 730 h = 8.44907 instance-hours
    let instance_hours = 10_000.0 / 86_400.0 * 0.1 * 730.0;
    // pinned `performance` with nothing configured: 8.44907 instance-hours × 4 GB × $0.0106
    let option = "platform = \"vercel_fly\"\n[option.service.next]\nsize = \"performance\"\n";
    let r = price(&scenario(&next_with_memory(""), option), &books());
    assert_usd(component(&r, "next", "provisioned memory"), instance_hours * 4.0 * 0.0106);
    // pinned `standard` below 3 GB configured: billed at 2 GB, flagged undersized
    let option = "platform = \"vercel_fly\"\n[option.service.next]\nsize = \"standard\"\n";
    let r = price(&scenario(&next_with_memory("memory_mb = 3072"), option), &books());
    assert_usd(component(&r, "next", "provisioned memory"), instance_hours * 2.0 * 0.0106);
    assert!(has(&r, FindingKind::Undersized, Some("next")), "{:?}", r.warnings);
    // a pin that is no Vercel size (a Fly size meant for the hybrid's Fly side) is said so
    let option = "platform = \"vercel_fly\"\n[option.service.next]\nsize = \"shared-cpu-1x\"\n";
    let r = price(&scenario(&next_with_memory(""), option), &books());
    assert_usd(component(&r, "next", "provisioned memory"), instance_hours * 2.0 * 0.0106);
    assert!(r.assumptions.iter().any(|a| a.contains("not a Vercel function size")), "{:?}", r.assumptions);
}

//! Each billing engine against a small price book written here, with the expected
//! cost worked out by hand in a comment.

use crate::helpers::{assert_usd, component, price, prices};

pub const FLY: &str = r#"
schema = 1
provider = "fly"
title = "Fly test book"
currency = "USD"
as_of = 2026-08-05
# this test book quotes its prices per 730-hour month: no conversion
month_basis = "hours_730"
default_region = "iad"
[sources.T]
url = "https://fly.io/docs/about/pricing/"
date = "2026-08-05"
[sizes.shared-cpu-1x-256mb]
vcpus = 1
sustained_cpu = 0.0625
memory_mb = 256
price = 1.94
source = "T"
[sizes.shared-cpu-1x-512mb]
vcpus = 1
sustained_cpu = 0.0625
memory_mb = 512
price = 3.19
source = "T"
[regions.iad]
multiplier = 1.0
group = "na_eu"
source = "T"
[regions.lhr]
multiplier = 1.1
group = "na_eu"
source = "T"
[rates.volume_gb]
price = 0.15
unit = "GB-month"
source = "T"
[rates.snapshot_gb]
price = 0.08
unit = "GB-month"
free = 10
source = "T"
[rates.egress_na_eu]
price = 0.02
unit = "GB"
source = "T"
[rates.stopped_rootfs_gb]
price = 0.15
unit = "GB-month"
source = "T"
[rates.extra_ram_gb]
price = 5.0
unit = "GB-month"
source = "T"
[rates.dedicated_ipv4]
price = 2.0
unit = "month"
source = "T"
[rates.mpg_storage_gb]
price = 0.28
unit = "GB-month"
source = "T"
[postgres.basic]
price = 38.0
memory_mb = 1024
source = "T"
"#;

#[test]
fn fly_pinned_machines_volumes_egress_ip_and_managed_postgres() {
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
requests_per_user_day = 30
response_kb = 100
memory_base_mb = 200
[[service]]
name = "db"
kind = "postgres"
storage_gb = 5
working_set_ratio = 0.1
[[stage]]
name = "MVP"
users = 1000
daily_active = 1.0
[[option]]
name = "Fly"
platform = "fly"
region = "lhr"
dedicated_ipv4 = true
service.api = { size = "shared-cpu-1x-512mb", instances = 2, volume_gb = 20 }
"#;
    let r = price(scenario, &prices(&[("fly-io.toml", FLY)]));
    // compute: 2 machines × $3.19 × 1.1 (lhr) = $7.018
    assert_usd(component(&r, "api", "compute"), 2.0 * 3.19 * 1.1);
    // volumes: 20 GB × 2 machines = 40 GB × $0.15 = $6.00
    assert_usd(component(&r, "api", "volume"), 6.0);
    // snapshots: 40 GB stored − 10 GB free = 30 GB × $0.08 = $2.40
    assert_usd(component(&r, "api", "snapshots"), 2.4);
    // egress: 1,000 users × 30 req × 365/12 days = 912,500 req × 100 KB
    //   = 91,250,000 KB / 1,048,576 = 87.0228 GB × $0.02 = $1.740456
    assert_usd(component(&r, "api", "egress"), 912_500.0 * 100.0 / 1_048_576.0 * 0.02);
    // one dedicated IPv4: $2.00
    assert_usd(component(&r, "api", "dedicated IPv4"), 2.0);
    // Managed Postgres: 5 GB × 0.1 × 1,024 = 512 MB working set fits basic (1 GB):
    //   $38 + 5 GB × $0.28 = $39.40
    assert_usd(component(&r, "db", "postgres") + component(&r, "db", "storage"), 39.4);
    // total: 7.018 + 6 + 2.4 + 1.740456 + 2 + 39.4 = 58.558456
    assert_usd(r.monthly_cost_usd, 58.558_455_63);
    assert!(r.missing_prices.is_empty(), "{:?}", r.missing_prices);
    // every line cites its book entry and URL
    for l in r.line_items.iter().filter(|l| l.part != hostcast::ledger::Part::TeamTime) {
        assert!(l.source.book.ends_with("fly-io.toml"), "{l:?}");
        assert_eq!(l.source.url, "https://fly.io/docs/about/pricing/");
    }
    let api = r.line_items.iter().find(|l| l.component == "compute").map(|l| l.source.entry.clone());
    assert_eq!(api.as_deref(), Some("sizes.shared-cpu-1x-512mb × regions.lhr.multiplier"));
}

#[test]
fn fly_auto_stop_bills_the_running_share_and_stopped_rootfs() {
    // 864 requests a day at a flat rate (peak_to_average = 1): λ = 0.01/s. With a
    // 300 s idle timeout the machine is up 1 − e^(−0.01 × 300) = 1 − e^(−3) = 0.950213
    // of the time.
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "web"
kind = "web"
requests_per_user_day = 864
response_kb = 0
scale_to_zero = true
[[stage]]
name = "MVP"
users = 1
daily_active = 1.0
peak_to_average = 1.0
[[option]]
name = "Fly"
platform = "fly"
"#;
    let r = price(scenario, &prices(&[("fly-io.toml", FLY)]));
    let up = 1.0 - (-3.0f64).exp();
    // compute: 0.950213 × $1.94 = $1.84341
    assert_usd(component(&r, "web", "compute"), up * 1.94);
    // stopped: (1 − 0.950213) machine × 1 GB rootfs × $0.15 = $0.00747
    assert_usd(component(&r, "web", "stopped rootfs"), (1.0 - up) * 0.15);
    assert_eq!(r.services[0].size, "shared-cpu-1x-256mb");
}

#[test]
fn fly_memory_beyond_a_preset_is_billed_as_extra_ram() {
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
[[stage]]
name = "MVP"
users = 10
daily_active = 1.0
[[option]]
name = "Fly"
platform = "fly"
region = "lhr"
service.api = { size = "shared-cpu-1x-384mb", instances = 1 }
"#;
    let r = price(scenario, &prices(&[("fly-io.toml", FLY)]));
    // one compute line: the preset shared-cpu-1x-256mb $1.94 × 1.1 (lhr) = $2.134,
    // plus (384 − 256) MB = 0.125 GB × $5 × 1.1 = $0.6875 of extra RAM: $2.8215
    assert_usd(component(&r, "api", "compute"), 1.94 * 1.1 + 0.6875);
    let line = r.line_items.iter().find(|l| l.component == "compute").map(|l| l.detail.clone()).unwrap_or_default();
    assert!(line.contains("shared-cpu-1x-256mb") && line.contains("0.125 GB extra RAM"), "{line}");
    assert!(!r.line_items.iter().any(|l| l.component == "extra RAM"));
    assert_eq!((r.services[0].vcpus, r.services[0].memory_mb), (1.0, 384.0));
    // memory below the smallest or above the largest preset of the class is not a valid pin
    let bad = scenario.replace("384mb", "1gb");
    let s = crate::helpers::scenario(&bad);
    assert!(hostcast::results::run(&[s], &prices(&[("fly-io.toml", FLY)]), &Default::default()).is_err());
    let bad = scenario.replace("384mb", "128mb");
    let s = crate::helpers::scenario(&bad);
    let e = hostcast::results::run(&[s], &prices(&[("fly-io.toml", FLY)]), &Default::default()).expect_err("unknown size").to_string();
    assert!(e.contains("unknown size `shared-cpu-1x-128mb`") && e.contains("extra RAM"), "{e}");
}

#[test]
fn fly_sizes_by_the_sustained_cpu_share() {
    // 100 req/s at peak × 10 ms = 1 core busy; a shared vCPU sustains 1/16 core;
    // at 70% target: 1 / (0.0625 × 0.7) = 22.86 → 23 machines.
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
requests_per_user_day = 86.4
cpu_ms_per_request = 10
latency_ms = 10
response_kb = 0
concurrency = 1000
[[stage]]
name = "S"
users = 100000
daily_active = 1.0
peak_to_average = 1.0
[[option]]
name = "Fly"
platform = "fly"
"#;
    let r = price(scenario, &prices(&[("fly-io.toml", FLY)]));
    assert_eq!(r.services[0].peak_instances, 23);
    assert_eq!(r.services[0].bound, "CPU");
    // 23 × $1.94 = $44.62
    assert_usd(r.monthly_cost_usd, 23.0 * 1.94);
}

pub const RENDER: &str = r#"
schema = 1
provider = "render"
title = "Render test book"
currency = "USD"
as_of = 2026-10-01
[sources.T]
url = "https://render.com/pricing"
date = "2026-10-01"
[plans.hobby]
price = 0
rank = 0
source = "T"
included = { bandwidth_gb = 5 }
limits = { services = 25 }
[plans.pro]
price = 25
rank = 1
source = "T"
included = { bandwidth_gb = 25 }
features = ["autoscaling"]
[sizes.starter]
vcpus = 0.5
sustained_cpu = 0.5
memory_mb = 512
price = 7
source = "T"
[sizes.standard]
vcpus = 1
sustained_cpu = 1
memory_mb = 2048
price = 25
source = "T"
[rates.bandwidth_gb]
price = 0.15
unit = "GB"
source = "T"
[rates.disk_gb]
price = 0.25
unit = "GB-month"
source = "T"
[rates.postgres_storage_gb]
price = 0.30
unit = "GB-month"
source = "T"
[rates.cron_minute_starter]
price = 0.00016
unit = "minute"
minimum = 1.0
source = "T"
[postgres.basic-256mb]
price = 6
memory_mb = 256
source = "T"
[postgres.basic-1gb]
price = 19
memory_mb = 1024
source = "T"
"#;

#[test]
fn render_plan_instances_disk_cron_minimum_postgres_and_bandwidth() {
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "web"
kind = "web"
requests_per_user_day = 100
response_kb = 1048.576
max_instances = 3
[[service]]
name = "uploads"
kind = "worker"
volume_gb = 10
[[service]]
name = "nightly"
kind = "cron"
schedule = "0 3 * * *"
run_minutes = 10
[[service]]
name = "db"
kind = "postgres"
storage_gb = 3
working_set_ratio = 0.05
[[stage]]
name = "MVP"
users = 1000
daily_active = 1.0
peak_to_average = 1.0
[[option]]
name = "Render"
platform = "render"
"#;
    let r = price(scenario, &prices(&[("render.toml", RENDER)]));
    // autoscaling (max 3 > min 1) needs Pro: $25
    assert_usd(component(&r, "(account)", "plan"), 25.0);
    // web: light load → 1 starter, $7
    assert_usd(component(&r, "web", "compute"), 7.0);
    // uploads: 1 starter ($7) + 10 GB disk × $0.25 = $2.50
    assert_usd(component(&r, "uploads", "compute"), 7.0);
    assert_usd(component(&r, "uploads", "disk"), 2.5);
    // cron: 1 run × 10 min × 365/12 days = 304.17 min × $0.00016 = $0.0487 → $1 minimum
    assert_usd(component(&r, "nightly", "cron"), 1.0);
    // db: 3 GB × 0.05 × 1024 = 153.6 MB working set → basic-256mb $6;
    //     storage rounds up to 5 GB × $0.30 = $1.50
    assert_usd(component(&r, "db", "postgres"), 6.0);
    assert_usd(component(&r, "db", "storage"), 1.5);
    // bandwidth: 1,000 users × 100 req × 365/12 days = 3,041,666.67 req × 1048.576 KB
    //   / 1,048,576 = 3,041.67 GB − 25 included = 3,016.67 × $0.15 = $452.50
    assert_usd(component(&r, "(account)", "bandwidth"), 452.50);
    // total: 25 + 7 + 7 + 2.5 + 1 + 6 + 1.5 + 452.50 = 502.50
    assert_usd(r.monthly_cost_usd, 502.50);
}

/// Render bandwidth for 1,000 users, all active, 10 responses of 1,048.576 KB (0.001 GB)
/// a day each: 10 GB a day; `settings` goes into `[scenario]`.
fn render_bandwidth_text(settings: &str) -> String {
    format!(
        "[scenario]\nname = \"t\"\n{settings}\n[[service]]\nname = \"web\"\nkind = \"web\"\nrequests_per_user_day = 10\n\
         response_kb = 1048.576\n[[stage]]\nname = \"S\"\nusers = 1000\ndaily_active = 1.0\n\
         [[option]]\nname = \"Render\"\nplatform = \"render\"\n"
    )
}

#[test]
fn volumes_are_per_day_times_365_over_12_unless_the_scenario_says_otherwise() {
    let books = prices(&[("render.toml", RENDER)]);
    // By default a month of volumes is the 730-hour month's 365/12 = 30.4167 days:
    //   10 GB a day × 365/12 = 304.1667 GB − 5 GB included (Hobby) = 299.1667 GB × $0.15
    //   = $44.875; the starter instance is $7 either way: $51.875.
    let r = price(&render_bandwidth_text(""), &books);
    assert_usd(component(&r, "(account)", "plan"), 0.0);
    assert_usd(component(&r, "web", "compute"), 7.0);
    assert_usd(component(&r, "(account)", "bandwidth"), 44.875);
    assert_usd(r.monthly_cost_usd, 51.875);
    assert!(!r.assumptions.iter().any(|a| a.contains("days_per_month")), "{:?}", r.assumptions);
    // `days_per_month = 30`: 10 GB × 30 = 300 GB − 5 = 295 GB × $0.15 = $44.25; the
    // instance is still $7 (it is priced by the month, not by the day): $51.25. The basis
    // is stated as an assumption of the option.
    let r = price(&render_bandwidth_text("days_per_month = 30"), &books);
    assert_usd(component(&r, "web", "compute"), 7.0);
    assert_usd(component(&r, "(account)", "bandwidth"), 44.25);
    assert_usd(r.monthly_cost_usd, 51.25);
    let basis: Vec<&String> = r.assumptions.iter().filter(|a| a.contains("days_per_month")).collect();
    assert_eq!(basis.len(), 1, "{:?}", r.assumptions);
    assert!(basis[0].contains("per day × 30 days") && basis[0].contains("365/12"), "{}", basis[0]);
    // 365/12 written out is the default, not an override: no assumption
    let r = price(&render_bandwidth_text("days_per_month = 30.416666666666668"), &books);
    assert_usd(component(&r, "(account)", "bandwidth"), 44.875);
    assert!(!r.assumptions.iter().any(|a| a.contains("days_per_month")), "{:?}", r.assumptions);
}

#[test]
fn render_reports_a_missing_cron_rate_instead_of_a_zero() {
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "report"
kind = "cron"
runs_per_day = 1
run_minutes = 5
memory_base_mb = 1500
[[stage]]
name = "MVP"
users = 10
daily_active = 1.0
[[option]]
name = "Render"
platform = "render"
"#;
    let r = price(scenario, &prices(&[("render.toml", RENDER)]));
    // 1,500 MB does not fit a starter (512 MB): standard, whose per-minute price is unknown
    assert_eq!(r.missing_prices.len(), 1, "{:?}", r.missing_prices);
    assert_eq!(r.missing_prices[0].entry, "rates.cron_minute_standard");
    assert_usd(r.monthly_cost_usd, 0.0);
}

pub const VERCEL: &str = r#"
schema = 1
provider = "vercel"
title = "Vercel test book"
currency = "USD"
as_of = 2026-04-03
default_region = "iad1"
[sources.T]
url = "https://vercel.com/docs/plans/pro-plan"
date = "2026-04-03"
[plans.hobby]
price = 0
rank = 0
source = "T"
included = { fdt_gb = 100, edge_requests = 1000000, invocations = 1000000, active_cpu_hours = 4, memory_gb_hours = 360 }
limits = { fdt_gb = 100, edge_requests = 1000000, invocations = 1000000, active_cpu_hours = 4, memory_gb_hours = 360 }
[plans.pro]
price = 20
rank = 1
source = "T"
included = { fdt_gb = 1000, edge_requests = 10000000, invocations = 1000000, credit_usd = 20, seats = 1 }
features = ["commercial"]
[rates.seat]
price = 20
unit = "month"
source = "T"
[rates.fdt_gb]
price = 0.15
unit = "GB"
source = "T"
[rates.edge_requests_1m]
price = 2.0
unit = "1M requests"
source = "T"
[rates.invocations_1m]
price = 0.60
unit = "1M invocations"
source = "T"
[rates.active_cpu_hour]
price = 0.128
unit = "CPU-hour"
source = "T"
[rates.memory_gb_hour]
price = 0.0106
unit = "GB-hour"
source = "T"
[regions.iad1]
source = "T"
prices = { fdt_gb = 0.15 }
"#;

fn vercel_scenario(users: u32, commercial: bool, plan: &str) -> String {
    format!(
        r#"
[scenario]
name = "t"
commercial = {commercial}
[[service]]
name = "web"
kind = "web"
frontend = "nextjs"
requests_per_user_day = 100
cpu_ms_per_request = 20
latency_ms = 200
response_kb = 50
[[stage]]
name = "S"
users = {users}
daily_active = 1.0
peak_to_average = 1.0
[[option]]
name = "Hybrid"
platform = "vercel_fly"
seats = 3
{plan}
"#
    )
}

#[test]
fn vercel_pro_usage_is_paid_from_the_credit_first() {
    // 1,667 users × 100 req × 365/12 days = 5,070,458.33 requests a month.
    let r = price(&vercel_scenario(1667, true, ""), &prices(&[("vercel.toml", VERCEL)]));
    let req: f64 = 1667.0 * 100.0 * 365.0 / 12.0;
    // invocations: (5.070458M − 1M included) × $0.60 = $2.442275
    let inv = (req / 1e6 - 1.0) * 0.60;
    assert!((inv - 2.442275).abs() < 1e-6);
    // active CPU: 5.070458M × 20 ms / 3.6M ms = 28.1692 h × $0.128 = $3.6057
    let cpu = req * 20.0 / 3.6e6 * 0.128;
    // memory: flat rate λ = 166,700 a day / 86,400 s = 1.9294/s; in flight 0.2 s × λ
    //   = 0.38588; instances max(0.38588 / 25, min(0.38588, 1)) = 0.38588 × 730 h × 2 GB
    //   = 563.38 GB-h × $0.0106 = $5.9719
    let lam = 1667.0 * 100.0 / 86400.0;
    let mem = lam * 0.2 * 730.0 * 2.0 * 0.0106;
    // data transfer 5.070M × 50 KB = 241.8 GB < 1 TB included; edge requests < 10M included
    let usage = inv + cpu + mem;
    assert_usd(component(&r, "web", "function invocations"), inv);
    assert_usd(component(&r, "web", "active CPU"), cpu);
    assert_usd(component(&r, "web", "provisioned memory"), mem);
    assert_usd(component(&r, "web", "data transfer"), 0.0);
    // credit covers usage up to $20: 2.4423 + 3.6057 + 5.9719 = −$12.0198
    assert_usd(component(&r, "(account)", "usage credit"), -usage.min(20.0));
    // $20 platform fee + 2 extra seats × $20 = $60, usage fully covered
    assert_usd(r.monthly_cost_usd, 60.0);
}

#[test]
fn vercel_hobby_is_flagged_for_commercial_use_and_over_its_caps() {
    let r = price(&vercel_scenario(10000, true, "plan = \"hobby\""), &prices(&[("vercel.toml", VERCEL)]));
    assert_usd(r.monthly_cost_usd, 0.0);
    assert!(r.warnings.iter().any(|w| w.contains("non-commercial")), "{:?}", r.warnings);
    // 30M edge requests > 1M cap
    assert!(r.warnings.iter().any(|w| w.contains("edge requests") && w.contains("over the cap")), "{:?}", r.warnings);
    // a non-commercial product gets Hobby without being asked, and no warning about it
    let r = price(&vercel_scenario(10, false, ""), &prices(&[("vercel.toml", VERCEL)]));
    assert!(r.line_items.iter().any(|l| l.detail.contains("`hobby`")));
    assert!(!r.warnings.iter().any(|w| w.contains("non-commercial")));
}

pub const HETZNER: &str = r#"
schema = 1
provider = "hetzner"
title = "Hetzner test book"
currency = "EUR"
as_of = 2026-09-08
[sources.T]
url = "https://www.hetzner.com/cloud"
date = "2026-09-08"
[sizes.cx23]
vcpus = 2
sustained_cpu = 2
memory_mb = 4096
price = 5.49
disk_gb = 40
included_traffic_gb = 20480
source = "T"
[sizes.cx33]
vcpus = 4
sustained_cpu = 4
memory_mb = 8192
price = 8.49
disk_gb = 80
included_traffic_gb = 20480
source = "T"
[rates.backup_fraction]
price = 0.2
unit = "fraction"
source = "T"
"#;

pub const EXCHANGE: &str = r#"
schema = 1
provider = "exchange"
title = "Exchange rates"
currency = "USD"
as_of = 2026-09-08
[sources.T]
url = "https://example.org/rates"
date = "2026-09-08"
[to_usd.EUR]
price = 1.16
unit = "USD per EUR"
source = "T"
"#;

fn compose_scenario(extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
memory_base_mb = 1024
memory_per_request_mb = 0
cpu_reserve = 0.5
[[service]]
name = "db"
kind = "postgres"
memory_base_mb = 512
storage_gb = 4
cpu_reserve = 0.25
[[stage]]
name = "S"
users = 100
daily_active = 0.5
[[option]]
name = "Compose"
platform = "compose"
ops_hours_per_month = 2
ops_hourly_rate_usd = 50
service.api = {{ instances = 2 }}
{extra}
"#
    )
}

#[test]
fn compose_packs_containers_on_the_cheapest_nodes() {
    // containers: api 2 × (0.5 CPU, 1,024 MB); db (0.25 CPU, (512 + 4 GB × 0.25 × 1,024) / 0.9 = 1,706.7 MB)
    // cx23 holds (4,096 − 512) × 0.8 = 2,867 MB: db + one api, then a second node → 2 × €5.49 = €10.98
    // cx33 holds (8,192 − 512) × 0.8 = 6,144 MB: all three → 1 × €8.49: cheaper
    let r = price(&compose_scenario(""), &prices(&[("hetzner.toml", HETZNER), ("exchange.toml", EXCHANGE)]));
    // nodes: €8.49 × 1.16 = $9.8484
    assert_usd(component(&r, "(nodes)", "nodes"), 8.49 * 1.16);
    // backups: 20% × €8.49 × 1.16 = $1.96968
    assert_usd(component(&r, "(nodes)", "backups"), 0.2 * 8.49 * 1.16);
    // team time: 2 h × $50 = $100, its own part, outside the cash bill
    assert_usd(r.team_time_usd, 100.0);
    assert_usd(r.labour_usd, 100.0);
    assert_usd(r.monthly_cost_usd, 8.49 * 1.16 * 1.2);
    assert_usd(r.with_team_time_usd, 8.49 * 1.16 * 1.2 + 100.0);
    assert!(r.line_items.iter().any(|l| l.currency == "EUR" && (l.unit_price - 8.49).abs() < 1e-9));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn compose_on_two_nodes_runs_swarm_and_reports_the_missing_load_balancer() {
    // pinned to cx23 (room 2,867 MB): the two api containers (2 × 1,024 MB) on one app
    // node, the db (1,706.7 MB) on its own node → Docker Swarm on 2 nodes
    let r = price(&compose_scenario("node_size = \"cx23\""), &prices(&[("hetzner.toml", HETZNER), ("exchange.toml", EXCHANGE)]));
    // 2 × €5.49 × 1.16 = $12.7368
    assert_usd(component(&r, "(nodes)", "nodes"), 2.0 * 5.49 * 1.16);
    assert!(r.warnings.iter().any(|w| w.contains("Docker Swarm")), "{:?}", r.warnings);
    // this test book has no load balancer, private network or IPv4 price
    assert!(r.missing_prices.iter().any(|m| m.entry == "rates.load_balancer"), "{:?}", r.missing_prices);
    assert!(r.missing_prices.iter().any(|m| m.entry == "rates.private_network"), "{:?}", r.missing_prices);
}

#[test]
fn compose_without_an_exchange_rate_reports_it_missing() {
    let r = price(&compose_scenario(""), &prices(&[("hetzner.toml", HETZNER)]));
    assert!(r.missing_prices.iter().any(|m| m.entry == "to_usd.EUR"), "{:?}", r.missing_prices);
}

#[test]
fn a_colocated_service_adds_its_memory_and_cpu_to_its_host() {
    // web: 2,000 users × 10 req × 10 ms = 200,000 CPU-ms a day; the colocated bot:
    // 2,000 × 40 messages × 50 ms = 4,000,000 CPU-ms a day. Together 4,200,000 ms /
    // 86,400 s = 48.61 ms/s = 0.04861 cores at a flat rate; a shared vCPU sustains
    // 0.0625 × 70% = 0.04375 → 1.11 → 2 machines (web alone: 0.0023 cores → 1).
    // Memory: 200 + 300 = 500 MB at rest, above 512 × 0.9 = 460.8 MB: a warning.
    let scenario = r#"
[scenario]
name = "t"
[[service]]
name = "web"
kind = "web"
requests_per_user_day = 10
cpu_ms_per_request = 10
response_kb = 0
memory_base_mb = 200
[[service]]
name = "bot"
kind = "bot"
jobs_per_user_day = 40
cpu_ms_per_job = 50
response_kb = 0
memory_base_mb = 300
[[stage]]
name = "MVP"
users = 2000
daily_active = 1.0
peak_to_average = 1.0
[[option]]
name = "Fly"
platform = "fly"
service.web = { size = "shared-cpu-1x-512mb" }
service.bot = { colocate_with = "web" }
"#;
    let r = price(scenario, &prices(&[("fly-io.toml", FLY)]));
    let web = r.services.iter().find(|s| s.name == "web").expect("web listed");
    assert_eq!((web.peak_instances, web.bound.as_str()), (2, "CPU"));
    // 2 × $3.19 = $6.38; the bot adds no machine of its own
    assert_usd(r.monthly_cost_usd, 6.38);
    assert!(r.warnings.iter().any(|w| w.contains("needs 500 MB at rest")), "{:?}", r.warnings);
    let bot = r.services.iter().find(|s| s.name == "bot").expect("bot listed");
    assert_eq!(bot.provider, "colocated");
}

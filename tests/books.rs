//! The price books as refreshed: month basis, aliases, validation, secondary
//! sources, and the bills they give (Hetzner IPv4 and load balancer, Compose on
//! Docker Swarm, Render cron and Postgres HA, Fly's 730-hour month), each worked
//! by hand from the bundled books' figures.

use std::path::Path;

use hostcast::billing::{Context, compose};
use hostcast::findings::{FindingKind, Severity};
use hostcast::pricing::Prices;
use hostcast::simulate::OptionResult;

use crate::helpers::{assert_usd, component, price, repo, scenario};

/// EUR → USD in `pricing/exchange.toml`.
const EUR: f64 = 1.16;

fn bundled() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled books load")
}

fn compose_text(extra_stage: &str) -> String {
    format!(
        r#"
[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
memory_base_mb = 1024
memory_per_request_mb = 0
cpu_reserve = 1.2
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
{extra_stage}
[[option]]
name = "Compose"
platform = "compose"
node_size = "cx23"
ops_hours_per_month = 2
ops_hourly_rate_usd = 50
service.api = {{ instances = 2 }}
"#
    )
}

fn kinds(r: &OptionResult) -> Vec<(FindingKind, Severity)> {
    r.diagnostics.iter().map(|f| (f.kind, f.severity)).collect()
}

#[test]
fn compose_on_three_hetzner_nodes_priced_by_hand() {
    // Containers: api 2 × (1.2 CPU, 1,024 MB); db (0.25 CPU, (512 + 4 GB × 0.25 ×
    // 1,024) / 0.9 = 1,706.7 MB, a 5 GB volume = ⌈4 × 1.25⌉).
    // cx23 (pinned): room 2 × 0.8 = 1.6 CPU and (4,096 − 512) × 0.8 = 2,867 MB, so
    // not all on one node (2.65 CPU): Docker Swarm with 2 app nodes (one api
    // replica each, 2.4 CPU do not share one) and the db on its own node = 3 nodes.
    //   nodes     3 × €5.49                        = €16.47
    //   backups   20% × €16.47 (app: backups on; db: always) = €3.294
    //   IPv4      3 × €0.50                        = €1.50
    //   volume    5 GB, billed as Hetzner's smallest volume, 10 GB × €0.0572 = €0.572
    //   LB11      1 × €7.49                        = €7.49
    //   network   €0 (private networks are free)
    //   hosting   €29.326 × 1.16                   = $34.01816
    //   team time 2 h × $50                        = $100
    let r = price(&compose_text(""), &bundled());
    assert_usd(component(&r, "(nodes)", "nodes"), 3.0 * 5.49 * EUR);
    assert_usd(component(&r, "(nodes)", "backups"), 0.2 * 3.0 * 5.49 * EUR);
    assert_usd(component(&r, "(nodes)", "ipv4"), 3.0 * 0.50 * EUR);
    assert_usd(component(&r, "(nodes)", "volume"), 10.0 * 0.0572 * EUR);
    assert_usd(component(&r, "(nodes)", "load balancer"), 7.49 * EUR);
    assert_usd(component(&r, "(nodes)", "private network"), 0.0);
    assert_usd(r.infrastructure_usd, 29.326 * EUR);
    assert_usd(r.labour_usd, 100.0);
    assert!(r.missing_prices.is_empty(), "{:?}", r.missing_prices);
    // complete and recommendable: Swarm is an info finding; cx23's orderability a caution
    assert!(kinds(&r).contains(&(FindingKind::MultiNode, Severity::Info)), "{:?}", r.diagnostics);
    assert!(kinds(&r).contains(&(FindingKind::NotOrderable, Severity::Caution)), "{:?}", r.diagnostics);
    assert!(!r.diagnostics.iter().any(|f| f.is_blocking()), "{:?}", r.diagnostics);
    let ipv4 = r.line_items.iter().find(|l| l.component == "ipv4").expect("an IPv4 line");
    assert_eq!((ipv4.source.entry.as_str(), ipv4.source.secondary), ("rates.ipv4", true));
}

#[test]
fn compose_on_three_digitalocean_droplets_priced_by_hand() {
    // The same containers on s-2vcpu-4gb (2 vCPU, 4 GB: the room of a cx23):
    //   Droplets  3 × $24                       = $72
    //   backups   20% × $72                     = $14.40
    //   IPv4      included in the Droplet price
    //   volume    5 GB × $0.10                  = $0.50
    //   load balancer, one node                 = $12
    //   VPC network                             = $0
    //   hosting                                 = $98.90
    let text = compose_text("").replace("node_size = \"cx23\"", "host = \"digitalocean\"\nnode_size = \"s-2vcpu-4gb\"");
    let r = price(&text, &bundled());
    assert_usd(component(&r, "(nodes)", "nodes"), 72.0);
    assert_usd(component(&r, "(nodes)", "ipv4"), 0.0);
    assert_usd(component(&r, "(nodes)", "load balancer"), 12.0);
    assert_usd(r.infrastructure_usd, 98.9);
    assert!(r.missing_prices.is_empty(), "{:?}", r.missing_prices);
}

#[test]
fn the_bill_records_the_node_count() {
    let p = bundled();
    let s = scenario(&compose_text(""));
    let ctx = Context::new(&s, &s.file.stages[0], &s.file.options[0], &p);
    let services: Vec<_> = s.file.services.iter().collect();
    let bill = compose::bill(&ctx, &services).expect("bills");
    assert_eq!(bill.compose_nodes, 3);
}

#[test]
fn a_high_availability_stage_adds_a_database_replica_on_its_own_node() {
    // As above with high_availability: 2 app nodes, the db and its replica each on
    // a node = 4 × cx23, each volume 5 GB, billed as Hetzner's smallest, 10 GB:
    //   nodes 4 × 5.49 = 21.96; backups 20% = 4.392; IPv4 4 × 0.50 = 2.00;
    //   volumes 2 × 10 GB × 0.0572 = 1.144; LB 7.49 → €36.986 × 1.16 = $42.90376
    let r = price(&compose_text("high_availability = true"), &bundled());
    assert_usd(component(&r, "(nodes)", "nodes"), 4.0 * 5.49 * EUR);
    assert_usd(component(&r, "(nodes)", "volume"), 20.0 * 0.0572 * EUR);
    assert_usd(r.infrastructure_usd, 36.986 * EUR);
    assert!(r.line_items.iter().any(|l| l.detail.starts_with("database replica: cx23")), "{:?}", r.line_items);
}

#[test]
fn one_hetzner_node_pays_its_ipv4_and_no_load_balancer() {
    // api 1 × (0.5 CPU, 1,024 MB) + db (0.25 CPU, 1,706.7 MB) fit one cx23
    // (1.6 CPU, 2,867 MB): €5.49 + 20% backups €1.098 + IPv4 €0.50, data (5 GB) on
    // the local disk (40 − 20 GB free) → €7.088 × 1.16 = $8.22208
    let text = compose_text("").replace("cpu_reserve = 1.2", "cpu_reserve = 0.5").replace("instances = 2", "instances = 1");
    let r = price(&text, &bundled());
    assert_usd(component(&r, "(nodes)", "ipv4"), 0.50 * EUR);
    assert_usd(component(&r, "(nodes)", "load balancer"), 0.0);
    assert_usd(r.infrastructure_usd, 7.088 * EUR);
    assert!(!kinds(&r).iter().any(|(k, _)| *k == FindingKind::MultiNode));
}

#[test]
fn a_container_no_node_holds_is_named_and_the_rest_still_priced() {
    // api needs 1,000,000 MB: no Hetzner type holds it (a blocking finding naming
    // it); the db still runs on one cx23 (€5.49 + 20% + €0.50), so the total is a
    // lower bound above zero, not $0.00
    let text = compose_text("").replace("memory_base_mb = 1024", "memory_base_mb = 1000000").replace("node_size = \"cx23\"\n", "");
    let r = price(&text, &bundled());
    let f = r.diagnostics.iter().find(|f| f.kind == FindingKind::NothingFits).expect("a NothingFits finding");
    assert!(f.is_blocking() && f.message.contains("`api`") && f.service.as_deref() == Some("api"), "{f:?}");
    assert!(!r.missing_prices.is_empty());
    assert_usd(r.infrastructure_usd, (5.49 * 1.2 + 0.50) * EUR);
}

fn render_cron_text(minutes: u32) -> String {
    let mut t = String::from("[scenario]\nname = \"t\"\n");
    for size in ["starter", "standard", "pro", "pro-plus", "1c-2g"] {
        t.push_str(&format!("[[service]]\nname = \"c-{size}\"\nkind = \"cron\"\nruns_per_day = 1\nrun_minutes = {minutes}\nmemory_base_mb = 100\n"));
    }
    t.push_str("[[stage]]\nname = \"S\"\nusers = 10\ndaily_active = 1.0\n[[option]]\nname = \"Render\"\nplatform = \"render\"\n");
    for size in ["starter", "standard", "pro", "pro-plus", "1c-2g"] {
        t.push_str(&format!("service.c-{size} = {{ size = \"{size}\" }}\n"));
    }
    t
}

#[test]
fn render_cron_at_every_instance_type_with_its_one_dollar_minimum() {
    // 1 run a day × 100 min × 365/12 days = 3,041.67 min a month:
    //   starter  3,041.67 × $0.00016 = $0.4867 → the $1 minimum
    //   standard 3,041.67 × $0.00058 = $1.7642
    //   pro      3,041.67 × $0.00197 = $5.9921
    //   pro-plus 3,041.67 × $0.00313 = $9.5204
    //   1c-2g (Standard's new id) prices like standard: $1.7642
    let minutes = 100.0 * 365.0 / 12.0;
    let r = price(&render_cron_text(100), &bundled());
    for (svc, want) in
        [("c-starter", 1.0), ("c-standard", minutes * 0.00058), ("c-pro", minutes * 0.00197), ("c-pro-plus", minutes * 0.00313), ("c-1c-2g", minutes * 0.00058)]
    {
        assert_usd(component(&r, svc, "cron"), want);
    }
    assert!((component(&r, "c-pro", "cron") - 5.9921).abs() < 1e-4);
    // 10 min a run: 304.17 min; every type is under $1 (0.0487, 0.1764, 0.5992, 0.9520):
    // $1 each
    let r = price(&render_cron_text(10), &bundled());
    for svc in ["c-starter", "c-standard", "c-pro", "c-pro-plus", "c-1c-2g"] {
        assert_usd(component(&r, svc, "cron"), 1.0);
    }
    // Hobby workspace ($0) + 5 × $1
    assert_usd(r.monthly_cost_usd, 5.0);
    assert!(r.missing_prices.is_empty(), "{:?}", r.missing_prices);
}

fn render_pg_text(ha: bool, pin: &str) -> String {
    format!(
        "[scenario]\nname = \"t\"\n[[service]]\nname = \"db\"\nkind = \"postgres\"\nstorage_gb = 10\nworking_set_ratio = 0.05\n\
         [[stage]]\nname = \"S\"\nusers = 10\ndaily_active = 1.0\nhigh_availability = {ha}\n\
         [[option]]\nname = \"Render\"\nplatform = \"render\"\n{pin}\n"
    )
}

#[test]
fn render_postgres_ha_bills_a_standby_of_the_same_type() {
    // HA needs a Pro Postgres type or higher: the cheapest that holds 10 GB × 0.05 =
    // 512 MB of working set is pro-4gb at $55; the standby is billed the same, $55;
    // storage 10 GB (a multiple of 5) × $0.30 = $3, once; a team workspace: Pro $25.
    //   25 + 55 + 55 + 3 = $138
    let r = price(&render_pg_text(true, ""), &bundled());
    assert_usd(component(&r, "db", "postgres"), 55.0);
    assert_usd(component(&r, "db", "postgres standby"), 55.0);
    assert_usd(component(&r, "db", "storage"), 3.0);
    assert_usd(component(&r, "(account)", "plan"), 25.0);
    assert_usd(r.monthly_cost_usd, 138.0);
    // without HA: basic-1gb ($19, 1 GB holds 512 MB) on Hobby + storage $3 = $22
    let r = price(&render_pg_text(false, ""), &bundled());
    assert_usd(r.monthly_cost_usd, 22.0);
    assert_usd(component(&r, "db", "postgres standby"), 0.0);
}

#[test]
fn a_pinned_postgres_alias_prices_like_its_key_and_cannot_run_a_standby() {
    // `0.5c-1g` is the August 2026 id of basic-1gb: $19 + storage $3 = $22
    let r = price(&render_pg_text(false, "service.db = { plan = \"0.5c-1g\" }"), &bundled());
    assert_usd(r.monthly_cost_usd, 22.0);
    assert!(r.line_items.iter().any(|l| l.source.entry == "postgres.basic-1gb"), "{:?}", r.line_items);
    // at an HA stage a Basic plan cannot have a standby: blocking
    let r = price(&render_pg_text(true, "service.db = { plan = \"0.5c-1g\" }"), &bundled());
    assert!(kinds(&r).contains(&(FindingKind::PlanLimit, Severity::Blocking)), "{:?}", r.diagnostics);
    // a renamed instance id prices like its key: `0.5c-512mb` is starter, $7
    let web = "[scenario]\nname = \"t\"\n[[service]]\nname = \"web\"\nkind = \"web\"\n[[stage]]\nname = \"S\"\nusers = 10\ndaily_active = 1.0\n\
               [[option]]\nname = \"Render\"\nplatform = \"render\"\nservice.web = { size = \"0.5c-512mb\", instances = 1 }\n";
    let r = price(web, &bundled());
    assert_usd(component(&r, "web", "compute"), 7.0);
}

#[test]
fn fly_prices_quoted_per_30_days_are_billed_per_730_hours() {
    // shared-cpu-1x-256mb: $1.94 per 30 days (720 h) × 730 / 720 = $1.966944 a month;
    // the line keeps Fly's own figure
    let text = "[scenario]\nname = \"t\"\n[[service]]\nname = \"api\"\nkind = \"api\"\nmemory_base_mb = 100\n\
                [[service]]\nname = \"db\"\nkind = \"postgres\"\nstorage_gb = 20\nworking_set_ratio = 0.01\n\
                [[stage]]\nname = \"S\"\nusers = 10\ndaily_active = 1.0\n\
                [[option]]\nname = \"Fly\"\nplatform = \"fly\"\nregion = \"iad\"\n\
                service.api = { size = \"shared-cpu-1x-256mb\", instances = 1 }\nservice.db = { deploy = \"machine\" }\n";
    let r = price(text, &bundled());
    assert_usd(component(&r, "api", "compute"), 1.94 * 730.0 / 720.0);
    let line = r.line_items.iter().find(|l| l.service == "api" && l.component == "compute").expect("compute line");
    assert!(line.detail.contains("vendor: 1.94 USD per 30 days"), "{}", line.detail);
    // the self-run db: volume ⌈20 × 1.25⌉ = 25 GB × $0.15 × 730/720 = $3.802083;
    // snapshots on the 20 GB stored (not the 25 provisioned) − 10 free = 10 GB ×
    // $0.08 × 730/720 = $0.811111
    assert_usd(component(&r, "db", "volume"), 25.0 * 0.15 * 730.0 / 720.0);
    assert_usd(component(&r, "db", "snapshots"), 10.0 * 0.08 * 730.0 / 720.0);
    // Managed Postgres (20 GB × 0.01 × 1,024 = 205 MB of working set: basic) is a
    // plan fee per month, taken as quoted: $38
    let managed = text.replace("service.db = { deploy = \"machine\" }\n", "");
    let r = price(&managed, &bundled());
    assert_usd(component(&r, "db", "postgres"), 38.0);
}

const BASE: &str = r#"
schema = 1
provider = "hetzner"
title = "Test"
currency = "USD"
as_of = 2026-11-01
checked = 2026-12-01
[sources.T]
url = "https://example.org/pricing"
date = "2026-11-01"
[sizes.n]
vcpus = 1
sustained_cpu = 1
memory_mb = 1024
price = 5
source = "T"
[plans.p]
price = 0
source = "T"
[postgres.pg]
price = 10
memory_mb = 1024
source = "T"
[redis.kv]
price = 10
memory_mb = 256
source = "T"
[rates.r]
price = 1
unit = "GB"
source = "T"
"#;

fn load(text: &str) -> Result<Prices, String> {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("p.toml"), text).expect("write");
    Prices::load_dir(dir.path()).map_err(|e| e.to_string())
}

/// `BASE` with `line` added under the table header `table`.
fn with(table: &str, line: &str) -> String {
    BASE.replace(&format!("{table}\n"), &format!("{table}\n{line}\n"))
}

#[test]
fn a_book_with_nan_or_a_negative_in_any_field_is_refused_naming_the_entry() {
    assert!(load(BASE).is_ok(), "{:?}", load(BASE).err());
    let cases = [
        ("[sizes.n]", "disk_gb = nan", "sizes.n.disk_gb"),
        ("[sizes.n]", "included_traffic_gb = -1", "sizes.n.included_traffic_gb"),
        ("[plans.p]", "included = { bandwidth_gb = nan }", "plans.p.included.bandwidth_gb"),
        ("[plans.p]", "limits = { services = -5 }", "plans.p.limits.services"),
        ("[postgres.pg]", "vcpus = -1", "postgres.pg.vcpus"),
        ("[postgres.pg]", "max_connections = nan", "postgres.pg.max_connections"),
        ("[postgres.pg]", "storage_gb_included = -1", "postgres.pg.storage_gb_included"),
        ("[postgres.pg]", "storage_gb_max = inf", "postgres.pg.storage_gb_max"),
        ("[redis.kv]", "included = { bandwidth_gb = -1 }", "redis.kv.included.bandwidth_gb"),
        ("[rates.r]", "free = nan", "rates.r.free"),
        ("[rates.r]", "minimum = -1", "rates.r.minimum"),
    ];
    for (table, line, entry) in cases {
        let text = with(table, line);
        let e = load(&text).expect_err(line);
        assert!(e.contains(entry) && e.contains("finite and not negative"), "{line}: {e}");
        // located at the value's line: the line added under the table header
        let want = text.lines().position(|l| l == line).map(|i| i + 1).unwrap_or(0);
        assert!(e.contains(&format!("p.toml:{want}:")), "{line}: want line {want} in {e}");
    }
}

#[test]
fn month_basis_secondary_sources_and_aliases_are_checked() {
    let e = load(&BASE.replace("checked = 2026-12-01", "checked = 2026-12-01\nmonth_basis = \"fortnight\"")).expect_err("unknown basis");
    assert!(e.contains("fortnight") && e.contains("hours_730"), "{e}");
    let e = load(&with("[sources.T]", "secondary = true")).expect_err("no reason");
    assert!(e.contains("sources.T") && e.contains("reason"), "{e}");
    assert!(load(&with("[sources.T]", "secondary = true\nreason = \"a third-party copy\"")).is_ok());
    let e = load(&with("[sizes.n]", "aliases = [\"n\"]")).expect_err("alias names a key");
    assert!(e.contains("alias `n`"), "{e}");
    let e = load(&BASE.replace("provider = \"hetzner\"", "provider = \"hetzner-cloud\"")).expect_err("unknown provider");
    assert!(e.contains("p.toml:3:12: unknown provider `hetzner-cloud`") && e.contains("digitalocean"), "{e}");
}

#[test]
fn a_30_day_book_converts_sizes_and_monthly_rates_but_not_plan_fees() {
    let text = BASE.replace("checked = 2026-12-01", "checked = 2026-12-01\nmonth_basis = \"30_days\"").replace("unit = \"GB\"", "unit = \"GB-month\"");
    let mut p = Prices::load_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing/archive/seed-002").as_path()).expect("archive loads");
    p.add(Path::new("p.toml"), &text).expect("loads");
    // $5 per 30 days × 730/720 = $5.069444
    let size = p.size("hetzner", "n", None, "test").expect("size");
    assert_usd(size.usd, 5.0 * 730.0 / 720.0);
    assert_eq!(size.source.quoted.as_deref(), Some("5 USD per 30 days"));
    assert_usd(p.rate("hetzner", "r", None, "test").expect("rate").usd, 730.0 / 720.0);
    assert_usd(p.plan("hetzner", "postgres", "pg", "test").expect("plan").usd, 10.0);
    // the archive's Fly book is taken as quoted: the document's $3.50
    assert_usd(p.size("fly", "shared-cpu-1x-256mb", None, "test").expect("archive size").usd, 3.5);
}

#[test]
fn hostcast_pricing_lists_checked_dates_and_secondary_sources() {
    let out = crate::helpers::hostcast().args(["pricing", "--today", "2026-12-01"]).current_dir(repo(".")).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Checked") && text.contains("Secondary") && text.contains("30_days"), "{text}");
    assert!(text.contains("Secondary sources (not the vendor's own text):"), "{text}");
    assert!(text.contains("embedded:render.toml#RND-OP (secondary): https://render.com/pricing"), "{text}");
    assert!(!text.contains("embedded:render.toml#RND-HA (secondary)"), "a vendor page is not secondary");
}

#[test]
fn vercel_functions_pay_fast_origin_transfer_by_region() {
    // 1,000 users × 100 requests × 365/12 days = 3,041,666.67 function responses of
    //   1,024 KB = 3,041,666.67 × 1,024 / 1,048,576 = 2,970.3776 GB through the CDN from
    //   the functions
    //   iad1: × $0.06 = $178.2227; dxb1: × $0.30 = $891.1133 (no included amount)
    let text = |region: &str| {
        format!(
            "[scenario]\nname = \"t\"\n[[service]]\nname = \"web\"\nkind = \"web\"\nfrontend = \"nextjs\"\nrequests_per_user_day = 100\nresponse_kb = 1024\n\
             [[stage]]\nname = \"S\"\nusers = 1000\ndaily_active = 1.0\n\
             [[option]]\nname = \"Hybrid\"\nplatform = \"vercel_fly\"\nvercel_region = \"{region}\"\n"
        )
    };
    let gb = 100_000.0 * 365.0 / 12.0 * 1024.0 / 1_048_576.0;
    let r = price(&text("iad1"), &bundled());
    assert_usd(component(&r, "web", "origin transfer"), gb * 0.06);
    assert!((component(&r, "web", "origin transfer") - 178.2227).abs() < 1e-4);
    let r = price(&text("dxb1"), &bundled());
    assert_usd(component(&r, "web", "origin transfer"), gb * 0.30);
    let fot = r.line_items.iter().find(|l| l.component == "origin transfer").expect("an origin-transfer line");
    assert_eq!((fot.source.entry.as_str(), fot.source.secondary), ("regions.dxb1.prices.fot_gb", true));
}

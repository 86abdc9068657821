//! Prices shown in another currency (`--currency`), the tax a buyer pays (`[tax]`,
//! `--tax`), overlays a scenario names, `compare --against` and `budget --max` in
//! the chosen currency, each on one Hetzner node worked by hand from the bundled
//! books.

use std::path::Path;
use std::process::Output;

use crate::helpers::{assert_usd, hostcast};

/// USD per EUR in `pricing/exchange.toml`.
const EUR: f64 = 1.16;
/// USD per GBP in `pricing/exchange.toml` (ECB reference rates of 2024-06-28).
const GBP: f64 = 1.2648;
/// The one-node bill in EUR: a cx23 €5.49 + 20% backups €1.098 + IPv4 €0.50 = €7.088.
const NODE_EUR: f64 = 7.088;

/// One api and one database on one Hetzner cx23 (Compose), 2 team hours at $50.
fn scenario_text(extra: &str) -> String {
    format!(
        r#"{extra}
[scenario]
name = "One node"
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
node_size = "cx23"
ops_hours_per_month = 2
ops_hourly_rate_usd = 50
"#
    )
}

/// A Hetzner overlay pricing the cx23 at `price` EUR.
fn cx23_overlay(price: f64) -> String {
    format!(
        "schema = 1\nprovider = \"hetzner\"\nas_of = 2026-11-01\n\n[sources.OURS]\nurl = \"https://example.com/hetzner-contract.pdf\"\ndate = \"2026-11-01\"\ntitle = \"Our contract\"\n\n[sizes.cx23]\nprice = {price}\nsource = \"OURS\"\n"
    )
}

fn run(dir: &Path, args: &[&str]) -> Output {
    hostcast().args(args).current_dir(dir).env("HOSTCAST_TODAY", "2026-12-01").output().expect("runs")
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = run(dir, args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn setup(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("one.toml"), scenario_text(extra)).expect("write");
    dir
}

#[test]
fn eur_shows_the_usd_bill_at_the_books_rate_and_names_it() {
    let dir = setup("");
    let v = json(dir.path(), &["compare", "one.toml", "--format", "json", "--currency", "EUR"]);
    let r = &v["results"][0];
    // the bill is computed in USD: €7.088 × 1.16 = $8.22208; shown in EUR it is
    // $8.22208 × (1 / 1.16) = €7.088, the Hetzner bill as Hetzner quotes it
    assert_usd(f(&r["monthly_cost_usd"]), NODE_EUR * EUR);
    assert_usd(f(&r["monthly_cost"]), NODE_EUR);
    assert_eq!(r["currency"], "EUR");
    assert_usd(f(&r["rate"]), 1.0 / EUR);
    assert_eq!(v["currency"]["date"], "2026-09-08");
    assert_eq!(v["currency"]["entry"], "embedded:exchange.toml#to_usd.EUR");
    assert!(v["currency"]["source"].as_str().is_some_and(|s| s.starts_with("https://")));
    let table = text(&run(dir.path(), &["compare", "one.toml", "--currency", "EUR"]));
    assert!(table.contains("€7.09") && table.contains("monthly cash bill (hosting + APIs), EUR"), "{table}");
    assert!(table.contains("1 EUR = 1.16 USD") && table.contains("2026-09-08"), "{table}");
    let md = text(&run(dir.path(), &["compare", "one.toml", "--format", "markdown", "--currency", "EUR"]));
    assert!(md.contains("| Compose | €7.09 ✓ |") && md.contains("EUR, net of VAT and sales tax"), "{md}");
    let csv = text(&run(dir.path(), &["compare", "one.toml", "--format", "csv", "--currency", "EUR"]));
    assert!(
        csv.lines().next().is_some_and(|h| h.ends_with(",monthly_cost_usd,source_book,source_entry,source_url,source_date,monthly_cost,shown_currency,rate")),
        "{csv}"
    );
    // the IPv4 line: €0.50 × 1.16 = $0.58, shown as €0.50
    assert!(csv.lines().any(|l| l.contains(",ipv4,") && l.contains(",0.5,EUR,")), "{csv}");
    // without --currency no field is added
    let usd = json(dir.path(), &["compare", "one.toml", "--format", "json"]);
    assert!(usd["results"][0].get("monthly_cost").is_none() && usd.get("currency").is_none());
}

#[test]
fn gbp_is_the_ecb_cross_rate_and_a_currency_without_a_rate_is_an_error() {
    let dir = setup("");
    let v = json(dir.path(), &["compare", "one.toml", "--format", "json", "--currency", "gbp"]);
    // $8.22208 / 1.2648 USD per GBP = £6.50070
    assert_usd(f(&v["results"][0]["monthly_cost"]), NODE_EUR * EUR / GBP);
    assert_eq!(v["currency"]["date"], "2024-06-28");
    let out = run(dir.path(), &["compare", "one.toml", "--currency", "JPY"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("USD→JPY") && err.contains("embedded:exchange.toml") && err.contains("[to_usd.JPY]"), "{err}");
    assert!(out.stdout.is_empty(), "nothing is printed in a default currency");
}

#[test]
fn nineteen_percent_on_a_hetzner_bill_is_one_line_of_its_own() {
    for (extra, flags) in [("", vec!["--tax", "19%"]), ("", vec!["--tax", "0.19"]), ("[tax]\nproviders.hetzner = 0.19\nnote = \"German VAT\"\n", vec![])] {
        let dir = setup(extra);
        let mut args = vec!["compare", "one.toml", "--format", "json"];
        args.extend(flags.iter().copied());
        let v = json(dir.path(), &args);
        let r = &v["results"][0];
        let lines = r["line_items"].as_array().cloned().unwrap_or_default();
        let tax: Vec<_> = lines.iter().filter(|l| l["component"] == "tax").collect();
        assert_eq!(tax.len(), 1, "one tax line for the one provider: {tax:?}");
        // 19% of the net Hetzner bill $8.22208 = $1.562195; the team's $100 is not taxed
        assert_usd(f(&tax[0]["monthly_cost_usd"]), 0.19 * NODE_EUR * EUR);
        assert_eq!(tax[0]["provider"], "hetzner");
        assert_eq!(tax[0]["part"], "hosting");
        assert_usd(f(&r["tax_usd"]), 0.19 * NODE_EUR * EUR);
        // cash bill $8.22208 × 1.19 = $9.784275; with team time + $100
        assert_usd(f(&r["monthly_cost_usd"]), NODE_EUR * EUR * 1.19);
        assert_usd(f(&r["with_team_time_usd"]), NODE_EUR * EUR * 1.19 + 100.0);
        let table_args: Vec<&str> = ["compare", "one.toml"].into_iter().chain(flags.iter().copied()).collect();
        let table = text(&run(dir.path(), &table_args));
        assert!(table.contains("including the tax the buyer pays"), "{table}");
    }
    let out = run(setup("").path(), &["compare", "one.toml", "--tax", "119%"]);
    assert_eq!(out.status.code(), Some(2), "a rate above 100% is a usage error");
    let plain = text(&run(setup("").path(), &["compare", "one.toml"]));
    assert!(plain.contains("net of VAT and sales tax"), "{plain}");
}

#[test]
fn a_scenarios_own_overlay_comes_under_the_command_lines() {
    let dir = setup("overlays = [\"ops/contract.toml\"]");
    std::fs::create_dir_all(dir.path().join("ops")).expect("dir");
    std::fs::write(dir.path().join("ops/contract.toml"), cx23_overlay(5.00)).expect("write");
    std::fs::write(dir.path().join("trial.toml"), cx23_overlay(4.00)).expect("write");
    // the scenario's overlay: (€5.00 + 20% + €0.50) × 1.16 = €6.50 × 1.16 = $7.54
    let v = json(dir.path(), &["compare", "one.toml", "--format", "json"]);
    assert_usd(f(&v["results"][0]["monthly_cost_usd"]), 6.50 * EUR);
    // run from another folder: the path is relative to the scenario file
    let elsewhere = tempfile::tempdir().expect("dir");
    let path = dir.path().join("one.toml");
    let v = json(elsewhere.path(), &["compare", path.to_str().unwrap_or_default(), "--format", "json"]);
    assert_usd(f(&v["results"][0]["monthly_cost_usd"]), 6.50 * EUR);
    // --overlay is laid after it and wins: (€4.00 × 1.2 + €0.50) × 1.16 = €5.30 × 1.16 = $6.148
    let v = json(dir.path(), &["compare", "one.toml", "--format", "json", "--overlay", "trial.toml"]);
    assert_usd(f(&v["results"][0]["monthly_cost_usd"]), 5.30 * EUR);
    // so does HOSTCAST_OVERLAY
    let out = hostcast()
        .args(["compare", "one.toml", "--format", "json"])
        .current_dir(dir.path())
        .env("HOSTCAST_TODAY", "2026-12-01")
        .env("HOSTCAST_OVERLAY", dir.path().join("trial.toml"))
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_usd(f(&v["results"][0]["monthly_cost_usd"]), 5.30 * EUR);
    // a named overlay that is not there is an error naming it
    std::fs::remove_file(dir.path().join("ops/contract.toml")).expect("rm");
    let out = run(dir.path(), &["compare", "one.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("contract.toml"));
}

#[test]
fn compare_against_an_overlay_shows_each_total_under_both_price_sets() {
    let dir = setup("");
    std::fs::write(dir.path().join("contract.toml"), cx23_overlay(5.00)).expect("write");
    let v = json(dir.path(), &["compare", "one.toml", "--against", "contract.toml", "--format", "json"]);
    let row = &v["rows"][0];
    // old $8.22208, new $7.54 (see above): change (6.50 − 7.088) × 1.16 = −$0.68208,
    // −0.588 / 7.088 = −8.296%
    assert_usd(f(&row["old_usd"]), NODE_EUR * EUR);
    assert_usd(f(&row["new_usd"]), 6.50 * EUR);
    assert_usd(f(&row["change_usd"]), (6.50 - NODE_EUR) * EUR);
    assert!((f(&row["change_pct"]) - (6.50 / NODE_EUR - 1.0) * 100.0).abs() < 1e-6, "{row}");
    let md = text(&run(dir.path(), &["compare", "one.toml", "--against", "contract.toml", "--format", "markdown", "--currency", "EUR"]));
    // in EUR: €7.09 → €6.50, −€0.59 (−8.3%)
    assert!(md.contains("| S | Compose | €7.09 | €6.50 | -€0.59 (-8.3%) |"), "{md}");
    assert!(md.contains("1 EUR = 1.16 USD"), "{md}");
    let table = text(&run(dir.path(), &["compare", "one.toml", "--against", "contract.toml"]));
    assert!(table.contains("$8.22") && table.contains("$7.54") && table.contains("-$0.68 (-8.3%)"), "{table}");
}

#[test]
fn a_budget_limit_is_in_the_chosen_currency() {
    let dir = setup("");
    // €7.088 against €7.00: over by €0.09 (exit 3); against €7.10: within
    let over = run(dir.path(), &["budget", "one.toml", "--currency", "EUR", "--max", "7.00"]);
    assert_eq!(over.status.code(), Some(3), "{}", text(&over));
    assert!(text(&over).contains("€7.09 is over €7.00") && text(&over).contains("by €0.09"), "{}", text(&over));
    let within = run(dir.path(), &["budget", "one.toml", "--currency", "EUR", "--max", "7.10"]);
    assert_eq!(within.status.code(), Some(0), "{}", text(&within));
    // the same €7.10 read as USD is crossed: $8.22 > $7.10
    let usd = run(dir.path(), &["budget", "one.toml", "--max", "7.10"]);
    assert_eq!(usd.status.code(), Some(3));
}

#[test]
fn a_budget_limit_that_is_not_a_finite_amount_of_0_or_more_is_a_usage_error() {
    let dir = setup("");
    for max in ["NaN", "inf", "-1", "1e300"] {
        let out = run(dir.path(), &["budget", "one.toml", &format!("--max={max}")]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--max {max}: {err}");
        assert!(err.contains("--max") && err.contains("0 to 1,000,000,000,000"), "{err}");
        assert!(out.stdout.is_empty(), "nothing is written");
    }
}

#[test]
fn an_exchange_rate_beyond_any_currency_is_refused_before_anything_is_priced() {
    let dir = setup("");
    let overlay = "schema = 1\nprovider = \"exchange\"\nas_of = 2026-11-01\n\n[sources.B]\nurl = \"https://example.com/rates\"\ndate = \"2026-11-01\"\n\n[to_usd.EUR]\nprice = 1e308\nsource = \"B\"\n";
    std::fs::write(dir.path().join("rates.toml"), overlay).expect("write");
    let out = run(dir.path(), &["compare", "one.toml", "--overlay", "rates.toml", "--currency", "EUR", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("rates.toml:10:9: to_usd.EUR.price is 1e308: an exchange rate"), "{err}");
    assert!(out.stdout.is_empty(), "no JSON with null totals");
}

#[test]
fn fetch_refuses_an_unknown_unit_or_currency_or_an_unstated_tax_basis() {
    use crate::prices::{Reply, fetch, installed, serve, small_book, stderr, unchanged};
    let (dir, old) = installed();
    let good = small_book("2026-11-20", "6.00");
    let unit = good.replace("[sizes.", "[rates.egress]\nprice = 0.02\nunit = \"parsec\"\nsource = \"T\"\n\n[sizes.");
    let currency = good.replace("currency = \"USD\"", "currency = \"XYZ\"");
    let untaxed = good.replace("tax = \"net\"\n", "");
    let base = serve(vec![Reply::Body(unit), Reply::Body(currency), Reply::Body(untaxed)]);
    for want in ["rates.egress: unit `parsec`", "`currency = \"XYZ\"` is not an ISO 4217 code", "does not say whether its prices include tax"] {
        let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml")], &[]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains(want), "want {want}: {}", stderr(&out));
        unchanged(dir.path(), &old);
    }
}

#[test]
fn estimate_diff_output_and_report_show_the_chosen_currency_and_its_rate() {
    let dir = setup("");
    // estimate: the row's cash bill in EUR is its USD bill / 1.16
    let compose = "services:\n  web:\n    image: ghcr.io/acme/web:1\n    ports: [\"80:8080\"]\n";
    std::fs::write(dir.path().join("docker-compose.yml"), compose).expect("write");
    let v = json(dir.path(), &["estimate", "docker-compose.yml", "--format", "json", "--currency", "EUR"]);
    let r = &v["results"][0];
    assert!(f(&r["monthly_cost_usd"]) > 0.0);
    assert_usd(f(&r["monthly_cost"]), f(&r["monthly_cost_usd"]) / EUR);
    assert_eq!(v["currency"]["code"], "EUR");
    let table = text(&run(dir.path(), &["estimate", "docker-compose.yml", "--currency", "EUR"]));
    assert!(table.contains('€') && table.contains("1 EUR = 1.16 USD") && table.contains("net of VAT"), "{table}");
    // diff: the same node with 19% tax: €7.088 → €7.088 × 1.19 = €8.43472, +€1.35 (+19%)
    std::fs::write(dir.path().join("taxed.toml"), scenario_text("[tax]\nrate = 0.19\n")).expect("write");
    let d = text(&run(dir.path(), &["diff", "one.toml", "taxed.toml", "--currency", "EUR"]));
    assert!(d.contains("€7.09") && d.contains("€8.43") && d.contains("+€1.35 (+19%)") && d.contains("1 EUR = 1.16 USD"), "{d}");
    // output: a saved USD result shown in EUR
    let saved = run(dir.path(), &["compare", "one.toml", "--format", "json", "-o", "saved.json"]);
    assert_eq!(saved.status.code(), Some(0));
    let o = text(&run(dir.path(), &["output", "saved.json", "--currency", "EUR"]));
    assert!(o.contains("€7.09") && o.contains("1 EUR = 1.16 USD"), "{o}");
    // report: the Markdown says what the amounts are, with the rate, date and source
    let rep = run(dir.path(), &["report", "one.toml", "-o", "out", "--currency", "EUR"]);
    assert_eq!(rep.status.code(), Some(0), "{}", String::from_utf8_lossy(&rep.stderr));
    let md = std::fs::read_to_string(dir.path().join("out/one/report.md")).expect("report.md");
    assert!(md.contains("All amounts are EUR per month, net of VAT and sales tax") && md.contains("1 EUR = 1.16 USD") && md.contains("2026-09-08"), "{md}");
    assert!(md.contains("€7.09"), "the recommended total in EUR: {md}");
}

#[test]
fn every_spawned_binary_has_its_own_empty_data_folder() {
    let env = |c: &std::process::Command, k: &str| c.get_envs().find(|(n, _)| *n == k).and_then(|(_, v)| v.map(std::path::PathBuf::from));
    let (mut a, b) = (hostcast(), hostcast());
    let (da, db) = (env(&a, "XDG_DATA_HOME").expect("set"), env(&b, "XDG_DATA_HOME").expect("set"));
    assert_ne!(da, db, "one folder per spawned binary");
    assert!(!da.join("hostcast/pricing").exists(), "no fetched book in it");
    assert!(env(&a, "HOME").is_some_and(|h| da.starts_with(h)), "HOME is isolated too");
    // so every book in use is the embedded one
    let out = a.args(["pricing", "--today", "2026-12-01"]).output().expect("runs");
    let listing = text(&out);
    assert!(listing.contains("embedded:fly-io.toml") && !listing.contains("fetched"), "{listing}");
}

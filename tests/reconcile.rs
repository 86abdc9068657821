//! `hostcast reconcile`: FOCUS exports set against a scenario's forecast. The
//! exports in `tests/fixtures/actuals/` are written by hand from the FOCUS column
//! definitions (see the README there); the forecast is `shop.toml` priced with the
//! embedded books at its first stage (`Launch`), which the scenario's lack of a
//! growth timeline makes the forecast of every month.

use serde_json::Value;

use crate::cli_surface::run_with;

const SHOP: &str = "tests/fixtures/actuals/shop.toml";

fn reconcile(args: &[&str]) -> std::process::Output {
    let mut all = vec!["reconcile", SHOP];
    all.extend_from_slice(args);
    run_with(&all, b"", &[("HOSTCAST_TODAY", "2026-12-01")])
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let o = reconcile(&all);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn row<'a>(v: &'a Value, service: &str, component: &str) -> &'a Value {
    v["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["service"] == service && r["component"] == component))
        .unwrap_or_else(|| panic!("no row {service} {component}: {v}"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

fn cents(a: f64, b: f64) {
    assert!((a - b).abs() < 0.005, "{a} is not {b} to the cent");
}

#[test]
fn a_charge_above_the_forecast_splits_into_volume_and_rate() {
    let v = json(&["tests/fixtures/actuals/render-2026-10.csv"]);
    assert_eq!((v["kind"].as_str(), v["option"].as_str()), (Some("reconcile"), Some("Render")));
    let api = row(&v, "api", "compute");
    // Forecast (Render `starter` × 1 at Launch, embedded book): 1 instance-month at
    // $7.00 = $7.00. Actual (line 2): 1,095 Hours billed $12.60; 1,095 / 730 = 1.5
    // instance-months, so the actual unit price is 12.60 / 1.5 = $8.40.
    //   volume = (1.5 − 1) × 7.00 = $3.50
    //   rate   = (8.40 − 7.00) × 1.5 = $2.10
    //   gap    = 12.60 − 7.00 = $5.60 = 3.50 + 2.10
    assert_eq!((api["month"].as_str(), api["provider"].as_str(), api["unit"].as_str()), (Some("2026-10"), Some("render"), Some("month")));
    cents(f(&api["forecast_quantity"]), 1.0);
    cents(f(&api["actual_quantity"]), 1.5);
    cents(f(&api["forecast_usd"]), 7.00);
    cents(f(&api["actual_usd"]), 12.60);
    cents(f(&api["volume_effect_usd"]), 3.50);
    cents(f(&api["rate_effect_usd"]), 2.10);
    cents(f(&api["gap_usd"]), 5.60);
    assert!((f(&api["volume_effect_usd"]) + f(&api["rate_effect_usd"]) - f(&api["gap_usd"])).abs() < 1e-9);
    assert!(api["forecast_basis"].as_str().is_some_and(|b| b.contains("stage `Launch`") && b.contains("no growth timeline")), "{api}");
    // web: 730 Hours for $7.00 is the forecast exactly
    let web = row(&v, "web", "compute");
    cents(f(&web["gap_usd"]), 0.0);
    cents(f(&web["volume_effect_usd"]), 0.0);
}

#[test]
fn credits_and_tax_are_rows_of_their_own_and_the_total_is_the_whole_bill() {
    let v = json(&["tests/fixtures/actuals/render-2026-10.csv"]);
    let tax = row(&v, "(tax)", "tax");
    cents(f(&tax["actual_usd"]), 1.96);
    assert!(tax["actual_quantity"].is_null() && tax["forecast_quantity"].is_null());
    // no quantity: volume 0, rate = gap
    cents(f(&tax["volume_effect_usd"]), 0.0);
    cents(f(&tax["rate_effect_usd"]), 1.96);
    let credit = row(&v, "(account)", "credit");
    cents(f(&credit["actual_usd"]), -5.00);
    // the compute rows hold the usage alone: the credit is not netted into them
    cents(f(&row(&v, "api", "compute")["actual_usd"]), 12.60);
    // whole bill: 12.60 + 7.00 + 3.00 (unmatched) + 1.96 − 5.00 = 19.56; forecast 0 + 7 + 7 = 14
    let totals = v["totals"].as_array().expect("totals");
    assert_eq!(totals.len(), 1, "{v}");
    assert_eq!((totals[0]["month"].as_str(), totals[0]["provider"].as_str()), (Some("2026-10"), Some("render")));
    cents(f(&totals[0]["forecast_usd"]), 14.00);
    cents(f(&totals[0]["actual_usd"]), 19.56);
    cents(f(&totals[0]["gap_usd"]), 5.56);
}

#[test]
fn an_unmatched_charge_is_listed_with_its_file_and_line() {
    let v = json(&["tests/fixtures/actuals/render-2026-10.csv"]);
    let u = v["unmatched"].as_array().expect("unmatched");
    assert_eq!(u.len(), 1, "{v}");
    assert_eq!((u[0]["file"].as_str(), u[0]["line"].as_u64()), (Some("tests/fixtures/actuals/render-2026-10.csv"), Some(4)));
    assert!(u[0]["description"].as_str().is_some_and(|d| d.contains("cron-worker")));
    cents(f(&u[0]["actual_usd"]), 3.00);
    let table = reconcile(&["tests/fixtures/actuals/render-2026-10.csv"]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("render-2026-10.csv:4"));
    // a map entry places it on the api's compute line: 1.5 + 1 months, $15.60
    let mapped = json(&["tests/fixtures/actuals/render-2026-10.csv", "--map", "tests/fixtures/actuals/map.toml"]);
    assert!(mapped["unmatched"].as_array().is_some_and(Vec::is_empty));
    let api = row(&mapped, "api", "compute");
    cents(f(&api["actual_quantity"]), 2.5);
    cents(f(&api["actual_usd"]), 15.60);
}

#[test]
fn a_malformed_row_is_a_located_error_saying_what_would_fix_it() {
    let o = reconcile(&["tests/fixtures/actuals/malformed.csv"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tests/fixtures/actuals/malformed.csv:3:"), "{err}");
    assert!(err.contains("`BilledCost` is `USD 7.00`") && err.contains("help:"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn a_foreign_currency_converts_at_the_exchange_books_rate_named_with_its_date() {
    let v = json(&["tests/fixtures/actuals/render-eur-2026-10.jsonl"]);
    let web = row(&v, "web", "compute");
    // €6.00 at the embedded book's 1.16 USD per EUR = $6.96; forecast $7.00
    cents(f(&web["actual_usd"]), 6.96);
    cents(f(&web["rate_effect_usd"]), -0.04);
    let rates = v["rates"].as_array().expect("rates");
    assert_eq!(rates.len(), 1);
    assert_eq!(rates[0]["currency"].as_str(), Some("EUR"));
    assert!((f(&rates[0]["rate"]) - 1.16).abs() < 1e-12);
    assert!(rates[0]["date"].as_str().is_some_and(|d| d.len() == 10) && rates[0]["source"].as_str().is_some_and(|s| s.starts_with("https://")), "{rates:?}");
}

#[test]
fn jsonl_gives_what_csv_gives_for_the_same_charges() {
    let mut csv = json(&["tests/fixtures/actuals/render-2026-10.csv"]);
    let mut jsonl = json(&["tests/fixtures/actuals/render-2026-10.jsonl"]);
    // the same charge is on line 4 of the CSV (after its header) and line 3 of the JSONL
    assert_eq!((csv["unmatched"][0]["line"].as_u64(), jsonl["unmatched"][0]["line"].as_u64()), (Some(4), Some(3)));
    for v in [&mut csv, &mut jsonl] {
        v["files"] = Value::Null;
        for u in v["unmatched"].as_array_mut().into_iter().flatten() {
            u["file"] = Value::Null;
            u["line"] = Value::Null;
        }
    }
    assert_eq!(csv, jsonl);
}

#[test]
fn several_options_billing_the_exports_providers_need_option() {
    let o = reconcile(&["tests/fixtures/actuals/two-providers.csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--option") && err.contains("`Fly.io`") && err.contains("`Render`"), "{err}");
    let v = json(&["tests/fixtures/actuals/two-providers.csv", "--option", "render"]);
    assert_eq!(v["option"].as_str(), Some("Render"));
    // the Fly.io charge meets no line of the Render option
    assert_eq!(v["unmatched"][0]["line"].as_u64(), Some(3));
    assert_eq!(reconcile(&["tests/fixtures/actuals/two-providers.csv", "--option", "nope"]).status.code(), Some(2));
}

#[test]
fn csv_and_markdown_escape_what_the_export_names() {
    let o = reconcile(&["tests/fixtures/actuals/render-2026-10.csv", "--format", "csv"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with(
            "record,month,provider,service,component,unit,forecast_quantity,actual_quantity,forecast_usd,actual_usd,gap_usd,volume_effect_usd,rate_effect_usd,"
        ),
        "{text}"
    );
    assert!(text.contains("\nrow,2026-10,render,api,compute,month,1,1.5,7,12.6,"), "{text}");
    assert!(text.contains("tests/fixtures/actuals/render-2026-10.csv:4"));
    let o = reconcile(&["tests/fixtures/actuals/render-2026-10.csv", "--format", "markdown"]);
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("| 2026-10 | render | api | compute | month | 1 | 1.5 | $7.00 | $12.60 | +$5.60 | +$3.50 | +$2.10 |"), "{md}");
}

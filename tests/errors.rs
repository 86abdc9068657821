//! Bad input: every error names the file, line and column and says what would fix it.

use std::path::Path;

use hostcast::scenario::Scenario;
use hostcast::simulate::Filter;

use crate::helpers::repo;

const BASE: &str = r#"[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
[[stage]]
name = "MVP"
users = 100
daily_active = 0.5
[[option]]
name = "Fly"
platform = "fly"
"#;

fn err(text: &str) -> String {
    match Scenario::parse(Path::new("bad.toml"), text.to_string()) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_toml_syntax_error_names_line_and_column() {
    let e = err("[scenario]\nname = \"t\nx = 1\n");
    assert!(e.starts_with("bad.toml:2:"), "{e}");
}

#[test]
fn negative_nan_and_absurd_numbers_are_rejected_with_the_field() {
    let e = err(&BASE.replace("users = 100", "users = -5"));
    assert!(e.starts_with("bad.toml:8:9:"), "{e}");
    assert!(e.contains("`users`: user count") && e.contains("-5"), "{e}");
    let e = err(&BASE.replace("daily_active = 0.5", "daily_active = nan"));
    assert!(e.starts_with("bad.toml:9:"), "{e}");
    assert!(e.contains("finite"), "{e}");
    let e = err(&BASE.replace("users = 100", "users = 1e15"));
    assert!(e.contains("between"), "{e}");
    let e = err(&BASE.replace("kind = \"api\"", "kind = \"api\"\nmin_instances = -1"));
    assert!(e.contains("`min_instances`: count must be a whole number"), "{e}");
    let e = err(&format!("{BASE}service.api = {{ instances = -2 }}\n"));
    assert!(e.starts_with("bad.toml:13:29:") && e.contains("`instances`"), "{e}");
}

#[test]
fn an_unknown_key_or_kind_is_an_error_not_ignored() {
    let e = err(&BASE.replace("kind = \"api\"", "kind = \"api\"\nrequests_per_day = 5"));
    assert!(e.contains("unknown field `requests_per_day`"), "{e}");
    assert!(e.starts_with("bad.toml:6:"), "{e}");
    let e = err(&BASE.replace("kind = \"api\"", "kind = \"lambda\""));
    assert!(e.contains("unknown variant `lambda`") && e.contains("`web`"), "{e}");
}

#[test]
fn a_pin_for_an_undefined_service_lists_the_services() {
    let e = err(&format!("{BASE}service.apy = {{ size = \"x\" }}\n"));
    assert!(e.contains("does not define") && e.contains("`api`"), "{e}");
    assert!(e.starts_with("bad.toml:13:"), "{e}");
}

#[test]
fn a_bad_cron_schedule_is_located() {
    let text = BASE.replace("kind = \"api\"", "kind = \"cron\"\nschedule = \"0 6 * *\"");
    let e = err(&text);
    assert!(e.starts_with("bad.toml:6:12:") && e.contains("five"), "{e}");
}

#[test]
fn an_unknown_size_lists_the_valid_ones() {
    let prices = hostcast::pricing::Prices::load_dir(&repo("pricing")).expect("books");
    let s = Scenario::parse(Path::new("bad.toml"), format!("{BASE}service.api = {{ size = \"shared-cpu-1x-3gb\" }}\n")).expect("parses");
    let e = hostcast::results::run(&[s], &prices, &Filter::default()).expect_err("unknown size").to_string();
    assert!(e.starts_with("bad.toml:13:"), "{e}");
    assert!(e.contains("unknown size `shared-cpu-1x-3gb`") && e.contains("`shared-cpu-1x-256mb`"), "{e}");
}

#[test]
fn an_unknown_plan_and_region_list_the_valid_ones() {
    let prices = hostcast::pricing::Prices::load_dir(&repo("pricing")).expect("books");
    let text = BASE.replace("platform = \"fly\"", "platform = \"render\"\nplan = \"gold\"");
    let s = Scenario::parse(Path::new("bad.toml"), text).expect("parses");
    let e = hostcast::results::run(&[s], &prices, &Filter::default()).expect_err("unknown plan").to_string();
    assert!(e.contains("unknown Render workspace plan `gold`") && e.contains("`hobby`") && e.contains("`pro`"), "{e}");
    let text = BASE.replace("platform = \"fly\"", "platform = \"fly\"\nregion = \"mars\"");
    let s = Scenario::parse(Path::new("bad.toml"), text).expect("parses");
    let e = hostcast::results::run(&[s], &prices, &Filter::default()).expect_err("unknown region").to_string();
    assert!(e.contains("unknown Fly region `mars`") && e.contains("`iad`"), "{e}");
}

#[test]
fn a_price_book_citing_an_undefined_source_is_refused() {
    let book = r#"schema = 1
provider = "x"
title = "X"
currency = "USD"
as_of = 2026-01-01
[rates.a]
price = 1
unit = "GB"
source = "NOPE"
"#;
    let book = book.replace("provider = \"x\"", "provider = \"tigris\"");
    let mut prices = hostcast::pricing::Prices::empty();
    let e = prices.add(Path::new("x.toml"), &book).expect_err("refused").to_string();
    assert!(e.starts_with("x.toml:9:10: rates.a cites source `NOPE`"), "{e}");
    let fixed = book.replace("price = 1", "price = -1").replace("NOPE", "S") + "[sources.S]\nurl = \"https://example.org\"\ndate = \"2026-01-01\"\n";
    let e = prices.add(Path::new("y.toml"), &fixed).expect_err("refused").to_string();
    assert!(e.starts_with("y.toml:7:9: rates.a.price is -1"), "{e}");
}

#[test]
fn garbage_input_never_panics() {
    // arbitrary bytes and truncations of a real scenario: errors, never panics
    let real = std::fs::read_to_string(repo("scenarios/transferlens.toml")).expect("read");
    for cut in (0..real.len()).step_by(97) {
        if let Some(prefix) = real.get(..cut) {
            let _ = Scenario::parse(Path::new("cut.toml"), prefix.to_string());
        }
    }
    for junk in ["\u{0}\u{1}", "[[[", "a = [1, 2", "service = 5", "[scenario]\nname = 5"] {
        assert!(Scenario::parse(Path::new("junk.toml"), junk.to_string()).is_err());
    }
}

#[test]
fn the_largest_values_the_format_allows_are_priced_without_hanging_or_panicking() {
    // every quantity at its upper bound: the answer is huge and flagged, never a panic
    let text = r#"[scenario]
name = "t"
[[service]]
name = "api"
kind = "api"
requests_per_user_day = 1e7
cpu_ms_per_request = 3.6e6
latency_ms = 3.6e6
response_kb = 1e7
memory_base_mb = 100
memory_per_request_mb = 1e8
[[service]]
name = "db"
kind = "postgres"
storage_gb = 1e7
storage_gb_per_1k_users = 1e7
connections = 100000
[[service]]
name = "job"
kind = "cron"
schedule = "* * * * *"
run_minutes = 1440
[[stage]]
name = "Absurd"
users = 1e10
daily_active = 1
peak_to_average = 100
high_availability = true
[[option]]
name = "Fly"
platform = "fly"
[[option]]
name = "Render"
platform = "render"
[[option]]
name = "Hybrid"
platform = "vercel_fly"
[[option]]
name = "Compose"
platform = "compose"
"#;
    let prices = hostcast::pricing::Prices::load_dir(&repo("pricing")).expect("books");
    let s = Scenario::parse(Path::new("big.toml"), text.to_string()).expect("parses");
    // every option is priced; a total beyond the money hostcast holds to the cent is
    // then an error at its option, naming the line that makes it
    match hostcast::results::run(&[s], &prices, &Filter::default()) {
        Ok(r) => {
            assert_eq!(r.results.len(), 4);
            for o in &r.results {
                assert!(o.monthly_cost_usd.is_finite() && o.monthly_cost_usd <= hostcast::money::MAX_USD, "{}: {}", o.option, o.monthly_cost_usd);
                assert!(!o.warnings.is_empty(), "{} has no warning", o.option);
            }
        }
        Err(e) => {
            assert!(e.line.is_some() && e.message.contains("beyond the $90,071,992,547,409.92"), "{e}");
            assert!(e.help.as_deref().is_some_and(|h| h.starts_with("the largest line is")), "{e}");
        }
    }
}

//! Properties of the model, checked over generated inputs: cost never falls as users
//! rise with sizes pinned; the instances sized for a load cover it; raising a price
//! never lowers a total; the same inputs give the same JSON bytes.

use std::path::Path;

use hostcast::capacity::{self, MAX_INSTANCES, Machine, Policy, USABLE_MEMORY};
use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::{Filter, OptionResult};
use proptest::prelude::*;

use crate::helpers::repo;

/// Few cases: every case prices whole scenarios.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// An API and its Postgres at two stages, `low` and `high` users, on each platform;
/// the compute sizes (and on Fly the database machine) are pinned.
fn pinned(low: f64, high: f64) -> String {
    format!(
        r#"
[scenario]
name = "pinned"
commercial = true
[[service]]
name = "api"
kind = "api"
requests_per_user_day = 40
cpu_ms_per_request = 15
latency_ms = 120
response_kb = 8
memory_base_mb = 200
memory_per_request_mb = 1
concurrency = 25
[[service]]
name = "db"
kind = "postgres"
storage_gb = 1
storage_gb_per_1k_users = 0.2
working_set_ratio = 0.25
[[stage]]
name = "Low"
users = {low}
daily_active = 0.3
peak_to_average = 2.5
[[stage]]
name = "High"
users = {high}
daily_active = 0.3
peak_to_average = 2.5
[[option]]
name = "Fly"
platform = "fly"
region = "lhr"
service.api = {{ size = "shared-cpu-1x-512mb" }}
service.db = {{ deploy = "machine", size = "shared-cpu-1x-1gb" }}
[[option]]
name = "Render"
platform = "render"
service.api = {{ size = "standard" }}
[[option]]
name = "Compose"
platform = "compose"
host = "hetzner"
ops_hours_per_month = 2
ops_hourly_rate_usd = 75
"#
    )
}

fn parse(text: String) -> Scenario {
    match Scenario::parse(Path::new("properties.toml"), text) {
        Ok(s) => s,
        Err(e) => panic!("generated scenario does not load: {e}"),
    }
}

fn bundled() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled price books load")
}

fn run(s: Scenario, prices: &Prices) -> Vec<OptionResult> {
    hostcast::results::run(&[s], prices, &Filter::default()).expect("prices").results
}

/// The result of `option` at `stage`.
fn at<'a>(results: &'a [OptionResult], option: &str, stage: &str) -> &'a OptionResult {
    results.iter().find(|r| r.option == option && r.stage == stage).expect("every option at every stage")
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn cost_never_falls_as_users_rise_with_sizes_pinned(low in 10.0f64..150_000.0, factor in 1.0f64..8.0) {
        let prices = bundled();
        let results = run(parse(pinned(low.round(), (low * factor).round())), &prices);
        for option in ["Fly", "Render", "Compose"] {
            let (l, h) = (at(&results, option, "Low"), at(&results, option, "High"));
            // a total with a missing price is a lower bound, not a total
            if !h.missing_prices.is_empty() {
                continue;
            }
            prop_assert!(h.hosting_usd >= l.hosting_usd - 1e-9, "{option}: hosting {} at {} users < {} at {}", h.hosting_usd, h.users, l.hosting_usd, l.users);
            prop_assert!(h.monthly_cost_usd >= l.monthly_cost_usd - 1e-9, "{option}: {} at {} users < {} at {}", h.monthly_cost_usd, h.users, l.monthly_cost_usd, l.users);
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn the_instances_sized_for_a_load_cover_it(
        users in 0.0f64..50_000_000.0,
        cpu_ms in 0.0f64..500.0,
        latency_ms in 1.0f64..5_000.0,
        concurrency in 1u32..500,
        per_request_mb in 0.0f64..20.0,
        sustained_cpu in 0.05f64..16.0,
        memory_gb in 1u32..64,
        peak in 1.0f64..20.0,
    ) {
        let s = parse(format!(
            "[scenario]\nname = \"c\"\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 40\n\
             cpu_ms_per_request = {cpu_ms}\nlatency_ms = {latency_ms}\nmemory_base_mb = 200\n\
             memory_per_request_mb = {per_request_mb}\nconcurrency = {concurrency}\n\
             [[stage]]\nname = \"S\"\nusers = {}\ndaily_active = 0.3\npeak_to_average = {peak}\n\
             [[option]]\nname = \"Fly\"\nplatform = \"fly\"\n",
            users.round()
        ));
        let workload = capacity::Workload::of(&s.file.services[0]);
        let (service, stage) = (&workload, &s.file.stages[0]);
        let machine = Machine { vcpus: sustained_cpu.ceil(), sustained_cpu, memory_mb: f64::from(memory_gb) * 1024.0 };
        let policy = Policy { min_instances: 1, max_instances: None, pinned: None, scale_to_zero: false, can_autoscale: true };
        let demand = capacity::demand(service, stage, 30.0, 1.0);
        let plan = capacity::plan_compute(service, &demand, stage, 0, &machine, &policy);
        let n = f64::from(plan.peak_instances);
        prop_assume!(plan.peak_instances < MAX_INSTANCES);
        let tol = 1e-9 * (1.0 + demand.peak_cpu + demand.peak_in_flight);
        // CPU: n instances × sustained share × target utilisation ≥ peak CPU-seconds per second
        let cpu = n * sustained_cpu * capacity::target_utilisation(service);
        prop_assert!(cpu + tol >= demand.peak_cpu, "{n} instances give {cpu} CPU for a peak of {}", demand.peak_cpu);
        // concurrency: n × slots ≥ requests in flight at the peak (Little's law)
        let slots = n * f64::from(concurrency);
        prop_assert!(slots + tol >= demand.peak_in_flight, "{n} instances give {slots} slots for {} in flight", demand.peak_in_flight);
        // memory: what is left after the base footprint holds the in-flight requests
        let room = n * (machine.memory_mb * USABLE_MEMORY - 200.0);
        prop_assert!(room + 1e-6 * (1.0 + room) >= demand.peak_in_flight * per_request_mb, "{n} instances hold {room} MB");
    }
}

/// The bundled books as (file name, text), sorted as `load_dir` reads them.
fn book_texts() -> Vec<(String, String)> {
    let mut books: Vec<(String, String)> = std::fs::read_dir(repo("pricing"))
        .expect("pricing folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.ends_with("index.toml"))
        .map(|p| (p.file_name().expect("name").to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("book reads")))
        .collect();
    books.sort();
    books
}

/// Every `price = NUMBER` line of the books, as (book index, line index, value).
fn price_lines(books: &[(String, String)]) -> Vec<(usize, usize, f64)> {
    let mut out = Vec::new();
    for (b, (_, text)) in books.iter().enumerate() {
        for (i, line) in text.lines().enumerate() {
            let value = line.strip_prefix("price = ").map(|v| v.split('#').next().unwrap_or("").trim().replace('_', ""));
            if let Some(v) = value.and_then(|v| v.parse::<f64>().ok()) {
                out.push((b, i, v));
            }
        }
    }
    out
}

fn load(books: &[(String, String)]) -> Prices {
    let mut prices = Prices::default();
    for (name, text) in books {
        if let Err(e) = prices.add(Path::new(name), text) {
            panic!("{name}: {e}");
        }
    }
    prices
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn raising_a_price_never_lowers_a_total(pick in any::<prop::sample::Index>(), factor in 1.0f64..4.0) {
        let books = book_texts();
        let lines = price_lines(&books);
        prop_assert!(lines.len() > 100, "the books hold many prices: {}", lines.len());
        let (b, i, value) = lines[pick.index(lines.len())];
        let mut raised = books.clone();
        let text: Vec<String> = raised[b].1.lines().enumerate()
            .map(|(j, l)| if j == i { format!("price = {}", value * factor + if value == 0.0 { factor - 1.0 } else { 0.0 }) } else { l.to_string() })
            .collect();
        raised[b].1 = text.join("\n") + "\n";
        let scenario = || Scenario::load(&repo("scenarios/transferlens.toml")).expect("scenario loads");
        let before = run(scenario(), &load(&books));
        let after = run(scenario(), &load(&raised));
        prop_assert_eq!(before.len(), after.len());
        for (x, y) in before.iter().zip(&after) {
            prop_assert!(y.monthly_cost_usd >= x.monthly_cost_usd - 1e-9,
                "{} line {}: {value} × {factor}: {} at {} fell from {} to {}", books[b].0, i + 1, x.option, x.stage, x.monthly_cost_usd, y.monthly_cost_usd);
        }
    }
}

proptest! {
    #![proptest_config(config(8))]

    #[test]
    fn identical_inputs_give_identical_json_bytes(low in 10.0f64..500_000.0, factor in 1.0f64..8.0) {
        let text = pinned(low.round(), (low * factor).round());
        let json = || {
            let results = hostcast::results::run(&[parse(text.clone())], &bundled(), &Filter::default()).expect("prices");
            hostcast::report::json::render(&results).expect("json")
        };
        let (a, b) = (json(), json());
        prop_assert!(a == b, "two runs of the same inputs differ");
    }
}

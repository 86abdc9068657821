//! Third-party metered APIs: LLM calls priced from genai-prices at a fixed date,
//! priced APIs with free tiers, prepaid buckets and plan steps, the wait on an API
//! as capacity, and bad or retired models.

use hostcast::capacity;
use hostcast::findings::FindingKind;
use hostcast::ledger::{LineItem, Part};
use hostcast::pricing::Prices;
use hostcast::simulate::OptionResult;

use crate::helpers::{assert_usd, price, repo, scenario};

/// The bundled price books, priced on `date`.
fn books(date: &str) -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled price books load").with_date(date)
}

/// A one-option, one-stage product: 1,000 users, 20% daily active, the average month
/// of 365/12 days (200 × 365/12 = 6,083.33 active-user-days a month), with `apis`
/// appended.
fn product(apis: &str) -> String {
    format!(
        "[scenario]\nname = \"t\"\n\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 10\n\n\
         [[stage]]\nname = \"MVP\"\nusers = 1000\ndaily_active = 0.2\n\n[[option]]\nname = \"Fly\"\nplatform = \"fly\"\n\n{apis}"
    )
}

fn api_lines(r: &OptionResult) -> Vec<&LineItem> {
    r.line_items.iter().filter(|l| l.part == Part::Apis).collect()
}

fn api_usd(r: &OptionResult) -> f64 {
    api_lines(r).iter().map(|l| l.monthly_cost_usd).sum()
}

#[test]
fn llm_calls_with_input_cached_and_output_tokens_at_a_fixed_date() {
    // gpt-4o-mini on 2026-12-01: $0.15 input, $0.075 cached input, $0.60 output per 1M.
    // One call of 2,000 input tokens, 25% cached, and 500 output:
    //   1,500 × 0.15e-6 + 500 × 0.075e-6 + 500 × 0.60e-6 = 0.000225 + 0.0000375 + 0.0003
    //   = $0.0005625 per call.
    // 2 calls per active user per day × 6,083.33 active-user-days = 12,166.67 calls
    //   × $0.0005625 = $6.84375.
    let r = price(
        &product(
            "[[api]]\nname = \"summaries\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\nper = \"active_user_day\"\ncalls = 2\n\
             input_tokens = 2000\ncached_input = 0.25\noutput_tokens = 500\n",
        ),
        &books("2026-12-01"),
    );
    let lines = api_lines(&r);
    assert_eq!(lines.len(), 1);
    let l = lines[0];
    assert_usd(l.monthly_cost_usd, 6.84375);
    assert_eq!((l.provider.as_str(), l.service.as_str(), l.unit.as_str()), ("openai", "(product)", "1K calls"));
    assert_usd(l.quantity, 2.0 * 200.0 * 365.0 / 12.0 / 1000.0);
    assert_usd(l.unit_price_usd, 0.5625);
    assert_eq!(l.source.book, "genai-prices 0.2.1");
    assert_eq!(l.source.entry, "openai/gpt-4o-mini");
    assert_eq!(l.source.date, "2026-12-01");
    // hosting lines are still there, and the API line counts in the total
    assert!(r.line_items.iter().any(|l| l.part == Part::Hosting));
    // (the cash bill: hosting + APIs; the team's time is its own part)
    let cash: f64 = r.line_items.iter().filter(|l| l.part != Part::TeamTime).map(|l| l.monthly_cost_usd).sum();
    assert!((r.monthly_cost_usd - cash).abs() < 1e-9);
}

#[test]
fn batch_calls_take_the_batch_rates_from_the_day_they_are_published() {
    // gpt-4o, 1,000 input + 1,000 output tokens, 1,000 calls a month (`per = "month"`).
    // Standard: 1,000 × (1,000 × 2.50e-6 + 1,000 × 10.00e-6) = $12.50.
    // Batch, from 2026-10-14 (the data's first verified batch rate): $1.25 / $5.00 per 1M
    //   → 1,000 × (0.00125 + 0.005) = $6.25. Before that day the data has no batch rate
    //   and the crate gives the standard price: $12.50 on 2026-10-01.
    let entry = |batch: bool| {
        product(&format!(
            "[[api]]\nname = \"grading\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\nper = \"month\"\ncalls = 1000\n\
             input_tokens = 1000\noutput_tokens = 1000\nbatch = {batch}\n"
        ))
    };
    assert_usd(api_usd(&price(&entry(false), &books("2026-12-01"))), 12.50);
    assert_usd(api_usd(&price(&entry(true), &books("2026-12-01"))), 6.25);
    assert_usd(api_usd(&price(&entry(true), &books("2026-10-01"))), 12.50);
}

#[test]
fn dated_price_history_is_read_at_the_pricing_date() {
    // gemini-3.8-flash: $0.75 / $3.75 per 1M through 2026-12-31, $1.50 / $7.50 from
    // 2027-01-01. 1,000 calls of 1M input tokens... kept small: 1,000 calls × (10,000 in
    // + 1,000 out): 1,000 × (0.0075 + 0.00375) = $11.25, then $22.50.
    let text = product(
        "[[api]]\nname = \"listings\"\nprovider = \"google\"\nmodel = \"gemini-3.8-flash\"\nper = \"month\"\ncalls = 1000\n\
         input_tokens = 10000\noutput_tokens = 1000\n",
    );
    assert_usd(api_usd(&price(&text, &books("2026-12-31"))), 11.25);
    assert_usd(api_usd(&price(&text, &books("2027-01-01"))), 22.50);
}

#[test]
fn per_stage_values_override_the_entry() {
    // gpt-4o-mini, 1,000 input tokens, no output: $0.00015 a call. 1 call a month
    // by default; the MVP stage sets 10,000 calls → $1.50.
    let text = product(
        "[[api]]\nname = \"x\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\nper = \"month\"\ncalls = 1\ninput_tokens = 1000\n\
         stage.MVP = { calls = 10000 }\n",
    );
    assert_usd(api_usd(&price(&text, &books("2026-12-01"))), 1.50);
}

#[test]
fn a_per_image_api_with_a_free_tier_and_prepaid_buckets() {
    // PhotoRoom Remove Background (pricing/apis.toml): 10 images a month free, else
    // prepaid buckets of 1,000 images at $20, no rollover.
    let photos = |n: u32| {
        product(&format!("[[api]]\nname = \"background removal\"\nprovider = \"photoroom\"\nproduct = \"remove_background\"\nper = \"month\"\ncalls = {n}\n"))
    };
    let prices = books("2026-12-01");
    // 8 images: within the free tier → $0
    assert_usd(api_usd(&price(&photos(8), &prices)), 0.0);
    // 1,000 images: one bucket → $20
    assert_usd(api_usd(&price(&photos(1000), &prices)), 20.0);
    // 2,500 images: ⌈2,500 / 1,000⌉ = 3 buckets → $60 (500 unused images lapse)
    let r = price(&photos(2500), &prices);
    assert_usd(api_usd(&r), 60.0);
    let l = api_lines(&r)[0];
    assert_eq!((l.provider.as_str(), l.quantity, l.unit.as_str()), ("photoroom", 3.0, "bucket of 1,000"));
    assert!(r.missing_prices.is_empty());
}

#[test]
fn plan_steps_take_the_cheapest_plan_that_covers_the_usage() {
    // Sentry errors: Developer $0 up to 5,000 a month, Team $26 up to 50,000.
    // 0.5 events per active user per day × 6,083.33 = 3,041.67 → Developer, $0;
    // 5 × 6,083.33 = 30,416.67 → Team, $26; 10 × 6,083.33 = 60,833.33 → over every
    // plan: Team and a missing price for the 10,833.33 over it (no overage rate is
    // published).
    let errors = |per_user: f64| {
        product(&format!("[[api]]\nname = \"errors\"\nprovider = \"sentry\"\nproduct = \"errors\"\nper = \"active_user_day\"\ncalls = {per_user}\n"))
    };
    let prices = books("2026-12-01");
    assert_usd(api_usd(&price(&errors(0.5), &prices)), 0.0);
    let team = price(&errors(5.0), &prices);
    assert_usd(api_usd(&team), 26.0);
    assert!(team.missing_prices.is_empty());
    let over = price(&errors(10.0), &prices);
    assert_usd(api_usd(&over), 26.0);
    assert_eq!(over.missing_prices.len(), 1, "{:?}", over.missing_prices);
    assert_eq!(over.missing_prices[0].provider, "apis");
    // a fixed plan fee: Team pinned, whatever the usage → $26
    let fee = price(
        &product("[[api]]\nname = \"errors\"\nprovider = \"sentry\"\nproduct = \"errors\"\nper = \"month\"\ncalls = 0\nplan = \"sentry_team\"\n"),
        &prices,
    );
    assert_usd(api_usd(&fee), 26.0);
}

#[test]
fn without_the_apis_book_a_priced_api_is_a_missing_price_not_zero() {
    let prices = Prices::load_dir(&repo("pricing/archive/seed-002")).expect("archive books load");
    let r = price(&product("[[api]]\nname = \"bg\"\nprovider = \"photoroom\"\nproduct = \"remove_background\"\nper = \"month\"\ncalls = 100\n"), &prices);
    assert!(r.missing_prices.iter().any(|m| m.provider == "apis"), "{:?}", r.missing_prices);
}

/// A service that waits on an LLM: 86,400 users, all active, 1 request a day each →
/// 1 request/s on average, 2/s at peak (peak-to-average 2). Own latency 100 ms; half
/// the requests call the model, 2,000 ms a call.
const WAITING: &str = "[scenario]\nname = \"t\"\n\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 1\ncpu_ms_per_request = 10\n\
    latency_ms = 100\n\n[[service.api]]\nname = \"answers\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\ncalls = 0.5\n\
    input_tokens = 1000\noutput_tokens = 200\nlatency_ms = 2000\n\n[[stage]]\nname = \"MVP\"\nusers = 86400\ndaily_active = 1\n\
    peak_to_average = 2\n\n[[option]]\nname = \"Fly\"\nplatform = \"fly\"\n";

#[test]
fn waiting_on_an_api_enters_littles_law() {
    // effective latency = 100 + 0.5 × 2,000 = 1,100 ms; in flight at peak = 2/s × 1.1 s = 2.2
    // (without the wait: 2 × 0.1 = 0.2). CPU stays 2/s × 10 ms = 0.02 cores.
    let s = scenario(WAITING);
    let api = &s.file.services[0];
    let d = capacity::demand(&capacity::Workload::of(api), &s.file.stages[0], 30.0, 0.0);
    assert!((d.latency_s - 1.1).abs() < 1e-12, "{}", d.latency_s);
    assert!((d.peak_in_flight - 2.2).abs() < 1e-9, "{}", d.peak_in_flight);
    assert!((d.peak_cpu - 0.02).abs() < 1e-12);
    // a batch call is not waited on
    let batch = scenario(&WAITING.replace("latency_ms = 2000", "latency_ms = 2000\nbatch = true"));
    let d = capacity::demand(&capacity::Workload::of(&batch.file.services[0]), &batch.file.stages[0], 30.0, 0.0);
    assert!((d.peak_in_flight - 0.2).abs() < 1e-9);
}

#[test]
fn waiting_on_an_api_holds_vercel_provisioned_memory_but_not_active_cpu() {
    // A Vercel function at 100 requests/s on average (86,400 users × 100 a day), one
    // request per instance (concurrency 1), so instances ≈ rate × latency in every slot,
    // and the daily shape has mean 1; a month is 365/12 days = 730 h:
    //   memory GB-hours = 100 × latency × 730 h × 2 GB
    //   own 0.1 s: 14,600; with 0.5 × 2 s of LLM wait (1.1 s): 160,600.
    // Active CPU = 8.64M requests a day × 365/12 = 262.8M requests × 10 ms
    //   = 2,628,000 s = 730 CPU-hours either way.
    let text = |wait: &str| {
        format!(
            "[scenario]\nname = \"t\"\n\n[[service]]\nname = \"web\"\nkind = \"web\"\nfrontend = \"nextjs\"\nrequests_per_user_day = 100\ncpu_ms_per_request = 10\n\
             latency_ms = 100\nconcurrency = 1\n{wait}\n[[stage]]\nname = \"MVP\"\nusers = 86400\ndaily_active = 1\n\n\
             [[option]]\nname = \"Hybrid\"\nplatform = \"vercel_fly\"\n"
        )
    };
    let llm = "\n[[service.api]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\ncalls = 0.5\ninput_tokens = 100\nlatency_ms = 2000\n";
    let prices = books("2026-12-01");
    let quantity = |r: &OptionResult, c: &str| r.line_items.iter().filter(|l| l.component == c).map(|l| l.quantity).sum::<f64>();
    let own = price(&text(""), &prices);
    let waiting = price(&text(llm), &prices);
    assert!((quantity(&own, "provisioned memory") - 14_600.0).abs() < 1e-6, "{}", quantity(&own, "provisioned memory"));
    assert!((quantity(&waiting, "provisioned memory") - 160_600.0).abs() < 1e-6, "{}", quantity(&waiting, "provisioned memory"));
    assert!((quantity(&own, "active CPU") - 730.0).abs() < 1e-6, "{}", quantity(&own, "active CPU"));
    assert!((quantity(&waiting, "active CPU") - 730.0).abs() < 1e-6, "{}", quantity(&waiting, "active CPU"));
}

#[test]
fn a_retired_model_is_a_blocking_finding_naming_its_successor() {
    // Groq retired Mixtral 8x7B on 2025-03-20; the data still prices it.
    let text = product("[[api]]\nname = \"chat\"\nprovider = \"groq\"\nmodel = \"mixtral-8x7b-32768\"\nper = \"month\"\ncalls = 100\ninput_tokens = 100\n");
    let r = price(&text, &books("2026-12-01"));
    let f = r.diagnostics.iter().find(|f| f.kind == FindingKind::NoLongerSold).expect("a no-longer-sold finding");
    assert!(f.is_blocking());
    assert!(f.message.contains("openai/gpt-oss-120b"), "{}", f.message);
    let line = text.lines().position(|l| l.starts_with("model = ")).map(|i| i + 1).unwrap_or(0);
    assert_eq!(f.location.as_deref(), Some(format!("test.toml:{line}:9").as_str()));
    // priced all the same: 100 × 100 × 0.24e-6 = $0.0024
    assert_usd(api_usd(&r), 0.0024);
}

#[test]
fn an_unknown_model_is_invalid_input_at_its_line_with_close_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.toml");
    let text = product("[[api]]\nname = \"chat\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mni\"\nper = \"month\"\n");
    std::fs::write(&path, &text).expect("write");
    let out = crate::helpers::hostcast().args(["compare", &path.to_string_lossy()]).current_dir(repo(".")).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().position(|l| l.starts_with("model = ")).map(|i| i + 1).unwrap_or(0);
    assert!(err.contains(&format!("bad.toml:{line}:9: unknown model `gpt-4o-mni`")), "{err}");
    assert!(err.contains("`gpt-4o-mini`"), "{err}");
}

#[test]
fn bad_entries_are_errors_at_their_place() {
    let bad = |apis: &str| match hostcast::scenario::Scenario::parse(std::path::Path::new("x.toml"), product(apis)) {
        Ok(_) => panic!("accepted: {apis}"),
        Err(e) => e.to_string(),
    };
    assert!(bad("[[api]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\ntokens = 3\n").contains("unknown field `tokens`"));
    assert!(bad("[[api]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\ncached_input = 1.5\n").contains("fraction"));
    assert!(bad("[[api]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\nstage.Huge = { calls = 1 }\n").contains("stage `Huge`"));
    assert!(bad("[[api]]\nname = \"a\"\nprovider = \"openai\"\nmodel = \"gpt-4o\"\nper = \"request\"\n").contains("does not apply"));
    assert!(bad("[[api]]\nname = \"a\"\nprovider = \"openai\"\n").contains("neither `model` nor `product`"));
}

#[test]
fn the_crate_version_named_in_sources_is_the_one_locked() {
    let lock = std::fs::read_to_string(repo("Cargo.lock")).expect("Cargo.lock");
    let locked = lock.split("[[package]]").find(|p| p.contains("name = \"genai-prices\"")).expect("genai-prices is locked");
    assert!(locked.contains(&format!("version = \"{}\"", hostcast::apis::llm::VERSION)), "{locked}");
}

#[test]
fn an_option_may_pin_another_model_for_one_entry() {
    // 1,000 calls a month of 1,000 input + 1,000 output tokens:
    //   gpt-4o-mini: 1,000 × (1,000 × 0.15e-6 + 1,000 × 0.60e-6) = $0.75
    //   gpt-4o, pinned by option B: 1,000 × (0.0025 + 0.010) = $12.50
    let text = "[scenario]\nname = \"t\"\n\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 10\n\n\
        [[stage]]\nname = \"MVP\"\nusers = 1000\ndaily_active = 0.2\n\n[[option]]\nname = \"A\"\nplatform = \"fly\"\n\n\
        [[option]]\nname = \"B\"\nplatform = \"fly\"\napi.answers = { model = \"gpt-4o\" }\n\n\
        [[api]]\nname = \"answers\"\nprovider = \"openai\"\nmodel = \"gpt-4o-mini\"\nper = \"month\"\ncalls = 1000\ninput_tokens = 1000\noutput_tokens = 1000\n";
    let s = scenario(text);
    let r = hostcast::results::run(&[s], &books("2026-12-01"), &hostcast::simulate::Filter::default()).expect("prices").results;
    assert_usd(api_usd(&r[0]), 0.75);
    assert_usd(api_usd(&r[1]), 12.50);
    // an entry the scenario does not define is an error at the pin
    let bad = text.replace("api.answers", "api.answer");
    let e = hostcast::scenario::Scenario::parse(std::path::Path::new("x.toml"), bad.clone()).err().map(|e| e.to_string()).unwrap_or_default();
    let line = bad.lines().position(|l| l.starts_with("api.answer ")).map(|i| i + 1).unwrap_or(0);
    assert!(e.starts_with(&format!("x.toml:{line}:")) && e.contains("API `answer`"), "{e}");
}

#[test]
fn a_plan_with_an_overage_rate_is_weighed_against_the_next_step() {
    // Resend: Free 3,000 (no overage), Pro $20 for 50,000 + $0.90 per 1,000 over,
    // Scale $90 for 100,000. 10 emails per active user per day × 6,083.33 = 60,833.33:
    //   Pro: $20 + 10,833.33 × $0.0009 = $29.75; Scale: $90 → Pro with overage, $29.75.
    let r = price(&product("[[api]]\nname = \"email\"\nprovider = \"resend\"\nproduct = \"emails\"\ncalls = 10\n"), &books("2026-12-01"));
    assert_usd(api_usd(&r), 29.75);
    assert_eq!(api_lines(&r).len(), 2, "the plan fee and the overage");
    // 2 × 6,083.33 = 12,166.67 emails: the free plan stops at 3,000 (no overage on it)
    // → Pro, $20
    let r = price(&product("[[api]]\nname = \"email\"\nprovider = \"resend\"\nproduct = \"emails\"\ncalls = 2\n"), &books("2026-12-01"));
    assert_usd(api_usd(&r), 20.0);
    // 0.3333 × 6,083.33 = 2,027.6 emails (1 in 3 active-user-days): the free plan
    let r = price(&product("[[api]]\nname = \"email\"\nprovider = \"resend\"\nproduct = \"emails\"\ncalls = 0.3333\n"), &books("2026-12-01"));
    assert_usd(api_usd(&r), 0.0);
}

#[test]
fn waiting_on_an_api_raises_the_concurrency_bound() {
    // As above, 2.2 requests in flight at peak with the wait, 0.2 without. One request
    // per instance (concurrency 1), CPU and memory negligible, the queueing target out
    // of reach: instances = ⌈in flight ÷ 1⌉ = 3 with the wait, 1 without.
    let text = WAITING.replace("latency_ms = 100\n", "latency_ms = 100\nconcurrency = 1\nmemory_per_request_mb = 0\nlatency_target_ms = 3600000\n");
    let machine = capacity::Machine { vcpus: 1.0, sustained_cpu: 1.0, memory_mb: 1024.0 };
    let policy = capacity::Policy { min_instances: 1, max_instances: None, pinned: None, scale_to_zero: false, can_autoscale: false };
    let peak = |text: &str| {
        let s = scenario(text);
        let w = capacity::Workload::of(&s.file.services[0]);
        let d = capacity::demand(&w, &s.file.stages[0], 30.0, 0.0);
        let plan = capacity::plan_compute(&w, &d, &s.file.stages[0], 0, &machine, &policy);
        (plan.peak_instances, plan.bound)
    };
    assert_eq!(peak(&text), (3, capacity::Bound::Concurrency));
    assert_eq!(peak(&text.replace("latency_ms = 2000", "latency_ms = 0")).0, 1);
}

#[test]
fn the_pricing_date_defaults_to_the_newest_book_and_is_set_by_the_caller() {
    let prices = Prices::load_dir(&repo("pricing")).expect("bundled price books load");
    let newest = prices.infos().into_iter().map(|b| b.as_of).max().unwrap_or_default();
    assert_eq!(prices.date(), newest);
    assert_eq!(prices.with_date("2027-01-01").date(), "2027-01-01");
}

#[test]
fn intellipost_carries_the_same_api_lines_on_every_option() {
    // MVP: 40,000 users × 25% daily active × 60 requests × 365/12 days
    //   = 600,000 a day × 30.4167 = 18.25M API requests.
    //   PhotoRoom: 18.25M × 0.0167 = 304,775 photos → ⌈304.775⌉ = 305 buckets × $20
    //   = $6,100
    //   Gemini 2.5 Flash: 18.25M × 0.0083 = 151,475 listings × (3,000 × $0.30 + 600 ×
    //   $2.50) per 1M = $0.0024 each → $363.54
    //   APIs: $6,463.54 a month, on every option.
    let s = hostcast::scenario::Scenario::load(&repo("scenarios/intellipost.toml")).expect("scenario loads");
    let filter = hostcast::simulate::Filter { stages: vec!["MVP".into()], options: vec![] };
    let rows = hostcast::results::run(&[s], &books("2026-12-01"), &filter).expect("prices").results;
    assert!(rows.len() >= 4);
    for r in &rows {
        assert_usd(api_usd(r), 6_463.54);
        let providers: Vec<&str> = api_lines(r).iter().map(|l| l.provider.as_str()).collect();
        assert_eq!(providers, ["photoroom", "google"], "{}", r.option);
        let hosting: f64 = r.line_items.iter().filter(|l| l.part == Part::Hosting).map(|l| l.monthly_cost_usd).sum();
        assert!(hosting < 0.1 * api_usd(r), "{}: hosting ${hosting:.2} is a small part of this bill", r.option);
    }
}

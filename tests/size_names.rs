//! A size name the platform sells or sold but the price book lacks is a missing
//! price (the scenario keeps it, the total is a lower bound); a name the platform
//! does not know is invalid input listing every name of `data/size-names.toml`.

use std::path::Path;

use hostcast::findings::FindingKind;
use hostcast::import::{self, Options, emit};
use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::{Filter, OptionResult};

use crate::helpers::{assert_usd, component, repo};

fn books() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("the bundled books load")
}

/// Imports one file and loads the scenario it writes.
fn imported(name: &str, text: &str) -> (Scenario, String) {
    let one = import::import_text(Path::new(name), text, &Options::default()).expect("imports");
    let top = import::combine(vec![one]).expect("one topology");
    let emitted = emit::scenario(&top, &hostcast::import::emit::Known::from_prices(&books())).text;
    let s = Scenario::parse(Path::new("imported.toml"), emitted.clone()).unwrap_or_else(|e| panic!("{e}\n{emitted}"));
    (s, emitted)
}

fn row(s: &Scenario, platform: &str) -> OptionResult {
    let r = hostcast::results::run(std::slice::from_ref(s), &books(), &Filter::default()).expect("prices");
    r.results.into_iter().find(|r| r.platform == platform && r.stage == "MVP").expect("an MVP row on the platform")
}

fn missing_for(r: &OptionResult, service: &str) -> bool {
    r.diagnostics.iter().any(|f| f.kind == FindingKind::MissingPrice && f.service.as_deref() == Some(service))
}

const RENDER_YAML: &str = "services:\n  - type: web\n    name: shop\n    runtime: node\n    plan: starter-plus\n    startCommand: npm start\n  - type: worker\n    name: jobs\n    runtime: node\n    plan: starter\n";

#[test]
fn a_render_type_sold_earlier_is_kept_and_a_missing_price() {
    let (s, text) = imported("render.yaml", RENDER_YAML);
    assert!(text.contains("size = \"starter-plus\""), "{text}");
    assert!(text.contains("one Render sold earlier"), "{text}");
    let r = row(&s, "render");
    assert!(missing_for(&r, "shop"), "{:?}", r.diagnostics);
    assert!(!r.complete, "the total is a lower bound");
    assert_usd(component(&r, "shop", "compute"), 0.0);
    // the rest is still priced: the worker on Starter, $7 a month (the Render book)
    assert_usd(component(&r, "jobs", "compute"), 7.0);
}

#[test]
fn a_fly_size_sold_earlier_is_kept_and_a_missing_price() {
    let fly = "app = \"legacy\"\nprimary_region = \"iad\"\n[[vm]]\nsize = \"dedicated-cpu-2x\"\n";
    let (s, text) = imported("fly.toml", fly);
    assert!(text.contains("size = \"dedicated-cpu-2x\""), "{text}");
    // its CPU and memory are not assumed: no configured floor is written
    assert!(!text.contains("memory_mb = "), "{text}");
    let r = row(&s, "fly");
    assert!(missing_for(&r, "legacy"), "{:?}", r.diagnostics);
    assert!(!r.complete);
    assert_usd(component(&r, "legacy", "compute"), 0.0);
}

#[test]
fn a_name_no_platform_knows_is_invalid_input_listing_every_name() {
    let err = import::import_text(Path::new("fly.toml"), "app = \"a\"\n[[vm]]\nsize = \"dedicated-cpu-3x\"\n", &Options::default()).expect_err("invalid");
    let text = format!("{err:#}");
    assert!(text.contains("fly.toml:3:8") && text.contains("dedicated-cpu-1x") && text.contains("a100-80gb"), "{text}");
    let err =
        import::import_text(Path::new("render.yaml"), "services:\n  - type: web\n    name: a\n    plan: mega\n", &Options::default()).expect_err("invalid");
    let text = format!("{err:#}");
    assert!(text.contains("render.yaml:4:11") && text.contains("standard-plus") && text.contains("pro-ultra"), "{text}");
}

#[test]
fn a_pinned_name_in_a_scenario_is_told_apart_the_same_way() {
    let scenario = |size: &str| {
        format!(
            "[scenario]\nname = \"t\"\n[[service]]\nname = \"web\"\nkind = \"api\"\nrequests_per_user_day = 10\n[[stage]]\nname = \"MVP\"\nusers = 100\ndaily_active = 0.5\n[[option]]\nname = \"R\"\nplatform = \"render\"\n[option.service.web]\nsize = \"{size}\"\n"
        )
    };
    let s = Scenario::parse(Path::new("t.toml"), scenario("standard-plus")).expect("parses");
    let r = row(&s, "render");
    assert!(missing_for(&r, "web") && !r.complete, "{:?}", r.diagnostics);
    let s = Scenario::parse(Path::new("t.toml"), scenario("mega")).expect("parses");
    let err = hostcast::results::run(std::slice::from_ref(&s), &books(), &Filter::default()).expect_err("an unknown size");
    assert!(format!("{err:#}").contains("unknown size `mega`"), "{err:#}");
}

#[test]
fn render_s_newer_instance_ids_import_with_their_size() {
    // `1c-2g` is Render's id for Standard since August 2026: 1 CPU, 2 GB, $25 a month
    let yaml = "services:\n  - type: web\n    name: api\n    runtime: node\n    plan: 1c-2g\n    startCommand: node server.js\n";
    let (s, text) = imported("render.yaml", yaml);
    assert!(text.contains("size = \"1c-2g\""), "{text}");
    assert!(text.contains("memory_mb = 2048") && text.contains("cpu_kind = \"dedicated\""), "{text}");
    let r = row(&s, "render");
    assert!(r.complete, "{:?}", r.diagnostics);
    assert_usd(component(&r, "api", "compute"), 25.0);
}

#[test]
fn render_database_plans_are_checked_against_every_name_render_sold() {
    // an unknown Postgres or Key Value plan is invalid input at its line
    let pg = "databases:\n  - name: main\n    plan: mega-db\n";
    let err = import::import_text(Path::new("render.yaml"), pg, &Options::default()).expect_err("invalid");
    let text = format!("{err:#}");
    assert!(text.contains("render.yaml:3:11") && text.contains("unknown Render Postgres plan `mega-db`") && text.contains("accelerated-1024gb"), "{text}");
    let kv = "services:\n  - type: keyvalue\n    name: cache\n    plan: giant\n";
    let err = import::import_text(Path::new("render.yaml"), kv, &Options::default()).expect_err("invalid");
    assert!(format!("{err:#}").contains("unknown Render Key Value plan `giant`"), "{err:#}");
    // a current plan imports as before
    let ok = "databases:\n  - name: main\n    plan: pro-8gb\n";
    assert!(import::import_text(Path::new("render.yaml"), ok, &Options::default()).is_ok());
}

#[test]
fn a_pinned_database_plan_render_sold_earlier_is_a_missing_price() {
    let scenario = |plan: &str| {
        format!(
            "[scenario]\nname = \"t\"\n[[service]]\nname = \"db\"\nkind = \"postgres\"\nstorage_gb = 1\n[[stage]]\nname = \"MVP\"\nusers = 100\ndaily_active = 0.5\n[[option]]\nname = \"R\"\nplatform = \"render\"\n[option.service.db]\nplan = \"{plan}\"\n"
        )
    };
    // `pro` is Render's Postgres plan before October 2024; the book prices only today's
    let s = Scenario::parse(Path::new("t.toml"), scenario("pro")).expect("parses");
    let r = row(&s, "render");
    assert!(missing_for(&r, "db") && !r.complete, "{:?}", r.diagnostics);
    // Basic-1gb is priced: $19 a month (the Render book)
    let s = Scenario::parse(Path::new("t.toml"), scenario("basic-1gb")).expect("parses");
    let r = row(&s, "render");
    assert!(!missing_for(&r, "db"), "{:?}", r.diagnostics);
    assert_usd(component(&r, "db", "postgres"), 19.0);
    let s = Scenario::parse(Path::new("t.toml"), scenario("mega")).expect("parses");
    assert!(hostcast::results::run(std::slice::from_ref(&s), &books(), &Filter::default()).is_err());
}

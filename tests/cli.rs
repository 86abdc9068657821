//! The binary: exit codes and output formats.

use crate::helpers::repo;

fn hostcast(args: &[&str]) -> std::process::Output {
    crate::helpers::hostcast().args(args).current_dir(repo(".")).output().expect("runs")
}

#[test]
fn compare_prints_tables_for_every_bundled_scenario() {
    let out = hostcast(&["compare", "scenarios/intelauto.toml", "scenarios/transferlens.toml", "scenarios/intellipost.toml", "scenarios/vel-tutor.toml"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in ["IntelAuto", "TransferLens", "IntelliPost", "vel_tutor", "Fly.io", "Render", "Vercel + Fly.io", "Compose on Hetzner"] {
        assert!(text.contains(name), "missing {name}");
    }
}

#[test]
fn compare_json_carries_schema_books_and_line_items() {
    let out = hostcast(&["compare", "scenarios/transferlens.toml", "--stage", "MVP", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["schema_version"], hostcast::results::SCHEMA_VERSION);
    assert!(v["price_books"].as_array().is_some_and(|b| b.iter().any(|b| b["provider"] == "fly" && b["as_of"].is_string())));
    let results = v["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for r in results {
        assert_eq!(r["stage"], "MVP");
        for key in ["scenario", "option", "monthly_cost_usd", "services", "line_items"] {
            assert!(!r[key].is_null(), "{key}");
        }
        for l in r["line_items"].as_array().expect("items") {
            for key in ["service", "component", "quantity", "unit", "unit_price_usd", "monthly_cost_usd", "source"] {
                assert!(!l[key].is_null(), "{key} in {l}");
            }
        }
    }
}

#[test]
fn compare_csv_has_a_row_per_line_item() {
    let out = hostcast(&["compare", "scenarios/vel-tutor.toml", "--format", "csv", "--option", "Render", "--stage", "MVP"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    assert!(lines.next().is_some_and(|h| h.starts_with("scenario,option,platform,stage,part,complete,available,recommended,service")));
    assert!(lines.all(|l| l.starts_with("vel-tutor,Render,render,MVP,")));
}

#[test]
fn exit_codes_separate_bad_input_from_bad_usage() {
    assert_eq!(hostcast(&["compare"]).status.code(), Some(2));
    assert_eq!(hostcast(&["compare", "x.toml", "--format", "yaml"]).status.code(), Some(2));
    let missing = hostcast(&["compare", "does-not-exist.toml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does-not-exist.toml"));
    // an unknown stage or option name is a usage error (CONTRACTS: exit 2), listing the valid ones
    let stage = hostcast(&["compare", "scenarios/vel-tutor.toml", "--stage", "Huge"]);
    assert_eq!(stage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&stage.stderr).contains("`MVP`"));
    let option = hostcast(&["compare", "scenarios/vel-tutor.toml", "--option", "Heroku"]);
    assert_eq!(option.status.code(), Some(2));
    let date = hostcast(&["compare", "scenarios/vel-tutor.toml", "--today", "2026-02-30"]);
    assert_eq!(date.status.code(), Some(2));
}

/// A scenario whose Compose option needs a load balancer that the books given do not price.
fn lower_bound_books() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tmp");
    for f in fs_err::read_dir("pricing").expect("pricing") {
        let p = f.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") && !p.ends_with("render.toml") {
            fs_err::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let path = dir.path().to_string_lossy().to_string();
    (dir, path)
}

#[test]
fn a_lower_bound_is_exit_0_and_exit_4_under_fail_on_missing() {
    // without the Render book, every Render total is a lower bound
    let (_dir, books) = lower_bound_books();
    let args = ["compare", "scenarios/vel-tutor.toml", "--pricing", books.as_str(), "--option", "Render", "--stage", "MVP"];
    let plain = hostcast(&args);
    assert_eq!(plain.status.code(), Some(0), "{}", String::from_utf8_lossy(&plain.stderr));
    let table = String::from_utf8_lossy(&plain.stdout);
    assert!(table.contains("≥ $"), "the table marks the lower bound: {table}");
    let mut strict = args.to_vec();
    strict.push("--fail-on-missing");
    let failed = hostcast(&strict);
    assert_eq!(failed.status.code(), Some(4), "{}", String::from_utf8_lossy(&failed.stderr));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("lower bounds"));
    assert_eq!(failed.stdout, plain.stdout, "the output is written before the check fails");
    // with every book, the same check passes
    let full = hostcast(&["compare", "scenarios/vel-tutor.toml", "--option", "Render", "--stage", "MVP", "--fail-on-missing"]);
    assert_eq!(full.status.code(), Some(0), "{}", String::from_utf8_lossy(&full.stderr));
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let a = hostcast(&["compare", "scenarios/intellipost.toml", "--format", "json"]);
    let b = hostcast(&["compare", "scenarios/intellipost.toml", "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn pricing_lists_books_and_warns_on_stale_ones() {
    // every bundled book was last compared with its sources (`checked`) on 2026-12-01;
    // ages count from that date
    let fresh = hostcast(&["pricing", "--today", "2026-12-02", "--max-age-days", "400"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", String::from_utf8_lossy(&fresh.stderr));
    let text = String::from_utf8_lossy(&fresh.stdout);
    assert!(text.contains("embedded:fly-io.toml") && text.contains("2026-08-05") && text.contains("2026-12-01"));
    // 2027-06-01 − 2026-12-01 = 31 + 31 + 28 + 31 + 30 + 31 = 182 days > 180: listed, warned, exit 0
    let stale = hostcast(&["pricing", "--today", "2027-06-01"]);
    assert_eq!(stale.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("warning: price books checked more than 180 days before 2027-06-01"));
    assert!(String::from_utf8_lossy(&stale.stderr).contains("embedded:upstash.toml (182 days)"));
    // for CI: exit 5 under `pricing check --fail-stale`
    let strict = hostcast(&["pricing", "check", "--fail-stale", "--today", "2027-06-01"]);
    assert_eq!(strict.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("embedded:upstash.toml (182 days)"));
    // a bad date is a usage error
    assert_eq!(hostcast(&["pricing", "--today", "tomorrow"]).status.code(), Some(2));
}

#[test]
fn report_writes_a_folder_per_scenario_and_prints_a_summary() {
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().to_str().expect("utf-8 path");
    let run = hostcast(&["report", "scenarios/vel-tutor.toml", "--out", dir, "--today", "2026-10-01"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.contains("vel_tutor (vel-tutor): recommended option per stage"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes");
    let folder = out.path().join("vel-tutor");
    for f in [
        "costs.csv",
        "costs.json",
        "costs.parquet",
        "cost-by-stage.svg",
        "cost-by-stage.png",
        "cost-vs-users.svg",
        "instances.png",
        "breakdown-mvp.svg",
        "report.md",
        "report.html",
    ] {
        assert!(folder.join(f).is_file(), "{f}");
    }
    let bad = hostcast(&["report", "scenarios/vel-tutor.toml", "--out", dir, "--today", "next tuesday"]);
    assert_eq!(bad.status.code(), Some(2), "a bad --today is a usage error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--today YYYY-MM-DD"));
}

#[test]
fn report_gives_the_same_bytes_in_every_run() {
    // separate processes: polars' thread pool adds in a different order each run
    let (a, b) = (tempfile::tempdir().expect("tmp"), tempfile::tempdir().expect("tmp"));
    for dir in [&a, &b] {
        let run = hostcast(&["report", "--out", dir.path().to_str().expect("utf-8 path")]);
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    }
    let mut compared = 0;
    for scenario in fs_err::read_dir(a.path()).expect("dir") {
        let scenario = scenario.expect("entry").path();
        let name = scenario.file_name().expect("name").to_owned();
        for file in fs_err::read_dir(&scenario).expect("dir") {
            let file = file.expect("entry").path();
            let other = b.path().join(&name).join(file.file_name().expect("name"));
            assert!(fs_err::read(&file).expect("read") == fs_err::read(&other).expect("read"), "{} differs between runs", file.display());
            compared += 1;
        }
    }
    assert_eq!(compared, 80, "four scenarios, 20 files each (17 and the timeline's csv, svg, png)");
}

#[test]
fn an_estimate_total_is_a_lower_bound_or_not_available_as_compare_shows_it() {
    // without the Render book every Render line is missing: the total is a lower bound
    let (_dir, books) = lower_bound_books();
    let render = repo("tests/fixtures/corpus/render.yaml/FlowiseAI__Flowise__render.yaml");
    let run = hostcast(&["estimate", render.to_string_lossy().as_ref(), "--pricing", books.as_str()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let text = String::from_utf8_lossy(&run.stdout);
    let total = text.lines().find(|l| l.contains("Total")).expect("a total row");
    assert!(total.contains("≥ $"), "{total}");
    // a Fly GPU preset no longer sold: the app cannot run as configured
    let dir = tempfile::tempdir().expect("tmp");
    let fly = dir.path().join("fly.toml");
    fs_err::write(&fly, "app = \"gpu\"\nprimary_region = \"ord\"\n\n[[vm]]\nsize = \"a10\"\n").expect("write");
    let run = hostcast(&["estimate", fly.to_string_lossy().as_ref()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let text = String::from_utf8_lossy(&run.stdout);
    let total = text.lines().find(|l| l.contains("Total")).expect("a total row");
    assert!(total.contains("(not available)"), "{text}");
}

#[test]
fn a_file_that_is_no_deployment_config_is_refused_at_its_first_line() {
    // this repository's own Cargo.toml and a package.json: never a Fly app or a Vercel project
    let cargo = repo("Cargo.toml");
    let run = hostcast(&["estimate", cargo.to_string_lossy().as_ref()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("Cargo.toml:1:1: this is a Cargo.toml (a Rust package manifest), not a deployment config"), "{err}");
    assert!(err.contains("fly.toml, render.yaml, docker-compose.yml"), "{err}");
    let dir = tempfile::tempdir().expect("tmp");
    let package = dir.path().join("package.json");
    fs_err::write(&package, "{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\",\n  \"scripts\": {\"build\": \"next build\"}\n}\n").expect("write");
    let run = hostcast(&["import", package.to_string_lossy().as_ref()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("package.json:1:1: this is a package.json (an npm package manifest)"));
    // `--kind` says it is one after all
    let run = hostcast(&["import", package.to_string_lossy().as_ref(), "--kind", "vercel"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
}

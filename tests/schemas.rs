//! The shipped JSON Schemas (`schemas/*.schema.json`): current with the Rust types
//! they are generated from, and every bundled file and every JSON output valid
//! against them, checked by `boon` (in `schemas/check`, a crate of its own so the
//! validator's dependencies stay out of hostcast's build). `UPDATE_GOLDEN=1`
//! rewrites the committed schemas.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::helpers::repo;

fn hostcast(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hostcast")).args(args).current_dir(dir).env("HOSTCAST_TODAY", "2026-12-01").output().expect("runs")
}

/// Runs hostcast in the repository and returns its standard output (exit 0 required).
fn run(args: &[&str]) -> String {
    let out = hostcast(&repo("."), args);
    assert_eq!(out.status.code(), Some(0), "hostcast {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The checker binary, built once (offline when the crates are in the local cache).
fn checker() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("schema-check");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let manifest = repo("schemas/check/Cargo.toml");
        let build = Command::new(cargo)
            .args(["build", "--quiet", "--locked", "--manifest-path"])
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .expect("cargo runs");
        assert!(build.status.success(), "building the schema checker: {}", String::from_utf8_lossy(&build.stderr));
        target.join("debug").join("hostcast-schema-check")
    })
}

/// Validates `files` against `schemas/NAME`: (all valid, the checker's report).
fn check(name: &str, files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(checker()).arg(repo("schemas").join(name)).args(files).output().expect("checker runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "checker failed: {}", String::from_utf8_lossy(&out.stderr));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn assert_valid(name: &str, files: &[PathBuf]) {
    assert!(!files.is_empty(), "nothing to check against {name}");
    let (ok, report) = check(name, files);
    assert!(ok, "against {name}:\n{report}");
    assert_eq!(report.lines().filter(|l| l.ends_with(": ok")).count(), files.len(), "{report}");
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).expect("folder").filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn committed_schemas_are_the_ones_the_types_generate() {
    for (name, _) in hostcast::schema::NAMES {
        let want = hostcast::schema::text(name).expect("a shipped schema");
        let path = repo("schemas").join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &want).expect("write schema");
        }
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(got == want, "schemas/{name} is stale: run `UPDATE_GOLDEN=1 cargo test --test tests schemas` (or `cargo run --example schemas`) and commit it");
    }
}

#[test]
fn every_bundled_scenario_and_price_book_matches_its_schema() {
    let mut scenarios = Vec::new();
    toml_files(&repo("scenarios"), &mut scenarios);
    assert!(scenarios.len() >= 4);
    assert_valid("scenario.schema.json", &scenarios);
    let mut books = Vec::new();
    toml_files(&repo("pricing"), &mut books);
    // the published index lists books; it is not one
    books.retain(|b| !b.ends_with("pricing/index.toml"));
    assert!(books.iter().any(|b| b.to_string_lossy().contains("archive")), "the archive is checked too");
    assert_valid("price-book.schema.json", &books);
}

#[test]
fn every_json_output_matches_the_results_schema() {
    let dir = tempfile::tempdir().expect("tmp");
    let save = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p
    };
    let mut files = Vec::new();
    for s in ["intelauto", "intellipost", "transferlens", "vel-tutor"] {
        files.push(save(&format!("{s}.json"), run(&["compare", &format!("scenarios/{s}.toml"), "--format", "json"])));
    }
    let saved = files[3].to_string_lossy().to_string();
    files.push(save("output.json", run(&["output", &files[0].to_string_lossy(), &saved, "--format", "json"])));
    files.push(save("diff.json", run(&["diff", &saved, "scenarios/vel-tutor.toml", "--format", "json"])));
    files.push(save("budget.json", run(&["budget", "scenarios/vel-tutor.toml", "--max", "100000", "--format", "json"])));
    let fly = repo("tests/fixtures/corpus/fly.toml/Xe__x__cmd__hdrwtch__fly.toml");
    files.push(save("estimate.json", run(&["estimate", &fly.to_string_lossy(), "--format", "json"])));
    let reports = dir.path().join("reports");
    run(&["report", "scenarios/vel-tutor.toml", "-o", &reports.to_string_lossy()]);
    files.push(reports.join("vel-tutor/costs.json"));
    assert_valid("results.schema.json", &files);
    // each tells its kind
    let kind =
        |p: &PathBuf| serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(p).unwrap_or_default()).map(|v| v["kind"].clone()).unwrap_or_default();
    let kinds: Vec<serde_json::Value> = files.iter().map(kind).collect();
    for k in ["compare", "diff", "budget", "estimate", "costs"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
}

#[test]
fn broken_documents_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    // a scenario with a misspelt key, one with a share above 1
    let scenario = std::fs::read_to_string(repo("scenarios/vel-tutor.toml")).expect("scenario");
    let typo = dir.path().join("typo.toml");
    std::fs::write(&typo, scenario.replacen("[scenario]\n", "[scenario]\nnmae = \"x\"\n", 1)).expect("write");
    let share = dir.path().join("share.toml");
    std::fs::write(&share, format!("{scenario}\n[[stage]]\nname = \"Odd\"\nusers = 10\ndaily_active = 1.5\n")).expect("write");
    let (ok, report) = check("scenario.schema.json", &[typo.clone(), share.clone()]);
    assert!(!ok);
    assert_eq!(report.lines().filter(|l| l.contains(": refused")).count(), 2, "{report}");
    // the same scenario file unbroken passes: the refusals are the edits'
    assert!(check("scenario.schema.json", &[repo("scenarios/vel-tutor.toml")]).0);
    // a compare output without its kind, one with a total as text, a diff tagged as a budget
    let compare = run(&["compare", "scenarios/vel-tutor.toml", "--stage", "MVP", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&compare).expect("json");
    let mut broken = Vec::new();
    for (name, edit) in [("no-kind", "kind"), ("text-total", "total"), ("no-version", "version")] {
        let mut w = v.clone();
        match edit {
            "kind" => drop(w.as_object_mut().and_then(|o| o.remove("kind"))),
            "total" => w["results"][0]["hosting_usd"] = serde_json::json!("12.50"),
            _ => drop(w.as_object_mut().and_then(|o| o.remove("schema_version"))),
        }
        let p = dir.path().join(format!("{name}.json"));
        std::fs::write(&p, w.to_string()).expect("write");
        broken.push(p);
    }
    let (ok, report) = check("results.schema.json", &broken);
    assert!(!ok);
    assert_eq!(report.lines().filter(|l| l.contains(": refused")).count(), 3, "{report}");
}

#[test]
fn outputs_record_provenance_and_no_absolute_path_from_another_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    let pricing = repo("pricing");
    let scenario = repo("scenarios/vel-tutor.toml");
    let overlay = dir.path().join("discount.toml");
    std::fs::write(&overlay, "schema = 1\nprovider = \"fly\"\nas_of = 2026-11-01\n").expect("write");
    let (p, s, o) = (pricing.to_string_lossy(), scenario.to_string_lossy(), overlay.to_string_lossy());
    let out = hostcast(dir.path(), &["compare", &s, "--pricing", &p, "--overlay", &o, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let tmp = std::env::temp_dir().to_string_lossy().to_string();
    assert!(!text.contains(&tmp) && !text.contains("/tmp/"), "an absolute path in the output");
    assert!(!text.contains(&*repo(".").to_string_lossy()), "the repository's absolute path in the output");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let prov = &v["provenance"];
    assert_eq!(prov["hostcast_version"], env!("CARGO_PKG_VERSION"));
    assert!(prov["genai_prices_version"].as_str().is_some_and(|g| g.starts_with("0.") || g.chars().next().is_some_and(|c| c.is_ascii_digit())), "{prov}");
    // the Fly book's path is relative (from the temp folder, up to the repository) and its hash is the file's
    let fly = prov["price_books"].as_array().and_then(|b| b.iter().find(|b| b["provider"] == "fly")).expect("fly book");
    let path = fly["path"].as_str().unwrap_or_default();
    assert!(path.starts_with("../") && path.ends_with("pricing/fly-io.toml"), "{path}");
    assert_eq!(dir.path().join(path).canonicalize().ok(), repo("pricing/fly-io.toml").canonicalize().ok());
    let bytes = std::fs::read(repo("pricing/fly-io.toml")).expect("book");
    assert_eq!(fly["sha256"], hostcast::provenance::sha256_hex(&bytes));
    let overlays = prov["overlays"].as_array().expect("overlays");
    assert_eq!(overlays.len(), 1);
    assert_eq!(overlays[0]["path"], "discount.toml");
    assert_eq!(overlays[0]["sha256"], hostcast::provenance::sha256_hex(&std::fs::read(&overlay).expect("overlay")));
    // estimate and diff from the temp folder, the files named by absolute paths
    let config = repo("tests/fixtures/corpus/fly.toml/Xe__x__cmd__hdrwtch__fly.toml");
    let runs = [
        hostcast(dir.path(), &["estimate", &config.to_string_lossy(), "--pricing", &p, "--format", "json"]),
        hostcast(dir.path(), &["diff", &s, &s, "--pricing", &p, "--format", "json"]),
        hostcast(dir.path(), &["diff", &s, &s, "--pricing", &p, "--format", "markdown"]),
    ];
    for out in runs {
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains(&*repo(".").to_string_lossy()) && !text.contains("/tmp/"), "an absolute path in\n{text}");
    }
    // the report's Markdown says how it was made, without absolute paths either
    let reports = dir.path().join("out");
    let run = hostcast(dir.path(), &["report", &s, "--pricing", &p, "-o", "out"]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    for f in ["report.md", "report.html", "costs.json"] {
        let text = std::fs::read_to_string(reports.join("vel-tutor").join(f)).expect("report file");
        assert!(!text.contains("/tmp/") && !text.contains(&tmp), "an absolute path in {f}");
        assert!(text.contains("How this was made") || f == "costs.json", "{f} says how it was made");
        assert!(text.contains(fly["sha256"].as_str().unwrap_or("?")), "{f} names the Fly book's hash");
    }
}

#[test]
fn output_reads_compare_and_costs_json_and_names_what_it_cannot() {
    let dir = tempfile::tempdir().expect("tmp");
    let save = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    };
    let compare = save("compare.json", run(&["compare", "scenarios/vel-tutor.toml", "--stage", "MVP", "--format", "json"]));
    let diff = save("diff.json", run(&["diff", &compare, &compare, "--format", "json"]));
    let mut v1: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&compare).expect("read")).expect("json");
    v1["schema_version"] = serde_json::json!(1);
    let v1 = save("v1.json", v1.to_string());
    let mut v9: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&compare).expect("read")).expect("json");
    v9["schema_version"] = serde_json::json!(9);
    let v9 = save("v9.json", v9.to_string());
    for (file, says) in [(&diff, "a saved `diff` output"), (&v1, "schema_version 1"), (&v9, "schema_version 9 is newer")] {
        let out = hostcast(&repo("."), &["output", file]);
        assert_ne!(out.status.code(), Some(0), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains(file.as_str()), "{err}");
    }
    // a report's costs.json re-renders like the compare output it holds
    let reports = dir.path().join("r");
    run(&["report", "scenarios/vel-tutor.toml", "-o", &reports.to_string_lossy()]);
    let costs = reports.join("vel-tutor/costs.json");
    let table = run(&["output", &costs.to_string_lossy()]);
    assert!(table.contains("vel_tutor") || table.contains("Render"), "{table}");
    let again = run(&["output", &costs.to_string_lossy(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&again).expect("json");
    // re-rendered, it is the results model (the long-form rows stay in the report)
    assert_eq!(v["kind"], "compare");
    assert!(v.get("rows").is_none());
    assert!(v["provenance"]["price_books"].as_array().is_some_and(|b| !b.is_empty()), "provenance kept");
}

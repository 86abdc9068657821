//! The real configs of `tests/fixtures/corpus/` (and, when `HOSTCAST_EXTRA_CORPUS`
//! names a folder of the same layout, of that one too — e.g. a larger corpus whose
//! files may not be redistributed): every file imports, its scenario loads and
//! prices on every option, garbled copies never panic, and the topology of a
//! representative subset matches its golden file (`UPDATE_GOLDEN=1` rewrites them).
//! Also `estimate` and `import` through the binary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hostcast::findings::FindingKind;
use hostcast::import::emit::Known;
use hostcast::import::{self, Imported, Options, emit};
use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::Filter;

use crate::helpers::repo;

const KINDS: [&str; 4] = ["fly.toml", "render.yaml", "docker-compose", "vercel.json"];

/// The corpus kept in the repository, each file with its source and licence.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// A larger corpus of the same layout named by `HOSTCAST_EXTRA_CORPUS`, when set: the
/// tests read nothing outside the repository unless asked to.
fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("HOSTCAST_EXTRA_CORPUS")?);
    dir.is_dir().then_some(dir)
}

/// A corpus file by `kind/name`: the repository's copy, else the full corpus's; `None`
/// when the file is only in the full corpus and that is absent.
fn corpus_file(rel: &str) -> Option<PathBuf> {
    let kept = fixtures().join(rel);
    if kept.is_file() { Some(kept) } else { shared().map(|dir| dir.join(rel)) }
}

/// The rows of a `SOURCES.tsv` by the `kind/name` of the file each lists.
fn sources(dir: &Path) -> BTreeMap<String, String> {
    let path = dir.join("SOURCES.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().skip(1).map(|l| (l.split('\t').take(2).collect::<Vec<_>>().join("/"), l.to_string())).collect()
}

/// The config files under `dir`, by `kind/name`.
fn files_in(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    for sub in KINDS {
        let d = dir.join(sub);
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("cannot list {}: {e}", d.display()));
        for p in entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file()) {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            files.insert(format!("{sub}/{name}"), p);
        }
    }
    files
}

/// Every config file: the repository's copies, plus those only in the full corpus when
/// it is there; exactly the files the `SOURCES.tsv` files list, sorted by `kind/name`.
fn corpus_files() -> Vec<PathBuf> {
    let mut files = BTreeMap::new();
    let mut want: BTreeSet<String> = sources(&fixtures()).into_keys().collect();
    assert!(want.len() >= 40, "only {} files in the repository's corpus", want.len());
    if let Some(dir) = shared() {
        want.extend(sources(&dir).into_keys());
        assert!(want.len() >= 70, "only {} corpus files", want.len());
        files = files_in(&dir);
    }
    files.extend(files_in(&fixtures()));
    let got: BTreeSet<String> = files.keys().cloned().collect();
    assert_eq!(got, want, "the corpus folders hold other files than their SOURCES.tsv lists");
    files.into_values().collect()
}

#[test]
fn kept_corpus_files_are_listed_with_their_licence_and_match_the_full_corpus() {
    let dir = fixtures();
    let text = std::fs::read_to_string(dir.join("SOURCES.tsv")).expect("reads SOURCES.tsv");
    assert_eq!(text.lines().next(), Some("kind\tfilename\trepo\tpath\tcommit\tnotes\tlicence\tlicence_file"));
    let full = shared().map(|s| sources(&s)).unwrap_or_default();
    let mut licences = BTreeSet::new();
    for (rel, row) in sources(&dir) {
        let cols: Vec<&str> = row.split('\t').collect();
        assert_eq!(cols.len(), 8, "{row}");
        let spdx_like = cols[6].chars().all(|c| c.is_ascii_alphanumeric() || "-. ".contains(c));
        assert!(spdx_like && !cols[6].is_empty(), "{rel}: licence `{}`", cols[6]);
        let text_len = std::fs::metadata(dir.join(cols[7])).map(|m| m.len()).unwrap_or(0);
        assert!(cols[7].starts_with("LICENSES/") && text_len > 100, "{rel}: licence file `{}`", cols[7]);
        licences.insert(cols[7].trim_start_matches("LICENSES/").to_string());
        let kept = std::fs::read(dir.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        if let Some(s) = shared() {
            // the full corpus's row with two columns added, and its bytes
            assert_eq!(full.get(&rel).map(String::as_str), Some(cols[..6].join("\t").as_str()), "{rel}");
            assert!(std::fs::read(s.join(&rel)).is_ok_and(|b| b == kept), "{rel} differs from the full corpus's");
        }
    }
    let entries = std::fs::read_dir(dir.join("LICENSES")).expect("lists LICENSES/");
    let on_disk: BTreeSet<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(on_disk, licences, "LICENSES/ holds exactly the licences SOURCES.tsv names");
    // every file of the full corpus not kept here is named in the README as left out
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("reads README.md");
    for rel in full.keys().filter(|r| !dir.join(r).is_file()) {
        assert!(readme.contains(&format!("`{rel}`")), "{rel} is neither kept nor listed as left out");
    }
}

fn bundled_prices() -> Prices {
    Prices::load_dir(&repo("pricing")).expect("bundled price books load")
}

#[test]
fn every_corpus_file_imports_and_its_scenario_prices_on_every_option() {
    let prices = bundled_prices();
    let mut failures = Vec::new();
    for path in corpus_files() {
        let imported = match import::import_file(&path, &Options::default()) {
            Ok(i) => i,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        let top = match import::combine(vec![imported]) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{e}"));
                continue;
            }
        };
        let emitted = emit::scenario(&top, &Known::from_prices(&prices));
        let scenario = match Scenario::parse(&path.with_extension("scenario.toml"), emitted.text.clone()) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: scenario does not load: {e}", path.display()));
                continue;
            }
        };
        // as configured at every stage (what `estimate` prices); every option at MVP
        // for the smaller apps (sizing dozens of services on every platform is slow in
        // a debug build; `import_writes_a_scenario_that_compares_cleanly` covers more)
        let mut filters = vec![Filter { options: vec![emitted.option.clone()], stages: Vec::new() }];
        if top.services.len() <= 6 {
            filters.push(Filter { options: Vec::new(), stages: vec!["MVP".into()] });
        }
        for filter in filters {
            match hostcast::results::run(std::slice::from_ref(&scenario), &prices, &filter) {
                Ok(r) => {
                    assert!(r.results.len() >= 3, "{}: {} results", path.display(), r.results.len());
                    for res in &r.results {
                        failures.extend(misplaced(&path, &scenario, res));
                    }
                }
                Err(e) => failures.push(format!("{}: does not price: {e}", path.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{} corpus file(s) failed:\n{}", failures.len(), failures.join("\n"));
}

/// Services placed where their platform cannot run them without a blocking
/// `cannot_host` finding: an always-on kind on Vercel Functions, a Fly volume above
/// 500 GB, a page-less service moved to Vercel by the hybrid.
fn misplaced(path: &Path, scenario: &Scenario, r: &hostcast::simulate::OptionResult) -> Vec<String> {
    let flagged = |name: &str| r.diagnostics.iter().any(|f| f.kind == FindingKind::CannotHost && f.service.as_deref() == Some(name));
    let option = scenario.file.options.iter().find(|o| o.name == r.option);
    let pinned_to_vercel =
        |name: &str| option.and_then(|o| o.service.get(name)).and_then(|p| p.get_ref().provider.as_ref()).is_some_and(|p| p.get_ref() == "vercel");
    let mut out = Vec::new();
    for s in &r.services {
        let front_end = scenario.file.services.iter().find(|x| x.name == s.name).is_some_and(hostcast::billing::vercel::is_front_end);
        if s.provider == "vercel" && !front_end && !pinned_to_vercel(&s.name) {
            out.push(format!("{} / {}: `{}` ({}) moved to Vercel though it serves no pages", path.display(), r.option, s.name, s.kind));
        }
        let on_vercel_ok = ["web", "api", "static", "cron"].contains(&s.kind.as_str());
        if s.provider == "vercel" && !on_vercel_ok && !flagged(&s.name) {
            out.push(format!("{} / {}: `{}` ({}) placed on Vercel unflagged", path.display(), r.option, s.name, s.kind));
        }
        let per_machine: f64 = r
            .line_items
            .iter()
            .filter(|l| l.service == s.name && l.provider == "fly" && l.component == "volume")
            .map(|l| l.quantity / f64::from(s.peak_instances.max(1)))
            .fold(0.0, f64::max);
        if per_machine > 500.0 && !flagged(&s.name) {
            out.push(format!("{} / {}: `{}` on a {per_machine} GB Fly volume unflagged", path.display(), r.option, s.name));
        }
    }
    out
}

/// Deterministic pseudo-random numbers for garbling.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

#[test]
fn truncated_and_garbled_corpus_files_never_panic() {
    let prices = bundled_prices();
    let known = Known::from_prices(&prices);
    let mut rng = Lcg(7);
    let junk = ["", "\n", "[", "]", "{", "}", ":", "- ", "<<: *x\n", "&a ", "*a", "\"", "'", "=", "[[vm]]\n", "${", "\t", "\u{0}", "é", "#"];
    for path in corpus_files() {
        let text = std::fs::read_to_string(&path).expect("reads");
        let chars: Vec<char> = text.chars().collect();
        let mut variants: Vec<String> = Vec::new();
        for k in 1..8 {
            variants.push(chars[..chars.len() * k / 8].iter().collect());
        }
        for _ in 0..12 {
            let mut c = chars.clone();
            for _ in 0..3 {
                let at = rng.next(c.len() + 1);
                let j = junk[rng.next(junk.len())];
                let cut = rng.next(4).min(c.len().saturating_sub(at));
                c.splice(at..at + cut, j.chars());
            }
            variants.push(c.into_iter().collect());
        }
        let mut lines: Vec<&str> = text.lines().collect();
        lines.reverse();
        variants.push(lines.join("\n"));
        for v in variants {
            // Ok or a located error: never a panic; a topology always makes a loadable scenario
            if let Ok(i) = import::import_text(&path, &v, &Options::default())
                && let Ok(top) = import::combine(vec![i])
            {
                let emitted = emit::scenario(&top, &known);
                if let Err(e) = Scenario::parse(Path::new("garbled.toml"), emitted.text.clone()) {
                    panic!("{}: a garbled copy gives a scenario that does not load: {e}\n{}", path.display(), emitted.text);
                }
            }
        }
    }
}

/// The files whose topology is kept as golden files: each format's hard cases.
const GOLDEN: [&str; 12] = [
    "fly.toml/tuist__tuist__server__fly.prod.toml",
    "fly.toml/Xe__x__cmd__hdrwtch__fly.toml",
    "fly.toml/superfly__flyctl__internal__appconfig__testdata__full-reference.toml",
    "fly.toml/fly-apps__postgres-flex__fly.toml",
    "render.yaml/render-examples__temporal__render.yaml",
    "render.yaml/render-examples__dify-render-template__render.yaml",
    "render.yaml/render-examples__preview-environment__render.yaml",
    "docker-compose/apache__airflow__docs__apache-airflow__howto__docker-compose__docker-compose.yaml",
    "docker-compose/makeplane__plane__deploy__selfhost__docker-compose.yml",
    "docker-compose/open-telemetry__opentelemetry-demo__docker-compose.yml",
    "vercel.json/calcom__cal.com__apps__web__vercel.json",
    "vercel.json/vercel__examples__python__litellm-gateway__vercel.json",
];

/// The imported topology as stable JSON: services, notes, warnings (file names only).
fn golden_json(i: &Imported) -> String {
    let mut v = serde_json::to_value(i).expect("serialises");
    let warnings: Vec<String> = i.warnings.iter().map(|w| format!("{}:{}: {}", w.line.unwrap_or(0), w.column.unwrap_or(0), w.message)).collect();
    v["warnings"] = serde_json::json!(warnings);
    let mut s = serde_json::to_string_pretty(&v).expect("json");
    s.push('\n');
    s
}

#[test]
fn golden_topologies_of_a_representative_subset() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    let dir = repo("tests/golden/import");
    let mut diffs = Vec::new();
    let mut checked = 0;
    for rel in GOLDEN {
        // kept only in the full corpus, which is absent
        let Some(path) = corpus_file(rel) else { continue };
        checked += 1;
        let imported = import::import_file(&path, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
        let got = golden_json(&imported);
        let name = format!("{}.json", rel.rsplit('/').next().unwrap_or(rel));
        let golden = dir.join(&name);
        if update {
            std::fs::create_dir_all(&dir).expect("golden dir");
            std::fs::write(&golden, &got).expect("writes golden");
            continue;
        }
        match std::fs::read_to_string(&golden) {
            Ok(want) if want == got => {}
            Ok(_) => diffs.push(format!("{name} differs (UPDATE_GOLDEN=1 rewrites it after review)")),
            Err(_) => diffs.push(format!("{name} is missing (UPDATE_GOLDEN=1 writes it)")),
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    assert!(checked >= GOLDEN.len() / 2, "only {checked} golden topologies checked");
}

fn hostcast(args: &[&str]) -> std::process::Output {
    crate::helpers::hostcast().args(args).current_dir(repo(".")).output().expect("runs")
}

#[test]
fn estimate_itemises_and_lists_assumptions_and_json_has_compare_line_items() {
    let file = fixtures().join("fly.toml/Xe__x__cmd__hdrwtch__fly.toml");
    let f = file.to_string_lossy();
    let out = hostcast(&["estimate", &f]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "As configured on Fly.io",
        "compute",
        "volume",
        "Total",
        "Assumptions",
        "requests per active user",
        "has no prices in the book",
        "applies to no service",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in\n{text}");
    }
    let out = hostcast(&["estimate", &f, "--format", "json", "--stage", "Growth"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["schema_version"], hostcast::results::SCHEMA_VERSION);
    assert_eq!(v["stage"]["name"], "Growth");
    let r = &v["results"][0];
    assert_eq!(r["option"], "As configured on Fly.io");
    for l in r["line_items"].as_array().expect("line items") {
        for key in ["service", "component", "quantity", "unit", "unit_price_usd", "monthly_cost_usd", "source"] {
            assert!(!l[key].is_null(), "{key} in {l}");
        }
    }
    assert!(v["import_assumptions"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(v["import_warnings"].as_array().is_some_and(|a| a.iter().any(|w| w.as_str().is_some_and(|w| w.contains(":23:")))));
}

#[test]
fn import_writes_a_scenario_that_compares_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    for rel in [
        "render.yaml/render-examples__sf-pulse-ts__render.yaml",
        "render.yaml/render-examples__dify-render-template__render.yaml",
        "docker-compose/chatwoot__chatwoot__docker-compose.production.yaml",
        "docker-compose/maybe-finance__maybe__compose.example.yml",
        "vercel.json/dubinc__dub__apps__web__vercel.json",
    ] {
        let out_path = dir.path().join("scenario.toml");
        let Some(src) = corpus_file(rel) else { continue };
        // one file is written over and over: `--force`
        let out = hostcast(&["import", &src.to_string_lossy(), "-o", &out_path.to_string_lossy(), "--force"]);
        assert_eq!(out.status.code(), Some(0), "{rel}: {}", String::from_utf8_lossy(&out.stderr));
        let cmp = hostcast(&["compare", &out_path.to_string_lossy()]);
        assert_eq!(cmp.status.code(), Some(0), "{rel}: {}", String::from_utf8_lossy(&cmp.stderr));
        let text = String::from_utf8_lossy(&cmp.stdout);
        assert!(text.contains("As configured on"), "{text}");
        // nothing but the scenario is left in the folder (the temporary file was renamed)
        assert_eq!(std::fs::read_dir(dir.path()).expect("lists").count(), 1);
    }
    // without -o the scenario goes to standard output
    for src in SMALL_FLY.iter().filter_map(|rel| corpus_file(rel)) {
        let out = hostcast(&["import", &src.to_string_lossy()]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("[[option]]"));
    }
}

/// Small Fly.io apps without public services: the full corpus's and the repository's.
const SMALL_FLY: [&str; 2] = ["fly.toml/fly-apps__redis__fly.toml", "fly.toml/BerriAI__litellm-agent-platform__fly.worker.toml"];

#[test]
fn estimate_and_import_exit_codes() {
    assert_eq!(hostcast(&["estimate"]).status.code(), Some(2));
    assert_eq!(hostcast(&["import", "x.toml", "--kind", "heroku"]).status.code(), Some(2));
    let missing = hostcast(&["estimate", "does-not-exist/fly.toml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does-not-exist/fly.toml"));
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("fly.toml");
    std::fs::write(&bad, "app = \"a\"\n[http_service\n").expect("writes");
    let out = hostcast(&["estimate", &bad.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fly.toml:2:"), "{}", String::from_utf8_lossy(&out.stderr));
    for src in SMALL_FLY.iter().filter_map(|rel| corpus_file(rel)) {
        // an unknown `--stage` is a usage error (CONTRACTS: exit 2), listing the stages
        let stage = hostcast(&["estimate", &src.to_string_lossy(), "--stage", "Huge"]);
        assert_eq!(stage.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&stage.stderr).contains("`MVP`"));
    }
}

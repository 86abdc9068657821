//! Bounded work: the YAML expansion budget and the caps of `hostcast::limits`, each a
//! located error naming its cap, through the command line and the library.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use hostcast::limits::{MAX_NESTING, MAX_SERVICES, MAX_STAGES};
use hostcast::scenario::Scenario;

/// Runs hostcast on `args` in `dir`.
fn hostcast(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hostcast")).args(args).current_dir(dir).output().expect("runs")
}

/// A render.yaml whose anchor holds a 20 kB string, aliased 10× per level for `levels` levels.
fn bomb(levels: usize) -> String {
    let mut t = format!("x-0: &a0 \"{}\"\n", "x".repeat(20_000));
    for l in 1..=levels {
        t.push_str(&format!("x-{l}: &a{l} [{}]\n", vec![format!("*a{}", l - 1); 10].join(", ")));
    }
    t.push_str("services:\n  - type: web\n    name: a\n    runtime: node\n    plan: starter\n");
    t
}

#[test]
fn alias_bombs_fail_fast_at_the_alias_that_crosses_the_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    for levels in [4, 5] {
        std::fs::write(dir.path().join("render.yaml"), bomb(levels)).expect("writes");
        let start = Instant::now();
        let out = hostcast(dir.path(), &["estimate", "render.yaml"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        // x-2 holds 100 copies of 20 kB; the 8th alias of line 4 crosses 16 MiB
        assert!(stderr.contains("render.yaml:4:"), "{stderr}");
        assert!(stderr.contains("MAX_EXPANSION_BYTES"), "{stderr}");
        // nothing is expanded: the error comes at once (unexpanded, 10⁴ copies of 20 kB
        // took seconds and gigabytes)
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}

#[test]
fn many_services_merging_one_block_stay_within_the_budget() {
    // 12,000 services each merge a block of 11 nodes: 132,000 copied nodes (more
    // than the YAML loader's own default of 100,000), about 9 MB of the 16 MiB budget
    let mut t = String::from("x-common: &common\n  restart: always\n  environment:\n    A: '1'\n    B: '2'\n    C: '3'\nservices:\n");
    for i in 0..12_000 {
        t.push_str(&format!("  s{i}:\n    <<: *common\n    image: app\n"));
    }
    let imported = hostcast::import::import_text(Path::new("docker-compose.yml"), &t, &hostcast::import::Options::default()).expect("imports");
    assert_eq!(imported.services.len(), 12_000);
}

#[test]
fn a_yaml_nesting_bomb_is_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("services:\n  a:\n    image: app\n    command: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    std::fs::write(dir.path().join("docker-compose.yml"), text).expect("writes");
    let out = hostcast(dir.path(), &["estimate", "docker-compose.yml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // the root mapping, `services`, `a` and 61 brackets make 64 levels: the 62nd bracket is past
    assert!(stderr.contains(&format!("docker-compose.yml:4:{}:", 14 + 61)), "{stderr}");
    assert!(stderr.contains("MAX_NESTING"), "{stderr}");
}

#[test]
fn toml_nesting_bombs_are_located_errors_in_configs_scenarios_and_price_books() {
    let dir = tempfile::tempdir().expect("temp dir");
    let deep = format!("app = \"a\"\nx = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    std::fs::write(dir.path().join("fly.toml"), &deep).expect("writes");
    let out = hostcast(dir.path(), &["estimate", "fly.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("fly.toml:2:{}:", 5 + MAX_NESTING)), "{stderr}");
    assert!(stderr.contains("MAX_NESTING"), "{stderr}");
    let e = Scenario::parse(Path::new("s.toml"), deep.clone()).expect_err("too deep");
    assert_eq!((e.line, e.column), (Some(2), Some(5 + MAX_NESTING)), "{e}");
    let e = hostcast::pricing::parse_book(Path::new("fly.toml"), &deep).expect_err("too deep");
    assert_eq!((e.line, e.column), (Some(2), Some(5 + MAX_NESTING)), "{e}");
}

#[test]
fn a_file_past_the_size_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = std::fs::File::create(dir.path().join("docker-compose.yml")).expect("creates");
    // sparse: no disk is used
    f.set_len(hostcast::limits::MAX_FILE_BYTES + 1).expect("sized");
    for args in [&["estimate", "docker-compose.yml"][..], &["compare", "docker-compose.yml"][..]] {
        let out = hostcast(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("docker-compose.yml:1:1:") && stderr.contains("MAX_FILE_BYTES"), "{args:?}: {stderr}");
    }
}

/// A scenario with `services` services and `stages` stages.
fn scenario(services: usize, stages: usize) -> String {
    let mut t = String::from("[scenario]\nname = \"big\"\n\n");
    for i in 0..services {
        t.push_str(&format!("[[service]]\nname = \"s{i}\"\nkind = \"web\"\n\n"));
    }
    for i in 0..stages {
        t.push_str(&format!("[[stage]]\nname = \"S{i}\"\nusers = 1000\ndaily_active = 0.2\n\n"));
    }
    t.push_str("[[option]]\nname = \"Fly\"\nplatform = \"fly\"\n");
    t
}

#[test]
fn scenarios_past_the_service_and_stage_caps_are_located_errors() {
    let e = Scenario::parse(Path::new("s.toml"), scenario(MAX_SERVICES + 1, 1)).expect_err("too many services");
    assert!(e.message.contains("MAX_SERVICES"), "{e}");
    // the header of service number MAX_SERVICES + 1: 4 lines a service after 3 lines
    assert_eq!((e.line, e.column), (Some(4 + 4 * MAX_SERVICES), Some(1)), "{e}");
    let e = Scenario::parse(Path::new("s.toml"), scenario(1, MAX_STAGES + 1)).expect_err("too many stages");
    assert!(e.message.contains("MAX_STAGES"), "{e}");
    assert_eq!((e.line, e.column), (Some(8 + 5 * MAX_STAGES), Some(1)), "{e}");
    assert!(Scenario::parse(Path::new("s.toml"), scenario(3, 3)).is_ok());
}

#[test]
fn large_runs_shared_among_threads_give_the_same_bytes_in_order() {
    // 1,500 services × 4 options × 3 stages: past the size from which pricing and the
    // service tables are shared among the cores; every run must be byte for byte the
    // same, the blocks in the results' order, the borders as configured (ASCII: not a
    // terminal) on every thread
    let dir = tempfile::tempdir().expect("temp dir");
    let mut t = String::from("services:\n");
    for i in 0..1_500 {
        t.push_str(&format!("  svc-{i}:\n    image: ghcr.io/acme/svc-{i}:1\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n"));
    }
    std::fs::write(dir.path().join("docker-compose.yml"), t).expect("write");
    let o = hostcast(dir.path(), &["import", "docker-compose.yml", "-o", "big.toml"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let run = |format: &str| {
        let o = hostcast(dir.path(), &["compare", "big.toml", "--format", format]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).expect("UTF-8")
    };
    let (table, again) = (run("table"), run("table"));
    assert_eq!(table, again, "the same bytes on every run");
    assert!(!table.contains('─') && !table.contains('│'), "ASCII borders on every thread");
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    let rows = json["results"].as_array().expect("results");
    assert_eq!(rows.len(), 12);
    // each option and stage's block appears once, in the results' order, with all its services
    let mut from = 0;
    for r in rows {
        let head = format!("{} · {} · ", r["option"].as_str().unwrap_or_default(), r["stage"].as_str().unwrap_or_default());
        let at = table[from..].find(&head).map(|i| from + i);
        assert!(at.is_some(), "`{head}` after byte {from}");
        from = at.unwrap_or(from) + head.len();
        assert_eq!(r["services"].as_array().map(Vec::len), Some(1_500));
    }
    assert_eq!(table.matches("| svc-1499 ").count(), 12, "every block lists every service");
}

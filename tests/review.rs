//! A team's review workflow: `diff` of two versions (a saved JSON, a scenario),
//! `budget` with its exit codes, `output` re-rendering saved JSON byte for byte, and
//! the Markdown pull-request comments (golden files; `UPDATE_GOLDEN=1` rewrites them).

use std::path::Path;

use crate::helpers::repo;

fn hostcast(dir: &Path, args: &[&str]) -> std::process::Output {
    crate::helpers::hostcast().args(args).current_dir(dir).env("HOSTCAST_TODAY", "2026-12-01").output().expect("runs")
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// One API on Fly, pinned to `n` shared-cpu-1x-256mb machines, with no traffic, and
/// hours of team time stated: the bill is the machines, a dollar figure worked by hand.
fn scenario(n: u32) -> String {
    format!(
        r#"[scenario]
name = "Pinned"

[team_time]
paas_hours_per_month = 1
hourly_rate_usd = 50

[[service]]
name = "api"
kind = "api"
requests_per_user_day = 0

[[stage]]
name = "MVP"
users = 100
daily_active = 0.5

[[option]]
name = "Fly.io"
platform = "fly"
service.api = {{ size = "shared-cpu-1x-256mb", instances = {n} }}
"#
    )
}

/// shared-cpu-1x-256mb: $1.94 per 30 days (720 h) in iad × 730 / 720 = $1.966944 a month.
const MACHINE: f64 = 1.94 * 730.0 / 720.0;

fn golden(name: &str, got: &str) {
    let path = repo("tests/golden/review").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs_err::write(&path, got).expect("write golden");
        return;
    }
    let want = fs_err::read_to_string(&path).unwrap_or_default();
    assert_eq!(got, want, "{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)");
}

fn pricing() -> String {
    repo("pricing").to_string_lossy().into_owned()
}

#[test]
fn diff_of_a_saved_json_and_a_scenario_shows_what_changed_by_hand() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("base.toml"), scenario(1)).expect("w");
    fs_err::write(d.join("head.toml"), scenario(3)).expect("w");
    let saved = hostcast(d, &["compare", "base.toml", "--format", "json", "-o", "base.json", "--pricing", &pricing()]);
    assert_eq!(saved.status.code(), Some(0), "{}", String::from_utf8_lossy(&saved.stderr));
    let run = hostcast(d, &["diff", "base.json", "head.toml", "--format", "json", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("json");
    assert_eq!(v["schema_version"], hostcast::results::SCHEMA_VERSION);
    let row = &v["rows"][0];
    // 1 → 3 machines: $1.966944 → $5.900833, +$3.933889, +200%
    let change = &row["monthly_cost"];
    assert!((change["base_usd"].as_f64().unwrap_or_default() - MACHINE).abs() < 1e-6, "{change}");
    assert!((change["change_usd"].as_f64().unwrap_or_default() - 2.0 * MACHINE).abs() < 1e-6, "{change}");
    assert!((change["change_pct"].as_f64().unwrap_or_default() - 200.0).abs() < 1e-6, "{change}");
    // the team's hour is the same on both sides: with team time moves by the same dollars
    assert!((row["with_team_time"]["change_usd"].as_f64().unwrap_or_default() - 2.0 * MACHINE).abs() < 1e-6);
    assert_eq!(row["components"][0]["component"], "compute");
    assert_eq!(v["stages"][0]["head"], "Fly.io");
    let md = hostcast(d, &["diff", "base.json", "head.toml", "--format", "markdown", "--pricing", &pricing()]);
    golden("diff.md", &stdout(&md));
    let table = stdout(&hostcast(d, &["diff", "base.json", "head.toml", "--pricing", &pricing()]));
    assert!(table.contains("+$3.93 (+200%)"), "{table}");
}

#[test]
fn output_re_renders_saved_json_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let scenario = repo("scenarios/vel-tutor.toml").to_string_lossy().into_owned();
    let json = hostcast(d, &["compare", &scenario, "--format", "json", "--pricing", &pricing()]);
    fs_err::write(d.join("saved.json"), &json.stdout).expect("w");
    for (format, direct) in [("json", json.stdout.clone()), ("table", hostcast(d, &["compare", &scenario, "--pricing", &pricing()]).stdout)] {
        let again = hostcast(d, &["output", "saved.json", "--format", format]);
        assert_eq!(again.status.code(), Some(0), "{}", String::from_utf8_lossy(&again.stderr));
        let (got, want) = (String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&direct));
        let first = got.lines().zip(want.lines()).position(|(a, b)| a != b);
        assert!(got == want, "`output --format {format}` differs from the direct run at line {first:?}");
    }
    // an older schema is named, not misread
    let old = String::from_utf8_lossy(&json.stdout).replacen(&format!("\"schema_version\": {}", hostcast::results::SCHEMA_VERSION), "\"schema_version\": 1", 1);
    fs_err::write(d.join("old.json"), old).expect("w");
    let refused = hostcast(d, &["output", "old.json"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("schema_version 1"));
}

#[test]
fn budget_exits_3_over_a_limit_4_on_a_lower_bound_and_the_smallest_wins() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), scenario(3)).expect("w");
    // 3 machines = $5.900833 a month in cash; with the team's hour at $50: $55.900833
    let within = hostcast(d, &["budget", "s.toml", "--max", "6", "--pricing", &pricing()]);
    assert_eq!(within.status.code(), Some(0), "{}", String::from_utf8_lossy(&within.stderr));
    let over = hostcast(d, &["budget", "s.toml", "--max", "50", "--basis", "with-team-time", "--pricing", &pricing()]);
    assert_eq!(over.status.code(), Some(3));
    // over by $55.900833 − $50 = $5.90
    assert!(String::from_utf8_lossy(&over.stderr).contains("$55.90 is over $50.00, the monthly limit, by $5.90"), "{}", String::from_utf8_lossy(&over.stderr));
    golden(
        "budget-over.md",
        &stdout(&hostcast(d, &["budget", "s.toml", "--max", "50", "--basis", "with-team-time", "--format", "markdown", "--pricing", &pricing()])),
    );
    // a lower bound: without the Fly book the machines are a missing price
    let books = tempfile::tempdir().expect("tmp");
    for f in fs_err::read_dir(repo("pricing")).expect("dir") {
        let p = f.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") && !p.ends_with("fly-io.toml") {
            fs_err::copy(&p, books.path().join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let partial = books.path().to_string_lossy().into_owned();
    let lower = hostcast(d, &["budget", "s.toml", "--option", "Fly.io", "--max", "6", "--fail-on-missing", "--pricing", &partial]);
    assert_eq!(lower.status.code(), Some(4), "{}", String::from_utf8_lossy(&lower.stderr));
    // over budget and a lower bound: 3 wins
    let both = hostcast(d, &["budget", "s.toml", "--option", "Fly.io", "--max", "10", "--basis", "with-team-time", "--fail-on-missing", "--pricing", &partial]);
    assert_eq!(both.status.code(), Some(3), "{}", String::from_utf8_lossy(&both.stderr));
}

#[test]
fn a_scenario_states_its_own_budget_and_a_bad_one_is_refused_at_its_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    let with = |table: &str| scenario(3).replace("[team_time]", &format!("{table}\n\n[team_time]"));
    fs_err::write(d.join("s.toml"), with("[budget]\nmax_monthly_usd = 5")).expect("w");
    let run = hostcast(d, &["budget", "s.toml", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(3), "$5.90 over the scenario's $5: {}", String::from_utf8_lossy(&run.stderr));
    fs_err::write(d.join("bad.toml"), with("[budget]\nmax_increase = \"ten percent\"")).expect("w");
    let bad = hostcast(d, &["budget", "bad.toml", "--baseline", "s.toml", "--pricing", &pricing()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("bad.toml:5:16"), "{}", String::from_utf8_lossy(&bad.stderr));
}

/// Saved JSON is untrusted input: `output`, `diff` and `budget --baseline` check it
/// against the results model and refuse it, at its line and column, before using it.
#[test]
fn a_saved_json_that_is_not_what_hostcast_writes_is_refused_at_its_place() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), scenario(1)).expect("w");
    let saved = hostcast(d, &["compare", "s.toml", "--format", "json", "--pricing", &pricing()]);
    assert_eq!(saved.status.code(), Some(0), "{}", String::from_utf8_lossy(&saved.stderr));
    let text = stdout(&saved);
    // the line and column of the first value of `key` in the saved text
    let place = |text: &str, key: &str| {
        let at = text.find(&format!("\"{key}\": ")).expect("key") + key.len() + 4;
        let line = text[..at].matches('\n').count() + 1;
        let col = at - text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
        format!("{line}:{col}")
    };
    let first_number = |key: &str| {
        let at = text.find(&format!("\"{key}\": ")).expect("key") + key.len() + 4;
        let end = at + text[at..].find([',', '\n']).expect("end");
        (at, end)
    };
    let replace = |key: &str, with: &str| {
        let (at, end) = first_number(key);
        format!("{}{with}{}", &text[..at], &text[end..])
    };
    let cases = [
        ("negative.json", replace("hosting_usd", "-5.9"), "hosting_usd", "`results.0.hosting_usd` is -5.9: an amount of money is 0 or more"),
        ("null.json", replace("apis_usd", "null"), "apis_usd", "not a hostcast results file: invalid type: null, expected f64"),
        ("overflow.json", replace("apis_usd", "1e999"), "apis_usd", "not JSON: number out of range"),
        ("huge.json", replace("team_time_usd", "4.29e18"), "team_time_usd", "`results.0.team_time_usd` is 4.29e18: beyond the $90,071,992,547,409.92"),
        ("sum.json", replace("monthly_cost_usd", "1"), "monthly_cost_usd", "`results.0.monthly_cost_usd` is 1, not `hosting_usd` + `apis_usd`"),
        ("version.json", replace("schema_version", "0"), "schema_version", "schema_version 0 is not one hostcast writes"),
        ("text-version.json", replace("schema_version", "\"2\""), "schema_version", "schema_version \"2\" is not one hostcast writes"),
    ];
    let books = pricing();
    for (file, bad, key, says) in cases {
        fs_err::write(d.join(file), &bad).expect("w");
        // serde_json places a type error at the end of the value: its line, then a column within it
        let at = if says.starts_with("not ") {
            format!("{file}:{}:", place(&bad, key).split(':').next().unwrap_or_default())
        } else {
            format!("{file}:{}: {says}", place(&bad, key))
        };
        for args in [vec!["output", file], vec!["diff", file, "s.toml"], vec!["budget", "s.toml", "--baseline", file]] {
            let mut all = args.clone();
            if args[0] != "output" {
                all.extend(["--pricing", &books]);
            }
            let out = hostcast(d, &all);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains(&at) && err.contains(says), "{args:?}: want `{at}` and `{says}` in {err}");
            assert!(out.stdout.is_empty(), "{args:?}: nothing is written");
        }
    }
    // a discount line's negative amount is what hostcast writes, and reads back
    let overlay = "schema = 1\nprovider = \"fly\"\nas_of = 2026-11-01\n[sources.C]\nurl = \"https://example.com/c\"\ndate = \"2026-11-01\"\n[adjustments.a]\nkind = \"discount\"\npercent = 10\nsource = \"C\"\n";
    fs_err::write(d.join("o.toml"), overlay).expect("w");
    let discounted = hostcast(d, &["compare", "s.toml", "--format", "json", "--overlay", "o.toml", "--pricing", &pricing(), "-o", "d.json"]);
    assert_eq!(discounted.status.code(), Some(0), "{}", String::from_utf8_lossy(&discounted.stderr));
    let back = hostcast(d, &["output", "d.json"]);
    assert_eq!(back.status.code(), Some(0), "{}", String::from_utf8_lossy(&back.stderr));
}

//! `diff` month by month: where both sides have a growth timeline, the median and
//! the P10–P90 band of each month in JSON, the table and the Markdown comment.

use crate::helpers::repo;

fn hostcast(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hostcast")).args(args).current_dir(dir).env("HOSTCAST_TODAY", "2026-12-01").output().expect("runs")
}

#[test]
fn a_wider_growth_band_moves_each_months_band_in_every_format() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = std::fs::read_to_string(repo("scenarios/vel-tutor.toml")).expect("scenario");
    // the same scenario with a band up to 4× the plan instead of 2×: the triangular
    // multiplier's median moves too (its P50 is not the mode), but P90 moves most
    let wider = text.replacen("high = 2.0", "high = 4.0", 1);
    assert_ne!(wider, text);
    let head = dir.path().join("vel-tutor.toml");
    std::fs::write(&head, wider).expect("write");
    let (b, h) = (repo("scenarios/vel-tutor.toml"), head);
    let (b, h) = (b.to_string_lossy(), h.to_string_lossy());
    let out = hostcast(&repo("."), &["diff", &b, &h, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let months = v["months"].as_array().expect("months");
    // 37 months (0 to 36) for every option
    let options = v["rows"].as_array().map(|r| r.iter().filter_map(|r| r["option"].as_str()).collect::<std::collections::BTreeSet<_>>().len()).unwrap_or(0);
    assert_eq!(months.len(), 37 * options, "{options} options");
    // the stages' own figures are not the timeline's: the per-stage rows do not move
    assert!(v["rows"].as_array().is_some_and(|r| r.iter().all(|r| r["monthly_cost"]["change_usd"] == 0.0)));
    // P10 of a triangular(0.5, 1, high) is 0.5 + sqrt(0.1 (high - 0.5)(1 - 0.5)): high 2 →
    // 0.774, high 4 → 0.918, so more users at P10 too; a bill never falls with more users
    let last = months.iter().filter(|m| m["month"] == 36).collect::<Vec<_>>();
    assert!(!last.is_empty());
    for m in &last {
        assert!(m["p90"]["change_usd"].as_f64().is_some_and(|c| c >= 0.0), "{m}");
        assert!(m["p90"]["change_usd"].as_f64() >= m["p10"]["change_usd"].as_f64().map(|x| x - 1e-9), "{m}");
    }
    assert!(last.iter().any(|m| m["p90"]["change_usd"].as_f64().is_some_and(|c| c > 0.005)), "P90 at month 36 moves for some option");
    let table = hostcast(&repo("."), &["diff", &b, &h]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("Month by month"));
    let md = hostcast(&repo("."), &["diff", &b, &h, "--format", "markdown"]);
    let md = String::from_utf8_lossy(&md.stdout).into_owned();
    assert!(md.contains("<details><summary>Month by month"), "{md}");
    assert!(md.matches("<details>").count() == md.matches("</details>").count());
}

//! Report folders stay safe and whole: names from inputs become safe file names,
//! colliding names are refused where they are written, Markdown shows HTML from names
//! instead of running it, and several folders are swapped in together or not at all,
//! with what a killed run left finished by the next one.

use std::path::Path;

use hostcast::report::write::{self, MARKER};

fn hostcast(dir: &Path, args: &[&str]) -> std::process::Output {
    crate::helpers::hostcast().args(args).current_dir(dir).env("HOSTCAST_TODAY", "2026-12-01").output().expect("runs")
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A small valid scenario whose names are given.
fn scenario(stage_a: &str, stage_b: &str, service: &str) -> String {
    format!(
        r#"[scenario]
name = "Odd names {service}"

[[service]]
name = "{service}"
kind = "api"
requests_per_user_day = 10

[[stage]]
name = "{stage_a}"
users = 100
daily_active = 0.5

[[stage]]
name = "{stage_b}"
users = 1000
daily_active = 0.5

[[option]]
name = "Fly.io"
platform = "fly"
"#
    )
}

fn pricing() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing").to_string_lossy().into_owned()
}

#[test]
fn a_dots_only_scenario_name_never_replaces_the_output_folder() {
    let dir = tempfile::tempdir().expect("tmp");
    fs_err::write(dir.path().join("..toml"), scenario("MVP", "Growth", "api")).expect("write");
    fs_err::create_dir(dir.path().join("out")).expect("out");
    fs_err::write(dir.path().join("out/keep.txt"), "mine").expect("write");
    let run = hostcast(dir.path(), &["report", "..toml", "-o", "out", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let names = listing(&dir.path().join("out"));
    // the output folder keeps its own file, and the report is a hashed folder inside it
    assert!(names.contains(&"keep.txt".to_string()), "{names:?}");
    let folder = names.iter().find(|n| n.starts_with("x-")).expect("a safe folder name");
    assert!(dir.path().join("out").join(folder).join("report.md").is_file());
}

#[test]
fn stages_whose_names_make_the_same_file_name_are_refused_at_their_line() {
    let dir = tempfile::tempdir().expect("tmp");
    fs_err::write(dir.path().join("s.toml"), scenario("Growth 2", "growth-2", "api")).expect("write");
    let run = hostcast(dir.path(), &["report", "s.toml", "-o", "out", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    // the second stage's name is on line 15, column 8
    assert!(err.contains("s.toml:15:8: stages `Growth 2` and `growth-2` would share report files (`growth-2`)"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
}

#[test]
fn markdown_shows_html_from_names_and_never_runs_it() {
    let dir = tempfile::tempdir().expect("tmp");
    fs_err::write(dir.path().join("s.toml"), scenario("MVP <script>alert(1)</script>", "Growth", "api")).expect("write");
    let run = hostcast(dir.path(), &["report", "s.toml", "-o", "out", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let md = fs_err::read_to_string(dir.path().join("out/s/report.md")).expect("md");
    assert!(md.contains("MVP &lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    // inside backticks the name is shown literally, which Markdown never runs either
    for line in md.lines().filter(|l| l.contains("<script")) {
        let outside: String = line.split('`').step_by(2).collect();
        assert!(!outside.contains("<script"), "raw HTML outside a code span: {line}");
    }
    let html = fs_err::read_to_string(dir.path().join("out/s/report.html")).expect("html");
    assert!(!html.contains("<script"));
    // the breakdown chart's file name is made safe
    assert!(dir.path().join("out/s/breakdown-mvp-script-alert-1-script.svg").is_file(), "{:?}", listing(&dir.path().join("out/s")));
}

#[test]
fn a_failing_scenario_leaves_every_report_folder_as_it_was() {
    let dir = tempfile::tempdir().expect("tmp");
    fs_err::write(dir.path().join("a.toml"), scenario("MVP", "Growth", "api")).expect("write");
    // b prices an unknown Fly region: an error only when it is priced
    let b = scenario("MVP", "Growth", "api").replace("platform = \"fly\"", "platform = \"fly\"\nregion = \"atlantis\"");
    fs_err::write(dir.path().join("b.toml"), b).expect("write");
    let first = hostcast(dir.path(), &["report", "a.toml", "-o", "out", "--pricing", &pricing()]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let before = fs_err::read(dir.path().join("out/a/report.md")).expect("md");
    fs_err::write(dir.path().join("a.toml"), scenario("MVP", "Growth", "web-api")).expect("write");
    let run = hostcast(dir.path(), &["report", "a.toml", "b.toml", "-o", "out", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("atlantis"));
    assert_eq!(fs_err::read(dir.path().join("out/a/report.md")).expect("md"), before, "a is untouched: all folders are built before any is swapped in");
    assert_eq!(listing(&dir.path().join("out")), ["a"], "and nothing is left behind");
}

#[test]
fn the_next_run_finishes_what_a_killed_run_left() {
    let out = tempfile::tempdir().expect("tmp");
    let o = out.path();
    write::replace_dirs(o, &[("a".into(), vec![("v.txt".into(), b"old a".to_vec())]), ("b".into(), vec![("v.txt".into(), b"old b".to_vec())])]).expect("first");
    // killed mid-pass: a was swapped aside but its new folder not yet moved in; b untouched;
    // and a stray half-built folder of an earlier crash
    fs_err::create_dir(o.join(".a.new-7")).expect("new");
    fs_err::write(o.join(".a.new-7/v.txt"), "new a").expect("w");
    fs_err::rename(o.join("a"), o.join(".a.old-7")).expect("aside");
    fs_err::create_dir(o.join(".b.new-7")).expect("new");
    fs_err::write(o.join(".b.new-7/v.txt"), "new b").expect("w");
    fs_err::create_dir(o.join(".c.new-3")).expect("stray");
    fs_err::write(o.join(MARKER), "a\t.a.new-7\t.a.old-7\nb\t.b.new-7\t.b.old-7\n").expect("marker");
    write::recover(o).expect("recover");
    assert_eq!(listing(o), ["a", "b"], "swaps finished, strays and marker removed");
    assert_eq!(fs_err::read_to_string(o.join("a/v.txt")).expect("a"), "new a");
    assert_eq!(fs_err::read_to_string(o.join("b/v.txt")).expect("b"), "new b");
}

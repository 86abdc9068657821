//! `import --force`, the usage file, `report` with nothing to report, shell
//! completions, man pages and the exit codes in `--help`.

use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::repo;

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hostcast")).args(args).current_dir(dir).output().expect("runs")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn fly() -> String {
    repo("tests/fixtures/corpus/fly.toml/BerriAI__litellm-agent-platform__fly.worker.toml").to_string_lossy().to_string()
}

#[test]
fn import_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("tmp");
    let first = run_in(dir.path(), &["import", &fly(), "-o", "app.toml"]);
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    fs_err::write(dir.path().join("app.toml"), "# edited by hand\n").expect("edit");
    let again = run_in(dir.path(), &["import", &fly(), "-o", "app.toml"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(err(&again).contains("app.toml exists") && err(&again).contains("`--force`"), "{}", err(&again));
    assert_eq!(fs_err::read_to_string(dir.path().join("app.toml")).expect("kept"), "# edited by hand\n", "nothing overwritten");
    let forced = run_in(dir.path(), &["import", &fly(), "-o", "app.toml", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", err(&forced));
    assert!(fs_err::read_to_string(dir.path().join("app.toml")).expect("written").contains("[[service]]"));
}

/// The MVP users and the worker's CPU per job of a scenario.
fn numbers(dir: &Path, scenario: &str) -> (f64, f64) {
    let s = hostcast::scenario::Scenario::load(&dir.join(scenario)).expect("loads");
    let mvp = s.file.stages.iter().find(|x| x.name == "MVP").expect("MVP");
    (mvp.users, s.file.services[0].cpu_ms_per_job)
}

#[test]
fn edited_usage_numbers_survive_a_re_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let first = run_in(dir.path(), &["import", &fly(), "-o", "app.toml", "--write-usage", "hostcast.usage.toml"]);
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    // the import assumes 1,000 users at MVP and 200 ms of CPU per job
    assert_eq!(numbers(dir.path(), "app.toml"), (1000.0, 200.0));
    let usage = dir.path().join("hostcast.usage.toml");
    let text = fs_err::read_to_string(&usage).expect("usage file");
    assert!(text.contains("users = 1000") && text.contains("cpu_ms_per_job = 200"), "{text}");
    fs_err::write(&usage, text.replace("users = 1000\n", "users = 4321\n").replace("cpu_ms_per_job = 200", "cpu_ms_per_job = 77")).expect("edit");
    let again = run_in(dir.path(), &["import", &fly(), "-o", "app.toml", "--usage", "hostcast.usage.toml", "--force"]);
    assert_eq!(again.status.code(), Some(0), "{}", err(&again));
    assert_eq!(numbers(dir.path(), "app.toml"), (4321.0, 77.0), "the edited numbers survive");
    // the scenario itself gives the usage file back
    let back = run_in(dir.path(), &["import", "app.toml", "--write-usage", "back.toml"]);
    assert_eq!(back.status.code(), Some(0), "{}", err(&back));
    let back = fs_err::read_to_string(dir.path().join("back.toml")).expect("written");
    assert!(back.contains("users = 4321") && back.contains("cpu_ms_per_job = 77"), "{back}");
    let not_a_config = run_in(dir.path(), &["import", "app.toml"]);
    assert_eq!(not_a_config.status.code(), Some(2));
    assert!(err(&not_a_config).contains("app.toml is a hostcast scenario, not a deployment config"), "{}", err(&not_a_config));
    let priced = run_in(dir.path(), &["compare", "app.toml", "--stage", "mvp"]);
    assert_eq!(priced.status.code(), Some(0), "{}", err(&priced));
}

#[test]
fn the_example_usage_file_sets_its_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let usage = repo("tests/fixtures/usage/hostcast.usage.toml").to_string_lossy().to_string();
    let o = run_in(dir.path(), &["import", &fly(), "--usage", &usage, "-o", "app.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = hostcast::scenario::Scenario::load(&dir.path().join("app.toml")).expect("loads");
    let stages: Vec<(&str, f64, f64, f64, Option<u32>)> =
        s.file.stages.iter().map(|x| (x.name.as_str(), x.users, x.daily_active, x.peak_to_average, x.month)).collect();
    // two stages replace the three imported ones; Growth's peak ratio is the scenario default, 2
    assert_eq!(stages, vec![("MVP", 1500.0, 0.25, 3.0, None), ("Growth", 30000.0, 0.15, 2.0, Some(12))]);
    let w = &s.file.services[0];
    assert_eq!((w.jobs_per_user_day, w.cpu_ms_per_job, w.memory_base_mb), (4.0, 350.0, 300.0));
}

#[test]
fn a_usage_file_is_parsed_strictly_with_located_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let cases = [
        ("[service.\"litellm-agents-worker\"]\ncpu_ms_per_jobs = 5\n", "u.toml:2:19: `cpu_ms_per_jobs` is not a workload key"),
        ("[[stage]]\nname = \"MVP\"\nusers = -5\ndaily_active = 0.2\n", "u.toml:3:9: `users` of stage `MVP` must be a number of 0 or more"),
        ("[[stage]]\nname = \"MVP\"\nusers = 5\ndaily_active = 2\n", "u.toml:4:16: `daily_active` of stage `MVP` is a share of users"),
        ("[[stage]]\nname = \"MVP\"\nusers = 5\ndaily_active = 0.2\nvisitors = 3\n", "u.toml:5:1:"),
        // values the usage file reads but the scenario refuses: at their line in the
        // usage file, never in the scenario being written
        (
            "[[stage]]\nname = \"MVP\"\nusers = 5\ndaily_active = 0.2\n[[stage]]\nname = \"Big\"\nusers = 1e11\ndaily_active = 0.2\n",
            "u.toml:7:9: `users`: user count must be between 0 and 10000000000",
        ),
        (
            "[service.\"litellm-agents-worker\"]\ncpu_ms_per_job = 1e9\n",
            "u.toml:2:18: `cpu_ms_per_job`: duration in milliseconds must be between 0 and 3600000",
        ),
    ];
    for (text, want) in cases {
        fs_err::write(dir.path().join("u.toml"), text).expect("write");
        let o = run_in(dir.path(), &["import", &fly(), "--usage", "u.toml"]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        assert!(err(&o).contains(want), "want {want}, got {}", err(&o));
        assert!(!err(&o).contains("imported.toml"), "{}", err(&o));
    }
}

#[test]
fn report_with_nothing_to_report_says_what_to_pass_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let o = run_in(dir.path(), &["report"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("name the scenarios to report on (`hostcast report my.toml -o reports`)"), "{}", err(&o));
    assert_eq!(fs_err::read_dir(dir.path()).expect("dir").count(), 0, "no folder written");
    // an empty `scenarios/` is no better
    fs_err::create_dir(dir.path().join("scenarios")).expect("mkdir");
    assert_eq!(run_in(dir.path(), &["report"]).status.code(), Some(2));
    assert!(!dir.path().join("reports").exists());
}

#[test]
fn completions_for_every_shell_and_man_pages() {
    let dir = tempfile::tempdir().expect("tmp");
    for (shell, marker) in [
        ("bash", "_hostcast()"),
        ("zsh", "#compdef hostcast"),
        ("fish", "complete -c hostcast"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[hostcast]"),
    ] {
        let o = run_in(dir.path(), &["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", err(&o));
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains(marker), "{shell}: no {marker}");
        assert!(text.contains("budget") && text.contains("fail-on-missing"), "{shell} completes subcommands and flags");
    }
    assert_eq!(run_in(dir.path(), &["completions", "tcsh"]).status.code(), Some(2));
    let page = run_in(dir.path(), &["man"]);
    assert_eq!(page.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&page.stdout).contains(".TH hostcast 1"));
    let pages = run_in(dir.path(), &["man", "-o", "man", "-q"]);
    assert_eq!(pages.status.code(), Some(0), "{}", err(&pages));
    for name in ["hostcast.1", "hostcast-compare.1", "hostcast-import.1", "hostcast-pricing-check.1", "hostcast-completions.1"] {
        let text = fs_err::read_to_string(dir.path().join("man").join(name)).unwrap_or_else(|_| panic!("{name} written"));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name} is roff");
    }
}

#[test]
fn help_lists_the_exit_codes() {
    let dir = tempfile::tempdir().expect("tmp");
    for args in [&["--help"][..], &["compare", "--help"], &["budget", "-h"]] {
        let o = run_in(dir.path(), args);
        let text = String::from_utf8_lossy(&o.stdout);
        for line in
            ["0  success", "1  invalid input", "2  usage error", "3  a budget exceeded", "4  a total is a lower bound", "5  a price book is past its age"]
        {
            assert!(text.contains(line), "{args:?}: {line}");
        }
    }
    // and in the man page
    let man = run_in(dir.path(), &["man"]);
    assert!(String::from_utf8_lossy(&man.stdout).contains("a budget exceeded"));
}

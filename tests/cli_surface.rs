//! One command line: names in any case with suggestions, `-` for standard input,
//! `-q`, every `--format`, and tables that fit the terminal without changing a cell.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::helpers::repo;

/// Runs the binary in the repository with `stdin` as its standard input.
pub fn run_with(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hostcast"));
    cmd.args(args).current_dir(repo(".")).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("runs");
    if let Some(mut input) = child.stdin.take() {
        // a command that does not read its input may close it first
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("runs")
}

/// Runs the binary with nothing on standard input.
pub fn run(args: &[&str]) -> Output {
    run_with(args, b"", &[])
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

const VEL: &str = "scenarios/vel-tutor.toml";

#[test]
fn stage_and_option_names_match_in_any_case_on_every_command() {
    let exact = run(&["compare", VEL, "--stage", "MVP", "--option", "Render", "--format", "json"]);
    let folded = run(&["compare", VEL, "--stage", "mvp", "--option", "RENDER", "--format", "json"]);
    assert_eq!(folded.status.code(), Some(0), "{}", err(&folded));
    assert_eq!(exact.stdout, folded.stdout, "the scenario's own spelling is used");
    let budget = run(&["budget", VEL, "--stage", "growth", "--option", "render"]);
    assert_eq!(budget.status.code(), Some(0), "{}", err(&budget));
    assert!(out(&budget).contains("Growth") && out(&budget).contains("Render"));
    let saved = tempfile::NamedTempFile::new().expect("tmp");
    let path = saved.path().to_str().expect("utf-8");
    assert_eq!(run(&["compare", VEL, "--format", "json", "-o", path]).status.code(), Some(0));
    let output = run(&["output", path, "--stage", "enterprise", "--option", "fly.io", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(0), "{}", err(&output));
    assert!(out(&output).lines().skip(1).all(|l| l.starts_with("vel-tutor,Fly.io,fly,Enterprise,")), "{}", out(&output));
    let diff = run(&["diff", path, VEL, "--stage", "mvp", "--format", "csv"]);
    assert_eq!(diff.status.code(), Some(0), "{}", err(&diff));
    assert!(out(&diff).lines().skip(1).all(|l| l.contains(",MVP,")), "{}", out(&diff));
    let fly = repo("tests/fixtures/corpus/fly.toml/BerriAI__litellm-agent-platform__fly.worker.toml");
    let estimate = run(&["estimate", fly.to_str().expect("utf-8"), "--stage", "ENTERPRISE"]);
    assert_eq!(estimate.status.code(), Some(0), "{}", err(&estimate));
    assert!(out(&estimate).contains("at stage Enterprise"));
}

#[test]
fn an_unknown_name_is_exit_2_with_the_nearest_name_and_the_list() {
    let stage = run(&["compare", VEL, "--stage", "grwoth"]);
    assert_eq!(stage.status.code(), Some(2));
    assert!(
        err(&stage).contains("unknown stage `grwoth` in scenarios/vel-tutor.toml: did you mean `Growth`? stages: `MVP`, `Growth`, `Enterprise`"),
        "{}",
        err(&stage)
    );
    let option = run(&["budget", VEL, "--option", "Rendr"]);
    assert_eq!(option.status.code(), Some(2));
    assert!(err(&option).contains("did you mean `Render`?"), "{}", err(&option));
    // far from every name: no guess, the list
    let far = run(&["compare", VEL, "--option", "Heroku"]);
    assert_eq!(far.status.code(), Some(2));
    assert!(!err(&far).contains("did you mean") && err(&far).contains("options: `Fly.io`"), "{}", err(&far));
    let fly = repo("tests/fixtures/corpus/fly.toml/BerriAI__litellm-agent-platform__fly.worker.toml");
    let estimate = run(&["estimate", fly.to_str().expect("utf-8"), "--stage", "Enterprize"]);
    assert_eq!(estimate.status.code(), Some(2));
    assert!(err(&estimate).contains("did you mean `Enterprise`?"), "{}", err(&estimate));
    let diff = run(&["diff", VEL, VEL, "--stage", "mvpp"]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(err(&diff).contains("did you mean `MVP`?"), "{}", err(&diff));
}

#[test]
fn a_dash_reads_standard_input_and_errors_name_it() {
    let text = fs_err::read(repo(VEL)).expect("scenario");
    let piped = run_with(&["compare", "-", "--format", "json"], &text, &[]);
    assert_eq!(piped.status.code(), Some(0), "{}", err(&piped));
    let direct = run(&["compare", VEL, "--format", "json"]);
    let totals = |o: &Output| -> Vec<f64> {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        v["results"].as_array().expect("results").iter().map(|r| r["monthly_cost_usd"].as_f64().expect("number")).collect()
    };
    assert_eq!(totals(&piped), totals(&direct), "the same scenario through a pipe costs the same");
    // a located error names `<stdin>`: line 5, column 9 is the `-1`
    let bad = run_with(&["compare", "-"], b"[scenario]\nname = \"x\"\n[[stage]]\nname = \"a\"\nusers = -1\n", &[]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(err(&bad).contains("<stdin>:5:9:"), "{}", err(&bad));
    // a config from standard input: told a fly.toml by its content, priced as the file is
    let fly = repo("tests/fixtures/corpus/fly.toml/BerriAI__litellm-agent-platform__fly.worker.toml");
    let from_file = run(&["estimate", fly.to_str().expect("utf-8"), "--format", "csv"]);
    let from_pipe = run_with(&["estimate", "-", "--format", "csv"], &fs_err::read(&fly).expect("config"), &[]);
    assert_eq!(from_pipe.status.code(), Some(0), "{}", err(&from_pipe));
    let costs = |o: &Output| out(o).lines().map(|l| l.rsplit(',').nth(4).unwrap_or_default().to_string()).collect::<Vec<_>>();
    assert_eq!(costs(&from_pipe), costs(&from_file));
    let kind = run_with(&["import", "-", "--kind", "fly"], &fs_err::read(&fly).expect("config"), &[]);
    assert_eq!(kind.status.code(), Some(0), "{}", err(&kind));
    assert!(out(&kind).contains("[[service]]"));
    // saved JSON through a pipe re-renders as the file does
    let saved = run_with(&["output", "-", "--format", "markdown"], &direct.stdout, &[]);
    assert_eq!(saved.status.code(), Some(0), "{}", err(&saved));
    assert_eq!(out(&saved), out(&run(&["compare", VEL, "--format", "markdown"])));
    let book = fs_err::read(repo("pricing/fly-io.toml")).expect("book");
    let same_book = run_with(&["pricing", "diff", "-", "pricing/fly-io.toml"], &book, &[]);
    assert_eq!(out(&same_book), "no price changed\n", "{}", err(&same_book));
    // a budget baseline through a pipe: the same results, no increase
    let baseline = run_with(&["budget", VEL, "--option", "Render", "--baseline", "-", "--max-increase", "0", "--format", "csv"], &direct.stdout, &[]);
    assert_eq!(baseline.status.code(), Some(0), "{}", err(&baseline));
    let first = out(&baseline).lines().nth(1).unwrap_or_default().split(',').map(str::to_string).collect::<Vec<_>>();
    assert_eq!(first.get(6), first.get(4), "the baseline read from the pipe is the same total: {first:?}");
    assert!(first.get(6).is_some_and(|b| !b.is_empty()));
    let twice = run_with(&["diff", "-", "-"], &direct.stdout, &[]);
    assert_eq!(twice.status.code(), Some(2), "standard input is read once");
}

#[test]
fn quiet_drops_warnings_and_keeps_errors() {
    // every book is older than 0 days on 2027-01-01: a warning on standard error
    let loud = run(&["pricing", "--today", "2027-01-01", "--max-age-days", "0"]);
    assert!(err(&loud).contains("warning:"), "{}", err(&loud));
    let quiet = run(&["pricing", "--today", "2027-01-01", "--max-age-days", "0", "-q"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(err(&quiet), "", "nothing on standard error");
    assert_eq!(quiet.stdout, loud.stdout);
    let error = run(&["compare", VEL, "--stage", "nope", "--quiet"]);
    assert_eq!(error.status.code(), Some(2));
    assert!(err(&error).contains("unknown stage `nope`"));
}

#[test]
fn every_tabular_command_speaks_every_format() {
    let md = run(&["compare", VEL, "--format", "markdown"]);
    assert!(out(&md).contains("| Option | MVP | Growth | Enterprise |"), "{}", out(&md));
    let books = run(&["pricing", "--format", "json", "--today", "2026-12-02"]);
    let v: serde_json::Value = serde_json::from_slice(&books.stdout).expect("json");
    assert!(v["price_books"].as_array().is_some_and(|b| b.iter().any(|b| b["path"] == "embedded:fly-io.toml")));
    let csv = run(&["pricing", "check", "--format", "csv", "--today", "2026-12-02"]);
    assert!(out(&csv).starts_with("Provider,Price book,File,From,As of,Checked,Age (days)"), "{}", out(&csv));
    let pricing_md = run(&["pricing", "diff", "pricing", "pricing", "--format", "markdown"]);
    assert_eq!(out(&pricing_md), "None.\n", "the same books: no change");
    let budget = run(&["budget", VEL, "--max", "100", "--stage", "MVP", "--option", "Render", "--format", "csv"]);
    // Render at MVP: plan $25 + app $7 + Postgres $19 + 5 GB × $0.30 = $52.50, and the
    // model calls of 500 users × 0.30 active × 30 requests × 365/12 days = 136,875
    // requests a month:
    //   gpt-4o-mini 0.15 × 136,875 = 20,531.25 calls × $0.000555 = $11.3948
    //   gpt-4o 0.02 × 136,875 = 2,737.5 calls × $0.014375 = $39.3516
    //   embeddings 0.1 × 136,875 = 13,687.5 calls × $0.00001 = $0.1369
    //   gpt-oss-120b 0.05 × 136,875 = 6,843.75 calls × $0.000975 = $6.6727
    // = $110.06 a month, $10.06 over the $100 limit
    assert_eq!(budget.status.code(), Some(3));
    assert_eq!(out(&budget).lines().nth(1), Some("vel-tutor,MVP,Render,cash,110.06,true,,true,10.06,"));
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("estimate.md");
    let fly = repo("tests/fixtures/corpus/fly.toml/BerriAI__litellm-agent-platform__fly.worker.toml");
    let e = run(&["estimate", fly.to_str().expect("utf-8"), "--format", "markdown", "-o", file.to_str().expect("utf-8")]);
    assert_eq!(e.status.code(), Some(0), "{}", err(&e));
    assert!(e.stdout.is_empty(), "written to the file, not standard output");
    assert!(fs_err::read_to_string(&file).expect("written").starts_with("**hostcast estimate**:"));
}

/// The cells of a terminal table, borders and padding removed: one list per line
/// that holds text.
fn cells(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(['|', '│', '┆']).map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect::<Vec<_>>())
        .filter(|row| row.iter().any(|c| c.chars().any(char::is_alphanumeric)))
        .collect()
}

#[test]
fn ascii_changes_the_borders_only_and_tables_fit_the_width() {
    use hostcast::report::table::{Terminal, configure, render};
    // without the Render book every Render total is a lower bound, marked `≥`
    let dir = tempfile::tempdir().expect("tmp");
    for f in fs_err::read_dir(repo("pricing")).expect("pricing") {
        let p = f.expect("entry").path();
        if p.extension().is_some_and(|x| x == "toml") && !p.ends_with("render.toml") {
            fs_err::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
        }
    }
    let prices = hostcast::pricing::Prices::load_dir(dir.path()).expect("books");
    let scenario = hostcast::scenario::Scenario::load(&repo(VEL)).expect("scenario");
    let results = hostcast::results::run(&[scenario], &prices, &hostcast::simulate::Filter::default()).expect("priced");
    for width in [None, Some(80)] {
        configure(Terminal { ascii: false, width });
        let unicode = render(&results);
        configure(Terminal { ascii: true, width });
        let ascii = render(&results);
        assert_ne!(unicode, ascii, "the borders differ");
        assert!(unicode.contains('│') && !ascii.contains('│'));
        assert!(ascii.contains("≥ $") && unicode.contains("≥ $"), "`≥` stays in ASCII");
        assert_eq!(cells(&unicode), cells(&ascii), "the cells are the same");
    }
    configure(Terminal::default());
    // through the binary (no terminal: ASCII), every table line fits `COLUMNS`
    let narrow = run_with(&["compare", VEL, "--stage", "MVP"], b"", &[("COLUMNS", "72")]);
    assert_eq!(narrow.status.code(), Some(0), "{}", err(&narrow));
    let text = out(&narrow);
    let table_lines: Vec<&str> = text.lines().filter(|l| l.starts_with('+') || l.starts_with('|')).collect();
    assert!(!table_lines.is_empty());
    for l in table_lines {
        assert!(l.chars().count() <= 72, "wider than 72 columns: {l}");
    }
    assert!(!text.contains('│'), "no terminal: ASCII borders");
}

#[test]
fn a_closed_standard_error_keeps_the_exit_code() {
    // standard error is a pipe whose reader has gone (`true` exits at once; hostcast
    // starts 0.3 s later), so every write to it fails with EPIPE: the messages are
    // dropped and the exit code is the command's own, never a panic's 101
    let dir = tempfile::tempdir().expect("temp dir");
    let code = dir.path().join("code");
    let script = r#"{ sleep 0.3; "$0" compare does-not-exist.toml 2>&1 >/dev/null; echo $? > "$1"; } | true"#;
    let status = Command::new("sh").arg("-c").arg(script).arg(env!("CARGO_BIN_EXE_hostcast")).arg(&code).current_dir(repo(".")).status().expect("sh runs");
    assert!(status.success());
    // the pipeline ends with `true`; the code file is written after hostcast exits
    let mut written = String::new();
    for _ in 0..50 {
        written = std::fs::read_to_string(&code).unwrap_or_default();
        if !written.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(written.trim(), "1", "a missing scenario is invalid input (exit 1)");
}

#[test]
fn compare_and_the_report_state_the_volume_basis() {
    let text = "[scenario]\nname = \"t\"\n[[service]]\nname = \"web\"\nkind = \"web\"\nrequests_per_user_day = 10\n\
        [[stage]]\nname = \"S\"\nusers = 1000\ndaily_active = 0.2\n[[option]]\nname = \"Render\"\nplatform = \"render\"\n";
    let pinned = text.replace("name = \"t\"\n", "name = \"t\"\ndays_per_month = 30\n");
    let default = "Volumes per month are per day × 365/12 (30.42 days), the 730-hour month.";
    let own = "Volumes per month are per day × 30 days, as the scenario's `days_per_month` says";
    for format in ["table", "markdown"] {
        let o = run_with(&["compare", "-", "--format", format], text.as_bytes(), &[]);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        assert!(out(&o).contains(default) && !out(&o).contains(own), "{}", out(&o));
        let o = run_with(&["compare", "-", "--format", format], pinned.as_bytes(), &[]);
        assert!(out(&o).contains(own) && !out(&o).contains(default), "{}", out(&o));
    }
    // the report's Inputs section
    let prices = hostcast::pricing::Prices::load_dir(&repo("pricing")).expect("bundled price books load");
    for (text, want) in [(text, default), (pinned.as_str(), own)] {
        let s = crate::helpers::scenario(text);
        let r = hostcast::results::run(std::slice::from_ref(&s), &prices, &Default::default()).expect("prices");
        let inputs = hostcast::report::model::inputs::build(&s, &r);
        assert!(format!("{}.", inputs.volume_basis).starts_with(want), "{}", inputs.volume_basis);
    }
}

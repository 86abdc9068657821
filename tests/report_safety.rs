//! Report folders stay safe and whole: names from inputs become safe file names,
//! colliding names are refused where they are written, Markdown shows HTML from names
//! instead of running it, and several folders are swapped in together or not at all,
//! with what a killed run left finished by the next one. Names are escaped for
//! whoever reads them: Markdown (the report, the pull-request comments) runs no HTML
//! and shows no outside image or link, CSV text cells start no spreadsheet formula,
//! the terminal gets no control characters, and the HTML page shows names as text.

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

/// A marker planted in the output folder (by a pull request that commits `reports/`,
/// say) that names anything but this program's own entries is refused at its line and
/// column, and nothing is touched: not the folder it names, not the output folder.
#[test]
fn a_planted_marker_is_refused_and_touches_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), scenario("MVP", "Growth", "api")).expect("write");
    fs_err::create_dir_all(d.join("victim/inner")).expect("victim");
    fs_err::write(d.join("victim/inner/keep.txt"), "mine").expect("write");
    fs_err::create_dir_all(d.join("out/s")).expect("out");
    fs_err::write(d.join("out/s/old.txt"), "old report").expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(d.join("victim"), d.join("out/.s.old-9")).expect("link");
    let absolute = d.join("victim").to_string_lossy().into_owned();
    let cases: Vec<(String, &str)> = vec![
        // a parent folder as the target, the new or the old entry
        ("../victim\t.../victim.new-1\t.../victim.old-1\n".into(), "1:1"),
        ("s\t../victim\t.s.old-1\n".into(), "1:3"),
        ("s\t.s.new-1\t../victim\n".into(), "1:12"),
        // an absolute path, moved into the output folder before
        (format!("{absolute}\t.s.new-1\t.s.old-1\n"), "1:1"),
        (format!("s\t{absolute}\t.s.old-1\n"), "1:3"),
        // entries of another folder, another run, or with separators
        ("s\t.t.new-1\t.t.old-1\n".into(), "1:3"),
        ("s\t.s.new-1\t.s.old-2\n".into(), "1:12"),
        ("s\t.s.new-1/../..\t.s.old-1\n".into(), "1:3"),
        // a valid first line does not carry a bad second one
        ("s\t.s.new-1\t.s.old-1\nx\ty\n".into(), "2:1"),
        // an entry that is a link, not a folder this program made
        ("s\t.s.new-9\t.s.old-9\n".into(), if cfg!(unix) { "1:1" } else { "" }),
    ];
    for (marker, at) in cases {
        if at.is_empty() {
            continue;
        }
        fs_err::write(d.join("out").join(MARKER), &marker).expect("marker");
        let before = listing(&d.join("out"));
        let run = hostcast(d, &["report", "s.toml", "-o", "out", "--pricing", &pricing()]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{marker:?}: {err}");
        assert!(err.contains(&format!("{MARKER}:{at}: the pending-swap marker is not one hostcast wrote")), "{marker:?}: {err}");
        assert_eq!(fs_err::read_to_string(d.join("victim/inner/keep.txt")).expect("victim is whole"), "mine", "{marker:?}");
        assert_eq!(listing(&d.join("out")), before, "{marker:?}: the output folder is untouched");
        assert_eq!(fs_err::read_to_string(d.join("out/s/old.txt")).expect("old report"), "old report");
    }
}

/// Two runs into one folder never interleave: while one holds the folder's lock, the
/// other says it is waiting and writes nothing; it finishes once the lock is let go.
#[test]
fn a_second_run_waits_for_the_folder_lock() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), scenario("MVP", "Growth", "api")).expect("write");
    fs_err::create_dir(d.join("out")).expect("out");
    let held = write::lock(&d.join("out")).expect("lock");
    let stderr = fs_err::File::create(d.join("stderr.txt")).expect("stderr");
    let mut child = crate::helpers::hostcast()
        .args(["report", "s.toml", "-o", "out", "--pricing", &pricing()])
        .current_dir(d)
        .env("HOSTCAST_TODAY", "2026-12-01")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::from(stderr))
        .spawn()
        .expect("spawn");
    let waiting = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        fs_err::read_to_string(d.join("stderr.txt")).unwrap_or_default().contains("waiting for another hostcast run")
    });
    assert!(waiting, "the second run says it waits: {}", fs_err::read_to_string(d.join("stderr.txt")).unwrap_or_default());
    assert!(child.try_wait().expect("poll").is_none(), "and it is still waiting");
    assert!(listing(&d.join("out")).is_empty(), "nothing written while the lock is held");
    drop(held);
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{}", fs_err::read_to_string(d.join("stderr.txt")).unwrap_or_default());
    assert_eq!(listing(&d.join("out")), ["s"]);
}

/// Runs started together into one folder all succeed and leave whole folders.
#[test]
fn concurrent_runs_leave_whole_folders() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), scenario("MVP", "Growth", "api")).expect("write");
    for _ in 0..3 {
        let children: Vec<_> = (0..3)
            .map(|_| {
                crate::helpers::hostcast()
                    .args(["report", "s.toml", "-o", "out", "--pricing", &pricing()])
                    .current_dir(d)
                    .env("HOSTCAST_TODAY", "2026-12-01")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for child in children {
            let run = child.wait_with_output().expect("wait");
            assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        }
        assert_eq!(listing(&d.join("out")), ["s"]);
        assert!(d.join("out/s/report.md").is_file() && d.join("out/s/report.html").is_file());
    }
}

/// A scenario whose names try what names should never do: a lone backtick before an
/// `<img onerror>`, Markdown images and links to an outside host, spreadsheet
/// formulas, terminal escape sequences and a bidi override.
fn hostile(instances: u32) -> String {
    format!(
        r#"[scenario]
name = "Odd `<img src=x onerror=alert(1)>"
description = "![pixel](http://example.com/pixel.png) and [a link](http://example.com/a)"

[[service]]
name = "`<img src=x onerror=alert(2)>"
kind = "api"
requests_per_user_day = 10

[[service]]
name = "=HYPERLINK(\"http://example.com\",\"x\")\u001b[2J\u001b]0;pwned\u0007\u202e"
kind = "worker"
jobs_per_user_day = 1

[[stage]]
name = "MVP ![x](http://example.com/stage.png)"
users = 100
daily_active = 0.5

[[stage]]
name = "@SUM(1+1)"
users = 1000
daily_active = 0.5

[[option]]
name = "-2+3 ![o](http://example.com/option.png)"
platform = "fly"
service."`<img src=x onerror=alert(2)>" = {{ instances = {instances} }}

[[option]]
name = "+cmd|' /C calc'!A0 [l](http://example.com/l)"
platform = "render"
"#
    )
}

/// The text of a Markdown line outside its code spans, as CommonMark reads it: a
/// backslash escapes the next character (dropped here), a run of backticks opens a
/// span that the next run of the same length closes.
fn outside_code(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let run = |i: usize| chars[i..].iter().take_while(|c| **c == '`').count();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => {
                let n = run(i);
                let mut j = i + n;
                let mut end = None;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let m = run(j);
                        if m == n {
                            end = Some(j + m);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                i = end.unwrap_or(i + n);
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Markdown that no name can turn into HTML, an image or a link: outside code spans
/// (and the writer's own `<details>`, `<summary>` and `<sub>`), no `<`, no `![` but
/// the report's own charts, no `](`, `][` or `]:`.
#[track_caller]
fn assert_inert_markdown(what: &str, md: &str) {
    assert!(md.contains("onerror") || md.contains("example.com"), "{what}: the names are shown");
    for line in md.lines() {
        let mut outside = outside_code(line);
        for tag in ["<details>", "</details>", "<summary>", "</summary>", "<sub>", "</sub>"] {
            outside = outside.replace(tag, "");
        }
        assert!(!outside.contains('<'), "{what}: raw HTML outside a code span: {line}");
        let own_chart = line.starts_with("![") && line.ends_with(".svg)");
        assert!(own_chart || !outside.contains("!["), "{what}: an image: {line}");
        let links = outside.matches("](").count() - usize::from(own_chart);
        let own_links =
            ["](report.html)", "](costs.csv)", "](costs.json)", "](costs.parquet)", "](timeline.csv)", ".png)"].iter().filter(|l| line.contains(*l)).count();
        assert!(links <= own_links && !outside.contains("][") && !outside.contains("]:"), "{what}: a link: {line}");
    }
}

#[test]
fn markdown_never_runs_html_or_shows_an_outside_image_whatever_the_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), hostile(1)).expect("write");
    fs_err::write(d.join("t.toml"), hostile(2)).expect("write");
    let books = pricing();
    let run = hostcast(d, &["report", "s.toml", "-o", "out", "--pricing", &books]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert_inert_markdown("report.md", &fs_err::read_to_string(d.join("out/s/report.md")).expect("md"));
    for (what, args) in [
        ("compare", vec!["compare", "s.toml", "--format", "markdown"]),
        ("diff", vec!["diff", "s.toml", "t.toml", "--format", "markdown"]),
        ("budget", vec!["budget", "t.toml", "--baseline", "s.toml", "--max", "1", "--option=-2+3 ![o](http://example.com/option.png)", "--format", "markdown"]),
    ] {
        let mut all = args.clone();
        all.extend(["--pricing", &books]);
        let out = hostcast(d, &all);
        assert!(matches!(out.status.code(), Some(0 | 3)), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        assert_inert_markdown(what, &String::from_utf8_lossy(&out.stdout));
    }
}

/// Splits CSV text into records of cells (RFC 4180 quoting).
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}

#[test]
fn csv_text_cells_never_start_a_formula_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), hostile(1)).expect("write");
    fs_err::write(d.join("t.toml"), hostile(2)).expect("write");
    let books = pricing();
    let run = hostcast(d, &["report", "s.toml", "-o", "out", "--pricing", &books]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let mut texts = vec![("costs.csv".to_string(), fs_err::read_to_string(d.join("out/s/costs.csv")).expect("csv"))];
    for args in [vec!["compare", "s.toml"], vec!["diff", "s.toml", "t.toml"], vec!["budget", "t.toml", "--baseline", "s.toml"]] {
        let mut all = args.clone();
        all.extend(["--format", "csv", "--pricing", &books]);
        let out = hostcast(d, &all);
        assert!(matches!(out.status.code(), Some(0 | 3)), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        texts.push((args[0].to_string(), String::from_utf8_lossy(&out.stdout).into_owned()));
    }
    for (what, text) in texts {
        let cells: Vec<String> = csv_cells(&text).into_iter().flatten().collect();
        // the names are shown as text: the service's where the output lists services, the option's everywhere
        let service = "'=HYPERLINK(\"http://example.com\",\"x\")[2J]0;pwned";
        assert!(!["costs.csv", "compare"].contains(&what.as_str()) || cells.iter().any(|c| c == service), "{what}: {text}");
        assert!(cells.iter().any(|c| c == "'-2+3 ![o](http://example.com/option.png)"), "{what}: {text}");
        for c in &cells {
            let formula = c.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(!formula || c.parse::<f64>().is_ok(), "{what}: a cell a spreadsheet would run: {c:?}");
            assert!(!c.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{what}: a control in {c:?}");
        }
        // the money columns are plain numbers, negative ones included
        assert!(cells.iter().any(|c| c.parse::<f64>().is_ok_and(|x| x > 0.0)), "{what}: numbers");
    }
    let diff = hostcast(d, &["diff", "t.toml", "s.toml", "--format", "csv", "--pricing", &books]);
    assert!(
        csv_cells(&String::from_utf8_lossy(&diff.stdout)).into_iter().flatten().any(|c| c.starts_with('-') && c.parse::<f64>().is_ok()),
        "a saving stays a negative number"
    );
}

#[test]
fn terminal_output_carries_no_control_characters_from_names() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), hostile(1)).expect("write");
    let books = pricing();
    let controls = |s: &str| s.chars().any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'));
    for args in [vec!["compare", "s.toml"], vec!["report", "s.toml", "-o", "out"], vec!["budget", "s.toml", "--max", "1"]] {
        let mut all = args.clone();
        all.extend(["--pricing", &books]);
        let out = hostcast(d, &all);
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(stdout.contains("HYPERLINK") || args[0] != "compare", "{args:?}: the name is shown: {stdout}");
        assert!(!controls(&stdout) && !controls(&stderr), "{args:?}: a control character reaches the terminal: {stdout:?} {stderr:?}");
    }
    // an error naming the service: the message shows it without its escapes
    let twice = hostile(1).replace("kind = \"worker\"\njobs_per_user_day = 1", "kind = \"worker\"\njobs_per_user_day = 1\n\n[[service]]\nname = \"=HYPERLINK(\\\"http://example.com\\\",\\\"x\\\")\\u001b[2J\\u001b]0;pwned\\u0007\\u202e\"\nkind = \"worker\"");
    fs_err::write(d.join("twice.toml"), twice).expect("write");
    let out = hostcast(d, &["compare", "twice.toml", "--pricing", &books]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("two services are named") && !controls(&stderr), "{stderr:?}");
}

#[test]
fn the_html_page_and_its_charts_show_names_as_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    fs_err::write(d.join("s.toml"), hostile(1)).expect("write");
    let run = hostcast(d, &["report", "s.toml", "-o", "out", "--pricing", &pricing()]);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let html = fs_err::read_to_string(d.join("out/s/report.html")).expect("html");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown, escaped");
    for bad in ["<img", "<script", "onerror=alert(1)>", "src=\"http", "href=\"http://example.com"] {
        assert!(!html.contains(bad), "report.html holds {bad:?}");
    }
    for chart in listing(&d.join("out/s")).iter().filter(|f| f.ends_with(".svg")) {
        let svg = fs_err::read_to_string(d.join("out/s").join(chart)).expect("svg");
        assert!(!svg.contains("<img") && !svg.contains("onerror=alert(1)>"), "{chart} holds a tag from a name");
    }
}

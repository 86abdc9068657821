//! Prices that stay true after install: embedded books, overlays, `pricing fetch`
//! against a local server, `pricing rollback`, `pricing check` and `pricing diff`.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::helpers::{assert_usd, repo};

/// Runs the binary in `cwd` with an empty data folder and no overlay from the environment.
fn hostcast_in(cwd: &Path, args: &[&str]) -> Output {
    let data = tempfile::tempdir().expect("data dir");
    crate::helpers::hostcast()
        .args(args)
        .current_dir(cwd)
        .env("XDG_DATA_HOME", data.path())
        .env_remove("HOSTCAST_OVERLAY")
        .env("HOSTCAST_TODAY", "2026-12-01")
        .output()
        .expect("runs")
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

const SCENARIO: &str = "scenarios/intelauto.toml";
const OPTION: &str = "Documented: Fly.io single VM";

/// `compare --format json` of the documented single-VM option at MVP, with extra flags.
fn documented_vm(extra: &[&str]) -> serde_json::Value {
    let empty = tempfile::tempdir().expect("empty dir");
    let scenario = repo(SCENARIO);
    let mut args = vec!["compare", scenario.to_str().unwrap_or_default(), "--option", OPTION, "--stage", "MVP", "--format", "json"];
    args.extend_from_slice(extra);
    let out = hostcast_in(empty.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn binary_prices_a_bundled_scenario_from_an_empty_folder() {
    let v = documented_vm(&[]);
    let books = v["price_books"].as_array().expect("books");
    assert!(!books.is_empty());
    assert!(books.iter().all(|b| b["path"].as_str().is_some_and(|p| p.starts_with("embedded:"))), "{books:?}");
    let r = &v["results"][0];
    assert!(r["monthly_cost_usd"].as_f64().is_some_and(|c| c > 0.0));
    assert!(r["line_items"].as_array().is_some_and(|l| l.iter().any(|l| l["source"]["book"] == "embedded:fly-io.toml")));
}

const OVERLAY: &str = r#"schema = 1
provider = "fly"
as_of = 2026-11-01

[sources.OUR-CONTRACT]
url = "https://example.com/contracts/fly-2026.pdf"
date = "2026-11-01"
title = "Our negotiated Fly.io rates"

[sizes."shared-cpu-1x-1gb"]
price = 4.00
source = "OUR-CONTRACT"
"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p.to_string_lossy().to_string()
}

#[test]
fn a_one_price_overlay_changes_the_total_by_exactly_that_line() {
    let dir = tempfile::tempdir().expect("dir");
    let overlay = write(dir.path(), "fly-contract.toml", OVERLAY);
    let before = documented_vm(&[]);
    let after = documented_vm(&["--overlay", &overlay]);
    // one shared-cpu-1x-1gb machine all month; Fly quotes per 30 days (month_basis
    // "30_days"), so a 730-hour month is 730/720 of the quoted price:
    //   list:    5.70 × 730/720 = 5.779167
    //   overlay: 4.00 × 730/720 = 4.055556
    //   change:  (4.00 − 5.70) × 730/720 = −1.723611
    let delta = after["results"][0]["monthly_cost_usd"].as_f64().unwrap_or_default() - before["results"][0]["monthly_cost_usd"].as_f64().unwrap_or_default();
    assert_usd(delta, (4.00 - 5.70) * 730.0 / 720.0);
    let lines = after["results"][0]["line_items"].as_array().expect("lines");
    let line = lines.iter().find(|l| l["source"]["entry"] == "sizes.shared-cpu-1x-1gb").expect("the machine's line");
    assert_usd(line["monthly_cost_usd"].as_f64().unwrap_or_default(), 4.00 * 730.0 / 720.0);
    // the list price stays visible, in the source and in the line's detail
    assert_eq!(line["source"]["list"]["price"], 5.7);
    assert_eq!(line["source"]["list"]["book"], "embedded:fly-io.toml");
    assert!(line["source"]["book"].as_str().is_some_and(|b| b.ends_with("fly-contract.toml")));
    assert_eq!(line["source"]["url"], "https://example.com/contracts/fly-2026.pdf");
    assert!(line["detail"].as_str().is_some_and(|d| d.contains("list price 5.7 in embedded:fly-io.toml#sizes.shared-cpu-1x-1gb")), "{line}");
    let books = after["price_books"].as_array().cloned().unwrap_or_default();
    let fly = books.iter().find(|b| b["provider"] == "fly").expect("the fly book");
    assert!(fly["overlays"][0].as_str().is_some_and(|o| o.ends_with("fly-contract.toml (as of 2026-11-01)")), "{fly}");
    assert!(before["price_books"].as_array().is_some_and(|b| b.iter().all(|b| b.get("overlays").is_none())), "no overlay, no field");
}

#[test]
fn a_discount_is_a_line_of_its_own_citing_the_overlay() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("{OVERLAY}\n[adjustments.negotiated]\nkind = \"discount\"\npercent = 10\nsource = \"OUR-CONTRACT\"\n");
    let overlay = write(dir.path(), "fly-contract.toml", &text);
    let v = documented_vm(&["--overlay", &overlay]);
    let lines = v["results"][0]["line_items"].as_array().expect("lines");
    let fly: f64 = lines
        .iter()
        .filter(|l| l["provider"] == "fly" && l["part"] == "hosting" && l["component"] != "discount")
        .filter_map(|l| l["monthly_cost_usd"].as_f64())
        .sum();
    let discount = lines.iter().find(|l| l["component"] == "discount").expect("a discount line");
    // 10 % of every Fly hosting line
    assert_usd(discount["monthly_cost_usd"].as_f64().unwrap_or_default(), -0.10 * fly);
    assert_eq!(discount["source"]["entry"], "adjustments.negotiated");
    assert!(discount["source"]["book"].as_str().is_some_and(|b| b.ends_with("fly-contract.toml")));
}

#[test]
fn an_overlay_is_validated_like_a_book_with_its_position() {
    let dir = tempfile::tempdir().expect("dir");
    let scenario = repo(SCENARIO);
    let cases = [
        (OVERLAY.replace("price = 4.00", "prise = 4.00"), "fly-contract.toml:11:", "prise"),
        (OVERLAY.replace("price = 4.00", "price = -4.00"), "fly-contract.toml:11:9:", "not negative"),
        (OVERLAY.replace("source = \"OUR-CONTRACT\"\n", ""), "fly-contract.toml:10:", "without a `source`"),
        (OVERLAY.replace("provider = \"fly\"", "provider = \"flyy\""), "fly-contract.toml:2:", "no price book of provider `flyy`"),
        (format!("{OVERLAY}\n[sizes.new-one]\nprice = 1.0\nsource = \"OUR-CONTRACT\"\n"), "fly-contract.toml:14:", "missing field"),
        (OVERLAY.replace("as_of = 2026-11-01", "as_of = 2026-11-01\ncurrency = \"EUR\""), "fly-contract.toml:4:", "differs from the book's USD"),
        (OVERLAY.replace("source = \"OUR-CONTRACT\"", "source = \"NOPE\""), "fly-contract.toml:12:", "cites source `NOPE`"),
    ];
    for (text, at, what) in cases {
        let overlay = write(dir.path(), "fly-contract.toml", &text);
        let out = hostcast_in(dir.path(), &["compare", scenario.to_str().unwrap_or_default(), "--overlay", &overlay]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(at) && err.contains(what), "want {at} and {what} in: {err}");
    }
}

#[test]
fn a_later_pricing_folder_replaces_an_earlier_ones_book() {
    let dir = tempfile::tempdir().expect("dir");
    let second = dir.path().join("second");
    std::fs::create_dir_all(&second).expect("dir");
    let fly = std::fs::read_to_string(repo("pricing/fly-io.toml")).expect("book").replace("price = 5.70", "price = 4.00");
    write(&second, "fly-io.toml", &fly);
    let first = repo("pricing");
    let v = documented_vm(&["--pricing", first.to_str().unwrap_or_default(), "--pricing", second.to_str().unwrap_or_default()]);
    let books = v["price_books"].as_array().expect("books");
    assert!(books.iter().any(|b| b["provider"] == "fly" && b["path"].as_str().is_some_and(|p| p.ends_with("second/fly-io.toml"))), "{books:?}");
    let line = v["results"][0]["line_items"].as_array().and_then(|l| l.iter().find(|l| l["source"]["entry"] == "sizes.shared-cpu-1x-1gb").cloned());
    assert_usd(line.and_then(|l| l["unit_price"].as_f64()).unwrap_or_default(), 4.00 * 730.0 / 720.0);
}

#[test]
fn pricing_lists_where_each_book_came_from_and_only_warns_on_age() {
    let empty = tempfile::tempdir().expect("dir");
    let out = hostcast_in(empty.path(), &["pricing", "--today", "2028-01-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("embedded:fly-io.toml") && text.contains("embedded"), "{text}");
    assert!(stderr(&out).contains("warning: price books checked more than 180 days"));
    let check = hostcast_in(empty.path(), &["pricing", "check", "--today", "2028-01-01"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let strict = hostcast_in(empty.path(), &["pricing", "check", "--fail-stale", "--today", "2028-01-01"]);
    assert_eq!(strict.status.code(), Some(5), "{}", stderr(&strict));
    // the bundled books are all checked 2026-12-01: fresh on that day
    let fresh = hostcast_in(empty.path(), &["pricing", "check", "--fail-stale", "--today", "2026-12-01"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
}

#[test]
fn pricing_check_of_an_invalid_book_exits_1() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "fly-io.toml", &small_book("2026-11-01", "-1.0"));
    let out = hostcast_in(dir.path(), &["pricing", "check", "--fail-stale", "--pricing", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// A whole, small Fly book.
pub(crate) fn small_book(as_of: &str, price: &str) -> String {
    format!(
        r#"schema = 1
provider = "fly"
title = "Fly.io"
currency = "USD"
as_of = {as_of}
month_basis = "30_days"
tax = "net"

[sources.T]
url = "https://fly.io/docs/about/pricing/"
date = "{as_of}"

[sizes."shared-cpu-1x-1gb"]
vcpus = 1
sustained_cpu = 0.0625
memory_mb = 1024
price = {price}
source = "T"
"#
    )
}

#[test]
fn pricing_diff_lists_changed_added_and_removed_prices() {
    let dir = tempfile::tempdir().expect("dir");
    let old = write(dir.path(), "old.toml", &small_book("2026-11-01", "5.70"));
    let new_text = small_book("2026-11-20", "6.00").replace("[sizes.", "[rates.egress_na]\nprice = 0.02\nunit = \"GB\"\nsource = \"T\"\n\n[sizes.");
    let new = write(dir.path(), "new.toml", &new_text.replace("shared-cpu-1x-1gb", "shared-cpu-1x-2gb"));
    let out = hostcast_in(dir.path(), &["pricing", "diff", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fly\trates.egress_na.price\t— → 0.02\tadded"), "{text}");
    assert!(text.contains("fly\tsizes.shared-cpu-1x-1gb.price\t5.7 → —\tremoved"), "{text}");
    // same entry, 5.70 → 6.00: (6.00 − 5.70) / 5.70 = +5.26 %
    let changed = small_book("2026-11-20", "6.00");
    let changed = write(dir.path(), "changed.toml", &changed);
    let out = hostcast_in(dir.path(), &["pricing", "diff", &old, &changed]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("fly\tsizes.shared-cpu-1x-1gb.price\t5.7 → 6\t+5.26 %"), "{}", String::from_utf8_lossy(&out.stdout));
}

/// What the local server does with one connection.
#[derive(Clone)]
pub(crate) enum Reply {
    /// A whole `200 OK` with this body.
    Body(String),
    /// Wait this long, then close without answering.
    Stall(Duration),
    /// Announce this body, send half of it, close.
    Half(String),
    /// A body with no `Content-Length`, closed at its end.
    Unsized(String),
    /// A `302 Found` to this URL.
    Redirect(String),
}

/// Serves one reply per connection on 127.0.0.1 and stops after the last one, or
/// after 20 seconds, whichever comes first. Returns the base URL.
pub(crate) fn serve(replies: Vec<Reply>) -> String {
    serve_for(|_| replies)
}

/// As [`serve`], the replies made knowing the server's base URL.
fn serve_for(make: impl FnOnce(&str) -> Vec<Reply>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().map(|a| a.port()).expect("port");
    let replies = make(&format!("http://127.0.0.1:{port}"));
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut replies = replies.into_iter();
        let mut next = replies.next();
        while let Some(reply) = next.clone() {
            if Instant::now() > deadline {
                return;
            }
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            };
            let _ = stream.set_nonblocking(false);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut req = Vec::new();
            let mut buf = [0u8; 1024];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => req.extend_from_slice(&buf[..n]),
                }
            }
            let _ = match reply {
                Reply::Body(b) => write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{b}", b.len()),
                Reply::Stall(d) => {
                    std::thread::sleep(d);
                    Ok(())
                }
                Reply::Half(b) => write!(stream, "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}", b.len(), &b[..b.len() / 2]),
                Reply::Unsized(b) => write!(stream, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{b}"),
                Reply::Redirect(to) => write!(stream, "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            };
            let _ = stream.flush();
            next = replies.next();
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// A folder holding an old `fly-io.toml`; returns it and the old text.
pub(crate) fn installed() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("dir");
    let old = small_book("2026-10-01", "5.70");
    write(dir.path(), "fly-io.toml", &old);
    (dir, old)
}

pub(crate) fn fetch(dir: &Path, urls: &[&str], extra: &[&str]) -> Output {
    let into = dir.to_string_lossy().to_string();
    let mut args = vec!["pricing", "fetch"];
    args.extend_from_slice(urls);
    args.extend_from_slice(&["--into", &into]);
    args.extend_from_slice(extra);
    hostcast_in(dir, &args)
}

#[track_caller]
pub(crate) fn unchanged(dir: &Path, old: &str) {
    assert_eq!(std::fs::read_to_string(dir.join("fly-io.toml")).ok().as_deref(), Some(old), "the old book is kept byte for byte");
    assert!(!dir.join("fly-io.toml.prev").exists(), "no .prev written");
    let names: Vec<String> =
        std::fs::read_dir(dir).map(|r| r.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().to_string())).collect()).unwrap_or_default();
    assert_eq!(names, vec!["fly-io.toml".to_string()], "no stray files");
}

#[test]
fn fetch_installs_a_valid_book_and_rollback_restores_the_old_one() {
    let (dir, old) = installed();
    let new = small_book("2026-11-20", "6.00");
    let base = serve(vec![Reply::Body(new.clone())]);
    let out = fetch(dir.path(), &[&format!("{base}/books/fly-io.toml")], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("fly-io.toml")).ok(), Some(new.clone()));
    assert_eq!(std::fs::read_to_string(dir.path().join("fly-io.toml.prev")).ok(), Some(old.clone()));
    let into = dir.path().to_string_lossy().to_string();
    let back = hostcast_in(dir.path(), &["pricing", "rollback", "fly", "--into", &into]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
    assert_eq!(std::fs::read_to_string(dir.path().join("fly-io.toml")).ok(), Some(old));
    assert_eq!(std::fs::read_to_string(dir.path().join("fly-io.toml.prev")).ok(), Some(new));
}

#[test]
fn fetched_books_in_the_data_folder_layer_over_the_embedded_ones() {
    let data = tempfile::tempdir().expect("data");
    let books = data.path().join("hostcast/pricing");
    std::fs::create_dir_all(&books).expect("dir");
    write(&books, "fly-io.toml", &small_book("2026-11-20", "6.00"));
    let out = crate::helpers::hostcast()
        .args(["pricing"])
        .current_dir(data.path())
        .env("XDG_DATA_HOME", data.path())
        .env("HOSTCAST_TODAY", "2026-12-01")
        .env_remove("HOSTCAST_OVERLAY")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("fetched") && text.contains("embedded:render.toml"), "{text}");
}

#[test]
fn plain_http_to_another_host_is_refused_before_anything_is_sent() {
    let (dir, old) = installed();
    let out = fetch(dir.path(), &["http://example.com/fly-io.toml"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("plain HTTP is refused") && stderr(&out).contains("nothing was sent"), "{}", stderr(&out));
    unchanged(dir.path(), &old);
}

#[test]
fn a_timeout_changes_nothing() {
    let (dir, old) = installed();
    let base = serve(vec![Reply::Stall(Duration::from_secs(4))]);
    let started = Instant::now();
    let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml")], &["--timeout", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(4), "the timeout ends the wait");
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    unchanged(dir.path(), &old);
}

#[test]
fn an_oversize_body_changes_nothing() {
    let (dir, old) = installed();
    let big = format!("{}# {}\n", small_book("2026-11-20", "6.00"), "x".repeat(5000));
    let base = serve(vec![Reply::Unsized(big.clone()), Reply::Body(big)]);
    for _ in 0..2 {
        let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml")], &["--max-bytes", "2000"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("over the 2000-byte limit"), "{}", stderr(&out));
        unchanged(dir.path(), &old);
    }
}

#[test]
fn an_invalid_book_changes_nothing() {
    let (dir, old) = installed();
    let future = small_book("2027-01-01", "6.00");
    let base = serve(vec![Reply::Body(small_book("2026-11-20", "-6.00")), Reply::Body(future), Reply::Body("schema = 1\nprovider = [".into())]);
    for want in ["not negative", "after today", "fly-io.toml:2:"] {
        let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml")], &[]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(want), "want {want}: {}", stderr(&out));
        unchanged(dir.path(), &old);
    }
}

#[test]
fn a_failure_midway_changes_nothing() {
    let (dir, old) = installed();
    let render = small_book("2026-11-20", "7.00").replace("provider = \"fly\"", "provider = \"render\"");
    // the first book arrives whole, the second breaks off halfway: neither is installed
    let base = serve(vec![Reply::Body(small_book("2026-11-20", "6.00")), Reply::Half(render)]);
    let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml"), &format!("{base}/render.toml")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("render.toml") && stderr(&out).contains("nothing was changed"), "{}", stderr(&out));
    assert!(stderr(&out).contains("the download broke off"), "{}", stderr(&out));
    unchanged(dir.path(), &old);
}

#[test]
fn a_redirect_to_plain_http_is_refused() {
    let (dir, old) = installed();
    let base = serve(vec![Reply::Redirect("http://127.0.0.1:9/fly-io.toml".into())]);
    let out = fetch(dir.path(), &[&format!("{base}/fly-io.toml")], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("redirects are followed only to HTTPS"), "{}", stderr(&out));
    unchanged(dir.path(), &old);
}

#[test]
fn a_credit_is_at_most_the_lines_it_applies_to_and_the_listing_names_the_overlay() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("{OVERLAY}\n[adjustments.reservation]\nkind = \"credit\"\namount = 2.5\ncomponents = [\"compute\"]\nsource = \"OUR-CONTRACT\"\n");
    let overlay = write(dir.path(), "fly-contract.toml", &text);
    let v = documented_vm(&["--overlay", &overlay]);
    let lines = v["results"][0]["line_items"].as_array().expect("lines");
    let credit = lines.iter().find(|l| l["component"] == "credit").expect("a credit line");
    // compute is one machine at 4.00 × 730/720 = 4.0556 a month, more than the 2.50 credit
    assert_usd(credit["monthly_cost_usd"].as_f64().unwrap_or_default(), -2.5);
    let listing = hostcast_in(dir.path(), &["pricing", "--overlay", &overlay]);
    assert_eq!(listing.status.code(), Some(0), "{}", stderr(&listing));
    let table = String::from_utf8_lossy(&listing.stdout);
    assert!(table.contains("embedded + 1 overlay") && table.contains("(as of 2026-11-01)"), "{table}");
}

#[test]
fn a_flag_overlay_wins_over_one_from_the_environment() {
    let dir = tempfile::tempdir().expect("dir");
    let env_overlay = write(dir.path(), "team.toml", OVERLAY);
    let flag_overlay = write(dir.path(), "mine.toml", &OVERLAY.replace("price = 4.00", "price = 3.00"));
    let scenario = repo(SCENARIO);
    let run = |with_flag: bool| {
        let mut args = vec!["compare", scenario.to_str().unwrap_or_default(), "--option", OPTION, "--stage", "MVP", "--format", "json"];
        if with_flag {
            args.extend_from_slice(&["--overlay", &flag_overlay]);
        }
        let out = crate::helpers::hostcast()
            .args(&args)
            .current_dir(dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("HOSTCAST_OVERLAY", &env_overlay)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let lines = v["results"][0]["line_items"].as_array().cloned().unwrap_or_default();
        let line = lines.iter().find(|l| l["source"]["entry"] == "sizes.shared-cpu-1x-1gb").cloned().unwrap_or_default();
        // the list price shown is the embedded book's, however many overlays lie on it
        assert_eq!(line["source"]["list"]["price"], 5.7, "{line}");
        assert_eq!(line["source"]["list"]["book"], "embedded:fly-io.toml", "{line}");
        line["unit_price"].as_f64().unwrap_or_default()
    };
    // per 730-hour month: 4.00 × 730/720 from the environment's overlay, 3.00 × 730/720 with the flag's on top
    assert_usd(run(false), 4.00 * 730.0 / 720.0);
    assert_usd(run(true), 3.00 * 730.0 / 720.0);
}

/// An index listing one book with a digest.
fn index(base: &str, sha256: &str) -> String {
    format!("schema = 1\n[[book]]\nurl = \"{base}/fly-io.toml\"\nsha256 = \"{sha256}\"\n")
}

#[test]
fn update_installs_the_books_of_an_index_with_their_digests() {
    let (dir, old) = installed();
    let new = small_book("2026-11-20", "6.00");
    let digest = hostcast::pricing::index::sha256_hex(new.as_bytes());
    let base = serve_for(|base| vec![Reply::Body(index(base, &digest)), Reply::Body(new.clone())]);
    let into = dir.path().to_string_lossy().to_string();
    let out = hostcast_in(dir.path(), &["pricing", "update", "--index", &format!("{base}/index.toml"), "--into", &into]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join("fly-io.toml")).ok(), Some(new));
    assert_eq!(std::fs::read_to_string(dir.path().join("fly-io.toml.prev")).ok(), Some(old));
}

#[test]
fn a_digest_mismatch_changes_nothing() {
    let (dir, old) = installed();
    let new = small_book("2026-11-20", "6.00");
    let wrong = hostcast::pricing::index::sha256_hex(b"another book");
    let base = serve_for(|base| vec![Reply::Body(index(base, &wrong)), Reply::Body(new)]);
    let into = dir.path().to_string_lossy().to_string();
    let out = hostcast_in(dir.path(), &["pricing", "update", "--index", &format!("{base}/index.toml"), "--into", &into]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the index says") && stderr(&out).contains("nothing was changed"), "{}", stderr(&out));
    unchanged(dir.path(), &old);
}

/// Fly's hosting lines of a result row: (the adjustments' lines, the sum of the others).
fn fly_hosting(v: &serde_json::Value) -> (Vec<serde_json::Value>, f64) {
    let lines = v["results"][0]["line_items"].as_array().cloned().unwrap_or_default();
    let fly = lines.iter().filter(|l| l["provider"] == "fly" && l["part"] == "hosting");
    let (adjusted, plain): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) =
        fly.partition(|l| ["discount", "markup", "credit"].contains(&l["component"].as_str().unwrap_or_default()));
    (adjusted.into_iter().cloned().collect(), plain.iter().filter_map(|l| l["monthly_cost_usd"].as_f64()).sum())
}

#[test]
fn stacked_discounts_and_credits_never_take_hosting_below_zero() {
    let dir = tempfile::tempdir().expect("dir");
    let adjustment = |kind: &str, what: &str| format!("{OVERLAY}\n[adjustments.a]\nkind = \"{kind}\"\n{what}\nsource = \"OUR-CONTRACT\"\n");
    // two overlays (two files) of 60 % each: 120 % of the lines, capped at 100 %
    let a = write(dir.path(), "a.toml", &adjustment("discount", "percent = 60"));
    let b = write(dir.path(), "b.toml", &adjustment("discount", "percent = 60"));
    let v = documented_vm(&["--overlay", &a, "--overlay", &b]);
    let (adjusted, fly) = fly_hosting(&v);
    let costs: Vec<f64> = adjusted.iter().filter_map(|l| l["monthly_cost_usd"].as_f64()).collect();
    // the first takes 60 % of the Fly lines, the second only the 40 % left
    assert_eq!(costs.len(), 2, "{adjusted:?}");
    assert_usd(costs[0], -0.6 * fly);
    assert_usd(costs[1], -0.4 * fly);
    assert!(adjusted[1]["detail"].as_str().is_some_and(|d| d.contains("capped at")), "{}", adjusted[1]);
    let r = &v["results"][0];
    for field in ["hosting_usd", "apis_usd", "monthly_cost_usd"] {
        assert!(r[field].as_f64().is_some_and(|x| x >= -1e-9), "{field} = {}", r[field]);
    }
    // a discount of 90 % and a credit of 100 a month: the credit takes only the 10 % left
    let c = write(dir.path(), "c.toml", &adjustment("discount", "percent = 90"));
    let d = write(dir.path(), "d.toml", &adjustment("credit", "amount = 100"));
    let v = documented_vm(&["--overlay", &c, "--overlay", &d]);
    let (adjusted, fly) = fly_hosting(&v);
    let credit = adjusted.iter().find(|l| l["component"] == "credit").expect("a credit line");
    assert_usd(credit["monthly_cost_usd"].as_f64().unwrap_or_default(), -0.1 * fly);
    assert!(credit["detail"].as_str().is_some_and(|d| d.contains("capped at")), "{credit}");
    let hosting: f64 = fly + adjusted.iter().filter_map(|l| l["monthly_cost_usd"].as_f64()).sum::<f64>();
    assert!(hosting.abs() < 1e-9, "Fly's hosting after the adjustments: {hosting}");
}

#[test]
fn an_overlay_named_twice_is_an_error_naming_the_second_mention() {
    let dir = tempfile::tempdir().expect("dir");
    let folder = dir.path().join("prices");
    std::fs::create_dir_all(&folder).expect("dir");
    let overlay = write(&folder, "fly-contract.toml", &format!("{OVERLAY}\n[adjustments.a]\nkind = \"discount\"\npercent = 10\nsource = \"OUR-CONTRACT\"\n"));
    let scenario = repo(SCENARIO);
    let scenario = scenario.to_str().unwrap_or_default();
    let folder = folder.to_str().unwrap_or_default();
    for args in [vec!["--overlay", &overlay, "--overlay", &overlay], vec!["--overlay", folder, "--overlay", &overlay]] {
        let mut all = vec!["compare", scenario, "--option", OPTION, "--stage", "MVP"];
        all.extend(args.iter());
        let out = hostcast_in(dir.path(), &all);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("prices/fly-contract.toml: this overlay is named twice") && err.contains("help: name each overlay once"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "nothing is written");
    }
    // the scenario names it twice: at the second mention's line and column
    let text =
        format!("overlays = [\"prices/fly-contract.toml\", \"./prices/fly-contract.toml\"]\n{}", std::fs::read_to_string(repo(SCENARIO)).expect("scenario"));
    let own = write(dir.path(), "s.toml", &text);
    let out = hostcast_in(dir.path(), &["compare", &own, "--stage", "MVP"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("s.toml:1:41: the overlay `./prices/fly-contract.toml` is named twice"), "{}", stderr(&out));
}

#[test]
fn an_adjustment_naming_a_component_no_engine_writes_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("{OVERLAY}\n[adjustments.a]\nkind = \"discount\"\npercent = 10\ncomponents = [\"compute\", \"computer\"]\nsource = \"OUR-CONTRACT\"\n");
    let overlay = write(dir.path(), "fly-contract.toml", &text);
    let scenario = repo(SCENARIO);
    let out = hostcast_in(dir.path(), &["compare", scenario.to_str().unwrap_or_default(), "--overlay", &overlay]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // `"computer"` is on line 17, column 26
    assert!(err.contains("fly-contract.toml:17:26: adjustments.a: no billing engine writes a `computer` line"), "{err}");
    assert!(err.contains("help: components: `compute`, `stopped rootfs`"), "{err}");
}

/// The components of the hosting lines that `src/billing` and `src/apis` write with a
/// literal name (`bill.charge(owner, "compute", …)`, `bill.meter(…)`), read from the source.
fn literal_components() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["src/billing", "src/apis"] {
        for entry in std::fs::read_dir(repo(dir)).expect("src") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for call in [".charge(", ".meter("] {
                for (at, _) in text.match_indices(call) {
                    // the second argument, when it is a string literal
                    let args = &text[at + call.len()..];
                    let mut depth = 0usize;
                    let Some(comma) = args.char_indices().find(|(_, c)| {
                        match c {
                            '(' | '[' => depth += 1,
                            ')' | ']' => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                        *c == ',' && depth == 0
                    }) else {
                        continue;
                    };
                    let second = args[comma.0 + 1..].trim_start();
                    if let Some(rest) = second.strip_prefix('"')
                        && let Some(end) = rest.find('"')
                    {
                        out.push((rest[..end].to_string(), path.display().to_string()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_component_the_engines_write_can_be_adjusted() {
    use hostcast::pricing::overlay::ADJUSTABLE_COMPONENTS;
    let literal = literal_components();
    assert!(literal.len() > 30, "the source scan finds the engines' lines: {literal:?}");
    // the team's time is a part of the bill of its own, never hosting
    for (c, file) in literal.iter().filter(|(c, _)| c != "team time") {
        assert!(ADJUSTABLE_COMPONENTS.contains(&c.as_str()), "`{c}` ({file}) is missing from ADJUSTABLE_COMPONENTS");
    }
    // and those named through variables (Vercel's meters, object stores, database plans)
    // as the bundled scenarios price them
    let empty = tempfile::tempdir().expect("dir");
    for scenario in ["intelauto", "intellipost", "transferlens", "vel-tutor"] {
        let path = repo(&format!("scenarios/{scenario}.toml"));
        let out = hostcast_in(empty.path(), &["compare", path.to_str().unwrap_or_default(), "--format", "json"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        for r in v["results"].as_array().into_iter().flatten() {
            for l in r["line_items"].as_array().into_iter().flatten().filter(|l| l["part"] == "hosting" && l["owner"] != "tax") {
                let c = l["component"].as_str().unwrap_or_default();
                assert!(ADJUSTABLE_COMPONENTS.contains(&c), "`{c}` ({scenario}) is missing from ADJUSTABLE_COMPONENTS");
            }
        }
    }
}

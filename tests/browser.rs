//! A real browser: each bundled scenario's `report.html` opened in headless
//! Chromium, its DOM dumped (the charts are there as SVG) and a screenshot taken
//! (the page rendered: not blank). Without Chromium the test fails under CI
//! (`CI` set) and is skipped with a notice elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::repo;

const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium(profile: &Path, args: &[&str], url: &str) -> std::process::Output {
    Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs")
}

#[test]
fn every_report_renders_in_a_real_browser_with_its_charts() {
    if !Path::new(CHROMIUM).exists() {
        assert!(std::env::var_os("CI").is_none(), "{CHROMIUM} is missing: CI must install Debian's `chromium`");
        eprintln!("notice: {CHROMIUM} not installed; the browser check is skipped");
        return;
    }
    let out = tempfile::tempdir().expect("tmp");
    let run = crate::helpers::hostcast().args(["report", "--out"]).arg(out.path()).current_dir(repo(".")).output().expect("runs");
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    let mut pages: Vec<PathBuf> = fs_err::read_dir(out.path()).expect("dir").map(|e| e.expect("entry").path().join("report.html")).collect();
    pages.sort();
    assert_eq!(pages.len(), 4, "four bundled scenarios");
    for page in pages {
        let url = format!("file://{}", page.display());
        let profile = tempfile::tempdir().expect("profile");
        let dom = chromium(profile.path(), &["--dump-dom"], &url);
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains("Executive summary"), "{url}: the page did not load");
        assert!(dom.matches("<svg class=\"chart\"").count() >= 6, "{url}: the charts are missing from the DOM");
        let shot = profile.path().join("shot.png");
        let run = chromium(profile.path(), &[&format!("--screenshot={}", shot.display()), "--window-size=1280,2000", "--hide-scrollbars"], &url);
        assert!(shot.exists(), "{url}: no screenshot: {}", String::from_utf8_lossy(&run.stderr));
        let img = image::open(&shot).expect("a PNG").to_rgb8();
        assert_eq!((img.width(), img.height()), (1280, 2000));
        // rendered: much of the page is not white, in many colours (text, the summary band, chart bars)
        let pixels = img.pixels().count();
        let inked = img.pixels().filter(|p| p.0.iter().any(|c| *c < 235)).count();
        let mut colours: Vec<[u8; 3]> = img.pixels().map(|p| p.0).collect();
        colours.sort_unstable();
        colours.dedup();
        assert!(inked * 50 > pixels, "{url}: the screenshot is almost blank ({inked} of {pixels} pixels inked)");
        assert!(colours.len() > 50, "{url}: the screenshot has only {} colours", colours.len());
    }
}

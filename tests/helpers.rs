//! Shared test helpers: inline price books and scenarios.

use std::path::Path;

use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::{Filter, OptionResult};

/// Price books from inline TOML texts, named as files for error messages.
pub fn prices(books: &[(&str, &str)]) -> Prices {
    let mut iter = books.iter();
    let (first_name, first_text) = iter.next().expect("at least one book");
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join(first_name);
    std::fs::write(&p, first_text).expect("write");
    let mut prices = Prices::load_dir(dir.path()).expect("first book loads");
    for (name, text) in iter {
        prices.add(Path::new(name), text).expect("book loads");
    }
    prices
}

/// A scenario from inline TOML.
pub fn scenario(text: &str) -> Scenario {
    match Scenario::parse(Path::new("test.toml"), text.to_string()) {
        Ok(s) => s,
        Err(e) => panic!("scenario does not load: {e}"),
    }
}

/// Prices the only option at the only stage.
pub fn price(scenario_text: &str, prices: &Prices) -> OptionResult {
    let s = scenario(scenario_text);
    let mut r = hostcast::results::run(&[s], prices, &Filter::default()).expect("prices");
    assert_eq!(r.results.len(), 1, "one option, one stage");
    r.results.remove(0)
}

/// Asserts two dollar amounts agree to a hundredth of a cent.
#[track_caller]
pub fn assert_usd(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-4, "got {got}, want {want}");
}

/// The cost of the line items of a component.
pub fn component(r: &OptionResult, service: &str, component: &str) -> f64 {
    r.line_items.iter().filter(|l| l.service == service && l.component == component).map(|l| l.monthly_cost_usd).sum()
}

/// The bundled folder of a path in the repository.
pub fn repo(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The binary, isolated from the machine it runs on: `XDG_DATA_HOME` and `HOME` point
/// at a fresh empty folder (so no fetched book of the user's data folder is layered
/// in) and `HOSTCAST_OVERLAY` and the index variables (`HOSTCAST_PRICE_INDEX`, `HOSTCAST_PRICING_INDEX`) are cleared. Every test that
/// spawns the binary starts here; a test may set them again on the returned command.
pub fn hostcast() -> std::process::Command {
    let home = isolated_home();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hostcast"));
    cmd.env("XDG_DATA_HOME", home.join("data"))
        .env("HOME", &home)
        .env_remove("HOSTCAST_OVERLAY")
        .env_remove("HOSTCAST_PRICE_INDEX")
        .env_remove("HOSTCAST_PRICING_INDEX");
    cmd
}

/// A fresh empty folder for one spawned binary, removed when the test process ends.
fn isolated_home() -> std::path::PathBuf {
    static ROOT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let root = ROOT.get_or_init(|| tempfile::tempdir().expect("temp dir"));
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let home = root.path().join(format!("home-{n}"));
    std::fs::create_dir_all(&home).expect("home dir");
    home
}

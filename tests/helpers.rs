//! Shared test helpers: inline price books and scenarios.

use std::path::Path;

use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::{self, Filter, OptionResult};

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
    let mut r = simulate::run(&[s], prices, &Filter::default()).expect("prices");
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

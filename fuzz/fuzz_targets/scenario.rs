//! Fuzzes the scenario reader (`Scenario::parse`): arbitrary bytes must never panic,
//! and a scenario that reads is priced with the bundled books without a panic.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use hostcast::pricing::Prices;
use hostcast::scenario::Scenario;
use hostcast::simulate::Filter;
use libfuzzer_sys::fuzz_target;

/// The bundled price books, read once.
fn prices() -> &'static Prices {
    static PRICES: OnceLock<Prices> = OnceLock::new();
    PRICES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pricing");
        Prices::load_dir(&dir).unwrap_or_else(|e| panic!("the bundled price books load: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(s) = Scenario::parse(Path::new("fuzz.toml"), text) {
        let _ = hostcast::results::run(&[s], prices(), &Filter::default());
    }
});

//! Fuzzes the overlay reader (`Prices::apply_overlay`): arbitrary bytes laid over the
//! embedded books must never panic, and an overlay that applies leaves books whose
//! adjustments price a line without a panic.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use hostcast::pricing::Prices;
use libfuzzer_sys::fuzz_target;

fn books() -> &'static Prices {
    static BOOKS: OnceLock<Prices> = OnceLock::new();
    BOOKS.get_or_init(|| Prices::embedded().expect("the embedded books load"))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut prices = books().clone();
    if prices.apply_overlay(Path::new("fuzz.overlay.toml"), &text).is_ok() {
        let _ = prices.infos();
        let _ = hostcast::billing::adjust::lines(&prices, &[]);
    }
});

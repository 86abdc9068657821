//! Fuzzes the price-book reader (`Prices::add`): arbitrary bytes must never panic,
//! neither for a book on its own nor for one added to an empty set twice.

#![no_main]

use std::path::Path;

use hostcast::pricing::Prices;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut prices = Prices::default();
    if prices.add(Path::new("fuzz.toml"), &text).is_ok() {
        let _ = prices.infos();
        let _ = prices.add(Path::new("again.toml"), &text);
    }
});

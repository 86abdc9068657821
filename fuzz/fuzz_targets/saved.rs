//! Fuzzes the reader of saved results (`results::saved::read`, what `output`, `diff`
//! and `budget --baseline` read back): arbitrary bytes must never panic, and results
//! that pass its checks write out again without a panic.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(r) = hostcast::results::saved::read(Path::new("fuzz.json"), &text) {
        let _ = hostcast::json::to_string_pretty(&r);
    }
});

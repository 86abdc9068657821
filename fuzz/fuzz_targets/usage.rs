//! Fuzzes the usage file reader (`import::usage::parse`): arbitrary bytes must never
//! panic, and a usage file that reads is laid over an imported scenario, which is
//! then read back, without a panic.

#![no_main]

use std::path::Path;

use hostcast::import::usage;
use hostcast::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

/// An imported scenario's shape: services with assumed numbers, stages, an option.
const SCENARIO: &str = "[scenario]\nname = \"a\"\n\n[[service]]\nname = \"api\"\nkind = \"api\"\nrequests_per_user_day = 20  # assumed\n\n[[service]]\nname = \"db\"\nkind = \"postgres\"\n\n[[stage]]\nname = \"MVP\"\nusers = 1000  # assumed\ndaily_active = 0.2  # assumed\n\n[[option]]\nname = \"Fly.io\"\nplatform = \"fly\"\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(u) = usage::parse(Path::new("fuzz.usage.toml"), &text) {
        let (merged, _) = usage::apply(SCENARIO, &["api".to_string(), "db".to_string()], &u);
        if let Ok(s) = Scenario::parse(Path::new("merged.toml"), merged) {
            let _ = usage::write(&s);
        }
    }
});

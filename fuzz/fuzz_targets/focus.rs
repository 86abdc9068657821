//! Fuzzes the FOCUS export reader (`actuals::focus::read`, CSV or JSON Lines as the
//! first bytes say) with the summing that follows it: arbitrary bytes must never
//! panic, and every charge read is summed and its unit parsed.

#![no_main]

use std::path::Path;

use hostcast::actuals::focus;
use hostcast::actuals::groups::Groups;
use hostcast::reconcile::units;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.focus");
    let mut groups = Groups::default();
    let _ = focus::read(path, data, &mut |c| {
        let _ = units::parse(&c.unit);
        groups.add(0, path, c)
    });
});

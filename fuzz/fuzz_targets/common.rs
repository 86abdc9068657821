//! What the importer targets share: bytes in, one importer run, and the scenario it
//! writes read back, all without a panic.

use std::path::Path;

use hostcast::import::{self, Format, Options, emit};
use hostcast::scenario::Scenario;

/// The input as text: as is when it is UTF-8, else with the bad bytes replaced.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Imports `data` as a `format` file named `name`; on success writes the scenario
/// and parses it back. Errors are fine; a panic is the failure the fuzzer looks for.
pub fn import(name: &str, format: Format, data: &[u8]) {
    let path = Path::new(name);
    let options = Options { kind: Some(format), ..Options::default() };
    let Ok(file) = import::import_text(path, &text(data), &options) else { return };
    let Ok(top) = import::combine(vec![file]) else { return };
    let emitted = emit::scenario(&top, &emit::Known::default());
    let _ = Scenario::parse(Path::new("imported.scenario.toml"), emitted.text);
}

//! JSON: the results model itself, serialised.

use crate::simulate::Results;

/// Renders results as pretty-printed JSON with a trailing newline.
pub fn render(results: &Results) -> serde_json::Result<String> {
    let mut s = serde_json::to_string_pretty(results)?;
    s.push('\n');
    Ok(s)
}

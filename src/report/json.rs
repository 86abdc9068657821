//! JSON: the results model itself, serialised.

use crate::results::Results;

/// Renders results as pretty-printed JSON with a trailing newline.
pub fn render(results: &Results) -> serde_json::Result<String> {
    let mut s = crate::json::to_string_pretty(results)?;
    s.push('\n');
    Ok(s)
}

/// Writes results as pretty-printed JSON with a trailing newline to `out`, as it goes
/// (the same bytes as [`render`], without holding the whole text in memory).
pub fn write<W: std::io::Write>(results: &Results, mut out: W) -> std::io::Result<()> {
    crate::json::to_writer_pretty(&mut out, results)?;
    out.write_all(b"\n")
}

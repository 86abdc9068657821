//! The bundled price books, embedded in the binary at build time (`build.rs` lists
//! every `pricing/*.toml`), so hostcast prices from any folder with no checkout
//! beside it. Embedded books are shown as `embedded:NAME.toml`.

use std::path::Path;

use super::Prices;
use crate::error::Diagnostic;

include!(concat!(env!("OUT_DIR"), "/embedded_books.rs"));

/// The prefix of an embedded book's shown path.
pub const PREFIX: &str = "embedded:";

impl Prices {
    /// The embedded books, each shown as `embedded:NAME.toml`.
    pub fn embedded() -> Result<Prices, Diagnostic> {
        let mut prices = Prices::empty();
        for (name, text) in BOOKS {
            prices.add(Path::new(&format!("{PREFIX}{name}")), text)?;
        }
        Ok(prices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_book_is_embedded_byte_for_byte() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing");
        let mut on_disk: Vec<(String, String)> = std::fs::read_dir(&dir)
            .map(|r| {
                r.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml") && !p.ends_with("index.toml"))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(), std::fs::read_to_string(&p).unwrap_or_default()))
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, String)> = BOOKS.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        assert!(on_disk.len() >= 9, "the bundled folder has its books");
        assert_eq!(embedded, on_disk);
        let prices = Prices::embedded().map_err(|e| e.to_string());
        assert!(prices.as_ref().is_ok_and(|p| p.has("fly") && p.has("exchange")), "{prices:?}");
    }
}

//! How an output was made: hostcast's version, each price book's path and SHA-256,
//! the overlays applied, and the version of the `genai-prices` data the LLM prices
//! come from. Every JSON output carries it as `provenance`; the Markdown and HTML
//! reports show it in a short "How this was made" section. Paths are relative to
//! the working folder (`pricing/fly-io.toml`) or `embedded:NAME.toml`, never absolute.

use serde::{Deserialize, Serialize};

/// Version of hostcast that wrote an output.
pub const HOSTCAST_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Version of the `genai-prices` crate built in (read from `Cargo.lock` at build time).
pub const GENAI_PRICES_VERSION: &str = env!("GENAI_PRICES_VERSION");

/// Which output a JSON file is: the tag `results.schema.json` tells them apart by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// `compare --format json` (and `output --format json`): the results model.
    #[default]
    Compare,
    /// A report's `costs.json`: the results model of one scenario, with its line items in long form.
    Costs,
    /// `estimate --format json`.
    Estimate,
    /// `diff --format json`.
    Diff,
    /// `budget --format json`.
    Budget,
}

impl OutputKind {
    /// The tag as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputKind::Compare => "compare",
            OutputKind::Costs => "costs",
            OutputKind::Estimate => "estimate",
            OutputKind::Diff => "diff",
            OutputKind::Budget => "budget",
        }
    }
}

/// One file read: its shown path and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileHash {
    /// Provider id of the book (or of the book an overlay was laid on).
    pub provider: String,
    /// Path relative to the working folder, or `embedded:NAME.toml`.
    pub path: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
}

/// How an output was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Provenance {
    /// hostcast's version (`CARGO_PKG_VERSION`).
    pub hostcast_version: String,
    /// Version of the `genai-prices` crate whose data prices LLM tokens.
    pub genai_prices_version: String,
    /// Every price book loaded, by provider id.
    pub price_books: Vec<FileHash>,
    /// The overlays applied, in the order they were laid.
    #[serde(default)]
    pub overlays: Vec<FileHash>,
}

impl Provenance {
    /// The provenance of a run over the given books and overlays.
    pub fn new(price_books: Vec<FileHash>, overlays: Vec<FileHash>) -> Provenance {
        Provenance { hostcast_version: HOSTCAST_VERSION.into(), genai_prices_version: GENAI_PRICES_VERSION.into(), price_books, overlays }
    }

    /// Adds the books and overlays of `other` that this one lacks (merging saved outputs).
    pub fn merge(&mut self, other: &Provenance) {
        for b in &other.price_books {
            if !self.price_books.contains(b) {
                self.price_books.push(b.clone());
            }
        }
        for o in &other.overlays {
            if !self.overlays.contains(o) {
                self.overlays.push(o.clone());
            }
        }
    }

    /// The Markdown lines of a "How this was made" section (no heading).
    pub fn markdown_lines(&self) -> Vec<String> {
        let mut out = vec![format!("- hostcast {}, LLM prices from genai-prices {}", self.hostcast_version, self.genai_prices_version)];
        for b in &self.price_books {
            out.push(format!("- price book `{}` (`{}`), sha256 `{}`", b.path, b.provider, b.sha256));
        }
        if self.overlays.is_empty() {
            out.push("- no overlays".into());
        }
        for o in &self.overlays {
            out.push(format!("- overlay `{}` on `{}`, sha256 `{}`", o.path, o.provider, o.sha256));
        }
        out
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_is_the_published_vector() {
        // FIPS 180-2, appendix B.1
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn merging_keeps_each_file_once() {
        let f = |p: &str| FileHash { provider: "fly".into(), path: p.into(), sha256: "0".repeat(64) };
        let mut a = Provenance::new(vec![f("pricing/fly-io.toml")], vec![]);
        let b = Provenance::new(vec![f("pricing/fly-io.toml"), f("embedded:fly-io.toml")], vec![f("ops/fly.toml")]);
        a.merge(&b);
        assert_eq!(a.price_books.len(), 2);
        assert_eq!(a.overlays, vec![f("ops/fly.toml")]);
        assert!(a.markdown_lines().iter().any(|l| l.contains("overlay `ops/fly.toml`")));
    }
}

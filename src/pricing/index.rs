//! `pricing update`: fetching every book listed in an index, a small TOML file of
//! book URLs and their SHA-256 digests, each digest verified before anything is
//! written.
//!
//! ```toml
//! schema = 1
//! [[book]]
//! url = "https://example.com/hostcast/pricing/fly-io.toml"
//! sha256 = "3f1c…"
//! ```

use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::fetch::{self, Fetched, Limits};

/// An index file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Index {
    schema: u32,
    #[serde(default)]
    book: Vec<Entry>,
}

/// One listed book.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    url: String,
    sha256: String,
}

/// The lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Downloads the index at `url`, then every book it lists, each checked against its
/// digest and validated whole; returns them ready to install.
pub fn fetch_all(url: &str, today: &str, limits: Limits) -> Result<Vec<Fetched>, String> {
    let text = fetch::download(url, limits)?;
    let index: Index = toml::from_str(&text).map_err(|e| format!("`{url}`: {}", crate::error::Diagnostic::from_toml(std::path::Path::new(url), &text, &e)))?;
    if index.schema != 1 {
        return Err(format!("`{url}`: unsupported index schema {}: this version of hostcast reads `schema = 1`", index.schema));
    }
    if index.book.is_empty() {
        return Err(format!("`{url}`: the index lists no `[[book]]`"));
    }
    let mut out: Vec<Fetched> = Vec::new();
    for entry in &index.book {
        fetch::check_url(&entry.url)?;
        let f = fetch::fetch(&entry.url, today, limits)?;
        let got = sha256_hex(f.text.as_bytes());
        if !got.eq_ignore_ascii_case(entry.sha256.trim()) {
            return Err(format!("`{}`: its SHA-256 is {got}, the index says {}: the book is not the one listed", entry.url, entry.sha256.trim()));
        }
        if out.iter().any(|o| o.book.provider == f.book.provider || o.file_name == f.file_name) {
            return Err(format!("`{url}`: the index lists the `{}` book twice", f.book.provider));
        }
        out.push(f);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_of_abc() {
        // the FIPS 180-2 example: SHA-256("abc")
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

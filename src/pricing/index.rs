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

/// Where the project publishes its price books: the raw files of its repository's
/// `main` branch. The index and every book it lists are under `pricing/` there.
pub const PUBLISHED_BASE: &str = "https://raw.githubusercontent.com/hostcast/hostcast/main";

/// The default index of `pricing update`: the project's own `pricing/index.toml`
/// (see [`PUBLISHED_BASE`]); `--index` or env `HOSTCAST_PRICE_INDEX` replace it.
pub const DEFAULT_INDEX_URL: &str = "https://raw.githubusercontent.com/hostcast/hostcast/main/pricing/index.toml";

/// The file name of the index beside the books; never read as a price book.
pub const INDEX_FILE: &str = "index.toml";

/// The index URL to use: `--index`, else env `HOSTCAST_PRICE_INDEX` (or its older
/// name `HOSTCAST_PRICING_INDEX`), else [`DEFAULT_INDEX_URL`]. `env` reads a variable.
pub fn index_url(flag: Option<&str>, env: impl Fn(&str) -> Option<String>) -> String {
    let set = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    flag.map(str::to_string)
        .or_else(|| set(env("HOSTCAST_PRICE_INDEX")))
        .or_else(|| set(env("HOSTCAST_PRICING_INDEX")))
        .unwrap_or_else(|| DEFAULT_INDEX_URL.to_string())
}

/// An index file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    /// Format version; 1.
    pub schema: u32,
    /// The listed books.
    #[serde(default)]
    pub book: Vec<Entry>,
}

/// One listed book.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Where the book is published.
    pub url: String,
    /// The lowercase hex SHA-256 of the book's bytes.
    pub sha256: String,
}

/// The opening of the committed `pricing/index.toml`.
#[cfg(test)]
const INDEX_HEADER: &str = "# The published index of hostcast's price books: every book's raw URL in the
# repository and the SHA-256 of its bytes. `hostcast pricing update` reads it by
# default. Regenerate it after changing a book: UPDATE_INDEX=1 cargo test --lib committed_index
schema = 1
";

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
    use super::*;

    #[test]
    fn the_index_url_is_the_flag_then_the_environment_then_the_published_file() {
        let none = |_: &str| None;
        assert_eq!(index_url(None, none), DEFAULT_INDEX_URL);
        assert_eq!(DEFAULT_INDEX_URL, format!("{PUBLISHED_BASE}/pricing/{INDEX_FILE}"));
        let env = |k: &str| (k == "HOSTCAST_PRICE_INDEX").then(|| "https://example.com/i.toml".to_string());
        assert_eq!(index_url(None, env), "https://example.com/i.toml");
        assert_eq!(index_url(Some("https://flag.example/i.toml"), env), "https://flag.example/i.toml");
        let old = |k: &str| (k == "HOSTCAST_PRICING_INDEX").then(|| "https://old.example/i.toml".to_string());
        assert_eq!(index_url(None, old), "https://old.example/i.toml");
    }

    /// The committed `pricing/index.toml` lists every bundled book at its published
    /// URL with the SHA-256 of the committed file. `UPDATE_INDEX=1` rewrites it.
    #[test]
    fn the_committed_index_lists_every_book_with_its_digest() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing");
        let mut want = String::from(INDEX_HEADER);
        for (name, text) in crate::pricing::embedded::BOOKS {
            want.push_str(&format!("\n[[book]]\nurl = \"{PUBLISHED_BASE}/pricing/{name}\"\nsha256 = \"{}\"\n", sha256_hex(text.as_bytes())));
        }
        let path = dir.join(INDEX_FILE);
        if std::env::var_os("UPDATE_INDEX").is_some() {
            std::fs::write(&path, &want).expect("write the index");
        }
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(got, want, "pricing/index.toml is out of date: run `UPDATE_INDEX=1 cargo test --lib committed_index` and commit it");
        let index: Index = toml::from_str(&got).expect("the index parses");
        assert_eq!(index.book.len(), crate::pricing::embedded::BOOKS.len());
        for (name, text) in crate::pricing::embedded::BOOKS {
            let on_disk = std::fs::read(dir.join(name)).expect("the book is committed");
            let entry = index.book.iter().find(|b| b.url.ends_with(&format!("/{name}"))).expect("listed");
            assert_eq!(entry.sha256, sha256_hex(&on_disk), "{name}");
            assert_eq!(on_disk, text.as_bytes(), "{name} is embedded as committed");
        }
    }

    #[test]
    fn sha256_of_abc() {
        // the FIPS 180-2 example: SHA-256("abc")
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

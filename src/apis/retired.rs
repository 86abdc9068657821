//! LLM models a provider has retired while the genai-prices data still prices them.
//!
//! The table is data (`src/apis/retired.toml`, compiled in), each entry with the
//! day the model stopped serving, its successor and the source that says so.

use serde::Deserialize;

/// The table, as compiled into the binary.
const TABLE: &str = include_str!("retired.toml");

/// One retired model.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Retirement {
    /// Provider id, as in genai-prices (`groq`).
    pub provider: String,
    /// Model id, as in genai-prices (`mixtral-8x7b-32768`).
    pub model: String,
    /// The day it stopped serving (`YYYY-MM-DD`).
    pub retired: String,
    /// The model the provider points to instead.
    pub successor: String,
    /// Where the retirement is stated.
    pub url: String,
    /// The source's date.
    pub date: String,
    /// The source is not the provider's own text.
    #[serde(default)]
    pub secondary: bool,
    /// Why a secondary source is used.
    #[serde(default)]
    pub reason: Option<String>,
    /// The provider's own deprecation page, for a reader to check.
    #[serde(default)]
    pub vendor_page: Option<String>,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    model: Vec<Retirement>,
}

/// Every retirement in the table. The table is compiled in and checked by a test,
/// so a parse error here can only come from editing it: it reads as no entries.
pub fn all() -> Vec<Retirement> {
    toml::from_str::<Table>(TABLE).map(|t| t.model).unwrap_or_default()
}

/// The retirement of `provider`/`model` in effect on `date` (`YYYY-MM-DD`), if any.
pub fn find(provider: &str, model: &str, date: &str) -> Option<Retirement> {
    let day = crate::dates::day_number(date)?;
    all().into_iter().find(|r| r.provider == provider && r.model == model && crate::dates::day_number(&r.retired).is_some_and(|d| d <= day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_every_entry_is_dated_and_sourced() {
        let t: Table = toml::from_str(TABLE).unwrap_or_else(|e| panic!("retired.toml: {e}"));
        assert!(t.model.len() >= 4);
        for r in &t.model {
            assert!(crate::dates::day_number(&r.retired).is_some() && crate::dates::day_number(&r.date).is_some(), "{r:?}");
            assert!(r.url.starts_with("https://"), "{r:?}");
            assert!(!r.secondary || r.reason.is_some(), "a secondary source says why: {r:?}");
        }
    }

    #[test]
    fn a_retirement_applies_from_its_day() {
        assert!(find("groq", "mixtral-8x7b-32768", "2025-03-19").is_none());
        let r = find("groq", "mixtral-8x7b-32768", "2025-03-20");
        assert_eq!(r.map(|r| r.successor), Some("openai/gpt-oss-120b".to_string()));
        assert!(find("openai", "gpt-4o", "2026-12-01").is_none());
    }
}

//! `--map FILE`: what names cannot settle. Each `[[match]]` entry picks charges by
//! any of `provider`, `service_name` (FOCUS `ServiceName`), `resource`
//! (`ResourceName`, else `ResourceId`) and `sku` (`SkuId`), compared without regard
//! to case, and sends them to a forecast line: `service`, and `component` when the
//! service has several lines. The first entry that fits wins.
//!
//! ```toml
//! [[match]]
//! provider = "Fly.io"
//! resource = "intellipost-api"
//! service = "api"
//! component = "compute"
//! ```

use std::path::Path;

use serde::Deserialize;

use crate::error::Diagnostic;

/// One `[[match]]` entry.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The export's provider (`ServiceProviderName` or `ProviderName`).
    #[serde(default)]
    pub provider: Option<String>,
    /// FOCUS `ServiceName`.
    #[serde(default)]
    pub service_name: Option<String>,
    /// `ResourceName`, else `ResourceId`.
    #[serde(default)]
    pub resource: Option<String>,
    /// `SkuId`.
    #[serde(default)]
    pub sku: Option<String>,
    /// The scenario's service (or a shared owner's label: `(account)`, `(nodes)`).
    pub service: String,
    /// The forecast line's component (`compute`, `egress`, …).
    #[serde(default)]
    pub component: Option<String>,
}

/// The entries of a map file, in order.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Map {
    /// `[[match]]` entries.
    #[serde(default, rename = "match")]
    pub rules: Vec<Rule>,
}

impl Rule {
    /// Whether the charge named by these fields fits every filter the entry gives.
    pub fn fits(&self, provider: &str, service_name: &str, resource: &str, sku: &str) -> bool {
        let same = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w.trim().eq_ignore_ascii_case(have.trim()));
        same(&self.provider, provider) && same(&self.service_name, service_name) && same(&self.resource, resource) && same(&self.sku, sku)
    }
}

impl Map {
    /// The first entry the charge fits.
    pub fn find(&self, provider: &str, service_name: &str, resource: &str, sku: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.fits(provider, service_name, resource, sku))
    }
}

/// Reads a map file's text; a problem is an error at its line and column.
pub fn parse(path: &Path, text: &str) -> Result<Map, Diagnostic> {
    crate::limits::check_text_size(path, text.len())?;
    crate::limits::check_toml_nesting(path, text)?;
    let map: Map = toml::from_str(text).map_err(|e| {
        Diagnostic::from_toml(path, text, &e).with_help("each `[[match]]` has `service` and any of `provider`, `service_name`, `resource`, `sku`, `component`")
    })?;
    for (i, r) in map.rules.iter().enumerate() {
        let at = text.match_indices("[[match]]").nth(i).map(|(o, _)| o).unwrap_or(0);
        if r.provider.is_none() && r.service_name.is_none() && r.resource.is_none() && r.sku.is_none() {
            return Err(Diagnostic::at(path, text, at, "this `[[match]]` picks no charges: it names no `provider`, `service_name`, `resource` or `sku`")
                .with_help("add the export's `resource = \"…\"` (its `ResourceName`) or another of them"));
        }
        if r.service.trim().is_empty() {
            return Err(Diagnostic::at(path, text, at, "`service` is empty").with_help("name the scenario's service the charges belong to"));
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_fitting_entry_wins_and_filters_ignore_case() {
        let text = "[[match]]\nresource = \"pg-main\"\nservice = \"db\"\ncomponent = \"storage\"\n\n[[match]]\nprovider = \"fly.io\"\nservice = \"api\"\n";
        let m = parse(Path::new("m.toml"), text).expect("reads");
        assert_eq!(m.find("Fly.io", "Machines", "PG-MAIN", "").map(|r| r.service.as_str()), Some("db"));
        assert_eq!(m.find("Fly.io", "Machines", "web", "").map(|r| r.service.as_str()), Some("api"));
        assert!(m.find("Render", "", "web", "").is_none());
    }

    #[test]
    fn an_entry_without_filters_or_with_an_unknown_key_is_located() {
        let e = parse(Path::new("m.toml"), "[[match]]\nresource = \"a\"\nservice = \"x\"\n\n[[match]]\nservice = \"api\"\n").expect_err("no filter");
        assert_eq!(e.line, Some(5));
        let e = parse(Path::new("m.toml"), "[[match]]\nresorce = \"a\"\nservice = \"x\"\n").expect_err("typo");
        assert_eq!(e.line, Some(2));
    }
}

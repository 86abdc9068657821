//! The size names each platform sells or sold (`data/size-names.toml`), so that a
//! real name the price book lacks is told apart from a name the platform does not
//! know: the first is a missing price, the second invalid input.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use super::can_host::Source;
use crate::error::Diagnostic;

/// The table, embedded at build time.
pub const NAMES_TOML: &str = include_str!("../../data/size-names.toml");

/// Names of one platform from one source.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameGroup {
    /// Where the names come from (`[sources]`).
    pub source: String,
    /// Whether the platform sells them now (false: it sold them earlier).
    pub sold: bool,
    /// The names as a config writes them.
    pub names: Vec<String>,
}

/// The whole table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Format version.
    pub schema: u32,
    /// Sources by id.
    pub sources: BTreeMap<String, Source>,
    /// Name groups by platform (`fly`, `render`).
    pub platforms: BTreeMap<String, Vec<NameGroup>>,
}

/// Reads the table strictly: unknown keys and uncited sources are errors.
pub fn parse(text: &str) -> Result<Names, Diagnostic> {
    let path = Path::new("data/size-names.toml");
    let names: Names = toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
    if let Some(g) = names.platforms.values().flatten().find(|g| !names.sources.contains_key(&g.source)) {
        return Err(Diagnostic::file(path, format!("a name group cites source `{}`, which `[sources]` does not define", g.source)));
    }
    Ok(names)
}

/// The embedded table, read once.
pub fn names() -> Result<&'static Names, Diagnostic> {
    static NAMES: OnceLock<Result<Names, Diagnostic>> = OnceLock::new();
    NAMES.get_or_init(|| parse(NAMES_TOML)).as_ref().map_err(Clone::clone)
}

impl Names {
    /// Every name `platform` sells or sold, in table order.
    pub fn all(&self, platform: &str) -> Vec<String> {
        self.platforms.get(platform).into_iter().flatten().flat_map(|g| g.names.iter().cloned()).collect()
    }

    /// The group that lists `name` for `platform`, if any.
    pub fn find(&self, platform: &str, name: &str) -> Option<&NameGroup> {
        self.platforms.get(platform)?.iter().find(|g| g.names.iter().any(|n| n == name))
    }

    /// `url (date)` of a source, for a message.
    pub fn cite(&self, id: &str) -> String {
        self.sources.get(id).map(|s| format!("{} ({})", s.url, s.date)).unwrap_or_else(|| id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_lists_sold_and_earlier_names_with_sources() {
        let n = names().unwrap_or_else(|e| panic!("{e}"));
        assert!(n.find("render", "pro-max").is_some_and(|g| g.sold));
        assert!(n.find("render", "starter-plus").is_some_and(|g| !g.sold));
        assert!(n.find("fly", "dedicated-cpu-2x").is_some_and(|g| !g.sold));
        assert!(n.find("fly", "shared-cpu-3x").is_none());
        assert!(n.all("render").contains(&"standard-plus".to_string()));
        assert!(n.cite("FLY-PRICE").starts_with("https://fly.io/docs/about/pricing"));
    }

    #[test]
    fn an_uncited_group_is_an_error() {
        assert!(parse(&NAMES_TOML.replace("source = \"RND-OLD\"", "source = \"NOPE\"")).is_err());
        assert!(parse(&NAMES_TOML.replace("sold = false", "sold = false\ntypo = 1")).is_err());
    }
}

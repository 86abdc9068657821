//! The CPU class (shared or dedicated) each platform's sizes belong to
//! (`data/cpu-classes.toml`), each row with the reason.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::scenario::model::CpuKind;

/// The CPU-class table, embedded.
const CLASSES: &str = include_str!("../../data/cpu-classes.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    class: Vec<Row>,
}

/// One row of the CPU-class table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// Provider id of the price book whose sizes the row classes.
    pub provider: String,
    /// Size-name prefixes the row matches.
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Exact size names the row matches.
    #[serde(default)]
    pub sizes: Vec<String>,
    /// The class.
    pub class: CpuKind,
    /// Why the sizes are in that class.
    pub reason: String,
}

/// The rows of `data/cpu-classes.toml` (empty if the embedded table does not parse,
/// which a test rules out).
pub fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| toml::from_str::<Table>(CLASSES).map(|t| t.class).unwrap_or_default())
}

/// The CPU class of `size` of `provider`, and why; `shared` when no row matches.
pub fn cpu_class(provider: &str, size: &str) -> (CpuKind, &'static str) {
    rows()
        .iter()
        .find(|r| r.provider == provider && (r.sizes.iter().any(|s| s == size) || r.prefixes.iter().any(|p| size.starts_with(p.as_str()))))
        .map(|r| (r.class, r.reason.as_str()))
        .unwrap_or((CpuKind::Shared, "no row of the CPU-class table matches: taken as shared"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_classes_sizes() {
        assert!(toml::from_str::<Table>(CLASSES).is_ok());
        assert_eq!(cpu_class("fly", "performance-2x-4gb").0, CpuKind::Dedicated);
        assert_eq!(cpu_class("fly", "shared-cpu-1x-256mb").0, CpuKind::Shared);
        assert_eq!(cpu_class("render", "starter").0, CpuKind::Shared);
        assert_eq!(cpu_class("render", "pro").0, CpuKind::Dedicated);
        assert_eq!(cpu_class("hetzner", "cpx22").0, CpuKind::Shared);
        assert_eq!(cpu_class("hetzner", "ccx13").0, CpuKind::Dedicated);
        assert_eq!(cpu_class("digitalocean", "s-2vcpu-4gb").0, CpuKind::Shared);
    }
}

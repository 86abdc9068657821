//! One file per subcommand: wiring the pipeline stages, no domain logic.

pub mod compare;
pub mod estimate;
pub mod import;
pub mod pricing;
pub mod report;

use std::path::{Path, PathBuf};

/// The price-book folder: the one given, else `pricing/` in the working directory,
/// else the one bundled with the source tree.
pub fn pricing_dir(given: Option<&Path>) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let local = PathBuf::from("pricing");
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing")
}

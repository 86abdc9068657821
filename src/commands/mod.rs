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

/// The books priced at `HOSTCAST_TODAY` when it is set to a date, else at the
/// newest book's `as_of` (see [`crate::pricing::Prices::date`]).
pub fn dated(prices: crate::pricing::Prices) -> crate::pricing::Prices {
    match std::env::var("HOSTCAST_TODAY").ok().filter(|d| crate::pricing::age::parse_day(d).is_some()) {
        Some(d) => prices.with_date(&d),
        None => prices,
    }
}

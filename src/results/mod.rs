//! Results: the versioned model every output is made from ([`model`]), and, with
//! the `report` feature, the same results as polars DataFrames with every summary
//! a query over them ([`Frames`]).

pub mod model;
pub mod saved;

pub use model::{Results, SCHEMA_VERSION, run};

#[cfg(feature = "report")]
mod frames;
#[cfg(feature = "report")]
mod queries;
#[cfg(feature = "report")]
pub mod timeline;

#[cfg(feature = "report")]
pub use frames::*;
#[cfg(feature = "report")]
pub use queries::*;

//! hostcast: cost and capacity planning for web deployments.
//!
//! The pipeline runs one way: scenario (or imported config) → capacity model →
//! billing engine per provider → simulation → results → reports.
//!
//! Every module stands on a floor and imports only lower floors (`tests/layers.rs`):
//! the ground floor ([`error`], [`limits`], [`money`], [`dates`], [`json`],
//! [`findings`], [`provenance`], …); [`pricing`] (dated, sourced price books);
//! [`scenario`] (the scenario format); [`platforms`] (what each platform sells and
//! can host) and [`ledger`] (the bill's vocabulary); [`import`] (real configs →
//! scenario) and [`capacity`] (load → instances, provider-neutral); [`billing`] (one
//! engine per provider) and [`apis`] (metered third-party services); [`simulate`]
//! (every option at every stage, priced); [`rank`] and [`timeline`]; [`results`] (the
//! versioned results model, assembled once); [`diff`] and [`budget`]; [`report`]
//! (every output); the command line on top.
//!
//! The `report` feature (on by default) brings the command line, the results'
//! DataFrames and [`report`] with polars, plotters, comfy-table and image. Without it
//! (`--no-default-features`) the library is the readers and the model alone, which is
//! what the fuzz targets in `fuzz/` build against.

pub mod actuals;
pub mod apis;
pub mod billing;
pub mod budget;
pub mod capacity;
#[cfg(feature = "report")]
pub mod cli;
#[cfg(feature = "report")]
pub mod commands;
pub mod dates;
pub mod diff;
pub mod error;
pub mod findings;
pub mod import;
pub mod json;
pub mod ledger;
pub mod limits;
pub mod money;
pub mod parallel;
pub mod platforms;
pub mod pricing;
pub mod provenance;
pub mod rank;
pub mod reconcile;
#[cfg(feature = "report")]
pub mod report;
pub mod results;
pub mod scenario;
#[cfg(feature = "report")]
pub mod schema;
pub mod simulate;
pub mod slug;
pub mod timeline;

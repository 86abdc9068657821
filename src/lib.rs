//! hostcast: cost and capacity planning for web deployments.
//!
//! The pipeline runs one way: scenario (or imported config) → capacity model →
//! billing engine per provider → simulation → results → reports.
//!
//! - [`scenario`]: the scenario file format and its validation.
//! - [`import`]: fly.toml, render.yaml, Compose and vercel.json → topology → scenario.
//! - [`pricing`]: dated, sourced price books.
//! - [`capacity`]: load → instances, sizes, plans (provider-neutral).
//! - [`billing`]: one engine per provider: capacity + prices → line items.
//! - [`apis`]: third-party metered services (LLMs, image APIs, …): the bill's API lines.
//! - [`simulate`]: every option at every stage, priced.
//! - [`timeline`]: month by month between the stages, with P10–P90 users.
//! - [`results`]: results as polars DataFrames; the summaries as queries.
//! - [`report`]: outputs (tables, JSON, CSV, charts, Markdown, HTML).
//! - [`json`]: the JSON writer of every output.
//! - [`provenance`]: how an output was made (versions, books and their SHA-256).
//! - [`schema`]: the JSON Schemas of the scenario, the price book and the outputs.
//!
//! The `report` feature (on by default) brings the command line, [`results`] and
//! [`report`] with polars, plotters, comfy-table and image. Without it
//! (`--no-default-features`) the library is the readers and the model alone, which is
//! what the fuzz targets in `fuzz/` build against.

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
#[cfg(feature = "report")]
pub mod report;
pub mod results;
pub mod scenario;
#[cfg(feature = "report")]
pub mod schema;
pub mod simulate;
pub mod slug;
pub mod timeline;

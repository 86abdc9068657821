//! Outputs: pure renderers from results to bytes. None of them computes a cost.
//!
//! `table`, `json` and `csv` render [`crate::results::Results`] for `compare`;
//! the rest make up `hostcast report`: `data` (the long frame as CSV, JSON and
//! Parquet), `charts`, `markdown`, `html` and `summary` (terminal), all fed by the
//! view model in `model`; `write` is the one place that writes files.

pub mod against;
pub mod budget;
pub mod charts;
pub mod compare;
pub mod csv;
pub mod data;
pub mod diff;
pub mod estimate;
pub mod files;
pub mod grid;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod reconcile;
pub mod summary;
pub mod table;
pub mod write;

/// Output formats of tabular commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable tables.
    Table,
    /// The versioned results model as JSON.
    Json,
    /// Comma-separated values, one row per line item (or per row of the table).
    Csv,
    /// GitHub-flavoured Markdown (a pull-request comment for `diff` and `budget`).
    Markdown,
}

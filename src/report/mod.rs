//! Outputs: pure renderers from results to text. None of them computes a cost.

pub mod csv;
pub mod estimate;
pub mod json;
pub mod table;

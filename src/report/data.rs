//! The long cost frame as data files: CSV, JSON and Parquet, written by polars.
//!
//! JSON is an array with one record per line (polars writes JSON Lines; the lines
//! are joined into an array), so diffs of committed reports stay readable. Parquet
//! is zstd-compressed; polars writes no timestamp into it, so the same frame gives
//! the same bytes.

use anyhow::{Context as _, Result};
use polars::prelude::{CsvWriter, DataFrame, DataType, IntoSeries, JsonFormat, JsonWriter, ParquetWriter, SerWriter, StringChunked};

/// `costs.csv`: a header row, then one row per line item; floats in full precision,
/// text cells safe in a spreadsheet ([`crate::report::csv::neutral`]).
pub fn csv(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut df = frame.clone();
    for column in frame.columns().iter().filter(|c| c.dtype() == &DataType::String) {
        let safe: StringChunked = column.str()?.iter().map(|v| v.map(|v| crate::report::csv::neutral(v).into_owned())).collect();
        df.replace(column.name(), safe.into_series().into())?;
    }
    let mut out = Vec::new();
    CsvWriter::new(&mut out).include_header(true).finish(&mut df).context("writing costs.csv")?;
    Ok(out)
}

/// `costs.json`: an array of records, one per line item, one per line.
pub fn json(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut df = frame.clone();
    let mut lines = Vec::new();
    JsonWriter::new(&mut lines).with_json_format(JsonFormat::JsonLines).finish(&mut df).context("writing costs.json")?;
    let text = String::from_utf8(lines).context("costs.json is not UTF-8")?;
    let records: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let mut out = String::from("[\n");
    out.push_str(&records.join(",\n"));
    out.push_str("\n]\n");
    Ok(out.into_bytes())
}

/// `costs.parquet`: the frame with its column types.
pub fn parquet(frame: &DataFrame) -> Result<Vec<u8>> {
    let mut df = frame.clone();
    let mut out = Vec::new();
    ParquetWriter::new(&mut out).finish(&mut df).context("writing costs.parquet")?;
    Ok(out)
}

//! FOCUS exports, streamed: CSV (the `csv` crate, one record at a time) and JSON
//! Lines (one object per line, each read with serde_json's stream deserializer).
//!
//! The columns are those of the FinOps Open Cost and Usage Specification, versions
//! 1.0 to 1.2 (<https://focus.finops.org/focus-specification/v1-2/>, the column
//! definitions in the FOCUS_Spec repository's `specification/columns/`):
//! `BilledCost` (the invoiced amount, in `BillingCurrency`), `ChargeCategory`
//! (`Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`), `ChargePeriodStart` (an
//! ISO 8601 date-time: its calendar month is the charge's month),
//! `ServiceProviderName` (1.3) or `ProviderName`, `ServiceName`, `ResourceName` or
//! `ResourceId`, `SkuId`, `ChargeDescription`, `PricingQuantity` in `PricingUnit`
//! and `ConsumedQuantity` in `ConsumedUnit`. Two custom columns (FOCUS's `x_`
//! prefix) may name the forecast line outright: `x_Service` and `x_Component`.
//! Other columns are skipped. Column names match in any case; an empty cell (CSV)
//! or `null` (JSON) is a null.
//!
//! A row that cannot be read is an error at `FILE:LINE:COL` naming the column and
//! what would fix it. Rows are never kept: each is handed to a visitor and the
//! buffers are reused, so memory stays flat however long the file.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::{Category, Charge};
use crate::error::Diagnostic;

/// Most rows read from one export: 50 million (a year of hourly rows for some
/// 5,700 resources); past it the file is refused at the row that crosses it.
pub const MAX_ROWS: u64 = 50_000_000;

/// Most bytes read from one export: 16 GiB (sixteen times the 1 GB export the
/// benchmark's figure scales to).
pub const MAX_BYTES: u64 = 16 << 30;

/// Longest line of a JSON Lines export: 1 MiB (a FOCUS row with every column and
/// long tags is a few kB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Largest amount or quantity read: 10^15 (beyond it `f64` no longer holds cents).
pub const MAX_AMOUNT: f64 = 1e15;

/// The two forms of a FOCUS export hostcast reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The columns read, in the order of the `C_*` indexes.
pub const COLUMNS: [&str; 17] = [
    "BilledCost",
    "BillingCurrency",
    "ChargeCategory",
    "ChargePeriodStart",
    "ProviderName",
    "ServiceProviderName",
    "ServiceName",
    "ResourceId",
    "ResourceName",
    "SkuId",
    "ChargeDescription",
    "PricingQuantity",
    "PricingUnit",
    "ConsumedQuantity",
    "ConsumedUnit",
    "x_Service",
    "x_Component",
];
const C_BILLED: usize = 0;
const C_CURRENCY: usize = 1;
const C_CATEGORY: usize = 2;
const C_START: usize = 3;
const C_PROVIDER: usize = 4;
const C_SERVICE_PROVIDER: usize = 5;
const C_SERVICE: usize = 6;
const C_RESOURCE_ID: usize = 7;
const C_RESOURCE_NAME: usize = 8;
const C_SKU: usize = 9;
const C_DESCRIPTION: usize = 10;
const C_PRICING_QTY: usize = 11;
const C_PRICING_UNIT: usize = 12;
const C_CONSUMED_QTY: usize = 13;
const C_CONSUMED_UNIT: usize = 14;
const C_X_SERVICE: usize = 15;
const C_X_COMPONENT: usize = 16;

/// The index in [`COLUMNS`] of a column named `name` (any case).
fn column_index(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name.trim()))
}

/// The form of an export from its first bytes (a byte-order mark and blanks
/// skipped): `{` opens JSON Lines, anything else is CSV; the file name breaks a tie
/// for an empty file (`.jsonl`, `.ndjson`).
pub fn form_of(head: &[u8], path: &Path) -> Form {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Form::Jsonl,
        Some(_) => Form::Csv,
        None => match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl" | "ndjson") => Form::Jsonl,
            _ => Form::Csv,
        },
    }
}

/// Reads the export at `path` (a regular file; a FIFO or device is refused),
/// handing each charge to `visit`; returns the number of rows read.
pub fn read_file(path: &Path, visit: &mut dyn FnMut(&Charge) -> Result<(), Diagnostic>) -> Result<u64, Diagnostic> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(Diagnostic::file(path, "not a regular file: hostcast reads exports from files").with_help("save the export to a file and name that"));
        }
        _ => {}
    }
    let file = fs_err::File::open(path).map_err(|e| Diagnostic::file(path, format!("cannot read the export: {e}")))?;
    read(path, file, visit)
}

/// Reads an export from `reader`, named `name` in messages, handing each charge to
/// `visit`; returns the number of rows read.
pub fn read<R: Read>(name: &Path, reader: R, visit: &mut dyn FnMut(&Charge) -> Result<(), Diagnostic>) -> Result<u64, Diagnostic> {
    let mut reader = BufReader::with_capacity(1 << 16, reader.take(MAX_BYTES + 1));
    let head = reader.fill_buf().map_err(|e| Diagnostic::file(name, format!("cannot read the export: {e}")))?;
    match form_of(head, name) {
        Form::Csv => read_csv(name, reader, visit),
        Form::Jsonl => read_jsonl(name, reader, visit),
    }
}

/// Where a cell is: 1-based line and column.
type Locate<'a> = dyn Fn(usize) -> (u64, usize) + 'a;

fn at(name: &Path, (line, column): (u64, usize), message: impl Into<String>) -> Diagnostic {
    Diagnostic { path: name.to_path_buf(), line: Some(line as usize), column: Some(column), message: message.into(), help: None }
}

fn read_csv<R: Read>(name: &Path, reader: R, visit: &mut dyn FnMut(&Charge) -> Result<(), Diagnostic>) -> Result<u64, Diagnostic> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(reader);
    let header = rdr.headers().map_err(|e| csv_error(name, e))?.clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(at(name, (1, 1), "the export is empty: a FOCUS CSV export starts with a header row")
            .with_help("export the billing data again, with its header row (`BilledCost,BillingCurrency,ChargeCategory,…`)"));
    }
    let mut slots: Vec<Option<usize>> = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let h = if i == 0 { h.trim_start_matches('\u{feff}') } else { h };
        slots.push(column_index(h));
    }
    let present: Vec<bool> = (0..COLUMNS.len()).map(|c| slots.contains(&Some(c))).collect();
    check_columns(name, &present, (1, 1))?;
    let mut record = csv::StringRecord::new();
    let mut charge = Charge::default();
    let mut rows = 0u64;
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(name, e)),
        }
        let (line, byte) = record.position().map(|p| (p.line(), p.byte())).unwrap_or((rows + 2, 0));
        rows += 1;
        check_caps(name, line, rows, byte)?;
        let mut cells: [Option<Cow<str>>; COLUMNS.len()] = Default::default();
        for (i, value) in record.iter().enumerate() {
            if let Some(Some(c)) = slots.get(i) {
                cells[*c] = (!value.trim().is_empty()).then_some(Cow::Borrowed(value));
            }
        }
        let record = &record;
        let slots = &slots;
        // the column of a cell: one past the characters (and commas) before it
        let locate = move |c: usize| {
            let field = slots.iter().position(|s| *s == Some(c)).unwrap_or(0);
            let col = record.iter().take(field).map(|f| f.chars().count() + 1).sum::<usize>() + 1;
            (line, col)
        };
        fill(name, &cells, &locate, line, &mut charge)?;
        visit(&charge)?;
    }
    Ok(rows)
}

/// A `csv` error as a located diagnostic.
fn csv_error(name: &Path, e: csv::Error) -> Diagnostic {
    let line = |p: &Option<csv::Position>| p.as_ref().map(|p| p.line()).unwrap_or(1);
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => {
            at(name, (line(pos), 1), format!("this row has {len} fields, the header has {expected_len}"))
                .with_help("every row of a CSV export has one field per header column: quote a value that holds a comma (`\"a,b\"`)")
        }
        csv::ErrorKind::Utf8 { pos, err } => {
            at(name, (line(pos), 1), format!("field {} is not UTF-8 text", err.field() + 1)).with_help("save the export as UTF-8")
        }
        csv::ErrorKind::Io(err) => Diagnostic::file(name, format!("cannot read the export: {err}")),
        _ => Diagnostic::file(name, format!("cannot read the export as CSV: {e}")),
    }
}

fn check_caps(name: &Path, line: u64, rows: u64, byte: u64) -> Result<(), Diagnostic> {
    if rows > MAX_ROWS {
        return Err(at(name, (line, 1), format!("more than {MAX_ROWS} rows, past hostcast's cap (`MAX_ROWS`)"))
            .with_help("split the export by month and reconcile the parts apart"));
    }
    if byte > MAX_BYTES {
        return Err(at(name, (line, 1), format!("more than {MAX_BYTES} bytes, past hostcast's cap (`MAX_BYTES`)"))
            .with_help("split the export by month and reconcile the parts apart"));
    }
    Ok(())
}

/// The error when a column every charge needs is absent.
fn check_columns(name: &Path, present: &[bool], place: (u64, usize)) -> Result<(), Diagnostic> {
    for c in [C_BILLED, C_CURRENCY, C_CATEGORY, C_START] {
        if !present[c] {
            return Err(at(name, place, format!("no `{}` column: hostcast needs it to reconcile", COLUMNS[c])).with_help(
                "a FOCUS export has `BilledCost`, `BillingCurrency`, `ChargeCategory`, `ChargePeriodStart` and `ProviderName`: export in FOCUS 1.0 or later",
            ));
        }
    }
    if !present[C_PROVIDER] && !present[C_SERVICE_PROVIDER] {
        return Err(at(name, place, "no `ProviderName` or `ServiceProviderName` column: hostcast needs one to reconcile")
            .with_help("export in FOCUS 1.0 or later, which has `ProviderName`"));
    }
    Ok(())
}

fn read_jsonl<R: BufRead>(name: &Path, mut reader: R, visit: &mut dyn FnMut(&Charge) -> Result<(), Diagnostic>) -> Result<u64, Diagnostic> {
    let mut buf: Vec<u8> = Vec::new();
    let mut charge = Charge::default();
    let (mut line, mut rows, mut bytes) = (0u64, 0u64, 0u64);
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| Diagnostic::file(name, format!("cannot read the export: {e}")))?;
        if n == 0 {
            break;
        }
        line += 1;
        bytes += n as u64;
        if buf.len() > MAX_LINE_BYTES {
            return Err(at(name, (line, 1), format!("a line longer than {MAX_LINE_BYTES} bytes, past hostcast's cap (`MAX_LINE_BYTES`)"))
                .with_help("a JSON Lines export holds one charge per line"));
        }
        let raw = if line == 1 { buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf) } else { &buf[..] };
        let text = std::str::from_utf8(raw).map_err(|e| {
            let valid = String::from_utf8_lossy(raw.get(..e.valid_up_to()).unwrap_or_default()).chars().count();
            at(name, (line, valid + 1), "not UTF-8 text").with_help("save the export as UTF-8")
        })?;
        if text.trim().is_empty() {
            continue;
        }
        rows += 1;
        check_caps(name, line, rows, bytes)?;
        let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde_json::Map<String, serde_json::Value>>();
        let object = match stream.next() {
            Some(Ok(o)) => o,
            Some(Err(e)) => return Err(json_error(name, line, &e)),
            None => continue,
        };
        if stream.next().is_some() {
            return Err(
                at(name, (line, stream.byte_offset() + 1), "a second JSON value on one line").with_help("a JSON Lines export holds one object per line")
            );
        }
        let mut cells: [Option<Cow<str>>; COLUMNS.len()] = Default::default();
        for (key, value) in &object {
            let Some(c) = column_index(key) else { continue };
            cells[c] = match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) if s.trim().is_empty() => None,
                serde_json::Value::String(s) => Some(Cow::Borrowed(s.as_str())),
                serde_json::Value::Number(n) => Some(Cow::Owned(n.to_string())),
                _ => {
                    return Err(at(name, (line, key_column(text, key)), format!("`{}` is not a string or a number", COLUMNS[c]))
                        .with_help("FOCUS columns hold strings, decimals, date-times or null"));
                }
            };
        }
        let present: Vec<bool> = (0..COLUMNS.len()).map(|c| object.keys().any(|k| column_index(k) == Some(c))).collect();
        check_columns(name, &present, (line, 1))?;
        let locate = |c: usize| (line, object.keys().find(|k| column_index(k) == Some(c)).map(|k| key_column(text, k)).unwrap_or(1));
        fill(name, &cells, &locate, line, &mut charge)?;
        visit(&charge)?;
    }
    Ok(rows)
}

/// The 1-based character column of `"key"` in a line (1 when not found).
fn key_column(text: &str, key: &str) -> usize {
    text.find(&format!("\"{key}\"")).map(|i| text[..i].chars().count() + 1).unwrap_or(1)
}

fn json_error(name: &Path, line: u64, e: &serde_json::Error) -> Diagnostic {
    let message = e.to_string();
    let message = message.rsplit_once(" at line ").map(|(m, _)| m.to_string()).unwrap_or(message);
    at(name, (line, e.column().max(1)), format!("not a JSON object: {message}"))
        .with_help("a JSON Lines export holds one JSON object per line, e.g. `{\"BilledCost\": 1.5, …}`")
}

/// Fills `charge` from the cells of one row; the first problem is an error at its cell.
fn fill(name: &Path, cells: &[Option<Cow<str>>; COLUMNS.len()], locate: &Locate, line: u64, charge: &mut Charge) -> Result<(), Diagnostic> {
    let cell = |c: usize| cells[c].as_deref().map(str::trim);
    let needed = |c: usize| {
        cell(c).ok_or_else(|| {
            at(name, locate(c), format!("`{}` is empty: every charge needs it", COLUMNS[c])).with_help(match c {
                C_BILLED => "write the invoiced amount, e.g. `12.34` (0 for a free charge)",
                C_CURRENCY => "write the ISO 4217 code of the billing currency, e.g. `USD`",
                C_CATEGORY => "write one of `Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`",
                _ => "write the charge period's start as an ISO 8601 date-time, e.g. `2026-10-01T00:00:00Z`",
            })
        })
    };
    charge.line = line;
    let category = needed(C_CATEGORY)?;
    charge.category = Category::parse(category).ok_or_else(|| {
        at(name, locate(C_CATEGORY), format!("`ChargeCategory` is `{category}`, not a FOCUS charge category"))
            .with_help("write one of `Usage`, `Purchase`, `Tax`, `Credit`, `Adjustment`")
    })?;
    let start = needed(C_START)?;
    charge.month.clear();
    charge.month.push_str(month_of(start).ok_or_else(|| {
        at(name, locate(C_START), format!("`ChargePeriodStart` is `{start}`, not an ISO 8601 date-time"))
            .with_help("write it as FOCUS does, e.g. `2026-10-01T00:00:00Z`")
    })?);
    charge.billed_cost = number(name, locate, C_BILLED, needed(C_BILLED)?)?;
    let currency = needed(C_CURRENCY)?;
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(at(name, locate(C_CURRENCY), format!("`BillingCurrency` is `{currency}`, not an ISO 4217 code"))
            .with_help("write three letters, e.g. `USD`, `EUR`"));
    }
    charge.currency.clear();
    charge.currency.extend(currency.chars().map(|c| c.to_ascii_uppercase()));
    let provider = cell(C_SERVICE_PROVIDER).or(cell(C_PROVIDER)).ok_or_else(|| {
        at(name, locate(C_PROVIDER), "`ProviderName` is empty: every charge needs its provider").with_help("write the provider's name, e.g. `Fly.io`")
    })?;
    set(&mut charge.provider, Some(provider));
    set(&mut charge.service_name, cell(C_SERVICE));
    set(&mut charge.resource, cell(C_RESOURCE_NAME).or(cell(C_RESOURCE_ID)));
    set(&mut charge.sku, cell(C_SKU));
    set(&mut charge.description, cell(C_DESCRIPTION));
    set(&mut charge.x_service, cell(C_X_SERVICE));
    set(&mut charge.x_component, cell(C_X_COMPONENT));
    let (quantity, unit) = match (cell(C_PRICING_QTY), cell(C_PRICING_UNIT), cell(C_CONSUMED_QTY), cell(C_CONSUMED_UNIT)) {
        (Some(q), Some(u), _, _) => (Some(number(name, locate, C_PRICING_QTY, q)?), Some(u)),
        (_, _, Some(q), Some(u)) => (Some(number(name, locate, C_CONSUMED_QTY, q)?), Some(u)),
        _ => (None, None),
    };
    charge.quantity = quantity;
    set(&mut charge.unit, unit);
    Ok(())
}

fn set(slot: &mut String, value: Option<&str>) {
    slot.clear();
    if let Some(v) = value {
        slot.push_str(v);
    }
}

/// A decimal of column `c`, finite and within [`MAX_AMOUNT`].
fn number(name: &Path, locate: &Locate, c: usize, text: &str) -> Result<f64, Diagnostic> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= MAX_AMOUNT => Ok(v),
        Ok(_) => Err(at(name, locate(c), format!("`{}` is `{text}`, beyond the amounts hostcast reads (at most 10^15)", COLUMNS[c]))
            .with_help("check the export: no bill holds this figure")),
        Err(_) => Err(at(name, locate(c), format!("`{}` is `{text}`, not a number", COLUMNS[c]))
            .with_help("write a plain decimal such as `12.34`: no currency sign, no thousands separator")),
    }
}

/// `YYYY-MM` of an ISO 8601 date or date-time whose date is a real day.
pub fn month_of(text: &str) -> Option<&str> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    crate::dates::day_number(date)?;
    date.get(..7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charges(text: &str) -> Result<Vec<Charge>, Diagnostic> {
        let mut out = Vec::new();
        read(Path::new("x.csv"), text.as_bytes(), &mut |c| {
            out.push(c.clone());
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn a_csv_row_reads_with_its_line() {
        let text = "BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName,ResourceName,PricingQuantity,PricingUnit\n\
                    12.5,usd,usage,2026-10-01T00:00:00Z,Fly.io,api,730,Hours\n";
        let c = charges(text).expect("reads");
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].line, c[0].month.as_str(), c[0].currency.as_str(), c[0].category), (2, "2026-10", "USD", Category::Usage));
        assert_eq!((c[0].quantity, c[0].unit.as_str(), c[0].resource.as_str()), (Some(730.0), "Hours", "api"));
    }

    #[test]
    fn a_bad_cell_names_its_line_column_and_fix() {
        let text = "BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName\n1,USD,Usage,2026-10-01,Fly\nabc,USD,Usage,2026-10-01,Fly\n";
        let e = charges(text).expect_err("not a number");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert!(e.message.contains("`BilledCost` is `abc`") && e.help.is_some(), "{e}");
        let e = charges("BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName\n1,USD,Refund,2026-10-01,Fly\n").expect_err("category");
        assert_eq!((e.line, e.column), (Some(2), Some(7)));
        let e = charges("BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName\n1,USD,Usage,2026-13-01,Fly\n").expect_err("month");
        assert!(e.message.contains("ChargePeriodStart"), "{e}");
    }

    #[test]
    fn jsonl_reads_like_csv_and_numbers_may_be_strings() {
        let text = "{\"BilledCost\": \"2.5\", \"BillingCurrency\": \"EUR\", \"ChargeCategory\": \"Tax\", \"ChargePeriodStart\": \"2026-11-01T00:00:00Z\", \"ProviderName\": \"Hetzner\", \"PricingQuantity\": null}\n\n{\"BilledCost\": 1, \"BillingCurrency\": \"EUR\", \"ChargeCategory\": \"Usage\", \"ChargePeriodStart\": \"2026-11-01\", \"ServiceProviderName\": \"Hetzner\", \"ProviderName\": \"X\"}\n";
        let c = charges(text).expect("reads");
        assert_eq!((c[0].line, c[0].billed_cost, c[0].category, c[0].quantity), (1, 2.5, Category::Tax, None));
        assert_eq!((c[1].line, c[1].provider.as_str()), (3, "Hetzner"));
        let e = charges("{\"BilledCost\": [1]}\n").expect_err("array");
        assert_eq!((e.line, e.column), (Some(1), Some(2)));
        assert!(charges("{\"a\": 1} {\"b\": 2}\n").is_err());
        assert!(charges("{\"a\": \n").expect_err("broken").to_string().starts_with("x.csv:1:"));
    }

    #[test]
    fn missing_columns_and_empty_files_are_errors_at_the_start() {
        let e = charges("").expect_err("empty");
        assert_eq!((e.line, e.column), (Some(1), Some(1)));
        let e = charges("BilledCost,ChargeCategory\n").expect_err("no currency");
        assert!(e.message.contains("BillingCurrency"), "{e}");
        let e = charges("BilledCost,BillingCurrency,ChargeCategory,ChargePeriodStart,ProviderName\n1,USD\n").expect_err("short row");
        assert_eq!(e.line, Some(2));
    }
}

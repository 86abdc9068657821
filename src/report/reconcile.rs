//! `hostcast reconcile` as terminal tables, JSON, CSV or Markdown: pure renderers
//! from a [`Reconciliation`] to text.

use comfy_table::{Cell, CellAlignment};

use crate::money::{Money, quantity, usd};
use crate::reconcile::{Reconciliation, Row};

/// Names from the inputs without C0/C1 controls and bidi controls (CONTRACTS
/// "Files and paths"): a line break or a right-to-left override in an export's
/// resource name cannot rearrange what the terminal or page shows.
pub fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\t' || c == '\r' { ' ' } else { c })
        .filter(|c| !c.is_control() && !matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

fn qty(q: Option<f64>) -> String {
    q.map(quantity).unwrap_or_else(|| "—".into())
}

fn signed(v: f64) -> String {
    Money::default().signed(v)
}

/// The forecast basis of each month, once.
fn bases(r: &Reconciliation) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for row in &r.rows {
        if !out.iter().any(|(m, _)| *m == row.month) {
            out.push((row.month.clone(), row.forecast_basis.clone()));
        }
    }
    out
}

fn heading(r: &Reconciliation) -> String {
    format!("Forecast against actuals: {} ({}), from {}", clean(&r.scenario), clean(&r.option), r.files.iter().map(|f| clean(f)).collect::<Vec<_>>().join(", "))
}

fn rate_lines(r: &Reconciliation) -> Vec<String> {
    r.rates.iter().map(|x| format!("1 {} = {} USD ({}, {}, {})", x.currency, x.rate, x.entry, x.date, x.source)).collect()
}

fn row_cells(x: &Row) -> Vec<String> {
    vec![
        x.month.clone(),
        clean(&x.provider),
        clean(&x.service),
        clean(&x.component),
        clean(&x.unit),
        qty(x.forecast_quantity),
        qty(x.actual_quantity),
        usd(x.forecast_usd),
        usd(x.actual_usd),
        signed(x.gap_usd),
        signed(x.volume_effect_usd),
        signed(x.rate_effect_usd),
    ]
}

const ROW_HEADER: [&str; 12] =
    ["Month", "Provider", "Service", "Component", "Unit", "Forecast qty", "Actual qty", "Forecast", "Actual", "Gap", "Volume", "Rate"];

/// Terminal tables: rows, unmatched charges, totals, then the bases and rates.
pub fn table(r: &Reconciliation) -> String {
    let mut out = format!("{}\n\n", heading(r));
    let mut t = super::table::styled();
    t.set_header(ROW_HEADER.to_vec());
    for x in &r.rows {
        t.add_row(row_cells(x).into_iter().enumerate().map(|(i, c)| if i >= 5 { Cell::new(c).set_alignment(CellAlignment::Right) } else { Cell::new(c) }));
    }
    super::table::keep_whole(&mut t, 5..12);
    out.push_str(&format!("{t}\n"));
    out.push_str(&format!("\nUnmatched charges: {}\n", r.unmatched.len()));
    if !r.unmatched.is_empty() {
        let mut u = super::table::styled();
        u.set_header(vec!["Location", "Month", "Provider", "Charge", "Charges", "Actual"]);
        for x in &r.unmatched {
            u.add_row(vec![
                Cell::new(format!("{}:{}", clean(&x.file), x.line)),
                Cell::new(&x.month),
                Cell::new(clean(&x.provider)),
                Cell::new(clean(&x.description)),
                Cell::new(x.charges).set_alignment(CellAlignment::Right),
                Cell::new(usd(x.actual_usd)).set_alignment(CellAlignment::Right),
            ]);
        }
        super::table::keep_whole(&mut u, [0, 4, 5]);
        out.push_str(&format!("{u}\n"));
    }
    let mut tt = super::table::styled();
    tt.set_header(vec!["Month", "Provider", "Forecast", "Actual (whole bill)", "Gap"]);
    for x in &r.totals {
        tt.add_row(vec![
            Cell::new(&x.month),
            Cell::new(clean(&x.provider)),
            Cell::new(usd(x.forecast_usd)).set_alignment(CellAlignment::Right),
            Cell::new(usd(x.actual_usd)).set_alignment(CellAlignment::Right),
            Cell::new(signed(x.gap_usd)).set_alignment(CellAlignment::Right),
        ]);
    }
    out.push_str(&format!("\nTotals\n{tt}\n"));
    for (month, basis) in bases(r) {
        out.push_str(&format!("Forecast of {month}: {}\n", clean(&basis)));
    }
    for line in rate_lines(r) {
        out.push_str(&format!("Converted at {line}\n"));
    }
    out.push_str(
        "Gap = volume (quantity beyond the forecast, at the forecast's unit price) + rate (the unit price paid over the forecast's, on the quantity billed).\n",
    );
    out
}

/// The JSON output: `kind: "reconcile"`.
pub fn json(r: &Reconciliation) -> anyhow::Result<String> {
    Ok(crate::json::to_string_pretty(r)? + "\n")
}

/// CSV columns, in order.
pub const CSV_HEADER: [&str; 17] = [
    "record",
    "month",
    "provider",
    "service",
    "component",
    "unit",
    "forecast_quantity",
    "actual_quantity",
    "forecast_usd",
    "actual_usd",
    "gap_usd",
    "volume_effect_usd",
    "rate_effect_usd",
    "charges",
    "location",
    "description",
    "forecast_basis",
];

/// A text cell: controls dropped, a leading `=`, `+`, `-` or `@` neutralised with `'`
/// (a spreadsheet would run it as a formula), quoted as CSV needs.
pub fn text_cell(s: &str) -> String {
    let s = clean(s);
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() { format!("'{s}") } else { s };
    super::csv::field(&s)
}

fn num(v: f64) -> String {
    let v = if v == 0.0 { 0.0 } else { v };
    format!("{v}")
}

fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// CSV: one record per row (`row`), unmatched charge (`unmatched`), total
/// (`total`) and rate (`rate`), in one table.
pub fn csv(r: &Reconciliation) -> String {
    let mut out = CSV_HEADER.join(",") + "\n";
    let mut push = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    for x in &r.rows {
        push(vec![
            "row".into(),
            x.month.clone(),
            text_cell(&x.provider),
            text_cell(&x.service),
            text_cell(&x.component),
            text_cell(&x.unit),
            opt(x.forecast_quantity),
            opt(x.actual_quantity),
            num(x.forecast_usd),
            num(x.actual_usd),
            num(x.gap_usd),
            num(x.volume_effect_usd),
            num(x.rate_effect_usd),
            x.charges.to_string(),
            String::new(),
            String::new(),
            text_cell(&x.forecast_basis),
        ]);
    }
    for x in &r.unmatched {
        let mut cells = vec!["unmatched".into(), x.month.clone(), text_cell(&x.provider)];
        cells.extend(std::iter::repeat_n(String::new(), 6));
        cells.extend([num(x.actual_usd), String::new(), String::new(), String::new(), x.charges.to_string()]);
        cells.extend([text_cell(&format!("{}:{}", x.file, x.line)), text_cell(&x.description), String::new()]);
        push(cells);
    }
    for x in &r.totals {
        let mut cells = vec!["total".into(), x.month.clone(), text_cell(&x.provider)];
        cells.extend(std::iter::repeat_n(String::new(), 5));
        cells.extend([num(x.forecast_usd), num(x.actual_usd), num(x.gap_usd)]);
        cells.extend(std::iter::repeat_n(String::new(), 6));
        push(cells);
    }
    for line in rate_lines(r) {
        let mut cells = vec!["rate".to_string()];
        cells.extend(std::iter::repeat_n(String::new(), 14));
        cells.extend([text_cell(&line), String::new()]);
        push(cells);
    }
    out
}

/// A Markdown table cell: HTML shown, not run; pipes and line breaks escaped.
fn md(s: &str) -> String {
    super::markdown::text(&clean(s)).replace('|', "\\|")
}

fn md_table(header: &[&str], numeric_from: usize, rows: Vec<Vec<String>>) -> String {
    if rows.is_empty() {
        return "None.\n".into();
    }
    let mut out = format!("| {} |\n", header.join(" | "));
    let align: Vec<&str> = (0..header.len()).map(|i| if i >= numeric_from { "---:" } else { "---" }).collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}

/// Markdown: the rows, unmatched charges and totals as tables, bases and rates as notes.
pub fn markdown(r: &Reconciliation) -> String {
    let mut out = format!("## {}\n\n", md(&heading(r)));
    let rows = r.rows.iter().map(|x| row_cells(x).iter().map(|c| md(c)).collect()).collect();
    out.push_str(&md_table(&ROW_HEADER, 5, rows));
    out.push_str("\n### Unmatched charges\n\n");
    let unmatched = r
        .unmatched
        .iter()
        .map(|x| {
            vec![
                format!("`{}:{}`", md(&x.file).replace('`', "'"), x.line),
                x.month.clone(),
                md(&x.provider),
                md(&x.description),
                x.charges.to_string(),
                usd(x.actual_usd),
            ]
        })
        .collect();
    out.push_str(&md_table(&["Location", "Month", "Provider", "Charge", "Charges", "Actual"], 4, unmatched));
    out.push_str("\n### Totals\n\n");
    let totals = r.totals.iter().map(|x| vec![x.month.clone(), md(&x.provider), usd(x.forecast_usd), usd(x.actual_usd), signed(x.gap_usd)]).collect();
    out.push_str(&md_table(&["Month", "Provider", "Forecast", "Actual (whole bill)", "Gap"], 2, totals));
    out.push('\n');
    for (month, basis) in bases(r) {
        out.push_str(&format!("- Forecast of {month}: {}\n", md(&basis)));
    }
    for line in rate_lines(r) {
        out.push_str(&format!("- Converted at {}\n", md(&line)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_numbers_kept() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text_cell("-12.5"), "-12.5");
        assert_eq!(text_cell("@a"), "'@a");
        assert_eq!(clean("a\u{202E}b\u{1b}c\nd"), "abc d");
    }
}

//! CSV: one row per line item, with its scenario, option, stage and source. With a
//! display currency (`--currency`), three columns follow: the line's `monthly_cost`
//! in it, `shown_currency` and `rate` (units of it per USD).

use crate::results::Results;

/// Column names, in order.
pub const HEADER: [&str; 22] = [
    "scenario",
    "option",
    "platform",
    "stage",
    "part",
    "complete",
    "available",
    "recommended",
    "service",
    "provider",
    "component",
    "detail",
    "quantity",
    "unit",
    "unit_price",
    "currency",
    "unit_price_usd",
    "monthly_cost_usd",
    "source_book",
    "source_entry",
    "source_url",
    "source_date",
];

/// Quotes a field when it holds a comma, quote or newline.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// A text cell (a name, a detail, a message), safe in a spreadsheet: its controls
/// dropped ([`super::table::plain`]), and, when it starts with `=`, `+`, `-` or `@`
/// (or a tab or carriage return), which a spreadsheet would run as a formula, made
/// text with a `'` before it, as OWASP advises against CSV injection; then quoted as
/// [`field`] does. Numbers are written with [`field`], so they stay numbers.
pub fn text(s: &str) -> String {
    field(&neutral(s))
}

/// [`text`] before quoting.
pub fn neutral(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return std::borrow::Cow::Owned(format!("'{}", super::table::plain(s)));
    }
    super::table::plain(s)
}

/// A cell of a column whose type is not known (a grid's): a plain number
/// (`-12.50`, `3`, `1e-7`) as it is, anything else as [`text`].
pub fn cell(s: &str) -> String {
    if is_number(s) { field(s) } else { text(s) }
}

/// Whether `s` is a plain decimal number: an optional `-`, digits with at most one
/// `.`, an optional exponent.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => (digits(a) || a.is_empty()) && (digits(b) || b.is_empty()) && !(a.is_empty() && b.is_empty()),
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

/// Renders every line item as a CSV row.
pub fn render(results: &Results) -> String {
    let shown = results.currency.as_ref();
    let mut out = HEADER.join(",");
    if shown.is_some() {
        out.push_str(",monthly_cost,shown_currency,rate");
    }
    out.push('\n');
    for r in &results.results {
        for l in &r.line_items {
            let row = [
                r.scenario.clone(),
                r.option.clone(),
                r.platform.clone(),
                r.stage.clone(),
                l.part.as_str().to_string(),
                r.complete.to_string(),
                r.available.to_string(),
                r.recommended.to_string(),
                l.service.clone(),
                l.provider.clone(),
                l.component.clone(),
                l.detail.clone(),
                l.quantity.to_string(),
                l.unit.clone(),
                l.unit_price.to_string(),
                l.currency.clone(),
                l.unit_price_usd.to_string(),
                l.monthly_cost_usd.to_string(),
                l.source.book.clone(),
                l.source.entry.clone(),
                l.source.url.clone(),
                l.source.date.clone(),
            ];
            // numbers and flags as they are; every other cell is text
            const NUMBERS: [usize; 7] = [5, 6, 7, 12, 14, 16, 17];
            let cells: Vec<String> = row.iter().enumerate().map(|(i, f)| if NUMBERS.contains(&i) { field(f) } else { text(f) }).collect();
            out.push_str(&cells.join(","));
            if let Some(d) = shown {
                out.push_str(&format!(",{},{},{}", l.monthly_cost_usd * d.rate, text(&d.code), d.rate));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cell, text};

    #[test]
    fn text_cells_that_a_spreadsheet_would_run_start_with_a_quote() {
        assert_eq!(text("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(text("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(1)"), "'@SUM(1)");
        assert_eq!(text("\tx"), "' x");
        assert_eq!(text("api\u{1b}[2J"), "api[2J");
        assert_eq!(text("web"), "web");
        // a number stays a number, a negative one too
        for n in ["-12.5", "3", "0.25", "-1e-7", "4.29E18"] {
            assert_eq!(cell(n), n);
        }
        assert_eq!(cell("-inf"), "'-inf");
        assert_eq!(cell("-"), "'-");
    }
}

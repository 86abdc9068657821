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
            out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
            if let Some(d) = shown {
                out.push_str(&format!(",{},{},{}", l.monthly_cost_usd * d.rate, field(&d.code), d.rate));
            }
            out.push('\n');
        }
    }
    out
}

//! What a price book may be written in: the known ISO 4217 currencies and price
//! units, as data (`known.toml`), and the checks `pricing fetch` runs before it
//! accepts a book (these, and that the book states its `tax` basis).

use std::sync::OnceLock;

use serde::Deserialize;

use super::PriceBook;

/// The lists of `known.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Known {
    currencies: Vec<String>,
    units: Vec<String>,
}

fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| toml::from_str(include_str!("known.toml")).unwrap_or_default())
}

/// The ISO 4217 codes hostcast knows.
pub fn currencies() -> &'static [String] {
    &known().currencies
}

/// Whether `code` is a known ISO 4217 code.
pub fn is_currency(code: &str) -> bool {
    currencies().iter().any(|c| c == code)
}

/// Whether `unit` is a known price unit (`USD per EUR` for an exchange rate).
pub fn is_unit(unit: &str) -> bool {
    if let Some(code) = unit.strip_prefix("USD per ") {
        return is_currency(code);
    }
    known().units.iter().any(|u| u == unit)
}

/// The book's unknown currency and units, one message each, naming the entry.
pub fn problems(book: &PriceBook) -> Vec<String> {
    let mut out = Vec::new();
    if book.tax.is_none() {
        out.push("the book does not say whether its prices include tax: add `tax = \"net\"` (excluding VAT/sales tax), `\"gross\"` or `\"none\"`".to_string());
    }
    if !is_currency(&book.currency) {
        out.push(format!("`currency = \"{}\"` is not an ISO 4217 code hostcast knows (e.g. USD, EUR, GBP)", book.currency));
    }
    for (table, rates) in [("rates", &book.rates), ("to_usd", &book.to_usd)] {
        for (k, r) in rates {
            if !is_unit(&r.unit) {
                out.push(format!("{table}.{k}: unit `{}` is not one hostcast knows; known units: {}", r.unit, known().units.join(", ")));
            }
        }
    }
    for k in book.to_usd.keys() {
        if !is_currency(k) {
            out.push(format!("to_usd.{k}: `{k}` is not an ISO 4217 code hostcast knows"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_load_and_every_bundled_book_uses_known_units_and_currencies() {
        assert!(currencies().len() >= 30 && is_currency("EUR") && is_currency("GBP") && !is_currency("EURO"));
        assert!(is_unit("GB-month") && is_unit("USD per EUR") && !is_unit("USD per XYZ") && !is_unit("parsecs"));
        let prices = super::super::Prices::embedded().expect("embedded");
        for info in prices.infos() {
            let book = prices.book(&info.provider).expect("book");
            assert_eq!(problems(book), Vec::<String>::new(), "{}", info.path);
        }
    }
}

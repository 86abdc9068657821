//! The currency outputs are shown in (`--currency EUR`): a rate from the exchange
//! book, with its date and source, applied to every USD figure for display. The
//! model keeps computing in USD (every `_usd` field stays); a chosen currency adds
//! `monthly_cost`, `currency` and `rate` beside them. A missing rate is an error
//! naming the pair and the book, never a default.

use super::Prices;
use crate::money::DisplayCurrency;

/// Whether `code` is an ISO 4217 code hostcast knows (see [`super::units`]).
pub fn is_known(code: &str) -> bool {
    super::units::is_currency(code)
}

impl Prices {
    /// The display currency `code`: USD needs no rate (`None`); any other code needs
    /// `[to_usd.CODE]` in the exchange book. The error names the pair and the book.
    pub fn display_currency(&self, code: &str) -> Result<Option<DisplayCurrency>, String> {
        let code = code.trim().to_ascii_uppercase();
        if !is_known(&code) {
            return Err(format!("`{code}` is not an ISO 4217 currency code hostcast knows (e.g. USD, EUR, GBP)"));
        }
        if code == "USD" {
            return Ok(None);
        }
        let book = self.books.get("exchange");
        let path = book.map(|(p, _)| p.clone()).unwrap_or_else(|| "the exchange book (exchange.toml)".into());
        let Some(rate) = book.and_then(|(_, b)| b.to_usd.get(&code)) else {
            return Err(format!(
                "no exchange rate for USD→{code}: {path} has no `[to_usd.{code}]`; add it (USD per 1 {code}, with its source and date) or an overlay that does"
            ));
        };
        if rate.price <= 0.0 {
            return Err(format!("{path}#to_usd.{code} is {}: an exchange rate must be above 0", rate.price));
        }
        let source = self.exchange_source(&code).unwrap_or_default();
        Ok(Some(DisplayCurrency {
            code: code.clone(),
            rate: 1.0 / rate.price,
            usd_per_unit: rate.price,
            date: source.date.clone(),
            source: source.url.clone(),
            entry: format!("{path}#to_usd.{code}"),
            secondary: source.secondary,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eur_comes_from_the_exchange_book_and_a_missing_rate_names_the_pair_and_book() {
        let prices = Prices::embedded().expect("embedded books");
        assert_eq!(prices.display_currency("usd"), Ok(None));
        let eur = prices.display_currency("EUR").expect("EUR rate").expect("not USD");
        // the book says 1 EUR = 1.16 USD, so 1 USD = 1 / 1.16 = 0.862069 EUR
        assert!((eur.rate - 0.862_069).abs() < 1e-6, "{eur:?}");
        assert_eq!(eur.entry, "embedded:exchange.toml#to_usd.EUR");
        assert!(!eur.date.is_empty() && eur.source.starts_with("https://"));
        let jpy = prices.display_currency("JPY").expect_err("no JPY rate");
        assert!(jpy.contains("USD→JPY") && jpy.contains("embedded:exchange.toml") && jpy.contains("[to_usd.JPY]"), "{jpy}");
        assert!(prices.display_currency("EURO").is_err());
    }
}

//! Money and quantities: billing constants and formatting for display.
//!
//! Costs are computed in `f64` USD and never rounded in the pipeline; these
//! functions round only for display.

use serde::{Deserialize, Serialize};

/// Largest amount of money hostcast holds to the cent: 2^53 cents, the largest whole
/// number an `f64` holds exactly ($90,071,992,547,409.92). A total above it is refused
/// where it is computed (see `crate::results::model::run`).
pub const MAX_USD: f64 = 9_007_199_254_740_992.0 / 100.0;

/// Days in the average month, 365 / 12: volumes per month are per day × this, so
/// that they sit on the same 730-hour month as the time-priced lines.
pub const DAYS_PER_MONTH: f64 = 365.0 / 12.0;

/// How volumes per month are made by default, as the outputs state it (no full stop,
/// as the assumptions are written).
pub const VOLUME_BASIS: &str = "Volumes per month are per day × 365/12 (30.42 days), the 730-hour month";

/// The opening words of the assumption a scenario's own `days_per_month` adds.
pub const VOLUME_BASIS_OVERRIDE: &str = "Volumes per month are per day × ";

/// How volumes per month are made for a scenario of `days_per_month` days: the
/// default sentence, or the scenario's own basis with the words
/// [`VOLUME_BASIS_OVERRIDE`] open.
pub fn volume_basis(days_per_month: f64) -> String {
    if is_average_month(days_per_month) {
        VOLUME_BASIS.to_string()
    } else {
        format!(
            "{VOLUME_BASIS_OVERRIDE}{} days, as the scenario's `days_per_month` says, not the 730-hour month's 365/12 (30.42 days) that time-priced lines use",
            quantity(days_per_month)
        )
    }
}

/// Whether `days_per_month` is the default, 365/12.
pub fn is_average_month(days_per_month: f64) -> bool {
    (days_per_month - DAYS_PER_MONTH).abs() < 1e-9
}

/// `$1,234.57`: USD to the cent, with thousands separators. Any finite amount is
/// written in full (never through a fixed-width integer); NaN and infinities, which
/// no total should be, as `$NaN` and `$∞`.
pub fn usd(amount: f64) -> String {
    if amount.is_nan() {
        return "$NaN".into();
    }
    let cents = (amount * 100.0).round();
    let sign = if cents < 0.0 { "-" } else { "" };
    if cents.is_infinite() {
        return format!("{sign}$∞");
    }
    // the whole number of cents, digit by digit: exact for every finite f64
    let digits = format!("{:03.0}", cents.abs());
    let (whole, fraction) = digits.split_at(digits.len() - 2);
    format!("{sign}${}.{fraction}", group(whole))
}

/// `19%`, `8.875%`: a rate as a percentage.
pub fn percent(rate: f64) -> String {
    format!("{}%", quantity(rate * 100.0))
}

/// Formats an instance count: whole numbers without decimals.
pub fn count_label(n: f64) -> String {
    if (n - n.round()).abs() < 1e-9 { format!("{:.0}", n.round()) } else { format!("{n:.2}") }
}

/// How money is shown: USD as computed, or another currency at a rate (`--currency`).
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    code: String,
    rate: f64,
    note: Option<String>,
}

impl Default for Money {
    fn default() -> Self {
        Money { code: "USD".into(), rate: 1.0, note: None }
    }
}

/// The currency figures are shown in, and the rate that converts USD to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DisplayCurrency {
    /// ISO 4217 code, e.g. `EUR`.
    pub code: String,
    /// Units of `code` per USD: a figure in `code` is the USD figure times this.
    pub rate: f64,
    /// The exchange book's rate it comes from: `USD per 1 EUR`, e.g. 1.16.
    pub usd_per_unit: f64,
    /// The rate's date (its source's date).
    pub date: String,
    /// The rate's source URL.
    pub source: String,
    /// Where the rate is: `embedded:exchange.toml#to_usd.EUR`.
    pub entry: String,
    /// True when the rate's source is not the publisher's own text.
    pub secondary: bool,
}

impl DisplayCurrency {
    /// `1 USD = 0.8621 EUR (embedded:exchange.toml#to_usd.EUR, 1 EUR = 1.16 USD, source URL, date)`.
    pub fn label(&self) -> String {
        let mark = if self.secondary { ", secondary" } else { "" };
        format!(
            "1 USD = {} {} ({}: 1 {} = {} USD; {}, {}{mark})",
            quantity(self.rate),
            self.code,
            self.entry,
            self.code,
            self.usd_per_unit,
            self.source,
            self.date
        )
    }
}

impl Money {
    /// Money shown in `display`'s currency, or in USD without one.
    pub fn new(display: Option<&DisplayCurrency>) -> Money {
        match display {
            Some(d) => Money { code: d.code.clone(), rate: d.rate, note: Some(d.label()) },
            None => Money::default(),
        }
    }

    /// The ISO code shown (`USD`, `EUR`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// An amount in USD converted to the shown currency (unrounded).
    pub fn convert(&self, usd: f64) -> f64 {
        usd * self.rate
    }

    /// An amount given in USD, shown to the cent: `$1,234.57`, `€1,064.28`, `£975.94`, `CHF 12.00`.
    pub fn amount(&self, usd_amount: f64) -> String {
        if self.code == "USD" {
            return usd(usd_amount);
        }
        let s = usd(self.convert(usd_amount));
        let (sign, digits) = match s.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", s.as_str()),
        };
        let digits = digits.trim_start_matches('$');
        match self.code.as_str() {
            "EUR" => format!("{sign}€{digits}"),
            "GBP" => format!("{sign}£{digits}"),
            code => format!("{sign}{code} {digits}"),
        }
    }

    /// [`Money::amount`], with `≥` when the amount is a lower bound.
    pub fn bound(&self, usd_amount: f64, complete: bool) -> String {
        if complete { self.amount(usd_amount) } else { format!("≥ {}", self.amount(usd_amount)) }
    }

    /// `+€1.00` or `-€1.00`.
    pub fn signed(&self, usd_amount: f64) -> String {
        if usd_amount >= 0.0 { format!("+{}", self.amount(usd_amount)) } else { self.amount(usd_amount) }
    }

    /// The line naming the rate, its date and source; `None` in USD.
    pub fn rate_note(&self) -> Option<String> {
        self.note.as_ref().map(|n| format!("Amounts in {} converted from USD at {n}.", self.code))
    }
}

/// A unit price with as many decimals as it needs (up to 8): `$0.00016`, `$3.50`.
pub fn unit_price(amount: f64) -> String {
    if amount == 0.0 {
        return "$0".into();
    }
    if (amount * 100.0 - (amount * 100.0).round()).abs() < 1e-9 {
        return usd(amount);
    }
    let s = format!("{amount:.8}");
    let s = s.trim_end_matches('0');
    format!("${s}")
}

/// A quantity for display: whole numbers plainly, others to at most 4 significant decimals.
pub fn quantity(q: f64) -> String {
    if (q - q.round()).abs() < 1e-9 {
        let sign = if q.round() < 0.0 { "-" } else { "" };
        return format!("{sign}{}", group(&format!("{:.0}", q.round().abs())));
    }
    let s = if q.abs() >= 100.0 {
        format!("{q:.1}")
    } else if q.abs() >= 1.0 {
        format!("{q:.2}")
    } else {
        format!("{q:.4}")
    };
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `1234567` → `1,234,567`: a string of digits with thousands separators.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money_for_display_only() {
        assert_eq!(usd(21.0), "$21.00");
        assert_eq!(usd(1234.567), "$1,234.57");
        assert_eq!(usd(-5.0), "-$5.00");
        assert_eq!(unit_price(0.00016), "$0.00016");
        assert_eq!(unit_price(3.5), "$3.50");
        assert_eq!(quantity(2.0), "2");
        assert_eq!(quantity(0.125), "0.125");
        assert_eq!(quantity(1500000.0), "1,500,000");
    }

    #[test]
    fn money_beyond_any_integer_type_is_written_in_full() {
        // beyond i64 cents ($92,233,720,368,547,758.07) the figure is still the amount
        assert_eq!(usd(1.0e20), "$100,000,000,000,000,000,000.00");
        assert_eq!(usd(-4.29e18), "-$4,290,000,000,000,000,000.00");
        assert_eq!(usd(MAX_USD), "$90,071,992,547,409.92");
        assert_eq!(usd(0.05), "$0.05");
        assert_eq!(usd(-0.001), "$0.00");
        assert_eq!(usd(f64::NAN), "$NaN");
        assert_eq!(usd(f64::NEG_INFINITY), "-$∞");
        assert_eq!(quantity(1.0e19), "10,000,000,000,000,000,000");
        assert_eq!(quantity(-1500.0), "-1,500");
        assert_eq!(count_label(1.0e19), "10000000000000000000");
    }

    #[test]
    fn another_currency_is_the_usd_amount_times_the_rate() {
        let eur = DisplayCurrency {
            code: "EUR".into(),
            rate: 1.0 / 1.16,
            usd_per_unit: 1.16,
            date: "2026-09-08".into(),
            source: "https://example.com".into(),
            entry: "x#to_usd.EUR".into(),
            secondary: false,
        };
        let m = Money::new(Some(&eur));
        // $116.00 / 1.16 USD per EUR = €100.00; -$11.60 = -€10.00
        assert_eq!(m.amount(116.0), "€100.00");
        assert_eq!(m.signed(-11.6), "-€10.00");
        assert_eq!(m.bound(1160.0, false), "≥ €1,000.00");
        assert!(m.rate_note().is_some_and(|n| n.contains("1 EUR = 1.16 USD") && n.contains("2026-09-08")));
        assert_eq!(Money::default().amount(1.5), "$1.50");
    }
}

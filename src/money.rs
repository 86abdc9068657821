//! Money and quantities: billing constants and formatting for display.
//!
//! Costs are computed in `f64` USD and never rounded in the pipeline; these
//! functions round only for display.

/// Hours in a 30-day month: Fly bills a 30-day month (https://fly.io/docs/about/pricing/).
pub const HOURS_PER_30_DAY_MONTH: f64 = 720.0;
/// Average hours in a calendar month (365.25 × 24 / 12).
pub const HOURS_PER_AVERAGE_MONTH: f64 = 730.5;

/// `$1,234.57`: USD to the cent, with thousands separators.
pub fn usd(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.abs();
    format!("{sign}${}.{:02}", thousands(cents / 100), cents % 100)
}

/// `$1.00`, or `≥ $1.00` when a price is missing and the amount is a lower bound.
pub fn usd_bound(amount: f64, complete: bool) -> String {
    if complete { usd(amount) } else { format!("≥ {}", usd(amount)) }
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
        return thousands(q.round() as i64);
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

fn thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
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
}

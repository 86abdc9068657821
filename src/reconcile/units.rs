//! Units of a charge's quantity, converted to the unit of the forecast line it
//! meets: `Hours` of a machine to `month`s of one (730 hours, CONTRACTS "Months"),
//! `GB-Hours` to `GB-month`, `Requests` to `1M requests`, bytes to `GB` (10^9
//! bytes; `GiB` is 2^30). Units that measure different things do not convert.

/// A unit read: what it counts, whether per time, and its size in base units
/// (bytes for data, hours for time, one for anything counted).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// What is counted: `instance`, `data`, `request`, `cpu`, … (empty: a plain number).
    pub thing: String,
    /// Whether the quantity is per time (an instance-hour, a GB-month).
    pub timed: bool,
    /// Base units in one of this unit.
    pub factor: f64,
}

/// Hours in a month (CONTRACTS "Months": 8,760 / 12).
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Reads a unit as a forecast line or an export writes it (any case): `month`,
/// `machine-month`, `GB-month`, `GB`, `1M requests`, `Hours`, `GB-Hours`, `1K calls`.
pub fn parse(text: &str) -> Unit {
    let lower = text.trim().to_lowercase();
    let mut words: Vec<&str> = lower.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '_').filter(|w| !w.is_empty()).collect();
    let mut factor = 1.0;
    if let Some(first) = words.first()
        && let Some(m) = multiplier(first)
    {
        factor *= m;
        words.remove(0);
    }
    let (mut things, mut timed) = (Vec::new(), false);
    for w in words {
        if let Some(h) = hours(w) {
            timed = true;
            factor *= h;
        } else if let Some(b) = bytes(w) {
            things.push("data".to_string());
            factor *= b;
        } else if matches!(w, "machine" | "machines" | "instance" | "instances" | "vm" | "vms" | "server" | "servers" | "node" | "nodes") {
            things.push("instance".to_string());
        } else if w != "per" && w != "of" {
            things.push(w.strip_suffix('s').filter(|s| !s.is_empty()).unwrap_or(w).to_string());
        }
    }
    if things.is_empty() && timed {
        // `Hours` of a machine, a `month` of one
        things.push("instance".to_string());
    }
    Unit { thing: things.join("-"), timed, factor }
}

/// `1M`, `1K`, `1000`, `1,000,000`: a count prefix, else `None`.
fn multiplier(word: &str) -> Option<f64> {
    let (digits, scale) = match word.char_indices().find(|(_, c)| c.is_ascii_alphabetic()) {
        Some((i, _)) => (&word[..i], &word[i..]),
        None => (word, ""),
    };
    let n: f64 = digits.replace(',', "").parse().ok()?;
    let s = match scale {
        "" => 1.0,
        "k" => 1e3,
        "m" | "mn" => 1e6,
        "b" | "bn" => 1e9,
        _ => return None,
    };
    (n > 0.0).then_some(n * s)
}

fn hours(word: &str) -> Option<f64> {
    Some(match word {
        "second" | "seconds" | "sec" | "secs" | "s" => 1.0 / 3600.0,
        "minute" | "minutes" | "min" | "mins" => 1.0 / 60.0,
        "hour" | "hours" | "hr" | "hrs" | "h" => 1.0,
        "day" | "days" => 24.0,
        "month" | "months" | "mo" | "mon" => HOURS_PER_MONTH,
        _ => return None,
    })
}

fn bytes(word: &str) -> Option<f64> {
    Some(match word {
        "byte" | "bytes" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        "tib" => 1024.0f64.powi(4),
        _ => return None,
    })
}

/// How many `to` one `from` is, when they measure the same thing.
pub fn ratio(from: &str, to: &str) -> Option<f64> {
    let (a, b) = (parse(from), parse(to));
    (a.thing == b.thing && a.timed == b.timed && b.factor > 0.0).then(|| a.factor / b.factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert_to_the_forecast_lines() {
        // 1,460 machine-hours = 2 machine-months of 730 hours
        assert_eq!(ratio("Hours", "month").map(|r| 1460.0 * r), Some(2.0));
        assert_eq!(ratio("GB-Hours", "GB-month"), Some(1.0 / 730.0));
        assert_eq!(ratio("Requests", "1M requests"), Some(1e-6));
        assert_eq!(ratio("1K Requests", "1M requests"), Some(1e-3));
        assert_eq!(ratio("GiB", "GB"), Some(1.073_741_824));
        assert_eq!(ratio("GB", "GB"), Some(1.0));
        assert_eq!(ratio("GB", "month"), None);
        assert_eq!(ratio("CPU-hour", "CPU-Hours"), Some(1.0));
    }
}

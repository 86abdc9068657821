//! Calendar dates as day numbers, and the day hostcast runs on.
//!
//! Dates are ISO `YYYY-MM-DD` text in every file and output; arithmetic is on day
//! numbers (days since 1970-01-01), with H. Hinnant's civil-calendar algorithms.
//! The clock is read in one place ([`today`]), and only where no date is pinned.

/// Days since 1970-01-01 of a `YYYY-MM-DD` (or `YYYY-MM`, taken as the 1st) date.
pub fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.trim().split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The `YYYY-MM-DD` of a day number.
pub fn from_day_number(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether `date` is a real `YYYY-MM-DD` day (not 2026-02-30).
pub fn is_date(date: &str) -> bool {
    date.len() == 10 && day_number(date).is_some_and(|n| from_day_number(n) == date)
}

/// The day hostcast runs on: `given` (a flag), else `HOSTCAST_TODAY`, else the
/// clock's UTC date. A pinned date that is not a real day is an error naming it.
pub fn today(given: Option<&str>) -> Result<String, String> {
    let env = std::env::var("HOSTCAST_TODAY").ok().filter(|s| !s.trim().is_empty());
    let pinned = given.map(str::to_string).or(env);
    match pinned {
        Some(d) => {
            let d = d.trim().to_string();
            if is_date(&d) { Ok(d) } else { Err(format!("`{d}` is not a date: give `--today YYYY-MM-DD` (or set `HOSTCAST_TODAY`)")) }
        }
        None => {
            let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
            Ok(from_day_number((secs / 86_400) as i64))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-12-01"), Some(20_788));
        for n in [-1000, 0, 59, 60, 11_016, 20_788, 30_000] {
            assert_eq!(day_number(&from_day_number(n)), Some(n));
        }
        assert_eq!(from_day_number(20_788), "2026-12-01");
        assert!(is_date("2024-02-29") && !is_date("2026-02-30") && !is_date("2026-1-1") && !is_date("2026-12-01-"));
    }
}

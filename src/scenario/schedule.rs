//! Cron schedules: how many runs a day a five-field crontab line makes.
//!
//! `minute hour day-of-month month day-of-week`, each a `*`, a number, a range
//! `a-b`, a step `*/n` or `a-b/n`, or a comma list of those. Names (`MON`, `JAN`)
//! and the `@daily`-style macros are understood. Days are averaged over a year:
//! a schedule restricted to weekdays runs 5/7 of the days.

/// Runs per day (averaged over a year) of a crontab schedule, or a message saying
/// what is wrong with it.
pub fn runs_per_day(expr: &str) -> Result<f64, String> {
    let expr = expr.trim();
    let expanded = match expr {
        "@yearly" | "@annually" => "0 0 1 1 *",
        "@monthly" => "0 0 1 * *",
        "@weekly" => "0 0 * * 0",
        "@daily" | "@midnight" => "0 0 * * *",
        "@hourly" => "0 * * * *",
        other => other,
    };
    let fields: Vec<&str> = expanded.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!("`{expr}` has {} fields; a schedule has five: minute hour day-of-month month day-of-week", fields.len()));
    }
    let minutes = field(fields[0], 0, 59, &[])?;
    let hours = field(fields[1], 0, 23, &[])?;
    let dom = field(fields[2], 1, 31, &[])?;
    let months = field(fields[3], 1, 12, &MONTHS)?;
    let dow = field(fields[4], 0, 7, &DAYS)?;
    let dow_days = {
        let mut d: Vec<u32> = dow.iter().map(|x| x % 7).collect();
        d.sort_unstable();
        d.dedup();
        d.len() as f64
    };
    let dom_restricted = fields[2] != "*";
    let dow_restricted = fields[4] != "*";
    // Share of days on which the schedule fires. Standard cron: when both day fields
    // are restricted, a day matching either fires.
    // Each day-of-month value occurs in (about) every month: 12 days a year.
    let dom_share = (dom.len() as f64 * 12.0 / 365.25).min(1.0);
    let dow_share = dow_days / 7.0;
    let day_share = match (dom_restricted, dow_restricted) {
        (false, false) => 1.0,
        (true, false) => dom_share,
        (false, true) => dow_share,
        (true, true) => (dom_share + dow_share - dom_share * dow_share).min(1.0),
    } * months.len() as f64
        / 12.0;
    Ok(minutes.len() as f64 * hours.len() as f64 * day_share)
}

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn value(s: &str, min: u32, names: &[&str]) -> Result<u32, String> {
    if let Some(i) = names.iter().position(|n| n.eq_ignore_ascii_case(s)) {
        return Ok(i as u32 + min);
    }
    s.parse::<u32>().map_err(|_| format!("`{s}` is not a number"))
}

fn field(spec: &str, min: u32, max: u32, names: &[&str]) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => {
                let step: u32 = s.parse().map_err(|_| format!("step `{s}` is not a number"))?;
                if step == 0 {
                    return Err(format!("step in `{part}` must be at least 1"));
                }
                (r, step)
            }
            None => (part, 1),
        };
        let (lo, hi) = if range == "*" {
            (min, max)
        } else if let Some((a, b)) = range.split_once('-') {
            (value(a, min, names)?, value(b, min, names)?)
        } else {
            let v = value(range, min, names)?;
            (v, if part.contains('/') { max } else { v })
        };
        if lo < min || hi > max || lo > hi {
            return Err(format!("`{part}` is outside {min}-{max}"));
        }
        out.extend((lo..=hi).step_by(step as usize));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_schedules() {
        assert_eq!(runs_per_day("0 6 * * *"), Ok(1.0));
        assert_eq!(runs_per_day("*/15 * * * *"), Ok(96.0));
        assert_eq!(runs_per_day("0 */2 * * *"), Ok(12.0));
        assert_eq!(runs_per_day("@hourly"), Ok(24.0));
        assert_eq!(runs_per_day("0,30 9-17 * * *"), Ok(18.0));
        // weekdays only: 5 of 7 days
        assert!(runs_per_day("0 9 * * MON-FRI").is_ok_and(|r| (r - 5.0 / 7.0).abs() < 1e-12));
        // once a week
        assert!(runs_per_day("@weekly").is_ok_and(|r| (r - 1.0 / 7.0).abs() < 1e-12));
    }

    #[test]
    fn monthly_is_about_one_in_thirty() {
        // 1 day of an average 30.44-day month
        let r = runs_per_day("0 0 1 * *");
        assert!(r.as_ref().is_ok_and(|r| (r - 12.0 / 365.25).abs() < 1e-9), "{r:?}");
    }

    #[test]
    fn bad_schedules_say_what_is_wrong() {
        assert!(runs_per_day("0 6 * *").err().unwrap_or_default().contains("five"));
        assert!(runs_per_day("61 * * * *").err().unwrap_or_default().contains("outside"));
        assert!(runs_per_day("*/0 * * * *").err().unwrap_or_default().contains("at least 1"));
        assert!(runs_per_day("x * * * *").err().unwrap_or_default().contains("not a number"));
    }
}

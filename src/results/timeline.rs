//! The growth timeline as a polars frame in long form, and its summary query.
//!
//! One row per option, month and sample, where the samples are the cost at the
//! 10th, 50th and 90th percentile of the users (`P10`, `P50`, `P90`; see
//! `crate::timeline` for why those three points give the cost's percentiles).

use polars::prelude::*;

use crate::timeline::TimelinePoint;

/// Percentile labels, in the order rows are written.
pub const SAMPLES: [&str; 3] = ["P10", "P50", "P90"];

/// One option at one month: cost at the three percentiles of users.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// Option name.
    pub option: String,
    /// Month from launch.
    pub month: u32,
    /// The stage whose settings apply that month.
    pub stage: String,
    /// Median users.
    pub users_p50: f64,
    /// Monthly cost at P10, P50 and P90 users, USD.
    pub cost_usd: [f64; 3],
    /// Whether each is complete (else a lower bound: a price is missing).
    pub complete: [bool; 3],
}

/// The timeline frame: scenario, option, option_index, month, stage, sample,
/// users, monthly_cost_usd, complete (false: a price is missing, the cost is a
/// lower bound).
pub fn frame(points: &[TimelinePoint]) -> PolarsResult<DataFrame> {
    let mut options: Vec<String> = Vec::new();
    let (mut scenario, mut option, mut option_index, mut month, mut stage, mut sample, mut users, mut cost, mut complete) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for p in points {
        if !options.contains(&p.option) {
            options.push(p.option.clone());
        }
        let oi = options.iter().position(|o| *o == p.option).unwrap_or(0) as u32;
        let per = [(p.users_p10, p.cost_p10_usd), (p.users_p50, p.cost_p50_usd), (p.users_p90, p.cost_p90_usd)];
        for (k, (u, c)) in per.iter().enumerate() {
            scenario.push(p.scenario.clone());
            option.push(p.option.clone());
            option_index.push(oi);
            month.push(p.month);
            stage.push(p.stage.clone());
            sample.push(SAMPLES[k].to_string());
            users.push(*u);
            cost.push(*c);
            complete.push(p.complete[k]);
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new("scenario".into(), scenario),
        Column::new("option".into(), option),
        Column::new("option_index".into(), option_index),
        Column::new("month".into(), month),
        Column::new("stage".into(), stage),
        Column::new("sample".into(), sample),
        Column::new("users".into(), users),
        Column::new("monthly_cost_usd".into(), cost),
        Column::new("complete".into(), complete),
    ])
}

/// The timeline at the given months, one row per option and month (options in
/// scenario order, then months ascending): a filter and a sort over the frame.
pub fn at_months(frame: &DataFrame, months: &[u32]) -> PolarsResult<Vec<TimelineRow>> {
    let Some(first) = months.first() else { return Ok(Vec::new()) };
    let wanted = months.iter().skip(1).fold(col("month").eq(lit(*first)), |e, m| e.or(col("month").eq(lit(*m))));
    let df = frame.clone().lazy().filter(wanted).sort_by_exprs([col("option_index"), col("month"), col("sample")], SortMultipleOptions::default()).collect()?;
    let option = df.column("option")?.str()?.clone();
    let month = df.column("month")?.u32()?.clone();
    let stage = df.column("stage")?.str()?.clone();
    let sample = df.column("sample")?.str()?.clone();
    let users = df.column("users")?.f64()?.clone();
    let cost = df.column("monthly_cost_usd")?.f64()?.clone();
    let complete = df.column("complete")?.bool()?.clone();
    let mut out: Vec<TimelineRow> = Vec::new();
    for i in 0..df.height() {
        let (o, m) = (option.get(i).unwrap_or_default(), month.get(i).unwrap_or_default());
        let k = SAMPLES.iter().position(|s| Some(*s) == sample.get(i)).unwrap_or(1);
        let row = match out.last_mut() {
            Some(r) if r.option == o && r.month == m => r,
            _ => {
                out.push(TimelineRow {
                    option: o.to_string(),
                    month: m,
                    stage: stage.get(i).unwrap_or_default().to_string(),
                    users_p50: 0.0,
                    cost_usd: [0.0; 3],
                    complete: [true; 3],
                });
                match out.last_mut() {
                    Some(r) => r,
                    None => continue,
                }
            }
        };
        row.cost_usd[k] = cost.get(i).unwrap_or_default();
        row.complete[k] = complete.get(i).unwrap_or(false);
        if k == 1 {
            row.users_p50 = users.get(i).unwrap_or_default();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(option: &str, month: u32, c: [f64; 3]) -> TimelinePoint {
        TimelinePoint {
            scenario: "s".into(),
            option: option.into(),
            month,
            stage: "MVP".into(),
            users_planned: 100.0,
            users_p10: 50.0,
            users_p50: 100.0,
            users_p90: 200.0,
            cost_p10_usd: c[0],
            cost_p50_usd: c[1],
            cost_p90_usd: c[2],
            complete: [true, true, false],
        }
    }

    #[test]
    fn frame_is_long_and_the_query_gathers_percentiles() {
        let points = vec![point("B", 0, [1.0, 2.0, 3.0]), point("B", 1, [4.0, 5.0, 6.0]), point("A", 0, [7.0, 8.0, 9.0]), point("A", 1, [10.0, 11.0, 12.0])];
        let f = frame(&points).expect("frame");
        // 4 points × 3 samples
        assert_eq!(f.height(), 12);
        let rows = at_months(&f, &[1]).expect("query");
        // scenario order (B first, as it appears first), month 1 only
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].option.as_str(), rows[0].cost_usd), ("B", [4.0, 5.0, 6.0]));
        assert_eq!(rows[0].complete, [true, true, false]);
        assert_eq!((rows[1].option.as_str(), rows[1].cost_usd), ("A", [10.0, 11.0, 12.0]));
        assert_eq!(rows[1].users_p50, 100.0);
    }
}

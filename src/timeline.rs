//! The monthly timeline: planned users month by month between the stages, and
//! the cost of every option at the 10th, 50th and 90th percentile of the users.
//!
//! Planned users grow geometrically between consecutive stages (by their `month`):
//! `u(m) = u₀ · (u₁/u₀)^((m − m₀)/(m₁ − m₀))`; before the first stage they are the
//! first stage's, after the last the last's. The daily active share and the peak
//! ratio move linearly between the stages; high availability is the latest stage's. The actual users are the planned ones times a multiplier with a
//! triangular distribution (`[growth]` low, likely, high).
//!
//! Percentiles without sampling: a month's cost never falls when users rise (more
//! users never need fewer or smaller instances), so the cost's P10/P50/P90 are the
//! costs at the users' P10/P50/P90, which the triangular distribution gives in
//! closed form. The result is exact, deterministic, and costs three evaluations a
//! month instead of thousands of samples.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::pricing::Prices;
use crate::scenario::Scenario;
use crate::scenario::model::{Growth, Stage};
use crate::simulate::price_at;

/// One option in one month of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct TimelinePoint {
    /// Scenario id.
    pub scenario: String,
    /// Option name.
    pub option: String,
    /// Month from launch.
    pub month: u32,
    /// The stage whose settings apply.
    pub stage: String,
    /// Planned users.
    pub users_planned: f64,
    /// Users at the 10th, 50th, 90th percentile.
    pub users_p10: f64,
    /// Median users.
    pub users_p50: f64,
    /// Users at the 90th percentile.
    pub users_p90: f64,
    /// Monthly cost at P10 users, USD.
    pub cost_p10_usd: f64,
    /// Monthly cost at median users, USD.
    pub cost_p50_usd: f64,
    /// Monthly cost at P90 users, USD.
    pub cost_p90_usd: f64,
    /// Per percentile: whether every price was found and the load fits. Where not,
    /// the cost is a lower bound.
    pub complete: [bool; 3],
}

/// Inverse CDF of the triangular distribution (a = low, c = likely, b = high) at `p`.
pub fn triangular_quantile(low: f64, likely: f64, high: f64, p: f64) -> f64 {
    let (a, c, b) = (low, likely.clamp(low, high), high);
    if b <= a {
        return a;
    }
    let fc = (c - a) / (b - a);
    if p < fc { a + (p * (b - a) * (c - a)).sqrt() } else { b - ((1.0 - p) * (b - a) * (b - c)).sqrt() }
}

/// Planned users in month `m` and the index of the stage whose settings apply.
pub fn planned_users(stages: &[Stage], m: u32) -> (f64, usize) {
    let (stage, i) = planned_stage(stages, m);
    (stage.users, i)
}

/// The load point of month `m`: users geometric and the daily active share and
/// peak ratio linear between the stages around it; high availability from the
/// latest stage reached (whose index is returned too).
pub fn planned_stage(stages: &[Stage], m: u32) -> (Stage, usize) {
    let mut order: Vec<usize> = (0..stages.len()).collect();
    order.sort_by_key(|i| (stages[*i].month.unwrap_or(0), *i));
    let Some(&first) = order.first() else {
        return (Stage { name: String::new(), users: 0.0, daily_active: 0.0, peak_to_average: 1.0, high_availability: false, month: Some(m), note: None }, 0);
    };
    let month = |i: usize| stages[i].month.unwrap_or(0);
    if m <= month(first) {
        return (stages[first].clone(), first);
    }
    for w in order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if m >= month(a) && m < month(b) {
            let t = (m - month(a)) as f64 / (month(b) - month(a)) as f64;
            let (s0, s1) = (&stages[a], &stages[b]);
            let users = if s0.users > 0.0 && s1.users > 0.0 { s0.users * (s1.users / s0.users).powf(t) } else { s0.users + (s1.users - s0.users) * t };
            let lerp = |x: f64, y: f64| x + (y - x) * t;
            let stage = Stage {
                users,
                daily_active: lerp(s0.daily_active, s1.daily_active),
                peak_to_average: lerp(s0.peak_to_average, s1.peak_to_average),
                ..s0.clone()
            };
            return (stage, a);
        }
    }
    let last = order.last().copied().unwrap_or(first);
    (stages[last].clone(), last)
}

/// The timeline of a scenario with `[growth]`; empty without one.
pub fn run(scenario: &Scenario, prices: &Prices, options: &[String]) -> Result<Vec<TimelinePoint>, Diagnostic> {
    let Some(growth) = &scenario.file.growth else { return Ok(Vec::new()) };
    check(scenario, growth)?;
    let stages = &scenario.file.stages;
    let months = growth.months.unwrap_or_else(|| stages.iter().filter_map(|s| s.month).max().unwrap_or(12));
    let q: Vec<f64> = [0.1, 0.5, 0.9].iter().map(|p| triangular_quantile(growth.low, growth.likely, growth.high, *p)).collect();
    let chosen: Vec<usize> = (0..scenario.file.options.len()).filter(|i| options.is_empty() || options.contains(&scenario.file.options[*i].name)).collect();
    // options are independent: price them on all cores, then join in scenario order
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, chosen.len().max(1));
    let per_option: Vec<Result<Vec<TimelinePoint>, Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let chosen = &chosen;
                let q = &q;
                scope.spawn(move || {
                    chosen
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| k % workers == w)
                        .map(|(k, oi)| (k, option_timeline(scenario, *oi, months, q, prices)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all: Vec<(usize, Result<Vec<TimelinePoint>, Diagnostic>)> = Vec::new();
        for h in handles {
            match h.join() {
                Ok(v) => all.extend(v),
                Err(_) => all.push((usize::MAX, Err(Diagnostic::file(&scenario.path, "a timeline worker stopped unexpectedly")))),
            }
        }
        all.sort_by_key(|(k, _)| *k);
        all.into_iter().map(|(_, r)| r).collect()
    });
    let mut out = Vec::new();
    for r in per_option {
        out.extend(r?);
    }
    Ok(out)
}

/// One option's timeline: every month at the three user quantiles `q`.
fn option_timeline(scenario: &Scenario, oi: usize, months: u32, q: &[f64], prices: &Prices) -> Result<Vec<TimelinePoint>, Diagnostic> {
    let stages = &scenario.file.stages;
    let option = &scenario.file.options[oi];
    let mut out = Vec::new();
    for m in 0..=months {
        let (point, si) = planned_stage(stages, m);
        let planned = point.users;
        let mut users = [0.0; 3];
        let mut cost = [0.0; 3];
        let mut complete = [true; 3];
        for k in 0..3 {
            let stage = Stage { users: planned * q[k], ..point.clone() };
            users[k] = stage.users;
            let r = price_at(scenario, oi, &stage, prices)?;
            cost[k] = r.rank_total(r.rank_by);
            complete[k] = r.complete;
        }
        out.push(TimelinePoint {
            scenario: scenario.slug.clone(),
            option: option.name.clone(),
            month: m,
            stage: stages[si].name.clone(),
            users_planned: planned,
            users_p10: users[0],
            users_p50: users[1],
            users_p90: users[2],
            cost_p10_usd: cost[0],
            cost_p50_usd: cost[1],
            cost_p90_usd: cost[2],
            complete,
        });
    }
    Ok(out)
}

fn check(scenario: &Scenario, growth: &Growth) -> Result<(), Diagnostic> {
    if !(growth.low <= growth.likely && growth.likely <= growth.high) {
        return Err(scenario
            .near("[growth]", format!("`[growth]` needs low <= likely <= high, got {} / {} / {}", growth.low, growth.likely, growth.high))
            .with_help("e.g. `low = 0.5`, `likely = 1.0`, `high = 2.0`"));
    }
    if let Some(s) = scenario.file.stages.iter().find(|s| s.month.is_none()) {
        return Err(scenario
            .near(&format!("\"{}\"", s.name), format!("stage `{}` has no `month`; a `[growth]` timeline places every stage in time", s.name))
            .with_help("add `month = N` (months from launch) to each stage"));
    }
    if growth.months.is_some_and(|m| m > 240) {
        return Err(scenario.near("[growth]", "`months` is at most 240 (20 years)"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_quantiles() {
        // symmetric (0, 1, 2): median 1; P10 = sqrt(0.1 × 2 × 1) = 0.44721
        assert!((triangular_quantile(0.0, 1.0, 2.0, 0.5) - 1.0).abs() < 1e-12);
        assert!((triangular_quantile(0.0, 1.0, 2.0, 0.1) - 0.2f64.sqrt()).abs() < 1e-12);
        assert!((triangular_quantile(0.0, 1.0, 2.0, 0.9) - (2.0 - 0.2f64.sqrt())).abs() < 1e-12);
        // (0.5, 1, 2): F(1) = 0.5 / 1.5 = 1/3; P50 = 2 − sqrt(0.5 × 1.5 × 1) = 1.13397
        assert!((triangular_quantile(0.5, 1.0, 2.0, 0.5) - (2.0 - 0.75f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn planned_users_grow_geometrically_between_stages() {
        let stage = |name: &str, users: f64, month: u32| Stage {
            name: name.into(),
            users,
            daily_active: 0.2,
            peak_to_average: 2.0,
            high_availability: false,
            month: Some(month),
            note: None,
        };
        let stages = vec![stage("MVP", 1000.0, 0), stage("Growth", 100_000.0, 12), stage("Ent", 1_000_000.0, 24)];
        assert_eq!(planned_users(&stages, 0), (1000.0, 0));
        // halfway from 1,000 to 100,000: sqrt(1,000 × 100,000) = 10,000
        let (u, i) = planned_users(&stages, 6);
        assert!((u - 10_000.0).abs() < 1e-6 && i == 0, "{u}");
        assert_eq!(planned_users(&stages, 12), (100_000.0, 1));
        assert_eq!(planned_users(&stages, 30), (1_000_000.0, 2));
    }
}

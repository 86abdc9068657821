//! Budget checks: does the checked option stay within a monthly limit, and within an
//! allowed increase over a baseline, at each stage?
//!
//! The checked option is the recommended one unless a name is given; the total is the
//! cash bill (`monthly_cost_usd`) unless the basis is the bill with team time. A total
//! that is a lower bound (a missing price) is checked as it stands and marked, since
//! the real bill can only be higher. Pure: results in, checks out.

use serde::{Deserialize, Serialize};

use crate::results::Results;
use crate::simulate::OptionResult;

pub use crate::scenario::model::BudgetBasis as Basis;

impl Basis {
    /// The total of `r` on this basis.
    pub fn total(self, r: &OptionResult) -> f64 {
        match self {
            Basis::Cash => r.monthly_cost_usd,
            Basis::WithTeamTime => r.with_team_time_usd,
        }
    }
}

/// An allowed increase over the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Increase {
    /// At most this many USD a month more.
    Usd(f64),
    /// At most this share more, percent.
    Percent(f64),
}

impl Increase {
    /// `50` (USD) or `10%`.
    pub fn parse(text: &str) -> Result<Increase, String> {
        let t = text.trim();
        let (num, pct) = match t.strip_suffix('%') {
            Some(n) => (n.trim(), true),
            None => (t.trim_start_matches('$'), false),
        };
        let v: f64 = num.parse().map_err(|_| format!("`{text}` is not an amount: give USD (`50`) or a percentage (`10%`)"))?;
        if !v.is_finite() || v < 0.0 {
            return Err(format!("`{text}`: an allowed increase is a finite amount of at least 0"));
        }
        Ok(if pct { Increase::Percent(v) } else { Increase::Usd(v) })
    }
}

/// The limits to check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Limits {
    /// Most USD a month.
    pub max_usd: Option<f64>,
    /// Most increase over the baseline.
    pub max_increase: Option<Increase>,
    /// Which total.
    pub basis: Basis,
    /// The option to check (none: the recommended one).
    pub option: Option<String>,
}

/// A limit the checked total crossed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Crossed {
    /// `max` or `max_increase`.
    pub limit: String,
    /// The limit in USD a month (a percentage turned into USD against the baseline).
    pub limit_usd: f64,
    /// By how much the total is over it, USD a month.
    pub over_usd: f64,
}

/// One stage's check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Check {
    /// Scenario id.
    pub scenario: String,
    /// Stage name.
    pub stage: String,
    /// The option checked (none: no option could be checked; see `note`).
    pub option: Option<String>,
    /// Its total on the basis, USD a month.
    pub total_usd: f64,
    /// Every price found (false: `total_usd` is a lower bound).
    pub complete: bool,
    /// The baseline's total of the same option and stage, when there is a baseline.
    pub baseline_usd: Option<f64>,
    /// The limits crossed.
    pub crossed: Vec<Crossed>,
    /// Why nothing was checked, or what to know.
    pub note: Option<String>,
}

/// The budget checks of every scenario and stage of `results`.
pub fn check(results: &Results, baseline: Option<&Results>, limits: &Limits) -> Vec<Check> {
    let mut out = Vec::new();
    for rec in &results.recommendations {
        let name = limits.option.clone().or(rec.recommended.clone());
        let Some(name) = name else {
            out.push(Check {
                scenario: rec.scenario.clone(),
                stage: rec.stage.clone(),
                option: None,
                total_usd: 0.0,
                complete: true,
                baseline_usd: None,
                crossed: Vec::new(),
                note: Some("no option can be recommended at this stage: name one with `--option` to check it".into()),
            });
            continue;
        };
        let Some(r) = results.results.iter().find(|r| r.scenario == rec.scenario && r.stage == rec.stage && r.option == name) else { continue };
        let total = limits.basis.total(r);
        let base = baseline.and_then(|b| {
            let single = b.recommendations.iter().map(|x| &x.scenario).collect::<std::collections::BTreeSet<_>>().len() == 1;
            b.results.iter().find(|x| (single || x.scenario == r.scenario) && x.stage == r.stage && x.option == r.option).map(|x| limits.basis.total(x))
        });
        let mut crossed = Vec::new();
        if let Some(max) = limits.max_usd
            && total > max + 0.005
        {
            crossed.push(Crossed { limit: "max".into(), limit_usd: max, over_usd: total - max });
        }
        if let (Some(inc), Some(b)) = (limits.max_increase, base) {
            let allowed = match inc {
                Increase::Usd(u) => b + u,
                Increase::Percent(p) => b * (1.0 + p / 100.0),
            };
            if total > allowed + 0.005 {
                crossed.push(Crossed { limit: "max_increase".into(), limit_usd: allowed, over_usd: total - allowed });
            }
        }
        let note = match (limits.max_increase, baseline, base) {
            (Some(_), Some(_), None) => Some(format!("the baseline has no `{name}` at `{}`: the increase is not checked", r.stage)),
            _ => None,
        };
        out.push(Check {
            scenario: r.scenario.clone(),
            stage: r.stage.clone(),
            option: Some(name),
            total_usd: total,
            complete: r.complete,
            baseline_usd: base,
            crossed,
            note,
        });
    }
    out
}

//! The recommendation: per scenario and stage, the cheapest option a reviewer can sign.
//!
//! An option is a candidate when it is not a reference deployment, its platform can
//! host every service (`available`), every price it needs is in the books
//! (`complete`) and it has no blocking finding. Candidates are ranked by the
//! scenario's `rank_by` total (with team time by default, or cash), ties in scenario
//! order. Nothing here reads a message: only kinds, severities and flags.

use serde::Serialize;

use crate::findings::{FindingKind, Severity};
use crate::scenario::model::RankBy;
use crate::simulate::OptionResult;

/// Why an option was left out of the recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// A reference deployment: shown for comparison, never recommended.
    Reference,
    /// The platform cannot host a service of the product.
    NotAvailable,
    /// A price is missing: its total is a lower bound.
    Incomplete,
    /// Another blocking finding (a load above a cap, a hard plan limit, …).
    Blocked,
}

/// An option left out of one stage's recommendation.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Excluded {
    /// Option name.
    pub option: String,
    /// Why, as a kind.
    pub why: Exclusion,
    /// The first blocking finding's message, for display (none for a reference).
    pub what: Option<String>,
    /// What it would cost on the ranking basis if unblocked (a lower bound when incomplete).
    pub total_usd: f64,
}

/// The recommendation of one scenario at one stage.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Recommendation {
    /// Scenario id.
    pub scenario: String,
    /// Stage name.
    pub stage: String,
    /// The recommended option, or none when no option can be signed.
    pub recommended: Option<String>,
    /// The total that ranked the options.
    pub rank_by: RankBy,
    /// The options left out, and why.
    pub excluded: Vec<Excluded>,
}

impl OptionResult {
    /// The total that ranks this option under `basis`.
    pub fn rank_total(&self, basis: RankBy) -> f64 {
        match basis {
            RankBy::WithTeamTime => self.with_team_time_usd,
            RankBy::Cash => self.monthly_cost_usd,
        }
    }

    /// Why the option cannot be recommended, if it cannot.
    pub fn exclusion(&self) -> Option<Exclusion> {
        if self.reference {
            Some(Exclusion::Reference)
        } else if !self.available {
            Some(Exclusion::NotAvailable)
        } else if !self.complete {
            Some(Exclusion::Incomplete)
        } else if self.diagnostics.iter().any(|d| d.severity == Severity::Blocking) {
            Some(Exclusion::Blocked)
        } else {
            None
        }
    }
}

/// Marks the recommended option of every scenario and stage in `results` (in place)
/// and returns the recommendations in order of first appearance. `basis` gives each
/// scenario's ranking total.
pub fn recommend(results: &mut [OptionResult], basis: &dyn Fn(&str) -> RankBy) -> Vec<Recommendation> {
    let mut groups: Vec<(String, String)> = Vec::new();
    for r in results.iter() {
        let key = (r.scenario.clone(), r.stage.clone());
        if !groups.contains(&key) {
            groups.push(key);
        }
    }
    let mut out = Vec::new();
    for (scenario, stage) in groups {
        let rank_by = basis(&scenario);
        let members: Vec<usize> = (0..results.len()).filter(|&i| results[i].scenario == scenario && results[i].stage == stage).collect();
        let mut best: Option<usize> = None;
        let mut excluded = Vec::new();
        for &i in &members {
            let r = &results[i];
            match r.exclusion() {
                Some(why) => excluded.push(Excluded { option: r.option.clone(), why, what: blocking_message(r, why), total_usd: r.rank_total(rank_by) }),
                None => {
                    // ties keep the first in scenario order; totals compared to the micro-dollar
                    let better = best.is_none_or(|b| micro(r.rank_total(rank_by)) < micro(results[b].rank_total(rank_by)));
                    if better {
                        best = Some(i);
                    }
                }
            }
        }
        for &i in &members {
            results[i].recommended = Some(i) == best;
        }
        out.push(Recommendation { scenario, stage, recommended: best.map(|b| results[b].option.clone()), rank_by, excluded });
    }
    out
}

/// A total rounded to the micro-dollar, so that sums in different orders compare equal.
fn micro(usd: f64) -> i64 {
    (usd * 1e6).round() as i64
}

fn blocking_message(r: &OptionResult, why: Exclusion) -> Option<String> {
    let kind_first = |k: FindingKind| r.diagnostics.iter().find(|d| d.kind == k && d.severity == Severity::Blocking);
    let found = match why {
        Exclusion::Reference => None,
        Exclusion::NotAvailable => kind_first(FindingKind::CannotHost).or_else(|| kind_first(FindingKind::NoLongerSold)),
        Exclusion::Incomplete => kind_first(FindingKind::MissingPrice),
        Exclusion::Blocked => r.diagnostics.iter().find(|d| d.severity == Severity::Blocking),
    };
    found.map(|d| d.message.clone())
}

//! What changed between two priced runs: per option and stage the totals, per service
//! and component the lines, and the recommendation at each stage.
//!
//! Both sides are [`Results`] (priced now from a scenario or configs, or read from a
//! saved JSON). Rows pair by scenario, option and stage; when each side holds one
//! scenario they pair whatever the scenarios' ids (a renamed file is the same product).
//! Nothing here prices anything: every figure is a difference of two results.

use serde::{Deserialize, Serialize};

use crate::results::Results;
use crate::simulate::OptionResult;

/// The totals of one side of a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Side {
    /// Hosting, USD a month.
    pub hosting_usd: f64,
    /// Third-party APIs, USD a month.
    pub apis_usd: f64,
    /// Team time, USD a month.
    pub team_time_usd: f64,
    /// The cash bill (hosting + APIs), USD a month.
    pub monthly_cost_usd: f64,
    /// The cash bill plus team time, USD a month.
    pub with_team_time_usd: f64,
    /// Every price found (false: a lower bound).
    pub complete: bool,
    /// The platform can host every service.
    pub available: bool,
    /// The recommended option of its stage.
    pub recommended: bool,
}

impl Side {
    fn of(r: &OptionResult) -> Side {
        Side {
            hosting_usd: r.hosting_usd,
            apis_usd: r.apis_usd,
            team_time_usd: r.team_time_usd,
            monthly_cost_usd: r.monthly_cost_usd,
            with_team_time_usd: r.with_team_time_usd,
            complete: r.complete,
            available: r.available,
            recommended: r.recommended,
        }
    }
}

/// A change of one amount.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Change {
    /// Before, USD a month (0 when absent).
    pub base_usd: f64,
    /// After, USD a month (0 when absent).
    pub head_usd: f64,
    /// After − before, USD a month.
    pub change_usd: f64,
    /// The change as a share of before, percent (none when before is 0).
    pub change_pct: Option<f64>,
}

impl Change {
    /// The change from `base` to `head`.
    pub fn new(base: f64, head: f64) -> Change {
        let change = head - base;
        Change { base_usd: base, head_usd: head, change_usd: change, change_pct: (base.abs() > 1e-9).then(|| 100.0 * change / base) }
    }

    /// Whether it moved by at least half a cent.
    pub fn moved(&self) -> bool {
        self.change_usd.abs() >= 0.005
    }
}

/// One service's component whose cost moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComponentChange {
    /// Service (or the account, nodes, team…).
    pub service: String,
    /// Component (`compute`, `postgres`, `llm`, …).
    pub component: String,
    /// The change.
    pub change: Change,
}

/// One option at one stage, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Row {
    /// Scenario id (of the head side when both exist).
    pub scenario: String,
    /// Option name.
    pub option: String,
    /// Stage name.
    pub stage: String,
    /// Before (none: the option or stage is new).
    pub base: Option<Side>,
    /// After (none: it was removed).
    pub head: Option<Side>,
    /// The cash bill's change.
    pub monthly_cost: Change,
    /// The bill with team time's change.
    pub with_team_time: Change,
    /// The components whose cost moved, largest change first.
    pub components: Vec<ComponentChange>,
}

/// The recommendation at one stage, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StageChange {
    /// Scenario id.
    pub scenario: String,
    /// Stage name.
    pub stage: String,
    /// Recommended before.
    pub base: Option<String>,
    /// Recommended after.
    pub head: Option<String>,
}

/// Everything that changed between two runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Diff {
    /// Version of the results model both sides were read in.
    pub schema_version: u32,
    /// Which output this is: `diff`.
    #[serde(default = "diff_kind")]
    pub kind: crate::provenance::OutputKind,
    /// How each side was made (absent for a side read from a file that does not say).
    #[serde(default)]
    pub provenance: DiffProvenance,
    /// What the base side was (a path, as given).
    pub base: String,
    /// What the head side was.
    pub head: String,
    /// Every option × stage of either side, in the head's order, then the base's.
    pub rows: Vec<Row>,
    /// The recommendation per stage, before and after.
    pub stages: Vec<StageChange>,
    /// The currency the output is shown in, with its rate, date and source (absent:
    /// USD); every `_usd` figure stays in USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<crate::money::DisplayCurrency>,
    /// Month by month, where both sides have a growth timeline: per option the
    /// median's change and the P10–P90 band's (empty when either side has none).
    #[serde(default)]
    pub months: Vec<MonthChange>,
}

/// One option in one month of the growth timeline, before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MonthChange {
    /// Scenario id (of the head side).
    pub scenario: String,
    /// Option name.
    pub option: String,
    /// Month from launch.
    pub month: u32,
    /// The stage whose settings apply that month, after.
    pub stage: String,
    /// Monthly cost at P10 users.
    pub p10: Change,
    /// Monthly cost at median users.
    pub p50: Change,
    /// Monthly cost at P90 users.
    pub p90: Change,
    /// Every price found on both sides at all three percentiles (false: lower bounds).
    pub complete: bool,
}

impl MonthChange {
    /// Whether the median or either end of the band moved.
    pub fn moved(&self) -> bool {
        self.p10.moved() || self.p50.moved() || self.p90.moved()
    }
}

fn diff_kind() -> crate::provenance::OutputKind {
    crate::provenance::OutputKind::Diff
}

/// How the two sides of a diff were made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DiffProvenance {
    /// The base side's provenance.
    pub base: Option<crate::provenance::Provenance>,
    /// The head side's provenance.
    pub head: Option<crate::provenance::Provenance>,
}

impl Diff {
    /// The rows whose cash bill or bill with team time moved.
    pub fn changed(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.monthly_cost.moved() || r.with_team_time.moved() || r.base.is_none() || r.head.is_none())
    }
}

/// The scenario id a base row pairs with on the head side.
fn pairing(base: &Results, head: &Results) -> impl Fn(&str) -> String {
    let ids = |r: &Results| {
        let mut v: Vec<String> = Vec::new();
        for id in r.results.iter().map(|x| &x.scenario).chain(r.timeline.iter().map(|t| &t.scenario)) {
            if !v.contains(id) {
                v.push(id.clone());
            }
        }
        v
    };
    let (b, h) = (ids(base), ids(head));
    let single = (b.len() == 1 && h.len() == 1).then(|| h[0].clone());
    move |id: &str| single.clone().unwrap_or_else(|| id.to_string())
}

/// The difference from `base` to `head` (named as given, for display).
pub fn diff(base: &Results, head: &Results, base_name: &str, head_name: &str) -> Diff {
    let to_head = pairing(base, head);
    let key = |r: &OptionResult, id: String| (id, r.option.clone(), r.stage.clone());
    let mut rows = Vec::new();
    for h in &head.results {
        let b = base.results.iter().find(|b| key(b, to_head(&b.scenario)) == key(h, h.scenario.clone()));
        rows.push(row(&h.scenario, b, Some(h)));
    }
    for b in &base.results {
        let id = to_head(&b.scenario);
        if !head.results.iter().any(|h| key(h, h.scenario.clone()) == key(b, id.clone())) {
            rows.push(row(&id, Some(b), None));
        }
    }
    let mut stages: Vec<StageChange> = Vec::new();
    for r in &rows {
        if stages.iter().any(|s| s.scenario == r.scenario && s.stage == r.stage) {
            continue;
        }
        let pick = |res: &Results, head_side: bool| {
            res.recommendations
                .iter()
                .find(|x| (if head_side { x.scenario.clone() } else { to_head(&x.scenario) }) == r.scenario && x.stage == r.stage)
                .and_then(|x| x.recommended.clone())
        };
        stages.push(StageChange { scenario: r.scenario.clone(), stage: r.stage.clone(), base: pick(base, false), head: pick(head, true) });
    }
    Diff {
        schema_version: crate::results::SCHEMA_VERSION,
        kind: crate::provenance::OutputKind::Diff,
        provenance: DiffProvenance { base: base.provenance.clone(), head: head.provenance.clone() },
        base: shown(base_name),
        head: shown(head_name),
        rows,
        stages,
        months: months(base, head, &to_head),
        currency: None,
    }
}

/// Per option and month present on both sides' timelines, in the head's order.
fn months(base: &Results, head: &Results, to_head: &impl Fn(&str) -> String) -> Vec<MonthChange> {
    let mut out = Vec::new();
    for h in &head.timeline {
        let Some(b) = base.timeline.iter().find(|b| to_head(&b.scenario) == h.scenario && b.option == h.option && b.month == h.month) else { continue };
        out.push(MonthChange {
            scenario: h.scenario.clone(),
            option: h.option.clone(),
            month: h.month,
            stage: h.stage.clone(),
            p10: Change::new(b.cost_p10_usd, h.cost_p10_usd),
            p50: Change::new(b.cost_p50_usd, h.cost_p50_usd),
            p90: Change::new(b.cost_p90_usd, h.cost_p90_usd),
            complete: b.complete.iter().chain(&h.complete).all(|c| *c),
        });
    }
    out
}

/// A side's name as outputs show it: each comma-separated path relative to the
/// working folder, never absolute.
fn shown(name: &str) -> String {
    name.split(',').map(|p| crate::pricing::shown_path(std::path::Path::new(p.trim()))).collect::<Vec<_>>().join(",")
}

fn row(scenario: &str, base: Option<&OptionResult>, head: Option<&OptionResult>) -> Row {
    let (bs, hs) = (base.map(Side::of), head.map(Side::of));
    let total = |s: &Option<Side>, f: fn(&Side) -> f64| s.as_ref().map(f).unwrap_or(0.0);
    let any = head.or(base);
    Row {
        scenario: scenario.to_string(),
        option: any.map(|r| r.option.clone()).unwrap_or_default(),
        stage: any.map(|r| r.stage.clone()).unwrap_or_default(),
        monthly_cost: Change::new(total(&bs, |s| s.monthly_cost_usd), total(&hs, |s| s.monthly_cost_usd)),
        with_team_time: Change::new(total(&bs, |s| s.with_team_time_usd), total(&hs, |s| s.with_team_time_usd)),
        components: components(base, head),
        base: bs,
        head: hs,
    }
}

/// Per service and component, the sum of its lines on each side; those that moved.
fn components(base: Option<&OptionResult>, head: Option<&OptionResult>) -> Vec<ComponentChange> {
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in [head, base].into_iter().flatten() {
        for l in &r.line_items {
            let k = (l.service.clone(), l.component.clone());
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    let sum = |r: Option<&OptionResult>, k: &(String, String)| -> f64 {
        r.map(|r| r.line_items.iter().filter(|l| l.service == k.0 && l.component == k.1).map(|l| l.monthly_cost_usd).sum()).unwrap_or(0.0)
    };
    let mut out: Vec<ComponentChange> = keys
        .into_iter()
        .map(|k| {
            let change = Change::new(sum(base, &k), sum(head, &k));
            ComponentChange { service: k.0, component: k.1, change }
        })
        .filter(|c| c.change.moved())
        .collect();
    out.sort_by(|a, b| b.change.change_usd.abs().total_cmp(&a.change.change_usd.abs()).then(a.service.cmp(&b.service)).then(a.component.cmp(&b.component)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::TimelinePoint;

    fn point(scenario: &str, month: u32, cost: [f64; 3]) -> TimelinePoint {
        TimelinePoint {
            scenario: scenario.into(),
            option: "Fly.io".into(),
            month,
            stage: "MVP".into(),
            users_planned: 100.0,
            users_p10: 50.0,
            users_p50: 100.0,
            users_p90: 200.0,
            cost_p10_usd: cost[0],
            cost_p50_usd: cost[1],
            cost_p90_usd: cost[2],
            complete: [true; 3],
        }
    }

    #[test]
    fn months_on_both_timelines_are_compared_at_the_median_and_the_band() {
        let base = Results { timeline: vec![point("old", 3, [10.0, 20.0, 40.0]), point("old", 4, [10.0, 20.0, 40.0])], ..Results::empty() };
        let head = Results { timeline: vec![point("new", 3, [10.0, 25.0, 50.0]), point("new", 5, [1.0, 2.0, 3.0])], ..Results::empty() };
        let d = diff(&base, &head, "a.json", "b.json");
        // month 3 is on both sides (one scenario each, so "old" pairs with "new");
        // months 4 and 5 are on one side only
        assert_eq!(d.months.len(), 1);
        let m = &d.months[0];
        assert_eq!((m.scenario.as_str(), m.month), ("new", 3));
        // median 20 → 25: +5, +25 %; P90 40 → 50: +10, +25 %; P10 unchanged
        assert_eq!(m.p50, Change { base_usd: 20.0, head_usd: 25.0, change_usd: 5.0, change_pct: Some(25.0) });
        assert_eq!((m.p90.change_usd, m.p90.change_pct), (10.0, Some(25.0)));
        assert!(!m.p10.moved() && m.moved() && m.complete);
        // no timeline on a side: no months
        assert!(diff(&Results::empty(), &head, "a", "b").months.is_empty());
    }
}

//! What changed between two priced runs: per option and stage the totals, per service
//! and component the lines, and the recommendation at each stage.
//!
//! Both sides are [`Results`] (priced now from a scenario or configs, or read from a
//! saved JSON). Rows pair by scenario, option and stage; when each side holds one
//! scenario they pair whatever the scenarios' ids (a renamed file is the same product).
//! Nothing here prices anything: every figure is a difference of two results.

use serde::{Deserialize, Serialize};

use crate::simulate::{OptionResult, Results};

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
        for x in &r.results {
            if !v.contains(&x.scenario) {
                v.push(x.scenario.clone());
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
        schema_version: crate::simulate::SCHEMA_VERSION,
        kind: crate::provenance::OutputKind::Diff,
        provenance: DiffProvenance { base: base.provenance.clone(), head: head.provenance.clone() },
        base: base_name.to_string(),
        head: head_name.to_string(),
        rows,
        stages,
    }
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

//! `hostcast budget` as a table, JSON, or a Markdown pull-request comment.

use serde::Serialize;

use crate::budget::{Basis, Check};
use crate::money::DisplayCurrency;
use crate::money::Money;

/// The budget run as its JSON output shows it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Outcome<'a> {
    /// Version of the results model.
    pub schema_version: u32,
    /// Which output this is: `budget`.
    pub kind: crate::provenance::OutputKind,
    /// How it was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<&'a crate::provenance::Provenance>,
    /// Which total was limited.
    pub basis: Basis,
    /// Every stage's check.
    pub checks: &'a [Check],
    /// Whether any limit was crossed.
    pub exceeded: bool,
    /// The currency the limits were given and the output is shown in (absent: USD);
    /// every `_usd` figure stays in USD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<&'a DisplayCurrency>,
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Cash => "cash bill",
        Basis::WithTeamTime => "bill with team time",
    }
}

/// One line per crossed limit: what, where, by how much.
pub fn crossings(checks: &[Check], m: &Money) -> Vec<String> {
    let usd = |v: f64| m.amount(v);
    let mut out = Vec::new();
    for c in checks {
        for x in &c.crossed {
            let what = if x.limit == "max" { "the monthly limit" } else { "the baseline plus the allowed increase" };
            out.push(format!(
                "{} at {}: {} is over {}, {what}, by {}{}",
                c.option.clone().unwrap_or_default(),
                c.stage,
                m.bound(c.total_usd, c.complete),
                usd(x.limit_usd),
                usd(x.over_usd),
                if c.complete { "" } else { " (at least: a price is missing)" }
            ));
        }
    }
    out
}

fn status(c: &Check) -> String {
    if c.option.is_none() {
        "not checked".into()
    } else if !c.crossed.is_empty() {
        "over budget".into()
    } else if !c.complete {
        "within (a lower bound)".into()
    } else {
        "within".into()
    }
}

/// A plain-text table of every stage's check.
pub fn table(checks: &[Check], basis: Basis, m: &Money) -> String {
    let usd = |v: f64| m.amount(v);
    let mut t = crate::report::table::styled();
    t.set_header(vec!["Scenario", "Stage", "Option", "Total", "Baseline", "Status"]);
    for c in checks {
        t.add_row(vec![
            c.scenario.clone(),
            c.stage.clone(),
            c.option.clone().unwrap_or_else(|| "-".into()),
            if c.option.is_some() { m.bound(c.total_usd, c.complete) } else { "-".into() },
            c.baseline_usd.map(usd).unwrap_or_else(|| "-".into()),
            status(c),
        ]);
    }
    crate::report::table::keep_whole(&mut t, [3, 4]);
    let mut out = format!("Budget check on the {}, {} a month (limits in {})\n{t}\n", basis_name(basis), m.code(), m.code());
    for line in crossings(checks, m) {
        out.push_str(&format!("over budget: {line}\n"));
    }
    for c in checks {
        if let Some(n) = &c.note {
            out.push_str(&format!("note: {} at {}: {n}\n", c.scenario, c.stage));
        }
    }
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("{note}\n"));
    }
    crate::report::table::plain_string(out)
}

/// Pretty JSON with a trailing newline.
pub fn json(
    checks: &[Check],
    basis: Basis,
    currency: Option<&DisplayCurrency>,
    provenance: Option<&crate::provenance::Provenance>,
) -> serde_json::Result<String> {
    let o = Outcome {
        schema_version: crate::results::SCHEMA_VERSION,
        kind: crate::provenance::OutputKind::Budget,
        provenance,
        basis,
        checks,
        exceeded: checks.iter().any(|c| !c.crossed.is_empty()),
        currency,
    };
    let mut s = crate::json::to_string_pretty(&o)?;
    s.push('\n');
    Ok(s)
}

/// A GitHub pull-request comment: a one-line headline, a small table, details collapsed.
pub fn markdown(checks: &[Check], basis: Basis, m: &Money) -> String {
    let md = crate::report::markdown::text;
    let usd = |v: f64| m.amount(v);
    let over = crossings(checks, m);
    let headline = if over.is_empty() {
        format!("**hostcast budget**: within budget at every stage ({}).", basis_name(basis))
    } else {
        format!("**hostcast budget**: over budget at {} stage(s) ({}).", checks.iter().filter(|c| !c.crossed.is_empty()).count(), basis_name(basis))
    };
    let mut out = format!("{headline}\n\n| Stage | Option | Total | Baseline | Status |\n| --- | --- | ---: | ---: | --- |\n");
    for c in checks {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            md(&c.stage),
            md(&c.option.clone().unwrap_or_else(|| "-".into())),
            if c.option.is_some() { m.bound(c.total_usd, c.complete) } else { "-".into() },
            c.baseline_usd.map(usd).unwrap_or_else(|| "-".into()),
            status(c)
        ));
    }
    if !over.is_empty() || checks.iter().any(|c| c.note.is_some()) {
        out.push_str("\n<details><summary>Details</summary>\n\n");
        for line in &over {
            out.push_str(&format!("- {}\n", md(line)));
        }
        for c in checks {
            if let Some(n) = &c.note {
                out.push_str(&format!("- {} at {}: {}\n", md(&c.scenario), md(&c.stage), md(n)));
            }
        }
        out.push_str("\n</details>\n");
    }
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("\n<sub>{}</sub>\n", md(&note)));
    }
    out
}

/// CSV: one row per scenario and stage, the amounts as plain numbers.
pub fn csv(checks: &[Check], basis: Basis) -> String {
    let basis = match basis {
        Basis::Cash => "cash",
        Basis::WithTeamTime => "with_team_time",
    };
    let mut g =
        crate::report::grid::Grid::new(&["scenario", "stage", "option", "basis", "total_usd", "complete", "baseline_usd", "exceeded", "over_usd", "note"], &[]);
    let num = |v: f64| format!("{v:.2}");
    for c in checks {
        let over: f64 = c.crossed.iter().map(|x| x.over_usd).fold(0.0, f64::max);
        g.push(vec![
            c.scenario.clone(),
            c.stage.clone(),
            c.option.clone().unwrap_or_default(),
            basis.into(),
            if c.option.is_some() { num(c.total_usd) } else { String::new() },
            c.complete.to_string(),
            c.baseline_usd.map(num).unwrap_or_default(),
            (!c.crossed.is_empty()).to_string(),
            if c.crossed.is_empty() { String::new() } else { num(over) },
            c.note.clone().unwrap_or_default(),
        ]);
    }
    g.csv()
}

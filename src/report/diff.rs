//! `hostcast diff` as a table, JSON, or a Markdown pull-request comment.

use crate::diff::{Change, Diff, MonthChange};
use crate::money::Money;

/// `+$1.00 (+5%)`.
fn change(m: &Money, c: &Change) -> String {
    let usd = |v: f64| m.amount(v);
    let sign = if c.change_usd >= 0.0 { "+" } else { "" };
    match c.change_pct {
        Some(p) if p.abs() < 10.0 => format!("{sign}{} ({sign}{p:.1}%)", usd(c.change_usd)),
        Some(p) => format!("{sign}{} ({sign}{p:.0}%)", usd(c.change_usd)),
        None => format!("{sign}{}", usd(c.change_usd)),
    }
}

fn side(m: &Money, v: Option<f64>, complete: Option<bool>) -> String {
    match v {
        Some(v) => m.bound(v, complete.unwrap_or(true)),
        None => "-".into(),
    }
}

/// The recommendations that changed, as sentences.
fn recommendation_changes(d: &Diff) -> Vec<String> {
    d.stages
        .iter()
        .filter(|s| s.base != s.head)
        .map(|s| {
            let name = |o: &Option<String>| o.clone().unwrap_or_else(|| "none".into());
            format!("{}: recommended {} → {}", s.stage, name(&s.base), name(&s.head))
        })
        .collect()
}

/// A plain-text table of every changed option and stage.
pub fn table(d: &Diff) -> String {
    let m = Money::new(d.currency.as_ref());
    let mut out = format!("{} → {}: monthly cost, {} (cash bill; with team time)\n", d.base, d.head, m.code());
    let mut t = crate::report::table::styled();
    t.set_header(vec!["Stage", "Option", "Before", "After", "Change", "With team time"]);
    let mut any = false;
    for r in d.changed() {
        any = true;
        t.add_row(vec![
            r.stage.clone(),
            r.option.clone(),
            side(&m, r.base.as_ref().map(|s| s.monthly_cost_usd), r.base.as_ref().map(|s| s.complete)),
            side(&m, r.head.as_ref().map(|s| s.monthly_cost_usd), r.head.as_ref().map(|s| s.complete)),
            change(&m, &r.monthly_cost),
            change(&m, &r.with_team_time),
        ]);
    }
    if any {
        crate::report::table::keep_whole(&mut t, 2..6);
        out.push_str(&t.to_string());
        out.push('\n');
    } else {
        out.push_str("No option's cost changed.\n");
    }
    for line in recommendation_changes(d) {
        out.push_str(&format!("{line}\n"));
    }
    for r in d.changed() {
        for c in r.components.iter().take(8) {
            out.push_str(&format!("  {} · {} · {} {}: {}\n", r.stage, r.option, c.service, c.component, change(&m, &c.change)));
        }
    }
    let moved: Vec<&MonthChange> = d.months.iter().filter(|m| m.moved()).collect();
    if !moved.is_empty() {
        let mut t = crate::report::table::styled();
        t.set_header(vec!["Month", "Option", "Median before", "Median after", "Change", "P10–P90 after", "Band change"]);
        for mc in moved {
            t.add_row(month_cells(mc, &m));
        }
        out.push_str("Month by month (growth timeline; median users, and the band from the 10th to the 90th percentile):\n");
        out.push_str(&t.to_string());
        out.push('\n');
    }
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("{note}\n"));
    }
    crate::report::table::plain_string(out)
}

/// A month's row: month, option, median before and after, its change, the band
/// after, and the change at each end of the band.
fn month_cells(mc: &MonthChange, money: &Money) -> Vec<String> {
    let bound = |v: f64| money.bound(v, mc.complete);
    vec![
        mc.month.to_string(),
        mc.option.clone(),
        bound(mc.p50.base_usd),
        bound(mc.p50.head_usd),
        change(money, &mc.p50),
        format!("{}–{}", bound(mc.p10.head_usd), bound(mc.p90.head_usd)),
        format!("{} / {}", change(money, &mc.p10), change(money, &mc.p90)),
    ]
}

/// Pretty JSON with a trailing newline.
pub fn json(d: &Diff) -> serde_json::Result<String> {
    let mut s = crate::json::to_string_pretty(d)?;
    s.push('\n');
    Ok(s)
}

/// A GitHub pull-request comment: a one-line headline, a small table of the
/// recommended options, the details collapsed.
pub fn markdown(d: &Diff) -> String {
    let md = crate::report::markdown::text;
    let m = Money::new(d.currency.as_ref());
    // headline: the recommended option at the last stage, before and after
    let last = d.stages.last();
    let row = |stage: &str, option: &Option<String>| d.rows.iter().find(|r| Some(&r.option) == option.as_ref() && r.stage == stage);
    let headline = match last.and_then(|s| row(&s.stage, &s.head).map(|r| (s, r))) {
        Some((s, r)) => format!(
            "**hostcast**: at {} the recommended {} costs {} a month ({}).",
            md(&s.stage),
            md(&r.option),
            side(&m, r.head.as_ref().map(|x| x.monthly_cost_usd), r.head.as_ref().map(|x| x.complete)),
            change(&m, &r.monthly_cost)
        ),
        None => "**hostcast**: no option can be recommended at the last stage.".to_string(),
    };
    let mut out = format!("{headline}\n\n| Stage | Recommended | Before | After | Change |\n| --- | --- | ---: | ---: | ---: |\n");
    for s in &d.stages {
        let r = row(&s.stage, &s.head).or_else(|| row(&s.stage, &s.base));
        let was = if s.base != s.head { format!(" (was {})", s.base.clone().unwrap_or_else(|| "none".into())) } else { String::new() };
        match r {
            Some(r) => out.push_str(&format!(
                "| {} | {}{} | {} | {} | {} |\n",
                md(&s.stage),
                md(&s.head.clone().unwrap_or_else(|| "none".into())),
                md(&was),
                side(&m, r.base.as_ref().map(|x| x.monthly_cost_usd), r.base.as_ref().map(|x| x.complete)),
                side(&m, r.head.as_ref().map(|x| x.monthly_cost_usd), r.head.as_ref().map(|x| x.complete)),
                change(&m, &r.monthly_cost)
            )),
            None => out.push_str(&format!("| {} | none{} | - | - | - |\n", md(&s.stage), md(&was))),
        }
    }
    out.push_str("\n<details><summary>Every option and component that changed</summary>\n\n");
    out.push_str("| Stage | Option | Service | Component | Change |\n| --- | --- | --- | --- | ---: |\n");
    for r in d.changed() {
        out.push_str(&format!("| {} | {} | (total) | cash bill | {} |\n", md(&r.stage), md(&r.option), change(&m, &r.monthly_cost)));
        for c in &r.components {
            out.push_str(&format!("| {} | {} | {} | {} | {} |\n", md(&r.stage), md(&r.option), md(&c.service), md(&c.component), change(&m, &c.change)));
        }
    }
    let moved: Vec<&MonthChange> = d.months.iter().filter(|m| m.moved()).collect();
    if !moved.is_empty() {
        out.push_str("\n</details>\n\n<details><summary>Month by month (growth timeline: median, and the P10–P90 band)</summary>\n\n");
        out.push_str(
            "| Month | Option | Median before | Median after | Change | P10–P90 after | Band change |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: |\n",
        );
        for mc in moved {
            let cells: Vec<String> = month_cells(mc, &m).iter().map(|c| md(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out.push_str(&format!("\n</details>\n\n<sub>{} → {}, cash bill (hosting + APIs) in {} a month.</sub>\n", md(&d.base), md(&d.head), m.code()));
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("\n<sub>{}</sub>\n", md(&note)));
    }
    out
}

/// CSV: one row per option and stage of either side, the amounts as plain numbers
/// (empty where a side has no such row).
pub fn csv(d: &Diff) -> String {
    let mut g = crate::report::grid::Grid::new(
        &[
            "scenario",
            "option",
            "stage",
            "base_monthly_cost_usd",
            "head_monthly_cost_usd",
            "change_usd",
            "change_pct",
            "base_with_team_time_usd",
            "head_with_team_time_usd",
            "base_recommended",
            "head_recommended",
        ],
        &[],
    );
    let num = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    for r in &d.rows {
        g.push(vec![
            r.scenario.clone(),
            r.option.clone(),
            r.stage.clone(),
            num(r.base.as_ref().map(|s| s.monthly_cost_usd)),
            num(r.head.as_ref().map(|s| s.monthly_cost_usd)),
            num(Some(r.monthly_cost.change_usd)),
            num(r.monthly_cost.change_pct),
            num(r.base.as_ref().map(|s| s.with_team_time_usd)),
            num(r.head.as_ref().map(|s| s.with_team_time_usd)),
            r.base.as_ref().map(|s| s.recommended.to_string()).unwrap_or_default(),
            r.head.as_ref().map(|s| s.recommended.to_string()).unwrap_or_default(),
        ]);
    }
    g.csv()
}

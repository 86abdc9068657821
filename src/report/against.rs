//! `compare --against`: each option's total at each stage under two price sets —
//! the run's books and the books or overlay given — with the change, absolute and
//! in percent, as a table, JSON or Markdown. Also the plain Markdown totals table of
//! `compare --format markdown`.

use serde::Serialize;

use crate::money::DisplayCurrency;
use crate::money::Money;
use crate::results::Results;
use crate::simulate::OptionResult;

/// One option at one stage under both price sets (USD, plus the display currency).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Scenario id.
    pub scenario: String,
    /// Option name.
    pub option: String,
    /// Stage name.
    pub stage: String,
    /// The cash bill (hosting + APIs) under the run's books, USD.
    pub old_usd: f64,
    /// The cash bill under the `--against` books, USD.
    pub new_usd: f64,
    /// `new_usd - old_usd`.
    pub change_usd: f64,
    /// The change in percent of `old_usd` (none when that is 0).
    pub change_pct: Option<f64>,
    /// Whether both totals are complete (no missing price).
    pub complete: bool,
    /// `old_usd` in the display currency, when one was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<f64>,
    /// `new_usd` in the display currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<f64>,
    /// `change_usd` in the display currency.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<f64>,
}

/// The comparison of two price sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Against {
    /// The run's books, in words.
    pub old: String,
    /// The books or overlay given to `--against`.
    pub new: String,
    /// Every option and stage of the run, in scenario order.
    pub rows: Vec<Row>,
    /// The display currency, rate, date and source (absent: USD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<DisplayCurrency>,
}

impl Against {
    /// Pairs every row of `old` with the same scenario, option and stage of `new`.
    pub fn new(old: &Results, new: &Results, old_label: &str, new_label: &str) -> Against {
        let rate = old.currency.as_ref().map(|d| d.rate);
        let rows = old
            .results
            .iter()
            .filter_map(|o| {
                let n = new.results.iter().find(|n| n.scenario == o.scenario && n.option == o.option && n.stage == o.stage)?;
                Some(row(o, n, rate))
            })
            .collect();
        Against { old: old_label.into(), new: new_label.into(), rows, currency: old.currency.clone() }
    }
}

fn row(o: &OptionResult, n: &OptionResult, rate: Option<f64>) -> Row {
    let change = n.monthly_cost_usd - o.monthly_cost_usd;
    Row {
        scenario: o.scenario.clone(),
        option: o.option.clone(),
        stage: o.stage.clone(),
        old_usd: o.monthly_cost_usd,
        new_usd: n.monthly_cost_usd,
        change_usd: change,
        change_pct: (o.monthly_cost_usd.abs() > 1e-9).then(|| change / o.monthly_cost_usd * 100.0),
        complete: o.complete && n.complete,
        old: rate.map(|r| o.monthly_cost_usd * r),
        new: rate.map(|r| n.monthly_cost_usd * r),
        change: rate.map(|r| change * r),
    }
}

/// `+€1.00 (+5.0%)`.
fn change_text(m: &Money, r: &Row) -> String {
    match r.change_pct {
        Some(p) => format!("{} ({}{p:.1}%)", m.signed(r.change_usd), if p >= 0.0 { "+" } else { "" }),
        None => m.signed(r.change_usd),
    }
}

fn cells(m: &Money, r: &Row) -> [String; 6] {
    [r.stage.clone(), r.option.clone(), m.bound(r.old_usd, r.complete), m.bound(r.new_usd, r.complete), change_text(m, r), r.scenario.clone()]
}

/// A plain-text table.
pub fn table(a: &Against) -> String {
    let m = Money::new(a.currency.as_ref());
    let mut out = format!("Monthly cash bill (hosting + APIs), {}: {} (old) against {} (new)\n", m.code(), a.old, a.new);
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header(vec!["Stage", "Option", "Old", "New", "Change", "Scenario"]);
    for r in &a.rows {
        t.add_row(cells(&m, r).to_vec());
    }
    out.push_str(&t.to_string());
    out.push('\n');
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("{note}\n"));
    }
    crate::report::table::plain_string(out)
}

/// Pretty JSON with a trailing newline.
pub fn json(a: &Against) -> serde_json::Result<String> {
    let mut s = crate::json::to_string_pretty(a)?;
    s.push('\n');
    Ok(s)
}

/// A Markdown table.
pub fn markdown(a: &Against) -> String {
    let md = crate::report::markdown::text;
    let m = Money::new(a.currency.as_ref());
    let mut out = format!("Monthly cash bill (hosting + APIs), {}: {} (old) against {} (new)\n\n", m.code(), md(&a.old), md(&a.new));
    out.push_str("| Stage | Option | Old | New | Change | Scenario |\n| --- | --- | ---: | ---: | ---: | --- |\n");
    for r in &a.rows {
        let c = cells(&m, r).map(|c| md(&c).replace('|', "\\|"));
        out.push_str(&format!("| {} |\n", c.join(" | ")));
    }
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("\n{}\n", md(&note)));
    }
    out
}

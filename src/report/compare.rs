//! `compare --format markdown` (and `output --format markdown`): per scenario a
//! heading, the totals matrix (options × stages, the cash bill) and the
//! recommendation of each stage, the per-option details collapsed.

use super::grid::Grid;
use super::markdown::text;
use crate::money::Money;
use crate::results::Results;

/// Renders results as GitHub-flavoured Markdown.
pub fn markdown(results: &Results) -> String {
    let m = Money::new(results.currency.as_ref());
    let mut out = String::new();
    for super::table::ScenarioRows { slug, name, rows, stages, options } in super::table::by_scenario(results) {
        out.push_str(&format!(
            "### {} ({})\n\nMonthly cash bill (hosting + APIs), {}, {}; ✓ recommended.\n\n",
            text(name),
            super::markdown::code(slug),
            m.code(),
            super::table::tax_words(&rows)
        ));
        let mut header = vec!["Option"];
        header.extend(stages.iter());
        let mut grid = Grid::new(&header, &stages);
        for o in &options {
            let mut row = vec![o.to_string()];
            for s in &stages {
                row.push(rows.iter().find(|r| r.option == *o && r.stage == *s).map(|r| super::table::total_cell(r, &m)).unwrap_or_default());
            }
            grid.push(row);
        }
        out.push_str(&grid.markdown());
        if rows.iter().any(|r| !r.complete) {
            out.push_str("\n≥ a price is missing from the price books: that total is a lower bound.\n");
        }
        out.push_str(&format!("\n{}.\n\n", text(&super::table::volume_basis(&rows))));
        for rec in results.recommendations.iter().filter(|x| x.scenario == slug) {
            match &rec.recommended {
                Some(o) => out.push_str(&format!("- {}: recommended **{}**\n", text(&rec.stage), text(o))),
                None => out.push_str(&format!("- {}: no option can be recommended\n", text(&rec.stage))),
            }
        }
        out.push_str("\n<details><summary>Per option and stage</summary>\n\n");
        let mut detail = Grid::new(
            &["Option", "Stage", "Hosting", "APIs", "Cash bill", "Team time", "With team time"],
            &["Hosting", "APIs", "Cash bill", "Team time", "With team time"],
        );
        for r in &rows {
            detail.push(vec![
                r.option.clone(),
                r.stage.clone(),
                m.bound(r.hosting_usd, r.complete),
                m.bound(r.apis_usd, r.complete),
                m.bound(r.monthly_cost_usd, r.complete),
                m.amount(r.team_time_usd),
                m.bound(r.with_team_time_usd, r.complete),
            ]);
        }
        out.push_str(&detail.markdown());
        out.push_str("\n</details>\n\n");
    }
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("{}\n", text(&note)));
    }
    out
}

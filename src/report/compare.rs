//! `compare --format markdown` (and `output --format markdown`): per scenario a
//! heading, the totals matrix (options × stages, the cash bill) and the
//! recommendation of each stage, the per-option details collapsed.

use super::grid::Grid;
use super::markdown::text;
use crate::money::usd_bound;
use crate::simulate::{OptionResult, Results};

/// Renders results as GitHub-flavoured Markdown.
pub fn markdown(results: &Results) -> String {
    let mut out = String::new();
    let mut scenarios: Vec<(&str, &str)> = Vec::new();
    for r in &results.results {
        if !scenarios.iter().any(|(s, _)| *s == r.scenario) {
            scenarios.push((&r.scenario, &r.scenario_name));
        }
    }
    for (slug, name) in scenarios {
        let rows: Vec<&OptionResult> = results.results.iter().filter(|r| r.scenario == slug).collect();
        let mut stages: Vec<&str> = Vec::new();
        let mut options: Vec<&str> = Vec::new();
        for r in &rows {
            if !stages.contains(&r.stage.as_str()) {
                stages.push(&r.stage);
            }
            if !options.contains(&r.option.as_str()) {
                options.push(&r.option);
            }
        }
        out.push_str(&format!("### {} (`{slug}`)\n\nMonthly cash bill (hosting + APIs), USD; ✓ recommended.\n\n", text(name)));
        let mut header = vec!["Option"];
        header.extend(stages.iter());
        let mut grid = Grid::new(&header, &stages);
        for o in &options {
            let mut row = vec![o.to_string()];
            for s in &stages {
                row.push(rows.iter().find(|r| r.option == *o && r.stage == *s).map(|r| super::table::total_cell(r)).unwrap_or_default());
            }
            grid.push(row);
        }
        out.push_str(&grid.markdown());
        if rows.iter().any(|r| !r.complete) {
            out.push_str("\n≥ a price is missing from the price books: that total is a lower bound.\n");
        }
        out.push('\n');
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
                usd_bound(r.hosting_usd, r.complete),
                usd_bound(r.apis_usd, r.complete),
                usd_bound(r.monthly_cost_usd, r.complete),
                crate::money::usd(r.team_time_usd),
                usd_bound(r.with_team_time_usd, r.complete),
            ]);
        }
        out.push_str(&detail.markdown());
        out.push_str("\n</details>\n\n");
    }
    out
}

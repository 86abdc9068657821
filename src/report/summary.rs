//! The terminal summary of `hostcast report`: per scenario, the recommendation at
//! each stage (comfy-table, built without colours, so it is plain text whether or
//! not stdout is a terminal and whatever `NO_COLOR` says).

use comfy_table::{Cell, CellAlignment, ContentArrangement};

use super::model::Report;

/// Renders the summary of one report written to `folder`.
pub fn render(r: &Report, folder: &str) -> String {
    let mut t = crate::report::table::styled();
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(r.summary.header.clone());
    for row in &r.summary.rows {
        t.add_row(row.iter().enumerate().map(|(i, c)| {
            let cell = Cell::new(crate::report::table::plain(c));
            if r.summary.numeric.get(i).copied().unwrap_or(false) { cell.set_alignment(CellAlignment::Right) } else { cell }
        }));
    }
    let mut out = format!("{} ({}): recommended option per stage, {} per month\n{t}\n", r.title, r.slug, r.currency);
    if let Some(note) = &r.rate_note {
        out.push_str(&format!("{note}\n"));
    }
    let notes = r.risks.len();
    out.push_str(&format!(
        "{notes} risk{} and caveat{} in the report. Written: {folder}/\n\n",
        if notes == 1 { "" } else { "s" },
        if notes == 1 { "" } else { "s" }
    ));
    crate::report::table::plain_string(out)
}

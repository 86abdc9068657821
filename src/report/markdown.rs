//! `report.md`: the report as GitHub-flavoured Markdown, charts linked as SVG files
//! beside it.

use super::model::{Report, Section, Table};

/// Text from the inputs, safe in Markdown: outside code spans, `<`, `>` and `&`
/// become entities, so a name like `<script>` shows as written and never runs as
/// HTML (inside backticks Markdown shows everything literally already).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            '&' if !in_code => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a table cell: pipes and line breaks would break the row; HTML is shown, not run.
fn cell(s: &str) -> String {
    text(s).replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table (an empty one renders as `None.`).
pub fn table(t: &Table) -> String {
    if t.rows.is_empty() {
        return "None.\n".into();
    }
    let mut out = format!("| {} |\n", t.header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
    let align: Vec<&str> = (0..t.header.len()).map(|i| if t.numeric.get(i).copied().unwrap_or(false) { "---:" } else { "---" }).collect();
    out.push_str(&format!("| {} |\n", align.join(" | ")));
    for r in &t.rows {
        out.push_str(&format!("| {} |\n", r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")));
    }
    out
}

fn sections(out: &mut String, sections: &[Section]) {
    for s in sections {
        out.push_str(&format!("### {}\n\n", text(&s.heading)));
        if !s.intro.is_empty() {
            out.push_str(&format!("{}\n\n", text(&s.intro)));
        }
        out.push_str(&table(&s.table));
        out.push('\n');
    }
}

/// The Inputs section: what every figure rests on.
fn inputs(out: &mut String, i: &super::model::Inputs) {
    out.push_str(&format!(
        "\n## Inputs\n\nWhat every figure above rests on, from `{}`. {} {}.\n\n",
        i.file.replace('`', "'"),
        text(&i.rank_by),
        text(&i.volume_basis)
    ));
    out.push_str("### Load per stage\n\n");
    out.push_str(&table(&i.stages));
    out.push_str("\n### Workload per service\n\n");
    out.push_str(&table(&i.services));
    out.push_str("\n### Team time\n\n");
    out.push_str(&table(&i.team_time));
    out.push_str("\n### Assumed in the scenario\n\nEach `# assumed` note of the scenario file, with its line.\n\n");
    out.push_str(&table(&i.notes));
}

/// Renders the report as Markdown.
pub fn render(r: &Report) -> String {
    let mut out = format!("# {}: hosting cost report\n\n", text(&r.title));
    if !r.description.is_empty() {
        out.push_str(&format!("{}\n\n", text(&r.description)));
    }
    out.push_str(&format!(
        "Report date {}. {} Also in this folder: [the self-contained HTML report](report.html), \
         and every cost line as [CSV](costs.csv), [JSON](costs.json) and [Parquet](costs.parquet).\n\n",
        r.today,
        text(&r.money)
    ));
    out.push_str("## Summary\n\n");
    for f in &r.findings {
        out.push_str(&format!("- **{}**: {}\n", text(&f.heading), text(&f.text)));
    }
    out.push('\n');
    out.push_str(&table(&r.summary));
    out.push_str("\n### Risks and caveats\n\n");
    for risk in &r.risks {
        out.push_str(&format!("- {}\n", text(risk)));
    }
    out.push_str("\n## Charts\n\n");
    for c in &r.charts {
        out.push_str(&format!(
            "### {}\n\n{}\n\n![{}]({}.svg)\n\n[PNG]({}.png)\n\n",
            text(&c.title),
            text(&c.caption),
            text(&c.title).replace(['[', ']'], ""),
            c.name,
            c.name
        ));
    }
    out.push_str("## Cost per stage\n\n");
    sections(&mut out, &r.stage_tables);
    out.push_str("## Capacity: size × instances per service\n\n");
    sections(&mut out, &r.capacity_tables);
    out.push_str(
        "## Crossover points\n\nWhere two options cost the same, between two stages (costs taken as linear in users between stages). \
                  The numbers match the marks on the cost-against-users chart.\n\n",
    );
    out.push_str(&table(&r.crossovers));
    if !r.timeline.rows.is_empty() {
        out.push_str(
            "\n## Timeline\n\nMonthly cost at launch, every sixth month and the last, at the 10th, 50th and 90th percentile of users \
                      (the scenario's growth spread); month by month in [timeline.csv](timeline.csv).\n\n",
        );
        out.push_str(&table(&r.timeline));
    }
    inputs(&mut out, &r.inputs);
    out.push_str("\n## Plan steps between stages\n\n");
    out.push_str(&table(&r.plan_steps));
    out.push_str("\n## Warnings\n\n");
    out.push_str(&table(&r.warnings));
    out.push_str("\n## Assumptions\n\n");
    out.push_str(&table(&r.assumptions));
    out.push_str("\n## Price books\n\n");
    out.push_str(&table(&r.books));
    out.push_str("\n## Price sources\n\n");
    out.push_str(&table(&r.sources));
    if !r.made.versions.is_empty() {
        out.push_str("\n## How this was made\n\n");
        out.push_str(&text(&r.made.versions));
        out.push_str("\n\n");
        out.push_str(&table(&r.made.files));
    }
    out
}

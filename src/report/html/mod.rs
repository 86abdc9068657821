//! `report.html`: one self-contained file. An embedded template is filled from the
//! view model; charts are inlined as SVG; styles are inline (with print rules);
//! nothing is fetched, no script runs.

use super::charts::Chart;
use super::model::{Report, Section, Table};

const TEMPLATE: &str = include_str!("template.html");

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Escapes text, then sets `backticked` spans as code.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(s).split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!("<code>{part}</code>"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// An HTML table (an empty one renders as `None.`).
pub fn table(t: &Table) -> String {
    if t.rows.is_empty() {
        return "<p>None.</p>\n".into();
    }
    let class = |i: usize| if t.numeric.get(i).copied().unwrap_or(false) { " class=\"num\"" } else { "" };
    let mut out = String::from("<table>\n<thead><tr>");
    for (i, h) in t.header.iter().enumerate() {
        out.push_str(&format!("<th{}>{}</th>", class(i), inline(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            if c.starts_with("https://") || c.starts_with("http://") {
                out.push_str(&format!("<td class=\"url\"><a href=\"{0}\">{0}</a></td>", escape(c)));
            } else {
                out.push_str(&format!("<td{}>{}</td>", class(i), inline(c)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn sections(list: &[Section]) -> String {
    let mut out = String::new();
    for s in list {
        out.push_str(&format!("<h3>{}</h3>\n", inline(&s.heading)));
        if !s.intro.is_empty() {
            out.push_str(&format!("<p>{}</p>\n", inline(&s.intro)));
        }
        out.push_str(&table(&s.table));
    }
    out
}

/// Renders the report as one self-contained HTML page, with `charts` inlined.
pub fn render(r: &Report, charts: &[Chart]) -> String {
    let findings: String = r.findings.iter().map(|f| format!("<li><strong>{}</strong>{}</li>\n", inline(&f.heading), inline(&f.text))).collect();
    let risks: String = r.risks.iter().map(|x| format!("<li>{}</li>\n", inline(x))).collect();
    let figures: String = r
        .charts
        .iter()
        .filter_map(|c| {
            let chart = charts.iter().find(|x| x.name == c.name)?;
            Some(format!("<figure id=\"chart-{}\">\n{}<figcaption>{}</figcaption>\n</figure>\n", c.name, chart.svg, inline(&c.caption)))
        })
        .collect();
    let timeline = if r.timeline.rows.is_empty() {
        String::new()
    } else {
        format!(
            "<section id=\"timeline\">\n<h2>Timeline</h2>\n<p>Monthly cost at launch, every sixth month and the last, at the 10th, 50th and 90th percentile of users (the scenario's growth spread); month by month in <code>timeline.csv</code>.</p>\n{}</section>\n",
            table(&r.timeline)
        )
    };
    let i = &r.inputs;
    let inputs = format!(
        "<p>What every figure above rests on, from <code>{}</code>. {} {}.</p>\n<h3>Load per stage</h3>\n{}<h3>Workload per service</h3>\n{}<h3>Team time</h3>\n{}<h3>Assumed in the scenario</h3>\n<p>Each <code># assumed</code> note of the scenario file, with its line.</p>\n{}",
        escape(&i.file),
        inline(&i.rank_by),
        inline(&i.volume_basis),
        table(&i.stages),
        table(&i.services),
        table(&i.team_time),
        table(&i.notes)
    );
    let made = if r.made.versions.is_empty() {
        String::new()
    } else {
        format!("<h2>How this was made</h2>\n<p>{}</p>\n{}\n", escape(&r.made.versions), table(&r.made.files))
    };
    let fills: [(&str, String); 19] = [
        ("title", escape(&r.title)),
        ("money", escape(&r.money)),
        ("description", inline(&r.description)),
        ("today", escape(&r.today)),
        ("findings", findings),
        ("summary_table", table(&r.summary)),
        ("risks", risks),
        ("charts", figures),
        ("stage_tables", sections(&r.stage_tables)),
        ("capacity_tables", sections(&r.capacity_tables)),
        ("crossovers", table(&r.crossovers)),
        ("timeline", timeline),
        ("inputs", inputs),
        ("plan_steps", table(&r.plan_steps)),
        ("warnings", table(&r.warnings)),
        ("assumptions", table(&r.assumptions)),
        ("books", table(&r.books)),
        ("sources", table(&r.sources)),
        ("made", made),
    ];
    // one pass over the template, so a filled-in value is never scanned for placeholders
    let mut out = String::with_capacity(TEMPLATE.len() + fills.iter().map(|f| f.1.len()).sum::<usize>());
    let mut rest = TEMPLATE;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let key = &after[..end];
        match fills.iter().find(|f| f.0 == key) {
            Some((_, v)) => out.push_str(v),
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

//! `report.md`: the report as GitHub-flavoured Markdown, charts linked as SVG files
//! beside it.

use super::model::{Report, Section, Table};

/// Text from the inputs, safe in Markdown (every Markdown output of hostcast writes
/// its text through this function and its code through [`code`]):
///
/// - a code span (a run of backticks closed by a run as long) is kept as it is:
///   Markdown shows its content literally;
/// - a backtick that closes nothing is escaped (`` \` ``), so it cannot open a code
///   span that swallows what follows or leave HTML after it unescaped;
/// - outside code spans, `<`, `>` and `&` become entities (a name like `<script>` or
///   `<img onerror=…>` shows as written and never runs as HTML), a backslash is
///   doubled, `![` becomes `!\[` (no image, which GitHub would fetch from anywhere)
///   and a `]` before `(`, `[` or `:` is escaped (no link or link definition);
/// - controls are dropped ([`super::table::plain`]).
pub fn text(s: &str) -> String {
    let s = super::table::plain(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|c| **c == '`').count();
            match closing(&chars, i + run, run) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                }
                None => {
                    (0..run).for_each(|_| out.push_str("\\`"));
                    i += run;
                }
            }
            continue;
        }
        let next = chars.get(i + 1).copied();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '!' if next == Some('[') => out.push_str("!\\"),
            ']' if matches!(next, Some('(' | '[' | ':')) => out.push_str("\\]"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The end (exclusive) of the code span whose opening run of `run` backticks ends at
/// `from`: just past the next run of exactly `run` backticks on the same line, if
/// there is one (a span across a line break is not taken as one: a blank line
/// would end it in Markdown and leave its content outside).
fn closing(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() && chars[i] != '\n' {
        if chars[i] == '`' {
            let n = chars[i..].iter().take_while(|c| **c == '`').count();
            if n == run {
                return Some(i + n);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

/// `s` as a Markdown code span, shown literally whatever it holds: fenced by one
/// backtick more than its longest run of them (padded with a space where it starts
/// or ends with one), its line breaks as spaces, its controls dropped.
pub fn code(s: &str) -> String {
    let s = super::table::plain(s).replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
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
    out.push_str(&format!("\n## Inputs\n\nWhat every figure above rests on, from {}. {} {}.\n\n", code(&i.file), text(&i.rank_by), text(&i.volume_basis)));
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
            text(&c.title.replace(['[', ']'], "")),
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

#[cfg(test)]
mod tests {
    use super::{code, text};

    #[test]
    fn text_keeps_code_spans_and_escapes_what_could_run_or_fetch() {
        assert_eq!(text("stage `a<b>` & <i>"), "stage `a<b>` &amp; &lt;i&gt;");
        // a lone backtick opens nothing: what follows it is escaped like any text
        assert_eq!(text("a`<img src=x onerror=alert(1)>"), "a\\`&lt;img src=x onerror=alert(1)&gt;");
        // a run of two is closed only by a run of two
        assert_eq!(text("``a`b`` `<x>"), "``a`b`` \\`&lt;x&gt;");
        // no image, no link, no link definition
        assert_eq!(text("![x](http://example.com/a.png)"), "!\\[x\\](http://example.com/a.png)");
        assert_eq!(text("[x]: http://example.com"), "[x\\]: http://example.com");
        assert_eq!(text("[team_time] and [[service]] web"), "[team_time] and [[service]] web");
        // a span does not cross a line, controls and bidi overrides are dropped
        assert_eq!(text("`a\n\n<b>`"), "\\`a\n\n&lt;b&gt;\\`");
        assert_eq!(text("a\u{1b}[31mb\u{202e}c\\"), "a[31mbc\\\\");
    }

    #[test]
    fn code_spans_hold_anything_literally() {
        assert_eq!(code("fly.toml"), "`fly.toml`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x``"), "``` `x`` ```");
        assert_eq!(code("a\nb\u{7}"), "`a b`");
    }
}

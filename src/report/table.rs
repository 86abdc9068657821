//! Terminal tables (comfy-table): a totals matrix per scenario, then per option and
//! stage the services with provider, size, instances and cost, and what was
//! missing or assumed. Every terminal table of hostcast is made by [`styled`]: it
//! fits the terminal width and draws its borders in UTF-8 or ASCII, the cells
//! alike either way.

use std::cell::Cell as Slot;

use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use crate::money::Money;
use crate::money::count_label;
use crate::results::Results;
use crate::simulate::OptionResult;

/// Whether `c` is a control a name must not carry into a terminal, a CSV cell or
/// Markdown: a C0 control but the line break, DEL, a C1 control (escape sequences
/// start with these), or a bidirectional control (U+061C, U+200E–U+200F,
/// U+202A–U+202E, U+2066–U+2069), which reorders what is shown.
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text from the inputs, safe to print: tabs become spaces, every other control of
/// [`is_control`] is dropped (so a name cannot move the cursor, recolour or clear
/// the terminal); line breaks stay.
pub fn plain(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(s.chars().filter_map(|c| if c == '\t' { Some(' ') } else { (!is_control(c)).then_some(c) }).collect())
}

/// [`plain`] of an owned text, without a copy when there is nothing to drop.
pub fn plain_string(s: String) -> String {
    match plain(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(o) => o,
    }
}

/// How this run draws tables: borders and the width to fit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Terminal {
    /// Borders in ASCII (`--ascii`, or standard output is not a terminal).
    pub ascii: bool,
    /// The width to fit (`COLUMNS`, else the terminal's); none: as wide as the cells.
    pub width: Option<u16>,
}

thread_local! {
    static TERMINAL: Slot<Terminal> = const { Slot::new(Terminal { ascii: false, width: None }) };
}

/// Sets how tables are drawn from now on (on this thread: the binary's main thread).
pub fn configure(terminal: Terminal) {
    TERMINAL.with(|t| t.set(terminal));
}

/// An empty table drawn the way [`configure`] said: its borders, the width to fit
/// (cells wrap to fit it), no colours.
pub fn styled() -> Table {
    let term = TERMINAL.with(Slot::get);
    let mut t = Table::new();
    t.load_style(if term.ascii { ASCII_FULL_CONDENSED } else { UTF8_FULL_CONDENSED });
    t.set_content_arrangement(ContentArrangement::Dynamic);
    match term.width {
        Some(w) => {
            t.set_width(w);
        }
        None => {
            // not a terminal width: do not let the library guess one
            t.force_no_tty();
        }
    }
    t
}

/// Keeps the columns at `columns` (numbers, amounts) from wrapping when the table
/// is fitted to the terminal: the text columns wrap instead.
pub fn keep_whole(t: &mut Table, columns: impl IntoIterator<Item = usize>) {
    for i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
        }
    }
}

fn table(header: Vec<&str>) -> Table {
    let mut t = styled();
    t.set_header(header);
    t
}

/// Whether the figures of `rows` include tax, in words.
pub fn tax_words(rows: &[&OptionResult]) -> String {
    if rows.iter().any(|r| r.tax_usd > 0.0) { "including the tax the buyer pays (lines `tax`)".to_string() } else { "net of VAT and sales tax".to_string() }
}

/// One cell of the totals matrix: the cash bill, `≥` when a lower bound, marked
/// `(n/a)`, `(= Fly)` and `✓` (recommended).
pub fn total_cell(r: &OptionResult, m: &Money) -> String {
    let mut cell = m.bound(r.monthly_cost_usd, r.complete);
    if !r.available {
        cell.push_str(" (n/a)");
    }
    if r.diagnostics.iter().any(|d| d.kind == crate::findings::FindingKind::NoFrontEnd) {
        cell.push_str(" (= Fly)");
    }
    if r.recommended {
        cell.push_str(" ✓");
    }
    cell
}

/// One scenario's rows, with its stages and options in the order they first appear.
pub struct ScenarioRows<'a> {
    /// Scenario id.
    pub slug: &'a str,
    /// Scenario name.
    pub name: &'a str,
    /// Its rows, in the results' order.
    pub rows: Vec<&'a OptionResult>,
    /// Its stages, first seen first.
    pub stages: Vec<&'a str>,
    /// Its options, first seen first.
    pub options: Vec<&'a str>,
}

/// The results grouped by scenario, scenarios in the order they first appear.
pub fn by_scenario(results: &Results) -> Vec<ScenarioRows<'_>> {
    use std::collections::{HashMap, HashSet};
    let mut out: Vec<ScenarioRows<'_>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut seen: HashSet<(usize, bool, &str)> = HashSet::new();
    for r in &results.results {
        let i = *index.entry(r.scenario.as_str()).or_insert_with(|| {
            out.push(ScenarioRows { slug: &r.scenario, name: &r.scenario_name, rows: Vec::new(), stages: Vec::new(), options: Vec::new() });
            out.len() - 1
        });
        let group = &mut out[i];
        group.rows.push(r);
        if seen.insert((i, true, r.stage.as_str())) {
            group.stages.push(&r.stage);
        }
        if seen.insert((i, false, r.option.as_str())) {
            group.options.push(&r.option);
        }
    }
    out
}

/// How a scenario's volumes per month are made: the assumption its own
/// `days_per_month` adds to every row, or else the default basis.
pub fn volume_basis(rows: &[&OptionResult]) -> String {
    rows.iter()
        .flat_map(|r| r.assumptions.iter())
        .find(|a| a.starts_with(crate::money::VOLUME_BASIS_OVERRIDE))
        .cloned()
        .unwrap_or_else(|| crate::money::VOLUME_BASIS.to_string())
}

/// Renders results as text tables.
pub fn render(results: &Results) -> String {
    let m = Money::new(results.currency.as_ref());
    let mut out = String::new();
    for ScenarioRows { slug, name, rows, stages, options } in by_scenario(results) {
        out.push_str(&format!("{name} ({slug}): monthly cash bill (hosting + APIs), {}, {}; ✓ recommended\n", m.code(), tax_words(&rows)));
        let mut header = vec!["Option".to_string()];
        header.extend(stages.iter().map(|s| plain(s).into_owned()));
        let mut t = styled();
        t.set_header(header);
        for o in &options {
            let mut row = vec![Cell::new(plain(o))];
            for s in &stages {
                let cell = rows.iter().find(|r| r.option == *o && r.stage == *s).map(|r| total_cell(r, &m));
                row.push(Cell::new(cell.unwrap_or_default()).set_alignment(CellAlignment::Right));
            }
            t.add_row(row);
        }
        keep_whole(&mut t, 1..=stages.len());
        out.push_str(&t.to_string());
        out.push('\n');
        if rows.iter().any(|r| !r.complete) {
            out.push_str("≥ a price is missing from the price books: that total is a lower bound (see below)\n");
        }
        if rows.iter().any(|r| r.diagnostics.iter().any(|d| d.kind == crate::findings::FindingKind::NoFrontEnd)) {
            out.push_str("(= Fly) the app has no front end: the Vercel + Fly option runs everything on Fly\n");
        }
        if rows.iter().any(|r| !r.available) {
            out.push_str("(n/a) the platform cannot host a service of this app (see below)\n");
        }
        out.push_str(&format!("{}.\n", volume_basis(&rows)));
        for rec in results.recommendations.iter().filter(|x| x.scenario == slug) {
            let basis = match rec.rank_by {
                crate::scenario::model::RankBy::WithTeamTime => "ranked with the team's time",
                crate::scenario::model::RankBy::Cash => "ranked on the cash bill",
            };
            match &rec.recommended {
                Some(o) => out.push_str(&format!("{}: recommended {o} ({basis})\n", rec.stage)),
                None => out.push_str(&format!("{}: no option can be recommended ({basis}): each is blocked, incomplete or not available\n", rec.stage)),
            }
        }
        out.push('\n');
        // each option and stage's services, drawn on every core (a 10,000-service
        // scenario has 120,000 rows), joined in order
        let term = TERMINAL.with(Slot::get);
        let work = rows.iter().map(|r| r.services.len()).sum();
        for block in crate::parallel::map(&rows, work, PARALLEL_FROM, |r| {
            configure(term);
            option_block(r, &m)
        }) {
            out.push_str(&block);
        }
    }
    if !results.price_books.is_empty() {
        out.push_str("Price books: ");
        let books: Vec<String> = results.price_books.iter().map(|b| format!("{} ({}, as of {})", b.title, b.path, b.as_of)).collect();
        out.push_str(&books.join("; "));
        out.push('\n');
    }
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("{note}\n"));
    }
    plain_string(out)
}

/// Service rows below which the tables are drawn on one thread.
const PARALLEL_FROM: usize = 2_000;

/// One option at one stage: its totals line, its services' table and its findings.
fn option_block(r: &OptionResult, m: &Money) -> String {
    let bound = |v: f64, c: bool| m.bound(v, c);
    let usd = |v: f64| m.amount(v);
    let mut out = String::new();
    out.push_str(&format!(
        "{} · {} · {} users: cash {} (hosting {}, APIs {}) · team time {} ({} h) · with team time {}{}\n",
        r.option,
        r.stage,
        crate::money::quantity(r.users),
        bound(r.monthly_cost_usd, r.complete),
        bound(r.hosting_usd, r.complete),
        usd(r.apis_usd),
        usd(r.team_time_usd),
        crate::money::quantity(r.team_hours),
        bound(r.with_team_time_usd, r.complete),
        if r.recommended { " · recommended" } else { "" }
    ));
    let mut t = table(vec!["Service", "Kind", "Provider", "Size", "Instances", "Monthly"]);
    for s in &r.services {
        let inst = if s.instances == 0.0 {
            "-".to_string()
        } else if (s.instances - s.peak_instances as f64).abs() > 1e-9 {
            format!("{} (peak {})", count_label(s.instances), s.peak_instances)
        } else {
            count_label(s.instances)
        };
        t.add_row(vec![
            Cell::new(plain(&s.name)),
            Cell::new(&s.kind),
            Cell::new(plain(&s.provider)),
            Cell::new(plain(&s.size)),
            Cell::new(inst).set_alignment(CellAlignment::Right),
            Cell::new(usd(s.monthly_cost_usd)).set_alignment(CellAlignment::Right),
        ]);
    }
    // what no single service carries: plans, shared nodes' extras, bandwidth, add-ons, APIs
    let shared = r.monthly_cost_usd - r.services.iter().map(|s| s.monthly_cost_usd).sum::<f64>();
    if shared.abs() >= 0.005 {
        let named: std::collections::HashSet<&str> = r.services.iter().map(|s| s.name.as_str()).collect();
        let mut parts: Vec<&str> = r
            .line_items
            .iter()
            .filter(|l| l.part != crate::ledger::Part::TeamTime && !named.contains(l.service.as_str()))
            .map(|l| l.component.as_str())
            .collect();
        parts.sort_unstable();
        parts.dedup();
        t.add_row(vec![
            Cell::new("(shared)"),
            Cell::new(""),
            Cell::new(""),
            Cell::new(plain(&parts.join(", "))),
            Cell::new(""),
            Cell::new(usd(shared)).set_alignment(CellAlignment::Right),
        ]);
    }
    keep_whole(&mut t, [4, 5]);
    out.push_str(&t.to_string());
    out.push('\n');
    for d in &r.diagnostics {
        out.push_str(&format!("  {} ({}): {}\n", d.severity.as_str(), d.kind.as_str().replace('_', " "), d.message));
    }
    out.push('\n');
    out
}

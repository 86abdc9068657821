//! The report's view model: what the Markdown, HTML and terminal renderers show,
//! already worded and formatted, built from the results, their frames and queries.
//!
//! Renderers take a [`Report`] and know nothing of the domain types; this module
//! knows nothing of Markdown or HTML. It computes no cost: every figure comes from
//! a query in [`crate::results`].

use anyhow::Result;
use polars::prelude::DataFrame;

use crate::money::{Money, quantity};
use crate::rank::{Exclusion, Recommendation};
use crate::results::Results;
use crate::results::{self, Frames, StageSummary, Total};
use crate::simulate::OptionResult;

pub mod inputs;
pub mod risks;

pub use inputs::Inputs;

/// What the report needs besides the results.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The report's date, `YYYY-MM-DD` (price-book ages are counted to it).
    pub today: String,
    /// Price books older than this many days are flagged.
    pub max_age_days: u32,
    /// The currency money is shown in (`--currency`; none: USD).
    pub currency: Option<crate::money::DisplayCurrency>,
}

impl Settings {
    /// How money is shown.
    pub fn money(&self) -> Money {
        Money::new(self.currency.as_ref())
    }
}

/// A table: header, rows of formatted cells, and which columns are numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Per column: right-aligned (a number).
    pub numeric: Vec<bool>,
}

impl Table {
    fn new(header: &[&str], numeric: &[bool]) -> Table {
        Table { header: header.iter().map(|h| h.to_string()).collect(), rows: Vec::new(), numeric: numeric.to_vec() }
    }
}

/// A titled table.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Heading.
    pub heading: String,
    /// Text under the heading (may be empty).
    pub intro: String,
    /// The table.
    pub table: Table,
}

/// A chart as the reports link or inline it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartRef {
    /// File stem (`cost-by-stage`): the files are `<name>.svg` and `<name>.png`.
    pub name: String,
    /// Title.
    pub title: String,
    /// What it shows, in a sentence.
    pub caption: String,
}

/// The recommendation at one stage, worded.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// `MVP · 2,000 users`.
    pub heading: String,
    /// The recommendation and why.
    pub text: String,
}

/// Everything the reports show for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Scenario id (folder name).
    pub slug: String,
    /// Scenario name.
    pub title: String,
    /// Scenario description.
    pub description: String,
    /// The report's date.
    pub today: String,
    /// What the amounts are: their currency (with the rate, its date and source when
    /// not USD) and whether they include tax.
    pub money: String,
    /// The ISO code of the currency shown.
    pub currency: String,
    /// The rate, its date and source, when not USD.
    pub rate_note: Option<String>,
    /// Per stage: the recommendation, worded.
    pub findings: Vec<Finding>,
    /// Per stage: recommended option, total, next best, saving, cost per 1,000 users.
    pub summary: Table,
    /// Risks and caveats, most important first.
    pub risks: Vec<String>,
    /// The charts, in reading order.
    pub charts: Vec<ChartRef>,
    /// Per stage: every option's total.
    pub stage_tables: Vec<Section>,
    /// Per option: each service's size and instances at each stage.
    pub capacity_tables: Vec<Section>,
    /// Where two options' costs cross.
    pub crossovers: Table,
    /// The growth timeline at milestone months (empty without a timeline).
    pub timeline: Table,
    /// Plans that step up between stages.
    pub plan_steps: Table,
    /// Warnings, per option.
    pub warnings: Table,
    /// Assumptions, each with the options it applies to.
    pub assumptions: Table,
    /// Price books used, with their dates and ages.
    pub books: Table,
    /// Price-book entries the costs came from.
    pub sources: Table,
    /// How this was made: hostcast's and genai-prices' versions, then each book and
    /// overlay with its SHA-256 (empty when the results do not say).
    pub made: Made,
    /// The inputs the figures rest on.
    pub inputs: Inputs,
}

/// Builds the view model of `scenario` (its id) from its results and frames; `charts`
/// are the charts the report shows.
pub fn build(
    results: &Results,
    frames: &Frames,
    timeline: Option<&DataFrame>,
    description: &str,
    charts: Vec<ChartRef>,
    inputs: Inputs,
    settings: &Settings,
) -> Result<Report> {
    let rows: Vec<&OptionResult> = results.results.iter().collect();
    let first = rows.first().ok_or_else(|| anyhow::anyhow!("no results to report"))?;
    let totals = results::totals(frames)?;
    let summaries = results::stage_summaries(frames)?;
    let crossings = results::crossovers(&totals);
    let steps = results::plan_steps(frames)?;
    let recommended: Vec<&str> = summaries.iter().filter_map(|s| s.recommended.as_ref().map(|r| r.option.as_str())).collect();
    let books = risks::books(results, frames, settings)?;
    let m = &settings.money();
    Ok(Report {
        slug: first.scenario.clone(),
        title: first.scenario_name.clone(),
        description: description.trim().to_string(),
        today: settings.today.clone(),
        money: money_words(m, &rows),
        currency: m.code().to_string(),
        rate_note: m.rate_note(),
        findings: summaries
            .iter()
            .map(|s| finding(s, results.recommendations.iter().find(|r| r.scenario == first.scenario && r.stage == s.stage), m))
            .collect(),
        summary: summary_table(&summaries, m),
        risks: risks::risks(&rows, &books, &steps, &recommended, settings, timeline.is_some()),
        charts,
        stage_tables: stage_tables(&summaries, &totals, m),
        capacity_tables: capacity_tables(frames)?,
        crossovers: crossover_table(&crossings, m),
        timeline: match timeline {
            Some(t) => timeline_table(t, m)?,
            None => Table::new(&[], &[]),
        },
        plan_steps: risks::plan_table(&steps, m),
        warnings: risks::warning_table(&rows),
        assumptions: risks::assumption_table(&rows),
        books: risks::book_table(&books, settings),
        sources: source_table(frames)?,
        made: made(results.provenance.as_ref()),
        inputs,
    })
}

/// The "How this was made" section.
#[derive(Debug, Clone, PartialEq)]
pub struct Made {
    /// One line: the versions (empty when the results do not record them).
    pub versions: String,
    /// Each price book and overlay: kind, provider, path, SHA-256.
    pub files: Table,
}

fn made(p: Option<&crate::provenance::Provenance>) -> Made {
    let mut files = Table::new(&["File", "Provider", "Path", "SHA-256"], &[false, false, false, false]);
    let Some(p) = p else { return Made { versions: String::new(), files } };
    for (what, list) in [("price book", &p.price_books), ("overlay", &p.overlays)] {
        for f in list {
            files.rows.push(vec![what.to_string(), f.provider.clone(), f.path.clone(), f.sha256.clone()]);
        }
    }
    Made { versions: format!("hostcast {}, with LLM prices from genai-prices {}.", p.hostcast_version, p.genai_prices_version), files }
}

/// The timeline at launch, every sixth month and the last: median users and the
/// cost's P10, median and P90 per option.
fn timeline_table(frame: &DataFrame, m: &Money) -> Result<Table> {
    let last = frame.column("month")?.as_materialized_series().max::<u32>()?.unwrap_or(0);
    let mut months: Vec<u32> = (0..=last).step_by(6).collect();
    if months.last() != Some(&last) {
        months.push(last);
    }
    let rows = results::timeline::at_months(frame, &months)?;
    let mut t = Table::new(&["Option", "Month", "Stage settings", "Median users", "P10", "Median", "P90"], &[false, true, false, true, true, true, true]);
    for r in rows {
        t.rows.push(vec![
            r.option,
            r.month.to_string(),
            r.stage,
            quantity(r.users_p50.round()),
            m.bound(r.cost_usd[0], r.complete[0]),
            m.bound(r.cost_usd[1], r.complete[1]),
            m.bound(r.cost_usd[2], r.complete[2]),
        ]);
    }
    Ok(t)
}

fn stage_heading(s: &StageSummary) -> String {
    format!("{} · {} users", s.stage, quantity(s.users))
}

fn finding(s: &StageSummary, rec: Option<&Recommendation>, m: &Money) -> Finding {
    let basis = if s.ranking.first().is_none_or(|t| t.ranked_with_team_time) { "the bill with the team's time" } else { "the cash bill" };
    let mut text = match &s.recommended {
        Some(r) => {
            let mut t = format!(
                "{} costs {} a month in cash ({} with the team's time; {} per 1,000 users): the cheapest on {basis} of the options that can host the app with every price known and nothing blocking.",
                r.option,
                m.amount(r.monthly_cost_usd),
                m.amount(r.with_team_time_usd),
                m.amount(r.per_1k_users_usd)
            );
            if r.apis_usd > 0.0 {
                let share = if r.monthly_cost_usd > 0.0 { 100.0 * r.hosting_usd / r.monthly_cost_usd } else { 0.0 };
                let share = if share < 10.0 { format!("{share:.1}%") } else { format!("{share:.0}%") };
                t.push_str(&format!(" Of that cash bill, hosting is {} ({share}) and third-party APIs {}.", m.amount(r.hosting_usd), m.amount(r.apis_usd)));
            }
            t
        }
        None => format!("No option can be recommended at this stage: every one is blocked, incomplete or cannot host the app (ranked on {basis})."),
    };
    if let (Some(r), Some(n)) = (&s.recommended, &s.runner_up) {
        text.push_str(&format!(
            " The next best, {}, costs {}: {} saves {} a month ({:.0}%).",
            n.option,
            m.amount(n.rank_usd),
            r.option,
            m.amount(s.saving_usd),
            s.saving_pct
        ));
        if r.ranked_with_team_time && r.team_hours > 0.0 && r.team_time_usd > 0.0 {
            let rate = r.team_time_usd / r.team_hours;
            let extra = s.saving_usd / rate;
            text.push_str(&format!(
                " The order flips if {} took {} more team hours a month than the {} h assumed (at {}/h).",
                r.option,
                quantity((extra * 10.0).round() / 10.0),
                quantity(r.team_hours),
                m.amount(rate)
            ));
        }
    }
    if let Some(rec) = rec {
        for x in &rec.excluded {
            let Some(t) = s.ranking.iter().find(|t| t.option == x.option) else { continue };
            if s.recommended.as_ref().is_some_and(|r| t.rank_usd >= r.rank_usd) {
                continue;
            }
            let cost = m.bound(t.rank_usd, t.complete);
            let line = match x.why {
                Exclusion::Reference => format!(" {} ({cost}) is a reference deployment, shown for comparison only.", x.option),
                Exclusion::NotAvailable => format!(" {} ({cost}) is not available for this app: {}.", x.option, x.what.clone().unwrap_or_default()),
                Exclusion::Incomplete => format!(" {} would cost {cost} but a price is missing: {}.", x.option, x.what.clone().unwrap_or_default()),
                Exclusion::Blocked => format!(" {} would cost {cost} but is blocked: {}.", x.option, x.what.clone().unwrap_or_default()),
            };
            text.push_str(&line);
        }
    }
    Finding { heading: stage_heading(s), text }
}

fn summary_table(summaries: &[StageSummary], m: &Money) -> Table {
    let mut t = Table::new(
        &["Stage", "Users", "Recommended", "Cash / month", "With team time", "Per 1,000 users", "Next best", "Its total", "Saving"],
        &[false, true, false, true, true, true, false, true, true],
    );
    for s in summaries {
        let (next, next_cost, saving) = match &s.runner_up {
            Some(n) => (n.option.clone(), m.bound(n.rank_usd, n.complete), format!("{} ({:.0}%)", m.amount(s.saving_usd), s.saving_pct)),
            None => ("-".into(), "-".into(), "-".into()),
        };
        match &s.recommended {
            Some(r) => t.rows.push(vec![
                s.stage.clone(),
                quantity(s.users),
                r.option.clone(),
                m.amount(r.monthly_cost_usd),
                m.amount(r.with_team_time_usd),
                m.amount(r.per_1k_users_usd),
                next,
                next_cost,
                saving,
            ]),
            None => t.rows.push(vec![
                s.stage.clone(),
                quantity(s.users),
                "none (see why)".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ]),
        }
    }
    t
}

fn stage_tables(summaries: &[StageSummary], totals: &[Total], m: &Money) -> Vec<Section> {
    summaries
        .iter()
        .map(|s| {
            let mut t = Table::new(
                &["Option", "Platform", "Hosting", "APIs", "Cash / month", "Team time", "With team time", "Over recommended", "Notes"],
                &[false, false, true, true, true, true, true, true, false],
            );
            for o in totals.iter().filter(|t| t.stage == s.stage) {
                let mut notes = Vec::new();
                if o.recommended {
                    notes.push("recommended".to_string());
                }
                if o.reference {
                    notes.push("reference: never recommended".to_string());
                }
                if o.no_front_end {
                    notes.push("same as Fly: no front end".to_string());
                }
                if !o.available {
                    notes.push("not available for this app".to_string());
                }
                if o.missing_prices > 0 {
                    notes.push(format!("{} missing price{}: a lower bound", o.missing_prices, plural(o.missing_prices)));
                }
                let other_blocking = o.blocking.saturating_sub(o.missing_prices);
                if other_blocking > 0 && o.available {
                    notes.push(format!("{other_blocking} blocking finding{}", plural(other_blocking)));
                }
                let over = match &s.recommended {
                    Some(r) if r.option != o.option => signed_bound(m, o.rank_usd - r.rank_usd, o.complete),
                    _ => "-".into(),
                };
                t.rows.push(vec![
                    o.option.clone(),
                    o.platform.clone(),
                    m.bound(o.hosting_usd, o.complete),
                    m.amount(o.apis_usd),
                    m.bound(o.monthly_cost_usd, o.complete),
                    format!("{} ({} h)", m.amount(o.team_time_usd), quantity(o.team_hours)),
                    m.bound(o.with_team_time_usd, o.complete),
                    over,
                    notes.join("; "),
                ]);
            }
            Section { heading: stage_heading(s), intro: String::new(), table: t }
        })
        .collect()
}

fn capacity_tables(frames: &Frames) -> Result<Vec<Section>> {
    let counts = results::service_counts(frames)?;
    let mut stages: Vec<&str> = Vec::new();
    for c in &counts {
        if !stages.contains(&c.stage.as_str()) {
            stages.push(&c.stage);
        }
    }
    let mut out: Vec<Section> = Vec::new();
    for c in &counts {
        if out.last().is_none_or(|s| s.heading != c.option) {
            let mut header = vec!["Service", "Runs on"];
            header.extend(stages.iter());
            let mut numeric = vec![false, false];
            numeric.extend(stages.iter().map(|_| false));
            out.push(Section { heading: c.option.clone(), intro: String::new(), table: Table::new(&header, &numeric) });
        }
        let Some(section) = out.last_mut() else { continue };
        let t = &mut section.table;
        let row = match t.rows.iter().position(|r| r[0] == c.service) {
            Some(i) => i,
            None => {
                let mut r = vec![c.service.clone(), c.provider.clone()];
                r.extend(stages.iter().map(|_| String::new()));
                t.rows.push(r);
                t.rows.len() - 1
            }
        };
        let gi = 2 + stages.iter().position(|s| *s == c.stage).unwrap_or(0);
        t.rows[row][gi] = if c.instances == 0.0 {
            c.size.clone()
        } else if (c.instances - c.peak_instances as f64).abs() > 1e-9 {
            format!("{} × {} (peak {})", c.size, crate::money::count_label(c.instances), c.peak_instances)
        } else {
            format!("{} × {}", c.size, crate::money::count_label(c.instances))
        };
    }
    Ok(out)
}

fn crossover_table(crossings: &[results::Crossover], m: &Money) -> Table {
    let mut t = Table::new(&["#", "Between", "At about", "Both cost", "Cheaper below", "Cheaper above"], &[true, false, true, true, false, false]);
    for (i, c) in crossings.iter().enumerate() {
        t.rows.push(vec![
            (i + 1).to_string(),
            format!("{} and {}", c.from_stage, c.to_stage),
            format!("{} users", quantity(c.users.round())),
            m.amount(c.monthly_cost_usd),
            c.cheaper_before.clone(),
            c.cheaper_after.clone(),
        ]);
    }
    t
}

fn source_table(frames: &Frames) -> Result<Table> {
    let mut t = Table::new(&["Price book", "Entry", "Source", "Read on", "Kind"], &[false, false, false, false, false]);
    for s in results::sources(frames)? {
        let kind = if s.secondary { "secondary (not the vendor's own text)" } else { "first-hand" };
        t.rows.push(vec![s.book, s.entry, s.url, s.date, kind.to_string()]);
    }
    Ok(t)
}

/// `All amounts are US dollars per month, net of VAT and sales tax.`, or the
/// currency with its rate, date and source (charts stay in USD).
fn money_words(m: &Money, rows: &[&OptionResult]) -> String {
    let tax = crate::report::table::tax_words(rows);
    match m.rate_note() {
        None => format!("All amounts are US dollars per month, {tax}."),
        Some(note) => format!("All amounts are {} per month, {tax}. {note} The charts and data files stay in USD.", m.code()),
    }
}

/// `+$1.00`, or `≥ +$1.00` for a lower bound.
fn signed_bound(m: &Money, v: f64, complete: bool) -> String {
    if complete { m.signed(v) } else { format!("≥ {}", m.signed(v)) }
}

/// `s` unless one.
pub fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

//! Risks and caveats: price-book age, missing prices, warnings grouped and deduped,
//! plan steps ahead; and the tables that list them in full.

use anyhow::Result;

use super::{Settings, Table};
use crate::findings::{FindingKind, Severity};
use crate::money::Money;
use crate::results::Results;
use crate::results::{self, Frames, PlanStep};
use crate::simulate::OptionResult;

/// A price book the scenario's costs use, with its age on the report's date.
#[derive(Debug, Clone, PartialEq)]
pub struct BookUse {
    /// Book title.
    pub title: String,
    /// Book file.
    pub path: String,
    /// Its date.
    pub as_of: String,
    /// When it was last compared with its sources.
    pub checked: String,
    /// Sources that are not the vendor's own text.
    pub secondary: usize,
    /// Days from `checked` to the report's date (None if a date does not parse).
    pub age_days: Option<i64>,
}

pub use crate::dates::day_number;

/// The books the costs came from (and the exchange-rate book when a price is not in
/// USD), in the order of `results.price_books`.
pub fn books(results: &Results, frames: &Frames, settings: &Settings) -> Result<Vec<BookUse>> {
    let used: Vec<String> = results::sources(frames)?.into_iter().map(|s| s.book).collect();
    let foreign = results.results.iter().flat_map(|r| &r.line_items).any(|l| l.currency != "USD");
    let today = day_number(&settings.today);
    Ok(results
        .price_books
        .iter()
        .filter(|b| used.contains(&b.path) || (foreign && b.provider == "exchange"))
        .map(|b| BookUse {
            title: b.title.clone(),
            path: b.path.clone(),
            as_of: b.as_of.clone(),
            checked: b.checked.clone(),
            secondary: b.secondary_sources.len(),
            age_days: day_number(&b.checked).zip(today).map(|(a, t)| t - a),
        })
        .collect())
}

/// Options with the stages they apply to.
type Where<'a> = Vec<(&'a str, Vec<&'a str>)>;

/// Groups `(key, option, stage)` triples by key (first-appearance order), then option.
fn group<'a, K: PartialEq>(items: impl Iterator<Item = (K, &'a str, &'a str)>) -> Vec<(K, Where<'a>)> {
    let mut out: Vec<(K, Where<'a>)> = Vec::new();
    for (key, option, stage) in items {
        let i = match out.iter().position(|g| g.0 == key) {
            Some(i) => i,
            None => {
                out.push((key, Vec::new()));
                out.len() - 1
            }
        };
        let options = &mut out[i].1;
        match options.iter_mut().find(|o| o.0 == option) {
            Some(o) if !o.1.contains(&stage) => o.1.push(stage),
            Some(_) => {}
            None => options.push((option, vec![stage])),
        }
    }
    out
}

/// `Fly.io (MVP, Growth); Render (Enterprise)`.
fn where_(options: &[(&str, Vec<&str>)]) -> String {
    options.iter().map(|(o, s)| format!("{o} ({})", s.join(", "))).collect::<Vec<_>>().join("; ")
}

/// Risks and caveats for the executive summary, most important first.
pub fn risks(rows: &[&OptionResult], books: &[BookUse], steps: &[PlanStep], recommended: &[&str], settings: &Settings, has_timeline: bool) -> Vec<String> {
    let m = &settings.money();
    let mut out = Vec::new();
    for b in books {
        if let Some(age) = b.age_days.filter(|a| *a > settings.max_age_days as i64) {
            out.push(format!(
                "The {} price book (`{}`) was last checked {age} days before the report date {} (on {}; prices as of {}), past the {}-day limit: check its prices before deciding.",
                b.title, b.path, settings.today, b.checked, b.as_of, settings.max_age_days
            ));
        }
    }
    // blocking findings of the options that could be chosen, each once with where it
    // applies; missing prices say what they do to the totals. The planning documents'
    // own (reference) deployments are summed up in one line: they are never chosen.
    let reference_blocks: Vec<&str> = {
        let mut v: Vec<&str> = Vec::new();
        for r in rows.iter().filter(|r| r.reference && r.diagnostics.iter().any(|d| d.is_blocking())) {
            if !v.contains(&r.option.as_str()) {
                v.push(&r.option);
            }
        }
        v
    };
    let blocking = group(rows.iter().filter(|r| !r.reference).flat_map(|r| {
        r.diagnostics.iter().filter(|d| d.severity == Severity::Blocking).map(|d| ((d.kind, d.message.clone()), r.option.as_str(), r.stage.as_str()))
    }));
    for ((kind, message), options) in &blocking {
        out.push(match kind {
            FindingKind::MissingPrice => {
                format!("{}: {}. A total without it is a lower bound (shown as ≥), and such an option is not recommended.", sentence(message), where_(options))
            }
            FindingKind::CannotHost | FindingKind::NoLongerSold => {
                format!("{}: {}. That option is not available for this app.", sentence(message), where_(options))
            }
            _ => format!("{}: {}. Blocked, so not recommended there.", sentence(message), where_(options)),
        });
    }
    if !reference_blocks.is_empty() {
        out.push(format!(
            "The reference deployments, priced as their documents wrote them and never recommended, have blocking findings (loads above their pinned sizes, plan limits): {}. See Warnings below.",
            reference_blocks.join(", ")
        ));
    }
    // cautions, worded once per finding (assumptions are listed in full below)
    let cautions = group(rows.iter().flat_map(|r| {
        r.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Caution && !matches!(d.kind, FindingKind::Assumption | FindingKind::StaleBook))
            .map(|d| ((d.kind, d.message.clone()), r.option.as_str(), r.stage.as_str()))
    }));
    for ((_, message), options) in &cautions {
        out.push(format!("{}: {}.", sentence(message), where_(options)));
    }
    for s in steps.iter().filter(|s| recommended.contains(&s.option.as_str()) && s.to_usd > s.from_usd) {
        out.push(format!(
            "Plan step ahead on {}: {} moves from {} to {} between {} and {} ({} → {} a month).",
            s.option,
            if s.owner == crate::ledger::Owner::Account { "the workspace".to_string() } else { format!("`{}`", s.service) },
            s.from_detail,
            s.to_detail,
            s.from_stage,
            s.to_stage,
            m.amount(s.from_usd),
            m.amount(s.to_usd)
        ));
    }
    out.push(if has_timeline {
        "Costs are steady-state monthly costs at each load. The timeline's P10–P90 band covers the uncertainty of the user count only (the scenario's growth spread), not of prices or of traffic per user."
            .to_string()
    } else {
        "Costs are steady-state monthly costs at each stage's load. The scenario has no growth timeline, so no month-by-month P10–P90 band is shown."
            .to_string()
    });
    out
}

/// Every plan step between consecutive stages.
pub fn plan_table(steps: &[PlanStep], m: &Money) -> Table {
    let mut t = Table::new(&["Option", "Service", "Between", "From", "To", "Monthly fee"], &[false, false, false, false, false, true]);
    for s in steps {
        t.rows.push(vec![
            s.option.clone(),
            s.service.clone(),
            format!("{} → {}", s.from_stage, s.to_stage),
            s.from_detail.clone(),
            s.to_detail.clone(),
            format!("{} → {}", m.amount(s.from_usd), m.amount(s.to_usd)),
        ]);
    }
    t
}

/// Every finding (missing prices included), per option, each once with the stages it
/// applies to, most severe first.
pub fn warning_table(rows: &[&OptionResult]) -> Table {
    let mut t = Table::new(&["Option", "Stages", "Severity", "Kind", "Finding"], &[false, false, false, false, false]);
    let items = rows
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| ((r.option.clone(), d.severity, d.kind, d.message.clone()), r.option.as_str(), r.stage.as_str())));
    type Row<'a> = ((String, Severity, FindingKind, String), Vec<&'a str>);
    let mut found: Vec<Row> = Vec::new();
    for (key, options) in group(items) {
        for (_, stages) in options {
            found.push((key.clone(), stages));
        }
    }
    found.sort_by_key(|((o, sev, _, _), _)| (rows.iter().position(|x| &x.option == o).unwrap_or(usize::MAX), *sev));
    for ((o, sev, kind, message), stages) in found {
        t.rows.push(vec![o, stages.join(", "), sev.as_str().to_string(), kind.as_str().replace('_', " "), message]);
    }
    t
}

/// A message as a sentence start: its first letter in capitals.
fn sentence(message: &str) -> String {
    let mut c = message.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Assumptions, each once, with the options it applies to.
pub fn assumption_table(rows: &[&OptionResult]) -> Table {
    let mut t = Table::new(&["Assumption", "Applies to"], &[false, false]);
    let mut all: Vec<&str> = Vec::new();
    for r in rows {
        if !all.contains(&r.option.as_str()) {
            all.push(&r.option);
        }
    }
    for (a, options) in group(rows.iter().flat_map(|r| r.assumptions.iter().map(|a| (a.clone(), r.option.as_str(), r.stage.as_str())))) {
        let applies =
            if options.len() == all.len() && all.len() > 1 { "all options".to_string() } else { options.iter().map(|o| o.0).collect::<Vec<_>>().join(", ") };
        t.rows.push(vec![a, applies]);
    }
    t
}

/// The price books used, their dates and ages.
pub fn book_table(books: &[BookUse], settings: &Settings) -> Table {
    let mut t = Table::new(
        &["Price book", "File", "Prices as of", "Checked", "Age (days)", "Secondary sources", "Status"],
        &[false, false, false, false, true, true, false],
    );
    for b in books {
        let (age, status) = match b.age_days {
            Some(a) if a > settings.max_age_days as i64 => (a.to_string(), format!("older than {} days", settings.max_age_days)),
            Some(a) => (a.to_string(), "current".to_string()),
            None => ("-".to_string(), "date not understood".to_string()),
        };
        t.rows.push(vec![b.title.clone(), b.path.clone(), b.as_of.clone(), b.checked.clone(), age, b.secondary.to_string(), status]);
    }
    t
}

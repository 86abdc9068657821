//! The results model: what a run produced, versioned, and the one place it is
//! assembled. [`run`] prices every option at every stage (the simulation), then
//! ranks them; [`price`] adds, in one order, what the commands ask for: stale books,
//! the growth timeline, the display currency; [`merge`] joins scenarios. Its JSON serialisation is every saved
//! output (`compare --format json`, a report's `costs.json`), read back by
//! `output`, `diff` and `budget`.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::findings::{Finding, FindingKind};
use crate::money::DisplayCurrency;
use crate::pricing::{BookInfo, Prices};
use crate::scenario::Scenario;
use crate::simulate::{Filter, OptionResult};

/// Version of the results model (and of the JSON that is its serialisation).
pub const SCHEMA_VERSION: u32 = 2;

/// The results of a run: the price books used and every priced option.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Results {
    /// Version of this model.
    pub schema_version: u32,
    /// Which output this is: `compare` (also what `output` re-renders) or `costs`
    /// (a report's `costs.json`). Files saved before it was written are `compare`.
    #[serde(default)]
    pub kind: crate::provenance::OutputKind,
    /// How the output was made (absent in files saved before hostcast recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::provenance::Provenance>,
    /// Price books used, with their dates.
    pub price_books: Vec<BookInfo>,
    /// One entry per scenario, option and stage, in scenario-file order.
    pub results: Vec<OptionResult>,
    /// Per scenario and stage: the recommended option (or none) and what was left out.
    pub recommendations: Vec<crate::rank::Recommendation>,
    /// The currency figures are shown in, with its rate, date and source (`--currency`);
    /// absent: USD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<crate::money::DisplayCurrency>,
    /// The growth timeline month by month, for scenarios that have one (absent when
    /// not computed: tables, filtered runs, files saved before it was written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<crate::timeline::TimelinePoint>,
}

impl Results {
    /// No results, no books: the current version, `compare` kind.
    pub fn empty() -> Results {
        Results {
            schema_version: SCHEMA_VERSION,
            kind: crate::provenance::OutputKind::Compare,
            provenance: None,
            price_books: Vec::new(),
            results: Vec::new(),
            recommendations: Vec::new(),
            timeline: Vec::new(),
            currency: None,
        }
    }
}

/// Prices every option of every scenario at every stage (as filtered) and ranks
/// the options of each scenario at each stage.
pub fn run(scenarios: &[Scenario], prices: &Prices, filter: &Filter) -> Result<Results, Diagnostic> {
    let mut results = crate::simulate::run(scenarios, prices, filter)?;
    if let Some(e) = results.iter().find_map(|r| beyond_money(r, scenarios)) {
        return Err(e);
    }
    let basis = |slug: &str| scenarios.iter().find(|s| s.slug == slug).map(|s| s.file.scenario.rank_by).unwrap_or_default();
    let recommendations = crate::rank::recommend(&mut results, &basis);
    Ok(Results {
        schema_version: SCHEMA_VERSION,
        kind: crate::provenance::OutputKind::Compare,
        provenance: Some(prices.provenance()),
        price_books: prices.infos(),
        results,
        recommendations,
        timeline: Vec::new(),
        currency: None,
    })
}

/// What a run adds to the priced and ranked rows of a scenario.
#[derive(Debug, Clone, Default)]
pub struct Run {
    /// Which options and stages to price (empty: all).
    pub filter: Filter,
    /// The day the books' ages are counted to and the most days a book may be
    /// checked before it: a book past it flags every row that uses it.
    pub stale_after: Option<(String, u32)>,
    /// Follow these options month by month (empty: all) when the scenario has a
    /// growth timeline; `None`: no timeline.
    pub timeline: Option<Vec<String>>,
    /// The currency figures are shown in (`None`: USD).
    pub currency: Option<DisplayCurrency>,
}

/// The results of one scenario, assembled in one order: priced and ranked
/// ([`run`]), stale books flagged, the growth timeline added, the display currency
/// set. Every command that prices a scenario goes through here.
pub fn price(scenario: &Scenario, prices: &Prices, how: &Run) -> Result<Results, Diagnostic> {
    let mut results = run(std::slice::from_ref(scenario), prices, &how.filter)?;
    if let Some((today, max_age_days)) = &how.stale_after {
        flag_stale_books(&mut results, today, *max_age_days);
    }
    if let Some(options) = &how.timeline {
        results.timeline.extend(crate::timeline::run(scenario, prices, options)?);
    }
    apply_currency(&mut results, how.currency.clone());
    Ok(results)
}

/// The error for a row whose total is not a finite amount hostcast can hold to the
/// cent ([`crate::money::MAX_USD`]), naming its largest line: a price or quantity far
/// beyond a real one, which no output could show truly.
fn beyond_money(r: &OptionResult, scenarios: &[Scenario]) -> Option<Diagnostic> {
    let totals = [r.hosting_usd, r.apis_usd, r.team_time_usd, r.monthly_cost_usd, r.with_team_time_usd];
    if totals.iter().all(|t| t.is_finite() && t.abs() <= crate::money::MAX_USD) {
        return None;
    }
    let largest = r.line_items.iter().max_by(|a, b| a.monthly_cost_usd.abs().total_cmp(&b.monthly_cost_usd.abs()));
    let help = match largest {
        Some(l) => format!(
            "the largest line is `{}` {} of {}: {} {} at {} USD each, from {}#{}; check that price and the workload behind that quantity",
            l.service,
            l.component,
            l.provider,
            crate::money::quantity(l.quantity),
            l.unit,
            crate::money::quantity(l.unit_price_usd),
            l.source.book,
            l.source.entry
        ),
        None => "check the scenario's workload and the price books".into(),
    };
    let total = if r.with_team_time_usd.is_finite() { format!("{:.3e} USD", r.with_team_time_usd) } else { "not a finite amount".into() };
    let message = format!(
        "option `{}` at stage `{}` costs {total} a month, beyond the {} hostcast can hold to the cent",
        r.option,
        r.stage,
        crate::money::usd(crate::money::MAX_USD)
    );
    // at the option's name in its scenario
    let d = match scenarios.iter().find(|s| s.slug == r.scenario) {
        Some(s) => s.near(&format!("\"{}\"", r.option), message),
        None => Diagnostic::file(std::path::Path::new(&r.scenario), message),
    };
    Some(d.with_help(help))
}

/// Adds a caution to every result whose lines use a price book checked more than
/// `max_age_days` before `today` (`YYYY-MM-DD`).
pub fn flag_stale_books(results: &mut Results, today: &str, max_age_days: u32) {
    let Some(now) = crate::dates::day_number(today) else { return };
    let stale: Vec<(String, String, i64)> = results
        .price_books
        .iter()
        .filter_map(|b| crate::dates::day_number(&b.checked).map(|d| (b.path.clone(), b.title.clone(), now - d)))
        .filter(|(_, _, age)| *age > max_age_days as i64)
        .collect();
    for r in &mut results.results {
        for (path, title, age) in &stale {
            if r.line_items.iter().any(|l| &l.source.book == path) {
                let f = Finding::new(
                    FindingKind::StaleBook,
                    format!("the {title} price book (`{path}`) was checked {age} days before {today}, past the {max_age_days}-day limit: re-check its prices"),
                );
                if !r.diagnostics.contains(&f) {
                    r.warnings.push(f.message.clone());
                    r.diagnostics.push(f);
                }
            }
        }
    }
}

/// Sets the display currency of `results`: each row gains `monthly_cost`, `currency`
/// and `rate` (its `_usd` fields unchanged).
pub fn apply_currency(results: &mut Results, display: Option<DisplayCurrency>) {
    for r in &mut results.results {
        match &display {
            Some(d) => {
                r.monthly_cost = Some(r.monthly_cost_usd * d.rate);
                r.currency = Some(d.code.clone());
                r.rate = Some(d.rate);
            }
            None => {
                r.monthly_cost = None;
                r.currency = None;
                r.rate = None;
            }
        }
    }
    results.currency = display;
}

/// `b`'s rows after `a`'s; price books listed once each.
pub fn merge(mut a: Results, b: Results) -> Results {
    for book in b.price_books {
        if !a.price_books.contains(&book) {
            a.price_books.push(book);
        }
    }
    match (&mut a.provenance, &b.provenance) {
        (Some(x), Some(y)) => x.merge(y),
        (None, Some(y)) => a.provenance = Some(y.clone()),
        _ => {}
    }
    a.results.extend(b.results);
    a.recommendations.extend(b.recommendations);
    a.timeline.extend(b.timeline);
    a
}

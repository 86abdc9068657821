//! `hostcast estimate` output: the configs' cost as written, itemised per service
//! and component (like `infracost breakdown`), then the assumptions that stand in
//! for what the files do not say, and the warnings about the files.

use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use crate::import::Topology;
use crate::money::{Money, quantity, unit_price};
use crate::pricing::BookInfo;
use crate::results::SCHEMA_VERSION;
use crate::scenario::model::Stage;
use crate::simulate::OptionResult;

/// One config file read.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct FileInfo {
    /// Its path as given.
    pub path: String,
    /// Its format.
    pub format: String,
    /// Services read from it.
    pub services: Vec<String>,
    /// What the file leaves out or does that a reader should know.
    pub notes: Vec<String>,
}

/// The estimate of a set of configs: the `compare` results model for the one
/// option "as configured", plus what was assumed and found while importing.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Estimate {
    /// Version of the results model (as `compare`).
    pub schema_version: u32,
    /// Which output this is: `estimate`.
    pub kind: crate::provenance::OutputKind,
    /// How it was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::provenance::Provenance>,
    /// The files read.
    pub files: Vec<FileInfo>,
    /// The load stage whose traffic was assumed.
    pub stage: Stage,
    /// Defaults taken where the files do not say, with how to change each.
    pub import_assumptions: Vec<String>,
    /// Problems found in the files (`file:line:col: message`).
    pub import_warnings: Vec<String>,
    /// Price books used.
    pub price_books: Vec<BookInfo>,
    /// One result: the option as configured, at the stage (same structure as `compare`).
    pub results: Vec<OptionResult>,
    /// The currency shown, with its rate, date and source (`--currency`; absent: USD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<crate::money::DisplayCurrency>,
}

impl Estimate {
    /// Assembles an estimate.
    pub fn new(top: &Topology, stage: &Stage, assumptions: Vec<String>, price_books: Vec<BookInfo>, result: OptionResult) -> Self {
        let files = top
            .files
            .iter()
            .map(|f| FileInfo {
                path: crate::pricing::shown_path(&f.path),
                format: f.format.as_str().to_string(),
                services: top.services.iter().filter(|s| s.file == f.path).map(|s| s.name.clone()).collect(),
                notes: f.notes.clone(),
            })
            .collect();
        // each file as outputs show it (relative to the working folder), never absolute
        let shown: Vec<(String, String)> = top.files.iter().map(|f| (f.path.display().to_string(), crate::pricing::shown_path(&f.path))).collect();
        let relative = |mut w: String| {
            for (given, relative) in &shown {
                if given != relative {
                    w = w.replace(given.as_str(), relative);
                }
            }
            w
        };
        let import_warnings = top.warnings().map(|w| relative(w.to_string().replace("\n  help:", " —"))).collect();
        Estimate {
            schema_version: SCHEMA_VERSION,
            kind: crate::provenance::OutputKind::Estimate,
            provenance: None,
            files,
            stage: stage.clone(),
            import_assumptions: assumptions,
            import_warnings,
            price_books,
            results: vec![result],
            currency: None,
        }
    }

    /// Shows the estimate in `display`'s currency (`monthly_cost`, `currency`, `rate` on the row).
    pub fn with_currency(mut self, display: Option<crate::money::DisplayCurrency>) -> Self {
        for r in &mut self.results {
            r.monthly_cost = display.as_ref().map(|d| r.monthly_cost_usd * d.rate);
            r.currency = display.as_ref().map(|d| d.code.clone());
            r.rate = display.as_ref().map(|d| d.rate);
        }
        self.currency = display;
        self
    }
}

impl Estimate {
    /// The same estimate, recording how it was made.
    pub fn with_provenance(mut self, p: crate::provenance::Provenance) -> Self {
        self.provenance = Some(p);
        self
    }
}

/// Renders an estimate as pretty JSON with a trailing newline.
pub fn json(e: &Estimate) -> serde_json::Result<String> {
    let mut s = crate::json::to_string_pretty(e)?;
    s.push('\n');
    Ok(s)
}

/// Renders an estimate as text: per service its line items, the total, then
/// assumptions and warnings.
pub fn table(e: &Estimate) -> String {
    let m = Money::new(e.currency.as_ref());
    let mut out = String::new();
    let files: Vec<&str> = e.files.iter().map(|f| f.path.as_str()).collect();
    for r in &e.results {
        out.push_str(&format!(
            "{} — {} at stage {} ({} users, {}% active daily)\n",
            files.join(", "),
            r.option,
            r.stage,
            quantity(e.stage.users),
            quantity(e.stage.daily_active * 100.0)
        ));
        out.push_str(&lines_table(r, &m).to_string());
        out.push('\n');
        out.push_str(&after_table(e, r));
    }
    let books: Vec<String> = e.price_books.iter().map(|b| format!("{} (as of {})", b.title, b.as_of)).collect();
    if !books.is_empty() {
        out.push_str(&format!("\nPrice books: {}\n", books.join("; ")));
    }
    let taxed = e.results.iter().any(|r| r.tax_usd > 0.0);
    out.push_str(if taxed { "Figures include the tax the buyer pays (lines `tax`).\n" } else { "Figures are net of VAT and sales tax.\n" });
    if let Some(note) = m.rate_note() {
        out.push_str(&format!("{note}\n"));
    }
    crate::report::table::plain_string(out)
}

/// The line items of one option, grouped by service in summary order (services
/// with lines but no summary after), and the total.
fn lines_table(r: &OptionResult, m: &Money) -> comfy_table::Table {
    let usd = |v: f64| m.amount(v);
    let mut t = crate::report::table::styled();
    t.set_header(vec!["Service", "Component", "Detail", "Quantity", "Unit price", "Monthly"]);
    let mut order: Vec<&str> = r.services.iter().map(|s| s.name.as_str()).collect();
    let mut lines_of: std::collections::HashMap<&str, Vec<_>> = std::collections::HashMap::new();
    for l in &r.line_items {
        lines_of.entry(l.service.as_str()).or_default().push(l);
    }
    let mut listed: std::collections::HashSet<&str> = order.iter().copied().collect();
    for l in &r.line_items {
        if listed.insert(l.service.as_str()) {
            order.push(&l.service);
        }
    }
    let mut summaries: std::collections::HashMap<&str, &crate::ledger::ServiceSummary> = std::collections::HashMap::new();
    for s in &r.services {
        summaries.entry(s.name.as_str()).or_insert(s);
    }
    for name in order {
        let lines: Vec<_> = lines_of.get(name).cloned().unwrap_or_default();
        if lines.is_empty() {
            if let Some(s) = summaries.get(name) {
                let shown = format!("{} ({})", s.size, s.provider);
                t.add_row(vec![Cell::new(name), Cell::new("-"), Cell::new(shown), Cell::new(""), Cell::new(""), right(usd(0.0))]);
            }
            continue;
        }
        for (i, l) in lines.iter().enumerate() {
            t.add_row(vec![
                Cell::new(if i == 0 { name } else { "" }),
                Cell::new(&l.component),
                Cell::new(&l.detail),
                right(format!("{} {}", quantity(l.quantity), l.unit)),
                right(if l.owner == crate::ledger::Owner::Tax {
                    crate::money::percent(l.unit_price_usd)
                } else if l.unit_price_usd.abs() >= 1.0 || m.code() != "USD" {
                    usd(l.unit_price_usd)
                } else {
                    unit_price(l.unit_price_usd)
                }),
                right(usd(l.monthly_cost_usd)),
            ]);
        }
    }
    // a total that misses a price is a lower bound; one that leaves out a service the
    // option cannot run is no price for the app at all
    let mut total = m.bound(r.monthly_cost_usd, r.complete);
    if !r.available {
        total.push_str(" (not available)");
    }
    t.add_row(vec![Cell::new("Total"), Cell::new(""), Cell::new(""), Cell::new(""), Cell::new(""), right(total)]);
    crate::report::table::keep_whole(&mut t, [3, 4, 5]);
    t
}

/// What follows an option's table: missing prices, services it cannot run, the
/// assumptions, warnings and notes.
fn after_table(e: &Estimate, r: &OptionResult) -> String {
    let mut out = String::new();
    for m in &r.missing_prices {
        out.push_str(&format!("missing price (not in the total): {} `{}` for {}\n", m.provider, m.entry, m.needed_for));
    }
    let unhostable: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|f| matches!(f.kind, crate::findings::FindingKind::NoLongerSold | crate::findings::FindingKind::CannotHost))
        .filter_map(|f| f.service.as_deref())
        .collect();
    if !unhostable.is_empty() {
        out.push_str(&format!(
            "not available as configured: {} cannot run on this option (see Warnings); the total leaves {} out\n",
            unhostable.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            if unhostable.len() == 1 { "it" } else { "them" }
        ));
    }
    let assumptions: Vec<&String> = e.import_assumptions.iter().chain(r.assumptions.iter()).collect();
    list(&mut out, "Assumptions (the files do not say):", assumptions.iter().map(|a| a.to_string()));
    if !r.warnings.is_empty() || !e.import_warnings.is_empty() {
        list(&mut out, "Warnings:", e.import_warnings.iter().chain(r.warnings.iter()).cloned());
    }
    list(&mut out, "Notes:", e.files.iter().flat_map(|f| f.notes.iter().map(move |n| format!("{}: {n}", f.path))));
    out
}

/// A titled list after a blank line, when it has any item.
fn list(out: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    for i in items {
        out.push_str(&format!("  - {i}\n"));
    }
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// CSV: one row per line item, the columns of `compare --format csv`.
pub fn csv(e: &Estimate) -> String {
    let results = crate::results::Results {
        schema_version: e.schema_version,
        price_books: e.price_books.clone(),
        results: e.results.clone(),
        currency: e.currency.clone(),
        ..crate::results::Results::empty()
    };
    crate::report::csv::render(&results)
}

/// GitHub-flavoured Markdown: a headline with the total, the line items, then the
/// assumptions and warnings as lists.
pub fn markdown(e: &Estimate) -> String {
    let md = crate::report::markdown::text;
    let files: Vec<String> = e.files.iter().map(|f| crate::report::markdown::code(&f.path)).collect();
    let money = Money::new(e.currency.as_ref());
    let mut out = String::new();
    for r in &e.results {
        out.push_str(&format!(
            "**hostcast estimate**: {} on {} at stage {} ({} users) costs {} a month.\n\n",
            files.join(", "),
            md(&r.option),
            md(&r.stage),
            quantity(e.stage.users),
            money.bound(r.monthly_cost_usd, r.complete)
        ));
        let mut g = crate::report::grid::Grid::new(&["Service", "Component", "Detail", "Quantity", "Monthly"], &["Quantity", "Monthly"]);
        for l in &r.line_items {
            g.push(vec![
                l.service.clone(),
                l.component.clone(),
                l.detail.clone(),
                format!("{} {}", quantity(l.quantity), l.unit),
                money.amount(l.monthly_cost_usd),
            ]);
        }
        out.push_str(&g.markdown());
        for m in &r.missing_prices {
            out.push_str(&format!(
                "\n- missing price (not in the total): {} {} for {}",
                md(&m.provider),
                crate::report::markdown::code(&m.entry),
                md(&m.needed_for)
            ));
        }
        let lists = [
            ("Assumptions (the files do not say)", e.import_assumptions.iter().chain(r.assumptions.iter()).collect::<Vec<_>>()),
            ("Warnings", e.import_warnings.iter().chain(r.warnings.iter()).collect()),
        ];
        for (title, items) in lists {
            if !items.is_empty() {
                out.push_str(&format!("\n\n<details><summary>{title}</summary>\n\n"));
                for i in items {
                    out.push_str(&format!("- {}\n", md(i)));
                }
                out.push_str("\n</details>");
            }
        }
        out.push('\n');
    }
    if let Some(note) = money.rate_note() {
        out.push_str(&format!("\n{}\n", md(&note)));
    }
    out
}

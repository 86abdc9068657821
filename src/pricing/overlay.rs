//! Overlays: partial price books layered on a provider's book, entry by entry and
//! field by field.
//!
//! An overlay has `schema`, `provider`, `as_of`, its own `[sources.*]`, and only the
//! entries and fields it changes (`[sizes.starter]` with `price = 9.0` and `source =
//! "OUR-CONTRACT"`). A changed price must cite one of the overlay's own sources; the
//! list price it replaces stays visible ([`ListPrice`]). `[adjustments.NAME]` states
//! a negotiated discount or a markup (`percent`) or a monthly credit (`amount`) on
//! the provider's hosting lines, billed as a line of its own. Validation is as
//! strict as a book's, located at the overlay's `file:line:col`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use toml::{Spanned, Table, Value};

use super::Prices;
use super::book::{PriceBook, Source};
use crate::error::Diagnostic;

/// A list price that an overlay replaced.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ListPrice {
    /// The list price, in the book's currency, as the book quotes it.
    pub price: f64,
    /// The book it is in.
    pub book: String,
    /// Its entry, e.g. `sizes.starter`.
    pub entry: String,
    /// The overlay file whose price is used instead.
    pub overlay: String,
}

/// What an adjustment does to a provider's hosting lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentKind {
    /// A negotiated discount: `percent` off.
    Discount,
    /// A markup (a reseller's, a support plan's): `percent` on top.
    Markup,
    /// A committed-spend or reservation credit: `amount` off each month, at most the lines' cost.
    Credit,
}

/// The components of the hosting lines the billing engines write, which an
/// adjustment's `components` may name (display order). An adjustment naming any other
/// would apply to no line, so it is refused where it is written.
pub const ADJUSTABLE_COMPONENTS: [&str; 32] = [
    "compute",
    "stopped rootfs",
    "volume",
    "snapshots",
    "dedicated IPv4",
    "egress",
    "storage",
    "postgres",
    "postgres standby",
    "redis",
    "plan",
    "seats",
    "usage credit",
    "edge requests",
    "data transfer",
    "origin transfer",
    "function invocations",
    "active CPU",
    "provisioned memory",
    "bandwidth",
    "disk",
    "cron",
    "nodes",
    "backups",
    "ipv4",
    "load balancer",
    "private network",
    "traffic",
    "gpu server",
    "object storage",
    "requests",
    "add-on",
];

/// Largest monthly credit an adjustment may state, in the book's currency: beyond it
/// the figure is a typing error, not a contract.
pub const MAX_CREDIT: f64 = 1.0e9;

/// A discount, markup or credit stated by an overlay.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Discount, markup or credit.
    pub kind: AdjustmentKind,
    /// Percent off (discount) or on top (markup), 0–100.
    #[serde(default)]
    pub percent: Option<f64>,
    /// Monthly credit in the book's currency.
    #[serde(default)]
    pub amount: Option<f64>,
    /// Only lines of these components (`compute`, `volume`…); empty: every hosting line.
    #[serde(default)]
    pub components: Vec<String>,
    /// Source id (one of the overlay's `[sources.*]`).
    pub source: String,
    /// Remarks.
    #[serde(default)]
    pub note: Option<String>,
    /// Set when loaded: the adjustment's name.
    #[serde(skip_deserializing)]
    pub name: String,
    /// Set when loaded: the overlay file.
    #[serde(skip_deserializing)]
    pub file: String,
    /// Set when loaded: the cited source.
    #[serde(skip_deserializing)]
    pub cited: Option<Source>,
}

type Fields = BTreeMap<String, Spanned<Value>>;
type Entries = BTreeMap<String, Spanned<Fields>>;

/// An overlay file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverlayFile {
    schema: u32,
    provider: Spanned<String>,
    as_of: toml::value::Datetime,
    #[serde(default)]
    currency: Option<Spanned<String>>,
    #[serde(default)]
    sources: BTreeMap<String, Source>,
    #[serde(default)]
    sizes: Entries,
    #[serde(default)]
    plans: Entries,
    #[serde(default)]
    postgres: Entries,
    #[serde(default)]
    redis: Entries,
    #[serde(default)]
    rates: Entries,
    #[serde(default)]
    regions: Entries,
    #[serde(default)]
    to_usd: Entries,
    #[serde(default)]
    adjustments: BTreeMap<String, Spanned<Adjustment>>,
    #[serde(default)]
    notes: Vec<String>,
}

impl OverlayFile {
    fn tables(&self) -> [(&'static str, &Entries); 7] {
        [
            ("sizes", &self.sizes),
            ("plans", &self.plans),
            ("postgres", &self.postgres),
            ("redis", &self.redis),
            ("rates", &self.rates),
            ("regions", &self.regions),
            ("to_usd", &self.to_usd),
        ]
    }
}

impl Prices {
    /// Layers the overlay `text` (read from `path`) on its provider's book.
    pub fn apply_overlay(&mut self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        crate::limits::check_toml_nesting(path, text)?;
        let o: OverlayFile = toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
        let at = |span: std::ops::Range<usize>, msg: String| Diagnostic::at(path, text, span.start, msg);
        let locate = |keys: &[&str], message: String| {
            let problem = super::validate::Problem { keys: keys.iter().map(|k| k.to_string()).collect(), message };
            super::validate::locate(path, text, &problem)
        };
        if o.schema != 1 {
            let problem = super::validate::Problem { keys: vec!["schema".into()], message: format!("unsupported overlay schema {}", o.schema) };
            return Err(super::validate::locate(path, text, &problem).with_help("this version of hostcast reads `schema = 1`"));
        }
        let provider = o.provider.get_ref().clone();
        let Some((base_path, base)) = self.books.get(&provider).cloned() else {
            let known: Vec<String> = self.books.keys().cloned().collect();
            return Err(at(o.provider.span(), format!("no price book of provider `{provider}` to lay this overlay on"))
                .with_help(format!("providers: {}", crate::error::one_of(&known))));
        };
        if let Some(c) = &o.currency
            && c.get_ref() != &base.currency
        {
            return Err(at(c.span(), format!("the overlay's currency {} differs from the book's {}", c.get_ref(), base.currency))
                .with_help("write the overlay's prices in the book's currency"));
        }
        let shown = super::shown_path(path);
        let mut merged = Value::try_from(&base).map_err(|e| Diagnostic::file(path, e.to_string()))?;
        let Some(root) = merged.as_table_mut() else { return Err(Diagnostic::file(path, "the base book is not a table")) };
        let mut replaced = Vec::new();
        for (table, entries) in o.tables() {
            for (name, fields) in entries {
                let base_entry = root.get(table).and_then(|t| t.get(name)).and_then(Value::as_table).cloned();
                let entry = merge_entry(table, name, base_entry.as_ref(), fields, &o.sources, &at)?;
                if let (Some(b), Some(new)) = (&base_entry, fields.get_ref().get("price"))
                    && let (Some(list), Some(_)) = (b.get("price").and_then(value_f64), value_f64(new.get_ref()))
                {
                    replaced.push(ListPrice { price: list, book: base_path.clone(), entry: format!("{table}.{name}"), overlay: shown.clone() });
                }
                let t = root.entry(table).or_insert_with(|| Value::Table(Table::new()));
                if let Some(t) = t.as_table_mut() {
                    t.insert(name.clone(), Value::Table(entry));
                }
            }
        }
        let mut book: PriceBook = merged.try_into().map_err(|e: toml::de::Error| Diagnostic::file(path, e.message().to_string()))?;
        for (k, s) in &o.sources {
            book.sources.insert(k.clone(), s.clone());
        }
        book.notes.extend(o.notes.iter().cloned());
        check_entries(&book, &o, &at, &locate)?;
        if let Some(first) = book.checks().into_iter().next() {
            let message = format!("with this overlay, the `{provider}` book has a problem: {}", first.message);
            return Err(super::validate::locate(path, text, &super::validate::Problem { message, ..first }).with_help("fix the overlay's entry"));
        }
        let adjustments = adjustments(&o, &shown, &at, &locate)?;
        for mut l in replaced {
            let key = (provider.clone(), l.entry.clone());
            // a second overlay on the same entry: the list price is still the book's
            if let Some(first) = self.layers.replaced.get(&key) {
                l.price = first.price;
                l.book = first.book.clone();
            }
            self.layers.replaced.insert(key, l);
        }
        self.layers.adjustments.entry(provider.clone()).or_default().extend(adjustments);
        if let Some(origin) = self.layers.origin.get_mut(&provider) {
            origin.overlays.push(format!("{shown} (as of {})", o.as_of));
        }
        let hash = crate::provenance::FileHash { provider: provider.clone(), path: shown.clone(), sha256: crate::provenance::sha256_hex(text.as_bytes()) };
        self.layers.overlay_files.push(hash);
        self.books.insert(provider, (base_path, book));
        Ok(())
    }
}

/// One entry: the base's fields with the overlay's on top, each field checked
/// against the entry's type where it is written.
fn merge_entry(
    table: &str,
    name: &str,
    base: Option<&Table>,
    fields: &Spanned<Fields>,
    sources: &BTreeMap<String, Source>,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
) -> Result<Table, Diagnostic> {
    let mut entry = base.cloned().unwrap_or_default();
    for (k, v) in fields.get_ref() {
        entry.insert(k.clone(), v.get_ref().clone());
        if base.is_some()
            && let Err(e) = check_type(table, &entry)
        {
            return Err(at(v.span(), format!("{table}.{name}.{k}: {e}")));
        }
    }
    if let Err(e) = check_type(table, &entry) {
        let help = if base.is_none() { "a new entry is complete: write every field a book's entry has" } else { "fix the field" };
        return Err(at(fields.span(), format!("{table}.{name}: {e}")).with_help(help));
    }
    let changes_price = ["price", "prices", "multiplier"].iter().any(|k| fields.get_ref().contains_key(*k));
    let cited = fields.get_ref().get("source").and_then(|s| s.get_ref().as_str().map(|x| (x.to_string(), s.span())));
    match cited {
        Some((id, span)) if !sources.contains_key(&id) => {
            Err(at(span, format!("{table}.{name} cites source `{id}`, which the overlay's `[sources]` does not define"))
                .with_help("cite one of the overlay's own `[sources.ID]`"))
        }
        None if changes_price => Err(at(fields.span(), format!("{table}.{name} changes a price without a `source`"))
            .with_help("add `source = \"ID\"` naming one of the overlay's `[sources.ID]` (your contract, quote or invoice)")),
        _ => Ok(entry),
    }
}

/// Whether an entry deserializes as its table's type.
fn check_type(table: &str, entry: &Table) -> Result<(), String> {
    use super::book::{DbPlan, Plan, Rate, Region, Size};
    let v = Value::Table(entry.clone());
    let r = match table {
        "sizes" => v.try_into::<Size>().map(|_| ()),
        "plans" => v.try_into::<Plan>().map(|_| ()),
        "postgres" | "redis" => v.try_into::<DbPlan>().map(|_| ()),
        "rates" | "to_usd" => v.try_into::<Rate>().map(|_| ()),
        _ => v.try_into::<Region>().map(|_| ()),
    };
    r.map_err(|e| e.message().trim().to_string())
}

/// Runs the book's checks on each entry the overlay wrote, located at the value the
/// overlay writes (else at the entry).
fn check_entries(
    book: &PriceBook,
    o: &OverlayFile,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    locate: &dyn Fn(&[&str], String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    for (table, entries) in o.tables() {
        for (name, fields) in entries {
            let problems = only(book, table, name).checks();
            if let Some(first) = problems.first() {
                let keys: Vec<&str> = first.keys.iter().map(String::as_str).collect();
                let written = keys.get(2).is_some_and(|k| fields.get_ref().contains_key(*k));
                let d = if written { locate(&keys, first.message.clone()) } else { at(fields.span(), first.message.clone()) };
                return Err(d.with_help("fix the entry so the overlay can be trusted"));
            }
        }
    }
    Ok(())
}

/// A copy of `book` holding only `table.name` (and every source).
fn only(book: &PriceBook, table: &str, name: &str) -> PriceBook {
    let mut b = book.clone();
    fn keep<T>(m: &mut BTreeMap<String, T>, yes: bool, name: &str) {
        m.retain(|k, _| yes && k == name);
    }
    keep(&mut b.sizes, table == "sizes", name);
    keep(&mut b.plans, table == "plans", name);
    keep(&mut b.postgres, table == "postgres", name);
    keep(&mut b.redis, table == "redis", name);
    keep(&mut b.rates, table == "rates", name);
    keep(&mut b.regions, table == "regions", name);
    keep(&mut b.to_usd, table == "to_usd", name);
    b
}

/// The overlay's adjustments, checked: a percent for a discount or markup, an amount
/// for a credit, components the engines write, a source of the overlay's own.
fn adjustments(
    o: &OverlayFile,
    file: &str,
    at: &dyn Fn(std::ops::Range<usize>, String) -> Diagnostic,
    locate: &dyn Fn(&[&str], String) -> Diagnostic,
) -> Result<Vec<Adjustment>, Diagnostic> {
    let mut out = Vec::new();
    for (name, a) in &o.adjustments {
        let span = a.span();
        let mut adj = a.get_ref().clone();
        let ok = match adj.kind {
            AdjustmentKind::Discount | AdjustmentKind::Markup => {
                adj.amount.is_none() && adj.percent.is_some_and(|p| p.is_finite() && (0.0..=100.0).contains(&p))
            }
            AdjustmentKind::Credit => adj.percent.is_none() && adj.amount.is_some_and(|x| x.is_finite() && (0.0..=MAX_CREDIT).contains(&x)),
        };
        if !ok {
            return Err(at(
                span,
                format!(
                    "adjustments.{name}: a discount or markup states `percent` (0 to 100), a credit states `amount` (0 to {}), not both",
                    crate::money::quantity(MAX_CREDIT)
                ),
            )
            .with_help("e.g. `kind = \"discount\"`, `percent = 15`, `source = \"OUR-CONTRACT\"`"));
        }
        for (i, c) in adj.components.iter().enumerate() {
            if !ADJUSTABLE_COMPONENTS.contains(&c.as_str()) {
                let index = i.to_string();
                return Err(locate(
                    &["adjustments", name, "components", &index],
                    format!("adjustments.{name}: no billing engine writes a `{c}` line, so the adjustment would apply to nothing"),
                )
                .with_help(format!("components: {}", ADJUSTABLE_COMPONENTS.map(|c| format!("`{c}`")).join(", "))));
            }
        }
        let Some(cited) = o.sources.get(&adj.source) else {
            return Err(at(span, format!("adjustments.{name} cites source `{}`, which the overlay's `[sources]` does not define", adj.source)));
        };
        adj.name = name.clone();
        adj.file = file.to_string();
        adj.cited = Some(cited.clone());
        out.push(adj);
    }
    Ok(out)
}

fn value_f64(v: &Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

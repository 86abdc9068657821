//! Price books: loading a folder of them, validating, and looking prices up with
//! their source attached.
//!
//! Every lookup returns a [`Price`]: the number in the book's currency, the same in
//! USD, and a [`SourceRef`] naming the file, the entry and the cited URL. A lookup
//! that finds nothing returns a [`MissingPrice`], which the billing engines collect
//! and the reports list: a missing price is never a silent zero.

pub mod book;
pub mod currency;
pub mod diff;
pub mod embedded;
#[cfg(feature = "report")]
pub mod fetch;
#[cfg(feature = "report")]
pub mod index;
pub mod layers;
pub mod overlay;
pub mod units;
pub mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use book::PriceBook;

use crate::error::Diagnostic;

/// Where a price comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SourceRef {
    /// Price-book file, as given (e.g. `pricing/fly-io.toml`).
    pub book: String,
    /// Entry within the book, e.g. `sizes.shared-cpu-1x-256mb`.
    pub entry: String,
    /// The cited URL.
    pub url: String,
    /// The cited source's date.
    pub date: String,
    /// True when the cited source is not the vendor's own text (a third-party copy).
    pub secondary: bool,
    /// The vendor's own figure when hostcast converted it to a 730-hour month,
    /// e.g. `1.94 USD per 30 days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<String>,
    /// When an overlay replaced the price: the list price and where it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<overlay::ListPrice>,
}

impl SourceRef {
    /// `book#entry (url, date)`, the form shown in tables; `secondary` marked.
    pub fn label(&self) -> String {
        let mark = if self.secondary { ", secondary" } else { "" };
        format!("{}#{} ({}, {}{mark})", self.book, self.entry, self.url, self.date)
    }
}

/// A price found in a book.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Price {
    /// The price in the book's currency.
    pub amount: f64,
    /// The book's currency.
    pub currency: String,
    /// The price in USD (after the exchange rate, if any).
    pub usd: f64,
    /// Unit of the price as the book states it.
    pub unit: String,
    /// Units free each month.
    pub free: f64,
    /// Smallest monthly charge.
    pub minimum: Option<f64>,
    /// Smallest quantity one provisioned unit is billed for.
    pub min_quantity: Option<f64>,
    /// Whom `free` is for: each line, or the account once.
    pub free_scope: book::FreeScope,
    /// Where it comes from.
    pub source: SourceRef,
}

/// A price that a bill needed and no book had.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct MissingPrice {
    /// Price book (provider id) searched.
    pub provider: String,
    /// Entry that was looked for.
    pub entry: String,
    /// What it was needed for.
    pub needed_for: String,
}

/// All loaded price books, by provider id.
#[derive(Debug, Clone, Default)]
pub struct Prices {
    books: BTreeMap<String, (String, PriceBook)>,
    /// The date prices are taken at (`YYYY-MM-DD`); `None`: the newest book's `as_of`.
    date: Option<String>,
    /// Where each book came from, the overlays on it, the replaced prices and the adjustments.
    layers: layers::Provenance,
}

/// A price book and the file it came from, for listing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct BookInfo {
    /// Provider id.
    pub provider: String,
    /// Human name.
    pub title: String,
    /// File path.
    pub path: String,
    /// Date of the newest price evidence.
    pub as_of: String,
    /// Date the book was last compared with its sources (ages use it).
    pub checked: String,
    /// What the book's monthly prices mean: `hours_730`, `30_days`, `calendar`.
    pub month_basis: String,
    /// Currency.
    pub currency: String,
    /// Ids of the sources that are not the vendor's own text.
    pub secondary_sources: Vec<String>,
    /// Overlay files laid on the book, in order (`ops/fly.toml (as of 2026-11-01)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<String>,
}

impl Prices {
    /// Loads every `*.toml` file directly in `dir` (not its subfolders), except the
    /// update index `index.toml`.
    pub fn load_dir(dir: &Path) -> Result<Prices, Diagnostic> {
        let entries = fs_err::read_dir(dir).map_err(|e| {
            Diagnostic::file(dir, format!("cannot read the price-book folder: {e}"))
                .with_help("pass `--pricing DIR` with a folder of price-book TOML files (the bundled one is `pricing/`)")
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file() && !p.ends_with("index.toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(Diagnostic::file(dir, "no price books (`*.toml`) in this folder"));
        }
        let mut prices = Prices::empty();
        for path in paths {
            let text = crate::limits::read_text(&path, "the price book")?;
            prices.add(&path, &text)?;
        }
        Ok(prices)
    }

    /// Adds one book from its text (used by `load_dir` and by tests).
    pub fn add(&mut self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        let book = parse_book(path, text)?;
        let shown = shown_path(path);
        if let Some((other, _)) = self.books.get(&book.provider) {
            return Err(Diagnostic::file(path, format!("provider `{}` is already defined by {other}", book.provider))
                .with_help("keep one price book per provider in a folder"));
        }
        self.layers.origin.insert(book.provider.clone(), layers::Origin::of(&shown, crate::provenance::sha256_hex(text.as_bytes())));
        self.books.insert(book.provider.clone(), (shown, book));
        Ok(())
    }

    /// The same books, priced at `date` (`YYYY-MM-DD`, the report date): dated
    /// price histories (LLM prices) are read at that day. The commands pass it from
    /// `--today`, `HOSTCAST_TODAY` or the clock; library code never reads the clock.
    pub fn with_date(mut self, date: &str) -> Prices {
        self.date = Some(date.trim().to_string());
        self
    }

    /// The date prices are taken at: the one set by [`Prices::with_date`], else the
    /// newest book's `as_of` (empty when no book has a date).
    pub fn date(&self) -> String {
        match &self.date {
            Some(d) => d.clone(),
            None => self.books.values().map(|(_, b)| b.as_of_text()).filter(|d| crate::dates::day_number(d).is_some()).max().unwrap_or_default(),
        }
    }

    /// The book of a provider.
    pub fn book(&self, provider: &str) -> Option<&PriceBook> {
        self.books.get(provider).map(|(_, b)| b)
    }

    /// The book read from `path` (as shown, e.g. `embedded:apis.toml`).
    pub fn book_at(&self, path: &str) -> Option<&PriceBook> {
        self.books.values().find(|(p, _)| p == path).map(|(_, b)| b)
    }

    /// Whether a provider's book is loaded.
    pub fn has(&self, provider: &str) -> bool {
        self.books.contains_key(provider)
    }

    /// The loaded books, for listing in outputs.
    pub fn infos(&self) -> Vec<BookInfo> {
        self.books
            .iter()
            .map(|(p, (path, b))| BookInfo {
                provider: p.clone(),
                title: b.title.clone(),
                path: path.clone(),
                as_of: b.as_of_text(),
                checked: b.checked_text(),
                month_basis: b.month_basis.as_str().to_string(),
                currency: b.currency.clone(),
                secondary_sources: b.sources.iter().filter(|(_, s)| s.secondary).map(|(k, _)| k.clone()).collect(),
                overlays: self.layers.origin.get(p).map(|o| o.overlays.clone()).unwrap_or_default(),
            })
            .collect()
    }

    /// Units of USD per unit of `currency`, from the `exchange` book.
    fn to_usd(&self, currency: &str) -> Result<(f64, Option<SourceRef>), MissingPrice> {
        if currency == "USD" {
            return Ok((1.0, None));
        }
        let missing =
            || MissingPrice { provider: "exchange".into(), entry: format!("to_usd.{currency}"), needed_for: format!("converting {currency} prices to USD") };
        let (path, book) = self.books.get("exchange").ok_or_else(missing)?;
        let rate = book.to_usd.get(currency).ok_or_else(missing)?;
        Ok((rate.price, Some(source_ref(path, book, &format!("to_usd.{currency}"), &rate.source))))
    }

    /// A price of `amount` per `unit`; a monthly price of a book quoted per 30 days
    /// is converted to a 730-hour month, the vendor's figure kept in the source.
    fn make(&self, provider: &str, entry: String, amount: f64, unit: &str, source: &str, needed_for: &str) -> Result<Price, MissingPrice> {
        let (path, book) =
            self.books.get(provider).ok_or_else(|| MissingPrice { provider: provider.into(), entry: entry.clone(), needed_for: needed_for.into() })?;
        let (fx, _) = self.to_usd(&book.currency)?;
        let mut source = source_ref(path, book, &entry, source);
        let factor = if is_monthly(unit) { book.month_basis.to_730_hours() } else { 1.0 };
        if factor != 1.0 {
            let per = per_unit(unit);
            let per = if per.is_empty() { String::new() } else { format!(" {per}") };
            source.quoted = Some(format!("{} {}{per} {}", crate::money::quantity(amount), book.currency, book.month_basis.quoted_as()));
        }
        self.layers.mark_replaced(provider, &mut source);
        Ok(Price {
            amount: amount * factor,
            currency: book.currency.clone(),
            usd: amount * factor * fx,
            unit: unit.to_string(),
            free: 0.0,
            minimum: None,
            min_quantity: None,
            free_scope: book::FreeScope::Line,
            source,
        })
    }

    /// A unit price `rates.KEY`, with a region's override (`regions.R.prices.KEY`) when there is one.
    pub fn rate(&self, provider: &str, key: &str, region: Option<&str>, needed_for: &str) -> Result<Price, MissingPrice> {
        let missing = || MissingPrice { provider: provider.into(), entry: format!("rates.{key}"), needed_for: needed_for.into() };
        let book = self.book(provider).ok_or_else(missing)?;
        if let Some(r) = region.and_then(|r| book.regions.get(r).map(|x| (r, x)))
            && let Some(v) = r.1.prices.get(key)
        {
            let base = book.rates.get(key);
            let mut p =
                self.make(provider, format!("regions.{}.prices.{key}", r.0), *v, base.map(|b| b.unit.as_str()).unwrap_or(""), &r.1.source, needed_for)?;
            if let Some(b) = base {
                p.free = b.free.unwrap_or(0.0);
                p.minimum = b.minimum;
                p.min_quantity = b.min_quantity;
                p.free_scope = b.free_scope;
            }
            return Ok(p);
        }
        let r = book.rates.get(key).ok_or_else(missing)?;
        if let Some(region) = region
            && r.regional
            && book.default_region.as_deref() != Some(region)
        {
            return Err(MissingPrice { provider: provider.into(), entry: format!("regions.{region}.prices.{key}"), needed_for: needed_for.into() });
        }
        let mut p = self.make(provider, format!("rates.{key}"), r.price, &r.unit, &r.source, needed_for)?;
        p.free = r.free.unwrap_or(0.0);
        p.minimum = r.minimum;
        p.min_quantity = r.min_quantity;
        p.free_scope = r.free_scope;
        Ok(p)
    }

    /// The monthly price of size `name` (or of the size it is an alias of), times the
    /// region's multiplier, per 730-hour month.
    pub fn size(&self, provider: &str, name: &str, region: Option<&str>, needed_for: &str) -> Result<Price, MissingPrice> {
        let missing = || MissingPrice { provider: provider.into(), entry: format!("sizes.{name}"), needed_for: needed_for.into() };
        let book = self.book(provider).ok_or_else(missing)?;
        let name = book.size_key(name).ok_or_else(missing)?;
        let s = book.sizes.get(name).ok_or_else(missing)?;
        let mult = region.and_then(|r| book.regions.get(r)).map(|r| r.multiplier).unwrap_or(1.0);
        let entry = match region {
            Some(r) if book.regions.contains_key(r) && mult != 1.0 => format!("sizes.{name} × regions.{r}.multiplier"),
            _ => format!("sizes.{name}"),
        };
        self.make(provider, entry, s.price * mult, "month", &s.source, needed_for)
    }

    /// The monthly fee of `postgres.NAME`, `redis.NAME` or `plans.NAME` (`table` says which).
    pub fn plan(&self, provider: &str, table: &str, name: &str, needed_for: &str) -> Result<Price, MissingPrice> {
        let missing = || MissingPrice { provider: provider.into(), entry: format!("{table}.{name}"), needed_for: needed_for.into() };
        let book = self.book(provider).ok_or_else(missing)?;
        let key = book.plan_key(table, name).ok_or_else(missing)?;
        let (price, source) = match table {
            "postgres" => book.postgres.get(key).map(|p| (p.price, p.source.clone())),
            "redis" => book.redis.get(key).map(|p| (p.price, p.source.clone())),
            "plans" => book.plans.get(key).map(|p| (p.price, p.source.clone())),
            _ => None,
        }
        .ok_or_else(missing)?;
        // plan fees are quoted per calendar month and taken as quoted
        let mut p = self.make(provider, format!("{table}.{key}"), price, "", &source, needed_for)?;
        p.unit = "month".into();
        Ok(p)
    }

    /// The discounts, markups and credits the overlays state, by provider.
    pub fn adjustments(&self) -> &BTreeMap<String, Vec<overlay::Adjustment>> {
        &self.layers.adjustments
    }

    /// Converts an amount in `currency` to USD.
    pub fn usd(&self, amount: f64, currency: &str) -> Result<f64, MissingPrice> {
        self.to_usd(currency).map(|(fx, _)| amount * fx)
    }

    /// The exchange-rate source for a currency (for listing), if not USD.
    pub fn exchange_source(&self, currency: &str) -> Option<SourceRef> {
        self.to_usd(currency).ok().and_then(|(_, s)| s)
    }
}

/// Reads and validates one whole price book: TOML, `schema = 1`, and every check of
/// [`PriceBook::problems`] (sources defined, numbers finite and not negative…).
pub fn parse_book(path: &Path, text: &str) -> Result<PriceBook, Diagnostic> {
    crate::limits::check_text_size(path, text.len())?;
    crate::limits::check_toml_nesting(path, text)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::at(path, "", 0, "the price book is empty").with_help("a book starts with `schema = 1` and `provider = \"…\"`"));
    }
    let book: PriceBook = toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
    if book.schema != 1 {
        let at = validate::Problem { keys: vec!["schema".into()], message: format!("unsupported price-book schema {}", book.schema) };
        return Err(validate::locate(path, text, &at).with_help("this version of hostcast reads `schema = 1`"));
    }
    let problems = book.checks();
    if let Some(first) = problems.first() {
        let mut d = validate::locate(path, text, first);
        if problems.len() > 1 {
            d.message = format!("{} (and {} more)", d.message, problems.len() - 1);
        }
        let help = if first.keys.first().is_some_and(|k| k == "provider") {
            format!("providers: {}", validate::PROVIDERS.join(", "))
        } else {
            "fix the entry so the book can be trusted".to_string()
        };
        return Err(d.with_help(help));
    }
    Ok(book)
}

/// A path as outputs show it: relative to the working folder (`pricing/fly-io.toml`,
/// `../ops/fly.toml`), never absolute; a relative path (or `embedded:NAME.toml`) as given.
pub fn shown_path(path: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) => relative_to(path, &cwd),
        Err(_) => path.to_string_lossy().to_string(),
    }
}

/// The components of a path without its `.` parts.
fn clean(p: &Path) -> Vec<std::path::Component<'_>> {
    p.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

/// `path` relative to the folder `base` (both absolute), with `..` where it lies
/// outside; a relative `path` is returned as given.
pub fn relative_to(path: &Path, base: &Path) -> String {
    if !path.is_absolute() {
        return path.to_string_lossy().to_string();
    }
    let (p, b) = (clean(path), clean(base));
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() { ".".to_string() } else { out.to_string_lossy().to_string() }
}

fn source_ref(path: &str, book: &PriceBook, entry: &str, source: &str) -> SourceRef {
    let s = book.sources.get(source);
    SourceRef {
        book: path.to_string(),
        entry: entry.to_string(),
        url: s.map(|s| s.url.clone()).unwrap_or_default(),
        date: s.map(|s| s.date.clone()).unwrap_or_default(),
        secondary: s.is_some_and(|s| s.secondary),
        quoted: None,
        list: None,
    }
}

/// Whether a price in `unit` is a monthly price (`month`, `GB-month`, `machine-month`).
fn is_monthly(unit: &str) -> bool {
    unit == "month" || unit.ends_with("-month")
}

/// `per GB` for `GB-month`, empty for `month`.
fn per_unit(unit: &str) -> String {
    unit.strip_suffix("-month").map(|u| format!("per {u}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_working_folder_are_relative_too() {
        use std::path::Path;
        assert_eq!(relative_to(Path::new("/w/p/pricing/fly-io.toml"), Path::new("/w/p")), "pricing/fly-io.toml");
        assert_eq!(relative_to(Path::new("/tmp/x/pricing/fly-io.toml"), Path::new("/tmp/y/z")), "../../x/pricing/fly-io.toml");
        assert_eq!(relative_to(Path::new("embedded:fly-io.toml"), Path::new("/w")), "embedded:fly-io.toml");
        assert_eq!(relative_to(Path::new("/w/./a.toml"), Path::new("/w")), "a.toml");
    }
}

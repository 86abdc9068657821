//! Price books: loading a folder of them, validating, and looking prices up with
//! their source attached.
//!
//! Every lookup returns a [`Price`]: the number in the book's currency, the same in
//! USD, and a [`SourceRef`] naming the file, the entry and the cited URL. A lookup
//! that finds nothing returns a [`MissingPrice`], which the billing engines collect
//! and the reports list: a missing price is never a silent zero.

pub mod age;
pub mod book;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use book::PriceBook;

use crate::error::Diagnostic;

/// Where a price comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRef {
    /// Price-book file, as given (e.g. `pricing/fly-io.toml`).
    pub book: String,
    /// Entry within the book, e.g. `sizes.shared-cpu-1x-256mb`.
    pub entry: String,
    /// The cited URL.
    pub url: String,
    /// The cited source's date.
    pub date: String,
}

impl SourceRef {
    /// `book#entry (url, date)`, the form shown in tables.
    pub fn label(&self) -> String {
        format!("{}#{} ({}, {})", self.book, self.entry, self.url, self.date)
    }
}

/// A price found in a book.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Where it comes from.
    pub source: SourceRef,
}

/// A price that a bill needed and no book had.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingPrice {
    /// Price book (provider id) searched.
    pub provider: String,
    /// Entry that was looked for.
    pub entry: String,
    /// What it was needed for.
    pub needed_for: String,
}

/// All loaded price books, by provider id.
#[derive(Debug, Clone)]
pub struct Prices {
    books: BTreeMap<String, (String, PriceBook)>,
    /// The date prices are taken at (`YYYY-MM-DD`); `None`: the newest book's `as_of`.
    date: Option<String>,
}

/// A price book and the file it came from, for listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BookInfo {
    /// Provider id.
    pub provider: String,
    /// Human name.
    pub title: String,
    /// File path.
    pub path: String,
    /// Date of the prices.
    pub as_of: String,
    /// Currency.
    pub currency: String,
}

impl Prices {
    /// Loads every `*.toml` file directly in `dir` (not its subfolders).
    pub fn load_dir(dir: &Path) -> Result<Prices, Diagnostic> {
        let entries = fs_err::read_dir(dir).map_err(|e| {
            Diagnostic::file(dir, format!("cannot read the price-book folder: {e}"))
                .with_help("pass `--pricing DIR` with a folder of price-book TOML files (the bundled one is `pricing/`)")
        })?;
        let mut paths: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file()).collect();
        paths.sort();
        if paths.is_empty() {
            return Err(Diagnostic::file(dir, "no price books (`*.toml`) in this folder"));
        }
        let mut prices = Prices { books: BTreeMap::new(), date: None };
        for path in paths {
            let text = fs_err::read_to_string(&path).map_err(|e| Diagnostic::file(&path, e.to_string()))?;
            prices.add(&path, &text)?;
        }
        Ok(prices)
    }

    /// Adds one book from its text (used by `load_dir` and by tests).
    pub fn add(&mut self, path: &Path, text: &str) -> Result<(), Diagnostic> {
        let book: PriceBook = toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
        if book.schema != 1 {
            return Err(
                Diagnostic::file(path, format!("unsupported price-book schema {}", book.schema)).with_help("this version of hostcast reads `schema = 1`")
            );
        }
        let problems = book.problems();
        if let Some(first) = problems.first() {
            let more = if problems.len() > 1 { format!(" (and {} more)", problems.len() - 1) } else { String::new() };
            return Err(Diagnostic::file(path, format!("{first}{more}")).with_help("fix the entry so the book can be trusted"));
        }
        let shown = path.to_string_lossy().to_string();
        if let Some((other, _)) = self.books.get(&book.provider) {
            return Err(Diagnostic::file(path, format!("provider `{}` is already defined by {other}", book.provider))
                .with_help("keep one price book per provider in a folder"));
        }
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
            None => self.books.values().map(|(_, b)| b.as_of_text()).filter(|d| age::parse_day(d).is_some()).max().unwrap_or_default(),
        }
    }

    /// The book of a provider.
    pub fn book(&self, provider: &str) -> Option<&PriceBook> {
        self.books.get(provider).map(|(_, b)| b)
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
                currency: b.currency.clone(),
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

    fn make(&self, provider: &str, entry: String, amount: f64, unit: &str, source: &str, needed_for: &str) -> Result<Price, MissingPrice> {
        let (path, book) =
            self.books.get(provider).ok_or_else(|| MissingPrice { provider: provider.into(), entry: entry.clone(), needed_for: needed_for.into() })?;
        let (fx, _) = self.to_usd(&book.currency)?;
        Ok(Price {
            amount,
            currency: book.currency.clone(),
            usd: amount * fx,
            unit: unit.to_string(),
            free: 0.0,
            minimum: None,
            source: source_ref(path, book, &entry, source),
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
            }
            return Ok(p);
        }
        let r = book.rates.get(key).ok_or_else(missing)?;
        let mut p = self.make(provider, format!("rates.{key}"), r.price, &r.unit, &r.source, needed_for)?;
        p.free = r.free.unwrap_or(0.0);
        p.minimum = r.minimum;
        Ok(p)
    }

    /// The monthly price of size `name`, times the region's multiplier.
    pub fn size(&self, provider: &str, name: &str, region: Option<&str>, needed_for: &str) -> Result<Price, MissingPrice> {
        let missing = || MissingPrice { provider: provider.into(), entry: format!("sizes.{name}"), needed_for: needed_for.into() };
        let book = self.book(provider).ok_or_else(missing)?;
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
        let (price, source) = match table {
            "postgres" => book.postgres.get(name).map(|p| (p.price, p.source.clone())),
            "redis" => book.redis.get(name).map(|p| (p.price, p.source.clone())),
            "plans" => book.plans.get(name).map(|p| (p.price, p.source.clone())),
            _ => None,
        }
        .ok_or_else(missing)?;
        self.make(provider, format!("{table}.{name}"), price, "month", &source, needed_for)
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

fn source_ref(path: &str, book: &PriceBook, entry: &str, source: &str) -> SourceRef {
    let s = book.sources.get(source);
    SourceRef {
        book: path.to_string(),
        entry: entry.to_string(),
        url: s.map(|s| s.url.clone()).unwrap_or_default(),
        date: s.map(|s| s.date.clone()).unwrap_or_default(),
    }
}

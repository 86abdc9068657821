//! `pricing diff OLD NEW`: the prices that changed, were added or were removed
//! between two sets of books, per book and entry, with the change in percent.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{PriceBook, Prices};

/// One price that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Provider id.
    pub provider: String,
    /// Entry, e.g. `sizes.starter.price`.
    pub entry: String,
    /// The old price (none: added).
    pub old: Option<f64>,
    /// The new price (none: removed).
    pub new: Option<f64>,
}

impl Change {
    /// The change in percent of the old price, when both exist and the old is not zero.
    pub fn percent(&self) -> Option<f64> {
        match (self.old, self.new) {
            (Some(o), Some(n)) if o != 0.0 => Some((n - o) / o * 100.0),
            _ => None,
        }
    }
}

/// Every price of a book, by entry.
pub fn flatten(book: &PriceBook) -> BTreeMap<String, f64> {
    let mut m = BTreeMap::new();
    for (k, v) in &book.sizes {
        m.insert(format!("sizes.{k}.price"), v.price);
    }
    for (k, v) in &book.plans {
        m.insert(format!("plans.{k}.price"), v.price);
    }
    for (t, plans) in [("postgres", &book.postgres), ("redis", &book.redis)] {
        for (k, v) in plans {
            m.insert(format!("{t}.{k}.price"), v.price);
        }
    }
    for (t, rates) in [("rates", &book.rates), ("to_usd", &book.to_usd)] {
        for (k, v) in rates {
            m.insert(format!("{t}.{k}.price"), v.price);
        }
    }
    for (r, v) in &book.regions {
        m.insert(format!("regions.{r}.multiplier"), v.multiplier);
        for (k, x) in &v.prices {
            m.insert(format!("regions.{r}.prices.{k}"), *x);
        }
    }
    m
}

/// The changed, added and removed prices from `old` to `new`, by provider and entry.
pub fn diff(old: &Prices, new: &Prices) -> Vec<Change> {
    let mut providers: Vec<String> = old.books.keys().chain(new.books.keys()).cloned().collect();
    providers.sort();
    providers.dedup();
    let mut out = Vec::new();
    for p in providers {
        let a = old.book(&p).map(flatten).unwrap_or_default();
        let b = new.book(&p).map(flatten).unwrap_or_default();
        let mut entries: Vec<&String> = a.keys().chain(b.keys()).collect();
        entries.sort();
        entries.dedup();
        for e in entries {
            let (o, n) = (a.get(e).copied(), b.get(e).copied());
            if o != n {
                out.push(Change { provider: p.clone(), entry: e.clone(), old: o, new: n });
            }
        }
    }
    out
}

/// One line per change: `fly  sizes.x.price  5.70 → 6.00  (+5.26 %)`.
pub fn render(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no price changed\n".into();
    }
    let mut s = String::new();
    for c in changes {
        let q = |x: Option<f64>| x.map(crate::money::quantity).unwrap_or_else(|| "—".into());
        let what = match (c.old, c.new, c.percent()) {
            (None, Some(_), _) => "added".to_string(),
            (Some(_), None, _) => "removed".to_string(),
            (_, _, Some(p)) => format!("{p:+.2} %"),
            _ => "changed".to_string(),
        };
        let _ = writeln!(s, "{}\t{}\t{} → {}\t{what}", c.provider, c.entry, q(c.old), q(c.new));
    }
    s
}

//! Checks of a price book that the types cannot make, each located at the book's
//! line and column.
//!
//! Numbers are checked by walking every numeric leaf of the book as it serialises
//! (so a field added to the format later is checked without a line here): each
//! must be finite and not negative. A problem names its key path; [`locate`] finds
//! that path's value in the book's text with the TOML parser's spans.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use std::collections::BTreeMap;

use super::book::PriceBook;
use crate::error::Diagnostic;

/// Provider ids the billing engines and API pricing look up.
pub const PROVIDERS: [&str; 11] = ["addons", "apis", "cloudflare", "digitalocean", "exchange", "fly", "hetzner", "render", "tigris", "upstash", "vercel"];

/// One problem of a book: the keys of the value it is at, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Key path of the value, from the top of the book (`["sizes", "n", "price"]`).
    pub keys: Vec<String>,
    /// What is wrong, naming the entry.
    pub message: String,
}

/// Largest price a book may state per unit, in its own currency (a billion: a whole
/// year of the largest bill in the weakest currency is below it).
pub const MAX_PRICE: f64 = 1.0e9;

/// Largest quantity a book may state (an allowance, a size, a count).
pub const MAX_QUANTITY: f64 = 1.0e12;

/// The range an exchange rate (USD per 1 unit of a currency) must be in: the weakest
/// currency traded is worth about 1e-5 USD, the strongest a few USD.
pub const EXCHANGE_RATE: (f64, f64) = (1.0e-7, 1.0e4);

/// The range of a region's multiplier on compute prices.
pub const MULTIPLIER: (f64, f64) = (0.0, 100.0);

/// Every number of the book that is not finite, is negative, or is beyond what such
/// a number could plausibly be (see [`range`]).
pub fn number_problems(book: &PriceBook) -> Vec<Problem> {
    let mut out = Vec::new();
    match toml::Value::try_from(book) {
        Ok(v) => walk(&v, &mut Vec::new(), &mut out),
        Err(e) => out.push(Problem { keys: Vec::new(), message: format!("the book cannot be read back: {e}") }),
    }
    out
}

/// The range a number at `keys` must be in, and what it is, in words: exchange rates,
/// regional multipliers, prices (`price`, `minimum`, `setup_fee`, a region's `prices`),
/// else any quantity.
pub fn range(keys: &[String]) -> (f64, f64, &'static str) {
    let key = |i: usize| keys.get(i).map(String::as_str);
    let last = keys.last().map(String::as_str);
    match (key(0), key(2), last) {
        (Some("to_usd"), _, Some("price")) => (EXCHANGE_RATE.0, EXCHANGE_RATE.1, "an exchange rate (USD per 1 unit of the currency)"),
        (Some("regions"), _, Some("multiplier")) => (MULTIPLIER.0, MULTIPLIER.1, "a regional multiplier"),
        (Some("regions"), Some("prices"), _) | (_, _, Some("price" | "minimum" | "setup_fee")) => (0.0, MAX_PRICE, "a price"),
        _ => (0.0, MAX_QUANTITY, "a quantity"),
    }
}

fn walk(v: &toml::Value, keys: &mut Vec<String>, out: &mut Vec<Problem>) {
    let bad = |x: f64| !x.is_finite() || x < 0.0;
    let shown = |x: f64| if x.abs() >= 1e9 { format!("{x:e}") } else { x.to_string() };
    let beyond = |x: f64| {
        let (min, max, _) = range(keys);
        !bad(x) && (x < min || x > max)
    };
    match v {
        toml::Value::Float(x) if bad(*x) => out.push(problem(keys, &shown(*x))),
        toml::Value::Integer(i) if *i < 0 => out.push(problem(keys, &i.to_string())),
        toml::Value::Float(x) if beyond(*x) => out.push(implausible(keys, &shown(*x))),
        toml::Value::Integer(i) if beyond(*i as f64) => out.push(implausible(keys, &i.to_string())),
        toml::Value::Table(t) => {
            for (k, v) in t {
                keys.push(k.clone());
                walk(v, keys, out);
                keys.pop();
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                keys.push(i.to_string());
                walk(v, keys, out);
                keys.pop();
            }
        }
        _ => {}
    }
}

fn problem(keys: &[String], shown: &str) -> Problem {
    Problem { keys: keys.to_vec(), message: format!("{} is {shown}: prices and quantities must be finite and not negative", keys.join(".")) }
}

fn implausible(keys: &[String], shown: &str) -> Problem {
    let (min, max, what) = range(keys);
    let q = |x: f64| if x != 0.0 && (x.abs() >= 1e6 || x.abs() < 1e-3) { format!("{x:e}") } else { x.to_string() };
    Problem { keys: keys.to_vec(), message: format!("{} is {shown}: {what} is between {} and {}", keys.join("."), q(min), q(max)) }
}

/// A problem when the provider id is not one hostcast prices.
pub fn provider_problem(book: &PriceBook) -> Option<Problem> {
    (!PROVIDERS.contains(&book.provider.as_str()))
        .then(|| Problem { keys: vec!["provider".to_string()], message: format!("unknown provider `{}`: no billing engine reads it", book.provider) })
}

/// The problem as a diagnostic at its value in `text` (the start of the deepest key
/// path found), else at the top of the file.
pub fn locate(path: &Path, text: &str, p: &Problem) -> Diagnostic {
    let offset = DeTable::parse(text).ok().map(|t| {
        let root = t.get_ref();
        let mut offset = 0;
        let mut table = Some(root);
        let mut array: Option<&toml::de::DeArray> = None;
        for k in &p.keys {
            let next = match (table, array) {
                (Some(t), _) => t.iter().find(|(key, _)| key.get_ref().as_ref() == k.as_str()).map(|(_, v)| v),
                (None, Some(a)) => k.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            let Some(v) = next else { break };
            offset = v.span().start;
            (table, array) = match v.get_ref() {
                DeValue::Table(t) => (Some(t), None),
                DeValue::Array(a) => (None, Some(a)),
                _ => (None, None),
            };
        }
        offset
    });
    Diagnostic::at(path, text, offset.unwrap_or(0), p.message.clone())
}

impl PriceBook {
    /// Checks what the type system cannot: every source id exists, every number is
    /// finite and not negative, shared CPU shares are at most the vCPU count, a
    /// secondary source gives its reason, no alias names two entries, and the
    /// provider is one hostcast prices. Returns one message per problem, naming the entry.
    pub fn problems(&self) -> Vec<String> {
        self.checks().into_iter().map(|p| p.message).collect()
    }

    /// The problems of [`PriceBook::problems`], each with the key path of its value
    /// (to locate it in the book's text with [`locate`]).
    pub fn checks(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        out.extend(provider_problem(self));
        self.citation_problems(&mut out);
        out.extend(number_problems(self));
        self.alias_problems(&mut out);
        for (k, v) in &self.sources {
            if v.secondary && v.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                out.push(at(
                    &["sources", k, "secondary"],
                    format!("sources.{k} is `secondary = true` without a `reason`: say whose text it copies and why it is used"),
                ));
            }
        }
        for (k, v) in &self.sizes {
            if v.sustained_cpu > v.vcpus + 1e-9 {
                out.push(at(&["sizes", k, "sustained_cpu"], format!("sizes.{k}: sustained_cpu {} exceeds vcpus {}", v.sustained_cpu, v.vcpus)));
            }
        }
        out
    }

    fn citation_problems(&self, out: &mut Vec<Problem>) {
        let mut cite = |table: &str, k: &str, source: &str| {
            if !self.sources.contains_key(source) {
                out.push(at(&[table, k, "source"], format!("{table}.{k} cites source `{source}`, which `[sources]` does not define")));
            }
        };
        for (k, v) in &self.sizes {
            cite("sizes", k, &v.source);
        }
        for (k, v) in &self.plans {
            cite("plans", k, &v.source);
        }
        for (k, v) in &self.postgres {
            cite("postgres", k, &v.source);
        }
        for (k, v) in &self.redis {
            cite("redis", k, &v.source);
        }
        for (k, v) in &self.rates {
            cite("rates", k, &v.source);
        }
        for (k, v) in &self.to_usd {
            cite("to_usd", k, &v.source);
        }
        for (k, v) in &self.regions {
            cite("regions", k, &v.source);
        }
    }

    fn alias_problems(&self, out: &mut Vec<Problem>) {
        type Entries<'a> = Vec<(&'a String, &'a Vec<String>)>;
        let tables: [(&str, Entries); 4] = [
            ("sizes", self.sizes.iter().map(|(k, v)| (k, &v.aliases)).collect()),
            ("plans", self.plans.iter().map(|(k, v)| (k, &v.aliases)).collect()),
            ("postgres", self.postgres.iter().map(|(k, v)| (k, &v.aliases)).collect()),
            ("redis", self.redis.iter().map(|(k, v)| (k, &v.aliases)).collect()),
        ];
        for (table, entries) in tables {
            let mut seen: BTreeMap<&str, &str> = entries.iter().map(|(k, _)| (k.as_str(), k.as_str())).collect();
            for (k, aliases) in &entries {
                for a in aliases.iter() {
                    if let Some(other) = seen.insert(a.as_str(), k.as_str()) {
                        out.push(at(&[table, k, "aliases"], format!("{table}.{k}: alias `{a}` already names {table}.{other}; an id may name one entry only")));
                    }
                }
            }
        }
    }
}

fn at(keys: &[&str], message: String) -> Problem {
    Problem { keys: keys.iter().map(|k| k.to_string()).collect(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A book with every field of the format given (no option left out, no table empty).
    const FULL: &str = r#"
schema = 1
provider = "hetzner"
title = "Full"
currency = "USD"
as_of = 2026-11-01
checked = 2026-11-02
month_basis = "30_days"
default_region = "r"
tax = "net"
notes = ["n"]
[sources.S]
url = "https://example.org"
date = "2026-11-01"
title = "t"
secondary = true
reason = "r"
[sizes.n]
vcpus = 2
cpu_kind = "shared"
sustained_cpu = 1
memory_mb = 1024
price = 5
source = "S"
disk_gb = 40
included_traffic_gb = 1000
selectable = true
orderable = true
aliases = ["m"]
setup_fee = 10
note = "x"
gpu = { model = "g", memory_gb = 24, count = 1, equivalent = ["a10"], reason = "r" }
[plans.p]
price = 1
source = "S"
included = { bandwidth_gb = 100 }
limits = { bandwidth_gb = 200 }
features = ["f"]
rank = 1
aliases = ["q"]
note = "x"
[postgres.pg]
price = 10
source = "S"
memory_mb = 1024
vcpus = 1
max_connections = 100
storage_gb_included = 10
storage_gb_max = 100
included = { bandwidth_gb = 5 }
ha = true
ha_standby = true
aliases = ["pg2"]
selectable = true
note = "x"
[redis.kv]
price = 10
source = "S"
memory_mb = 256
vcpus = 1
max_connections = 100
storage_gb_included = 1
storage_gb_max = 2
included = { bandwidth_gb = 5 }
ha = false
ha_standby = false
aliases = ["kv2"]
selectable = true
note = "x"
[rates.egress]
price = 0.01
unit = "GB"
source = "S"
free = 100
minimum = 1
min_quantity = 1
free_scope = "account"
regional = true
note = "x"
[regions.r]
multiplier = 1.2
group = "eu"
source = "S"
prices = { egress = 0.02 }
note = "x"
[to_usd.EUR]
price = 1.1
unit = "USD"
source = "S"
free = 0
minimum = 0
min_quantity = 0
note = "x"
"#;

    /// Paths of every numeric leaf of a JSON value; panics on a null or an empty
    /// table or list (a field the full book leaves out).
    fn numeric_leaves(v: &serde_json::Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            serde_json::Value::Null => panic!("{} is not given in the full book: give it a value", path.join(".")),
            serde_json::Value::Number(_) => out.push(path.clone()),
            serde_json::Value::Object(m) => {
                assert!(!m.is_empty(), "{} is empty in the full book", path.join("."));
                for (k, v) in m {
                    path.push(k.clone());
                    numeric_leaves(v, path, out);
                    path.pop();
                }
            }
            serde_json::Value::Array(a) => {
                assert!(!a.is_empty(), "{} is empty in the full book", path.join("."));
                for (i, v) in a.iter().enumerate() {
                    path.push(i.to_string());
                    numeric_leaves(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn set(v: &mut toml::Value, path: &[String], x: toml::Value) {
        let mut cur = v;
        for k in path {
            cur = match cur {
                toml::Value::Table(t) => t.get_mut(k).expect("key of the full book"),
                toml::Value::Array(a) => a.get_mut(k.parse::<usize>().expect("index")).expect("item"),
                _ => panic!("{k} is not a table"),
            };
        }
        *cur = x;
    }

    #[test]
    fn the_full_book_is_valid() {
        let book: PriceBook = toml::from_str(FULL).expect("full book parses");
        assert_eq!(book.checks(), Vec::new());
    }

    #[test]
    fn every_numeric_field_refuses_nan_infinity_and_negatives() {
        let book: PriceBook = toml::from_str(FULL).expect("full book parses");
        let json = serde_json::to_value(&book).expect("serialises");
        let mut leaves = Vec::new();
        numeric_leaves(&json, &mut Vec::new(), &mut leaves);
        assert!(leaves.len() > 30, "{} numeric fields", leaves.len());
        let base = toml::Value::try_from(&book).expect("to toml");
        for path in &leaves {
            for bad in [toml::Value::Float(f64::NAN), toml::Value::Float(f64::INFINITY), toml::Value::Float(-1.0), toml::Value::Integer(-1)] {
                let mut v = base.clone();
                set(&mut v, path, bad.clone());
                // a whole-number field refuses a float or a negative when read; a
                // real-number field reads it and the checks refuse it, at its path
                if let Ok(b) = v.try_into::<PriceBook>() {
                    let checks = b.checks();
                    assert!(checks.iter().any(|p| p.keys == *path), "{} = {bad} passes: {checks:?}", path.join("."));
                }
            }
        }
    }

    #[test]
    fn numbers_beyond_a_plausible_range_are_refused_at_their_path() {
        let book: PriceBook = toml::from_str(FULL).expect("full book parses");
        let base = toml::Value::try_from(&book).expect("to toml");
        let cases: [(&[&str], toml::Value, &str); 6] = [
            (
                &["to_usd", "EUR", "price"],
                toml::Value::Float(1e308),
                "to_usd.EUR.price is 1e308: an exchange rate (USD per 1 unit of the currency) is between 1e-7 and 10000",
            ),
            (&["to_usd", "EUR", "price"], toml::Value::Float(0.0), "to_usd.EUR.price is 0: an exchange rate"),
            (&["sizes", "n", "price"], toml::Value::Float(4.29e16), "sizes.n.price is 4.29e16: a price is between 0 and 1e9"),
            (&["regions", "r", "prices", "egress"], toml::Value::Float(2e9), "regions.r.prices.egress is 2e9: a price"),
            (&["regions", "r", "multiplier"], toml::Value::Integer(1000), "regions.r.multiplier is 1000: a regional multiplier is between 0 and 100"),
            (&["plans", "p", "included", "bandwidth_gb"], toml::Value::Float(1e13), "plans.p.included.bandwidth_gb is 1e13: a quantity is between 0 and 1e12"),
        ];
        for (path, bad, want) in cases {
            let path: Vec<String> = path.iter().map(|k| k.to_string()).collect();
            let mut v = base.clone();
            set(&mut v, &path, bad);
            let b: PriceBook = v.try_into().expect("reads");
            let checks = b.checks();
            let p = checks.iter().find(|p| p.keys == path).unwrap_or_else(|| panic!("{} passes: {checks:?}", path.join(".")));
            assert!(p.message.starts_with(want), "{} vs {want}", p.message);
        }
    }

    #[test]
    fn problems_are_located_at_their_value() {
        let text = FULL.replace("setup_fee = 10", "setup_fee = nan");
        let book: PriceBook = toml::from_str(&text).expect("parses");
        let checks = book.checks();
        let d = locate(Path::new("b.toml"), &text, &checks[0]);
        assert_eq!(d.to_string().lines().next(), Some("b.toml:30:13: sizes.n.setup_fee is NaN: prices and quantities must be finite and not negative"));
        let text = FULL.replace("provider = \"hetzner\"", "provider = \"hetznr\"");
        let book: PriceBook = toml::from_str(&text).expect("parses");
        let d = locate(Path::new("b.toml"), &text, &book.checks()[0]);
        assert!(d.to_string().starts_with("b.toml:3:12: unknown provider `hetznr`"), "{d}");
    }
}

//! Indexes that keep a [`Bill`](super::Bill)'s bookkeeping near-linear in the
//! number of services: which findings, assumptions and missing prices it already
//! holds (so that adding one does not scan them all), and the cost of each service
//! over its line items so far (so that summarising every service does not rescan
//! every line).
//!
//! Both follow the bill's public vectors as they grow: items appended directly are
//! picked up on the next query, and a vector that shrank is indexed again.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};

use super::LineItem;

/// Which items of a growing vector are already present, by hash.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    covered: usize,
    by_hash: HashMap<u64, Vec<usize>>,
}

impl Seen {
    /// Whether `items` holds `item`; `key` hashes what two equal items share.
    pub fn holds<T: PartialEq>(&mut self, items: &[T], item: &T, key: impl Fn(&T, &mut DefaultHasher)) -> bool {
        if self.covered > items.len() {
            *self = Seen::default();
        }
        for (i, x) in items.iter().enumerate().skip(self.covered) {
            self.by_hash.entry(hash(x, &key)).or_default().push(i);
        }
        self.covered = items.len();
        self.by_hash.get(&hash(item, &key)).is_some_and(|ix| ix.iter().any(|&i| items.get(i) == Some(item)))
    }
}

/// The cost of each service over the line items seen so far, summed in line order.
#[derive(Debug, Clone, Default)]
pub struct Costs {
    covered: usize,
    by_service: HashMap<String, f64>,
}

impl Costs {
    /// The sum of `monthly_cost_usd` over the lines of `service` (as
    /// `lines.iter().filter(..).map(..).sum()` gives it, bit for bit). Lines are
    /// only ever appended or changed while last, so those already summed stay.
    pub fn of(&mut self, lines: &[LineItem], service: &str) -> f64 {
        let empty: f64 = std::iter::empty::<f64>().sum();
        if self.covered > lines.len() {
            *self = Costs::default();
        }
        for l in lines.iter().skip(self.covered) {
            *self.by_service.entry(l.service.clone()).or_insert(empty) += l.monthly_cost_usd;
        }
        self.covered = lines.len();
        self.by_service.get(service).copied().unwrap_or(empty)
    }
}

/// The sum of the values of each name, in the order given (bit for bit what
/// filtering the items by name and summing gives).
pub fn sums<'a>(items: impl Iterator<Item = (&'a str, f64)>) -> HashMap<&'a str, f64> {
    let empty: f64 = std::iter::empty::<f64>().sum();
    let mut out: HashMap<&'a str, f64> = HashMap::new();
    for (name, x) in items {
        *out.entry(name).or_insert(empty) += x;
    }
    out
}

fn hash<T>(x: &T, key: &impl Fn(&T, &mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    key(x, &mut h);
    h.finish()
}

/// Indexes compare equal whatever they hold: they are caches of the bill's own
/// vectors, not part of what a bill is.
macro_rules! always_equal {
    ($($t:ty),*) => {$(
        impl PartialEq for $t {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
    )*};
}
always_equal!(Seen, Costs);

#[cfg(test)]
mod tests {
    use std::hash::Hash;

    use super::*;

    #[test]
    fn seen_follows_a_growing_and_shrinking_vector() {
        let mut seen = Seen::default();
        let mut v = vec!["a".to_string(), "b".to_string()];
        assert!(seen.holds(&v, &"a".to_string(), |s, h| s.hash(h)));
        assert!(!seen.holds(&v, &"c".to_string(), |s, h| s.hash(h)));
        v.push("c".into());
        assert!(seen.holds(&v, &"c".to_string(), |s, h| s.hash(h)));
        v.truncate(1);
        assert!(!seen.holds(&v, &"b".to_string(), |s, h| s.hash(h)));
    }
}

//! Indexes that keep a [`Bill`](super::Bill)'s bookkeeping near-linear in the
//! number of services: which findings, assumptions and missing prices it already
//! holds (so that adding one does not scan them all), and the cost of each service
//! over its line items so far (so that summarising every service does not rescan
//! every line).
//!
//! Both follow the bill's public vectors as they grow: items appended directly are
//! picked up on the next query, and a vector that shrank is indexed again.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use super::LineItem;

/// The hasher of the indexes: foldhash, keyed at random per map (as the standard
/// library's maps are), several times faster than SipHash on short keys.
pub type Hashing = foldhash::fast::RandomState;
/// A hash map with [`Hashing`].
pub type FastMap<K, V> = HashMap<K, V, Hashing>;
/// What [`Seen::holds`] hashes items with.
pub type ItemHasher = foldhash::fast::FoldHasher<'static>;

/// Which items of a growing vector are already present, by hash.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    covered: usize,
    items: Hashing,
    by_hash: FastMap<u64, Slot>,
}

/// The items with one hash: almost always one.
#[derive(Debug, Clone)]
enum Slot {
    One(usize),
    Many(Vec<usize>),
}

impl Slot {
    fn indexes(&self) -> &[usize] {
        match self {
            Slot::One(i) => std::slice::from_ref(i),
            Slot::Many(v) => v,
        }
    }
}

impl Seen {
    /// Whether `items` holds `item`; `key` hashes what two equal items share.
    pub fn holds<T: PartialEq>(&mut self, items: &[T], item: &T, key: impl Fn(&T, &mut ItemHasher)) -> bool {
        if self.covered > items.len() {
            *self = Seen::default();
        }
        for (i, x) in items.iter().enumerate().skip(self.covered) {
            let h = hash(&self.items, x, &key);
            match self.by_hash.get_mut(&h) {
                None => {
                    self.by_hash.insert(h, Slot::One(i));
                }
                Some(Slot::One(j)) => {
                    let j = *j;
                    self.by_hash.insert(h, Slot::Many(vec![j, i]));
                }
                Some(Slot::Many(v)) => v.push(i),
            }
        }
        self.covered = items.len();
        let h = hash(&self.items, item, &key);
        self.by_hash.get(&h).is_some_and(|slot| slot.indexes().iter().any(|&i| items.get(i) == Some(item)))
    }
}

/// The cost of each service over the line items seen so far, summed in line order.
#[derive(Debug, Clone, Default)]
pub struct Costs {
    covered: usize,
    by_service: FastMap<String, f64>,
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
            match self.by_service.get_mut(l.service.as_str()) {
                Some(sum) => *sum += l.monthly_cost_usd,
                None => {
                    self.by_service.insert(l.service.clone(), empty + l.monthly_cost_usd);
                }
            }
        }
        self.covered = lines.len();
        self.by_service.get(service).copied().unwrap_or(empty)
    }
}

/// The sum of the values of each name, in the order given (bit for bit what
/// filtering the items by name and summing gives).
pub fn sums<'a>(items: impl Iterator<Item = (&'a str, f64)>) -> FastMap<&'a str, f64> {
    let empty: f64 = std::iter::empty::<f64>().sum();
    let mut out: FastMap<&'a str, f64> = FastMap::default();
    for (name, x) in items {
        *out.entry(name).or_insert(empty) += x;
    }
    out
}

fn hash<T>(state: &Hashing, x: &T, key: &impl Fn(&T, &mut ItemHasher)) -> u64 {
    let mut h = state.build_hasher();
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

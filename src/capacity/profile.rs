//! The shape of traffic over a day.
//!
//! A day is cut into 288 five-minute slots. The request rate in slot `i` is the
//! daily average times `w(i)`, with `w(i) ∝ exp(k·(cos θᵢ − 1))` (θ going once
//! round the day, the peak at 14:00), normalised to a mean of 1, and `k` chosen by
//! bisection so that the peak slot is exactly `peak_to_average` times the mean.
//! The shape is smooth, never negative, and reaches any ratio up to the slot count.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::LocalKey;

/// Five-minute slots in a day.
pub const SLOTS: usize = 288;

/// Rate multipliers for each slot of the day: mean 1, maximum `peak_to_average`
/// (clamped to the number of slots, the sharpest peak one slot can hold). Shapes are
/// computed once per ratio and shared.
pub fn daily_shape(peak_to_average: f64) -> Arc<Vec<f64>> {
    static CACHE: Cache = OnceLock::new();
    thread_local!(static LAST: Last = const { RefCell::new(None) });
    memo(&CACHE, &LAST, peak_to_average, || compute_shape(peak_to_average))
}

/// The daily shape's slots sorted ascending (for sums over the day, where the
/// order of slots does not matter). Cached like [`daily_shape`].
pub fn sorted_daily_shape(peak_to_average: f64) -> Arc<Vec<f64>> {
    static CACHE: Cache = OnceLock::new();
    thread_local!(static LAST: Last = const { RefCell::new(None) });
    memo(&CACHE, &LAST, peak_to_average, || {
        let mut sorted = daily_shape(peak_to_average).as_ref().clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    })
}

type Cache = OnceLock<Mutex<HashMap<u64, Arc<Vec<f64>>>>>;
/// The shape a thread asked for last: a run asks for one stage's shape thousands of
/// times in a row, and this answers without the lock.
type Last = RefCell<Option<(u64, Arc<Vec<f64>>)>>;

/// The cached shape of a ratio, computed on first use.
fn memo(cache: &Cache, last: &'static LocalKey<Last>, ratio: f64, compute: impl FnOnce() -> Vec<f64>) -> Arc<Vec<f64>> {
    let key = ratio.to_bits();
    if let Some(hit) = last.with_borrow(|l| l.as_ref().filter(|(k, _)| *k == key).map(|(_, s)| Arc::clone(s))) {
        return hit;
    }
    let shape = shared(cache, key, compute);
    last.set(Some((key, Arc::clone(&shape))));
    shape
}

/// The shape of the ratio with bits `key` from the process-wide cache.
fn shared(cache: &Cache, key: u64, compute: impl FnOnce() -> Vec<f64>) -> Arc<Vec<f64>> {
    let cache = cache.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(map) = cache.lock()
        && let Some(shape) = map.get(&key)
    {
        return Arc::clone(shape);
    }
    let shape = Arc::new(compute());
    if let Ok(mut map) = cache.lock() {
        map.insert(key, Arc::clone(&shape));
    }
    shape
}

fn compute_shape(peak_to_average: f64) -> Vec<f64> {
    let p = peak_to_average.clamp(1.0, SLOTS as f64 * 0.999);
    if p <= 1.0 + 1e-12 {
        return vec![1.0; SLOTS];
    }
    let c = cosines();
    let ratio = |k: f64| {
        let w = raw(&c, k);
        let mean = w.iter().sum::<f64>() / SLOTS as f64;
        1.0 / mean // the raw peak is 1
    };
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    while ratio(hi) < p && hi < 1.0e7 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid == lo || mid == hi {
            break; // converged to adjacent floats: further steps change nothing
        }
        if ratio(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let w = raw(&c, hi);
    let mean = w.iter().sum::<f64>() / SLOTS as f64;
    w.into_iter().map(|x| x / mean).collect()
}

/// `cos θᵢ − 1` for each slot, θ going once round the day from the 14:00 peak.
fn cosines() -> Vec<f64> {
    let peak_slot = 14.0 * 12.0;
    (0..SLOTS)
        .map(|i| {
            let theta = 2.0 * std::f64::consts::PI * (i as f64 - peak_slot) / SLOTS as f64;
            theta.cos() - 1.0
        })
        .collect()
}

fn raw(cosines: &[f64], k: f64) -> Vec<f64> {
    cosines.iter().map(|c| (k * c).exp()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_has_mean_one_and_the_asked_peak() {
        for p in [1.0, 1.6, 2.0, 3.5, 10.0] {
            let w = daily_shape(p);
            let mean = w.iter().sum::<f64>() / w.len() as f64;
            let max = w.iter().cloned().fold(0.0, f64::max);
            assert!((mean - 1.0).abs() < 1e-9, "p={p} mean={mean}");
            assert!((max - p).abs() < 1e-6, "p={p} max={max}");
            assert!(w.iter().all(|x| *x > 0.0));
        }
    }
}

//! Work shared among the machine's cores, with results in input order, so the output
//! is the same bytes whatever the number of threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of every item, in the items' order. With `work` (an estimate of the whole
/// job, in services) below `from` or one core, it runs on this thread: threads cost
/// more than they save on small jobs. Otherwise the items are handed out one at a
/// time to a thread per core. A panic in `f` is raised again here.
pub fn map<T: Sync, R: Send>(items: &[T], work: usize, from: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 || work < from {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut slots: Vec<Option<R>> = Vec::new();
    slots.resize_with(items.len(), || None);
    for (i, r) in done.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(r);
        }
    }
    // every index below the length was handed out exactly once
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..1_000).collect();
        let square = |x: &u64| x * x;
        let one = map(&items, 0, usize::MAX, square);
        let many = map(&items, 1, 0, square);
        assert_eq!(one, many);
        assert_eq!(many.get(999), Some(&998_001));
        assert!(map(&Vec::<u64>::new(), 1, 0, square).is_empty());
    }
}

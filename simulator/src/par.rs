//! The one way flowcred spreads work over cores: indices handed out in
//! chunks from a shared counter, each worker folding into its own
//! accumulator. Deterministic results are the caller's to make (by index or
//! by merging in a fixed order), never the scheduler's.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The cores to use when the caller does not say.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` over `0..total` in ranges of `chunk` on `threads` threads;
/// each worker starts from `init()` and folds its ranges into it. The
/// accumulators come back in worker order.
pub fn fold_ranges<A: Send>(
    total: usize,
    chunk: usize,
    threads: usize,
    init: impl Fn() -> A + Sync,
    work: impl Fn(&mut A, Range<usize>) + Sync,
) -> Vec<A> {
    let next = AtomicUsize::new(0);
    let chunk = chunk.max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut acc = init();
                    loop {
                        let start = next.fetch_add(chunk, Ordering::Relaxed);
                        if start >= total {
                            break acc;
                        }
                        work(&mut acc, start..(start + chunk).min(total));
                    }
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("a worker panicked")).collect()
    })
}

/// `f` of each item, in the items' order, computed on all cores.
pub fn map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync) -> Vec<R> {
    let chunk = (items.len() / (threads() * 8)).clamp(1, 64);
    let parts = fold_ranges(items.len(), chunk, threads(), Vec::new, |done, range| {
        for i in range {
            done.push((i, f(&items[i])));
        }
    });
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.into_iter().flatten() {
        slots[i] = Some(r);
    }
    slots.into_iter().map(|r| r.expect("every index is done once")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(map(&items, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(map(&[] as &[u32], |i| *i).is_empty());
    }

    #[test]
    fn every_index_once_whatever_the_threads() {
        for threads in [1, 2, 5] {
            let parts =
                fold_ranges(1000, 7, threads, Vec::new, |seen: &mut Vec<usize>, r| seen.extend(r));
            assert_eq!(parts.len(), threads);
            let mut all: Vec<usize> = parts.into_iter().flatten().collect();
            all.sort_unstable();
            assert_eq!(all, (0..1000).collect::<Vec<_>>());
        }
    }
}

//! What a bootstrap asks and tells its caller between replicates: whether to stop, and how many
//! replicates are done. Why here: a bootstrap of 100 000 cases can run for seconds, and a user
//! who presses Cancel must not wait for it; but the statistics know no run, no thread and no
//! user, so the caller (the engine, on its run's cancel flag and progress) implements [`Watch`].
//!
//! Stopping never changes a figure: a watched loop either returns every replicate, drawn from
//! the same (seed, r) streams as an unwatched one, or returns [`Cancelled`] and no figure.

use rayon::prelude::*;

/// Polled before each replicate and told after it, from rayon's threads.
pub trait Watch: Sync {
    /// True once the caller wants the work stopped; the loop then returns [`Cancelled`].
    fn stopped(&self) -> bool;
    /// `n` more replicates are done.
    fn done(&self, n: u64);
}

/// No caller to ask or tell: the loop runs to its end.
pub struct Unwatched;

impl Watch for Unwatched {
    fn stopped(&self) -> bool {
        false
    }
    fn done(&self, _: u64) {}
}

/// The caller stopped the work; no figure was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the computation was cancelled")]
pub struct Cancelled;

/// The value of a loop run under [`Unwatched`], which never stops.
pub fn unwatched<T>(result: Result<T, Cancelled>) -> T {
    match result {
        Ok(v) => v,
        Err(Cancelled) => unreachable!("Unwatched never stops a loop"),
    }
}

/// `replicate(scratch, r)` for r in `0..replicates` on rayon's threads, in replicate order, each
/// thread with scratch from `init`; stops all of them once `watch` says so (each replicate
/// checks first, so at most one replicate per thread runs after the flag is set).
pub(crate) fn replicates<T, S>(
    replicates: usize,
    watch: &dyn Watch,
    init: impl Fn() -> S + Sync + Send,
    replicate: impl Fn(&mut S, u64) -> T + Sync + Send,
) -> Result<Vec<T>, Cancelled>
where
    T: Send,
{
    (0..replicates as u64)
        .into_par_iter()
        .map_init(init, |scratch, r| {
            if watch.stopped() {
                return Err(Cancelled);
            }
            let value = replicate(scratch, r);
            watch.done(1);
            Ok(value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

    /// Stops once `after` replicates are done; counts them.
    struct StopAfter {
        after: u64,
        done: AtomicU64,
        stop: AtomicBool,
    }

    impl Watch for StopAfter {
        fn stopped(&self) -> bool {
            self.stop.load(Ordering::Relaxed)
        }
        fn done(&self, n: u64) {
            if self.done.fetch_add(n, Ordering::Relaxed) + n >= self.after {
                self.stop.store(true, Ordering::Relaxed);
            }
        }
    }

    #[test]
    fn a_stopped_loop_ends_early_and_an_unstopped_one_keeps_order() {
        let w = StopAfter {
            after: 10,
            done: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        };
        let slow = |_: &mut (), r: u64| {
            std::thread::sleep(std::time::Duration::from_millis(1));
            r
        };
        assert_eq!(replicates(100_000, &w, || (), slow), Err(Cancelled));
        let done = w.done.load(Ordering::Relaxed);
        assert!(
            (10..10 + 2 * rayon::current_num_threads() as u64 + 2).contains(&done),
            "stopped soon after 10 replicates, not after {done}"
        );
        let all = unwatched(replicates(1000, &Unwatched, || (), |_, r| r * r));
        assert_eq!(all, (0..1000u64).map(|r| r * r).collect::<Vec<_>>());
    }

    /// Watched and not stopped, each bootstrap gives the unwatched result bit for bit and
    /// tells of every replicate; stopped, it gives no figure.
    #[test]
    fn watched_bootstraps_are_the_unwatched_ones_or_cancelled() {
        use crate::Clusters;
        let labels: Vec<bool> = (0..300).map(|i| i % 3 == 0).collect();
        let scores: Vec<f64> = (0..300)
            .map(|i| ((i * 37) % 101) as f64 / 100.0 + if i % 3 == 0 { 0.2 } else { 0.0 })
            .collect();
        let keys: Vec<String> = (0..300).map(|i| (i / 2).to_string()).collect();
        let clusters = Clusters::from_keys(&keys);
        let never = || StopAfter {
            after: u64::MAX,
            done: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        };
        let soon = || StopAfter {
            after: 5,
            done: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        };
        let w = never();
        let plain = crate::stratified_bootstrap(&labels, &scores, 500, 9, 0.95);
        let watched = crate::stratified_bootstrap_watched(&labels, &scores, 500, 9, 0.95, &w);
        assert_eq!(watched, Ok(plain));
        assert_eq!(w.done.load(Ordering::Relaxed), 500);
        let w = never();
        let plain = crate::cluster_bootstrap(&labels, &scores, &clusters, 500, 9, 0.95);
        let watched =
            crate::cluster_bootstrap_watched(&labels, &scores, &clusters, 500, 9, 0.95, &w);
        assert_eq!(watched, Ok(plain));
        assert_eq!(w.done.load(Ordering::Relaxed), 500);
        let stopped = crate::stratified_bootstrap_watched(&labels, &scores, 500, 9, 0.95, &soon());
        assert_eq!(stopped, Err(Cancelled));
        let stopped = crate::cluster_bootstrap_watched(
            &labels,
            &scores,
            &clusters,
            100_000,
            9,
            0.95,
            &soon(),
        );
        assert_eq!(stopped, Err(Cancelled));

        let w = never();
        let plain = crate::segmentation::summary::summarize(&scores, &clusters, 400, 3, 0.9);
        let watched =
            crate::segmentation::summary::summarize_watched(&scores, &clusters, 400, 3, 0.9, &w);
        assert_eq!(
            format!("{watched:?}"),
            format!("{:?}", Ok::<_, Cancelled>(plain))
        );
        assert_eq!(w.done.load(Ordering::Relaxed), 400);
        let stopped = crate::segmentation::summary::summarize_watched(
            &scores,
            &clusters,
            100_000,
            3,
            0.9,
            &soon(),
        );
        assert!(stopped.is_err());

        let findings = [labels.clone(), labels.iter().map(|l| !l).collect()];
        let finding_scores = [scores.clone(), scores.iter().map(|s| 1.2 - s).collect()];
        let w = never();
        let plain = crate::multiclass::macro_micro_bootstrap(
            &findings,
            &finding_scores,
            &clusters,
            300,
            4,
            0.95,
        );
        let watched = crate::multiclass::macro_micro_bootstrap_watched(
            &findings,
            &finding_scores,
            &clusters,
            300,
            4,
            0.95,
            &w,
        );
        assert_eq!(watched, Ok(plain));
        assert_eq!(w.done.load(Ordering::Relaxed), 300);
    }
}

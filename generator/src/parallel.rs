//! Work on every core: two independent pieces at once (`join`), or a list
//! of independent jobs shared by as many threads as there are cores
//! (`in_parallel`, or `in_parts` for parts of one piece of work).
//!
//! Both go through one function that starts the threads (`on_threads`),
//! over trait objects: a generic function that spawns threads is compiled
//! again for every closure it is given, and each copy of the standard
//! library's thread start was some 6,000 lines of LLVM IR in the
//! generator's release build (`cargo llvm-lines`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A spawned thread's stack: the 8 MiB a main thread has on Linux, not
/// the 2 MiB Rust gives a thread, since the work on either may recurse as
/// deep as the input nests.
const STACK_BYTES: usize = 8 << 20;

/// Runs `there` on another thread while `here` runs on this one, and
/// returns both results. A panic in `there` goes on in this thread.
pub fn join<A: Send, B>(there: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    let (mut there, mut a) = (Some(there), None);
    let (mut here, mut b) = (Some(here), None);
    on_threads(
        &mut [&mut || a = there.take().map(|f| f())],
        &mut || b = here.take().map(|f| f()),
        Panicked::GoesOn,
    );
    match (a, b) {
        (Some(a), Some(b)) => (a, b),
        _ => unreachable!("both sides of a join ran"),
    }
}

/// Runs every job, on as many threads as there are cores (at most 8), each
/// thread taking the next job when it is done with one, and returns the
/// results in the jobs' order, or the first job's error in that order. A
/// thread that panics is `panicked()`'s error, not a panic here.
pub(crate) fn in_parallel<J: Sync, T: Send, E: Send>(
    jobs: &[J],
    run: impl Fn(&J) -> Result<T, E> + Sync,
    panicked: impl Fn() -> E,
) -> Result<Vec<T>, E> {
    let (done, all_ran) = each(jobs, &run, Panicked::Reported);
    let mut results = Vec::with_capacity(done.len());
    for result in done {
        // A job a panicking thread left undone: the panicked error, unless
        // a job after it failed on its own.
        match result {
            Some(result) => results.push(result?),
            None if all_ran => unreachable!("every job ran"),
            None => {}
        }
    }
    if all_ran {
        Ok(results)
    } else {
        Err(panicked())
    }
}

/// [`in_parallel`] for parts of one piece of work, which cannot fail: their
/// results in order. A panic in a part goes on in this thread, as in
/// [`join`].
pub(crate) fn in_parts<J: Sync, T: Send>(parts: &[J], run: impl Fn(&J) -> T + Sync) -> Vec<T> {
    let (done, _) = each(parts, &run, Panicked::GoesOn);
    done.into_iter()
        .map(|result| result.unwrap_or_else(|| unreachable!("every part ran")))
        .collect()
}

/// Runs every job on as many threads as there are cores (at most 8), each
/// taking the next job when it is done with one: each job's result in its
/// place (none where a panicking thread left it), and whether every
/// thread ran to its end.
fn each<J: Sync, T: Send>(
    jobs: &[J],
    run: &(dyn Fn(&J) -> T + Sync),
    panicked: Panicked,
) -> (Vec<Option<T>>, bool) {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    // Each job's result in its place: no sorting afterwards (a sort is
    // compiled again for every result type).
    let done: Mutex<Vec<Option<T>>> =
        Mutex::new(std::iter::repeat_with(|| None).take(jobs.len()).collect());
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(i) else {
            return;
        };
        let result = run(job);
        done.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(result);
    };
    let mut others: Vec<_> = (1..threads).map(|_| work).collect();
    let mut others: Vec<&mut (dyn FnMut() + Send)> = others
        .iter_mut()
        .map(|w| w as &mut (dyn FnMut() + Send))
        .collect();
    let all_ran = on_threads(&mut others, &mut { work }, panicked);
    let done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    (done, all_ran)
}

/// What a panic on a spawned thread does.
#[derive(Clone, Copy, PartialEq)]
enum Panicked {
    /// It goes on in the calling thread.
    GoesOn,
    /// `on_threads` returns `false`.
    Reported,
}

/// Runs each of `others` on a thread of its own while `here` runs on this
/// one, and waits for them all; `false` when one of them panicked (and
/// `panicked` says to report it rather than go on with it).
fn on_threads(
    others: &mut [&mut (dyn FnMut() + Send)],
    here: &mut dyn FnMut(),
    panicked: Panicked,
) -> bool {
    std::thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter_mut()
            .map(|other| {
                std::thread::Builder::new()
                    .stack_size(STACK_BYTES)
                    .spawn_scoped(scope, &mut **other)
                    .unwrap_or_else(|e| panic!("cannot start a thread: {e}"))
            })
            .collect();
        here();
        let mut all_ran = true;
        for handle in handles {
            if let Err(panic) = handle.join() {
                if panicked == Panicked::GoesOn {
                    std::panic::resume_unwind(panic);
                }
                all_ran = false;
            }
        }
        all_ran
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_come_back_in_order_and_a_panic_is_an_error() {
        let jobs: Vec<u32> = (0..200).collect();
        let doubled = in_parallel(&jobs, |j| Ok::<_, String>(j * 2), || "panicked".to_owned());
        assert_eq!(doubled, Ok(jobs.iter().map(|j| j * 2).collect()));
        let failed = in_parallel(&jobs, |j| if *j == 7 { Err(*j) } else { Ok(*j) }, || 999);
        assert_eq!(failed, Err(7));
        // A job that panics never passes: on another thread it is the
        // panicked error, on this one it unwinds as any panic does.
        let panicking = std::panic::catch_unwind(|| {
            in_parallel(
                &jobs,
                |j| {
                    if *j == 150 {
                        panic!("a job's panic")
                    } else {
                        Ok(*j)
                    }
                },
                || u32::MAX,
            )
        });
        assert!(
            matches!(panicking, Err(_) | Ok(Err(u32::MAX))),
            "{panicking:?}"
        );
    }

    #[test]
    fn parts_come_back_in_order_and_a_panic_goes_on() {
        let parts: Vec<u32> = (0..200).collect();
        assert_eq!(in_parts(&parts, |p| p + 1), (1..201).collect::<Vec<_>>());
        let panicked = std::panic::catch_unwind(|| {
            in_parts(&parts, |p| {
                if *p == 150 {
                    panic!("a part's panic")
                } else {
                    *p
                }
            })
        });
        assert!(panicked.is_err());
    }

    #[test]
    fn join_returns_both_sides_and_a_panic_there_goes_on_here() {
        let (a, b) = join(|| 1 + 1, || "here");
        assert_eq!((a, b), (2, "here"));
        let panicked = std::panic::catch_unwind(|| join(|| panic!("there"), || 1));
        assert!(panicked.is_err());
    }
}

//! Work on every core: two independent pieces at once (`join`), or a list
//! of independent jobs shared by as many threads as there are cores.

/// A spawned thread's stack: the 8 MiB a main thread has on Linux, not
/// the 2 MiB Rust gives a thread, since the work on either may recurse as
/// deep as the input nests.
const STACK_BYTES: usize = 8 << 20;

/// Runs `there` on another thread while `here` runs on this one, and
/// returns both results. A panic in `there` goes on in this thread.
pub fn join<A: Send, B>(there: impl FnOnce() -> A + Send, here: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let there = spawn(scope, there);
        let here = here();
        let there = there
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (there, here)
    })
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
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            done.push((i, run(job)));
        }
    };
    let mut results: Vec<(usize, Result<T, E>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| spawn(scope, work)).collect();
        let mut all = work();
        for handle in handles {
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(_) => all.push((usize::MAX, Err(panicked()))),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// A scoped thread with a main thread's stack (`STACK_BYTES`).
fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn_scoped(scope, f)
        .unwrap_or_else(|e| panic!("cannot start a thread: {e}"))
}

//! Two independent pieces of work at once: one on a scoped thread, one here.

/// Runs `there` on another thread while `here` runs on this one, and
/// returns both results. A panic in `there` goes on in this thread.
///
/// `here` keeps this thread's stack: give it the deeper recursion.
pub(crate) fn join<A: Send, B>(
    there: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|scope| {
        let there = scope.spawn(there);
        let here = here();
        let there = there
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (there, here)
    })
}

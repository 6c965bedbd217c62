//! Two independent pieces of work at once: one on a scoped thread, one here.

/// The other thread's stack: the 8 MiB a main thread has on Linux, not a
/// spawned thread's 2 MiB, since either side may recurse as deep as the
/// input nests.
const STACK_BYTES: usize = 8 << 20;

/// Runs `there` on another thread while `here` runs on this one, and
/// returns both results. A panic in `there` goes on in this thread.
pub(crate) fn join<A: Send, B>(
    there: impl FnOnce() -> A + Send,
    here: impl FnOnce() -> B,
) -> (A, B) {
    std::thread::scope(|scope| {
        let there = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, there)
            .unwrap_or_else(|e| panic!("cannot start a thread: {e}"));
        let here = here();
        let there = there
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (there, here)
    })
}

//! The allocator `cargo xtask` runs with: mimalloc instead of the system
//! allocator, because codegen makes and frees millions of small token and
//! string buffers on every core, and glibc's malloc was a quarter of its
//! time (`cargo xtask bench`).
//!
//! It is a crate of its own because `#[global_allocator]` expands into
//! the functions every allocation calls (`__rust_alloc` and the rest),
//! compiled at the declaring crate's optimisation level. Declared in
//! xtask, which is built unoptimised for the first build's sake, those
//! calls cost 8% of a pod codegen's instructions (cachegrind); here they
//! are built at the release profile's opt-level 3.
//!
//! mimalloc's version 2 (the `v2` feature) rather than 3: the same
//! instructions for a pod codegen, 2-3 ms less of it (68.1 against 70.4
//! ms, interleaved median of 21), and its C compiles in 2.9 s of CPU
//! rather than 3.3.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

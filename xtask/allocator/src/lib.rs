//! The allocator `cargo xtask` runs with: mimalloc instead of the system
//! allocator, because codegen makes and frees millions of small token and
//! string buffers on every core, and glibc's malloc was a quarter of its
//! time (`cargo xtask bench`).
//!
//! mimalloc is linked with its `override` feature: it defines `malloc`,
//! `free` and the rest, so every allocation of the process (Rust's, through
//! the standard library's system allocator, and any C code's) is
//! mimalloc's. Through `#[global_allocator]` and the `mimalloc` crate,
//! every Rust allocation went through mimalloc's aligned entry points
//! (`mi_malloc_aligned`, `mi_realloc_aligned`); the standard library's
//! system allocator calls the plain ones (`malloc`, `realloc`) for every
//! alignment up to 16, which is all codegen asks for: 1.076 -> 1.048 G
//! instructions per pod codegen (cachegrind), 64.5 -> 63.2 ms (interleaved
//! medians of 21, 2026-12-06).
//! The crate is linked by `use xtask_allocator as _` in xtask's `main.rs`.
//!
//! mimalloc's version 2 (the `v2` feature) rather than 3: the same
//! instructions for a pod codegen, 2-3 ms less of it (68.1 against 70.4
//! ms, interleaved median of 21), and its C compiles in 2.9 s of CPU
//! rather than 3.3.

// Linked for the symbols it defines, not for anything named here.
extern crate libmimalloc_sys;

//! The runtime of the generated client as a crate of its own, so it
//! compiles and is tested where it is written. Generated crates carry a
//! copy of this directory (every file but this one) as `src/runtime/`;
//! the module path `crate::runtime` is the same in both places.

#[path = "mod.rs"]
pub mod runtime;

/// The README's Rust examples, compiled as doctests (they use the pod
/// crate generated from these files, a dev-dependency).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

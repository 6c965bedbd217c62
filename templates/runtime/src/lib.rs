//! The runtime of the generated client as a crate of its own, so it
//! compiles and is tested where it is written. Generated crates carry a
//! copy of this directory (every file but this one) as `src/runtime/`;
//! the module path `crate::runtime` is the same in both places.

// Items only generated code calls (the pagers, the wire helpers) are
// `pub(crate)`: unused here, where no generated code is, and checked for
// use in every generated crate, whose lints deny dead code.
#[allow(dead_code, unused_imports)]
#[path = "mod.rs"]
pub mod runtime;

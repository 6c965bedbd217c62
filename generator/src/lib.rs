//! The Symphony Pod client generator: load a Swagger 2.0 or OpenAPI 3.0
//! description, normalise it to OpenAPI 3.0, lower it to a model, and emit a
//! Rust client crate. One folder per stage, each using only the ones before
//! it: `diagnostics`, `load`, `normalise`, `lower`, `emit`, then `review`
//! (the bump's changelog); `pipeline` runs them in order.

#![warn(missing_docs)]

pub mod diagnostics;
pub mod emit;
pub mod load;
pub mod lower;
pub mod normalise;
mod parallel;
mod pipeline;
pub mod review;
pub mod settings;

pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use emit::{drift, line_count, write, Drift, WriteError};
pub use load::Dialect;
pub use parallel::join;
pub use pipeline::{
    generate_bytes, generate_file, lower_file, normalise_bytes, normalise_file, Generated,
    Normalised,
};

/// The README's Rust examples, compiled and run as doctests (they use
/// `generated-client`, a dev-dependency of this crate).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The generator's README's Rust examples, compiled and run the same way.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct GeneratorReadmeDoctests;

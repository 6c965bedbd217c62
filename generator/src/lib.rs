//! The Symphony Pod client generator: load a Swagger 2.0 or OpenAPI 3.0
//! description, normalise it to OpenAPI 3.0, lower it to a model, and emit a
//! Rust client crate.

pub mod diagnostic;
pub mod diff;
pub mod emit;
mod generate;
mod load;
pub mod lower;
pub mod names;
pub mod normalise;
pub mod openapi;
pub mod package;
pub mod pointer;
pub mod provenance;
pub mod refs;
pub mod render;
mod scalar;
pub mod settings;
pub mod source;
pub mod surface;
pub mod write;
pub mod yaml;
mod yaml_load;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use generate::{generate_bytes, generate_file, lower_file, Generated};
pub use load::{normalise_bytes, normalise_file, Dialect, Normalised};
pub use write::{drift, write, Drift, WriteError};

/// The README's Rust examples, compiled and run as doctests (they use
/// `generated-client`, a dev-dependency of this crate).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

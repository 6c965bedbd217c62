//! The Symphony Pod client generator: load a Swagger 2.0 or OpenAPI 3.0
//! description, normalise it to OpenAPI 3.0, and (later stages) emit Rust.

pub mod diagnostic;
mod load;
pub mod lower;
pub mod names;
pub mod normalise;
pub mod openapi;
pub mod pointer;
pub mod provenance;
pub mod refs;
pub mod render;
pub mod source;
pub mod yaml;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use load::{normalise_bytes, normalise_file, Dialect, Normalised};

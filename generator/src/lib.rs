//! The Symphony Pod client generator: load a Swagger 2.0 or OpenAPI 3.0
//! description, normalise it to OpenAPI 3.0, and (later stages) emit Rust.

pub mod diagnostic;
pub mod pointer;
pub mod source;
pub mod yaml;

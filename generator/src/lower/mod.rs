//! Lowering: the normalised OpenAPI 3.0 document → the templates' model.
//! The only stage that decides Rust names and type mappings.

mod bodies;
mod checks;
mod derives;
mod examples;
mod media;
pub mod names;
mod operations;
mod recursion;
mod type_names;
mod types;
mod unions;

pub use bodies::BODY_NAME;
pub use checks::{checks, SAMPLE_TOKEN};
pub use examples::examples;
pub use operations::{base_path, operations};
pub use types::types;

//! Lowering: the normalised OpenAPI 3.0 document → the templates' model.
//! The only stage that decides Rust names and type mappings.

mod areas;
mod base_path;
mod bodies;
mod checks;
mod composed;
mod conforms;
mod context;
mod derives;
mod encoding;
mod examples;
mod mapping;
mod media;
pub mod names;
mod operations;
mod pagination;
mod params;
mod paths;
mod recursion;
mod refs;
mod responses;
mod search;
mod type_names;
mod types;
mod unions;

pub use areas::areas;
pub use base_path::{base_path, server_variables};
pub use bodies::BODY_NAME;
pub use checks::{checks, SAMPLE_TOKEN};
pub use examples::examples;
pub use operations::operations;
pub use types::types;

/// A description's lines, trailing white space trimmed.
fn lines(text: Option<&str>) -> Vec<String> {
    text.map(|t| t.trim_end().lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

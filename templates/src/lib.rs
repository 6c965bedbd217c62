//! The `quote!` templates and the model they render (the render stage).
//!
//! Not written yet: the pipeline currently ends at the normalised OpenAPI 3.0
//! document (see the workspace README).

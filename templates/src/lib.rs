//! The `quote!` templates and the model they render (the render stage).
//!
//! Only the model exists so far: the lowering stage builds it, the templates
//! that render it are the next step (see the workspace README).

pub mod model;

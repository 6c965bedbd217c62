//! The `quote!` templates and the model they render (the render stage), and
//! the runtime modules every generated crate carries.

pub mod docs;
pub mod examples;
pub mod ident;
pub mod model;
pub mod runtime;
pub mod types;

/// The runtime modules' source, copied into each generated crate's
/// `src/runtime/` (file name, text). They compile and are tested here.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("runtime/mod.rs")),
    ("base64.rs", include_str!("runtime/base64.rs")),
    ("client.rs", include_str!("runtime/client.rs")),
    ("credentials.rs", include_str!("runtime/credentials.rs")),
    ("error.rs", include_str!("runtime/error.rs")),
    ("long_string.rs", include_str!("runtime/long_string.rs")),
    ("paginate.rs", include_str!("runtime/paginate.rs")),
    ("request.rs", include_str!("runtime/request.rs")),
    ("response.rs", include_str!("runtime/response.rs")),
    ("retry.rs", include_str!("runtime/retry.rs")),
];

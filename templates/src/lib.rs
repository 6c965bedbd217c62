//! The `quote!` templates and the model they render (the render stage), and
//! the runtime modules every generated crate carries.

pub mod checks;
pub mod conformance;
pub mod docs;
pub mod examples;
pub mod ident;
pub mod model;
pub mod objects;
pub mod operations;
pub mod runtime;
pub mod types;
pub mod unions;

/// The runtime modules' source, copied into each generated crate's
/// `src/runtime/` (file name, text). They compile and are tested here.
pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("runtime/mod.rs")),
    ("base64.rs", include_str!("runtime/base64.rs")),
    ("client.rs", include_str!("runtime/client.rs")),
    ("credentials.rs", include_str!("runtime/credentials.rs")),
    ("error.rs", include_str!("runtime/error.rs")),
    ("long_string.rs", include_str!("runtime/long_string.rs")),
    ("mock.rs", include_str!("runtime/mock.rs")),
    ("object.rs", include_str!("runtime/object.rs")),
    ("paginate.rs", include_str!("runtime/paginate.rs")),
    ("request.rs", include_str!("runtime/request.rs")),
    ("response.rs", include_str!("runtime/response.rs")),
    ("retry.rs", include_str!("runtime/retry.rs")),
    ("rsa_auth.rs", include_str!("runtime/rsa_auth.rs")),
    ("union.rs", include_str!("runtime/union.rs")),
];

/// The dependencies the runtime modules need, as the generated crate's
/// `Cargo.toml` spells them (name, requirement). The same crates are this
/// crate's dependencies; a test keeps the two lists together.
pub const RUNTIME_DEPENDENCIES: &[(&str, &str)] = &[
    ("base64", "\"0.22\""),
    ("bytes", "\"1\""),
    ("fastrand", "\"2\""),
    ("futures-core", "\"0.3\""),
    (
        "futures-util",
        "{ version = \"0.3\", default-features = false, features = [\"alloc\"] }",
    ),
    ("httpdate", "\"1\""),
    ("jsonwebtoken", "\"9\""),
    (
        "reqwest",
        "{ version = \"0.12\", default-features = false, features = [\"json\", \"multipart\", \"rustls-tls\"] }",
    ),
    ("serde", "{ version = \"1\", features = [\"derive\"] }"),
    ("serde_json", "\"1\""),
    ("serde_path_to_error", "\"0.1\""),
    ("thiserror", "\"2\""),
    ("tokio", "{ version = \"1\", features = [\"sync\", \"time\"] }"),
    ("tracing", "\"0.1\""),
];

/// The optional dependencies of the generated crate's `mock` feature
/// (typed mocks for downstream tests); a build without it pays nothing.
pub const MOCK_DEPENDENCIES: &[(&str, &str)] =
    &[("wiremock", "{ version = \"0.6\", optional = true }")];

/// What the generated tests need besides the runtime.
pub const TEST_DEPENDENCIES: &[(&str, &str)] = &[
    ("rcgen", "\"0.13\""),
    (
        "tokio",
        "{ version = \"1\", features = [\"io-util\", \"macros\", \"net\", \"rt-multi-thread\"] }",
    ),
    (
        "tokio-rustls",
        "{ version = \"0.26\", default-features = false, features = [\"ring\", \"tls12\"] }",
    ),
    (
        "tracing-subscriber",
        "{ version = \"0.3\", default-features = false, features = [\"fmt\"] }",
    ),
    ("wiremock", "\"0.6\""),
];

#[cfg(test)]
mod tests {
    #[test]
    fn runtime_dependencies_are_this_crates_dependencies() {
        let manifest = include_str!("../Cargo.toml");
        for (name, _) in super::RUNTIME_DEPENDENCIES {
            assert!(
                manifest.contains(&format!("\n{name}.workspace = true")),
                "{name} is not a dependency of templates"
            );
        }
        for (name, _) in super::MOCK_DEPENDENCIES {
            assert!(
                manifest.contains(&format!(
                    "\n{name} = {{ workspace = true, optional = true }}"
                )),
                "{name} is not an optional dependency of templates"
            );
        }
    }
}

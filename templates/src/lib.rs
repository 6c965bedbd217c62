//! The `quote!` templates and the model they render (the render stage), and
//! the list of runtime files (`templates/runtime/`, a crate of its own) that
//! every generated crate carries.

#![warn(missing_docs)]

pub mod areas;
pub mod checks;
pub mod conformance;
pub mod docs;
pub mod examples;
pub mod home;
pub mod ident;
pub mod krate;
pub mod manifest;
pub mod model;
pub mod moved;
pub mod objects;
pub mod operations;
pub mod preamble;
pub mod query;
pub mod readme;
pub mod reserved;
pub mod spelling;
pub mod types;
pub mod unions;

/// `(name, text)` of each named file of `templates/runtime/src/`.
macro_rules! runtime_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../runtime/src/", $name)))),*]
    };
}

/// The runtime modules' source, copied into each generated crate's
/// `src/runtime/` (file name, text). They compile and are tested in
/// `templates/runtime/`, the crate they come from.
pub const RUNTIME_FILES: &[(&str, &str)] = runtime_files![
    "mod.rs",
    "app_auth.rs",
    "base64.rs",
    "cert_auth.rs",
    "client.rs",
    "config.rs",
    "credentials.rs",
    "datafeed.rs",
    "error.rs",
    "login.rs",
    "long_string.rs",
    "mock.rs",
    "mock_datafeed.rs",
    "mock_login.rs",
    "network.rs",
    "object.rs",
    "paginate.rs",
    "query.rs",
    "raw.rs",
    "request.rs",
    "response.rs",
    "retry.rs",
    "rsa_auth.rs",
    "union.rs",
];

/// The oldest Rust the generated crate builds with: the newest
/// `rust-version` among its dependencies (`cargo xtask deps` prints it).
/// Clippy's `incompatible_msrv` holds the runtime's own code to it.
pub const RUST_VERSION: &str = "1.88";

/// The dependencies of the types and their wire helpers, which every build
/// of the generated crate needs, as its `Cargo.toml` spells them (name,
/// requirement). The runtime crate's `[dependencies]` are these lines, then
/// [`CLIENT_DEPENDENCIES`], [`MOCK_DEPENDENCIES`] and
/// [`CONFIG_DEPENDENCIES`], exactly; a test keeps them equal.
pub const WIRE_DEPENDENCIES: &[(&str, &str)] = &[
    ("base64", "\"0.23\""),
    ("serde", "\"1\""),
    ("serde_json", "\"1\""),
];

/// The optional dependencies of the generated crate's `client` feature
/// (on by default): the HTTP stack, TLS, logins, retries. A build without
/// it has the types alone.
pub const CLIENT_DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", "{ version = \"1\", optional = true }"),
    ("fastrand", "{ version = \"2\", optional = true }"),
    ("futures-core", "{ version = \"0.3\", optional = true }"),
    (
        "futures-util",
        "{ version = \"0.3\", default-features = false, features = [\"alloc\"], optional = true }",
    ),
    ("httpdate", "{ version = \"1\", optional = true }"),
    ("hyper", "{ version = \"1\", optional = true }"),
    (
        "reqwest",
        "{ version = \"0.13\", default-features = false, features = [\"form\", \"json\", \"multipart\", \"rustls-no-provider\"], optional = true }",
    ),
    (
        "rustls",
        "{ version = \"0.23\", default-features = false, features = [\"ring\", \"std\", \"tls12\"], optional = true }",
    ),
    (
        "rustls-pki-types",
        "{ version = \"1\", features = [\"std\"], optional = true }",
    ),
    ("serde_path_to_error", "{ version = \"0.1\", optional = true }"),
    ("thiserror", "{ version = \"2\", optional = true }"),
    (
        "tokio",
        "{ version = \"1\", features = [\"sync\", \"time\"], optional = true }",
    ),
    ("tracing", "{ version = \"0.1\", optional = true }"),
];

/// What the `client` feature enables besides [`CLIENT_DEPENDENCIES`]:
/// serde's derive, for the client's own private types. The generated
/// types' impls are written out, so the types alone build without a proc
/// macro (no syn, no serde_derive).
pub const CLIENT_FEATURE_EXTRAS: &[&str] = &["serde/derive"];

/// The generated crate's `fips` feature, as its `Cargo.toml` spells it:
/// the client with rustls's FIPS-validated provider (aws-lc-rs built in its
/// FIPS mode, which needs CMake and Go) for TLS and for signing logins. The
/// runtime crate's manifest has the same line; a test keeps them equal.
pub const FIPS_FEATURE: &str = "fips = [\"client\", \"rustls/fips\"]";

/// The feature that compiles the runtime's datafeed (`runtime::Datafeed`,
/// with `client`). The generated crate always declares it, so the runtime's
/// `cfg`s name a known feature, and the module of each API whose spec has
/// the agent's datafeed read turns it on: a pod-only build does not compile
/// the agent's event stream. The runtime crate's manifest and its `cfg`s
/// spell the same name; tests keep them equal.
pub const DATAFEED_FEATURE: &str = "datafeed";

/// The features a generated crate is tested, linted and documented with,
/// for `cargo --features` (its default ones come too): every one but
/// `fips`, whose C build needs CMake and Go.
pub const TESTED_FEATURES: &str = "mock,config";

/// The optional dependencies of the generated crate's `mock` feature
/// (typed mocks for downstream tests); a build without it pays nothing.
pub const MOCK_DEPENDENCIES: &[(&str, &str)] =
    &[("wiremock", "{ version = \"0.6\", optional = true }")];

/// The optional dependencies of the generated crate's `config` feature
/// (reading a Symphony BDK configuration file).
pub const CONFIG_DEPENDENCIES: &[(&str, &str)] = &[
    ("serde_ignored", "{ version = \"0.1\", optional = true }"),
    ("serde_yaml", "{ version = \"0.9\", optional = true }"),
];

/// What the generated tests need besides the runtime.
pub const TEST_DEPENDENCIES: &[(&str, &str)] = &[
    // The runtime's unit tests compare its impls with derived ones, also
    // in a build without `client`.
    ("serde", "{ version = \"1\", features = [\"derive\"] }"),
    (
        "tokio",
        "{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }",
    ),
    (
        "proptest",
        "{ version = \"1\", default-features = false, features = [\"std\"] }",
    ),
    ("wiremock", "\"0.6\""),
];

/// Every dependency list of the generated crate's manifest, by what it
/// serves: `wire` (always), `client`, `mock`, `config` (features) and `dev`.
pub const DEPENDENCY_LISTS: &[(&str, &[(&str, &str)])] = &[
    ("wire", WIRE_DEPENDENCIES),
    ("client", CLIENT_DEPENDENCIES),
    ("mock", MOCK_DEPENDENCIES),
    ("config", CONFIG_DEPENDENCIES),
    ("dev", TEST_DEPENDENCIES),
];

#[cfg(test)]
mod tests {
    /// The `[dependencies]` lines of the runtime crate's manifest.
    fn runtime_manifest_dependencies() -> Vec<String> {
        let manifest = include_str!("../runtime/Cargo.toml");
        let start = manifest
            .find("\n[dependencies]\n")
            .expect("a [dependencies] table");
        let table = &manifest[start + "\n[dependencies]\n".len()..];
        let end = table.find("\n[").unwrap_or(table.len());
        table[..end]
            .lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_runtime_crate_builds_with_exactly_the_generated_dependencies() {
        let generated: Vec<String> = super::DEPENDENCY_LISTS
            .iter()
            .filter(|(kind, _)| *kind != "dev")
            .flat_map(|(_, list)| list.iter())
            .map(|(name, requirement)| format!("{name} = {requirement}"))
            .collect();
        assert_eq!(runtime_manifest_dependencies(), generated);
    }

    #[test]
    fn the_runtime_crates_client_feature_is_the_generated_one() {
        let manifest = include_str!("../runtime/Cargo.toml");
        let line = manifest
            .lines()
            .find(|l| l.starts_with("client = ["))
            .expect("a `client` feature");
        let wanted: Vec<String> = super::CLIENT_DEPENDENCIES
            .iter()
            .map(|(name, _)| format!("\"dep:{name}\""))
            .chain(
                super::CLIENT_FEATURE_EXTRAS
                    .iter()
                    .map(|extra| format!("\"{extra}\"")),
            )
            .collect();
        assert_eq!(line, format!("client = [{}]", wanted.join(", ")));
    }

    #[test]
    fn the_runtime_crates_fips_feature_is_the_generated_one() {
        let manifest = include_str!("../runtime/Cargo.toml");
        assert!(
            manifest.lines().any(|l| l == super::FIPS_FEATURE),
            "templates/runtime/Cargo.toml lacks `{}`",
            super::FIPS_FEATURE
        );
    }

    #[test]
    fn the_runtime_gates_its_datafeed_by_the_generated_feature() {
        let feature = super::DATAFEED_FEATURE;
        let manifest = include_str!("../runtime/Cargo.toml");
        assert!(
            manifest.lines().any(|l| l == format!("{feature} = []")),
            "templates/runtime/Cargo.toml lacks `{feature} = []`"
        );
        let file = |name: &str| {
            super::RUNTIME_FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| *text)
                .unwrap()
        };
        let gated = |text: &str, item: &str, cfg: &str| {
            let lines: Vec<&str> = text.lines().collect();
            let at = lines
                .iter()
                .position(|l| l.trim() == item)
                .unwrap_or_else(|| panic!("`{item}` is gone"));
            assert_eq!(lines[at - 1].trim(), cfg, "the cfg of `{item}`");
        };
        let both = format!("#[cfg(all(feature = \"client\", feature = \"{feature}\"))]");
        gated(file("mod.rs"), "mod datafeed;", &both);
        gated(file("mod.rs"), "pub use self::datafeed::Datafeed;", &both);
        gated(
            file("client.rs"),
            "pub(crate) fn retry_policy(&self) -> &RetryPolicy {",
            &format!("#[cfg(feature = \"{feature}\")]"),
        );
    }

    #[test]
    fn every_runtime_source_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "lib.rs")
            .collect();
        on_disk.sort();
        let mut copied: Vec<String> = super::RUNTIME_FILES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        copied.sort();
        assert_eq!(
            on_disk, copied,
            "templates/runtime/src and RUNTIME_FILES differ"
        );
    }
}

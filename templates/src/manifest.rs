//! The generated crate's `Cargo.toml`, what a registry shows of it
//! (`Publish`, from `settings.yml`'s `package:`), and the crate-name rule.

use crate::model::Api;
use crate::preamble::SpecInfo;

/// What the manifest says of the crate besides its name: its version and
/// what a registry shows. `cargo xtask bump` sets the version; the rest is
/// the publisher's (`settings.yml`'s `package:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Publish {
    /// The crate's semver version (the API's, not the pod's).
    pub version: String,
    /// An SPDX license expression.
    pub license: String,
    /// The source repository's URL.
    pub repository: Option<String>,
    /// The crate's home page.
    pub homepage: Option<String>,
    /// Where its docs are (docs.rs when published to crates.io).
    pub documentation: Option<String>,
    /// At most five crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    pub categories: Vec<String>,
    /// The registry `cargo publish` may publish to; `None` keeps
    /// `publish = false`.
    pub registry: Option<String>,
}

impl Default for Publish {
    fn default() -> Self {
        Publish {
            version: "0.1.0".to_owned(),
            license: "MIT OR Apache-2.0".to_owned(),
            repository: None,
            homepage: None,
            documentation: None,
            keywords: ["symphony", "chat", "api", "client"]
                .map(str::to_owned)
                .to_vec(),
            categories: vec![
                "api-bindings".to_owned(),
                "web-programming::http-client".to_owned(),
            ],
            registry: None,
        }
    }
}

/// The name Rust code calls the package `package` by: Cargo's rule,
/// `-` becomes `_` (`generated-client` is `generated_client`).
pub fn crate_name(package: &str) -> String {
    package.replace('-', "_")
}

/// The crate's manifest: standalone (no workspace inheritance), so the crate
/// builds wherever it is written, and ready for `cargo package`.
/// `modules` are the module APIs the crate holds (`agent`): each is a
/// cargo feature of its own, on by default, so a pod-only crate can leave
/// it out (`default-features = false`); one whose spec has the datafeed
/// turns on the runtime's ([`crate::DATAFEED_FEATURE`]). So is the client
/// (`client`): the types alone build on serde.
pub fn cargo_toml(package: &str, spec: &SpecInfo, publish: &Publish, modules: &[&Api]) -> String {
    let krate = crate_name(package);
    let quoted = |names: &[&str]| {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        format!("[{}]", quoted.join(", "))
    };
    let client_deps: Vec<String> = crate::CLIENT_DEPENDENCIES
        .iter()
        .map(|(name, _)| format!("dep:{name}"))
        .chain(crate::CLIENT_FEATURE_EXTRAS.iter().map(|e| (*e).to_owned()))
        .collect();
    let client_deps: Vec<&str> = client_deps.iter().map(String::as_str).collect();
    let named: Vec<(&str, &Api)> = modules
        .iter()
        .filter_map(|m| Some((m.module.as_deref()?, *m)))
        .collect();
    let defaults: Vec<&str> = std::iter::once("client")
        .chain(named.iter().map(|(m, _)| *m))
        .collect();
    let mut features = format!(
        "default = {}\n\
         # The client: requests, logins, TLS, retries (`mock` and `config` need\n\
         # it). Without it (`default-features = false`) the crate is its types\n\
         # alone, on serde.\n\
         client = {}\n",
        quoted(&defaults),
        quoted(&client_deps)
    );
    let datafeed = crate::DATAFEED_FEATURE;
    for (m, api) in &named {
        let implies: &[&str] = match crate::home::datafeed_event(api) {
            Some(_) => &[datafeed],
            None => &[],
        };
        features.push_str(&format!(
            "# The `{m}` API (`{krate}::{m}`, `Client::{m}` with `client`); leave it out with `default-features = false`.\n{m} = {}\n",
            quoted(implies)
        ));
    }
    features.push_str(&format!(
        "# The runtime's datafeed (`Datafeed`, with `client`), which an API with\n\
         # the agent's datafeed turns on.\n{datafeed} = []\n"
    ));
    // docs.rs builds what the tests build.
    let documented = quoted(&crate::TESTED_FEATURES.split(',').collect::<Vec<_>>());
    let deps = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(name, req)| format!("{name} = {req}\n"))
            .collect::<String>()
    };
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|i| toml_string(i)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let optional = [
        ("repository", &publish.repository),
        ("homepage", &publish.homepage),
        ("documentation", &publish.documentation),
    ]
    .iter()
    .filter_map(|(key, value)| Some(format!("{key} = {}\n", toml_string(value.as_ref()?))))
    .collect::<String>();
    let registry = match &publish.registry {
        Some(name) => list(std::slice::from_ref(name)),
        None => "false".to_owned(),
    };
    format!(
        "{}[package]\nname = \"{package}\"\nversion = {}\nedition = \"2021\"\n\
         rust-version = \"{}\"\n\
         description = {}\n\
         license = {}\n{optional}\
         readme = \"README.md\"\n\
         keywords = {}\n\
         categories = {}\n\
         # The crate and nothing else: sources, tests, manifest, readme, changelog.\n\
         include = [\"/src\", \"/tests\", \"/Cargo.toml\", \"/README.md\", \"/CHANGELOG.md\"]\n\
         # `registry` in settings.yml's `package:` names where it may be published.\n\
         publish = {registry}\n\n\
         [package.metadata.api]\n\
         # The API description this crate was generated from.\n\
         title = {}\nversion = {}\nsha256 = \"{}\"\n\n\
         [package.metadata.docs.rs]\n# Every feature but `fips`, whose C build needs Go.\nfeatures = {documented}\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n\n\
         [lints.rust]\nunexpected_cfgs = {{ level = \"warn\", check-cfg = [\"cfg(docsrs)\"] }}\n\n\
         [features]\n\
         {features}\
         # Typed mocks for downstream tests (`{krate}::mock`); nothing is built unless enabled.\n\
         mock = [\"client\", \"dep:wiremock\"]\n\
         # Reading a Symphony BDK configuration file (`Client::from_bdk_config`).\n\
         config = [\"client\", \"dep:serde_ignored\", \"dep:serde_yaml\"]\n\
         # TLS and login signing with rustls's FIPS-validated provider (aws-lc-rs\n\
         # in its FIPS mode; building it needs CMake and Go) instead of ring's.\n\
         {}\n\n\
         [dependencies]\n{}{}{}{}\n[dev-dependencies]\n{}",
        crate::preamble::toml_header(),
        toml_string(&publish.version),
        crate::RUST_VERSION,
        toml_string(&format!(
            "Rust client for the {} {}, generated from its API description.",
            crate::docs::plain(&spec.title),
            crate::docs::plain(&spec.version)
        )),
        toml_string(&publish.license),
        list(&publish.keywords),
        list(&publish.categories),
        toml_string(&spec.title),
        toml_string(&spec.version),
        spec.sha256,
        crate::FIPS_FEATURE,
        deps(crate::WIRE_DEPENDENCIES),
        deps(crate::CLIENT_DEPENDENCIES),
        deps(crate::MOCK_DEPENDENCIES),
        deps(crate::CONFIG_DEPENDENCIES),
        deps(crate::TEST_DEPENDENCIES)
    )
}

/// A TOML basic string: JSON's escapes of `"`, `\\` and control
/// characters are TOML's too, and [`crate::docs::plain`] has already
/// replaced DEL, the one character TOML forbids raw and JSON does not escape.
fn toml_string(text: &str) -> String {
    serde_json::Value::String(crate::docs::plain(text)).to_string()
}

//! The generated crate's `README.md`, the page a registry shows.

use crate::manifest::Publish;
use crate::model::Api;
use crate::preamble::SpecInfo;

/// The crate's `README.md`, which registries show: what it is, how to
/// depend on it, a first call (the crate docs' example, doctested there),
/// and where the rest is.
pub fn readme(package: &str, spec: &SpecInfo, publish: &Publish, api: &Api) -> String {
    let krate = crate::manifest::crate_name(package);
    let title = crate::docs::plain(&spec.title);
    let version = crate::docs::plain(&spec.version);
    let example: Vec<String> = crate::krate::first_call_doc(&krate, crate::krate::first_call(api))
        .iter()
        .map(|line| line.strip_prefix(' ').unwrap_or(line).to_owned())
        .filter(|line| !line.starts_with("# ") && line != "#")
        .map(|line| {
            if line.starts_with("```no_run") {
                "```rust".to_owned()
            } else {
                line
            }
        })
        .collect();
    let major_minor = publish
        .version
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".");
    format!(
        "{}# {package}\n\n\
         A Rust client for the {title} (version {version}), generated from its API \
         description: every operation is a method of `Client`, every schema a type, \
         with logins (RSA, certificate, app on behalf of a user), paging, retries \
         and a typed mock pod for tests.\n\n\
         ```toml\n[dependencies]\n{package} = \"{major_minor}\"\n\n[dev-dependencies]\n\
         {package} = {{ version = \"{major_minor}\", features = [\"mock\"] }}\n```\n\n\
         {}\n\n\
         Features: `client` (requests, logins, TLS; on by default: without it, with \
         `default-features = false`, the crate is its types alone, on serde), \
         `mock` (a typed mock pod for tests), `config` (a Symphony BDK \
         configuration file), `fips` (TLS and login signing with rustls's \
         FIPS-validated provider; its build needs CMake and Go); an API the crate holds beside this one (the agent's) \
         is a feature of its own, on by default. The crate's docs list every operation by area; \
         `CHANGELOG.md` lists what each version changed, and which pod version it \
         was generated from.\n",
        crate::preamble::markdown_header(),
        example.join("\n").trim()
    )
}

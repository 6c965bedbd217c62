//! Emit: the model rendered through the templates, formatted with
//! prettyplease, as the files of a crate's `src/` (path → text); `write`
//! puts them on disk, `package` names the crate, `provenance` records the
//! spec it came from.

pub mod package;
pub mod provenance;
pub mod write;

use crate::lower::names;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use templates::ident::{bare, ident};
use templates::model::Api;

/// What the header of `lib.rs` names: the spec the crate was made from.
#[derive(Debug, Clone)]
pub struct SpecInfo {
    pub title: String,
    pub version: String,
    pub sha256: String,
}

/// Every file the generator writes, keyed by its path in the crate
/// (`/`-separated: `src/…`, `tests/examples.rs`), in sorted order. Deterministic: same model, same bytes.
/// Files are rendered and formatted on every core: each is independent.
pub fn files(
    api: &Api,
    spec: &SpecInfo,
    package: &str,
) -> Result<BTreeMap<String, String>, String> {
    let krate = package.replace('-', "_");
    let header = file_header();
    let mut credentials: Vec<String> = api
        .operations
        .iter()
        .flat_map(|o| o.credentials.clone())
        .collect();
    credentials.sort();
    credentials.dedup();
    // The largest files first, so no core is left with one at the end.
    let mut jobs = vec![
        Job::Checks,
        Job::Conformance,
        Job::Examples,
        Job::Lib,
        Job::TypesMod,
        Job::OperationsMod,
        Job::Client,
    ];
    jobs.extend(api.operations.iter().map(Job::Operation));
    jobs.extend(api.modules.iter().map(Job::Types));
    let ctx = Ctx {
        api,
        spec,
        krate: &krate,
        header: &header,
        credentials: &credentials,
    };
    let mut files: BTreeMap<String, String> = in_parallel(&jobs, |job| ctx.render(job))?
        .into_iter()
        .collect();
    files.insert("Cargo.toml".to_owned(), cargo_toml(package, spec));
    for (name, text) in templates::RUNTIME_FILES {
        files.insert(format!("src/runtime/{name}"), format!("{header}{text}"));
    }
    Ok(files)
}

/// One generated Rust file to render and format.
enum Job<'a> {
    Lib,
    TypesMod,
    Types(&'a templates::model::Module),
    OperationsMod,
    Operation(&'a templates::model::Operation),
    Client,
    Checks,
    Conformance,
    Examples,
}

/// What every job reads.
struct Ctx<'a> {
    api: &'a Api,
    spec: &'a SpecInfo,
    krate: &'a str,
    header: &'a str,
    credentials: &'a [String],
}

impl Ctx<'_> {
    /// A job's path and formatted text.
    fn render(&self, job: &Job<'_>) -> Result<(String, String), String> {
        let (api, header) = (self.api, self.header);
        Ok(match job {
            Job::Lib => {
                let lib = lib_rs(self.spec, self.krate, first_call(api));
                (
                    "src/lib.rs".to_owned(),
                    format(lib, &lib_header(self.spec))?,
                )
            }
            Job::TypesMod => {
                let mods = api.modules.iter().map(|m| {
                    let module = ident(&names::ident(&m.name));
                    let names = templates::types::exported(m).into_iter().map(ident);
                    quote! { mod #module; pub use self::#module::{ #(#names),* }; }
                });
                let tokens = quote! {
                    //! The types of the API's schemas, one module per definition.
                    #(#mods)*
                };
                ("src/types/mod.rs".to_owned(), format(tokens, header)?)
            }
            Job::Types(m) => (
                format!("src/types/{}.rs", bare(&names::ident(&m.name))),
                format(templates::types::module(m), header)?,
            ),
            Job::OperationsMod => {
                let ops = api.operations.iter().map(|o| {
                    let module = ident(&names::ident(&names::module_name(&o.method_name)));
                    let names = templates::operations::exported(o).into_iter().map(ident);
                    quote! { mod #module; pub use self::#module::{ #(#names),* }; }
                });
                let tokens = quote! {
                    //! The API's operations: one module per operation, each adding a
                    //! method to [`Client`](crate::Client) and defining its request
                    //! builder.
                    #(#ops)*
                };
                ("src/operations/mod.rs".to_owned(), format(tokens, header)?)
            }
            Job::Operation(op) => (
                format!("src/operations/{}.rs", names::module_name(&op.method_name)),
                format(templates::operations::module(op), header)?,
            ),
            Job::Client => (
                "src/client.rs".to_owned(),
                format(client_rs(&api.base_path), header)?,
            ),
            Job::Checks => {
                let checks = templates::checks::test_file(
                    self.krate,
                    crate::lower::SAMPLE_TOKEN,
                    self.credentials,
                    &api.checks,
                );
                (
                    "tests/operations.rs".to_owned(),
                    format_tests(checks, header, "operations")?,
                )
            }
            Job::Conformance => {
                let tokens =
                    templates::conformance::test_file(self.krate, self.credentials, &api.checks);
                (
                    "tests/conformance.rs".to_owned(),
                    format_tests(tokens, header, "conformance")?,
                )
            }
            Job::Examples => {
                let tokens = templates::examples::test_file(self.krate, &api.examples);
                (
                    "tests/examples.rs".to_owned(),
                    format_tests(tokens, header, "examples")?,
                )
            }
        })
    }
}

/// `run` on every job, on as many threads as there are cores (at most 8),
/// each taking the next job when it is done; results in job order.
fn in_parallel<J: Sync, T: Send>(
    jobs: &[J],
    run: impl Fn(&J) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            done.push((i, run(job)));
        }
    };
    let mut results: Vec<(usize, Result<T, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for handle in handles {
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(_) => all.push((usize::MAX, Err("a formatting thread panicked".to_owned()))),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// The operation the crate docs' first example calls: the first `GET`
/// that needs no argument, else the first operation that needs none.
fn first_call(api: &Api) -> Option<&str> {
    let no_args = |o: &&templates::model::Operation| o.params.iter().all(|p| !p.required);
    api.operations
        .iter()
        .filter(no_args)
        .find(|o| o.http_method.eq_ignore_ascii_case("get"))
        .or_else(|| api.operations.iter().find(no_args))
        .map(|o| o.method_name.as_str())
}

/// The crate docs' example, compiled as a doctest: it names the crate and
/// an operation of this spec.
fn first_call_doc(krate: &str, call: Option<&str>) -> Vec<String> {
    let mut lines = vec![
        "```no_run".to_owned(),
        "# async fn first_call() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("use {krate}::{{Client, RsaAuth}};"),
        String::new(),
        "// Log in as the service account with its RSA key (PKCS#1 or PKCS#8 PEM).".to_owned(),
        "let pem = std::fs::read(\"bot-private-key.pem\")?;".to_owned(),
        "let auth = RsaAuth::from_pem(\"https://acme.symphony.com\", \"my-bot\", &pem)?;"
            .to_owned(),
        "let client = Client::builder(\"https://acme.symphony.com\", auth).build()?;".to_owned(),
    ];
    if let Some(call) = call {
        lines.push(format!("let answer = client.{call}().send().await?;"));
        lines.push("println!(\"{answer:?}\");".to_owned());
    } else {
        lines.push("# let _ = client;".to_owned());
    }
    lines.extend(["# Ok(())", "# }", "```"].map(str::to_owned));
    lines
        .into_iter()
        .map(|l| format!(" {l}").trim_end().to_owned())
        .collect()
}

fn lib_rs(spec: &SpecInfo, krate: &str, call: Option<&str>) -> TokenStream {
    let about = templates::docs::line(&format!(
        "Rust client for the {} {}.",
        spec.title, spec.version
    ));
    let example = first_call_doc(krate, call);
    quote! {
        #![doc = #about]
        //!
        //! Every type and method here is generated from the API's description
        //! by `cargo xtask codegen`; edit the generator, not these files.
        //!
        #( #![doc = #example] )*
        //!
        //! Structs are `#[non_exhaustive]`: build one with `new` (which takes
        //! the required fields) and the `with_…` setters, so a field a later
        //! pod version adds is not a breaking change. Enums keep values this
        //! client does not know in a catch-all variant, and every struct keeps
        //! undeclared properties in `extra_fields`.
        //!
        //! # Security
        //!
        //! - Credentials go only to the pod's origin. A redirect is followed
        //!   only to the same scheme, host and port, at most
        //!   [`runtime::MAX_REDIRECTS`] times; any other redirect ends the
        //!   call with its 3xx status as [`Error::Api`], so no credential
        //!   header and no request body reaches another origin, and https
        //!   never becomes http.
        //!   [`ClientBuilder::follow_cross_origin_redirects`] opts in to
        //!   following other origins too, as bare requests with no credential,
        //!   header or body (and never https to http). A reqwest client passed to
        //!   [`ClientBuilder::http_client`] should use
        //!   [`runtime::same_origin_redirects`].
        //! - No clear text by accident: an `http://` pod URL is refused unless
        //!   it is a loopback address or [`ClientBuilder::allow_http`] is set.
        //! - Memory is bounded: a response body is read in chunks up to
        //!   [`ClientBuilder::max_response_bytes`] (default
        //!   [`runtime::DEFAULT_MAX_RESPONSE_BYTES`], 32 MiB); past it, or when
        //!   its declared length is over it, the call fails with
        //!   [`Error::TooLarge`]. A JSON body with more than
        //!   [`ClientBuilder::max_json_nodes`] objects and arrays (default
        //!   500,000) is refused before decoding, since tiny values weigh a
        //!   hundred times their size in memory. An error body keeps its first
        //!   64 KiB. The per-request timeout bounds time.
        //! - What is checked is what is sent: a path value that is empty,
        //!   holds a control character, or would make a `.` or `..` segment is
        //!   refused ([`Error::InvalidRequest`]), and the final URL is checked
        //!   to have exactly the segments asked for. Query values are
        //!   percent-encoded; a header value with a line break is refused.
        //! - Tokens never appear in `Debug`, errors or traces.
        //!
        //! # Testing without a pod
        //!
        //! With the `mock` cargo feature (for dev-dependencies),
        //! `mock::MockPod` is a local pod that answers what a test
        //! declares with the client's own request builders and this crate's
        //! types, and fails the test on a request it was not told to expect.

        #![forbid(unsafe_code)]

        // The generated files are laid out by the generator, not rustfmt:
        // `cargo fmt` skips them, whatever its version.
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod types;

        #[cfg(feature = "mock")]
        pub use crate::runtime::mock;
        #[rustfmt::skip]
        pub use crate::runtime::{
            AuthError, Client, ClientBuilder, CredentialProvider, Error, FilePart, RefreshingTokens, ResponseValue, RetryPolicy, RsaAuth, Secret,
            StaticTokens,
        };
    }
}

/// The crate's manifest: standalone (no workspace inheritance), so the crate
/// builds wherever it is written.
fn cargo_toml(package: &str, spec: &SpecInfo) -> String {
    let krate = package.replace('-', "_");
    let deps = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(name, req)| format!("{name} = {req}\n"))
            .collect::<String>()
    };
    format!(
        "# @generated by `cargo xtask codegen`. Do not edit: change the generator and regenerate.\n\n\
         [package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\
         description = {}\n\n\
         [features]\n\
         # Typed mocks for downstream tests (`{krate}::mock`); nothing is built unless enabled.\n\
         mock = [\"dep:wiremock\"]\n\n\
         [dependencies]\n{}{}\n[dev-dependencies]\n{}",
        toml_string(&format!(
            "Rust client for the {}, generated from its API description.",
            templates::docs::plain(&spec.title)
        )),
        deps(templates::RUNTIME_DEPENDENCIES),
        deps(templates::MOCK_DEPENDENCIES),
        deps(templates::TEST_DEPENDENCIES)
    )
}

/// A TOML basic string: JSON's escapes of `"`, `\\` and control
/// characters are TOML's too, and [`templates::docs::plain`] has already
/// replaced DEL, the one character TOML forbids raw and JSON does not escape.
fn toml_string(text: &str) -> String {
    serde_json::Value::String(templates::docs::plain(text)).to_string()
}

/// `src/client.rs`: the spec's base path and `Client::builder`.
fn client_rs(base_path: &str) -> TokenStream {
    let doc = format!(
        " A builder for the pod at `pod_url` (such as `https://acme.symphony.com`), calling the API under the spec's base path `{}`.",
        templates::docs::plain(base_path).replace('`', "'")
    );
    quote! {
        //! Building a client of this API.

        use crate::runtime::{Client, ClientBuilder, CredentialProvider};

        /// The path every operation's path is under, from the spec.
        pub const BASE_PATH: &str = #base_path;

        #[cfg(feature = "mock")]
        impl crate::runtime::mock::MockPod {
            /// Starts a mock pod (on a local port) serving this API under
            /// [`BASE_PATH`].
            pub async fn start() -> Self {
                Self::start_with_base_path(BASE_PATH).await
            }
        }

        impl Client {
            #[doc = #doc]
            pub fn builder(pod_url: impl Into<String>, credentials: impl CredentialProvider) -> ClientBuilder {
                ClientBuilder::new(pod_url, BASE_PATH, credentials)
            }
        }
    }
}

/// The header of `lib.rs`: which spec, exactly, the crate comes from.
fn lib_header(spec: &SpecInfo) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from {} {} (spec sha256 {}).\n// Do not edit: change the generator or the spec and regenerate.\n\n",
        templates::docs::plain(&spec.title),
        templates::docs::plain(&spec.version),
        spec.sha256
    )
}

/// The header of every other file. It does not repeat the spec's version,
/// so a pod bump changes only the files whose content changed.
fn file_header() -> String {
    "// @generated by `cargo xtask codegen` (the spec is named in lib.rs).\n// Do not edit: change the generator or the spec and regenerate.\n\n".to_owned()
}

/// Formats a generated test file under a header: its items go in one
/// `#[rustfmt::skip]` module named `module`, so `cargo fmt` leaves the file
/// as it is written here (a test target is a root rustfmt formats, and a
/// file-wide skip attribute is not stable).
fn format_tests(tokens: TokenStream, header: &str, module: &str) -> Result<String, String> {
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the templates produced invalid Rust: {e}"))?;
    if file.items.is_empty() {
        return Ok(format!("{header}{}", spaced(&prettyplease::unparse(&file))));
    }
    let items = std::mem::take(&mut file.items);
    let name = ident(module);
    file.items.push(syn::parse_quote! {
        #[rustfmt::skip]
        mod #name {
            #(#items)*
        }
    });
    let text = spaced(&prettyplease::unparse(&file));
    Ok(format!("{header}{}", spaced_at(&text, "    ")))
}

/// Formats tokens as a Rust file under a header.
fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the templates produced invalid Rust: {e}"))?;
    Ok(format!("{header}{}", spaced(&prettyplease::unparse(&file))))
}

/// prettyplease puts top-level items on consecutive lines; a blank line
/// after each item (and after the imports) reads like hand-written code.
fn spaced(code: &str) -> String {
    spaced_at(code, "")
}

/// [`spaced`] for the items at one indentation (`"    "`: the items of a
/// module that wraps a whole file).
fn spaced_at(code: &str, indent: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let at_level = |line: &'_ str| -> Option<String> {
        line.strip_prefix(indent)
            .filter(|rest| !rest.starts_with(' '))
            .map(str::to_owned)
    };
    let mut previous = String::new();
    for line in code.lines() {
        let here = at_level(line).unwrap_or_default();
        let top_level = !here.is_empty() && !here.starts_with(['}', ')']);
        let ends_item = previous == "}"
            || previous == "};"
            || (previous.starts_with("use ") && !here.starts_with("use "));
        let ends_type = previous.starts_with("pub type ") && previous.ends_with(';');
        let ends_header = ["//!", "#!["]
            .iter()
            .any(|p| previous.starts_with(p) && !here.starts_with(p));
        if top_level && (ends_item || ends_type || ends_header) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = here;
    }
    out
}

//! Templates for the crate's own Rust files: `lib.rs` (crate docs, modules,
//! re-exports), `client.rs`, the `mod.rs` of `types/` and `operations/`,
//! and where each file goes.

use crate::docs::doc_lines;
use crate::ident::ident;
use crate::model::{Api, Module, Operation};
use crate::preamble::SpecInfo;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/mod.rs`: each module, and the names it exports.
pub fn types_mod(modules: &[Module]) -> TokenStream {
    let mods = modules
        .iter()
        .map(|m| module_decl(&m.name, crate::types::exported(m)));
    quote! {
        //! The types of the API's schemas, one module per definition.
        #(#mods)*
    }
}

/// `src/operations/mod.rs`: each operation's module, and the names it
/// exports.
pub fn operations_mod(operations: &[Operation]) -> TokenStream {
    let ops = operations
        .iter()
        .map(|o| module_decl(&o.module, crate::operations::exported(o)));
    quote! {
        //! The API's operations: one module per operation, each adding a
        //! method to [`Client`](crate::Client) and defining its request
        //! builder.
        #(#ops)*
    }
}

/// A child module and the names the parent re-exports from it, by name (a
/// glob per module makes the compiler's name resolution grow faster than
/// the crate).
fn module_decl(module: &str, exported: Vec<&str>) -> TokenStream {
    let module = ident(module);
    let names = exported.into_iter().map(ident);
    quote! { mod #module; pub use self::#module::{ #(#names),* }; }
}

/// The runtime's API, re-exported and inlined at the crate root: with
/// `types`, `operations`, `client::BASE_PATH` and `mock`, all that is
/// public and documented (`cargo xtask docs-check` holds the docs to it).
pub const ROOT_API: &[&str] = &[
    "ApiError",
    "ApiErrorBody",
    "AppAuth",
    "AuthError",
    "Base64",
    "BuildError",
    "CertAuth",
    "Client",
    "ClientBuilder",
    "CredentialError",
    "CredentialProvider",
    "Error",
    "FilePart",
    "Method",
    "Network",
    "NetworkError",
    "OboAuth",
    "Pages",
    "RawCall",
    "RefreshingTokens",
    "ResponseFuture",
    "ResponseValue",
    "RetryPolicy",
    "RsaAuth",
    "Secret",
    "StaticTokens",
    "TokenFuture",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_JSON_NODES",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "LOGIN_FAILURE_BACKOFF",
    "MAX_REDIRECTS",
];

/// The API of the `config` feature, re-exported at the crate root.
pub const CONFIG_API: &[&str] = &["BdkConfig", "ConfigError"];

/// The API of the runtime's datafeed, re-exported at the crate root with
/// `client` and [`crate::DATAFEED_FEATURE`].
pub const DATAFEED_API: &[&str] = &["Datafeed"];

/// `src/lib.rs`: the crate docs (with a first call of this API), the
/// modules, and what the crate root re-exports.
pub fn lib_rs(api: &Api, spec: &SpecInfo, krate: &str, modules: &[&Api]) -> TokenStream {
    let module_decls = modules.iter().filter_map(|m| m.module.as_deref()).map(|m| {
        let feature = m;
        let m = ident(m);
        quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #m;
        }
    });
    // What each module API is, and how a call reaches it.
    let mut module_docs = Vec::new();
    for m in modules {
        let (Some(module), home) = (m.module.as_deref(), crate::home::Home::of(m)) else {
            continue;
        };
        module_docs.push(String::new());
        module_docs.push(format!(" # {}", crate::docs::plain(&m.title)));
        module_docs.push(String::new());
        let at = match m.service {
            crate::model::Service::Agent => {
                "the agent's URL ([`ClientBuilder::agent_url`], by default the pod's)"
            }
            crate::model::Service::Pod => "the pod's URL",
        };
        module_docs.push(format!(
            " [`{module}`] (cargo feature `{module}`, on by default) holds the {} {}: its types, its request builders, and its calls on [`{module}::{handle}`], which `client.{module}()` gives. Its calls go to {at} followed by `{}`, with the same login as the pod's.",
            crate::docs::plain(&m.title),
            crate::docs::plain(&m.version),
            crate::docs::plain(crate::model::shown_path(&m.base_path)).replace('`', "'"),
            handle = home.handle(),
        ));
        if crate::home::datafeed_event(m).is_some() {
            module_docs.push(String::new());
            module_docs.push(format!(
                " A bot's events come from [`{module}::{}::datafeed`]: a stream that finds or creates the datafeed, acknowledges each batch once handed out, replaces an expired feed and logs in again when the session expires.",
                home.handle()
            ));
        }
    }
    let call = first_call(api);
    let about = crate::docs::line(&format!(
        "Rust client for the {} {}.",
        spec.title, spec.version
    ));
    let provenance = format!(
        " The crate's version is the API's semver: a pod version that removes or changes what a downstream crate uses is a major release (see `CHANGELOG.md`). The description it was generated from: {} {} (sha256 `{}`).",
        crate::docs::plain(&spec.title),
        crate::docs::plain(&spec.version),
        spec.sha256
    );
    let example = first_call_doc(krate, call);
    let served = format!(
        " Calls go to the pod's URL followed by [`client::BASE_PATH`] (`{}`), where the API is served, then the operation's path.",
        crate::docs::plain(crate::model::shown_path(&api.base_path)).replace('`', "'")
    );
    let mock_example = doc_lines(&mock_doc(krate, call));
    let table = crate::areas::area_table(api);
    let api = ROOT_API.iter().map(|name| ident(name));
    let config_api = CONFIG_API.iter().map(|name| ident(name));
    let datafeed_api = DATAFEED_API.iter().map(|name| ident(name));
    let datafeed = crate::DATAFEED_FEATURE;
    quote! {
        #![doc = #about]
        //!
        //! Every type and method here is generated from the API's description
        //! by `cargo xtask codegen`; edit the generator, not these files.
        #![doc = #provenance]
        //!
        #( #![doc = #example] )*
        //!
        #![doc = #served]
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
        //!   [`MAX_REDIRECTS`] times; any other redirect ends the
        //!   call with its 3xx status as [`Error::Api`], so no credential
        //!   header and no request body reaches another origin, and https
        //!   never becomes http.
        //!   [`ClientBuilder::follow_cross_origin_redirects`] opts in to
        //!   following other origins too, as bare requests with no credential,
        //!   header or body (and never https to http). These rules hold
        //!   whatever [`Network`] sets, [`Network::customize`] included: the
        //!   redirect rule is applied after it, and logins follow no redirect.
        //! - No clear text by accident: an `http://` pod URL is refused unless
        //!   it is a loopback address or [`ClientBuilder::allow_http`] is set.
        //! - Memory is bounded: a response body is read in chunks up to
        //!   [`ClientBuilder::max_response_bytes`] (default
        //!   [`DEFAULT_MAX_RESPONSE_BYTES`], 32 MiB); past it, or when
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
        //! - Tokens, keys and proxy passwords never appear in `Debug`, errors
        //!   or traces.
        //!
        //! # Logging in
        //!
        //! A [`CredentialProvider`] gives each call its tokens; the logins
        //! fetch them at the first call, cache them, fetch them again before
        //! a known expiry and after a 401, one login at a time:
        //!
        //! - [`RsaAuth`]: a bot with an RSA key (`/login/pubkey/authenticate`).
        //! - [`CertAuth`]: a bot with a client certificate
        //!   (`/sessionauth/v1/authenticate`, `/keyauth/v1/authenticate`).
        //! - [`AppAuth`]: an extension app (RSA key or certificate), and
        //!   [`OboAuth`] from it: a user's session, by user id or username.
        //! - [`StaticTokens`] and [`RefreshingTokens`]: tokens from elsewhere.
        //!
        //! Each type's page shows it in use.
        //!
        //! # Networks
        //!
        //! [`Network`] holds how the pod is reached: a private CA
        //! ([`Network::add_root_certificates_pem`]), a client certificate
        //! for mutual TLS ([`Network::client_certificate_pem`]), a proxy with
        //! credentials ([`Network::proxy`]; by default `HTTPS_PROXY` and
        //! `NO_PROXY` are read, and loopback addresses are never proxied),
        //! timeouts and headers. Give it to [`ClientBuilder::network`] and
        //! to the login (`network` on each provider).
        //!
        //! # Operations by area
        //!
        //! Every operation, by area (the `impl` blocks of [`Client`] follow
        //! the same order): its method, what it does and the call it makes.
        //!
        #( #![doc = #table] )*
        //!
        #( #![doc = #module_docs] )*
        //!
        //! # Testing without a pod
        //!
        //! With the `mock` cargo feature (for dev-dependencies),
        //! `mock::MockPod` is a local pod that answers what a test
        //! declares with the client's own request builders and this crate's
        //! types, and fails the test on a request it was not told to expect.

        #![forbid(unsafe_code)]
        // docs.rs (nightly) marks what a cargo feature gates.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        // The generated files are laid out by the generator, not rustfmt:
        // `cargo fmt` skips them, whatever its version. Without the cargo
        // feature `client` the crate is its types (and their wire helpers).
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        mod areas;
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod operations;
        // The runtime's API is re-exported below; the module itself holds
        // the plumbing generated code shares, which is no API.
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod types;
        #( #module_decls )*

        #mock_example
        #[cfg(feature = "mock")]
        #[doc(inline)]
        pub use crate::runtime::mock;
        #[cfg(feature = "config")]
        #[doc(inline)]
        #[rustfmt::skip]
        pub use crate::runtime::{ #(#config_api),* };
        #[cfg(all(feature = "client", feature = #datafeed))]
        #[doc(inline)]
        #[rustfmt::skip]
        pub use crate::runtime::{ #(#datafeed_api),* };
        #[cfg(feature = "client")]
        #[doc(inline)]
        #[rustfmt::skip]
        pub use crate::runtime::{ #(#api),* };
    }
}

/// The operation the crate docs' first example calls: the first `GET`
/// that needs no argument, else the first operation that needs none.
pub(crate) fn first_call(api: &Api) -> Option<&str> {
    let no_args = |o: &&Operation| o.params.iter().all(|p| !p.required);
    api.operations
        .iter()
        .filter(no_args)
        .find(|o| o.http_method.eq_ignore_ascii_case("get"))
        .or_else(|| api.operations.iter().find(no_args))
        .map(|o| o.method_name.as_str())
}

/// The crate docs' example, compiled as a doctest: it names the crate and
/// an operation of this spec.
pub(crate) fn first_call_doc(krate: &str, call: Option<&str>) -> Vec<String> {
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

/// The mock module's example, compiled as a doctest (with the `mock`
/// feature): an expectation on this spec's first call, the code under test
/// meeting the answer, and the check when the pod drops.
fn mock_doc(krate: &str, call: Option<&str>) -> Vec<String> {
    let Some(call) = call else {
        return Vec::new();
    };
    let lines = [
        "# Example".to_owned(),
        String::new(),
        "```".to_owned(),
        format!("use {krate}::mock::MockPod;"),
        String::new(),
        "#[tokio::main]".to_owned(),
        "async fn main() {".to_owned(),
        "    let pod = MockPod::start().await;".to_owned(),
        "    // What the code under test should send, and what the pod answers.".to_owned(),
        format!("    pod.expect(|c| c.{call}()).fails(503, \"down for maintenance\").await;"),
        "    // The code under test gets `pod.client()`, or builds one on `pod.uri()`.".to_owned(),
        format!("    let error = pod.client().{call}().send().await.unwrap_err();"),
        "    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));".to_owned(),
        "    // Dropping the pod checks every expectation was met.".to_owned(),
        "}".to_owned(),
        "```".to_owned(),
        String::new(),
    ];
    lines
        .into_iter()
        .map(|l| format!(" {l}").trim_end().to_owned())
        .collect()
}

/// `src/client.rs`: the API's base path and `Client::builder`; the
/// module APIs' base paths (`modules`) go to the builder and the mock too.
pub fn client_rs(api: &Api, modules: &[&Api]) -> TokenStream {
    // The agent API's base path, when the crate holds it (written here,
    // not named, so a build without the module still has it).
    let agent = modules
        .iter()
        .find(|m| m.service == crate::model::Service::Agent && m.module.is_some())
        .map(|m| {
            let path = &m.base_path;
            quote!(#path)
        });
    let agent_path = agent.clone().unwrap_or_else(|| quote!(""));
    let with_agent = agent.map(|path| quote!(.agent_base_path(#path)));
    let (base_path, variables) = (&api.base_path, &api.server_variables);
    let shown = crate::docs::plain(crate::model::shown_path(base_path)).replace('`', "'");
    let from = if api.base_path_pinned {
        "the generator's settings (`base_path`)"
    } else {
        "the spec's server URL"
    };
    let mut base_docs = vec![
        format!(" Where the API is served on its host, from {from}: a call goes to the URL given to [`Client::builder`] followed by `{shown}` and the operation's path. [`ClientBuilder::base_path`] replaces it, for a proxy that serves the API elsewhere."),
    ];
    if !variables.is_empty() {
        base_docs.push(String::new());
        base_docs.push(
            " The spec's server URL has variables, each here at its default; another value goes in with [`ClientBuilder::base_path`]:".to_owned(),
        );
        base_docs.push(String::new());
        for (name, default, values) in variables {
            let listed = if values.is_empty() {
                String::new()
            } else {
                format!(
                    " (the spec lists {})",
                    values
                        .iter()
                        .map(|v| format!("`{}`", crate::docs::plain(v).replace('`', "'")))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            base_docs.push(format!(
                " - `{}`: `{}`{listed}",
                crate::docs::plain(name).replace('`', "'"),
                crate::docs::plain(default).replace('`', "'")
            ));
        }
    }
    let base_docs = doc_lines(&base_docs);
    // The agent's calls go to the agent's URL (by default the pod's).
    let new_builder = match api.service {
        crate::model::Service::Pod => {
            quote!(ClientBuilder::new(pod_url, BASE_PATH, credentials) #with_agent)
        }
        crate::model::Service::Agent => {
            quote!(ClientBuilder::new(pod_url, "", credentials).agent_base_path(BASE_PATH))
        }
    };
    let from_config = match api.service {
        crate::model::Service::Pod => {
            quote!(config.client_builder(BASE_PATH, credentials)? #with_agent)
        }
        crate::model::Service::Agent => {
            quote!(config
                .client_builder("", credentials)?
                .agent_base_path(BASE_PATH))
        }
    };
    let doc = format!(
        " A builder for the pod at `pod_url` (such as `https://acme.symphony.com`, with any context path a proxy puts in front), calling the API under [`BASE_PATH`] (`{shown}`)."
    );
    quote! {
        //! Building a client of this API.

        use crate::runtime::{Client, ClientBuilder, CredentialProvider};

        #base_docs
        pub const BASE_PATH: &str = #base_path;

        #[cfg(feature = "mock")]
        impl crate::runtime::mock::MockPod {
            /// Starts a mock pod (on a local port) serving this API under
            /// [`BASE_PATH`].
            pub async fn start() -> Self {
                Self::start_with_base_paths(BASE_PATH, #agent_path).await
            }
        }

        impl Client {
            #[doc = #doc]
            pub fn builder(pod_url: impl Into<String>, credentials: impl CredentialProvider) -> ClientBuilder {
                #new_builder
            }

            /// A client as a Symphony BDK configuration file describes it: the
            /// pod's URL, the bot's login (RSA key or certificate), proxy,
            /// trust store, timeouts and retries. See
            /// [`BdkConfig`](crate::BdkConfig) for the keys read. Needs the
            /// cargo feature `config`.
            #[cfg(feature = "config")]
            pub fn from_bdk_config(config: &crate::runtime::BdkConfig) -> Result<Client, crate::runtime::ConfigError> {
                let credentials = config.bot_auth()?;
                Ok(#from_config.build()?)
            }
        }
    }
}

/// `src/<module>/mod.rs` of an API in a module of its own (the agent):
/// its docs, its modules, its base path, and its handle, which
/// `Client::<module>()` gives.
pub fn module_rs(api: &Api, spec: &SpecInfo, krate: &str) -> TokenStream {
    let home = crate::home::Home::of(api);
    let module = api.module.as_deref().unwrap_or_default();
    let module_ident = ident(module);
    let handle = ident(&home.handle());
    let shown = crate::docs::plain(crate::model::shown_path(&api.base_path)).replace('`', "'");
    let about = format!(
        " The {} {} (from its API description, sha256 `{}`): its types in [`types`], its request builders in [`operations`], its calls on [`{}`], which [`Client::{module}`](crate::Client::{module}) gives.",
        crate::docs::plain(&spec.title),
        crate::docs::plain(&spec.version),
        spec.sha256,
        home.handle(),
    );
    let served = format!(
        " Where the API is served on its host: its calls go to the agent's URL ([`ClientBuilder::agent_url`](crate::ClientBuilder::agent_url), by default the pod's) followed by `{shown}` and the operation's path."
    );
    let handle_doc = format!(
        " The {} of a [`Client`](crate::Client): its methods start the API's calls, with the client's login, network and limits. `Copy`: take one with [`Client::{module}`](crate::Client::{module}) wherever it is needed.",
        crate::docs::plain(&api.title)
    );
    let method_doc = format!(
        " The {} calls of this client: see [`{}`].",
        crate::docs::plain(&api.title),
        home.handle()
    );
    let base_path = &api.base_path;
    // The datafeed, typed by the spec's own event type.
    let datafeed = crate::home::datafeed_event(api).map(|event| {
        let event = ident(event);
        let example = [
            String::new(),
            "```no_run".to_owned(),
            format!("# async fn run(client: {krate}::Client) -> Result<(), {krate}::Error> {{"),
            "use futures_util::StreamExt;".to_owned(),
            String::new(),
            format!("let mut events = client.{module}().datafeed(\"my-bot\");"),
            "while let Some(event) = events.next().await {".to_owned(),
            "    println!(\"{:?}\", event?);".to_owned(),
            "}".to_owned(),
            "# Ok(())".to_owned(),
            "# }".to_owned(),
            "```".to_owned(),
        ]
        .map(|l| format!(" {l}").trim_end().to_owned());
        let example = doc_lines(&example);
        quote! {
            #[cfg(feature = "client")]
            impl<'a> #handle<'a> {
                /// The agent's real-time events (messages sent, room and
                /// user events…) as a stream, for a bot's main loop, tagged
                /// `tag` (at most 100 characters; the bot's name is a good
                /// one): it finds or creates the datafeed, reads it, and
                /// acknowledges each batch once handed out. See
                /// [`Datafeed`](crate::Datafeed) for expiry,
                /// re-login, back-off and the long poll's deadline.
                #example
                pub fn datafeed(&self, tag: impl Into<String>) -> crate::runtime::Datafeed<types::#event> {
                    self.client.datafeed_of(tag)
                }
            }
        }
    });
    quote! {
        #![doc = #about]

        // Its types build alone; its calls with the cargo feature `client`.
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        mod areas;
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod types;

        #[doc = #served]
        pub const BASE_PATH: &str = #base_path;

        #[doc = #handle_doc]
        #[cfg(feature = "client")]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            pub(crate) client: &'a crate::runtime::Client,
        }

        #[cfg(feature = "client")]
        impl crate::runtime::Client {
            #[doc = #method_doc]
            pub fn #module_ident(&self) -> #handle<'_> {
                #handle { client: self }
            }
        }

        #datafeed
    }
}

//! Runtime support the generated code uses: the client, credentials,
//! errors, retries, responses, pagination (with the cargo feature
//! `client`; the agent's datafeed with `client` and `datafeed`), and the
//! wire helpers of the types (always: they need serde alone).

#[cfg(feature = "client")]
mod app_auth;
mod base64;
#[cfg(feature = "client")]
mod cert_auth;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "config")]
mod config;
#[cfg(feature = "client")]
mod credentials;
#[cfg(all(feature = "client", feature = "datafeed"))]
mod datafeed;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "client")]
mod login;
#[doc(hidden)]
pub mod long_string;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "mock")]
mod mock_datafeed;
#[cfg(feature = "mock")]
mod mock_login;
#[cfg(feature = "client")]
mod network;
#[doc(hidden)]
pub mod object;
#[cfg(feature = "client")]
mod paginate;
#[cfg(feature = "client")]
mod query;
#[cfg(feature = "client")]
mod raw;
#[cfg(feature = "client")]
mod request;
#[cfg(feature = "client")]
mod response;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod rsa_auth;
#[doc(hidden)]
pub mod union;

#[cfg(feature = "client")]
pub use self::app_auth::{AppAuth, OboAuth};
pub use self::base64::Base64;
#[cfg(feature = "client")]
pub use self::cert_auth::CertAuth;
#[cfg(feature = "client")]
pub use self::client::{
    BuildError, Client, ClientBuilder, DEFAULT_DEADLINE, DEFAULT_MAX_JSON_NODES,
    DEFAULT_MAX_RESPONSE_BYTES, MAX_REDIRECTS,
};
#[cfg(feature = "config")]
pub use self::config::{BdkConfig, ConfigError};
#[cfg(feature = "client")]
pub use self::credentials::{
    CredentialError, CredentialProvider, RefreshingTokens, Secret, StaticTokens, TokenFuture,
    LOGIN_FAILURE_BACKOFF,
};
#[cfg(all(feature = "client", feature = "datafeed"))]
pub use self::datafeed::Datafeed;
#[cfg(feature = "client")]
pub use self::error::{ApiError, ApiErrorBody, Error};
#[cfg(feature = "client")]
pub use self::login::AuthError;
#[cfg(feature = "client")]
pub use self::network::{Network, NetworkError};
#[cfg(feature = "client")]
pub use self::paginate::Pages;
#[cfg(feature = "client")]
#[doc(hidden)]
pub use self::paginate::{cursor, skip_limit};
#[cfg(feature = "client")]
#[doc(hidden)]
pub use self::query::ObjectStyle;
#[cfg(feature = "client")]
pub use self::raw::RawCall;
#[cfg(feature = "client")]
pub use self::request::FilePart;
#[cfg(feature = "client")]
#[doc(hidden)]
pub use self::request::{joined, Operation, QueryStyle, Request, Service};
#[cfg(feature = "client")]
#[doc(hidden)]
pub use self::response::RawResponse;
#[cfg(feature = "client")]
pub use self::response::{ResponseFuture, ResponseValue};
#[cfg(feature = "client")]
pub use self::retry::RetryPolicy;
#[cfg(feature = "client")]
pub use self::rsa_auth::RsaAuth;
/// The HTTP method of a [`Client::raw`] call.
#[cfg(feature = "client")]
pub use reqwest::Method;

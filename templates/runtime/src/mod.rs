//! Runtime support the generated code uses: the client, credentials,
//! errors, retries, responses, pagination, and the wire helpers of the types.

mod app_auth;
mod base64;
mod cert_auth;
mod client;
#[cfg(feature = "config")]
mod config;
mod credentials;
mod datafeed;
mod error;
mod login;
#[doc(hidden)]
pub mod long_string;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "mock")]
mod mock_datafeed;
#[cfg(feature = "mock")]
mod mock_login;
mod network;
#[doc(hidden)]
pub mod object;
mod paginate;
mod query;
mod raw;
mod request;
mod response;
mod retry;
mod rsa_auth;
#[doc(hidden)]
pub mod union;

pub use self::app_auth::{AppAuth, OboAuth};
pub use self::base64::Base64;
pub use self::cert_auth::CertAuth;
pub use self::client::{
    BuildError, Client, ClientBuilder, DEFAULT_DEADLINE, DEFAULT_MAX_JSON_NODES,
    DEFAULT_MAX_RESPONSE_BYTES, MAX_REDIRECTS,
};
#[cfg(feature = "config")]
pub use self::config::{BdkConfig, ConfigError};
pub use self::credentials::{
    CredentialError, CredentialProvider, RefreshingTokens, Secret, StaticTokens, TokenFuture,
    LOGIN_FAILURE_BACKOFF,
};
pub use self::datafeed::Datafeed;
pub use self::error::{ApiError, ApiErrorBody, Error};
pub use self::login::AuthError;
pub use self::network::{Network, NetworkError};
pub use self::paginate::Pages;
#[doc(hidden)]
pub use self::paginate::{cursor, skip_limit};
#[doc(hidden)]
pub use self::query::ObjectStyle;
pub use self::raw::RawCall;
pub use self::request::FilePart;
#[doc(hidden)]
pub use self::request::{joined, Operation, QueryStyle, Request, Service};
#[doc(hidden)]
pub use self::response::RawResponse;
pub use self::response::ResponseValue;
pub use self::retry::RetryPolicy;
pub use self::rsa_auth::RsaAuth;
/// The HTTP method of a [`Client::raw`] call.
pub use reqwest::Method;

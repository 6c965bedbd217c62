//! Credentials: the header values that authenticate a call (the pod's
//! `sessionToken`, a key manager's `keyManagerToken`), kept out of method
//! signatures and out of every `Debug`, log and error.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

/// A secret value. `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The value itself, for putting on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

/// Why a provider could not give a credential.
pub type CredentialError = Box<dyn std::error::Error + Send + Sync>;

/// What a provider returns: a future of the credential.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Secret, CredentialError>> + Send + 'a>>;

/// Gives the client the value of each credential header it sends.
pub trait CredentialProvider: Send + Sync + 'static {
    /// The current value for the credential header `name`.
    fn token<'a>(&'a self, name: &'a str) -> TokenFuture<'a>;

    /// A fresh value for `name`, asked for once after the API answered 401.
    /// By default the same as [`token`](Self::token).
    fn refresh<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        self.token(name)
    }
}

/// Fixed credentials: one value per header name, never refreshed.
#[derive(Debug, Clone, Default)]
pub struct StaticTokens {
    tokens: BTreeMap<String, Secret>,
}

impl StaticTokens {
    /// Credentials with a session token (the pod's `sessionToken` header).
    pub fn session_token(token: impl Into<Secret>) -> Self {
        StaticTokens::default().with("sessionToken", token)
    }

    /// Adds (or replaces) the value of a credential header.
    pub fn with(mut self, header: impl Into<String>, token: impl Into<Secret>) -> Self {
        self.tokens.insert(header.into(), token.into());
        self
    }
}

impl CredentialProvider for StaticTokens {
    fn token<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        let found = self
            .tokens
            .get(name)
            .cloned()
            .ok_or_else(|| format!("no value for `{name}`").into());
        Box::pin(async move { found })
    }
}

/// Credentials fetched by an async function (for instance a call to the
/// authenticator), cached, and fetched again after a 401.
pub struct RefreshingTokens<F> {
    fetch: F,
    cache: Mutex<BTreeMap<String, Secret>>,
}

impl<F> fmt::Debug for RefreshingTokens<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingTokens").finish_non_exhaustive()
    }
}

impl<F, Fut> RefreshingTokens<F>
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, CredentialError>> + Send + 'static,
{
    /// `fetch(header_name)` returns a fresh value for that header.
    pub fn new(fetch: F) -> Self {
        RefreshingTokens {
            fetch,
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    fn cached(&self, name: &str) -> Option<Secret> {
        self.cache.lock().ok().and_then(|c| c.get(name).cloned())
    }

    async fn fetch_and_store(&self, name: &str) -> Result<Secret, CredentialError> {
        let fresh = (self.fetch)(name.to_owned()).await?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(name.to_owned(), fresh.clone());
        }
        Ok(fresh)
    }
}

impl<F, Fut> CredentialProvider for RefreshingTokens<F>
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, CredentialError>> + Send + 'static,
{
    fn token<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        Box::pin(async move {
            match self.cached(name) {
                Some(token) => Ok(token),
                None => self.fetch_and_store(name).await,
            }
        })
    }

    fn refresh<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        Box::pin(self.fetch_and_store(name))
    }
}

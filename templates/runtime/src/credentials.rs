//! Credentials: the header values that authenticate a call (the pod's
//! `sessionToken`, a key manager's `keyManagerToken`), kept out of method
//! signatures and out of every `Debug`, log and error.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

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

    /// A fresh value for `name` after the API answered 401 to `rejected`.
    /// The client calls this one; a provider that caches can answer with a
    /// value fetched since `rejected` (by another caller) instead of
    /// fetching again, so many callers meeting one 401 cost one login.
    /// By default the same as [`refresh`](Self::refresh).
    fn refresh_rejected<'a>(&'a self, name: &'a str, rejected: &'a Secret) -> TokenFuture<'a> {
        let _ = rejected;
        self.refresh(name)
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
/// authenticator), cached, and fetched again after a 401 (once for all the
/// callers that met it).
pub struct RefreshingTokens<F> {
    fetch: F,
    cache: TokenCache,
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
            cache: TokenCache::default(),
        }
    }

    fn get<'a>(&'a self, name: &'a str, want: Want<'a>) -> TokenFuture<'a> {
        Box::pin(self.cache.get(name, want, move || {
            let fetched = (self.fetch)(name.to_owned());
            async move { Ok(Fresh::new(fetched.await?)) }
        }))
    }
}

/// A shared provider (one login for several clients, or a provider chosen
/// at run time, as [`Arc<dyn CredentialProvider>`]).
impl<T: CredentialProvider + ?Sized> CredentialProvider for Arc<T> {
    fn token<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        (**self).token(name)
    }

    fn refresh<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        (**self).refresh(name)
    }

    fn refresh_rejected<'a>(&'a self, name: &'a str, rejected: &'a Secret) -> TokenFuture<'a> {
        (**self).refresh_rejected(name, rejected)
    }
}

impl<F, Fut> CredentialProvider for RefreshingTokens<F>
where
    F: Fn(String) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, CredentialError>> + Send + 'static,
{
    fn token<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        self.get(name, Want::Current)
    }

    fn refresh<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        self.get(name, Want::New)
    }

    fn refresh_rejected<'a>(&'a self, name: &'a str, rejected: &'a Secret) -> TokenFuture<'a> {
        self.get(name, Want::Replacing(rejected))
    }
}

/// A fetched credential and, when known, when it stops being valid.
pub(crate) struct Fresh {
    pub(crate) token: Secret,
    pub(crate) expires: Option<SystemTime>,
}

impl Fresh {
    pub(crate) fn new(token: Secret) -> Self {
        Fresh {
            token,
            expires: None,
        }
    }
}

/// What a caller of [`TokenCache::get`] needs.
#[derive(Clone, Copy)]
pub(crate) enum Want<'a> {
    /// The cached value, fetched if there is none or it is about to expire.
    Current,
    /// A value other than this one, which the API refused.
    Replacing(&'a Secret),
    /// A newly fetched value.
    New,
}

/// How long before its known expiry a credential is fetched again.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// After a failed fetch, how long callers get that failure instead of
/// fetching again: a struggling login endpoint gets one attempt per window
/// from this client, not one per caller. A success ends it.
pub const LOGIN_FAILURE_BACKOFF: Duration = Duration::from_secs(5);

/// Credentials by header name, fetched lazily. Callers that need a fetch
/// at the same time wait for one: each name has its own lock, held across
/// the fetch, so a hundred calls meeting an expired token make one login,
/// and a failed login is shared with every caller for
/// [`LOGIN_FAILURE_BACKOFF`].
#[derive(Default)]
pub(crate) struct TokenCache {
    slots: Mutex<BTreeMap<String, Arc<tokio::sync::Mutex<Slot>>>>,
}

/// One credential: its value, and the last failure to fetch it.
#[derive(Default)]
struct Slot {
    fresh: Option<Fresh>,
    failed: Option<(Instant, String)>,
}

/// The failure of a fetch that another caller made moments ago.
#[derive(Debug)]
struct RecentFailure {
    message: String,
    age: Duration,
}

impl fmt::Display for RecentFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (the fetch failed {} ms ago; the next one is allowed {} s after a failure)",
            self.message,
            self.age.as_millis(),
            LOGIN_FAILURE_BACKOFF.as_secs()
        )
    }
}

impl std::error::Error for RecentFailure {}

impl TokenCache {
    /// The credential `name`: the cached value when `want` takes it, the
    /// failure of a fetch within [`LOGIN_FAILURE_BACKOFF`], else what
    /// `fetch` gives, kept for the next caller. The slot stays locked
    /// across the fetch. Only this wrapper is generic: one copy per fetch,
    /// the rest ([`TokenCache::lookup`], [`Slot::keep`]) compiled once.
    pub(crate) async fn get<Fut>(
        &self,
        name: &str,
        want: Want<'_>,
        fetch: impl FnOnce() -> Fut,
    ) -> Result<Secret, CredentialError>
    where
        Fut: Future<Output = Result<Fresh, CredentialError>>,
    {
        match self.lookup(name, want).await {
            Lookup::Answer(answer) => answer,
            Lookup::Fetch(mut held) => held.keep(fetch().await),
        }
    }

    /// What the cache answers for `name` without a fetch, or its slot,
    /// locked, when it needs one.
    async fn lookup(&self, name: &str, want: Want<'_>) -> Lookup {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots.entry(name.to_owned()).or_default().clone()
        };
        let held = slot.lock_owned().await;
        if let Some(cached) = held.fresh.as_ref() {
            let expired = cached.expires.is_some_and(|at| {
                SystemTime::now()
                    .checked_add(EXPIRY_MARGIN)
                    .is_none_or(|soon| soon >= at)
            });
            let usable = match want {
                Want::Current => !expired,
                // Someone fetched since the refused value was sent.
                Want::Replacing(rejected) => !expired && cached.token != *rejected,
                Want::New => false,
            };
            if usable {
                return Lookup::Answer(Ok(cached.token.clone()));
            }
        }
        if let Some((at, message)) = &held.failed {
            let age = at.elapsed();
            if age < LOGIN_FAILURE_BACKOFF {
                return Lookup::Answer(Err(Box::new(RecentFailure {
                    message: message.clone(),
                    age,
                })));
            }
        }
        Lookup::Fetch(held)
    }
}

/// What [`TokenCache::lookup`] found.
enum Lookup {
    /// The cached value, or the recent failure.
    Answer(Result<Secret, CredentialError>),
    /// Nothing usable: the slot, locked for the fetch.
    Fetch(tokio::sync::OwnedMutexGuard<Slot>),
}

impl Slot {
    /// Keeps what a fetch gave (a value, or its failure) and returns it.
    fn keep(&mut self, fetched: Result<Fresh, CredentialError>) -> Result<Secret, CredentialError> {
        match fetched {
            Ok(fresh) => {
                let token = fresh.token.clone();
                *self = Slot {
                    fresh: Some(fresh),
                    failed: None,
                };
                Ok(token)
            }
            Err(e) => {
                self.failed = Some((Instant::now(), e.to_string()));
                Err(e)
            }
        }
    }
}

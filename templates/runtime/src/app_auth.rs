//! Extension apps: the app's own login (RSA key or certificate) and the
//! on-behalf-of (OBO) sessions it obtains for users.

use crate::runtime::cert_auth::certificate_client;
use crate::runtime::credentials::{TokenCache, Want};
use crate::runtime::login::{
    login, login_provider, login_url, login_url_for, LoginRequest, RsaKey,
};
use crate::runtime::{AuthError, CredentialError, Network, Secret};
use reqwest::Url;
use std::fmt;
use std::sync::Arc;

/// An extension app's login. The app's own session (the `sessionToken` it
/// gives as a [`CredentialProvider`](crate::runtime::CredentialProvider))
/// serves to obtain sessions for users: [`AppAuth::on_behalf_of_user_id`]
/// and [`AppAuth::on_behalf_of_username`] give an [`OboAuth`], the
/// credential of a [`Client`](crate::runtime::Client) that acts as that user.
///
/// - With an RSA key ([`AppAuth::rsa`]): a JWT whose subject is the app id,
///   posted to the pod's `/login/pubkey/app/authenticate`; users' sessions
///   from `/login/pubkey/app/user/{userId}/authenticate` and
///   `/login/pubkey/app/username/{username}/authenticate`.
/// - With a certificate ([`AppAuth::certificate`]): mutual TLS to the
///   session authenticator's `/sessionauth/v1/app/authenticate`; users'
///   sessions from `/sessionauth/v1/app/user/{userId}/authenticate` and
///   `/sessionauth/v1/app/username/{username}/authenticate`.
///
/// The app session is fetched once and shared by every user's session; a
/// user's session is fetched again before a known expiry and after a 401,
/// and when the pod refuses the app session (401) it is fetched again once.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// # use generated_client::{Client, runtime::AppAuth};
/// let app = AppAuth::rsa("https://acme.symphony.com", "my-app", std::fs::read("app-key.pem")?)?;
/// let as_alice = Client::builder("https://acme.symphony.com", app.on_behalf_of_username("alice"))
///     .build()?;
/// let as_user_7 = Client::builder("https://acme.symphony.com", app.on_behalf_of_user_id(7))
///     .build()?;
/// # let _ = (as_alice, as_user_7); Ok(()) }
/// ```
#[derive(Clone)]
pub struct AppAuth {
    inner: Arc<App>,
}

struct App {
    /// The RSA key and app id, or `None` for a certificate login.
    key: Option<(RsaKey, String)>,
    login: Url,
    /// Where users' sessions are asked for: `…/app/user` and `…/app/username`.
    by_user_id: Url,
    by_username: Url,
    http: reqwest::Client,
    cache: TokenCache,
}

impl fmt::Debug for AppAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppAuth")
            .field("app_id", &self.inner.key.as_ref().map(|(_, id)| id))
            .field("login", &self.inner.login.as_str())
            .finish_non_exhaustive()
    }
}

impl AppAuth {
    /// An app logging in at the pod at `pod_url` as `app_id`, with its RSA
    /// private key in PEM (unencrypted; checked here).
    pub fn rsa(
        pod_url: impl AsRef<str>,
        app_id: impl Into<String>,
        pem: impl AsRef<[u8]>,
    ) -> Result<Self, AuthError> {
        let pod = pod_url.as_ref();
        Ok(AppAuth::with(App {
            key: Some((RsaKey::from_pem(pem.as_ref())?, app_id.into())),
            login: login_url(pod, "login/pubkey/app/authenticate")?,
            by_user_id: login_url(pod, "login/pubkey/app/user")?,
            by_username: login_url(pod, "login/pubkey/app/username")?,
            http: Network::new().login_client()?,
            cache: TokenCache::default(),
        }))
    }

    /// An app logging in at the session authenticator at
    /// `session_auth_url` with the client certificate of `network`.
    pub fn certificate(
        session_auth_url: impl AsRef<str>,
        network: &Network,
    ) -> Result<Self, AuthError> {
        let base = session_auth_url.as_ref();
        Ok(AppAuth::with(App {
            key: None,
            login: login_url(base, "sessionauth/v1/app/authenticate")?,
            by_user_id: login_url(base, "sessionauth/v1/app/user")?,
            by_username: login_url(base, "sessionauth/v1/app/username")?,
            http: certificate_client(network)?,
            cache: TokenCache::default(),
        }))
    }

    fn with(app: App) -> Self {
        AppAuth {
            inner: Arc::new(app),
        }
    }

    /// Logs in through these network settings (a proxy, a private CA; a
    /// certificate app's must hold its client certificate); no redirect is
    /// followed whatever they set. Call it before
    /// `on_behalf_of_…`: the sessions made earlier keep the earlier settings.
    pub fn network(self, network: &Network) -> Result<Self, AuthError> {
        let http = match self.inner.key {
            Some(_) => network.login_client()?,
            None => certificate_client(network)?,
        };
        // A new login client means a new app session: the cache starts empty.
        let app = &self.inner;
        Ok(AppAuth::with(App {
            key: app.key.clone(),
            login: app.login.clone(),
            by_user_id: app.by_user_id.clone(),
            by_username: app.by_username.clone(),
            http,
            cache: TokenCache::default(),
        }))
    }

    /// A session for the user with this id.
    pub fn on_behalf_of_user_id(&self, user_id: i64) -> OboAuth {
        self.on_behalf_of(login_url_for(
            &self.inner.by_user_id,
            &user_id.to_string(),
            "authenticate",
        ))
    }

    /// A session for the user with this username.
    pub fn on_behalf_of_username(&self, username: &str) -> OboAuth {
        self.on_behalf_of(login_url_for(
            &self.inner.by_username,
            username,
            "authenticate",
        ))
    }

    fn on_behalf_of(&self, url: Url) -> OboAuth {
        OboAuth {
            app: self.inner.clone(),
            url,
            cache: TokenCache::default(),
        }
    }

    async fn get(&self, name: &str, want: Want<'_>) -> Result<Secret, CredentialError> {
        match name {
            "sessionToken" => self.inner.session(want).await,
            _ => Err(unknown("AppAuth", name).into()),
        }
    }
}

login_provider!(AppAuth);

impl App {
    /// The app's own session.
    async fn session(&self, want: Want<'_>) -> Result<Secret, CredentialError> {
        self.cache
            .get("sessionToken", want, || async {
                let jwt = match &self.key {
                    Some((key, app_id)) => Some(key.sign(app_id)?),
                    None => None,
                };
                let request = LoginRequest {
                    jwt: jwt.as_ref(),
                    session: None,
                };
                Ok(login(&self.http, &self.login, request).await?)
            })
            .await
    }
}

/// A user's session obtained by an extension app ([`AppAuth`]): the
/// `sessionToken` of a [`Client`](crate::runtime::Client) that acts on behalf of
/// that user. Fetched at the first call, cached, fetched again before a
/// known expiry and after a 401; the tokens never appear in `Debug`,
/// errors or traces.
pub struct OboAuth {
    app: Arc<App>,
    url: Url,
    cache: TokenCache,
}

impl fmt::Debug for OboAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OboAuth")
            .field("login", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

impl OboAuth {
    async fn get(&self, name: &str, want: Want<'_>) -> Result<Secret, CredentialError> {
        if name != "sessionToken" {
            return Err(unknown("OboAuth", name).into());
        }
        self.cache
            .get(name, want, || async {
                let mut app_session = self.app.session(Want::Current).await?;
                let mut refused_once = false;
                loop {
                    let request = LoginRequest {
                        jwt: None,
                        session: Some(&app_session),
                    };
                    match login(&self.app.http, &self.url, request).await {
                        Err(AuthError::Refused { status: 401, .. }) if !refused_once => {
                            // The app session expired: one new one, one more try.
                            refused_once = true;
                            app_session = self.app.session(Want::Replacing(&app_session)).await?;
                        }
                        other => return Ok(other?),
                    }
                }
            })
            .await
    }
}

login_provider!(OboAuth);

fn unknown(provider: &'static str, header: &str) -> AuthError {
    AuthError::UnknownHeader {
        provider,
        gives: "`sessionToken`",
        header: header.to_owned(),
        hint: "",
    }
}

//! Symphony's RSA login for bots as a credential provider: a JWT signed
//! with the service account's private key buys the session and key
//! manager tokens.

use crate::runtime::credentials::Want;
use crate::runtime::login::{login_provider, login_url, BotLogins, RsaKey};
use crate::runtime::{AuthError, CredentialError, Network, Secret};
use std::fmt;

/// Logs in with an RSA key (Symphony's "RSA authentication"): signs a
/// short-lived RS512 JWT (`sub` = the service account's username) and
/// posts it to the pod's `/login/pubkey/authenticate` for the
/// `sessionToken` and, when a key manager is set, to its
/// `/relay/pubkey/authenticate` for the `keyManagerToken`.
///
/// Tokens are fetched at the first call, cached, fetched again before a
/// known expiry and once after a 401; concurrent callers wait for one login.
/// The key and the tokens never appear in `Debug`, errors or traces.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// # use generated_client::{Client, runtime::RsaAuth};
/// let pem = std::fs::read("bot-private-key.pem")?;
/// let auth = RsaAuth::from_pem("https://acme.symphony.com", "my-bot", pem)?
///     .key_manager("https://km.acme.com")?;
/// let client = Client::builder("https://acme.symphony.com", auth).build()?;
/// # let _ = client; Ok(()) }
/// ```
pub struct RsaAuth {
    username: String,
    key: RsaKey,
    logins: BotLogins,
}

impl fmt::Debug for RsaAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("RsaAuth");
        f.field("username", &self.username);
        self.logins.debug(&mut f);
        f.field("key", &"<redacted>").finish()
    }
}

impl RsaAuth {
    /// A provider for the pod at `pod_url` (`https://acme.symphony.com`),
    /// logging in as `username` with an RSA private key in PEM (PKCS#1
    /// `BEGIN RSA PRIVATE KEY` or PKCS#8 `BEGIN PRIVATE KEY`, unencrypted).
    /// The key is checked here by signing a JWT, so a bad key fails now,
    /// not at the first call.
    pub fn from_pem(
        pod_url: impl AsRef<str>,
        username: impl Into<String>,
        pem: impl AsRef<[u8]>,
    ) -> Result<Self, AuthError> {
        Ok(RsaAuth {
            username: username.into(),
            key: RsaKey::from_pem(pem.as_ref())?,
            logins: BotLogins::new(
                login_url(pod_url.as_ref(), "login/pubkey/authenticate")?,
                Network::new().login_client()?,
            ),
        })
    }

    /// Logs in to the key manager at `url` too (encrypted pods), for the
    /// `keyManagerToken`.
    pub fn key_manager(mut self, url: impl AsRef<str>) -> Result<Self, AuthError> {
        self.logins.key_manager = Some(login_url(url.as_ref(), "relay/pubkey/authenticate")?);
        Ok(self)
    }

    /// Logs in for the session token at `url` instead of the pod (a
    /// separate session authenticator).
    pub fn session_auth(mut self, url: impl AsRef<str>) -> Result<Self, AuthError> {
        self.logins.session = login_url(url.as_ref(), "login/pubkey/authenticate")?;
        Ok(self)
    }

    /// Logs in through these network settings (a proxy, a private CA); the
    /// logins follow no redirect whatever they set.
    pub fn network(mut self, network: &Network) -> Result<Self, AuthError> {
        self.logins.http = network.login_client()?;
        Ok(self)
    }

    async fn get(&self, name: &str, want: Want<'_>) -> Result<Secret, CredentialError> {
        self.logins
            .get("RsaAuth", name, want, &|| {
                self.key.sign(&self.username).map(Some)
            })
            .await
    }
}

login_provider!(RsaAuth);

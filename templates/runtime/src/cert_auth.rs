//! Symphony's certificate login for bots as a credential provider: the
//! client certificate presented over mutual TLS buys the session and key
//! manager tokens.

use crate::runtime::credentials::Want;
use crate::runtime::login::{login_provider, login_url, BotLogins};
use crate::runtime::{AuthError, CredentialError, Network, NetworkError, Secret};
use std::fmt;

/// Logs in with a client certificate (Symphony's "certificate
/// authentication"): a POST over mutual TLS to the session authenticator's
/// `/sessionauth/v1/authenticate` gives the `sessionToken`, and one to the
/// key manager's `/keyauth/v1/authenticate` the `keyManagerToken`. The
/// certificate goes in the [`Network`] settings
/// ([`Network::client_certificate_pem`]); those settings (a proxy, a
/// private CA) serve the logins, and usually the [`Client`](crate::runtime::Client)
/// too.
///
/// Like [`RsaAuth`](crate::runtime::RsaAuth): tokens are fetched at the
/// first call, cached, fetched again before a known expiry and once after
/// a 401, one login at a time; the key and the tokens never appear in
/// `Debug`, errors or traces.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// # use generated_client::{Client, runtime::{CertAuth, Network}};
/// let network = Network::new()
///     .client_certificate_pem(std::fs::read("bot.pem")?, std::fs::read("bot-key.pem")?)?;
/// let auth = CertAuth::new("https://acme-api.symphony.com:8444", &network)?
///     .key_manager("https://km.acme.com:8444")?;
/// let client = Client::builder("https://acme.symphony.com", auth)
///     .network(network)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
pub struct CertAuth {
    logins: BotLogins,
}

impl fmt::Debug for CertAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("CertAuth");
        self.logins.debug(&mut f);
        f.finish_non_exhaustive()
    }
}

impl CertAuth {
    /// A provider logging in at the session authenticator at
    /// `session_auth_url` (often the pod's host on port 8444) with the
    /// client certificate of `network`; without one it is refused here.
    pub fn new(session_auth_url: impl AsRef<str>, network: &Network) -> Result<Self, AuthError> {
        Ok(CertAuth {
            logins: BotLogins::new(
                login_url(session_auth_url.as_ref(), "sessionauth/v1/authenticate")?,
                certificate_client(network)?,
            ),
        })
    }

    /// Logs in to the key manager at `url` too (encrypted pods), for the
    /// `keyManagerToken`.
    pub fn key_manager(mut self, url: impl AsRef<str>) -> Result<Self, AuthError> {
        self.logins.key_manager = Some(login_url(url.as_ref(), "keyauth/v1/authenticate")?);
        Ok(self)
    }

    async fn get(&self, name: &str, want: Want<'_>) -> Result<Secret, CredentialError> {
        self.logins.get("CertAuth", name, want, &|| Ok(None)).await
    }
}

login_provider!(CertAuth);

/// The login client of a certificate login: `network`'s, which must
/// present a client certificate.
pub(crate) fn certificate_client(network: &Network) -> Result<reqwest::Client, AuthError> {
    if !network.has_client_certificate() {
        return Err(NetworkError::Identity(
            "a certificate login needs one: set it with `Network::client_certificate_pem`"
                .to_owned(),
        )
        .into());
    }
    Ok(network.login_client()?)
}

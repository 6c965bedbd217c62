//! Symphony's RSA login as a credential provider: a JWT signed with the
//! service account's private key buys the session and key manager tokens.

use crate::runtime::client::{is_loopback, read_bounded};
use crate::runtime::credentials::{Fresh, TokenCache, Want};
use crate::runtime::{ApiErrorBody, CredentialProvider, Secret, TokenFuture};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::Url;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long the signed login JWT is valid: Symphony accepts at most 5 minutes.
const JWT_LIFETIME: Duration = Duration::from_secs(240);

/// The most a login response may weigh.
const MAX_LOGIN_RESPONSE: usize = 64 * 1024;

/// Why an [`RsaAuth`] cannot be built or cannot log in. Never contains the
/// key, the signed JWT or a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The private key is not usable (not PEM, not RSA, encrypted…).
    #[error("the private key is not usable: {0}")]
    Key(String),
    /// A login URL is not usable.
    #[error("`{0}` is not a usable login URL: {1}")]
    Url(String, String),
    /// The login endpoint answered with an error status.
    #[error("login at {url} failed: HTTP {status}{message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
    /// The login endpoint answered 2xx without a token.
    #[error("login at {0} answered without a token")]
    NoToken(String),
    /// The login request got no answer.
    #[error("login at {url} failed: {source}")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    /// The provider was asked for a header it does not give.
    #[error("RSA login gives `sessionToken` and `keyManagerToken`, not `{0}`{1}")]
    UnknownHeader(String, &'static str),
}

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
/// The crate docs show it in use.
pub struct RsaAuth {
    username: String,
    key: EncodingKey,
    session_login: Url,
    key_manager_login: Option<Url>,
    http: reqwest::Client,
    cache: TokenCache,
}

impl fmt::Debug for RsaAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaAuth")
            .field("username", &self.username)
            .field("session_login", &self.session_login.as_str())
            .field(
                "key_manager_login",
                &self.key_manager_login.as_ref().map(Url::as_str),
            )
            .field("key", &"<redacted>")
            .finish()
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
        let key = signing_key(pem.as_ref())?;
        let auth = RsaAuth {
            username: username.into(),
            key,
            session_login: login_url(pod_url.as_ref(), "login/pubkey/authenticate")?,
            key_manager_login: None,
            http: login_client(),
            cache: TokenCache::default(),
        };
        auth.sign()?;
        Ok(auth)
    }

    /// Logs in to the key manager at `url` too (encrypted pods), for the
    /// `keyManagerToken`.
    pub fn key_manager(mut self, url: impl AsRef<str>) -> Result<Self, AuthError> {
        self.key_manager_login = Some(login_url(url.as_ref(), "relay/pubkey/authenticate")?);
        Ok(self)
    }

    /// Logs in for the session token at `url` instead of the pod (a
    /// separate session authenticator).
    pub fn session_auth(mut self, url: impl AsRef<str>) -> Result<Self, AuthError> {
        self.session_login = login_url(url.as_ref(), "login/pubkey/authenticate")?;
        Ok(self)
    }

    /// Uses this reqwest client for logins (proxies, custom roots). Build
    /// it with `reqwest::redirect::Policy::none()`: a login must not be
    /// sent anywhere else.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// The signed login JWT.
    fn sign(&self) -> Result<Secret, AuthError> {
        #[derive(serde::Serialize)]
        struct Claims<'a> {
            sub: &'a str,
            iat: u64,
            exp: u64,
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let claims = Claims {
            sub: &self.username,
            iat: now,
            exp: now.saturating_add(JWT_LIFETIME.as_secs()),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::RS512), &claims, &self.key)
            .map(Secret::new)
            .map_err(|e| AuthError::Key(e.to_string()))
    }

    /// One login: post the JWT, read the token and its expiry.
    async fn login(&self, url: &Url) -> Result<Fresh, AuthError> {
        let jwt = self.sign()?;
        let failed = |source| AuthError::Transport {
            url: url.to_string(),
            source,
        };
        tracing::debug!(%url, "logging in with the RSA key");
        let response = self
            .http
            .post(url.clone())
            .json(&serde_json::json!({ "token": jwt.expose() }))
            .send()
            .await
            .map_err(failed)?;
        let status = response.status();
        let (body, _) = read_bounded(response, MAX_LOGIN_RESPONSE)
            .await
            .map_err(failed)?;
        if !status.is_success() {
            // What the server says, minus anything that echoes the JWT.
            let message = match ApiErrorBody::parse(&body) {
                ApiErrorBody::Error {
                    message: Some(m), ..
                } => format!(": {}", m.replace(jwt.expose(), "<redacted>")),
                _ => String::new(),
            };
            return Err(AuthError::Refused {
                url: url.to_string(),
                status: status.as_u16(),
                message,
            });
        }
        #[derive(serde::Deserialize)]
        struct Answer {
            token: Option<String>,
        }
        let token = serde_json::from_slice::<Answer>(&body)
            .ok()
            .and_then(|a| a.token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| AuthError::NoToken(url.to_string()))?;
        let expires = jwt_expiry(&token);
        Ok(Fresh {
            token: Secret::new(token),
            expires,
        })
    }

    fn get<'a>(&'a self, name: &'a str, want: Want<'a>) -> TokenFuture<'a> {
        Box::pin(async move {
            let url = match name {
                "sessionToken" => &self.session_login,
                "keyManagerToken" => self.key_manager_login.as_ref().ok_or_else(|| {
                    AuthError::UnknownHeader(
                        name.to_owned(),
                        " (set a key manager with `RsaAuth::key_manager`)",
                    )
                })?,
                _ => return Err(AuthError::UnknownHeader(name.to_owned(), "").into()),
            };
            self.cache
                .get(name, want, || async { Ok(self.login(url).await?) })
                .await
        })
    }
}

impl CredentialProvider for RsaAuth {
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

/// The key, refused early when it is not an unencrypted RSA private key.
fn signing_key(pem: &[u8]) -> Result<EncodingKey, AuthError> {
    let text = String::from_utf8_lossy(pem);
    let problem = if text.contains("ENCRYPTED") {
        Some("it is encrypted; decrypt it first (`openssl pkey -in KEY -out PLAIN`)")
    } else if text.contains("PUBLIC KEY") && !text.contains("PRIVATE KEY") {
        Some("it is a public key; the login needs the private key")
    } else if !text.contains("-----BEGIN") {
        Some("it is not PEM (`-----BEGIN RSA PRIVATE KEY-----` or `-----BEGIN PRIVATE KEY-----`)")
    } else {
        None
    };
    if let Some(problem) = problem {
        return Err(AuthError::Key(problem.to_owned()));
    }
    EncodingKey::from_rsa_pem(pem).map_err(|e| AuthError::Key(e.to_string()))
}

/// `base` (scheme and host, maybe a path prefix) joined with `path`; https,
/// or http to this machine only: the JWT is a login.
fn login_url(base: &str, path: &str) -> Result<Url, AuthError> {
    let bad = |why: &str| AuthError::Url(base.to_owned(), why.to_owned());
    let url = Url::parse(&format!("{}/{path}", base.trim_end_matches('/')))
        .map_err(|e| bad(&e.to_string()))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) => Ok(url),
        "http" => Err(bad("it is not https: the login would travel in clear text")),
        other => Err(bad(&format!("the scheme `{other}` is not https"))),
    }
}

/// The client logins use: no redirects (a login goes where it was set to
/// go, nowhere else), bounded time.
fn login_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        ))
        .build()
        .unwrap_or_default()
}

/// When a token that is a JWT expires (its `exp` claim, unverified: it is
/// only used to log in again in time). Opaque tokens have no known expiry.
fn jwt_expiry(token: &str) -> Option<SystemTime> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let exp = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()?
        .get("exp")?
        .as_u64()?;
    UNIX_EPOCH.checked_add(Duration::from_secs(exp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_urls_are_https_or_loopback() {
        assert_eq!(
            login_url("https://acme.symphony.com/", "login/pubkey/authenticate")
                .unwrap()
                .as_str(),
            "https://acme.symphony.com/login/pubkey/authenticate"
        );
        assert!(login_url("http://127.0.0.1:8080", "x").is_ok());
        for bad in ["http://acme.symphony.com", "ftp://acme.com", "not a url"] {
            assert!(login_url(bad, "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn keys_that_cannot_sign_are_named() {
        for (pem, says) in [
            ("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n", "encrypted"),
            ("-----BEGIN PUBLIC KEY-----\nAAAA\n", "public key"),
            ("ssh-rsa AAAA", "not PEM"),
        ] {
            let error = signing_key(pem.as_bytes()).err().expect(pem).to_string();
            assert!(error.contains(says), "{error}");
        }
    }

    #[test]
    fn expiry_is_read_from_jwt_tokens_only() {
        use base64::Engine;
        let payload =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"exp":2000000000}"#);
        assert_eq!(
            jwt_expiry(&format!("e30.{payload}.sig")),
            UNIX_EPOCH.checked_add(Duration::from_secs(2_000_000_000))
        );
        assert_eq!(jwt_expiry("0123456789abcdef"), None);
        assert_eq!(jwt_expiry("a.!!!.c"), None);
    }
    fn token_with(payload: &[u8]) -> String {
        use base64::Engine;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
        format!("e30.{payload}.sig")
    }

    proptest::proptest! {
        // Failures print their input; nothing is written beside the crate.
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..Default::default()
        })]

        /// Any token text a login answers with is read without a panic.
        #[test]
        fn any_token_is_read_without_panic(token in proptest::collection::vec(proptest::char::any(), 0..64)) {
            let token: String = token.into_iter().collect();
            let _ = jwt_expiry(&token);
        }

        /// Any payload bytes, JSON or not, are read without a panic.
        #[test]
        fn any_payload_is_read_without_panic(payload in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let _ = jwt_expiry(&token_with(&payload));
        }

        /// An `exp` of any whole number of seconds is that instant when the
        /// clock can hold it; negative, fractional or huge ones are no expiry.
        #[test]
        fn exp_of_any_size_is_that_instant_or_none(exp: u64, negative: i64, fraction: f64) {
            if let Some(at) = jwt_expiry(&token_with(format!(r#"{{"exp":{exp}}}"#).as_bytes())) {
                proptest::prop_assert_eq!(at.duration_since(UNIX_EPOCH).unwrap().as_secs(), exp);
            }
            let negative = negative.min(-1);
            proptest::prop_assert_eq!(jwt_expiry(&token_with(format!(r#"{{"exp":{negative}}}"#).as_bytes())), None);
            if fraction.is_finite() && fraction.fract() != 0.0 {
                let text = serde_json::json!({ "exp": fraction }).to_string();
                proptest::prop_assert_eq!(jwt_expiry(&token_with(text.as_bytes())), None);
            }
        }
    }
}

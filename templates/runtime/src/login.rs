//! What every Symphony login shares: its errors, its URLs, the signed RSA
//! JWT, one bounded POST that answers a token, and the token's expiry.

use crate::runtime::client::{is_loopback, read_bounded};
use crate::runtime::credentials::{Fresh, TokenCache, Want};
use crate::runtime::{ApiErrorBody, CredentialError, NetworkError, Secret};
use base64::Engine as _;
use reqwest::Url;
use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::PrivateKeyDer;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long the signed login JWT is valid: Symphony accepts at most 5 minutes.
const JWT_LIFETIME: Duration = Duration::from_secs(240);

/// The most a login response may weigh.
const MAX_LOGIN_RESPONSE: usize = 64 * 1024;

/// Why a login provider ([`RsaAuth`](crate::runtime::RsaAuth),
/// [`CertAuth`](crate::runtime::CertAuth), [`AppAuth`](crate::runtime::AppAuth),
/// [`OboAuth`](crate::runtime::OboAuth)) cannot be built or cannot log in.
/// Never contains a key, a signed JWT, a password or a token.
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
    #[error("{provider} gives {gives}, not `{header}`{hint}")]
    UnknownHeader {
        provider: &'static str,
        gives: &'static str,
        header: String,
        hint: &'static str,
    },
    /// The network settings cannot be used (or a certificate login has no
    /// client certificate).
    #[error(transparent)]
    Network(#[from] NetworkError),
}

/// `base` (scheme and host, maybe a port and a path prefix) joined with
/// `path`; https, or http to this machine only: what is posted is a login.
pub(crate) fn login_url(base: &str, path: &str) -> Result<Url, AuthError> {
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

/// `base` joined with `path` and then one more segment, percent-encoded
/// as a segment (a username may hold `/`).
pub(crate) fn login_url_for(base: &Url, segment: &str, after: &str) -> Url {
    let mut url = base.clone();
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().push(segment).push(after);
    }
    url
}

/// An RSA private key that signs login JWTs (RS512), loaded and used by
/// the crypto provider TLS uses: one crypto library for both, and with the
/// `fips` feature (or a FIPS provider the process installed) a
/// FIPS-validated one.
#[derive(Clone)]
pub(crate) struct RsaKey(Arc<dyn rustls::sign::SigningKey>);

impl RsaKey {
    /// The key, refused early when it is not an unencrypted RSA private
    /// key or cannot sign.
    pub(crate) fn from_pem(pem: &[u8]) -> Result<Self, AuthError> {
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
        let bad = |why: String| AuthError::Key(why);
        let not_rsa =
            || bad("it is not an RSA key (an EC key?); the login signs with RSA".to_owned());
        let der = PrivateKeyDer::from_pem_slice(pem)
            .map_err(|e| bad(format!("no private key in the PEM ({e})")))?;
        if !matches!(der, PrivateKeyDer::Pkcs1(_) | PrivateKeyDer::Pkcs8(_)) {
            return Err(not_rsa());
        }
        let provider = crate::runtime::network::crypto_provider().map_err(AuthError::Key)?;
        let signing = provider.key_provider.load_private_key(der).map_err(|e| {
            bad(format!(
                "it is not a usable RSA private key of 2048 to 8192 bits ({e})"
            ))
        })?;
        if signing.algorithm() != rustls::SignatureAlgorithm::RSA {
            return Err(not_rsa());
        }
        let key = RsaKey(signing);
        key.sign("check")?;
        Ok(key)
    }

    /// A short-lived RS512 JWT whose subject is `sub` (a username or an app id).
    pub(crate) fn sign(&self, sub: &str) -> Result<Secret, AuthError> {
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
            sub,
            iat: now,
            exp: now.saturating_add(JWT_LIFETIME.as_secs()),
        };
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let claims = serde_json::to_vec(&claims).map_err(|e| AuthError::Key(e.to_string()))?;
        let mut jwt = format!(
            "{}.{}",
            b64(br#"{"alg":"RS512","typ":"JWT"}"#),
            b64(&claims)
        );
        let signer = self
            .0
            .choose_scheme(&[rustls::SignatureScheme::RSA_PKCS1_SHA512])
            .ok_or_else(|| AuthError::Key("the key cannot sign RS512".to_owned()))?;
        let signature = signer
            .sign(jwt.as_bytes())
            .map_err(|e| AuthError::Key(format!("the key cannot sign ({e})")))?;
        jwt.push('.');
        jwt.push_str(&b64(&signature));
        Ok(Secret::new(jwt))
    }
}

/// What one login posts: a signed JWT as `{"token": …}`, nothing (a
/// certificate login), and maybe a session header (on-behalf-of logins).
pub(crate) struct LoginRequest<'a> {
    pub(crate) jwt: Option<&'a Secret>,
    pub(crate) session: Option<&'a Secret>,
}

/// One login: post, read a bounded answer, take its token (`token` or
/// `sessionToken`) and when it expires. Nothing posted is ever echoed
/// into the error.
pub(crate) async fn login(
    http: &reqwest::Client,
    url: &Url,
    request: LoginRequest<'_>,
) -> Result<Fresh, AuthError> {
    let failed = |source| AuthError::Transport {
        url: url.to_string(),
        source,
    };
    tracing::debug!(%url, "logging in");
    let mut builder = http.post(url.clone());
    builder = match request.jwt {
        Some(jwt) => builder.json(&serde_json::json!({ "token": jwt.expose() })),
        None => builder.body(Vec::new()),
    };
    if let Some(session) = request.session {
        let mut value = reqwest::header::HeaderValue::from_str(session.expose()).map_err(|_| {
            AuthError::NoToken(format!(
                "{url} (the app's session token is not a header value)"
            ))
        })?;
        value.set_sensitive(true);
        builder = builder.header("sessionToken", value);
    }
    let response = builder.send().await.map_err(failed)?;
    let status = response.status();
    let (body, _) = read_bounded(response, MAX_LOGIN_RESPONSE)
        .await
        .map_err(failed)?;
    if !status.is_success() {
        let mut message = match ApiErrorBody::parse(&body) {
            ApiErrorBody::Error {
                message: Some(m), ..
            } => format!(": {m}"),
            _ => String::new(),
        };
        for secret in [request.jwt, request.session].into_iter().flatten() {
            message = message.replace(secret.expose(), "<redacted>");
        }
        return Err(AuthError::Refused {
            url: url.to_string(),
            status: status.as_u16(),
            message,
        });
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Answer {
        token: Option<String>,
        session_token: Option<String>,
        expire_at: Option<serde_json::Value>,
    }
    let answer = serde_json::from_slice::<Answer>(&body).ok();
    let expire_at = answer
        .as_ref()
        .and_then(|a| a.expire_at.as_ref())
        .and_then(serde_json::Value::as_u64)
        .and_then(|ms| UNIX_EPOCH.checked_add(Duration::from_millis(ms)));
    let token = answer
        .and_then(|a| a.token.or(a.session_token))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| AuthError::NoToken(url.to_string()))?;
    let expires = jwt_expiry(&token).or(expire_at);
    Ok(Fresh {
        token: Secret::new(token),
        expires,
    })
}

/// A bot's two logins, for the `sessionToken` and (on an encrypted pod)
/// the `keyManagerToken`, with the cache that makes them one at a time.
pub(crate) struct BotLogins {
    pub(crate) session: Url,
    pub(crate) key_manager: Option<Url>,
    pub(crate) http: reqwest::Client,
    cache: TokenCache,
}

impl BotLogins {
    pub(crate) fn new(session: Url, http: reqwest::Client) -> Self {
        BotLogins {
            session,
            key_manager: None,
            http,
            cache: TokenCache::default(),
        }
    }

    /// The token `name`, logging in at its URL with the JWT `sign` makes
    /// (none for a certificate login) when the cache has none. `sign` is a
    /// `dyn` reference, so this login is compiled once for every provider.
    pub(crate) async fn get(
        &self,
        provider: &'static str,
        name: &str,
        want: Want<'_>,
        sign: &(dyn Fn() -> Result<Option<Secret>, AuthError> + Sync),
    ) -> Result<Secret, CredentialError> {
        let unknown = |hint| AuthError::UnknownHeader {
            provider,
            gives: "`sessionToken` and `keyManagerToken`",
            header: name.to_owned(),
            hint,
        };
        let url = match name {
            "sessionToken" => &self.session,
            "keyManagerToken" => self
                .key_manager
                .as_ref()
                .ok_or_else(|| unknown(" (set one with `key_manager`)"))?,
            _ => return Err(unknown("").into()),
        };
        self.cache
            .get(name, want, || async {
                let jwt = sign()?;
                let request = LoginRequest {
                    jwt: jwt.as_ref(),
                    session: None,
                };
                Ok(login(&self.http, url, request).await?)
            })
            .await
    }

    /// The URLs, for `Debug`.
    pub(crate) fn debug(&self, f: &mut std::fmt::DebugStruct<'_, '_>) {
        f.field("session_login", &self.session.as_str()).field(
            "key_manager_login",
            &self.key_manager.as_ref().map(Url::as_str),
        );
    }
}

/// When a token that is a JWT expires (its `exp` claim, unverified: it is
/// only used to log in again in time). Opaque tokens have no known expiry.
pub(crate) fn jwt_expiry(token: &str) -> Option<SystemTime> {
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

/// The [`CredentialProvider`](crate::runtime::CredentialProvider) of a
/// login provider whose `get(name, want)` fetches through its cache.
macro_rules! login_provider {
    ($provider:ty) => {
        impl crate::runtime::CredentialProvider for $provider {
            fn token<'a>(&'a self, name: &'a str) -> crate::runtime::TokenFuture<'a> {
                Box::pin(self.get(name, crate::runtime::credentials::Want::Current))
            }

            fn refresh<'a>(&'a self, name: &'a str) -> crate::runtime::TokenFuture<'a> {
                Box::pin(self.get(name, crate::runtime::credentials::Want::New))
            }

            fn refresh_rejected<'a>(
                &'a self,
                name: &'a str,
                rejected: &'a crate::runtime::Secret,
            ) -> crate::runtime::TokenFuture<'a> {
                Box::pin(self.get(name, crate::runtime::credentials::Want::Replacing(rejected)))
            }
        }
    };
}
pub(crate) use login_provider;

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
            let error = RsaKey::from_pem(pem.as_bytes())
                .err()
                .expect(pem)
                .to_string();
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

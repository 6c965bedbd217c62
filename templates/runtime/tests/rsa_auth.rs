//! RSA login (`RsaAuth`) against a local login server that verifies the
//! JWT's RS512 signature with the public key and checks its claims:
//! login, key formats, one login for many callers, refresh after 401 and
//! before expiry, and no key, JWT or token in `Debug`, errors or traces.
//! (The keys below were made for this test with `openssl genrsa` and guard
//! nothing.)

use generated_client::{AuthError, Client, CredentialProvider, Error, RetryPolicy, RsaAuth};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod common;
use common::keys::{KEY_PKCS1, KEY_PKCS8, OTHER_KEY, PUBLIC};
use common::Logs;

const USER: &str = "pod-bot";

/// A login endpoint as Symphony runs it: verifies the JWT with the public
/// key (RS512, `sub` = the user, `exp` at most 5 minutes ahead), answers
/// `{"token": "<prefix>-<n>"}`, counts logins and keeps every JWT it saw.
#[derive(Clone)]
struct LoginServer {
    prefix: &'static str,
    logins: Arc<AtomicUsize>,
    jwts: Arc<Mutex<Vec<String>>>,
    /// Seconds of validity written into JWT-shaped tokens; `None` gives
    /// opaque tokens.
    token_lifetime: Option<u64>,
}

impl LoginServer {
    fn new(prefix: &'static str) -> Self {
        LoginServer {
            prefix,
            logins: Arc::default(),
            jwts: Arc::default(),
            token_lifetime: None,
        }
    }

    fn logins(&self) -> usize {
        self.logins.load(Ordering::SeqCst)
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

impl Respond for LoginServer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let Ok(body) = serde_json::from_slice::<serde_json::Value>(&request.body) else {
            return ResponseTemplate::new(400);
        };
        let jwt = body["token"].as_str().unwrap_or_default().to_owned();
        self.jwts.lock().unwrap().push(jwt.clone());
        let refused = |why: String| {
            ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "code": 401,
                "message": format!("{why} in {jwt}"),
            }))
        };
        let claims = match common::jwt::verify_rs512(&jwt, PUBLIC) {
            Ok(claims) => claims,
            Err(e) => return refused(format!("bad JWT: {e}")),
        };
        if claims["sub"] != USER {
            return refused(format!("unknown user {}", claims["sub"]));
        }
        if claims["exp"].as_u64().unwrap_or(u64::MAX) > now() + 300 {
            return refused("exp more than 5 minutes ahead".to_owned());
        }
        let n = self.logins.fetch_add(1, Ordering::SeqCst) + 1;
        let token = match self.token_lifetime {
            None => format!("{}-{n}", self.prefix),
            Some(lifetime) => {
                use base64::Engine;
                let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
                let payload = serde_json::json!({ "exp": now() + lifetime, "n": n }).to_string();
                format!("e30.{}.{}-{n}", b64.encode(payload), self.prefix)
            }
        };
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "token": token,
            "name": "sessionToken",
        }))
    }
}

/// A pod with a login endpoint and `GET {base}/v2/sessioninfo`, which
/// answers 200 to the tokens in `accepted` and 401 to any other.
async fn pod(login: &LoginServer, accepted: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login/pubkey/authenticate"))
        .respond_with(login.clone())
        .mount(&server)
        .await;
    let info = format!("{}/v2/sessioninfo", generated_client::client::BASE_PATH);
    for token in accepted {
        Mock::given(method("GET"))
            .and(path(info.as_str()))
            .and(header("sessionToken", *token))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": 7 })))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(info.as_str()))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({ "code": 401, "message": "expired" })),
        )
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, auth: RsaAuth) -> Client {
    Client::builder(server.uri(), auth)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn logs_in_with_a_pkcs1_or_pkcs8_key_and_calls_with_the_session_token() {
    for key in [KEY_PKCS1, KEY_PKCS8] {
        let login = LoginServer::new("session");
        let server = pod(&login, &["session-1"]).await;
        let auth = RsaAuth::from_pem(server.uri(), USER, key).unwrap();
        let client = client(&server, auth);
        assert_eq!(login.logins(), 0, "no login before the first call");
        let info = client.v2_sessioninfo_get().send().await.unwrap();
        assert_eq!(info.id, Some(7));
        client.v2_sessioninfo_get().send().await.unwrap();
        assert_eq!(login.logins(), 1, "the token is cached");
    }
}

#[tokio::test]
async fn the_key_manager_token_comes_from_the_key_manager() {
    let login = LoginServer::new("session");
    let server = pod(&login, &[]).await;
    let relay = LoginServer::new("km");
    let key_manager = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/relay/pubkey/authenticate"))
        .respond_with(relay.clone())
        .mount(&key_manager)
        .await;
    let auth = RsaAuth::from_pem(server.uri(), USER, KEY_PKCS8)
        .unwrap()
        .key_manager(key_manager.uri())
        .unwrap();
    assert_eq!(
        auth.token("keyManagerToken").await.unwrap().expose(),
        "km-1"
    );
    assert_eq!(
        auth.token("sessionToken").await.unwrap().expose(),
        "session-1"
    );
    assert_eq!((login.logins(), relay.logins()), (1, 1));
    // Without a key manager, asking for its token says what to set.
    let bare = RsaAuth::from_pem(server.uri(), USER, KEY_PKCS8).unwrap();
    let error = bare.token("keyManagerToken").await.unwrap_err().to_string();
    assert!(error.contains("key_manager"), "{error}");
}

#[tokio::test]
async fn many_callers_meeting_a_401_cause_one_login() {
    let login = LoginServer::new("session");
    // The first token is refused (expired on the pod); the second works.
    let server = pod(&login, &["session-2"]).await;
    let client = client(
        &server,
        RsaAuth::from_pem(server.uri(), USER, KEY_PKCS1).unwrap(),
    );
    let calls = (0..24).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.v2_sessioninfo_get().send().await.map(|_| ()) })
    });
    for call in futures_util::future::join_all(calls).await {
        call.unwrap().unwrap();
    }
    assert_eq!(
        login.logins(),
        2,
        "one first login, one refresh, for 24 callers"
    );
}

#[tokio::test]
async fn a_token_that_is_about_to_expire_is_replaced_before_the_call() {
    for (lifetime, logins) in [(10, 2), (3600, 1)] {
        let login = LoginServer {
            token_lifetime: Some(lifetime),
            ..LoginServer::new("jwt")
        };
        let server = MockServer::start().await;
        Mock::given(path("/login/pubkey/authenticate"))
            .respond_with(login.clone())
            .mount(&server)
            .await;
        let auth = RsaAuth::from_pem(server.uri(), USER, KEY_PKCS1).unwrap();
        auth.token("sessionToken").await.unwrap();
        auth.token("sessionToken").await.unwrap();
        assert_eq!(login.logins(), logins, "a token valid for {lifetime} s");
    }
}

#[test]
fn a_bad_key_fails_at_construction() {
    let truncated = &KEY_PKCS1[..KEY_PKCS1.len() / 2];
    let ec_pkcs8 = rcgen::KeyPair::generate().unwrap().serialize_pem();
    for (key, says) in [
        ("", "not PEM"),
        ("hello", "not PEM"),
        (PUBLIC, "public key"),
        (truncated, "not usable"),
        (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n",
            "encrypted",
        ),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
            "not usable",
        ),
        // PKCS#8 holding an EC key: the crypto provider loads it, and it is
        // refused as not RSA.
        (ec_pkcs8.as_str(), "not an RSA key"),
    ] {
        match RsaAuth::from_pem("https://acme.symphony.com", USER, key) {
            Err(e @ AuthError::Key(_)) => assert!(e.to_string().contains(says), "{key:?}: {e}"),
            other => panic!("{key:?}: {other:?}"),
        }
    }
    let insecure = RsaAuth::from_pem("http://acme.symphony.com", USER, KEY_PKCS1);
    assert!(matches!(insecure, Err(AuthError::Url(..))), "{insecure:?}");
}

#[tokio::test]
async fn a_refused_login_is_a_credentials_error_and_nothing_secret_shows() {
    let login = LoginServer::new("session");
    let server = pod(&login, &["session-1"]).await;
    let logs = Logs::default();
    let _guard = logs.capture_trace();

    // A key the server does not know: the login is refused.
    let wrong = RsaAuth::from_pem(server.uri(), USER, OTHER_KEY).unwrap();
    let wrong_client = client(&server, wrong);
    let error = wrong_client.v2_sessioninfo_get().send().await.unwrap_err();
    assert!(matches!(error, Error::Credentials { .. }), "{error:?}");
    let chain = format!(
        "{error} {error:?} {}",
        std::error::Error::source(&error).unwrap()
    );
    assert!(chain.contains("401"), "{chain}");

    // The right key: a login and a call, all traced.
    let auth = RsaAuth::from_pem(server.uri(), USER, KEY_PKCS1).unwrap();
    let shown = format!("{auth:?}");
    let good = client(&server, auth);
    good.v2_sessioninfo_get().send().await.unwrap();

    let jwts = login.jwts.lock().unwrap().clone();
    assert_eq!(jwts.len(), 2, "both logins reached the server");
    let seen = format!("{chain} {shown} {good:?} {wrong_client:?} {}", logs.text());
    assert!(
        seen.contains("pubkey/authenticate"),
        "the login is traced: {seen}"
    );
    let key_lines = [KEY_PKCS1, KEY_PKCS8, OTHER_KEY].iter().flat_map(|k| {
        k.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<Vec<_>>()
    });
    let jwt_parts = jwts
        .iter()
        .flat_map(|j| j.split('.').skip(1).collect::<Vec<_>>());
    for secret in key_lines.chain(jwt_parts).chain(["session-1"]) {
        assert!(!seen.contains(secret), "{secret:?} leaked: {seen}");
    }
}

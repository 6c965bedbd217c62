//! RSA login (`RsaAuth`) against a local login server that verifies the
//! JWT's RS512 signature with the public key and checks its claims:
//! login, key formats, one login for many callers, refresh after 401 and
//! before expiry, and no key, JWT or token in `Debug`, errors or traces.
//! (The keys below were made for this test with `openssl genrsa` and guard
//! nothing.)

use generated_client::{AuthError, Client, CredentialProvider, Error, RetryPolicy, RsaAuth};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod common;
use common::Logs;

const USER: &str = "pod-bot";

/// The test key, PKCS#1.
const KEY_PKCS1: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEApOm6a9RrRQnX0nPUcaG6k8uqnr+Yzf/GedQ9yGD3gejSWhjt
msutXhVdtS6GDtsVKLW0SweWb2zQerGxDW4K+zzFdHPNmGHihjdwP6lHXdFl3RJ+
gMpFbIZ2WAv5/QF6yKrdwxYmgtI33RjrX3rbCivTV23JKw+Vq5pmM1C5camPFD9v
419sCrVcs00qYWvwwH89V9O76fRFabWiD4Olck9ztgxVLGLNfLpLZzZQxmFwCAWI
f+XBVJQP+c29bRYleAca/tWw/9nxTqr5yOvSZAo/sI750smgwsTtFzcV8cY4zj1C
XZMWBrOtiolAS79Wk0SIC4cuNzx3fcXhBD3s8QIDAQABAoIBAAcXtNB2qzLlzpoS
6H4HH0XEPoczlRQ2BhCfDdWwgvCbxXFBzXVJAYCwgU5drP8WUdGFiBaqgcAy0UAX
pJZf51nBFjpxERR20EXmvD2Gr6azrvJ8PUPXfzcgzNXyVOr6XXAkNiOx8A/UD/pC
vDvH5kQImL8zvfFLyyt9WVwnYoRmfW9oNAFo2sZvP0axaeLwFwKdTg0cHFmbMOmb
ZMXlxd8BL5udlPwK0cCjQUWopEDJTFZ8RplXu4PQ6Zj5DYZBObqZau/Pkc3n1jF/
nuLxCC8aMESLZ/a9joe9B2H0ReJ4n8ZC57goiho2lTZDzkuSXvfN4g+zACnrZzmG
wefFVsECgYEA0J0RKpGR4INRsBfbqmRmBHgg2AHQ3sgdlEGUaJK1+yKKOCT/KfFF
Siz82KFXXaTgWKm66tQgqsxU6NpnqTQaCgMeGTApd4GAMe2BYabf241bbDpEhqcQ
twmSkn+F9wpKZrkIowtz8iZDdNXwVoAaorhVkSs9FKZYNiBlQD5e8xECgYEAyl92
h5DTN1TAsYF8AXMKT1qEL7wPeCZXkfcugdY3QiIr4HQkA3Mr+QBKaoEf6Jcmu38R
msPjQTFM3SJEza5LwBpspHbm118SSzf9kPPEiseG3R0br5b77Z0JJ20GOftW4NFy
ERtO7JZMJfbLnEyfJbXeL3awZ0A18z1Lm72vm+ECgYAmmupyVj4IrkSPsdqUzb+T
VCe/0ZY1pBLVPM2aDIxgzSOHAFG4EU4hS/H+pNzmF3zs63wLuPXSpb2Q2doVFe87
qxgG0ULbOrvegXVP/PGwT5h7jszfnksZlEvrkG3aKa1bFSLkCVqLlUkmdfDkERDc
zAAJvVawW5g3bAdQvDoWAQKBgFCr/2cJL3mWGn5oHJPDVS/O6HTS5ePCfRQd0fdF
+p8tWgpOofCSH8xR9lhAgwTIBFOn0s+8GMJrMbXRLFZFjcLVhcuF7n2aU4OSnU0E
L6wW38cTDG9Ro7nT6MtDpcDFVZunQm5ZUXv0agSUPhRfYu24cwq+qJFwQlFldNdv
pSphAoGBAL78HxN0H9wYxUlpSMGLmaKBm6RQk4kT7smyKLckIUH0ihxX/bi/09FX
/oZXUwwOD1Z2hpMVfSIDokGQ3CoWBqo0oR/TqjabHho2W24Bz0PnGzySzbq1IQIZ
WXG/NvrINzCnGHwmDCoFCSLAHdtiQsS10YZj3wYjuJsTtWlrwZjQ
-----END RSA PRIVATE KEY-----
";
/// The same key, PKCS#8.
const KEY_PKCS8: &str = "-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCk6bpr1GtFCdfS
c9RxobqTy6qev5jN/8Z51D3IYPeB6NJaGO2ay61eFV21LoYO2xUotbRLB5ZvbNB6
sbENbgr7PMV0c82YYeKGN3A/qUdd0WXdEn6AykVshnZYC/n9AXrIqt3DFiaC0jfd
GOtfetsKK9NXbckrD5WrmmYzULlxqY8UP2/jX2wKtVyzTSpha/DAfz1X07vp9EVp
taIPg6VyT3O2DFUsYs18uktnNlDGYXAIBYh/5cFUlA/5zb1tFiV4Bxr+1bD/2fFO
qvnI69JkCj+wjvnSyaDCxO0XNxXxxjjOPUJdkxYGs62KiUBLv1aTRIgLhy43PHd9
xeEEPezxAgMBAAECggEABxe00HarMuXOmhLofgcfRcQ+hzOVFDYGEJ8N1bCC8JvF
cUHNdUkBgLCBTl2s/xZR0YWIFqqBwDLRQBekll/nWcEWOnERFHbQRea8PYavprOu
8nw9Q9d/NyDM1fJU6vpdcCQ2I7HwD9QP+kK8O8fmRAiYvzO98UvLK31ZXCdihGZ9
b2g0AWjaxm8/RrFp4vAXAp1ODRwcWZsw6ZtkxeXF3wEvm52U/ArRwKNBRaikQMlM
VnxGmVe7g9DpmPkNhkE5uplq78+RzefWMX+e4vEILxowRItn9r2Oh70HYfRF4nif
xkLnuCiKGjaVNkPOS5Je983iD7MAKetnOYbB58VWwQKBgQDQnREqkZHgg1GwF9uq
ZGYEeCDYAdDeyB2UQZRokrX7Ioo4JP8p8UVKLPzYoVddpOBYqbrq1CCqzFTo2mep
NBoKAx4ZMCl3gYAx7YFhpt/bjVtsOkSGpxC3CZKSf4X3CkpmuQijC3PyJkN01fBW
gBqiuFWRKz0Uplg2IGVAPl7zEQKBgQDKX3aHkNM3VMCxgXwBcwpPWoQvvA94JleR
9y6B1jdCIivgdCQDcyv5AEpqgR/olya7fxGaw+NBMUzdIkTNrkvAGmykdubXXxJL
N/2Q88SKx4bdHRuvlvvtnQknbQY5+1bg0XIRG07slkwl9sucTJ8ltd4vdrBnQDXz
PUubva+b4QKBgCaa6nJWPgiuRI+x2pTNv5NUJ7/RljWkEtU8zZoMjGDNI4cAUbgR
TiFL8f6k3OYXfOzrfAu49dKlvZDZ2hUV7zurGAbRQts6u96BdU/88bBPmHuOzN+e
SxmUS+uQbdoprVsVIuQJWouVSSZ18OQRENzMAAm9VrBbmDdsB1C8OhYBAoGAUKv/
ZwkveZYafmgck8NVL87odNLl48J9FB3R90X6ny1aCk6h8JIfzFH2WECDBMgEU6fS
z7wYwmsxtdEsVkWNwtWFy4XufZpTg5KdTQQvrBbfxxMMb1GjudPoy0OlwMVVm6dC
bllRe/RqBJQ+FF9i7bhzCr6okXBCUWV012+lKmECgYEAvvwfE3Qf3BjFSWlIwYuZ
ooGbpFCTiRPuybIotyQhQfSKHFf9uL/T0Vf+hldTDA4PVnaGkxV9IgOiQZDcKhYG
qjShH9OqNpseGjZbbgHPQ+cbPJLNurUhAhlZcb82+sg3MKcYfCYMKgUJIsAd22JC
xLXRhmPfBiO4mxO1aWvBmNA=
-----END PRIVATE KEY-----
";
/// Its public half, which the login server holds.
const PUBLIC: &str = "-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApOm6a9RrRQnX0nPUcaG6
k8uqnr+Yzf/GedQ9yGD3gejSWhjtmsutXhVdtS6GDtsVKLW0SweWb2zQerGxDW4K
+zzFdHPNmGHihjdwP6lHXdFl3RJ+gMpFbIZ2WAv5/QF6yKrdwxYmgtI33RjrX3rb
CivTV23JKw+Vq5pmM1C5camPFD9v419sCrVcs00qYWvwwH89V9O76fRFabWiD4Ol
ck9ztgxVLGLNfLpLZzZQxmFwCAWIf+XBVJQP+c29bRYleAca/tWw/9nxTqr5yOvS
ZAo/sI750smgwsTtFzcV8cY4zj1CXZMWBrOtiolAS79Wk0SIC4cuNzx3fcXhBD3s
8QIDAQAB
-----END PUBLIC KEY-----
";
/// Another key, which the login server does not know.
const OTHER_KEY: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEAonqtxlJKETmgKuIlwY0FjAp9zXazFqK9dFbXLqAtFx9YXtTc
5nWjfUXc7B3cPyHtMlWIFx/ow2wkdcICqxwJAltZTLCNHe1icOcUfG8a3bCzlgpR
BiEHvu/q7534W6ktvgXitbKMTjWPIEx+bM9JXmGSGRSMTtxshxHrx6F/pITig+1k
8Qbm9bqj65ByunSwf5Tx2IyutFZPwNtqCikfc4l+5hoZgfsWKERV6/pel2l8Isf5
y0AFJmR7wxP3bzwdgBXl8PlRRKHDBhjzlS6Uh1VgnWlyJqtYBJo5gQGWubeulH0x
YG8O1l2Cm24NBpKfUtuEzwmHk+ltTKJbRMdzvQIDAQABAoIBAAHMnX2HfkH8EyG+
cOAYlXHkUNnUYW3T/giaiJX/2Jf7tSERtuOHdHjH7AciWoTJdaS7zT7CT/PQEARM
0nY+IHxp8g53Gwz0isVIzdGF8nR3hzmXYifQ+FK9OesO4wfy0uqaipTsBgE8txnK
txCx5/RXXMSR1W7vInWJdYS3rV/vQ0ELbeRMgvJ9SgLEe6KhlchEmCyV6y18EQab
aCX5xoynBK3EUXIhjHjG5SDWeLOqTkCUqRnD5lrKHB6VZNriJEb8YrkXFSAeoOtT
NwXACaOCsQUYm35d8InfJnPUZx8FNwLhmrQj3j4EqYek6UEHQGOU3TrTIAmZSc3Y
xjELrvkCgYEA3rkh/04QeS3FPEE4o4Uz9BZmGEhExsYVMUlO5JhTNE/0CG5oTe47
vz10v4yKvMJwJW54N43J1+XA2bjo1t5ZBh6OJmGs7VUn+kdGgt8DRPOqT20O4PB4
+10QX8dQ3umLQvm+PJr3gtf7vpGV3t92YIKUa516gtJQTJMRbavlpekCgYEAusFL
SYNtNwSibFG4OsDFe//vHN+GsFH+RXi4FSON83QpJLU/m/mw10mRc16bcin7ODuH
hAIGZ5Be4Y14fJ7/bhwSTQQ2LhJOpe3G8R7pTLzpDNrFEAe/OeNZaTV24t/XC+Pl
/fHMbAXStp1PWofvY3gXi5cy03hgz+Zsq7LaNrUCgYAu3ihwUB4ZUe9iWZswldQz
9g6v521Jot9Mys9mPUOtC3If4BPk6k/6U1VhBZMgW4474j47+oNSAlANwOKGbK2x
Ivbozr8UBkpuWVdWLNXESb46DooF/bSHuLK8ZPX4oo6inmlQ2Y9iIk8gcARorP99
GZ1f8/iW1Oj+5CfTu0uNGQKBgQC1/BwYY+juXybDtRJ4tlb7EZh5o1xFv3CvVAbW
GpJ+NajOK4zzumpYMEl7iiqiIkS7NE9HFQ4Wp3m+A7Twg6PXMaWnxT3iwVZAnSdq
2btwWvoi26CCkXoHuALt4fqa9JNC8+6v+otAjKAb8cldJ+/gFyuijFEr/zcgAKPO
4PeBrQKBgQC7gQijdTV1OSyr2N2EJjZDzi3VK6rTUF65Hbi9ysCQb1wH0nTtBKRk
gz2Ra62dOPt6bWOssRwAu4v8Zc9mk3YkOH08f3ybaxdl+fW0K5MBHWEkOu91vgNL
i+9uoijbANAPteHXTXddPkc4PbLCKmNz2BL0Yre4KODmgoY6lZxlGg==
-----END RSA PRIVATE KEY-----
";

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
        #[derive(serde::Deserialize)]
        struct Claims {
            sub: String,
            exp: u64,
        }
        let Ok(body) = serde_json::from_slice::<serde_json::Value>(&request.body) else {
            return ResponseTemplate::new(400);
        };
        let jwt = body["token"].as_str().unwrap_or_default().to_owned();
        self.jwts.lock().unwrap().push(jwt.clone());
        let key = DecodingKey::from_rsa_pem(PUBLIC.as_bytes()).unwrap();
        let mut validation = Validation::new(Algorithm::RS512);
        validation.set_required_spec_claims(&["exp", "sub"]);
        validation.leeway = 0;
        let refused = |why: String| {
            ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "code": 401,
                "message": format!("{why} in {jwt}"),
            }))
        };
        let claims = match jsonwebtoken::decode::<Claims>(&jwt, &key, &validation) {
            Ok(data) => data.claims,
            Err(e) => return refused(format!("bad JWT: {e}")),
        };
        if claims.sub != USER {
            return refused(format!("unknown user {}", claims.sub));
        }
        if claims.exp > now() + 300 {
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

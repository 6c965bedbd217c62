//! Extension apps and on-behalf-of sessions, offline: an app logs in with
//! its RSA key (a login server verifies the JWT and its subject) or its
//! certificate (mutual TLS with a private CA), then obtains sessions for
//! users by id and by username; a user's `Client` calls with that user's
//! session, and a refused app session is renewed once.

use generated_client::{AppAuth, Client, CredentialProvider, Network, RetryPolicy};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

mod common;
use common::keys::{KEY_PKCS8, PUBLIC};
use common::net::{https_server, Ca};
use common::Logs;

const APP_ID: &str = "acme-app";

/// The app login: verifies the RS512 JWT with the app's public key and
/// that its subject is the app id; answers `app-<n>`.
#[derive(Clone, Default)]
struct AppLogin {
    logins: Arc<AtomicUsize>,
}

impl Respond for AppLogin {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap_or_default();
        let jwt = body["token"].as_str().unwrap_or_default();
        match common::jwt::verify_rs512(jwt, PUBLIC) {
            Ok(claims) if claims["sub"] == APP_ID => {
                let n = self.logins.fetch_add(1, Ordering::SeqCst) + 1;
                ResponseTemplate::new(200).set_body_json(serde_json::json!({
                    "name": "sessionToken",
                    "token": format!("app-{n}"),
                    "expireAt": 4_102_444_800_000u64,
                }))
            }
            _ => ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "code": 401, "message": format!("bad app JWT {jwt}"),
            })),
        }
    }
}

/// A pod with the app login, OBO endpoints that accept only the app
/// session `valid_app_session` and answer `user-<who>`, and
/// `GET …/v2/sessioninfo` answering the caller's name.
async fn pod(login: &AppLogin, valid_app_session: &'static str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login/pubkey/app/authenticate"))
        .respond_with(login.clone())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex(
            "^/login/pubkey/app/(user|username)/[^/]+/authenticate$",
        ))
        .and(header("sessionToken", valid_app_session))
        .respond_with(|request: &Request| {
            let who = request
                .url
                .path_segments()
                .unwrap()
                .nth(4)
                .unwrap()
                .to_owned();
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "sessionToken": format!("user-{who}") }))
        })
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/login/pubkey/app/"))
        .respond_with(|request: &Request| {
            let sent = request
                .headers
                .get("sessionToken")
                .map(|v| v.to_str().unwrap_or_default().to_owned());
            ResponseTemplate::new(401).set_body_json(serde_json::json!({
                "code": 401, "message": format!("app session {} expired", sent.unwrap_or_default()),
            }))
        })
        .mount(&server)
        .await;
    let info = format!("{}/v2/sessioninfo", generated_client::client::BASE_PATH);
    Mock::given(method("GET"))
        .and(path(info.as_str()))
        .respond_with(|request: &Request| {
            let token = request
                .headers
                .get("sessionToken")
                .unwrap()
                .to_str()
                .unwrap();
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({ "id": 1, "displayName": token }))
        })
        .mount(&server)
        .await;
    server
}

async fn caller_of(client: &Client) -> String {
    let info = client.v2_sessioninfo_get().send().await.unwrap();
    serde_json::to_value(info.into_inner()).unwrap()["displayName"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn client(server: &MockServer, auth: impl CredentialProvider) -> Client {
    Client::builder(server.uri(), auth)
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_rsa_app_obtains_sessions_for_users_by_id_and_by_username() {
    let login = AppLogin::default();
    let server = pod(&login, "app-1").await;
    let app = AppAuth::rsa(server.uri(), APP_ID, KEY_PKCS8).unwrap();
    let logs = Logs::default();
    let _trace = logs.capture_trace();
    let by_id = client(&server, app.on_behalf_of_user_id(7));
    let by_name = client(&server, app.on_behalf_of_username("alice smith/ops"));
    assert_eq!(caller_of(&by_id).await, "user-7");
    assert_eq!(caller_of(&by_name).await, "user-alice%20smith%2Fops");
    assert_eq!(caller_of(&by_id).await, "user-7", "cached");
    assert_eq!(
        login.logins.load(Ordering::SeqCst),
        1,
        "one app login serves both users"
    );
    // The app's own session is a credential too.
    assert_eq!(app.token("sessionToken").await.unwrap().expose(), "app-1");
    let debug = format!("{app:?} {:?}", app.on_behalf_of_user_id(7));
    assert!(
        debug.contains(APP_ID) && !debug.contains("app-1") && !debug.contains("PRIVATE"),
        "{debug}"
    );
    assert!(!logs.text().contains("app-1") && !logs.text().contains("user-7"));
}

#[tokio::test]
async fn a_refused_app_session_is_renewed_once_and_never_shown() {
    let login = AppLogin::default();
    // The OBO endpoints accept only the second app session.
    let server = pod(&login, "app-2").await;
    let app = AppAuth::rsa(server.uri(), APP_ID, KEY_PKCS8).unwrap();
    assert_eq!(app.token("sessionToken").await.unwrap().expose(), "app-1");
    let bob = client(&server, app.on_behalf_of_username("bob"));
    assert_eq!(caller_of(&bob).await, "user-bob");
    assert_eq!(login.logins.load(Ordering::SeqCst), 2);
    // When the renewed session is refused too, the error says so without
    // the session token the server echoed.
    let server = pod(&login, "never").await;
    let app = AppAuth::rsa(server.uri(), APP_ID, KEY_PKCS8).unwrap();
    let error = client(&server, app.on_behalf_of_user_id(9))
        .v2_sessioninfo_get()
        .send()
        .await
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("401"), "{shown}");
    assert!(
        !shown.contains("app-3") && !shown.contains("app-4"),
        "{shown}"
    );
    assert_eq!(
        login.logins.load(Ordering::SeqCst),
        4,
        "one renewal, not a loop"
    );
}

#[tokio::test]
async fn a_certificate_app_obtains_sessions_over_mutual_tls() {
    let ca = Ca::new("Acme Private Root");
    let (port, seen) = https_server(&ca, true, |seen| {
        let cert = seen.client_certificate;
        match (seen.path.as_str(), seen.header("sessionToken")) {
            ("/sessionauth/v1/app/authenticate", None) if cert => (
                200,
                vec![],
                r#"{"name": "sessionToken", "token": "cert-app"}"#.to_owned(),
            ),
            (p, Some("cert-app")) if cert && p.starts_with("/sessionauth/v1/app/user") => {
                let who = p.split('/').nth(5).unwrap_or_default();
                (200, vec![], format!(r#"{{"sessionToken": "obo-{who}"}}"#))
            }
            _ => (401, vec![], r#"{"message": "no"}"#.to_owned()),
        }
    })
    .await;
    let identity = ca.client();
    let network = Network::new()
        .add_root_certificates_pem(ca.pem())
        .unwrap()
        .client_certificate_pem(&identity.cert_pem, &identity.key_pem)
        .unwrap();
    let app = AppAuth::certificate(format!("https://localhost:{port}"), &network).unwrap();
    let by_id = app.on_behalf_of_user_id(42);
    let by_name = app.on_behalf_of_username("carol");
    assert_eq!(
        by_id.token("sessionToken").await.unwrap().expose(),
        "obo-42"
    );
    assert_eq!(
        by_name.token("sessionToken").await.unwrap().expose(),
        "obo-carol"
    );
    let paths: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.path.clone())
        .collect();
    assert_eq!(
        paths,
        [
            "/sessionauth/v1/app/authenticate",
            "/sessionauth/v1/app/user/42/authenticate",
            "/sessionauth/v1/app/username/carol/authenticate",
        ]
    );
    // Without a certificate the app is refused when built.
    let error = AppAuth::certificate("https://localhost:1", &Network::new()).unwrap_err();
    assert!(
        error.to_string().contains("client_certificate_pem"),
        "{error}"
    );
}

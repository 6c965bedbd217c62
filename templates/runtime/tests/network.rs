//! Network settings on real sockets, offline: a pod and a session
//! authenticator signed by a private CA that require a client certificate,
//! reached through an authenticating CONNECT proxy; loopback and
//! `no_proxy` hosts reached directly; and no proxy password, key or token
//! in `Debug`, errors or traces.

use generated_client::{
    CertAuth, Client, CredentialProvider, Error, Network, NetworkError, RetryPolicy,
};
use std::sync::{Arc, Mutex};

mod common;
use common::net::{https_server, Ca, Proxy, Seen};
use common::Logs;

const PROXY_USER: &str = "bot-proxy";
const PROXY_PASSWORD: &str = "pr0xy-pa55word";

/// `{base}/v2/sessioninfo`.
fn info_path() -> String {
    format!("{}/v2/sessioninfo", generated_client::client::BASE_PATH)
}

/// A pod: `GET …/v2/sessioninfo` answers 200 to the session token `token`
/// and 401 to anything else.
async fn pod(ca: &Ca, token: &'static str) -> (u16, Arc<Mutex<Vec<Seen>>>) {
    https_server(ca, false, move |seen| {
        if seen.path == info_path() && seen.header("sessionToken") == Some(token) {
            (200, vec![], r#"{"id": 7, "displayName": "bot"}"#.to_owned())
        } else {
            (
                401,
                vec![],
                r#"{"code": 401, "message": "who?"}"#.to_owned(),
            )
        }
    })
    .await
}

/// A session authenticator (or key manager) that wants a client
/// certificate of `ca` and answers `token` at `path`.
async fn authenticator(
    ca: &Ca,
    path: &'static str,
    name: &'static str,
    token: &'static str,
) -> (u16, Arc<Mutex<Vec<Seen>>>) {
    https_server(ca, true, move |seen| {
        if seen.method == "POST" && seen.path == path && seen.client_certificate {
            (
                200,
                vec![],
                format!(r#"{{"name": "{name}", "token": "{token}"}}"#),
            )
        } else {
            (404, vec![], r#"{"message": "no"}"#.to_owned())
        }
    })
    .await
}

/// The bot's network: the private CA only, its client certificate, the
/// proxy with its credentials.
fn bot_network(ca: &Ca, proxy: &Proxy) -> Network {
    let bot = ca.client();
    Network::new()
        .add_root_certificates_pem(ca.pem())
        .unwrap()
        .only_added_roots()
        .client_certificate_pem(&bot.cert_pem, &bot.key_pem)
        .unwrap()
        .proxy(&proxy.url())
        .unwrap()
        .proxy_credentials(PROXY_USER, PROXY_PASSWORD)
}

/// A certificate bot's world: a private CA, an authenticating proxy, a
/// session authenticator and a key manager that want the bot's
/// certificate, and the bot's network settings.
struct CertBot {
    ca: Ca,
    proxy: Proxy,
    network: Network,
    auth_seen: Arc<Mutex<Vec<Seen>>>,
    km_seen: Arc<Mutex<Vec<Seen>>>,
    auth: CertAuth,
}

impl CertBot {
    async fn start() -> Self {
        let ca = Ca::new("Acme Private Root");
        let proxy = Proxy::start(PROXY_USER, PROXY_PASSWORD).await;
        let session_auth = "/sessionauth/v1/authenticate";
        let (auth_port, auth_seen) =
            authenticator(&ca, session_auth, "sessionToken", "session-1").await;
        let (km_port, km_seen) =
            authenticator(&ca, "/keyauth/v1/authenticate", "keyManagerToken", "km-1").await;
        let network = bot_network(&ca, &proxy);
        // Host names no resolver knows: only the proxy can reach them.
        let auth = CertAuth::new(format!("https://sessionauth.test:{auth_port}"), &network)
            .unwrap()
            .key_manager(format!("https://km.test:{km_port}"))
            .unwrap();
        CertBot {
            ca,
            proxy,
            network,
            auth_seen,
            km_seen,
            auth,
        }
    }
}

#[tokio::test]
async fn a_bot_logs_in_with_a_certificate_through_an_authenticating_proxy_to_a_private_ca_pod() {
    let bot = CertBot::start().await;
    let (pod_port, pod_seen) = pod(&bot.ca, "session-1").await;
    let client = Client::builder(format!("https://pod.test:{pod_port}"), bot.auth)
        .network(bot.network)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let logs = Logs::default();
    let _trace = logs.capture_trace();
    for _ in 0..3 {
        client.v2_sessioninfo_get().send().await.unwrap();
    }
    let auth_seen = bot.auth_seen.lock().unwrap();
    assert_eq!(auth_seen.len(), 1, "one login for three calls");
    assert!(auth_seen[0].client_certificate);
    assert_eq!(pod_seen.lock().unwrap().len(), 3);
    assert!(
        bot.km_seen.lock().unwrap().is_empty(),
        "no call needed the key manager"
    );
    // Every connection went through the proxy, to the names asked for
    // (the test servers close each connection after one answer).
    let proxy = bot.proxy;
    let targets = proxy.targets.lock().unwrap().clone();
    let to = |host: &str| targets.iter().filter(|t| t.starts_with(host)).count();
    assert_eq!(
        (to("sessionauth.test:"), to("pod.test:")),
        (1, 3),
        "{targets:?}"
    );
    assert_eq!(proxy.tunnels(), 4);
    assert_eq!(proxy.refused(), 0);
    let text = logs.text();
    for secret in ["session-1", PROXY_PASSWORD, "PRIVATE KEY"] {
        assert!(!text.contains(secret), "{secret} traced");
        assert!(!format!("{client:?}").contains(secret), "{secret} in Debug");
    }
}

#[tokio::test]
async fn the_key_manager_token_comes_from_the_key_manager_over_mutual_tls() {
    let bot = CertBot::start().await;
    let auth = bot.auth;
    let token = auth.token("keyManagerToken").await.unwrap();
    assert_eq!(token.expose(), "km-1");
    assert_eq!(
        auth.token("keyManagerToken").await.unwrap().expose(),
        "km-1"
    );
    assert_eq!(bot.km_seen.lock().unwrap().len(), 1, "cached");
    let refreshed = auth.refresh("keyManagerToken").await.unwrap();
    assert_eq!(refreshed.expose(), "km-1");
    assert_eq!(
        bot.km_seen.lock().unwrap().len(),
        2,
        "refresh logs in again"
    );
    assert!(bot
        .km_seen
        .lock()
        .unwrap()
        .iter()
        .all(|s| s.client_certificate));
    let unknown = auth.token("x-other").await.unwrap_err().to_string();
    assert!(unknown.contains("CertAuth"), "{unknown}");
}

#[tokio::test]
async fn a_certificate_login_needs_a_certificate_the_authenticator_trusts() {
    let ca = Ca::new("Acme Private Root");
    let (auth_port, auth_seen) = authenticator(
        &ca,
        "/sessionauth/v1/authenticate",
        "sessionToken",
        "session-1",
    )
    .await;
    let url = format!("https://localhost:{auth_port}");
    // No certificate: refused when built, naming what is missing.
    let trusting = Network::new().add_root_certificates_pem(ca.pem()).unwrap();
    let error = CertAuth::new(&url, &trusting).unwrap_err().to_string();
    assert!(error.contains("client_certificate_pem"), "{error}");
    // A certificate from another CA: the TLS handshake fails, the login
    // is a credentials error, and the key shows nowhere.
    let stranger = Ca::new("Someone Else").client();
    let network = trusting
        .client_certificate_pem(&stranger.cert_pem, &stranger.key_pem)
        .unwrap();
    let auth = CertAuth::new(&url, &network).unwrap();
    let error = auth.token("sessionToken").await.unwrap_err();
    let shown = format!("{error} {error:?} {auth:?} {network:?}");
    assert!(
        !shown.contains(stranger.key_pem.lines().nth(1).unwrap()),
        "{shown}"
    );
    assert!(
        auth_seen.lock().unwrap().is_empty(),
        "no request got through"
    );
}

#[tokio::test]
async fn a_private_ca_is_needed_and_enough() {
    let ca = Ca::new("Acme Private Root");
    let (port, _) = pod(&ca, "t").await;
    let url = format!("https://localhost:{port}");
    let call = |network: Network| {
        let url = url.clone();
        async move {
            Client::builder(url, generated_client::StaticTokens::session_token("t"))
                .network(network)
                .retry(RetryPolicy::none())
                .build()
                .unwrap()
                .v2_sessioninfo_get()
                .send()
                .await
        }
    };
    // The built-in roots do not know the CA.
    assert!(matches!(
        call(Network::new()).await,
        Err(Error::Transport { .. })
    ));
    // Added, with or without the built-in roots.
    let trusting = Network::new().add_root_certificates_pem(ca.pem()).unwrap();
    call(trusting.clone()).await.unwrap();
    call(trusting.only_added_roots()).await.unwrap();
    // Only added roots, but none added: refused when built.
    let none = Client::builder(&url, generated_client::StaticTokens::session_token("t"))
        .network(Network::new().only_added_roots())
        .build();
    assert!(none.is_err());
    // Not PEM: a clear error.
    let error = Network::new()
        .add_root_certificates_pem("not a certificate")
        .unwrap_err();
    assert!(matches!(error, NetworkError::Roots(_)), "{error}");
}

#[tokio::test]
async fn loopback_and_no_proxy_hosts_skip_the_proxy() {
    let ca = Ca::new("Acme Private Root");
    let proxy = Proxy::start(PROXY_USER, PROXY_PASSWORD).await;
    let (port, seen) = pod(&ca, "t").await;
    let network = Network::new()
        .add_root_certificates_pem(ca.pem())
        .unwrap()
        .proxy(&proxy.url())
        .unwrap()
        .proxy_credentials(PROXY_USER, PROXY_PASSWORD)
        .no_proxy("pod.test")
        .customize(move |b| b.resolve("pod.test", ([127, 0, 0, 1], port).into()));
    for host in ["localhost", "127.0.0.1", "pod.test"] {
        let cert_host = if host == "127.0.0.1" {
            "localhost"
        } else {
            host
        };
        let client = Client::builder(
            format!("https://{cert_host}:{port}"),
            generated_client::StaticTokens::session_token("t"),
        )
        .network(network.clone())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
        client.v2_sessioninfo_get().send().await.unwrap();
    }
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert_eq!(proxy.tunnels(), 0, "{:?}", proxy.targets.lock().unwrap());
}

#[tokio::test]
async fn a_wrong_proxy_password_fails_without_showing_it() {
    let ca = Ca::new("Acme Private Root");
    let proxy = Proxy::start(PROXY_USER, PROXY_PASSWORD).await;
    let (port, seen) = pod(&ca, "t").await;
    let wrong = "wr0ng-pa55word";
    // Credentials in the URL are taken out of it.
    let network = Network::new()
        .add_root_certificates_pem(ca.pem())
        .unwrap()
        .proxy(&format!(
            "http://{PROXY_USER}:{wrong}@127.0.0.1:{}",
            proxy.port
        ))
        .unwrap();
    let client = Client::builder(
        format!("https://pod.test:{port}"),
        generated_client::StaticTokens::session_token("t"),
    )
    .network(network.clone())
    .retry(RetryPolicy::none())
    .build()
    .unwrap();
    let logs = Logs::default();
    let _trace = logs.capture_trace();
    let error = client.v2_sessioninfo_get().send().await.unwrap_err();
    assert_eq!(proxy.refused(), 1);
    assert!(seen.lock().unwrap().is_empty());
    let shown = format!("{error} {error:?} {client:?} {network:?} {}", logs.text());
    assert!(!shown.contains(wrong), "{shown}");
    assert!(format!("{network:?}").contains("bot-proxy:<redacted>"));
    // A proxy URL that cannot be used names itself without the password.
    let error = Network::new()
        .proxy(&format!("socks5://user:{wrong}@127.0.0.1:1080"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("socks5://127.0.0.1:1080"), "{error}");
    assert!(!error.contains(wrong), "{error}");
}

#[tokio::test]
async fn network_headers_go_to_the_pod_and_timeouts_apply() {
    let ca = Ca::new("Acme Private Root");
    let (port, seen) = pod(&ca, "t").await;
    let network = Network::new()
        .add_root_certificates_pem(ca.pem())
        .unwrap()
        .header("X-Trace-Origin", "bot-7")
        .unwrap()
        .user_agent("acme-bot/1.0")
        .read_timeout(std::time::Duration::from_secs(5));
    Client::builder(
        format!("https://localhost:{port}"),
        generated_client::StaticTokens::session_token("t"),
    )
    .network(network)
    .build()
    .unwrap()
    .v2_sessioninfo_get()
    .send()
    .await
    .unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].header("x-trace-origin"), Some("bot-7"));
    assert_eq!(seen[0].header("user-agent"), Some("acme-bot/1.0"));
    let bad = Network::new().header("X-Bad", "a\r\nb").unwrap_err();
    assert!(matches!(bad, NetworkError::Header(..)), "{bad}");
}

#[tokio::test]
async fn redirects_leak_nothing_through_a_proxy_with_a_private_ca() {
    let ca = Ca::new("Acme Private Root");
    let proxy = Proxy::start(PROXY_USER, PROXY_PASSWORD).await;
    let (other, other_seen) = https_server(&ca, false, |_| (200, vec![], "{}".to_owned())).await;
    let (plain, plain_seen) = plain_server().await;
    for target in [
        format!("http://plain.test:{plain}{}", info_path()),
        format!("https://other.test:{other}{}", info_path()),
    ] {
        let location = target.clone();
        let (port, _) = https_server(&ca, false, move |_| {
            (
                302,
                vec![("Location".to_owned(), location.clone())],
                String::new(),
            )
        })
        .await;
        for opt_in in [false, true] {
            let network = bot_network(&ca, &proxy)
                .customize(|b| b.redirect(reqwest::redirect::Policy::limited(10)));
            let mut builder = Client::builder(
                format!("https://pod.test:{port}"),
                generated_client::StaticTokens::session_token("s3cret-token"),
            )
            .network(network)
            .retry(RetryPolicy::none());
            if opt_in {
                builder = builder.follow_cross_origin_redirects();
            }
            let result = builder.build().unwrap().v2_sessioninfo_get().send().await;
            if !(opt_in && target.starts_with("https")) {
                match result {
                    Err(Error::Api(e)) => assert_eq!(e.status.as_u16(), 302, "{target}"),
                    other => panic!("{target}, opt-in {opt_in}: {other:?}"),
                }
            }
        }
    }
    // https never became http, through the proxy or not.
    assert_eq!(*plain_seen.lock().unwrap(), 0);
    assert_eq!(proxy.refused(), 0, "no plain request reached the proxy");
    let targets = proxy.targets.lock().unwrap().clone();
    assert!(
        !targets.iter().any(|t| t.starts_with("plain.test")),
        "{targets:?}"
    );
    // The other https origin got only the opted-in bare request.
    let seen = other_seen.lock().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].header("sessionToken").is_none(), "{seen:?}");
}

/// A plain http listener that only counts connections.
async fn plain_server() -> (u16, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(Mutex::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            *seen.lock().unwrap() += 1;
            drop(socket);
        }
    });
    (port, count)
}

//! Against hostile servers, on real sockets: credentials go only to the
//! pod's origin, plain http is refused, memory is bounded against any
//! response, and a path value is sent as it was checked.

use generated_client::runtime::BuildError;
use generated_client::types::UserSearchQuery;
use generated_client::{Client, Error, Network, RetryPolicy, StaticTokens};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::net::{https_server, Ca};

const TOKEN: &str = "s3cr3t-session-token";

/// A path under the spec's base path, whatever the pod version says it is.
fn at(path: &str) -> String {
    format!("{}{path}", generated_client::client::BASE_PATH)
}

fn client(uri: &str) -> Client {
    Client::builder(uri, StaticTokens::session_token(TOKEN))
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// A server that answers everything with `status`.
async fn answering(status: u16, location: Option<String>) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status).set_body_raw("{}", "application/json");
    if let Some(location) = location {
        response = response.insert_header("Location", location.as_str());
    }
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn status_of(result: Result<(), Error>) -> u16 {
    match result {
        Err(Error::Api(e)) => e.status.as_u16(),
        other => panic!("expected an error status, got {other:?}"),
    }
}

async fn search(client: &Client) -> Result<(), Error> {
    client
        .v1_user_search_post(UserSearchQuery::new().with_query("jane"))
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_redirect_to_another_port_carries_no_token_and_no_body() {
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = answering(200, None).await;
        let pod = answering(
            status,
            Some(format!("{}{}", elsewhere.uri(), at("/v1/user/search"))),
        )
        .await;
        let result = search(&client(&pod.uri())).await;
        assert_eq!(status_of(result), status);
        assert!(
            elsewhere.received_requests().await.unwrap().is_empty(),
            "{status}: the other origin was called"
        );
        assert_eq!(pod.received_requests().await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_redirect_from_127_0_0_1_to_localhost_is_another_origin() {
    for status in [301, 302, 303, 307, 308] {
        let pod = MockServer::start().await;
        let port = pod.address().port();
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header(
                "Location",
                format!("http://localhost:{port}{}", at("/v1/user/search")).as_str(),
            ))
            .mount(&pod)
            .await;
        let result = search(&client(&format!("http://127.0.0.1:{port}"))).await;
        assert_eq!(status_of(result), status);
        // One request: the hop to `localhost` (the same socket) never left.
        assert_eq!(pod.received_requests().await.unwrap().len(), 1, "{status}");
    }
}

#[tokio::test]
async fn same_origin_redirects_are_followed_a_bounded_number_of_times() {
    let pod = MockServer::start().await;
    Mock::given(wiremock::matchers::path(at("/v2/sessioninfo")))
        .respond_with(
            ResponseTemplate::new(307).insert_header("Location", at("/v2/moved").as_str()),
        )
        .mount(&pod)
        .await;
    Mock::given(wiremock::matchers::path(at("/v2/moved")))
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&pod)
        .await;
    client(&pod.uri())
        .v2_sessioninfo_get()
        .send()
        .await
        .unwrap();
    let seen = pod.received_requests().await.unwrap();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|r| r.headers.get("sessionToken").is_some()));
    // A loop ends after the limit, as the redirect status.
    let looping = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302).insert_header("Location", at("/v2/sessioninfo").as_str()),
        )
        .mount(&looping)
        .await;
    let result = client(&looping.uri())
        .v2_sessioninfo_get()
        .send()
        .await
        .map(|_| ());
    assert_eq!(status_of(result), 302);
    let hops = looping.received_requests().await.unwrap().len();
    assert_eq!(hops, generated_client::runtime::MAX_REDIRECTS + 1);
}

#[test]
fn plain_http_to_a_remote_pod_is_refused_unless_allowed() {
    let build = |url: &str| Client::builder(url, StaticTokens::session_token(TOKEN)).build();
    assert!(matches!(
        build("http://acme.symphony.com"),
        Err(BuildError::InsecureUrl(_))
    ));
    assert!(build("https://acme.symphony.com").is_ok());
    assert!(build("http://127.0.0.1:8080").is_ok());
    let allowed = Client::builder(
        "http://acme.symphony.com",
        StaticTokens::session_token(TOKEN),
    )
    .allow_http()
    .build();
    assert!(allowed.is_ok());
}

/// A raw server that sends a 200 body forever (or after declaring
/// `length`), counting the bytes it manages to write.
async fn streaming(declared: Option<u64>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let written = Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = socket.read(&mut buf).await.unwrap_or(0);
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
        }
        let head = match declared {
            Some(n) => format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {n}\r\n\r\n"),
            None => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned(),
        };
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = vec![b' '; 16 * 1024];
        let framed = [
            format!("{:x}\r\n", chunk.len()).into_bytes(),
            chunk.clone(),
            b"\r\n".to_vec(),
        ]
        .concat();
        let piece = if declared.is_some() { &chunk } else { &framed };
        while socket.write_all(piece).await.is_ok() {
            counter.fetch_add(piece.len(), Ordering::Relaxed);
        }
    });
    (url, written)
}

#[tokio::test]
async fn an_endless_or_huge_body_ends_at_the_limit() {
    const LIMIT: usize = 1024 * 1024;
    for declared in [None, Some(1_000_000_000)] {
        let (url, written) = streaming(declared).await;
        let client = Client::builder(url, StaticTokens::session_token(TOKEN))
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(30))
            .max_response_bytes(LIMIT)
            .build()
            .unwrap();
        let err = client.v2_sessioninfo_get().send().await.unwrap_err();
        assert!(
            matches!(err, Error::TooLarge { limit: LIMIT, .. }),
            "{declared:?}: {err}"
        );
        assert!(err.to_string().contains("1048576 bytes"), "{err}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        // What the server could write: the limit, one chunk, and what the
        // kernel buffers on loopback; never the whole body.
        let sent = written.load(Ordering::Relaxed);
        assert!(
            sent < 32 * 1024 * 1024,
            "{declared:?}: {sent} bytes written"
        );
    }
}

#[tokio::test]
async fn a_huge_error_body_keeps_a_bounded_excerpt() {
    let pod = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(500).set_body_raw(vec![b'x'; 8 * 1024 * 1024], "text/plain"),
        )
        .mount(&pod)
        .await;
    let err = client(&pod.uri())
        .v2_sessioninfo_get()
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = err else {
        panic!("{err}")
    };
    let generated_client::runtime::ApiErrorBody::Raw(text) = &api.body else {
        panic!("{:?}", api.body)
    };
    assert_eq!(text.len(), 64 * 1024);
}

#[tokio::test]
async fn a_path_value_with_any_control_character_is_refused() {
    let pod = answering(200, None).await;
    let client = client(&pod.uri());
    for byte in (0u8..0x20).chain([0x7f]) {
        let c = byte as char;
        for value in [
            format!(".{c}."),
            format!("..{c}"),
            format!("{c}.."),
            format!("a{c}b"),
        ] {
            let err = client
                .v1_companycert_finger_print_get_get(value.clone())
                .send()
                .await
                .unwrap_err();
            assert!(
                matches!(&err, Error::InvalidRequest { reason, .. } if reason.contains("control character")),
                "{value:?}: {err}"
            );
        }
    }
    assert!(pod.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_tab_in_a_query_value_is_encoded() {
    let pod = MockServer::start().await;
    Mock::given(wiremock::matchers::query_param("email", "a\tb"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&pod)
        .await;
    let _ = client(&pod.uri()).v2_user_get().email("a\tb").send().await;
    let seen = pod.received_requests().await.unwrap();
    assert_eq!(seen[0].url.query(), Some("email=a%09b"));
}

#[tokio::test]
async fn a_flood_of_tiny_objects_is_refused_before_decoding() {
    // 9 MB of `{},`: under the byte limit, but 3 million values in memory.
    let mut body = b"[".to_vec();
    body.extend(b"{},".repeat(3_000_000));
    body.extend(b"{}]");
    let pod = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&pod)
        .await;
    let err = client(&pod.uri())
        .v1_companycert_list_get()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("500000 JSON objects")),
        "{err}"
    );
}

#[tokio::test]
async fn opted_in_cross_origin_redirects_carry_no_credential_header_or_body() {
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = answering(200, None).await;
        let target = format!("{}/moved", elsewhere.uri());
        let pod = answering(status, Some(target)).await;
        let client = Client::builder(pod.uri(), StaticTokens::session_token(TOKEN))
            .retry(RetryPolicy::none())
            .follow_cross_origin_redirects()
            .build()
            .unwrap();
        // A call without a body is followed, stripped.
        client.v2_sessioninfo_get().send().await.unwrap();
        let seen = elsewhere.received_requests().await.unwrap();
        assert_eq!(seen.len(), 1, "{status}");
        assert_eq!(seen[0].method.as_str(), "GET");
        assert!(seen[0].headers.get("sessionToken").is_none(), "{status}");
        assert!(seen[0].body.is_empty());
        // A call with a body: 301-303 become a bare GET; 307/308 would
        // need the body again, so they are not followed.
        let result = search(&client).await;
        let seen = elsewhere.received_requests().await.unwrap();
        if matches!(status, 307 | 308) {
            assert_eq!(status_of(result), status);
            assert_eq!(seen.len(), 1);
        } else {
            assert_eq!(seen.len(), 2, "{status}");
            assert_eq!(seen[1].method.as_str(), "GET");
            assert!(seen[1].headers.get("sessionToken").is_none());
            assert!(seen[1].body.is_empty());
        }
    }
}

#[tokio::test]
async fn an_https_pod_with_a_private_ca_never_redirects_the_token_elsewhere() {
    let ca = Ca::new("Private CA");
    let plain = answering(200, None).await;
    let (other, other_seen) = https_server(&ca, false, |_| (200, vec![], "{}".to_owned())).await;
    let targets = [
        format!("{}{}", plain.uri(), at("/v2/sessioninfo")),
        format!("https://localhost:{other}{}", at("/v2/sessioninfo")),
    ];
    for target in targets {
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
            // A user's network settings: only the private CA, and an attempt
            // to loosen the redirect rule through the escape hatch.
            let network = Network::new()
                .add_root_certificates_pem(ca.pem())
                .unwrap()
                .only_added_roots()
                .customize(|b| b.redirect(reqwest::redirect::Policy::limited(10)));
            let mut builder = Client::builder(
                format!("https://localhost:{port}"),
                StaticTokens::session_token(TOKEN),
            )
            .retry(RetryPolicy::none())
            .network(network);
            if opt_in {
                builder = builder.follow_cross_origin_redirects();
            }
            let result = builder
                .build()
                .unwrap()
                .v2_sessioninfo_get()
                .send()
                .await
                .map(|_| ());
            // https to http is never followed; another https origin only
            // when opted in, as a bare request.
            if !(opt_in && target.starts_with("https")) {
                assert_eq!(status_of(result), 302, "{target}, opt-in {opt_in}");
            }
        }
    }
    assert!(plain.received_requests().await.unwrap().is_empty());
    let seen = other_seen.lock().unwrap();
    assert_eq!(
        seen.len(),
        1,
        "only the opted-in redirect reaches the other origin"
    );
    assert!(
        seen.iter().all(|s| s.header("sessionToken").is_none()),
        "{seen:?}"
    );
}

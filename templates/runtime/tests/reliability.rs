//! A failing or hostile pod never crashes, stalls or stampedes the client:
//! a huge `Retry-After` is no panic, a failed login is shared by the
//! callers waiting for it, a hanging login ends every call by its
//! deadline, and a request the server dropped unanswered is retried only
//! when that is safe.

use generated_client::runtime::CredentialError;
use generated_client::types::UserSearchQuery;
use generated_client::{Client, Error, RefreshingTokens, Secret, StaticTokens};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// No test here may take longer than this, whatever the client does.
const BOUND: Duration = Duration::from_secs(10);

async fn within_bound<T>(call: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(BOUND, call)
        .await
        .expect("the call outlived every deadline")
}

#[tokio::test]
async fn a_huge_retry_after_ends_the_call_with_the_servers_answer() {
    let server = MockServer::start().await;
    // Arriving after a second, so that the time already spent plus the
    // wait asked for overflows a Duration.
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "18446744073709551615")
                .set_delay(Duration::from_millis(1100)),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri(), StaticTokens::session_token("t"))
        .build()
        .unwrap();
    let result = within_bound(client.v2_sessioninfo_get().send()).await;
    match result {
        Err(Error::Api(api)) => assert_eq!(api.status.as_u16(), 503),
        other => panic!("expected the 503, got {other:?}"),
    }
    // The wait was past the retry budget: one request, no retry.
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_failed_login_is_shared_by_every_waiting_caller() {
    let server = MockServer::start().await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let login = RefreshingTokens::new(move |_header: String| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Err::<Secret, CredentialError>("the login endpoint answered 503".into())
        }
    });
    let client = Client::builder(server.uri(), login).build().unwrap();
    let calls: Vec<_> = (0..64)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.v2_sessioninfo_get().send().await })
        })
        .collect();
    for call in calls {
        match within_bound(call).await.unwrap() {
            Err(Error::Credentials { source, .. }) => {
                assert!(source.to_string().contains("503"), "{source}");
            }
            other => panic!("expected a credentials error, got {other:?}"),
        }
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "one login for 64 callers"
    );
    // A call just after the failure gets it, without a login.
    let later = client.v2_sessioninfo_get().send().await;
    assert!(matches!(later, Err(Error::Credentials { .. })));
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_hanging_login_ends_every_call_by_its_deadline() {
    let server = MockServer::start().await;
    let login = RefreshingTokens::new(|_header: String| {
        std::future::pending::<Result<Secret, CredentialError>>()
    });
    let deadline = Duration::from_millis(300);
    let client = Client::builder(server.uri(), login)
        .deadline(deadline)
        .build()
        .unwrap();
    let started = Instant::now();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.v2_sessioninfo_get().send().await })
        })
        .collect();
    for call in calls {
        match within_bound(call).await.unwrap() {
            Err(Error::Deadline { deadline: d, .. }) => assert_eq!(d, deadline),
            other => panic!("expected the deadline, got {other:?}"),
        }
    }
    // Concurrent callers wait side by side, not one deadline each after
    // another (8 x 300 ms); the margin is for a busy machine.
    assert!(started.elapsed() < deadline * 4, "{:?}", started.elapsed());
}

#[tokio::test]
async fn a_slow_server_ends_the_call_by_its_deadline_across_retries() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .mount(&server)
        .await;
    let deadline = Duration::from_millis(500);
    let client = Client::builder(server.uri(), StaticTokens::session_token("t"))
        .deadline(deadline)
        .build()
        .unwrap();
    let started = Instant::now();
    let result = within_bound(client.v2_sessioninfo_get().send()).await;
    assert!(matches!(result, Err(Error::Deadline { .. })), "{result:?}");
    // Without the deadline, three attempts a second apart take 2 s.
    assert!(started.elapsed() < deadline + Duration::from_secs(1));
}

/// A server whose first connection reads the request and closes without
/// answering; later connections answer `{}`. Counts connections.
async fn dropping_first_request() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let nth = counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buf = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                if nth == 0 {
                    return; // closed, unanswered
                }
                let answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    (url, connections)
}

#[tokio::test]
async fn a_get_the_server_dropped_unanswered_is_tried_again() {
    let (url, connections) = dropping_first_request().await;
    let client = Client::builder(url, StaticTokens::session_token("t"))
        .build()
        .unwrap();
    let answer = within_bound(client.v2_sessioninfo_get().send()).await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_post_the_server_may_have_received_is_not_sent_twice() {
    let (url, connections) = dropping_first_request().await;
    let client = Client::builder(url, StaticTokens::session_token("t"))
        .build()
        .unwrap();
    let answer = within_bound(
        client
            .v1_user_search_post(UserSearchQuery::new().with_query("jane"))
            .send(),
    )
    .await;
    assert!(matches!(answer, Err(Error::Transport { .. })), "{answer:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn one_call_can_have_a_shorter_deadline_than_the_client() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("{}", "application/json")
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri(), StaticTokens::session_token("t"))
        .build()
        .unwrap();
    let deadline = Duration::from_millis(200);
    let started = Instant::now();
    let result = within_bound(client.v2_sessioninfo_get().deadline(deadline).send()).await;
    match result {
        Err(Error::Deadline { deadline: d, .. }) => assert_eq!(d, deadline),
        other => panic!("expected the call's own deadline, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(1500));
}

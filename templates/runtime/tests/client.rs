//! The client runtime against a real HTTP server (wiremock): credentials,
//! refresh on 401, path encoding, header injection, retries, timeouts,
//! decoding, forward compatibility, redaction and pagination.

use futures_util::TryStreamExt;
use generated_client::runtime::{ApiErrorBody, CredentialError};
use generated_client::types::CompanyCertTypeType;
use generated_client::{Client, Error, RefreshingTokens, RetryPolicy, Secret, StaticTokens};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::Logs;

const TOKEN: &str = "s3cr3t-session-token";

/// A path under the spec's base path, whatever the pod version says it is.
fn at(path: &str) -> String {
    format!("{}{path}", generated_client::client::BASE_PATH)
}

fn client(server: &MockServer) -> Client {
    Client::builder(server.uri(), StaticTokens::session_token(TOKEN))
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn user() -> serde_json::Value {
    json!({ "id": 7078106103901_i64, "emailAddress": "jane@acme.com" })
}

#[tokio::test]
async fn sends_the_session_token_under_the_base_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("/v2/sessioninfo")))
        .and(header("sessionToken", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .expect(1)
        .mount(&server)
        .await;
    let info = client(&server).v2_sessioninfo_get().send().await.unwrap();
    assert_eq!(info.status(), 200);
    assert_eq!(info.email_address.as_deref(), Some("jane@acme.com"));
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_retries_once() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .and(header("sessionToken", "token-1"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(at("/v2/sessioninfo")))
        .and(header("sessionToken", "token-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .expect(1)
        .mount(&server)
        .await;
    let fetched = Arc::new(AtomicUsize::new(0));
    let counter = fetched.clone();
    let provider = RefreshingTokens::new(move |_header: String| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        async move { Ok::<Secret, CredentialError>(Secret::new(format!("token-{n}"))) }
    });
    let client = Client::builder(server.uri(), provider).build().unwrap();
    client.v2_sessioninfo_get().send().await.unwrap();
    assert_eq!(fetched.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_second_401_is_the_callers_error() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({ "code": 401, "message": "Invalid session" })),
        )
        .expect(2)
        .mount(&server)
        .await;
    let err = client(&server)
        .v2_sessioninfo_get()
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 401);
    assert_eq!(
        api.body,
        ApiErrorBody::Error {
            code: Some(401),
            message: Some("Invalid session".into())
        }
    );
    assert!(err.to_string().contains("Invalid session"));
}

#[tokio::test]
async fn a_hostile_path_value_stays_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("/v1/companycert/..%2Fadmin%3Fx=1/get")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .v1_companycert_finger_print_get_get("../admin?x=1")
        .send()
        .await
        .unwrap();
    for value in ["..", ".", ""] {
        let err = client
            .v1_companycert_finger_print_get_get(value)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidRequest { .. }),
            "{value:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_header_value_with_a_line_break_is_refused_before_sending() {
    let server = MockServer::start().await;
    let err = client(&server)
        .v1_admin_messages_message_id_metadata_relationships_get("agent\r\nX-Evil: 1", "mid")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn retries_honour_retry_after() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server).v2_sessioninfo_get().send().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retries_stop_after_the_attempt_limit_and_skip_posts() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(ResponseTemplate::new(502))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(path(at("/v1/user/search")))
        .respond_with(ResponseTemplate::new(429))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    assert_eq!(
        client
            .v2_sessioninfo_get()
            .send()
            .await
            .unwrap_err()
            .status(),
        Some(502.try_into().unwrap())
    );
    let search = generated_client::types::UserSearchQuery::new();
    let err = client.v1_user_search_post(search).send().await.unwrap_err();
    assert_eq!(err.status(), Some(429.try_into().unwrap()));
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(user())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri(), StaticTokens::session_token(TOKEN))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.v2_sessioninfo_get().send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn a_malformed_body_names_the_failing_field() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id": "not a number"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .v2_sessioninfo_get()
        .send()
        .await
        .unwrap_err();
    let Error::Decode {
        path,
        excerpt,
        status,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(path, "id");
    assert_eq!(*status, 200);
    assert!(excerpt.contains("not a number"));
}

#[tokio::test]
async fn garbage_bodies_are_errors_not_panics() {
    let server = MockServer::start().await;
    let client = client(&server);
    for body in [
        &b""[..],
        b"\xff\xfe\x00",
        b"[[[[[[[[",
        b"null",
        b"{\"id\": 1e999}",
    ] {
        server.reset().await;
        Mock::given(path(at("/v2/sessioninfo")))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(body.to_vec(), "application/json"),
            )
            .mount(&server)
            .await;
        let result = client.v2_sessioninfo_get().send().await;
        assert!(
            matches!(result, Err(Error::Decode { .. }) | Ok(_)),
            "{body:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_enum_value_in_a_response_decodes() {
    let server = MockServer::start().await;
    let page = json!([{ "companyCertAttributes": { "type": { "type": "QUANTUMSIGNING" } } }]);
    Mock::given(path(at("/v1/companycert/list")))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let certs = client(&server)
        .v1_companycert_list_get()
        .send()
        .await
        .unwrap()
        .into_inner();
    let kind = certs[0]
        .company_cert_attributes
        .as_ref()
        .and_then(|a| a.r#type.as_ref())
        .and_then(|t| t.r#type.clone());
    assert_eq!(
        kind,
        Some(CompanyCertTypeType::Unknown("QUANTUMSIGNING".into()))
    );
}

#[tokio::test]
async fn two_hundred_and_two_hundred_four_are_told_apart() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/user")))
        .and(query_param("email", "jane@acme.com"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .mount(&server)
        .await;
    Mock::given(path(at("/v2/user")))
        .and(query_param("email", "nobody@acme.com"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);
    let found = client
        .v2_user_get()
        .email("jane@acme.com")
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(found.and_then(|user| user.id), Some(7078106103901));
    let missing = client
        .v2_user_get()
        .email("nobody@acme.com")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 204);
    assert_eq!(missing.into_inner(), None);
}

#[tokio::test]
async fn the_token_never_shows_in_debug_errors_or_traces() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v2/sessioninfo")))
        .respond_with(ResponseTemplate::new(500).set_body_string("boom"))
        .mount(&server)
        .await;
    let logs = Logs::default();
    let _guard = logs.capture_trace();
    let client = client(&server);
    let err = client.v2_sessioninfo_get().send().await.unwrap_err();
    let seen = format!(
        "{client:?} {err} {err:?} {:?}",
        StaticTokens::session_token(TOKEN)
    );
    let logged = logs.text();
    assert!(
        logged.contains("v2_sessioninfo_get"),
        "the span is logged: {logged}"
    );
    for text in [&seen, &logged] {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
    }
}

#[tokio::test]
async fn pages_stream_until_a_short_page() {
    let server = MockServer::start().await;
    let cert = |n: i64| json!({ "companyCertInfo": { "commonName": format!("cert{n}") } });
    for (skip, page) in [
        (0, vec![cert(1), cert(2)]),
        (2, vec![cert(3), cert(4)]),
        (4, vec![cert(5)]),
    ] {
        Mock::given(path(at("/v1/companycert/list")))
            .and(query_param("skip", skip.to_string()))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let all: Vec<_> = client
        .v1_companycert_list_get()
        .stream(2)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<_> = all
        .iter()
        .filter_map(|c| c.company_cert_info.as_ref()?.common_name.clone())
        .collect();
    assert_eq!(names, ["cert1", "cert2", "cert3", "cert4", "cert5"]);
}

#[tokio::test]
async fn cursor_pages_follow_the_after_cursor() {
    let server = MockServer::start().await;
    let page = |ids: &[i64], after: Option<&str>| json!({ "count": ids.len(), "followers": ids, "pagination": { "cursors": { "before": "b", "after": after } } });
    Mock::given(path(at("/v1/user/42/followers")))
        .and(query_param("after", "c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[3], None)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(at("/v1/user/42/followers")))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[1, 2], Some("c1"))))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let ids: Vec<i64> = client
        .v1_user_uid_followers_get(42)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3]);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream() {
    let server = MockServer::start().await;
    let page = json!({ "count": 1, "followers": [7], "pagination": { "cursors": { "before": "b", "after": "same" } } });
    Mock::given(path(at("/v1/user/42/followers")))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .expect(2)
        .mount(&server)
        .await;
    let ids: Vec<i64> = client(&server)
        .v1_user_uid_followers_get(42)
        .stream()
        .try_collect()
        .await
        .unwrap();
    // The first page, then the page after `same`, which names `same` again.
    assert_eq!(ids, [7, 7]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_it_is_read() {
    let server = MockServer::start().await;
    Mock::given(path(at("/v1/companycert/list")))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({ "code": 400, "message": "no" })),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut pages = client.v1_companycert_list_get().stream(2);
    assert!(pages.try_next().await.is_err());
    assert!(matches!(pages.try_next().await, Ok(None)));
}

#[tokio::test]
async fn the_base_path_can_be_replaced_and_the_client_shared() {
    fn shareable<T: Clone + Send + Sync + 'static>(_: &T) {}
    let server = MockServer::start().await;
    Mock::given(path("/custom/v2/sessioninfo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user()))
        .expect(3)
        .mount(&server)
        .await;
    let client = Client::builder(server.uri(), StaticTokens::session_token(TOKEN))
        .base_path("/custom")
        .build()
        .unwrap();
    shareable(&client);
    // An operation's future is `Send` (it is spawned below) and `Unpin`
    // (it can be polled in place, as `select!` does), as its docs say, and
    // has a name at the crate root (a struct field can hold it).
    fn pollable_in_place<F: std::future::Future + Send + Unpin>(future: F) -> F {
        future
    }
    let mut first: generated_client::ResponseFuture<'_, _> =
        pollable_in_place(client.v2_sessioninfo_get().send());
    assert!((&mut first).await.is_ok());
    let other = client.clone();
    let (a, b) = tokio::join!(
        client.v2_sessioninfo_get().send(),
        tokio::spawn(async move {
            other
                .v2_sessioninfo_get()
                .send()
                .await
                .map(|r| r.into_inner())
        })
    );
    assert!(a.is_ok() && b.unwrap().is_ok());
}

#[tokio::test]
async fn a_raw_call_reaches_an_endpoint_the_spec_lacks_like_any_other_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(at("/v3/room/a%20b/pins")))
        .and(query_param("limit", "10"))
        .and(header("sessionToken", TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "pins": [1, 2] })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(at("/v3/room/abc/pins")))
        .and(header("sessionToken", TOKEN))
        .and(wiremock::matchers::body_json(json!({ "id": 7 })))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    // The path is split on `/` and each segment percent-encoded.
    let pins = client
        .raw(generated_client::Method::GET, "/v3/room/a b/pins")
        .query("limit", 10)
        .send::<serde_json::Value>()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .into_inner();
    assert_eq!(pins, json!({ "pins": [1, 2] }));
    // A POST is not retried on 503, as for generated calls.
    let error = client
        .raw(generated_client::Method::POST, "v3/room/abc/pins")
        .json(&json!({ "id": 7 }))
        .send_empty()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    // What a generated call refuses, a raw one refuses too.
    for (verb, bad) in [
        (generated_client::Method::GET, "/v1/../admin"),
        (generated_client::Method::HEAD, "/v1/x"),
    ] {
        let error = client.raw(verb, bad).send_empty().await.unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest { .. }),
            "{bad}: {error}"
        );
    }
}

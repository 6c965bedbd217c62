//! The datafeed against a scripted agent (wiremock): events in order, each
//! batch acknowledged only after it was handed out, a forgotten feed
//! replaced, an expired session logged in again, failures backed off, a
//! hanging read ended by its deadline; agent calls at the agent's URL
//! with the agent's credentials while pod calls stay at the pod; and a
//! bot against the mock pod's datafeed.

use futures_util::StreamExt;
use generated_client::{
    Client, Error, Method, RefreshingTokens, RetryPolicy, Secret, StaticTokens,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod common;

const AGENT: &str = "/agent";

fn tokens() -> StaticTokens {
    StaticTokens::session_token("session").with("keyManagerToken", "km")
}

fn fast() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

/// A client whose pod is `pod` and whose agent is `agent`.
fn client(pod: &MockServer, agent: &MockServer) -> Client {
    Client::builder(pod.uri(), tokens())
        .agent_url(agent.uri())
        .agent_base_path(AGENT)
        .retry(fast())
        .build()
        .unwrap()
}

fn feeds() -> String {
    format!("{AGENT}/v5/datafeeds")
}

fn read_of(id: &str) -> String {
    format!("{AGENT}/v5/datafeeds/{id}/read")
}

/// No feed of the tag yet; creating one gives `id`.
async fn new_feed(agent: &MockServer, id: &str) {
    Mock::given(method("GET"))
        .and(path(feeds()))
        .and(query_param("tag", "bot"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(agent)
        .await;
    Mock::given(method("POST"))
        .and(path(feeds()))
        .and(body_json(json!({ "tag": "bot" })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "id": id })))
        .up_to_n_times(1)
        .mount(agent)
        .await;
}

/// The read of feed `id` acknowledging `ack` answers `events` and `next`.
async fn batch(agent: &MockServer, id: &str, ack: &str, events: Value, next: &str) {
    Mock::given(method("POST"))
        .and(path(read_of(id)))
        .and(body_json(json!({ "ackId": ack })))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "events": events, "ackId": next })),
        )
        .mount(agent)
        .await;
}

fn event(id: &str) -> Value {
    json!({ "id": id, "type": "MESSAGESENT", "payload": { "messageSent": { "message": { "message": id } } } })
}

fn ids(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["id"].as_str().unwrap()).collect()
}

/// The `ackId`s of the reads the agent received, in order.
async fn acks(agent: &MockServer) -> Vec<String> {
    agent
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("/read"))
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["ackId"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn events_come_in_order_and_a_batch_is_acknowledged_only_once_handed_out() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    batch(&agent, "f1", "", json!([event("e1"), event("e2")]), "a1").await;
    batch(&agent, "f1", "a1", json!([event("e3")]), "a2").await;
    let mut feed = client(&pod, &agent).datafeed_of::<Value>("bot");
    let mut got = Vec::new();
    for _ in 0..2 {
        got.push(feed.next().await.unwrap().unwrap());
    }
    // Two events taken: the batch is out, but the next read has not been
    // asked for, so nothing is acknowledged yet.
    assert_eq!(acks(&agent).await, [""]);
    got.push(feed.next().await.unwrap().unwrap());
    assert_eq!(ids(&got), ["e1", "e2", "e3"]);
    assert_eq!(acks(&agent).await, ["", "a1"]);
    assert_eq!(feed.feed_id().as_deref(), Some("f1"));
    // Every agent call carried both tokens; the pod saw nothing.
    for request in agent.received_requests().await.unwrap() {
        assert_eq!(request.headers["sessionToken"], "session");
        assert_eq!(request.headers["keyManagerToken"], "km");
    }
    assert!(pod.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_feed_the_agent_forgot_is_replaced_by_a_new_one() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    batch(&agent, "f1", "", json!([event("e1")]), "a1").await;
    // The agent restarted: f1 is gone.
    Mock::given(method("POST"))
        .and(path(read_of("f1")))
        .and(body_json(json!({ "ackId": "a1" })))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({ "message": "no such feed" })),
        )
        .mount(&agent)
        .await;
    new_feed(&agent, "f2").await;
    batch(&agent, "f2", "", json!([event("e2")]), "b1").await;
    let mut feed = client(&pod, &agent).datafeed_of::<Value>("bot");
    let first = feed.next().await.unwrap().unwrap();
    let second = feed.next().await.unwrap().unwrap();
    assert_eq!(ids(&[first, second]), ["e1", "e2"]);
    assert_eq!(feed.feed_id().as_deref(), Some("f2"));
}

#[tokio::test]
async fn a_new_feed_refused_at_once_is_an_error_not_a_loop() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    Mock::given(method("POST"))
        .and(path(read_of("f1")))
        .respond_with(ResponseTemplate::new(400))
        .expect(1)
        .mount(&agent)
        .await;
    let mut feed = client(&pod, &agent).datafeed_of::<Value>("bot");
    let err = feed.next().await.unwrap().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
}

#[tokio::test]
async fn an_expired_session_logs_in_again_and_the_read_goes_on() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    Mock::given(header("sessionToken", "token-1"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&agent)
        .await;
    new_feed(&agent, "f1").await;
    batch(&agent, "f1", "", json!([event("e1")]), "a1").await;
    let logins = Arc::new(AtomicUsize::new(0));
    let counter = logins.clone();
    let credentials = RefreshingTokens::new(move |name: String| {
        let n = if name == "sessionToken" {
            counter.fetch_add(1, Ordering::SeqCst) + 1
        } else {
            0
        };
        async move { Ok::<_, generated_client::CredentialError>(Secret::new(format!("token-{n}"))) }
    });
    let client = Client::builder(pod.uri(), credentials)
        .agent_url(agent.uri())
        .agent_base_path(AGENT)
        .retry(fast())
        .build()
        .unwrap();
    let mut feed = client.datafeed_of::<Value>("bot");
    let first = feed.next().await.unwrap().unwrap();
    assert_eq!(first["id"], "e1");
    assert_eq!(logins.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn server_errors_are_backed_off_then_read_again() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    Mock::given(method("POST"))
        .and(path(read_of("f1")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&agent)
        .await;
    batch(&agent, "f1", "", json!([event("e1")]), "a1").await;
    let mut feed = client(&pod, &agent).datafeed_of::<Value>("bot");
    assert_eq!(feed.next().await.unwrap().unwrap()["id"], "e1");
    assert_eq!(acks(&agent).await, ["", "", ""]);
}

#[tokio::test]
async fn past_the_retry_policy_the_error_is_yielded_and_the_stream_goes_on() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    Mock::given(method("POST"))
        .and(path(read_of("f1")))
        .respond_with(ResponseTemplate::new(500))
        .mount(&agent)
        .await;
    let mut feed = client(&pod, &agent).datafeed_of::<Value>("bot");
    for _ in 0..2 {
        let err = feed.next().await.unwrap().unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(500), "{err}");
    }
}

#[tokio::test]
async fn a_hanging_read_ends_by_the_call_deadline() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    Mock::given(method("POST"))
        .and(path(read_of("f1")))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&agent)
        .await;
    let client = Client::builder(pod.uri(), tokens())
        .agent_url(agent.uri())
        .agent_base_path(AGENT)
        .retry(RetryPolicy::none())
        .deadline(Duration::from_millis(300))
        .build()
        .unwrap();
    let mut feed = client.datafeed_of::<Value>("bot");
    let started = Instant::now();
    let err = feed.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Deadline { .. }), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[derive(serde::Deserialize, Debug)]
struct Typed {
    id: String,
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_and_is_acknowledged_with_its_batch() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    batch(
        &agent,
        "f1",
        "",
        json!([event("e1"), { "id": 5 }, event("e3")]),
        "a1",
    )
    .await;
    batch(&agent, "f1", "a1", json!([event("e4")]), "a2").await;
    let mut feed = client(&pod, &agent).datafeed_of::<Typed>("bot");
    assert_eq!(feed.next().await.unwrap().unwrap().id, "e1");
    let err = feed.next().await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    assert_eq!(feed.next().await.unwrap().unwrap().id, "e3");
    assert_eq!(feed.next().await.unwrap().unwrap().id, "e4");
    assert_eq!(acks(&agent).await, ["", "a1"]);
}

#[tokio::test]
async fn delete_removes_the_feed_being_read() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    new_feed(&agent, "f1").await;
    batch(&agent, "f1", "", json!([event("e1")]), "a1").await;
    Mock::given(method("DELETE"))
        .and(path(format!("{AGENT}/v5/datafeeds/f1")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&agent)
        .await;
    let mut feed = client(&pod, &agent).datafeed_of::<Value>("bot");
    feed.next().await.unwrap().unwrap();
    feed.delete().await.unwrap();
    agent.verify().await;
}

#[tokio::test]
async fn pod_calls_stay_at_the_pod_and_agent_calls_go_to_the_agent() {
    let (pod, agent) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("GET"))
        .and(path(format!(
            "{}/v1/x",
            generated_client::client::BASE_PATH
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&pod)
        .await;
    new_feed(&agent, "f1").await;
    batch(&agent, "f1", "", json!([event("e1")]), "a1").await;
    let client = client(&pod, &agent);
    client
        .raw(Method::GET, "/v1/x")
        .send::<Value>()
        .await
        .unwrap();
    client
        .datafeed_of::<Value>("bot")
        .next()
        .await
        .unwrap()
        .unwrap();
    let at_pod: Vec<Request> = pod.received_requests().await.unwrap();
    assert_eq!(at_pod.len(), 1);
    // The pod's call names only the session token.
    assert!(!at_pod[0].headers.contains_key("keyManagerToken"));
    assert!(agent
        .received_requests()
        .await
        .unwrap()
        .iter()
        .all(|r| r.url.path().starts_with(AGENT)));
}

#[test]
fn an_agent_url_is_held_to_the_pod_url_rules() {
    let plain = Client::builder("https://pod.example", tokens())
        .agent_url("http://agent.example")
        .build();
    assert!(plain.is_err(), "{plain:?}");
    let loopback = Client::builder("https://pod.example", tokens())
        .agent_url("http://127.0.0.1:1")
        .build();
    assert!(loopback.is_ok());
}

#[tokio::test]
async fn a_redirecting_agent_sends_no_token_to_any_other_origin() {
    for cross_origin in [false, true] {
        for status in [301, 302, 303, 307, 308] {
            let (pod, agent, elsewhere) = (
                MockServer::start().await,
                MockServer::start().await,
                MockServer::start().await,
            );
            Mock::given(wiremock::matchers::any())
                .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
                .mount(&elsewhere)
                .await;
            Mock::given(wiremock::matchers::any())
                .respond_with(ResponseTemplate::new(status).insert_header(
                    "Location",
                    format!("{}{}", elsewhere.uri(), feeds()).as_str(),
                ))
                .mount(&agent)
                .await;
            let mut builder = Client::builder(pod.uri(), tokens())
                .agent_url(agent.uri())
                .agent_base_path(AGENT)
                .retry(RetryPolicy::none());
            if cross_origin {
                builder = builder.follow_cross_origin_redirects();
            }
            let mut feed = builder.build().unwrap().datafeed_of::<Value>("bot");
            // Whatever the outcome, no credential left the agent.
            let _ = tokio::time::timeout(Duration::from_secs(5), feed.next()).await;
            for request in elsewhere.received_requests().await.unwrap() {
                assert!(
                    !request.headers.contains_key("sessionToken")
                        && !request.headers.contains_key("keyManagerToken"),
                    "{status} (cross-origin {cross_origin}): a token reached {}",
                    request.url
                );
            }
            assert!(pod.received_requests().await.unwrap().is_empty());
            let reached = !elsewhere.received_requests().await.unwrap().is_empty();
            assert_eq!(reached, cross_origin, "{status}: followed = {reached}");
        }
    }
}

#[tokio::test]
async fn a_bot_reads_the_mock_datafeed_across_a_feed_expiry_and_a_session_expiry() {
    use generated_client::mock::MockPod;
    let pod = MockPod::start_with_base_paths(generated_client::client::BASE_PATH, AGENT).await;
    let agent = pod.datafeed().await;
    agent.push((1..=3).map(|i| event(&format!("e{i}"))));
    let auth = generated_client::RsaAuth::from_pem(pod.uri(), "bot", common::keys::KEY_PKCS8)
        .unwrap()
        .key_manager(pod.uri())
        .unwrap();
    let bot = Client::builder(pod.uri(), auth)
        .agent_base_path(AGENT)
        .retry(fast())
        .build()
        .unwrap();
    let mut events = bot.datafeed_of::<Value>("bot");
    let mut got = Vec::new();
    for _ in 0..3 {
        got.push(events.next().await.unwrap().unwrap());
    }
    // The feed expires before the batch of e1..e3 was acknowledged: the
    // new feed hands it out again, then what came after.
    agent.expire();
    agent.push([event("e4"), event("e5")]);
    for _ in 0..5 {
        got.push(events.next().await.unwrap().unwrap());
    }
    assert_eq!(ids(&got), ["e1", "e2", "e3", "e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(agent.feeds_created(), 2);
    // One login so far: a session and a key manager token.
    assert_eq!(pod.logins(), 2);
    // The session expires: one new login, and the feed goes on.
    pod.expire_sessions();
    agent.push([event("e6")]);
    assert_eq!(events.next().await.unwrap().unwrap()["id"], "e6");
    assert_eq!(pod.logins(), 4);
    // Everything but the last batch is acknowledged; none is lost.
    assert_eq!(agent.acknowledged(), 5);
    assert_eq!(agent.pending(), 1);
    events.delete().await.unwrap();
    assert_eq!(agent.acknowledged() + agent.pending(), 6);
}

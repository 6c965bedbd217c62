//! The mock pod's agent datafeed (feature `mock`): events a test pushes,
//! served to the client's datafeed as the agent's v5 datafeed serves them,
//! with acknowledgements, a feed that expires and long polls.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

/// The most events one read hands out.
const BATCH: usize = 100;

/// The agent's datafeed as the mock pod serves it, under the agent's base
/// path on the mock's server: `GET`/`POST /v5/datafeeds` (list by tag,
/// create), `POST /v5/datafeeds/{id}/read`, `DELETE /v5/datafeeds/{id}`.
/// Events go out in the order they were pushed, at most 100 a read. A
/// batch is handed out again until a read acknowledges it (sends its
/// `ackId`). A read with nothing to hand out waits [`hold`](Self::hold)
/// (50 ms by default), as the agent's long poll does.
#[derive(Clone)]
pub struct MockDatafeed {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for MockDatafeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockDatafeed")
            .field("feed", &state.feed)
            .field("pending", &state.queue.len())
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct State {
    /// The feed the agent knows, if any.
    feed: Option<String>,
    /// Feeds created so far (for their ids).
    created: usize,
    /// Events not yet handed out.
    queue: VecDeque<Value>,
    /// The batch handed out and not yet acknowledged, with its ack id.
    in_flight: Option<(String, Vec<Value>)>,
    /// Batches handed out so far (for their ack ids).
    batches: usize,
    /// Events acknowledged so far.
    acknowledged: usize,
    hold: Duration,
}

impl MockDatafeed {
    /// Serves the datafeed on `server` under `agent_base_path`.
    pub(crate) async fn mount(server: &MockServer, agent_base_path: &str) -> MockDatafeed {
        let feed = MockDatafeed {
            state: Arc::new(Mutex::new(State {
                hold: Duration::from_millis(50),
                ..State::default()
            })),
        };
        let feeds = format!("{}/v5/datafeeds", agent_base_path.trim_end_matches('/'));
        for (verb, shape, kind) in [
            ("GET", Shape::Feeds, Kind::List),
            ("POST", Shape::Feeds, Kind::Create),
            ("POST", Shape::Read, Kind::Read),
            ("DELETE", Shape::Feed, Kind::Delete),
        ] {
            Mock::given(method(verb))
                .and(FeedPath {
                    feeds: feeds.clone(),
                    shape,
                })
                .respond_with(Responder {
                    state: feed.state.clone(),
                    kind,
                })
                .with_priority(2)
                .named("the mock agent's datafeed")
                .mount(server)
                .await;
        }
        feed
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues events for the feed, in order (JSON as the agent sends
    /// them: serialize the spec's event type, or write them with `json!`).
    pub fn push(&self, events: impl IntoIterator<Item = Value>) {
        self.lock().queue.extend(events);
    }

    /// Forgets the feed, as an agent restart or its 30-minute expiry does:
    /// the next read is answered 400 and the client creates another feed.
    /// A batch handed out and not acknowledged is handed out again on the
    /// new feed, so a test sees whether its bot copes with duplicates.
    pub fn expire(&self) {
        let mut state = self.lock();
        state.feed = None;
        if let Some((_, batch)) = state.in_flight.take() {
            for event in batch.into_iter().rev() {
                state.queue.push_front(event);
            }
        }
    }

    /// How long a read with nothing to hand out waits before it answers
    /// an empty batch.
    pub fn hold(&self, hold: Duration) {
        self.lock().hold = hold;
    }

    /// How many events reads have acknowledged so far.
    pub fn acknowledged(&self) -> usize {
        self.lock().acknowledged
    }

    /// How many events are not yet handed out or not yet acknowledged.
    pub fn pending(&self) -> usize {
        let state = self.lock();
        state.queue.len() + state.in_flight.as_ref().map_or(0, |(_, b)| b.len())
    }

    /// How many feeds clients created.
    pub fn feeds_created(&self) -> usize {
        self.lock().created
    }
}

/// Which datafeed path a request is for, under `…/v5/datafeeds`.
#[derive(Clone, Copy)]
enum Shape {
    /// The list itself.
    Feeds,
    /// One feed: `…/v5/datafeeds/{id}`.
    Feed,
    /// One feed's read: `…/v5/datafeeds/{id}/read`.
    Read,
}

/// Matches the datafeed paths of one shape.
struct FeedPath {
    feeds: String,
    shape: Shape,
}

impl Match for FeedPath {
    fn matches(&self, request: &Request) -> bool {
        let path = request.url.path();
        let Some(rest) = path.strip_prefix(self.feeds.as_str()) else {
            return false;
        };
        let segments: Vec<&str> = rest.split('/').skip(1).collect();
        match (self.shape, segments.as_slice()) {
            (Shape::Feeds, []) => rest.is_empty(),
            (Shape::Feed, [id]) => !id.is_empty(),
            (Shape::Read, [id, "read"]) => !id.is_empty(),
            _ => false,
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    List,
    Create,
    Read,
    Delete,
}

struct Responder {
    state: Arc<Mutex<State>>,
    kind: Kind,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        // The feed id a path names: `…/datafeeds/{id}` or `…/{id}/read`.
        let segments: Vec<&str> = request.url.path().split('/').collect();
        let named = match self.kind {
            Kind::Read => segments.iter().rev().nth(1),
            _ => segments.last(),
        }
        .copied()
        .unwrap_or_default();
        match self.kind {
            Kind::List => {
                let feeds: Vec<Value> = state.feed.iter().map(|id| json!({ "id": id })).collect();
                ResponseTemplate::new(200).set_body_json(feeds)
            }
            Kind::Create => {
                state.created += 1;
                let id = format!("mock-feed-{}", state.created);
                state.feed = Some(id.clone());
                state.in_flight = None;
                ResponseTemplate::new(201).set_body_json(json!({ "id": id, "type": "fanout" }))
            }
            Kind::Delete => {
                if state.feed.as_deref() == Some(named) {
                    state.feed = None;
                }
                ResponseTemplate::new(204)
            }
            Kind::Read if state.feed.as_deref() != Some(named) => ResponseTemplate::new(400)
                .set_body_json(json!({ "code": 400, "message": "the feed does not exist" })),
            Kind::Read => {
                let ack = serde_json::from_slice::<Value>(&request.body)
                    .ok()
                    .and_then(|b| b.get("ackId").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_default();
                match state.in_flight.take() {
                    Some((id, batch)) if id == ack => state.acknowledged += batch.len(),
                    // Not acknowledged: the same batch again.
                    Some((id, batch)) => {
                        let body = json!({ "events": batch, "ackId": id });
                        state.in_flight = Some((id, batch));
                        return ResponseTemplate::new(200).set_body_json(body);
                    }
                    None => {}
                }
                if state.queue.is_empty() {
                    return ResponseTemplate::new(200)
                        .set_body_json(json!({ "events": [], "ackId": ack }))
                        .set_delay(state.hold);
                }
                let take = state.queue.len().min(BATCH);
                let batch: Vec<Value> = state.queue.drain(..take).collect();
                state.batches += 1;
                let id = format!("mock-ack-{}", state.batches);
                let body = json!({ "events": batch, "ackId": id });
                state.in_flight = Some((id, batch));
                ResponseTemplate::new(200).set_body_json(body)
            }
        }
    }
}

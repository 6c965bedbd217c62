//! The agent's datafeed (v5) as a stream of real-time events: find or
//! create the feed, long-poll it, acknowledge each batch once it is handed
//! out, create another feed when the agent forgets this one, back off on
//! failures.

use crate::runtime::request::{Operation, Service};
use crate::runtime::{Client, Error, Request};
use futures_core::Stream;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// The credentials every datafeed call sends.
const CREDENTIALS: &[&str] = &["sessionToken", "keyManagerToken"];

macro_rules! feed_operation {
    ($name:ident, $method:ident, $op:literal, $path:literal) => {
        static $name: Operation = Operation {
            name: $op,
            method: Method::$method,
            path: $path,
            credentials: CREDENTIALS,
            service: Service::Agent,
        };
    };
}
feed_operation!(LIST, GET, "list_datafeed", "/v5/datafeeds");
feed_operation!(CREATE, POST, "create_datafeed", "/v5/datafeeds");
feed_operation!(
    READ,
    POST,
    "read_datafeed",
    "/v5/datafeeds/{datafeedId}/read"
);
feed_operation!(
    DELETE,
    DELETE,
    "delete_datafeed",
    "/v5/datafeeds/{datafeedId}"
);

/// A datafeed as the agent describes it: only its id matters here.
#[derive(Deserialize)]
struct Feed {
    id: Option<String>,
}

/// One read: the events, untyped until each is decoded on its own (so one
/// event this client cannot read never holds back the others or their
/// acknowledgement), and the id that acknowledges them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Batch {
    #[serde(default)]
    events: Option<Vec<serde_json::Value>>,
    ack_id: Option<String>,
}

/// The agent's real-time events, one at a time, as a [`Stream`] (and
/// [`Unpin`]: `StreamExt::next` reads it as it is).
///
/// How it reads the agent's v5 datafeed:
/// - **Which feed.** At the first read it looks for a feed of its tag
///   (`GET /v5/datafeeds?tag=…`) and creates one when there is none
///   (`POST /v5/datafeeds`): a bot that restarts with the same tag picks
///   up the events its last run left.
/// - **At least once.** A read hands over a batch; the next read
///   acknowledges it (its `ackId`), and the next read starts only when
///   every event of the batch was taken from the stream. An event is
///   delivered again only if the stream was dropped, or the feed was
///   lost, before its batch was acknowledged. At most one batch is held
///   in memory.
/// - **A feed that expires** (the agent answers 400: feeds live 30 minutes
///   unread, or after an agent restart) is replaced by a new one, at once;
///   a new feed that is refused again is an error.
/// - **A session that expires** (401): the client logs in again and
///   repeats the read once, as for any call.
/// - **Failures** (429, 5xx, no connection, a read past its deadline) are
///   retried after the client's [`RetryPolicy`](crate::runtime::RetryPolicy)
///   backoff, as many times as it allows; then the error is yielded, and
///   the next `next()` tries again. The stream never ends by itself: drop
///   it to stop, or call [`Datafeed::delete`] to delete the feed too.
/// - **A read is a long poll**: the agent holds it open until it has
///   events, up to about 30 s. Each read is one call, under the client's
///   deadline ([`ClientBuilder::deadline`](crate::runtime::ClientBuilder::deadline),
///   default 90 s); keep it above the agent's hold, and the network's
///   per-request timeout (60 s by default) too.
/// - An event that does not decode as the event type is yielded as
///   [`Error::Decode`] and acknowledged with its batch.
pub struct Datafeed<E> {
    inner: Pin<Box<dyn Stream<Item = Result<E, Error>> + Send>>,
    feed: Arc<Mutex<Option<String>>>,
    client: Client,
}

impl<E> fmt::Debug for Datafeed<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Datafeed")
            .field("feed", &self.feed_id())
            .finish_non_exhaustive()
    }
}

impl<E> Stream for Datafeed<E> {
    type Item = Result<E, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<E> Datafeed<E> {
    /// The id of the feed being read, once one was found or created.
    pub fn feed_id(&self) -> Option<String> {
        self.feed.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Stops reading and deletes the feed on the agent (at the end of a
    /// bot's run): events it still holds, acknowledged or not, go with it.
    /// A stream that never read has no feed, and nothing to delete.
    pub async fn delete(self) -> Result<(), Error> {
        let Some(id) = self.feed_id() else {
            return Ok(());
        };
        drop(self.inner);
        let request = Request::new(&DELETE)
            .literal("v5")
            .literal("datafeeds")
            .param("datafeedId", &id);
        self.client.send(request).await.map(|_| ())
    }
}

/// What the loop keeps between reads.
struct State<E> {
    client: Client,
    tag: String,
    feed: Arc<Mutex<Option<String>>>,
    /// The id that acknowledges the last batch (empty before the first).
    ack: String,
    buffer: VecDeque<Result<E, Error>>,
    /// Failed attempts in a row, for the backoff.
    failures: u32,
    _event: PhantomData<fn() -> E>,
}

impl Client {
    /// The agent's datafeed of events of type `E`, tagged `tag` (at most
    /// 100 characters; the bot's name is a good one): see [`Datafeed`].
    /// Nothing is sent until the stream is read. Generated code gives it
    /// the spec's event type.
    #[doc(hidden)]
    pub fn datafeed_of<E>(&self, tag: impl Into<String>) -> Datafeed<E>
    where
        E: DeserializeOwned + Send + 'static,
    {
        let feed = Arc::new(Mutex::new(None));
        let state = State {
            client: self.clone(),
            tag: tag.into(),
            feed: feed.clone(),
            ack: String::new(),
            buffer: VecDeque::new(),
            failures: 0,
            _event: PhantomData,
        };
        let stream = futures_util::stream::unfold(state, |mut state| async move {
            let item = state.next().await;
            Some((item, state))
        });
        Datafeed {
            inner: Box::pin(stream),
            feed,
            client: self.clone(),
        }
    }
}

impl<E: DeserializeOwned> State<E> {
    /// The next event, or the error that ended an attempt for good.
    async fn next(&mut self) -> Result<E, Error> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return item;
            }
            match self.read().await {
                Ok(()) => self.failures = 0,
                Err(e) if self.transient(&e) => {
                    self.failures += 1;
                    let policy = self.client.retry_policy();
                    if !policy.allows(self.failures, true) {
                        self.failures = 0;
                        return Err(e);
                    }
                    let wait = policy.backoff(self.failures);
                    tracing::debug!(error = %e, ?wait, "datafeed: backing off");
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// One read of the current feed (found or created first), its events
    /// into the buffer; a feed the agent no longer knows is replaced.
    async fn read(&mut self) -> Result<(), Error> {
        let id = match self.feed() {
            Some(id) => id,
            None => self.find_or_create().await?,
        };
        let body = serde_json::json!({ "ackId": self.ack });
        let request = Request::new(&READ)
            .literal("v5")
            .literal("datafeeds")
            .param("datafeedId", &id)
            .literal("read")
            .json("application/json", Some(&body));
        let batch = match self.client.send(request).await {
            Ok(response) => response.json::<Batch>()?.into_inner(),
            Err(Error::Api(e)) if e.status == reqwest::StatusCode::BAD_REQUEST => {
                let fresh = self.ack.is_empty();
                tracing::info!(feed = %id, "datafeed: the agent no longer knows the feed; creating another");
                self.set_feed(None);
                self.ack.clear();
                // A feed just created and refused at once is not expiry.
                return if fresh { Err(Error::Api(e)) } else { Ok(()) };
            }
            Err(e) => return Err(e),
        };
        if let Some(ack) = batch.ack_id.filter(|a| !a.is_empty()) {
            self.ack = ack;
        }
        for event in batch.events.into_iter().flatten() {
            self.buffer.push_back(decode_event(event));
        }
        Ok(())
    }

    /// The feed of this tag, or a new one.
    async fn find_or_create(&mut self) -> Result<String, Error> {
        let list = Request::new(&LIST)
            .literal("v5")
            .literal("datafeeds")
            .query("tag", Some(&self.tag));
        let feeds = self
            .client
            .send(list)
            .await?
            .json::<Vec<Feed>>()?
            .into_inner();
        let id = match feeds.into_iter().find_map(|f| f.id) {
            Some(id) => id,
            None => {
                let body = serde_json::json!({ "tag": self.tag });
                let create = Request::new(&CREATE)
                    .literal("v5")
                    .literal("datafeeds")
                    .json("application/json", Some(&body));
                let feed = self.client.send(create).await?.json::<Feed>()?.into_inner();
                feed.id.ok_or_else(|| Error::InvalidRequest {
                    operation: CREATE.name,
                    reason: "the agent created a feed without an id".to_owned(),
                })?
            }
        };
        self.ack.clear();
        self.set_feed(Some(id.clone()));
        Ok(id)
    }

    fn feed(&self) -> Option<String> {
        self.feed.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set_feed(&self, id: Option<String>) {
        *self.feed.lock().unwrap_or_else(|e| e.into_inner()) = id;
    }

    /// Whether another attempt may succeed: too many requests, a server
    /// error, no answer, or a read past its deadline.
    fn transient(&self, e: &Error) -> bool {
        match e {
            Error::Api(e) => {
                crate::runtime::retry::retryable(e.status) || e.status.is_server_error()
            }
            Error::Transport { .. } | Error::Timeout { .. } | Error::Deadline { .. } => true,
            _ => false,
        }
    }
}

/// One event as `E`, or the decode error that names where it failed.
fn decode_event<E: DeserializeOwned>(event: serde_json::Value) -> Result<E, Error> {
    // Read from the value in place: the excerpt is made only on failure.
    serde_path_to_error::deserialize(&event).map_err(|e| {
        let excerpt: String = event.to_string().chars().take(200).collect();
        Error::Decode {
            operation: READ.name,
            status: reqwest::StatusCode::OK,
            path: e.path().to_string(),
            message: e.inner().to_string(),
            excerpt,
        }
    })
}

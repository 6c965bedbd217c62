//! A mock pod for tests (cargo feature `mock`): expectations are declared
//! with the client's own request builders and the spec's types, answered
//! by a local server (wiremock), and checked when the test ends.

pub use crate::runtime::mock_datafeed::MockDatafeed;
use crate::runtime::mock_login::{redacted_excerpt, session_token, Logins};
use crate::runtime::request::{Body, PartValue};
use crate::runtime::{
    Client, ClientBuilder, CredentialProvider, Request, RetryPolicy, Secret, TokenFuture,
};
use serde::Serialize;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// An operation's request builder, as the mock sees it: the request it
/// would send, and how the pod answers with a value of its output.
/// Every operation's builder implements it.
pub trait MockCall {
    /// What `send` returns (inside `ResponseValue`).
    type Output;
    /// The request `send` would send.
    fn into_request(self) -> Request;
    /// The response from which `send` decodes `output`.
    fn reply(output: &Self::Output) -> Reply;
}

/// A response the mock pod sends: status, content type and body.
#[derive(Clone, PartialEq, Eq)]
pub struct Reply {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    /// `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        let body = serde_json::to_vec(value).unwrap_or_else(|e| {
            panic!("mock pod: the reply value does not serialise as JSON: {e}")
        });
        Reply::raw(status, "application/json", body)
    }

    /// Text, as `text/plain`.
    pub fn text(status: u16, text: &str) -> Reply {
        Reply::raw(status, "text/plain", text.as_bytes().to_vec())
    }

    /// Bytes with their content type.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: Some(content_type.to_owned()),
            body: body.into(),
        }
    }

    /// A status and no body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            body: Vec::new(),
        }
    }

    /// The pod's error body, `{"code": status, "message": message}`.
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            &serde_json::json!({ "code": status, "message": message }),
        )
    }

    pub(crate) fn template(&self, delay: Option<Duration>) -> wiremock::ResponseTemplate {
        let mut template = wiremock::ResponseTemplate::new(self.status);
        if let Some(content_type) = &self.content_type {
            template = template.set_body_raw(self.body.clone(), content_type);
        }
        match delay {
            Some(delay) => template.set_delay(delay),
            None => template,
        }
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// A request the mock pod received.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The operation whose expectation it matched (`v2_admin_user_uid_get`),
    /// or `None` when it matched none.
    pub operation: Option<&'static str>,
    pub method: String,
    /// The path, percent-encoded, with the base path.
    pub path: String,
    /// The query pairs, decoded, in order.
    pub query: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The `sessionToken` the request carried (redacted in `Debug`).
    pub session_token: Option<Secret>,
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        for (i, (name, value)) in self.query.iter().enumerate() {
            write!(f, "{}{name}={value}", if i == 0 { '?' } else { '&' })?;
        }
        if !self.body.is_empty() {
            write!(f, " with body {}", redacted_excerpt(&self.body))?;
        }
        Ok(())
    }
}

/// A local pod that answers what the test expects. Dropping it checks
/// that each expectation was met as often as declared and that no request
/// matched none (a panic says which, unless the test already failed);
/// [`verify`](Self::verify) checks the same earlier.
pub struct MockPod {
    server: wiremock::MockServer,
    client: Client,
    agent_base_path: String,
    datafeed: tokio::sync::OnceCell<MockDatafeed>,
    calls: Arc<Mutex<Vec<Call>>>,
    expected: Arc<Mutex<Vec<String>>>,
    logins: Arc<Logins>,
}

impl fmt::Debug for MockPod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockPod")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

/// The mock client's credentials: a fixed value per header name.
struct MockTokens;

impl CredentialProvider for MockTokens {
    fn token<'a>(&'a self, name: &'a str) -> TokenFuture<'a> {
        Box::pin(async move { Ok(Secret::new(format!("mock-{name}"))) })
    }
}

impl MockPod {
    /// Starts a mock pod whose API is under `base_path` (the generated
    /// `MockPod::start` passes the spec's).
    pub async fn start_with_base_path(base_path: &str) -> MockPod {
        MockPod::start_with_base_paths(base_path, "").await
    }

    /// Starts a mock pod and agent on one local server: the pod's API
    /// under `base_path`, the agent's under `agent_base_path` (its client
    /// calls the agent there too).
    pub async fn start_with_base_paths(base_path: &str, agent_base_path: &str) -> MockPod {
        let server = wiremock::MockServer::start().await;
        let client = ClientBuilder::new(server.uri(), base_path, MockTokens)
            .agent_base_path(agent_base_path)
            .retry(RetryPolicy::none())
            .build()
            .unwrap_or_else(|e| panic!("mock pod: the client cannot be built: {e}"));
        let logins: Arc<Logins> = Arc::default();
        logins.mount(&server).await;
        let calls: Arc<Mutex<Vec<Call>>> = Arc::default();
        let expected: Arc<Mutex<Vec<String>>> = Arc::default();
        // Any request no expectation takes: recorded, answered 404 with
        // what was expected, and a failure at the end.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unmatched {
                calls: calls.clone(),
                expected: expected.clone(),
            })
            .with_priority(u8::MAX)
            .named("requests no expectation matches")
            .mount(&server)
            .await;
        MockPod {
            server,
            client,
            agent_base_path: agent_base_path.to_owned(),
            datafeed: tokio::sync::OnceCell::new(),
            calls,
            expected,
            logins,
        }
    }

    /// How many logins the pod answered. It answers every login the
    /// client's providers make: `RsaAuth` and `AppAuth::rsa` (the JWT must
    /// have a subject and expire within 5 minutes; its signature is not
    /// checked), `CertAuth` and `AppAuth::certificate` (no certificate is
    /// asked for: the mock is plain http), and `OboAuth` (with a session
    /// the mock issued). Point a provider at [`uri`](Self::uri):
    /// `RsaAuth::from_pem(pod.uri(), "bot", pem)`. Sessions are
    /// `mock-session-<n>`, key manager tokens `mock-km-<n>`, users'
    /// sessions `mock-obo-session-<n>`; [`Call::session_token`] says
    /// which one a call carried.
    pub fn logins(&self) -> usize {
        self.logins.count()
    }

    /// Expires every session issued so far: a call carrying one is
    /// answered 401, and the client logs in again and retries once.
    pub fn expire_sessions(&self) {
        self.logins.expire();
    }

    /// The agent's datafeed this mock serves (see [`MockDatafeed`]): push
    /// events to it, expire the feed; the client's datafeed reads them.
    /// It is served from the first call on.
    pub async fn datafeed(&self) -> &MockDatafeed {
        self.datafeed
            .get_or_init(|| MockDatafeed::mount(&self.server, &self.agent_base_path))
            .await
    }

    /// A client of this pod (no retries; credentials `mock-<header>`).
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The pod URL, for code that builds its own client
    /// (`Client::builder(pod.uri(), …)`): `http://127.0.0.1:port`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Declares that the pod receives the request `call` builds, with the
    /// same arguments and optional parameters:
    /// `pod.expect(|c| c.v2_admin_user_uid_get(7)).returns(user).await`.
    /// Nothing is mounted until the expectation is awaited.
    pub fn expect<'p, C, F>(&'p self, call: F) -> Expectation<'p, C::Output>
    where
        C: MockCall + 'p,
        F: FnOnce(&'p Client) -> C,
    {
        let request = call(&self.client).into_request();
        let matcher = Matcher::new(&self.client, &request);
        Expectation {
            pod: self,
            matcher,
            reply_of: C::reply,
            reply: None,
            delay: None,
            times: None,
        }
    }

    /// Every request received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every request received so far, in order, which are then forgotten:
    /// requests taken here that matched no expectation no longer fail the
    /// test (for a test that asserts what a wrong call does).
    pub fn take_calls(&self) -> Vec<Call> {
        std::mem::take(&mut *self.calls.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// How many received requests matched an expectation of `operation`.
    pub fn count(&self, operation: &str) -> usize {
        self.calls()
            .iter()
            .filter(|c| c.operation == Some(operation))
            .count()
    }

    /// Panics unless every expectation was met as often as declared and
    /// every request matched one.
    pub async fn verify(&self) {
        if let Some(report) = self.unmatched_report() {
            panic!("{report}");
        }
        self.server.verify().await;
    }

    fn unmatched_report(&self) -> Option<String> {
        let unmatched: Vec<String> = self
            .calls()
            .iter()
            .filter(|c| c.operation.is_none())
            .map(|c| format!("  {c}"))
            .collect();
        if unmatched.is_empty() {
            return None;
        }
        let expected = self.expected.lock().unwrap_or_else(|e| e.into_inner());
        Some(format!(
            "mock pod: {} request(s) matched no expectation:\n{}\nexpected:\n{}",
            unmatched.len(),
            unmatched.join("\n"),
            list(&expected)
        ))
    }
}

impl Drop for MockPod {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let Some(report) = self.unmatched_report() {
            panic!("{report}");
        }
    }
}

/// A declared expectation: set the reply, how often, a delay; then
/// `.await` it to mount it on the pod.
#[must_use = "an expectation does nothing until it is awaited"]
pub struct Expectation<'p, O> {
    pod: &'p MockPod,
    matcher: Matcher,
    reply_of: fn(&O) -> Reply,
    reply: Option<Reply>,
    delay: Option<Duration>,
    times: Option<u64>,
}

impl<O> fmt::Debug for Expectation<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("request", &self.matcher.to_string())
            .field("reply", &self.reply)
            .field("times", &self.times)
            .finish()
    }
}

impl<'p, O> Expectation<'p, O> {
    /// Answers with `value`, as the operation's success response.
    pub fn returns(mut self, value: O) -> Self {
        self.reply = Some((self.reply_of)(&value));
        self
    }

    /// Answers with an error status and the pod's error body
    /// (`{"code": status, "message": message}`).
    pub fn fails(mut self, status: u16, message: &str) -> Self {
        self.reply = Some(Reply::error(status, message));
        self
    }

    /// Answers with this response, whatever it is (a malformed body, a
    /// status the spec does not list).
    pub fn replies(mut self, reply: Reply) -> Self {
        self.reply = Some(reply);
        self
    }

    /// Answers after this delay (for timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Expects exactly `n` such requests (by default: at least one).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    async fn mount(self) {
        let description = self.matcher.to_string();
        let reply = self.reply.unwrap_or_else(|| {
            panic!(
                "mock pod: `{description}` has no reply; use .returns(…), .fails(…) or .replies(…)"
            )
        });
        let responder = Recorder {
            operation: self.matcher.operation,
            reply,
            delay: self.delay,
            calls: self.pod.calls.clone(),
        };
        let mock = wiremock::Mock::given(self.matcher).respond_with(responder);
        let mock = match self.times {
            Some(n) => mock.expect(n),
            None => mock.expect(1..),
        };
        self.pod
            .expected
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(description.clone());
        mock.named(description).mount(&self.pod.server).await;
    }
}

impl<'p, O: 'p> std::future::IntoFuture for Expectation<'p, O> {
    type Output = ();
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + 'p>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.mount())
    }
}

/// What a request must be to match: the one the client would send.
struct Matcher {
    operation: &'static str,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    credentials: &'static [&'static str],
    body: Option<Body>,
}

impl Matcher {
    fn new(client: &Client, request: &Request) -> Matcher {
        let op = request.operation;
        if let Some(problem) = &request.problem {
            panic!("mock pod: the expected request cannot be sent: {problem}");
        }
        let url = client
            .url(request)
            .unwrap_or_else(|e| panic!("mock pod: the expected request cannot be sent: {e}"));
        let mut query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        query.sort();
        Matcher {
            operation: op.name,
            method: op.method.to_string(),
            path: url.path().to_owned(),
            query,
            headers: request.headers.clone(),
            credentials: op.credentials,
            body: request.body.clone(),
        }
    }

    fn body_matches(&self, request: &wiremock::Request) -> bool {
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        match &self.body {
            None => request.body.is_empty(),
            Some(Body::Raw(expected_type, bytes)) => {
                content_type == *expected_type
                    && (bytes == &request.body || same_json(bytes, &request.body))
            }
            Some(Body::Form(fields)) => {
                let mut sent = form_pairs(&request.body);
                let mut expected: Vec<(String, String)> = fields
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect();
                sent.sort();
                expected.sort();
                content_type.starts_with("application/x-www-form-urlencoded") && sent == expected
            }
            // Parts are checked by name and, for text and JSON, by value.
            Some(Body::Multipart(parts)) => {
                content_type.starts_with("multipart/form-data")
                    && parts.iter().all(|part| {
                        let name = format!("name=\"{}\"", part.name);
                        let value: &[u8] = match &part.value {
                            PartValue::Text(text) => text.as_bytes(),
                            PartValue::Json(json) => json,
                            PartValue::File(_) => b"",
                        };
                        contains(&request.body, name.as_bytes()) && contains(&request.body, value)
                    })
            }
        }
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} {}", self.operation, self.method, self.path)?;
        for (i, (name, value)) in self.query.iter().enumerate() {
            write!(f, "{}{name}={value}", if i == 0 { '?' } else { '&' })?;
        }
        for (name, value) in &self.headers {
            write!(f, " [{name}: {value}]")?;
        }
        match &self.body {
            Some(Body::Raw(_, bytes)) => write!(f, " with body {}", redacted_excerpt(bytes)),
            Some(Body::Form(fields)) => write!(f, " with form {fields:?}"),
            Some(Body::Multipart(parts)) => write!(
                f,
                " with parts {:?}",
                parts.iter().map(|p| p.name).collect::<Vec<_>>()
            ),
            None => Ok(()),
        }
    }
}

impl wiremock::Match for Matcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        query.sort();
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        request.method.as_str() == self.method
            && request.url.path() == self.path
            && query == self.query
            && self
                .headers
                .iter()
                .all(|(name, value)| header(name).as_deref() == Some(value.as_str()))
            && self.credentials.iter().all(|name| header(name).is_some())
            && self.body_matches(request)
    }
}

/// Answers a matched request and records it.
struct Recorder {
    operation: &'static str,
    reply: Reply,
    delay: Option<Duration>,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl wiremock::Respond for Recorder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        record(&self.calls, Some(self.operation), request);
        self.reply.template(self.delay)
    }
}

/// Answers a request no expectation matched: 404 with the pod's error
/// body naming the request and what was expected.
struct Unmatched {
    calls: Arc<Mutex<Vec<Call>>>,
    expected: Arc<Mutex<Vec<String>>>,
}

impl wiremock::Respond for Unmatched {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let call = record(&self.calls, None, request);
        let expected = self.expected.lock().unwrap_or_else(|e| e.into_inner());
        let message = format!(
            "mock pod: no expectation matches {call}; expected:\n{}",
            list(&expected)
        );
        Reply::error(404, &message).template(None)
    }
}

fn record(
    calls: &Mutex<Vec<Call>>,
    operation: Option<&'static str>,
    request: &wiremock::Request,
) -> Call {
    let call = Call {
        operation,
        method: request.method.to_string(),
        path: request.url.path().to_owned(),
        query: request.url.query_pairs().into_owned().collect(),
        body: request.body.clone(),
        session_token: session_token(request).map(Secret::new),
    };
    calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(call.clone());
    call
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "  (no expectations)".to_owned();
    }
    items
        .iter()
        .map(|i| format!("  {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn same_json(expected: &[u8], sent: &[u8]) -> bool {
    match (
        serde_json::from_slice::<serde_json::Value>(expected),
        serde_json::from_slice::<serde_json::Value>(sent),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let mut url = reqwest::Url::parse("http://form.invalid/").expect("a valid URL");
    url.set_query(Some(&String::from_utf8_lossy(body)));
    url.query_pairs().into_owned().collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

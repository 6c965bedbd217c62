//! The client: connection pool, base URL, credentials and retries, and the
//! one place every call goes through.

use crate::runtime::request::{multipart, Body, Piece, Service};
use crate::runtime::response::{RawResponse, Sending};
use crate::runtime::retry::{retry_after, retryable};
use crate::runtime::{
    ApiError, ApiErrorBody, CredentialProvider, Error, Network, NetworkError, Request, RetryPolicy,
};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Url;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// A client of one pod. Cheap to clone (the connection pool is shared),
/// `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    headers: HeaderMap,
    base: Url,
    /// The agent's URL and base path.
    agent: Url,
    credentials: Arc<dyn CredentialProvider>,
    retry: RetryPolicy,
    deadline: Duration,
    max_response_bytes: usize,
    max_json_nodes: usize,
    cross_origin: bool,
}

/// How long one call may take in all by default (see
/// [`ClientBuilder::deadline`]).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(90);

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
            .field("agent", &self.inner.agent.as_str())
            .field("retry", &self.inner.retry)
            .field("credentials", &"<redacted>")
            .finish()
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    #[error("`{0}` is not a usable base URL: {1}")]
    Url(String, String),
    /// A network setting that cannot be used.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// An `http://` pod URL that is not a loopback address: credentials
    /// would travel in clear text.
    #[error("`{0}` is not https: credentials would travel in clear text (use https, or `allow_http` for a trusted network)")]
    InsecureUrl(String),
}

/// The most redirects a call follows (same origin only).
pub const MAX_REDIRECTS: usize = 5;

/// The default limit of a response body: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// The default limit of JSON objects and arrays in a response.
pub const DEFAULT_MAX_JSON_NODES: usize = 500_000;

/// How much of an error response's body is kept: 64 KiB.
const MAX_ERROR_BYTES: usize = 64 * 1024;

/// The redirect policy of every client this crate builds: follow a redirect
/// only to the same origin (scheme, host and port) as the request, at most
/// [`MAX_REDIRECTS`] times. Any other redirect is not followed: the call
/// ends with the 3xx status as an [`Error::Api`](crate::runtime::Error::Api)
/// (its `Location` header says where), so no credential header and no body
/// ever reaches another origin, and https never turns into http. Applied
/// last, after [`Network::customize`], so nothing can loosen it.
pub(crate) fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if follows(attempt.previous(), attempt.url()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether a redirect to `next`, after visiting `previous` (the request's
/// URL first), is followed.
fn follows(previous: &[Url], next: &Url) -> bool {
    let Some(first) = previous.first() else {
        return false;
    };
    previous.len() <= MAX_REDIRECTS && first.origin() == next.origin()
}

/// Whether a URL's host is this machine (`localhost`, 127.0.0.0/8, `::1`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Builds a [`Client`]. Defaults: the spec's base path, [`Network::new`]'s
/// settings (10 s to connect, 60 s per request, the environment's proxy),
/// 90 s per call in all ([`DEFAULT_DEADLINE`]), [`RetryPolicy::default`].
pub struct ClientBuilder {
    pod_url: String,
    base_path: String,
    agent_url: Option<String>,
    agent_base_path: String,
    credentials: Arc<dyn CredentialProvider>,
    retry: RetryPolicy,
    network: Network,
    deadline: Duration,
    allow_http: bool,
    max_response_bytes: usize,
    max_json_nodes: usize,
    cross_origin: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("pod_url", &self.pod_url)
            .field("base_path", &self.base_path)
            .field("agent_url", &self.agent_url)
            .field("agent_base_path", &self.agent_base_path)
            .field("network", &self.network)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder for the pod at `pod_url` (`https://acme.symphony.com`),
    /// whose API lives under `base_path` (`/pod`).
    pub fn new(
        pod_url: impl Into<String>,
        base_path: impl Into<String>,
        credentials: impl CredentialProvider,
    ) -> Self {
        ClientBuilder {
            pod_url: pod_url.into(),
            base_path: base_path.into(),
            agent_url: None,
            agent_base_path: String::new(),
            credentials: Arc::new(credentials),
            retry: RetryPolicy::default(),
            network: Network::new(),
            deadline: DEFAULT_DEADLINE,
            allow_http: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_json_nodes: DEFAULT_MAX_JSON_NODES,
            cross_origin: false,
        }
    }

    /// Follows redirects to other origins too, as plain requests that carry
    /// no credential, no header of the call and no body (a 307 or 308 of a
    /// call with a body is therefore not followed), never from https to
    /// http, at most [`MAX_REDIRECTS`] times. Off by default: a pod has no
    /// reason to send its API elsewhere.
    pub fn follow_cross_origin_redirects(mut self) -> Self {
        self.cross_origin = true;
        self
    }

    /// The most JSON objects and arrays a response may hold (default
    /// 500,000): each becomes a value in memory, and small ones (`{},`)
    /// weigh a hundred times their size on the wire. Past it the call
    /// fails with [`Error::Decode`](crate::runtime::Error::Decode) before
    /// decoding anything.
    pub fn max_json_nodes(mut self, limit: usize) -> Self {
        self.max_json_nodes = limit;
        self
    }

    /// Accepts an `http://` pod URL that is not a loopback address (a
    /// trusted network, a local proxy). Without it such a URL is refused:
    /// the session token would travel in clear text.
    pub fn allow_http(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// The largest response body a call reads (default 32 MiB): past it the
    /// call fails with [`Error::TooLarge`](crate::runtime::Error::TooLarge),
    /// having read no more than the limit and one network buffer.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The agent's URL (`https://agent.acme.com`, with any context path a
    /// proxy puts in front), where agent calls go, followed by the agent
    /// API's base path (`/agent`). By default the pod's URL: many
    /// deployments serve both on one host. The same rules hold there as
    /// at the pod: https (or loopback), same-origin redirects, limits;
    /// credentials go to an agent call only as its operation names them.
    pub fn agent_url(mut self, agent_url: impl Into<String>) -> Self {
        self.agent_url = Some(agent_url.into());
        self
    }

    /// The agent API's base path (`/agent`): generated code sets it.
    #[doc(hidden)]
    pub fn agent_base_path(mut self, base_path: impl Into<String>) -> Self {
        self.agent_base_path = base_path.into();
        self
    }

    /// Replaces the base path, the path on the host the API is served
    /// under (the crate's `BASE_PATH`, such as `/pod`): for a proxy that
    /// serves it elsewhere; `""` for the root.
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.base_path = base_path.into();
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// How long connecting may take ([`Network::connect_timeout`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.network = self.network.connect_timeout(timeout);
        self
    }

    /// The limit for a whole request, response body included
    /// ([`Network::timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.network = self.network.timeout(timeout);
        self
    }

    /// The User-Agent header ([`Network::user_agent`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.network = self.network.user_agent(user_agent);
        self
    }

    /// How the pod is reached: private roots, client certificate, proxy,
    /// timeouts, headers, and anything else reqwest can set
    /// ([`Network::customize`]). Replaces the network settings made so far
    /// (the timeouts and User-Agent of this builder included). The redirect
    /// rule, the https rule and the body limits hold whatever it sets.
    pub fn network(mut self, network: Network) -> Self {
        self.network = network;
        self
    }

    /// The most one call may take in all: fetching its credentials (a
    /// login included), every attempt and every wait between attempts.
    /// Past it the call ends with [`Error::Deadline`], whatever the server
    /// or the credential provider is doing. Default [`DEFAULT_DEADLINE`].
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    pub fn build(self) -> Result<Client, BuildError> {
        let base = api_url(&self.pod_url, &self.base_path, self.allow_http)?;
        let agent_url = self.agent_url.as_deref().unwrap_or(&self.pod_url);
        let agent = api_url(agent_url, &self.agent_base_path, self.allow_http)?;
        let http = self.network.api_client()?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                headers: self.network.headers().clone(),
                base,
                agent,
                credentials: self.credentials,
                retry: self.retry,
                deadline: self.deadline,
                max_response_bytes: self.max_response_bytes,
                max_json_nodes: self.max_json_nodes,
                cross_origin: self.cross_origin,
            }),
        })
    }
}

/// `url` followed by `base_path`, checked: http(s), https unless loopback
/// or `allow_http`, able to have a path.
fn api_url(url: &str, base_path: &str, allow_http: bool) -> Result<Url, BuildError> {
    let joined = format!(
        "{}/{}",
        url.trim_end_matches('/'),
        base_path.trim_matches('/')
    );
    let base = Url::parse(joined.trim_end_matches('/'))
        .map_err(|e| BuildError::Url(joined.clone(), e.to_string()))?;
    if base.cannot_be_a_base() {
        return Err(BuildError::Url(joined, "it cannot have a path".to_owned()));
    }
    match base.scheme() {
        "https" => Ok(base),
        "http" if allow_http || is_loopback(&base) => Ok(base),
        "http" => Err(BuildError::InsecureUrl(joined)),
        other => Err(BuildError::Url(
            joined.clone(),
            format!("the scheme `{other}` is not http or https"),
        )),
    }
}

impl Client {
    /// The retry policy calls follow (the datafeed backs off by it too).
    #[cfg(feature = "datafeed")]
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The URL calls are made under (pod URL and base path).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// Sends a request: credentials from the provider (refreshed and retried
    /// once on 401), retries per the policy, one tracing span per call, all
    /// within the client's deadline. Boxed, so that the one state machine
    /// is compiled once rather than inside every operation's future.
    #[doc(hidden)]
    pub fn send(&self, request: Request) -> Sending<'_> {
        Box::pin(self.send_timed(request))
    }

    async fn send_timed(&self, request: Request) -> Result<RawResponse, Error> {
        let op = request.operation;
        let span = tracing::info_span!("pod_api_call", operation = op.name, http.method = %op.method, http.route = op.path);
        let deadline = request.deadline.unwrap_or(self.inner.deadline);
        // Dropping the call at the deadline is safe: a credential fetch it
        // was making is taken up by the next caller that needs one.
        match tokio::time::timeout(deadline, self.send_inner(request))
            .instrument(span)
            .await
        {
            Ok(result) => result,
            Err(_) => Err(Error::Deadline {
                operation: op.name,
                deadline,
            }),
        }
    }

    async fn send_inner(&self, request: Request) -> Result<RawResponse, Error> {
        let op = request.operation;
        if let Some(problem) = &request.problem {
            return Err(request.invalid(problem.clone()));
        }
        let url = self.url(&request)?;
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| header(name, value).map_err(|reason| request.invalid(reason)))
            .collect::<Result<Vec<_>, _>>()?;
        let started = Instant::now();
        let mut refresh = false;
        let mut refreshed = false;
        let mut attempt = 0;
        // The credentials the last attempt sent, to say which were refused.
        let mut sent: Vec<crate::runtime::Secret> = Vec::new();
        loop {
            attempt += 1;
            let mut builder = self
                .inner
                .http
                .request(op.method.clone(), url.clone())
                .headers(self.inner.headers.clone());
            let rejected = std::mem::take(&mut sent);
            for (i, &name) in op.credentials.iter().enumerate() {
                let provider = &self.inner.credentials;
                let token = match rejected.get(i) {
                    Some(old) if refresh => provider.refresh_rejected(name, old).await,
                    _ => provider.token(name).await,
                };
                let token = token.map_err(|source| Error::Credentials {
                    operation: op.name,
                    header: name,
                    source,
                })?;
                let mut value = HeaderValue::from_str(token.expose()).map_err(|_| {
                    request.invalid(format!(
                        "the credential for `{name}` is not a valid header value"
                    ))
                })?;
                value.set_sensitive(true);
                builder = builder.header(name, value);
                sent.push(token);
            }
            refresh = false;
            for (name, value) in &headers {
                builder = builder.header(name.clone(), value.clone());
            }
            builder = match &request.body {
                Some(Body::Raw(content_type, bytes)) => builder
                    .header(CONTENT_TYPE, *content_type)
                    .body(bytes.clone()),
                Some(Body::Form(fields)) => builder.form(fields),
                Some(Body::Multipart(parts)) => {
                    builder.multipart(multipart(parts).map_err(|reason| request.invalid(reason))?)
                }
                None => builder,
            };
            let retry = &self.inner.retry;
            let may_retry = retry.allows(attempt, op.idempotent());
            let sent = match builder.send().await {
                Ok(response) if self.inner.cross_origin => {
                    self.follow_elsewhere(response, &op.method, request.body.is_some())
                        .await
                }
                other => other,
            };
            match sent {
                Ok(response) => {
                    let status = response.status();
                    if status == reqwest::StatusCode::UNAUTHORIZED
                        && !refreshed
                        && !op.credentials.is_empty()
                    {
                        tracing::debug!("401: refreshing credentials and trying once more");
                        refresh = true;
                        refreshed = true;
                        attempt -= 1;
                        continue;
                    }
                    if retryable(status) && may_retry {
                        let wait = retry_after(response.headers())
                            .unwrap_or_else(|| retry.backoff(attempt));
                        if started.elapsed().saturating_add(wait) <= retry.max_elapsed {
                            tracing::debug!(%status, ?wait, attempt, "retrying");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    let headers = response.headers().clone();
                    if status.is_success() {
                        let limit = self.inner.max_response_bytes;
                        // A declared length over the limit stops at once.
                        let declared = response.content_length().unwrap_or(0);
                        let read = if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
                            Ok((bytes::Bytes::new(), true))
                        } else {
                            read_bounded(response, limit).await
                        };
                        let body = match read {
                            Ok((body, false)) => body,
                            Ok((_, true)) => {
                                return Err(Error::TooLarge {
                                    operation: op.name,
                                    status,
                                    limit,
                                })
                            }
                            Err(e) => return Err(transport(op.name, e)),
                        };
                        return Ok(RawResponse {
                            max_json_nodes: self.inner.max_json_nodes,
                            operation: op.name,
                            status,
                            headers,
                            body,
                        });
                    }
                    // An error body is kept only in part: it is for people.
                    let limit = MAX_ERROR_BYTES.min(self.inner.max_response_bytes);
                    let (body, _) = read_bounded(response, limit)
                        .await
                        .map_err(|e| transport(op.name, e))?;
                    let body = ApiErrorBody::parse(&body);
                    return Err(Error::Api(Box::new(ApiError {
                        operation: op.name,
                        status,
                        headers,
                        body,
                    })));
                }
                // Nothing reached the server (no connection), or the server
                // closed the connection before answering an idempotent
                // request: another attempt is safe.
                Err(e)
                    if (e.is_connect() && retry.allows(attempt, true))
                        || (closed_before_answer(&e) && may_retry) =>
                {
                    let wait = retry.backoff(attempt);
                    if started.elapsed().saturating_add(wait) > retry.max_elapsed {
                        return Err(transport(op.name, e));
                    }
                    tracing::debug!(?wait, attempt, "no answer on this connection; retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(transport(op.name, e)),
            }
        }
    }

    /// Follows redirects to other origins (the caller opted in): a plain
    /// request with no credential, no header of the call and no body, never
    /// from https to http, never for a 307/308 that would need the body
    /// again, at most [`MAX_REDIRECTS`] times. Any other response is
    /// returned as it is.
    async fn follow_elsewhere(
        &self,
        mut response: reqwest::Response,
        method: &reqwest::Method,
        has_body: bool,
    ) -> Result<reqwest::Response, reqwest::Error> {
        for _ in 0..MAX_REDIRECTS {
            let status = response.status().as_u16();
            let keeps_method = matches!(status, 307 | 308);
            if !matches!(status, 301 | 302 | 303 | 307 | 308) || (keeps_method && has_body) {
                break;
            }
            let next = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| response.url().join(l).ok());
            let Some(next) = next else { break };
            let downgrade = response.url().scheme() == "https" && next.scheme() != "https";
            if next.origin() == response.url().origin() || downgrade {
                break;
            }
            let method = if keeps_method {
                method.clone()
            } else {
                reqwest::Method::GET
            };
            tracing::debug!(%next, "following a redirect to another origin, without credentials");
            response = self.inner.http.request(method, next).send().await?;
        }
        Ok(response)
    }

    /// The base URL with the request's segments, each percent-encoded as
    /// one segment, and its query.
    pub(crate) fn url(&self, request: &Request) -> Result<Url, Error> {
        let base = match request.operation.service {
            Service::Pod => &self.inner.base,
            Service::Agent => &self.inner.agent,
        };
        let mut url = base.clone();
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|()| request.invalid("the base URL cannot have a path"))?;
            path.pop_if_empty();
            for pieces in &request.segments {
                let mut segment = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Literal(text) => segment.push_str(text),
                        Piece::Param(name, value) => {
                            // The URL parser drops tabs and line breaks, so
                            // what is checked would not be what is sent.
                            if value.chars().any(char::is_control) {
                                return Err(request.invalid(format!(
                                    "path parameter `{name}` contains a control character"
                                )));
                            }
                            if value.is_empty() {
                                return Err(request
                                    .invalid(format!("path parameter `{name}` may not be empty")));
                            }
                            segment.push_str(value);
                        }
                    }
                }
                // `.` and `..` would change the path.
                if segment == "." || segment == ".." {
                    return Err(request.invalid(format!(
                        "a path segment may not be {segment:?} (from {})",
                        names(pieces)
                    )));
                }
                path.push(&segment);
            }
        }
        // What is sent is what was checked: one segment per segment, none
        // of them a dot segment.
        let sent: Vec<&str> = url
            .path_segments()
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        let expected = base
            .path_segments()
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .count()
            + request.segments.len();
        if sent.len() != expected || sent.iter().any(|s| *s == "." || *s == "..") {
            return Err(request.invalid(format!(
                "the path {:?} is not the one asked for",
                url.path()
            )));
        }
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }
}

/// The body, read chunk by chunk up to `limit` bytes; `true` when there was
/// more (what was read is then at most `limit` plus one chunk, and the
/// rest is never read).
pub(crate) async fn read_bounded(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(bytes::Bytes, bool), reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len().saturating_add(chunk.len()) > limit {
            let room = limit.saturating_sub(body.len());
            body.extend_from_slice(&chunk[..room]);
            return Ok((body.into(), true));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((body.into(), false))
}

/// The parameters a segment is made of, for messages.
fn names(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(name, _) => Some(format!("path parameter `{name}`")),
            Piece::Literal(_) => None,
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let header_value = HeaderValue::from_str(value).map_err(|_| {
        format!("the value of header `{name}` has characters a header cannot carry (a line break?)")
    })?;
    Ok((header_name, header_value))
}

/// Whether the connection closed before any answer came (a kept-alive
/// connection the server had already closed, or one it dropped): hyper's
/// "connection closed before message completed".
fn closed_before_answer(error: &reqwest::Error) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        if let Some(hyper) = e.downcast_ref::<hyper::Error>() {
            return hyper.is_incomplete_message();
        }
        source = e.source();
    }
    false
}

fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout { operation, source }
    } else {
        Error::Transport { operation, source }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn only_same_origin_redirects_are_followed_and_only_a_few() {
        let start = [url("https://pod.acme.com/pod/v1/a")];
        assert!(follows(&start, &url("https://pod.acme.com/pod/v1/b")));
        for other in [
            "http://pod.acme.com/pod/v1/b",
            "https://pod.acme.com:8443/pod/v1/b",
            "https://evil.com/pod/v1/b",
            "https://acme.com/pod/v1/b",
        ] {
            assert!(!follows(&start, &url(other)), "{other}");
        }
        // From 127.0.0.1 to localhost is another origin too.
        assert!(!follows(
            &[url("http://127.0.0.1:8080/a")],
            &url("http://localhost:8080/b")
        ));
        let hops: Vec<Url> = (0..=MAX_REDIRECTS)
            .map(|i| url(&format!("https://pod.acme.com/{i}")))
            .collect();
        assert!(follows(
            &hops[..MAX_REDIRECTS],
            &url("https://pod.acme.com/x")
        ));
        assert!(!follows(&hops, &url("https://pod.acme.com/x")));
    }

    proptest::proptest! {
        // Failures print their input; nothing is written beside the crate.
        #![proptest_config(proptest::test_runner::Config {
            failure_persistence: None,
            ..Default::default()
        })]

        /// A redirect is followed only to the request's own scheme, host
        /// and port, whatever `Location` says.
        #[test]
        fn redirects_leave_the_origin_never(
            location in proptest::collection::vec(proptest::char::any(), 0..40),
            scheme in proptest::sample::select(vec!["https", "http", "ftp", "file"]),
            host in proptest::sample::select(vec!["pod.acme.com", "POD.acme.com", "acme.com", "127.0.0.1", "[::1]", "pod.acme.com."]),
            port in proptest::sample::select(vec!["", ":443", ":8443", ":80"]),
            path in proptest::collection::vec(proptest::char::any(), 0..12),
            hops in 1usize..8,
        ) {
            let first = url("https://pod.acme.com/pod/v1/a");
            let previous = vec![first.clone(); hops];
            let location: String = location.into_iter().collect();
            let path: String = path.into_iter().collect();
            for target in [
                first.join(&location).ok(),
                Url::parse(&format!("{scheme}://{host}{port}/{path}")).ok(),
            ]
            .into_iter()
            .flatten()
            {
                if follows(&previous, &target) {
                    proptest::prop_assert_eq!(target.scheme(), "https");
                    proptest::prop_assert_eq!(target.host_str(), Some("pod.acme.com"));
                    proptest::prop_assert_eq!(target.port_or_known_default(), Some(443));
                    proptest::prop_assert!(hops <= MAX_REDIRECTS);
                }
            }
        }
    }

    #[test]
    fn header_values_keep_tabs_and_refuse_line_breaks() {
        assert!(header("X-Trace", "a\tb").is_ok());
        for bad in ["a\nb", "a\rb", "a\u{0}b"] {
            assert!(header("X-Trace", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn plain_http_is_refused_unless_loopback_or_allowed() {
        let build = |u: &str| {
            ClientBuilder::new(u, "/pod", crate::runtime::StaticTokens::default()).build()
        };
        for ok in [
            "https://pod.acme.com",
            "http://127.0.0.1:9",
            "http://localhost:9",
            "http://[::1]:9",
            "http://127.1.2.3",
        ] {
            assert!(build(ok).is_ok(), "{ok}");
        }
        for refused in [
            "http://pod.acme.com",
            "http://10.0.0.1",
            "http://localhost.evil.com",
        ] {
            assert!(
                matches!(build(refused), Err(BuildError::InsecureUrl(_))),
                "{refused}"
            );
        }
        assert!(matches!(
            build("ftp://pod.acme.com"),
            Err(BuildError::Url(..))
        ));
        let allowed = ClientBuilder::new(
            "http://pod.acme.com",
            "/pod",
            crate::runtime::StaticTokens::default(),
        )
        .allow_http()
        .build();
        assert!(allowed.is_ok());
    }
}

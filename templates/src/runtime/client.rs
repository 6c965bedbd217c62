//! The client: connection pool, base URL, credentials and retries, and the
//! one place every call goes through.

use crate::runtime::request::{multipart, Body, Piece};
use crate::runtime::response::RawResponse;
use crate::runtime::retry::{retry_after, retryable};
use crate::runtime::{ApiError, ApiErrorBody, CredentialProvider, Error, Request, RetryPolicy};
use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
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
    base: Url,
    credentials: Arc<dyn CredentialProvider>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.inner.base.as_str())
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
    #[error("the HTTP client cannot be built: {0}")]
    Http(#[source] reqwest::Error),
}

/// Builds a [`Client`]. Defaults: the spec's base path, 10 s to connect,
/// 60 s per request, a User-Agent naming this crate, [`RetryPolicy::default`].
pub struct ClientBuilder {
    pod_url: String,
    base_path: String,
    credentials: Arc<dyn CredentialProvider>,
    retry: RetryPolicy,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("pod_url", &self.pod_url)
            .field("base_path", &self.base_path)
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
            credentials: Arc::new(credentials),
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
        }
    }

    /// Replaces the base path (`""` for none).
    pub fn base_path(mut self, base_path: impl Into<String>) -> Self {
        self.base_path = base_path.into();
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The limit for a whole request, response body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses this reqwest client (and its settings) instead of building one;
    /// the timeouts and User-Agent above are then the given client's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn build(self) -> Result<Client, BuildError> {
        let joined = format!(
            "{}/{}",
            self.pod_url.trim_end_matches('/'),
            self.base_path.trim_matches('/')
        );
        let base = Url::parse(joined.trim_end_matches('/'))
            .map_err(|e| BuildError::Url(joined.clone(), e.to_string()))?;
        if base.cannot_be_a_base() {
            return Err(BuildError::Url(joined, "it cannot have a path".to_owned()));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                credentials: self.credentials,
                retry: self.retry,
            }),
        })
    }
}

impl Client {
    /// The URL calls are made under (pod URL and base path).
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// Sends a request: credentials from the provider (refreshed and retried
    /// once on 401), retries per the policy, one tracing span per call.
    pub async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let op = request.operation;
        let span = tracing::info_span!("pod_api_call", operation = op.name, http.method = %op.method, http.route = op.path);
        self.send_inner(request).instrument(span).await
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
        loop {
            attempt += 1;
            let mut builder = self.inner.http.request(op.method.clone(), url.clone());
            for &name in op.credentials {
                let provider = &self.inner.credentials;
                let token = if refresh {
                    provider.refresh(name).await
                } else {
                    provider.token(name).await
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
            match builder.send().await {
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
                        if started.elapsed() + wait <= retry.max_elapsed {
                            tracing::debug!(%status, ?wait, attempt, "retrying");
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                    }
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map_err(|e| transport(op.name, e))?;
                    if status.is_success() {
                        return Ok(RawResponse {
                            operation: op.name,
                            status,
                            headers,
                            body,
                        });
                    }
                    let body = ApiErrorBody::parse(&body);
                    return Err(Error::Api(Box::new(ApiError {
                        operation: op.name,
                        status,
                        headers,
                        body,
                    })));
                }
                Err(e) if e.is_connect() && may_retry => {
                    let wait = retry.backoff(attempt);
                    if started.elapsed() + wait > retry.max_elapsed {
                        return Err(transport(op.name, e));
                    }
                    tracing::debug!(?wait, attempt, "connection failed; retrying");
                    tokio::time::sleep(wait).await;
                }
                Err(e) => return Err(transport(op.name, e)),
            }
        }
    }

    /// The base URL with the request's segments, each percent-encoded as
    /// one segment, and its query.
    fn url(&self, request: &Request) -> Result<Url, Error> {
        let mut url = self.inner.base.clone();
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
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        Ok(url)
    }
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

fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    if source.is_timeout() {
        Error::Timeout { operation, source }
    } else {
        Error::Transport { operation, source }
    }
}

//! Success responses: the decoded value with its status and headers.

use crate::runtime::Error;
use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A request on its way: what [`Client::send`](crate::runtime::Client)
/// returns.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>;

/// The response of a request an operation's `send` sent: `.await` it for
/// the decoded value, with its status and headers.
///
/// It is `Send` and `Unpin`, and a type that can be named: a field of a
/// struct, a `Vec` of calls to join, a function's return type.
///
/// ```no_run
/// use generated_client::{Error, ResponseFuture, ResponseValue};
///
/// // A call sent now and read later: `Later { pending: request.send() }`.
/// struct Later<'a, T> {
///     pending: ResponseFuture<'a, T>,
/// }
///
/// async fn finish<T>(later: Later<'_, T>) -> Result<ResponseValue<T>, Error> {
///     later.pending.await
/// }
/// ```
// A plain function returning this, rather than an `async fn` or an
// `impl Future`, costs the compiler one generic type for every operation
// instead of a state machine or an opaque type to check per operation.
#[must_use = "a response future does nothing unless polled or `.await`ed"]
pub struct ResponseFuture<'a, T> {
    sending: Sending<'a>,
    decode: Decode<T>,
}

/// How a response's body becomes an operation's value.
type Decode<T> = fn(RawResponse) -> Result<ResponseValue<T>, Error>;

impl<'a, T> ResponseFuture<'a, T> {
    /// What an operation's `send` returns: `sending`, then its response
    /// decoded by `decode`.
    #[doc(hidden)]
    pub fn new(sending: Sending<'a>, decode: Decode<T>) -> Self {
        ResponseFuture { sending, decode }
    }
}

impl<T> Future for ResponseFuture<'_, T> {
    type Output = Result<ResponseValue<T>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let call = self.get_mut();
        match call.sending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(sent) => Poll::Ready(sent.and_then(call.decode)),
        }
    }
}

impl<T> std::fmt::Debug for ResponseFuture<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

/// A success response before its body is decoded.
#[derive(Debug)]
pub struct RawResponse {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The most JSON objects and arrays the body may hold.
    pub(crate) max_json_nodes: usize,
}

impl RawResponse {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Decodes the body as JSON; a mismatch names the failing field.
    pub fn json<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        // Each object or array becomes a value in memory, often a hundred
        // times its size on the wire: count them before decoding any.
        if json_nodes_over(&self.body, self.max_json_nodes) {
            return Err(self.decode_error(
                String::new(),
                format!(
                    "more than {} JSON objects and arrays (the client's max_json_nodes)",
                    self.max_json_nodes
                ),
            ));
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        match serde_path_to_error::deserialize(&mut de) {
            Ok(value) => Ok(self.with(value)),
            Err(e) => Err(self.decode_error(e.path().to_string(), e.inner().to_string())),
        }
    }

    /// The body as it came: bytes.
    pub fn bytes(self) -> Result<ResponseValue<Vec<u8>>, Error> {
        let value = self.body.to_vec();
        Ok(self.with(value))
    }

    /// The body as text; bytes that are not UTF-8 are a decode error.
    pub fn text(self) -> Result<ResponseValue<String>, Error> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(value) => Ok(self.with(value)),
            Err(e) => {
                Err(self.decode_error(String::new(), format!("the body is not UTF-8 text: {e}")))
            }
        }
    }

    /// The response's status and headers with a decoded value.
    fn with<T>(self, value: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            value,
        }
    }

    fn decode_error(&self, path: String, message: String) -> Error {
        Error::Decode {
            operation: self.operation,
            status: self.status,
            path,
            message,
            excerpt: excerpt(&self.body),
        }
    }

    /// A response without a body (or one that is ignored).
    pub fn empty(self) -> ResponseValue<()> {
        self.with(())
    }
}

/// Whether `body` holds more than `limit` JSON objects and arrays (a
/// linear scan that skips strings; stops at the limit).
fn json_nodes_over(body: &[u8], limit: usize) -> bool {
    let (mut nodes, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'{' || b == b'[' {
            nodes += 1;
            if nodes > limit {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::json_nodes_over;

    #[test]
    fn nodes_are_counted_outside_strings_only() {
        assert!(!json_nodes_over(br#"{"a": [1, {"b": "{[{["}]}"#, 3));
        assert!(json_nodes_over(br#"{"a": [1, {"b": "x"}], "c": {}}"#, 3));
        assert!(!json_nodes_over(br#"["\"{{{{"]"#, 1));
        assert!(json_nodes_over(&b"{},".repeat(1000), 999));
    }
}

/// At most 200 characters of a body, for messages.
fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(200).collect()
}

/// A decoded success response: the value, and the status and headers for
/// callers who want them. Derefs to the value.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> ResponseValue<T> {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same response with its value changed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            value: f(self.value),
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

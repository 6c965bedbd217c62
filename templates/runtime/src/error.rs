//! The one error type of the client: what went wrong with a call, in
//! variants a caller can match on. Never contains a credential.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// The body of an error response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorBody {
    /// The pod's usual error shape: `{"code": …, "message": …}`.
    Error {
        code: Option<i64>,
        message: Option<String>,
    },
    /// Any other body, as text.
    Raw(String),
    /// No body.
    Empty,
}

impl ApiErrorBody {
    pub(crate) fn parse(bytes: &[u8]) -> Self {
        #[derive(serde::Deserialize)]
        struct Shape {
            code: Option<i64>,
            message: Option<String>,
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return ApiErrorBody::Empty;
        }
        match serde_json::from_slice::<Shape>(bytes) {
            Ok(Shape { code, message }) if code.is_some() || message.is_some() => {
                ApiErrorBody::Error { code, message }
            }
            _ => ApiErrorBody::Raw(String::from_utf8_lossy(bytes).into_owned()),
        }
    }
}

/// An error status from the API, with what came with it.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiError {
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: ApiErrorBody,
}

/// A failed call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (boxed: headers are large).
    #[error("{}: the API answered {}{}", .0.operation, .0.status, describe(&.0.body))]
    Api(Box<ApiError>),
    /// The request never got an answer: connection refused, reset, TLS…
    #[error("{operation}: transport error: {source}")]
    Transport {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// The request took longer than the client's timeout.
    #[error("{operation}: timed out")]
    Timeout {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// The call did not end within the client's deadline
    /// ([`ClientBuilder::deadline`](crate::runtime::ClientBuilder::deadline)),
    /// which covers the credential fetch, every attempt and every wait.
    #[error("{operation}: no answer within the call's deadline of {deadline:?}")]
    Deadline {
        operation: &'static str,
        deadline: std::time::Duration,
    },
    /// A success response whose body is not what the spec says.
    #[error("{operation}: the {status} response does not decode at `{path}`: {message} (body starts {excerpt:?})")]
    Decode {
        operation: &'static str,
        status: StatusCode,
        path: String,
        message: String,
        excerpt: String,
    },
    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::runtime::ClientBuilder::max_response_bytes));
    /// reading stopped there.
    #[error("{operation}: the {status} response is larger than the limit of {limit} bytes")]
    TooLarge {
        operation: &'static str,
        status: StatusCode,
        limit: usize,
    },
    /// The request cannot be sent as asked (a header value with a line
    /// break, a path parameter that would change the path…).
    #[error("{operation}: invalid request: {reason}")]
    InvalidRequest {
        operation: &'static str,
        reason: String,
    },
    /// The credential provider could not give a value.
    #[error("{operation}: no credential for `{header}`: {source}")]
    Credentials {
        operation: &'static str,
        header: &'static str,
        #[source]
        source: crate::runtime::CredentialError,
    },
}

impl Error {
    /// The HTTP status, for errors that have one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

fn describe(body: &ApiErrorBody) -> String {
    match body {
        ApiErrorBody::Error {
            message: Some(m), ..
        } => format!(": {m}"),
        ApiErrorBody::Error { code: Some(c), .. } => format!(" (code {c})"),
        _ => String::new(),
    }
}

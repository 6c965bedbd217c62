//! A request as generated code describes it: which operation, the path
//! segments, query pairs, headers and body. The client turns it into HTTP.

use crate::runtime::Error;
use reqwest::Method;
use serde::Serialize;
use std::fmt::Display;

/// What the client needs to know about an operation.
#[derive(Debug)]
pub struct Operation {
    /// The method's name (`v1_user_search_post`).
    pub name: &'static str,
    pub method: Method,
    /// The path template (`/v1/user/{uid}/follow`), for spans and errors.
    pub path: &'static str,
    /// The credential headers the operation takes from the provider.
    pub credentials: &'static [&'static str],
}

impl Operation {
    /// Whether sending it twice is harmless (RFC 9110: GET, HEAD, PUT,
    /// DELETE, OPTIONS, TRACE).
    pub fn idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        )
    }
}

/// How a list travels in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `ids=1&ids=2` (form, explode).
    Repeated,
    /// `ids=1,2` (form, no explode).
    Comma,
    /// `ids=1%202` (spaceDelimited).
    Space,
    /// `ids=1|2` (pipeDelimited).
    Pipe,
}

pub(crate) enum Segment {
    Literal(&'static str),
    Param(&'static str, String),
}

pub(crate) enum Body {
    Json(Vec<u8>),
    Form(Vec<(String, String)>),
}

/// A request under construction. Problems are kept until `send`, where they
/// become [`Error::InvalidRequest`].
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) segments: Vec<Segment>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) problem: Option<String>,
}

impl Request {
    pub fn new(operation: &'static Operation) -> Self {
        Request {
            operation,
            segments: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
        }
    }

    /// A fixed path segment.
    pub fn literal(mut self, segment: &'static str) -> Self {
        self.segments.push(Segment::Literal(segment));
        self
    }

    /// A path parameter: one segment, percent-encoded, whatever it holds.
    pub fn param(mut self, name: &'static str, value: impl Display) -> Self {
        self.segments.push(Segment::Param(name, value.to_string()));
        self
    }

    /// A query parameter, left out when `None`.
    pub fn query<T: Display>(mut self, name: &'static str, value: Option<T>) -> Self {
        if let Some(v) = value {
            self.query.push((name, v.to_string()));
        }
        self
    }

    /// A list query parameter, left out when `None`.
    pub fn query_list<T: Display>(
        mut self,
        name: &'static str,
        values: Option<&[T]>,
        style: QueryStyle,
    ) -> Self {
        let Some(values) = values else { return self };
        let joined = |sep: &str| {
            values
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(sep)
        };
        match style {
            QueryStyle::Repeated => self
                .query
                .extend(values.iter().map(|v| (name, v.to_string()))),
            QueryStyle::Comma => self.query.push((name, joined(","))),
            QueryStyle::Space => self.query.push((name, joined(" "))),
            QueryStyle::Pipe => self.query.push((name, joined("|"))),
        }
        self
    }

    /// A header, left out when `None`.
    pub fn header<T: Display>(mut self, name: &'static str, value: Option<T>) -> Self {
        if let Some(v) = value {
            self.headers.push((name, v.to_string()));
        }
        self
    }

    /// A JSON body, left out when `None`.
    pub fn json<T: Serialize>(mut self, body: Option<&T>) -> Self {
        if let Some(body) = body {
            match serde_json::to_vec(body) {
                Ok(bytes) => self.body = Some(Body::Json(bytes)),
                Err(e) => self.problem = Some(format!("the body does not encode as JSON: {e}")),
            }
        }
        self
    }

    /// A form field (`application/x-www-form-urlencoded`), left out when
    /// `None`.
    pub fn form<T: Display>(mut self, name: &'static str, value: Option<T>) -> Self {
        if let Some(v) = value {
            match &mut self.body {
                Some(Body::Form(fields)) => fields.push((name.to_owned(), v.to_string())),
                _ => self.body = Some(Body::Form(vec![(name.to_owned(), v.to_string())])),
            }
        }
        self
    }

    pub(crate) fn invalid(&self, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            operation: self.operation.name,
            reason: reason.into(),
        }
    }
}

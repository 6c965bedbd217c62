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
    /// Which API the operation is part of: where it is called.
    pub service: Service,
}

/// The APIs a client calls, each at a URL of its own: the pod's (the URL
/// given to the builder) and the agent's
/// ([`ClientBuilder::agent_url`](crate::runtime::ClientBuilder::agent_url),
/// by default the pod's), each followed by its API's base path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// The pod API (users, rooms, streams, administration).
    Pod,
    /// The agent API (messages, the datafeed).
    Agent,
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

/// A piece of one path segment: fixed text, or a parameter's value.
pub(crate) enum Piece {
    Literal(&'static str),
    Param(&'static str, String),
}

#[derive(Clone)]
pub(crate) enum Body {
    /// JSON, text or bytes, sent as they are with this content type.
    Raw(&'static str, Vec<u8>),
    Form(Vec<(&'static str, String)>),
    Multipart(Vec<Part>),
}

/// One part of a multipart body.
#[derive(Clone)]
pub(crate) struct Part {
    pub(crate) name: &'static str,
    pub(crate) value: PartValue,
    /// The content type the spec's `encoding` gives the part.
    pub(crate) content_type: Option<&'static str>,
}

#[derive(Clone)]
pub(crate) enum PartValue {
    Text(String),
    Json(Vec<u8>),
    File(FilePart),
}

/// A file sent as a part of a `multipart/form-data` body: its bytes, and
/// the file name and content type the part declares.
/// `FilePart::new(bytes).file_name("report.csv").content_type("text/csv")`.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file part of these bytes, without a file name, sent as
    /// `application/octet-stream`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the part declares (`filename=` of its
    /// `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type` (`image/png`); `application/octet-stream`
    /// when not set.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The part for reqwest; a content type that is not a media type is an
    /// error.
    /// `default` is the content type when the file sets none.
    pub(crate) fn to_part(
        &self,
        default: Option<&str>,
    ) -> Result<reqwest::multipart::Part, String> {
        let mut part = reqwest::multipart::Part::bytes(self.bytes.clone());
        if let Some(name) = &self.file_name {
            part = part.file_name(name.clone());
        }
        let content_type = self
            .content_type
            .as_deref()
            .or(default)
            .unwrap_or("application/octet-stream");
        part.mime_str(content_type)
            .map_err(|_| format!("`{content_type}` is not a media type"))
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        FilePart::new(bytes)
    }
}

impl From<&[u8]> for FilePart {
    fn from(bytes: &[u8]) -> Self {
        FilePart::new(bytes)
    }
}

/// The bytes are left out: files are large, and may be private.
impl std::fmt::Debug for FilePart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FilePart")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// A request under construction. Problems are kept until `send`, where they
/// become [`Error::InvalidRequest`].
pub struct Request {
    pub(crate) operation: &'static Operation,
    pub(crate) segments: Vec<Vec<Piece>>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    pub(crate) problem: Option<String>,
    /// This call's deadline, when it has its own.
    pub(crate) deadline: Option<std::time::Duration>,
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
            deadline: None,
        }
    }

    /// The call's own deadline (`None`: the client's).
    pub fn deadline(mut self, deadline: Option<std::time::Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// A fixed path segment.
    pub fn literal(mut self, segment: &'static str) -> Self {
        self.segments.push(vec![Piece::Literal(segment)]);
        self
    }

    /// A path parameter as a segment of its own, percent-encoded, whatever
    /// it holds.
    pub fn param(mut self, name: &'static str, value: impl Display) -> Self {
        self.segments
            .push(vec![Piece::Param(name, value.to_string())]);
        self
    }

    /// Fixed text that continues the last segment (`.json` in
    /// `/files/{name}.json`).
    pub fn append_literal(mut self, text: &'static str) -> Self {
        match self.segments.last_mut() {
            Some(last) => last.push(Piece::Literal(text)),
            None => self.segments.push(vec![Piece::Literal(text)]),
        }
        self
    }

    /// A path parameter that continues the last segment (`{b}` in
    /// `/{a}-{b}`), percent-encoded.
    pub fn append_param(mut self, name: &'static str, value: impl Display) -> Self {
        let piece = Piece::Param(name, value.to_string());
        match self.segments.last_mut() {
            Some(last) => last.push(piece),
            None => self.segments.push(vec![piece]),
        }
        self
    }

    /// A query parameter, left out when `None`.
    pub fn query<T: Display>(mut self, name: &'static str, value: Option<T>) -> Self {
        if let Some(v) = value {
            self.query.push((name.to_owned(), v.to_string()));
        }
        self
    }

    /// A query parameter whose value is an object, left out when `None`:
    /// its JSON form written in `style`.
    pub fn query_object<T: Serialize>(
        mut self,
        name: &'static str,
        value: Option<&T>,
        style: crate::runtime::ObjectStyle,
    ) -> Self {
        let Some(value) = value else { return self };
        match serde_json::to_value(value) {
            Ok(json) => {
                let pairs = crate::runtime::query::object_pairs(name, &json, style);
                self.query.extend(pairs);
            }
            Err(e) => {
                self.problem
                    .get_or_insert_with(|| format!("query parameter `{name}`: {e}"));
            }
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
        let name = name.to_owned();
        match style {
            QueryStyle::Repeated => self
                .query
                .extend(values.iter().map(|v| (name.clone(), v.to_string()))),
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

    /// A JSON body with this content type, left out when `None`.
    pub fn json<T: Serialize>(mut self, content_type: &'static str, body: Option<&T>) -> Self {
        if let Some(body) = body {
            match serde_json::to_vec(body) {
                Ok(bytes) => self.body = Some(Body::Raw(content_type, bytes)),
                Err(e) => self.problem = Some(format!("the body does not encode as JSON: {e}")),
            }
        }
        self
    }

    /// A body of raw bytes or text with this content type, left out when
    /// `None`.
    pub fn raw(mut self, content_type: &'static str, body: Option<impl AsRef<[u8]>>) -> Self {
        if let Some(body) = body {
            self.body = Some(Body::Raw(content_type, body.as_ref().to_vec()));
        }
        self
    }

    /// A form field (`application/x-www-form-urlencoded`), left out when
    /// `None`.
    pub fn form<T: Display>(mut self, name: &'static str, value: Option<T>) -> Self {
        if let Some(v) = value {
            let field = (name, v.to_string());
            match &mut self.body {
                Some(Body::Form(fields)) => fields.push(field),
                _ => self.body = Some(Body::Form(vec![field])),
            }
        }
        self
    }

    /// A list form field, one pair per value, left out when `None`.
    pub fn form_list<T: Display>(mut self, name: &'static str, values: Option<&[T]>) -> Self {
        for value in values.unwrap_or_default() {
            self = self.form(name, Some(value));
        }
        self
    }

    /// A text part of a `multipart/form-data` body, left out when `None`.
    pub fn part<T: Display>(self, name: &'static str, value: Option<T>) -> Self {
        match value {
            Some(v) => self.push_part(name, PartValue::Text(v.to_string())),
            None => self,
        }
    }

    /// A list part, one text part per value, left out when `None`.
    pub fn part_list<T: Display>(mut self, name: &'static str, values: Option<&[T]>) -> Self {
        for value in values.unwrap_or_default() {
            self = self.part(name, Some(value));
        }
        self
    }

    /// A JSON part (`application/json`) of a multipart body, left out when
    /// `None`.
    pub fn part_json<T: Serialize>(mut self, name: &'static str, value: Option<&T>) -> Self {
        let Some(value) = value else { return self };
        match serde_json::to_vec(value) {
            Ok(bytes) => self.push_part(name, PartValue::Json(bytes)),
            Err(e) => {
                self.problem = Some(format!("part `{name}` does not encode as JSON: {e}"));
                self
            }
        }
    }

    /// A file part of a multipart body, left out when `None`.
    pub fn file(self, name: &'static str, value: Option<FilePart>) -> Self {
        match value {
            Some(file) => self.push_part(name, PartValue::File(file)),
            None => self,
        }
    }

    /// Several file parts of one name, left out when `None`.
    pub fn file_list(mut self, name: &'static str, values: Option<&[FilePart]>) -> Self {
        for file in values.unwrap_or_default() {
            self = self.file(name, Some(file.clone()));
        }
        self
    }

    /// The content type the spec's `encoding` gives the parts named
    /// `name` (a file's own [`FilePart::content_type`] wins).
    pub fn part_type(mut self, name: &'static str, content_type: &'static str) -> Self {
        if let Some(Body::Multipart(parts)) = &mut self.body {
            for part in parts.iter_mut().filter(|p| p.name == name) {
                part.content_type = Some(content_type);
            }
        }
        self
    }

    fn push_part(mut self, name: &'static str, value: PartValue) -> Self {
        let part = Part {
            name,
            value,
            content_type: None,
        };
        match &mut self.body {
            Some(Body::Multipart(parts)) => parts.push(part),
            _ => self.body = Some(Body::Multipart(vec![part])),
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

/// A multipart body for reqwest (made anew for each attempt: reqwest's
/// form is sent once).
pub(crate) fn multipart(parts: &[Part]) -> Result<reqwest::multipart::Form, String> {
    let mut form = reqwest::multipart::Form::new();
    for part in parts {
        let typed = |value: reqwest::multipart::Part, content_type: &str| {
            value
                .mime_str(content_type)
                .map_err(|_| format!("part `{}`: `{content_type}` is not a media type", part.name))
        };
        let value = match (&part.value, part.content_type) {
            (PartValue::Text(text), None) => reqwest::multipart::Part::text(text.clone()),
            (PartValue::Text(text), Some(content_type)) => {
                typed(reqwest::multipart::Part::text(text.clone()), content_type)?
            }
            (PartValue::Json(bytes), content_type) => typed(
                reqwest::multipart::Part::bytes(bytes.clone()),
                content_type.unwrap_or("application/json"),
            )?,
            (PartValue::File(file), content_type) => file
                .to_part(content_type)
                .map_err(|reason| format!("part `{}`: {reason}", part.name))?,
        };
        form = form.part(part.name, value);
    }
    Ok(form)
}

/// A list path parameter as one value: its items joined by `separator`
/// (`,` in OpenAPI's `simple` style; `.` or `;name=` when a `label` or
/// `matrix` list is exploded). The whole is percent-encoded as one segment.
pub fn joined<T: Display>(values: &[T], separator: &str) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

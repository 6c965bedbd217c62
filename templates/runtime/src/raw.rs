//! Calls to endpoints the spec lacks (a newer pod's, an undocumented
//! one), with everything a generated call has: credentials, retries,
//! deadline, body limits and the redirect rule.

use crate::runtime::request::Operation;
use crate::runtime::{Client, Error, Request, ResponseValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Display;

/// One static description per method: spans and errors name the call
/// `raw_call`, and it sends the `sessionToken` credential.
macro_rules! raw_operation {
    ($name:ident, $method:ident) => {
        static $name: Operation = Operation {
            name: "raw_call",
            method: Method::$method,
            path: "(raw call)",
            credentials: &["sessionToken"],
            service: crate::runtime::request::Service::Pod,
        };
    };
}
raw_operation!(RAW_GET, GET);
raw_operation!(RAW_POST, POST);
raw_operation!(RAW_PUT, PUT);
raw_operation!(RAW_DELETE, DELETE);
raw_operation!(RAW_PATCH, PATCH);

/// A call to an endpoint no method of this crate covers, built with
/// [`Client::raw`]. Each segment of its path is sent percent-encoded as
/// it was given (a `..` or an empty segment is refused), under the API's
/// base path, with the `sessionToken` from the client's credentials, the
/// client's retries and deadline, and the same limits and redirect rule as
/// every generated call.
///
/// ```no_run
/// # async fn run(client: generated_client::Client) -> Result<(), generated_client::Error> {
/// // GET {base path}/v3/room/abc/pins?limit=10, decoded as any JSON.
/// let pins = client
///     .raw(generated_client::Method::GET, "/v3/room/abc/pins")
///     .query("limit", 10)
///     .send::<serde_json::Value>()
///     .await?;
/// println!("{}", pins.into_inner());
/// # Ok(())
/// # }
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct RawCall<'a> {
    client: &'a Client,
    request: Request,
}

impl std::fmt::Debug for RawCall<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawCall")
            .field("method", &self.request.operation.method)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A call to `path` (under the API's base path, such as
    /// `/v1/room/abc/info`) that no method of this crate covers. Methods:
    /// GET, POST, PUT, DELETE and PATCH.
    pub fn raw(&self, method: Method, path: &str) -> RawCall<'_> {
        let operation = match method {
            Method::GET => &RAW_GET,
            Method::POST => &RAW_POST,
            Method::PUT => &RAW_PUT,
            Method::DELETE => &RAW_DELETE,
            Method::PATCH => &RAW_PATCH,
            _ => &RAW_GET,
        };
        let mut request = Request::new(operation);
        if operation.method != method {
            request.problem = Some(format!("the method {method} is not one a raw call sends"));
        }
        for segment in path.trim_matches('/').split('/') {
            request = request.param("path", segment);
        }
        RawCall {
            client: self,
            request,
        }
    }
}

impl RawCall<'_> {
    /// Adds a query pair (percent-encoded).
    pub fn query(mut self, name: &'static str, value: impl Display) -> Self {
        self.request = self.request.query(name, Some(value));
        self
    }

    /// Sends this value as the JSON body.
    pub fn json<T: Serialize>(mut self, body: &T) -> Self {
        self.request = self.request.json("application/json", Some(body));
        self
    }

    /// Ends this call by `deadline` in all instead of the client's.
    pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
        self.request = self.request.deadline(Some(deadline));
        self
    }

    /// Sends the call and decodes a successful answer as JSON of type `T`
    /// (`serde_json::Value` for any).
    pub async fn send<T: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        self.client.send(self.request).await?.json()
    }

    /// Sends the call and ignores the body of a successful answer.
    pub async fn send_empty(self) -> Result<ResponseValue<()>, Error> {
        Ok(self.client.send(self.request).await?.empty())
    }
}

/// A raw call as the mock pod (feature `mock`) sees it:
/// `pod.expect(|c| c.raw(Method::GET, "/v1/x").query("n", 1)).returns(json)`
/// answers it with that JSON (200).
#[cfg(feature = "mock")]
impl crate::runtime::mock::MockCall for RawCall<'_> {
    type Output = serde_json::Value;

    fn into_request(self) -> Request {
        self.request
    }

    fn reply(output: &serde_json::Value) -> crate::runtime::mock::Reply {
        crate::runtime::mock::Reply::json(200, output)
    }
}

//! Copied into the crate generated from `fixtures/openapi3/constructs.yml`
//! and run there (by `tests/openapi3.rs`): what OpenAPI 3.0 declares
//! beyond Swagger 2.0 arrives on the wire, and what comes back decodes.

use constructs::types::Item;
use constructs::{Client, RetryPolicy, StaticTokens};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn serve(status: u16, body: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut answer = ResponseTemplate::new(status);
    if !body.is_empty() {
        answer = answer.set_body_raw(body.as_bytes().to_vec(), "application/json");
    }
    Mock::given(any()).respond_with(answer).mount(&server).await;
    let client = Client::builder(server.uri(), StaticTokens::default())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (server, client)
}

async fn only_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    received.remove(0)
}

const ITEM: &str = r#"{"id":"i-1","tags":["a",null]}"#;

/// The server URL's variables take their defaults (`/{base}/{ver}` →
/// `/api/v2`); a path-level parameter is sent by every operation of the
/// path; a response given as a `$ref` decodes as the type it names; a
/// `writeOnly` property the response rightly omits is no error.
#[tokio::test]
async fn path_level_parameters_server_variables_and_response_references() {
    let (server, client) = serve(200, ITEM).await;
    let item = client.get_item("i-1", "acme").send().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v2/items/i-1");
    assert_eq!(request.url.query(), Some("tenant=acme"));
    let expected: Item = serde_json::from_str(ITEM).unwrap();
    assert_eq!(*item, expected);
    assert_eq!(item.tags.as_ref().map(Vec::len), Some(2));
}

/// A 204 has no body, whatever content the spec declares for it.
#[tokio::test]
async fn a_204_is_no_content() {
    let (server, client) = serve(204, "").await;
    client.delete_item("i-1", "acme").send().await.unwrap();
    assert_eq!(only_request(&server).await.method.as_str(), "DELETE");
}

/// A `2XX` response decodes whatever success the server picks; a required
/// list is sent; a parameter reached through a chain of references is a
/// setter; a query parameter with an object schema is written in its
/// style (`deepObject`: `filter[name]=x`, nested one level deeper; `form`
/// not exploded: `sort=descending,true,field,name`).
#[tokio::test]
async fn ranges_reference_chains_and_object_query_parameters() {
    use constructs::types::{Filter, FilterRange, Sort};
    let body = format!("[{ITEM}]");
    let (server, client) = serve(206, &body).await;
    let found = client
        .search(Sort::new("name").with_descending(true), vec![1, 2])
        .limit(5)
        .filter(Filter::new().with_name("x").with_range(FilterRange::new().with_min(1)))
        .send()
        .await
        .unwrap();
    assert_eq!(found.status(), 206);
    assert_eq!(found.len(), 1);
    let request = only_request(&server).await;
    let pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    for pair in [
        ("ids", "1"),
        ("ids", "2"),
        ("limit", "5"),
        ("filter[name]", "x"),
        ("filter[range][min]", "1"),
        ("sort", "descending,true,field,name"),
    ] {
        assert!(
            pairs.contains(&(pair.0.to_owned(), pair.1.to_owned())),
            "{pair:?} missing from {pairs:?}"
        );
    }
}

/// A body schema named `Error` is the spec's type, not the client's error.
#[tokio::test]
async fn a_schema_named_error_is_a_body() {
    let (server, client) = serve(200, "").await;
    let body: constructs::types::Error =
        serde_json::from_str(r#"{"code":7,"message":"m"}"#).unwrap();
    client.post_error().body(body).send().await.unwrap();
    let request = only_request(&server).await;
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, serde_json::json!({"code": 7, "message": "m"}));
}

/// A body reached through a chain of `requestBodies` references is the
/// argument the operation's `x-codegen-request-body-name` names; a
/// discriminator that is not a string leaves the union untagged; a
/// `oneOf` of one inline schema is that schema.
#[tokio::test]
async fn body_chains_body_names_and_unions() {
    use constructs::types::{Circle, Shape};
    let (server, client) = serve(200, r#"{"name":"rex"}"#).await;
    let shape = Shape::from(Circle::new().with_round(true).with_radius(2.0));
    let pet = client.draw_shape("s-1", shape).send().await.unwrap();
    assert_eq!(pet.name.as_deref(), Some("rex"));
    let request = only_request(&server).await;
    // `style: label`: the value after a `.`.
    assert_eq!(request.url.path(), "/api/v2/shapes/.s-1");
    let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent, serde_json::json!({"round": true, "radius": 2.0}));
}

/// A multipart schema with `properties` but no `type: object` is sent as
/// its parts, not as one raw body; each part has the content type its
/// `encoding` gives (the first concrete one of a list) unless the file
/// sets its own.
#[tokio::test]
async fn a_multipart_schema_without_a_type_is_sent_as_parts() {
    let (server, client) = serve(204, "").await;
    client
        .blast()
        .message("hello")
        .attachment(constructs::FilePart::new(b"data".to_vec()).file_name("a.txt"))
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    let content_type = request.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let body = String::from_utf8_lossy(&request.body);
    assert!(body.contains("name=\"message\"") && body.contains("hello"), "{body}");
    assert!(body.contains("name=\"attachment\"; filename=\"a.txt\"") && body.contains("data"), "{body}");
    let lower = body.to_lowercase();
    assert!(lower.contains("content-type: image/png"), "{body}");
    assert!(lower.contains("content-type: text/markdown"), "{body}");

    let (server, client) = serve(204, "").await;
    let own = constructs::FilePart::new(b"x".to_vec()).content_type("image/gif");
    client.blast().attachment(own).send().await.unwrap();
    let body = String::from_utf8_lossy(&only_request(&server).await.body).to_lowercase();
    assert!(body.contains("content-type: image/gif") && !body.contains("image/png"), "{body}");
}

/// A server variable's other value goes in with `ClientBuilder::base_path`.
#[tokio::test]
async fn a_server_variable_is_set_through_the_base_path() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(ITEM.as_bytes().to_vec(), "application/json"))
        .mount(&server)
        .await;
    assert_eq!(constructs::client::BASE_PATH, "/api/v2");
    let client = Client::builder(server.uri(), StaticTokens::default())
        .base_path("/api/v1")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    client.get_item("i-1", "acme").send().await.unwrap();
    assert_eq!(only_request(&server).await.url.path(), "/api/v1/items/i-1");
}

/// An operation whose only response is `default` decodes it.
#[tokio::test]
async fn a_default_only_response_is_the_answer() {
    let (_server, client) = serve(200, ITEM).await;
    let item = client.ping().send().await.unwrap();
    assert_eq!(item.id.as_deref(), Some("i-1"));
}

/// Path styles: `matrix` writes `;name=` before the value (before each
/// item when exploded, else once with the items comma-separated), `label`
/// writes `.` before each item when exploded.
#[tokio::test]
async fn matrix_and_label_path_styles_are_written_as_specified() {
    let (server, client) = serve(204, "").await;
    client
        .get_grid([1, 2], ["north".to_owned(), "east".to_owned()], ["x".to_owned(), "y".to_owned()])
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v2/grid/;cells=1;cells=2/.north.east;mark=x,y");
}

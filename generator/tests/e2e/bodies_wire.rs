//! Copied into the crate generated from `fixtures/bodies/openapi3.yml` and
//! run there (by `tests/bodies.rs`): each kind of body, checked byte for
//! byte as it arrives at a mock server.

use bodies_client::types::Meta;
use bodies_client::{Client, FilePart, RetryPolicy, StaticTokens};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn serve(status: u16, body: &[u8], content_type: &str) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_vec(), content_type))
        .mount(&server)
        .await;
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

fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// One part of a multipart body: its headers (lower-cased names) and bytes.
struct Part {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits a multipart body by the boundary its content type names.
fn parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let delimiter = format!("--{boundary}");
    let body = &request.body;
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(at) = find(&body[i..], delimiter.as_bytes()) {
        starts.push(i + at);
        i += at + delimiter.len();
    }
    assert!(starts.len() >= 2, "no parts");
    assert!(body[starts[starts.len() - 1]..].starts_with(format!("{delimiter}--").as_bytes()));
    for pair in starts.windows(2) {
        let part = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = find(part, b"\r\n\r\n").expect("part headers end");
        let headers = String::from_utf8(part[..split].to_vec())
            .unwrap()
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(": ").unwrap();
                (name.to_ascii_lowercase(), value.to_owned())
            })
            .collect();
        out.push(Part {
            headers,
            body: part[split + 4..].to_vec(),
        });
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[tokio::test]
async fn multipart_sends_text_fields_json_and_files() {
    let (server, client) = serve(200, br#"{"kind":"sent"}"#, "application/json").await;
    let sent = client
        .create_message("s 1", "<messageML>hi</messageML>")
        .version(2)
        .attachment(vec![
            FilePart::new(b"a,b\n1,2\n".to_vec())
                .file_name("report.csv")
                .content_type("text/csv"),
            FilePart::new(vec![0u8, 159, 146, 150]).file_name("blob.bin"),
        ])
        .preview(FilePart::new(b"PNG".to_vec()).content_type("image/png"))
        .meta(Meta::new().with_kind("note"))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.kind.as_deref(), Some("sent"));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/agent/v4/stream/s%201/message/create");
    let parts = parts(&request);
    let disposition: Vec<_> = parts
        .iter()
        .map(|p| p.header("content-disposition").unwrap())
        .collect();
    assert_eq!(
        disposition,
        [
            r#"form-data; name="message""#,
            r#"form-data; name="version""#,
            r#"form-data; name="attachment"; filename="report.csv""#,
            r#"form-data; name="attachment"; filename="blob.bin""#,
            r#"form-data; name="preview""#,
            r#"form-data; name="meta""#,
        ]
    );
    let types: Vec<_> = parts.iter().map(|p| p.header("content-type")).collect();
    assert_eq!(
        types,
        [
            None,
            None,
            Some("text/csv"),
            Some("application/octet-stream"),
            Some("image/png"),
            Some("application/json"),
        ]
    );
    let bodies: Vec<&[u8]> = parts.iter().map(|p| p.body.as_slice()).collect();
    assert_eq!(
        bodies,
        [
            &b"<messageML>hi</messageML>"[..],
            b"2",
            b"a,b\n1,2\n",
            &[0u8, 159, 146, 150],
            b"PNG",
            br#"{"kind":"note"}"#,
        ]
    );
}

#[tokio::test]
async fn a_wildcard_body_with_a_schema_is_json() {
    let (server, client) = serve(200, b"", "application/json").await;
    client
        .update_manifest(Meta::new().with_kind("manifest"))
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(request.body, br#"{"kind":"manifest"}"#);
}

#[tokio::test]
async fn octet_stream_goes_and_comes_back_as_bytes_under_a_templated_path() {
    let bytes = vec![0u8, 1, 2, 255];
    let (server, client) = serve(200, &bytes, "application/octet-stream").await;
    let back = client
        .put_file("report 1/2")
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(back.into_inner(), bytes);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/agent/v1/files/report%201%2F2.json");
    assert_eq!(header(&request, "content-type"), "application/octet-stream");
    assert_eq!(request.body, bytes);
}

#[tokio::test]
async fn two_parameters_in_one_segment_are_both_sent() {
    let (server, client) = serve(200, "3…7".as_bytes(), "text/plain").await;
    let text = client.get_range(3, 7).send().await.unwrap();
    assert_eq!(text.as_str(), "3…7");
    assert_eq!(only_request(&server).await.url.path(), "/agent/v1/range/3-7");
}

#[tokio::test]
async fn a_parameter_inside_a_segment_is_encoded_and_never_empty() {
    let (server, client) = serve(200, b"", "application/octet-stream").await;
    let err = client.put_file("").send().await.unwrap_err();
    assert!(err.to_string().contains("may not be empty"), "{err}");
    client.put_file("..").send().await.unwrap();
    client.put_file("a?b#c").send().await.unwrap();
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/agent/v1/files/...json", "/agent/v1/files/a%3Fb%23c.json"]);
}

#[tokio::test]
async fn text_plain_and_unknown_media_types_are_sent_as_they_are() {
    let (server, client) = serve(204, b"", "text/plain").await;
    client.post_note("remember ✓").send().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "text/plain");
    assert_eq!(request.body, "remember ✓".as_bytes());

    let (server, client) = serve(204, b"", "text/plain").await;
    client.post_legacy(b"<meta/>".to_vec()).send().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), "application/xml");
    assert_eq!(request.body, b"<meta/>");
}

#[tokio::test]
async fn urlencoded_lists_repeat_the_field() {
    let (server, client) = serve(204, b"", "text/plain").await;
    client
        .login("bot@acme")
        .scopes(vec!["read".to_owned(), "write".to_owned()])
        .send()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(request.body, b"user=bot%40acme&scopes=read&scopes=write");
}

#[tokio::test]
async fn a_bad_file_content_type_is_an_invalid_request() {
    let (server, client) = serve(200, b"{}", "application/json").await;
    let err = client
        .create_message("s", "m")
        .preview(FilePart::new(b"x".to_vec()).content_type("not a type"))
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a type"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_tagged_union_decodes_each_variant_and_keeps_unknown_tags() {
    use bodies_client::types::{Cat, Dog, IdOrName, Pet};
    type Expected = fn(&Pet) -> bool;
    let cases: [(&[u8], Expected); 4] = [
        (br#"{"petType":"cat","name":"Tom"}"#, |p| matches!(p, Pet::Cat(c) if c.name == "Tom")),
        (br#"{"petType":"kitten","name":"Kit"}"#, |p| matches!(p, Pet::Cat(c) if c.name == "Kit")),
        (br#"{"petType":"dog","bark":true}"#, |p| matches!(p, Pet::Dog(d) if d.bark == Some(true))),
        (br#"{"petType":"parrot","words":3}"#, |p| matches!(p, Pet::Unknown(v) if v["words"] == 3)),
    ];
    for (body, expected) in cases {
        let (_server, client) = serve(200, body, "application/json").await;
        let pet = client.get_pet("p").send().await.unwrap().into_inner();
        assert!(expected(&pet), "{pet:?} from {}", String::from_utf8_lossy(body));
    }
    // A known tag on the wrong shape is a decode error, not a panic.
    let (_server, client) = serve(200, br#"{"petType":"cat","name":7}"#, "application/json").await;
    let err = client.get_pet("p").send().await.unwrap_err();
    assert!(matches!(err, bodies_client::Error::Decode { .. }), "{err}");
    // Sending writes the tag the variant stands for.
    let (server, client) = serve(200, b"\"rex\"", "application/json").await;
    let id = client.add_pet(Dog::new().with_bark(false)).send().await.unwrap();
    assert_eq!(*id, IdOrName::String("rex".to_owned()));
    let sent: serde_json::Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(sent, serde_json::json!({"petType": "dog", "bark": false}));
    let (_server, client) = serve(200, b"42", "application/json").await;
    let id = client.add_pet(Pet::from(Cat::new("Tom"))).send().await.unwrap();
    assert_eq!(*id, IdOrName::Integer(42));
}

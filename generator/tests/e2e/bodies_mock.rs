//! Copied into the crate generated from `fixtures/bodies/openapi3.yml` and
//! run there with its `mock` feature (by `tests/bodies.rs`): the typed mock
//! pod matches every kind of body by content and answers with every kind of
//! output (JSON, text, bytes, none, a oneOf).

use bodies_client::mock::MockPod;
use bodies_client::types::{Dog, IdOrName, Meta, Pet};
use bodies_client::{Client, FilePart};

/// The status of a call's error, or 200.
fn status<T>(result: Result<T, bodies_client::Error>) -> u16 {
    match result {
        Ok(_) => 200,
        Err(e) => e.status().map_or(0, |s| s.as_u16()),
    }
}

fn message<'c>(client: &'c Client, text: &str) -> bodies_client::operations::CreateMessageRequest<'c> {
    client
        .create_message("s 1", text)
        .version(2)
        .attachment(vec![FilePart::new(b"a,b\n".to_vec()).file_name("report.csv")])
        .meta(Meta::new().with_kind("note"))
}

#[tokio::test]
async fn multipart_parts_are_matched_by_name_and_value() {
    let pod = MockPod::start().await;
    pod.expect(|c| message(c, "<messageML>hi</messageML>"))
        .returns(Meta::new().with_kind("sent"))
        .times(1)
        .await;
    let client = pod.client();
    assert_eq!(status(message(client, "<messageML>bye</messageML>").send().await), 404);
    let sent = message(client, "<messageML>hi</messageML>").send().await.unwrap();
    assert_eq!(sent.kind.as_deref(), Some("sent"));
    assert_eq!(pod.take_calls().len(), 2);
}

#[tokio::test]
async fn form_fields_are_matched_as_pairs() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.login("ada").scopes(vec!["read".to_owned(), "write".to_owned()]))
        .returns(())
        .await;
    let client = pod.client();
    assert_eq!(status(client.login("ada").send().await), 404, "a field missing");
    assert_eq!(status(client.login("bob").scopes(vec!["read".to_owned(), "write".to_owned()]).send().await), 404);
    client
        .login("ada")
        .scopes(vec!["read".to_owned(), "write".to_owned()])
        .send()
        .await
        .unwrap();
    assert_eq!(pod.take_calls().len(), 3);
}

#[tokio::test]
async fn bytes_and_text_go_and_come_back_as_they_are() {
    let pod = MockPod::start().await;
    let bytes = vec![0u8, 1, 2, 255];
    pod.expect(|c| c.put_file("report 1/2").body(bytes.clone()))
        .returns(vec![9u8, 8, 7])
        .await;
    pod.expect(|c| c.get_range(3, 7)).returns("3…7".to_owned()).await;
    pod.expect(|c| c.post_note("remember ✓")).returns(()).await;
    let client = pod.client();
    assert_eq!(status(client.put_file("report 1/2").body(vec![0u8]).send().await), 404);
    let back = client.put_file("report 1/2").body(bytes).send().await.unwrap();
    assert_eq!(back.into_inner(), [9, 8, 7]);
    assert_eq!(client.get_range(3, 7).send().await.unwrap().into_inner(), "3…7");
    assert_eq!(status(client.post_note("forget").send().await), 404);
    client.post_note("remember ✓").send().await.unwrap();
    assert_eq!(pod.take_calls().len(), 5);
}

#[tokio::test]
async fn one_of_values_go_and_come_back_tagged() {
    let pod = MockPod::start().await;
    let dog = Pet::from(Dog::new().with_bark(true));
    pod.expect(|c| c.add_pet(dog.clone())).returns(IdOrName::from(7)).await;
    pod.expect(|c| c.get_pet("p")).returns(dog.clone()).await;
    let client = pod.client();
    assert_eq!(client.add_pet(dog.clone()).send().await.unwrap().into_inner(), IdOrName::from(7));
    // Decoded by its tag (which the variant keeps among its extra fields).
    let back = client.get_pet("p").send().await.unwrap().into_inner();
    assert!(matches!(&back, Pet::Dog(d) if d.bark == Some(true)), "{back:?}");
    assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&dog).unwrap());
}

//! The bot against the typed mock pod: expectations in the generated
//! types, checked on the wire, verified when each test ends.

use downstream_bot::{room_filter, Bot, PAGE_SIZE};
use generated_client::mock::MockPod;
use generated_client::operations::V1StreamsListPostRequest;
use generated_client::types::{StreamAttributes, StreamList, V2UserAttributes, V2UserDetail};
use generated_client::{Client, Error, RetryPolicy, StaticTokens};
use std::time::Duration;

const ADA: i64 = 7078106103901;

fn ada() -> V2UserDetail {
    V2UserDetail::new().with_user_attributes(
        V2UserAttributes::new()
            .with_user_name("ada")
            .with_display_name("Ada Lovelace"),
    )
}

fn rooms(ids: impl IntoIterator<Item = String>) -> Option<StreamList> {
    let page = ids
        .into_iter()
        .map(|id| StreamAttributes::new().with_id(id))
        .collect();
    Some(page)
}

/// The request of one page of rooms, as the bot should send it.
fn page(client: &Client, skip: i64) -> V1StreamsListPostRequest<'_> {
    client
        .v1_streams_list_post()
        .body(room_filter())
        .skip(skip)
        .limit(PAGE_SIZE)
}

#[tokio::test]
async fn names_a_user_by_display_name() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(ADA))
        .returns(ada())
        .await;
    let bot = Bot::new(pod.client().clone());
    assert_eq!(
        bot.display_name(ADA).await.unwrap().as_deref(),
        Some("Ada Lovelace")
    );
    assert_eq!(pod.count("v2_admin_user_uid_get"), 1);
}

#[tokio::test]
async fn reads_every_page_of_rooms_with_the_room_filter() {
    let pod = MockPod::start().await;
    let first: Vec<String> = (0..PAGE_SIZE).map(|i| format!("room-{i}")).collect();
    pod.expect(|c| page(c, 0))
        .returns(rooms(first.clone()))
        .times(1)
        .await;
    pod.expect(|c| page(c, PAGE_SIZE))
        .returns(rooms(["last-room".to_owned()]))
        .times(1)
        .await;
    let bot = Bot::new(pod.client().clone());
    let all = bot.rooms().await.unwrap();
    assert_eq!(all.len(), first.len() + 1);
    assert_eq!(all.last().map(String::as_str), Some("last-room"));
    // The mock saw exactly the two page requests, in order.
    let calls = pod.calls();
    let skips: Vec<_> = calls
        .iter()
        .map(|c| {
            c.query
                .iter()
                .find(|(k, _)| k == "skip")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert_eq!(skips, [Some("0".to_owned()), Some(PAGE_SIZE.to_string())]);
    pod.verify().await;
}

#[tokio::test]
async fn no_content_means_no_rooms() {
    let pod = MockPod::start().await;
    pod.expect(|c| page(c, 0)).returns(None).await;
    let bot = Bot::new(pod.client().clone());
    assert!(bot.rooms().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_pod_error_reaches_the_caller_with_its_status_and_message() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(ADA))
        .fails(403, "not an admin")
        .await;
    let bot = Bot::new(pod.client().clone());
    let error = bot.display_name(ADA).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(error.to_string().contains("not an admin"), "{error}");
}

#[tokio::test]
async fn a_slow_pod_is_a_timeout() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(ADA))
        .returns(ada())
        .delay(Duration::from_secs(5))
        .await;
    // The bot's own client, pointed at the mock pod.
    let client = Client::builder(pod.uri(), StaticTokens::session_token("t"))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = Bot::new(client).display_name(ADA).await.unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

/// A bot that asks for the wrong user fails its test: the request matches
/// no expectation, the mock answers 404 naming what it expected, and the
/// bot's error says so.
#[tokio::test]
#[should_panic(expected = "/v2/admin/user/7078106103902; expected:")]
async fn asking_for_the_wrong_user_fails_the_test() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(ADA))
        .returns(ada())
        .await;
    let bot = Bot::new(pod.client().clone());
    bot.display_name(ADA + 1).await.unwrap();
}

/// The same mistake caught by the mock itself, even when the bot swallows
/// the error: `verify` names the stray request and the unmet expectation.
#[tokio::test]
#[should_panic(expected = "1 request(s) matched no expectation")]
async fn a_swallowed_mistake_still_fails_at_verify() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(ADA))
        .returns(ada())
        .await;
    let bot = Bot::new(pod.client().clone());
    let _ignored = bot.display_name(ADA + 1).await;
    pod.verify().await;
}

/// A key made for the runtime's tests; it guards nothing.
const BOT_KEY: &str = include_str!("../../../../templates/runtime/tests/common/test-key-pkcs8.pem");

#[tokio::test]
async fn connects_with_its_rsa_key_and_calls_with_the_session_it_got() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(ADA))
        .returns(ada())
        .times(2)
        .await;
    let bot = Bot::connect(&pod.uri(), "ada-bot", BOT_KEY.as_bytes()).unwrap();
    bot.display_name(ADA).await.unwrap();
    // The pod expires the session: the bot logs in again by itself.
    pod.expire_sessions();
    bot.display_name(ADA).await.unwrap();
    assert_eq!(pod.logins(), 2);
    let sessions: Vec<String> = pod
        .calls()
        .iter()
        .filter(|c| c.operation == Some("v2_admin_user_uid_get"))
        .filter_map(|c| c.session_token.as_ref().map(|s| s.expose().to_owned()))
        .collect();
    assert_eq!(sessions, ["mock-session-1", "mock-session-2"]);
    // A key that is not a key fails at connect, not at the first call.
    assert!(Bot::connect(&pod.uri(), "ada-bot", b"not a key").is_err());
}

mod agent {
    //! The bot's day on the agent: one RSA login (session and key manager
    //! token) for the pod and the agent, a message with an attachment, and
    //! events read across a feed expiry and a session expiry, none lost.

    use super::*;
    use futures_util::StreamExt;
    use generated_client::agent::types::V4Message;
    use generated_client::{FilePart, RsaAuth};
    use serde_json::json;

    /// A test key (PKCS#8 PEM): the mock pod checks a login's JWT, not its
    /// signature, and this key signs nothing real.
    const KEY: &[u8] =
        include_bytes!("../../../../templates/runtime/tests/common/test-key-pkcs8.pem");

    fn message_sent(id: &str) -> serde_json::Value {
        json!({ "id": id, "type": "MESSAGESENT", "payload": { "messageSent": { "message": { "messageId": id } } } })
    }

    #[tokio::test]
    async fn logs_in_once_says_a_word_and_reads_its_events_across_expiries() {
        let pod = MockPod::start().await;
        let auth = RsaAuth::from_pem(pod.uri(), "bot", KEY)
            .unwrap()
            .key_manager(pod.uri())
            .unwrap();
        let client = Client::builder(pod.uri(), auth)
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(5),
                ..RetryPolicy::default()
            })
            .build()
            .unwrap();
        let bot = Bot::new(client);
        // A message with an attachment, as the agent takes it.
        pod.expect(|c| {
            c.agent()
                .v4_stream_sid_message_create_post("room-1")
                .message("<messageML>Hello</messageML>")
                .attachment(FilePart::new(b"report".to_vec()).file_name("report.txt"))
        })
        .returns(V4Message::new().with_message_id("m-1"))
        .await;
        let sent = bot
            .say(
                "room-1",
                "<messageML>Hello</messageML>",
                Some(FilePart::new(b"report".to_vec()).file_name("report.txt")),
            )
            .await
            .unwrap();
        assert_eq!(sent.as_deref(), Some("m-1"));
        // The pod, with the same login.
        pod.expect(|c| c.v2_admin_user_uid_get(ADA))
            .returns(ada())
            .await;
        assert_eq!(
            bot.display_name(ADA).await.unwrap().as_deref(),
            Some("Ada Lovelace")
        );
        assert_eq!(
            pod.logins(),
            2,
            "one login: a session and a key manager token"
        );
        // The events.
        let feed = pod.datafeed().await;
        feed.push((1..=3).map(|i| message_sent(&format!("e{i}"))));
        let mut events = bot.events();
        let mut seen = Vec::new();
        for _ in 0..3 {
            seen.push(events.next().await.unwrap().unwrap().id.unwrap());
        }
        // The agent restarts and the session expires, while e4 waits.
        feed.expire();
        pod.expire_sessions();
        feed.push([message_sent("e4")]);
        // At most the unacknowledged batch again, then e4.
        for _ in 0..4 {
            if seen.contains(&"e4".to_owned()) {
                break;
            }
            seen.push(events.next().await.unwrap().unwrap().id.unwrap());
        }
        for id in ["e1", "e2", "e3", "e4"] {
            assert!(seen.contains(&id.to_owned()), "{id} was lost: {seen:?}");
        }
        assert_eq!(pod.logins(), 4, "one more login after the expiry");
        events.delete().await.unwrap();
    }
}

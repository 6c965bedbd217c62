//! The typed mock pod (feature `mock`) against the client: an expectation
//! matches only the exact request its builder describes (method, path,
//! every query pair, headers, JSON body), unmet and unexpected requests
//! fail the test, and replies decode as the operation's output.
#![cfg(feature = "mock")]

use generated_client::mock::{MockPod, Reply};
use generated_client::types::{StreamFilter, StreamType, StreamTypeType, V2UserDetail};
use generated_client::Error;

mod common;

const UID: i64 = 7078106103901;

fn rooms() -> StreamFilter {
    StreamFilter::new().with_stream_types(vec![StreamType::new().with_type(StreamTypeType::Room)])
}

/// The status of a call's error, or 200.
fn status<T>(result: Result<T, Error>) -> u16 {
    match result {
        Ok(_) => 200,
        Err(e) => e.status().map_or(0, |s| s.as_u16()),
    }
}

#[tokio::test]
async fn a_raw_call_is_mocked_like_any_other() {
    use generated_client::Method;
    let pod = MockPod::start().await;
    pod.expect(|c| c.raw(Method::GET, "/v3/room/abc/pins").query("limit", 10))
        .returns(serde_json::json!({ "pins": ["m1"] }))
        .await;
    let client = pod.client();
    let pins = client
        .raw(Method::GET, "/v3/room/abc/pins")
        .query("limit", 10)
        .send::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(pins.into_inner()["pins"][0], "m1");
    // Another query is another request: not the one expected.
    let other = client
        .raw(Method::GET, "/v3/room/abc/pins")
        .query("limit", 11)
        .send::<serde_json::Value>()
        .await;
    assert_eq!(status(other), 404);
    pod.take_calls();
}

#[tokio::test]
async fn every_query_pair_must_match_none_more_none_less() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(UID))
        .returns(V2UserDetail::new())
        .times(1)
        .await;
    pod.expect(|c| c.v1_streams_list_post().limit(5))
        .returns(None)
        .times(1)
        .await;
    let client = pod.client();
    assert_eq!(
        status(client.v1_streams_list_post().send().await),
        404,
        "a pair missing"
    );
    assert_eq!(
        status(client.v1_streams_list_post().limit(5).skip(0).send().await),
        404,
        "a pair more"
    );
    assert_eq!(
        status(client.v1_streams_list_post().limit(6).send().await),
        404,
        "another value"
    );
    assert_eq!(
        status(client.v1_streams_list_post().limit(5).send().await),
        200
    );
    assert_eq!(status(client.v2_admin_user_uid_get(UID).send().await), 200);
    let unmatched: Vec<String> = pod
        .take_calls()
        .iter()
        .filter(|c| c.operation.is_none())
        .map(ToString::to_string)
        .collect();
    assert_eq!(unmatched.len(), 3, "{unmatched:?}");
    assert!(unmatched[1].ends_with("?skip=0&limit=5"), "{unmatched:?}");
}

#[tokio::test]
async fn a_json_body_must_be_the_same_json() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v1_streams_list_post().body(rooms()))
        .returns(None)
        .await;
    let client = pod.client();
    let other = StreamFilter::new().with_include_inactive_streams(true);
    assert_eq!(
        status(client.v1_streams_list_post().body(other).send().await),
        404
    );
    assert_eq!(
        status(client.v1_streams_list_post().send().await),
        404,
        "no body"
    );
    assert_eq!(
        status(client.v1_streams_list_post().body(rooms()).send().await),
        200
    );
    let calls = pod.take_calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[2].operation, Some("v1_streams_list_post"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&calls[2].body).unwrap(),
        serde_json::json!({ "streamTypes": [{ "type": "ROOM" }] })
    );
}

#[tokio::test]
async fn replies_decode_as_the_operation_output_and_errors_as_the_pod_s() {
    let pod = MockPod::start().await;
    let detail = V2UserDetail::new().with_user_attributes(
        generated_client::types::V2UserAttributes::new().with_display_name("Ada"),
    );
    pod.expect(|c| c.v2_admin_user_uid_get(1))
        .returns(detail.clone())
        .await;
    pod.expect(|c| c.v2_admin_user_uid_get(2))
        .fails(404, "no such user")
        .await;
    pod.expect(|c| c.v2_admin_user_uid_get(3))
        .replies(Reply::raw(
            200,
            "application/json",
            "{\"userAttributes\": 5}",
        ))
        .await;
    let client = pod.client();
    assert_eq!(
        client
            .v2_admin_user_uid_get(1)
            .send()
            .await
            .unwrap()
            .into_inner(),
        detail
    );
    let error = client.v2_admin_user_uid_get(2).send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "v2_admin_user_uid_get: the API answered 404 Not Found: no such user"
    );
    let error = client.v2_admin_user_uid_get(3).send().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(pod.count("v2_admin_user_uid_get"), 3);
}

#[tokio::test]
#[should_panic(expected = "Verifications failed")]
async fn an_expectation_met_too_few_times_fails_at_verify() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(UID))
        .returns(V2UserDetail::new())
        .times(2)
        .await;
    pod.client()
        .v2_admin_user_uid_get(UID)
        .send()
        .await
        .unwrap();
    pod.verify().await;
}

#[tokio::test]
#[should_panic(expected = "Verifications failed")]
async fn an_expectation_never_met_fails_when_the_pod_is_dropped() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(UID))
        .returns(V2UserDetail::new())
        .await;
}

#[tokio::test]
#[should_panic(expected = "has no reply")]
async fn an_expectation_without_a_reply_is_a_mistake_named_at_once() {
    let pod = MockPod::start().await;
    pod.expect(|c| c.v2_admin_user_uid_get(UID)).await;
}

#[tokio::test]
#[should_panic(expected = "cannot be sent")]
async fn an_expectation_the_client_could_not_send_is_named_at_once() {
    let pod = MockPod::start().await;
    let _ = pod.expect(|c| c.v1_admin_group_gid_membership_list_get(".."));
}

mod logins {
    //! The mock pod's logins: a bot logs in with its RSA key against it,
    //! a test sees which session each call carried, expires the sessions
    //! and watches the refresh; an app's OBO sessions too; and no
    //! credential in a mock message.

    use super::*;
    use generated_client::{AppAuth, Client, RetryPolicy, RsaAuth};

    use crate::common::keys;

    fn client(pod: &MockPod, auth: impl generated_client::CredentialProvider) -> Client {
        Client::builder(pod.uri(), auth)
            .retry(RetryPolicy::none())
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_bot_logs_in_and_a_refreshed_session_follows_an_expiry() {
        let pod = MockPod::start().await;
        pod.expect(|c| c.v2_admin_user_uid_get(UID))
            .returns(V2UserDetail::new())
            .times(3)
            .await;
        let auth = RsaAuth::from_pem(pod.uri(), "bot", keys::KEY_PKCS8).unwrap();
        let bot = client(&pod, auth);
        bot.v2_admin_user_uid_get(UID).send().await.unwrap();
        bot.v2_admin_user_uid_get(UID).send().await.unwrap();
        assert_eq!(pod.logins(), 1);
        pod.expire_sessions();
        bot.v2_admin_user_uid_get(UID).send().await.unwrap();
        assert_eq!(pod.logins(), 2, "one new login after the expiry");
        let sessions: Vec<String> = pod
            .calls()
            .iter()
            .filter(|c| c.operation.is_some())
            .filter_map(|c| c.session_token.as_ref().map(|s| s.expose().to_owned()))
            .collect();
        assert_eq!(
            sessions,
            ["mock-session-1", "mock-session-1", "mock-session-2"]
        );
    }

    #[tokio::test]
    async fn an_app_obtains_a_users_session_from_the_mock() {
        let pod = MockPod::start().await;
        pod.expect(|c| c.v2_admin_user_uid_get(UID))
            .returns(V2UserDetail::new())
            .await;
        let app = AppAuth::rsa(pod.uri(), "acme-app", keys::KEY_PKCS8).unwrap();
        let alice = client(&pod, app.on_behalf_of_username("alice"));
        alice.v2_admin_user_uid_get(UID).send().await.unwrap();
        assert_eq!(pod.logins(), 2, "the app's session, then alice's");
        let call = pod
            .calls()
            .into_iter()
            .find(|c| c.operation.is_some())
            .unwrap();
        assert_eq!(call.session_token.unwrap().expose(), "mock-obo-session-2");
    }

    #[tokio::test]
    async fn a_stale_jwt_is_refused_and_no_message_shows_a_credential() {
        let pod = MockPod::start().await;
        // A login posted with a JWT far in the future: refused, and the
        // refusal does not echo it.
        let http = reqwest::Client::new();
        let jwt = "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QiLCJleHAiOjQxMDI0NDQ4MDB9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        let refused = http
            .post(format!("{}/login/pubkey/authenticate", pod.uri()))
            .body(format!(r#"{{"token": "{jwt}"}}"#))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status().as_u16(), 401);
        assert!(!refused.text().await.unwrap().contains(jwt));
        // A request nobody expected, carrying credentials: its 404 message
        // and the recorded call show none of them.
        let unexpected = http
            .post(format!("{}/pod/v1/whatever", pod.uri()))
            .header("sessionToken", "real-session-token")
            .body(format!(
                r#"{{"token": "{jwt}", "password": "hunter2", "name": "ada"}}"#
            ))
            .send()
            .await
            .unwrap();
        let message = unexpected.text().await.unwrap();
        let calls = pod.take_calls();
        let shown = format!("{message} {calls:?} {}", calls.last().unwrap());
        for secret in [jwt, "hunter2", "real-session-token"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(shown.contains("ada"), "{shown}");
    }
}

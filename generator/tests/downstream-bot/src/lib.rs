//! A small Symphony bot built on the generated client: what a downstream
//! crate looks like. It logs in once with its RSA key (a session and a key
//! manager token, for the pod and the agent both), lists its rooms, looks
//! users up, sends messages with attachments and reads its events from the
//! datafeed; `tests/bot.rs` tests it against the typed mock pod.

use futures_util::TryStreamExt;
use generated_client::agent::types::V4Event;
use generated_client::types::{StreamFilter, StreamType, StreamTypeType};
use generated_client::{Client, Datafeed, Error, FilePart, RsaAuth};

/// The tag of the bot's datafeed: a restarted bot picks up its feed.
pub const FEED_TAG: &str = "downstream-bot";

/// The rooms are read this many at a time.
pub const PAGE_SIZE: i64 = 50;

/// A bot: a client of one pod.
#[derive(Debug, Clone)]
pub struct Bot {
    client: Client,
}

impl Bot {
    /// Logs in to the pod at `pod_url` as the service account `username`,
    /// with its RSA private key (PEM). The login happens at the first call.
    pub fn connect(
        pod_url: &str,
        username: &str,
        pem: &[u8],
    ) -> Result<Bot, Box<dyn std::error::Error>> {
        // The key manager token is the agent's; Symphony serves the key
        // manager (`/relay`) and the agent (`/agent`) on the pod's host.
        let auth = RsaAuth::from_pem(pod_url, username, pem)?.key_manager(pod_url)?;
        Ok(Bot::new(Client::builder(pod_url, auth).build()?))
    }

    /// A bot using this client (a test passes the mock pod's).
    pub fn new(client: Client) -> Bot {
        Bot { client }
    }

    /// The ids of the rooms the bot is in, every page of them.
    pub async fn rooms(&self) -> Result<Vec<String>, Error> {
        self.client
            .v1_streams_list_post()
            .body(room_filter())
            .stream(PAGE_SIZE)
            .try_filter_map(|stream| async move { Ok(stream.id) })
            .try_collect()
            .await
    }

    /// How the pod names a user: their display name, else their username.
    pub async fn display_name(&self, uid: i64) -> Result<Option<String>, Error> {
        let user = self.client.v2_admin_user_uid_get(uid).send().await?;
        let attributes = user.into_inner().user_attributes;
        Ok(attributes.and_then(|a| a.display_name.or(a.user_name)))
    }
}

impl Bot {
    /// Posts `message_ml` (`<messageML>…</messageML>`) to the stream, with
    /// a file attached when one is given; the new message's id.
    pub async fn say(
        &self,
        stream_id: &str,
        message_ml: &str,
        attachment: Option<FilePart>,
    ) -> Result<Option<String>, Error> {
        let mut message = self
            .client
            .agent()
            .v4_stream_sid_message_create_post(stream_id)
            .message(message_ml);
        if let Some(file) = attachment {
            message = message.attachment(file);
        }
        Ok(message.send().await?.into_inner().message_id)
    }

    /// The bot's events, from its datafeed: `while let Some(event) =
    /// events.next().await`.
    pub fn events(&self) -> Datafeed<V4Event> {
        self.client.agent().datafeed(FEED_TAG)
    }
}

/// The filter of [`Bot::rooms`]: rooms only.
pub fn room_filter() -> StreamFilter {
    StreamFilter::new().with_stream_types(vec![StreamType::new().with_type(StreamTypeType::Room)])
}

//! The mock pod's logins: every login endpoint the client's providers use
//! (RSA, certificate, app, on-behalf-of) answers tokens the mock issues and
//! later checks, so a test can log in, see which session a call carried,
//! expire the sessions and watch the refresh; and bodies in its messages
//! with every credential redacted.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

/// What the mock's logins issued and what it no longer accepts.
#[derive(Default)]
pub(crate) struct Logins {
    count: AtomicUsize,
    issued: Mutex<Vec<String>>,
    expired: Mutex<HashSet<String>>,
}

/// Which token a login endpoint answers.
#[derive(Clone, Copy)]
enum Kind {
    /// `sessionToken` of a bot or an app, after an RSA JWT (`jwt`) or a
    /// client certificate.
    Session { jwt: bool },
    /// `keyManagerToken`.
    KeyManager { jwt: bool },
    /// A user's session, for an app's session.
    OnBehalfOf,
}

/// The login endpoints, as path patterns, and what each answers.
const ENDPOINTS: &[(&str, Kind)] = &[
    ("^/login/pubkey/authenticate$", Kind::Session { jwt: true }),
    (
        "^/login/pubkey/app/authenticate$",
        Kind::Session { jwt: true },
    ),
    (
        "^/sessionauth/v1/authenticate$",
        Kind::Session { jwt: false },
    ),
    (
        "^/sessionauth/v1/app/authenticate$",
        Kind::Session { jwt: false },
    ),
    (
        "^/relay/pubkey/authenticate$",
        Kind::KeyManager { jwt: true },
    ),
    (
        "^/keyauth/v1/authenticate$",
        Kind::KeyManager { jwt: false },
    ),
    (
        "^/(login/pubkey|sessionauth/v1)/app/(user|username)/[^/]+/authenticate$",
        Kind::OnBehalfOf,
    ),
];

impl Logins {
    /// Mounts the login endpoints (before any expectation) and the check
    /// that answers 401 to a call carrying an expired session.
    pub(crate) async fn mount(self: &Arc<Self>, server: &wiremock::MockServer) {
        wiremock::Mock::given(Expired(self.clone()))
            .respond_with(
                crate::runtime::mock::Reply::error(401, "mock pod: this session has expired")
                    .template(None),
            )
            .with_priority(1)
            .named("calls with an expired session")
            .mount(server)
            .await;
        for (pattern, kind) in ENDPOINTS {
            wiremock::Mock::given(wiremock::matchers::method("POST"))
                .and(wiremock::matchers::path_regex(*pattern))
                .respond_with(Login {
                    logins: self.clone(),
                    kind: *kind,
                })
                .with_priority(2)
                .named("logins")
                .mount(server)
                .await;
        }
    }

    pub(crate) fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// From now on, every session issued so far answers 401.
    pub(crate) fn expire(&self) {
        let issued = self
            .issued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        self.expired
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(issued);
    }

    fn is_expired(&self, token: &str) -> bool {
        self.expired
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(token)
    }

    fn issue(&self, prefix: &str) -> String {
        let n = self.count.fetch_add(1, Ordering::SeqCst) + 1;
        let token = format!("{prefix}-{n}");
        self.issued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(token.clone());
        token
    }
}

/// Matches a request whose `sessionToken` the mock has expired.
struct Expired(Arc<Logins>);

impl wiremock::Match for Expired {
    fn matches(&self, request: &wiremock::Request) -> bool {
        session_token(request).is_some_and(|t| self.0.is_expired(&t))
    }
}

/// The `sessionToken` header of a request.
pub(crate) fn session_token(request: &wiremock::Request) -> Option<String> {
    request
        .headers
        .get("sessionToken")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// One login endpoint.
struct Login {
    logins: Arc<Logins>,
    kind: Kind,
}

impl wiremock::Respond for Login {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let refused = |why: &str| {
            crate::runtime::mock::Reply::error(401, &format!("mock pod: login refused: {why}"))
                .template(None)
        };
        let answer = |name: &str, token: String| {
            crate::runtime::mock::Reply::json(
                200,
                &serde_json::json!({ "name": name, "token": token }),
            )
            .template(None)
        };
        let jwt = matches!(
            self.kind,
            Kind::Session { jwt: true } | Kind::KeyManager { jwt: true }
        );
        if jwt {
            if let Err(why) = check_jwt(&request.body) {
                return refused(why);
            }
        }
        match self.kind {
            Kind::Session { .. } => answer("sessionToken", self.logins.issue("mock-session")),
            Kind::KeyManager { .. } => answer("keyManagerToken", self.logins.issue("mock-km")),
            Kind::OnBehalfOf => match session_token(request) {
                Some(app) if app.starts_with("mock-session-") && !self.logins.is_expired(&app) => {
                    answer("sessionToken", self.logins.issue("mock-obo-session"))
                }
                _ => refused("no valid app session in `sessionToken`"),
            },
        }
    }
}

/// Whether a login body holds a JWT as Symphony wants it: `{"token": …}`
/// with a subject and an expiry at most 5 minutes ahead (the signature is
/// not checked: the mock does not know the public key).
fn check_jwt(body: &[u8]) -> Result<(), &'static str> {
    use base64::Engine;
    let body: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| "the body is not JSON")?;
    let jwt = body["token"].as_str().ok_or("no `token` in the body")?;
    let payload = jwt.split('.').nth(1).ok_or("the token is not a JWT")?;
    let claims: serde_json::Value = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or("the JWT's claims are not JSON")?;
    if claims["sub"].as_str().is_none_or(str::is_empty) {
        return Err("the JWT has no subject");
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match claims["exp"].as_u64() {
        Some(exp) if exp > now && exp <= now.saturating_add(300) => Ok(()),
        _ => Err("the JWT's `exp` is not within the next 5 minutes"),
    }
}

/// A body for messages: at most 200 characters, with the values of
/// credential-like JSON keys (`token`, `password`, `key`, `secret`) and
/// anything shaped like a JWT replaced by `<redacted>`.
pub(crate) fn redacted_excerpt(bytes: &[u8]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => redact_words(&String::from_utf8_lossy(bytes)),
    };
    let mut cut: String = text.chars().take(200).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    cut
}

/// Text with every JWT-shaped run of token characters replaced.
fn redact_words(text: &str) -> String {
    let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if word(c) {
            run.push(c);
            continue;
        }
        out.push_str(if looks_like_jwt(&run) {
            "<redacted>"
        } else {
            &run
        });
        run.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                let key = key.to_ascii_lowercase();
                let secret = ["token", "password", "secret", "key"]
                    .iter()
                    .any(|s| key.contains(s));
                if secret && !value.is_null() {
                    *value = serde_json::Value::String("<redacted>".to_owned());
                } else {
                    redact(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        serde_json::Value::String(s) if looks_like_jwt(s) => *s = "<redacted>".to_owned(),
        _ => {}
    }
}

/// Three base64url parts joined by dots, the first two non-trivial.
fn looks_like_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts[..2].iter().all(|p| p.len() >= 8)
        && parts.iter().all(|p| {
            p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_reach_a_message() {
        let jwt = "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJib3QifQ.c2lnbmF0dXJl";
        let json = format!(
            r#"{{"token": "{jwt}", "name": "ada", "nested": [{{"password": "hunter2"}}], "note": "{jwt}"}}"#
        );
        let shown = redacted_excerpt(json.as_bytes());
        assert!(
            !shown.contains(jwt) && !shown.contains("hunter2"),
            "{shown}"
        );
        assert!(shown.contains("ada"), "{shown}");
        let shown = redacted_excerpt(format!("a=1&token={jwt}&b=2").as_bytes());
        assert_eq!(shown, "a=1&token=<redacted>&b=2");
        let shown = redacted_excerpt(format!("{jwt} next").as_bytes());
        assert_eq!(shown, "<redacted> next");
    }
}

//! Where the API is served on its host: the base path every call's path
//! goes under (`/pod`), from the settings, else the spec's `basePath` or
//! first server URL, with a located warning for each guess.

use crate::diagnostics::Diagnostics;
use crate::settings::Settings;
use openapiv3::OpenAPI;
use templates::model::shown_path as shown;

/// Where the first server's URL is, for warnings.
const SERVER_URL: &str = "/servers/0/url";

/// The base path of the API: `settings.yml`'s `base_path` when it is set
/// (a spec that says otherwise gets a warning), else the spec's. A spec
/// without one is the root, with a warning: Symphony serves every API
/// under a context path.
pub fn base_path(api: &OpenAPI, settings: &Settings, diags: &mut Diagnostics) -> String {
    let from_spec = spec_base_path(api, diags);
    match (&settings.base_path, from_spec) {
        (Some(pinned), Some(spec)) if *pinned != spec => {
            diags.warn(
                SERVER_URL,
                format!(
                    "the spec serves the API under `{}`, the settings under `{}`: calls go under `{}`",
                    shown(&spec),
                    shown(pinned),
                    shown(pinned)
                ),
                "drop `base_path` from settings.yml to follow the spec",
            );
            pinned.clone()
        }
        (Some(pinned), _) => pinned.clone(),
        (None, Some(spec)) => spec,
        (None, None) => {
            diags.warn(
                "/servers",
                "the spec gives no base path (no `basePath`, no server URL): every call goes to the root of the URL the client is given",
                "set `base_path` in settings.yml to where the API is served (Symphony: `/pod` for the pod, `/agent` for the agent)",
            );
            String::new()
        }
    }
}

/// The path of the first server's URL, its `{variables}` replaced by their
/// defaults (`https://host/pod`, `//host/pod` and `/pod` give `/pod`);
/// `None` when the spec has no server. The host is never used (the client
/// is given its URL): a URL without a scheme (`host.example.com/agent`)
/// and a placeholder host (`yourpodURL.symphony.com`) are read for their
/// path with a warning that says what was taken.
fn spec_base_path(api: &OpenAPI, diags: &mut Diagnostics) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.trim().to_owned();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    // What follows the authority, when there is one.
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => split_host(rest),
        None => match url.strip_prefix("//") {
            Some(rest) => split_host(rest),
            None if url.starts_with('/') || url.is_empty() => (None, url.as_str()),
            None => {
                // A relative URL. Its first segment is a host when it has a
                // dot (`youragentURL.symphony.com/agent`), else a path.
                let (first, _) = url.split_once('/').unwrap_or((&url, ""));
                let (host, path) = if first.contains('.') {
                    split_host(&url)
                } else {
                    (None, url.as_str())
                };
                let path = format!("/{}", path.trim_start_matches('/'));
                let path = clean(&path);
                let taken = match host {
                    Some(host) => format!("the host `{host}` and the base path `{}`", shown(&path)),
                    None => format!("the base path `{}`", shown(&path)),
                };
                diags.warn(
                    SERVER_URL,
                    format!("the server URL `{url}` has no scheme; read as {taken}"),
                    "write the server URL as `https://host/path`, or set `base_path` in settings.yml",
                );
                return Some(path);
            }
        },
    };
    let path = clean(path);
    if let Some(host) = host.filter(|h| is_placeholder(h)) {
        diags.warn(
            SERVER_URL,
            format!(
                "the server URL's host `{host}` is a placeholder; only its path is used: calls go under `{}` of the URL the client is given",
                shown(&path)
            ),
            "nothing to do if that path is right; else set `base_path` in settings.yml",
        );
    }
    Some(path)
}

/// `host/path` split at the first `/` (the path keeps it).
fn split_host(rest: &str) -> (Option<&str>, &str) {
    match rest.find('/') {
        Some(i) => (Some(&rest[..i]), &rest[i..]),
        None => (Some(rest), ""),
    }
}

/// The path without a query, a fragment or a trailing `/`.
fn clean(path: &str) -> String {
    let end = path.find(['?', '#']).unwrap_or(path.len());
    path[..end].trim_end_matches('/').to_owned()
}

/// Whether a host stands for "your host here": `yourpodURL.symphony.com`,
/// `example.com`, `localhost`, or one still holding a `{variable}`.
fn is_placeholder(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let name = host.split(':').next().unwrap_or("");
    name.contains("your")
        || name == "localhost"
        || name == "example.com"
        || name.ends_with(".example.com")
        || name.contains('{')
}

/// The first server's URL variables: name, default, listed values.
pub fn server_variables(api: &OpenAPI) -> Vec<(String, String, Vec<String>)> {
    api.servers
        .first()
        .and_then(|s| s.variables.as_ref())
        .into_iter()
        .flatten()
        .map(|(name, v)| (name.clone(), v.default.clone(), v.enumeration.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The base path of a spec with this server URL, and the warnings.
    fn trial(url: &str, pinned: Option<&str>) -> (String, usize) {
        let api = OpenAPI {
            servers: vec![openapiv3::Server {
                url: url.to_owned(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let settings = Settings {
            base_path: pinned.map(str::to_owned),
            ..Settings::default()
        };
        let mut diags = Diagnostics::default();
        let path = base_path(&api, &settings, &mut diags);
        (path, diags.iter().count())
    }

    #[test]
    fn base_paths_come_from_the_settings_or_the_spec_with_a_warning_for_guesses() {
        let trials = [
            // (server URL, settings, base path, warnings)
            ("https://acme.symphony.com/pod", None, "/pod", 0),
            ("//acme.symphony.com/pod/", None, "/pod", 0),
            ("/pod", None, "/pod", 0),
            ("https://acme.symphony.com", None, "", 0),
            ("youragentURL.symphony.com/agent", None, "/agent", 1),
            ("agent/v1", None, "/agent/v1", 1),
            ("http://yourpodURL.symphony.com/pod", None, "/pod", 1),
            ("https://localhost:8443/pod?x=1#y", None, "/pod", 1),
            ("", None, "", 0),
            ("https://acme.symphony.com/pod", Some("/pod"), "/pod", 0),
            ("https://acme.symphony.com/", Some("/pod"), "/pod", 1),
            (
                "youragentURL.symphony.com/agent",
                Some("/agent"),
                "/agent",
                1,
            ),
        ];
        for (url, pinned, want, warnings) in trials {
            assert_eq!(
                trial(url, pinned),
                (want.to_owned(), warnings),
                "{url} {pinned:?}"
            );
        }
        let mut diags = Diagnostics::default();
        let none = base_path(&OpenAPI::default(), &Settings::default(), &mut diags);
        assert_eq!((none.as_str(), diags.iter().count()), ("", 1));
        let pinned = Settings {
            base_path: Some("/pod".to_owned()),
            ..Settings::default()
        };
        let mut diags = Diagnostics::default();
        let path = base_path(&OpenAPI::default(), &pinned, &mut diags);
        assert_eq!((path.as_str(), diags.iter().count()), ("/pod", 0));
    }
}

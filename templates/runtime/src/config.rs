//! The Symphony BDK configuration file (YAML or JSON) read into network
//! settings, a retry policy and the right login, with `${VAR}` and
//! `${VAR:-default}` taken from the environment.

use crate::runtime::{
    AppAuth, AuthError, BuildError, CertAuth, ClientBuilder, CredentialProvider, Network,
    NetworkError, RetryPolicy, RsaAuth, Secret,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Why a BDK configuration cannot be used (feature `config`). Names the
/// key or the variable, never a value (a value may be a secret).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file, or a file it names, cannot be read.
    #[error("cannot read `{path}` ({key}): {source}")]
    Read {
        path: String,
        key: String,
        #[source]
        source: std::io::Error,
    },
    /// `${VAR}` names a variable that is not set and has no default.
    #[error("line {line}: `${{{variable}}}` is not set (write `${{{variable}:-default}}` for a default)")]
    Unset { variable: String, line: usize },
    /// The text is not YAML or JSON of the expected shape.
    #[error("{at}: {message}")]
    Parse { at: String, message: String },
    /// A key that is needed is missing, or two keys exclude each other.
    #[error("`{key}`: {why}")]
    Invalid { key: String, why: String },
    /// A login cannot be built from it.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The network settings cannot be built from it.
    #[error(transparent)]
    Network(#[from] NetworkError),
    /// The client cannot be built from it.
    #[error(transparent)]
    Build(#[from] BuildError),
}

/// A Symphony BDK configuration file (`config.yaml`, as the Java and
/// Python BDKs read it), for a bot or an extension app moving to Rust.
/// Needs the cargo feature `config`.
///
/// The supported subset:
///
/// | Keys | Meaning |
/// |---|---|
/// | `scheme`, `host`, `port`, `context` | defaults for every endpoint (`https`, port 443, no context) |
/// | `pod`, `agent`, `keyManager`, `sessionAuth` `.scheme/.host/.port/.context` | each endpoint; the agent is the pod's host unless given, the key manager and session authenticator are used only when given |
///
/// As in the BDKs, an endpoint's `context` is a path in front of the
/// service's own: the pod API is called at
/// `scheme://host:port/context` followed by the API's base path (`/pod`,
/// the crate's `BASE_PATH`), logins at `…/context/login`, the key manager
/// at `…/context/relay`, the agent API at the agent's
/// `scheme://host:port/context` followed by `/agent`.
/// | `bot.username`, `bot.privateKey.path` or `.content` | RSA login ([`RsaAuth`]) |
/// | `bot.certificate.path` or `.content` | certificate login ([`CertAuth`]): one PEM holding the certificate chain and the unencrypted key |
/// | `app.appId`, `app.privateKey` or `app.certificate` | extension app ([`AppAuth`]) |
/// | `proxy.host`, `.port`, `.username`, `.password` | the proxy ([`Network::proxy`]) |
/// | `ssl.trustStore.path` or `.content` | extra roots, PEM ([`Network::add_root_certificates_pem`]) |
/// | `retry.maxAttempts`, `.initialIntervalMillis`, `.maxIntervalMillis` | [`RetryPolicy`] (the multiplier is always 2) |
/// | `connectionTimeout`, `readTimeout` (ms), `defaultHeaders` | [`Network`] |
///
/// `agent`, `datafeed` and `datahose` configure other APIs and are skipped;
/// any other key is reported by [`BdkConfig::warnings`]. Java key stores
/// (JKS, PKCS#12) are not read: the error says how to convert them to PEM.
/// Every `${VAR}` is replaced by the environment variable (an error when
/// it is unset), `${VAR:-default}` by the variable or the default.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use generated_client::{Client, runtime::BdkConfig};
/// let config = BdkConfig::from_file("config.yaml")?;
/// for warning in config.warnings() {
///     eprintln!("config.yaml: {warning}");
/// }
/// let client = Client::from_bdk_config(&config)?;
/// # let _ = client; Ok(()) }
/// ```
pub struct BdkConfig {
    raw: Raw,
    warnings: Vec<String>,
    /// Where relative file paths are read from (the file's directory).
    dir: std::path::PathBuf,
}

impl fmt::Debug for BdkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BdkConfig")
            .field("pod", &self.pod_url().ok())
            .field(
                "bot",
                &self.raw.bot.as_ref().and_then(|b| b.username.as_deref()),
            )
            .field(
                "app",
                &self.raw.app.as_ref().and_then(|a| a.app_id.as_deref()),
            )
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Raw {
    scheme: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    context: Option<String>,
    pod: Option<Endpoint>,
    agent: Option<Endpoint>,
    key_manager: Option<Endpoint>,
    session_auth: Option<Endpoint>,
    bot: Option<Login>,
    app: Option<Login>,
    proxy: Option<ProxyConfig>,
    ssl: Option<Ssl>,
    retry: Option<Retry>,
    connection_timeout: Option<u64>,
    read_timeout: Option<u64>,
    #[serde(default)]
    default_headers: BTreeMap<String, String>,
}

#[derive(Deserialize, Default, Clone)]
struct Endpoint {
    scheme: Option<String>,
    host: Option<String>,
    port: Option<u16>,
    context: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Login {
    username: Option<String>,
    app_id: Option<String>,
    private_key: Option<Source>,
    certificate: Option<Source>,
}

/// A key, certificate or trust store: a file or inline PEM.
#[derive(Deserialize, Default)]
struct Source {
    path: Option<String>,
    content: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
struct ProxyConfig {
    host: String,
    port: Option<u16>,
    username: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Ssl {
    trust_store: Option<Source>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Retry {
    max_attempts: Option<u32>,
    initial_interval_millis: Option<u64>,
    max_interval_millis: Option<u64>,
    /// Read so it is not reported as unknown; the multiplier here is 2.
    #[allow(dead_code)]
    multiplier: Option<f64>,
}

/// Top-level keys of other BDK services, skipped without a warning.
const OTHER_SERVICES: &[&str] = &["datafeed", "datahose", "commandPrefix"];

impl BdkConfig {
    /// Reads a configuration file; relative paths in it are read from its
    /// directory.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            key: "the configuration".to_owned(),
            source,
        })?;
        let mut config = BdkConfig::parse(&text)?;
        if let Some(dir) = path.parent() {
            config.dir = dir.to_path_buf();
        }
        Ok(config)
    }

    /// Reads a configuration from its text (YAML, or JSON, which is YAML);
    /// relative paths in it are read from the current directory.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let text = substitute(text, |name| std::env::var(name).ok())?;
        let mut unknown = Vec::new();
        let deserializer = serde_yaml::Deserializer::from_str(&text);
        let raw: Option<Raw> = serde_ignored::deserialize(deserializer, |path| {
            // `?.` is serde_ignored's step into the `Option`.
            let path = path.to_string();
            unknown.push(path.strip_prefix("?.").unwrap_or(&path).to_owned());
        })
        .map_err(|e| ConfigError::Parse {
            at: e.location().map_or_else(
                || "the configuration".to_owned(),
                |l| format!("line {}", l.line()),
            ),
            message: without_values(&e.to_string()),
        })?;
        let warnings = unknown
            .into_iter()
            .filter(|path| {
                !OTHER_SERVICES
                    .iter()
                    .any(|s| path == s || path.starts_with(&format!("{s}.")))
            })
            .map(|path| format!("`{path}` is not a key this client reads; it is ignored"))
            .collect();
        Ok(BdkConfig {
            raw: raw.unwrap_or_default(),
            warnings,
            dir: std::path::PathBuf::from("."),
        })
    }

    /// Keys that were not understood (misspelt, or not supported here).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The pod's URL (`scheme://host:port/context`), from `pod` and the
    /// global keys.
    pub fn pod_url(&self) -> Result<String, ConfigError> {
        self.url("pod", self.raw.pod.as_ref())
    }

    /// The network settings: proxy, trust store, timeouts, headers.
    pub fn network(&self) -> Result<Network, ConfigError> {
        let raw = &self.raw;
        let mut network = Network::new();
        if let Some(proxy) = &raw.proxy {
            let url = format!("http://{}:{}", proxy.host, proxy.port.unwrap_or(8080));
            network = network.proxy(&url)?;
            if let Some(user) = &proxy.username {
                let password = Secret::new(proxy.password.clone().unwrap_or_default());
                network = network.proxy_credentials(user.clone(), password);
            }
        }
        if let Some(store) = raw.ssl.as_ref().and_then(|s| s.trust_store.as_ref()) {
            let pem = self.pem(store, "ssl.trustStore")?;
            network = network.add_root_certificates_pem(pem)?;
        }
        if let Some(ms) = raw.connection_timeout {
            network = network.connect_timeout(Duration::from_millis(ms));
        }
        if let Some(ms) = raw.read_timeout {
            network = network.read_timeout(Duration::from_millis(ms));
        }
        for (name, value) in &raw.default_headers {
            network = network.header(name, value)?;
        }
        Ok(network)
    }

    /// The retry policy: `retry`, else the default.
    pub fn retry(&self) -> RetryPolicy {
        let mut policy = RetryPolicy::default();
        if let Some(retry) = &self.raw.retry {
            if let Some(n) = retry.max_attempts {
                policy.max_attempts = n.max(1);
            }
            if let Some(ms) = retry.initial_interval_millis {
                policy.initial_backoff = Duration::from_millis(ms);
            }
            if let Some(ms) = retry.max_interval_millis {
                policy.max_backoff = Duration::from_millis(ms);
            }
        }
        policy
    }

    /// The bot's login: [`RsaAuth`] with `bot.privateKey`, [`CertAuth`]
    /// with `bot.certificate`, through [`BdkConfig::network`].
    pub fn bot_auth(&self) -> Result<Arc<dyn CredentialProvider>, ConfigError> {
        let bot = self
            .raw
            .bot
            .as_ref()
            .ok_or_else(|| invalid("bot", "is missing"))?;
        let network = self.network()?;
        match (&bot.private_key, &bot.certificate) {
            (Some(key), None) => {
                let username = bot.username.as_ref().ok_or_else(|| {
                    invalid("bot.username", "is missing (the RSA login needs it)")
                })?;
                let pem = self.pem(key, "bot.privateKey")?;
                let mut auth =
                    RsaAuth::from_pem(self.pod_url()?, username, pem)?.network(&network)?;
                if let Some(km) = &self.raw.key_manager {
                    auth = auth.key_manager(self.url("keyManager", Some(km))?)?;
                }
                if let Some(sa) = &self.raw.session_auth {
                    auth = auth.session_auth(self.url("sessionAuth", Some(sa))?)?;
                }
                Ok(Arc::new(auth))
            }
            (None, Some(certificate)) => {
                let network = self.with_certificate(network, certificate, "bot.certificate")?;
                let mut auth = CertAuth::new(self.session_auth_url()?, &network)?;
                if let Some(km) = &self.raw.key_manager {
                    auth = auth.key_manager(self.url("keyManager", Some(km))?)?;
                }
                Ok(Arc::new(auth))
            }
            (Some(_), Some(_)) => Err(invalid(
                "bot",
                "has both `privateKey` and `certificate`; keep one",
            )),
            (None, None) => Err(invalid("bot", "needs `privateKey` or `certificate`")),
        }
    }

    /// The extension app's login ([`AppAuth`]), from `app.appId` and its
    /// private key or certificate.
    pub fn app_auth(&self) -> Result<AppAuth, ConfigError> {
        let app = self
            .raw
            .app
            .as_ref()
            .ok_or_else(|| invalid("app", "is missing"))?;
        let network = self.network()?;
        match (&app.private_key, &app.certificate) {
            (Some(key), None) => {
                let app_id = app
                    .app_id
                    .as_ref()
                    .ok_or_else(|| invalid("app.appId", "is missing"))?;
                let pem = self.pem(key, "app.privateKey")?;
                Ok(AppAuth::rsa(self.pod_url()?, app_id, pem)?.network(&network)?)
            }
            (None, Some(certificate)) => {
                let network = self.with_certificate(network, certificate, "app.certificate")?;
                Ok(AppAuth::certificate(self.session_auth_url()?, &network)?)
            }
            (Some(_), Some(_)) => Err(invalid(
                "app",
                "has both `privateKey` and `certificate`; keep one",
            )),
            (None, None) => Err(invalid("app", "needs `privateKey` or `certificate`")),
        }
    }

    /// A [`ClientBuilder`] for the pod (its URL, `base_path`, the agent's
    /// URL when `agent` is given, the network settings with the bot's
    /// certificate when it has one, the retry policy) with these
    /// credentials.
    pub fn client_builder(
        &self,
        base_path: &str,
        credentials: impl CredentialProvider,
    ) -> Result<ClientBuilder, ConfigError> {
        let mut network = self.network()?;
        if let Some(certificate) = self.raw.bot.as_ref().and_then(|b| b.certificate.as_ref()) {
            network = self.with_certificate(network, certificate, "bot.certificate")?;
        }
        let mut builder = ClientBuilder::new(self.pod_url()?, base_path, credentials)
            .network(network)
            .retry(self.retry());
        if let Some(agent) = &self.raw.agent {
            builder = builder.agent_url(self.url("agent", Some(agent))?);
        }
        Ok(builder)
    }

    /// The session authenticator: `sessionAuth`, else the pod's host.
    fn session_auth_url(&self) -> Result<String, ConfigError> {
        match &self.raw.session_auth {
            Some(sa) => self.url("sessionAuth", Some(sa)),
            None => self.pod_url(),
        }
    }

    /// `scheme://host:port/context` of an endpoint, global keys filling gaps.
    fn url(&self, key: &str, endpoint: Option<&Endpoint>) -> Result<String, ConfigError> {
        let raw = &self.raw;
        let global = Endpoint {
            scheme: raw.scheme.clone(),
            host: raw.host.clone(),
            port: raw.port,
            context: raw.context.clone(),
        };
        let own = endpoint.cloned().unwrap_or_default();
        let scheme = own
            .scheme
            .or_else(|| global.scheme.clone())
            .unwrap_or_else(|| "https".to_owned());
        let host = own.host.or_else(|| global.host.clone()).ok_or_else(|| {
            invalid(
                &format!("{key}.host"),
                "is missing (and there is no global `host`)",
            )
        })?;
        let port = own.port.or(global.port).unwrap_or(443);
        let context = own
            .context
            .or_else(|| global.context.clone())
            .unwrap_or_default();
        let context = context.trim_matches('/');
        let context = if context.is_empty() {
            String::new()
        } else {
            format!("/{context}")
        };
        Ok(format!("{scheme}://{host}:{port}{context}"))
    }

    /// The PEM text of a key, certificate or trust store.
    fn pem(&self, source: &Source, key: &str) -> Result<Vec<u8>, ConfigError> {
        let bytes = match (&source.path, &source.content) {
            (Some(path), None) => {
                let full = self.dir.join(path);
                std::fs::read(&full).map_err(|e| ConfigError::Read {
                    path: full.display().to_string(),
                    key: format!("{key}.path"),
                    source: e,
                })?
            }
            (None, Some(content)) => content.clone().into_bytes(),
            (Some(_), Some(_)) => {
                return Err(invalid(key, "has both `path` and `content`; keep one"))
            }
            (None, None) => return Err(invalid(key, "needs `path` or `content`")),
        };
        if !String::from_utf8_lossy(&bytes).contains("-----BEGIN") {
            let hint = if source.password.is_some() || key == "ssl.trustStore" {
                " (a Java key store is not read here: convert it with `keytool -exportcert -rfc`, or `openssl pkcs12 -in FILE -out FILE.pem -nodes` for PKCS#12)"
            } else {
                ""
            };
            return Err(invalid(key, &format!("is not PEM{hint}")));
        }
        Ok(bytes)
    }

    /// `network` presenting the certificate and key of one PEM.
    fn with_certificate(
        &self,
        network: Network,
        source: &Source,
        key: &str,
    ) -> Result<Network, ConfigError> {
        let pem = self.pem(source, key)?;
        let (mut certs, mut keys) = (String::new(), String::new());
        let mut block: Option<&mut String> = None;
        for line in String::from_utf8_lossy(&pem).lines() {
            let line = line.trim();
            if line.starts_with("-----BEGIN ") {
                block = Some(if line.contains("PRIVATE KEY") {
                    &mut keys
                } else {
                    &mut certs
                });
            }
            if let Some(text) = block.as_deref_mut() {
                text.push_str(line);
                text.push('\n');
            }
            if line.starts_with("-----END ") {
                block = None;
            }
        }
        if keys.is_empty() {
            return Err(invalid(
                key,
                "holds no private key: one PEM with the certificate chain and the key is read",
            ));
        }
        Ok(network.client_certificate_pem(certs, keys)?)
    }
}

fn invalid(key: &str, why: &str) -> ConfigError {
    ConfigError::Invalid {
        key: key.to_owned(),
        why: why.to_owned(),
    }
}

/// A parser's message without the quoted values it echoes.
fn without_values(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '"' || c == '`' {
            if !quoted {
                out.push_str("<value>");
            }
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out
}

/// `${VAR}` and `${VAR:-default}` replaced from `env`, outside comments.
fn substitute(text: &str, env: impl Fn(&str) -> Option<String>) -> Result<String, ConfigError> {
    let mut out = String::with_capacity(text.len());
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with('#') {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some((before, after)) = rest.split_once("${") {
            let Some((inner, next)) = after.split_once('}') else {
                break;
            };
            out.push_str(before);
            let (name, default) = match inner.split_once(":-") {
                Some((name, default)) => (name, Some(default)),
                None => (inner, None),
            };
            let value = env(name)
                .filter(|v| !v.is_empty())
                .or(default.map(str::to_owned))
                .ok_or_else(|| ConfigError::Unset {
                    variable: name.to_owned(),
                    line: number + 1,
                })?;
            out.push_str(&value);
            rest = next;
        }
        out.push_str(rest);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_replaced_outside_comments_with_defaults() {
        let env = |name: &str| (name == "POD_HOST").then(|| "acme.symphony.com".to_owned());
        let text = "# ${NOT_SET}\nhost: ${POD_HOST}\nport: ${POD_PORT:-8443}\nx: ${POD_HOST}${POD_PORT:-1}\n";
        assert_eq!(
            substitute(text, env).unwrap(),
            "# ${NOT_SET}\nhost: acme.symphony.com\nport: 8443\nx: acme.symphony.com1\n"
        );
        match substitute("a: 1\nb: ${NOT_SET}\n", env) {
            Err(ConfigError::Unset { variable, line }) => {
                assert_eq!((variable.as_str(), line), ("NOT_SET", 2))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parse_errors_do_not_echo_values() {
        assert_eq!(
            without_values("invalid type: string \"hunter2\", expected u16"),
            "invalid type: string <value>, expected u16"
        );
    }
}

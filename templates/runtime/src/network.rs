//! How the client and the logins reach the pod: trusted roots, client
//! certificate, proxy, timeouts and headers, applied so that the redirect
//! rule holds whatever is set.

use crate::runtime::Secret;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::Url;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Hosts no proxy is ever used for: this machine.
const LOOPBACK: &str = "localhost,127.0.0.0/8,::1";

/// Why a network setting is refused. Never contains a key, a password or
/// a certificate's content.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// Root certificates that cannot be read.
    #[error("the root certificates are not usable: {0}")]
    Roots(String),
    /// A client certificate or its key that cannot be read.
    #[error("the client certificate is not usable: {0}")]
    Identity(String),
    /// A proxy URL that cannot be used (its password is never shown).
    #[error("the proxy `{0}` is not usable: {1}")]
    Proxy(String, String),
    /// A header that cannot be sent.
    #[error("the header `{0}` is not usable: {1}")]
    Header(String, String),
    /// `only_added_roots` without any added root: nothing could be trusted.
    #[error("no root certificate is trusted: add one with `Network::add_root_certificates_pem` or keep the system's roots")]
    NoRoots,
    /// reqwest refused the combination.
    #[error("the HTTP client cannot be built: {0}")]
    Build(#[source] reqwest::Error),
    /// The process's TLS crypto provider cannot serve: with the `fips`
    /// feature, one installed before the client that is not FIPS-validated.
    #[error("the TLS crypto provider is not usable: {0}")]
    Crypto(String),
}

/// A proxy: its URL without credentials, and the credentials apart.
#[derive(Clone)]
struct ProxySetting {
    url: Url,
    credentials: Option<(String, Secret)>,
}

/// Which requests a proxy serves: `reqwest::Proxy::{all, https, http}`.
type ProxyKind = fn(Url) -> reqwest::Result<reqwest::Proxy>;

type Customize = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// Network settings, for [`ClientBuilder::network`](crate::runtime::ClientBuilder::network)
/// and the logins (`network` on each credential provider). Defaults: the
/// operating system's trusted roots (a corporate CA installed there is
/// trusted), no client certificate, the `HTTPS_PROXY`,
/// `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` environment, 10 s to connect,
/// 60 s per request, no extra header.
///
/// Whatever is set here, the client's rules hold: a redirect is followed
/// only within the pod's origin (a login follows none), loopback addresses
/// never go through a proxy, and the proxy password, the client key and
/// the certificates never appear in `Debug`, errors or traces.
///
/// TLS and the RSA login's JWT signing use one rustls crypto provider: the
/// one the process installed before its first client, else ring's, which
/// that client installs. With the `fips` cargo feature it is rustls's
/// FIPS-validated provider (aws-lc-rs; its build needs CMake and Go), and a
/// client refuses to build ([`NetworkError::Crypto`]) when the process
/// installed one that is not.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// # use generated_client::runtime::Network;
/// let network = Network::new()
///     .add_root_certificates_pem(std::fs::read("corporate-ca.pem")?)?
///     .proxy("http://proxy.acme.com:3128")?
///     .proxy_credentials("bot", std::env::var("PROXY_PASSWORD")?)
///     .connect_timeout(Duration::from_secs(5));
/// # let _ = network; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Network {
    roots: Vec<reqwest::Certificate>,
    built_in_roots: bool,
    identity: Option<reqwest::Identity>,
    proxy: Option<ProxySetting>,
    no_proxy: Vec<String>,
    env_proxy: bool,
    connect_timeout: Duration,
    read_timeout: Option<Duration>,
    timeout: Duration,
    user_agent: String,
    headers: HeaderMap,
    customize: Option<Customize>,
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Network")
            .field("added_roots", &self.roots.len())
            .field("built_in_roots", &self.built_in_roots)
            .field("client_certificate", &self.identity.is_some())
            .field("proxy", &self.proxy.as_ref().map(|p| p.url.as_str()))
            .field(
                "proxy_credentials",
                &self
                    .proxy
                    .as_ref()
                    .and_then(|p| p.credentials.as_ref())
                    .map(|(user, _)| format!("{user}:<redacted>")),
            )
            .field("no_proxy", &self.no_proxy)
            .field("env_proxy", &self.env_proxy)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Default for Network {
    fn default() -> Self {
        Network::new()
    }
}

impl Network {
    /// The defaults (see the type's docs).
    pub fn new() -> Self {
        Network {
            roots: Vec::new(),
            built_in_roots: true,
            identity: None,
            proxy: None,
            no_proxy: Vec::new(),
            env_proxy: true,
            connect_timeout: Duration::from_secs(10),
            read_timeout: None,
            timeout: Duration::from_secs(60),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            headers: HeaderMap::new(),
            customize: None,
        }
    }

    /// Trusts the certificates of a PEM bundle (one or many `BEGIN
    /// CERTIFICATE` blocks: a private CA, a proxy that inspects TLS), in
    /// addition to the operating system's roots.
    pub fn add_root_certificates_pem(
        mut self,
        pem: impl AsRef<[u8]>,
    ) -> Result<Self, NetworkError> {
        let pem = pem.as_ref();
        if !String::from_utf8_lossy(pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(NetworkError::Roots(
                "no `-----BEGIN CERTIFICATE-----` block (PEM is needed; convert a JKS or PKCS#12 trust store with `keytool -exportcert -rfc` or `openssl pkcs12 -nokeys`)".to_owned(),
            ));
        }
        let roots = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| NetworkError::Roots(e.to_string()))?;
        self.roots.extend(roots);
        Ok(self)
    }

    /// Trusts only the added roots, not the operating system's.
    pub fn only_added_roots(mut self) -> Self {
        self.built_in_roots = false;
        self
    }

    /// Presents this client certificate (mutual TLS): `cert_chain` holds
    /// the certificate and any intermediates (PEM), `key` its unencrypted
    /// private key (PEM: PKCS#8, PKCS#1 or SEC1). Certificate logins
    /// ([`CertAuth`](crate::runtime::CertAuth)) need it.
    pub fn client_certificate_pem(
        mut self,
        cert_chain: impl AsRef<[u8]>,
        key: impl AsRef<[u8]>,
    ) -> Result<Self, NetworkError> {
        let (chain, key) = (cert_chain.as_ref(), key.as_ref());
        let key_text = String::from_utf8_lossy(key);
        let problem = if !String::from_utf8_lossy(chain).contains("-----BEGIN CERTIFICATE-----") {
            Some("the certificate is not PEM (`-----BEGIN CERTIFICATE-----`)")
        } else if key_text.contains("ENCRYPTED") {
            Some("the key is encrypted; decrypt it first (`openssl pkey -in KEY -out PLAIN`)")
        } else if !key_text.contains("PRIVATE KEY-----") {
            Some("the key is not a PEM private key (`-----BEGIN PRIVATE KEY-----`)")
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(NetworkError::Identity(problem.to_owned()));
        }
        let mut both = key.to_vec();
        both.push(b'\n');
        both.extend_from_slice(chain);
        let identity = reqwest::Identity::from_pem(&both)
            .map_err(|e| NetworkError::Identity(e.to_string()))?;
        self.identity = Some(identity);
        Ok(self)
    }

    /// Whether a client certificate is set.
    pub fn has_client_certificate(&self) -> bool {
        self.identity.is_some()
    }

    /// Sends every request but those to this machine through the proxy at
    /// `url` (`http://proxy:3128` or `https://…`; TLS to the pod goes
    /// through it as a tunnel). Credentials in the URL
    /// (`http://user:password@proxy:3128`) are taken out of it and sent as
    /// `Proxy-Authorization`. Replaces the environment's proxies.
    pub fn proxy(mut self, url: &str) -> Result<Self, NetworkError> {
        self.proxy = Some(proxy_setting(url)?);
        Ok(self)
    }

    /// Basic credentials for the proxy (kept out of `Debug` and errors).
    /// Without a proxy set by [`Network::proxy`] they do nothing.
    pub fn proxy_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        if let Some(proxy) = self.proxy.as_mut() {
            proxy.credentials = Some((user.into(), password.into()));
        }
        self
    }

    /// Hosts reached directly, not through the proxy, in `NO_PROXY`'s
    /// form: `acme.com` (and its subdomains), `10.0.0.0/8`, `::1`, comma
    /// separated. This machine is always reached directly.
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.no_proxy.push(hosts.into());
        self
    }

    /// Ignores the proxy environment (`HTTPS_PROXY` and the rest).
    pub fn no_env_proxy(mut self) -> Self {
        self.env_proxy = false;
        self
    }

    /// How long connecting may take (TCP, TLS and proxy); default 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long the answer may be silent between two reads; off by default
    /// (the request timeout and the call's deadline bound it anyway).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The limit for a whole request, response body included; default 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The User-Agent header; default this crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request to the pod and the login endpoints
    /// (never with a redirect to another origin).
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, NetworkError> {
        let bad = |why: &str| NetworkError::Header(name.to_owned(), why.to_owned());
        let header_name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad("not a header name"))?;
        let mut header_value = HeaderValue::from_str(value)
            .map_err(|_| bad("the value has characters a header cannot carry"))?;
        header_value.set_sensitive(true);
        self.headers.append(header_name, header_value);
        Ok(self)
    }

    /// Anything else reqwest can set (a TLS version floor, HTTP/2 options,
    /// local address): `f` gets the builder with these settings applied, and
    /// the redirect rule is applied after it, so it cannot be loosened here.
    /// Headers set here with `default_headers` go with every request,
    /// opted-in cross-origin redirects included: use [`Network::header`].
    pub fn customize(
        mut self,
        f: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.customize = Some(Arc::new(f));
        self
    }

    /// The headers sent with every request to the pod.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The client for API calls: redirects within the origin only.
    pub(crate) fn api_client(&self) -> Result<reqwest::Client, NetworkError> {
        self.client(crate::runtime::client::same_origin_redirects(), false)
    }

    /// The client for logins: no redirects, the extra headers on every request.
    pub(crate) fn login_client(&self) -> Result<reqwest::Client, NetworkError> {
        self.client(reqwest::redirect::Policy::none(), true)
    }

    fn client(
        &self,
        redirect: reqwest::redirect::Policy,
        with_headers: bool,
    ) -> Result<reqwest::Client, NetworkError> {
        if !self.built_in_roots && self.roots.is_empty() {
            return Err(NetworkError::NoRoots);
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .user_agent(self.user_agent.as_str())
            // The environment is read below, with loopback kept direct.
            .no_proxy();
        if let Some(read) = self.read_timeout {
            builder = builder.read_timeout(read);
        }
        let roots = self.roots.iter().cloned();
        builder = if self.built_in_roots {
            builder.tls_certs_merge(roots)
        } else {
            builder.tls_certs_only(roots)
        };
        if let Some(identity) = &self.identity {
            builder = builder.identity(identity.clone());
        }
        for proxy in self.proxies()? {
            builder = builder.proxy(proxy);
        }
        if with_headers {
            builder = builder.default_headers(self.headers.clone());
        }
        if let Some(customize) = &self.customize {
            builder = customize(builder);
        }
        crypto_provider().map_err(NetworkError::Crypto)?;
        builder
            .redirect(redirect)
            .build()
            .map_err(NetworkError::Build)
    }

    /// The proxies to use: the one set, or the environment's.
    fn proxies(&self) -> Result<Vec<reqwest::Proxy>, NetworkError> {
        let mut direct = vec![LOOPBACK.to_owned()];
        direct.extend(self.no_proxy.iter().cloned());
        let mut found = Vec::new();
        if let Some(proxy) = &self.proxy {
            found.push((reqwest::Proxy::all as ProxyKind, proxy.clone()));
        } else if self.env_proxy {
            if let Some(hosts) = env_var(&["NO_PROXY", "no_proxy"]) {
                direct.push(hosts);
            }
            let kinds: [(&[&str], ProxyKind); 3] = [
                (&["HTTPS_PROXY", "https_proxy"], reqwest::Proxy::https),
                (&["HTTP_PROXY", "http_proxy"], reqwest::Proxy::http),
                (&["ALL_PROXY", "all_proxy"], reqwest::Proxy::all),
            ];
            for (names, kind) in kinds {
                if let Some(url) = env_var(names) {
                    found.push((kind, proxy_setting(&url)?));
                }
            }
        }
        let direct = direct.join(",");
        found
            .into_iter()
            .map(|(kind, setting)| {
                let shown = setting.url.to_string();
                let mut proxy =
                    kind(setting.url).map_err(|e| NetworkError::Proxy(shown, e.to_string()))?;
                if let Some((user, password)) = &setting.credentials {
                    proxy = proxy.basic_auth(user, password.expose());
                }
                Ok(proxy.no_proxy(reqwest::NoProxy::from_string(&direct)))
            })
            .collect()
    }
}

/// The first of these environment variables that is set and not empty.
fn env_var(names: &[&str]) -> Option<String> {
    names
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
}

/// A proxy URL with its credentials taken out (a bare `host:port` is read
/// as `http://host:port`, as curl does).
fn proxy_setting(text: &str) -> Result<ProxySetting, NetworkError> {
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("http://{text}")
    };
    let shown = || match Url::parse(&with_scheme) {
        Ok(mut url) => {
            let _ = url.set_password(None);
            let _ = url.set_username("");
            url.to_string()
        }
        Err(_) => "<unparsable URL>".to_owned(),
    };
    let mut url =
        Url::parse(&with_scheme).map_err(|e| NetworkError::Proxy(shown(), e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(NetworkError::Proxy(
            shown(),
            "a proxy is `http://host:port` or `https://host:port`".to_owned(),
        ));
    }
    let decode = |s: &str| percent_decode(s).unwrap_or_else(|| s.to_owned());
    let credentials = (!url.username().is_empty()).then(|| {
        (
            decode(url.username()),
            Secret::new(decode(url.password().unwrap_or_default())),
        )
    });
    let _ = url.set_password(None);
    let _ = url.set_username("");
    Ok(ProxySetting { url, credentials })
}

/// `%XX` sequences decoded (proxy credentials in a URL are written so).
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The crypto provider TLS and the login's JWT signing both use: the one
/// the process installed before the first client was built, else the
/// crate's own, installed as the process default. That is `ring`'s; with
/// the `fips` feature it is aws-lc-rs's FIPS-validated provider, and a
/// provider the process installed that is not FIPS-validated is refused.
pub(crate) fn crypto_provider() -> Result<Arc<rustls::crypto::CryptoProvider>, String> {
    use rustls::crypto::CryptoProvider;
    if CryptoProvider::get_default().is_none() {
        // Another thread may install one first: then that one serves.
        let _ = own_provider().install_default();
    }
    let provider = CryptoProvider::get_default()
        .cloned()
        .ok_or_else(|| "no crypto provider is installed".to_owned())?;
    refuse_unvalidated(&provider, cfg!(feature = "fips"))?;
    Ok(provider)
}

/// With `fips` on, a provider that is not FIPS-validated is an error.
fn refuse_unvalidated(provider: &rustls::crypto::CryptoProvider, fips: bool) -> Result<(), String> {
    if fips && !provider.fips() {
        return Err("the `fips` feature is on, but the process installed a provider that is not FIPS-validated; install `rustls::crypto::default_fips_provider()`, or none".to_owned());
    }
    Ok(())
}

/// ring's provider, chosen for build cost. rustls 0.23.48 deprecates it
/// because it offers no post-quantum key exchange; the `fips` provider
/// (aws-lc-rs) has one, and a process may install any provider first.
#[cfg(not(feature = "fips"))]
#[allow(deprecated)]
fn own_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

#[cfg(feature = "fips")]
fn own_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::default_fips_provider()
}

#[cfg(test)]
mod tests {
    #[test]
    #[allow(deprecated)] // ring's provider: see `own_provider`.
    fn a_provider_that_is_not_fips_validated_is_refused_only_with_fips() {
        let ring = rustls::crypto::ring::default_provider();
        assert!(super::refuse_unvalidated(&ring, false).is_ok());
        let error = super::refuse_unvalidated(&ring, true).unwrap_err();
        assert!(error.contains("not FIPS-validated"), "{error}");
    }
}

//! Real sockets for the network tests: a private CA (rcgen), https servers
//! that may require a client certificate it signed, and a CONNECT proxy
//! that checks `Proxy-Authorization` and counts its tunnels.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::pem::PemObject;

/// A private certificate authority, made for one test.
pub struct Ca {
    cert: rcgen::Certificate,
    key: rcgen::KeyPair,
}

/// A certificate the CA signed and its key, both PEM.
pub struct Issued {
    pub cert_pem: String,
    pub key_pem: String,
}

impl Ca {
    pub fn new(name: &str) -> Self {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let cert = params.self_signed(&key).unwrap();
        Ca { cert, key }
    }

    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    /// A server certificate for these host names.
    pub fn server(&self, hosts: &[&str]) -> Issued {
        self.issue(
            hosts.iter().map(|h| h.to_string()).collect(),
            rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        )
    }

    /// A client certificate (a bot's).
    pub fn client(&self) -> Issued {
        self.issue(Vec::new(), rcgen::ExtendedKeyUsagePurpose::ClientAuth)
    }

    fn issue(&self, hosts: Vec<String>, usage: rcgen::ExtendedKeyUsagePurpose) -> Issued {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(hosts).unwrap();
        params.extended_key_usages = vec![usage];
        let cert = params.signed_by(&key, &self.cert, &self.key).unwrap();
        Issued {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }

    /// The roots a server checks client certificates against.
    fn roots(&self) -> rustls::RootCertStore {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.cert.der().clone()).unwrap();
        roots
    }
}

/// One request an https server received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether the client presented a certificate (the server verified it).
    pub client_certificate: bool,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a server answers: status, extra headers, JSON body.
pub type Answer = (u16, Vec<(String, String)>, String);

/// An https server on 127.0.0.1 with a certificate of `ca` for
/// `localhost` and `pod.test`, requiring a client certificate signed by
/// `ca` when `mutual`. Returns its port and what it received.
pub async fn https_server(
    ca: &Ca,
    mutual: bool,
    answer: impl Fn(&Seen) -> Answer + Send + Sync + 'static,
) -> (u16, Arc<Mutex<Vec<Seen>>>) {
    let issued = ca.server(&[
        "localhost",
        "pod.test",
        "sessionauth.test",
        "km.test",
        "direct.test",
        "other.test",
    ]);
    // ring's provider, deprecated since rustls 0.23.48 for want of
    // post-quantum key exchange, which a test server does not need.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if mutual {
        let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
            Arc::new(ca.roots()),
            provider,
        )
        .build()
        .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let certs = vec![
        rustls::pki_types::CertificateDer::from_pem_slice(issued.cert_pem.as_bytes()).unwrap(),
    ];
    let key = rustls::pki_types::PrivateKeyDer::from_pem_slice(issued.key_pem.as_bytes()).unwrap();
    let config = builder.with_single_cert(certs, key).unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (acceptor, log, answer) = (acceptor.clone(), log.clone(), answer.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let client_certificate = tls.get_ref().1.peer_certificates().is_some();
                let Some(mut request) = read_request(&mut tls).await else {
                    return;
                };
                request.client_certificate = client_certificate;
                let (status, headers, body) = answer(&request);
                log.lock().unwrap().push(request);
                let mut response = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    response.push_str(&format!("{name}: {value}\r\n"));
                }
                response.push_str("\r\n");
                response.push_str(&body);
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, seen)
}

/// One HTTP/1.1 request: head and a `Content-Length` body.
async fn read_request(stream: &mut (impl AsyncRead + Unpin)) -> Option<Seen> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let end = loop {
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = data[end..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(Seen {
        method,
        path,
        headers,
        body,
        client_certificate: false,
    })
}

/// A CONNECT proxy on 127.0.0.1 that wants `Proxy-Authorization: Basic`
/// with these credentials (407 otherwise), sends every tunnel to
/// 127.0.0.1 whatever host was asked for (so `pod.test` needs no DNS),
/// and counts the tunnels it opened and the requests it refused.
pub struct Proxy {
    pub port: u16,
    pub tunnels: Arc<AtomicUsize>,
    pub refused: Arc<AtomicUsize>,
    pub targets: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    pub async fn start(user: &str, password: &str) -> Proxy {
        use base64::Engine;
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let tunnels = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(AtomicUsize::new(0));
        let targets = Arc::new(Mutex::new(Vec::new()));
        let (t, r, g) = (tunnels.clone(), refused.clone(), targets.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (t, r, g, expected) = (t.clone(), r.clone(), g.clone(), expected.clone());
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut socket).await else {
                        return;
                    };
                    let authorised =
                        request.header("proxy-authorization") == Some(expected.as_str());
                    if request.method != "CONNECT" || !authorised {
                        r.fetch_add(1, Ordering::SeqCst);
                        let _ = socket
                            .write_all(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n")
                            .await;
                        return;
                    }
                    g.lock().unwrap().push(request.path.clone());
                    let port = request.path.rsplit(':').next().unwrap_or("443");
                    let Ok(mut upstream) =
                        tokio::net::TcpStream::connect(format!("127.0.0.1:{port}")).await
                    else {
                        let _ = socket.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    t.fetch_add(1, Ordering::SeqCst);
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                        .await;
                    let _ = tokio::io::copy_bidirectional(&mut socket, &mut upstream).await;
                });
            }
        });
        Proxy {
            port,
            tunnels,
            refused,
            targets,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn tunnels(&self) -> usize {
        self.tunnels.load(Ordering::SeqCst)
    }

    pub fn refused(&self) -> usize {
        self.refused.load(Ordering::SeqCst)
    }
}

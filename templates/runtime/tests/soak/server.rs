//! A loopback HTTP/1.1 server that misbehaves on purpose: for each request
//! a seeded RNG picks a fault (reset, close after headers, truncated or
//! slow body, invalid JSON, 429/502/503 with `Retry-After`, a huge
//! `Retry-After`), rotates the session token now and then (stale tokens get
//! 401), and counts what it received. It can be killed and restarted on
//! the same port.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// The faults, each with its weight out of 100.
const FAULTS: &[(&str, u32)] = &[
    ("ok", 55),
    ("reset", 6),
    ("close after headers", 5),
    ("truncated body", 5),
    ("slow body", 4),
    ("invalid JSON", 5),
    ("429/502/503", 16),
    ("huge Retry-After", 2),
    ("token rotation", 2),
];

/// What the server saw, shared with the test.
#[derive(Default)]
pub struct Seen {
    /// The session token a request must carry; rotated now and then.
    pub token: Mutex<String>,
    pub rotations: AtomicUsize,
    pub requests: AtomicUsize,
    /// How many times each POST (by the call id in its body) was received
    /// by a server that may have acted on it.
    pub posts: Mutex<HashMap<String, usize>>,
    pub faults: Mutex<BTreeMap<&'static str, usize>>,
}

pub struct FaultServer {
    pub addr: SocketAddr,
    pub seen: Arc<Seen>,
    rng: Arc<Mutex<fastrand::Rng>>,
    tasks: Option<JoinSet<()>>,
}

impl FaultServer {
    pub async fn start(seed: u64) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let seen = Arc::new(Seen::default());
        *seen.token.lock().unwrap() = "token-0".to_owned();
        let mut server = FaultServer {
            addr: listener.local_addr().unwrap(),
            seen,
            rng: Arc::new(Mutex::new(fastrand::Rng::with_seed(seed))),
            tasks: None,
        };
        server.serve(listener);
        server
    }

    /// Drops every connection and the listener, waits, and listens again
    /// on the same port.
    pub async fn restart(&mut self, down: Duration) {
        if let Some(mut tasks) = self.tasks.take() {
            tasks.shutdown().await;
        }
        tokio::time::sleep(down).await;
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener);
    }

    fn serve(&mut self, listener: TcpListener) {
        let mut tasks = JoinSet::new();
        let (seen, rng) = (self.seen.clone(), self.rng.clone());
        let connections = Arc::new(Mutex::new(JoinSet::new()));
        let held = connections.clone();
        tasks.spawn(async move {
            // The connections live in a set this task owns: shutting the
            // task down drops them all.
            let _held = held;
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let (seen, rng) = (seen.clone(), rng.clone());
                connections
                    .lock()
                    .unwrap()
                    .spawn(connection(socket, seen, rng));
            }
        });
        self.tasks = Some(tasks);
    }
}

/// One request, as far as the server needs it.
struct Request {
    method: String,
    token: Option<String>,
    body: String,
}

async fn read_request(socket: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let method = head.split(' ').next().unwrap_or_default().to_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let length: usize = header("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]).into_owned();
    buffer.drain(..head_end + length);
    Some(Request {
        method,
        token: header("sessiontoken"),
        body,
    })
}

fn pick(rng: &Mutex<fastrand::Rng>) -> (&'static str, u32) {
    let mut rng = rng.lock().unwrap();
    let mut roll = rng.u32(0..100);
    let fault = FAULTS
        .iter()
        .find(|(_, weight)| {
            let hit = roll < *weight;
            roll = roll.saturating_sub(*weight);
            hit
        })
        .map_or("ok", |(name, _)| name);
    (fault, rng.u32(..))
}

async fn connection(mut socket: TcpStream, seen: Arc<Seen>, rng: Arc<Mutex<fastrand::Rng>>) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut socket, &mut buffer).await {
        seen.requests.fetch_add(1, Ordering::Relaxed);
        let current = seen.token.lock().unwrap().clone();
        if request.token.as_deref() != Some(current.as_str()) {
            let _ = socket
                .write_all(&answer(401, &[], "{\"message\":\"stale token\"}"))
                .await;
            continue;
        }
        let (fault, extra) = pick(&rng);
        *seen.faults.lock().unwrap().entry(fault).or_default() += 1;
        // A POST the server may act on is counted: answered, or dropped
        // after it was read.
        let acted = !matches!(fault, "429/502/503" | "huge Retry-After" | "token rotation");
        if request.method == "POST" && acted {
            *seen
                .posts
                .lock()
                .unwrap()
                .entry(request.body.clone())
                .or_default() += 1;
        }
        let ok = answer(200, &[], "{}");
        let written = match fault {
            "reset" => return,
            "close after headers" => {
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")
                    .await;
                return;
            }
            "truncated body" => {
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"id\":")
                    .await;
                return;
            }
            "slow body" => {
                let head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{";
                let sent = socket.write_all(head).await;
                tokio::time::sleep(Duration::from_millis(u64::from(extra % 300))).await;
                match sent {
                    Ok(()) => socket.write_all(b"}").await,
                    Err(e) => Err(e),
                }
            }
            "invalid JSON" => socket.write_all(&answer(200, &[], "{\"oops")).await,
            "429/502/503" => {
                let status = [429, 502, 503][(extra % 3) as usize];
                let wait = (extra % 2).to_string();
                socket
                    .write_all(&answer(status, &[("Retry-After", &wait)], ""))
                    .await
            }
            "huge Retry-After" => {
                socket
                    .write_all(&answer(503, &[("Retry-After", "18446744073709551615")], ""))
                    .await
            }
            "token rotation" => {
                let generation = seen.rotations.fetch_add(1, Ordering::SeqCst) + 1;
                *seen.token.lock().unwrap() = format!("token-{generation}");
                socket
                    .write_all(&answer(401, &[], "{\"message\":\"token rotated\"}"))
                    .await
            }
            _ => socket.write_all(&ok).await,
        };
        if written.is_err() {
            return;
        }
    }
}

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out.into_bytes()
}

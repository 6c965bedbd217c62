//! The soak: one client, many concurrent calls (some cancelled) against
//! a server that injects faults chosen by a seeded RNG (`server.rs`), a
//! login that sometimes fails or hangs, and a server killed and restarted
//! mid-round. It prints a table per round and fails on any panic, any call
//! past its deadline, any POST received twice, two logins at once, a login
//! inside the back-off after a failure, or memory that keeps growing.
//!
//! `cargo test` runs a short soak; `cargo xtask soak` the long one (the
//! sizes come from `SOAK_CALLS`, `SOAK_CONCURRENCY`, `SOAK_ROUNDS` and
//! `SOAK_SEED`; `SOAK_PAUSE_MS` pauses between rounds).

mod server;

use generated_client::runtime::{CredentialError, LOGIN_FAILURE_BACKOFF};
use generated_client::types::UserSearchQuery;
use generated_client::{Client, Error, RefreshingTokens, RetryPolicy, Secret};
use server::FaultServer;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The deadline of every call.
const DEADLINE: Duration = Duration::from_secs(3);
/// How late past its deadline a call may end (scheduling on a busy
/// machine) before it counts as a hang.
const SLACK: Duration = Duration::from_millis(1500);

struct Options {
    calls: usize,
    concurrency: usize,
    rounds: usize,
    seed: u64,
    /// The pause between rounds: the long soak waits out a login
    /// failure's back-off, so that one failure does not answer the next
    /// round too.
    pause: Duration,
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What the login did, for the checks.
#[derive(Default)]
struct Logins {
    fetches: AtomicUsize,
    failed: AtomicUsize,
    hung: AtomicUsize,
    in_flight: AtomicUsize,
    most_at_once: AtomicUsize,
    /// Fetches that started within the back-off after a failure.
    inside_backoff: AtomicUsize,
    last_failure: Mutex<Option<Instant>>,
}

/// What the login returns.
type LoginFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Secret, CredentialError>> + Send>>;

/// A login that reads the server's current token, and now and then fails
/// (1 in 100) or hangs until the caller's deadline (1 in 200).
fn login(
    seen: Arc<server::Seen>,
    logins: Arc<Logins>,
    seed: u64,
) -> RefreshingTokens<impl Fn(String) -> LoginFuture + Send + Sync + 'static> {
    let rng = Arc::new(Mutex::new(fastrand::Rng::with_seed(seed ^ 0x5eed)));
    RefreshingTokens::new(move |_header: String| {
        let (seen, logins, rng) = (seen.clone(), logins.clone(), rng.clone());
        Box::pin(async move {
            logins.fetches.fetch_add(1, Ordering::SeqCst);
            if let Some(at) = *logins.last_failure.lock().unwrap() {
                if at.elapsed() < LOGIN_FAILURE_BACKOFF {
                    logins.inside_backoff.fetch_add(1, Ordering::SeqCst);
                }
            }
            let now = logins.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            logins.most_at_once.fetch_max(now, Ordering::SeqCst);
            // Leaves the count right even when the fetch is dropped.
            struct Done(Arc<Logins>);
            impl Drop for Done {
                fn drop(&mut self) {
                    self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
                }
            }
            let _done = Done(logins.clone());
            let roll = rng.lock().unwrap().u32(0..200);
            tokio::time::sleep(Duration::from_millis(5)).await;
            if roll < 1 {
                logins.hung.fetch_add(1, Ordering::SeqCst);
                std::future::pending::<()>().await;
            }
            if roll < 3 {
                logins.failed.fetch_add(1, Ordering::SeqCst);
                *logins.last_failure.lock().unwrap() = Some(Instant::now());
                return Err::<Secret, CredentialError>("the login endpoint answered 503".into());
            }
            let token = seen.token.lock().unwrap().clone();
            Ok(Secret::new(token))
        }) as LoginFuture
    })
}

/// What became of one call.
fn outcome<T>(result: &Result<T, Error>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(Error::Api(_)) => "api",
        Err(Error::Transport { .. }) => "transport",
        Err(Error::Timeout { .. }) => "timeout",
        Err(Error::Deadline { .. }) => "deadline",
        Err(Error::Decode { .. }) => "decode",
        Err(Error::Credentials { .. }) => "credentials",
        Err(_) => "other",
    }
}

/// Resident memory of this process, in KiB (Linux; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

#[derive(Default)]
struct Round {
    calls: usize,
    outcomes: BTreeMap<&'static str, usize>,
    cancelled: usize,
    hangs: usize,
    panics: usize,
    slowest: Duration,
}

async fn round(client: &Client, options: &Options, round: usize) -> Round {
    let permits = Arc::new(tokio::sync::Semaphore::new(options.concurrency));
    let mut rng = fastrand::Rng::with_seed(options.seed.wrapping_add(round as u64));
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..options.calls {
        let permit = permits.clone().acquire_owned().await.unwrap();
        let client = client.clone();
        let post = rng.u32(0..10) < 3;
        // One call in 20 is cancelled by its caller after 0–50 ms.
        let cancel = (rng.u32(0..20) == 0).then(|| Duration::from_millis(rng.u64(0..50)));
        calls.spawn(async move {
            let _permit = permit;
            let started = Instant::now();
            let call = async {
                if post {
                    let id = format!("call-{round}-{i}");
                    let query = UserSearchQuery::new().with_query(id);
                    outcome(&client.v1_user_search_post(query).send().await)
                } else {
                    outcome(&client.v2_sessioninfo_get().send().await)
                }
            };
            let what = match cancel {
                Some(after) => tokio::time::timeout(after, call)
                    .await
                    .unwrap_or("cancelled"),
                None => call.await,
            };
            (what, started.elapsed())
        });
    }
    let mut out = Round {
        calls: options.calls,
        ..Round::default()
    };
    while let Some(done) = calls.join_next().await {
        match done {
            Ok(("cancelled", _)) => out.cancelled += 1,
            Ok((what, took)) => {
                *out.outcomes.entry(what).or_default() += 1;
                out.slowest = out.slowest.max(took);
                if took > DEADLINE + SLACK {
                    out.hangs += 1;
                }
            }
            Err(e) if e.is_panic() => out.panics += 1,
            Err(_) => {}
        }
    }
    out
}

async fn soak(options: Options) {
    let mut server = FaultServer::start(options.seed).await;
    let logins = Arc::new(Logins::default());
    let client = Client::builder(
        format!("http://{}", server.addr),
        login(server.seen.clone(), logins.clone(), options.seed),
    )
    .deadline(DEADLINE)
    .retry(RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(200),
        max_elapsed: Duration::from_secs(2),
        retry_non_idempotent: false,
    })
    .build()
    .unwrap();
    println!(
        "soak: {} calls a round at concurrency {}, {} rounds, seed {}, deadline {DEADLINE:?}",
        options.calls, options.concurrency, options.rounds, options.seed
    );
    println!("| round | calls | ok | errors by kind | cancelled | hangs | panics | slowest | wall | RSS MiB |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut rss = Vec::new();
    let mut duplicates: Vec<(String, usize)> = Vec::new();
    let (mut hangs, mut panics) = (0, 0);
    for r in 0..options.rounds {
        let started = Instant::now();
        let calls = round(&client, &options, r);
        // The server dies and comes back once a round, mid-way.
        let restart = async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            server.restart(Duration::from_millis(200)).await;
        };
        let (result, ()) = tokio::join!(calls, restart);
        let errors: Vec<String> = result
            .outcomes
            .iter()
            .filter(|(kind, _)| **kind != "ok")
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        rss.push(rss_kib());
        println!(
            "| {r} | {} | {} | {} | {} | {} | {} | {:.2} s | {:.2} s | {:.1} |",
            result.calls,
            result.outcomes.get("ok").copied().unwrap_or(0),
            errors.join(", "),
            result.cancelled,
            result.hangs,
            result.panics,
            result.slowest.as_secs_f64(),
            started.elapsed().as_secs_f64(),
            *rss.last().unwrap() as f64 / 1024.0
        );
        hangs += result.hangs;
        panics += result.panics;
        // POSTs received twice in this round; the round's record is then
        // dropped, so what the harness keeps does not grow with rounds.
        duplicates.extend(
            std::mem::take(&mut *server.seen.posts.lock().unwrap())
                .into_iter()
                .filter(|(_, n)| *n > 1),
        );
        tokio::time::sleep(options.pause).await;
    }
    let seen = &server.seen;
    println!(
        "server: {} requests, faults {:?}, {} token rotations",
        seen.requests.load(Ordering::SeqCst),
        seen.faults.lock().unwrap(),
        seen.rotations.load(Ordering::SeqCst)
    );
    println!(
        "logins: {} fetches ({} failed, {} hung), at most {} at once, {} inside the back-off after a failure; duplicate POSTs: {}",
        logins.fetches.load(Ordering::SeqCst),
        logins.failed.load(Ordering::SeqCst),
        logins.hung.load(Ordering::SeqCst),
        logins.most_at_once.load(Ordering::SeqCst),
        logins.inside_backoff.load(Ordering::SeqCst),
        duplicates.len()
    );
    assert_eq!(panics, 0, "calls panicked");
    assert_eq!(
        hangs, 0,
        "calls outlived their deadline by more than {SLACK:?}"
    );
    assert!(
        duplicates.is_empty(),
        "POSTs received twice: {duplicates:?}"
    );
    assert_eq!(
        logins.most_at_once.load(Ordering::SeqCst),
        1,
        "two logins at once"
    );
    assert_eq!(
        logins.inside_backoff.load(Ordering::SeqCst),
        0,
        "a login started inside the back-off after a failure"
    );
    // Memory is flat: the last round holds no more than the second (the
    // first warms pools and caches) plus a margin.
    if rss.len() >= 3 {
        let (second, last) = (rss[1], *rss.last().unwrap());
        assert!(
            last <= second + second / 4 + 8 * 1024,
            "RSS grew from {second} KiB to {last} KiB across rounds"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_survives_a_hostile_pod() {
    soak(Options {
        calls: env("SOAK_CALLS", 300) as usize,
        concurrency: env("SOAK_CONCURRENCY", 32) as usize,
        rounds: env("SOAK_ROUNDS", 2) as usize,
        seed: env("SOAK_SEED", 1),
        pause: Duration::from_millis(env("SOAK_PAUSE_MS", 0)),
    })
    .await;
}

//! Per-request overhead of the generated client against a plain reqwest
//! call to the same local server, both decoding the same JSON into the same
//! type. Run: `cargo bench -p generator --bench client_overhead`.

use criterion::{criterion_group, criterion_main, Criterion};
use generated_client::types::UserV2;
use generated_client::{Client, RetryPolicy, StaticTokens};
use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        let user = json!({ "id": 7078106103901_i64, "emailAddress": "jane@acme.com", "displayName": "Jane" });
        Mock::given(path("/pod/v2/sessioninfo")).respond_with(ResponseTemplate::new(200).set_body_json(user)).mount(&server).await;
        server
    });
    let url = format!("{}/pod/v2/sessioninfo", server.uri());
    let plain = reqwest::Client::new();
    let client = Client::builder(server.uri(), StaticTokens::session_token("token"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut group = c.benchmark_group("get_session_info");
    group.bench_function("plain_reqwest", |b| {
        b.iter(|| {
            rt.block_on(async {
                let bytes = plain
                    .get(&url)
                    .header("sessionToken", "token")
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                serde_json::from_slice::<UserV2>(&bytes).unwrap()
            })
        })
    });
    group.bench_function("generated_client", |b| {
        b.iter(|| {
            rt.block_on(async {
                client
                    .v2_sessioninfo_get()
                    .send()
                    .await
                    .unwrap()
                    .into_inner()
            })
        })
    });
    group.finish();
}

criterion_group!(benches, overhead);
criterion_main!(benches);

//! Time to load and normalise the real pod spec (bytes in memory → typed
//! OpenAPI 3.0 with located diagnostics). Run: `cargo bench -p generator`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;

fn normalise_real_spec(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/symphony-pod-api-openapi.yml");
    let bytes =
        std::fs::read(&path).expect("the workspace spec (is ../shared beside the project?)");
    c.bench_function("load_and_normalise_pod_20_17_1", |b| {
        b.iter(|| {
            let n =
                generator::normalise_bytes("spec/symphony-pod-api-openapi.yml", black_box(&bytes));
            assert!(n.openapi.is_some());
            n
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = normalise_real_spec
}
criterion_main!(benches);

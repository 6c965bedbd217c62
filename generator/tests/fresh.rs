//! The committed generated crate is what the generator writes now (the way
//! rust-analyzer keeps its generated code fresh). Fix: `cargo xtask codegen`.

use generator::settings::Settings;
use std::path::Path;

#[test]
fn generated_client_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings::load(&root.join("spec")).unwrap();
    let generated =
        generator::generate_file(&root.join("spec/symphony-pod-api-openapi.yml"), &settings);
    let files = generated.files.expect("the workspace spec generates");
    let drift = generator::drift(&files, &root.join("generated-client"));
    assert!(
        drift.is_empty(),
        "generated-client is stale ({drift:?}).\nRun `cargo xtask codegen` and commit the result."
    );
}

#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read(root.join("spec/symphony-pod-api-openapi.yml")).unwrap();
    let settings = Settings::default();
    let first = generator::generate_bytes("spec.yml", &spec, &settings)
        .files
        .unwrap();
    let second = generator::generate_bytes("spec.yml", &spec, &settings)
        .files
        .unwrap();
    assert_eq!(first, second);
}

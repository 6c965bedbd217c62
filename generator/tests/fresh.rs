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

/// `generated-client/` holds only what codegen writes: a file without the
/// marker there would be a hand-written file the write path must step around.
#[test]
fn every_file_in_generated_client_carries_the_marker() {
    fn walk(dir: &Path, unmarked: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "target") {
                    walk(&path, unmarked);
                }
            } else if path.file_name().is_some_and(|n| n == "CHANGELOG.md") {
                // `cargo xtask bump` writes it, entry by entry; codegen
                // never touches it.
                continue;
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if !text.contains("@generated") {
                    unmarked.push(path.display().to_string());
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client");
    let mut unmarked = Vec::new();
    walk(&root, &mut unmarked);
    assert!(
        unmarked.is_empty(),
        "files in generated-client/ not written by codegen: {unmarked:?}; \
         hand-written tests belong in templates/runtime/tests/ or generator/tests/"
    );
}

//! Request bodies of every kind: the API each fixture generates
//! (snapshotted), and the crate generated from `fixtures/bodies/openapi3.yml`
//! built clippy-clean and run against a mock server that checks the bytes
//! on the wire (`tests/e2e/bodies_wire.rs`).

use generator::settings::Settings;
use std::path::Path;

fn settings() -> Settings {
    Settings {
        package: "bodies-client".to_owned(),
        ..Settings::default()
    }
}

#[test]
fn every_body_fixture_has_a_method_that_sends_its_body() {
    insta::glob!("fixtures/bodies/*.yml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let lowered = generator::generate_bytes(
            &format!("fixtures/bodies/{name}"),
            &std::fs::read(path).unwrap(),
            &settings(),
        );
        let diagnostics = lowered.normalised.render_diagnostics();
        let model = lowered.model.unwrap_or_else(|| panic!("{diagnostics}"));
        let surface: Vec<String> = generator::surface::lines(&model)
            .into_iter()
            .filter(|l| !l.starts_with("struct types::") && !l.starts_with("fn types::"))
            .collect();
        insta::assert_snapshot!(format!(
            "{name}\n\n{}\n\n{}",
            surface.join("\n"),
            diagnostics
        ));
    });
}

/// Generates the fixture `stem` into `target/bodies-fixtures/<stem>` as a
/// crate of its own, with its Cargo.lock from the workspace.
fn scratch_crate(root: &Path, stem: &str) -> std::path::PathBuf {
    let scratch = root.join("target/bodies-fixtures").join(stem);
    let _ = std::fs::remove_dir_all(&scratch);
    let spec = root.join(format!("generator/tests/fixtures/bodies/{stem}.yml"));
    let generated = generator::generate_bytes(
        &format!("{stem}.yml"),
        &std::fs::read(&spec).unwrap(),
        &settings(),
    );
    let files = generated
        .files
        .unwrap_or_else(|| panic!("{}", generated.normalised.render_diagnostics()));
    for (file, text) in files {
        let text = match file.as_str() {
            "Cargo.toml" => format!("{text}\n[workspace]\n"),
            _ => text,
        };
        let target = scratch.join(&file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    scratch
}

/// Runs cargo in a scratch crate (the fixture crates share one target).
fn cargo(root: &Path, dir: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crate-target"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo {} in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

const CLIPPY: &[&str] = &[
    "clippy",
    "--offline",
    "--quiet",
    "--all-targets",
    "--",
    "-D",
    "warnings",
];

#[test]
fn every_kind_of_body_travels_as_the_spec_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = scratch_crate(&root, "openapi3");
    std::fs::copy(
        root.join("generator/tests/e2e/bodies_wire.rs"),
        scratch.join("tests/bodies_wire.rs"),
    )
    .unwrap();
    cargo(&root, &scratch, CLIPPY);
    // Doctests too: the crate root's example names this crate and one of
    // this spec's operations.
    cargo(&root, &scratch, &["test", "--offline", "--quiet"]);
}

/// The other body fixtures, mistakes included, build clippy-clean with
/// their generated tests.
#[test]
fn every_other_body_fixture_builds_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for stem in ["swagger2", "oddities"] {
        let scratch = scratch_crate(&root, stem);
        cargo(&root, &scratch, CLIPPY);
    }
}

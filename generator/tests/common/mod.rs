//! What the fixture tests share: settings named for a package, a fixture
//! generated as its snapshot reads it, and scratch crates for the tests
//! that build generated code (writing the generated files and running
//! cargo in them, all sharing one target directory,
//! `target/fixture-crate-target`).
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `cargo clippy` on every target, warnings denied.
pub(crate) const CLIPPY: &[&str] = &[
    "clippy",
    "--offline",
    "--quiet",
    "--all-targets",
    "--",
    "-D",
    "warnings",
];

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Writes generated files under `dir` (created as needed).
pub(crate) fn write_files(dir: &Path, files: &BTreeMap<String, String>) {
    for (file, text) in files {
        let target = dir.join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }
}

/// Makes `dir` a workspace of its own with the workspace's Cargo.lock:
/// `manifest` gets an empty `[workspace]` table when it has none.
pub(crate) fn standalone(dir: &Path, manifest: &str) {
    let manifest = if manifest.contains("[workspace]") {
        manifest.to_owned()
    } else {
        format!("{manifest}\n[workspace]\n")
    };
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// Runs cargo in `dir`, failing the test with its output unless it
/// succeeds.
///
/// Fixture crates are built once and thrown away, dozens of them into one
/// target: without debug info or incremental caches, which would multiply
/// that target's size several times over for nothing a failing test prints
/// (a panic names its file and line either way).
pub(crate) fn cargo(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/fixture-crate-target"),
        )
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_PROFILE_TEST_DEBUG", "0")
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

/// Generates the fixture `spec` (a path under the workspace root) into
/// `target/<scratch>` as a crate of its own, and returns its directory.
/// Generation must succeed; its diagnostics are the failure message.
pub(crate) fn fixture_crate(
    spec: &str,
    scratch: &str,
    settings: &generator::settings::Settings,
) -> PathBuf {
    let dir = root().join("target").join(scratch);
    let _ = std::fs::remove_dir_all(&dir);
    let path = root().join(spec);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let generated = generator::generate_bytes(&name, &std::fs::read(&path).unwrap(), settings);
    let files = generated
        .files
        .unwrap_or_else(|| panic!("{}", generated.normalised.render_diagnostics()));
    write_files(&dir, &files);
    standalone(&dir, &files["Cargo.toml"]);
    dir
}

/// Default settings with this package name.
pub(crate) fn settings(package: &str) -> generator::settings::Settings {
    generator::settings::Settings {
        package: package.to_owned(),
        ..generator::settings::Settings::default()
    }
}

/// Generates the fixture at `path` (one of `fixtures/<dir>/*.yml`), named
/// `fixtures/<dir>/<file>` in its diagnostics; returns the file name, the
/// result and the rendered diagnostics.
pub(crate) fn generate_fixture(
    dir: &str,
    path: &Path,
    package: &str,
) -> (String, generator::Generated, String) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let generated = generator::generate_bytes(
        &format!("fixtures/{dir}/{name}"),
        &std::fs::read(path).unwrap(),
        &settings(package),
    );
    let diagnostics = generated.normalised.render_diagnostics();
    (name, generated, diagnostics)
}

/// A snapshot's text for a fixture that must generate: its name, the
/// lines of its API surface that `keep` keeps, and its diagnostics.
pub(crate) fn surface_snapshot(
    dir: &str,
    path: &Path,
    package: &str,
    keep: fn(&str) -> bool,
) -> String {
    let (name, generated, diagnostics) = generate_fixture(dir, path, package);
    let model = generated.model.unwrap_or_else(|| panic!("{diagnostics}"));
    let surface: Vec<String> = generator::review::surface::lines(&model)
        .into_iter()
        .filter(|l| keep(l))
        .collect();
    format!("{name}\n\n{}\n\n{}", surface.join("\n"), diagnostics)
}

/// Copies the end-to-end tests `e2e` (files of `generator/tests/e2e`) into
/// the scratch crate, then lints every target with all features (the mock
/// included) and runs every test, doctests too.
pub(crate) fn lint_and_test_with(scratch: &Path, e2e: &[&str]) {
    for test in e2e {
        std::fs::copy(
            root().join("generator/tests/e2e").join(test),
            scratch.join("tests").join(test),
        )
        .unwrap();
    }
    let features = ["--features", templates::TESTED_FEATURES];
    let mut clippy = CLIPPY.to_vec();
    clippy.splice(1..1, features);
    cargo(scratch, &clippy);
    cargo(
        scratch,
        &[&["test", "--offline", "--quiet"][..], &features].concat(),
    );
}

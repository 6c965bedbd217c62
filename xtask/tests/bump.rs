//! A pod bump is a snapshot review, not a test edit: in a copy of the
//! workspace, point the spec at pod 20.13.0, regenerate, run every test,
//! and check that what fails is only insta snapshots (left pending for
//! review) and the provenance check that the README's step 6 settles.
//!
//! It builds the workspace a second time, so it is ignored by default;
//! `.ci/run` runs it: `cargo test -p xtask --test bump -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// Copies the workspace's files (not `target/` or `.git/`), keeping
/// symlinks as they are.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&src).unwrap(), &dst).unwrap();
        } else if kind.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

/// The tests that failed, with what they printed.
fn failures(output: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in output.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            out.extend(current.take());
            current = Some((name.to_owned(), String::new()));
        } else if line == "failures:" {
            out.extend(current.take());
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        }
    }
    out.extend(current);
    out
}

#[test]
#[ignore = "builds the workspace a second time; .ci/run runs it"]
fn a_pod_bump_fails_only_on_snapshots_and_provenance() {
    let root = root();
    let shared = root.join("../shared");
    assert!(shared.join("spec/symphony-pod-api-20.13.0.yaml").exists());
    let scratch = root.join("target/bump");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    // `../shared` of the copy is the real one.
    std::os::unix::fs::symlink(shared.canonicalize().unwrap(), scratch.join("shared")).unwrap();
    let copy = scratch.join("main");
    copy_tree(&root, &copy);
    // README step 1: point the spec at the other pod version.
    let link = copy.join("spec/symphony-pod-api-openapi.yml");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("../../shared/spec/symphony-pod-api-20.13.0.yaml", &link).unwrap();
    // The fixture crates the copy's tests build share this workspace's
    // target for them, so their dependencies are built once.
    std::fs::create_dir_all(copy.join("target")).unwrap();
    std::fs::create_dir_all(root.join("target/fixture-crate-target")).unwrap();
    std::os::unix::fs::symlink(
        root.join("target/fixture-crate-target"),
        copy.join("target/fixture-crate-target"),
    )
    .unwrap();
    let cargo = |args: &[&str]| {
        Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&copy)
            .env("CARGO_TARGET_DIR", root.join("target/bump-target"))
            // Snapshots are written as pending `.snap.new` files and do not
            // fail their test: what fails is everything else.
            .env("INSTA_UPDATE", "new")
            .env("INSTA_FORCE_PASS", "1")
            .env_remove("CI")
            .output()
            .unwrap()
    };
    // README step 3.
    let codegen = cargo(&["xtask", "codegen"]);
    assert!(
        codegen.status.success(),
        "{}",
        String::from_utf8_lossy(&codegen.stderr)
    );
    // README step 4.
    let test = cargo(&["test", "--workspace", "--no-fail-fast"]);
    let output = format!(
        "{}\n{}",
        String::from_utf8_lossy(&test.stdout),
        String::from_utf8_lossy(&test.stderr)
    );
    let failed = failures(&output);
    let unexpected: Vec<_> = failed
        .iter()
        .filter(|(_, text)| !text.contains("is not the recorded spec"))
        .collect();
    assert!(
        unexpected.is_empty(),
        "tests fail on a bump for another reason than a snapshot:\n{unexpected:#?}"
    );
    assert!(
        failed.iter().any(|(name, _)| name.contains("recorded")),
        "the provenance check did not notice the bump:\n{output}"
    );
    // README step 5: the surface is among the snapshots to review.
    let pending: Vec<String> = walk(&copy)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "new"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        pending
            .iter()
            .any(|p| p.starts_with("surface__the_generated_api_surface")),
        "no pending surface snapshot: {pending:?}"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() && entry.file_name() != "target" {
            out.extend(walk(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

//! A pod bump is one command and a snapshot review, not a test edit: in a
//! copy of the workspace, `cargo xtask bump` to pod 20.13.0 (operations
//! removed: a major release), run every test and check that what fails is
//! only insta snapshots (left pending for review); then bump back
//! (additions: a minor release). Each way: the crate version, the
//! changelog entry, the provenance and `codegen --check`; and a second
//! bump with the same spec changes nothing.
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

/// The `key: value` of a provenance.yml or Cargo.toml line, unquoted.
fn field(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim_start()
                .strip_prefix([':', '='])
                .map(|v| v.trim().trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| panic!("no {key} in:\n{text}"))
}

/// What a bump of the API whose files are in `dir` (`spec`, `spec/agent`)
/// leaves: (crate version, its provenance, changelog).
fn state(copy: &Path, dir: &str) -> (String, String, String) {
    let read = |p: &str| std::fs::read_to_string(copy.join(p)).unwrap();
    let manifest = read("generated-client/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .unwrap()
        .trim_matches('"')
        .to_owned();
    (
        version,
        read(&format!("{dir}/provenance.yml")),
        read("generated-client/CHANGELOG.md"),
    )
}

/// The version after `version` at `level` ("major", "minor"), by the
/// README's table (0.x: the minor number is the breaking one).
fn next(version: &str, level: &str) -> String {
    let v: Vec<u64> = version.split('.').map(|p| p.parse().unwrap()).collect();
    match (level, v[0]) {
        ("major", 0) => format!("0.{}.0", v[1] + 1),
        ("major", _) => format!("{}.0.0", v[0] + 1),
        ("minor", 0) => format!("0.{}.{}", v[1], v[2] + 1),
        ("minor", _) => format!("{}.{}.0", v[0], v[1] + 1),
        _ => unreachable!(),
    }
}

#[test]
#[ignore = "builds the workspace a second time; .ci/run runs it"]
fn a_pod_bump_is_one_command_and_a_snapshot_review() {
    let root = root();
    let shared = root.join("../shared");
    let older = shared.join("spec/symphony-pod-api-20.13.0.yaml");
    assert!(older.exists());
    let scratch = root.join("target/bump");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    // `../shared` of the copy is the real one.
    std::os::unix::fs::symlink(shared.canonicalize().unwrap(), scratch.join("shared")).unwrap();
    let copy = scratch.join("main");
    copy_tree(&root, &copy);
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
        let out = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&copy)
            .env("CARGO_TARGET_DIR", root.join("target/bump-target"))
            // Snapshots are written as pending `.snap.new` files and do not
            // fail their test: what fails is everything else.
            .env("INSTA_UPDATE", "new")
            .env("INSTA_FORCE_PASS", "1")
            .env_remove("CI")
            .output()
            .unwrap();
        let text = format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let sha256 = |path: &Path| {
        let out = Command::new("sha256sum").arg(path).output().unwrap();
        String::from_utf8_lossy(&out.stdout)[..64].to_owned()
    };
    // A bump of `api` (`pod`, `agent`) to the spec `spec` (at `path`),
    // whose version is `pod`.
    let bump = |api: &str, spec: &str, level: &str, pod: &str, path: &Path| {
        let dir = if api == "pod" { "spec" } else { "spec/agent" };
        let (before, _, _) = state(&copy, dir);
        let (ok, dry) = cargo(&["xtask", "bump", "--api", api, spec, "--dry-run"]);
        assert!(ok, "{dry}");
        assert_eq!(state(&copy, dir).0, before, "--dry-run wrote:\n{dry}");
        let (ok, out) = cargo(&["xtask", "bump", "--api", api, spec]);
        assert!(ok, "{out}");
        assert!(out.contains(&format!("verdict: {level}")), "{out}");
        let (version, provenance, changelog) = state(&copy, dir);
        assert_eq!(version, next(&before, level), "{out}");
        assert_eq!(field(&provenance, "version"), pod);
        assert_eq!(field(&provenance, "sha256"), sha256(path));
        // The crate version is the pod's provenance's, whichever API moved.
        let (_, pod_provenance, _) = state(&copy, "spec");
        assert_eq!(field(&pod_provenance, "crate_version"), version);
        // The newest entry is on top, names the API and its version, and
        // lists breaking changes before anything else.
        let top = changelog.split("\n## ").nth(1).unwrap();
        assert!(
            top.starts_with(&format!("{version} ({api} API {pod}, from ")),
            "{changelog}"
        );
        if level == "major" {
            let sections: Vec<&str> = top.split("\n### ").skip(1).collect();
            assert!(sections[0].starts_with("Breaking changes"), "{top}");
            assert!(sections[0].contains("removed"), "{top}");
        }
        assert!(top.contains("### Additions") || level == "major", "{top}");
        assert!(
            changelog.contains(&format!("## {before} ")),
            "the older entries are gone:\n{changelog}"
        );
        let (ok, check) = cargo(&["xtask", "codegen", "--check"]);
        assert!(ok, "{check}");
        // The same spec again: nothing to do, nothing written.
        let (ok, again) = cargo(&["xtask", "bump", "--api", api, spec]);
        assert!(ok && again.contains("nothing to do"), "{again}");
        assert_eq!(state(&copy, dir), (version, provenance, changelog));
    };
    bump(
        "pod",
        "../shared/spec/symphony-pod-api-20.13.0.yaml",
        "major",
        "20.13.0",
        &older,
    );
    // 20.13.0 has no `basePath`; the settings keep every call under `/pod`.
    let client_rs = std::fs::read_to_string(copy.join("generated-client/src/client.rs")).unwrap();
    assert!(
        client_rs.contains("pub const BASE_PATH: &str = \"/pod\";"),
        "the bump moved the pod's calls:\n{client_rs}"
    );
    // The tests after a bump: only snapshots are left to review.
    let (_, output) = cargo(&["test", "--workspace", "--no-fail-fast"]);
    let failed = failures(&output);
    assert!(
        failed.is_empty(),
        "tests fail on a bump for another reason than a snapshot:\n{failed:#?}"
    );
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
    bump(
        "pod",
        "../shared/spec/symphony-pod-api-openapi.yml",
        "minor",
        "20.17.1",
        &shared.join("spec/symphony-pod-api-openapi.yml"),
    );
    // The agent the same way, to a version made here by removing one of
    // its operations, and back; its changelog names the agent's items by
    // their path.
    let agent = shared.join("spec/symphony-agent-api-25.8.1.yaml");
    let trimmed = scratch.join("agent-trimmed.yaml");
    let removed = trim_agent_spec(&agent, &trimmed);
    bump(
        "agent",
        trimmed.to_str().unwrap(),
        "major",
        "25.8.1-trimmed",
        &trimmed,
    );
    let changelog = state(&copy, "spec/agent").2;
    assert!(
        changelog.contains("- operation `Agent::") && changelog.contains(&removed),
        "{changelog}"
    );
    let (ok, wrong) = cargo(&["xtask", "bump", "--api", "nonesuch", "x.yaml"]);
    assert!(!ok && wrong.contains("no API named `nonesuch`"), "{wrong}");
    bump(
        "agent",
        "../shared/spec/symphony-agent-api-25.8.1.yaml",
        "minor",
        "25.8.1",
        &agent,
    );
    // The copy's build is as big as the workspace's own; a passing run
    // gives the disk back (a failing one keeps it for a look).
    let _ = std::fs::remove_dir_all(root.join("target/bump-target"));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Writes `from` to `to` without its last path other than the datafeed's
/// and with its version marked; returns the removed path.
fn trim_agent_spec(from: &Path, to: &Path) -> String {
    let text = std::fs::read_to_string(from).unwrap();
    let mut spec: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let paths = spec["paths"].as_mapping_mut().unwrap();
    let removed = paths
        .keys()
        .filter_map(|k| k.as_str())
        .filter(|k| !k.contains("datafeed"))
        .last()
        .unwrap()
        .to_owned();
    paths.remove(removed.as_str());
    let version = format!("{}-trimmed", spec["info"]["version"].as_str().unwrap());
    spec["info"]["version"] = version.into();
    std::fs::write(to, serde_yaml::to_string(&spec).unwrap()).unwrap();
    removed
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

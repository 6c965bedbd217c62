//! `cargo xtask` builds xtask/run, a workspace of its own: its Cargo.lock
//! must hold the versions the project's tests ran against, so the tool a
//! user runs is the tool CI tested. (That it holds nothing more, and
//! nothing less, `cargo tree --locked` checks in build_graph.rs.)

use std::collections::BTreeMap;
use std::path::Path;

/// The fix, named in every failure.
const FIX: &str = "cp Cargo.lock xtask/run/Cargo.lock && cargo metadata --manifest-path xtask/run/Cargo.toml --format-version 1 > /dev/null (cargo keeps the versions and drops the packages xtask does not use)";

/// Each locked package's name and version, with its source and checksum.
fn packages(path: &Path) -> BTreeMap<(String, String), (String, String)> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}; fix: {FIX}", path.display()));
    let lock: toml::Table = text.parse().unwrap();
    let field = |p: &toml::Value, key: &str| {
        p.get(key)
            .and_then(toml::Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    lock["package"]
        .as_array()
        .expect("a lockfile lists packages")
        .iter()
        .map(|p| {
            (
                (field(p, "name"), field(p, "version")),
                (field(p, "source"), field(p, "checksum")),
            )
        })
        .collect()
}

#[test]
fn the_launcher_locks_the_versions_the_workspace_locks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = packages(&root.join("Cargo.lock"));
    let launcher = packages(&root.join("xtask/run/Cargo.lock"));
    let own = ("xtask-run".to_owned(), "0.1.0".to_owned());
    assert!(
        launcher.contains_key(&own),
        "xtask/run/Cargo.lock does not lock xtask-run; fix: {FIX}"
    );
    let differing: Vec<String> = launcher
        .iter()
        .filter(|(key, _)| **key != own)
        .filter(|(key, locked)| workspace.get(*key) != Some(*locked))
        .map(|((name, version), _)| format!("{name} {version}"))
        .collect();
    assert!(
        differing.is_empty(),
        "xtask/run/Cargo.lock locks what the workspace's Cargo.lock does not: {differing:?}; fix: {FIX}"
    );
}

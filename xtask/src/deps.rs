//! `cargo xtask deps`: the generated crate's dependency requirements beside
//! the newest release of each (asked of the registry with `cargo info`), the
//! newest `rust-version` among what it builds (a report), and the crate
//! built and linted with the newest releases its requirements admit (a
//! gate: what a new dependent resolves, which this workspace's lockfile
//! can lag behind).

use crate::copy::{crate_copy, Lock};
use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, ExitCode};

pub(crate) fn run(ws: &Workspace) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let lists = templates::DEPENDENCY_LISTS;
    println!("| dependency | kind | requirement | newest release | |");
    println!("|---|---|---|---|---|");
    let mut behind = 0;
    for (kind, list) in lists.iter().copied() {
        for (name, spelled) in list {
            let requirement = requirement(spelled);
            let newest = newest(&cargo, name).unwrap_or_else(|e| format!("? ({e})"));
            let current = matches(&requirement, &newest);
            if !current {
                behind += 1;
            }
            println!(
                "| {name} | {kind} | {requirement} | {newest} | {} |",
                if current { "current" } else { "BEHIND" }
            );
        }
    }
    println!("\n{behind} requirement(s) do not admit the newest release");
    match rust_versions(ws, &cargo) {
        Ok(versions) => {
            let newest = versions
                .iter()
                .max_by(|a, b| version_key(&a.1).cmp(&version_key(&b.1)));
            if let Some((name, v)) = newest {
                println!(
                    "newest rust-version among the crate's dependencies: {v} ({name}); the manifest says {}",
                    templates::RUST_VERSION
                );
            }
        }
        Err(e) => eprintln!("warning: no rust-versions: {e}"),
    }
    match newest_build(ws, &cargo) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Lints and tests a copy of the generated crate whose dependencies are
/// resolved afresh, as a new dependent's are. CI builds the crate with
/// the workspace's lockfile, which lags behind: rustls 0.23.48 deprecated
/// the provider the crate installs, and only a fresh resolution showed it.
fn newest_build(ws: &Workspace, cargo: &std::ffi::OsStr) -> Result<(), String> {
    let dir = ws.target("deps");
    let copy = crate_copy(&ws.root, &dir, Lock::Newest)?;
    let newer = newer_versions(&ws.root.join("Cargo.lock"), &copy.join("Cargo.lock"))?;
    println!(
        "\nthe generated crate with the newest releases its requirements admit ({}): {} package(s) newer than in the workspace's Cargo.lock",
        copy.display(),
        newer.len()
    );
    for line in &newer {
        println!("  {line}");
    }
    let features = templates::TESTED_FEATURES;
    for args in [
        &[
            "clippy",
            "--quiet",
            "--all-targets",
            "--features",
            features,
            "--",
            "-D",
            "warnings",
        ][..],
        &["test", "--quiet", "--features", features][..],
    ] {
        let status = Command::new(cargo)
            .args(args)
            .env("CARGO_TARGET_DIR", dir.join("target"))
            .current_dir(&copy)
            .status()
            .map_err(|e| format!("cargo {}: {e}", args[0]))?;
        if !status.success() {
            return Err(format!(
                "`cargo {}` fails with the newest releases: run `cargo update` in the workspace and fix what it shows",
                args.join(" ")
            ));
        }
    }
    println!("it builds, lints clean and passes its tests");
    Ok(())
}

/// `name old -> new` for each package `newest` holds at a version `locked`
/// does not.
fn newer_versions(locked: &Path, newest: &Path) -> Result<Vec<String>, String> {
    let versions = |path: &Path| -> Result<BTreeMap<String, BTreeSet<String>>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let lock: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for package in lock
            .get("package")
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            if let (Some(name), Some(version)) = (
                package.get("name").and_then(|v| v.as_str()),
                package.get("version").and_then(|v| v.as_str()),
            ) {
                map.entry(name.to_owned())
                    .or_default()
                    .insert(version.to_owned());
            }
        }
        Ok(map)
    };
    let (old, new) = (versions(locked)?, versions(newest)?);
    Ok(new
        .iter()
        .flat_map(|(name, versions)| {
            let before = old.get(name);
            versions
                .iter()
                .filter(move |v| before.is_none_or(|b| !b.contains(*v)))
                .map(move |v| {
                    let was = before.map_or("(none)".to_owned(), |b| {
                        b.iter().cloned().collect::<Vec<_>>().join(", ")
                    });
                    format!("{name} {was} -> {v}")
                })
        })
        .collect())
}

/// The version requirement in a dependency's manifest spelling: `"1"` or
/// `{ version = "0.13", … }`.
fn requirement(spelled: &str) -> String {
    let text = spelled.split("version = ").nth(1).unwrap_or(spelled);
    text.trim_start_matches('"')
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Whether a caret requirement (`0.13`, `1`, `12`) admits `version`.
fn matches(requirement: &str, version: &str) -> bool {
    let req: Vec<&str> = requirement.split('.').collect();
    let ver: Vec<&str> = version.split(['.', '+', '-']).collect();
    // The leading numbers that must be equal: up to the first non-zero one.
    let fixed = req
        .iter()
        .position(|p| *p != "0")
        .map_or(req.len(), |i| i + 1);
    req.iter().take(fixed).zip(&ver).all(|(r, v)| r == v)
}

/// The newest release on the registry (`cargo info NAME`).
fn newest(cargo: &std::ffi::OsStr, name: &str) -> Result<String, String> {
    let out = Command::new(cargo)
        .args(["info", "--quiet", name])
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("version: "))
        .map(|v| v.split_whitespace().next().unwrap_or(v).to_owned())
        .ok_or_else(|| String::from_utf8_lossy(&out.stderr).trim().to_owned())
}

/// (package, rust-version) of every package the generated crate builds
/// with all features (not its dev-dependencies), from `cargo metadata`.
fn rust_versions(ws: &Workspace, cargo: &std::ffi::OsStr) -> Result<Vec<(String, String)>, String> {
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--all-features",
            "--manifest-path",
        ])
        .arg(ws.generated_client().join("Cargo.toml"))
        .output()
        .map_err(|e| e.to_string())?;
    let meta: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    let packages: BTreeMap<&str, &serde_json::Value> = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let start = packages
        .iter()
        .find(|(_, p)| {
            p["name"] == "generated-client"
                || p["manifest_path"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(&*ws.generated_client().to_string_lossy()))
        })
        .map(|(id, _)| *id)
        .ok_or("the generated crate is not in cargo metadata")?;
    let mut seen = BTreeSet::new();
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes
            .get(id)
            .and_then(|n| n["deps"].as_array())
            .into_iter()
            .flatten()
        {
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            if let (true, Some(pkg)) = (normal, dep["pkg"].as_str()) {
                stack.push(pkg);
            }
        }
    }
    Ok(seen
        .into_iter()
        .filter(|id| *id != start)
        .filter_map(|id| {
            let p = packages.get(id)?;
            Some((
                p["name"].as_str()?.to_owned(),
                p["rust_version"].as_str()?.to_owned(),
            ))
        })
        .collect())
}

/// A version's numbers, for ordering (`1.88` < `1.100`).
fn version_key(v: &str) -> Vec<u64> {
    v.split('.').filter_map(|p| p.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_versions_lists_what_a_fresh_resolution_moved() {
        let dir = std::env::temp_dir().join(format!("xtask-deps-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let lock = |name: &str, packages: &[(&str, &str)]| {
            let text: String = packages
                .iter()
                .map(|(n, v)| format!("[[package]]\nname = \"{n}\"\nversion = \"{v}\"\n\n"))
                .collect();
            let path = dir.join(name);
            std::fs::write(&path, format!("version = 4\n\n{text}")).unwrap();
            path
        };
        let old = lock(
            "old.lock",
            &[("rustls", "0.23.46"), ("syn", "1.0.109"), ("syn", "2.0.1")],
        );
        let new = lock(
            "new.lock",
            &[("rustls", "0.23.48"), ("syn", "2.0.1"), ("h2", "0.4.21")],
        );
        assert_eq!(
            newer_versions(&old, &new).unwrap(),
            ["h2 (none) -> 0.4.21", "rustls 0.23.46 -> 0.23.48"]
        );
        assert!(newer_versions(&old, &dir.join("missing.lock"))
            .unwrap_err()
            .contains("missing.lock"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn caret_requirements_admit_what_cargo_admits() {
        assert!(matches("0.13", "0.13.5"));
        assert!(!matches("0.12", "0.13.5"));
        assert!(matches("1", "1.48.0"));
        assert!(!matches("9", "12.0.0"));
        assert!(matches("0.9", "0.9.34+deprecated"));
        assert_eq!(requirement("\"0.22\""), "0.22");
        assert_eq!(
            requirement("{ version = \"0.13\", default-features = false }"),
            "0.13"
        );
    }
}

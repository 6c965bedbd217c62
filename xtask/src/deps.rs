//! `cargo xtask deps`: the generated crate's dependency requirements beside
//! the newest release of each (asked of the registry with `cargo info`), and
//! the newest `rust-version` among what it builds. A report, not a gate.

use crate::workspace::Workspace;
use std::collections::{BTreeMap, BTreeSet};
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
    ExitCode::SUCCESS
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

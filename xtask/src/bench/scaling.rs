//! Codegen on the pod spec at 1×, 10× and 50× (specs made here by
//! replicating its paths and definitions, `$ref`s renamed, written as
//! compact JSON): a fresh directory each run, then a rerun into the
//! up-to-date one. The 1× row is the figure to set beside another
//! generator's; the per-1× column says whether time grows linearly.

use super::measure::{median_of, timed};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Prints the codegen table; specs and crates go in `dir`.
pub(super) fn codegen_table(
    root: &Path,
    xtask: &Path,
    dir: &Path,
    scales: &[usize],
    runs: usize,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let pod = pod_spec(root)?;
    println!("Codegen with the release xtask, into {}", dir.display());
    println!();
    println!("| codegen | spec bytes | operations | fresh directory (median of {runs}) | CPU | per 1x | runs | rerun, nothing to write | load (1 min) |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut base: Option<f64> = None;
    for &n in scales {
        // Compact JSON (YAML's subset): 50 copies stay under the 16 MiB
        // input limit, which pretty YAML would not.
        let spec = dir.join(format!("pod-x{n}.json"));
        let text = serde_json::to_string(&replicate(&pod, n)).map_err(|e| e.to_string())?;
        std::fs::write(&spec, &text).map_err(|e| e.to_string())?;
        let out = dir.join(format!("out-x{n}"));
        let package = format!("bench-x{n}");
        // One run untimed, so that the spec and the binary are in the page
        // cache; then a fresh directory each time: every file is written.
        let _ = std::fs::remove_dir_all(&out);
        timed(&mut codegen(xtask, &spec, &out, &package))?;
        let (median, listed) = median_of(
            runs,
            || {
                let _ = std::fs::remove_dir_all(&out);
                Ok(())
            },
            || codegen(xtask, &spec, &out, &package),
        )?;
        // Again into the up-to-date directory: generation and comparison.
        let rerun = timed(&mut codegen(xtask, &spec, &out, &package))?;
        let secs = median.wall.as_secs_f64();
        let per = secs / n as f64;
        let base = *base.get_or_insert(per);
        println!(
            "| {n}x | {} | {} | {secs:.3} s | {:.3} s | {per:.3} s ({:.2}x the 1x figure) | {listed} | {:.3} s | {} |",
            text.len(),
            operations(&pod) * n,
            median.cpu.as_secs_f64(),
            per / base,
            rerun.wall.as_secs_f64(),
            median.load,
        );
    }
    Ok(())
}

/// `xtask codegen --spec SPEC --out OUT --package PACKAGE`.
pub(super) fn codegen(xtask: &Path, spec: &Path, out: &Path, package: &str) -> Command {
    let mut command = Command::new(xtask);
    command
        .arg("codegen")
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--package", package]);
    command
}

/// The pod spec as a value (its control bytes repaired as the loader does).
fn pod_spec(root: &Path) -> Result<Value, String> {
    let path: PathBuf = root.join(crate::workspace::SPEC);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut diags = generator::Diagnostics::default();
    let source = generator::load::bytes::read(
        "pod",
        &bytes,
        generator::load::bytes::Repair::Quotes,
        &mut diags,
    );
    generator::load::yaml::parse(&source, &mut diags)
        .map(|(value, _)| value)
        .map_err(|_| "the pod spec does not parse".to_owned())
}

/// The spec with its paths and definitions `n` times over: copy `k` puts
/// its paths under `/copy{k}`, names its definitions `…Copy{k}` and its
/// operationIds `…Copy{k}`, and points its `$ref`s at its own definitions.
fn replicate(spec: &Value, n: usize) -> Value {
    let mut out = spec.clone();
    for k in 2..=n {
        let suffix = format!("Copy{k}");
        for section in ["paths", "definitions"] {
            let Some(items) = spec.get(section).and_then(Value::as_object) else {
                continue;
            };
            let copies: Vec<(String, Value)> = items
                .iter()
                .map(|(key, value)| {
                    let key = match section {
                        "paths" => format!("/copy{k}{key}"),
                        _ => format!("{key}{suffix}"),
                    };
                    (key, renamed(value, &suffix))
                })
                .collect();
            if let Some(target) = out.get_mut(section).and_then(Value::as_object_mut) {
                target.extend(copies);
            }
        }
    }
    out
}

/// `value` with every `$ref` to a definition and every `operationId`
/// given `suffix`.
fn renamed(value: &Value, suffix: &str) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| {
                    let item = match (key.as_str(), item) {
                        ("$ref", Value::String(r)) if r.starts_with("#/definitions/") => {
                            Value::String(format!("{r}{suffix}"))
                        }
                        ("operationId", Value::String(id)) => {
                            Value::String(format!("{id}{suffix}"))
                        }
                        _ => renamed(item, suffix),
                    };
                    (key.clone(), item)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| renamed(i, suffix)).collect()),
        other => other.clone(),
    }
}

fn operations(spec: &Value) -> usize {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    spec.get("paths")
        .and_then(Value::as_object)
        .map_or(0, |paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn copies_point_at_their_own_definitions() {
        let spec = json!({
            "paths": { "/a": { "get": { "operationId": "getA", "responses": { "200": { "schema": { "$ref": "#/definitions/A" } } } } } },
            "definitions": { "A": { "properties": { "b": { "$ref": "#/definitions/B" } } }, "B": {} }
        });
        let out = replicate(&spec, 2);
        assert_eq!(operations(&out), 2);
        assert_eq!(
            out["paths"]["/copy2/a"]["get"]["responses"]["200"]["schema"]["$ref"],
            "#/definitions/ACopy2"
        );
        assert_eq!(out["paths"]["/copy2/a"]["get"]["operationId"], "getACopy2");
        assert_eq!(
            out["definitions"]["ACopy2"]["properties"]["b"]["$ref"],
            "#/definitions/BCopy2"
        );
        assert_eq!(out["definitions"].as_object().unwrap().len(), 4);
    }
}

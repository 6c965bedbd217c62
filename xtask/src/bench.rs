//! `cargo xtask bench`: codegen wall time on the pod spec at 1×, 10× and
//! 50× (specs made here by replicating its paths and definitions, `$ref`s
//! renamed, written as compact JSON), and `cargo check` of the generated crate, each figure printed
//! beside the machine's load. Figures, not assertions.

use crate::workspace::Workspace;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub(crate) struct Options {
    /// The sizes, in copies of the pod spec.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 10, 50])]
    scales: Vec<usize>,
    /// Skip the `cargo check` figure.
    #[arg(long)]
    no_check: bool,
    /// How many times each figure is measured (the median is printed).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Where specs and crates are written (default target/bench; a
    /// tmpfs such as /dev/shm/bench leaves the disk out of the figures).
    #[arg(long)]
    dir: Option<PathBuf>,
}

pub(crate) fn run(ws: &Workspace, options: &Options) -> ExitCode {
    let root = ws.root.as_path();
    match bench(root, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(root: &Path, options: &Options) -> Result<(), String> {
    let dir = options
        .dir
        .clone()
        .unwrap_or_else(|| root.join("target/bench"));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    eprintln!("building the release xtask");
    run_quiet(
        Command::new(env!("CARGO"))
            .args(["build", "--release", "--quiet", "-p", "xtask"])
            .current_dir(root),
    )?;
    let xtask = root.join("target/release/xtask");
    let pod = pod_spec(root)?;
    let runs = options.runs.max(1);
    println!("Codegen, release build, into {}", dir.display());
    println!();
    println!("| codegen | spec bytes | operations | fresh directory (median of {runs}) | per 1x | runs | rerun, nothing to write | load (1 min) |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut base: Option<f64> = None;
    for &n in &options.scales {
        // Compact JSON (YAML's subset): 50 copies stay under the 16 MiB
        // input limit, which pretty YAML would not.
        let spec = dir.join(format!("pod-x{n}.json"));
        let text = serde_json::to_string(&replicate(&pod, n)).map_err(|e| e.to_string())?;
        std::fs::write(&spec, &text).map_err(|e| e.to_string())?;
        let out = dir.join(format!("out-x{n}"));
        let mut times = Vec::new();
        for _ in 0..runs {
            // A fresh directory each time: every file is written.
            let _ = std::fs::remove_dir_all(&out);
            let load = load();
            let started = Instant::now();
            codegen(&xtask, &spec, &out, &format!("bench-x{n}"))?;
            times.push((started.elapsed(), load));
        }
        // Again into the up-to-date directory: generation and comparison.
        let started = Instant::now();
        codegen(&xtask, &spec, &out, &format!("bench-x{n}"))?;
        let rerun = started.elapsed().as_secs_f64();
        let (median, load) = median(&mut times);
        let secs = median.as_secs_f64();
        let per = secs / n as f64;
        let base = *base.get_or_insert(per);
        println!(
            "| {n}x | {} | {} | {:.3} s | {:.3} s ({:.2}x the 1x figure) | {} | {rerun:.3} s | {load} |",
            text.len(),
            operations(&pod) * n,
            secs,
            per,
            per / base,
            times
                .iter()
                .map(|(t, _)| format!("{:.3}", t.as_secs_f64()))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if !options.no_check {
        check(root, &dir, &xtask, runs)?;
    }
    Ok(())
}

/// `cargo check` of the crate generated from the 1x spec: dependencies
/// built once, then the crate alone, whole and incrementally.
fn check(root: &Path, dir: &Path, xtask: &Path, runs: usize) -> Result<(), String> {
    let out = dir.join("check-x1");
    let _ = std::fs::remove_dir_all(&out);
    codegen(xtask, &dir.join("pod-x1.json"), &out, "bench-check")?;
    // A workspace of its own, locked as this one is.
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    text.push_str("\n[workspace]\n");
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let target = dir.join("check-target");
    let cargo_check = |incremental: bool| {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(["check", "--offline", "--quiet"])
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_INCREMENTAL", if incremental { "1" } else { "0" })
            .current_dir(&out);
        command
    };
    eprintln!("building the generated crate's dependencies");
    run_quiet(&mut cargo_check(true))?;
    println!();
    println!("| generated crate (1x) | wall (median of {runs}) | runs | load (1 min) |");
    println!("| --- | --- | --- | --- |");
    // The whole crate checked again (what a dependent's first build and
    // any change to the spec pay), then an unchanged crate after a touch
    // (what incremental compilation reuses).
    for (what, incremental) in [
        (
            "`cargo check` of the whole crate (`CARGO_INCREMENTAL=0`)",
            false,
        ),
        ("`cargo check` after touching `lib.rs` (incremental)", true),
    ] {
        let mut times = Vec::new();
        for _ in 0..runs {
            touch(&out.join("src/lib.rs"))?;
            let load = load();
            let started = Instant::now();
            run_quiet(&mut cargo_check(incremental))?;
            times.push((started.elapsed(), load));
        }
        let (median, load) = median(&mut times);
        println!(
            "| {what} | {:.2} s | {} | {load} |",
            median.as_secs_f64(),
            times
                .iter()
                .map(|(t, _)| format!("{:.2}", t.as_secs_f64()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}

/// `xtask codegen --spec SPEC --out OUT --package PACKAGE`, quietly.
fn codegen(xtask: &Path, spec: &Path, out: &Path, package: &str) -> Result<(), String> {
    run_quiet(
        Command::new(xtask)
            .arg("codegen")
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(out)
            .args(["--package", package]),
    )
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
pub(crate) fn replicate(spec: &Value, n: usize) -> Value {
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

/// The median time, and the load when that run started.
fn median(times: &mut [(Duration, String)]) -> (Duration, String) {
    let mut sorted = times.to_vec();
    sorted.sort_by_key(|(t, _)| *t);
    sorted[sorted.len() / 2].clone()
}

/// The machine's 1-minute load average and core count, as `/proc` says.
fn load() -> String {
    let average = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{average} on {cores} cores")
}

fn touch(path: &Path) -> Result<(), String> {
    let text = std::fs::read(path).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| e.to_string())
}

fn run_quiet(command: &mut Command) -> Result<(), String> {
    let out = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
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

//! `cargo xtask limits`: the input limits measured. Writes inputs made to
//! hurt (alias bombs, aliases just under the cap, 16 MiB of tiny nodes, a
//! spec on one line, deep nesting, an oversized file) and runs `xtask
//! normalise` on each as a child process, printing its outcome, wall time
//! and peak memory. Figures, not assertions: the bound is stated in the
//! README and watched here.

use crate::workspace::Workspace;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const HEAD: &str = "swagger: \"2.0\"\ninfo: {title: Limits, version: \"1\"}\npaths: {}\n";

pub(crate) fn run(ws: &Workspace) -> ExitCode {
    let dir = ws.target("limits");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let pod = match std::fs::read(ws.spec()) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: cannot read the pod spec: {e}");
            return ExitCode::FAILURE;
        }
    };
    let Some(one_line) = one_line_json(&pod) else {
        eprintln!("error: the pod spec does not parse");
        return ExitCode::FAILURE;
    };
    let inputs: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "alias bomb, 40 levels of 9",
            "bomb.yml",
            alias_levels(40, 9, 50),
        ),
        (
            "aliases, 4 levels of 26",
            "aliases.yml",
            alias_levels(4, 26, 40),
        ),
        (
            "60 aliases of a 1 MiB string",
            "text.yml",
            long_text_aliases(),
        ),
        (
            "1,990,000 one-character nodes (just under the cap)",
            "under-cap.yml",
            tiny_nodes(1_990_000),
        ),
        (
            "16 MiB of one-character nodes",
            "tiny-nodes.yml",
            tiny_nodes(8 * 1024 * 1024 - 64),
        ),
        (
            "the pod spec as pretty JSON",
            "pod-pretty.json",
            pretty_json(&one_line),
        ),
        (
            "the pod spec as one JSON line",
            "pod-one-line.json",
            one_line.clone().into_bytes(),
        ),
        (
            "the pod spec x3 as one JSON line",
            "pod-x3-one-line.json",
            tripled(&one_line),
        ),
        ("10,000 levels of nesting", "deep.yml", deep(10_000)),
        (
            "16 MiB + 1 byte",
            "oversized.yml",
            vec![b' '; 16 * 1024 * 1024 + 1],
        ),
    ];
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("| input | bytes | exit | wall | peak memory |\n| --- | --- | --- | --- | --- |");
    for (what, file, bytes) in inputs {
        let path = dir.join(file);
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        match measure(Command::new(&exe).arg("normalise").arg(&path)) {
            Ok((code, wall, kib)) => println!(
                "| {what} | {} | {code} | {:.0} ms | {} |",
                bytes.len(),
                wall.as_secs_f64() * 1e3,
                if kib == 0 {
                    "ended before the first sample".to_owned()
                } else {
                    format!("{} MiB", kib / 1024)
                }
            ),
            Err(e) => println!("| {what} | {} | cannot run: {e} | | |", bytes.len()),
        }
    }
    ExitCode::SUCCESS
}

/// Runs the command to its end: its exit code, wall time, and the peak
/// resident memory it reached (Linux's VmHWM, sampled every 2 ms).
fn measure(command: &mut Command) -> std::io::Result<(i32, Duration, u64)> {
    let started = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            let hwm = status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait()? {
            return Ok((status.code().unwrap_or(-1), started.elapsed(), peak));
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// `levels` anchors, each a list of `width` aliases of the one before,
/// the first a list of one string of `len` bytes.
fn alias_levels(levels: usize, width: usize, len: usize) -> Vec<u8> {
    let mut text = format!("{HEAD}x-a0: &a0 [\"{}\"]\n", "x".repeat(len));
    for i in 1..levels {
        let refs = vec![format!("*a{}", i - 1); width].join(", ");
        text.push_str(&format!("x-a{i}: &a{i} [{refs}]\n"));
    }
    text.into_bytes()
}

fn long_text_aliases() -> Vec<u8> {
    let refs = vec!["*s"; 60].join(", ");
    format!("{HEAD}x-s: &s \"{}\"\nx-t: [{refs}]\n", "y".repeat(1 << 20)).into_bytes()
}

/// A list of `count` one-character items (`[1,1,…]`).
fn tiny_nodes(count: usize) -> Vec<u8> {
    let mut text = format!("{HEAD}x-data: [");
    text.push_str(&vec!["1"; count].join(","));
    text.push_str("]\n");
    text.into_bytes()
}

fn deep(levels: usize) -> Vec<u8> {
    format!(
        "{HEAD}x-deep: {}{}\n",
        "[".repeat(levels),
        "]".repeat(levels)
    )
    .into_bytes()
}

/// The pod spec as one line of JSON (its control bytes repaired as the
/// loader repairs them).
fn one_line_json(pod: &[u8]) -> Option<String> {
    let mut diags = generator::Diagnostics::default();
    let source = generator::load::bytes::read(
        "pod",
        pod,
        generator::load::bytes::Repair::Quotes,
        &mut diags,
    );
    let (value, _) = generator::load::yaml::parse(&source, &mut diags).ok()?;
    serde_json::to_string(&value).ok()
}

fn pretty_json(one_line: &str) -> Vec<u8> {
    serde_json::from_str::<serde_json::Value>(one_line)
        .and_then(|v| serde_json::to_vec_pretty(&v))
        .unwrap_or_default()
}

/// The pod spec with its definitions three times over (renamed copies), on
/// one line.
fn tripled(one_line: &str) -> Vec<u8> {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(one_line) else {
        return Vec::new();
    };
    if let Some(defs) = value.get_mut("definitions").and_then(|d| d.as_object_mut()) {
        let copies: Vec<(String, serde_json::Value)> = defs
            .iter()
            .flat_map(|(k, v)| (2..=3).map(move |n| (format!("{k}Copy{n}"), v.clone())))
            .collect();
        defs.extend(copies);
    }
    serde_json::to_vec(&value).unwrap_or_default()
}

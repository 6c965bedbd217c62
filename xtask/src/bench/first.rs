//! The first `cargo xtask codegen` of a clean clone (what a newcomer and a
//! fresh CI runner wait for: the release xtask built from nothing), then
//! the warm command beside the release binary it runs, in the same clone.

use super::measure::{interleaved, secs, timed};
use crate::process::run_quiet;
use std::path::Path;
use std::process::Command;

/// Clones the workspace's HEAD into `dir` (with `../shared` beside it, as
/// the workspace has), prints the table, and removes the clone.
pub(super) fn first_table(root: &Path, dir: &Path, runs: usize) -> Result<(), String> {
    let place = dir.join("clean-clone");
    let _ = std::fs::remove_dir_all(&place);
    std::fs::create_dir_all(&place).map_err(|e| e.to_string())?;
    let clone = place.join("main");
    run_quiet(
        Command::new("git")
            .args(["clone", "--quiet"])
            .arg(root)
            .arg(&clone),
    )?;
    let shared = root.join("../shared");
    if shared.exists() {
        let shared = shared.canonicalize().map_err(|e| e.to_string())?;
        symlink(&shared, &place.join("shared"))?;
    }
    let head = git_head(&clone);
    let result = table(&clone, runs, &head);
    let _ = std::fs::remove_dir_all(&place);
    result
}

fn table(clone: &Path, runs: usize, head: &str) -> Result<(), String> {
    println!();
    println!("| a clean clone of {head} | wall | CPU | runs | load (1 min) |");
    println!("| --- | --- | --- | --- | --- |");
    let cargo_xtask = || {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(["xtask", "codegen"])
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("CARGO_BUILD_TARGET_DIR")
            .current_dir(clone);
        command
    };
    let first = timed(&mut cargo_xtask())?;
    println!(
        "| first `cargo xtask codegen` (builds the release xtask) | {} | {} | 1 | {} |",
        secs(first.wall),
        secs(first.cpu),
        first.load
    );
    // The warm command and the binary it runs take turns, so the ratio
    // compares runs on the machine as it was at the time.
    let binary = clone.join("target/release/xtask");
    let turns = interleaved(runs, cargo_xtask, || {
        let mut command = Command::new(&binary);
        command.arg("codegen").current_dir(clone);
        command
    })?;
    let ((warm, warm_runs), (bare, bare_runs)) = (turns.first, turns.second);
    println!(
        "| warm `cargo xtask codegen` (median of {runs}, taking turns with the binary) | {} | {} | {warm_runs} | {} |",
        secs(warm.wall),
        secs(warm.cpu),
        warm.load
    );
    println!(
        "| the release binary alone, `target/release/xtask codegen` (median of {runs}) | {} | {} | {bare_runs} | {} |",
        secs(bare.wall),
        secs(bare.cpu),
        bare.load
    );
    println!(
        "| warm command / release binary | {:.2}x | | | |",
        warm.wall.as_secs_f64() / bare.wall.as_secs_f64().max(1e-9)
    );
    println!(
        "| cargo's own part: warm command minus binary, median of the {runs} pairs | {:.0} ms | | | |",
        turns.gap.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// The clone's commit, abbreviated, for the table's heading.
fn git_head(clone: &Path) -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(clone)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "HEAD".to_owned())
}

#[cfg(unix)]
fn symlink(from: &Path, to: &Path) -> Result<(), String> {
    std::os::unix::fs::symlink(from, to).map_err(|e| format!("{}: {e}", to.display()))
}

#[cfg(not(unix))]
fn symlink(_: &Path, to: &Path) -> Result<(), String> {
    Err(format!(
        "{}: a clean clone needs symbolic links",
        to.display()
    ))
}

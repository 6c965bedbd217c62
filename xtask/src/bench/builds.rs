//! What a downstream crate pays to build the generated crate: from cold
//! (its dependencies included, a fresh target directory) with each set of
//! features, and the crate alone after a touch of `lib.rs`, built and
//! checked without the incremental cache.

use super::instructions;
use super::measure::{median_of, secs, timed, touch};
use crate::process::run_quiet;
use std::path::Path;
use std::process::Command;

/// The feature sets a dependent may choose, as `cargo` arguments.
const FEATURES: [(&str, &[&str]); 3] = [
    ("default (pod and agent)", &[]),
    (
        "pod only (`default-features = false, features = [\"client\"]`)",
        &["--no-default-features", "--features", "client"],
    ),
    (
        "types only (`default-features = false`)",
        &["--no-default-features"],
    ),
];

/// Prints the cold-build table: one fresh build per feature set.
pub(super) fn cold_table(krate: &Path, dir: &Path) -> Result<(), String> {
    println!();
    println!("| cold `cargo build --lib`, dependencies included, fresh target | wall | CPU | load (1 min) |");
    println!("| --- | --- | --- | --- |");
    for (i, (name, args)) in FEATURES.iter().enumerate() {
        let target = dir.join(format!("cold-target-{i}"));
        let _ = std::fs::remove_dir_all(&target);
        let run = timed(&mut cargo(krate, &target, "build", args))?;
        println!(
            "| {name} | {} | {} | {} |",
            secs(run.wall),
            secs(run.cpu),
            run.load
        );
        let _ = std::fs::remove_dir_all(&target);
    }
    Ok(())
}

/// Prints the after-a-touch table: the crate alone, built and checked,
/// with its dependencies already built. With `count`, a second table gives
/// the instructions rustc spent on each (cachegrind).
pub(super) fn touch_table(
    krate: &Path,
    dir: &Path,
    runs: usize,
    count: bool,
) -> Result<(), String> {
    let counter = count.then(|| instructions::Counter::new(dir)).transpose()?;
    println!();
    println!("| after touching `lib.rs`, `CARGO_INCREMENTAL=0` | wall (median of {runs}) | CPU | runs | load (1 min) |");
    println!("| --- | --- | --- | --- | --- |");
    let lib = krate.join("src/lib.rs");
    let mut counted = Vec::new();
    for (i, (name, args)) in FEATURES.iter().take(2).enumerate() {
        let target = dir.join(format!("touch-target-{i}"));
        for verb in ["build", "check"] {
            // The dependencies, built once and not timed.
            run_quiet(&mut cargo(krate, &target, verb, args))?;
            let (run, listed) =
                median_of(runs, || touch(&lib), || cargo(krate, &target, verb, args))?;
            println!(
                "| `cargo {verb} --lib`, {name} | {} | {} | {listed} | {} |",
                secs(run.wall),
                secs(run.cpu),
                run.load
            );
            if let Some(counter) = &counter {
                let n = counter.of_crate(cargo(krate, &target, verb, args), &lib)?;
                counted.push(format!(
                    "| `cargo {verb} --lib`, {name} | {} |",
                    instructions::giga(n)
                ));
            }
        }
    }
    if counter.is_some() {
        println!();
        println!("| after touching `lib.rs`: rustc on the crate alone, under cachegrind | instructions |");
        println!("| --- | --- |");
        for row in counted {
            println!("{row}");
        }
    }
    Ok(())
}

/// `cargo VERB --lib ARGS` in `krate`, into `target`, offline and without
/// the incremental cache.
fn cargo(krate: &Path, target: &Path, verb: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command
        .args([verb, "--lib", "--offline", "--quiet"])
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(krate);
    command
}

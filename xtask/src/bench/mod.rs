//! `cargo xtask bench`: figures, not assertions. Codegen (1×, 10×, 50×
//! the pod spec), the generated crate's cold builds and its rebuilds after
//! a touch, and the first `cargo xtask codegen` of a clean clone; each
//! figure beside the machine's load.

mod builds;
mod first;
mod instructions;
mod measure;
mod scaling;

use crate::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

#[derive(clap::Args)]
pub(crate) struct Options {
    /// The sizes, in copies of the pod spec.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 10, 50])]
    scales: Vec<usize>,
    /// The tables to print: codegen, touch (the crate rebuilt after a
    /// touch), cold (the crate's cold builds, about a minute each) and
    /// first (a clean clone's first `cargo xtask codegen`). All by default.
    #[arg(long, value_delimiter = ',', default_values_t = ["codegen".to_owned(), "touch".to_owned(), "cold".to_owned(), "first".to_owned()])]
    only: Vec<String>,
    /// How many times each quick figure is measured (the median is
    /// printed); cold builds are measured once.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Also count the instructions rustc spends on the crate after a touch
    /// (the `touch` table), under cachegrind: a figure the machine's speed
    /// and load do not move. Needs valgrind; adds about four minutes.
    #[arg(long)]
    instructions: bool,
    /// Where codegen writes its specs and crates (default: /dev/shm/
    /// symphony-bench when /dev/shm exists, so the disk is left out, else
    /// target/bench). Builds and the clone go in target/bench.
    #[arg(long)]
    dir: Option<PathBuf>,
}

const TABLES: [&str; 4] = ["codegen", "touch", "cold", "first"];

pub(crate) fn run(ws: &Workspace, options: &Options) -> ExitCode {
    match bench(&ws.root, options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bench(root: &Path, options: &Options) -> Result<(), String> {
    if let Some(unknown) = options.only.iter().find(|t| !TABLES.contains(&t.as_str())) {
        return Err(format!(
            "--only {unknown}: no such table (the tables are {})",
            TABLES.join(", ")
        ));
    }
    let wanted = |table: &str| options.only.iter().any(|t| t == table);
    if options.instructions && !wanted("touch") {
        return Err(
            "--instructions counts the touch table's builds: add touch to --only".to_owned(),
        );
    }
    if options.instructions && !instructions::available() {
        return Err("--instructions needs valgrind (Debian: apt-get install valgrind)".to_owned());
    }
    let scratch = root.join("target/bench");
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    if wanted("codegen") {
        eprintln!("building the release xtask");
        crate::process::run_quiet(
            Command::new(env!("CARGO"))
                .args(["build", "--release", "--quiet", "--manifest-path"])
                .arg(root.join("xtask/run/Cargo.toml"))
                .current_dir(root),
        )?;
        let dir = options.dir.clone().unwrap_or_else(|| {
            let shm = Path::new("/dev/shm");
            if shm.is_dir() {
                shm.join("symphony-bench")
            } else {
                scratch.clone()
            }
        });
        let xtask = root.join("target/release/xtask");
        scaling::codegen_table(root, &xtask, &dir, &options.scales, options.runs)?;
    }
    if wanted("touch") || wanted("cold") {
        eprintln!("copying the generated crate and fetching its dependencies");
        let krate = crate::copy::crate_copy(root, &scratch, crate::copy::Lock::Workspace)?;
        if wanted("cold") {
            eprintln!("cold builds (about a minute each)");
            builds::cold_table(&krate, &scratch)?;
        }
        if wanted("touch") {
            builds::touch_table(&krate, &scratch, options.runs, options.instructions)?;
        }
    }
    if wanted("first") {
        eprintln!("cloning the workspace and running its first `cargo xtask codegen`");
        first::first_table(root, &scratch, options.runs)?;
    }
    Ok(())
}

//! `cargo xtask semver OLD NEW`: cargo-semver-checks' verdict on the crates
//! generated from two specs, printed after `diff`'s summary, so the
//! changelog's breaking / not-breaking calls can be checked against an
//! independent tool (`cargo install cargo-semver-checks --locked`).

use crate::workspace::Workspace;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The spec before.
    old: PathBuf,
    /// The spec after.
    new: PathBuf,
}

pub(crate) fn run(ws: &Workspace, args: &Args) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let installed = Command::new(&cargo)
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("error: cargo-semver-checks is not installed\n  help: cargo install cargo-semver-checks --locked");
        return ExitCode::FAILURE;
    }
    let workspace = match ws.settings() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dir = ws.target("semver");
    let mut models = Vec::new();
    for (side, spec) in [("old", &args.old), ("new", &args.new)] {
        // The same settings as `cargo xtask diff`, so the two agree.
        let settings = crate::diff::side_settings(ws, &workspace, spec);
        let generated = generator::generate_file(spec, &settings);
        let (Some(files), Some(model)) = (generated.files, generated.model) else {
            eprint!("{}", generated.normalised.render_diagnostics());
            return ExitCode::FAILURE;
        };
        let crate_dir = dir.join(side);
        let _ = std::fs::remove_dir_all(&crate_dir);
        for (file, text) in files {
            // A crate of its own, not a member of this workspace.
            let text = match file.as_str() {
                "Cargo.toml" => format!("{text}\n[workspace]\n"),
                _ => text,
            };
            let path = crate_dir.join(&file);
            let written = std::fs::create_dir_all(path.parent().unwrap_or(&crate_dir))
                .and_then(|()| std::fs::write(&path, text));
            if let Err(e) = written {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
        models.push(model);
    }
    println!(
        "cargo xtask diff: {}",
        generator::review::diff::diff(&models[0], &models[1]).summary()
    );
    let status = Command::new(&cargo)
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(dir.join("new/Cargo.toml"))
        .arg("--baseline-root")
        .arg(dir.join("old"))
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo semver-checks: {e}");
            ExitCode::FAILURE
        }
    }
}

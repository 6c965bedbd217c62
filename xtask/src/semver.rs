//! `cargo xtask semver OLD NEW`: cargo-semver-checks' verdict on the crates
//! generated from two specs, printed after `diff`'s summary, so the
//! changelog's breaking / not-breaking calls can be checked against an
//! independent tool (`cargo install cargo-semver-checks --locked`).

use crate::workspace::{ApiFiles, Workspace};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The spec before.
    old: PathBuf,
    /// The spec after.
    new: PathBuf,
    /// The API they are versions of: `pod` (the crate's root) or a module
    /// that spec/settings.yml's `apis:` lists (`agent`).
    #[arg(long, default_value = "pod")]
    api: String,
}

pub(crate) fn run(ws: &Workspace, args: &Args) -> ExitCode {
    let api = ws.settings().and_then(|s| ws.api(&s, &args.api));
    match api.and_then(|api| breaking(ws, &api, &args.old, &args.new)) {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Whether cargo-semver-checks finds the crate generated with `new` as
/// `api`'s spec breaking for code written against the one with `old` (its
/// report on stdout, after `diff`'s summary).
pub(crate) fn breaking(
    ws: &Workspace,
    api: &ApiFiles,
    old: &Path,
    new: &Path,
) -> Result<bool, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let installed = Command::new(&cargo)
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        return Err("cargo-semver-checks is not installed\n  help: cargo install cargo-semver-checks --locked".to_owned());
    }
    let workspace = ws.settings()?;
    let dir = ws.target("semver");
    let mut models = Vec::new();
    for (side, spec) in [("old", old), ("new", new)] {
        // The same settings as `cargo xtask diff`, so the two agree.
        let generated = api.generate(ws, &workspace, spec, api.settings_for(spec));
        let model = api.part(&generated).and_then(|p| p.model.clone());
        let (Some(files), Some(model)) = (generated.files.clone(), model) else {
            return Err(crate::workspace::failure(&generated));
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
            std::fs::create_dir_all(path.parent().unwrap_or(&crate_dir))
                .and_then(|()| std::fs::write(&path, text))
                .map_err(|e| format!("{}: {e}", path.display()))?;
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
        .status()
        .map_err(|e| format!("cannot run cargo semver-checks: {e}"))?;
    Ok(!status.success())
}

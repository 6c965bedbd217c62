//! `cargo xtask codegen`: the client crate regenerated from a spec (or, with
//! `--check`, compared with what the generator writes now).

use crate::workspace::{display_path, millis, Workspace};
use generator::settings::Settings;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The spec to read. Defaults to spec/symphony-pod-api-openapi.yml.
    #[arg(long)]
    spec: Option<PathBuf>,
    /// The crate directory to write: created if missing; otherwise it
    /// must be empty or a crate the generator wrote (codegen never
    /// overwrites or deletes a file it did not write). Defaults to
    /// generated-client/.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The crate's package name. Defaults to the --out directory's
    /// name, made valid (`pod-api-20.13.0` → `pod-api-20-13-0`).
    #[arg(long)]
    package: Option<String>,
    /// Write nothing; exit 1 when the crate differs from what the
    /// generator writes now, naming the files and the command that
    /// fixes it.
    #[arg(long)]
    check: bool,
    /// The spec's settings: a settings.yml, read with the examples.yml,
    /// renames.yml, conformance.yml and provenance.yml beside it. Defaults
    /// to spec/settings.yml for the workspace spec and to none for another.
    #[arg(long)]
    settings: Option<PathBuf>,
}

pub(crate) fn run(ws: &Workspace, args: Args) -> ExitCode {
    match codegen(ws, args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(ws: &Workspace, args: Args) -> Result<ExitCode, String> {
    let is_default = args.spec.is_none();
    let display = display_path(&args.spec.unwrap_or_else(|| ws.spec()));
    let out = args.out.unwrap_or_else(|| ws.generated_client());
    eprintln!("generating from {display} into {}", display_path(&out));
    let started = Instant::now();
    // The settings are the workspace spec's; another spec gets the rules
    // alone.
    let mut settings = match &args.settings {
        Some(file) => Settings::load_named(file)?,
        None if is_default => ws.settings()?,
        None => Settings::default(),
    };
    settings.package = match args.package {
        Some(name) => generator::emit::package::checked(&name)?,
        None if settings.package_named => settings.package.clone(),
        None => generator::emit::package::from_directory(&directory_name(&out))?,
    };
    let mut generated = generator::generate_file(Path::new(&display), &settings);
    if is_default {
        // Each API's spec beside its provenance: the pod's, then the
        // modules' (the agent).
        let apis = ws.apis(&settings);
        for (api, part) in apis
            .iter()
            .zip(std::iter::once(&generated).chain(&generated.apis))
        {
            ws.check_provenance(&api.spec, &part.normalised.source.sha256);
        }
    }
    let files = generated.files.take();
    // The diagnostics are rendered on a second thread while the files are
    // counted and written, and printed before anything the write says.
    let (report, written) = generator::join(
        || report(&generated, args.check),
        || match &files {
            Some(files) if !args.check => {
                Some((generator::line_count(files), generator::write(files, &out)))
            }
            _ => None,
        },
    );
    eprint!("{report}");
    let Some(files) = files else {
        eprintln!("failed after {}", millis(started));
        return Ok(ExitCode::FAILURE);
    };
    let Some((lines, written)) = written else {
        return Ok(check(&files, &out, started));
    };
    let drift = written.map_err(|e| match e {
        generator::WriteError::Refused(_) => e.to_string(),
        e => format!("cannot write {}: {e}", display_path(&out)),
    })?;
    for path in &drift.foreign {
        eprintln!("note: kept {path}, which the generator did not write");
    }
    eprintln!(
        "wrote {} files ({lines} lines) in {}: {} added, {} changed, {} removed",
        files.len(),
        millis(started),
        drift.added.len(),
        drift.changed.len(),
        drift.removed.len()
    );
    // The process ends next, and the system takes its memory back at once:
    // freeing the spec's nodes, the model and the files one by one is
    // serial work that grows with the spec (4% of codegen at 50 times the
    // pod spec).
    std::mem::forget(files);
    std::mem::forget(generated);
    Ok(ExitCode::SUCCESS)
}

/// The diagnostics of the crate's spec, then of each module API's (the
/// agent), as printed; `--check` stays quiet about warnings: it answers
/// one question.
fn report(generated: &generator::Generated, check: bool) -> String {
    let mut out = String::new();
    for part in std::iter::once(generated).chain(&generated.apis) {
        let diagnostics = &part.normalised.diagnostics;
        let warnings_only = diagnostics
            .iter()
            .all(|d| d.severity == generator::Severity::Warning);
        let quiet = check && warnings_only;
        if !quiet && !diagnostics.is_empty() {
            out.push_str(&part.normalised.render_diagnostics());
        }
    }
    out
}

/// The name of the directory `out` is (or will be), for the package name.
fn directory_name(out: &Path) -> String {
    let dir = out
        .canonicalize()
        .or_else(|_| std::path::absolute(out))
        .unwrap_or_else(|_| out.to_path_buf());
    let dir = dir.components().collect::<PathBuf>();
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `--check`: exit 0 when `out` holds exactly `files`, else name the drift.
fn check(files: &BTreeMap<String, String>, out: &Path, started: Instant) -> ExitCode {
    let lines = generator::line_count(files);
    let drift = generator::drift(files, out);
    if drift.is_empty() {
        eprintln!(
            "{} is up to date ({} files, {lines} lines; {})",
            display_path(out),
            files.len(),
            millis(started)
        );
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "{} is stale: {} file(s) to add, {} to change, {} to remove",
        display_path(out),
        drift.added.len(),
        drift.changed.len(),
        drift.removed.len()
    );
    for (what, paths) in [
        ("add", &drift.added),
        ("change", &drift.changed),
        ("remove", &drift.removed),
    ] {
        for p in paths.iter().take(10) {
            eprintln!("  {what} {p}");
        }
    }
    eprintln!("fix: cargo xtask codegen");
    ExitCode::FAILURE
}

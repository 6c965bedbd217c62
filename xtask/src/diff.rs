//! `cargo xtask diff OLD NEW`: the changelog between two specs in terms of
//! the generated Rust API, as Markdown or JSON on stdout.

use crate::workspace::{millis, Workspace};
use generator::settings::Settings;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use templates::model::Api;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The spec before (e.g. ../shared/spec/symphony-pod-api-20.13.0.yaml).
    old: PathBuf,
    /// The spec after (e.g. spec/symphony-pod-api-openapi.yml).
    new: PathBuf,
    /// `markdown` or `json`.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Settings for both sides (renames and credential headers: the names
    /// compared), a settings.yml with its sibling files. Defaults to
    /// spec/settings.yml.
    #[arg(long)]
    settings: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

pub(crate) fn run(ws: &Workspace, args: Args) -> ExitCode {
    let started = Instant::now();
    let loaded = match &args.settings {
        Some(file) => Settings::load_named(file),
        None => ws.settings(),
    };
    let workspace = match loaded {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (Some(old), Some(new)) = (
        model(ws, &workspace, &args.old),
        model(ws, &workspace, &args.new),
    ) else {
        return ExitCode::FAILURE;
    };
    let changelog = generator::review::diff::diff(&old, &new);
    match args.format {
        Format::Markdown => print!("{}", changelog.markdown()),
        Format::Json => match serde_json::to_string_pretty(&changelog) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
    }
    eprintln!("{} ({})", changelog.summary(), millis(started));
    ExitCode::SUCCESS
}

/// Settings for one side of a comparison: renames and credential headers
/// apply to both sides alike (names are what the diff compares); the list
/// of the spec's own broken examples belongs to the workspace spec only.
pub(crate) fn side_settings(ws: &Workspace, workspace: &Settings, spec: &Path) -> Settings {
    if ws.is_spec(spec) {
        workspace.clone()
    } else {
        Settings {
            bad_examples: Default::default(),
            ..workspace.clone()
        }
    }
}

/// The lowered model of one side, its diagnostics summarised on stderr.
fn model(ws: &Workspace, workspace: &Settings, path: &Path) -> Option<Api> {
    eprintln!("lowering {}", path.display());
    let lowered = generator::lower_file(path, &side_settings(ws, workspace, path));
    let diagnostics = &lowered.normalised.diagnostics;
    if diagnostics
        .iter()
        .any(|d| d.severity == generator::Severity::Error)
    {
        eprint!("{}", lowered.normalised.render_diagnostics());
    } else if !diagnostics.is_empty() {
        eprintln!(
            "  {} warning(s); `cargo xtask normalise {}` shows them",
            diagnostics.len(),
            path.display()
        );
    }
    lowered.model
}

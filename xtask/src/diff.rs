//! `cargo xtask diff OLD NEW`: the changelog between two specs in terms of
//! the generated Rust API, as Markdown or JSON on stdout.

use crate::workspace::{millis, ApiFiles, Workspace};
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
    /// The API the specs are versions of: `pod` (the crate's root) or a
    /// module that the settings' `apis:` lists (`agent`), whose settings
    /// then apply.
    #[arg(long, default_value = "pod")]
    api: String,
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
    let api = match loaded.and_then(|settings| ws.api(&settings, &args.api)) {
        Ok(api) => api,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (Some(old), Some(new)) = (model(&api, &args.old), model(&api, &args.new)) else {
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

/// The lowered model of one side, read with the API's settings for it
/// (`ApiFiles::settings_for`), its diagnostics summarised on stderr.
fn model(api: &ApiFiles, path: &Path) -> Option<Api> {
    eprintln!("lowering {}", path.display());
    let lowered = generator::lower_file(path, &api.settings_for(path));
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

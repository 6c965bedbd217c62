//! The workspace's commands: `cargo xtask normalise` (and, as the pipeline
//! grows, `codegen` and `diff`).

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Commands of the Symphony Pod client generator workspace"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a Swagger 2.0 or OpenAPI 3.0 spec and print it as OpenAPI 3.0
    /// YAML on stdout; diagnostics go to stderr. Exits 1 on any error.
    Normalise {
        /// The spec to read (YAML or JSON). Defaults to the workspace spec,
        /// spec/symphony-pod-api-openapi.yml.
        spec: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Normalise { spec } => normalise(spec),
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The spec to read: the one given, or the workspace's own (whose sha256 is
/// then compared with `spec/provenance.yml`).
fn spec_path(spec: Option<PathBuf>) -> (PathBuf, bool) {
    match spec {
        Some(path) => (path, false),
        None => (
            workspace_root().join("spec/symphony-pod-api-openapi.yml"),
            true,
        ),
    }
}

fn normalise(spec: Option<PathBuf>) -> ExitCode {
    let (path, is_default) = spec_path(spec);
    let display = display_path(&path);
    eprintln!("normalising {display}");
    let started = Instant::now();
    let result = generator::normalise_file(Path::new(&display));
    let elapsed = started.elapsed();
    if is_default {
        check_provenance(&display, &result.source.sha256);
    }
    if !result.diagnostics.is_empty() {
        eprint!("{}", result.render_diagnostics());
    }
    let Some(api) = &result.openapi else {
        eprintln!("failed after {:.1} ms", elapsed.as_secs_f64() * 1e3);
        return ExitCode::FAILURE;
    };
    match generator::yaml::to_string(api) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot write the document as YAML: {e}");
            return ExitCode::FAILURE;
        }
    }
    let operations: usize = api
        .paths
        .paths
        .values()
        .filter_map(|p| p.as_item())
        .map(|i| i.iter().count())
        .sum();
    let schemas = api.components.as_ref().map_or(0, |c| c.schemas.len());
    eprintln!(
        "normalised {operations} operations and {schemas} schemas in {:.1} ms",
        elapsed.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

/// The path relative to the current directory when it is under it.
fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn check_provenance(display: &str, sha256: &str) {
    let file = workspace_root().join("spec/provenance.yml");
    match generator::provenance::Provenance::load(&file) {
        Ok(p) => {
            if let Some(warning) = p.mismatch(display, sha256) {
                eprintln!("{warning}");
            }
        }
        Err(e) => eprintln!("warning: cannot read the spec's provenance: {e}"),
    }
}

//! `cargo xtask normalise [SPEC]`: a Swagger 2.0 or OpenAPI 3.0 spec printed
//! as OpenAPI 3.0 YAML on stdout, diagnostics on stderr; exit 1 on any error.

use crate::workspace::{display_path, millis, Workspace};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The spec to read (YAML or JSON). Defaults to the workspace spec,
    /// spec/symphony-pod-api-openapi.yml.
    spec: Option<PathBuf>,
}

pub(crate) fn run(ws: &Workspace, args: Args) -> ExitCode {
    let is_default = args.spec.is_none();
    let display = display_path(&args.spec.unwrap_or_else(|| ws.spec()));
    eprintln!("normalising {display}");
    let started = Instant::now();
    let result = generator::normalise_file(Path::new(&display));
    let elapsed = millis(started);
    if is_default {
        ws.check_provenance(&ws.spec(), &result.source.sha256);
    }
    // The summary line too when there is nothing to report: `0 error(s),
    // 0 warning(s)` is an answer.
    eprint!("{}", result.render_diagnostics());
    let Some(api) = &result.openapi else {
        eprintln!("failed after {elapsed}");
        return ExitCode::FAILURE;
    };
    match generator::load::yaml::to_string(api) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot write the document as YAML: {e}");
            return ExitCode::FAILURE;
        }
    }
    let operations = generator::normalise::typed::operation_count(api);
    let schemas = api.components.as_ref().map_or(0, |c| c.schemas.len());
    eprintln!("normalised {operations} operations and {schemas} schemas in {elapsed}");
    ExitCode::SUCCESS
}

//! The workspace's commands: `cargo xtask codegen`, `diff`, `normalise`,
//! `conformance`, `semver`, `fuzz`, `limits` and `bench`.

mod bench;
mod conformance;
mod fuzz;
mod limits;
mod semver;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc instead of the system allocator: codegen makes and frees
/// millions of small token and string buffers on every core, and glibc's
/// malloc was a quarter of its time (`cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// The changelog between two specs, in terms of the generated Rust API:
    /// operations and types added, removed and changed, each marked
    /// breaking or not for a downstream crate. Markdown (or JSON) on
    /// stdout. Exits 0 whatever it finds; 1 when a spec cannot be read.
    Diff {
        /// The spec before (e.g. ../shared/spec/symphony-pod-api-20.13.0.yaml).
        old: PathBuf,
        /// The spec after (e.g. spec/symphony-pod-api-openapi.yml).
        new: PathBuf,
        /// `markdown` or `json`.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Regenerate the client crate from a spec: normalise, lower, render and
    /// write its `Cargo.toml`, `src/` and generated tests (`tests/examples.rs`,
    /// `tests/operations.rs`). Diagnostics and timings go to stderr.
    Codegen {
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
    },
    /// Load a Swagger 2.0 or OpenAPI 3.0 spec and print it as OpenAPI 3.0
    /// YAML on stdout; diagnostics go to stderr. Exits 1 on any error.
    Normalise {
        /// The spec to read (YAML or JSON). Defaults to the workspace spec,
        /// spec/symphony-pod-api-openapi.yml.
        spec: Option<PathBuf>,
    },
    /// Run the generated client against Stoplight Prism (an independent,
    /// spec-driven mock server; `npm install --prefix target/node
    /// @stoplight/prism-cli@5`), answering with the spec's examples and with
    /// generated data: every operation with its required arguments, then
    /// with everything set. Prints a table of outcomes; exits 1 on any
    /// failure not excused by spec/examples.yml or spec/conformance.yml.
    Conformance,
    /// cargo-semver-checks' verdict on the crates generated from two specs
    /// (in target/semver/), after `diff`'s summary: an independent check
    /// of which changes break a downstream crate. Needs `cargo install
    /// cargo-semver-checks --locked`.
    Semver {
        /// The spec before.
        old: PathBuf,
        /// The spec after.
        new: PathBuf,
    },
    /// The input limits measured: runs `normalise` on inputs made to hurt
    /// (alias bombs, aliases just under the cap, 16 MiB of tiny nodes, the
    /// pod spec on one JSON line, deep nesting, an oversized file) and
    /// prints each one's exit code, wall time and peak memory.
    Limits,
    /// Codegen wall time on the pod spec at 1x, 10x and 50x (specs made by
    /// replicating its paths and definitions), each in a fresh directory,
    /// with a release build; and `cargo check` of the crate generated from
    /// the 1x spec. Prints tables with the machine's load beside each figure.
    Bench {
        /// The sizes, in copies of the pod spec.
        #[arg(long, value_delimiter = ',', default_values_t = [1, 10, 50])]
        scales: Vec<usize>,
        /// Skip the `cargo check` figure.
        #[arg(long)]
        no_check: bool,
        /// How many times each figure is measured (the median is printed).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Where specs and crates are written (default target/bench; a
        /// tmpfs such as /dev/shm/bench leaves the disk out of the figures).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Seeded structural mutations of the pod spec and every fixture, each
    /// run through the whole generator: every case must end in located
    /// errors, or in files that parse as Rust with a valid Cargo.toml,
    /// without a panic and within 20 s. Prints counts, the slowest case and
    /// peak memory; failing cases are saved in target/fuzz/. Exits 1 on any
    /// failure.
    Fuzz {
        /// How many cases.
        #[arg(long, default_value_t = 1000)]
        cases: usize,
        /// The seed: the same seed gives the same cases.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also build this many of the generated crates clippy-clean
        /// (`-D warnings`, all targets).
        #[arg(long, default_value_t = 0)]
        compile: usize,
        /// One case in this many mutates the pod spec; the others, a fixture.
        #[arg(long, default_value_t = 5)]
        pod_every: usize,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Json,
}

fn main() -> ExitCode {
    // libyaml-safer panics on some malformed YAML; the generator catches
    // that and reports the syntax error itself, so its message is noise.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info
            .location()
            .is_some_and(|l| l.file().contains("libyaml-safer"))
        {
            default_hook(info);
        }
    }));
    match Cli::parse().command {
        Command::Normalise { spec } => normalise(spec),
        Command::Codegen {
            spec,
            out,
            package,
            check,
        } => codegen(spec, out, package, check),
        Command::Diff { old, new, format } => diff(&old, &new, format),
        Command::Conformance => conformance::run(&workspace_root()),
        Command::Semver { old, new } => semver::run(&workspace_root(), &old, &new),
        Command::Limits => limits::run(&workspace_root()),
        Command::Bench {
            scales,
            no_check,
            runs,
            dir,
        } => bench::run(
            &workspace_root(),
            &bench::Options {
                scales,
                dir,
                check: !no_check,
                runs,
            },
        ),
        Command::Fuzz {
            cases,
            seed,
            compile,
            pod_every,
        } => fuzz::run(
            &workspace_root(),
            &fuzz::Options {
                cases,
                seed,
                compile,
                pod_every,
            },
        ),
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
    match generator::load::yaml::to_string(api) {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot write the document as YAML: {e}");
            return ExitCode::FAILURE;
        }
    }
    let operations = generator::normalise::typed::operation_count(api);
    let schemas = api.components.as_ref().map_or(0, |c| c.schemas.len());
    eprintln!(
        "normalised {operations} operations and {schemas} schemas in {:.1} ms",
        elapsed.as_secs_f64() * 1e3
    );
    ExitCode::SUCCESS
}

fn codegen(
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    package: Option<String>,
    check: bool,
) -> ExitCode {
    let (path, is_default) = spec_path(spec);
    let display = display_path(&path);
    let out = out.unwrap_or_else(|| workspace_root().join("generated-client"));
    eprintln!("generating from {display} into {}", display_path(&out));
    let started = Instant::now();
    let settings = if is_default {
        match generator::settings::Settings::load(&workspace_root().join("spec")) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        generator::settings::Settings::default()
    };
    let mut settings = settings;
    let package = match package {
        Some(name) => generator::emit::package::checked(&name),
        None => {
            let dir = out
                .canonicalize()
                .or_else(|_| std::path::absolute(&out))
                .unwrap_or_else(|_| out.clone());
            let dir = dir.components().collect::<PathBuf>();
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
            generator::emit::package::from_directory(name.as_deref().unwrap_or(""))
        }
    };
    match package {
        Ok(name) => settings.package = name,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let generated = generator::generate_file(Path::new(&display), &settings);
    let elapsed = started.elapsed();
    if is_default {
        check_provenance(&display, &generated.normalised.source.sha256);
    }
    let warnings_only = generated
        .normalised
        .diagnostics
        .iter()
        .all(|d| d.severity == generator::Severity::Warning);
    // `--check` stays quiet about warnings: it answers one question.
    let quiet = check && warnings_only;
    if !quiet && !generated.normalised.diagnostics.is_empty() {
        eprint!("{}", generated.normalised.render_diagnostics());
    }
    let Some(files) = generated.files else {
        eprintln!("failed after {:.1} ms", elapsed.as_secs_f64() * 1e3);
        return ExitCode::FAILURE;
    };
    let lines: usize = files.values().map(|t| t.lines().count()).sum();
    if check {
        let drift = generator::drift(&files, &out);
        if drift.is_empty() {
            eprintln!(
                "{} is up to date ({} files, {lines} lines; {:.1} ms)",
                display_path(&out),
                files.len(),
                elapsed.as_secs_f64() * 1e3
            );
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "{} is stale: {} file(s) to add, {} to change, {} to remove",
            display_path(&out),
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
        return ExitCode::FAILURE;
    }
    match generator::write(&files, &out) {
        Ok(drift) => {
            for path in &drift.foreign {
                eprintln!("note: kept {path}, which the generator did not write");
            }
            eprintln!(
                "wrote {} files ({lines} lines) in {:.1} ms: {} added, {} changed, {} removed",
                files.len(),
                started.elapsed().as_secs_f64() * 1e3,
                drift.added.len(),
                drift.changed.len(),
                drift.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(e @ generator::WriteError::Refused(_)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", display_path(&out));
            ExitCode::FAILURE
        }
    }
}

fn diff(old: &Path, new: &Path, format: Format) -> ExitCode {
    let started = Instant::now();
    let workspace =
        generator::settings::Settings::load(&workspace_root().join("spec")).unwrap_or_default();
    let workspace_spec = workspace_root()
        .join("spec/symphony-pod-api-openapi.yml")
        .canonicalize()
        .ok();
    let mut models = Vec::new();
    for path in [old, new] {
        eprintln!("lowering {}", path.display());
        // Renames and credential headers apply to both sides alike (names
        // are what the diff compares); the list of the spec's own broken
        // examples belongs to the workspace spec only.
        let settings = if path.canonicalize().ok() == workspace_spec {
            workspace.clone()
        } else {
            generator::settings::Settings {
                bad_examples: Default::default(),
                ..workspace.clone()
            }
        };
        let lowered = generator::lower_file(path, &settings);
        let errors = lowered
            .normalised
            .diagnostics
            .iter()
            .filter(|d| d.severity == generator::Severity::Error)
            .count();
        if errors > 0 {
            eprint!("{}", lowered.normalised.render_diagnostics());
        } else if !lowered.normalised.diagnostics.is_empty() {
            eprintln!(
                "  {} warning(s); `cargo xtask normalise {}` shows them",
                lowered.normalised.diagnostics.len(),
                path.display()
            );
        }
        match lowered.model {
            Some(model) => models.push(model),
            None => return ExitCode::FAILURE,
        }
    }
    let changelog = generator::review::diff::diff(&models[0], &models[1]);
    match format {
        Format::Markdown => print!("{}", changelog.markdown()),
        Format::Json => match serde_json::to_string_pretty(&changelog) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
    }
    eprintln!(
        "{} ({:.1} ms)",
        changelog.summary(),
        started.elapsed().as_secs_f64() * 1e3
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
    match generator::emit::provenance::Provenance::load(&file) {
        Ok(p) => {
            if let Some(warning) = p.mismatch(display, sha256) {
                eprintln!("{warning}");
            }
        }
        Err(e) => eprintln!("warning: cannot read the spec's provenance: {e}"),
    }
}

//! The workspace's commands, one module each: `cargo xtask codegen`,
//! `normalise`, `diff`, `conformance`, `semver`, `fuzz`, `limits` and
//! `bench`. This file only parses the command line and dispatches;
//! `workspace` is the one place that knows the workspace's layout.

mod bench;
mod bump;
mod codegen;
mod conformance;
mod copy;
mod deps;
mod diff;
mod docs_check;
mod fuzz;
mod limits;
mod normalise;
mod process;
mod semver;
mod soak;
mod workspace;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use workspace::Workspace;

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
    Diff(diff::Args),
    /// Regenerate the client crate from a spec: normalise, lower, render and
    /// write its `Cargo.toml`, `src/` and generated tests (`tests/examples.rs`,
    /// `tests/operations.rs`). Diagnostics and timings go to stderr.
    Codegen(codegen::Args),
    /// Load a Swagger 2.0 or OpenAPI 3.0 spec and print it as OpenAPI 3.0
    /// YAML on stdout; diagnostics go to stderr. Exits 1 on any error.
    Normalise(normalise::Args),
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
    Semver(semver::Args),
    /// A bump of one API, the pod's (or with `--api agent` the agent's):
    /// diffs the spec the crate was generated from against NEW, points the
    /// API's spec link (spec/symphony-pod-api-openapi.yml,
    /// spec/agent/symphony-agent-api.yaml) at NEW, regenerates, updates the
    /// provenance.yml beside it, sets the crate version from the verdict
    /// (breaking → major, additions → minor, other crate changes → patch)
    /// and prepends the entry, naming the API, to
    /// generated-client/CHANGELOG.md. Running it again with the same spec
    /// changes nothing.
    Bump(bump::Args),
    /// The generated crate's dependency requirements beside the newest
    /// release of each (from the registry) and the newest rust-version
    /// among what it builds; then the crate linted and tested with the
    /// newest releases its requirements admit, as a new dependent gets it
    /// (exits 1 when that fails).
    Deps,
    /// The input limits measured: runs `normalise` on inputs made to hurt
    /// (alias bombs, aliases just under the cap, 16 MiB of tiny nodes, the
    /// pod spec on one JSON line, deep nesting, an oversized file) and
    /// prints each one's exit code, wall time and peak memory.
    Limits,
    /// Codegen wall time on the pod spec at 1x, 10x and 50x (specs made by
    /// replicating its paths and definitions), each in a fresh directory,
    /// with a release build; and `cargo check` of the crate generated from
    /// the 1x spec. Prints tables with the machine's load beside each figure.
    Bench(bench::Options),
    /// Seeded structural mutations of the pod spec and every fixture, each
    /// run through the whole generator: every case must end in located
    /// errors, or in files that parse as Rust with a valid Cargo.toml,
    /// without a panic and within 20 s. Prints counts, the slowest case and
    /// peak memory; failing cases are saved in target/fuzz/. Exits 1 on any
    /// failure.
    Fuzz(fuzz::Options),
    /// The client runtime against a hostile loopback pod (resets, truncated
    /// and slow bodies, 429/502/503 with Retry-After, token rotation, a
    /// failing or hanging login, the server killed and restarted), many
    /// concurrent calls a round, some cancelled. Prints a table per round;
    /// exits 1 on a panic, a call past its deadline, a POST received twice,
    /// two logins at once or growing memory. `cargo test` runs it short.
    Soak(soak::Args),
    /// The generated crate's docs as a user reads them (`cargo doc -p
    /// generated-client --features mock,config`): counts of public items by module
    /// and of impl blocks on the `Client` page; exits 1 when an item is
    /// public and documented without being API (`types`, `operations`,
    /// `mock`, `client` and the root re-exports of the runtime's API).
    DocsCheck,
}

/// Runs the command the command line names.
pub fn main() -> ExitCode {
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
    let ws = Workspace::here();
    match Cli::parse().command {
        Command::Normalise(args) => normalise::run(&ws, args),
        Command::Codegen(args) => codegen::run(&ws, args),
        Command::Diff(args) => diff::run(&ws, args),
        Command::Bump(args) => bump::run(&ws, args),
        Command::Deps => deps::run(&ws),
        Command::Conformance => conformance::run(&ws),
        Command::Semver(args) => semver::run(&ws, &args),
        Command::Limits => limits::run(&ws),
        Command::Bench(options) => bench::run(&ws, &options),
        Command::Fuzz(options) => fuzz::run(&ws, &options),
        Command::Soak(args) => soak::run(&ws, &args),
        Command::DocsCheck => docs_check::run(&ws),
    }
}

//! `cargo xtask soak`: the long soak of the client runtime. The soak itself
//! is a test of the runtime crate (`templates/runtime/tests/soak/`), which
//! `cargo test` runs short; this runs it long, in release, so xtask links
//! no HTTP stack.

use crate::workspace::Workspace;
use std::process::{Command, ExitCode};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Calls per round.
    #[arg(long, default_value_t = 5000)]
    calls: usize,
    /// Calls in flight at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Rounds (the server is killed and restarted in each).
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// The seed of the faults, the login's failures and the cancellations.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub(crate) fn run(ws: &Workspace, args: &Args) -> ExitCode {
    let status = Command::new(env!("CARGO"))
        .args([
            "test",
            "--release",
            "--quiet",
            "-p",
            "client-runtime",
            "--test",
            "soak",
        ])
        .args(["--", "--nocapture"])
        .env("SOAK_CALLS", args.calls.to_string())
        .env("SOAK_CONCURRENCY", args.concurrency.to_string())
        .env("SOAK_ROUNDS", args.rounds.to_string())
        .env("SOAK_SEED", args.seed.to_string())
        // Between rounds, a login failure's back-off (5 s) runs out.
        .env("SOAK_PAUSE_MS", "5500")
        .current_dir(&ws.root)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run cargo test: {e}");
            ExitCode::FAILURE
        }
    }
}

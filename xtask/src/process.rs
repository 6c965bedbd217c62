//! Running a child command quietly: its output is kept only to explain a
//! failure.

use std::process::{Command, Stdio};

/// Runs a command with its output discarded; its stderr is the error when
/// it fails.
pub(crate) fn run_quiet(command: &mut Command) -> Result<(), String> {
    let out = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("{command:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

//! The instructions rustc spends on the generated crate alone, counted by
//! cachegrind: a figure the machine's speed and load do not move, so
//! builds measured on different hosts (or on one noisy host) compare.

use crate::process::run_quiet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether `valgrind` can be run.
pub(super) fn available() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Counts rustc's instructions on a crate: the wrapper cargo runs rustc
/// through, written once, and the directory cachegrind writes into.
pub(super) struct Counter {
    wrapper: PathBuf,
    out: PathBuf,
}

impl Counter {
    /// Writes the wrapper into `scratch` (cachegrind's files go beside it).
    pub(super) fn new(scratch: &Path) -> Result<Self, String> {
        let wrapper = scratch.join("cachegrind-rustc.sh");
        let script = "#!/bin/sh\nexec valgrind --tool=cachegrind --cache-sim=no \
                      --cachegrind-out-file=\"$XTASK_CACHEGRIND_OUT/rustc.%p\" \"$@\"\n";
        std::fs::write(&wrapper, script).map_err(|e| format!("{}: {e}", wrapper.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("{}: {e}", wrapper.display()))?;
        }
        Ok(Counter {
            wrapper,
            out: scratch.join("cachegrind"),
        })
    }

    /// Runs `cargo` (a build or check of the crate whose root is `lib`,
    /// its dependencies already built) after a touch of `lib`, with rustc
    /// for the crate's own package under cachegrind, and returns the
    /// instructions that rustc executed.
    pub(super) fn of_crate(&self, mut cargo: Command, lib: &Path) -> Result<u64, String> {
        let out = &self.out;
        let _ = std::fs::remove_dir_all(out);
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        super::measure::touch(lib)?;
        // The workspace wrapper runs only for the workspace's own packages,
        // not for the dependencies.
        run_quiet(
            cargo
                .env("RUSTC_WORKSPACE_WRAPPER", &self.wrapper)
                .env("XTASK_CACHEGRIND_OUT", out),
        )?;
        let mut found = None;
        for entry in std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(count) = compiled(&text, lib) {
                found = Some(count);
            }
        }
        found.ok_or_else(|| format!("cachegrind recorded no rustc run on {}", lib.display()))
    }
}

/// The instruction count of a cachegrind file, when the process it
/// recorded compiled `lib` (cargo also asks rustc about the target
/// through the wrapper: those runs name no source file).
fn compiled(cachegrind: &str, lib: &Path) -> Option<u64> {
    let lib = lib.file_name()?.to_str()?;
    let cmd = cachegrind.lines().find_map(|l| l.strip_prefix("cmd:"))?;
    let names_lib = cmd
        .split_whitespace()
        .any(|arg| Path::new(arg).file_name().and_then(|n| n.to_str()) == Some(lib));
    if !names_lib {
        return None;
    }
    cachegrind
        .lines()
        .find_map(|l| l.strip_prefix("summary:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Instructions in billions, three decimals.
pub(super) fn giga(count: u64) -> String {
    format!("{:.3} G", count as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_run_that_compiled_the_crate_is_counted() {
        let lib = Path::new("/tmp/krate/src/lib.rs");
        let compile = "desc: --tool=cachegrind\ncmd: /rustc --crate-name krate --edition=2021 src/lib.rs --crate-type lib\nevents: Ir\nsummary: 6048123456\n";
        assert_eq!(compiled(compile, lib), Some(6_048_123_456));
        let probe =
            "cmd: /rustc - --crate-name ___ --print=file-names\nevents: Ir\nsummary: 8040002\n";
        assert_eq!(compiled(probe, lib), None);
        let truncated = "cmd: /rustc src/lib.rs\nevents: Ir\n";
        assert_eq!(compiled(truncated, lib), None);
        assert_eq!(giga(6_048_123_456), "6.048 G");
    }
}

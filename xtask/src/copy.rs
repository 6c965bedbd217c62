//! The generated crate copied out as a workspace of its own, for commands
//! that build it apart from this workspace (`bench`, `deps`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Which versions of its dependencies a copy builds with.
#[derive(Clone, Copy)]
pub(crate) enum Lock {
    /// This workspace's `Cargo.lock`: what CI builds.
    Workspace,
    /// The newest releases its requirements admit, resolved afresh from
    /// the registry: what a new dependent builds.
    Newest,
}

/// The workspace's generated crate copied into `dir/generated-crate`, with
/// its dependencies resolved by `lock` and fetched.
pub(crate) fn crate_copy(root: &Path, dir: &Path, lock: Lock) -> Result<PathBuf, String> {
    let copy = dir.join("generated-crate");
    let _ = std::fs::remove_dir_all(&copy);
    copy_dir(&root.join("generated-client"), &copy)?;
    let manifest = copy.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    text.push_str("\n[workspace]\n");
    std::fs::write(&manifest, text).map_err(|e| e.to_string())?;
    if let Lock::Workspace = lock {
        std::fs::copy(root.join("Cargo.lock"), copy.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
    }
    // Without a lockfile, `cargo fetch` resolves one (online) and writes it.
    crate::process::run_quiet(Command::new(env!("CARGO")).arg("fetch").current_dir(&copy))?;
    Ok(copy)
}

/// Copies a directory tree (files and directories; nothing else is in a
/// generated crate).
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

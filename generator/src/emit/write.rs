//! Writes a generated crate only where it may: into an empty directory or
//! one the generator wrote, never over or deleting a file it did not write,
//! with every file staged first so a failed run changes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

// What every file the generator writes says in its first lines.
use templates::preamble::MARKER;

/// Where new files wait, inside the crate directory, before they replace
/// the old ones (same file system, so each replacement is one rename).
const STAGING: &str = ".codegen-staging";

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Generated files missing on disk.
    pub added: Vec<String>,
    /// Generated files whose text on disk differs.
    pub changed: Vec<String>,
    /// Generated files (they carry the marker) no longer generated.
    pub removed: Vec<String>,
    /// Files under `src/` the generator did not write: left alone.
    pub foreign: Vec<String>,
}

impl Drift {
    /// Whether the generated files on disk are exactly the generated ones.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Why nothing was written.
#[derive(Debug)]
pub enum WriteError {
    /// The directory holds files the generator did not write where it would
    /// write or delete: the message says which and what to do.
    Refused(String),
    /// Reading or writing failed (nothing was renamed into place).
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(why) => f.write_str(why),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Compares generated files with those in `crate_dir`.
pub fn drift(files: &BTreeMap<String, String>, crate_dir: &Path) -> Drift {
    let mut drift = Drift::default();
    for (path, text) in files {
        match std::fs::read_to_string(crate_dir.join(path)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => drift.changed.push(path.clone()),
            // Missing: the common case in a new crate, known without a
            // second look. A file that is there but unreadable as text
            // (not UTF-8, no permission) differs.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => drift.added.push(path.clone()),
            Err(_) if crate_dir.join(path).exists() => drift.changed.push(path.clone()),
            Err(_) => drift.added.push(path.clone()),
        }
    }
    for path in rust_files(&crate_dir.join("src"), crate_dir) {
        if files.contains_key(&path) {
            continue;
        }
        if is_generated(&crate_dir.join(&path)) {
            drift.removed.push(path);
        } else {
            drift.foreign.push(path);
        }
    }
    drift
}

/// Writes the generated files into `crate_dir` (created when missing) and
/// removes the generated files under `src/` it no longer writes. Refuses,
/// writing nothing, when the directory is not empty and not a generated
/// crate, or when a file to replace lacks the marker.
pub fn write(files: &BTreeMap<String, String>, crate_dir: &Path) -> Result<Drift, WriteError> {
    let fresh = check_may_write(crate_dir)?;
    let drift = if fresh {
        // Nothing there: every file is new, known without a look for it.
        Drift {
            added: files.keys().cloned().collect(),
            ..Drift::default()
        }
    } else {
        drift(files, crate_dir)
    };
    let foreign: Vec<&String> = drift
        .changed
        .iter()
        .filter(|p| !is_generated(&crate_dir.join(p)))
        .collect();
    if !foreign.is_empty() {
        return Err(WriteError::Refused(format!(
            "{} holds {} file(s) the generator did not write where it would write: {}; move them away or choose another --out",
            crate_dir.display(),
            foreign.len(),
            list(foreign.iter().map(|s| s.as_str()))
        )));
    }
    let staging = crate_dir.join(STAGING);
    let result = stage_and_swap(files, &drift, crate_dir, &staging, fresh);
    let _ = std::fs::remove_dir_all(&staging);
    result.map(|()| drift)
}

/// Refuses a directory that is neither empty nor a generated crate (its
/// `Cargo.toml` carries the marker); `true` when it is missing or empty.
fn check_may_write(crate_dir: &Path) -> Result<bool, WriteError> {
    let entries: Vec<PathBuf> = match std::fs::read_dir(crate_dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n != STAGING))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e.into()),
    };
    if entries.is_empty() {
        return Ok(true);
    }
    let manifest = crate_dir.join("Cargo.toml");
    if is_generated(&manifest) {
        return Ok(false);
    }
    let why = if manifest.exists() {
        "its Cargo.toml was not written by the generator (a hand-written crate?)".to_owned()
    } else {
        format!(
            "it is not empty ({} entries, such as {}) and holds no generated Cargo.toml",
            entries.len(),
            entries[0]
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        )
    };
    Err(WriteError::Refused(format!(
        "will not write into {}: {why}; codegen writes only into an empty directory or one it wrote, so pass an --out that is new or empty",
        crate_dir.display()
    )))
}

/// Writes every new or changed file under `staging`, then renames each
/// over its target and deletes the removed ones: nothing in the crate
/// changes until every file has been written. Into a `fresh` (empty)
/// directory, each top-level entry (`src`, `Cargo.toml`) moves whole.
fn stage_and_swap(
    files: &BTreeMap<String, String>,
    drift: &Drift,
    crate_dir: &Path,
    staging: &Path,
    fresh: bool,
) -> Result<(), WriteError> {
    let _ = std::fs::remove_dir_all(staging);
    let todo: Vec<&String> = drift.added.iter().chain(&drift.changed).collect();
    // Each directory is made once, not once per file in it.
    let dirs: BTreeSet<&Path> = todo.iter().filter_map(|p| Path::new(p).parent()).collect();
    for dir in &dirs {
        std::fs::create_dir_all(staging.join(dir))?;
    }
    // On every core: a file's write is mostly the kernel's copy of its text.
    crate::parallel::in_parallel(
        &todo,
        |path| std::fs::write(staging.join(path), &files[*path]),
        || std::io::Error::other("a thread writing the files panicked"),
    )?;
    if fresh {
        let tops: BTreeSet<&str> = todo.iter().filter_map(|p| p.split('/').next()).collect();
        for top in tops {
            std::fs::rename(staging.join(top), crate_dir.join(top))?;
        }
    } else {
        for dir in &dirs {
            std::fs::create_dir_all(crate_dir.join(dir))?;
        }
        for path in &todo {
            std::fs::rename(staging.join(path), crate_dir.join(path))?;
        }
    }
    for path in &drift.removed {
        std::fs::remove_file(crate_dir.join(path))?;
    }
    Ok(())
}

/// Whether a file's first lines carry the generator's marker.
fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let n = file.read(&mut head).unwrap_or(0);
    String::from_utf8_lossy(&head[..n]).contains(MARKER)
}

/// The `.rs` files under `dir`, as `/`-separated paths in the crate.
fn rust_files(dir: &Path, crate_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                if let Ok(rel) = path.strip_prefix(crate_dir) {
                    out.push(
                        rel.components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect::<Vec<_>>()
                            .join("/"),
                    );
                }
            }
        }
    }
    out.sort();
    out
}

fn list<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let paths: Vec<&str> = paths.collect();
    let shown = paths.iter().take(5).copied().collect::<Vec<_>>().join(", ");
    if paths.len() > 5 {
        format!("{shown} and {} more", paths.len() - 5)
    } else {
        shown
    }
}

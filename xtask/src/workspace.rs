//! The one place that knows the workspace's layout: its root, the spec and
//! its settings and provenance, the generated crate, and the scratch
//! directories under `target/`. Every command loads settings through here,
//! so a bad settings file fails every command alike.

use generator::settings::Settings;
use std::path::{Path, PathBuf};

/// The spec the workspace generates from, relative to its root.
pub(crate) const SPEC: &str = "spec/symphony-pod-api-openapi.yml";

/// The workspace this xtask belongs to.
pub(crate) struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace around this crate (xtask is one of its members).
    pub(crate) fn here() -> Workspace {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Workspace { root }
    }

    /// The workspace's spec.
    pub(crate) fn spec(&self) -> PathBuf {
        self.root.join(SPEC)
    }

    /// The generated crate the workspace commits.
    pub(crate) fn generated_client(&self) -> PathBuf {
        self.root.join("generated-client")
    }

    /// A scratch directory under `target/` (`target/fuzz`…).
    pub(crate) fn target(&self, name: &str) -> PathBuf {
        self.root.join("target").join(name)
    }

    /// The spec's settings (`spec/settings.yml`, `renames.yml`,
    /// `examples.yml`); a file that does not read is an error naming it.
    pub(crate) fn settings(&self) -> Result<Settings, String> {
        Settings::load(&self.root.join("spec"))
    }

    /// Whether `path` is the workspace's spec (through any link).
    pub(crate) fn is_spec(&self, path: &Path) -> bool {
        let canonical = |p: &Path| p.canonicalize().ok();
        canonical(path).is_some_and(|p| Some(p) == canonical(&self.spec()))
    }

    /// Says on stderr when the spec behind the link is not the one
    /// `spec/provenance.yml` records (swapping it is allowed, but visible).
    pub(crate) fn check_provenance(&self, display: &str, sha256: &str) {
        let file = self.root.join("spec/provenance.yml");
        match generator::emit::provenance::Provenance::load(&file) {
            Ok(p) => {
                if let Some(warning) = p.mismatch(display, sha256) {
                    eprintln!("{warning}");
                }
            }
            Err(e) => eprintln!("warning: cannot read the spec's provenance: {e}"),
        }
    }
}

/// The path relative to the current directory when it is under it.
pub(crate) fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Milliseconds since `started`, as the commands print them.
pub(crate) fn millis(started: std::time::Instant) -> String {
    format!("{:.1} ms", started.elapsed().as_secs_f64() * 1e3)
}

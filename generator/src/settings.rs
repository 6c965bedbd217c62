//! The generator's per-spec settings, kept in `spec/` beside the spec.

use std::collections::BTreeMap;
use std::path::Path;

/// Settings for one spec. Absent files mean no settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// Examples known to contradict their own schema: label (as the
    /// generated test names it, `definition UserV2`, `GET /v1/x 200`) →
    /// the reason. From `examples.yml`.
    pub bad_examples: BTreeMap<String, String>,
    /// Rust names for component schemas (schema name → Rust type name),
    /// from `renames.yml`'s `types:`. A rename is a breaking change for
    /// downstream code; it exists to settle collisions.
    pub type_renames: BTreeMap<String, String>,
}

/// The shape of `renames.yml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Renames {
    #[serde(default)]
    types: BTreeMap<String, String>,
}

impl Settings {
    /// Reads the settings files in `dir` (the directory of the spec).
    pub fn load(dir: &Path) -> Result<Settings, String> {
        let bad_examples: Option<BTreeMap<String, String>> = read(&dir.join("examples.yml"))?;
        let renames: Option<Renames> = read(&dir.join("renames.yml"))?;
        Ok(Settings {
            bad_examples: bad_examples.unwrap_or_default(),
            type_renames: renames.unwrap_or_default().types,
        })
    }
}

/// A YAML settings file; `None` when it does not exist or is empty.
fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => crate::yaml::from_str::<Option<T>>(&text)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

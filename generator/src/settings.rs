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
}

impl Settings {
    /// Reads the settings files in `dir` (the directory of the spec).
    pub fn load(dir: &Path) -> Result<Settings, String> {
        let path = dir.join("examples.yml");
        let bad_examples = match std::fs::read_to_string(&path) {
            Ok(text) => crate::yaml::from_str::<Option<BTreeMap<String, String>>>(&text)
                .map_err(|e| format!("{}: {e}", path.display()))?
                .unwrap_or_default(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        Ok(Settings { bad_examples })
    }
}

//! Where the bundled spec came from, and whether the file on disk is still it.

use serde::Deserialize;
use std::path::Path;

/// The contents of `spec/provenance.yml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Where the spec is published.
    pub upstream: String,
    /// `info.version` of the recorded spec.
    pub version: String,
    /// sha256 of the recorded spec's bytes, lowercase hex.
    pub sha256: String,
    /// The generated crate's version, as the last `cargo xtask bump` set it
    /// (0.1.0 when absent).
    #[serde(default)]
    pub crate_version: Option<String>,
}

impl Provenance {
    /// Reads a provenance file.
    pub fn load(path: &Path) -> Result<Provenance, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        crate::load::yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The file's text: a header saying what it is, then the fields.
    pub fn to_yaml(&self) -> String {
        let quoted = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
        let mut out = String::from(
            "# Where spec/symphony-pod-api-openapi.yml comes from, and the crate version\n\
             # generated from it. The spec itself is third-party data kept beside the\n\
             # project and linked, never copied. `cargo xtask bump` writes this file;\n\
             # `cargo xtask` warns when the linked file's sha256 differs.\n",
        );
        out.push_str(&format!("upstream: {}\n", quoted(&self.upstream)));
        out.push_str(&format!("version: {}\n", quoted(&self.version)));
        out.push_str(&format!("sha256: {}\n", self.sha256));
        if let Some(v) = &self.crate_version {
            out.push_str(&format!("crate_version: {}\n", quoted(v)));
        }
        out
    }

    /// A warning to show when `sha256` (of the spec actually read) is not the
    /// recorded one: someone swapped the spec, which is allowed but visible.
    pub fn mismatch(&self, spec: &str, sha256: &str) -> Option<String> {
        (self.sha256 != sha256).then(|| {
            format!(
                "warning: {spec} is not the recorded spec: its sha256 is {sha256}, provenance.yml records {} (pod {} from {}). \
                 If the swap is intended, update spec/provenance.yml.",
                self.sha256, self.version, self.upstream
            )
        })
    }
}

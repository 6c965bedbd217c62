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

    /// The file's text: a header saying what it is (the provenance of
    /// `spec`, the link as the workspace names it), then the fields.
    pub fn to_yaml(&self, spec: &str) -> String {
        let quoted = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
        let version = if self.crate_version.is_some() {
            ", and the crate version generated from it"
        } else {
            ""
        };
        let header = format!(
            "Where {spec} comes from{version}. The spec itself is third-party data kept \
             beside the project and linked, never copied. `cargo xtask bump` writes this \
             file; `cargo xtask` warns when the linked file's sha256 differs."
        );
        // As comment lines of at most 76 columns.
        let mut out = String::new();
        let mut line = String::from("#");
        for word in header.split(' ') {
            if line.len() > 1 && line.len() + 1 + word.len() > 76 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("#");
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
        out.push_str(&format!("upstream: {}\n", quoted(&self.upstream)));
        out.push_str(&format!("version: {}\n", quoted(&self.version)));
        out.push_str(&format!("sha256: {}\n", self.sha256));
        if let Some(v) = &self.crate_version {
            out.push_str(&format!("crate_version: {}\n", quoted(v)));
        }
        out
    }

    /// A warning to show when `sha256` (of the spec actually read) is not the
    /// one `file` records: someone swapped the spec, which is allowed but
    /// visible.
    pub fn mismatch(&self, spec: &str, sha256: &str, file: &str) -> Option<String> {
        (self.sha256 != sha256).then(|| {
            format!(
                "warning: {spec} is not the recorded spec: its sha256 is {sha256}, {file} records {} (version {} from {}). \
                 If the swap is intended, run `cargo xtask bump` or update {file}.",
                self.sha256, self.version, self.upstream
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Provenance;

    #[test]
    fn the_file_written_reads_back_with_its_header_wrapped() {
        for crate_version in [None, Some("0.3.1".to_owned())] {
            let written = Provenance {
                upstream: "https://example.com/a: \"quoted\"".to_owned(),
                version: "25.8.1".to_owned(),
                sha256: "ab".repeat(32),
                crate_version: crate_version.clone(),
            };
            let text = written.to_yaml("spec/agent/symphony-agent-api.yaml");
            let read: Provenance = crate::load::yaml::from_str(&text).unwrap();
            assert_eq!(read.upstream, written.upstream);
            assert_eq!(read.crate_version, crate_version);
            let header: Vec<&str> = text.lines().take_while(|l| l.starts_with('#')).collect();
            assert!(header.len() >= 3, "{text}");
            assert!(header.iter().all(|l| l.len() <= 76), "{text}");
            assert!(
                header[0].contains("spec/agent/symphony-agent-api.yaml"),
                "{text}"
            );
            assert_eq!(
                header.concat().contains("the crate version"),
                crate_version.is_some(),
                "{text}"
            );
        }
    }
}

//! The whole pipeline: spec → normalised document → model → files, and
//! writing or checking them in a crate directory.

use crate::emit::{self, SpecInfo};
use crate::settings::Settings;
use crate::{lower, Diagnostics, Normalised};
use std::collections::BTreeMap;
use std::path::Path;
use templates::model::Api;

/// What a run produced: the normalised spec (with every diagnostic, from
/// every stage), the model when lowering succeeded, and the files when
/// nothing failed.
#[derive(Debug)]
pub struct Generated {
    pub normalised: Normalised,
    pub model: Option<Api>,
    pub files: Option<BTreeMap<String, String>>,
}

/// Runs every stage on a spec read from disk.
pub fn generate_file(spec: &Path, settings: &Settings) -> Generated {
    emit_files(
        lower_normalised(crate::normalise_file(spec), settings),
        settings,
    )
}

/// Runs every stage on a spec held in memory.
pub fn generate_bytes(name: &str, bytes: &[u8], settings: &Settings) -> Generated {
    emit_files(
        lower_normalised(crate::normalise_bytes(name, bytes), settings),
        settings,
    )
}

/// Loads, normalises and lowers a spec, without rendering (what `diff`
/// compares).
pub fn lower_file(spec: &Path, settings: &Settings) -> Generated {
    lower_normalised(crate::normalise_file(spec), settings)
}

fn lower_normalised(mut normalised: Normalised, settings: &Settings) -> Generated {
    let Some(openapi) = normalised.openapi.take() else {
        return Generated {
            normalised,
            model: None,
            files: None,
        };
    };
    let mut diags = Diagnostics::default();
    let modules = lower::types(&openapi, settings, &mut diags);
    let examples = lower::examples(&openapi, settings, &mut diags);
    let operations = lower::operations(&openapi, settings, &modules, &mut diags);
    let base_path = lower::base_path(&openapi);
    let checks = lower::checks(&operations, &modules, &base_path, settings);
    let failed = diags.has_errors();
    normalised.adopt(diags);
    let model = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        modules,
        examples,
        checks,
        operations,
        base_path,
    };
    normalised.openapi = Some(openapi);
    Generated {
        normalised,
        model: (!failed).then_some(model),
        files: None,
    }
}

fn emit_files(mut generated: Generated, settings: &Settings) -> Generated {
    let Some(api) = &generated.model else {
        return generated;
    };
    let spec = SpecInfo {
        title: api.title.clone(),
        version: api.version.clone(),
        sha256: generated.normalised.source.sha256.clone(),
    };
    match emit::files(api, &spec, &settings.package) {
        Ok(files) => generated.files = Some(files),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.error(
                "",
                e,
                "this is a bug in the generator's templates; please report it with the spec",
            );
            generated.normalised.adopt(diags);
        }
    }
    generated
}

/// How the files on disk differ from the generated ones.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares generated files with those in `crate_dir`: files to add, to
/// change, and files under `src/` (which only the generator writes) that
/// should no longer be there.
pub fn drift(files: &BTreeMap<String, String>, crate_dir: &Path) -> Drift {
    let mut drift = Drift::default();
    for (path, text) in files {
        match std::fs::read_to_string(crate_dir.join(path)) {
            Ok(on_disk) if on_disk == *text => {}
            Ok(_) => drift.changed.push(path.clone()),
            Err(_) => drift.added.push(path.clone()),
        }
    }
    drift.removed = existing(crate_dir)
        .into_iter()
        .filter(|p| !files.contains_key(p))
        .collect();
    drift
}

/// Writes the generated files into `crate_dir` and removes the `.rs` files
/// under `src/` that the generator no longer writes. Returns what changed.
pub fn write(files: &BTreeMap<String, String>, crate_dir: &Path) -> std::io::Result<Drift> {
    let drift = drift(files, crate_dir);
    for path in drift.added.iter().chain(&drift.changed) {
        let target = crate_dir.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(target, &files[path])?;
    }
    for path in &drift.removed {
        std::fs::remove_file(crate_dir.join(path))?;
    }
    Ok(drift)
}

/// The `.rs` files under `src/`, as `/`-separated paths in the crate.
fn existing(crate_dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![crate_dir.join("src")];
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

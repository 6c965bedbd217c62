//! The whole pipeline: spec → normalised document → model → files
//! (`write` puts them on disk).

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

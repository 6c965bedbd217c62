//! The whole run, in order: bytes → YAML → dialect → `$ref` checks →
//! OpenAPI 3.0 (every diagnostic located in the source), then the model,
//! then the files (`emit::write` puts them on disk).

use crate::diagnostics::{render, Diagnostic, Diagnostics, Severity, Source};
use crate::emit::{self, SpecInfo};
use crate::load::bytes::{self, Repair};
use crate::load::dialect::{self, Dialect};
use crate::load::refs;
use crate::load::yaml::{self, ParseError, PositionIndex};
use crate::lower;
use crate::normalise::{self, typed};
use crate::parallel::join;
use crate::settings::Settings;
use std::collections::BTreeMap;
use std::path::Path;
use templates::model::Api;

/// What loading and normalising produced: the document when there were no
/// errors, and every diagnostic, located and in source order.
#[derive(Debug)]
pub struct Normalised {
    /// The spec's text, which the diagnostics point into.
    pub source: Source,
    /// The dialect, once told.
    pub dialect: Option<Dialect>,
    /// The OpenAPI 3.0 document, when no error stopped the stage.
    pub openapi: Option<openapiv3::OpenAPI>,
    /// Every diagnostic, located, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each node of the source starts, kept for later diagnostics so
    /// that the text is read once.
    index: Option<PositionIndex>,
    /// The component schemas lowered to types while the paths were read,
    /// with the lowering's diagnostics, when settings were given.
    types: Option<(Vec<templates::model::Module>, Diagnostics)>,
}

impl Normalised {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Takes diagnostics a later stage found in the normalised document:
    /// their pointers are mapped back to the source, located, and merged
    /// into this result's list.
    pub fn adopt(&mut self, later: Diagnostics) {
        if later.is_empty() {
            return;
        }
        let mut later = later.into_vec();
        if self.dialect == Some(Dialect::Swagger2) {
            for d in &mut later {
                d.pointer = source_pointer(&d.pointer);
            }
        }
        self.diagnostics.extend(later);
        let source = &self.source;
        let index = self.index.get_or_insert_with(|| yaml::index(source));
        locate(source, index, &mut self.diagnostics);
    }

    /// Every diagnostic rendered like a compiler message, and a summary line.
    pub fn render_diagnostics(&self) -> String {
        render::render_all(&self.diagnostics, &self.source)
    }
}

/// Reads and normalises a spec file; a file that cannot be read is an error
/// diagnostic like any other.
pub fn normalise_file(path: &Path) -> Normalised {
    normalise_file_for(path, None)
}

/// [`normalise_file`], with the types lowered as early as they can be
/// when `settings` are given.
fn normalise_file_for(path: &Path, settings: Option<&Settings>) -> Normalised {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => normalise_for(&name, &bytes, settings),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.error("", format!("cannot read the file: {e}"), "check the path");
            finish(
                Source::new(&name, String::new(), String::new()),
                None,
                None,
                diags,
            )
        }
    }
}

/// Loads and normalises a spec held in memory; `name` is what diagnostics
/// print as the file name.
pub fn normalise_bytes(name: &str, bytes: &[u8]) -> Normalised {
    normalise_for(name, bytes, None)
}

/// [`normalise_bytes`]; with `settings`, the component schemas are also
/// lowered to types, on the core that read them, while the others still
/// read the paths (the lowering needs nothing else).
fn normalise_for(name: &str, bytes: &[u8], settings: Option<&Settings>) -> Normalised {
    let mut diags = Diagnostics::default();
    let mut source = bytes::read(name, bytes, Repair::Quotes, &mut diags);
    if diags.has_errors() {
        return finish(source, None, None, diags);
    }
    let (doc, index) = match yaml::parse(&source, &mut diags) {
        Ok(parsed) => parsed,
        Err(ParseError::Syntax(d)) if bytes.iter().any(|b| matches!(b, 0x1c | 0x1d)) => {
            // A `"` put in for a mangled quote can end a quoted scalar: try
            // spaces before giving up.
            let mut retry = Diagnostics::default();
            let spaced = bytes::read(name, bytes, Repair::Spaces, &mut retry);
            match yaml::parse(&spaced, &mut retry) {
                Ok(parsed) => {
                    (source, diags) = (spaced, retry);
                    parsed
                }
                Err(_) => {
                    diags.push(d);
                    return finish(source, None, None, diags);
                }
            }
        }
        Err(ParseError::Syntax(d)) => {
            diags.push(d);
            return finish(source, None, None, diags);
        }
        Err(ParseError::Shape) => return finish(source, None, None, diags),
    };
    let Some(dialect) = dialect::dialect(&doc, &mut diags) else {
        return finish_indexed(source, None, None, diags, Some(index));
    };
    // The `$ref` checks and the reading as OpenAPI 3.0 both only read the
    // document: they run at once (the checks as one part of the reading),
    // and the reading's result (and its diagnostics) are dropped when a
    // `$ref` is broken, as if never begun.
    // The reading never follows a chain of references (a parameter's is
    // looked up once, a schema's target only for its `type`), so a cycle
    // the checks would report cannot hold it up. A Swagger 2.0 document is
    // converted first, on both cores (its paths beside its components), and
    // the checks run beside the reading of the result.
    let mut later = Diagnostics::default();
    let converted = match dialect {
        Dialect::OpenApi30 => None,
        Dialect::Swagger2 => Some(normalise::swagger2(&doc, &mut later)),
    };
    let refs = || Diagnostics::gather(|d| refs::check(&doc, d)).1;
    let types = |components: Option<&openapiv3::Components>| {
        settings.map(|settings| Diagnostics::gather(|d| lower::types(components, settings, d)))
    };
    let (api, broken, types) = match &converted {
        None => typed::typed_beside(&doc, &str::to_owned, &mut later, refs, types),
        Some(_) if later.has_errors() => (None, refs(), None),
        Some(converted) => typed::typed_beside(converted, &source_pointer, &mut later, refs, types),
    };
    diags.extend(broken);
    if diags.has_errors() {
        return finish_indexed(source, Some(dialect), None, diags, Some(index));
    }
    diags.extend(later);
    let mut normalised = finish_indexed(source, Some(dialect), api, diags, Some(index));
    normalised.types = types.flatten();
    normalised
}

/// Fills in each diagnostic's location (or, for one located by offset, its
/// pointer) and sorts them into source order.
fn locate(source: &Source, index: &PositionIndex, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut() {
        match d.location {
            Some(at) if d.pointer.is_empty() => d.pointer = index.pointer_at(at.offset).to_owned(),
            Some(_) => {}
            None => d.location = Some(source.location(index.offset(&d.pointer))),
        }
    }
    diagnostics.sort_by_key(|d| d.location.map(|l| l.offset));
}

/// Where a node of the normalised document came from in a Swagger 2.0 one:
/// schemas moved from `definitions`; most other nodes kept their pointer.
fn source_pointer(normalised: &str) -> String {
    if let Some(rest) = normalised.strip_prefix("/components/schemas") {
        format!("/definitions{rest}")
    } else if normalised == "/servers" {
        // No server at all: no `basePath` (nor `host`).
        "/basePath".to_owned()
    } else if normalised.starts_with("/servers") {
        // The server URL is made of `host` and `basePath`.
        "/host".to_owned()
    } else {
        normalised.to_owned()
    }
}

/// Locates every diagnostic and sorts them into source order.
fn finish(
    source: Source,
    dialect: Option<Dialect>,
    openapi: Option<openapiv3::OpenAPI>,
    diags: Diagnostics,
) -> Normalised {
    finish_indexed(source, dialect, openapi, diags, None)
}

/// `finish` with the position index, when parsing already built it.
fn finish_indexed(
    source: Source,
    dialect: Option<Dialect>,
    openapi: Option<openapiv3::OpenAPI>,
    diags: Diagnostics,
    index: Option<PositionIndex>,
) -> Normalised {
    let mut diagnostics = diags.into_vec();
    let mut index = index;
    if !diagnostics.is_empty() {
        let index = index.get_or_insert_with(|| yaml::index(&source));
        locate(&source, index, &mut diagnostics);
    }
    Normalised {
        source,
        dialect,
        openapi,
        diagnostics,
        index,
        types: None,
    }
}

/// What a run produced: the normalised spec (with every diagnostic, from
/// every stage), the model when lowering succeeded, and the files when
/// nothing failed.
#[derive(Debug)]
pub struct Generated {
    /// The loaded spec, with the diagnostics of every stage.
    pub normalised: Normalised,
    /// The model, when lowering succeeded.
    pub model: Option<Api>,
    /// Every file of the crate (path → text), when nothing failed.
    pub files: Option<BTreeMap<String, String>>,
    /// The APIs the crate holds in modules of their own (the agent), as
    /// `settings.yml`'s `apis:` lists them: each spec with its diagnostics
    /// and model.
    pub apis: Vec<Generated>,
}

/// Runs every stage on a spec read from disk.
pub fn generate_file(spec: &Path, settings: &Settings) -> Generated {
    generate(|| normalise_file_for(spec, Some(settings)), settings)
}

/// Runs every stage on a spec held in memory (the module APIs its
/// settings list are read from disk).
pub fn generate_bytes(name: &str, bytes: &[u8], settings: &Settings) -> Generated {
    generate(|| normalise_for(name, bytes, Some(settings)), settings)
}

/// The crate's spec and the module APIs' (the agent's) are loaded and
/// lowered at once, on two threads; then every file is rendered.
fn generate(normalise: impl FnOnce() -> Normalised, settings: &Settings) -> Generated {
    let (apis, generated) = join(
        || {
            settings
                .apis
                .iter()
                .map(|m| {
                    lower_normalised(normalise_file_for(&m.spec, Some(&m.settings)), &m.settings)
                })
                .collect()
        },
        || lower_normalised(normalise(), settings),
    );
    emit_files(generated, apis, settings)
}

/// Loads, normalises and lowers a spec, without rendering (what `diff`
/// compares).
pub fn lower_file(spec: &Path, settings: &Settings) -> Generated {
    lower_normalised(normalise_file_for(spec, Some(settings)), settings)
}

fn lower_normalised(mut normalised: Normalised, settings: &Settings) -> Generated {
    let Some(openapi) = normalised.openapi.take() else {
        return Generated {
            normalised,
            model: None,
            files: None,
            apis: Vec::new(),
        };
    };
    // The types, unless they were lowered while the paths were read (with
    // these same settings: every caller here normalised with them).
    let (modules, mut diags) = normalised.types.take().unwrap_or_else(|| {
        Diagnostics::gather(|d| lower::types(openapi.components.as_ref(), settings, d))
    });
    // The examples and the operations lower at once, each from the types;
    // their diagnostics keep the order one pass gave them.
    let ((examples, found), (operations, later)) = join(
        || Diagnostics::gather(|d| lower::examples(&openapi, settings, &modules, d)),
        || Diagnostics::gather(|d| lower::operations(&openapi, settings, &modules, d)),
    );
    diags.extend(found);
    diags.extend(later);
    let base_path = lower::base_path(&openapi, settings, &mut diags);
    let checks = lower::checks(&operations, &modules, &base_path, settings);
    let areas = lower::areas(&operations, settings);
    let failed = diags.has_errors();
    normalised.adopt(diags);
    let model = Api {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        modules,
        examples,
        checks,
        operations,
        areas,
        service: settings.service,
        module: settings.module.clone(),
        base_path,
        base_path_pinned: settings.base_path.is_some(),
        server_variables: lower::server_variables(&openapi),
    };
    normalised.openapi = Some(openapi);
    Generated {
        normalised,
        model: (!failed).then_some(model),
        files: None,
        apis: Vec::new(),
    }
}

/// What the crate docs and headers name of a lowered spec.
fn spec_info(generated: &Generated) -> Option<(&Api, SpecInfo)> {
    let api = generated.model.as_ref()?;
    let spec = SpecInfo {
        title: api.title.clone(),
        version: api.version.clone(),
        sha256: generated.normalised.source.sha256.clone(),
    };
    Some((api, spec))
}

fn emit_files(mut generated: Generated, apis: Vec<Generated>, settings: &Settings) -> Generated {
    generated.apis = apis;
    let parts: Option<Vec<(&Api, SpecInfo)>> = generated.apis.iter().map(spec_info).collect();
    let (Some((api, spec)), Some(parts)) = (spec_info(&generated), parts) else {
        return generated;
    };
    let modules: Vec<(&Api, &SpecInfo)> = parts.iter().map(|(a, s)| (*a, s)).collect();
    match emit::files(api, &spec, &modules, &settings.package, &settings.publish) {
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

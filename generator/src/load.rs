//! The first stage end to end: bytes → source checks → YAML → dialect →
//! `$ref` checks → OpenAPI 3.0, with every diagnostic located.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::source::{Repair, Source};
use crate::yaml::{self, ParseError, PositionIndex};
use crate::{normalise, openapi, refs, render};
use serde_json::Value;
use std::path::Path;

/// The description language a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    OpenApi30,
}

/// What loading and normalising produced: the document when there were no
/// errors, and every diagnostic, located and in source order.
#[derive(Debug)]
pub struct Normalised {
    pub source: Source,
    pub dialect: Option<Dialect>,
    pub openapi: Option<openapiv3::OpenAPI>,
    pub diagnostics: Vec<Diagnostic>,
    /// Where each node of the source starts, kept for later diagnostics so
    /// that the text is read once.
    index: Option<PositionIndex>,
}

impl Normalised {
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
        let index = self
            .index
            .get_or_insert_with(|| PositionIndex::build(source));
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
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => normalise_bytes(&name, &bytes),
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
    let mut diags = Diagnostics::default();
    let mut source = Source::from_bytes(name, bytes, Repair::Quotes, &mut diags);
    if diags.has_errors() {
        return finish(source, None, None, diags);
    }
    let (doc, index) = match yaml::parse(&source, &mut diags) {
        Ok(parsed) => parsed,
        Err(ParseError::Syntax(d)) if bytes.iter().any(|b| matches!(b, 0x1c | 0x1d)) => {
            // A `"` put in for a mangled quote can end a quoted scalar: try
            // spaces before giving up.
            let mut retry = Diagnostics::default();
            let spaced = Source::from_bytes(name, bytes, Repair::Spaces, &mut retry);
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
    let Some(dialect) = dialect(&doc, &mut diags) else {
        return finish_indexed(source, None, None, diags, Some(index));
    };
    refs::check(&doc, &mut diags);
    if diags.has_errors() {
        return finish_indexed(source, Some(dialect), None, diags, Some(index));
    }
    let api = match dialect {
        Dialect::OpenApi30 => openapi::typed(&doc, str::to_owned, &mut diags),
        Dialect::Swagger2 => {
            let converted = normalise::swagger2(&doc, &mut diags);
            if diags.has_errors() {
                None
            } else {
                openapi::typed(&converted, source_pointer, &mut diags)
            }
        }
    };
    finish_indexed(source, Some(dialect), api, diags, Some(index))
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
    match normalised.strip_prefix("/components/schemas") {
        Some(rest) => format!("/definitions{rest}"),
        None => normalised.to_owned(),
    }
}

/// Detects the dialect from `swagger:` or `openapi:`.
fn dialect(doc: &Value, diags: &mut Diagnostics) -> Option<Dialect> {
    let Value::Object(root) = doc else {
        let found = normalise::kind(doc);
        let message = if doc.is_null() {
            "the document is empty".to_owned()
        } else {
            format!("the document is {found}, not a mapping")
        };
        diags.error(
            "",
            message,
            "a spec starts with `swagger: \"2.0\"` or `openapi: 3.0.3`",
        );
        return None;
    };
    let help = "this generator reads Swagger 2.0 and OpenAPI 3.0.x";
    match (root.get("swagger"), root.get("openapi")) {
        (Some(_), Some(_)) => {
            diags.error(
                "/openapi",
                "the document has both `swagger` and `openapi`",
                "keep the one that matches the document",
            );
            None
        }
        (Some(v), None) => match v {
            Value::String(s) if s == "2.0" => Some(Dialect::Swagger2),
            Value::Number(n) if n.as_f64() == Some(2.0) => Some(Dialect::Swagger2),
            other => {
                diags.error(
                    "/swagger",
                    format!("Swagger version {} is not supported", display(other)),
                    help,
                );
                None
            }
        },
        (None, Some(v)) => match v {
            Value::String(s) if s.starts_with("3.0.") || s == "3.0" => Some(Dialect::OpenApi30),
            other => {
                diags.error(
                    "/openapi",
                    format!("OpenAPI version {} is not supported", display(other)),
                    help,
                );
                None
            }
        },
        (None, None) => {
            diags.error(
                "",
                "neither `swagger` nor `openapi` is set: this is not an API description",
                "add `swagger: \"2.0\"` or `openapi: 3.0.3` at the top",
            );
            None
        }
    }
}

fn display(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
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
        let index = index.get_or_insert_with(|| PositionIndex::build(&source));
        locate(&source, index, &mut diagnostics);
    }
    Normalised {
        source,
        dialect,
        openapi,
        diagnostics,
        index,
    }
}

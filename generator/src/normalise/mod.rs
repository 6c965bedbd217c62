//! Swagger 2.0 → OpenAPI 3.0: one function per object kind, walking the
//! source document with JSON pointers so every warning is located.

mod bodies;
mod components;
mod keys;
mod operations;
mod parameters;
mod responses;
mod schema;
mod security;
mod servers;
pub mod typed;

pub use bodies::SWAGGER_BODY_NAME;

use crate::diagnostics::Diagnostics;
pub(crate) use crate::load::kind;
use crate::load::pointer;
use crate::parallel::in_parts;
use operations::{media_types, Inherited};
use serde_json::{json, Map, Value};

/// The OpenAPI version the normaliser writes.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// What every conversion function needs: the whole source document (to
/// follow `$ref`s) and the diagnostics.
pub(crate) struct Ctx<'a> {
    pub(crate) doc: &'a Value,
    pub(crate) diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// A Swagger 2.0 reference rewritten to where OpenAPI 3.0 keeps the target.
    pub(crate) fn rewrite_ref(&mut self, target: &str, at: &str) -> String {
        let Some(fragment) = target.strip_prefix('#') else {
            return target.to_owned();
        };
        let decoded = pointer::decode_fragment(fragment);
        let tokens = pointer::tokens(&decoded).unwrap_or_default();
        let section = match tokens.first().map(String::as_str) {
            Some("definitions") => "schemas",
            Some("responses") => "responses",
            Some("parameters") => {
                let is_body = tokens.get(1).is_some_and(|name| {
                    self.doc
                        .pointer(&pointer::child("/parameters", name))
                        .and_then(|p| p.get("in"))
                        .is_some_and(|i| i == "body")
                });
                if is_body {
                    "requestBodies"
                } else {
                    "parameters"
                }
            }
            _ => {
                self.diags.warn(
                    at,
                    format!("`{target}` points outside definitions, parameters and responses; kept unchanged"),
                    "point the reference at a definition",
                );
                return target.to_owned();
            }
        };
        let rest = &fragment[fragment[1..].find('/').map_or(fragment.len(), |i| i + 1)..];
        format!("#/components/{section}{rest}")
    }

    /// The value as a mapping; `None`, with an error saying what `what`
    /// should be, when it is something else.
    pub(crate) fn mapping<'v>(
        &mut self,
        value: &'v Value,
        at: &str,
        what: &str,
        help: &str,
    ) -> Option<&'v Map<String, Value>> {
        let map = value.as_object();
        if map.is_none() {
            self.diags.error(
                at,
                format!("{what} must be a mapping, found {}", kind(value)),
                help,
            );
        }
        map
    }

    /// Checks that OpenAPI 3.0 can read a converted value as `T`, reporting
    /// the failing field under `at`.
    pub(crate) fn check_typed<T: openapi_read::Read>(
        &mut self,
        value: &Value,
        at: &str,
        what: &str,
    ) {
        if let Err(e) = T::read(value) {
            let here = crate::load::pointer::from_path(at, e.path());
            self.diags.error(
                &here,
                format!("this {what} is not valid: {}", e.inner()),
                "fix the value to match the Swagger 2.0 specification",
            );
        }
    }
}

/// Converts a Swagger 2.0 document (already checked to be a mapping with
/// `swagger: "2.0"` and sound `$ref`s) into an OpenAPI 3.0 document.
pub fn swagger2(doc: &Value, diags: &mut Diagnostics) -> Value {
    let Some(root) = doc.as_object() else {
        diags.error(
            "",
            format!("the document is {}, not a mapping", kind(doc)),
            "write the document as a mapping",
        );
        return Value::Null;
    };
    let mut ctx = Ctx { doc, diags };
    if root.contains_key("servers") {
        ctx.diags.warn(
            "/servers",
            "`servers` is an OpenAPI 3 key; a Swagger 2.0 document takes its server from `host`, `basePath` and `schemes`, so it is ignored",
            "remove `servers`, or set `host`/`basePath`",
        );
    }
    keys::check(
        root,
        &[keys::ROOT, &["servers"]],
        "",
        "the document",
        ctx.diags,
    );

    let mut out = Map::new();
    out.insert("openapi".into(), OPENAPI_VERSION.into());
    out.insert("info".into(), info(root.get("info"), &mut ctx));
    let servers = servers::servers(root, None, &mut ctx);
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    let inherited = Inherited {
        root,
        consumes: media_types(root.get("consumes"), "/consumes", &[], &mut ctx),
        produces: media_types(root.get("produces"), "/produces", &[], &mut ctx),
    };
    // The components and runs of the path items convert on every core,
    // taken in turn as the cores come free (the components, the longest,
    // first): each reads only the document, and their diagnostics are
    // merged in the order one pass made them (the paths', then the
    // components').
    let items: Vec<(&String, &Value)> = match root.get("paths") {
        Some(Value::Object(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    let mut parts = vec![Part::Components];
    parts.extend(items.chunks(PATH_ITEMS_PER_PART).map(Part::Paths));
    let converted = in_parts(&parts, |part| {
        Diagnostics::gather(|diags| {
            let mut ctx = Ctx { doc, diags };
            match part {
                Part::Components => Converted::Components(components::components(
                    root,
                    &inherited.consumes,
                    &inherited.produces,
                    &mut ctx,
                )),
                Part::Paths(run) => Converted::Paths(path_items(run, &inherited, &mut ctx)),
            }
        })
    });
    check_paths(root, &mut ctx);
    let mut paths = Map::new();
    let mut components = (Value::Null, Diagnostics::default());
    for (part, found) in converted {
        match part {
            Converted::Paths(run) => {
                paths.extend(run);
                ctx.diags.extend(found);
            }
            Converted::Components(value) => components = (value, found),
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    let (components, later) = components;
    ctx.diags.extend(later);
    if components.as_object().is_some_and(|c| !c.is_empty()) {
        out.insert("components".into(), components);
    }
    keys::copy(root, &["security", "tags", "externalDocs"], &mut out);
    keys::copy_extensions(root, &mut out);
    Value::Object(out)
}

/// Path items converted, or read as `openapiv3` (`typed`), in one part at
/// most: few enough parts that each is worth a thread's turn, enough that
/// the cores share them evenly (the pod spec has 110 paths: 7 parts, each
/// about as long as the components).
const PATH_ITEMS_PER_PART: usize = 16;

/// A part of the document converted on its own.
enum Part<'a> {
    Components,
    /// A run of the entries of `paths`.
    Paths(&'a [(&'a String, &'a Value)]),
}

/// A part, converted.
enum Converted {
    Components(Value),
    Paths(Vec<(String, Value)>),
}

/// Entries of the `paths` mapping converted, each path item's operations
/// with it.
fn path_items<'a>(
    run: &[(&'a String, &'a Value)],
    inherited: &Inherited,
    ctx: &mut Ctx<'a>,
) -> Vec<(String, Value)> {
    let mut paths = Vec::with_capacity(run.len());
    for &(path, item) in run {
        let at = pointer::child("/paths", path);
        if keys::is_extension(path) {
            paths.push((path.clone(), item.clone()));
            continue;
        }
        if !path.starts_with('/') {
            ctx.diags.warn(
                &at,
                format!("path `{path}` does not start with `/`"),
                "write it as `/{path}`",
            );
        }
        paths.push((
            path.clone(),
            operations::path_item(item, &at, inherited, ctx),
        ));
    }
    paths
}

/// The error for a `paths` that is not a mapping, or missing.
fn check_paths(root: &Map<String, Value>, ctx: &mut Ctx) {
    match root.get("paths") {
        Some(Value::Object(_)) => {}
        Some(other) => ctx.diags.error(
            "/paths",
            format!("`paths` must be a mapping, found {}", kind(other)),
            "map each path to its operations",
        ),
        None => ctx.diags.error(
            "",
            "the document has no `paths` mapping",
            "add `paths:` with at least one operation",
        ),
    }
}

fn info(value: Option<&Value>, ctx: &mut Ctx) -> Value {
    let Some(Value::Object(info)) = value else {
        ctx.diags.error(
            "",
            "the document has no `info` mapping",
            "add `info:` with `title:` and `version:`",
        );
        return json!({ "title": "", "version": "" });
    };
    let mut out = info.clone();
    if let Some(v @ (Value::Number(_) | Value::Bool(_))) = info.get("version") {
        ctx.diags.warn(
            "/info/version",
            format!(
                "`info.version` is {}, not a string; read as \"{v}\"",
                kind(v)
            ),
            format!("quote it: `version: \"{v}\"`"),
        );
        out.insert("version".into(), Value::String(v.to_string()));
    }
    ctx.check_typed::<openapiv3::Info>(&Value::Object(out.clone()), "/info", "info object");
    Value::Object(out)
}

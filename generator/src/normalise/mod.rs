//! Swagger 2.0 → OpenAPI 3.0: one function per object kind, walking the
//! source document with JSON pointers so every warning is located.

mod bodies;
mod keys;
mod parameters;
mod responses;
mod schema;
mod security;
mod servers;

pub use bodies::BODY_NAME;

use crate::diagnostic::Diagnostics;
use crate::pointer;
use parameters::Param;
use serde_json::{json, Map, Value};

/// The OpenAPI version the normaliser writes.
pub const OPENAPI_VERSION: &str = "3.0.3";

/// What every conversion function needs: the whole source document (to
/// follow `$ref`s) and the diagnostics.
pub struct Ctx<'a> {
    pub doc: &'a Value,
    pub diags: &'a mut Diagnostics,
}

impl Ctx<'_> {
    /// A Swagger 2.0 reference rewritten to where OpenAPI 3.0 keeps the target.
    pub fn rewrite_ref(&mut self, target: &str, at: &str) -> String {
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

    /// Checks that OpenAPI 3.0 can read a converted value as `T`, reporting
    /// the failing field under `at`.
    pub fn check_typed<T: serde::de::DeserializeOwned>(
        &mut self,
        value: &Value,
        at: &str,
        what: &str,
    ) {
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(value) {
            let here = crate::openapi::path_pointer(at, e.path());
            self.diags.error(
                &here,
                format!("this {what} is not valid: {}", e.inner()),
                "fix the value to match the Swagger 2.0 specification",
            );
        }
    }
}

/// The media types given, or `application/json` when none are.
fn or_json(types: &[String]) -> Vec<String> {
    if types.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        types.to_vec()
    }
}

/// A value's JSON kind, for messages.
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
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
    let others: Vec<&str> = root
        .keys()
        .map(String::as_str)
        .filter(|k| *k != "servers")
        .collect();
    let filtered: Map<String, Value> = root
        .iter()
        .filter(|(k, _)| others.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    keys::check(&filtered, &[keys::ROOT], "", "the document", ctx.diags);

    let mut out = Map::new();
    out.insert("openapi".into(), OPENAPI_VERSION.into());
    out.insert("info".into(), info(root.get("info"), &mut ctx));
    let servers = servers::servers(root, None, &mut ctx);
    if !servers.is_empty() {
        out.insert("servers".into(), Value::Array(servers));
    }
    let consumes = media_types(root.get("consumes"), "/consumes", &[], &mut ctx);
    let produces = media_types(root.get("produces"), "/produces", &[], &mut ctx);
    let mut paths = Map::new();
    if let Some(Value::Object(items)) = root.get("paths") {
        for (path, item) in items {
            let at = pointer::child("/paths", path);
            if keys::is_extension(path) {
                paths.insert(path.clone(), item.clone());
                continue;
            }
            if !path.starts_with('/') {
                ctx.diags.warn(
                    &at,
                    format!("path `{path}` does not start with `/`"),
                    "write it as `/{path}`",
                );
            }
            paths.insert(
                path.clone(),
                path_item(path, item, &at, &consumes, &produces, root, &mut ctx),
            );
        }
    } else if let Some(other) = root.get("paths") {
        ctx.diags.error(
            "/paths",
            format!("`paths` must be a mapping, found {}", kind(other)),
            "map each path to its operations",
        );
    } else {
        ctx.diags.error(
            "",
            "the document has no `paths` mapping",
            "add `paths:` with at least one operation",
        );
    }
    out.insert("paths".into(), Value::Object(paths));
    let components = components(root, &consumes, &produces, &mut ctx);
    if components.as_object().is_some_and(|c| !c.is_empty()) {
        out.insert("components".into(), components);
    }
    keys::copy(root, &["security", "tags", "externalDocs"], &mut out);
    keys::copy_extensions(root, &mut out);
    Value::Object(out)
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

/// A `consumes`/`produces` list; `inherited` when absent.
fn media_types(
    value: Option<&Value>,
    at: &str,
    inherited: &[String],
    ctx: &mut Ctx,
) -> Vec<String> {
    match value {
        None => inherited.to_vec(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::String(s) => Some(s.clone()),
                other => {
                    ctx.diags.warn(
                        &pointer::index(at, i),
                        format!(
                            "a media type must be a string, found {}; ignored",
                            kind(other)
                        ),
                        "write e.g. `application/json`",
                    );
                    None
                }
            })
            .collect(),
        Some(other) => {
            ctx.diags.warn(
                at,
                format!(
                    "expected a list of media types, found {}; ignored",
                    kind(other)
                ),
                "write e.g. `[application/json]`",
            );
            inherited.to_vec()
        }
    }
}

fn path_item<'a>(
    path: &str,
    value: &'a Value,
    at: &str,
    consumes: &[String],
    produces: &[String],
    root: &Map<String, Value>,
    ctx: &mut Ctx<'a>,
) -> Value {
    let Value::Object(item) = value else {
        ctx.diags.error(
            at,
            format!("a path item must be a mapping, found {}", kind(value)),
            "map HTTP methods to operations",
        );
        return Value::Object(Map::new());
    };
    keys::check(item, &[keys::PATH_ITEM], at, "a path item", ctx.diags);
    if item.contains_key("$ref") {
        ctx.diags.warn(
            &pointer::child(at, "$ref"),
            "a path item `$ref` is not supported; ignored",
            "write the operations inline",
        );
    }
    let shared = parameter_list(
        item.get("parameters"),
        &pointer::child(at, "parameters"),
        ctx,
    );
    let mut out = Map::new();
    for (method, op) in item {
        if keys::METHODS.contains(&method.as_str()) {
            let here = pointer::child(at, method);
            out.insert(
                method.clone(),
                operation(
                    path,
                    op,
                    &here,
                    shared.clone(),
                    consumes,
                    produces,
                    root,
                    ctx,
                ),
            );
        }
    }
    keys::copy_extensions(item, &mut out);
    Value::Object(out)
}

fn parameter_list<'a>(value: Option<&'a Value>, at: &str, ctx: &mut Ctx<'a>) -> Vec<Param<'a>> {
    match value {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, p)| parameters::resolve(p, &pointer::index(at, i), ctx))
            .collect(),
        Some(other) => {
            ctx.diags.error(
                at,
                format!("`parameters` must be a list, found {}", kind(other)),
                "write the parameters as a YAML list",
            );
            Vec::new()
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn operation<'a>(
    path: &str,
    value: &'a Value,
    at: &str,
    shared: Vec<Param<'a>>,
    consumes: &[String],
    produces: &[String],
    root: &Map<String, Value>,
    ctx: &mut Ctx<'a>,
) -> Value {
    let Value::Object(op) = value else {
        ctx.diags.error(
            at,
            format!("an operation must be a mapping, found {}", kind(value)),
            "write `responses:` and the operation's fields",
        );
        return Value::Object(Map::new());
    };
    keys::check(op, &[keys::OPERATION], at, "an operation", ctx.diags);
    let consumes = media_types(
        op.get("consumes"),
        &pointer::child(at, "consumes"),
        consumes,
        ctx,
    );
    let produces = media_types(
        op.get("produces"),
        &pointer::child(at, "produces"),
        produces,
        ctx,
    );
    let own = parameter_list(op.get("parameters"), &pointer::child(at, "parameters"), ctx);
    let params = parameters::merge(shared, own, ctx);
    check_path_template(path, &params, at, ctx);

    let mut out = Map::new();
    keys::copy(
        op,
        &[
            "tags",
            "summary",
            "description",
            "externalDocs",
            "operationId",
        ],
        &mut out,
    );
    let mut converted = Vec::new();
    let mut bodies: Vec<&Param> = Vec::new();
    let mut form: Vec<Param> = Vec::new();
    for p in &params {
        match (p.location(), &p.component) {
            ("body", _) => bodies.push(p),
            ("formData", _) => form.push(p.clone()),
            (_, Some(name)) => converted.push(
                json!({ "$ref": format!("#/components/parameters/{}", pointer::escape(name)) }),
            ),
            (_, None) => converted.push(parameters::convert(p, ctx)),
        }
    }
    if !converted.is_empty() {
        out.insert("parameters".into(), Value::Array(converted));
    }
    if bodies.len() > 1 {
        ctx.diags.error(
            &bodies[1].at,
            "an operation can have only one body parameter",
            "merge the bodies into one schema",
        );
    }
    if !bodies.is_empty() && !form.is_empty() {
        ctx.diags.error(
            &form[0].at,
            "an operation cannot have both a body parameter and formData parameters",
            "use one or the other",
        );
    }
    let body_types = or_json(&consumes);
    if let Some(b) = bodies.first() {
        let body = match &b.component {
            Some(name) => {
                json!({ "$ref": format!("#/components/requestBodies/{}", pointer::escape(name)) })
            }
            None => bodies::body(b, &body_types, ctx),
        };
        out.insert("requestBody".into(), body);
    } else if !form.is_empty() {
        out.insert(
            "requestBody".into(),
            bodies::form(&form, &consumes, &pointer::child(at, "parameters"), ctx),
        );
    }
    let produces = or_json(&produces);
    match op.get("responses") {
        Some(r) => {
            out.insert(
                "responses".into(),
                responses::responses(r, &produces, &pointer::child(at, "responses"), ctx),
            );
        }
        None => {
            ctx.diags.error(
                at,
                "an operation without `responses`",
                "add `responses:` with at least the success response",
            );
            out.insert("responses".into(), json!({}));
        }
    }
    keys::copy(op, &["deprecated", "security"], &mut out);
    if op.contains_key("schemes") {
        let servers = servers::servers(root, op.get("schemes"), ctx);
        out.insert("servers".into(), Value::Array(servers));
    }
    keys::copy_extensions(op, &mut out);
    Value::Object(out)
}

/// Warns when a `{name}` in the path has no path parameter, or a path
/// parameter has no `{name}` in the path.
fn check_path_template(path: &str, params: &[Param], at: &str, ctx: &mut Ctx) {
    let in_template: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect();
    for name in &in_template {
        if !params
            .iter()
            .any(|p| p.location() == "path" && p.name() == *name)
        {
            ctx.diags.warn(
                at,
                format!("`{{{name}}}` in the path has no path parameter"),
                format!("add a parameter `{name}` with `in: path`"),
            );
        }
    }
    for p in params.iter().filter(|p| p.location() == "path") {
        if !in_template.contains(&p.name()) {
            ctx.diags.warn(
                &p.at,
                format!("path parameter `{}` does not appear in the path", p.name()),
                "add it to the path or remove it",
            );
        }
    }
}

fn components<'a>(
    root: &Map<String, Value>,
    consumes: &[String],
    produces: &[String],
    ctx: &mut Ctx<'a>,
) -> Value {
    let (consumes, produces) = (or_json(consumes), or_json(produces));
    let mut out = Map::new();
    let section = |key: &str| match root.get(key) {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let schemas: Map<String, Value> = section("definitions")
        .iter()
        .map(|(name, s)| {
            (
                name.clone(),
                schema::root(s, &pointer::child("/definitions", name), ctx),
            )
        })
        .collect();
    let mut parameters = Map::new();
    let mut request_bodies = Map::new();
    let doc: &'a Value = ctx.doc;
    let declared = doc
        .get("parameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (name, value) in declared {
        let at = pointer::child("/parameters", name);
        let Some(p) = parameters::resolve(value, &at, ctx) else {
            continue;
        };
        match p.location() {
            "body" => {
                request_bodies.insert(name.clone(), bodies::body(&p, &consumes, ctx));
            }
            // formData parameters are inlined into each form that uses them.
            "formData" => {}
            _ => {
                parameters.insert(name.clone(), parameters::convert(&p, ctx));
            }
        }
    }
    let mut responses = Map::new();
    for (name, r) in &section("responses") {
        responses.insert(
            name.clone(),
            responses::one(r, &produces, &pointer::child("/responses", name), ctx),
        );
    }
    let mut schemes = Map::new();
    for (name, s) in &section("securityDefinitions") {
        if let Some(s) = security::scheme(s, &pointer::child("/securityDefinitions", name), ctx) {
            schemes.insert(name.clone(), s);
        }
    }
    for (key, map) in [
        ("schemas", schemas),
        ("responses", responses),
        ("parameters", parameters),
        ("requestBodies", request_bodies),
        ("securitySchemes", schemes),
    ] {
        if !map.is_empty() {
            out.insert(key.into(), Value::Object(map));
        }
    }
    Value::Object(out)
}

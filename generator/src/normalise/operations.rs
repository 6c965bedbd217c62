//! Path items and operations: parameters merged and split into
//! parameters, request bodies and responses.

use super::parameters::{self, Param};
use super::{bodies, keys, kind, responses, servers, Ctx};
use crate::load::pointer;
use serde_json::{json, Map, Value};

/// What an operation inherits from the document.
pub(super) struct Inherited<'r> {
    pub root: &'r Map<String, Value>,
    pub consumes: Vec<String>,
    pub produces: Vec<String>,
}

/// The media types given, or `application/json` when none are.
pub(super) fn or_json(types: &[String]) -> Vec<String> {
    if types.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        types.to_vec()
    }
}

/// A `consumes`/`produces` list; `inherited` when absent.
pub(super) fn media_types(
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

pub(super) fn path_item<'a>(
    value: &'a Value,
    at: &str,
    inherited: &Inherited,
    ctx: &mut Ctx<'a>,
) -> Value {
    let Some(item) = ctx.mapping(value, at, "a path item", "map HTTP methods to operations") else {
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
                operation(op, &here, shared.clone(), inherited, ctx),
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

fn operation<'a>(
    value: &'a Value,
    at: &str,
    shared: Vec<Param<'a>>,
    inherited: &Inherited,
    ctx: &mut Ctx<'a>,
) -> Value {
    let Some(op) = ctx.mapping(
        value,
        at,
        "an operation",
        "write `responses:` and the operation's fields",
    ) else {
        return Value::Object(Map::new());
    };
    keys::check(op, &[keys::OPERATION], at, "an operation", ctx.diags);
    let consumes = media_types(
        op.get("consumes"),
        &pointer::child(at, "consumes"),
        &inherited.consumes,
        ctx,
    );
    let produces = media_types(
        op.get("produces"),
        &pointer::child(at, "produces"),
        &inherited.produces,
        ctx,
    );
    let own = parameter_list(op.get("parameters"), &pointer::child(at, "parameters"), ctx);
    let params = parameters::merge(shared, own, ctx);

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
        let servers = servers::servers(inherited.root, op.get("schemes"), ctx);
        out.insert("servers".into(), Value::Array(servers));
    }
    keys::copy_extensions(op, &mut out);
    Value::Object(out)
}

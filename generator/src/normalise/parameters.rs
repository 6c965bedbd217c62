//! Non-body parameters and the type keys they share with headers and items:
//! `type`/`format`/bounds move under `schema`, `collectionFormat` becomes
//! `style`/`explode`, and path-level parameters merge into each operation.

use super::keys;
use super::Ctx;
use crate::load::pointer;
use serde_json::{Map, Value};

/// One parameter of an operation after `$ref`s are followed: where it is
/// written, its object, and the component it came from, if any.
#[derive(Clone)]
pub(super) struct Param<'a> {
    pub at: String,
    pub object: &'a Map<String, Value>,
    pub component: Option<String>,
}

impl Param<'_> {
    pub(super) fn location(&self) -> &str {
        self.object.get("in").and_then(Value::as_str).unwrap_or("")
    }

    pub(super) fn name(&self) -> &str {
        self.object
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Follows a parameter's `$ref` (to `#/parameters/…`) and checks its shape.
pub(super) fn resolve<'a>(value: &'a Value, at: &str, ctx: &mut Ctx<'a>) -> Option<Param<'a>> {
    let (object, at, component) = match value.get("$ref") {
        Some(Value::String(target)) => {
            let decoded = pointer::decode_fragment(target.trim_start_matches('#'));
            let name = decoded
                .strip_prefix("/parameters/")
                .filter(|n| !n.contains('/'));
            let Some(name) = name else {
                ctx.diags.error(
                    &pointer::child(at, "$ref"),
                    format!(
                        "a parameter reference must point into `#/parameters/`, not `{target}`"
                    ),
                    "define the parameter under `parameters:` at the top level",
                );
                return None;
            };
            let Some(object) = pointer::resolve(ctx.doc, &decoded) else {
                ctx.diags.error(
                    &pointer::child(at, "$ref"),
                    format!("`{target}` does not exist"),
                    "define it under `parameters:`",
                );
                return None;
            };
            (object, decoded.clone(), Some(name.to_owned()))
        }
        _ => (value, at.to_owned(), None),
    };
    let Value::Object(object) = object else {
        ctx.diags.error(
            &at,
            format!(
                "a parameter must be an object, found {}",
                super::kind(object)
            ),
            "write the parameter as a mapping",
        );
        return None;
    };
    for key in ["name", "in"] {
        if !object.get(key).is_some_and(Value::is_string) {
            ctx.diags
                .error(&at, format!("a parameter needs a string `{key}`"), "add it");
            return None;
        }
    }
    let param = Param {
        at,
        object,
        component,
    };
    if !matches!(
        param.location(),
        "query" | "header" | "path" | "formData" | "body"
    ) {
        ctx.diags.error(
            &pointer::child(&param.at, "in"),
            format!("unknown parameter location `{}`", param.location()),
            "use one of query, header, path, formData, body",
        );
        return None;
    }
    Some(param)
}

/// Path-level parameters followed by the operation's own; an operation
/// parameter replaces a path-level one with the same name and location, in
/// its place.
pub(super) fn merge<'a>(
    path_level: Vec<Param<'a>>,
    own: Vec<Param<'a>>,
    ctx: &mut Ctx,
) -> Vec<Param<'a>> {
    let key = |p: &Param| (p.name().to_owned(), p.location().to_owned());
    let mut merged: Vec<Param<'a>> = Vec::new();
    for list in [path_level, own] {
        let mut seen: Vec<(String, String)> = Vec::new();
        for p in list {
            if seen.contains(&key(&p)) {
                ctx.diags.warn(
                    &p.at,
                    format!(
                        "parameter `{}` in {} is listed twice; the later one wins",
                        p.name(),
                        p.location()
                    ),
                    "remove one of them",
                );
            }
            seen.push(key(&p));
            match merged.iter().position(|q| key(q) == key(&p)) {
                Some(i) => merged[i] = p,
                None => merged.push(p),
            }
        }
    }
    merged
}

/// An OpenAPI 3.0 parameter from a Swagger 2.0 query, header or path one.
pub(super) fn convert(p: &Param, ctx: &mut Ctx) -> Value {
    keys::check(
        p.object,
        &[keys::PARAMETER, keys::SIMPLE_TYPE, keys::VALIDATION],
        &p.at,
        "a parameter",
        ctx.diags,
    );
    let location = p.location();
    let mut out = Map::new();
    keys::copy(
        p.object,
        &["name", "in", "description", "required"],
        &mut out,
    );
    if location == "path" && p.object.get("required") != Some(&Value::Bool(true)) {
        ctx.diags.warn(
            &p.at,
            format!(
                "path parameter `{}` is not marked `required: true`; it is required all the same",
                p.name()
            ),
            "add `required: true`",
        );
        out.insert("required".into(), Value::Bool(true));
    }
    if let Some(v) = p.object.get("allowEmptyValue") {
        if location == "query" {
            out.insert("allowEmptyValue".into(), v.clone());
        } else {
            ctx.diags.warn(
                &pointer::child(&p.at, "allowEmptyValue"),
                "`allowEmptyValue` applies to query parameters only; ignored",
                "remove it",
            );
        }
    }
    if p.object.get("type").is_none() {
        ctx.diags.warn(
            &p.at,
            format!(
                "parameter `{}` has no `type`; any value is accepted",
                p.name()
            ),
            "add a `type`",
        );
    }
    if p.object.get("type").is_some_and(|t| t == "file") {
        ctx.diags.warn(
            &pointer::child(&p.at, "type"),
            "`type: file` is for formData parameters; read as binary string",
            "move the parameter to formData",
        );
    }
    let (style, explode) = style(p.object, location, &p.at, ctx);
    if let Some(style) = style {
        out.insert("style".into(), style.into());
    }
    if let Some(explode) = explode {
        out.insert("explode".into(), explode.into());
    }
    out.insert("schema".into(), simple_schema(p.object, &p.at, ctx));
    keys::copy_extensions(p.object, &mut out);
    let out = Value::Object(out);
    ctx.check_typed::<openapiv3::Parameter>(&out, &p.at, "parameter");
    out
}

/// The schema a parameter, header or items object describes with its type keys.
pub(super) fn simple_schema(object: &Map<String, Value>, at: &str, ctx: &mut Ctx) -> Value {
    let mut out = Map::new();
    for &key in keys::SIMPLE_TYPE.iter().chain(keys::VALIDATION) {
        let Some(v) = object.get(key) else { continue };
        match key {
            "collectionFormat" => {}
            "type" if v == "file" => {
                out.insert("type".into(), "string".into());
                out.insert("format".into(), "binary".into());
            }
            "items" => {
                let here = pointer::child(at, "items");
                let items = match v {
                    Value::Object(items) => {
                        keys::check(
                            items,
                            &[keys::SIMPLE_TYPE, keys::VALIDATION],
                            &here,
                            "an items object",
                            ctx.diags,
                        );
                        if items.contains_key("collectionFormat") {
                            ctx.diags.warn(
                                &pointer::child(&here, "collectionFormat"),
                                "a nested `collectionFormat` has no OpenAPI 3.0 equivalent; ignored",
                                "flatten the parameter, or document the format in its description",
                            );
                        }
                        simple_schema(items, &here, ctx)
                    }
                    other => {
                        ctx.diags.error(
                            &here,
                            format!("`items` must be an object, found {}", super::kind(other)),
                            "write the items type as a mapping",
                        );
                        Value::Object(Map::new())
                    }
                };
                out.insert("items".into(), items);
            }
            _ => {
                out.insert(key.into(), v.clone());
            }
        }
    }
    if object.contains_key("format") && object.get("type").is_some_and(|t| t == "file") {
        out.insert("format".into(), "binary".into());
    }
    Value::Object(out)
}

/// `style` and `explode` for a `collectionFormat` in `location`.
pub(super) fn style(
    object: &Map<String, Value>,
    location: &str,
    at: &str,
    ctx: &mut Ctx,
) -> (Option<&'static str>, Option<bool>) {
    let is_array = object.get("type").is_some_and(|t| t == "array");
    let here = pointer::child(at, "collectionFormat");
    let format = match object.get("collectionFormat") {
        None if is_array => "csv",
        None => return (None, None),
        Some(_) if !is_array => {
            ctx.diags.warn(
                &here,
                "`collectionFormat` on a parameter that is not an array; ignored",
                "remove it, or make the parameter `type: array`",
            );
            return (None, None);
        }
        Some(Value::String(f)) => f.as_str(),
        Some(other) => {
            ctx.diags.warn(
                &here,
                format!(
                    "`collectionFormat` must be a string, found {}; read as csv",
                    super::kind(other)
                ),
                "use csv, ssv, tsv, pipes or multi",
            );
            "csv"
        }
    };
    let csv = match location {
        "query" | "formData" => (Some("form"), Some(false)),
        _ => (Some("simple"), Some(false)),
    };
    match (format, location) {
        ("csv", _) => csv,
        ("multi", "query" | "formData") => (Some("form"), Some(true)),
        ("ssv", "query") => (Some("spaceDelimited"), Some(false)),
        ("pipes", "query") => (Some("pipeDelimited"), Some(false)),
        ("tsv", _) => {
            ctx.diags.warn(&here, "`collectionFormat: tsv` has no OpenAPI 3.0 equivalent; read as csv (comma-separated)", "use csv, or document the tab separator in the description");
            csv
        }
        ("multi" | "ssv" | "pipes", _) => {
            ctx.diags.warn(
                &here,
                format!("`collectionFormat: {format}` is not allowed in {location}; read as csv"),
                "use csv here",
            );
            csv
        }
        _ => {
            ctx.diags.warn(
                &here,
                format!("unknown `collectionFormat: {format}`; read as csv"),
                "use csv, ssv, tsv, pipes or multi",
            );
            csv
        }
    }
}

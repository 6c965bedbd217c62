//! Schema objects: `$ref` targets, `x-nullable`, string discriminators,
//! `type: file`, and the keys 2.0 and 3.0 do not share.

use super::keys;
use super::Ctx;
use crate::load::pointer;
use serde_json::{Map, Value};

/// Annotations that may sit beside a `$ref`; they are kept by wrapping the
/// reference in a one-element `allOf`.
const REF_ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "default",
    "readOnly",
    "x-nullable",
];

/// Converts one schema and checks that OpenAPI 3.0 can read the result
/// (unless converting it already found what is wrong).
pub(super) fn root(value: &Value, at: &str, ctx: &mut Ctx) -> Value {
    let errors = ctx.diags.error_count();
    let out = convert(value, at, ctx);
    if ctx.diags.error_count() == errors {
        ctx.check_typed::<openapiv3::ReferenceOr<openapiv3::Schema>>(&out, at, "schema");
    }
    out
}

/// Converts a schema and everything under it.
pub(super) fn convert(value: &Value, at: &str, ctx: &mut Ctx) -> Value {
    let Some(schema) = ctx.mapping(value, at, "a schema", "write the schema as a mapping") else {
        return Value::Object(Map::new());
    };
    if let Some(target) = schema.get("$ref") {
        return reference(schema, target, at, ctx);
    }
    keys::check(
        schema,
        &[
            keys::SCHEMA,
            keys::VALIDATION,
            keys::SCHEMA_3_ONLY,
            &["x-nullable"],
        ],
        at,
        "a schema",
        ctx.diags,
    );
    check_shapes(schema, at, ctx);
    let mut out = Map::new();
    for (key, v) in schema {
        let here = pointer::child(at, key);
        match key.as_str() {
            "type" if v == "file" => {
                out.insert("type".into(), "string".into());
                out.insert("format".into(), "binary".into());
            }
            "format" if schema.get("type").is_some_and(|t| t == "file") => {}
            "x-nullable" => match v {
                Value::Bool(b) => {
                    out.insert("nullable".into(), Value::Bool(*b));
                }
                _ => ctx.diags.warn(
                    &here,
                    "`x-nullable` is not a boolean; ignored",
                    "write `x-nullable: true`",
                ),
            },
            "discriminator" => {
                let d = match v {
                    Value::String(name) => serde_json::json!({ "propertyName": name }),
                    other => other.clone(),
                };
                out.insert(key.clone(), d);
            }
            "properties" => {
                out.insert(key.clone(), map_of_schemas(v, &here, ctx));
            }
            "items" | "not" => {
                out.insert(key.clone(), convert(v, &here, ctx));
            }
            "additionalProperties" => {
                let ap = if v.is_boolean() {
                    v.clone()
                } else {
                    convert(v, &here, ctx)
                };
                out.insert(key.clone(), ap);
            }
            "allOf" | "oneOf" | "anyOf" => {
                out.insert(key.clone(), list_of_schemas(v, &here, ctx));
            }
            k if keys::SCHEMA_3_ONLY.contains(&k) => {
                ctx.diags.warn(
                    &here,
                    format!("`{k}` is OpenAPI 3.0, not Swagger 2.0; kept as 3.0 reads it"),
                    "fine if intended; a Swagger 2.0 tool will not see it",
                );
                out.insert(key.clone(), v.clone());
            }
            k if keys::SCHEMA.contains(&k)
                || keys::VALIDATION.contains(&k)
                || keys::is_extension(k) =>
            {
                out.insert(key.clone(), v.clone());
            }
            _ => {}
        }
    }
    Value::Object(out)
}

/// A `$ref` schema. Annotations beside it are kept (wrapped in `allOf`);
/// anything else beside it is ignored, as Swagger 2.0 ignores it, with a
/// warning.
fn reference(schema: &Map<String, Value>, target: &Value, at: &str, ctx: &mut Ctx) -> Value {
    let Value::String(target) = target else {
        ctx.diags.error(
            &pointer::child(at, "$ref"),
            "`$ref` must be a string",
            "write the reference as `'#/definitions/Name'`",
        );
        return Value::Object(Map::new());
    };
    let reference =
        serde_json::json!({ "$ref": ctx.rewrite_ref(target, &pointer::child(at, "$ref")) });
    let target_type = target
        .strip_prefix('#')
        .and_then(|f| pointer::resolve(ctx.doc, &pointer::decode_fragment(f)))
        .and_then(|t| t.get("type"));
    let mut annotations = Map::new();
    for (key, v) in schema {
        if key == "$ref" {
            continue;
        }
        if key == "x-nullable" {
            if let Value::Bool(b) = v {
                annotations.insert("nullable".into(), Value::Bool(*b));
            }
        } else if REF_ANNOTATIONS.contains(&key.as_str()) || keys::is_extension(key) {
            annotations.insert(key.clone(), v.clone());
        } else if key == "type" && target_type == Some(v) {
            // The target says the same: dropping it loses nothing.
        } else {
            ctx.diags.warn(
                &pointer::child(at, key),
                format!("`{key}` beside `$ref` ignored: a reference stands for the whole schema"),
                "remove it, or move it into the referenced definition",
            );
        }
    }
    if annotations.is_empty() {
        return reference;
    }
    annotations.insert("allOf".into(), Value::Array(vec![reference]));
    Value::Object(annotations)
}

/// The mistakes OpenAPI 3.0's types would only report for the schema as a
/// whole, reported at the key that is wrong.
fn check_shapes(schema: &Map<String, Value>, at: &str, ctx: &mut Ctx) {
    if let Some(t) = schema.get("type").filter(|t| !t.is_string()) {
        ctx.diags.error(
            &pointer::child(at, "type"),
            format!("`type` must be one string, found {}", super::kind(t)),
            "use one of string, number, integer, boolean, array, object",
        );
    }
    let names = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    if let Some(r) = schema.get("required").filter(|r| !names(r)) {
        ctx.diags.error(
            &pointer::child(at, "required"),
            format!(
                "a schema's `required` lists property names, found {}",
                super::kind(r)
            ),
            "write `required: [name, …]` on the object; `required: true` belongs on parameters",
        );
    }
}

fn map_of_schemas(value: &Value, at: &str, ctx: &mut Ctx) -> Value {
    let Value::Object(map) = value else {
        ctx.diags.error(
            at,
            format!(
                "expected a mapping of schemas, found {}",
                super::kind(value)
            ),
            "write one schema per name",
        );
        return Value::Object(Map::new());
    };
    Value::Object(
        map.iter()
            .map(|(k, v)| (k.clone(), convert(v, &pointer::child(at, k), ctx)))
            .collect(),
    )
}

fn list_of_schemas(value: &Value, at: &str, ctx: &mut Ctx) -> Value {
    let Value::Array(items) = value else {
        ctx.diags.error(
            at,
            format!("expected a list of schemas, found {}", super::kind(value)),
            "write the schemas as a YAML list",
        );
        return Value::Array(Vec::new());
    };
    Value::Array(
        items
            .iter()
            .enumerate()
            .map(|(i, v)| convert(v, &pointer::index(at, i), ctx))
            .collect(),
    )
}

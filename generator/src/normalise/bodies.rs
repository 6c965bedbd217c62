//! Request bodies: the `body` parameter and `formData` parameters become one
//! `requestBody` with a content map built from `consumes`.

use super::keys;
use super::parameters::{self, Param};
use super::{schema, Ctx};
use crate::load::pointer;
use serde_json::{json, Map, Value};

/// The extension that keeps a Swagger 2.0 body parameter's name, for the
/// record: OpenAPI 3.0 bodies have no name, so the generated argument is
/// `body` in both dialects and this key names nothing.
pub const SWAGGER_BODY_NAME: &str = "x-body-name";

const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// A `body` parameter as a request body, one content entry per media type.
pub(super) fn body(p: &Param, consumes: &[String], ctx: &mut Ctx) -> Value {
    keys::check(
        p.object,
        &[keys::PARAMETER],
        &p.at,
        "a body parameter",
        ctx.diags,
    );
    let here = pointer::child(&p.at, "schema");
    let body_schema = match p.object.get("schema") {
        Some(s) => schema::root(s, &here, ctx),
        None => {
            ctx.diags.error(
                &p.at,
                format!("body parameter `{}` has no `schema`", p.name()),
                "add a `schema` describing the body",
            );
            Value::Object(Map::new())
        }
    };
    let mut out = Map::new();
    keys::copy(p.object, &["description", "required"], &mut out);
    let content: Map<String, Value> = consumes
        .iter()
        .map(|mime| (mime.clone(), json!({ "schema": body_schema })))
        .collect();
    out.insert("content".into(), Value::Object(content));
    out.insert(SWAGGER_BODY_NAME.into(), p.name().into());
    keys::copy_extensions(p.object, &mut out);
    Value::Object(out)
}

/// `formData` parameters as one object schema under the form media types.
pub(super) fn form(params: &[Param], consumes: &[String], at: &str, ctx: &mut Ctx) -> Value {
    let has_file = params
        .iter()
        .any(|p| p.object.get("type").is_some_and(|t| t == "file"));
    let mut mimes: Vec<&str> = consumes
        .iter()
        .map(String::as_str)
        .filter(|m| *m == MULTIPART || *m == URLENCODED)
        .collect();
    if mimes.is_empty() {
        let assumed = if has_file { MULTIPART } else { URLENCODED };
        ctx.diags.warn(
            at,
            format!("formData parameters, but `consumes` lists neither {MULTIPART} nor {URLENCODED}; read as {assumed}"),
            format!("add `consumes: [{assumed}]` to the operation"),
        );
        mimes.push(assumed);
    }
    if has_file && !mimes.contains(&MULTIPART) {
        ctx.diags.warn(
            at,
            format!(
                "a `type: file` parameter needs {MULTIPART}; files cannot be sent as {URLENCODED}"
            ),
            format!("add {MULTIPART} to `consumes`"),
        );
    }
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut encoding = Map::new();
    for p in params {
        keys::check(
            p.object,
            &[keys::PARAMETER, keys::SIMPLE_TYPE, keys::VALIDATION],
            &p.at,
            "a formData parameter",
            ctx.diags,
        );
        if p.object.contains_key("allowEmptyValue") {
            ctx.diags.warn(
                &pointer::child(&p.at, "allowEmptyValue"),
                "`allowEmptyValue` on a form field has no OpenAPI 3.0 equivalent; ignored",
                "remove it",
            );
        }
        let mut property = parameters::simple_schema(p.object, &p.at, ctx);
        if let (Value::Object(map), Some(d)) = (&mut property, p.object.get("description")) {
            map.insert("description".into(), d.clone());
        }
        if let Value::Object(map) = &mut property {
            keys::copy_extensions(p.object, map);
        }
        properties.insert(p.name().to_owned(), property);
        if p.object.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(p.name().to_owned()));
        }
        if let (Some(style), Some(explode)) = parameters::style(p.object, "formData", &p.at, ctx) {
            encoding.insert(
                p.name().to_owned(),
                json!({ "style": style, "explode": explode }),
            );
        }
    }
    let mut form_schema = Map::new();
    form_schema.insert("type".into(), "object".into());
    form_schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        form_schema.insert("required".into(), Value::Array(required.clone()));
    }
    let form_schema = Value::Object(form_schema);
    let content: Map<String, Value> = mimes
        .iter()
        .map(|&mime| {
            let mut media = json!({ "schema": form_schema });
            if mime == URLENCODED && !encoding.is_empty() {
                media["encoding"] = Value::Object(encoding.clone());
            }
            (mime.to_owned(), media)
        })
        .collect();
    let mut out = Map::new();
    out.insert("content".into(), Value::Object(content));
    if !required.is_empty() {
        out.insert("required".into(), Value::Bool(true));
    }
    Value::Object(out)
}

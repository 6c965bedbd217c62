//! Responses: a schema becomes one content entry per produced media type,
//! `examples` move beside the schema they illustrate, headers get a schema.

use super::keys;
use super::parameters::simple_schema;
use super::{schema, Ctx};
use crate::load::pointer;
use serde_json::{Map, Value};

/// An operation's `responses` map.
pub(super) fn responses(value: &Value, produces: &[String], at: &str, ctx: &mut Ctx) -> Value {
    let Value::Object(map) = value else {
        ctx.diags.error(
            at,
            format!(
                "`responses` must be a mapping, found {}",
                super::kind(value)
            ),
            "map status codes to responses",
        );
        return Value::Object(Map::new());
    };
    if map.keys().all(|k| keys::is_extension(k)) {
        ctx.diags.warn(
            at,
            "an operation without any response",
            "add at least the success response",
        );
    }
    let mut out = Map::new();
    for (code, response) in map {
        let here = pointer::child(at, code);
        if keys::is_extension(code) {
            out.insert(code.clone(), response.clone());
        } else if is_status(code) {
            out.insert(code.clone(), one(response, produces, &here, ctx));
        } else {
            ctx.diags.error(
                &here,
                format!("`{code}` is not a status code"),
                "use a code from 100 to 599, a range such as 4XX, or `default`",
            );
        }
    }
    Value::Object(out)
}

fn is_status(code: &str) -> bool {
    let b = code.as_bytes();
    code == "default"
        || (b.len() == 3
            && (b'1'..=b'5').contains(&b[0])
            && (b[1..].iter().all(u8::is_ascii_digit) || b[1..].eq_ignore_ascii_case(b"XX")))
}

/// One response, or a reference to `#/responses/…`.
pub(super) fn one(value: &Value, produces: &[String], at: &str, ctx: &mut Ctx) -> Value {
    let Some(response) = ctx.mapping(
        value,
        at,
        "a response",
        "write `description:` and, if it has a body, `schema:`",
    ) else {
        return Value::Object(Map::new());
    };
    if let Some(target) = response.get("$ref").and_then(Value::as_str) {
        return serde_json::json!({ "$ref": ctx.rewrite_ref(target, &pointer::child(at, "$ref")) });
    }
    keys::check(response, &[keys::RESPONSE], at, "a response", ctx.diags);
    let mut out = Map::new();
    match response.get("description") {
        Some(d) => {
            out.insert("description".into(), d.clone());
        }
        None => {
            ctx.diags.warn(
                at,
                "a response without `description`; an empty one is used",
                "add a `description`",
            );
            out.insert("description".into(), "".into());
        }
    }
    if let Some(Value::Object(headers)) = response.get("headers") {
        let here = pointer::child(at, "headers");
        let converted = headers
            .iter()
            .map(|(name, h)| (name.clone(), header(h, &pointer::child(&here, name), ctx)));
        out.insert("headers".into(), Value::Object(converted.collect()));
    }
    let examples = match response.get("examples") {
        Some(Value::Object(examples)) => examples.clone(),
        Some(other) => {
            ctx.diags.warn(
                &pointer::child(at, "examples"),
                format!(
                    "`examples` must map media types to examples, found {}; ignored",
                    super::kind(other)
                ),
                "write `examples: {application/json: …}`",
            );
            Map::new()
        }
        None => Map::new(),
    };
    match response.get("schema") {
        Some(s) => {
            let body = schema::root(s, &pointer::child(at, "schema"), ctx);
            out.insert(
                "content".into(),
                content(&body, produces, &examples, at, ctx),
            );
        }
        None => {
            for mime in examples.keys() {
                ctx.diags.warn(
                    &pointer::child(&pointer::child(at, "examples"), mime),
                    "an example for a response without a `schema` (no body); ignored",
                    "remove the example, or add the `schema` it illustrates",
                );
            }
        }
    }
    keys::copy_extensions(response, &mut out);
    Value::Object(out)
}

fn content(
    body: &Value,
    produces: &[String],
    examples: &Map<String, Value>,
    at: &str,
    ctx: &mut Ctx,
) -> Value {
    let mut content = Map::new();
    for mime in produces {
        let mut media = Map::new();
        media.insert("schema".into(), body.clone());
        if let Some(example) = examples.get(mime) {
            media.insert("example".into(), example.clone());
        }
        content.insert(mime.clone(), Value::Object(media));
    }
    for mime in examples.keys().filter(|m| !produces.contains(m)) {
        ctx.diags.warn(
            &pointer::child(&pointer::child(at, "examples"), mime),
            format!("an example for `{mime}`, which the operation does not produce; ignored"),
            format!("add `{mime}` to `produces`, or remove the example"),
        );
    }
    Value::Object(content)
}

fn header(value: &Value, at: &str, ctx: &mut Ctx) -> Value {
    let Some(h) = ctx.mapping(value, at, "a header", "write `type:` and `description:`") else {
        return Value::Object(Map::new());
    };
    keys::check(
        h,
        &[keys::HEADER, keys::SIMPLE_TYPE, keys::VALIDATION],
        at,
        "a header",
        ctx.diags,
    );
    let mut out = Map::new();
    keys::copy(h, &["description"], &mut out);
    super::parameters::style(h, "header", at, ctx);
    out.insert("schema".into(), simple_schema(h, at, ctx));
    keys::copy_extensions(h, &mut out);
    Value::Object(out)
}

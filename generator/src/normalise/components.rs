//! `definitions`, `parameters`, `responses` and `securityDefinitions` →
//! `components`.

use super::operations::or_json;
use super::{bodies, parameters, responses, schema, security, Ctx};
use crate::load::pointer;
use serde_json::{Map, Value};

pub(super) fn components<'a>(
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

//! Sample calls, one per operation, for the generated test that checks each
//! method sends the method, path, query and headers the spec defines.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use templates::model::{
    CallCheck, Module, Operation, ParamLocation, PathPiece, Response, Type, TypeDef,
};

/// The value every sample credential header carries.
pub const SAMPLE_TOKEN: &str = "sample-token";

pub fn checks(operations: &[Operation], modules: &[Module], base_path: &str) -> Vec<CallCheck> {
    let types: BTreeMap<&str, &TypeDef> = modules
        .iter()
        .flat_map(|m| &m.types)
        .map(|t| (t.name(), t))
        .collect();
    operations
        .iter()
        .map(|op| check(op, &types, base_path))
        .collect()
}

fn check(op: &Operation, types: &BTreeMap<&str, &TypeDef>, base_path: &str) -> CallCheck {
    let local: BTreeMap<&str, &TypeDef> = op.types.iter().map(|t| (t.name(), t)).collect();
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    // Scalar arguments get values of their own (the wire name, the
    // position), so two arguments swapped on the wire do not go unnoticed.
    let samples: BTreeMap<&str, Value> = required
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let value = match p.ty {
                Type::String | Type::Text => json!(format!("{}-value", p.wire)),
                Type::Binary => json!(p.wire.as_bytes()),
                Type::I32 | Type::I64 => json!(i + 1),
                _ => sample(&p.ty, types, &local, 0),
            };
            (p.name.as_str(), value)
        })
        .collect();
    let sample = |ty: &Type| sample(ty, types, &local, 0);
    let wire_text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut path = base_path.to_owned();
    for pieces in &op.segments {
        path.push('/');
        for piece in pieces {
            match piece {
                PathPiece::Literal(text) => path.push_str(text),
                PathPiece::Param(name) => {
                    path.push_str(&samples.get(name.as_str()).map_or("1".to_owned(), wire_text));
                }
            }
        }
    }
    let pairs = |location: fn(ParamLocation) -> bool| {
        required
            .iter()
            .filter(|p| location(p.location))
            .map(|p| (p.wire.clone(), wire_text(&samples[p.name.as_str()])))
            .collect::<Vec<_>>()
    };
    let query = pairs(|l| matches!(l, ParamLocation::Query(_)));
    let mut headers = pairs(|l| l == ParamLocation::Header);
    headers.extend(
        op.credentials
            .iter()
            .map(|c| (c.clone(), SAMPLE_TOKEN.to_owned())),
    );
    let whole_body = required.iter().find(|p| p.location == ParamLocation::Body);
    let body = whole_body
        .filter(|p| !matches!(p.ty, Type::Binary | Type::Text))
        .map(|p| samples[p.name.as_str()].to_string());
    let raw_body = whole_body
        .filter(|p| matches!(p.ty, Type::Binary | Type::Text))
        .map(|p| match &samples[p.name.as_str()] {
            Value::String(text) => text.as_bytes().to_vec(),
            bytes => serde_json::from_value(bytes.clone()).unwrap_or_default(),
        });
    if let (Some(_), Some(content_type)) = (whole_body, &op.content_type) {
        headers.push(("content-type".to_owned(), content_type.clone()));
    }
    let (status, response) = match &op.response {
        Response::Empty => (200, None),
        Response::Json(ty) => (200, Some(sample(ty).to_string())),
        Response::Choice { outcomes, .. } => {
            let typed = outcomes
                .iter()
                .find(|o| o.ty.is_some())
                .unwrap_or(&outcomes[0]);
            (
                typed.status,
                typed.ty.as_ref().map(|ty| sample(ty).to_string()),
            )
        }
    };
    CallCheck {
        method_name: op.method_name.clone(),
        http_method: op.http_method.clone(),
        path,
        args: required
            .iter()
            .map(|p| (p.ty.clone(), samples[p.name.as_str()].to_string()))
            .collect(),
        uses_operation_types: required
            .iter()
            .any(|p| matches!(&p.ty, Type::Named(n) if local.contains_key(n.as_str()))),
        query,
        headers,
        body,
        raw_body,
        status,
        response,
    }
}

/// The smallest valid JSON for a type: required fields only, first enum
/// values, empty lists and maps.
fn sample(
    ty: &Type,
    types: &BTreeMap<&str, &TypeDef>,
    local: &BTreeMap<&str, &TypeDef>,
    depth: usize,
) -> Value {
    let again = |ty: &Type| sample(ty, types, local, depth + 1);
    match ty {
        Type::I32 | Type::I64 => json!(1),
        Type::F32 | Type::F64 => json!(1.5),
        Type::Bool => json!(true),
        Type::String => json!("s"),
        Type::LongString => json!("1"),
        Type::Bytes | Type::Binary | Type::Text => json!(""),
        Type::File => json!(null),
        Type::Json | Type::Map(_) => json!({}),
        Type::Vec(_) => json!([]),
        Type::Named(name) | Type::Boxed(name) if depth < 16 => {
            match local
                .get(name.as_str())
                .or_else(|| types.get(name.as_str()))
            {
                Some(TypeDef::Enum(e)) => e.variants.first().map_or(json!("s"), |v| json!(v.wire)),
                Some(TypeDef::Alias(a)) => again(&a.ty),
                Some(TypeDef::Union(u)) => match u.variants.first() {
                    Some(v) => {
                        let mut value = again(&v.ty);
                        if let (Some(tag), Some(first), Value::Object(map)) =
                            (&u.tag, v.tags.first(), &mut value)
                        {
                            map.insert(tag.clone(), json!(first));
                        }
                        value
                    }
                    None => json!({}),
                },
                Some(TypeDef::Struct(s)) => Value::Object(
                    s.fields
                        .iter()
                        .filter(|f| f.presence.is_required())
                        .map(|f| (f.wire.clone(), again(&f.ty)))
                        .collect(),
                ),
                None => json!({}),
            }
        }
        Type::Named(_) | Type::Boxed(_) => Value::Null,
    }
}

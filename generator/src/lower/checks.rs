//! Sample calls, one per operation, for the generated test that checks each
//! method sends the method, path, query and headers the spec defines.

use crate::settings::Settings;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use templates::model::{
    CallCheck, Module, Operation, Param, ParamLocation, PathPiece, Presence, Response, Type,
    TypeDef,
};
use templates::query::object_pairs;

/// The value every sample credential header carries.
/// The credential value the generated tests' client sends.
pub const SAMPLE_TOKEN: &str = "sample-token";

/// One call per operation, with sample arguments and what it must send
/// and receive, for the generated operation and conformance tests.
pub fn checks(
    operations: &[Operation],
    modules: &[Module],
    base_path: &str,
    settings: &Settings,
) -> Vec<CallCheck> {
    let types: BTreeMap<&str, &TypeDef> = modules
        .iter()
        .flat_map(|m| &m.types)
        .map(|t| (t.name(), t))
        .collect();
    operations
        .iter()
        .map(|op| check(op, &types, base_path, settings))
        .collect()
}

fn check(
    op: &Operation,
    types: &BTreeMap<&str, &TypeDef>,
    base_path: &str,
    settings: &Settings,
) -> CallCheck {
    let local: BTreeMap<&str, &TypeDef> = op.types.iter().map(|t| (t.name(), t)).collect();
    let samples_of = Samples {
        types,
        local: &local,
    };
    let required: Vec<_> = op.params.iter().filter(|p| p.required).collect();
    // Scalar arguments get values of their own (the wire name, the
    // position), so two arguments swapped on the wire do not go unnoticed.
    let samples: BTreeMap<&str, Value> = required
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let value = match p.ty {
                Type::String | Type::Text => string_sample(p.format.as_deref(), &p.wire),
                Type::Binary => json!(p.wire.as_bytes()),
                Type::I32 | Type::I64 => json!(i + 1),
                // An empty list would be an empty path segment or header,
                // or no query pair at all: a required list gets items.
                Type::Vec(_)
                    if matches!(
                        p.location,
                        ParamLocation::Path(_)
                            | ParamLocation::Header
                            | ParamLocation::Query(_)
                            | ParamLocation::QueryObject(_)
                    ) =>
                {
                    samples_of.full(&p.ty)
                }
                _ => samples_of.minimal(&p.ty),
            };
            (p.name.as_str(), value)
        })
        .collect();
    let sample = |ty: &Type| samples_of.minimal(ty);
    // What the client writes: text as is, lists comma-separated.
    fn wire_text(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(wire_text).collect::<Vec<_>>().join(","),
            other => other.to_string(),
        }
    }
    let mut path = base_path.to_owned();
    for pieces in &op.segments {
        let mut segment = String::new();
        for piece in pieces {
            match piece {
                PathPiece::Literal(text) => segment.push_str(text),
                PathPiece::Param(name) => {
                    let value = samples.get(name.as_str());
                    match op.params.iter().find(|p| p.name == *name) {
                        Some(Param {
                            location: ParamLocation::Path(style),
                            wire,
                            ..
                        }) => {
                            segment.push_str(&style.prefix(wire));
                            segment.push_str(&match value {
                                Some(Value::Array(items)) => items
                                    .iter()
                                    .map(wire_text)
                                    .collect::<Vec<_>>()
                                    .join(&style.separator(wire)),
                                other => other.map_or("1".to_owned(), wire_text),
                            });
                        }
                        _ => segment.push_str(&value.map_or("1".to_owned(), wire_text)),
                    }
                }
            }
        }
        path.push('/');
        path.push_str(&segment_encoded(&segment));
    }
    let pairs = |location: fn(ParamLocation) -> bool| {
        required
            .iter()
            .filter(|p| location(p.location))
            .flat_map(|p| {
                let value = &samples[p.name.as_str()];
                match p.location {
                    ParamLocation::QueryObject(style) => {
                        object_pairs(&p.wire, value, style.object_style())
                    }
                    _ => vec![(p.wire.clone(), wire_text(value))],
                }
            })
            .collect::<Vec<_>>()
    };
    let query = pairs(|l| matches!(l, ParamLocation::Query(_) | ParamLocation::QueryObject(_)));
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
    let full_args = required
        .iter()
        .map(|p| match p.ty {
            Type::Named(_) | Type::Vec(_) | Type::Map(_) => {
                (p.ty.clone(), samples_of.full(&p.ty).to_string())
            }
            _ => (p.ty.clone(), samples[p.name.as_str()].to_string()),
        })
        .collect();
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| {
            let value = match p.ty {
                Type::String | Type::Text => string_sample(p.format.as_deref(), &p.wire),
                _ => samples_of.full(&p.ty),
            };
            (p.name.clone(), p.ty.clone(), value.to_string())
        })
        .collect();
    let (status, response) = match &op.response {
        Response::Empty => (200, None),
        Response::Json(ty) => (200, Some(sample(ty).to_string())),
        Response::Optional { some, .. } => (
            some.status,
            some.ty.as_ref().map(|ty| sample(ty).to_string()),
        ),
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
    let label = format!("{} {} {status}", op.http_method, op.path);
    CallCheck {
        full_args,
        setters,
        bad_example: settings.bad_examples.get(&label).cloned(),
        defect: settings.conformance_defects.get(&op.method_name).cloned(),
        method_name: op.method_name.clone(),
        http_method: op.http_method.clone(),
        path,
        args: required
            .iter()
            .map(|p| (p.ty.clone(), samples[p.name.as_str()].to_string()))
            .collect(),
        query,
        headers,
        body,
        raw_body,
        status,
        response,
    }
}

/// A string sample: valid for its format, else named after the wire name
/// (so two arguments swapped on the wire do not go unnoticed).
fn string_sample(format: Option<&str>, wire: &str) -> Value {
    let text = match format {
        Some("email") => "someone@example.com".to_owned(),
        Some("date-time") => "2024-01-02T03:04:05Z".to_owned(),
        Some("date") => "2024-01-02".to_owned(),
        Some("uuid") => "00000000-0000-4000-8000-000000000001".to_owned(),
        Some("uri") => "https://example.com/".to_owned(),
        Some("hostname") => "example.com".to_owned(),
        Some("ipv4") => "192.0.2.1".to_owned(),
        Some("ipv6") => "2001:db8::1".to_owned(),
        _ => format!("{wire}-value"),
    };
    json!(text)
}

/// Sample JSON values of the crate's types.
struct Samples<'a> {
    types: &'a BTreeMap<&'a str, &'a TypeDef>,
    local: &'a BTreeMap<&'a str, &'a TypeDef>,
}

impl Samples<'_> {
    /// The smallest valid JSON for a type: required fields only, first enum
    /// values, empty lists and maps.
    fn minimal(&self, ty: &Type) -> Value {
        self.sample(ty, false, 0)
    }

    /// A JSON value with every field set and one item in each list, a few
    /// levels deep.
    fn full(&self, ty: &Type) -> Value {
        self.sample(ty, true, 0)
    }

    fn sample(&self, ty: &Type, full: bool, depth: usize) -> Value {
        let again = |ty: &Type| self.sample(ty, full, depth + 1);
        let deeper = full && depth < 3;
        match ty {
            Type::I32 | Type::I64 => json!(1),
            Type::F32 | Type::F64 => json!(1.5),
            Type::Bool => json!(true),
            Type::String => json!("s"),
            Type::LongString => json!("1"),
            Type::Bytes | Type::Binary | Type::Text => json!(""),
            Type::File => json!(null),
            Type::Map(value) if deeper => json!({ "key": again(value) }),
            Type::Json | Type::Map(_) => json!({}),
            Type::Vec(item) if deeper => json!([again(item)]),
            Type::Vec(_) => json!([]),
            Type::Nullable(inner) if deeper => again(inner),
            Type::Nullable(_) => Value::Null,
            Type::Named(name) | Type::Boxed(name) if depth < 16 => {
                match self
                    .local
                    .get(name.as_str())
                    .or_else(|| self.types.get(name.as_str()))
                {
                    Some(TypeDef::Enum(e)) => {
                        e.variants.first().map_or(json!("s"), |v| json!(v.wire))
                    }
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
                            .filter(|f| f.presence != Presence::Optional || deeper)
                            .map(|f| {
                                let format =
                                    f.constraints.iter().find_map(|c| c.strip_prefix("format "));
                                let value = match (&f.ty, format) {
                                    // Required but nullable: always sent,
                                    // as `null` when unset.
                                    _ if f.presence == Presence::Nullable && !deeper => Value::Null,
                                    (Type::String, Some(_)) => string_sample(format, "s"),
                                    _ => again(&f.ty),
                                };
                                (f.wire.clone(), value)
                            })
                            .collect(),
                    ),
                    None => json!({}),
                }
            }
            Type::Named(_) | Type::Boxed(_) => Value::Null,
        }
    }
}

/// A path segment as an http(s) URL carries it: the WHATWG URL standard's
/// path-segment percent-encode set for special schemes (what the client's
/// `url` crate applies), so a test expects the bytes that are sent.
fn segment_encoded(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        let encoded = !(0x20..0x7f).contains(&b)
            || matches!(
                b,
                b' ' | b'"' | b'<' | b'>' | b'`' | b'#' | b'?' | b'{' | b'}' | b'/' | b'%' | b'\\'
            );
        if encoded {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

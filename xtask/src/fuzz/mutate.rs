//! The mutations: a spec read as a JSON value, changed at one to three
//! random nodes (deleted, replaced by an awkward value, renamed, copied,
//! given a `type`, `$ref`, `enum` or `required`), written back as YAML or
//! JSON; or its text cut, spliced or sprinkled with awkward bytes.

use serde_json::{json, Map, Value};
use std::path::Path;

/// Names and text that have broken generators: keywords, prelude and
/// runtime names, associated items a generated impl names (`Err`), names that meet after snake_case, doc-test fences,
/// control and direction characters, path syntax, long names.
const AWKWARD: &[&str] = &[
    "",
    "123",
    "type",
    "self",
    "Self",
    "mod",
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "Error",
    "BTreeMap",
    "Client",
    "Request",
    "Stream",
    "send",
    "builder",
    "baseUrl",
    "client",
    "user-id",
    "user_id",
    "userId",
    "extra_fields",
    "extra_fields_",
    "X-Trace-Id",
    "a\rb",
    "line\nbreak",
    "~~~\nassert!(false);\n~~~",
    "```\npanic!()\n```",
    "`````\nx\n`````",
    "quote \" and \\ backslash",
    "\u{202E}reversed",
    "tab\there",
    "{id}",
    "/..",
    "%2F",
    "null",
    "#/definitions/Missing",
    "#/components/schemas/Missing",
    "strnig",
    "ünïcödé",
    "_",
    "__proto__",
    "get",
    "200",
    "default",
    "err",
    "Ok",
    "Output",
    "Target",
    "Item",
    "Owned",
    "Some",
    "None",
];

/// A name the code takes, as a spec would write it: as it is, or in
/// camelCase or PascalCase (`from_bdk_config` as `fromBdkConfig`).
fn own_name(rng: &mut fastrand::Rng) -> String {
    use heck::{ToLowerCamelCase, ToPascalCase};
    let names = templates::reserved::all();
    let name = names[rng.usize(..names.len())];
    match rng.u8(0..3) {
        0 => name.to_lower_camel_case(),
        1 => name.to_pascal_case(),
        _ => name.to_owned(),
    }
}

/// Names one operation, parameter, property or schema of `doc` after an
/// item of the generated code (a schema's references follow it). Says what
/// it renamed, when it found something to rename.
fn name_after_the_code(doc: &mut Value, rng: &mut fastrand::Rng) -> Option<String> {
    let name = own_name(rng);
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let schemas: &[&str] = if doc.get("openapi").is_some() {
        &["components", "schemas"]
    } else {
        &["definitions"]
    };
    let pick = |want: &dyn Fn(&[Step]) -> bool, rng: &mut fastrand::Rng| {
        let found: Vec<&Vec<Step>> = all.iter().filter(|p| want(p)).collect();
        (!found.is_empty()).then(|| found[rng.usize(..found.len())].clone())
    };
    let key = |step: Option<&Step>, k: &str| matches!(step, Some(Step::Key(s)) if s == k);
    match rng.u8(0..4) {
        0 => {
            // An operation: `paths./x.get`.
            let at = pick(
                &|p| {
                    p.len() == 3
                        && key(p.first(), "paths")
                        && matches!(&p[2], Step::Key(m) if HTTP_METHODS.contains(&m.as_str()))
                },
                rng,
            )?;
            let op = node(doc, &at)?.as_object_mut()?;
            op.insert("operationId".into(), json!(name));
            Some(format!("an operationId `{name}`"))
        }
        1 => {
            // A parameter: an object with `in` and `name`.
            let at = pick(&|p| key(p.last(), "name") && p.len() > 2, rng)?;
            let (_, parent) = at.split_last()?;
            let param = node(doc, parent)?.as_object_mut()?;
            param.get("in")?;
            param.insert("name".into(), json!(name));
            Some(format!("a parameter `{name}`"))
        }
        2 => {
            // A property: a key of a `properties` map.
            let at = pick(
                &|p| p.len() > 1 && key(p.get(p.len() - 2), "properties"),
                rng,
            )?;
            rename_key(doc, &at, &name)?;
            Some(format!("a property `{name}`"))
        }
        _ => {
            // A schema, and every reference to it.
            let depth = schemas.len() + 1;
            let at = pick(
                &|p| p.len() == depth && p.iter().zip(schemas).all(|(s, k)| key(Some(s), k)),
                rng,
            )?;
            let old = rename_key(doc, &at, &name)?;
            let prefix = format!("#/{}/", schemas.join("/"));
            retarget(doc, &format!("{prefix}{old}"), &format!("{prefix}{name}"));
            Some(format!("a schema `{name}`"))
        }
    }
}

/// Renames the key at `at` to `name`; the old key, when there was one.
fn rename_key(doc: &mut Value, at: &[Step], name: &str) -> Option<String> {
    let (Step::Key(old), parent) = at.split_last()? else {
        return None;
    };
    let map = node(doc, parent)?.as_object_mut()?;
    let value = map.shift_remove(old)?;
    map.insert(name.to_owned(), value);
    Some(old.clone())
}

/// The HTTP methods a path item holds operations under.
const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Points every `$ref` to `from` at `to` instead.
fn retarget(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if k == "$ref" && v.as_str() == Some(from) {
                    *v = json!(to);
                } else {
                    retarget(v, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, from, to)),
        _ => {}
    }
}

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "file", "null", "strnig",
];

/// The specs mutated: the workspace's pod spec and its OpenAPI 3.0
/// rendition (what `cargo xtask normalise` prints) first, then every
/// fixture of either dialect.
pub(super) struct Corpus {
    specs: Vec<Spec>,
}

/// How many specs at the front of the corpus are the pod spec's.
const POD_SPECS: usize = 2;

struct Spec {
    origin: String,
    text: Vec<u8>,
    /// The document, when it parses.
    value: Option<Value>,
}

/// A spec's dialect, from its document: `Swagger 2.0` or `OpenAPI 3.0`.
pub(super) fn dialect(value: Option<&Value>) -> &'static str {
    match value {
        Some(v) if v.get("openapi").is_some() => "OpenAPI 3.0",
        Some(v) if v.get("swagger").is_some() => "Swagger 2.0",
        _ => "unknown",
    }
}

impl Corpus {
    pub(super) fn load(root: &Path) -> Result<Corpus, String> {
        let mut paths = vec![root.join(crate::workspace::SPEC)];
        let mut fixtures = Vec::new();
        let dir = root.join("generator/tests/fixtures");
        for group in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let group = group.map_err(|e| e.to_string())?.path();
            for file in std::fs::read_dir(&group).into_iter().flatten().flatten() {
                fixtures.push(file.path());
            }
        }
        fixtures.sort();
        paths.extend(fixtures);
        let mut specs = paths
            .into_iter()
            .map(|path| {
                let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let origin = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                let mut diags = generator::Diagnostics::default();
                let source = generator::load::bytes::read(
                    &origin,
                    &text,
                    generator::load::bytes::Repair::Quotes,
                    &mut diags,
                );
                let value = generator::load::yaml::parse(&source, &mut diags)
                    .ok()
                    .map(|(v, _)| v);
                Ok(Spec {
                    origin,
                    text,
                    value,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        // The pod spec in the other dialect, as the normaliser writes it.
        let normalised = generator::normalise_file(&root.join(crate::workspace::SPEC));
        let rendition = normalised
            .openapi
            .as_ref()
            .and_then(|api| generator::load::yaml::to_string(api).ok())
            .ok_or("the pod spec does not normalise")?;
        specs.insert(
            1,
            Spec {
                origin: format!("{} (OpenAPI 3.0 rendition)", crate::workspace::SPEC),
                value: generator::load::yaml::from_str(&rendition).ok(),
                text: rendition.into_bytes(),
            },
        );
        Ok(Corpus { specs })
    }

    pub(super) fn len(&self) -> usize {
        self.specs.len()
    }

    /// A mutant of the pod spec in either dialect (`pod`) or of a random
    /// fixture. One in four has a name of the generated code's own (an
    /// operation, parameter, property or schema) as its only change.
    pub(super) fn mutant(&self, rng: &mut fastrand::Rng, pod: bool) -> Mutant {
        let spec = if pod {
            &self.specs[rng.usize(..POD_SPECS)]
        } else {
            &self.specs[rng
                .usize(POD_SPECS..self.specs.len().max(POD_SPECS + 1))
                .min(self.specs.len() - 1)]
        };
        let mut named = None;
        let bytes = match &spec.value {
            Some(value) if rng.u8(0..10) < 8 => {
                let mut value = value.clone();
                if rng.u8(0..4) == 0 {
                    named = name_after_the_code(&mut value, rng);
                }
                if named.is_none() {
                    for _ in 0..rng.usize(1..=3) {
                        mutate(&mut value, rng);
                    }
                }
                if rng.u8(0..5) == 0 {
                    serde_json::to_vec(&value).unwrap_or_default()
                } else {
                    generator::load::yaml::to_string(&value)
                        .unwrap_or_default()
                        .into_bytes()
                }
            }
            _ => mutate_text(&spec.text, rng),
        };
        Mutant {
            origin: spec.origin.clone(),
            dialect: dialect(spec.value.as_ref()),
            bytes,
            named,
        }
    }
}

/// One mutated spec.
pub(super) struct Mutant {
    /// The spec it was made from.
    pub(super) origin: String,
    /// That spec's dialect.
    pub(super) dialect: &'static str,
    /// The mutant's bytes.
    pub(super) bytes: Vec<u8>,
    /// What was named after the generated code (`a schema `Client``), when
    /// that was the mutation.
    pub(super) named: Option<String>,
}

fn awkward(rng: &mut fastrand::Rng) -> String {
    match rng.u8(0..12) {
        0 => "x".repeat(300),
        1 => format!("N{}", rng.u32(..)),
        _ => AWKWARD[rng.usize(..AWKWARD.len())].to_owned(),
    }
}

fn awkward_value(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(0..9) {
        0 => Value::Null,
        1 => json!(rng.bool()),
        2 => json!(rng.i64(..)),
        3 => json!(1e308),
        4 => json!({}),
        5 => json!([]),
        6 => json!(-0.5),
        _ => Value::String(awkward(rng)),
    }
}

/// Every node's path from the root, as keys and indices.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(Step::Key(k.clone()));
                paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(Step::Index(i));
                paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn node<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// Changes one random node of `doc`.
fn mutate(doc: &mut Value, rng: &mut fastrand::Rng) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let path = all[rng.usize(..all.len())].clone();
    let donor = node(doc, &all[rng.usize(..all.len())])
        .cloned()
        .unwrap_or(Value::Null);
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    let Some(parent) = node(doc, parent_path) else {
        return;
    };
    match (rng.u8(0..8), parent, last) {
        (0, Value::Object(map), Step::Key(k)) => {
            map.shift_remove(k);
        }
        (0, Value::Array(items), Step::Index(i)) => {
            items.remove(*i);
        }
        (1, Value::Object(map), Step::Key(k)) => {
            // Renamed, keeping its place.
            if let Some(v) = map.shift_remove(k) {
                map.insert(awkward(rng), v);
            }
        }
        (2, Value::Object(map), Step::Key(k)) => {
            if let Some(v) = map.get(k).cloned() {
                map.insert(awkward(rng), v);
            }
        }
        (3, parent, last) => {
            if let Some(target) = child(parent, last) {
                *target = donor;
            }
        }
        (4, parent, last) => {
            if let Some(Value::Object(map)) = child(parent, last) {
                decorate(map, rng);
            }
        }
        (_, parent, last) => {
            if let Some(target) = child(parent, last) {
                *target = awkward_value(rng);
            }
        }
    }
}

fn child<'v>(parent: &'v mut Value, step: &Step) -> Option<&'v mut Value> {
    match step {
        Step::Key(k) => parent.get_mut(k.as_str()),
        Step::Index(i) => parent.get_mut(*i),
    }
}

/// Adds a schema keyword to an object: a `type`, a `$ref`, an `enum` of
/// awkward values, `required` names, `nullable`, or awkward properties.
fn decorate(map: &mut Map<String, Value>, rng: &mut fastrand::Rng) {
    match rng.u8(0..12) {
        6..=11 => decorate_openapi3(map, rng),
        0 => {
            map.insert("type".into(), json!(TYPES[rng.usize(..TYPES.len())]));
        }
        1 => {
            map.clear();
            map.insert(
                "$ref".into(),
                json!(format!("#/definitions/{}", awkward(rng))),
            );
        }
        2 => {
            let values: Vec<Value> = (0..rng.usize(1..4)).map(|_| json!(awkward(rng))).collect();
            map.insert("type".into(), json!("string"));
            map.insert("enum".into(), Value::Array(values));
        }
        3 => {
            let keys: Vec<Value> = map.keys().take(2).map(|k| json!(k)).collect();
            map.insert("required".into(), Value::Array(keys));
        }
        4 => {
            map.insert("nullable".into(), json!(true));
            map.insert("x-nullable".into(), json!(true));
        }
        _ => {
            let mut props = Map::new();
            for _ in 0..rng.usize(1..4) {
                props.insert(
                    awkward(rng),
                    json!({"type": TYPES[rng.usize(..TYPES.len())]}),
                );
            }
            map.insert("type".into(), json!("object"));
            map.insert("properties".into(), Value::Object(props));
        }
    }
}

/// Adds what only OpenAPI 3.0 has: a `oneOf` with a discriminator, a
/// reference to a parameter, response or body (chains included),
/// path-level parameters with a style, server variables, `readOnly` and
/// `writeOnly`, response ranges and `default`, several media types with
/// `encoding`.
fn decorate_openapi3(map: &mut Map<String, Value>, rng: &mut fastrand::Rng) {
    let name = awkward(rng);
    let schema = |rng: &mut fastrand::Rng| json!({"type": TYPES[rng.usize(..TYPES.len())]});
    match rng.u8(0..8) {
        0 => {
            let tag = awkward(rng);
            map.insert(
                "oneOf".into(),
                json!([
                    {"$ref": format!("#/components/schemas/{name}")},
                    {"type": "object", "properties": {tag.clone(): {"type": "string"}}}
                ]),
            );
            map.insert(
                "discriminator".into(),
                json!({"propertyName": tag, "mapping": {name.clone(): format!("#/components/schemas/{name}")}}),
            );
        }
        1 => {
            let section = [
                "parameters",
                "responses",
                "requestBodies",
                "schemas",
                "examples",
            ][rng.usize(..5)];
            map.clear();
            map.insert(
                "$ref".into(),
                json!(format!("#/components/{section}/{name}")),
            );
        }
        2 => {
            let style = [
                "form",
                "simple",
                "label",
                "matrix",
                "deepObject",
                "spaceDelimited",
                "pipeDelimited",
            ][rng.usize(..7)];
            let place = ["query", "path", "header", "cookie"][rng.usize(..4)];
            // An object with properties too, as `deepObject` expects.
            let value = if rng.bool() {
                schema(rng)
            } else {
                json!({"type": "object", "properties": {awkward(rng): schema(rng),
                        "inner": {"type": "object", "properties": {"n": schema(rng)}}}})
            };
            map.insert(
                "parameters".into(),
                json!([{"name": name, "in": place, "required": rng.bool(), "style": style,
                        "explode": rng.bool(), "schema": value}]),
            );
        }
        3 => {
            map.insert(
                "servers".into(),
                json!([{"url": format!("https://pod.example.com/{{{name}}}/x"),
                        "variables": {name.clone(): {"default": awkward(rng)}}}]),
            );
        }
        4 => {
            let key = if rng.bool() { "readOnly" } else { "writeOnly" };
            map.insert(key.into(), json!(true));
        }
        5 => {
            let code = ["2XX", "default", "204", "1XX", "5XX"][rng.usize(..5)];
            map.insert(
                code.into(),
                json!({"description": name, "content": {"application/json": {"schema": schema(rng)}}}),
            );
        }
        6 => {
            let content_type = [
                "application/json",
                "image/png, image/jpeg",
                "image/*",
                "text/plain; charset=utf-8",
                "not a type",
                "",
            ][rng.usize(..6)];
            let encoded = if rng.bool() {
                name.clone()
            } else {
                awkward(rng)
            };
            map.insert(
                "content".into(),
                json!({
                    "multipart/form-data": {"schema": {"properties": {name.clone(): schema(rng)}},
                                            "encoding": {encoded: {"contentType": content_type,
                                                "headers": {"X-A": {"schema": {"type": "string"}}}}}},
                    "application/json": {"schema": schema(rng)},
                    "application/x-www-form-urlencoded": {"schema": {"type": "object"}}
                }),
            );
        }
        _ => {
            map.insert(
                "allOf".into(),
                json!([{"$ref": format!("#/components/schemas/{name}")}, schema(rng)]),
            );
        }
    }
}

/// A text-level mutant: a cut, a line repeated or dropped, or awkward
/// bytes spliced in.
fn mutate_text(text: &[u8], rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut out = text.to_vec();
    if out.is_empty() {
        return b"\x00".to_vec();
    }
    let at = rng.usize(..out.len());
    match rng.u8(0..5) {
        0 => out.truncate(at),
        1 => {
            let end = (at + rng.usize(1..200)).min(out.len());
            out.drain(at..end);
        }
        2 => {
            let bytes: &[u8] = [
                &b"\x00"[..],
                b"\xff\xfe",
                b"\r",
                b"\t",
                b"&a [*a, *a]",
                b"{{{{{{{{",
                b"\xe2\x80\xae",
                b"\x1c",
                b"'\"",
            ][rng.usize(..9)];
            out.splice(at..at, bytes.iter().copied());
        }
        3 => {
            let start = out[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let end = out[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(out.len(), |p| at + p + 1);
            let line = out[start..end].to_vec();
            out.splice(end..end, line);
        }
        _ => {
            let other = rng.usize(..out.len());
            out[at] = out[other];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_mutants() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let corpus = Corpus::load(&root).unwrap();
        let run = |seed| {
            let mut rng = fastrand::Rng::with_seed(seed);
            (0..20)
                .map(|i| {
                    let m = corpus.mutant(&mut rng, i == 0);
                    (m.origin, m.bytes, m.named)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(run(5), run(5));
        assert_ne!(run(5), run(6));
    }
}

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

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "file", "null", "strnig",
];

/// The specs mutated: the workspace's pod spec first, then every fixture.
pub(super) struct Corpus {
    specs: Vec<Spec>,
}

struct Spec {
    origin: String,
    text: Vec<u8>,
    /// The document, when it parses.
    value: Option<Value>,
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
        let specs = paths
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
        Ok(Corpus { specs })
    }

    pub(super) fn len(&self) -> usize {
        self.specs.len()
    }

    /// A mutant of the pod spec (`pod`) or of a random fixture: its origin
    /// and bytes.
    pub(super) fn mutant(&self, rng: &mut fastrand::Rng, pod: bool) -> (String, Vec<u8>) {
        let spec = if pod {
            &self.specs[0]
        } else {
            &self.specs[rng
                .usize(1..self.specs.len().max(2))
                .min(self.specs.len() - 1)]
        };
        let bytes = match &spec.value {
            Some(value) if rng.u8(0..10) < 8 => {
                let mut value = value.clone();
                for _ in 0..rng.usize(1..=3) {
                    mutate(&mut value, rng);
                }
                if rng.u8(0..5) == 0 {
                    serde_json::to_vec(&value).unwrap_or_default()
                } else {
                    serde_yaml::to_string(&value)
                        .unwrap_or_default()
                        .into_bytes()
                }
            }
            _ => mutate_text(&spec.text, rng),
        };
        (spec.origin.clone(), bytes)
    }
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
    match rng.u8(0..6) {
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
                .map(|i| corpus.mutant(&mut rng, i == 0))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(5), run(5));
        assert_ne!(run(5), run(6));
    }
}

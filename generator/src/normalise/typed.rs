//! The normalised document as `openapiv3` types, with failures located.

use super::PATH_ITEMS_PER_PART;
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use crate::parallel::{in_parts, join};
use openapi_read::{Failure, Read};
use openapiv3::{Components, OpenAPI, PathItem, Paths, ReferenceOr};
use serde_json::{Map, Value};

/// Reads an OpenAPI 3.0 JSON value into `openapiv3::OpenAPI`. `source_of`
/// maps a pointer in `value` to the pointer in the source document.
pub fn typed(
    value: &Value,
    source_of: impl Fn(&str) -> String + Sync,
    diags: &mut Diagnostics,
) -> Option<openapiv3::OpenAPI> {
    typed_beside(value, &source_of, diags, || (), |_| ()).0
}

/// How a pointer in the document read maps to one in the source (one
/// compiled reading serves every mapping).
pub type SourceOf<'a> = &'a (dyn Fn(&str) -> String + Sync);

/// [`typed`], with `beside` run as one more part of the reading, on
/// whichever core is free for it, and `then` run on the components right
/// after they are read, on the core that read them, while the other cores
/// read the rest: their results, `then`'s when it ran (the document has
/// `paths`, and its components read).
pub fn typed_beside<R: Send, C: Send>(
    value: &Value,
    source_of: SourceOf,
    diags: &mut Diagnostics,
    beside: impl FnOnce() -> R + Send,
    then: impl FnOnce(Option<&Components>) -> C + Send,
) -> (Option<openapiv3::OpenAPI>, R, Option<C>) {
    // The type check runs beside the reading, in either way.
    let Some(map) = value.as_object().filter(|map| map.contains_key("paths")) else {
        let (beside, read) = join(beside, || OpenAPI::read(value).map_err(|e| located("", &e)));
        let api = finish(value, check(value, source_of), read, source_of, diags);
        return (api, beside, None);
    };
    // Read in parts, on every core: its components, runs of its path
    // items, and the rest (with no paths), beside `beside`. Read whole, on
    // one core, it was the longest step before lowering. The parts are
    // taken in turn by the cores as they come free, the longest first.
    let rest: Map<String, Value> = map
        .iter()
        .filter(|(key, _)| key.as_str() != "components")
        .map(|(key, v)| match key.as_str() {
            "paths" => (key.clone(), Value::Object(Map::new())),
            _ => (key.clone(), v.clone()),
        })
        .collect();
    let paths_value = &map["paths"];
    let entries: Vec<(&String, &Value)> = paths_value.as_object().into_iter().flatten().collect();
    let mut parts = vec![Part::Beside, Part::Components];
    match paths_value {
        Value::Object(_) => parts.extend(entries.chunks(PATH_ITEMS_PER_PART).map(Part::Paths)),
        _ => parts.push(Part::AllPaths),
    }
    parts.extend([Part::Check, Part::Rest]);
    let (beside, then) = (Once::new(beside), Once::new(then));
    let components_value = map.get("components").unwrap_or(&Value::Null);
    let rest_value = Value::Object(rest);
    let done = in_parts(&parts, |part| match part {
        Part::Beside => Done::Beside(beside.take().map(|run| run())),
        Part::Paths(entries) => Done::Paths(path_items(entries)),
        Part::AllPaths => Done::AllPaths(Paths::read(paths_value)),
        Part::Components => {
            let read = <Option<Components>>::read(components_value);
            let then = match &read {
                Ok(components) => then.take().map(|then| then(components.as_ref())),
                Err(_) => None,
            };
            Done::Components(Box::new((read, then)))
        }
        Part::Check => Done::Check(check(value, source_of)),
        Part::Rest => Done::Rest(Box::new(OpenAPI::read(&rest_value))),
    });
    let (mut paths, mut components, mut rest, mut checked, mut beside, mut then) = (
        Ok(Paths::default()),
        Ok(None),
        Ok(OpenAPI::default()),
        Diagnostics::default(),
        None,
        None,
    );
    for part in done {
        match part {
            Done::Paths(Some((items, extensions))) => {
                if let Ok(paths) = &mut paths {
                    paths.paths.extend(items);
                    paths.extensions.extend(extensions);
                }
            }
            // A path item that does not read: the whole `paths` is read
            // again for the failure, so that it is the one the document
            // read at once meets.
            Done::Paths(None) => paths = Paths::read(paths_value),
            Done::AllPaths(read) => paths = read,
            Done::Components(read) => (components, then) = *read,
            Done::Rest(read) => rest = *read,
            Done::Check(found) => checked = found,
            Done::Beside(ran) => beside = ran,
        }
    }
    // The failure the document read at once would have met first: a
    // field's, in the document's order, before a missing field's.
    let key_at = |key: &str| map.keys().position(|k| k == key).unwrap_or(usize::MAX);
    let first = [
        rest.as_ref().err().map(|e| {
            let key = match e.path().iter().next() {
                Some(openapi_read::Segment::Map { key }) => key_at(key),
                _ => usize::MAX,
            };
            (key, located("", e))
        }),
        (paths.as_ref().err()).map(|e| (key_at("paths"), located("/paths", e))),
        (components.as_ref().err()).map(|e| (key_at("components"), located("/components", e))),
    ]
    .into_iter()
    .flatten()
    .min_by_key(|(key, _)| *key);
    let read = match first {
        Some((_, failure)) => Err(failure),
        None => assemble(rest, paths, components),
    };
    let api = finish(value, checked, read, source_of, diags);
    let beside = beside.expect("the part beside the reading runs once");
    (api, beside, then)
}

/// A function that one of the cores runs, once.
struct Once<F>(std::sync::Mutex<Option<F>>);

impl<F> Once<F> {
    fn new(f: F) -> Self {
        Once(std::sync::Mutex::new(Some(f)))
    }

    /// The function, to the first that asks.
    fn take(&self) -> Option<F> {
        self.0.lock().map_or(None, |mut f| f.take())
    }
}

/// A part of the document, read on its own.
enum Part<'a> {
    /// What runs beside the reading.
    Beside,
    /// A run of the entries of `paths`.
    Paths(&'a [(&'a String, &'a Value)]),
    /// `paths` when it is not a mapping (to fail as the whole read does).
    AllPaths,
    Components,
    /// The document without its paths and components.
    Rest,
    /// The schema types' check.
    Check,
}

/// A part, read.
enum Done<R, C> {
    /// What ran beside, unless it had already been taken.
    Beside(Option<R>),
    Paths(Option<PathEntries>),
    AllPaths(Result<Paths, Failure>),
    /// The components, and what ran on them when they read.
    Components(Box<(ComponentsRead, Option<C>)>),
    Rest(Box<Result<OpenAPI, Failure>>),
    Check(Diagnostics),
}

/// The components, read.
type ComponentsRead = Result<Option<Components>, Failure>;

/// Entries of `paths`, read: the path items and the extensions.
type PathEntries = (Vec<(String, ReferenceOr<PathItem>)>, Vec<(String, Value)>);

/// Entries of `paths` read one by one, as openapiv3 reads the whole map: a
/// path item (or a reference to one) under each key that starts with `/`,
/// an extension under each `x-` key, nothing for any other key. Read one
/// by one, the map is not first copied whole into serde's buffer, which
/// openapiv3's flattened fields need. `None` when a path item does not
/// read.
fn path_items(entries: &[(&String, &Value)]) -> Option<PathEntries> {
    let mut items = Vec::with_capacity(entries.len());
    let mut extensions = Vec::new();
    for (key, value) in entries {
        if key.starts_with('/') {
            // As openapiv3's untagged `ReferenceOr` reads it: a reference
            // when `$ref` is a string, whatever else is there.
            let item = match value.get("$ref") {
                Some(Value::String(to)) => ReferenceOr::Reference {
                    reference: to.clone(),
                },
                _ => ReferenceOr::Item(PathItem::read(value).ok()?),
            };
            items.push(((*key).clone(), item));
        } else if key.starts_with("x-") {
            extensions.push(((*key).clone(), (*value).clone()));
        }
    }
    Some((items, extensions))
}

/// The document from its parts, each read.
fn assemble(
    rest: Result<OpenAPI, Failure>,
    paths: Result<Paths, Failure>,
    components: Result<Option<Components>, Failure>,
) -> Result<OpenAPI, (String, String)> {
    let mut api = rest.map_err(|e| located("", &e))?;
    api.paths = paths.map_err(|e| located("/paths", &e))?;
    api.components = components.map_err(|e| located("/components", &e))?;
    Ok(api)
}

/// A failure's pointer (its path under `base`, the pointer of the value
/// read) and message.
fn located(base: &str, failure: &Failure) -> (String, String) {
    (
        pointer::from_path(base, failure.path()),
        failure.inner().to_string(),
    )
}

/// Every schema `type` that is not one of OpenAPI's, reported.
fn check(value: &Value, source_of: SourceOf) -> Diagnostics {
    Diagnostics::gather(|d| check_types(value, &mut String::new(), source_of, d)).1
}

/// The document read, or where and why its reading failed, unless a
/// schema type was bad: a bad type wins, since the reading would take it
/// for a schema of any type.
fn finish(
    value: &Value,
    checked: Diagnostics,
    read: Result<OpenAPI, (String, String)>,
    source_of: SourceOf,
    diags: &mut Diagnostics,
) -> Option<OpenAPI> {
    if !checked.is_empty() {
        diags.extend(checked);
        return None;
    }
    match read {
        Ok(api) => Some(api),
        Err((at, message)) => {
            // openapiv3 reads `paths` through its own map, which hides
            // where inside it the failure is: read the path items and
            // their operations one by one to find it.
            let (at, message) = deeper(value, &at).unwrap_or((at, message));
            diags.error(
                &source_of(&at),
                format!("not a valid OpenAPI 3.0 document at {at}: {message}"),
                "fix the value to match the OpenAPI 3.0 specification",
            );
            None
        }
    }
}

/// The first failure under `/paths` located in its path item or
/// operation, when `at` stops at `/paths` or a path item.
fn deeper(value: &Value, at: &str) -> Option<(String, String)> {
    if at != "/paths" && !at.starts_with("/paths/") {
        return None;
    }
    let paths = value.get("paths")?.as_object()?;
    for (path, item) in paths {
        let item_at = pointer::child("/paths", path);
        let Some(map) = item.as_object() else {
            continue;
        };
        for (key, op) in map {
            let here = pointer::child(&item_at, key);
            let failure = match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                    openapiv3::Operation::read(op).err()
                }
                "parameters" => <Vec<openapiv3::ReferenceOr<openapiv3::Parameter>>>::read(op).err(),
                _ => None,
            };
            if let Some(e) = failure {
                let found = pointer::from_path(&here, e.path());
                // `responses` is read through its own map too.
                let responses = pointer::child(&here, "responses");
                if found == responses {
                    for (code, response) in op["responses"].as_object().into_iter().flatten() {
                        let code_at = pointer::child(&responses, code);
                        if let Err(e) =
                            openapiv3::ReferenceOr::<openapiv3::Response>::read(response)
                        {
                            return Some((
                                pointer::from_path(&code_at, e.path()),
                                e.inner().to_string(),
                            ));
                        }
                    }
                }
                return Some((found, e.inner().to_string()));
            }
        }
        if let Err(e) = openapiv3::PathItem::read(item) {
            return Some((
                pointer::from_path(&item_at, e.path()),
                e.inner().to_string(),
            ));
        }
    }
    None
}

/// The types a schema can have in OpenAPI 3.0.
const TYPES: &[&str] = &["array", "boolean", "integer", "number", "object", "string"];

/// Keys whose values are data or another kind of object, not schemas.
const NOT_SCHEMAS: &[&str] = &["default", "enum", "example", "examples", "securitySchemes"];

/// Reports every schema `type` that is not one of OpenAPI's (`strnig`),
/// which openapiv3 would otherwise read as a schema of any type. `at` is
/// the pointer to `value`, extended and truncated in place as the walk goes.
fn check_types(value: &Value, at: &mut String, source_of: SourceOf, diags: &mut Diagnostics) {
    let len = at.len();
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                pointer::push(at, key);
                if key == "type" {
                    if let Some(t) = v.as_str().filter(|t| !TYPES.contains(t)) {
                        let near = TYPES
                            .iter()
                            .min_by_key(|known| strsim::levenshtein(known, t))
                            .filter(|known| strsim::levenshtein(known, t) <= 2);
                        diags.error(
                            &source_of(at),
                            format!("`{t}` is not a schema type"),
                            match near {
                                Some(known) => format!(
                                    "did you mean `{known}`? The types are {}",
                                    TYPES.join(", ")
                                ),
                                None => format!("use one of {}", TYPES.join(", ")),
                            },
                        );
                    }
                } else if !NOT_SCHEMAS.contains(&key.as_str()) && !key.starts_with("x-") {
                    check_types(v, at, source_of, diags);
                }
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointer::push_index(at, i);
                check_types(v, at, source_of, diags);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// The number of operations a document declares.
pub fn operation_count(api: &openapiv3::OpenAPI) -> usize {
    api.paths
        .paths
        .values()
        .filter_map(|p| p.as_item())
        .map(|i| i.iter().count())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `typed` makes of `value`, and what the document read whole
    /// (as one `OpenAPI`) makes of it: the document and the diagnostics.
    #[allow(clippy::type_complexity)]
    fn parts_and_whole(
        value: &Value,
    ) -> [(Option<OpenAPI>, Vec<crate::diagnostics::Diagnostic>); 2] {
        let mut parts = Diagnostics::default();
        let read = typed(value, str::to_owned, &mut parts);
        let mut whole = Diagnostics::default();
        let checked = check(value, &str::to_owned);
        let at_once = OpenAPI::read(value).map_err(|e| located("", &e));
        let read_whole = finish(value, checked, at_once, &str::to_owned, &mut whole);
        [(read, parts.into_vec()), (read_whole, whole.into_vec())]
    }

    #[test]
    fn the_parts_read_as_the_whole_document_does() {
        let valid = json!({
            "openapi": "3.0.3",
            "info": {"title": "Pod", "version": "1"},
            "servers": [{"url": "https://pod.example/pod"}],
            "paths": {"/v1/a": {"get": {"responses": {"200": {"description": "OK"}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {}}}},
            "tags": [{"name": "a"}],
            "x-extra": 1
        });
        let mut cases = vec![valid.clone()];
        // One bad value in each part, two in two, a missing field, and the
        // parts in another order.
        let bad_info = ("/info/title", json!(7));
        let bad_path = ("/paths/~1v1~1a/get/responses/200/description", json!([]));
        let bad_schema = ("/components/schemas/A/properties", json!(3));
        let bad_tags = ("/tags/0/name", json!({}));
        for faults in [
            vec![bad_info.clone()],
            vec![bad_path.clone()],
            vec![bad_schema.clone()],
            vec![bad_tags.clone()],
            vec![bad_info.clone(), bad_path.clone()],
            vec![bad_path.clone(), bad_schema.clone()],
            vec![bad_schema, bad_tags],
            vec![("/components", json!(null))],
            vec![("/components", json!(5))],
            vec![("/paths", json!([]))],
        ] {
            let mut value = valid.clone();
            for (at, v) in faults {
                *value.pointer_mut(at).expect("the fault's place") = v;
            }
            cases.push(value);
        }
        let mut missing_info = valid.clone();
        missing_info.as_object_mut().map(|m| m.remove("info"));
        cases.push(missing_info.clone());
        *missing_info.pointer_mut(bad_path.0).expect("a path") = bad_path.1;
        cases.push(missing_info);
        let mut reordered = serde_json::Map::new();
        for key in ["components", "paths", "info", "openapi"] {
            reordered.insert(key.to_owned(), valid[key].clone());
        }
        *reordered["components"]
            .pointer_mut("/schemas/A/properties")
            .expect("A") = json!(3);
        *reordered["paths"]
            .pointer_mut("/~1v1~1a/get/responses")
            .expect("get") = json!(3);
        cases.push(Value::Object(reordered));
        cases.push(json!({"openapi": "3.0.3"}));
        cases.push(json!([]));
        // Paths read in several parts: references, extensions, keys that
        // are neither, and path items that do not read, early and late.
        let mut many = valid.clone();
        let items = many["paths"].as_object_mut().expect("paths");
        for i in 0..3 * PATH_ITEMS_PER_PART {
            items.insert(format!("/p{i}"), valid["paths"]["/v1/a"].clone());
        }
        items.insert("/ref".into(), json!({"$ref": "#/x", "get": 5}));
        items.insert("/not-a-ref".into(), json!({"$ref": 5}));
        items.insert("x-ext".into(), json!({"any": ["thing"]}));
        items.insert("neither".into(), json!(5));
        cases.push(many.clone());
        for (at, bad) in [
            ("/paths/~1p47/get", json!(3)),
            ("/paths/~1p1", json!("a string")),
            ("/paths/~1p40", json!({"parameters": {}})),
            ("/paths/~1p33", json!(null)),
        ] {
            let mut value = many.clone();
            *value.pointer_mut(at).expect("the fault's place") = bad;
            cases.push(value);
        }
        for value in &cases {
            let [parts, whole] = parts_and_whole(value);
            assert_eq!(parts, whole, "{value}");
        }
        // The cases fail in different places, and the valid one reads.
        let [(read, _), _] = parts_and_whole(&valid);
        assert_eq!(read.map(|api| api.paths.paths.len()), Some(1));
        let [(read, _), _] = parts_and_whole(&many);
        let read = read.expect("the paths in parts");
        assert_eq!(read.paths.paths.len(), 3 * PATH_ITEMS_PER_PART + 3);
        assert_eq!(read.paths.extensions.len(), 1);
        let pointers: std::collections::BTreeSet<String> = cases
            .iter()
            .flat_map(|v| parts_and_whole(v)[0].1.clone())
            .map(|d| d.pointer)
            .collect();
        assert!(pointers.len() >= 6, "{pointers:?}");
    }

    #[test]
    fn the_pod_and_agent_specs_read_in_parts_as_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec");
        let mut read = 0;
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let normalised = crate::pipeline::normalise_file(&entry.path());
            let Some(api) = normalised.openapi else {
                continue;
            };
            let value = serde_json::to_value(&api).expect("a document writes as JSON");
            let [parts, whole] = parts_and_whole(&value);
            assert_eq!(parts, whole, "{}", entry.path().display());
            assert_eq!(parts.0.as_ref(), Some(&api));
            read += 1;
        }
        assert!(read >= 3, "{read} specs read");
    }
}

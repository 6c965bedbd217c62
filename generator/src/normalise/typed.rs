//! The normalised document as `openapiv3` types, with failures located.

use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use crate::parallel::join;
use openapi_read::Read;
use serde_json::Value;

/// Reads an OpenAPI 3.0 JSON value into `openapiv3::OpenAPI`. `source_of`
/// maps a pointer in `value` to the pointer in the source document.
pub fn typed(
    value: &Value,
    source_of: impl Fn(&str) -> String + Sync,
    diags: &mut Diagnostics,
) -> Option<openapiv3::OpenAPI> {
    // The type check and the reading run at once; a bad type wins (the
    // reading would take it for a schema of any type).
    let (checked, read) = join(
        || Diagnostics::gather(|d| check_types(value, &mut String::new(), &source_of, d)).1,
        || openapiv3::OpenAPI::read(value),
    );
    if !checked.is_empty() {
        diags.extend(checked);
        return None;
    }
    match read {
        Ok(api) => Some(api),
        Err(e) => {
            let at = pointer::from_path("", e.path());
            // openapiv3 reads `paths` through its own map, which hides
            // where inside it the failure is: read the path items and
            // their operations one by one to find it.
            let (at, message) = match deeper(value, &at) {
                Some(found) => found,
                None => (at, e.inner().to_string()),
            };
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
fn check_types(
    value: &Value,
    at: &mut String,
    source_of: &impl Fn(&str) -> String,
    diags: &mut Diagnostics,
) {
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

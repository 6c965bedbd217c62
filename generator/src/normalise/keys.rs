//! The keys each Swagger 2.0 object may have, and the check that warns about
//! the rest.

use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use serde_json::{Map, Value};

pub(super) const ROOT: &[&str] = &[
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];
pub(super) const PATH_ITEM: &[&str] = &[
    "$ref",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "parameters",
];
pub(super) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
pub(super) const OPERATION: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "consumes",
    "produces",
    "parameters",
    "responses",
    "schemes",
    "deprecated",
    "security",
];
/// Keys that describe a value's type, shared by non-body parameters, items
/// and headers (with [`VALIDATION`]).
pub(super) const SIMPLE_TYPE: &[&str] = &["type", "items", "collectionFormat"];
/// Keys that constrain a value, shared by schemas and the simple types.
pub(super) const VALIDATION: &[&str] = &[
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];
pub(super) const PARAMETER: &[&str] = &[
    "name",
    "in",
    "description",
    "required",
    "schema",
    "allowEmptyValue",
];
pub(super) const RESPONSE: &[&str] = &["description", "schema", "headers", "examples"];
pub(super) const HEADER: &[&str] = &["description"];
pub(super) const SCHEMA: &[&str] = &[
    "$ref",
    "title",
    "description",
    "maxProperties",
    "minProperties",
    "required",
    "type",
    "items",
    "allOf",
    "properties",
    "additionalProperties",
    "discriminator",
    "readOnly",
    "xml",
    "externalDocs",
    "example",
];
/// OpenAPI 3.0 schema keys that Swagger 2.0 lacks: kept, with a warning.
pub(super) const SCHEMA_3_ONLY: &[&str] = &[
    "nullable",
    "oneOf",
    "anyOf",
    "not",
    "writeOnly",
    "deprecated",
];
pub(super) const SECURITY_SCHEME: &[&str] = &[
    "type",
    "description",
    "name",
    "in",
    "flow",
    "authorizationUrl",
    "tokenUrl",
    "scopes",
];

/// Whether a key is a vendor extension (`x-…`), allowed everywhere.
pub(super) fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

/// Warns about each key of `object` that is neither in one of `allowed` nor
/// an extension. `what` names the object in the message.
pub(super) fn check(
    object: &Map<String, Value>,
    allowed: &[&[&str]],
    at: &str,
    what: &str,
    diags: &mut Diagnostics,
) {
    for key in object.keys() {
        if is_extension(key) || allowed.iter().any(|list| list.contains(&key.as_str())) {
            continue;
        }
        diags.warn(
            &pointer::child(at, key),
            format!("unknown key `{key}` in {what} ignored"),
            "remove it, or prefix it with `x-` to keep it as an extension",
        );
    }
}

/// Copies the vendor extensions of `from` into `to`.
pub(super) fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from {
        if is_extension(k) {
            to.insert(k.clone(), v.clone());
        }
    }
}

/// Copies the listed keys of `from` that are present into `to`, unchanged.
pub(super) fn copy(from: &Map<String, Value>, keys: &[&str], to: &mut Map<String, Value>) {
    for &k in keys {
        if let Some(v) = from.get(k) {
            to.insert(k.to_owned(), v.clone());
        }
    }
}

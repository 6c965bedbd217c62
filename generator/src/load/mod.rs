//! The load stage: the spec's bytes checked (`bytes`), read as YAML or
//! JSON into a value with a position for every node (`yaml`), its dialect
//! told (`dialect`), its `$ref`s checked (`refs`). JSON pointers name every
//! node (`pointer`).

pub mod bytes;
pub(crate) mod dialect;
pub(crate) mod pointer;
pub(crate) mod refs;
pub mod yaml;

pub use self::dialect::Dialect;

use serde_json::Value;

/// A value's kind in words, for messages: "a string", "a mapping"…
pub fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

//! Whether a JSON value round-trips through a generated type, decided on
//! the model (no compiler): the check that turns a spec example which
//! contradicts its schema into a located warning at generation, instead of
//! a failing test in the generated crate.

use std::collections::BTreeMap;
use templates::model::{Presence, Type, TypeDef};

use serde_json::Value;

/// The crate's types by Rust name.
pub(super) struct Types<'a> {
    pub(super) by_name: BTreeMap<&'a str, &'a TypeDef>,
}

impl Types<'_> {
    /// Why `value` does not decode as `ty` and encode back to itself,
    /// with where in it (`notification.apiKey`); `None` when it does.
    pub(super) fn mismatch(&self, value: &Value, ty: &Type) -> Option<String> {
        self.check(value, ty, "", 0)
            .err()
            .map(|(at, why)| match at.is_empty() {
                true => why,
                false => format!("`{}` {why}", at.trim_start_matches('.')),
            })
    }

    fn check(
        &self,
        value: &Value,
        ty: &Type,
        at: &str,
        depth: usize,
    ) -> Result<(), (String, String)> {
        let fail = |why: String| Err((at.to_owned(), why));
        let expected = |what: &str| fail(format!("is {}; the schema says {what}", describe(value)));
        if depth > 64 {
            return Ok(());
        }
        match ty {
            Type::Json => Ok(()),
            Type::Nullable(_) if value.is_null() => Ok(()),
            Type::Nullable(inner) => self.check(value, inner, at, depth + 1),
            Type::Bool if value.is_boolean() => Ok(()),
            Type::Bool => expected("boolean"),
            Type::I64 => match value.as_i64() {
                Some(_) => Ok(()),
                None => expected("integer (i64)"),
            },
            Type::I32 => match value.as_i64().map(i32::try_from) {
                Some(Ok(_)) => Ok(()),
                _ => expected("integer (i32)"),
            },
            Type::F64 if value.is_number() => Ok(()),
            Type::F32 => match value.as_f64() {
                // An f32 encodes back exactly only what it holds exactly.
                Some(v) if f64::from(v as f32) == v => Ok(()),
                Some(_) => fail(format!(
                    "is {}, which an f32 does not hold exactly",
                    describe(value)
                )),
                None => expected("number"),
            },
            Type::F64 => expected("number"),
            Type::String | Type::Text if value.is_string() => Ok(()),
            Type::String | Type::Text => expected("string"),
            // Encoded back as a string: only a string holding an integer
            // round-trips.
            Type::LongString => match value.as_str().map(|s| s.trim().parse::<i64>()) {
                Some(Ok(_)) => Ok(()),
                _ => expected("a string holding an integer (format long)"),
            },
            Type::Bytes | Type::Binary | Type::File => match value.as_str() {
                Some(text) if is_base64(text) => Ok(()),
                _ => expected("base64 text"),
            },
            Type::Vec(item) => match value.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, v)| self.check(v, item, &format!("{at}[{i}]"), depth + 1)),
                None => expected("list"),
            },
            Type::Map(inner) => match value.as_object() {
                Some(map) => map
                    .iter()
                    .try_for_each(|(k, v)| self.check(v, inner, &format!("{at}.{k}"), depth + 1)),
                None => expected("object"),
            },
            Type::Named(name) | Type::Boxed(name) => {
                let name = name.rsplit("::").next().unwrap_or(name);
                match self.by_name.get(name) {
                    Some(def) => self.definition(value, def, at, depth),
                    None => Ok(()),
                }
            }
        }
    }

    fn definition(
        &self,
        value: &Value,
        def: &TypeDef,
        at: &str,
        depth: usize,
    ) -> Result<(), (String, String)> {
        match def {
            TypeDef::Alias(a) => self.check(value, &a.ty, at, depth + 1),
            // Any string: a value the client does not know is kept.
            TypeDef::Enum(_) if value.is_string() => Ok(()),
            TypeDef::Enum(e) => Err((
                at.to_owned(),
                format!(
                    "is {}; the schema says one of the strings of {}",
                    describe(value),
                    e.name
                ),
            )),
            // Untagged: a value no alternative takes is kept as it is.
            TypeDef::Union(u) if u.tag.is_none() => Ok(()),
            TypeDef::Union(u) => {
                let tag = u.tag.as_deref().unwrap_or_default();
                let chosen = value
                    .get(tag)
                    .and_then(Value::as_str)
                    .and_then(|t| u.variants.iter().find(|v| v.tags.iter().any(|x| x == t)));
                match chosen {
                    Some(v) => self.check(value, &v.ty, at, depth + 1),
                    None => Ok(()),
                }
            }
            TypeDef::Struct(s) => {
                let Some(map) = value.as_object() else {
                    return Err((
                        at.to_owned(),
                        format!(
                            "is {}; the schema says the object {}",
                            describe(value),
                            s.name
                        ),
                    ));
                };
                for f in &s.fields {
                    let here = format!("{at}.{}", f.wire);
                    match (map.get(&f.wire), f.presence) {
                        (None, Presence::Required) => {
                            return Err((at.to_owned(), format!("lacks the required `{}`", f.wire)))
                        }
                        (Some(Value::Null), Presence::Required) if f.ty != Type::Json => {
                            return Err((here, "is null; the schema requires a value".to_owned()))
                        }
                        (None | Some(Value::Null), _) => {}
                        (Some(v), _) => self.check(v, &f.ty, &here, depth + 1)?,
                    }
                }
                Ok(())
            }
        }
    }
}

/// Whether `text` is what the client's base64 decoder reads (standard
/// alphabet, padded).
fn is_base64(text: &str) -> bool {
    let bytes = text.as_bytes();
    let body = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(bytes);
    bytes.len().is_multiple_of(4)
        && body
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

/// A JSON value as a sentence names it: `the integer 4000`.
fn describe(value: &Value) -> String {
    let shown = |v: &Value| {
        let text = v.to_string();
        if text.chars().count() > 40 {
            format!("{}…", text.chars().take(40).collect::<String>())
        } else {
            text
        }
    };
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(_) => format!("the boolean {value}"),
        Value::Number(n) if n.is_f64() => format!("the number {n}"),
        Value::Number(n) => format!("the integer {n}"),
        Value::String(_) => format!("the string {}", shown(value)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn none() -> Types<'static> {
        Types {
            by_name: BTreeMap::new(),
        }
    }

    #[test]
    fn scalars_decode_as_serde_decodes_them() {
        let t = none();
        assert_eq!(t.mismatch(&json!(1), &Type::I64), None);
        assert!(t.mismatch(&json!(1.5), &Type::I64).is_some());
        assert!(t.mismatch(&json!(3_000_000_000_i64), &Type::I32).is_some());
        assert!(t.mismatch(&json!("1"), &Type::I64).is_some());
        assert_eq!(t.mismatch(&json!("12"), &Type::LongString), None);
        assert!(t.mismatch(&json!(12), &Type::LongString).is_some());
        assert_eq!(t.mismatch(&json!(1.5), &Type::F32), None);
        assert!(t.mismatch(&json!(1.1), &Type::F32).is_some());
        assert_eq!(t.mismatch(&json!("cG9k"), &Type::Bytes), None);
        assert!(t.mismatch(&json!("not base64!"), &Type::Bytes).is_some());
        assert_eq!(
            t.mismatch(&json!([1, "x"]), &Type::Vec(Box::new(Type::I64)))
                .as_deref(),
            Some("`[1]` is the string \"x\"; the schema says integer (i64)")
        );
        assert_eq!(
            t.mismatch(
                &json!([null]),
                &Type::Vec(Box::new(Type::Nullable(Box::new(Type::I64))))
            ),
            None
        );
    }
}

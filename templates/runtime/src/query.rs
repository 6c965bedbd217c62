//! Query values that are objects (structs, maps, unions), written as
//! query pairs from their JSON form in an OpenAPI style. The generator
//! includes this file too, so its call checks expect what is sent.

use serde_json::Value;

/// How an object becomes query pairs.
#[derive(Debug, Clone, Copy)]
pub enum ObjectStyle {
    /// `form`, exploded: `key=value` per property.
    Exploded,
    /// `form` not exploded, `spaceDelimited`, `pipeDelimited`: one pair,
    /// `name=key,value,key,value` with this separator.
    Joined(&'static str),
    /// `deepObject`: `name[key]=value` per property.
    Deep,
}

/// The pairs `value` becomes as the query parameter `name` in `style`; in
/// `Deep`, a nested object goes one level deeper (`name[key][inner]=v`).
/// Properties go in the order of their names, whatever order serde_json's
/// features keep.
///
/// A list property repeats its key per item; `null` properties are left
/// out; a value that is not an object (a union's scalar alternative) is
/// one pair, `name=value`. A nested value the style has no form for (an
/// object inside a `form` object) is written as its JSON text.
pub(crate) fn object_pairs(name: &str, value: &Value, style: ObjectStyle) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match (value, style) {
        (Value::Object(map), ObjectStyle::Deep) => deep(&mut out, name, map),
        (Value::Object(map), ObjectStyle::Exploded) => {
            for (key, item) in sorted(map) {
                repeated(&mut out, key, item);
            }
        }
        (Value::Object(map), ObjectStyle::Joined(separator)) => {
            let parts: Vec<String> = sorted(map)
                .into_iter()
                .filter(|(_, item)| !item.is_null())
                .flat_map(|(key, item)| [key.clone(), text(item)])
                .collect();
            out.push((name.to_owned(), parts.join(separator)));
        }
        (other, _) => repeated(&mut out, name, other),
    }
    out
}

/// A map's properties by name.
fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by_key(|(key, _)| *key);
    entries
}

/// `name[key]=value` for each property, deeper for nested objects.
fn deep(out: &mut Vec<(String, String)>, name: &str, map: &serde_json::Map<String, Value>) {
    for (key, item) in sorted(map) {
        let inner = format!("{name}[{key}]");
        match item {
            Value::Object(nested) => deep(out, &inner, nested),
            other => repeated(out, &inner, other),
        }
    }
}

/// `key=value`, once per item of a list; nothing for `null`.
fn repeated(out: &mut Vec<(String, String)>, key: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items.iter().filter(|i| !i.is_null()) {
                out.push((key.to_owned(), text(item)));
            }
        }
        other => out.push((key.to_owned(), text(other))),
    }
}

/// A scalar as the query writes it: a string as it is, anything else as
/// its JSON text (`true`, `3`, `{"a":1}`).
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(value: Value, style: ObjectStyle) -> Vec<(String, String)> {
        object_pairs("filter", &value, style)
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn each_style_writes_an_object_as_openapi_says() {
        let value = json!({"color": "red", "size": 3, "gone": null});
        assert_eq!(
            pairs(value.clone(), ObjectStyle::Exploded),
            owned(&[("color", "red"), ("size", "3")])
        );
        assert_eq!(
            pairs(value.clone(), ObjectStyle::Joined(",")),
            owned(&[("filter", "color,red,size,3")])
        );
        assert_eq!(
            pairs(value.clone(), ObjectStyle::Joined("|")),
            owned(&[("filter", "color|red|size|3")])
        );
        assert_eq!(
            pairs(value, ObjectStyle::Deep),
            owned(&[("filter[color]", "red"), ("filter[size]", "3")])
        );
    }

    #[test]
    fn deep_objects_nest_and_lists_repeat_their_key() {
        let value = json!({"range": {"min": 1, "max": 2}, "tags": ["a", null, "b"]});
        assert_eq!(
            pairs(value, ObjectStyle::Deep),
            owned(&[
                ("filter[range][max]", "2"),
                ("filter[range][min]", "1"),
                ("filter[tags]", "a"),
                ("filter[tags]", "b"),
            ])
        );
    }

    #[test]
    fn a_value_that_is_not_an_object_is_one_pair() {
        assert_eq!(
            pairs(json!("plain"), ObjectStyle::Deep),
            owned(&[("filter", "plain")])
        );
        assert_eq!(pairs(json!(null), ObjectStyle::Exploded), owned(&[]));
        assert_eq!(
            pairs(json!({"inner": {"a": 1}}), ObjectStyle::Exploded),
            owned(&[("inner", r#"{"a":1}"#)])
        );
    }
}

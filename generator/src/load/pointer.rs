//! JSON pointers (RFC 6901): building them and walking a document with them.

use serde_json::Value;

/// `parent` extended by one reference token, escaped.
pub(crate) fn child(parent: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(parent.len() + 1 + token.len());
    pointer.push_str(parent);
    push(&mut pointer, token);
    pointer
}

/// Extends `pointer` by `token` in place (one allocation at most, for the
/// walks that build a pointer per node).
pub(crate) fn push(pointer: &mut String, token: &str) {
    pointer.push('/');
    push_escaped(pointer, token);
}

/// Extends `pointer` by an array index in place.
pub(crate) fn push_index(pointer: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{i}");
}

/// A serde path (`paths./v1.get.responses`, as serde_path_to_error
/// records where a value failed to deserialise) as a JSON pointer under
/// `base`.
pub(crate) fn from_path(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut at = base.to_owned();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => push_index(&mut at, *index),
            Segment::Map { key } => push(&mut at, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    at
}

/// A reference token with `~` and `/` escaped.
pub(crate) fn escape(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// Appends `token` with `~` written `~0` and `/` written `~1`.
fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// `parent` extended by an array index.
pub(crate) fn index(parent: &str, i: usize) -> String {
    let mut pointer = parent.to_owned();
    push_index(&mut pointer, i);
    pointer
}

/// The unescaped reference tokens of a pointer; `None` when it does not start
/// with `/` (and is not empty).
pub(crate) fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// The pointer one level up, or `None` at the root.
pub(crate) fn parent(pointer: &str) -> Option<&str> {
    pointer.rfind('/').map(|i| &pointer[..i])
}

/// Percent-decodes the fragment of a `$ref` (`#/definitions/a%20b`).
pub(crate) fn decode_fragment(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_owned())
}

/// Looks a pointer up in a document (arrays by index, objects by key).
pub(crate) fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    tokens(pointer)?
        .iter()
        .try_fold(doc, |node, token| match node {
            Value::Object(map) => map.get(token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_round_trip() {
        let p = child("/paths", "/v1/{id}~x");
        assert_eq!(p, "/paths/~1v1~1{id}~0x");
        assert_eq!(tokens(&p).unwrap(), ["paths", "/v1/{id}~x"]);
        assert_eq!(parent(&p), Some("/paths"));
    }

    #[test]
    fn resolves_objects_and_arrays() {
        let doc = json!({"a": [{"b/c": 1}]});
        assert_eq!(resolve(&doc, "/a/0/b~1c"), Some(&json!(1)));
        assert_eq!(resolve(&doc, "/a/1"), None);
        assert_eq!(resolve(&doc, "a"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(decode_fragment("/definitions/a%20b"), "/definitions/a b");
        assert_eq!(decode_fragment("/x%2"), "/x%2");
    }
}

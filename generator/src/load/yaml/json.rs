//! A spec written as plain JSON, read by serde_json: the value and the
//! position index the YAML pass would build, in under a third of its time
//! (about 1.9 against 6.3 ms for the pod spec's JSON). Any text it is not
//! sure of (not JSON, a duplicate key, a limit, a number the YAML rules
//! read otherwise) is left to the YAML pass, which says what is wrong.

use super::index::PositionIndex;
use super::{scalar, MAX_DEPTH, MAX_NODES};
use crate::load::pointer;
use crate::parallel::join;
use serde_json::{Number, Value};

/// The document and its index when `text` is one JSON object or array that
/// the YAML pass would read to the same value; `None` to let that pass read
/// it. serde_json reads the value on this core while the other walks the
/// text for where each node starts (and what serde_json's value cannot
/// tell: how many keys each mapping was written with).
pub(super) fn read(text: &str) -> Option<(Value, PositionIndex)> {
    if !matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')) {
        return None;
    }
    let (walked, value) = join(|| index(text), || serde_json::from_str::<Value>(text).ok());
    let (walked, value) = (walked?, value?);
    let mut seen = Seen::default();
    seen.walk(&value);
    // A mapping with fewer entries than keys written held a key twice (the
    // YAML pass reports it); each number as the YAML rules read its text,
    // or the YAML pass it is: they read `-0` as the integer 0, and round
    // some long fractions otherwise than serde_json does.
    let same_numbers =
        walked.numbers.len() == seen.numbers.len()
            && walked.numbers.iter().zip(&seen.numbers).all(
                |(text, number)| match scalar::resolve((*text).to_owned(), true, None) {
                    Ok(Value::Number(yaml)) => identical(&yaml, number),
                    _ => false,
                },
            );
    (walked.nodes <= MAX_NODES && walked.keys == seen.keys && same_numbers)
        .then_some((value, walked.index))
}

/// The same number, a float to the bit (`0.0` is not `-0.0`).
fn identical(a: &Number, b: &Number) -> bool {
    a == b
        && a.is_f64() == b.is_f64()
        && a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits)
}

/// What a value holds, in the order its text wrote it: each mapping's
/// entry count, and each number.
#[derive(Default)]
struct Seen<'v> {
    keys: Vec<usize>,
    numbers: Vec<&'v Number>,
}

impl<'v> Seen<'v> {
    /// Walks `value` depth first; serde_json's nesting limit (127 levels,
    /// below the YAML pass's 128) bounds the depth.
    fn walk(&mut self, value: &'v Value) {
        match value {
            Value::Number(n) => self.numbers.push(n),
            Value::Array(items) => items.iter().for_each(|item| self.walk(item)),
            Value::Object(map) => {
                self.keys.push(map.len());
                map.values().for_each(|v| self.walk(v));
            }
            Value::Null | Value::Bool(_) | Value::String(_) => {}
        }
    }
}

/// What the walk of the text finds.
struct Walked<'t> {
    index: PositionIndex,
    /// The keys each mapping is written with, in the order they open.
    keys: Vec<usize>,
    /// The text of each number, in order.
    numbers: Vec<&'t str>,
    /// Keys, scalars and collections, as the YAML pass counts nodes.
    nodes: u64,
}

/// An open collection while indexing: where its pointer ends, and for a
/// mapping where its key count is in [`Walked::keys`], for a list how many
/// items it has so far.
enum Open {
    Object(usize, usize),
    Array(usize, usize),
}

/// Where each node starts, recorded as the YAML pass records it (a
/// mapping entry at its key, a list item at the item, in document
/// order), with what else [`Walked`] holds. `None` when the text is not
/// JSON as far as this walk sees; serde_json's reading decides the rest.
fn index(text: &str) -> Option<Walked<'_>> {
    let bytes = text.as_bytes();
    // Room for a node per 16 bytes of text and pointers three times its
    // length: the pod spec, compact, has a node per 24 bytes and 2.8 bytes
    // of pointer per byte (pretty, fewer of both). Room left unused costs
    // less than growing.
    let mut walked = Walked {
        index: PositionIndex::with_capacity(bytes.len() / 16, bytes.len() * 3),
        keys: Vec::new(),
        numbers: Vec::new(),
        nodes: 0,
    };
    let mut pointer = String::new();
    let mut open: Vec<Open> = Vec::new();
    let mut at = skip_space(bytes, 0);
    loop {
        // A value starts at `at`.
        walked.nodes += 1;
        match *bytes.get(at)? {
            b'{' => {
                at = skip_space(bytes, at + 1);
                walked.keys.push(0);
                if bytes.get(at) == Some(&b'}') {
                    at += 1;
                } else {
                    let slot = walked.keys.len() - 1;
                    open.push(Open::Object(pointer.len(), slot));
                    if open.len() > MAX_DEPTH {
                        return None;
                    }
                    at = key(text, at, &mut pointer, &mut walked, slot)?;
                    continue;
                }
            }
            b'[' => {
                at = skip_space(bytes, at + 1);
                if bytes.get(at) == Some(&b']') {
                    at += 1;
                } else {
                    open.push(Open::Array(pointer.len(), 0));
                    if open.len() > MAX_DEPTH {
                        return None;
                    }
                    pointer::push_index(&mut pointer, 0);
                    walked.index.record(&pointer, at);
                    continue;
                }
            }
            b'"' => at = string_end(bytes, at)?,
            _ => {
                let end = at
                    + bytes[at..]
                        .iter()
                        .take_while(|b| is_scalar_byte(**b))
                        .count();
                if end == at {
                    return None;
                }
                if !matches!(&text[at..end], "true" | "false" | "null") {
                    walked.numbers.push(&text[at..end]);
                }
                at = end;
            }
        }
        // A value ended at `at`: the next entry or item, or the end of one
        // or more collections.
        loop {
            at = skip_space(bytes, at);
            let Some(inner) = open.last_mut() else {
                return (at == bytes.len()).then_some(walked);
            };
            match (inner, *bytes.get(at)?) {
                (Open::Object(base, slot), b',') => {
                    pointer.truncate(*base);
                    let slot = *slot;
                    at = key(
                        text,
                        skip_space(bytes, at + 1),
                        &mut pointer,
                        &mut walked,
                        slot,
                    )?;
                    break;
                }
                (Open::Array(base, items), b',') => {
                    *items += 1;
                    pointer.truncate(*base);
                    pointer::push_index(&mut pointer, *items);
                    at = skip_space(bytes, at + 1);
                    walked.index.record(&pointer, at);
                    break;
                }
                (Open::Object(base, _), b'}') | (Open::Array(base, _), b']') => {
                    pointer.truncate(*base);
                    open.pop();
                    at += 1;
                }
                _ => return None,
            }
        }
    }
}

/// Reads the key that starts at `at`, records its entry and counts it for
/// its mapping (at `slot` in [`Walked::keys`]), and returns where its
/// value starts.
fn key(
    text: &str,
    at: usize,
    pointer: &mut String,
    walked: &mut Walked,
    slot: usize,
) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let end = string_end(bytes, at)?;
    let quoted = &text[at..end];
    let name = &quoted[1..quoted.len() - 1];
    if name.contains('\\') {
        // Unescaped by the reader the value is read with (one compiled
        // reader, not a second for strings alone).
        let Value::String(name) = serde_json::from_str::<Value>(quoted).ok()? else {
            return None;
        };
        pointer::push(pointer, &name);
    } else {
        pointer::push(pointer, name);
    }
    walked.index.record(pointer, at);
    walked.nodes += 1;
    walked.keys[slot] += 1;
    let colon = skip_space(bytes, end);
    (bytes.get(colon) == Some(&b':')).then(|| skip_space(bytes, colon + 1))
}

/// Where the string that opens at `at` ends (past its closing quote).
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// A byte of a number, `true`, `false` or `null`.
fn is_scalar_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.')
}

/// The first byte at or after `at` that is not JSON whitespace.
fn skip_space(bytes: &[u8], at: usize) -> usize {
    at + bytes.get(at..).map_or(0, |rest| {
        rest.iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::bytes::Repair;
    use crate::load::yaml::events;

    /// A reading: the value and every indexed node.
    type Reading = (Value, Vec<(String, usize)>);

    fn nodes(index: &PositionIndex) -> Vec<(String, usize)> {
        index
            .nodes()
            .into_iter()
            .map(|(p, at)| (p.to_owned(), at))
            .collect()
    }

    /// The YAML pass's reading, when it reads the text without a word.
    fn yaml_pass(text: &str) -> Option<Reading> {
        let loaded = events::load(text);
        let clean = loaded.syntax.is_none()
            && loaded.shape.is_empty()
            && loaded.index.too_deep.is_none()
            && loaded.index.too_large.is_none();
        let nodes = nodes(&loaded.index);
        clean.then_some((loaded.value?, nodes))
    }

    fn json_read(text: &str) -> Option<Reading> {
        read(text).map(|(value, index)| (value, nodes(&index)))
    }

    /// A document with what JSON text can hold: escapes in keys and
    /// strings, keys a pointer escapes, numbers of every kind, empty and
    /// nested collections, text beyond ASCII.
    pub(super) fn tricky() -> String {
        r#"{
  "openapi": "3.0.0",
  "a/b": {"~c": [1, -2, 0, 1.5, 1e5, 1E-7, 100.0, -0.0, 0.1, 18446744073709551615,
    -9223372036854775808, 2.5e-300, 123456.789]},
  "esc\"aped\\key\u00e9": "line\nbreak\ttab \u2713 \/",
  "": {"": [[], {}, [[{}]], null, true, false]},
  "ünïcode ✓": ["é", "✓", {"k": "v"}],
  "200": {"description": "OK"},
  "x-list":[{"a":1},{"b":[2,3]}] ,
  "z" : "last"
}
"#
        .to_owned()
    }

    #[test]
    fn plain_json_reads_as_the_yaml_pass_reads_it() {
        let pretty = tricky();
        let value: Value = serde_json::from_str(&pretty).unwrap();
        let compact = serde_json::to_string(&value).unwrap();
        let mut texts = vec![pretty.clone(), compact, pretty.replace('\n', "\r\n")];
        texts.push(serde_json::to_string_pretty(&value).unwrap());
        texts.extend(["[]", "{}", " [1, [2, [3]]] \n", "[{\"a\": {}}, []]"].map(str::to_owned));
        // The pod specs, as JSON: the shape every real spec has.
        let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec");
        for entry in std::fs::read_dir(specs).into_iter().flatten().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let mut diags = crate::diagnostics::Diagnostics::default();
            let source = crate::load::bytes::read("", &bytes, Repair::Quotes, &mut diags);
            let spec = events::load(&source.text).value.unwrap();
            texts.push(serde_json::to_string(&spec).unwrap());
            texts.push(serde_json::to_string_pretty(&spec).unwrap());
        }
        for text in &texts {
            let ours = json_read(text);
            assert!(ours.is_some(), "not read as JSON: {:.80}", text);
            assert_eq!(ours, yaml_pass(text), "{:.80}", text);
        }
        assert!(texts.len() >= 8);
    }

    #[test]
    fn what_the_yaml_pass_could_read_otherwise_is_left_to_it() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        for text in [
            // Not JSON, or not only JSON.
            "a: 1\n",
            "\"a scalar\"",
            "7",
            "{\"a\": 1} # a comment\n",
            "{\"a\": 1}\n---\n{\"b\": 2}\n",
            "{'a': 1}",
            "{a: 1}",
            "{\"a\": 1,}",
            "{\"a\": \"tab\there\"}",
            "{\"a\": [1, 2}",
            "{\"a\"",
            "",
            // JSON the YAML rules read otherwise, or report.
            "{\"a\": -0}",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": {\"b\": 1, \"b\": 2}}",
            "{\"a\": {\"b\": 1}, \"c\": 2, \"c\": 3}",
            "[{\"a\": 1}, {\"a\": [1], \"a\": [1]}]",
            "{\"a\": 1e400}",
            "{\"a\": 18446744073709551616}",
            &deep,
        ] {
            assert_eq!(json_read(text), None, "{text:?}");
        }
    }

    #[test]
    fn json_the_yaml_pass_refuses_reads_as_json() {
        // A character beyond the BMP escaped as a surrogate pair (as JSON
        // writers escape it), and a tab starting a line after the document.
        for text in ["{\"a\": \"\\ud83d\\ude00\"}", "{\"a\": 1}\n\t\n"] {
            assert_eq!(yaml_pass(text), None, "{text}");
            let (value, nodes) = json_read(text).unwrap();
            assert_eq!(value, serde_json::from_str::<Value>(text).unwrap());
            assert_eq!(nodes, [("/a".to_owned(), text.find("\"a").unwrap())]);
        }
    }

    #[test]
    fn mutated_json_is_read_as_the_yaml_pass_reads_it_or_left_to_it() {
        let base = tricky().into_bytes();
        let alphabet: &[u8] = b"{}[],:\"\\ \n\t-+.0123456789eEtrufalsn/~\xc3\xa9";
        let mut rng = fastrand::Rng::with_seed(30);
        let (mut read_here, mut cases) = (0, 0);
        for _ in 0..3000 {
            let mut bytes = base.clone();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(..=bytes.len());
                match rng.u8(0..3) {
                    0 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    1 if at < bytes.len() => bytes[at] = alphabet[rng.usize(..alphabet.len())],
                    _ => bytes.insert(at, alphabet[rng.usize(..alphabet.len())]),
                }
            }
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            cases += 1;
            let Some(ours) = json_read(&text) else {
                continue;
            };
            read_here += 1;
            assert_eq!(
                Some(&ours.0),
                serde_json::from_str::<Value>(&text).ok().as_ref()
            );
            match yaml_pass(&text) {
                Some(theirs) => assert_eq!(ours, theirs, "{text}"),
                // JSON's whitespace includes the tab; YAML's, at the start
                // of a line, does not.
                None => assert!(text.contains('\t'), "refused by the YAML pass: {text}"),
            }
        }
        // The mutants exercise both the reading and the leaving.
        assert!(
            read_here > cases / 10 && read_here < cases,
            "{read_here} of {cases}"
        );
    }
}

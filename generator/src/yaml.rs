//! The one module that knows YAML: parses the text into a JSON value with
//! serde_yaml, and indexes where each node starts with the events of
//! libyaml-safer, a safe port of the libyaml that serde_yaml parses with, so
//! both accept the same documents (serde_yaml keeps no positions). JSON
//! input is parsed as YAML 1.2 flow.

use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::pointer;
use crate::source::Source;
use libyaml_safer::{EventData, Parser};
use serde_json::{Map, Number, Value};
use std::collections::HashMap;

/// Why parsing failed.
#[derive(Debug)]
pub enum ParseError {
    /// The text is not well-formed YAML (or JSON).
    Syntax(Diagnostic),
    /// The YAML is well-formed but has no JSON equivalent (NaN, a mapping
    /// used as a key…); the diagnostics are in the caller's list.
    Shape,
}

/// Parses the text into a JSON value. Non-string mapping keys (response codes
/// written as integers, `true`) become their string form.
pub fn parse(
    source: &Source,
    diags: &mut Diagnostics,
) -> Result<(Value, PositionIndex), ParseError> {
    // The index comes first: it is cheap, and it catches nesting that
    // serde_yaml would take quadratic time to refuse.
    let index = PositionIndex::build(source);
    if let Some(at) = index.too_deep {
        return Err(ParseError::Syntax(
            Diagnostic::new(
                Severity::Error,
                "",
                format!("nesting deeper than {MAX_DEPTH} levels"),
            )
            .with_help("an API description is never this deep; is this the right file?")
            .at(source.location(at)),
        ));
    }
    if let Some(at) = index.too_large {
        return Err(ParseError::Syntax(
            Diagnostic::new(
                Severity::Error,
                "",
                format!("the document holds more than {MAX_NODES} nodes, or its aliases add more than {MAX_TEXT_BYTES} bytes of text"),
            )
            .with_help("an API description is never this large; aliases that repeat aliases multiply (a \"billion laughs\" file)")
            .at(source.location(at)),
        ));
    }
    let value: serde_yaml::Value = serde_yaml::from_str(&source.text).map_err(|e| {
        // Without a location, an error about the end of the stream is at
        // the end of the text; any other is at the start.
        let fallback = if e.to_string().contains("end of stream") {
            source.text.trim_end().len()
        } else {
            0
        };
        let location = source.location(e.location().map_or(fallback, |l| l.index()));
        ParseError::Syntax(
            Diagnostic::new(
                Severity::Error,
                "",
                format!("not valid YAML or JSON: {}", strip_location(&e.to_string())),
            )
            .with_help("fix the syntax at the marked position")
            .at(location),
        )
    })?;
    let before = diags.has_errors();
    let json = to_json(value, "", diags);
    if diags.has_errors() && !before {
        return Err(ParseError::Shape);
    }
    Ok((json, index))
}

/// Reads a small YAML settings file into `T`; the error says where it failed.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Writes a value as YAML.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// serde_yaml puts " at line L column C" after its message; the diagnostic
/// says where on its own, so the first one goes (later ones, such as where
/// an unterminated string started, stay).
fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[start..];
    let end = rest.find("column ").map_or(rest.len(), |c| {
        let digits = rest[c + 7..]
            .find(|ch: char| !ch.is_ascii_digit())
            .unwrap_or(rest.len() - c - 7);
        c + 7 + digits
    });
    format!("{}{}", &message[..start], &rest[end..])
}

fn to_json(value: serde_yaml::Value, at: &str, diags: &mut Diagnostics) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => number(&n, at, diags),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &pointer::index(at, i), diags))
                .collect(),
        ),
        Y::Mapping(map) => {
            let mut out = Map::with_capacity(map.len());
            for (k, v) in map {
                let Some(key) = key_string(&k) else {
                    diags.error(
                        at,
                        "a mapping key that is not a string, number or boolean",
                        "write the key as a plain string",
                    );
                    continue;
                };
                let here = pointer::child(at, &key);
                out.insert(key, to_json(v, &here, diags));
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            diags.warn(
                at,
                format!("YAML tag {} ignored", tagged.tag),
                "remove the tag; OpenAPI documents are plain JSON data",
            );
            to_json(tagged.value, at, diags)
        }
    }
}

fn key_string(key: &serde_yaml::Value) -> Option<String> {
    match key {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Null => Some("null".to_owned()),
        _ => None,
    }
}

fn number(n: &serde_yaml::Number, at: &str, diags: &mut Diagnostics) -> Value {
    if let Some(i) = n.as_i64() {
        Value::Number(i.into())
    } else if let Some(u) = n.as_u64() {
        Value::Number(u.into())
    } else {
        let f = n.as_f64().unwrap_or(f64::NAN);
        Number::from_f64(f).map(Value::Number).unwrap_or_else(|| {
            diags.error(
                at,
                format!("the number {n} has no JSON equivalent"),
                "use a finite number or a string",
            );
            Value::Null
        })
    }
}

/// serde_yaml's nesting limit: nothing deeper can be in a parsed document.
pub const MAX_DEPTH: usize = 128;

/// The most nodes a document may hold, its aliases expanded: the pod spec
/// holds about 22,000, so this is 90 times it, and it keeps the parsed
/// document and its position index within about 1 GiB (`cargo xtask
/// limits`). serde_yaml's own alias limit is relative to the number of
/// events, so a dense file of aliases passes it.
pub const MAX_NODES: u64 = 2_000_000;

/// The most scalar text a document's aliases may add when expanded (an
/// alias of a long string copies it): as much as the largest file holds.
pub const MAX_TEXT_BYTES: u64 = crate::source::MAX_SPEC_BYTES as u64;

/// Where each node of the document starts: for a mapping entry, its key; for
/// a sequence item, the item. Built from the text alone, in document order.
#[derive(Debug, Default)]
pub struct PositionIndex {
    entries: Vec<(String, usize)>,
    by_pointer: HashMap<String, usize>,
    /// Where the nesting first goes deeper than serde_yaml allows.
    pub too_deep: Option<usize>,
    /// Where the document, aliases expanded, first holds more than
    /// [`MAX_NODES`] nodes, or its aliases add more than [`MAX_TEXT_BYTES`]
    /// bytes of text.
    pub too_large: Option<usize>,
}

impl PositionIndex {
    /// Indexes as much of the text as parses; a syntax error ends the index
    /// there, which still locates everything before it. Linear in the text:
    /// each event carries its byte offset.
    ///
    /// libyaml-safer 0.3 panics on some malformed input where libyaml
    /// reports an error (its issues #6 and #7: a block scalar at the end of
    /// a text without a final line break, `[!,`). The text gets the line
    /// break it lacks (offsets are unchanged), and any other panic ends the
    /// index where it happened, like a syntax error: serde_yaml, which
    /// parses the values, then reports the error itself.
    pub fn build(source: &Source) -> PositionIndex {
        let mut builder = IndexBuilder {
            stack: Vec::new(),
            index: PositionIndex::default(),
        };
        let text: std::borrow::Cow<str> = if source.text.ends_with('\n') {
            source.text.as_str().into()
        } else {
            format!("{}\n", source.text).into()
        };
        let run = std::panic::AssertUnwindSafe(|| builder.index_events(&text));
        let _ = std::panic::catch_unwind(run);
        builder.index
    }

    /// The byte offset of the node at `pointer`, or of its nearest ancestor
    /// that is in the text.
    pub fn offset(&self, mut pointer: &str) -> usize {
        loop {
            if let Some(&i) = self.by_pointer.get(pointer) {
                return self.entries[i].1;
            }
            match pointer::parent(pointer) {
                Some(up) => pointer = up,
                None => return 0,
            }
        }
    }

    /// The pointer of the innermost node that starts at or before `offset`.
    pub fn pointer_at(&self, offset: usize) -> &str {
        let i = self.entries.partition_point(|(_, at)| *at <= offset);
        if i == 0 {
            ""
        } else {
            &self.entries[i - 1].0
        }
    }

    fn record(&mut self, pointer: String, offset: usize) {
        self.by_pointer
            .entry(pointer.clone())
            .or_insert(self.entries.len());
        self.entries.push((pointer, offset));
    }
}

/// Counts the nodes and scalar bytes of the document as serde_yaml will
/// build it (an alias weighs what its anchored node weighs), and what the
/// aliases add.
#[derive(Default)]
struct ExpandedSize {
    /// Nodes and scalar bytes so far.
    total: (u64, u64),
    /// Nodes and scalar bytes that aliases added.
    aliased: (u64, u64),
    anchors: HashMap<String, (u64, u64)>,
    /// Open collections: their anchor and the totals when they started.
    open: Vec<(Option<String>, (u64, u64))>,
}

impl ExpandedSize {
    /// Adds an event; returns the nodes so far and the text aliases added.
    fn on_event(&mut self, event: &EventData) -> (u64, u64) {
        let add = |total: &mut (u64, u64), (n, b): (u64, u64)| {
            *total = (total.0.saturating_add(n), total.1.saturating_add(b));
        };
        match event {
            EventData::Scalar { anchor, value, .. } => {
                let weight = (1, value.len() as u64);
                add(&mut self.total, weight);
                if let Some(a) = anchor {
                    self.anchors.insert(a.clone(), weight);
                }
            }
            EventData::Alias { anchor } => {
                let weight = self.anchors.get(anchor).copied().unwrap_or((1, 0));
                add(&mut self.total, weight);
                add(&mut self.aliased, weight);
            }
            EventData::MappingStart { anchor, .. } | EventData::SequenceStart { anchor, .. } => {
                self.open.push((anchor.clone(), self.total));
                add(&mut self.total, (1, 0));
            }
            EventData::MappingEnd | EventData::SequenceEnd => {
                if let Some((Some(anchor), start)) = self.open.pop() {
                    let weight = (self.total.0 - start.0, self.total.1 - start.1);
                    self.anchors.insert(anchor, weight);
                }
            }
            _ => {}
        }
        (self.total.0, self.aliased.1)
    }
}

enum Frame {
    /// A mapping; `key` holds the pointer of the entry whose value comes next.
    Map {
        at: String,
        key: Option<String>,
    },
    Seq {
        at: String,
        next: usize,
    },
}

struct IndexBuilder {
    stack: Vec<Frame>,
    index: PositionIndex,
}

impl IndexBuilder {
    /// Indexes the events of `text` one by one, so the index stops where
    /// serde_yaml stops (deeper nesting, too many nodes).
    fn index_events(&mut self, text: &str) {
        let mut size = ExpandedSize::default();
        let mut bytes = text.as_bytes();
        let mut parser = Parser::new();
        parser.set_input_string(&mut bytes);
        for event in parser {
            let Ok(event) = event else { break };
            let offset = usize::try_from(event.start_mark.index).unwrap_or(usize::MAX);
            if self.stack.len() > MAX_DEPTH {
                self.index.too_deep = Some(offset);
                break;
            }
            if event.data == EventData::StreamEnd {
                break;
            }
            let (nodes, bytes) = size.on_event(&event.data);
            if nodes > MAX_NODES || bytes > MAX_TEXT_BYTES {
                self.index.too_large = Some(offset);
                break;
            }
            self.on_event(event.data, offset);
        }
    }

    /// The pointer of a value that starts here, recording sequence items.
    fn value_pointer(&mut self, offset: usize) -> String {
        match self.stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { key, at }) => key.take().unwrap_or_else(|| at.clone()),
            Some(Frame::Seq { at, next }) => {
                let p = pointer::index(at, *next);
                *next += 1;
                self.index.record(p.clone(), offset);
                p
            }
        }
    }

    /// Whether the next node is a mapping key.
    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn on_event(&mut self, event: EventData, offset: usize) {
        match event {
            EventData::Scalar { value, .. } if self.expecting_key() => {
                if let Some(Frame::Map { at, key }) = self.stack.last_mut() {
                    let p = pointer::child(at, &value);
                    self.index.record(p.clone(), offset);
                    *key = Some(p);
                }
            }
            EventData::Scalar { .. } | EventData::Alias { .. } => {
                self.value_pointer(offset);
            }
            EventData::MappingStart { .. } | EventData::SequenceStart { .. }
                if self.expecting_key() =>
            {
                // A complex key: its insides have no pointer; index the
                // value under a key nobody can name.
                let at = match self.stack.last() {
                    Some(Frame::Map { at, .. }) => pointer::child(at, "?"),
                    _ => String::new(),
                };
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    *key = Some(at.clone());
                }
                self.stack.push(Frame::Seq { at, next: 0 });
            }
            EventData::MappingStart { .. } => {
                let at = self.value_pointer(offset);
                self.stack.push(Frame::Map { at, key: None });
            }
            EventData::SequenceStart { .. } => {
                let at = self.value_pointer(offset);
                self.stack.push(Frame::Seq { at, next: 0 });
            }
            EventData::MappingEnd | EventData::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::new("t.yml", text.to_owned(), String::new())
    }

    #[test]
    fn integer_keys_become_strings() {
        let mut d = Diagnostics::default();
        let (v, _) = parse(&source("responses:\n  200: {description: ok}\n"), &mut d).unwrap();
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn index_points_at_keys_and_items() {
        let s = source("a:\n  b: 1\n  c:\n    - x\n    - {d: 2}\n\"e/f\": 3\n");
        let idx = PositionIndex::build(&s);
        let at = |p: &str| s.location(idx.offset(p));
        assert_eq!((at("/a/b").line, at("/a/b").column), (2, 3));
        assert_eq!((at("/a/c/1").line, at("/a/c/1").column), (5, 7));
        assert_eq!((at("/a/c/1/d").line, at("/a/c/1/d").column), (5, 8));
        assert_eq!(at("/e~1f").line, 6);
        // Missing nodes fall back to their nearest ancestor.
        assert_eq!(at("/a/c/9/zz").line, 3);
        assert_eq!(idx.pointer_at(s.line_start(4) + 7), "/a/c/0");
    }

    #[test]
    fn the_index_goes_past_quoted_scalars_that_libyaml_accepts() {
        // A double-quoted scalar continued with `\` on a line indented
        // less than its key, or with a tab: libyaml (serde_yaml) accepts
        // both; the index must not stop there.
        for text in [
            "info:\n  description: \"a \\\ncontinued\"\n  title: T\npaths:\n  /a: {}\n",
            "info:\n  description: \"a \\\n\tcontinued\"\n  title: T\npaths:\n  /a: {}\n",
        ] {
            let s = source(text);
            assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_ok());
            let idx = PositionIndex::build(&s);
            let at = |p: &str| s.location(idx.offset(p));
            assert_eq!((at("/info/title").line, at("/info/title").column), (4, 3));
            assert_eq!((at("/paths/~1a").line, at("/paths/~1a").column), (6, 3));
        }
    }

    #[test]
    fn offsets_count_bytes_after_multibyte_text() {
        let s = source("a: \"é✓\"\nb:\n  - ünïcode\n  - x\n");
        let idx = PositionIndex::build(&s);
        let at = |p: &str| s.location(idx.offset(p));
        assert_eq!((at("/b/1").line, at("/b/1").column), (4, 5));
    }

    #[test]
    fn syntax_errors_are_located_by_byte_offset() {
        let s = source("a: \"çç\"\nb: \"é\" x: [\n");
        let Err(ParseError::Syntax(d)) = parse(&s, &mut Diagnostics::default()) else {
            panic!("expected a syntax error");
        };
        let at = d.location.unwrap();
        assert_eq!((at.line, at.column), (2, 8), "{}", d.message);
    }

    #[test]
    fn alias_bombs_are_refused_before_expansion() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let p = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let s = source(&text);
        let Err(ParseError::Syntax(d)) = parse(&s, &mut Diagnostics::default()) else {
            panic!("expected the bomb to be refused");
        };
        assert!(d.message.contains("aliases"), "{}", d.message);
        assert_eq!(d.location.unwrap().line, 7, "{}", d.message);
        // Few nodes, but long strings.
        let long = "y".repeat(1 << 20);
        let mut text = format!("a0: &a0 \"{long}\"\n");
        for i in 1..3 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let s = source(&text);
        assert!(parse(&s, &mut Diagnostics::default()).is_err());
        // The same shape, small, is fine.
        let small = source("a: &a [x, x]\nb: [*a, *a]\n");
        assert!(parse(&small, &mut Diagnostics::default()).is_ok());
    }

    #[test]
    fn input_that_makes_libyaml_safer_panic_is_a_syntax_error_or_a_value() {
        // A block scalar ending the text without a line break parses.
        let (value, _) = parse(&source("a: |\n  text"), &mut Diagnostics::default()).unwrap();
        assert_eq!(value["a"], "text");
        for text in ["a: ''|\n 0", "[!,"] {
            assert!(matches!(
                parse(&source(text), &mut Diagnostics::default()),
                Err(ParseError::Syntax(_))
            ));
        }
    }
}

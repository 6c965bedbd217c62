//! One pass over libyaml-safer's events builds both the JSON value and the
//! position index, weighing aliases before it expands them.

use super::index::PositionIndex;
use super::scalar;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::pointer;
use crate::parallel::join;
use libyaml_safer::{Event, EventData, Parser, ScalarStyle};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::mpsc;

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
pub const MAX_TEXT_BYTES: u64 = crate::load::bytes::MAX_SPEC_BYTES as u64;

/// What the pass made of the text.
pub(super) struct Loaded {
    /// The document; `None` when it is empty or the pass stopped.
    pub value: Option<Value>,
    pub index: PositionIndex,
    /// The syntax error that stopped the pass, and its byte offset.
    pub syntax: Option<(String, usize)>,
    /// Values the YAML has that JSON has not, duplicate keys and ignored
    /// tags, each with the byte offset of the node it is about.
    pub shape: Vec<(Diagnostic, usize)>,
}

/// Reads the text's events to the end, to a syntax error, or to a limit.
///
/// libyaml-safer 0.3 panics on some malformed input where libyaml reports
/// an error (its issues #6 and #7: a block scalar at the end of a text
/// without a final line break, `[!,`). The text gets the line break it
/// lacks (offsets are unchanged), and any other panic is caught and
/// reported as a syntax error where it happened.
pub(super) fn load(text: &str) -> Loaded {
    let mut loader = Loader::default();
    let text: std::borrow::Cow<str> = if text.ends_with('\n') {
        text.into()
    } else {
        loader.padded = Some(text.len());
        format!("{text}\n").into()
    };
    let run = std::panic::AssertUnwindSafe(|| loader.run(&text));
    if std::panic::catch_unwind(run).is_err() && loader.syntax.is_none() {
        loader.syntax = Some(("the YAML parser failed here".to_owned(), loader.offset));
    }
    Loaded {
        value: loader.root,
        index: loader.index,
        syntax: loader.syntax,
        shape: loader.shape,
    }
}

/// An open collection: where it is, what it holds so far, its anchor.
struct Frame {
    at: String,
    anchor: Option<String>,
    kind: Kind,
}

enum Kind {
    /// `key` is the pending entry's pointer and name (`None` for a key that
    /// is not a scalar, already reported), set between key and value.
    Map {
        map: Map<String, Value>,
        key: Option<(String, Option<String>)>,
    },
    Seq {
        items: Vec<Value>,
    },
}

#[derive(Default)]
struct Loader {
    stack: Vec<Frame>,
    index: PositionIndex,
    anchors: HashMap<String, Value>,
    root: Option<Value>,
    syntax: Option<(String, usize)>,
    shape: Vec<(Diagnostic, usize)>,
    /// The offset of the event being handled.
    offset: usize,
    /// The text's length when `load` added the final line break it lacked.
    padded: Option<usize>,
}

impl Loader {
    /// Parses on a second thread while this one builds: libyaml-safer's
    /// scanning and parsing is about 60% of the pass, the building the rest
    /// (cachegrind, the pod spec). Events cross in batches over a bounded
    /// channel, in order, so the result is the one a single thread makes;
    /// when building stops early (an error, a limit) the channel closes
    /// and the parser stops at its next batch. Each scalar's text moves
    /// into the document rather than being copied and freed here: memory
    /// one thread allocates is slow for another to free (the parser took
    /// 8 ms on the pod spec's JSON with the copies, 6.3 ms without).
    fn run(&mut self, text: &str) {
        let (events, batches) = mpsc::sync_channel(BATCHES_IN_FLIGHT);
        // The builder owns the receiver, so it is dropped (and a parser
        // waiting on a full channel stops) before the parser is joined; a
        // parser's panic goes on here, where `load` catches it with the
        // offset of the last event built.
        join(move || parse(text, &events), || self.build(batches));
    }

    /// Builds from the parser's batches until the end, an error or a limit.
    fn build(&mut self, batches: mpsc::Receiver<Vec<Parsed>>) {
        let mut size = ExpandedSize::default();
        for event in batches.iter().flatten() {
            let event = match event {
                Ok(event) => event,
                Err(e) => {
                    let at = e
                        .problem_mark()
                        .map_or(self.offset, |m| mark_offset(m.index));
                    // As serde_yaml words it: the context's position only
                    // when it is not the problem's.
                    let message = match (e.context(), e.context_mark()) {
                        (Some(context), Some(mark))
                            if (mark.line, mark.column) != (0, 0)
                                && e.problem_mark().map(|p| (p.line, p.column))
                                    != Some((mark.line, mark.column)) =>
                        {
                            format!("{}, {context} at {mark}", e.problem())
                        }
                        (Some(context), _) => format!("{}, {context}", e.problem()),
                        _ => e.problem().to_owned(),
                    };
                    self.syntax = Some((message, at));
                    return;
                }
            };
            self.offset = mark_offset(event.start_mark.index);
            if self.stack.len() > MAX_DEPTH {
                self.index.too_deep = Some(self.offset);
                return;
            }
            if event.data == EventData::StreamEnd {
                return;
            }
            let (nodes, bytes) = size.on_event(&event.data);
            if nodes > MAX_NODES || bytes > MAX_TEXT_BYTES {
                self.index.too_large = Some(self.offset);
                return;
            }
            let end = mark_offset(event.end_mark.index);
            self.on_event(event.data, end);
            if self.syntax.is_some() {
                return;
            }
        }
    }

    /// Handles an event that ends at byte `end`.
    fn on_event(&mut self, event: EventData, end: usize) {
        match event {
            EventData::DocumentStart { .. } if self.root.is_some() => {
                self.syntax = Some((
                    "more than one YAML document in the file".to_owned(),
                    self.offset,
                ));
            }
            EventData::Scalar {
                anchor,
                tag,
                mut value,
                style,
                ..
            } => {
                // A block scalar that ends the text holds no line break the
                // text did not have.
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                if block && self.padded.is_some_and(|len| end > len) && value.ends_with('\n') {
                    value.pop();
                }
                let at = self.node_pointer();
                let tag = self.core_tag(&at, tag);
                let plain = style == ScalarStyle::Plain;
                let value = scalar::resolve(value, plain, tag.as_deref()).unwrap_or_else(|e| {
                    self.report(Severity::Error, &at, e, "use a finite number or a string");
                    Value::Null
                });
                if let Some(anchor) = anchor {
                    self.anchors.insert(anchor, value.clone());
                }
                self.attach(at, value);
            }
            EventData::Alias { anchor } => {
                let at = self.node_pointer();
                match self.anchors.get(&anchor) {
                    Some(value) => {
                        let value = value.clone();
                        self.attach(at, value);
                    }
                    None => {
                        self.syntax = Some((
                            format!("the alias *{anchor} names no anchor before it"),
                            self.offset,
                        ));
                    }
                }
            }
            EventData::MappingStart { anchor, tag, .. } => {
                let at = self.node_pointer();
                self.core_tag(&at, tag);
                let kind = Kind::Map {
                    map: Map::new(),
                    key: None,
                };
                self.stack.push(Frame { at, anchor, kind });
            }
            EventData::SequenceStart { anchor, tag, .. } => {
                let at = self.node_pointer();
                self.core_tag(&at, tag);
                let kind = Kind::Seq { items: Vec::new() };
                self.stack.push(Frame { at, anchor, kind });
            }
            EventData::MappingEnd | EventData::SequenceEnd => {
                if let Some(frame) = self.stack.pop() {
                    let value = match frame.kind {
                        Kind::Map { map, .. } => Value::Object(map),
                        Kind::Seq { items } => Value::Array(items),
                    };
                    if let Some(anchor) = frame.anchor {
                        self.anchors.insert(anchor, value.clone());
                    }
                    self.attach(frame.at, value);
                }
            }
            _ => {}
        }
    }

    /// The pointer of the node that starts here, indexed: a mapping's key
    /// is indexed when it is attached, under the pointer it names.
    fn node_pointer(&mut self) -> String {
        let offset = self.offset;
        match self.stack.last_mut() {
            None => String::new(),
            Some(Frame {
                at,
                kind: Kind::Map { key, .. },
                ..
            }) => match key {
                Some((pointer, _)) => pointer.clone(),
                // A key: its own pointer is not known until it is read.
                None => pointer::child(at, "?"),
            },
            Some(Frame {
                at,
                kind: Kind::Seq { items },
                ..
            }) => {
                let p = pointer::index(at, items.len());
                self.index.record(&p, offset);
                p
            }
        }
    }

    /// A node is done: it becomes the root, the next item, a key, or the
    /// value of the pending key.
    fn attach(&mut self, at: String, value: Value) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return;
        };
        let (map, key) = match &mut frame.kind {
            Kind::Seq { items } => return items.push(value),
            Kind::Map { map, key } => (map, key),
        };
        match key.take() {
            Some((_, Some(name))) => {
                map.entry(name).or_insert(value);
            }
            Some((_, None)) => {}
            None => {
                // A key: a scalar names its entry, a collection cannot.
                let name = scalar::key_text(value);
                let pointer = name
                    .as_deref()
                    .map_or(at, |name| pointer::child(&frame.at, name));
                let problem = match &name {
                    None => Some((
                        "a mapping key that is not a string, number or boolean".to_owned(),
                        "write the key as a plain string",
                    )),
                    Some(name) if map.contains_key(name) => Some((
                        format!("duplicate key {name:?}: this mapping already has an entry for it"),
                        "remove or rename one of the two entries (`200` and `\"200\"` are one key)",
                    )),
                    Some(_) => None,
                };
                *key = Some((pointer.clone(), name));
                if let Some((message, help)) = problem {
                    self.report(Severity::Error, &pointer, message, help);
                }
                self.index.record(&pointer, self.offset);
            }
        }
    }

    /// A problem with the node that starts at the current event.
    fn report(&mut self, severity: Severity, at: &str, message: impl Into<String>, help: &str) {
        let diagnostic = Diagnostic::new(severity, at, message).with_help(help);
        self.shape.push((diagnostic, self.offset));
    }

    /// The tag of a node as the scalar rules take it: a core tag
    /// (`tag:yaml.org,2002:int`) is kept; a local one (`!thing`) is
    /// reported and dropped, the node read as if untagged.
    fn core_tag(&mut self, at: &str, tag: Option<String>) -> Option<String> {
        let tag = tag?;
        if tag.starts_with('!') {
            self.report(
                Severity::Warning,
                at,
                format!("YAML tag {tag} ignored"),
                "remove the tag; OpenAPI documents are plain JSON data",
            );
            return None;
        }
        Some(tag)
    }
}

/// One event from libyaml-safer, or the error that ends the stream.
type Parsed = Result<Event, libyaml_safer::Error>;

/// Events per batch: few enough sends that the channel costs nothing
/// beside the parsing, small enough that building starts at once.
const BATCH: usize = 512;

/// Batches parsed ahead of the building: bounds what an early stop wastes.
const BATCHES_IN_FLIGHT: usize = 8;

/// Parses `text` to its end or first error, sending the events in batches
/// until the builder stops listening.
fn parse(text: &str, events: &mpsc::SyncSender<Vec<Parsed>>) {
    let mut bytes = text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut bytes);
    let mut batch = Vec::with_capacity(BATCH);
    for event in parser {
        let last = match &event {
            Ok(event) => event.data == EventData::StreamEnd,
            Err(_) => true,
        };
        batch.push(event);
        if last {
            break;
        }
        if batch.len() == BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
            if events.send(full).is_err() {
                return;
            }
        }
    }
    // The batch with the end or the error (or whatever the parser ended
    // on without either); the builder may have stopped listening.
    let _ = events.send(batch);
}

fn mark_offset(index: u64) -> usize {
    usize::try_from(index).unwrap_or(usize::MAX)
}

/// Counts the nodes and scalar bytes of the document as it is built (an
/// alias weighs what its anchored node weighs), and what the aliases add.
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

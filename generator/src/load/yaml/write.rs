//! Writes a JSON value as YAML the way serde_yaml writes it, through
//! libyaml-safer's emitter (the parser's own crate, so the tool builds one
//! YAML library, not two): block collections, unlimited width, Unicode
//! as it is, text of several lines as a literal block, and single quotes
//! on a string that would otherwise read back as something else.

use super::scalar;
use libyaml_safer::{Emitter, Encoding, Event, MappingStyle, ScalarStyle, SequenceStyle};
use serde_json::Value;

/// The YAML text of `value`.
pub(super) fn to_string(value: &Value) -> Result<String, String> {
    let mut out = Vec::new();
    {
        let mut emitter = Emitter::new();
        emitter.set_output_string(&mut out);
        emitter.set_unicode(true);
        emitter.set_width(-1);
        let mut emit = |event: Event| emitter.emit(event).map_err(|e| e.to_string());
        emit(Event::stream_start(Encoding::Utf8))?;
        emit(Event::document_start(None, &[], true))?;
        node(value, &mut emit)?;
        emit(Event::document_end(true))?;
        emit(Event::stream_end())?;
        emitter.flush().map_err(|e| e.to_string())?;
    }
    // libyaml-safer ends a document whose last scalar keeps its final
    // line breaks (`|+`) with `...`, which libyaml (serde_yaml) leaves out;
    // with one document and nothing after it, the text reads the same.
    if out.ends_with(b"\n...\n") {
        out.truncate(out.len() - 4);
    }
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// The events of one node, its children first to last.
fn node(value: &Value, emit: &mut impl FnMut(Event) -> Result<(), String>) -> Result<(), String> {
    match value {
        Value::Null => plain("null", emit),
        Value::Bool(b) => plain(if *b { "true" } else { "false" }, emit),
        // A float as serde_yaml (ryu) writes it: `1e21`, where serde_json
        // writes `1e+21`.
        Value::Number(n) => plain(&n.to_string().replacen("e+", "e", 1), emit),
        Value::String(s) => text(s, emit),
        Value::Array(items) => {
            emit(Event::sequence_start(None, None, true, SequenceStyle::Any))?;
            for item in items {
                node(item, emit)?;
            }
            emit(Event::sequence_end())
        }
        Value::Object(map) => {
            emit(Event::mapping_start(None, None, true, MappingStyle::Any))?;
            for (key, item) in map {
                text(key, emit)?;
                node(item, emit)?;
            }
            emit(Event::mapping_end())
        }
    }
}

fn plain(text: &str, emit: &mut impl FnMut(Event) -> Result<(), String>) -> Result<(), String> {
    emit(Event::scalar(
        None,
        None,
        text,
        true,
        true,
        ScalarStyle::Plain,
    ))
}

/// A string: a literal block when it has several lines; quoted when,
/// written plain, it would read as null, a boolean or a number, or is
/// digits after a leading zero (a string in YAML 1.2, a number to YAML
/// 1.1 readers); else as the emitter sees fit.
fn text(text: &str, emit: &mut impl FnMut(Event) -> Result<(), String>) -> Result<(), String> {
    let style = if text.contains('\n') {
        ScalarStyle::Literal
    } else if scalar::reads_as_other_than_string(text) {
        ScalarStyle::SingleQuoted
    } else {
        ScalarStyle::Any
    };
    emit(Event::scalar(None, None, text, true, true, style))
}

//! The one module that knows YAML: parses the text into a JSON value and
//! indexes where each node starts, in one pass over the events of
//! libyaml-safer (a safe port of libyaml, `events`), with scalars read
//! as serde_yaml reads them (`scalar`). A spec in plain JSON is read by
//! serde_json to the same value and index (`json`), in under a third of
//! the time; other JSON is parsed as YAML 1.2 flow. Small settings files
//! are read the same way, then deserialised from JSON (`from_str`);
//! `write` writes a value back out.

mod events;
mod index;
mod json;
mod scalar;
mod write;

pub use self::events::{MAX_DEPTH, MAX_NODES, MAX_TEXT_BYTES};
pub use self::index::PositionIndex;
use crate::diagnostics::Source;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use serde_json::Value;

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
    if let Some(read) = json::read(&source.text) {
        return Ok(read);
    }
    let loaded = events::load(&source.text);
    let index = loaded.index;
    // One error stops the parse: a limit first (nothing past it was read),
    // then a syntax error.
    let stop = |at: usize, message: String, help: &str| {
        Err(ParseError::Syntax(
            Diagnostic::new(Severity::Error, "", message)
                .with_help(help)
                .at(source.location(at)),
        ))
    };
    if let Some(at) = index.too_deep {
        return stop(
            at,
            format!("nesting deeper than {MAX_DEPTH} levels"),
            "an API description is never this deep; is this the right file?",
        );
    }
    if let Some(at) = index.too_large {
        return stop(
            at,
            format!("the document holds more than {MAX_NODES} nodes, or its aliases add more than {MAX_TEXT_BYTES} bytes of text"),
            "an API description is never this large; aliases that repeat aliases multiply (a \"billion laughs\" file)",
        );
    }
    if let Some((message, at)) = loaded.syntax {
        return stop(
            at,
            format!("not valid YAML or JSON: {message}"),
            "fix the syntax at the marked position",
        );
    }
    let shape_errors = loaded
        .shape
        .iter()
        .any(|(d, _)| d.severity == Severity::Error);
    for (diagnostic, at) in loaded.shape {
        diags.push(diagnostic.at(source.location(at)));
    }
    if shape_errors {
        return Err(ParseError::Shape);
    }
    Ok((loaded.value.unwrap_or(Value::Null), index))
}

/// Reads a small YAML settings file into `T`; the error says at which
/// line and column, and what failed there.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    let source = Source::new("", text.to_owned(), String::new());
    let mut diags = Diagnostics::default();
    let located = |message: &str, at: usize| {
        let at = source.location(at);
        format!("line {} column {}: {message}", at.line, at.column)
    };
    let diagnosed = |d: &Diagnostic| located(&d.message, d.location.map_or(0, |l| l.offset));
    // A settings file is held to more than a spec: every diagnostic of the
    // pass stops it, the warning a spec gets for an ignored tag included.
    let parsed = parse(&source, &mut diags);
    if let Some(d) = diags.iter().next() {
        return Err(diagnosed(d));
    }
    let (value, index) = match parsed {
        Ok(parsed) => parsed,
        Err(ParseError::Syntax(d)) => return Err(diagnosed(&d)),
        Err(ParseError::Shape) => return Err(located("not a settings file", 0)),
    };
    serde_path_to_error::deserialize(value).map_err(|e| {
        let at = crate::load::pointer::from_path("", e.path());
        located(&e.inner().to_string(), index.offset(&at))
    })
}

/// Writes a value as YAML, as serde_yaml writes it.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    write::to_string(&value)
}

/// Indexes as much of the text as parses; a syntax error ends the index
/// there, which still locates everything before it. Linear in the text:
/// each event carries its byte offset.
pub fn index(source: &Source) -> PositionIndex {
    events::load(&source.text).index
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::new("t.yml", text.to_owned(), String::new())
    }

    /// What serde_yaml reads, as JSON: keys in their string form, tags
    /// dropped; `None` for what JSON cannot hold.
    pub(crate) fn serde_yaml_json(value: serde_yaml::Value) -> Option<Value> {
        use serde_yaml::Value as Y;
        Some(match value {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(b),
            Y::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => i.into(),
                (_, Some(u)) => u.into(),
                _ => Value::Number(serde_json::Number::from_f64(n.as_f64()?)?),
            },
            Y::String(s) => Value::String(s),
            Y::Sequence(items) => Value::Array(
                items
                    .into_iter()
                    .map(serde_yaml_json)
                    .collect::<Option<_>>()?,
            ),
            Y::Mapping(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        Y::Null => "null".to_owned(),
                        _ => return None,
                    };
                    out.insert(key, serde_yaml_json(v)?);
                }
                Value::Object(out)
            }
            Y::Tagged(tagged) => serde_yaml_json(tagged.value)?,
        })
    }

    /// Ours and serde_yaml's readings of `text` agree: the same value, or
    /// both refuse it.
    fn agree(name: &str, text: &str) {
        let ours = parse(&source(text), &mut Diagnostics::default())
            .ok()
            .map(|(v, _)| v);
        let theirs = serde_yaml::from_str::<serde_yaml::Value>(text)
            .ok()
            .and_then(serde_yaml_json);
        assert_eq!(ours, theirs, "{name}");
        if let Some(value) = ours {
            writes_as_serde_yaml_does(name, &value);
        }
    }

    /// Ours and serde_yaml's writings of `value` are the same text, and it
    /// reads back as `value`.
    fn writes_as_serde_yaml_does(name: &str, value: &Value) {
        let ours = to_string(value).unwrap();
        assert_eq!(ours, serde_yaml::to_string(value).unwrap(), "{name}");
        let (back, _) = parse(&source(&ours), &mut Diagnostics::default()).unwrap();
        assert_eq!(&back, value, "{name}");
    }

    #[test]
    fn strings_that_read_as_something_else_numbers_and_text_blocks_are_written_as_serde_yaml_writes_them(
    ) {
        let strings = [
            "null",
            "Null",
            "~",
            "",
            "true",
            "False",
            "yes",
            "no",
            "on",
            "0123",
            "-012",
            "+7",
            "0",
            "1.5",
            "1e3",
            ".inf",
            "-.Inf",
            ".nan",
            "0x1f",
            "0o17",
            "18446744073709551616",
            "one\ntwo\n",
            "one\ntwo",
            "\nlead",
            "multi\n\n  indented\n\n",
            "trailing ",
            " leading",
            "a: b",
            "a:b",
            "#x",
            "a #x",
            "- x",
            "-",
            "ünïcode ✓",
            "tab\there",
            "\"q\"",
            "'s'",
            "@at",
            "`bt",
            "%p",
            "!bang",
            "&amp",
            "*star",
            "|",
            ">",
            "?",
            ":",
            ",",
            "[",
            "]",
            "{",
            "}",
            "a, b",
            "control \u{7}",
            "bom \u{feff}",
            "nbsp \u{a0}",
            "line sep \u{2028}",
            "crlf\r\nx",
            "cr\rx",
        ];
        let mut map = serde_json::Map::new();
        for (i, s) in strings.iter().enumerate() {
            map.insert((*s).to_owned(), Value::String((*s).to_owned()));
            map.insert(format!("k{i}"), serde_json::json!([s, {"in": [s]}]));
        }
        let numbers = serde_json::json!([
            1,
            -2,
            0,
            1.5,
            1e21,
            1.0e-7,
            100.0,
            -0.0,
            0.1,
            123456.789,
            u64::MAX,
            i64::MIN,
            2.5e-300,
            1e300
        ]);
        map.insert("numbers".to_owned(), numbers);
        map.insert(
            "empty".to_owned(),
            serde_json::json!({"a": [], "b": {}, "c": null}),
        );
        map.insert("200".to_owned(), serde_json::json!(true));
        writes_as_serde_yaml_does("tricky values", &Value::Object(map));
        for value in [
            serde_json::json!("top"),
            serde_json::json!([]),
            serde_json::json!(null),
        ] {
            writes_as_serde_yaml_does("a scalar document", &value);
        }
    }

    #[test]
    fn a_settings_file_error_says_what_and_where() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct S {
            a: Vec<u8>,
        }
        let at = |text: &str| from_str::<S>(text).unwrap_err();
        assert_eq!(
            at("a:\n  - 1\n  - x\n"),
            "line 3 column 5: invalid type: string \"x\", expected u8"
        );
        assert!(at("a: []\nb: 1\n").starts_with("line 2 column 1: unknown field `b`"));
        assert!(at("a: [1\n").starts_with("line 1 column 6: not valid YAML"));
        assert_eq!(
            at("a: []\na: []\n"),
            "line 2 column 1: duplicate key \"a\": this mapping already has an entry for it"
        );
        assert_eq!(at("a: !x []\n"), "line 1 column 4: YAML tag !x ignored");
        assert_eq!(from_str::<Option<S>>("").unwrap().map(|s| s.a), None);
    }

    #[test]
    fn the_one_pass_reads_every_fixture_and_the_pod_specs_as_serde_yaml_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/fixtures"), root.join("../../shared/spec")];
        let mut read = 0;
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    agree(&path.display().to_string(), &text);
                    read += 1;
                }
            }
        }
        assert!(read > 70, "only {read} files read");
    }

    #[test]
    fn the_one_pass_reads_yaml_features_as_serde_yaml_does() {
        for text in [
            "a: &x {b: [1, 2]}\nc: *x\nd: &y 5\ne: *y\n",
            "a: &x {b: 1}\n<<: *x\n",
            "? [1, 2]\n: v\n",
            "a: !thing {b: 1}\nc: !other 12\nd: !!str 12\ne: !!int \"7\"\n",
            "a: !!binary aGVsbG8=\nb: !!float 1\nc: !!null ~\nd: !!bool true\n",
            "a: !!int x\n",
            "a: |\n  one\n  two\n\nb: >-\n  folded\n  text\nc: |+\n  kept\n\n",
            "a: 1\na: 2\n",
            "200: a\n\"201\": b\ntrue: c\n~: d\n1.5: e\n",
            "--- a\n--- b\n",
            "",
            "# only a comment\n",
            "a: *nothing\n",
            "a: .nan\n",
            "a: 99999999999999999999\n",
            "{\"a\": [1, 2.5, \"x\", null, true], \"b\": {}}",
            "a: 'it''s'\nb: \"\\u00e9\\t\"\nc: plain text # comment\n",
            "a:\n  - b: 1\n    c: 2\n  - [x, y]\n",
        ] {
            agree(text, text);
        }
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
        let idx = index(&s);
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
            let idx = index(&s);
            let at = |p: &str| s.location(idx.offset(p));
            assert_eq!((at("/info/title").line, at("/info/title").column), (4, 3));
            assert_eq!((at("/paths/~1a").line, at("/paths/~1a").column), (6, 3));
        }
    }

    #[test]
    fn offsets_count_bytes_after_multibyte_text() {
        let s = source("a: \"é✓\"\nb:\n  - ünïcode\n  - x\n");
        let idx = index(&s);
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
    fn a_stop_early_in_a_long_text_ends_the_parsing_too() {
        // Far more events than the parser may send ahead of the builder,
        // after the builder has stopped: an unknown alias, nesting deeper
        // than the limit, a second document, a syntax error.
        let tail: String = (0..20_000).map(|i| format!("k{i}: [v, w]\n")).collect();
        let deep = format!(
            "{}x{}\n",
            "[".repeat(MAX_DEPTH + 2),
            "]".repeat(MAX_DEPTH + 2)
        );
        let cases = [
            (format!("a: *nope\n{tail}"), 1),
            (format!("a: {deep}{tail}"), 1),
            (format!("a: 1\n---\n{tail}"), 2),
            (format!("a: [\n{tail}"), 0),
        ];
        for (text, line) in cases {
            let Err(ParseError::Syntax(d)) = parse(&source(&text), &mut Diagnostics::default())
            else {
                panic!("expected an error for {:?}", &text[..20]);
            };
            if line > 0 {
                assert_eq!(d.location.unwrap().line, line, "{}", d.message);
            }
        }
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

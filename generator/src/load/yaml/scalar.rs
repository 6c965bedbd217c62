//! What a YAML scalar means: YAML 1.2's core schema as serde_yaml reads it
//! (`~` and `null` are null, `0x1f` an integer, `.inf` a float, `0123` a
//! string), with the tags `!!null`, `!!bool`, `!!int` and `!!float`.

use serde_json::{Number, Value};

/// The core schema's tags as libyaml writes them out.
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const NULL: &str = "tag:yaml.org,2002:null";

/// The JSON value of a scalar written `text`, plain (unquoted) or not,
/// under `tag`; `Err` says why it has none. A local tag (`!thing`) is the
/// caller's to report: the scalar then reads as if it had none.
pub(super) fn resolve(text: String, plain: bool, tag: Option<&str>) -> Result<Value, String> {
    let (value, what) = match tag {
        Some(BOOL) => (parse_bool(&text).map(|b| Ok(Value::Bool(b))), "a boolean"),
        Some(INT) => (int(&text), "an integer"),
        Some(FLOAT) => (parse_float(&text).map(|f| float(f, &text)), "a float"),
        Some(NULL) => (is_null(&text).then_some(Ok(Value::Null)), "null"),
        // Any other tag (`!!str`, `!!binary`) leaves the text as it is.
        Some(_) => return Ok(Value::String(text)),
        None if plain => return untagged(text),
        None => return Ok(Value::String(text)),
    };
    value.unwrap_or_else(|| Err(format!("{text:?} is tagged as {what} but is not one")))
}

/// A plain scalar without a tag: null, a boolean, an integer, a float, or
/// else a string.
fn untagged(text: String) -> Result<Value, String> {
    not_string(&text).unwrap_or(Ok(Value::String(text)))
}

/// What a plain scalar without a tag is when it is not a string: null, a
/// boolean, an integer or a float (or `Err`, a number JSON has not).
fn not_string(text: &str) -> Option<Result<Value, String>> {
    if text.is_empty() || is_null(text) {
        return Some(Ok(Value::Null));
    }
    if let Some(b) = parse_bool(text) {
        return Some(Ok(Value::Bool(b)));
    }
    if let Some(value) = int(text) {
        return Some(value);
    }
    if leading_zero_digits(text) {
        return None;
    }
    parse_float(text).map(|f| float(f, text))
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer in decimal, `0x`, `0o` or `0b`, with an optional sign: a JSON
/// number, or an error when it needs more than 64 bits. `None`: not an
/// integer.
fn int(text: &str) -> Option<Result<Value, String>> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(d) = unsigned.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = unsigned.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = unsigned.strip_prefix("0b") {
        (2, d)
    } else if leading_zero_digits(text) {
        return None;
    } else {
        (10, unsigned)
    };
    // A sign after the sign or the prefix makes it a string, as does any
    // character that is not a digit of the radix.
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    // Past 128 bits it is no integer (a decimal one is then a float).
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        i64::try_from(magnitude)
            .ok()
            .map(|m| -m)
            .or((magnitude == 1 << 63).then_some(i64::MIN))
            .map(Number::from)
    } else {
        u64::try_from(magnitude).ok().map(Number::from)
    };
    Some(value.map(Value::Number).ok_or_else(|| {
        format!(
            "the integer {text} does not fit in 64 bits, which is as far as JSON numbers go here"
        )
    }))
}

/// Whether `text`, written plain, reads as anything but the string
/// `text`: null, a boolean, a number (or one JSON has not), or digits
/// after a leading zero, which YAML 1.1 readers take for a number.
pub(super) fn reads_as_other_than_string(text: &str) -> bool {
    not_string(text).is_some() || leading_zero_digits(text)
}

/// `0123`: digits after a leading zero are a string in YAML 1.2.
fn leading_zero_digits(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

fn parse_float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match (unsigned, text) {
        (".inf" | ".Inf" | ".INF", _) => Some(f64::INFINITY),
        (_, "-.inf" | "-.Inf" | "-.INF") => Some(f64::NEG_INFINITY),
        (_, ".nan" | ".NaN" | ".NAN") => Some(f64::NAN),
        _ => unsigned.parse::<f64>().ok().filter(|f| f.is_finite()),
    }
}

/// The float `f`, written `text`.
fn float(f: f64, text: &str) -> Result<Value, String> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| format!("the number {text} has no JSON equivalent"))
}

/// A mapping key's text: a scalar's value as JSON writes it (`200`,
/// `true`, `null`); `None` for a collection.
pub(super) fn key_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Null | Value::Bool(_) | Value::Number(_) => Some(value.to_string()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What serde_yaml reads a one-scalar document as, as far as JSON goes.
    fn serde_yaml_reads(text: &str) -> Option<Value> {
        serde_yaml::from_str(text)
            .ok()
            .and_then(crate::load::yaml::tests::serde_yaml_json)
    }

    #[test]
    fn plain_scalars_read_as_serde_yaml_reads_them() {
        for text in [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "0",
            "-0",
            "+0",
            "12",
            "+12",
            "-12",
            "0123",
            "-0123",
            "+-1",
            "--1",
            "0x1f",
            "0x",
            "-0x1f",
            "0x+1",
            "0o17",
            "-0o17",
            "0o8",
            "0b101",
            "-0b1",
            "0b2",
            "1.5",
            "-1.5",
            "+1.5",
            "1e3",
            "1E-3",
            ".5",
            "5.",
            ".inf",
            "-.inf",
            "+.inf",
            ".INF",
            "inf",
            "NaN",
            "1_000",
            "18446744073709551615",
            "9223372036854775807",
            "-9223372036854775808",
            "-9223372036854775809",
            "00",
            "0.0",
            "1.0",
            "12:30",
            "v1",
            "1.2.3",
            "0e0",
            "1e400",
            "-1e400",
            "0X1f",
            "+0x1f",
            "-0x-1",
            "1234567890123456789012345678901234567890",
            "0xFFFFFFFFFFFFFFFFF",
        ] {
            let ours = resolve(text.to_owned(), true, None).ok();
            let theirs = serde_yaml_reads(&format!("{text}\n"));
            assert_eq!(ours, theirs, "{text:?}");
        }
    }

    #[test]
    fn tags_and_quotes() {
        assert_eq!(resolve("12".to_owned(), false, None), Ok(json!("12")));
        assert_eq!(resolve("true".to_owned(), false, None), Ok(json!("true")));
        assert_eq!(resolve("12".to_owned(), true, Some(INT)), Ok(json!(12)));
        assert_eq!(resolve("12".to_owned(), false, Some(INT)), Ok(json!(12)));
        assert_eq!(
            resolve("yes".to_owned(), true, Some(BOOL)).unwrap_err(),
            "\"yes\" is tagged as a boolean but is not one"
        );
        assert_eq!(
            resolve("12".to_owned(), true, Some("tag:yaml.org,2002:str")),
            Ok(json!("12"))
        );
        assert_eq!(resolve("1".to_owned(), true, Some(FLOAT)), Ok(json!(1.0)));
        assert!(resolve("18446744073709551616".to_owned(), true, None)
            .unwrap_err()
            .contains("64 bits"));
        assert!(resolve(".nan".to_owned(), true, None)
            .unwrap_err()
            .contains("no JSON equivalent"));
    }

    #[test]
    fn keys_are_written_as_json_writes_scalars() {
        assert_eq!(key_text(json!(200)).as_deref(), Some("200"));
        assert_eq!(key_text(json!(1.5)).as_deref(), Some("1.5"));
        assert_eq!(key_text(json!(null)).as_deref(), Some("null"));
        assert_eq!(key_text(json!("a b")).as_deref(), Some("a b"));
        assert_eq!(key_text(json!([1])), None);
    }
}

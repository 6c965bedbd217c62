//! `type: string, format: long`: an `i64` that travels as a string. Decoding
//! also takes a JSON number, which is what servers often send instead.

use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};
use std::fmt;

/// An `i64` that is written as a decimal string and read from a string or
/// a JSON integer: how a generated struct writes and reads a `long`
/// property (`Long(self.id)`, `self.parent.map(Long)`).
pub struct Long(pub i64);

impl Serialize for Long {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> de::Deserialize<'de> for Long {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LongVisitor).map(Long)
    }
}

struct LongVisitor;

impl Visitor<'_> for LongVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer, or a string holding one")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("{v} does not fit in an i64")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse()
            .map_err(|_| E::custom(format!("{v:?} is not an integer")))
    }
}

#[cfg(test)]
mod tests {
    use super::Long;
    use serde_json::{json, Value};

    fn read(value: Value) -> Result<i64, serde_json::Error> {
        serde_json::from_value::<Long>(value).map(|long| long.0)
    }

    #[test]
    fn decodes_strings_and_numbers_and_encodes_strings() {
        assert_eq!(read(json!("42")).unwrap(), 42);
        assert_eq!(read(json!(" 42 ")).unwrap(), 42);
        assert_eq!(read(json!(42)).unwrap(), 42);
        assert_eq!(read(json!(-7)).unwrap(), -7);
        assert_eq!(serde_json::to_value(Long(42)).unwrap(), json!("42"));
        assert_eq!(serde_json::to_value(Some(Long(-7))).unwrap(), json!("-7"));
        let absent: Option<Long> = serde_json::from_value(Value::Null).unwrap();
        assert!(absent.is_none());
        let not_a_number = read(json!("ADMIN")).unwrap_err().to_string();
        assert!(
            not_a_number.contains("\"ADMIN\" is not an integer"),
            "{not_a_number}"
        );
        let too_big = read(json!(u64::MAX)).unwrap_err().to_string();
        assert!(too_big.contains("does not fit in an i64"), "{too_big}");
        assert!(read(json!(1.5)).is_err());
    }
}

//! `type: string, format: long`: an `i64` that travels as a string. Decoding
//! also takes a JSON number, which is what servers often send instead.

use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;
use std::fmt;

/// Encodes as a decimal string.
pub fn serialize<S: Serializer>(value: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// Decodes a decimal string or a JSON integer.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    deserializer.deserialize_any(LongVisitor)
}

/// An `i64` read as [`deserialize`] reads it: the slot a generated struct
/// reads a `long` property into.
pub struct Long(pub i64);

impl<'de> de::Deserialize<'de> for Long {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(Long)
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

/// The same for an optional field (`Option<i64>`, absent or null is `None`).
pub mod option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<i64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.collect_str(v),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        struct Long(#[serde(with = "super")] i64);
        Ok(Option::<Long>::deserialize(deserializer)?.map(|Long(v)| v))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Role {
        #[serde(with = "super")]
        id: i64,
        #[serde(
            default,
            with = "super::option",
            skip_serializing_if = "Option::is_none"
        )]
        parent: Option<i64>,
    }

    #[test]
    fn decodes_strings_and_numbers_and_encodes_strings() {
        let from_string: Role = serde_json::from_value(json!({ "id": "42", "parent": 7 })).unwrap();
        let from_number: Role = serde_json::from_value(json!({ "id": 42, "parent": "7" })).unwrap();
        assert_eq!(from_string, from_number);
        assert_eq!(
            serde_json::to_value(&from_string).unwrap(),
            json!({ "id": "42", "parent": "7" })
        );
        let absent: Role = serde_json::from_value(json!({ "id": "1" })).unwrap();
        assert_eq!(absent.parent, None);
        assert!(serde_json::from_value::<Role>(json!({ "id": "ADMIN" })).is_err());
    }
}

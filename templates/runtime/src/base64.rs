//! Bytes that travel as a base64 string (`format: byte` or `binary`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes, written on the wire as standard base64.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD
            .decode(text.as_bytes())
            .map(Base64)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_as_base64() {
        let json = serde_json::to_string(&Base64(b"pod".to_vec())).unwrap();
        assert_eq!(json, "\"cG9k\"");
        assert_eq!(
            serde_json::from_str::<Base64>(&json).unwrap(),
            Base64(b"pod".to_vec())
        );
        assert!(serde_json::from_str::<Base64>("\"%%\"").is_err());
    }
}

//! Helpers for tagged unions (`oneOf` with a discriminator): write a
//! variant with its tag, read the variant a tag selects.

use serde::{Serialize, Serializer};

/// Writes `value` with its tag property set to `name` (a variant's type
/// need not declare the tag property itself).
pub fn tagged<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    name: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(tag)
            .or_insert_with(|| serde_json::Value::String(name.to_owned()));
    }
    json.serialize(serializer)
}

/// Reads the variant the tag selected; a value that does not fit it is an
/// error (the tag promised that type).
pub fn variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Cat {
        name: &'static str,
    }

    #[test]
    fn the_tag_is_added_when_the_variant_lacks_it() {
        let mut out = Vec::new();
        tagged(
            &mut serde_json::Serializer::new(&mut out),
            "petType",
            "cat",
            &Cat { name: "Tom" },
        )
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value, json!({"name": "Tom", "petType": "cat"}));
    }

    #[test]
    fn a_value_that_does_not_fit_its_tag_is_an_error() {
        let err = variant::<u32, serde_json::Error>(json!({"x": 1})).unwrap_err();
        assert!(err.to_string().contains("u32"), "{err}");
    }
}

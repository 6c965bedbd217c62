//! A struct as a JSON object: the one visitor and the helpers that every
//! generated struct's `Deserialize` and `Serialize` impls call. Derived
//! impls with a catch-all (`#[serde(flatten)]`) are several times the code
//! for the compiler to expand and check; these read and write the same
//! values with the same errors.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A struct read property by property (the generator writes the impl).
/// The loop over the object's keys is `ObjectVisitor`'s, one for every
/// struct: written out in each impl, the loop and its `?`s on the map's
/// error type were 9% of the instructions rustc spent checking the pod
/// crate (cachegrind).
pub trait Object: Sized {
    /// What the value was expected to be, for messages (`struct UserV2`).
    const EXPECTING: &'static str;

    /// The declared properties' names, in the order `read` numbers them.
    const FIELDS: &'static [&'static str];

    /// What has been read of each declared property so far.
    type Slots;

    /// Slots with nothing read.
    fn slots() -> Self::Slots;

    /// Reads the value of the declared property numbered `index` (in
    /// `FIELDS`) into its slot.
    fn read<'de, A: MapAccess<'de>>(
        slots: &mut Self::Slots,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// The struct from what was read: its declared properties' slots and
    /// the properties it does not declare; a required property that was
    /// not read is an error.
    fn build(
        slots: Self::Slots,
        extra: BTreeMap<String, serde_json::Value>,
    ) -> Result<Self, &'static str>;
}

/// Reads a `T` from a JSON object.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::slots();
        let mut extra = BTreeMap::new();
        while let Some(key) = map.next_key::<Key>()? {
            match T::FIELDS.iter().position(|name| *name == key.as_str()) {
                Some(index) => T::read(&mut slots, index, &mut map)?,
                None => keep(&mut map, &mut extra, key)?,
            }
        }
        T::build(slots, extra).map_err(de::Error::missing_field)
    }
}

/// A property name, borrowed from the input when it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a declared property into its slot; a second value
/// for the same property is an error, as it is for a derived impl.
pub fn field<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of a property the struct does not declare into its
/// catch-all, under its name.
pub fn keep<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut BTreeMap<String, serde_json::Value>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    extra.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// A required property's value, or the error that names it.
pub fn required<T>(slot: Option<T>, name: &'static str) -> Result<T, &'static str> {
    slot.ok_or(name)
}

/// An object being written: its map, or the first error, after which
/// nothing more is written. The generated impls call the functions below
/// one after another without a `?` each: an early return per property cost
/// 12% of what rustc does to check a crate's types (cachegrind).
pub struct Writer<M: SerializeMap>(Result<M, M::Error>);

/// Starts writing an object.
pub fn writer<S: Serializer>(serializer: S) -> Writer<S::SerializeMap> {
    Writer(serializer.serialize_map(None))
}

/// Writes a property.
pub fn entry<M: SerializeMap, T: ?Sized + Serialize>(
    object: &mut Writer<M>,
    name: &'static str,
    value: &T,
) {
    if let Ok(map) = &mut object.0 {
        if let Err(e) = map.serialize_entry(name, value) {
            object.0 = Err(e);
        }
    }
}

/// Writes an optional property, left out when it is unset.
pub fn optional<M: SerializeMap, T: Serialize>(
    object: &mut Writer<M>,
    name: &'static str,
    value: &Option<T>,
) {
    if value.is_some() {
        entry(object, name, value);
    }
}

/// Writes the properties a struct keeps from the server, after its
/// declared ones, and ends the object; the first error, if any.
pub fn end<M: SerializeMap>(
    object: Writer<M>,
    properties: &BTreeMap<String, serde_json::Value>,
) -> Result<M::Ok, M::Error> {
    let mut map = object.0?;
    for (name, value) in properties {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    /// What the generator writes for `{id (required), name?}` with a catch-all.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: i64,
        name: Option<String>,
        extra: BTreeMap<String, Value>,
    }

    impl Object for Thing {
        const EXPECTING: &'static str = "struct Thing";
        const FIELDS: &'static [&'static str] = &["id", "name"];
        type Slots = (Option<i64>, Option<Option<String>>);

        fn slots() -> Self::Slots {
            (None, None)
        }

        fn read<'de, A: MapAccess<'de>>(
            slots: &mut Self::Slots,
            index: usize,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match index {
                0 => field(&mut slots.0, map, "id"),
                1 => field(&mut slots.1, map, "name"),
                _ => Ok(()),
            }
        }

        fn build(slots: Self::Slots, extra: BTreeMap<String, Value>) -> Result<Self, &'static str> {
            Ok(Thing {
                id: required(slots.0, "id")?,
                name: slots.1.flatten(),
                extra,
            })
        }
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer)
        }
    }

    /// What the generator writes to encode it.
    impl Serialize for Thing {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = writer(serializer);
            entry(&mut object, "id", &self.id);
            optional(&mut object, "name", &self.name);
            end(object, &self.extra)
        }
    }

    fn read(text: &str) -> Result<Thing, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn declared_properties_fill_fields_and_the_rest_is_kept() {
        let thing = read(r#"{"id": 7, "x\"y": [1], "name": "a", "z": null}"#).unwrap();
        assert_eq!(thing.id, 7);
        assert_eq!(thing.name.as_deref(), Some("a"));
        let extra: BTreeMap<String, Value> = [
            ("x\"y".to_owned(), json!([1])),
            ("z".to_owned(), Value::Null),
        ]
        .into();
        assert_eq!(thing.extra, extra);
        // Absent and null are both `None` for an optional property.
        assert_eq!(read(r#"{"id": 1, "name": null}"#).unwrap().name, None);
        assert_eq!(read(r#"{"id": 1}"#).unwrap().name, None);
    }

    #[test]
    fn errors_read_as_serde_derive_writes_them() {
        let missing = read(r#"{"name": "a"}"#).unwrap_err();
        assert!(missing.starts_with("missing field `id`"), "{missing}");
        let twice = read(r#"{"id": 1, "id": 2}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `id`"), "{twice}");
        let twice_null = read(r#"{"id": 1, "name": null, "name": "b"}"#).unwrap_err();
        assert!(
            twice_null.starts_with("duplicate field `name`"),
            "{twice_null}"
        );
        let wrong = read(r#"{"id": "1"}"#).unwrap_err();
        assert!(wrong.contains("expected i64"), "{wrong}");
        let not_object = read("[1]").unwrap_err();
        assert!(not_object.contains("expected struct Thing"), "{not_object}");
    }

    /// The derived impl these helpers replace, of a type of the same name.
    mod derived {
        use serde_json::Value;
        use std::collections::BTreeMap;

        #[derive(serde::Deserialize, serde::Serialize)]
        pub struct Thing {
            pub id: i64,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            #[serde(flatten)]
            pub extra: BTreeMap<String, Value>,
        }
    }

    #[test]
    fn values_and_messages_match_a_derived_impl() {
        for text in [
            r#"{"id": 1, "name": "a", "b": {"c": [true]}}"#,
            r#"{"name": "a"}"#,
            r#"{"id": 1, "id": 2}"#,
            r#"{"id": 1, "name": null, "name": "b"}"#,
            r#"{"id": 1, "b": 1, "b": 2}"#,
            r#"{"id": 1.5}"#,
            r#"{"id": 1, "name": 3}"#,
            r#"{"id": 1,}"#,
            "[1, 2]",
            "null",
            "{}",
        ] {
            let ours = read(text).map(|t| (t.id, t.name, t.extra));
            let derived = serde_json::from_str::<derived::Thing>(text)
                .map(|t| (t.id, t.name, t.extra))
                .map_err(|e| e.to_string());
            assert_eq!(ours, derived, "{text}");
        }
    }

    #[test]
    fn encodings_match_a_derived_impl() {
        let kept = |pairs: &[(&str, Value)]| -> BTreeMap<String, Value> {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect()
        };
        for (id, name, extra) in [
            (1, Some("a"), kept(&[])),
            (2, None, kept(&[])),
            (
                3,
                Some(""),
                kept(&[("b", json!({"c": [true]})), ("a", Value::Null)]),
            ),
            // A kept property named like a declared one is written twice,
            // as the derived impl writes it.
            (4, None, kept(&[("id", json!(9))])),
        ] {
            let name = name.map(str::to_owned);
            let ours = Thing {
                id,
                name: name.clone(),
                extra: extra.clone(),
            };
            let derived = derived::Thing { id, name, extra };
            assert_eq!(
                serde_json::to_string(&ours).unwrap(),
                serde_json::to_string(&derived).unwrap()
            );
        }
    }

    #[test]
    fn writing_stops_at_the_first_error() {
        struct Failing;
        impl Serialize for Failing {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(serde::ser::Error::custom("cannot be written"))
            }
        }
        struct Object;
        impl Serialize for Object {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = writer(serializer);
                entry(&mut object, "a", &1);
                entry(&mut object, "b", &Failing);
                entry(&mut object, "c", &2);
                optional(&mut object, "d", &Some(3));
                end(object, &BTreeMap::from([("e".to_owned(), Value::from(4))]))
            }
        }
        let mut out = Vec::new();
        let error = serde_json::to_writer(&mut out, &Object).unwrap_err();
        assert_eq!(error.to_string(), "cannot be written");
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":1,"b":"#);
    }

    #[test]
    fn keys_are_borrowed_unless_escaped() {
        let text = r#"{"plain": 1, "esc\u0061ped": 2}"#;
        let mut de = serde_json::Deserializer::from_str(text);
        struct Keys;
        impl<'de> Visitor<'de> for Keys {
            type Value = Vec<bool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<bool>, A::Error> {
                let mut borrowed = Vec::new();
                while let Some(key) = map.next_key::<Key>()? {
                    borrowed.push(matches!(key.0, Cow::Borrowed(_)));
                    map.next_value::<de::IgnoredAny>()?;
                }
                Ok(borrowed)
            }
        }
        assert_eq!(de.deserialize_map(Keys).unwrap(), [true, false]);
    }
}

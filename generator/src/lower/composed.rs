//! Schemas that write an object's keywords beside `allOf`, `oneOf` or
//! `anyOf` (`type: object` with `allOf`, as Swagger 2.0 specs often extend
//! a base), read as the composition they mean rather than as no type.

use openapiv3::{AnySchema, ObjectType, ReferenceOr, Schema, SchemaKind, Type as OaType};

/// How [`reading`] takes a schema that writes an object's keywords beside
/// a composition.
#[derive(Debug, PartialEq)]
pub(super) enum Reading {
    /// As this composition.
    As(Box<Schema>),
    /// As its properties alone: the compositions named beside them have no
    /// one reading and are not modelled.
    PropertiesOnly(String),
}

/// The composition a schema means when it sets an object's keywords
/// (`type: object`, `properties`, `required`…) beside one of `allOf`,
/// `oneOf` or `anyOf`: openapiv3 reads such a schema as its catch-all
/// kind, which maps to no type. `None` for every other schema, and for a
/// mix with no one reading (two compositions, `not`, another type's
/// keywords, properties beside `oneOf`).
///
/// - `allOf` beside properties: the parts, then the properties as one more
///   part, so a later part's field of the same name wins as in any `allOf`;
/// - `oneOf` or `anyOf` beside `type: object` alone: the alternatives.
///
/// The schema's own data (description, discriminator…) is kept.
pub(super) fn composed(schema: &Schema) -> Option<Schema> {
    match reading(schema)? {
        Reading::As(read) => Some(*read),
        Reading::PropertiesOnly(_) => None,
    }
}

/// Whether a catch-all schema sets `allOf`, `oneOf` or `anyOf`.
pub(super) fn composes(any: &AnySchema) -> bool {
    !(any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty())
}

/// [`composed`], and for a schema with properties that it cannot read, the
/// compositions beside them, for the warning that says they are not
/// modelled.
pub(super) fn reading(schema: &Schema) -> Option<Reading> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return None;
    };
    let own = !any.properties.is_empty();
    let unread = || {
        let keywords: Vec<&str> = [
            ("`allOf`", &any.all_of),
            ("`oneOf`", &any.one_of),
            ("`anyOf`", &any.any_of),
        ]
        .into_iter()
        .filter_map(|(keyword, parts)| (!parts.is_empty()).then_some(keyword))
        .collect();
        (own && !keywords.is_empty()).then(|| Reading::PropertiesOnly(keywords.join(" and ")))
    };
    let object_only = AnySchema {
        typ: None,
        properties: Default::default(),
        required: Vec::new(),
        additional_properties: None,
        min_properties: None,
        max_properties: None,
        all_of: Vec::new(),
        one_of: Vec::new(),
        any_of: Vec::new(),
        ..any.clone()
    } == AnySchema::default();
    if !object_only || !matches!(any.typ.as_deref(), None | Some("object")) {
        return unread();
    }
    let schema_kind = match (&any.all_of[..], &any.one_of[..], &any.any_of[..]) {
        ([_, ..], [], []) => {
            let mut all_of = any.all_of.clone();
            if own {
                all_of.push(ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::Type(OaType::Object(ObjectType {
                        properties: any.properties.clone(),
                        required: any.required.clone(),
                        additional_properties: any.additional_properties.clone(),
                        min_properties: any.min_properties,
                        max_properties: any.max_properties,
                    })),
                }));
            }
            SchemaKind::AllOf { all_of }
        }
        ([], [_, ..], []) if !own => SchemaKind::OneOf {
            one_of: any.one_of.clone(),
        },
        ([], [], [_, ..]) if !own => SchemaKind::AnyOf {
            any_of: any.any_of.clone(),
        },
        _ => return unread(),
    };
    Some(Reading::As(Box::new(Schema {
        schema_data: schema.schema_data.clone(),
        schema_kind,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(json: serde_json::Value) -> Schema {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn object_keywords_beside_a_composition_read_as_the_composition() {
        let base = serde_json::json!({"$ref": "#/components/schemas/Base"});
        // `type: object` beside `allOf`: the parts alone.
        let typed = schema(serde_json::json!({
            "type": "object", "description": "a child", "allOf": [base]
        }));
        let read = composed(&typed).unwrap();
        assert!(matches!(&read.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() == 1));
        assert_eq!(read.schema_data.description.as_deref(), Some("a child"));
        // Properties beside `allOf`: one more part, after the others.
        let own = schema(serde_json::json!({
            "required": ["b"], "properties": {"b": {"type": "string"}}, "allOf": [base]
        }));
        let SchemaKind::AllOf { all_of } = composed(&own).unwrap().schema_kind else {
            panic!("not an allOf");
        };
        assert_eq!(all_of.len(), 2);
        let ReferenceOr::Item(last) = &all_of[1] else {
            panic!("the properties are not the last part");
        };
        assert!(matches!(&last.schema_kind,
            SchemaKind::Type(OaType::Object(o)) if o.required == ["b"] && o.properties.contains_key("b")));
        // `type: object` beside `oneOf`: the alternatives.
        let choice = schema(serde_json::json!({"type": "object", "oneOf": [base]}));
        assert!(matches!(
            composed(&choice).unwrap().schema_kind,
            SchemaKind::OneOf { .. }
        ));
    }

    #[test]
    fn a_mix_with_no_one_reading_is_left_and_named() {
        let part = serde_json::json!({"$ref": "#/components/schemas/A"});
        let properties = serde_json::json!({"a": {"type": "string"}});
        for (json, unread) in [
            (
                serde_json::json!({"properties": properties, "oneOf": [part]}),
                Some("`oneOf`"),
            ),
            (
                serde_json::json!({"properties": properties, "allOf": [part], "anyOf": [part]}),
                Some("`allOf` and `anyOf`"),
            ),
            (serde_json::json!({"allOf": [part], "oneOf": [part]}), None),
            (serde_json::json!({"type": "string", "allOf": [part]}), None),
            (serde_json::json!({"allOf": [part], "not": part}), None),
            (serde_json::json!({"allOf": [part], "items": part}), None),
        ] {
            let s = schema(json.clone());
            assert_eq!(composed(&s), None, "{json}");
            let named = match reading(&s) {
                Some(Reading::PropertiesOnly(keywords)) => Some(keywords),
                _ => None,
            };
            assert_eq!(named.as_deref(), unread, "{json}");
        }
        // An object schema is not a mix.
        let plain = schema(serde_json::json!({"type": "object", "properties": properties}));
        assert_eq!(reading(&plain), None);
    }
}

//! Media types → how a body travels: JSON, a form, multipart parts, text or
//! raw bytes. One rule for request bodies and responses alike.

use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type as OaType};
use openapiv3::{StringType, VariantOrUnknownOrEmpty};

/// How a body of one media type is written and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    /// Serialised with serde_json.
    Json,
    /// `application/x-www-form-urlencoded` fields.
    Form,
    /// `multipart/form-data` parts.
    Multipart,
    /// Text, as it is (`text/*`).
    Text,
    /// Bytes, as they are (`application/octet-stream`, or a binary schema).
    Binary,
    /// A media type the generator has no rule for (`application/xml`):
    /// sent and received as raw bytes, with a warning.
    Other,
}

/// The kind of a media type with its schema. Wildcards (`*/*`,
/// `application/*`) hold JSON unless the schema says the body is binary.
pub(super) fn kind(mime: &str, schema: Option<&ReferenceOr<Schema>>) -> Kind {
    let essence = essence(mime);
    let binary = schema.is_some_and(is_binary);
    match essence.as_str() {
        _ if binary && !essence.starts_with("multipart/") => Kind::Binary,
        "application/json" | "*/*" | "application/*" => Kind::Json,
        e if e.ends_with("+json") => Kind::Json,
        "application/x-www-form-urlencoded" => Kind::Form,
        e if e.starts_with("multipart/") => Kind::Multipart,
        e if e.starts_with("text/") => Kind::Text,
        "application/octet-stream" => Kind::Binary,
        _ => Kind::Other,
    }
}

/// The content type a body of this kind is sent with: the media type when
/// it names one, else the kind's usual one.
pub(super) fn content_type(mime: &str, kind: Kind) -> String {
    let concrete = !mime.contains('*');
    match kind {
        _ if concrete => mime.to_owned(),
        Kind::Json => "application/json".to_owned(),
        Kind::Text => "text/plain".to_owned(),
        Kind::Form => "application/x-www-form-urlencoded".to_owned(),
        Kind::Multipart => "multipart/form-data".to_owned(),
        Kind::Binary | Kind::Other => "application/octet-stream".to_owned(),
    }
}

/// The media type without parameters, lower case.
fn essence(mime: &str) -> String {
    mime.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `type: string, format: binary`: bytes that are not JSON.
pub(super) fn is_binary(schema: &ReferenceOr<Schema>) -> bool {
    matches!(
        schema,
        ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(OaType::String(StringType {
                format: VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
                ..
            })),
            ..
        })
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binary() -> ReferenceOr<Schema> {
        serde_json::from_value(serde_json::json!({"type": "string", "format": "binary"})).unwrap()
    }

    #[test]
    fn media_types_map_to_kinds() {
        assert_eq!(kind("application/json", None), Kind::Json);
        assert_eq!(kind("application/json; charset=utf-8", None), Kind::Json);
        assert_eq!(kind("application/vnd.api+json", None), Kind::Json);
        assert_eq!(kind("*/*", None), Kind::Json);
        assert_eq!(kind("*/*", Some(&binary())), Kind::Binary);
        assert_eq!(kind("application/*", None), Kind::Json);
        assert_eq!(kind("multipart/form-data", None), Kind::Multipart);
        assert_eq!(kind("multipart/mixed", Some(&binary())), Kind::Multipart);
        assert_eq!(kind("application/x-www-form-urlencoded", None), Kind::Form);
        assert_eq!(kind("text/plain", None), Kind::Text);
        assert_eq!(kind("text/plain", Some(&binary())), Kind::Binary);
        assert_eq!(kind("application/octet-stream", None), Kind::Binary);
        assert_eq!(kind("image/png", Some(&binary())), Kind::Binary);
        assert_eq!(kind("application/xml", None), Kind::Other);
    }

    #[test]
    fn wildcards_send_the_usual_content_type() {
        assert_eq!(content_type("*/*", Kind::Json), "application/json");
        assert_eq!(
            content_type("*/*", Kind::Binary),
            "application/octet-stream"
        );
        assert_eq!(
            content_type("application/vnd.api+json", Kind::Json),
            "application/vnd.api+json"
        );
        assert_eq!(content_type("text/*", Kind::Text), "text/plain");
    }
}

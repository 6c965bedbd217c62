//! Responses → the model: the success statuses, each one's type by its
//! media type, and the enum an operation with several of them returns.

use super::context::LowerOps;
use super::lines;
use super::media::{self, Kind};
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StatusCode, Type as OaType};
use templates::model::{Outcome, Response, Type};

impl LowerOps<'_> {
    pub(super) fn response(
        &self,
        pascal: &str,
        op: &openapiv3::Operation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Response {
        let mut outcomes = Vec::new();
        let explicit = |code: &StatusCode| matches!(code, StatusCode::Code(200..=299));
        let has_explicit = op.responses.responses.keys().any(explicit);
        let has_range = op
            .responses
            .responses
            .keys()
            .any(|c| *c == StatusCode::Range(2));
        // Without any success listed, `default` describes the answer.
        let default = op
            .responses
            .default
            .as_ref()
            .filter(|_| !has_explicit && !has_range)
            .map(|r| (None, r));
        let listed = op.responses.responses.iter().map(|(c, r)| (Some(c), r));
        for (code, response) in listed.chain(default) {
            // A `2XX` range stands for every success the spec does not
            // list one by one; it is read as 200 (any other 2xx decodes as
            // it too), and so is `default` when it is the only answer.
            let (status, key) = match code {
                Some(StatusCode::Code(status @ 200..=299)) => (*status, status.to_string()),
                Some(StatusCode::Range(2)) if !has_explicit => (200, "2XX".to_owned()),
                None => (200, "default".to_owned()),
                Some(_) => continue,
            };
            let responses_at = pointer::child(&pointer::child(at, "responses"), &key);
            let Some(response) = self.resolve_response(response) else {
                diags.warn(
                    &responses_at,
                    "a response reference that resolves to nothing (or to a loop of references); the call returns no value",
                    "point it at a response under `components/responses`",
                );
                continue;
            };
            let here = pointer::child(&responses_at, "content");
            if matches!(status, 204 | 205) && !response.content.is_empty() {
                diags.warn(
                    &here,
                    format!("a {status} response has no body, so its content is ignored: the call returns no value"),
                    "remove the content, or answer 200",
                );
            }
            let content = if matches!(status, 204 | 205) {
                None
            } else {
                Some(&response.content)
            };
            let ty = content
                .into_iter()
                .flatten()
                .map(|(mime, media)| (mime, media, media::kind(mime, media.schema.as_ref())))
                .min_by_key(|(_, _, kind)| *kind)
                .and_then(|(mime, media, kind)| match kind {
                    Kind::Json => media.schema.as_ref().map(|s| {
                        let at = pointer::child(&pointer::child(&here, mime), "schema");
                        warn_untyped(s, &at, diags);
                        self.schema_type(s)
                    }),
                    Kind::Text => Some(Type::Text),
                    Kind::Form | Kind::Multipart | Kind::Binary | Kind::Other => Some(Type::Binary),
                });
            outcomes.push(Outcome {
                status,
                variant: status_variant(status),
                ty,
                docs: lines(Some(&response.description)),
            });
        }
        match outcomes.as_slice() {
            [] => Response::Empty,
            [one] => one.ty.clone().map_or(Response::Empty, Response::Json),
            [a, b] if a.ty.is_some() != b.ty.is_some() => {
                let (some, none) = if a.ty.is_some() { (a, b) } else { (b, a) };
                Response::Optional {
                    some: some.clone(),
                    none: none.clone(),
                }
            }
            _ => Response::Choice {
                name: self.type_name(&format!("{pascal}Response"), pascal),
                outcomes,
            },
        }
    }
}

impl LowerOps<'_> {
    /// The response a reference ends at, through any chain of references.
    fn resolve_response<'r>(
        &'r self,
        r: &'r ReferenceOr<openapiv3::Response>,
    ) -> Option<&'r openapiv3::Response> {
        super::refs::resolve(r, self.api.components.as_ref().map(|c| &c.responses))
    }
}

/// The enum variant for a success status.
fn status_variant(status: u16) -> String {
    match status {
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritative".to_owned(),
        204 => "NoContent".to_owned(),
        206 => "PartialContent".to_owned(),
        other => format!("Status{other}"),
    }
}

/// A located warning for an inline body or response schema with a shape
/// of its own (properties, `allOf`, `oneOf`): it becomes
/// `serde_json::Value`, since only component schemas get named types.
pub(super) fn warn_untyped(schema: &ReferenceOr<Schema>, at: &str, diags: &mut Diagnostics) {
    let ReferenceOr::Item(s) = schema else { return };
    let shaped = match &s.schema_kind {
        SchemaKind::Type(OaType::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => !a.properties.is_empty() || super::composed::composed(s).is_some(),
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Type(OaType::Array(a)) => {
            if let Some(items) = &a.items {
                warn_untyped(&items.clone().unbox(), &pointer::child(at, "items"), diags);
            }
            false
        }
        _ => false,
    };
    if shaped {
        diags.warn(
            at,
            "an inline schema with a shape of its own becomes serde_json::Value here",
            "define it under components/schemas and `$ref` it, so it gets a Rust type",
        );
    }
}

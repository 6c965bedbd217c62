//! Request bodies → parameters: one `body` argument (JSON, text or bytes),
//! or one parameter per field of a form or part of a multipart body. No
//! body is dropped: what cannot be typed is sent as raw bytes.

use super::context::LowerOps;
use super::lines;
use super::mapping::{scalar, string_format};
use super::media::{self, Kind};
use super::params::param_name;
use super::responses::warn_untyped;
use super::type_names::ref_name;
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema, SchemaKind, Type as OaType};
use templates::model::{Param, ParamLocation, Type};

/// The extension that names the body argument, where an OpenAPI 3.0 spec
/// sets it: on the request body, else on the operation (openapi-generator
/// reads the same one). Without it the argument
/// is `body`, whatever the dialect, so the same API has the same surface.
pub const BODY_NAME: &str = "x-codegen-request-body-name";

/// The body's parameters and the content type it is sent with.
pub(super) struct Lowered {
    pub params: Vec<Param>,
    pub content_type: String,
    /// The content types `encoding` gives multipart parts, by field.
    pub part_types: Vec<(String, String)>,
}

impl LowerOps<'_> {
    pub(super) fn body(
        &self,
        body: &ReferenceOr<RequestBody>,
        op_body_name: Option<&str>,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Option<Lowered> {
        let here = pointer::child(at, "requestBody");
        // Through any chain of references.
        let resolved = super::refs::resolve(
            body,
            self.api.components.as_ref().map(|c| &c.request_bodies),
        );
        let Some(body) = resolved else {
            let reference = match body {
                ReferenceOr::Reference { reference } => reference.as_str(),
                ReferenceOr::Item(_) => "",
            };
            diags.error(
                &here,
                format!(
                    "request body `{reference}` resolves to nothing (or to a loop of references)"
                ),
                "fix the reference",
            );
            return None;
        };
        // The media type with the most specific rule, first in spec order
        // among equals; a form with a file part needs multipart.
        let Some((mime, media, kind)) = body
            .content
            .iter()
            .map(|(mime, media)| (mime, media, media::kind(mime, media.schema.as_ref())))
            .filter(|(_, media, kind)| *kind != Kind::Form || !self.has_file(media))
            .min_by_key(|(_, _, kind)| *kind)
        else {
            diags.warn(
                &here,
                "a request body with no media type in `content`: there is nothing to send",
                "list the body's media type under `content` (e.g. application/json)",
            );
            return None;
        };
        let content_type = media::content_type(mime, kind);
        let mut part_types = Vec::new();
        let whole = |ty: Type| {
            let wire = body
                .extensions
                .get(BODY_NAME)
                .and_then(|v| v.as_str())
                .or(op_body_name)
                .unwrap_or("body")
                .to_owned();
            vec![Param {
                format: None,
                name: param_name(&wire),
                wire,
                location: ParamLocation::Body,
                ty,
                required: body.required,
                docs: lines(body.description.as_deref()),
            }]
        };
        let params = match kind {
            Kind::Json => whole(media.schema.as_ref().map_or(Type::Json, |s| {
                let at = pointer::child(
                    &pointer::child(&pointer::child(&here, "content"), mime),
                    "schema",
                );
                warn_untyped(s, &at, diags);
                self.schema_type(s)
            })),
            Kind::Text => whole(Type::Text),
            Kind::Binary => whole(Type::Binary),
            Kind::Other => {
                diags.warn(
                    &pointer::child(&pointer::child(&here, "content"), mime),
                    format!("no rule types the `{mime}` body; the method takes it as raw bytes"),
                    "describe the body as JSON, a form, multipart, text or octet-stream if it is one of them",
                );
                whole(Type::Binary)
            }
            Kind::Form | Kind::Multipart => {
                let location = if kind == Kind::Form {
                    ParamLocation::Form
                } else {
                    ParamLocation::Part
                };
                let at = pointer::child(&pointer::child(&here, "content"), mime);
                match self.fields(media, location, &at, diags) {
                    Some(fields) => {
                        if let Some(object) = self.form_schema(media) {
                            part_types =
                                super::encoding::part_types(media, &object, location, &at, diags);
                        }
                        fields
                    }
                    None => whole(Type::Binary),
                }
            }
        };
        Some(Lowered {
            params,
            content_type,
            part_types,
        })
    }

    /// The object schema of a form or multipart body (through a reference);
    /// a schema with `properties` but no `type` is one too, unless it
    /// composes (`allOf`… beside them), which no form's fields model.
    fn form_schema<'s>(
        &'s self,
        media: &'s MediaType,
    ) -> Option<std::borrow::Cow<'s, openapiv3::ObjectType>> {
        let schema = match media.schema.as_ref()? {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                let name = ref_name(reference);
                self.api
                    .components
                    .as_ref()?
                    .schemas
                    .get(&name)?
                    .as_item()?
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(o)) => Some(std::borrow::Cow::Borrowed(o)),
            SchemaKind::Any(a) if !a.properties.is_empty() && !super::composed::composes(a) => {
                Some(std::borrow::Cow::Owned(openapiv3::ObjectType {
                    properties: a.properties.clone(),
                    required: a.required.clone(),
                    ..Default::default()
                }))
            }
            _ => None,
        }
    }

    /// Whether a form has a file field (or a list of files).
    fn has_file(&self, media: &MediaType) -> bool {
        let file = |p: &ReferenceOr<Box<Schema>>| media::is_binary(&p.clone().unbox());
        self.form_schema(media).is_some_and(|o| {
            o.properties.values().any(|p| {
                file(p)
                    || matches!(p, ReferenceOr::Item(s) if matches!(&s.schema_kind,
                        SchemaKind::Type(OaType::Array(a)) if a.items.as_ref().is_some_and(file)))
            })
        })
    }

    /// One parameter per field; `None` when the schema is not an object
    /// (the body is then taken as raw bytes, with a warning).
    ///
    /// A field is required when the schema requires it, whether or not the
    /// body is: the call sends the form, and every form sent must carry
    /// the field. (An optional body's required fields would otherwise be
    /// left out without a word and refused by the server; and Swagger 2.0,
    /// whose `formData` parameters have no body to be optional, says the
    /// same thing this way.)
    fn fields(
        &self,
        media: &MediaType,
        location: ParamLocation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Param>> {
        let Some(object) = self.form_schema(media) else {
            diags.warn(
                &pointer::child(at, "schema"),
                "a form or multipart body whose schema is not an object; the method takes it as raw bytes",
                "describe the fields as the properties of an object schema",
            );
            return None;
        };
        let mut params = Vec::new();
        for (field, schema) in &object.properties {
            let schema = schema.clone().unbox();
            let here = pointer::child(
                &pointer::child(&pointer::child(at, "schema"), "properties"),
                field,
            );
            let ty = self.field_type(&schema, location, &here, diags);
            let location = match location {
                ParamLocation::Part if !self.is_text_part(&ty) => ParamLocation::PartJson,
                other => other,
            };
            let docs = match &schema {
                ReferenceOr::Item(s) => lines(s.schema_data.description.as_deref()),
                ReferenceOr::Reference { .. } => Vec::new(),
            };
            let format = match &schema {
                ReferenceOr::Item(s) => string_format(s),
                ReferenceOr::Reference { .. } => None,
            };
            params.push(Param {
                format,
                name: param_name(field),
                wire: field.clone(),
                location,
                ty,
                required: object.required.contains(field),
                docs,
            });
        }
        Some(params)
    }

    /// Whether a part's value is written as text (numbers, strings, enums,
    /// files and lists of them) rather than as JSON.
    fn is_text_part(&self, ty: &Type) -> bool {
        match ty {
            Type::Vec(item) => !matches!(**item, Type::Vec(_)) && self.is_text_part(item),
            Type::Named(name) => {
                !self.structs.contains_key(name.as_str())
                    && !self.aliases.contains_key(name.as_str())
            }
            Type::Json | Type::Map(_) | Type::Boxed(_) => false,
            _ => true,
        }
    }

    /// A field's type: a file, a scalar, a list of them, or (a multipart
    /// part only) any JSON type.
    fn field_type(
        &self,
        schema: &ReferenceOr<Schema>,
        location: ParamLocation,
        at: &str,
        diags: &mut Diagnostics,
    ) -> Type {
        if media::is_binary(schema) {
            if location == ParamLocation::Part {
                return Type::File;
            }
            diags.warn(
                at,
                "a binary field in a urlencoded form cannot carry a file; taken as text",
                "send files as multipart/form-data",
            );
            return Type::String;
        }
        match schema {
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => {
                    let item = a
                        .items
                        .as_ref()
                        .map(|i| i.clone().unbox())
                        .map_or(Type::String, |i| self.field_type(&i, location, at, diags));
                    match item {
                        Type::Vec(_) | Type::Json | Type::Named(_)
                            if location == ParamLocation::Part =>
                        {
                            self.schema_type(schema)
                        }
                        Type::Vec(_) => {
                            diags.warn(
                                at,
                                "a list of lists in a form; taken as text",
                                "flatten the field",
                            );
                            Type::String
                        }
                        item => Type::Vec(Box::new(item)),
                    }
                }
                SchemaKind::Type(OaType::Object(_))
                | SchemaKind::AllOf { .. }
                | SchemaKind::Any(_)
                    if location == ParamLocation::Part =>
                {
                    self.schema_type(schema)
                }
                SchemaKind::Type(OaType::Object(_))
                | SchemaKind::AllOf { .. }
                | SchemaKind::Any(_) => {
                    diags.warn(
                        at,
                        "an object field in a urlencoded form has no encoding here; taken as text",
                        "send structured fields as JSON or multipart",
                    );
                    Type::String
                }
                _ => scalar(s),
            },
            ReferenceOr::Reference { .. } if location == ParamLocation::Part => {
                self.schema_type(schema)
            }
            ReferenceOr::Reference { .. } => {
                diags.warn(
                    at,
                    "a referenced schema as a urlencoded form field; taken as text",
                    "inline the field's schema",
                );
                Type::String
            }
        }
    }
}

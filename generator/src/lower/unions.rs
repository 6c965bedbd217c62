//! `oneOf` and `anyOf` → a union: one variant per alternative, tagged by
//! the discriminator (with its `mapping`) when every alternative is a
//! reference, else tried in order.

use super::names;
use super::types::Lower;
use crate::load::pointer;
use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type as OaType};
use templates::model::{Type, TypeDef, Union, UnionVariant};

impl Lower<'_> {
    pub(super) fn union(
        &mut self,
        name: String,
        docs: Vec<String>,
        keyword: &str,
        parts: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        at: &str,
    ) -> TypeDef {
        let all_refs = parts
            .iter()
            .all(|p| matches!(p, ReferenceOr::Reference { .. }));
        // The tag property must be a string wherever an alternative
        // declares it: a boolean or a list cannot name an alternative.
        let not_text = discriminator.and_then(|d| {
            parts.iter().find_map(|p| {
                let ReferenceOr::Reference { reference } = p else {
                    return None;
                };
                let name = super::type_names::ref_name(reference);
                let ReferenceOr::Item(schema) = self.schemas.get(&name)? else {
                    return None;
                };
                let (properties, _) = super::types::object(schema)?;
                match properties.get(&d.property_name)? {
                    ReferenceOr::Item(p)
                        if !matches!(p.schema_kind, SchemaKind::Type(OaType::String(_))) =>
                    {
                        Some(name)
                    }
                    _ => None,
                }
            })
        });
        let tag = match discriminator {
            Some(d) if not_text.is_some() => {
                self.diags.warn(
                    &pointer::child(at, "discriminator"),
                    format!(
                        "the discriminator `{}` is not a string in `{}`, so its values cannot name the alternatives; they are tried in order",
                        d.property_name,
                        not_text.unwrap_or_default()
                    ),
                    "make the discriminator property a string",
                );
                None
            }
            Some(d) if all_refs => Some(d.property_name.clone()),
            Some(_) => {
                self.diags.warn(
                    &pointer::child(at, "discriminator"),
                    "a discriminator over alternatives that are not all references; its values cannot be named, so the alternatives are tried in order",
                    format!("make every `{keyword}` alternative a `$ref` to a component schema"),
                );
                None
            }
            None => None,
        };
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let here = pointer::index(&pointer::child(at, keyword), i);
            let (variant, ty, tags) = match part {
                ReferenceOr::Reference { reference } => {
                    let rust = self.names.of_ref(reference);
                    let schema = super::type_names::ref_name(reference);
                    let tags = tag
                        .as_ref()
                        .map(|_| tags(discriminator, reference, &schema))
                        .unwrap_or_default();
                    (rust.clone(), Type::Boxed(rust), tags)
                }
                ReferenceOr::Item(s) => {
                    let label = format!("Variant{}", i + 1);
                    let ty = self.ty(s, &name, &label, &here);
                    let variant = match &ty {
                        Type::Named(_) => label,
                        other => kind_name(other).to_owned(),
                    };
                    let ty = match ty {
                        Type::Named(n) => Type::Boxed(n),
                        other => other,
                    };
                    (variant, ty, Vec::new())
                }
            };
            let variant = names::free(&variant, "_", |name| {
                variants.iter().any(|v| v.name == name)
            });
            variants.push(UnionVariant {
                name: variant,
                ty,
                tags,
            });
        }
        let base = if tag.is_some() { "Unknown" } else { "Other" };
        let catch_all = names::free(base, "Value", |name| {
            variants.iter().any(|v| v.name == name)
        });
        TypeDef::Union(Union {
            name,
            docs,
            tag,
            variants,
            catch_all,
        })
    }
}

/// The discriminator values that select the schema `reference` names: the
/// `mapping` entries that point at it, else the schema's own name.
fn tags(discriminator: Option<&Discriminator>, reference: &str, schema: &str) -> Vec<String> {
    let mapped: Vec<String> = discriminator
        .into_iter()
        .flat_map(|d| &d.mapping)
        .filter(|(_, target)| *target == reference || *target == schema)
        .map(|(value, _)| value.clone())
        .collect();
    if mapped.is_empty() {
        vec![schema.to_owned()]
    } else {
        mapped
    }
}

/// A variant's name for an alternative of a plain type.
fn kind_name(ty: &Type) -> &'static str {
    match ty {
        Type::I32 | Type::I64 | Type::LongString => "Integer",
        Type::F32 | Type::F64 => "Number",
        Type::Bool => "Boolean",
        Type::String | Type::Text => "String",
        Type::Bytes | Type::Binary | Type::File => "Bytes",
        Type::Vec(_) => "List",
        Type::Map(_) => "Map",
        Type::Nullable(inner) => kind_name(inner),
        Type::Json | Type::Named(_) | Type::Boxed(_) => "Json",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_names_the_tags_else_the_schema_name_does() {
        let d: Discriminator = serde_json::from_value(serde_json::json!({
            "propertyName": "petType",
            "mapping": {"cat": "#/components/schemas/Cat", "kitty": "Cat"}
        }))
        .unwrap();
        assert_eq!(
            tags(Some(&d), "#/components/schemas/Cat", "Cat"),
            ["cat", "kitty"]
        );
        assert_eq!(tags(Some(&d), "#/components/schemas/Dog", "Dog"), ["Dog"]);
    }
}

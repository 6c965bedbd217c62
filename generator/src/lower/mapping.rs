//! The schema → Rust type rules every use shares: scalars by type and
//! format, the type of a body or response schema, and enum variants named
//! from their wire values.

use super::context::LowerOps;
use super::names;
use heck::ToPascalCase;
use openapiv3::{ReferenceOr, Schema, SchemaKind, Type as OaType};
use templates::model::{Type, Variant};

impl LowerOps<'_> {
    /// The type of a body or response schema: a reference, or a list of
    /// them, or a scalar. Anything else is a JSON value.
    pub(super) fn schema_type(&self, schema: &ReferenceOr<Schema>) -> Type {
        match schema {
            ReferenceOr::Reference { reference } => Type::Named(self.type_names.of_ref(reference)),
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => Type::Vec(Box::new(match &a.items {
                    Some(ReferenceOr::Reference { reference }) => {
                        Type::Named(self.type_names.of_ref(reference))
                    }
                    Some(ReferenceOr::Item(item)) => {
                        self.schema_type(&ReferenceOr::Item((**item).clone()))
                    }
                    None => Type::Json,
                })),
                SchemaKind::Type(OaType::Object(_))
                | SchemaKind::Any(_)
                | SchemaKind::AllOf { .. } => Type::Json,
                _ => scalar(s),
            },
        }
    }
}

/// The `format` of a string schema (`email`, `date-time`, …).
pub(super) fn string_format(schema: &Schema) -> Option<String> {
    let SchemaKind::Type(OaType::String(s)) = &schema.schema_kind else {
        return None;
    };
    serde_json::to_value(&s.format)
        .ok()?
        .as_str()
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
}

/// A scalar schema's Rust type (a string unless it is a number or a
/// boolean).
pub(super) fn scalar(schema: &Schema) -> Type {
    use openapiv3::VariantOrUnknownOrEmpty::Item;
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Integer(i))
            if matches!(i.format, Item(openapiv3::IntegerFormat::Int32)) =>
        {
            Type::I32
        }
        SchemaKind::Type(OaType::Integer(_)) => Type::I64,
        SchemaKind::Type(OaType::Number(n))
            if matches!(n.format, Item(openapiv3::NumberFormat::Float)) =>
        {
            Type::F32
        }
        SchemaKind::Type(OaType::Number(_)) => Type::F64,
        SchemaKind::Type(OaType::Boolean(_)) => Type::Bool,
        _ => Type::String,
    }
}

/// The catch-all variant's name: `Unknown`, unless a value took it.
pub(super) fn catch_all_name(variants: &[Variant]) -> String {
    names::free("Unknown", "Value", |name| {
        variants.iter().any(|v| v.name == name)
    })
}

/// Enum variants: PascalCase names, unique, with the exact wire values.
pub(super) fn variants(values: &[String]) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for wire in values {
        let mut name = names::type_name(&wire.to_lowercase().to_pascal_case());
        if name.trim_start_matches('_') == "empty" {
            // No letter or digit to name it by (`""`, `-`).
            name = "Empty".to_owned();
        }
        let name = names::free(&name, "_", |name| out.iter().any(|v| v.name == name));
        out.push(Variant {
            name,
            wire: wire.clone(),
        });
    }
    out
}

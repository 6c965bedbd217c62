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
        self.type_names
            .named(schema)
            .unwrap_or_else(|s| match &s.schema_kind {
                SchemaKind::Type(OaType::Array(a)) => Type::Vec(Box::new(match &a.items {
                    Some(item) => self.schema_type(&item.clone().unbox()),
                    None => Type::Json,
                })),
                SchemaKind::Type(OaType::Object(_))
                | SchemaKind::Any(_)
                | SchemaKind::AllOf { .. } => Type::Json,
                _ => scalar(s),
            })
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

/// Whether a string schema holds bytes (`format: byte` or `binary`).
pub(super) fn is_bytes(schema: &Schema) -> bool {
    use openapiv3::VariantOrUnknownOrEmpty::Item;
    matches!(&schema.schema_kind, SchemaKind::Type(OaType::String(s))
        if matches!(s.format, Item(openapiv3::StringFormat::Byte | openapiv3::StringFormat::Binary)))
}

/// A scalar schema's Rust type by its type and format (`int32` → `i32`,
/// `float` → `f32`): a string unless it is a number or a boolean. Dates
/// and date-times stay strings: servers send values chrono would refuse,
/// and a `String` never fails to decode. The one scalar rule; each
/// position decides only what else a schema may be.
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

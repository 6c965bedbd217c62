//! Component schemas → named Rust types. Inline schemas are named after
//! their parent: `{Parent}{Property}` for an object or enum property,
//! `{Parent}{Property}Item` for one inside an array, `{Parent}{Property}Value`
//! for one inside a map.

use super::composed::{self, Reading};
use super::mapping::{catch_all_name, is_bytes, scalar, variants};
use super::type_names::TypeNames;
use crate::diagnostics::Diagnostics;
use crate::load::pointer;
use crate::lower::names::{self, Clash, Scope};
use crate::settings::Settings;
use heck::ToPascalCase;
use openapiv3::{Components, ReferenceOr, Schema, SchemaKind, Type as OaType};
use templates::model::{Alias, Enum, Field, Module, Presence, Struct, Type, TypeDef};

/// Every component schema as a named type in a module of its own, with the
/// inline types it needs, in spec order (a type that another extends with
/// `allOf` comes first). A Rust name taken twice is an error naming both.
pub fn types(
    components: Option<&Components>,
    settings: &Settings,
    diags: &mut Diagnostics,
) -> Vec<Module> {
    let empty = indexmap::IndexMap::new();
    let schemas = components.map_or(&empty, |c| &c.schemas);
    let mut lower = Lower {
        schemas,
        names: TypeNames {
            renames: &settings.type_renames,
        },
        out: Vec::new(),
        module: String::new(),
        taken: Scope::types(&[]),
        diags,
    };
    for name in schemas.keys() {
        lower.component(name);
    }
    let (in_module, mut types): (Vec<String>, Vec<TypeDef>) = lower.out.into_iter().unzip();
    super::recursion::box_cycles(&mut types);
    super::derives::decide(&mut types);
    // Each module where its first type was; a module's types in order.
    let mut modules: Vec<Module> = Vec::new();
    let mut module_at: std::collections::HashMap<String, usize> = Default::default();
    for (module, t) in in_module.into_iter().zip(types) {
        match module_at.get(&module) {
            Some(&i) => modules[i].types.push(t),
            None => {
                module_at.insert(module.clone(), modules.len());
                modules.push(Module {
                    name: module,
                    types: vec![t],
                });
            }
        }
    }
    modules
}

pub(super) struct Lower<'d> {
    pub(super) schemas: &'d indexmap::IndexMap<String, ReferenceOr<Schema>>,
    pub(super) names: TypeNames<'d>,
    /// Each type with the module (file) it goes into.
    out: Vec<(String, TypeDef)>,
    /// The module of the component being lowered.
    module: String,
    /// Rust type name → the pointer of the schema that took it.
    taken: Scope,
    pub(super) diags: &'d mut Diagnostics,
}

impl Lower<'_> {
    /// Defines the component schema `name` unless it already is (an `allOf`
    /// that extends it defines it first).
    fn component(&mut self, name: &str) {
        let at = pointer::child("/components/schemas", name);
        let rust = self.names.of_schema(name);
        if self.taken.holder(&rust) == Some(Clash::TakenBy(at.clone())) {
            return;
        }
        if rust.ends_with('_')
            && names::reserved::PRELUDE_AND_IMPORTS.contains(&rust.trim_end_matches('_'))
        {
            self.diags.warn(
                &at,
                format!("the schema `{name}` would be the type `{}`, which the generated code already uses (a std name or a generic parameter); it is `{rust}`", rust.trim_end_matches('_')),
                "rename it in spec/renames.yml (`types: {schema name: RustName}`)",
            );
        }
        if let (true, Some(schema)) = (self.claim(&rust, &at), self.schemas.get(name)) {
            let module = names::ident(&names::module_name(&names::field_name(&rust)));
            let outer = std::mem::replace(&mut self.module, module);
            self.define(rust, schema, &at);
            self.module = outer;
        }
    }

    /// Takes a Rust name for the schema at `at`; false (and an error) when
    /// another schema has it.
    fn claim(&mut self, rust: &str, at: &str) -> bool {
        if let Some(Clash::TakenBy(first)) = self.taken.take_or_holder(rust, at) {
            self.diags.error(
                at,
                format!(
                    "the Rust type name `{rust}` is taken twice: by {} and by {}",
                    readable(&first),
                    readable(at)
                ),
                "rename one of them in spec/renames.yml (`types: {schema name: RustName}`)",
            );
            return false;
        }
        true
    }

    fn define(&mut self, name: String, schema: &ReferenceOr<Schema>, at: &str) {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let ty = Type::Named(self.names.of_ref(reference));
                self.push(TypeDef::Alias(Alias {
                    name,
                    docs: Vec::new(),
                    ty,
                }));
                return;
            }
            ReferenceOr::Item(s) => s,
        };
        match composed::reading(schema) {
            Some(Reading::As(read)) => return self.define(name, &ReferenceOr::Item(*read), at),
            Some(Reading::PropertiesOnly(keywords)) => self.diags.warn(
                at,
                format!(
                    "{keywords} beside `properties` is not modelled: the type holds the properties, and what the rest adds arrives in its `extra_fields`"
                ),
                "move the properties into an `allOf` part, or give the alternatives a schema of their own",
            ),
            None => {}
        }
        // A `oneOf`/`anyOf` of one inline schema is that schema, by this
        // name (its docs, else the wrapper's).
        if let SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } =
            &schema.schema_kind
        {
            if let [ReferenceOr::Item(only)] = &parts[..] {
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                let mut only = only.clone();
                if only.schema_data.description.is_none() {
                    only.schema_data.description = schema.schema_data.description.clone();
                }
                let here = pointer::index(&pointer::child(at, keyword), 0);
                self.define(name, &ReferenceOr::Item(only), &here);
                return;
            }
        }
        let docs = docs(schema);
        if let Some((properties, required)) = object(schema) {
            let fields = self.fields(&name, properties, required, at);
            let def = self.structure(name, docs, fields, at);
            self.push(def);
            return;
        }
        let def = match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let variants = variants(&values);
                let catch_all = catch_all_name(&variants);
                TypeDef::Enum(Enum {
                    name,
                    docs,
                    variants,
                    catch_all,
                })
            }
            SchemaKind::AllOf { all_of } => {
                let fields = self.all_of(&name, all_of, at);
                self.structure(name, docs, fields, at)
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts }
                if parts.len() != 1 =>
            {
                let keyword = match &schema.schema_kind {
                    SchemaKind::OneOf { .. } => "oneOf",
                    _ => "anyOf",
                };
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.union(name, docs, keyword, parts, discriminator, at)
            }
            _ => {
                let ty = self.ty(schema, &name, "", at);
                TypeDef::Alias(Alias { name, docs, ty })
            }
        };
        self.push(def);
    }

    fn push(&mut self, def: TypeDef) {
        self.out.push((self.module.clone(), def));
    }

    fn fields(
        &mut self,
        parent: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        at: &str,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for (wire, prop) in properties {
            let here = pointer::child(&pointer::child(at, "properties"), wire);
            let (ty, nullable, mut docs) = match prop {
                ReferenceOr::Reference { reference } => {
                    (Type::Named(self.names.of_ref(reference)), false, Vec::new())
                }
                ReferenceOr::Item(s) if is_long_string(s) => {
                    (Type::LongString, s.schema_data.nullable, docs(s))
                }
                ReferenceOr::Item(s) => (
                    self.ty(s, parent, wire, &here),
                    s.schema_data.nullable,
                    docs(s),
                ),
            };
            // A property only one direction carries is absent in the other,
            // so it is optional even when the schema requires it.
            let one_way = match prop {
                ReferenceOr::Item(s) if s.schema_data.read_only => {
                    Some("Read-only: the server sets it; a request leaves it out.")
                }
                ReferenceOr::Item(s) if s.schema_data.write_only => {
                    Some("Write-only: sent in requests, never in responses.")
                }
                _ => None,
            };
            if let Some(note) = one_way {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(note.to_owned());
            }
            let presence = match (required.contains(wire), nullable) {
                (true, false) if one_way.is_some() => Presence::Optional,
                (true, false) => Presence::Required,
                (true, true) => Presence::Nullable,
                (false, _) => Presence::Optional,
            };
            fields.push(Field {
                // Named by `structure`, which every struct's fields go
                // through: there the names are made unique in the struct.
                name: String::new(),
                setter: String::new(),
                wire: wire.clone(),
                ty,
                presence,
                docs,
                constraints: match prop {
                    ReferenceOr::Item(s) => constraints(s),
                    ReferenceOr::Reference { .. } => Vec::new(),
                },
            });
        }
        fields
    }

    /// A struct whose fields, setters and catch-all each have a name of
    /// their own: properties whose names meet after snake_case
    /// (`userId`, `user_id`) get numbered, with a warning.
    fn structure(
        &mut self,
        name: String,
        docs: Vec<String>,
        mut fields: Vec<Field>,
        at: &str,
    ) -> TypeDef {
        let mut taken = Scope::snake(&[]);
        let mut setters = Scope::snake(&["new"]);
        for f in &mut fields {
            let (field, setter) = names::field_and_setter(&f.wire);
            let (field, clash) = taken.claim(&field, &f.wire);
            if let Some(Clash::TakenBy(first)) = clash {
                self.diags.warn(
                    &pointer::child(&pointer::child(at, "properties"), &f.wire),
                    format!(
                        "properties `{first}` and `{}` would both be the field `{}`; this one is `{field}`",
                        f.wire,
                        names::bare(&names::field_name(&f.wire))
                    ),
                    "rename one of the properties if the API allows it",
                );
            }
            f.name = field;
            f.setter = setters.claim(&setter, &f.wire).0;
        }
        let extra = taken.claim("extra_fields", "").0;
        TypeDef::Struct(Struct {
            name,
            docs,
            fields,
            extra,
            default: false,
            eq_hash: false,
        })
    }

    /// The fields of every part of an `allOf`, referenced parts followed.
    fn all_of(&mut self, parent: &str, parts: &[ReferenceOr<Schema>], at: &str) -> Vec<Field> {
        let mut fields = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let here = pointer::index(&pointer::child(at, "allOf"), i);
            let part_fields = match part {
                ReferenceOr::Reference { reference } => {
                    self.component(&super::type_names::ref_name(reference));
                    let target = self.names.of_ref(reference);
                    match self.out.iter().map(|(_, t)| t).find(|t| t.name() == target) {
                        Some(TypeDef::Struct(s)) => s.fields.clone(),
                        _ => {
                            self.diags.error(
                                &here,
                                format!(
                                    "`allOf` part `{reference}` is not an object defined before it"
                                ),
                                "define the object before the type that extends it",
                            );
                            Vec::new()
                        }
                    }
                }
                // A part that is itself an `allOf` (or reads as one)
                // brings its parts' fields.
                ReferenceOr::Item(s) => {
                    let read = composed::composed(s);
                    match &read.as_ref().unwrap_or(s).schema_kind {
                        SchemaKind::AllOf { all_of } => self.all_of(parent, all_of, &here),
                        _ => match object(s) {
                            Some((properties, required)) => {
                                self.fields(parent, properties, required, &here)
                            }
                            None => {
                                self.diags.error(
                                    &here,
                                    "an `allOf` part that is not an object",
                                    "make every part an object",
                                );
                                Vec::new()
                            }
                        },
                    }
                }
            };
            for f in part_fields {
                fields.retain(|g: &Field| g.wire != f.wire);
                fields.push(f);
            }
        }
        fields
    }

    /// The Rust type of an inline schema found under `parent`'s property
    /// `prop`, defining a named type for it when it needs one.
    pub(super) fn ty(&mut self, schema: &Schema, parent: &str, prop: &str, at: &str) -> Type {
        if let Some(read) = composed::composed(schema) {
            return self.ty(&read, parent, prop, at);
        }
        let inline_name = || names::type_name(&format!("{parent}{}", prop.to_pascal_case()));
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of: one }
            | SchemaKind::OneOf { one_of: one }
            | SchemaKind::AnyOf { any_of: one }
                if one.len() == 1 =>
            {
                match self.names.named(&one[0]) {
                    Ok(named) => named,
                    Err(s) => self.ty(s, parent, prop, at),
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.inline(inline_name(), schema, at)
            }
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                self.inline(inline_name(), schema, at)
            }
            _ if is_bytes(schema) => Type::Bytes,
            SchemaKind::Type(
                OaType::String(_) | OaType::Integer(_) | OaType::Number(_) | OaType::Boolean(_),
            ) => scalar(schema),
            SchemaKind::Type(OaType::Array(a)) => {
                let item = match a.items.as_ref().map(|i| self.names.named(i)) {
                    Some(Ok(named)) => named,
                    Some(Err(s)) => nullable(
                        s,
                        self.ty(
                            s,
                            parent,
                            &format!("{prop}Item"),
                            &pointer::child(at, "items"),
                        ),
                    ),
                    None => Type::Json,
                };
                Type::Vec(Box::new(item))
            }
            _ if object(schema).is_some_and(|(p, _)| !p.is_empty()) => {
                self.inline(inline_name(), schema, at)
            }
            SchemaKind::Type(OaType::Object(o)) => match &o.additional_properties {
                Some(openapiv3::AdditionalProperties::Schema(s)) => {
                    let value = match self.names.named(s) {
                        Ok(named) => named,
                        Err(s) => nullable(
                            s,
                            self.ty(
                                s,
                                parent,
                                &format!("{prop}Value"),
                                &pointer::child(at, "additionalProperties"),
                            ),
                        ),
                    };
                    Type::Map(Box::new(value))
                }
                _ => Type::Map(Box::new(Type::Json)),
            },
            SchemaKind::AllOf { .. } => self.inline(inline_name(), schema, at),
            // A schema without a type (`{}`): any JSON, as the spec says.
            SchemaKind::Any(a) if *a == openapiv3::AnySchema::default() => Type::Json,
            _ => {
                self.diags.warn(
                    at,
                    "no rule maps this schema (`not`, or constraints without a `type`) to a Rust type; it becomes serde_json::Value",
                    "give the schema a `type`, or describe it with `oneOf`",
                );
                Type::Json
            }
        }
    }

    /// Defines an inline schema as a named type; its name as a type.
    fn inline(&mut self, name: String, schema: &Schema, at: &str) -> Type {
        let name = names::unreserved(&name, names::reserved::PRELUDE_AND_IMPORTS);
        if self.claim(&name, at) {
            self.define(name.clone(), &ReferenceOr::Item(schema.clone()), at);
        }
        Type::Named(name)
    }
}

/// String formats that validators check (a value must be an email, a
/// date…): constraints, like `maxLength`.
pub(super) const VALIDATED_FORMATS: &[&str] = &[
    "email",
    "date-time",
    "date",
    "uuid",
    "uri",
    "hostname",
    "ipv4",
    "ipv6",
];

/// The value constraints a schema states, one phrase each.
fn constraints(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |what: &str, value: Option<String>| {
        if let Some(v) = value {
            out.push(format!("{what} {v}"));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(OaType::String(s)) => {
            add(
                "format",
                super::mapping::string_format(schema)
                    .filter(|f| VALIDATED_FORMATS.contains(&f.as_str())),
            );
            add("minLength", s.min_length.map(|v| v.to_string()));
            add("maxLength", s.max_length.map(|v| v.to_string()));
            add("pattern", s.pattern.clone());
        }
        SchemaKind::Type(OaType::Integer(i)) => {
            add("minimum", i.minimum.map(|v| v.to_string()));
            add("maximum", i.maximum.map(|v| v.to_string()));
        }
        SchemaKind::Type(OaType::Number(n)) => {
            add("minimum", n.minimum.map(|v| v.to_string()));
            add("maximum", n.maximum.map(|v| v.to_string()));
        }
        SchemaKind::Type(OaType::Array(a)) => {
            add("minItems", a.min_items.map(|v| v.to_string()));
            add("maxItems", a.max_items.map(|v| v.to_string()));
            if let Some(ReferenceOr::Item(items)) = &a.items {
                out.extend(constraints(items).into_iter().map(|c| format!("items {c}")));
            }
        }
        _ => {}
    }
    out
}

/// A schema's place for a message: `UserInfo` for a component schema,
/// `UserInfo/properties/kind` for an inline one.
fn readable(at: &str) -> String {
    let rest = at.strip_prefix("/components/schemas/").unwrap_or(at);
    format!(
        "`{}`",
        pointer::tokens(&format!("/{rest}")).map_or(rest.to_owned(), |t| t.join("/"))
    )
}

/// `type: string, format: long`, the pod spec's own way to say "an i64
/// written as a string".
fn is_long_string(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(OaType::String(s))
        if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Unknown(f) if f == "long"))
}

type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A list item's or map value's type: `Option<T>` when its schema is
/// `nullable` (a `null` there is data, not an absent field).
fn nullable(schema: &Schema, ty: Type) -> Type {
    if schema.schema_data.nullable && ty != Type::Json {
        Type::Nullable(Box::new(ty))
    } else {
        ty
    }
}

/// The properties and required list of an object schema, including one that
/// has properties but no `type: object`.
pub(super) fn object(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(OaType::Object(o)) if !o.properties.is_empty() => {
            Some((&o.properties, &o.required))
        }
        SchemaKind::Any(a) if !a.properties.is_empty() => Some((&a.properties, &a.required)),
        _ => None,
    }
}

/// Doc lines: title, description, and the example as a JSON block.
fn docs(schema: &Schema) -> Vec<String> {
    let data = &schema.schema_data;
    let mut lines: Vec<String> = Vec::new();
    for text in data.title.iter().chain(data.description.iter()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text.trim_end().lines().map(str::to_owned));
    }
    if let Some(example) = &data.example {
        let text = serde_json::to_string_pretty(example).unwrap_or_default();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("# Example".to_owned());
        lines.push("```json".to_owned());
        lines.extend(text.lines().map(str::to_owned));
        lines.push("```".to_owned());
    }
    lines
}

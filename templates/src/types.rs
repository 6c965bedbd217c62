//! Templates for the types of `src/types/`: one function per construct.

use crate::docs::{code, doc_attrs, doc_literal};
use crate::ident::{bare, ident};
use crate::model::{Alias, Enum, Field, Module, Struct, Type, TypeDef};
use crate::moved::Moved;
use crate::spelling::{argument_tokens, is_scalar, type_tokens};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The names `module` defines, which `types/mod.rs` re-exports by name.
pub fn exported(m: &Module) -> Vec<&str> {
    m.types.iter().map(TypeDef::name).collect()
}

/// A whole `src/types/<module>.rs`: its imports, then its types.
pub fn module(m: &Module) -> TokenStream {
    let imports = imports(m.types.iter().flat_map(contained), &m.types);
    let siblings = (!imports.is_empty()).then(|| quote! { use super::{ #(#imports),* }; });
    let needs_serde = m.types.iter().any(|t| !matches!(t, TypeDef::Alias(_)));
    let serde = needs_serde.then(|| quote! { use serde::{Deserialize, Serialize}; });
    let needs_map = m.types.iter().any(|t| matches!(t, TypeDef::Struct(_)))
        || m.types.iter().flat_map(contained).any(has_map);
    let map = needs_map.then(|| quote! { use std::collections::BTreeMap; });
    let defs = m.types.iter().map(type_def).map(Moved::new);
    quote! { #siblings #serde #map #(#defs)* }
}

/// One type definition of `src/types/`: a struct, enum, alias or union.
pub fn type_def(t: &TypeDef) -> TokenStream {
    match t {
        TypeDef::Struct(s) => struct_def(s),
        TypeDef::Enum(e) => enum_def(e),
        TypeDef::Alias(a) => alias_def(a),
        TypeDef::Union(u) => crate::unions::union_def(u),
    }
}

fn struct_def(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc_attrs(&s.docs);
    let hash = s.eq_hash.then(|| quote!(, Hash));
    let eq = s.eq_hash.then(|| eq_impl(&name));
    // `Default` is `new()`, which sets what derive(Default) would, without
    // a `Default::default()` per field for the compiler to resolve.
    // `new`, `default` and the setters are `#[inline]`: compiled where a
    // caller uses them, not all of them (with the drop code of every field
    // type) each time the crate is built.
    let default = s.default.then(|| {
        quote! {
            impl Default for #name {
                #[inline]
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let fields = s.fields.iter().map(field_def).map(Moved::new);
    let extra = ident(&s.extra);
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence.is_required())
        .collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.name);
        let ty = argument_tokens(&f.ty);
        quote!(#n: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        if f.presence.is_required() {
            argument_init(&f.ty, &n)
        } else {
            quote!(#n: None)
        }
    });
    let setters = s
        .fields
        .iter()
        .filter(|f| !f.presence.is_required())
        .map(setter)
        .map(Moved::new);
    let serialize = Moved::new(crate::objects::serialize_impl(s));
    let deserialize = Moved::new(crate::objects::deserialize_impl(s));
    let new_doc = if required.is_empty() {
        " A value with every field unset.".to_owned()
    } else {
        " A value with the required fields set and the optional ones unset.".to_owned()
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq #hash)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Properties the spec does not declare, kept so that a value read
            /// from the server is written back whole.
            pub #extra: BTreeMap<String, serde_json::Value>,
        }

        impl #name {
            #[doc = #new_doc]
            #[inline]
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits,)* #extra: BTreeMap::new() }
            }
            #(#setters)*
        }

        #eq
        #default
        #serialize
        #deserialize
    }
}

/// `Eq`, written out: derive(Eq) adds a hidden method that asserts each
/// field's type is `Eq`, one more body per type for the compiler to check
/// (3% of checking a crate's types). The derived `PartialEq` is already
/// total here: nothing these types hold is a float.
fn eq_impl(name: &proc_macro2::Ident) -> TokenStream {
    quote!(impl Eq for #name {})
}

fn field_def(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let mut docs = f.docs.clone();
    if f.name.starts_with("r#") {
        // rustdoc shows the bare name; code must write the raw one.
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!(
            "Written `{}` in Rust (`{}` is a keyword): `value.{}`.",
            f.name,
            bare(&f.name),
            f.name
        ));
    }
    let docs = doc_attrs(&docs);
    // How the field is written and read is in `objects`.
    let ty = type_tokens(&f.ty);
    let ty = if f.presence.is_required() {
        ty
    } else {
        quote!(Option<#ty>)
    };
    quote! { #docs pub #name: #ty, }
}

fn setter(f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let method = ident(&f.setter);
    let ty = argument_tokens(&f.ty);
    let value = argument_value(&f.ty, quote!(value));
    let doc = doc_literal(&format!(" Sets {}.", code(&f.wire)));
    quote! {
        #[doc = #doc]
        #[inline]
        pub fn #method(mut self, value: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// The argument `value` converted to `ty` (see [`argument_tokens`]).
pub(crate) fn argument_value(ty: &Type, value: TokenStream) -> TokenStream {
    if is_scalar(ty) {
        value
    } else {
        quote!(#value.into())
    }
}

/// A field initialised from the argument of the same name.
pub(crate) fn argument_init(ty: &Type, name: &proc_macro2::Ident) -> TokenStream {
    if is_scalar(ty) {
        quote!(#name)
    } else {
        quote!(#name: #name.into())
    }
}

fn enum_def(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let eq = eq_impl(&name);
    let docs = doc_attrs(&e.docs);
    let catch_all = ident(&e.catch_all);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<_> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let variant_docs = wires.iter().map(|w| doc_literal(&format!(" {}", code(w))));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this client does not know yet, kept as sent.
            #catch_all(String),
        }

        impl #name {
            /// The value as it is written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#catch_all(value) => value,
                }
            }
        }

        #eq

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // The signature names `Infallible` rather than `Self::Err`: a
        // variant named `Err` (an enum value `err`) would make that path
        // ambiguous.
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                Ok(match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#catch_all(other.to_owned()),
                })
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(value.parse().unwrap_or_else(|never| match never {}))
            }
        }
    }
}

fn alias_def(a: &Alias) -> TokenStream {
    let name = ident(&a.name);
    let docs = doc_attrs(&a.docs);
    let ty = type_tokens(&a.ty);
    quote! { #docs pub type #name = #ty; }
}

/// The field and alias types a definition contains.
fn contained(t: &TypeDef) -> Vec<&Type> {
    match t {
        TypeDef::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeDef::Alias(a) => vec![&a.ty],
        TypeDef::Enum(_) => Vec::new(),
        TypeDef::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
    }
}

/// The crate types that `used` names and `defined` does not define: what a
/// module imports.
pub(crate) fn imports<'a>(
    used: impl Iterator<Item = &'a Type>,
    defined: &[TypeDef],
) -> Vec<proc_macro2::Ident> {
    let mut names = BTreeSet::new();
    for ty in used {
        named_in(ty, &mut names);
    }
    names
        .iter()
        .filter(|n| !defined.iter().any(|t| t.name() == n.as_str()))
        .map(|n| ident(n))
        .collect()
}

/// Adds the crate types `ty` names to `out`.
fn named_in(ty: &Type, out: &mut BTreeSet<String>) {
    match ty {
        Type::Named(n) | Type::Boxed(n) => {
            out.insert(n.clone());
        }
        Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) => named_in(inner, out),
        _ => {}
    }
}

fn has_map(ty: &Type) -> bool {
    match ty {
        Type::Map(_) => true,
        Type::Vec(inner) | Type::Nullable(inner) => has_map(inner),
        _ => false,
    }
}

//! The Rust name of each component schema: the naming rule, unless the
//! spec's settings rename it.

use crate::load::pointer;
use crate::lower::names;
use openapiv3::ReferenceOr;
use std::collections::BTreeMap;
use templates::model::Type;

/// Rust type names for schemas, with the settings' renames applied.
#[derive(Clone, Copy)]
pub(super) struct TypeNames<'s> {
    pub renames: &'s BTreeMap<String, String>,
}

impl TypeNames<'_> {
    /// The Rust name of the component schema `name`; a name the generated
    /// code uses for std's own (`Option`, `Vec`) gets a `_`.
    pub(super) fn of_schema(&self, name: &str) -> String {
        let rust = match self.renames.get(name) {
            Some(rust) => names::ident(rust),
            None => names::type_name(name),
        };
        names::unreserved(&rust, names::reserved::PRELUDE_AND_IMPORTS)
    }

    /// `Ok` with the type of a reference (the component's, by its Rust
    /// name), or `Err` with the inline schema for the caller's rule to map:
    /// the one way every position (field, parameter, body, response) reads
    /// a `$ref`.
    pub(super) fn named<'s, T>(&self, schema: &'s ReferenceOr<T>) -> Result<Type, &'s T> {
        match schema {
            ReferenceOr::Reference { reference } => Ok(Type::Named(self.of_ref(reference))),
            ReferenceOr::Item(item) => Err(item),
        }
    }

    /// The Rust name of a `#/components/schemas/…` reference.
    pub(super) fn of_ref(&self, reference: &str) -> String {
        self.of_schema(&ref_name(reference))
    }
}

/// The component name a `#/components/<kind>/<name>` reference ends with,
/// percent- and `~`-escapes undone: the one way lowering reads a reference.
pub(super) fn ref_name(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    pointer::tokens(&format!("/{}", pointer::decode_fragment(last)))
        .and_then(|t| t.into_iter().next())
        .unwrap_or_default()
}

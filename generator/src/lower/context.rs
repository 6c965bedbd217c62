//! What lowering an operation consults: the spec, the settings, the
//! schemas' types (aliases, structs, enums) and the crate's type namespace.

use super::names::{self, Scope};
use super::type_names::TypeNames;
use crate::diagnostics::Diagnostics;
use crate::settings::Settings;
use openapiv3::OpenAPI;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use templates::model::{Module, Struct, Type, TypeDef};

/// The context every operation is lowered in.
pub(super) struct LowerOps<'a> {
    pub(super) api: &'a OpenAPI,
    pub(super) settings: &'a Settings,
    pub(super) type_names: TypeNames<'a>,
    pub(super) aliases: BTreeMap<&'a str, &'a Type>,
    pub(super) structs: BTreeMap<&'a str, &'a Struct>,
    /// The schemas' enums (they print as their wire value).
    pub(super) enums: BTreeSet<&'a str>,
    /// Every type name of the crate so far (see [`LowerOps::new`]).
    pub(super) type_scope: RefCell<Scope>,
}

impl<'a> LowerOps<'a> {
    /// The context for the operations of `api`, whose schemas lowered to
    /// `modules`.
    pub(super) fn new(api: &'a OpenAPI, settings: &'a Settings, modules: &'a [Module]) -> Self {
        let type_names = TypeNames {
            renames: &settings.type_renames,
        };
        let aliases: BTreeMap<&str, &Type> = modules
            .iter()
            .flat_map(|m| &m.types)
            .filter_map(|t| match t {
                TypeDef::Alias(a) => Some((a.name.as_str(), &a.ty)),
                _ => None,
            })
            .collect();
        let structs = modules
            .iter()
            .flat_map(|m| &m.types)
            .filter_map(|t| match t {
                TypeDef::Struct(s) => Some((s.name.as_str(), s)),
                _ => None,
            })
            .collect();
        let enums = modules
            .iter()
            .flat_map(|m| &m.types)
            .filter(|t| matches!(t, TypeDef::Enum(_)))
            .map(TypeDef::name)
            .collect();
        // One namespace for every type of the crate: the schemas' types, then
        // each operation's builder and enums. An operation's own type never
        // takes a prelude name.
        let mut type_scope = Scope::types(names::reserved::PRELUDE_AND_IMPORTS);
        for t in modules.iter().flat_map(|m| &m.types) {
            type_scope.take(t.name(), "schema");
        }
        LowerOps {
            api,
            settings,
            type_names,
            aliases,
            structs,
            enums,
            type_scope: RefCell::new(type_scope),
        }
    }

    /// Claims a name for a type of an operation's own: `wanted`, or
    /// `wanted2`… when a schema or another operation has it, or `wanted_`
    /// when it is a prelude name or one the module imports.
    pub(super) fn type_name(&self, wanted: &str, owner: &str) -> String {
        self.type_scope
            .borrow_mut()
            .claim(&names::type_name(wanted), owner)
            .0
    }
}

/// Warns when an operation's own type could not have the name the rule
/// gives it (a schema or another operation has it).
pub(super) fn renamed_type(wanted: &str, got: &str, what: &str, at: &str, diags: &mut Diagnostics) {
    let wanted = names::type_name(wanted);
    if names::bare(&wanted) != names::bare(got) {
        diags.warn(
            at,
            format!("the {what} would be `{wanted}`, a name already taken; it is `{got}`"),
            "rename the schema or the operation (spec/renames.yml) to free the name",
        );
    }
}

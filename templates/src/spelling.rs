//! The one spelling of each model type in Rust: the tokens the templates
//! write, and the text the API surface lists. Both come from one shape, so
//! the surface a reviewer reads is the code the crate holds; and every
//! place names a generated type by the same rule ([`Site`]), so no stage
//! qualifies a name on its own.

use crate::ident::ident;
use crate::model::{Type, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// A type as a path with generic arguments: `Vec<u8>` is the path `Vec`
/// with the argument `u8`.
struct Spelled {
    path: Vec<String>,
    args: Vec<Spelled>,
}

/// Where the runtime's items live in every generated crate.
const RUNTIME: [&str; 2] = ["crate", "runtime"];

/// Where code that names a generated type is written, and so how it names
/// it.
#[derive(Debug, Clone, Copy)]
pub enum Site<'a> {
    /// Where generated types are in scope by their own names: the files
    /// of `types/` and an operation's module (which imports the types it
    /// uses and names the runtime's items by path).
    InScope,
    /// Anywhere else (`areas.rs`, the crate's tests, doc examples): a path
    /// from `root` (`crate`, or the crate's name outside it) through
    /// `operations` for an operation's own types (`own`) and `types` for
    /// every other; the runtime's items by the name the root re-exports.
    Path {
        /// `crate`, or the crate's name as code outside it writes it.
        root: &'a str,
        /// The module the API's items are in (`agent`), if not the root.
        module: Option<&'a str>,
        /// The types the operation at hand defines in its module.
        own: &'a [TypeDef],
    },
}

impl Site<'_> {
    /// The path of the named type `name`.
    fn named(self, name: &str) -> Spelled {
        match self {
            Site::InScope => path(name),
            Site::Path { root, module, own } => {
                let kind = if own.iter().any(|t| t.name() == name) {
                    "operations"
                } else {
                    "types"
                };
                let path = std::iter::once(root)
                    .chain(module)
                    .chain([kind, name])
                    .map(str::to_owned)
                    .collect();
                Spelled {
                    path,
                    args: Vec::new(),
                }
            }
        }
    }

    /// The path of the runtime's item `item`.
    fn runtime(self, item: &str) -> Spelled {
        match self {
            Site::Path { root, .. } if root != RUNTIME[0] => path(&format!("{root}::{item}")),
            _ => path(&format!("{}::{}::{item}", RUNTIME[0], RUNTIME[1])),
        }
    }
}

fn path(text: &str) -> Spelled {
    Spelled {
        path: text.split("::").map(str::to_owned).collect(),
        args: Vec::new(),
    }
}

fn generic(text: &str, args: Vec<Spelled>) -> Spelled {
    Spelled { args, ..path(text) }
}

fn spell(ty: &Type, site: Site<'_>) -> Spelled {
    let spell = |ty: &Type| spell(ty, site);
    match ty {
        Type::I32 => path("i32"),
        Type::I64 | Type::LongString => path("i64"),
        Type::F32 => path("f32"),
        Type::F64 => path("f64"),
        Type::Bool => path("bool"),
        Type::String | Type::Text => path("String"),
        Type::Bytes => site.runtime("Base64"),
        Type::Json => path("serde_json::Value"),
        Type::Binary => generic("Vec", vec![path("u8")]),
        Type::File => site.runtime("FilePart"),
        Type::Vec(item) => generic("Vec", vec![spell(item)]),
        Type::Map(value) => generic("BTreeMap", vec![path("String"), spell(value)]),
        Type::Named(name) => site.named(name),
        Type::Boxed(name) => generic("Box", vec![site.named(name)]),
        Type::Nullable(inner) => generic("Option", vec![spell(inner)]),
    }
}

/// The Rust type of a field, alias, parameter or response, as tokens,
/// where generated types are in scope ([`Site::InScope`]).
pub fn type_tokens(ty: &Type) -> TokenStream {
    tokens(&spell(ty, Site::InScope))
}

/// The same type as code at `site` writes it.
pub fn type_tokens_at(ty: &Type, site: Site<'_>) -> TokenStream {
    tokens(&spell(ty, site))
}

/// The same type as the API surface lists it: runtime items by the short
/// name the crate re-exports (`Base64`), everything else as written.
pub fn type_text(ty: &Type) -> String {
    text(&spell(ty, Site::InScope))
}

/// The same type as text written at `site` (a doc example's signature).
pub fn type_text_at(ty: &Type, site: Site<'_>) -> String {
    text(&spell(ty, site))
}

/// The type a constructor, method or setter takes for a value of `ty`:
/// numbers and booleans as they are (so a literal infers its type), any
/// other type as `impl Into<…>` (so `&str` does for `String`).
pub fn argument_tokens(ty: &Type) -> TokenStream {
    argument_tokens_at(ty, Site::InScope)
}

/// [`argument_tokens`] as code at `site` writes it.
pub fn argument_tokens_at(ty: &Type, site: Site<'_>) -> TokenStream {
    let tokens = type_tokens_at(ty, site);
    if is_scalar(ty) {
        tokens
    } else {
        quote!(impl Into<#tokens>)
    }
}

/// [`argument_tokens`] as the API surface lists it.
pub fn argument_text(ty: &Type) -> String {
    if is_scalar(ty) {
        type_text(ty)
    } else {
        format!("impl Into<{}>", type_text(ty))
    }
}

/// Whether an argument of this type is taken as it is (numbers and
/// booleans) rather than as `impl Into<…>`.
pub fn is_scalar(ty: &Type) -> bool {
    matches!(
        ty,
        Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::Bool | Type::LongString
    )
}

fn tokens(spelled: &Spelled) -> TokenStream {
    let parts = spelled.path.iter().map(|p| ident(p));
    if spelled.args.is_empty() {
        quote!(#(#parts)::*)
    } else {
        let args = spelled.args.iter().map(tokens);
        quote!(#(#parts)::* < #(#args),* >)
    }
}

fn text(spelled: &Spelled) -> String {
    let path = match spelled.path.strip_prefix(&RUNTIME.map(str::to_owned)[..]) {
        Some(item) => item.join("::"),
        None => spelled.path.join("::"),
    };
    if spelled.args.is_empty() {
        path
    } else {
        let args: Vec<String> = spelled.args.iter().map(text).collect();
        format!("{path}<{}>", args.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_text_spell_the_same_type() {
        let nested = Type::Map(Box::new(Type::Vec(Box::new(Type::Bytes))));
        assert_eq!(
            type_tokens(&nested).to_string(),
            "BTreeMap < String , Vec < crate :: runtime :: Base64 > >"
        );
        assert_eq!(type_text(&nested), "BTreeMap<String, Vec<Base64>>");
        // A spec type named like a runtime item is named by its path
        // wherever it is not in scope, and one rule says which module.
        let error = Type::Vec(Box::new(Type::Named("Error".to_owned())));
        assert_eq!(type_tokens(&error).to_string(), "Vec < Error >");
        let own = [TypeDef::Alias(crate::model::Alias {
            name: "Client".to_owned(),
            docs: Vec::new(),
            ty: Type::String,
        })];
        let outside = Site::Path {
            root: "my_crate",
            module: None,
            own: &own,
        };
        assert_eq!(type_text_at(&error, outside), "Vec<my_crate::types::Error>");
        let client = Type::Boxed("Client".to_owned());
        assert_eq!(
            type_tokens_at(&client, outside).to_string(),
            "Box < my_crate :: operations :: Client >"
        );
        assert_eq!(
            type_tokens_at(&Type::File, outside).to_string(),
            "my_crate :: FilePart"
        );
        let inside = Site::Path {
            root: "crate",
            module: Some("agent"),
            own: &[],
        };
        assert_eq!(
            type_tokens_at(&Type::Bytes, inside).to_string(),
            "crate :: runtime :: Base64"
        );
        let keyword = Type::Boxed("r#type".to_owned());
        assert_eq!(type_tokens(&keyword).to_string(), "Box < r#type >");
        assert_eq!(argument_text(&Type::I64), "i64");
        assert_eq!(argument_text(&Type::Binary), "impl Into<Vec<u8>>");
    }
}

//! The one spelling of each model type in Rust: the tokens the templates
//! write, and the text the API surface lists. Both come from one shape, so
//! the surface a reviewer reads is the code the crate holds.

use crate::ident::ident;
use crate::model::Type;
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

fn path(text: &str) -> Spelled {
    Spelled {
        path: text.split("::").map(str::to_owned).collect(),
        args: Vec::new(),
    }
}

fn generic(text: &str, args: Vec<Spelled>) -> Spelled {
    Spelled { args, ..path(text) }
}

fn runtime(item: &str) -> Spelled {
    path(&format!("{}::{}::{item}", RUNTIME[0], RUNTIME[1]))
}

fn spell(ty: &Type) -> Spelled {
    match ty {
        Type::I32 => path("i32"),
        Type::I64 | Type::LongString => path("i64"),
        Type::F32 => path("f32"),
        Type::F64 => path("f64"),
        Type::Bool => path("bool"),
        Type::String | Type::Text => path("String"),
        Type::Bytes => runtime("Base64"),
        Type::Json => path("serde_json::Value"),
        Type::Binary => generic("Vec", vec![path("u8")]),
        Type::File => runtime("FilePart"),
        Type::Vec(item) => generic("Vec", vec![spell(item)]),
        Type::Map(value) => generic("BTreeMap", vec![path("String"), spell(value)]),
        // A name the module's own imports would shadow comes as a path
        // (`crate::types::Error`).
        Type::Named(name) => path(name),
        Type::Boxed(name) => generic("Box", vec![path(name)]),
        Type::Nullable(inner) => generic("Option", vec![spell(inner)]),
    }
}

/// The Rust type of a field, alias, parameter or response, as tokens.
pub fn type_tokens(ty: &Type) -> TokenStream {
    tokens(&spell(ty), &quote!(crate))
}

/// [`type_tokens`] as code outside the crate writes it (its tests, its
/// doc examples): paths from the crate root start at `krate`.
pub fn type_tokens_outside(ty: &Type, krate: &str) -> TokenStream {
    let root = crate::ident::ident(krate);
    tokens(&spell(ty), &quote!(#root))
}

/// The same type as the API surface lists it: runtime items by the short
/// name the crate re-exports (`Base64`), everything else as written.
pub fn type_text(ty: &Type) -> String {
    text(&spell(ty))
}

/// The type a constructor, method or setter takes for a value of `ty`:
/// numbers and booleans as they are (so a literal infers its type), any
/// other type as `impl Into<…>` (so `&str` does for `String`).
pub fn argument_tokens(ty: &Type) -> TokenStream {
    let tokens = type_tokens(ty);
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

fn tokens(spelled: &Spelled, root: &TokenStream) -> TokenStream {
    let parts = spelled.path.iter().map(|p| match p.as_str() {
        "crate" => root.clone(),
        p => {
            let p = ident(p);
            quote!(#p)
        }
    });
    if spelled.args.is_empty() {
        quote!(#(#parts)::*)
    } else {
        let args = spelled.args.iter().map(|a| tokens(a, root));
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
        let shadowed = Type::Named("crate::types::Error".to_owned());
        assert_eq!(
            type_tokens(&shadowed).to_string(),
            "crate :: types :: Error"
        );
        assert_eq!(type_text(&shadowed), "crate::types::Error");
        let keyword = Type::Boxed("r#type".to_owned());
        assert_eq!(type_tokens(&keyword).to_string(), "Box < r#type >");
        assert_eq!(argument_text(&Type::I64), "i64");
        assert_eq!(argument_text(&Type::Binary), "impl Into<Vec<u8>>");
    }
}

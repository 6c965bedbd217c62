//! Template for `oneOf`/`anyOf` types: an enum with a variant per type and
//! a catch-all that keeps, as JSON, any value no variant takes. Tagged by
//! the discriminator when the spec names one, else tried in order.

use crate::docs::{code, doc_attrs};
use crate::ident::ident;
use crate::model::{Type, Union};
use crate::spelling::type_tokens;
use proc_macro2::TokenStream;
use quote::quote;

/// A union (`oneOf`/`anyOf`): an enum with a variant per alternative,
/// `From` each, and its tagged or untagged serde impls.
pub fn union_def(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let docs = doc_attrs(&u.docs);
    let catch_all = ident(&u.catch_all);
    let variants = u.variants.iter().map(|v| {
        let n = ident(&v.name);
        let ty = type_tokens(&v.ty);
        let doc = match &u.tag {
            Some(tag) => format!(" {}: {}", code(tag), quoted(&v.tags)),
            None => format!(" A {}.", code(&v.name)),
        };
        quote!(#[doc = #doc] #n(#ty),)
    });
    let catch_all_doc = match &u.tag {
        Some(_) => " A value whose tag this client does not know, kept as sent.",
        None => " A value no other variant takes, kept as sent.",
    };
    let from = from_impls(u);
    match &u.tag {
        None => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                #[doc = #catch_all_doc]
                #catch_all(serde_json::Value),
            }
            #from
        },
        Some(tag) => {
            let encode = u.variants.iter().map(|v| {
                let n = ident(&v.name);
                let first = v.tags.first().map(String::as_str).unwrap_or_default();
                quote!(#name::#n(value) => crate::runtime::union::tagged(serializer, #tag, #first, value),)
            });
            let decode = u.variants.iter().map(|v| {
                let n = ident(&v.name);
                let tags = &v.tags;
                quote!(Some(#(#tags)|*) => crate::runtime::union::variant(value).map(#name::#n),)
            });
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    #[doc = #catch_all_doc]
                    #catch_all(serde_json::Value),
                }

                impl Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        match self {
                            #(#encode)*
                            #name::#catch_all(value) => value.serialize(serializer),
                        }
                    }
                }

                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        match value.get(#tag).and_then(serde_json::Value::as_str) {
                            #(#decode)*
                            _ => Ok(#name::#catch_all(value)),
                        }
                    }
                }
                #from
            }
        }
    }
}

/// `From` each variant's type, where no other variant has the same type.
fn from_impls(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let impls = u
        .variants
        .iter()
        .filter(|v| u.variants.iter().filter(|w| w.ty == v.ty).count() == 1)
        .map(|v| {
            let n = ident(&v.name);
            let (from, wrap) = match &v.ty {
                Type::Boxed(inner) => {
                    let inner = ident(inner);
                    (quote!(#inner), quote!(Box::new(value)))
                }
                ty => (type_tokens(ty), quote!(value)),
            };
            quote! {
                impl From<#from> for #name {
                    fn from(value: #from) -> Self {
                        #name::#n(#wrap)
                    }
                }
            }
        });
    quote!(#(#impls)*)
}

fn quoted(tags: &[String]) -> String {
    tags.iter().map(|t| code(t)).collect::<Vec<_>>().join(", ")
}

//! The `Serialize` and `Deserialize` impls of a generated struct, written
//! out over `runtime::object`'s helpers: derived impls with a catch-all
//! were a quarter of what the compiler expands and checks in a generated
//! crate.

use crate::ident::{bare, ident};
use crate::model::{Field, Presence, Struct, Type};
use crate::moved::Moved;
use crate::spelling::type_tokens;
use proc_macro2::TokenStream;
use quote::quote;

/// The struct's `Serialize`: its declared properties in order (an unset
/// optional one left out, an unset nullable one written null), then those
/// of its catch-all; a `long` is written as a string.
pub fn serialize_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let extra = ident(&s.extra);
    let writes = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        let long = quote!(crate::runtime::long_string::Long);
        let value = match (&f.ty, f.presence.is_required()) {
            (Type::LongString, true) => quote!(&#long(self.#n)),
            (Type::LongString, false) => quote!(&self.#n.map(#long)),
            _ => quote!(&self.#n),
        };
        Moved::new(match f.presence {
            Presence::Optional => quote!(optional(&mut object, #wire, #value);),
            Presence::Required | Presence::Nullable => quote!(entry(&mut object, #wire, #value);),
        })
    });
    let has = |optional: bool| {
        s.fields
            .iter()
            .any(|f| matches!(f.presence, Presence::Optional) == optional)
    };
    let uses = helpers([
        Some(quote!(end)),
        has(false).then(|| quote!(entry)),
        has(true).then(|| quote!(optional)),
        Some(quote!(writer)),
    ]);
    // Without declared properties, the writer is ended as it is started.
    let body = if s.fields.is_empty() {
        quote!(end(writer(serializer), &self.#extra))
    } else {
        quote! {
            let mut object = writer(serializer);
            #(#writes)*
            end(object, &self.#extra)
        }
    };
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #uses
                #body
            }
        }
    }
}

/// The struct's `Deserialize`: `runtime::object` loops over the object's
/// keys; the impl numbers the declared properties, reads each into its
/// slot (a tuple, one `Option` per property) and builds the struct from
/// the slots, unknown keys kept in its catch-all field.
pub fn deserialize_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let expecting = format!("struct {}", bare(&s.name));
    let extra = ident(&s.extra);
    let wires = s.fields.iter().map(|f| &f.wire);
    let types = s.fields.iter().map(|f| {
        let ty = slot_type(f);
        Moved::new(quote!(Option<#ty>))
    });
    let index = |i: usize| proc_macro2::Literal::usize_unsuffixed(i);
    let slot = |i: usize| {
        let i = index(i);
        quote!(slots.#i)
    };
    // Without declared properties there are no slots (`()`, an empty body
    // for clippy's sake) and `read` is never called.
    let (empty, read, slots_param) = if s.fields.is_empty() {
        (
            quote!(),
            quote! {
                fn read<'de, A: serde::de::MapAccess<'de>>(_: &mut (), _: usize, _: &mut A) -> Result<(), A::Error> {
                    Ok(())
                }
            },
            quote!(_: ()),
        )
    } else {
        let nones = s.fields.iter().map(|_| quote!(None));
        let arms = s.fields.iter().enumerate().map(|(i, f)| {
            let wire = &f.wire;
            let (index, slot) = (index(i), slot(i));
            Moved::new(quote!(#index => field(&mut #slot, map, #wire),))
        });
        (
            quote!((#(#nones,)*)),
            quote! {
                fn read<'de, A: serde::de::MapAccess<'de>>(slots: &mut Self::Slots, index: usize, map: &mut A) -> Result<(), A::Error> {
                    use crate::runtime::object::field;
                    match index {
                        #(#arms)*
                        _ => Ok(()),
                    }
                }
            },
            quote!(slots: Self::Slots),
        )
    };
    let inits = s.fields.iter().enumerate().map(|(i, f)| {
        let n = ident(&f.name);
        let wire = &f.wire;
        let slot = slot(i);
        let long = matches!(f.ty, Type::LongString);
        Moved::new(match (f.presence.is_required(), long) {
            (true, false) => quote!(#n: required(#slot, #wire)?,),
            (true, true) => quote!(#n: required(#slot, #wire)?.0,),
            (false, false) => quote!(#n: #slot.flatten(),),
            (false, true) => quote!(#n: #slot.flatten().map(|long| long.0),),
        })
    });
    let any_required = s.fields.iter().any(|f| f.presence.is_required());
    let uses = any_required.then(|| {
        quote!(
            use crate::runtime::object::required;
        )
    });
    quote! {
        impl crate::runtime::object::Object for #name {
            const EXPECTING: &'static str = #expecting;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            type Slots = (#(#types,)*);

            #[inline]
            fn slots() -> Self::Slots {
                #empty
            }

            #read

            // Not generic: inline, or the crate would compile every
            // struct's `build` (and its slots' drop glue) whether or not
            // anything reads the struct.
            #[inline]
            fn build(#slots_param, extra: BTreeMap<String, serde_json::Value>) -> Result<Self, &'static str> {
                #uses
                Ok(Self { #(#inits)* #extra: extra })
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::object::deserialize(deserializer)
            }
        }
    }
}

/// The `use` of the `runtime::object` helpers an impl calls, in scope for
/// its body alone.
fn helpers<const N: usize>(names: [Option<TokenStream>; N]) -> TokenStream {
    let names = names.into_iter().flatten();
    quote!(use crate::runtime::object::{ #(#names),* };)
}

/// What a slot holds once its property was read: an optional property may
/// be null, so its slot holds an `Option`.
fn slot_type(f: &Field) -> TokenStream {
    let ty = match f.ty {
        Type::LongString => quote!(crate::runtime::long_string::Long),
        _ => type_tokens(&f.ty),
    };
    match f.presence {
        Presence::Required => ty,
        Presence::Optional | Presence::Nullable => quote!(Option<#ty>),
    }
}

//! The `Serialize` and `Deserialize` impls of a generated struct, written
//! out over `runtime::object`'s helpers: derived impls with a catch-all
//! were a quarter of what the compiler expands and checks in a generated
//! crate.

use crate::ident::{bare, ident};
use crate::model::{Field, Presence, Struct, Type};
use crate::moved::Moved;
use crate::spelling::type_tokens;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
    quote! {
        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #uses
                let mut object = writer(serializer);
                #(#writes)*
                end(object, &self.#extra)
            }
        }
    }
}

/// The struct's `Deserialize`: one loop over the object's keys through
/// `runtime::object`, unknown keys kept in its catch-all field.
pub fn deserialize_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let expecting = format!("struct {}", bare(&s.name));
    let extra = ident(&s.extra);
    let names = slots(s);
    let slots = s.fields.iter().zip(&names).map(|(f, slot)| {
        let ty = slot_type(f);
        Moved::new(quote!(let mut #slot: Option<#ty> = None;))
    });
    let arms = s.fields.iter().zip(&names).map(|(f, slot)| {
        let wire = &f.wire;
        Moved::new(quote!(#wire => field(&mut #slot, &mut map, #wire),))
    });
    let keep = quote!(keep(&mut map, &mut extra, key));
    // A struct without declared properties keeps every one. Each arm is a
    // `Result` and one `?` follows the match: a `?` per arm was an early
    // return per property, each dropping every slot, and cost 12% of what
    // rustc does to check a crate's types (cachegrind).
    let read = Moved::new(if s.fields.is_empty() {
        quote!(#keep?;)
    } else {
        quote! {
            match key.as_str() {
                #(#arms)*
                _ => #keep,
            }?;
        }
    });
    let inits = s.fields.iter().zip(&names).map(|(f, slot)| {
        let n = ident(&f.name);
        let wire = &f.wire;
        let long = matches!(f.ty, Type::LongString);
        Moved::new(match (f.presence.is_required(), long) {
            (true, false) => quote!(#n: required(#slot, #wire)?,),
            (true, true) => quote!(#n: required(#slot, #wire)?.0,),
            (false, false) => quote!(#n: #slot.flatten(),),
            (false, true) => quote!(#n: #slot.flatten().map(|long| long.0),),
        })
    });
    let any_required = s.fields.iter().any(|f| f.presence.is_required());
    let uses = helpers([
        (!s.fields.is_empty()).then(|| quote!(field)),
        Some(quote!(keep)),
        any_required.then(|| quote!(required)),
    ]);
    quote! {
        impl crate::runtime::object::Object for #name {
            const EXPECTING: &'static str = #expecting;

            fn from_map<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                #uses
                #(#slots)*
                let mut extra = BTreeMap::new();
                while let Some(key) = map.next_key::<crate::runtime::object::Key>()? {
                    #read
                }
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

/// The locals the properties' values are read into, one per field in
/// order: `slot_` keeps them apart from the impl's own names, the field's
/// name without leading underscores keeps them snake case (`_1st` →
/// `slot_1st`), and a number keeps two apart that would meet (`_x`, `x`).
fn slots(s: &Struct) -> Vec<proc_macro2::Ident> {
    let mut taken = std::collections::BTreeSet::new();
    s.fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let base = format!("slot_{}", bare(&f.name).trim_start_matches('_'));
            let name = if taken.contains(&base) {
                format!("{base}_{i}")
            } else {
                base
            };
            taken.insert(name.clone());
            format_ident!("{}", name)
        })
        .collect()
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

//! Template for `tests/examples.rs`: one round-trip test per example.

use crate::ident::ident;
use crate::model::Example;
use crate::spelling::{type_tokens_at, Site};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole test file. `krate` is the generated crate's name as a path.
pub fn test_file(krate: &str, module: Option<&str>, examples: &[Example]) -> TokenStream {
    if examples.is_empty() {
        return quote! {
            //! Round trips of the spec's examples: this spec gives none.
        };
    }
    let site = Site::Path {
        root: krate,
        module,
        own: &[],
    };
    let tests = examples.iter().map(|e| example_test(e, site));
    quote! {
        //! Every example the spec gives decodes into its generated type and
        //! encodes back to the same JSON. Examples known to contradict their
        //! own schema are expected to fail, with the reason beside them.

        use serde::de::DeserializeOwned;
        use serde::Serialize;
        use serde_json::Value;

        /// A member that is null and one that is absent mean the same.
        fn without_nulls(value: Value) -> Value {
            match value {
                Value::Object(map) => Value::Object(
                    map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect(),
                ),
                Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
                other => other,
            }
        }

        /// The same JSON, numbers compared by value (`1` and `1.0` are
        /// one number: a `number` field encodes an integer as a float).
        fn same(a: &Value, b: &Value) -> bool {
            match (a, b) {
                (Value::Number(x), Value::Number(y)) => {
                    x == y || (x.as_f64().is_some() && x.as_f64() == y.as_f64() && x.as_i64().is_none_or(|i| i.unsigned_abs() < 1 << 53))
                }
                (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),
                (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
                _ => a == b,
            }
        }

        /// Decodes `json` as `T` and encodes it back; the difference, if any.
        fn round_trip<T: Serialize + DeserializeOwned>(json: &str) -> Result<(), String> {
            let example: Value = serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
            let typed: T = serde_json::from_value(example.clone()).map_err(|e| format!("does not decode: {e}"))?;
            let back = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
            if same(&without_nulls(back.clone()), &without_nulls(example.clone())) {
                Ok(())
            } else {
                Err(format!("encodes differently:\n  example: {example}\n  encoded: {back}"))
            }
        }

        #(#tests)*
    }
}

fn example_test(e: &Example, site: Site<'_>) -> TokenStream {
    let name = ident(&e.test);
    let ty = type_tokens_at(&e.ty, site);
    let json = crate::docs::text_literal(&e.json);
    let label = &e.label;
    match &e.known_bad {
        None => {
            let doc = format!(" The example of {}.", crate::docs::plain(label));
            quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    if let Err(e) = round_trip::<#ty>(#json) {
                        panic!("the example of {} {e}", #label);
                    }
                }
            }
        }
        Some(reason) => {
            let doc = format!(
                " The example of {} contradicts its schema: {}",
                crate::docs::plain(label),
                crate::docs::plain(reason)
            );
            quote! {
                #[doc = #doc]
                #[test]
                fn #name() {
                    assert!(
                        round_trip::<#ty>(#json).is_err(),
                        "the example of {} round-trips now: remove it from spec/examples.yml",
                        #label
                    );
                }
            }
        }
    }
}

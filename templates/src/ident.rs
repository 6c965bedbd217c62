//! Identifiers for tokens: the model holds Rust-ready names (`r#type`,
//! `self_`); this turns one into an `Ident`.

use proc_macro2::{Ident, Span};

/// The identifier a model name stands for; `r#name` becomes a raw one.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The name without a raw prefix: what to build other names from.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

//! `src/areas.rs`: the `Client` methods, one `impl Client` block per area
//! with a heading and its paragraph, and the crate docs' table of areas.

use crate::docs::{code, doc_attrs, markdown_cell};
use crate::model::Api;
use crate::operations::client_method;
use proc_macro2::TokenStream;
use quote::quote;

/// Every operation's `Client` method, grouped by area.
pub fn areas_rs(api: &Api) -> TokenStream {
    let home = crate::home::Home::of(api);
    let handle = match home.module {
        Some(_) => {
            let path = home.path_tokens("crate");
            let name = crate::ident::ident(&home.handle());
            quote!(<'a> #path::#name<'a>)
        }
        None => quote!(crate::runtime::Client),
    };
    let blocks = api.areas.iter().map(|area| {
        let mut docs = vec![format!("# {}", crate::docs::plain(&area.name))];
        if !area.about.trim().is_empty() {
            docs.push(String::new());
            docs.push(area.about.clone());
        }
        let docs = doc_attrs(&docs);
        let methods = area
            .operations
            .iter()
            .filter_map(|&i| api.operations.get(i))
            .map(|op| client_method(op, home));
        quote! {
            #docs
            impl #handle {
                #(#methods)*
            }
        }
    });
    let about = format!(
        " The methods of [`{}`]({}::{}) that start each operation's request, grouped by area.",
        home.handle(),
        home.path("crate"),
        home.handle()
    );
    quote! {
        #![doc = #about]

        #(#blocks)*
    }
}

/// The crate docs' tables: per area a heading, then each operation's
/// method (linked), what it does and the call it makes.
pub fn area_table(api: &Api) -> Vec<String> {
    let mut lines = Vec::new();
    for area in &api.areas {
        lines.push(format!("### {}", markdown_cell(&area.name)));
        lines.push(String::new());
        lines.push("| Method | What it does |".to_owned());
        lines.push("|---|---|".to_owned());
        for op in area
            .operations
            .iter()
            .filter_map(|&i| api.operations.get(i))
        {
            let summary = op
                .docs
                .first()
                .map(|s| markdown_cell(s))
                .unwrap_or_default();
            let name = crate::ident::bare(&op.method_name);
            let call = code(&format!("{} {}", op.http_method.to_uppercase(), op.path));
            lines.push(format!(
                "| [`{name}`](Client::{name}) | {summary} ({}) |",
                call.replace('|', "\\|")
            ));
        }
        lines.push(String::new());
    }
    lines
        .into_iter()
        .map(|l| format!(" {l}").trim_end().to_owned())
        .collect()
}

//! `src/areas.rs`: the `Client` methods, one `impl Client` block per area
//! with a heading and its paragraph, and the crate docs' table of areas.

use crate::docs::{code, doc_attrs, markdown_cell};
use crate::model::Api;
use crate::operations::client_method;
use proc_macro2::TokenStream;
use quote::quote;

/// Every operation's `Client` method, grouped by area.
pub fn areas_rs(api: &Api) -> TokenStream {
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
            .map(client_method);
        quote! {
            #docs
            impl Client {
                #(#methods)*
            }
        }
    });
    quote! {
        //! The methods of [`Client`] that start each operation's request,
        //! grouped by area.

        use crate::runtime::Client;

        #(#blocks)*
    }
}

/// The crate docs' table: area, method, summary and `METHOD /path` of
/// every operation, each method linked.
pub fn area_table(api: &Api) -> Vec<String> {
    let mut lines = vec![
        "| Area | Method | What it does | Call |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for area in &api.areas {
        for (n, op) in area
            .operations
            .iter()
            .filter_map(|&i| api.operations.get(i))
            .enumerate()
        {
            let heading = if n == 0 {
                markdown_cell(&area.name)
            } else {
                String::new()
            };
            let summary = op
                .docs
                .first()
                .map(|s| markdown_cell(s))
                .unwrap_or_default();
            let name = crate::ident::bare(&op.method_name);
            lines.push(format!(
                "| {heading} | [`{name}`](Client::{name}) | {summary} | {} |",
                code(&format!("{} {}", op.http_method.to_uppercase(), op.path)).replace('|', "\\|")
            ));
        }
    }
    lines.into_iter().map(|l| format!(" {l}")).collect()
}

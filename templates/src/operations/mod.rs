//! Templates for `src/operations/`: per operation, the client method, its
//! request builder and, when it has several successes, its response enum.

use crate::docs::{code, doc_attrs, doc_lines};
use crate::home::Home;
use crate::ident::{bare, ident};
use crate::model::{
    ListStyle, Operation, PageKind, Pagination, Param, ParamLocation, PathPiece, PathStyle,
    Response, Service, Step, Type,
};
use crate::moved::Moved;
use crate::query::ObjectStyle;
use crate::spelling::{argument_tokens, argument_tokens_at, type_tokens, Site};
use crate::types::{argument_init, argument_value, imports, type_def};
use proc_macro2::TokenStream;
use quote::quote;

mod example;
mod mock;
mod search;
mod stream;

pub use search::{phrasings, search_text, Phrasings};

/// The names `module` defines for the rest of the crate, which
/// `operations/mod.rs` re-exports by name (a glob per module makes the
/// compiler's name resolution grow faster than the crate).
pub fn exported(op: &Operation) -> Vec<&str> {
    let response = match &op.response {
        Response::Choice { name, .. } => Some(name.as_str()),
        _ => None,
    };
    std::iter::once(op.builder.as_str())
        .chain(response)
        .chain(op.types.iter().map(crate::model::TypeDef::name))
        .collect()
}

/// A whole `src/operations/<method>.rs`: the client method, its request
/// builder (its docs' example names the crate `krate`), its own types and,
/// with feature `mock`, its mock call. `home` is where its API lives.
pub fn module(op: &Operation, home: Home<'_>, krate: &str) -> TokenStream {
    let paged = op.pagination.as_ref().map(|p| &p.item);
    let used = op
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(response_types(&op.response))
        .chain(paged);
    let imports = imports(used, &op.types);
    let api = home.path_tokens("crate");
    let types_import =
        (!imports.is_empty()).then(|| quote! { use #api::types::{ #(#imports),* }; });
    // The runtime's items are named by path (`runtime::Error`), so a spec
    // type may have any name the type scope hands out.
    let serde = (!op.types.is_empty()).then(|| quote! { use serde::{Deserialize, Serialize}; });
    let descriptor = Moved::new(descriptor(op, home.service));
    let builder = Moved::new(builder(op, home, krate));
    let response_enum = response_enum(&op.response).map(Moved::new);
    let types = op.types.iter().map(type_def).map(Moved::new);
    quote! {
        use crate::runtime;
        #types_import
        #serde

        #descriptor
        #builder
        #response_enum
        #(#types)*
    }
}

/// The static description the runtime uses for spans, errors and retries.
fn descriptor(op: &Operation, service: Service) -> TokenStream {
    let name = bare(&op.method_name);
    let method = ident(&op.http_method);
    let path = &op.path;
    let credentials = &op.credentials;
    let service = match service {
        Service::Pod => quote!(Pod),
        Service::Agent => quote!(Agent),
    };
    quote! {
        static OPERATION: runtime::Operation = runtime::Operation {
            name: #name,
            method: reqwest::Method::#method,
            path: #path,
            credentials: &[#(#credentials),*],
            service: runtime::Service::#service,
        };
    }
}

/// The `Client` method that starts `op`'s request, for its area's `impl
/// Client` block (`areas.rs`), where types are named by path; the summary
/// and path are search aliases.
pub(crate) fn client_method(op: &Operation, home: Home<'_>) -> TokenStream {
    let name = ident(&op.method_name);
    let builder = ident(&op.builder);
    let docs = doc_attrs(&method_docs(op));
    let aliases = &op.aliases;
    let site = Site::Path {
        root: "crate",
        module: home.module,
        own: &op.types,
    };
    let api = home.path_tokens("crate");
    // A module's handle holds the client; `Client` is it.
    let (lifetime, client) = match home.module {
        Some(_) => (quote!('a), quote!(self.client)),
        None => (quote!('_), quote!(self)),
    };
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let n = ident(&p.name);
        let ty = argument_tokens_at(&p.ty, site);
        quote!(#n: #ty)
    });
    let inits = op.params.iter().map(|p| {
        let n = ident(&p.name);
        if p.required {
            argument_init(&p.ty, &n)
        } else {
            quote!(#n: None)
        }
    });
    quote! {
        #docs
        #[doc(alias(#(#aliases),*))]
        pub fn #name(&self, #(#args),*) -> #api::operations::#builder<#lifetime> {
            #api::operations::#builder { client: #client, deadline: None, #(#inits),* }
        }
    }
}

/// The method's docs: the spec's, then its arguments.
fn method_docs(op: &Operation) -> Vec<String> {
    let mut docs = op.docs.clone();
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    if !required.is_empty() {
        docs.push(String::new());
        docs.push("# Arguments".to_owned());
        docs.push(String::new());
        for p in required {
            let about = p.docs.join(" ");
            let about = if about.is_empty() {
                String::new()
            } else {
                format!(": {about}")
            };
            docs.push(format!("- {} ({}){about}", code(bare(&p.name)), place(p)));
        }
    }
    docs
}

fn place(p: &Param) -> String {
    let wire = &p.wire;
    match p.location {
        ParamLocation::Path(PathStyle::Simple) => format!("path {}", code(wire)),
        ParamLocation::Path(style) => format!(
            "path {}, written {}",
            code(wire),
            code(&format!("{}value", style.prefix(wire)))
        ),
        ParamLocation::Query(_) => format!("query {}", code(wire)),
        ParamLocation::QueryObject(style) => {
            let (written, each) = match style {
                ListStyle::Deep => (format!("{wire}[property]=value"), " per property"),
                ListStyle::Repeated => ("property=value".to_owned(), " per property"),
                ListStyle::Comma => (format!("{wire}=property,value,…"), ""),
                ListStyle::Space => (format!("{wire}=property value …"), ""),
                ListStyle::Pipe => (format!("{wire}=property|value|…"), ""),
            };
            format!("query {}, written {}{each}", code(wire), code(&written))
        }
        ParamLocation::Header => format!("header {}", code(&p.wire)),
        ParamLocation::Body => match p.ty {
            Type::Binary => "the body, as bytes".to_owned(),
            Type::Text => "the body, as text".to_owned(),
            _ => "the JSON body".to_owned(),
        },
        ParamLocation::Form => format!("form field {}", code(&p.wire)),
        ParamLocation::Part => match p.ty {
            Type::File => format!("file part {}", code(&p.wire)),
            _ => format!("part {}", code(&p.wire)),
        },
        ParamLocation::PartJson => format!("JSON part {}", code(&p.wire)),
    }
}

fn builder(op: &Operation, home: Home<'_>, krate: &str) -> TokenStream {
    let builder = ident(&op.builder);
    let method = bare(&op.method_name);
    let summary = op.docs.first().map(|s| crate::docs::line(s));
    let handle = home.handle();
    let doc = format!(
        " The {} request [`{handle}::{method}`]({}::{handle}::{method}) makes: set optional parameters, then [`send`](Self::send) it.",
        code(&format!("{} {}", op.http_method, op.path)),
        home.path("crate")
    );
    let fields = op.params.iter().map(|p| {
        let n = ident(&p.name);
        let ty = type_tokens(&p.ty);
        if p.required {
            quote!(pub(crate) #n: #ty,)
        } else {
            quote!(pub(crate) #n: Option<#ty>,)
        }
    });
    let setters = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(setter)
        .map(Moved::new);
    let send = Moved::new(send(op));
    let stream = (op.pagination.as_ref()).map(|pg| Moved::new(stream::stream(op, pg)));
    let mock = Moved::new(mock::mock_call(op));
    // The summary and a blank line, the paragraph, the example.
    let mut lines: Vec<String> = summary
        .into_iter()
        .flat_map(|s| [s, String::new()])
        .collect();
    lines.push(doc);
    lines.extend(example::builder_example(op, home, krate));
    let docs = doc_lines(&lines);
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            pub(crate) client: &'a runtime::Client,
            pub(crate) deadline: Option<std::time::Duration>,
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            #(#setters)*

            /// Ends this call by `deadline` in all (credentials, every
            /// attempt, every wait) instead of the client's
            /// [`ClientBuilder::deadline`](crate::ClientBuilder::deadline).
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.deadline = Some(deadline);
                self
            }

            #send
            #stream
        }

        #mock
    }
}

fn setter(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let arg = argument_tokens(&p.ty);
    let value = argument_value(&p.ty, quote!(value));
    // The spec's words are escaped; the line saying where the value goes
    // is the generator's own Markdown (names in code spans). It is always
    // there when the value is written in a style the caller must know.
    let styled = matches!(
        p.location,
        ParamLocation::QueryObject(_)
            | ParamLocation::Path(PathStyle::Label { .. } | PathStyle::Matrix { .. })
    );
    let mut docs = crate::docs::escape(&p.docs);
    if p.docs.is_empty() || styled {
        if !p.docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!(" Sets {}.", place(p)));
    }
    let docs = doc_lines(&docs);
    quote! {
        #docs
        pub fn #n(mut self, value: #arg) -> Self {
            self.#n = Some(#value);
            self
        }
    }
}

fn send(op: &Operation) -> TokenStream {
    let segments = op.segments.iter().flat_map(|pieces| {
        pieces
            .iter()
            .enumerate()
            .map(|(i, piece)| match (i, piece) {
                (0, PathPiece::Literal(text)) => quote!(.literal(#text)),
                (_, PathPiece::Literal(text)) => quote!(.append_literal(#text)),
                (i, PathPiece::Param(name)) => {
                    let field = ident(name);
                    let wire = bare(name);
                    let param = op.params.iter().find(|p| p.name == *name);
                    let style = match param.map(|p| p.location) {
                        Some(ParamLocation::Path(style)) => style,
                        _ => PathStyle::Simple,
                    };
                    let on_wire = param.map_or(name.as_str(), |p| p.wire.as_str());
                    // A list's items are joined as its style says.
                    let value = if param.is_some_and(|p| matches!(p.ty, Type::Vec(_))) {
                        let separator = style.separator(on_wire);
                        quote!(runtime::joined(&self.#field, #separator))
                    } else {
                        quote!(self.#field)
                    };
                    // `.` (label) or `;name=` (matrix) goes before the value.
                    let prefix = style.prefix(on_wire);
                    match (i, prefix.is_empty()) {
                        (0, true) => quote!(.param(#wire, #value)),
                        (0, false) => quote!(.literal(#prefix).append_param(#wire, #value)),
                        (_, true) => quote!(.append_param(#wire, #value)),
                        (_, false) => quote!(.append_literal(#prefix).append_param(#wire, #value)),
                    }
                }
            })
    });
    let content_type = op.content_type.as_deref().unwrap_or("application/json");
    let parts = op
        .params
        .iter()
        .filter(|p| !p.location.is_path())
        .map(|p| request_part(p, content_type));
    let part_types = op
        .part_types
        .iter()
        .map(|(wire, media_type)| quote!(.part_type(#wire, #media_type)));
    let output = output_type(&op.response);
    let decode = decode(&op.response);
    let send_docs = doc_attrs(&send_docs(&op.response));
    // `#[inline]` on what encodes the request and decodes the response: like
    // generic code, each is compiled in the crate that calls it, so a crate
    // pays for the operations it uses, not for all of them.
    quote! {
        #send_docs
        #[inline]
        pub fn send(self) -> runtime::ResponseFuture<'a, #output> {
            runtime::ResponseFuture::new(self.client.send(self.into_request()), #decode)
        }

        /// The request `send` sends.
        #[inline]
        fn into_request(self) -> runtime::Request {
            runtime::Request::new(&OPERATION).deadline(self.deadline) #(#segments)* #(#parts)* #(#part_types)*
        }
    }
}

/// How one parameter goes into the request (the builder is consumed, so
/// values move; the body and lists are borrowed).
fn request_part(p: &Param, content_type: &str) -> TokenStream {
    let field = ident(&p.name);
    let wire = &p.wire;
    let value = if p.required {
        quote!(Some(self.#field))
    } else {
        quote!(self.#field)
    };
    let borrowed = if p.required {
        quote!(Some(&self.#field))
    } else {
        quote!(self.#field.as_ref())
    };
    let list = if p.required {
        quote!(Some(self.#field.as_slice()))
    } else {
        quote!(self.#field.as_deref())
    };
    match (p.location, &p.ty) {
        (ParamLocation::Query(style), Type::Vec(_)) => {
            let style = match style {
                // A list has no deep form: its items repeat the key.
                ListStyle::Repeated | ListStyle::Deep => quote!(Repeated),
                ListStyle::Comma => quote!(Comma),
                ListStyle::Space => quote!(Space),
                ListStyle::Pipe => quote!(Pipe),
            };
            quote!(.query_list(#wire, #list, runtime::QueryStyle::#style))
        }
        (ParamLocation::Query(_), _) => quote!(.query(#wire, #value)),
        (ParamLocation::QueryObject(style), _) => {
            let style = match style.object_style() {
                ObjectStyle::Exploded => quote!(Exploded),
                ObjectStyle::Joined(separator) => quote!(Joined(#separator)),
                ObjectStyle::Deep => quote!(Deep),
            };
            quote!(.query_object(#wire, #borrowed, runtime::ObjectStyle::#style))
        }
        (ParamLocation::Header, Type::Vec(_)) if p.required => {
            quote!(.header(#wire, Some(runtime::joined(&self.#field, ","))))
        }
        (ParamLocation::Header, Type::Vec(_)) => {
            quote!(.header(#wire, #list.map(|items| runtime::joined(items, ","))))
        }
        (ParamLocation::Header, _) => quote!(.header(#wire, #value)),
        (ParamLocation::Form, Type::Vec(_)) => quote!(.form_list(#wire, #list)),
        (ParamLocation::Form, _) => quote!(.form(#wire, #value)),
        (ParamLocation::Part, Type::Vec(item)) if **item == Type::File => {
            quote!(.file_list(#wire, #list))
        }
        (ParamLocation::Part, Type::Vec(_)) => quote!(.part_list(#wire, #list)),
        (ParamLocation::Part, Type::File) => quote!(.file(#wire, #value)),
        (ParamLocation::Part, _) => quote!(.part(#wire, #value)),
        (ParamLocation::PartJson, _) => quote!(.part_json(#wire, #borrowed)),
        (ParamLocation::Body, Type::Binary | Type::Text) => {
            quote!(.raw(#content_type, #value))
        }
        (ParamLocation::Body, _) => quote!(.json(#content_type, #borrowed)),
        (ParamLocation::Path(_), _) => quote!(),
    }
}

fn output_type(response: &Response) -> TokenStream {
    match response {
        Response::Empty => quote!(()),
        Response::Json(ty) => type_tokens(ty),
        Response::Optional { some, .. } => {
            let ty = some.ty.as_ref().map_or_else(|| quote!(()), type_tokens);
            quote!(Option<#ty>)
        }
        Response::Choice { name, .. } => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// What `send` says of its output: for an optional one, which status
/// gives `None`.
fn send_docs(response: &Response) -> Vec<String> {
    let mut docs = vec![
        "Sends the request; `.await` the future for the response (it is `Send` and `Unpin`)."
            .to_owned(),
    ];
    if let Response::Optional { some, none } = response {
        let about = |o: &crate::model::Outcome| {
            let text = o.docs.join(" ");
            let text = text.trim().trim_end_matches('.');
            if text.is_empty() {
                String::new()
            } else {
                format!(" ({text})")
            }
        };
        docs.push(String::new());
        docs.push(format!(
            "`Some` when the pod answers {}{}, `None` when it answers {}{}.",
            some.status,
            about(some),
            none.status,
            about(none)
        ));
    }
    docs
}

/// What turns the raw response into the method's output: a body of one
/// type is read by `RawResponse`'s own method, named as a function (a
/// closure per operation is one more body for the compiler to check).
fn decode(response: &Response) -> TokenStream {
    let body = match response {
        Response::Json(ty) => return reader(ty),
        Response::Empty => quote!(Ok(response.empty())),
        Response::Optional { some, none } => {
            let status = proc_macro2::Literal::u16_unsuffixed(none.status);
            let call = some.ty.as_ref().map(decode_call);
            quote! {
                match response.status().as_u16() {
                    #status => Ok(response.empty().map(|()| None)),
                    _ => Ok(#call?.map(Some)),
                }
            }
        }
        Response::Choice { name, outcomes } => {
            let name = ident(name);
            let typed: Vec<_> = outcomes.iter().filter(|o| o.ty.is_some()).collect();
            let arm = |o: &crate::model::Outcome| {
                let variant = ident(&o.variant);
                match &o.ty {
                    Some(ty) => {
                        let call = decode_call(ty);
                        quote!(Ok(#call?.map(|value| #name::#variant(Box::new(value)))))
                    }
                    None => quote!(Ok(response.empty().map(|()| #name::#variant))),
                }
            };
            // Declared statuses first; any other success decodes as the
            // first outcome with a body (or the first outcome).
            let fallback = typed.first().copied().unwrap_or(&outcomes[0]);
            let arms = outcomes
                .iter()
                .filter(|o| !std::ptr::eq(*o, fallback))
                .map(|o| {
                    let status = proc_macro2::Literal::u16_unsuffixed(o.status);
                    let body = arm(o);
                    quote!(#status => #body,)
                });
            let fallback = arm(fallback);
            quote! {
                match response.status().as_u16() {
                    #(#arms)*
                    _ => #fallback,
                }
            }
        }
    };
    quote!(|response: runtime::RawResponse| { #body })
}

/// The `RawResponse` method that reads a body of this type: raw bytes,
/// text or JSON.
fn reader(ty: &Type) -> TokenStream {
    match ty {
        Type::Binary => quote!(runtime::RawResponse::bytes),
        Type::Text => quote!(runtime::RawResponse::text),
        ty => {
            let ty = type_tokens(ty);
            quote!(runtime::RawResponse::json::<#ty>)
        }
    }
}

/// That method called on `response`.
fn decode_call(ty: &Type) -> TokenStream {
    let reader = reader(ty);
    quote!(#reader(response))
}

fn response_enum(response: &Response) -> Option<TokenStream> {
    let Response::Choice { name, outcomes } = response else {
        return None;
    };
    let name = ident(name);
    let variants = outcomes.iter().map(|o| {
        let variant = ident(&o.variant);
        let mut docs = vec![format!("{}: {}", o.status, o.docs.join(" "))];
        docs.retain(|d| !d.trim().is_empty());
        let docs = doc_attrs(&docs);
        match &o.ty {
            Some(ty) => {
                let ty = type_tokens(ty);
                quote!(#docs #variant(Box<#ty>),)
            }
            None => quote!(#docs #variant,),
        }
    });
    let doc = " The outcomes of the call, one per success status the spec lists.";
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn response_types(response: &Response) -> Vec<&Type> {
    match response {
        Response::Empty => Vec::new(),
        Response::Json(ty) => vec![ty],
        Response::Optional { some, .. } => some.ty.iter().collect(),
        Response::Choice { outcomes, .. } => {
            outcomes.iter().filter_map(|o| o.ty.as_ref()).collect()
        }
    }
}

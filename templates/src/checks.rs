//! Template for `tests/operations.rs`: every operation, called with sample
//! arguments against a mock server that expects exactly what the spec says.

use crate::ident::ident;
use crate::model::{CallCheck, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole test file. `krate` is the generated crate's name as a path;
/// `token` the sample value of each credential header in `credentials`.
pub fn test_file(
    krate: &str,
    token: &str,
    credentials: &[String],
    checks: &[CallCheck],
) -> TokenStream {
    if checks.is_empty() {
        return quote! {
            //! Every operation sends the method, path, query and headers the
            //! spec defines: this spec has no operations.
        };
    }
    let krate = ident(krate);
    let tests = checks.iter().map(|c| check_test(c, &krate.to_string()));
    let operations = checks
        .iter()
        .any(|c| c.uses_operation_types)
        .then(|| quote!(use #krate::operations::*;));
    let types = checks
        .iter()
        .any(|c| c.uses_types)
        .then(|| quote!(use #krate::types::*;));
    let sampled: Vec<&Type> = checks
        .iter()
        .flat_map(|c| &c.args)
        .map(|(ty, _)| ty)
        .collect();
    let files = uses_files(&sampled).then(|| quote!(use #krate::FilePart;));
    let sample = sample_fn(&sampled);
    let mut matchers = vec![quote!(method), quote!(path)];
    let any = |f: fn(&CallCheck) -> bool| checks.iter().any(f);
    if any(|c| !c.headers.is_empty()) {
        matchers.insert(0, quote!(header));
    }
    if any(|c| c.body.is_some()) {
        matchers.insert(0, quote!(body_json));
    }
    if any(|c| c.raw_body.is_some()) {
        matchers.insert(0, quote!(body_bytes));
    }
    if any(|c| !c.query.is_empty()) {
        matchers.push(quote!(query_param));
    }
    quote! {
        //! Every operation sends the method, path, query and headers the
        //! spec defines: each test calls one method with sample arguments
        //! against a mock server that answers only that exact request.

        #operations
        #types
        #files
        use #krate::{Client, RetryPolicy, StaticTokens};
        use wiremock::matchers::{#(#matchers),*};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        #sample

        async fn client(server: &MockServer) -> Client {
            Client::builder(server.uri(), StaticTokens::default() #( .with(#credentials, #token) )*)
                .retry(RetryPolicy::none())
                .build()
                .expect("a client")
        }

        #(#tests)*
    }
}

fn check_test(c: &CallCheck, krate: &str) -> TokenStream {
    let name = ident(&c.method_name);
    let http = &c.http_method;
    let path = &c.path;
    let query = c
        .query
        .iter()
        .map(|(k, v)| quote!(.and(query_param(#k, #v))));
    let headers = c.headers.iter().map(|(k, v)| quote!(.and(header(#k, #v))));
    let body = c
        .body
        .as_ref()
        .map(|b| quote!(.and(body_json(sample::<serde_json::Value>(#b)))))
        .or_else(|| {
            c.raw_body.as_ref().map(|bytes| {
                let bytes = proc_macro2::Literal::byte_string(bytes);
                quote!(.and(body_bytes(#bytes.to_vec())))
            })
        });
    let status = proc_macro2::Literal::u16_unsuffixed(c.status);
    let respond = match &c.response {
        Some(json) => {
            quote!(ResponseTemplate::new(#status).set_body_raw(#json, "application/json"))
        }
        None => quote!(ResponseTemplate::new(#status)),
    };
    let args = c
        .args
        .iter()
        .map(|(ty, json)| sample_value(ty, json, krate));
    quote! {
        #[tokio::test]
        async fn #name() {
            let server = MockServer::start().await;
            Mock::given(method(#http))
                .and(path(#path))
                #(#query)*
                #(#headers)*
                #body
                .respond_with(#respond)
                .expect(1)
                .mount(&server)
                .await;
            let client = client(&server).await;
            if let Err(e) = client.#name(#(#args),*).send().await {
                panic!("{e}");
            }
        }
    }
}

/// A sample value of `ty` in generated test code: decoded from its JSON,
/// or (files are not JSON) a small file.
pub(crate) fn sample_value(ty: &Type, json: &str, krate: &str) -> TokenStream {
    match ty {
        Type::File => quote!(FilePart::new(b"sample".to_vec())),
        Type::Vec(item) if **item == Type::File => quote!(vec![FilePart::new(b"sample".to_vec())]),
        ty => {
            let ty = crate::spelling::type_tokens_outside(ty, krate);
            quote!(sample::<#ty>(#json))
        }
    }
}

fn is_file(ty: &Type) -> bool {
    *ty == Type::File || *ty == Type::Vec(Box::new(Type::File))
}

/// Whether any sample is a file (the test imports `FilePart`).
pub(crate) fn uses_files(types: &[&Type]) -> bool {
    types.iter().any(|ty| is_file(ty))
}

/// The helper that decodes samples, when any sample is JSON.
pub(crate) fn sample_fn(types: &[&Type]) -> Option<TokenStream> {
    types.iter().any(|ty| !is_file(ty)).then(|| {
        quote! {
            /// A sample value of `T`, from JSON.
            fn sample<T: serde::de::DeserializeOwned>(json: &str) -> T {
                serde_json::from_str(json).expect("the sample decodes")
            }
        }
    })
}

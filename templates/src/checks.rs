//! Template for `tests/operations.rs`: every operation, called with sample
//! arguments against a mock server that expects exactly what the spec says.

use crate::docs::text_literal;
use crate::home::Home;
use crate::ident::ident;
use crate::model::{CallCheck, Operation, Type};
use crate::spelling::Site;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole test file. `krate` is the generated crate's name as a path;
/// `token` the sample value of each credential header in `credentials`;
/// `checks` one per operation of `operations`, in their order.
pub fn test_file(
    krate: &str,
    token: &str,
    credentials: &[String],
    home: Home<'_>,
    operations: &[Operation],
    checks: &[CallCheck],
) -> TokenStream {
    if checks.is_empty() {
        return quote! {
            //! Every operation sends the method, path, query and headers the
            //! spec defines: this spec has no operations.
        };
    }
    // Each test is named after its method, in a form no helper of the
    // file has and rustc's case lint takes (`_123` gives `call_123`).
    let mut taken = std::collections::BTreeSet::new();
    let tests: Vec<TokenStream> = operations
        .iter()
        .zip(checks)
        .map(|(op, c)| {
            let site = Site::Path {
                root: krate,
                module: home.module,
                own: &op.types,
            };
            let mut test = format!(
                "call_{}",
                crate::ident::bare(&c.method_name).trim_start_matches('_')
            );
            while !taken.insert(test.clone()) {
                test.push('_');
            }
            check_test(c, &test, home, site)
        })
        .collect();
    let krate = ident(krate);
    let sampled: Vec<&Type> = checks
        .iter()
        .flat_map(|c| &c.args)
        .map(|(ty, _)| ty)
        .collect();
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

fn check_test(c: &CallCheck, test: &str, home: Home<'_>, site: Site<'_>) -> TokenStream {
    let via = home.via_tokens();
    let name = ident(&c.method_name);
    let test = ident(test);
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
        .map(|b| {
            let b = text_literal(b);
            quote!(.and(body_json(sample::<serde_json::Value>(#b))))
        })
        .or_else(|| {
            c.raw_body.as_ref().map(|bytes| {
                let bytes = proc_macro2::Literal::byte_string(bytes);
                quote!(.and(body_bytes(#bytes.to_vec())))
            })
        });
    let status = proc_macro2::Literal::u16_unsuffixed(c.status);
    let respond = match &c.response {
        Some(json) => {
            let json = text_literal(json);
            quote!(ResponseTemplate::new(#status).set_body_raw(#json, "application/json"))
        }
        None => quote!(ResponseTemplate::new(#status)),
    };
    let args = c.args.iter().map(|(ty, json)| sample_value(ty, json, site));
    quote! {
        #[tokio::test]
        async fn #test() {
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
            if let Err(e) = client #via .#name(#(#args),*).send().await {
                panic!("{e}");
            }
        }
    }
}

/// A sample value of `ty` in generated test code at `site`: decoded from
/// its JSON, or (files are not JSON) a small file.
pub(crate) fn sample_value(ty: &Type, json: &str, site: Site<'_>) -> TokenStream {
    match ty {
        Type::File | Type::Vec(_) if is_file(ty) => {
            let file = crate::spelling::type_tokens_at(&Type::File, site);
            let file = quote!(#file::new(b"sample".to_vec()));
            if *ty == Type::File {
                file
            } else {
                quote!(vec![#file])
            }
        }
        ty => {
            let ty = crate::spelling::type_tokens_at(ty, site);
            let json = text_literal(json);
            quote!(sample::<#ty>(#json))
        }
    }
}

fn is_file(ty: &Type) -> bool {
    *ty == Type::File || *ty == Type::Vec(Box::new(Type::File))
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

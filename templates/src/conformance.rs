//! Template for `tests/conformance.rs` (and a module API's, such as
//! `tests/agent_conformance.rs`): every operation called against an
//! independent, spec-driven mock server (Stoplight Prism), once with its
//! required arguments and once with every optional parameter and body
//! property set, in two modes (the spec's examples, and generated data).

use crate::checks::{sample_fn, sample_value};
use crate::home::Home;
use crate::ident::ident;
use crate::model::{CallCheck, Operation, Type};
use crate::spelling::Site;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole test file; `credentials` are the credential headers;
/// `checks` one per operation of `operations`, in their order.
pub fn test_file(
    krate: &str,
    credentials: &[String],
    home: Home<'_>,
    operations: &[Operation],
    checks: &[CallCheck],
) -> TokenStream {
    if checks.is_empty() {
        return quote! {
            //! Conformance against a spec-driven mock server: this spec has
            //! no operations, so there is nothing to call.
        };
    }
    let crate_name = krate;
    let krate = ident(krate);
    let sampled: Vec<&Type> = checks
        .iter()
        .flat_map(|c| {
            c.full_args
                .iter()
                .map(|(ty, _)| ty)
                .chain(c.setters.iter().map(|(_, ty, _)| ty))
        })
        .collect();
    let sample = sample_fn(&sampled);
    let arms = operations.iter().zip(checks).map(|(op, c)| {
        let via = home.via_tokens();
        let site = Site::Path {
            root: crate_name,
            module: home.module,
            own: &op.types,
        };
        let name = ident(&c.method_name);
        let label = &c.method_name;
        let minimal = c.args.iter().map(|(ty, json)| sample_value(ty, json, site));
        let full = c
            .full_args
            .iter()
            .map(|(ty, json)| sample_value(ty, json, site));
        let setters = c.setters.iter().map(|(setter, ty, json)| {
            let setter = ident(setter);
            let value = sample_value(ty, json, site);
            quote!(.#setter(#value))
        });
        quote! {
            (#label, false) => {
                client #via .#name(#(#minimal),*).send().await?;
            }
            (#label, true) => {
                client #via .#name(#(#full),*) #(#setters)* .send().await?;
            }
        }
    });
    let (static_url, dynamic_url) = (home.variable("STATIC_URL"), home.variable("DYNAMIC_URL"));
    let served = home.served_at(&quote!(&url), &quote!(""));
    let about = [
        " Conformance against an independent, spec-driven mock server".to_owned(),
        " (Stoplight Prism): every operation, called with its required".to_owned(),
        " arguments and then with every optional parameter and body".to_owned(),
        format!(" property set, against the spec's examples (`{static_url}`) and"),
        format!(" generated data (`{dynamic_url}`). `cargo xtask conformance`"),
        " starts both and runs this test; without them it is skipped.".to_owned(),
    ];
    let table = checks.iter().map(|c| {
        let name = &c.method_name;
        let bad = option(c.bad_example.as_deref());
        let defect = option(c.defect.as_deref());
        quote!((#name, #bad, #defect),)
    });
    quote! {
        #(#![doc = #about])*

        use #krate::{Client, Error, RetryPolicy, StaticTokens};

        #sample

        /// Each operation, why the spec's example of its response cannot
        /// decode (if it cannot), and the spec defect the mock trips over
        /// (if there is one).
        const OPERATIONS: &[(&str, Option<&str>, Option<&str>)] = &[#(#table)*];

        /// Calls one operation, with its required arguments only or with
        /// everything set.
        async fn call(client: &Client, operation: &str, full: bool) -> Result<(), Error> {
            match (operation, full) {
                #(#arms)*
                _ => panic!("no operation {operation}"),
            }
            Ok(())
        }

        /// What became of one call. Prism names what it found wrong in
        /// the `sl-violations` header: the request (our fault) or its own
        /// response (the spec's example contradicts the spec).
        fn outcome(result: &Result<(), Error>) -> &'static str {
            match result {
                Ok(()) => "ok",
                Err(Error::Api(e)) => match e.headers.get("sl-violations").and_then(|v| v.to_str().ok()) {
                    Some(v) if v.contains(r#"["request""#) => "request violation",
                    Some(_) => "response violation",
                    None => "error status",
                },
                Err(Error::Decode { .. }) => "decode error",
                Err(_) => "failed",
            }
        }

        #[tokio::test]
        #[ignore = "needs the Prism mock servers: cargo xtask conformance"]
        async fn every_operation_conforms_to_the_spec() {
            let modes = [("static", #static_url), ("dynamic", #dynamic_url)];
            let mut counts = std::collections::BTreeMap::new();
            let mut unexpected = Vec::new();
            let mut excused = Vec::new();
            for (mode, variable) in modes {
                let url = std::env::var(variable)
                    .unwrap_or_else(|_| panic!("{variable} is not set: run `cargo xtask conformance`"));
                // Prism serves the paths without the spec's base path.
                let client = Client::builder(&url, StaticTokens::default() #( .with(#credentials, "sample-token") )*)
                    #served
                    .retry(RetryPolicy::none())
                    .build()
                    .expect("a client");
                for (operation, bad_example, defect) in OPERATIONS {
                    for (full, call_kind) in [(false, "required"), (true, "everything")] {
                        let result = call(&client, operation, full).await;
                        let what = outcome(&result);
                        *counts.entry((mode, call_kind, what)).or_insert(0) += 1;
                        let Err(e) = result else { continue };
                        // In static mode Prism answers with the spec's example.
                        let excuse = match (what, mode) {
                            ("decode error" | "response violation", "static") => bad_example.or(*defect),
                            _ => *defect,
                        };
                        let line = format!("{mode} {call_kind} {operation}: {e}");
                        match excuse {
                            Some(reason) => excused.push(format!("{line}\n    known: {reason}")),
                            None => unexpected.push(line),
                        }
                    }
                }
            }
            println!("| mode | call | outcome | operations |\n| --- | --- | --- | --- |");
            for ((mode, call_kind, what), n) in &counts {
                println!("| {mode} | {call_kind} | {what} | {n} |");
            }
            for line in &excused {
                println!("excused: {line}");
            }
            assert!(unexpected.is_empty(), "{} unexpected failures:\n{}", unexpected.len(), unexpected.join("\n"));
        }
    }
}

fn option(text: Option<&str>) -> TokenStream {
    match text {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    }
}

//! The names the generated code takes (`templates::reserved`) are the names
//! its code defines: every method of `Client` (the runtime's, the
//! generated `client.rs`'s, its traits') and every member of a request
//! builder besides its parameters. Adding a method to the runtime without
//! listing it fails here, before a spec can name an operation after it.

use std::collections::BTreeSet;
use templates::reserved::{BUILDER_MEMBERS, CLIENT_METHODS};

/// The methods of the traits the generated code implements or derives on
/// `Client` and the request builders. A trait missing here fails the test:
/// add its methods (all of them, provided ones too).
const TRAIT_METHODS: &[(&str, &[&str])] = &[
    ("Clone", &["clone", "clone_from"]),
    ("Copy", &[]),
    ("Debug", &["fmt"]),
    ("MockCall", &["into_request", "reply"]),
];

/// What a file defines on the type named `ty`: its fields (with `fields`:
/// a builder's parameters are fields too), the methods of its own impls,
/// and the methods of the traits it implements or derives.
fn members(file: &syn::File, ty: &str, fields: bool, out: &mut BTreeSet<String>) {
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if s.ident == ty => {
                if fields {
                    let names = s.fields.iter().filter_map(|f| f.ident.as_ref());
                    out.extend(names.map(|i| i.to_string()));
                }
                for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    let _ = attr.parse_nested_meta(|meta| {
                        let name = meta.path.segments.last().unwrap().ident.to_string();
                        out.extend(trait_methods(&name));
                        Ok(())
                    });
                }
            }
            syn::Item::Impl(imp) if names(&imp.self_ty, ty) => match &imp.trait_ {
                Some((path, _)) => {
                    let name = path.segments.last().unwrap().ident.to_string();
                    out.extend(trait_methods(&name));
                }
                None => out.extend(imp.items.iter().filter_map(|item| match item {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                })),
            },
            _ => {}
        }
    }
}

/// Whether `self_ty` is the type `ty` (by its last path segment).
fn names(self_ty: &syn::Type, ty: &str) -> bool {
    match self_ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == ty),
        _ => false,
    }
}

fn trait_methods(name: &str) -> Vec<String> {
    let (_, methods) = TRAIT_METHODS
        .iter()
        .find(|(t, _)| *t == name)
        .unwrap_or_else(|| {
            panic!("the generated code implements `{name}`: list its methods in TRAIT_METHODS")
        });
    methods.iter().map(|m| m.to_string()).collect()
}

fn parse(name: &str, text: &str) -> syn::File {
    syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The pod spec's crate, generated in memory: its files and model.
fn pod() -> generator::Generated {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = generator::settings::Settings::load(&root.join("spec")).unwrap();
    generator::generate_file(&root.join("spec/symphony-pod-api-openapi.yml"), &settings)
}

#[test]
fn every_method_of_client_is_reserved() {
    let generated = pod();
    let files = generated.files.expect("the pod spec generates");
    let model = generated.model.expect("a model");
    let mut defined = BTreeSet::new();
    for (name, text) in templates::RUNTIME_FILES {
        members(&parse(name, text), "Client", false, &mut defined);
    }
    // Every generated file: `client.rs`, and each module API's `mod.rs`
    // (`Client::agent`).
    for (path, text) in files
        .iter()
        .filter(|(p, _)| p.starts_with("src/") && p.ends_with(".rs"))
    {
        members(&parse(path, text), "Client", false, &mut defined);
    }
    // The operations' methods are the spec's, and each module API's handle
    // method is claimed in the naming scope; neither is the client's own.
    let operations: BTreeSet<String> = model
        .operations
        .iter()
        .map(|op| templates::ident::bare(&op.method_name).to_owned())
        .chain(
            generated
                .apis
                .iter()
                .filter_map(|a| a.model.as_ref()?.module.clone()),
        )
        .collect();
    let own: BTreeSet<String> = defined.difference(&operations).cloned().collect();
    let listed: BTreeSet<String> = CLIENT_METHODS.iter().map(|m| m.to_string()).collect();
    let unlisted: Vec<&String> = own.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "`Client` has methods templates::reserved::CLIENT_METHODS does not list: {unlisted:?}"
    );
    let stale: Vec<&String> = listed.difference(&own).collect();
    assert!(
        stale.is_empty(),
        "CLIENT_METHODS lists methods `Client` does not have: {stale:?}"
    );
}

#[test]
fn every_member_of_a_request_builder_is_reserved() {
    let generated = pod();
    let files = generated.files.expect("the pod spec generates");
    let model = generated.model.expect("a model");
    let listed: BTreeSet<String> = BUILDER_MEMBERS.iter().map(|m| m.to_string()).collect();
    let mut seen = BTreeSet::new();
    for op in &model.operations {
        let path = generator::emit::operation_file(&model, op);
        let mut defined = BTreeSet::new();
        members(
            &parse(&path, &files[&path]),
            &op.builder,
            true,
            &mut defined,
        );
        for p in &op.params {
            defined.remove(templates::ident::bare(&p.name));
        }
        let unlisted: Vec<&String> = defined.difference(&listed).collect();
        assert!(
            unlisted.is_empty(),
            "{path}: `{}` has members templates::reserved::BUILDER_MEMBERS does not list: {unlisted:?}",
            op.builder
        );
        seen.extend(defined);
    }
    let stale: Vec<&String> = listed.difference(&seen).collect();
    assert!(
        stale.is_empty(),
        "BUILDER_MEMBERS lists members no builder has: {stale:?}"
    );
}

#[test]
fn every_method_of_a_module_apis_handle_is_reserved() {
    let generated = pod();
    let files = generated.files.expect("the pod spec generates");
    let mut checked = 0;
    for api in generated.apis.iter().filter_map(|a| a.model.as_ref()) {
        let module = api.module.as_deref().expect("a module API");
        let handle = templates::home::handle_name(module);
        let path = format!("src/{module}/mod.rs");
        let mut defined = BTreeSet::new();
        members(&parse(&path, &files[&path]), &handle, false, &mut defined);
        members(
            &parse("areas.rs", &files[&format!("src/{module}/areas.rs")]),
            &handle,
            false,
            &mut defined,
        );
        let operations: BTreeSet<String> = api
            .operations
            .iter()
            .map(|op| templates::ident::bare(&op.method_name).to_owned())
            .collect();
        let own: BTreeSet<String> = defined.difference(&operations).cloned().collect();
        let listed: BTreeSet<String> = templates::reserved::HANDLE_METHODS
            .iter()
            .map(|m| m.to_string())
            .collect();
        assert_eq!(
            own, listed,
            "`{handle}`'s own methods and templates::reserved::HANDLE_METHODS differ"
        );
        checked += 1;
    }
    assert!(checked > 0, "the workspace holds no module API");
}

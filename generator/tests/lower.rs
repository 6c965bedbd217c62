//! Lowering component schemas to the model: names, mappings, inline types.

use generator::{lower, normalise_bytes, Diagnostics};
use std::fmt::Write;
use std::path::Path;
use templates::model::{Module, Presence, Type, TypeDef};

fn lowered(rel: &str) -> (Vec<Module>, Diagnostics) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let n = normalise_bytes(rel, &std::fs::read(path).unwrap());
    let mut diags = Diagnostics::default();
    let types = lower::types(n.openapi.as_ref().unwrap(), &mut diags);
    (types, diags)
}

/// One line per module and type, then one per field: what a reviewer reads.
fn listing(modules: &[Module]) -> String {
    let mut out = String::new();
    for t in modules.iter().flat_map(|m| {
        std::iter::once(None)
            .chain(m.types.iter().map(Some))
            .map(move |t| (m, t))
    }) {
        let t = match t {
            (m, None) => {
                writeln!(out, "mod {}", m.name).unwrap();
                continue;
            }
            (_, Some(t)) => t,
        };
        match t {
            TypeDef::Struct(s) => {
                let derives = format!(
                    "{}{}",
                    if s.default { " Default" } else { "" },
                    if s.eq_hash { " Eq Hash" } else { "" }
                );
                writeln!(out, "struct {}{derives}", s.name).unwrap();
                for f in &s.fields {
                    let opt = match f.presence {
                        Presence::Required => "",
                        Presence::Optional => "?",
                        Presence::Nullable => "?null",
                    };
                    writeln!(out, "  {} ({}): {:?}{opt}", f.name, f.wire, f.ty).unwrap();
                }
            }
            TypeDef::Enum(e) => {
                let v: Vec<_> = e
                    .variants
                    .iter()
                    .map(|v| format!("{}={}", v.name, v.wire))
                    .collect();
                writeln!(
                    out,
                    "enum {} [{}] + {}(String)",
                    e.name,
                    v.join(", "),
                    e.catch_all
                )
                .unwrap();
            }
            TypeDef::Alias(a) => writeln!(out, "type {} = {:?}", a.name, a.ty).unwrap(),
        }
    }
    out
}

#[test]
fn every_real_definition_becomes_a_type_under_its_own_name() {
    let (modules, diags) = lowered("../spec/symphony-pod-api-openapi.yml");
    let messages: Vec<_> = diags
        .iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect();
    assert!(messages.is_empty(), "{messages:#?}");
    let api = normalise_bytes(
        "s",
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/symphony-pod-api-openapi.yml"),
        )
        .unwrap(),
    )
    .openapi
    .unwrap();
    let types: Vec<&TypeDef> = modules.iter().flat_map(|m| &m.types).collect();
    assert_eq!(modules.len(), 167);
    for name in api.components.unwrap().schemas.keys() {
        assert!(
            types
                .iter()
                .any(|t| t.name() == generator::names::type_name(name)),
            "{name} missing"
        );
    }
    assert!(types.iter().any(|t| t.name() == "V2UserDetail"));
    insta::assert_snapshot!(listing(&modules));
}

#[test]
fn fixtures_lower_with_inline_names_enums_all_of_and_boxes() {
    let (modules, diags) = lowered("tests/fixtures/rules/schema_keywords.yml");
    assert!(diags.is_empty());
    let node = modules.iter().flat_map(|m| &m.types).find_map(|t| match t {
        TypeDef::Struct(s) if s.name == "Node" => Some(s),
        _ => None,
    });
    assert_eq!(node.unwrap().fields[0].ty, Type::Boxed("Node".into()));
    insta::assert_snapshot!(listing(&modules));
}

#[test]
fn two_schemas_with_one_rust_name_are_a_located_error() {
    let spec = b"swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\ndefinitions:\n  UserInfo: {type: object, properties: {a: {type: string}}}\n  user_info: {type: object, properties: {b: {type: string}}}\n";
    let n = normalise_bytes("twice.yml", spec);
    let mut diags = Diagnostics::default();
    let modules = lower::types(n.openapi.as_ref().unwrap(), &mut diags);
    assert_eq!(modules.len(), 1);
    let messages: Vec<_> = diags
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [(
            "/components/schemas/user_info",
            "the Rust type name `UserInfo` is taken twice: by /components/schemas/UserInfo and by /components/schemas/user_info"
        )]
    );
}

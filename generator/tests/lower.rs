//! Lowering component schemas to the model: names, mappings, inline types.

use generator::{lower, normalise_bytes, Diagnostics};
use std::fmt::Write;
use std::path::Path;
use templates::model::{Type, TypeDef};

fn lowered(rel: &str) -> (Vec<TypeDef>, Diagnostics) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let n = normalise_bytes(rel, &std::fs::read(path).unwrap());
    let mut diags = Diagnostics::default();
    let types = lower::types(n.openapi.as_ref().unwrap(), &mut diags);
    (types, diags)
}

/// One line per type, then one per field: what a reviewer reads.
fn listing(types: &[TypeDef]) -> String {
    let mut out = String::new();
    for t in types {
        match t {
            TypeDef::Struct(s) => {
                writeln!(out, "struct {}", s.name).unwrap();
                for f in &s.fields {
                    let opt = if f.required { "" } else { "?" };
                    writeln!(out, "  {} ({}): {:?}{opt}", f.name, f.wire, f.ty).unwrap();
                }
            }
            TypeDef::Enum(e) => {
                let v: Vec<_> = e
                    .variants
                    .iter()
                    .map(|v| format!("{}={}", v.name, v.wire))
                    .collect();
                writeln!(out, "enum {} [{}]", e.name, v.join(", ")).unwrap();
            }
            TypeDef::Alias(a) => writeln!(out, "type {} = {:?}", a.name, a.ty).unwrap(),
        }
    }
    out
}

#[test]
fn every_real_definition_becomes_a_type_under_its_own_name() {
    let (types, diags) = lowered("../spec/symphony-pod-api-openapi.yml");
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
    for name in api.components.unwrap().schemas.keys() {
        assert!(
            types
                .iter()
                .any(|t| t.name() == generator::names::type_name(name)),
            "{name} missing"
        );
    }
    assert!(types.iter().any(|t| t.name() == "V2UserDetail"));
    insta::assert_snapshot!(listing(&types));
}

#[test]
fn fixtures_lower_with_inline_names_enums_all_of_and_boxes() {
    let (types, diags) = lowered("tests/fixtures/rules/schema_keywords.yml");
    assert!(diags.is_empty());
    let node = types.iter().find_map(|t| match t {
        TypeDef::Struct(s) if s.name == "Node" => Some(s),
        _ => None,
    });
    assert_eq!(node.unwrap().fields[0].ty, Type::Boxed("Node".into()));
    insta::assert_snapshot!(listing(&types));
}

#[test]
fn two_schemas_with_one_rust_name_are_a_located_error() {
    let spec = b"swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\ndefinitions:\n  UserInfo: {type: object, properties: {a: {type: string}}}\n  user_info: {type: object, properties: {b: {type: string}}}\n";
    let n = normalise_bytes("twice.yml", spec);
    let mut diags = Diagnostics::default();
    let types = lower::types(n.openapi.as_ref().unwrap(), &mut diags);
    assert_eq!(types.len(), 1);
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

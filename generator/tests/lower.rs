//! Lowering component schemas to the model: names, mappings, inline types.

use generator::settings::Settings;
use generator::{lower, normalise_bytes, Diagnostics};
use std::fmt::Write;
use std::path::Path;
use templates::model::{Module, Presence, Type, TypeDef};

fn lowered(rel: &str) -> (Vec<Module>, Diagnostics) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let n = normalise_bytes(rel, &std::fs::read(path).unwrap());
    let mut diags = Diagnostics::default();
    let types = lower::types(
        n.openapi.as_ref().unwrap().components.as_ref(),
        &Settings::default(),
        &mut diags,
    );
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
            TypeDef::Union(u) => {
                let v: Vec<_> = u
                    .variants
                    .iter()
                    .map(|v| format!("{}({:?}){:?}", v.name, v.ty, v.tags))
                    .collect();
                writeln!(
                    out,
                    "union {} by {:?} [{}] + {}",
                    u.name,
                    u.tag,
                    v.join(", "),
                    u.catch_all
                )
                .unwrap();
            }
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
    let schemas = api.components.unwrap().schemas;
    assert_eq!(modules.len(), schemas.len());
    for name in schemas.keys() {
        assert!(
            types
                .iter()
                .any(|t| t.name() == generator::lower::names::type_name(name)),
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

/// The diagnostics of a run whose message says `what`.
fn saying<'a>(generated: &'a generator::Generated, what: &str) -> Vec<&'a generator::Diagnostic> {
    generated
        .normalised
        .diagnostics
        .iter()
        .filter(|d| d.message.contains(what))
        .collect()
}

const TWICE: &[u8] = b"swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\ndefinitions:\n  UserInfo: {type: object, properties: {a: {type: string}}}\n  user_info: {type: object, properties: {b: {type: string}}}\n";

#[test]
fn two_schemas_with_one_rust_name_are_a_located_error() {
    let generated = generator::generate_bytes("twice.yml", TWICE, &Settings::default());
    assert!(generated.files.is_none());
    let errors: Vec<_> = generated
        .normalised
        .diagnostics
        .iter()
        .filter(|d| d.severity == generator::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/definitions/user_info");
    assert_eq!(errors[0].location.unwrap().line, 6);
    insta::assert_snapshot!(generated.normalised.render_diagnostics());
}

#[test]
fn a_rename_in_the_settings_settles_a_collision() {
    let mut settings = Settings::default();
    settings
        .type_renames
        .insert("user_info".into(), "LegacyUserInfo".into());
    let generated = generator::generate_bytes("twice.yml", TWICE, &settings);
    let files = generated.files.expect("no collision left");
    assert!(files.contains_key("src/types/user_info.rs"));
    assert!(files.contains_key("src/types/legacy_user_info.rs"));
    assert!(files["src/types/legacy_user_info.rs"].contains("pub struct LegacyUserInfo"));
}

#[test]
fn two_operations_with_one_method_name_are_a_located_error_until_renamed() {
    let spec = b"swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /v1/a:\n    get:\n      operationId: fetch\n      responses: {'200': {description: ok}}\n  /v1/b:\n    get:\n      operationId: fetch\n      responses: {'200': {description: ok}}\n";
    let generated = generator::generate_bytes("ops.yml", spec, &Settings::default());
    assert!(generated.files.is_none());
    let errors: Vec<_> = generated
        .normalised
        .diagnostics
        .iter()
        .filter(|d| d.severity == generator::Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pointer, "/paths/~1v1~1b/get");
    assert_eq!(errors[0].location.unwrap().line, 9);
    assert!(
        errors[0]
            .message
            .contains("`GET /v1/b` and `GET /v1/a` would both be the method `fetch`"),
        "{}",
        errors[0].message
    );
    let mut settings = Settings::default();
    settings
        .operation_renames
        .insert("GET /v1/b".into(), "fetch_b".into());
    let files = generator::generate_bytes("ops.yml", spec, &settings)
        .files
        .expect("renamed");
    assert!(files.contains_key("src/operations/fetch_b.rs"));
}

/// Each listing operation's docs say whether and how it pages: `stream`
/// over `skip`/`limit`, a page the caller asks for by hand, or no paging.
#[test]
fn a_listing_says_whether_it_pages() {
    let spec = br#"
openapi: 3.0.3
info: {title: Lists, version: "1"}
paths:
  /all:
    get:
      summary: Every item at once.
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
  /paged:
    get:
      summary: Items by skip and limit.
      parameters:
        - {name: skip, in: query, schema: {type: integer, format: int64}}
        - {name: limit, in: query, schema: {type: integer, format: int64}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
  /by-hand:
    get:
      summary: Items by offset.
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
      responses: {"200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
  /one:
    get:
      summary: One item with a list inside.
      responses: {"200": {description: ok, content: {application/json: {schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}}}}}
"#;
    let generated = generator::generate_bytes("lists.yml", spec, &Settings::default());
    let api = generated
        .model
        .unwrap_or_else(|| panic!("{}", generated.normalised.render_diagnostics()));
    let docs = |method: &str| {
        let op = api.operations.iter().find(|o| o.method_name == method);
        op.unwrap_or_else(|| {
            panic!(
                "no {method} in {:?}",
                api.operations
                    .iter()
                    .map(|o| &o.method_name)
                    .collect::<Vec<_>>()
            )
        })
        .docs
        .join("\n")
    };
    assert!(docs("all_get").contains("It does not page: one response holds the whole list."));
    assert!(docs("paged_get").contains("`stream(page_size)`"));
    assert!(docs("byhand_get").contains("ask for the next page with `offset`"));
    assert!(!docs("one_get").contains("# Paging"));
}

#[test]
fn types_lowered_beside_the_paths_are_the_types_lowered_after_them() {
    // `lower_file` lowers the types while the paths are read; a lowering
    // of the normalised document's components must make the same types.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<std::path::PathBuf> = ["tests/fixtures/types", "tests/fixtures/rules"]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(root.join(dir))
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|entry| entry.path())
        .collect();
    specs.extend(
        std::fs::read_dir(root.join("../../shared/spec"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path()),
    );
    let settings = Settings::default();
    let mut compared = 0;
    for spec in &specs {
        let early = generator::lower_file(spec, &settings);
        let Some(model) = early.model else { continue };
        let normalised = generator::normalise_file(spec);
        let api = normalised
            .openapi
            .as_ref()
            .expect("a lowered spec normalises");
        let mut diags = Diagnostics::default();
        let late = lower::types(api.components.as_ref(), &settings, &mut diags);
        assert_eq!(model.modules, late, "{}", spec.display());
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} specs compared");
}

/// A schema with properties and `oneOf` beside them: the properties make
/// the type, and the warning says the alternatives are not modelled.
const PROPERTIES_BESIDE_ONE_OF: &[u8] = b"openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Card: {type: object, properties: {number: {type: string}}}
    Cash: {type: object, properties: {currency: {type: string}}}
    Payment:
      properties:
        amount: {type: integer}
      oneOf:
        - $ref: '#/components/schemas/Card'
        - $ref: '#/components/schemas/Cash'
";

#[test]
fn properties_beside_one_of_are_the_type_and_the_rest_a_located_warning() {
    let generated = generator::generate_bytes(
        "payment.yml",
        PROPERTIES_BESIDE_ONE_OF,
        &Settings::default(),
    );
    let files = generated.files.as_ref().expect("a warning, not an error");
    assert!(files["src/types/payment.rs"].contains("pub amount: Option<i64>"));
    let warnings = saying(&generated, "beside `properties`");
    assert_eq!(
        warnings.len(),
        1,
        "{}",
        generated.normalised.render_diagnostics()
    );
    assert_eq!(warnings[0].pointer, "/components/schemas/Payment");
    assert_eq!(warnings[0].location.unwrap().line, 8);
    assert!(warnings[0]
        .message
        .starts_with("`oneOf` beside `properties` is not modelled"));
}

/// A spec whose one operation, `POST /v1/things`, takes a `media` body of
/// the inline `schema` (YAML lines at the schema's indentation), beside a
/// component object `Thing`; generated, with the pointer of that schema.
fn with_body(media: &str, schema: &str) -> (generator::Generated, String) {
    let spec = format!(
        "openapi: 3.0.3
info: {{title: T, version: '1'}}
paths:
  /v1/things:
    post:
      requestBody:
        content:
          {media}:
            schema:
{schema}
      responses:
        '204': {{description: done}}
components:
  schemas:
    Thing: {{type: object, properties: {{name: {{type: string}}}}}}
"
    );
    let at = format!(
        "/paths/~1v1~1things/post/requestBody/content/{}/schema",
        media.replace('/', "~1")
    );
    let generated = generator::generate_bytes("things.yml", spec.as_bytes(), &Settings::default());
    (generated, at)
}

/// Where the diagnostics of a run that say `what` point.
fn pointed(generated: &generator::Generated, what: &str) -> Vec<String> {
    saying(generated, what)
        .iter()
        .map(|d| d.pointer.clone())
        .collect()
}

#[test]
fn an_inline_body_of_type_object_beside_all_of_is_warned_like_an_all_of() {
    let (generated, at) = with_body(
        "application/json",
        "              type: object
              allOf:
                - $ref: '#/components/schemas/Thing'",
    );
    assert!(generated.files.is_some());
    assert_eq!(pointed(&generated, "a shape of its own"), [at]);
}

#[test]
fn a_form_body_with_properties_beside_all_of_is_raw_bytes_with_a_warning() {
    // Its fields would be the properties alone, without the parts': the
    // method takes the body whole, as for any composed form schema.
    let (generated, at) = with_body(
        "application/x-www-form-urlencoded",
        "              properties:
                label: {type: string}
              allOf:
                - $ref: '#/components/schemas/Thing'",
    );
    let files = generated.files.as_ref().expect("a warning, not an error");
    assert!(!files["src/operations/v1_things_post.rs"].contains("label"));
    assert_eq!(
        pointed(
            &generated,
            "a form or multipart body whose schema is not an object"
        ),
        [at]
    );
}

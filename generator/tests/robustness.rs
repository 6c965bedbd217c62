//! Specs written to break generators (names that meet, prelude names,
//! spec text that lands in code, long names, misspelt types, binary
//! files): each gives located diagnostics (snapshotted) and, when it
//! generates, a crate that builds clippy-clean and passes its own tests,
//! doctests included.

mod common;

const PACKAGE: &str = "robust-client";

/// Specs that name everything after the generated code's own names, made
/// from `templates::reserved` so a name the code gains is tried too: an
/// operation named after each `Client` method (as a spec writes it,
/// camelCase) whose parameters are named after each request builder
/// member (Swagger 2.0); and a schema named after each of every other
/// name, with a required property, an example and a parameter enum of its
/// own, as an operation's body and answer (OpenAPI 3.0).
fn own_names_specs() -> Vec<(&'static str, serde_json::Value)> {
    use heck::{ToLowerCamelCase, ToPascalCase};
    use serde_json::json;
    use templates::reserved;
    let params: Vec<serde_json::Value> = reserved::BUILDER_MEMBERS
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"name": name, "in": "query", "type": "string", "required": i % 2 == 0}))
        .collect();
    let mut paths = serde_json::Map::new();
    for method in reserved::CLIENT_METHODS {
        paths.insert(
            format!("/client/{method}"),
            json!({"get": {
                "operationId": method.to_lower_camel_case(),
                "parameters": params,
                "responses": {"200": {"description": "ok", "schema": {"type": "string"}}}
            }}),
        );
    }
    let swagger = json!({
        "swagger": "2.0",
        "info": {"title": "Client methods", "version": "1"},
        "paths": paths,
    });
    let mut schemas = serde_json::Map::new();
    let mut paths = serde_json::Map::new();
    for name in reserved::all() {
        let schema = name.to_pascal_case();
        if schema.is_empty() || schemas.contains_key(&schema) {
            continue;
        }
        let reference = json!({"$ref": format!("#/components/schemas/{schema}")});
        schemas.insert(
            schema.clone(),
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "count": {"type": "integer"}},
                "example": {"name": "x", "count": 1}
            }),
        );
        paths.insert(
            format!("/schemas/{schema}"),
            json!({"post": {
                "operationId": format!("post{schema}"),
                "parameters": [{"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": reference}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": reference}}}}
            }}),
        );
    }
    let openapi = json!({
        "openapi": "3.0.3",
        "info": {"title": "Own names", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    vec![("client_own_names", swagger), ("schema_own_names", openapi)]
}

#[test]
fn own_names_are_renamed_with_a_warning_or_kept_apart_by_paths() {
    let mut out = String::new();
    for (stem, spec) in own_names_specs() {
        let generated = generator::generate_bytes(
            &format!("{stem}.json"),
            &serde_json::to_vec_pretty(&spec).unwrap(),
            &common::settings(PACKAGE),
        );
        let model = generated
            .model
            .unwrap_or_else(|| panic!("{}", generated.normalised.render_diagnostics()));
        let surface: Vec<String> = generator::review::surface::lines(&model)
            .into_iter()
            .filter(|l| l.starts_with("fn Client::") || l.starts_with("struct "))
            .collect();
        out.push_str(&format!(
            "{stem}\n\n{}\n\n{}\n",
            surface.join("\n"),
            generated.normalised.render_diagnostics()
        ));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn every_reproducer_gives_located_diagnostics_and_short_file_names() {
    insta::glob!("fixtures/robustness/*.yml", |path| {
        let (name, generated, diagnostics) = common::generate_fixture("robustness", path, PACKAGE);
        let files = match &generated.files {
            Some(files) => {
                for path in files.keys() {
                    assert!(path.len() < 100, "{path}");
                }
                format!("{} files", files.len())
            }
            None => "no crate".to_owned(),
        };
        insta::assert_snapshot!(format!("{name}: {files}\n\n{diagnostics}"));
    });
}

#[test]
fn binary_and_mis_encoded_files_are_located_errors() {
    let mut out = String::new();
    for (name, bytes) in [
        ("utf16.yml", &b"\xff\xfe\x00s\x00w\x00a\x00g"[..]),
        (
            "latin1-then-nul.yml",
            b"swagger: \"2.0\"\n\xc3\x28 abc\x00def\n",
        ),
    ] {
        let generated = generator::generate_bytes(name, bytes, &common::settings(PACKAGE));
        assert!(generated.files.is_none());
        out.push_str(&generated.normalised.render_diagnostics());
    }
    insta::assert_snapshot!(out);
}

/// Every reproducer that generates, as a member of one scratch workspace
/// under `target/robustness-fixtures/` (one build for all), built
/// clippy-clean and tested (doctests too: no fence in the spec's text may
/// run).
#[test]
fn every_reproducer_that_generates_builds_clean_and_passes_its_tests() {
    let dir = common::root().join("generator/tests/fixtures/robustness");
    let scratch = common::root().join("target/robustness-fixtures");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    let mut members = Vec::new();
    for stem in stems {
        let spec = dir.join(format!("{stem}.yml"));
        let settings = common::settings(&format!("robust-{}", stem.replace('_', "-")));
        let generated = generator::generate_bytes(
            &format!("{stem}.yml"),
            &std::fs::read(&spec).unwrap(),
            &settings,
        );
        let Some(files) = generated.files else {
            continue;
        };
        common::write_files(&scratch.join(&stem), &files);
        members.push(format!("{stem:?}"));
    }
    for (stem, spec) in own_names_specs() {
        let settings = common::settings(&format!("robust-{}", stem.replace('_', "-")));
        let generated = generator::generate_bytes(
            &format!("{stem}.json"),
            &serde_json::to_vec(&spec).unwrap(),
            &settings,
        );
        let files = generated
            .files
            .unwrap_or_else(|| panic!("{}", generated.normalised.render_diagnostics()));
        common::write_files(&scratch.join(stem), &files);
        members.push(format!("{stem:?}"));
    }
    assert!(
        members.len() >= 5,
        "only {} reproducers generated",
        members.len()
    );
    common::standalone(
        &scratch,
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    common::cargo(
        &scratch,
        &[
            "clippy",
            "--offline",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--features",
            templates::TESTED_FEATURES,
            "--",
            "-D",
            "warnings",
        ],
    );
    common::cargo(
        &scratch,
        &[
            "test",
            "--offline",
            "--quiet",
            "--workspace",
            "--features",
            templates::TESTED_FEATURES,
        ],
    );
}

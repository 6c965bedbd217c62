//! The real pod spec: it normalises with exactly the warnings it deserves
//! (snapshots, so a pod bump is a review), and every rule shows up where
//! pod 20.17.1 uses it (pinned to that file, which a bump leaves in place).

use generator::{normalise_bytes, Normalised, Severity};
use openapiv3::{ReferenceOr, StatusCode};
use std::path::Path;

/// The workspace's spec, whatever pod version it is.
const SPEC: &str = "spec/symphony-pod-api-openapi.yml";
/// Pod 20.17.1, the file the rule tests below were written against.
const POD_20_17_1: &str = "../shared/spec/symphony-pod-api-openapi.yml";

fn read(spec: &str) -> Normalised {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(spec);
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (is ../shared beside the project?)", path.display()));
    normalise_bytes(spec, &bytes)
}

fn real_spec() -> Normalised {
    read(SPEC)
}

#[test]
fn the_real_spec_normalises_with_exactly_its_warnings() {
    let n = real_spec();
    assert!(!n.has_errors(), "{}", n.render_diagnostics());
    assert!(n
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Warning));
    // 20.17.1: 12 control bytes, the stray `servers` key, and two examples
    // on 204 responses that have no body.
    insta::assert_snapshot!(n.render_diagnostics());
}

#[test]
fn the_real_spec_keeps_every_operation_and_definition() {
    let api = real_spec().openapi.unwrap();
    let operations: usize = api
        .paths
        .paths
        .values()
        .map(|p| p.as_item().unwrap().iter().count())
        .sum();
    let servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    insta::assert_snapshot!(format!(
        "version: {}\noperations: {operations}\nschemas: {}\nservers: {servers:?}",
        api.info.version,
        api.components.as_ref().unwrap().schemas.len(),
    ));
}

#[test]
fn the_real_spec_operations_carry_bodies_and_both_success_codes() {
    let api = read(POD_20_17_1).openapi.unwrap();
    let item = api.paths.paths["/v1/user/search"].as_item().unwrap();
    let op = item.post.as_ref().unwrap();
    let ReferenceOr::Item(body) = op.request_body.as_ref().unwrap() else {
        panic!("inline body expected")
    };
    assert!(body.content.contains_key("application/json"));
    assert!(body
        .extensions
        .contains_key(generator::normalise::SWAGGER_BODY_NAME));
    for code in [200, 204] {
        assert!(op.responses.responses.contains_key(&StatusCode::Code(code)));
    }
    // The session token stays a header parameter for later stages to lift.
    let header = op.parameters.iter().any(|p| matches!(p, ReferenceOr::Item(openapiv3::Parameter::Header { parameter_data, .. }) if parameter_data.name == "sessionToken"));
    assert!(header);
}

#[test]
fn every_bundled_spec_is_the_recorded_one() {
    // The pod's spec and each module API's, each beside its provenance.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = generator::settings::Settings::load(&root.join("spec")).unwrap();
    let specs =
        std::iter::once(root.join(SPEC)).chain(settings.apis.iter().map(|a| a.spec.clone()));
    for spec in specs {
        let file = spec.with_file_name("provenance.yml");
        let provenance = generator::emit::provenance::Provenance::load(&file).unwrap();
        let n = generator::normalise_file(&spec);
        let (shown, recorded) = (spec.display().to_string(), file.display().to_string());
        assert_eq!(
            provenance.mismatch(&shown, &n.source.sha256, &recorded),
            None
        );
        assert_eq!(provenance.version, n.openapi.unwrap().info.version);
        let warning = provenance.mismatch(&shown, "0000", &recorded).unwrap();
        assert!(
            warning.contains("is not the recorded spec") && warning.contains(&recorded),
            "{warning}"
        );
    }
}

#[test]
fn every_operation_gets_a_unique_method_name() {
    // The names downstream code will call (a promise across spec versions):
    // snapshotted so a change to the naming rule shows up in review.
    let api = real_spec().openapi.unwrap();
    let mut names = Vec::new();
    for (path, item) in &api.paths.paths {
        for (method, op) in item.as_item().unwrap().iter() {
            let name =
                generator::lower::names::method_name(op.operation_id.as_deref(), method, path);
            names.push(format!("{name:<60} {} {path}", method.to_uppercase()));
        }
    }
    names.sort();
    let mut unique: Vec<_> = names.iter().map(|l| l.split(' ').next().unwrap()).collect();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
    insta::assert_snapshot!(names.join("\n"));
}

/// `cargo xtask normalise` writes the OpenAPI 3.0 document with the
/// parser's own YAML library; the text is serde_yaml's, byte for byte, and
/// reads back as the document.
#[test]
fn the_normalised_specs_are_written_as_serde_yaml_writes_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec");
    let mut written = 0;
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        let normalised = generator::normalise_file(&entry.path());
        let Some(api) = normalised.openapi else {
            continue;
        };
        let ours = generator::load::yaml::to_string(&api).unwrap();
        assert_eq!(
            ours,
            serde_yaml::to_string(&api).unwrap(),
            "{}",
            entry.path().display()
        );
        let back: openapiv3::OpenAPI = generator::load::yaml::from_str(&ours).unwrap();
        assert_eq!(back, api);
        written += 1;
    }
    assert!(written >= 3, "only {written} specs written");
}

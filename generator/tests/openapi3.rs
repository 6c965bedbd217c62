//! OpenAPI 3.0 constructs Swagger 2.0 lacks (path-level parameters,
//! server variables, response references and ranges, reference chains,
//! 204 with content, object query parameters, `readOnly`/`writeOnly`,
//! nullable items): the crate generated from `fixtures/openapi3/*.yml`
//! builds clippy-clean, its own tests pass, and `tests/e2e/constructs_wire.rs`
//! checks the wire. The diagnostics, which say what each degraded
//! construct costs the caller, are a snapshot.

mod common;

const PACKAGE: &str = "constructs";

#[test]
fn every_construct_is_mapped_or_reported() {
    insta::glob!("fixtures/openapi3/*.yml", |path| {
        insta::assert_snapshot!(common::surface_snapshot("openapi3", path, PACKAGE, |_| {
            true
        }));
    });
}

#[test]
fn the_constructs_crate_builds_and_its_tests_and_the_wire_tests_pass() {
    let scratch = common::fixture_crate(
        "generator/tests/fixtures/openapi3/constructs.yml",
        "openapi3-fixtures/constructs",
        &common::settings(PACKAGE),
    );
    common::lint_and_test_with(&scratch, &["constructs_wire.rs"]);
}

//! Request bodies of every kind: the API each fixture generates
//! (snapshotted), and the crate generated from `fixtures/bodies/openapi3.yml`
//! built clippy-clean and run against a mock server that checks the bytes
//! on the wire (`tests/e2e/bodies_wire.rs`) and against its own typed mock
//! pod (`tests/e2e/bodies_mock.rs`).

mod common;

const PACKAGE: &str = "bodies-client";

#[test]
fn every_body_fixture_has_a_method_that_sends_its_body() {
    insta::glob!("fixtures/bodies/*.yml", |path| {
        insta::assert_snapshot!(common::surface_snapshot("bodies", path, PACKAGE, |l| {
            !l.starts_with("struct types::") && !l.starts_with("fn types::")
        }));
    });
}

/// Generates the fixture `stem` into `target/bodies-fixtures/<stem>` as a
/// crate of its own.
fn scratch_crate(stem: &str) -> std::path::PathBuf {
    common::fixture_crate(
        &format!("generator/tests/fixtures/bodies/{stem}.yml"),
        &format!("bodies-fixtures/{stem}"),
        &common::settings(PACKAGE),
    )
}

#[test]
fn every_kind_of_body_travels_as_the_spec_says() {
    // With the `mock` feature: its code for every kind of body and output
    // is linted, and `bodies_mock.rs` matches them on the wire. Doctests
    // too: the crate root's example names this crate and one of this
    // spec's operations.
    common::lint_and_test_with(
        &scratch_crate("openapi3"),
        &["bodies_wire.rs", "bodies_mock.rs"],
    );
}

/// The other body fixtures, mistakes included, build clippy-clean with
/// their generated tests.
#[test]
fn every_other_body_fixture_builds_clean() {
    for stem in ["swagger2", "oddities"] {
        common::cargo(&scratch_crate(stem), common::CLIPPY);
    }
}

//! The fixture suite: one small spec per normalisation rule (the normalised
//! document and its warnings, snapshotted) and one per kind of bad input
//! (the rendered error, snapshotted).

use generator::{normalise_bytes, Normalised, Severity};
use std::path::Path;

fn run(path: &Path) -> Normalised {
    let bytes = std::fs::read(path).unwrap();
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string();
    normalise_bytes(&name, &bytes)
}

/// The normalised document as YAML, then the diagnostics.
fn report(n: &Normalised) -> String {
    let doc = n
        .openapi
        .as_ref()
        .map_or("(no document)\n".to_owned(), |api| {
            generator::load::yaml::to_string(api).unwrap()
        });
    format!("{doc}\n--- diagnostics ---\n{}", n.render_diagnostics())
}

#[test]
fn every_rule_fixture_normalises() {
    insta::glob!("fixtures/rules/*", |path| {
        let n = run(path);
        assert!(!n.has_errors(), "{}", n.render_diagnostics());
        insta::assert_snapshot!(report(&n));
    });
}

#[test]
fn every_bad_input_gets_a_located_error() {
    insta::glob!("fixtures/bad/*", |path| {
        let n = run(path);
        assert!(n.openapi.is_none(), "{} should fail", path.display());
        let errors: Vec<_> = n
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(!errors.is_empty(), "{} has no error", path.display());
        assert!(errors
            .iter()
            .all(|d| d.location.is_some() && d.help.is_some()));
        insta::assert_snapshot!(n.render_diagnostics());
    });
}

fn bad_bytes(name: &str, bytes: &[u8]) -> String {
    let n = normalise_bytes(name, bytes);
    assert!(n.has_errors() && n.openapi.is_none());
    n.render_diagnostics()
}

#[test]
fn a_binary_file_is_refused() {
    insta::assert_snapshot!(bad_bytes("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
}

#[test]
fn text_that_is_not_utf8_is_refused() {
    insta::assert_snapshot!(bad_bytes(
        "latin1.yml",
        b"swagger: '2.0'\ninfo: {title: Caf\xe9, version: '1'}\n"
    ));
}

#[test]
fn a_50_megabyte_file_is_refused() {
    let mut big =
        b"swagger: '2.0'\ninfo: {title: Big, version: '1'}\npaths: {}\ndefinitions:\n".to_vec();
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(format!("  D{}: {{type: string}}\n", big.len()).as_bytes());
    }
    insta::assert_snapshot!(bad_bytes("big.yml", &big));
}

#[test]
fn a_file_full_of_control_bytes_is_refused() {
    insta::assert_snapshot!(bad_bytes("noise.yml", &[0x1b; 100]));
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let n = generator::normalise_file(Path::new("tests/fixtures/no-such-spec.yml"));
    assert!(n.has_errors());
    assert!(n.render_diagnostics().contains("cannot read the file"));
}

#[test]
fn control_bytes_are_replaced_and_located() {
    let text = b"swagger: '2.0'\ninfo:\n  title: T\n  version: '1'\n  description: an \x1copaque\x1d cursor\npaths: {}\n";
    let n = normalise_bytes("cb.yml", text);
    assert!(!n.has_errors());
    let api = n.openapi.as_ref().unwrap();
    assert_eq!(
        api.info.description.as_deref(),
        Some("an \"opaque\" cursor")
    );
    let at: Vec<_> = n
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.location.unwrap().line,
                d.location.unwrap().column,
                d.pointer.as_str(),
            )
        })
        .collect();
    assert_eq!(
        at,
        [(5, 19, "/info/description"), (5, 26, "/info/description")]
    );
    insta::assert_snapshot!(n.render_diagnostics());
}

#[test]
fn a_quote_that_would_end_a_quoted_scalar_becomes_a_space() {
    let text = b"swagger: '2.0'\ninfo: {title: \"an \x1cx\x1d y\", version: '1'}\npaths: {}\n";
    let n = normalise_bytes("cbq.yml", text);
    assert!(!n.has_errors(), "{}", n.render_diagnostics());
    assert_eq!(n.openapi.unwrap().info.title, "an  x  y");
    assert!(n
        .diagnostics
        .iter()
        .all(|d| d.message.contains("replaced by ' '")));
}

#[test]
fn no_prefix_of_a_spec_panics() {
    // Every truncation of a rich fixture is some kind of bad (or smaller)
    // input; none may panic, and every error must be located.
    let full = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/components.yml"),
    )
    .unwrap();
    for end in (0..full.len()).step_by(3) {
        let n = normalise_bytes("cut.yml", &full[..end]);
        assert!(n.diagnostics.iter().all(|d| d.location.is_some()));
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let mut text = b"swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\nx-deep: ".to_vec();
    text.extend(std::iter::repeat_n(b'[', 100_000));
    let n = normalise_bytes("deep.yml", &text);
    assert!(n.has_errors());
    insta::assert_snapshot!(n.render_diagnostics());
}

#[test]
fn an_alias_bomb_is_an_error_not_an_explosion() {
    let mut text = String::from("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let n = normalise_bytes("bomb.yml", text.as_bytes());
    assert!(n.has_errors(), "{}", n.render_diagnostics());
    insta::assert_snapshot!(n.render_diagnostics());
}

#[test]
fn every_path_converts_and_warns_in_order_across_the_cores() {
    // More paths than one run of the conversion holds; every other one
    // lacks its leading `/` (a warning, and openapiv3 drops it).
    let mut text = String::from("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n");
    let name = |i: usize| {
        if i.is_multiple_of(2) {
            format!("/p{i}")
        } else {
            format!("p{i}")
        }
    };
    for i in 0..60 {
        text.push_str(&format!(
            "  {}:\n    get:\n      responses: {{'200': {{description: OK}}}}\n",
            name(i)
        ));
    }
    let n = normalise_bytes("many.yml", text.as_bytes());
    let api = n.openapi.as_ref().expect("a document");
    let kept: Vec<String> = api.paths.paths.keys().cloned().collect();
    let expected: Vec<String> = (0..60).step_by(2).map(name).collect();
    assert_eq!(kept, expected);
    let warned: Vec<String> = n.diagnostics.iter().map(|d| d.pointer.clone()).collect();
    let expected: Vec<String> = (1..60).step_by(2).map(|i| format!("/paths/p{i}")).collect();
    assert_eq!(warned, expected);
}

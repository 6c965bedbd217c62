//! `cargo xtask normalise` as a user runs it: exit codes and streams.

use std::process::Command;

#[path = "../../generator/tests/common/mod.rs"]
mod common;

fn normalise(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("normalise")
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn the_workspace_spec_prints_openapi_3_and_its_warnings() {
    let (code, stdout, stderr) = normalise(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("openapi: 3.0.3\n"));
    // The counts of whatever spec the workspace has, from the library.
    let spec = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/symphony-pod-api-openapi.yml"
    );
    let expected = generator::normalise_file(std::path::Path::new(spec));
    let api = expected.openapi.as_ref().unwrap();
    let operations = generator::normalise::typed::operation_count(api);
    let schemas = api.components.as_ref().map_or(0, |c| c.schemas.len());
    let warnings = expected.diagnostics.len();
    assert!(
        stderr.contains(&format!("0 error(s), {warnings} warning(s)")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "normalised {operations} operations and {schemas} schemas"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("not the recorded spec"), "{stderr}");
}

#[test]
fn bad_input_exits_1_with_a_located_error_and_nothing_on_stdout() {
    for fixture in [
        "dangling_ref.yml",
        "empty.yml",
        "openapi_31.yml",
        "malformed_indentation.yml",
    ] {
        let path = format!("generator/tests/fixtures/bad/{fixture}");
        let (code, stdout, stderr) = normalise(&[&path]);
        assert_eq!(code, 1, "{fixture}: {stderr}");
        assert!(stdout.is_empty(), "{fixture}");
        assert!(
            stderr.contains("error: ") && stderr.contains(&format!("--> {path}:")),
            "{fixture}: {stderr}"
        );
    }
}

#[test]
fn a_missing_spec_exits_1() {
    let (code, _, stderr) = normalise(&["no/such/spec.yml"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot read the file"), "{stderr}");
}

/// `codegen --spec OTHER --out EMPTY_DIR` writes a complete crate that
/// builds clippy-clean on its own (the older 20.13.0 pod spec, outside the
/// workspace, sharing the fixture build's target directory).
#[test]
fn codegen_into_an_empty_directory_writes_a_crate_that_builds_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // A version-named directory: its dots cannot be in a package name.
    let out = std::env::temp_dir()
        .join(format!("codegen-{}", std::process::id()))
        .join("pod-api-20.13.0");
    let _ = std::fs::remove_dir_all(&out);
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "codegen",
            "--spec",
            "../shared/spec/symphony-pod-api-20.13.0.yaml",
            "--out",
        ])
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("name = \"pod-api-20-13-0\""),
        "{manifest}"
    );
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    // Built as the generator's fixture crates are, into their target; on
    // failure the crate stays for a look.
    common::cargo(&out, common::CLIPPY);
    let _ = std::fs::remove_dir_all(out.parent().unwrap());
}

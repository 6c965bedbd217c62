//! `cargo xtask normalise` as a user runs it: exit codes and streams.

use std::process::Command;

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
    assert!(stderr.contains("0 error(s), 15 warning(s)"), "{stderr}");
    assert!(
        stderr.contains("normalised 110 operations and 167 schemas"),
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

//! The seeded mutation test: a few hundred mutants of the pod spec and of
//! every fixture through the whole generator (`cargo xtask fuzz`): no
//! panic, every error located, every output parsing as Rust with a valid
//! Cargo.toml. The longer run is `cargo xtask fuzz --cases 5000 --compile 20`.

use std::process::Command;

#[test]
fn mutated_specs_end_in_located_errors_or_output_that_parses() {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "fuzz",
            "--cases",
            "240",
            "--seed",
            "2026",
            "--pod-every",
            "12",
        ])
        .output()
        .expect("xtask runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("240 cases in"), "{stderr}");
    assert!(stderr.contains(": 0 failure(s)"), "{stderr}");
    // Both outcomes occur: the mutations reach the emitter, not only the parser.
    assert!(
        stderr.contains("generated") && stderr.contains("refused"),
        "{stderr}"
    );
    // Both dialects are mutated, and reach the emitter.
    for dialect in ["OpenAPI 3.0", "Swagger 2.0"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.trim_start().starts_with(dialect) && l.ends_with("generated")),
            "no {dialect} mutant generated a crate:\n{stderr}"
        );
    }
}

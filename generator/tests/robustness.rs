//! Specs written to break generators (names that meet, prelude names,
//! spec text that lands in code, long names, misspelt types, binary
//! files): each gives located diagnostics (snapshotted) and, when it
//! generates, a crate that builds clippy-clean and passes its own tests,
//! doctests included.

mod common;

const PACKAGE: &str = "robust-client";

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
            "--all-features",
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
            "--all-features",
        ],
    );
}

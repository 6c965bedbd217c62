//! The rendered types of one small spec per mapping rule, snapshotted file
//! by file (`tests/fixtures/types/`).

mod common;

use generator::settings::Settings;
use generator::Severity;

#[test]
fn every_type_fixture_renders() {
    insta::glob!("fixtures/types/*.yml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let generated =
            generator::generate_bytes(&name, &std::fs::read(path).unwrap(), &Settings::default());
        let errors: Vec<_> = generated
            .normalised
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(
            errors.is_empty(),
            "{}",
            generated.normalised.render_diagnostics()
        );
        let files = generated.files.unwrap();
        let types: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.starts_with("src/types/") && !p.ends_with("mod.rs"))
            .map(|(p, text)| {
                format!(
                    "=== {p}\n{}",
                    text.split_once("\n\n")
                        .map_or(text.as_str(), |(_, body)| body)
                )
            })
            .collect();
        insta::assert_snapshot!(types.join("\n"));
    });
}

/// Every fixture's types, built together into one scratch crate and linted
/// with clippy (`-D warnings`): the rules the real spec does not exercise
/// (floats, bytes, maps, recursion, keywords…) compile too.
#[test]
fn every_type_fixture_compiles_without_warnings() {
    let root = common::root();
    let scratch = root.join("target/fixture-crate");
    let _ = std::fs::remove_dir_all(scratch.join("src"));
    let mut modules = Vec::new();
    let mut manifest: Option<String> = None;
    let settings = Settings {
        package: "fixture-crate".to_owned(),
        ..Settings::default()
    };
    let fixtures = root.join("generator/tests/fixtures/types");
    let mut paths: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let generated = generator::generate_bytes(&stem, &std::fs::read(&path).unwrap(), &settings);
        for (file, text) in generated.files.unwrap() {
            if file == "Cargo.toml" {
                manifest = Some(text);
                continue;
            }
            let target = match file.strip_prefix("src/types/") {
                Some(rest) => scratch.join("src").join(&stem).join("types").join(rest),
                None if file.starts_with("src/runtime/") => scratch.join(&file),
                None => continue,
            };
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
        std::fs::write(
            scratch.join("src").join(&stem).join("mod.rs"),
            "pub mod types;\n",
        )
        .unwrap();
        modules.push(stem);
    }
    let lib: String =
        std::iter::once("//! Every type fixture, generated.\n\npub mod runtime;\n".to_owned())
            .chain(modules.iter().map(|m| format!("pub mod {m};\n")))
            .collect();
    std::fs::write(scratch.join("src/lib.rs"), lib).unwrap();
    // The manifest the generator writes, as its own workspace.
    let manifest = manifest.expect("the fixtures generate a manifest");
    common::standalone(&scratch, &manifest);
    common::cargo(
        &scratch,
        &["clippy", "--offline", "--quiet", "--", "-D", "warnings"],
    );
}

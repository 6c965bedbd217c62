//! The rendered types of one small spec per mapping rule, snapshotted file
//! by file (`tests/fixtures/types/`).

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

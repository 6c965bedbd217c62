//! `cargo xtask codegen --out`: never onto a hand-written crate, a package
//! name Cargo accepts, and a second run that changes nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = "generator/tests/fixtures/robustness/collide_fields.yml";

fn codegen(out: &Path, extra: &[&str]) -> (bool, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec", SPEC, "--out"])
        .arg(out)
        .args(extra)
        .current_dir(&root)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-out-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn a_hand_written_crate_is_refused_and_left_as_it_was() {
    let dir = scratch("hand");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    std::fs::write(dir.join("src/main.rs"), "fn main() {}\n").unwrap();
    let (ok, stderr) = codegen(&dir, &[]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("was not written by the generator"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
        "[package]\nname = \"mine\"\n"
    );
    assert!(dir.join("src/main.rs").exists());
    assert!(!dir.join("src/lib.rs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_second_run_changes_nothing_and_keeps_foreign_files() {
    let dir = scratch("again");
    let (ok, stderr) = codegen(&dir, &["--package", "my-pod"]);
    assert!(ok, "{stderr}");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-pod\""), "{manifest}");
    std::fs::write(dir.join("src/extra.rs"), "// mine\n").unwrap();
    let (ok, stderr) = codegen(&dir, &["--package", "my-pod"]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("0 added, 0 changed, 0 removed"), "{stderr}");
    assert!(stderr.contains("kept src/extra.rs"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("src/extra.rs")).unwrap(),
        "// mine\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_package_name_cargo_refuses_is_refused() {
    let dir = scratch("name");
    let (ok, stderr) = codegen(&dir, &["--package", "pod.api"]);
    assert!(!ok);
    assert!(stderr.contains("the package name \"pod.api\""), "{stderr}");
    assert!(!dir.exists());
}

/// Settings travel with a spec: `--settings FILE` names the package, its
/// license and registry, and the crate version beside it (provenance.yml).
#[test]
fn a_spec_outside_the_workspace_takes_its_own_settings() {
    let dir = scratch("settings");
    let settings = scratch("settings-files");
    std::fs::create_dir_all(&settings).unwrap();
    std::fs::write(
        settings.join("settings.yml"),
        "credential_headers: [sessionToken]\npackage:\n  name: acme-pod\n  license: MIT\n  registry: acme\n  repository: https://git.acme.example/pod\n",
    )
    .unwrap();
    std::fs::write(
        settings.join("provenance.yml"),
        "upstream: x\nversion: \"1\"\nsha256: x\ncrate_version: \"2.3.4\"\n",
    )
    .unwrap();
    let file = settings.join("settings.yml");
    let (ok, stderr) = codegen(&dir, &["--settings", file.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    for line in [
        "name = \"acme-pod\"",
        "version = \"2.3.4\"",
        "license = \"MIT\"",
        "publish = [\"acme\"]",
        "repository = \"https://git.acme.example/pod\"",
    ] {
        assert!(manifest.contains(line), "{line} missing:\n{manifest}");
    }
    // A settings file that is not there is an error naming it.
    let (ok, stderr) = codegen(&dir, &["--settings", "no/such/settings.yml"]);
    assert!(!ok && stderr.contains("no/such/settings.yml"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&settings).unwrap();
}

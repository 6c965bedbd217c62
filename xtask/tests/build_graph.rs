//! The first `cargo xtask` builds syn once: the derive macros (serde's,
//! clap's) and the formatter the generator uses share one syn, which needs
//! one major version with one feature set in the dependency graph, and
//! one release profile for the crates both sides build (see
//! xtask/run/Cargo.toml, the workspace `cargo xtask` builds).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// What syn and its dependencies are built as, host and target alike.
const SHARED: [&str; 4] = ["syn", "proc-macro2", "quote", "unicode-ident"];

#[test]
fn xtask_resolves_one_syn_with_one_feature_set() {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new(cargo)
        .current_dir(&root)
        .args([
            "tree",
            "--locked",
            "--manifest-path",
            "xtask/run/Cargo.toml",
            "--edges",
            "normal,build",
        ])
        .args(["--prefix", "none", "--format", "{p} [{f}]"])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for name in SHARED {
        let builds: BTreeSet<&str> = text
            .lines()
            .filter(|l| l.starts_with(&format!("{name} v")))
            .map(|l| l.trim_end_matches(" (*)").trim_end_matches(" (proc-macro)"))
            .collect();
        assert_eq!(
            builds.len(),
            1,
            "{name} is resolved more than one way for xtask, so it is compiled more than once: {builds:#?}"
        );
    }
}

#[test]
fn the_release_profile_builds_syn_and_its_dependencies_alike_for_host_and_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest: toml::Table = std::fs::read_to_string(root.join("xtask/run/Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let packages = &manifest["profile"]["release"]["package"];
    for name in SHARED {
        let profile = packages.get(name).unwrap_or_else(|| {
            panic!("[profile.release.package.{name}] is missing: the derive macros would build it apart, at build-override's settings")
        });
        // Build scripts and proc macros default to opt-level 0 and 256
        // codegen units; a target crate to 3 and 16. Both set, both sides
        // agree, and cargo compiles the crate once.
        for key in ["opt-level", "codegen-units"] {
            assert!(
                profile.get(key).is_some(),
                "[profile.release.package.{name}] does not set {key}"
            );
        }
    }
}

//! The generated crate's package name: given with `--package` (checked) or
//! made from the output directory's name (made valid), never one Cargo
//! refuses or one that clashes with a dependency.

/// Names Cargo refuses for a package, or that would shadow what the
/// generated code or its tests refer to by crate name.
const RESERVED: &[&str] = &[
    "alloc",
    "core",
    "std",
    "proc_macro",
    "proc-macro",
    "test",
    "self",
    "super",
    "crate",
    "Self",
];

/// Package names are at most this long (crates.io's limit).
const MAX_LEN: usize = 64;

/// Checks a name given with `--package`: what Cargo accepts (ASCII letters,
/// digits, `-` and `_`, not starting with a digit), not reserved, not a
/// Rust keyword, not a dependency of the generated crate.
pub fn checked(name: &str) -> Result<String, String> {
    let bad = |why: &str| Err(format!("the package name {name:?} {why}"));
    if name.is_empty() {
        return bad("is empty");
    }
    if name.len() > MAX_LEN {
        return bad(&format!("is longer than {MAX_LEN} characters"));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return bad(&format!(
            "holds {c:?}; use ASCII letters, digits, `-` and `_`"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return bad("must start with a letter");
    }
    let crate_name = templates::manifest::crate_name(name);
    if RESERVED.contains(&name) || crate::lower::names::ident(&crate_name) != crate_name {
        return bad("is reserved by Rust or Cargo");
    }
    let taken = templates::DEPENDENCY_LISTS
        .iter()
        .flat_map(|(_, list)| list.iter())
        .any(|(dep, _)| templates::manifest::crate_name(dep) == crate_name);
    if taken {
        return bad("is the name of one of the generated crate's dependencies");
    }
    Ok(name.to_owned())
}

/// A valid package name from a directory name: lower case, every run of
/// other characters as one `-` (`pod-api-20.13.0` → `pod-api-20-13-0`),
/// `api-` before a leading digit, cut to 64 characters. Errors (with what
/// to do) when nothing valid is left.
pub fn from_directory(dir_name: &str) -> Result<String, String> {
    let mut name = String::new();
    for c in dir_name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name = name.trim_matches(['-', '_']).to_owned();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "api-");
    }
    name.truncate(MAX_LEN);
    let name = name.trim_end_matches(['-', '_']);
    checked(name).map_err(|e| {
        format!("cannot name the crate after its directory {dir_name:?}: {e}; pass --package NAME")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_names_become_package_names() {
        let ok = |d: &str| from_directory(d).unwrap();
        assert_eq!(ok("pod-api-20.13.0"), "pod-api-20-13-0");
        assert_eq!(ok("generated-client"), "generated-client");
        assert_eq!(ok("My Client"), "my-client");
        assert_eq!(ok("20.17.1"), "api-20-17-1");
        assert_eq!(ok(&"a".repeat(300)).len(), 64);
        assert!(from_directory("...").is_err());
        assert!(from_directory("std").is_err());
        assert!(from_directory("reqwest").is_err());
        assert!(from_directory("fn").is_err());
    }

    #[test]
    fn given_names_are_checked_not_changed() {
        assert_eq!(checked("pod_client").unwrap(), "pod_client");
        for bad in ["", "1pod", "pod.api", "pod api", "serde-json", "type", "-x"] {
            assert!(checked(bad).is_err(), "{bad}");
        }
    }
}

//! The house rules of the layout, checked: short source files, a short
//! xtask dispatcher, and no import circle between modules (a module may use
//! its ancestors and descendants; between any two others, uses go one way).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a source file of the generator or the templates may be.
const MAX_LINES: usize = 600;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each module of a crate (its path from the root: `["lower", "params"]`)
/// and its source file.
fn modules(src: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
            let mut path: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path
                .last()
                .is_some_and(|last| last == "mod" || last == "lib")
            {
                path.pop();
            }
            (path, file)
        })
        .collect()
}

/// The code of a file without its tests and comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a module names with `crate::`, `super::` or `self::`, braces
/// expanded one level (`crate::a::{b, c::d}`).
fn named_paths(module: &[String], code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = ["crate::", "super::", "self::"]
        .iter()
        .filter_map(|start| rest.find(start).map(|i| (i, *start)))
        .min()
    {
        let (i, start) = at;
        let before = rest[..i].chars().next_back();
        rest = &rest[i + start.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut base: Vec<String> = match start {
            "crate::" => Vec::new(),
            "super::" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => module.to_vec(),
        };
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        base.extend(
            rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        if rest[end..].starts_with('{') {
            let close = rest[end..].find('}').map_or(rest.len(), |c| end + c);
            for item in rest[end + 1..close].split(',') {
                let item = item.split(" as ").next().unwrap_or_default().trim();
                if !item.is_empty() && item != "self" {
                    let mut path = base.clone();
                    path.extend(item.split("::").map(|s| s.trim().to_owned()));
                    out.push(path);
                }
            }
        }
        out.push(base);
    }
    out
}

/// The module a path lands in: its longest prefix that is a module.
fn owner(modules: &BTreeMap<Vec<String>, PathBuf>, path: &[String]) -> Vec<String> {
    let mut path = path.to_vec();
    while !path.is_empty() && !modules.contains_key(&path) {
        path.pop();
    }
    path
}

fn related(a: &[String], b: &[String]) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Pairs of unrelated modules that reach each other through uses.
fn circles(src: &Path) -> Vec<String> {
    let modules = modules(src);
    let mut uses: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let targets = named_paths(module, &code(&text))
            .iter()
            .map(|p| owner(&modules, p))
            .filter(|target| !related(module, target))
            .collect();
        uses.insert(module.clone(), targets);
    }
    let reach = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(at) = todo.pop() {
            for next in uses.get(&at).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let mut found = Vec::new();
    for a in modules.keys() {
        for b in reach(a) {
            if a < &b && !related(a, &b) && reach(&b).contains(a) {
                found.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    found
}

#[test]
fn no_module_of_the_generator_or_the_templates_is_in_an_import_circle() {
    for crate_src in ["generator/src", "templates/src", "xtask/src"] {
        let found = circles(&workspace().join(crate_src));
        assert!(found.is_empty(), "{crate_src}: {found:?}");
    }
}

#[test]
fn the_circle_check_finds_a_circle() {
    let scratch = tempfile::tempdir().unwrap();
    let src = scratch.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(src.join("b.rs"), "use crate::{a::A, lib};\npub struct B;\n").unwrap();
    assert_eq!(circles(src), ["a <-> b"]);
    std::fs::write(src.join("b.rs"), "pub struct B; // crate::a\n").unwrap();
    assert!(circles(src).is_empty());
}

#[test]
fn source_files_are_short() {
    let mut files = Vec::new();
    for dir in ["generator/src", "templates/src"] {
        rust_files(&workspace().join(dir), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = std::fs::read_to_string(file).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
    let main = std::fs::read_to_string(workspace().join("xtask/src/main.rs")).unwrap();
    let lines = main.lines().count();
    assert!(
        lines < 150,
        "xtask/src/main.rs is a dispatcher, yet {lines} lines long"
    );
}

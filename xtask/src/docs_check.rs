//! `cargo xtask docs-check`: the generated crate's docs as a user reads
//! them (`cargo doc -p generated-client --all-features`). Everything public
//! and documented is in `types`, `operations`, `mock`, `client` or the
//! runtime API re-exported at the root (`templates::krate::ROOT_API`);
//! prints the counts and fails on anything else.

use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::process::{Command, ExitCode};

/// Modules whose every item is API: generated from the spec, or the mock.
const API_MODULES: &[&str] = &["types", "operations", "mock", "client"];

pub(crate) fn run(ws: &Workspace) -> ExitCode {
    let status = Command::new(env!("CARGO"))
        .args([
            "doc",
            "--quiet",
            "-p",
            "generated-client",
            "--all-features",
            "--no-deps",
        ])
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(&ws.root)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("error: cargo doc -p generated-client failed");
        return ExitCode::FAILURE;
    }
    let docs = ws.root.join("target/doc/generated_client");
    let read = |name: &str| std::fs::read_to_string(docs.join(name));
    let (Ok(all), Ok(client)) = (read("all.html"), read("struct.Client.html")) else {
        eprintln!(
            "error: {} has no all.html or struct.Client.html",
            docs.display()
        );
        return ExitCode::FAILURE;
    };
    let report = check(&items(&all));
    println!("public, documented items: {}", report.total);
    for (module, n) in &report.by_module {
        println!("  {module}: {n}");
    }
    println!(
        "impl blocks on the Client page: {}",
        client.matches("<section id=\"impl-Client").count()
    );
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The item paths `all.html` lists (`types::User`, `Client`), not its
/// links to its own sections (`#structs`).
fn items(all_html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = all_html;
    let open = "<li><a href=\"";
    while let Some(start) = rest.find(open) {
        rest = &rest[start + open.len()..];
        let Some((href, after)) = rest.split_once("\">") else {
            break;
        };
        let Some((text, _)) = after.split_once("</a>") else {
            break;
        };
        if !href.starts_with('#') {
            found.push(text.to_owned());
        }
        rest = after;
    }
    found
}

#[derive(Debug, Default)]
struct Report {
    total: usize,
    by_module: BTreeMap<String, usize>,
    problems: Vec<String>,
}

/// Counts by module, and what is public without being API.
fn check(items: &[String]) -> Report {
    let api: Vec<&str> = templates::krate::ROOT_API
        .iter()
        .chain(templates::krate::CONFIG_API)
        .copied()
        .collect();
    let mut report = Report {
        total: items.len(),
        ..Report::default()
    };
    for item in items {
        let module = match item.split_once("::") {
            Some((module, _)) => module,
            None => "(crate root)",
        };
        *report.by_module.entry(module.to_owned()).or_default() += 1;
        let allowed = match item.split_once("::") {
            Some((module, _)) => API_MODULES.contains(&module),
            None => api.contains(&item.as_str()),
        };
        if !allowed {
            report.problems.push(format!(
                "`{item}` is public and documented but is not API (make it pub(crate) or #[doc(hidden)], or add it to templates::krate::ROOT_API)"
            ));
        }
    }
    for name in api {
        if !items.iter().any(|i| i == name) {
            report
                .problems
                .push(format!("`{name}` is API but missing from the docs"));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plumbing_is_reported_and_missing_api_too() {
        let html = r##"<li><a href="#structs">Structs</a></li><h3 id="structs">Structs</h3><ul class="all-items"><li><a href="struct.Client.html">Client</a></li><li><a href="types/struct.User.html">types::User</a></li><li><a href="runtime/struct.Request.html">runtime::Request</a></li><li><a href="struct.Helper.html">Helper</a></li></ul>"##;
        let found = items(html);
        assert_eq!(
            found,
            ["Client", "types::User", "runtime::Request", "Helper"]
        );
        let report = check(&found);
        assert_eq!(report.total, 4);
        assert_eq!(report.by_module["types"], 1);
        let problems = report.problems.join("\n");
        assert!(
            problems.contains("`runtime::Request` is public"),
            "{problems}"
        );
        assert!(problems.contains("`Helper` is public"), "{problems}");
        assert!(
            problems.contains("`RsaAuth` is API but missing"),
            "{problems}"
        );
        assert!(!problems.contains("`Client`"), "{problems}");
    }
}

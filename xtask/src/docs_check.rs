//! `cargo xtask docs-check`: the generated crate's docs as a user reads
//! them (`cargo doc -p generated-client --features mock,config`: every
//! feature but `fips`). Everything public
//! and documented is in `types`, `operations`, `mock`, `client` or the
//! runtime API re-exported at the root (`templates::krate::ROOT_API`);
//! the `Client` page has one impl block per area; and rustdoc's own search,
//! run in headless Chromium, finds an operation by its summary among its
//! first three results. Prints the figures and fails on anything else.

use crate::workspace::Workspace;
use std::collections::BTreeMap;
use std::process::{Command, ExitCode};

/// Modules whose every item is API: generated from the spec, or the mock.
const API_MODULES: &[&str] = &["types", "operations", "mock", "client"];

/// The most `impl Client` blocks the `Client` page may show.
const MAX_IMPL_BLOCKS: usize = 25;

/// How many summaries are searched for (spread over the spec).
const SEARCHES: usize = 10;

/// A search must find its method among this many first results.
const TOP: usize = 3;

/// The share of the settings' searches (a user's own words) that must find
/// their method among the first [`TOP`] results; every summary must.
const OWN_WORDS_FOUND: f64 = 0.9;

/// Where Debian puts Chromium (`apt-get install chromium`).
const CHROMIUM: &str = "/usr/bin/chromium";

pub(crate) fn run(ws: &Workspace) -> ExitCode {
    let status = Command::new(env!("CARGO"))
        .args([
            "doc",
            "--quiet",
            "-p",
            "generated-client",
            "--features",
            templates::TESTED_FEATURES,
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
    // The modules of the APIs the crate holds besides the pod's (`agent`)
    // are API through and through, as `types` and `operations` are.
    let modules: Vec<String> = match ws.settings() {
        Ok(settings) => settings
            .apis
            .iter()
            .filter_map(|a| a.settings.module.clone())
            .collect(),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = check(&items(&all), &modules);
    println!("public, documented items: {}", report.total);
    for (module, n) in &report.by_module {
        println!("  {module}: {n}");
    }
    let blocks = client.matches("<section id=\"impl-Client").count();
    println!("impl blocks on the Client page: {blocks}");
    let mut problems = report.problems;
    if blocks > MAX_IMPL_BLOCKS {
        problems.push(format!(
            "the Client page has {blocks} impl blocks (at most {MAX_IMPL_BLOCKS}: one per area)"
        ));
    }
    match searches(ws) {
        Ok(found) => {
            let mut own = (0, 0);
            println!("| query | kind | methods | rank |\n| --- | --- | --- | --- |");
            for Found {
                query,
                kind,
                methods,
                rank,
            } in &found
            {
                let shown = rank.map_or("not found".to_owned(), |r| format!("#{r}"));
                let methods = methods.join(" or ");
                println!("| {query} | {kind} | {methods} | {shown} |");
                let top = rank.is_some_and(|r| r <= TOP);
                match *kind {
                    "summary" if !top => problems.push(format!(
                        "rustdoc search for the summary {query:?} does not put `{methods}` in its first {TOP} results"
                    )),
                    "summary" => {}
                    _ => own = (own.0 + usize::from(top), own.1 + 1),
                }
            }
            let share = if own.1 == 0 {
                1.0
            } else {
                own.0 as f64 / own.1 as f64
            };
            println!(
                "a user's own words: {} of {} queries find their method in the first {TOP} results ({:.0}%; at least {:.0}% wanted)",
                own.0,
                own.1,
                share * 100.0,
                OWN_WORDS_FOUND * 100.0
            );
            if share < OWN_WORDS_FOUND {
                problems.push(format!(
                    "only {} of {} searches in a user's own words find their method in the first {TOP} results",
                    own.0, own.1
                ));
            }
        }
        Err(e) => problems.push(e),
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A search: the query, whether it is a summary or a user's own words,
/// the methods that answer it (as `Client::m` or `agent::m`), and the
/// 1-based rank of the first of them among the results.
struct Found {
    query: String,
    kind: &'static str,
    methods: Vec<String>,
    rank: Option<usize>,
}

/// A search to make: the query, its kind, and the methods that answer it
/// (as shown, and the end of their link in rustdoc's results).
type Wanted = (String, &'static str, Vec<(String, String)>);

/// Searches rustdoc, in headless Chromium, for summaries of the workspace
/// spec's operations (every few operations whose summary no other shares)
/// and for each API's settings' `searches:` (a user's own words).
fn searches(ws: &Workspace) -> Result<Vec<Found>, String> {
    if !std::path::Path::new(CHROMIUM).exists() {
        return Err(format!(
            "{CHROMIUM} is missing: rustdoc search is measured in Chromium (apt-get install chromium)"
        ));
    }
    let settings = ws.settings()?;
    let lowered = generator::lower_file(&ws.spec(), &settings);
    let api = lowered
        .model
        .ok_or_else(|| lowered.normalised.render_diagnostics())?;
    let summaries: Vec<(String, &str)> = api
        .operations
        .iter()
        .filter_map(|op| Some((op.docs.first()?.trim().to_owned(), op.method_name.as_str())))
        .collect();
    let unique: Vec<&(String, &str)> = summaries
        .iter()
        .filter(|(s, _)| {
            !s.is_empty()
                && summaries
                    .iter()
                    .filter(|(t, _)| t.eq_ignore_ascii_case(s))
                    .count()
                    == 1
        })
        .collect();
    let step = (unique.len() / SEARCHES).max(1);
    let mut wanted: Vec<Wanted> = unique
        .iter()
        .step_by(step)
        .take(SEARCHES)
        .map(|(summary, method)| {
            let at = format!("struct.Client.html#method.{method}");
            (
                templates::operations::search_text(summary),
                "summary",
                vec![(format!("Client::{method}"), at)],
            )
        })
        .collect();
    // Each API's own words: the pod's on `Client`, a module's on its handle.
    for api in ws.apis(&settings) {
        let page = match api.settings.module.as_deref() {
            Some(m) => format!("{m}/struct.{}.html", templates::home::handle_name(m)),
            None => "struct.Client.html".to_owned(),
        };
        let shown = |m: &str| match api.settings.module.as_deref() {
            Some(module) => format!("{module}::{m}"),
            None => format!("Client::{m}"),
        };
        for check in &api.settings.searches {
            let methods = check
                .finds
                .iter()
                .map(|m| (shown(m), format!("{page}#method.{m}")))
                .collect();
            wanted.push((check.query.clone(), "own words", methods));
        }
    }
    let index = ws.root.join("target/doc/generated_client/index.html");
    let profile = ws.target("chromium-profile");
    wanted
        .into_iter()
        .map(|(query, kind, methods)| {
            let hrefs = search(&index, &profile, &query)?;
            let rank = hrefs
                .iter()
                .position(|h| methods.iter().any(|(_, at)| h.ends_with(&format!("/{at}"))))
                .map(|i| i + 1);
            let methods = methods.into_iter().map(|(shown, _)| shown).collect();
            Ok(Found {
                query,
                kind,
                methods,
                rank,
            })
        })
        .collect()
}

/// The result links rustdoc's search page shows for `query`, in order.
fn search(
    index: &std::path::Path,
    profile: &std::path::Path,
    query: &str,
) -> Result<Vec<String>, String> {
    let encoded: String = query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let url = format!("file://{}?search={encoded}", index.display());
    let output = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=15000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--dump-dom", &url])
        .output()
        .map_err(|e| format!("cannot run {CHROMIUM}: {e}"))?;
    let dom = String::from_utf8_lossy(&output.stdout);
    let results = dom.find("<div id=\"results\">").map_or("", |i| &dom[i..]);
    let mut hrefs = Vec::new();
    let mut rest = results;
    let open = "<a class=\"result-";
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        if let Some((_, after)) = rest.split_once("href=\"") {
            if let Some((href, _)) = after.split_once('"') {
                hrefs.push(href.to_owned());
            }
        }
    }
    Ok(hrefs)
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
fn check(items: &[String], modules: &[String]) -> Report {
    let api: Vec<&str> = templates::krate::ROOT_API
        .iter()
        .chain(templates::krate::CONFIG_API)
        .chain(templates::krate::DATAFEED_API)
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
            Some((module, _)) => {
                API_MODULES.contains(&module) || modules.iter().any(|m| m == module)
            }
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
        let report = check(&found, &[]);
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

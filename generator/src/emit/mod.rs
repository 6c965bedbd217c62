//! Emit: the model rendered through the templates, formatted with
//! prettyplease, as the files of a crate's `src/` (path → text); `write`
//! puts them on disk, `package` names the crate, `provenance` records the
//! spec it came from.

pub mod package;
pub mod provenance;
mod write;

pub use self::write::{drift, write, Drift, WriteError};

use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use templates::ident::ident;
use templates::krate;
use templates::manifest::{crate_name, Publish};
use templates::model::Api;
pub use templates::preamble::SpecInfo;

/// Every file the generator writes, keyed by its path in the crate
/// (`/`-separated: `src/…`, `tests/examples.rs`), in sorted order. Deterministic: same model, same bytes.
/// Files are rendered and formatted on every core: each is independent.
pub fn files(
    api: &Api,
    spec: &SpecInfo,
    package: &str,
    publish: &Publish,
) -> Result<BTreeMap<String, String>, String> {
    let krate = crate_name(package);
    let header = templates::preamble::file_header();
    let mut credentials: Vec<String> = api
        .operations
        .iter()
        .flat_map(|o| o.credentials.clone())
        .collect();
    credentials.sort();
    credentials.dedup();
    // The largest files first, so no core is left with one at the end.
    let mut jobs = vec![
        Job::Checks,
        Job::Conformance,
        Job::Examples,
        Job::Lib,
        Job::TypesMod,
        Job::OperationsMod,
        Job::Client,
        Job::Areas,
    ];
    jobs.extend(api.operations.iter().map(Job::Operation));
    jobs.extend(api.modules.iter().map(Job::Types));
    let ctx = Ctx {
        api,
        spec,
        krate: &krate,
        header: &header,
        credentials: &credentials,
    };
    let mut files: BTreeMap<String, String> = in_parallel(&jobs, |job| ctx.render(job))?
        .into_iter()
        .collect();
    files.insert(
        "Cargo.toml".to_owned(),
        templates::manifest::cargo_toml(package, spec, publish),
    );
    files.insert(
        "README.md".to_owned(),
        templates::readme::readme(package, spec, publish, api),
    );
    for (name, text) in templates::RUNTIME_FILES {
        // The runtime's doc examples name the pod crate `generated_client`;
        // in a copy they name the crate they are in.
        let text = text.replace("generated_client::", &format!("{krate}::"));
        files.insert(format!("src/runtime/{name}"), format!("{header}{text}"));
    }
    Ok(files)
}

/// One generated Rust file to render and format.
enum Job<'a> {
    Lib,
    TypesMod,
    Types(&'a templates::model::Module),
    OperationsMod,
    Operation(&'a templates::model::Operation),
    Client,
    Areas,
    Checks,
    Conformance,
    Examples,
}

/// What every job reads.
struct Ctx<'a> {
    api: &'a Api,
    spec: &'a SpecInfo,
    krate: &'a str,
    header: &'a str,
    credentials: &'a [String],
}

/// The path of a type module's file in the crate.
pub fn types_file(module: &templates::model::Module) -> String {
    format!("src/types/{}.rs", templates::ident::bare(&module.name))
}

/// The path of an operation module's file in the crate.
pub fn operation_file(op: &templates::model::Operation) -> String {
    format!("src/operations/{}.rs", templates::ident::bare(&op.module))
}

impl Ctx<'_> {
    /// A job's path and formatted text.
    fn render(&self, job: &Job<'_>) -> Result<(String, String), String> {
        let (api, header) = (self.api, self.header);
        Ok(match job {
            Job::Lib => (
                "src/lib.rs".to_owned(),
                format(
                    krate::lib_rs(api, self.spec, self.krate),
                    &templates::preamble::lib_header(self.spec),
                )?,
            ),
            Job::TypesMod => (
                "src/types/mod.rs".to_owned(),
                format(krate::types_mod(&api.modules), header)?,
            ),
            Job::Types(m) => (types_file(m), format(templates::types::module(m), header)?),
            Job::OperationsMod => (
                "src/operations/mod.rs".to_owned(),
                format(krate::operations_mod(&api.operations), header)?,
            ),
            Job::Operation(op) => (
                operation_file(op),
                format(
                    templates::operations::module(op, api.service, self.krate),
                    header,
                )?,
            ),
            Job::Client => (
                "src/client.rs".to_owned(),
                format(krate::client_rs(api), header)?,
            ),
            Job::Areas => (
                "src/areas.rs".to_owned(),
                format(templates::areas::areas_rs(api), header)?,
            ),
            Job::Checks => {
                let checks = templates::checks::test_file(
                    self.krate,
                    crate::lower::SAMPLE_TOKEN,
                    self.credentials,
                    &api.operations,
                    &api.checks,
                );
                (
                    "tests/operations.rs".to_owned(),
                    format_tests(checks, header, "operations")?,
                )
            }
            Job::Conformance => {
                let tokens = templates::conformance::test_file(
                    self.krate,
                    self.credentials,
                    &api.operations,
                    &api.checks,
                );
                (
                    "tests/conformance.rs".to_owned(),
                    format_tests(tokens, header, "conformance")?,
                )
            }
            Job::Examples => {
                let tokens = templates::examples::test_file(self.krate, &api.examples);
                (
                    "tests/examples.rs".to_owned(),
                    format_tests(tokens, header, "examples")?,
                )
            }
        })
    }
}

/// `run` on every job, on as many threads as there are cores (at most 8),
/// each taking the next job when it is done; results in job order.
fn in_parallel<J: Sync, T: Send>(
    jobs: &[J],
    run: impl Fn(&J) -> Result<T, String> + Sync,
) -> Result<Vec<T>, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(8)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                return done;
            };
            done.push((i, run(job)));
        }
    };
    let mut results: Vec<(usize, Result<T, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for handle in handles {
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(_) => all.push((usize::MAX, Err("a formatting thread panicked".to_owned()))),
            }
        }
        all
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Formats a generated test file under a header: its items go in one
/// `#[rustfmt::skip]` module named `module`, so `cargo fmt` leaves the file
/// as it is written here (a test target is a root rustfmt formats, and a
/// file-wide skip attribute is not stable).
fn format_tests(tokens: TokenStream, header: &str, module: &str) -> Result<String, String> {
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the templates produced invalid Rust: {e}"))?;
    if file.items.is_empty() {
        return Ok(format!("{header}{}", spaced(&prettyplease::unparse(&file))));
    }
    let items = std::mem::take(&mut file.items);
    let name = ident(module);
    file.items.push(syn::parse_quote! {
        #[rustfmt::skip]
        mod #name {
            #(#items)*
        }
    });
    let text = spaced(&prettyplease::unparse(&file));
    Ok(format!("{header}{}", spaced_at(&text, "    ")))
}

/// Formats tokens as a Rust file under a header.
fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the templates produced invalid Rust: {e}"))?;
    Ok(format!("{header}{}", spaced(&prettyplease::unparse(&file))))
}

/// prettyplease puts top-level items on consecutive lines; a blank line
/// after each item (and after the imports) reads like hand-written code.
fn spaced(code: &str) -> String {
    spaced_at(code, "")
}

/// [`spaced`] for the items at one indentation (`"    "`: the items of a
/// module that wraps a whole file).
fn spaced_at(code: &str, indent: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 20);
    let at_level = |line: &'_ str| -> Option<String> {
        line.strip_prefix(indent)
            .filter(|rest| !rest.starts_with(' '))
            .map(str::to_owned)
    };
    let mut previous = String::new();
    for line in code.lines() {
        let here = at_level(line).unwrap_or_default();
        let top_level = !here.is_empty() && !here.starts_with(['}', ')']);
        let ends_item = previous == "}"
            || previous == "};"
            || (previous.starts_with("use ") && !here.starts_with("use "));
        let ends_type = previous.starts_with("pub type ") && previous.ends_with(';');
        let ends_header = ["//!", "#!["]
            .iter()
            .any(|p| previous.starts_with(p) && !here.starts_with(p));
        if top_level && (ends_item || ends_type || ends_header) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = here;
    }
    out
}

//! Emit: the model rendered through the templates, formatted with
//! prettyplease, as the files of a crate's `src/` (path → text); `write`
//! puts them on disk, `package` names the crate, `provenance` records the
//! spec it came from.

pub mod package;
pub mod provenance;
mod write;

pub use self::write::{drift, write, Drift, WriteError};

use crate::parallel::in_parallel;
use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use templates::home::Home;
use templates::ident::ident;
use templates::krate;
use templates::manifest::{crate_name, Publish};
use templates::model::Api;
pub use templates::preamble::SpecInfo;

/// Every file the generator writes, keyed by its path in the crate
/// (`/`-separated: `src/…`, `tests/examples.rs`), in sorted order. Deterministic: same model, same bytes.
/// Files are rendered and formatted on every core: each is independent.
/// `api` is at the crate root; each of `modules` (the agent) in a module
/// of its own, with its spec.
pub fn files(
    api: &Api,
    spec: &SpecInfo,
    modules: &[(&Api, &SpecInfo)],
    package: &str,
    publish: &Publish,
) -> Result<BTreeMap<String, String>, String> {
    let krate = crate_name(package);
    let header = templates::preamble::file_header();
    // The largest files first, so no core is left with one at the end.
    let mut jobs = vec![Job::Checks(api), Job::Conformance(api), Job::Examples(api)];
    for (module, module_spec) in modules {
        jobs.extend([
            Job::Checks(module),
            Job::Conformance(module),
            Job::Examples(module),
        ]);
        jobs.push(Job::ModuleRs(module, module_spec));
    }
    jobs.extend([Job::Lib, Job::Client]);
    for part in std::iter::once(api).chain(modules.iter().map(|(m, _)| *m)) {
        jobs.extend([
            Job::TypesMod(part),
            Job::OperationsMod(part),
            Job::Areas(part),
        ]);
        jobs.extend(part.operations.iter().map(|op| Job::Operation(part, op)));
        jobs.extend(part.modules.iter().map(|m| Job::Types(part, m)));
    }
    let ctx = Ctx {
        api,
        spec,
        modules: modules.iter().map(|(m, _)| *m).collect(),
        krate: &krate,
        header: &header,
    };
    let mut files: BTreeMap<String, String> = in_parallel(
        &jobs,
        |job| ctx.render(job),
        || "a formatting thread panicked".to_owned(),
    )?
    .into_iter()
    .collect();
    files.insert(
        "Cargo.toml".to_owned(),
        templates::manifest::cargo_toml(
            package,
            spec,
            publish,
            &modules.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        ),
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

/// The lines in `files`, as `str::lines` counts them (a last line without
/// a newline counts). The commands' summaries print it; counted here, at
/// the generator's optimisation level, where `lines()` in the unoptimised
/// command took 2.5% of a pod codegen (cachegrind).
pub fn line_count(files: &BTreeMap<String, String>) -> usize {
    files
        .values()
        .map(|text| {
            // Counted a block at a time in bytes, which the compiler
            // vectorises 16 or 32 at a time; 255 newlines fit in a byte.
            let newlines: usize = text
                .as_bytes()
                .chunks(255)
                .map(|block| block.iter().fold(0u8, |n, &b| n + u8::from(b == b'\n')))
                .map(usize::from)
                .sum();
            newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))
        })
        .sum()
}

/// One generated Rust file to render and format, with the API it is of.
enum Job<'a> {
    Lib,
    Client,
    ModuleRs(&'a Api, &'a SpecInfo),
    TypesMod(&'a Api),
    Types(&'a Api, &'a templates::model::Module),
    OperationsMod(&'a Api),
    Operation(&'a Api, &'a templates::model::Operation),
    Areas(&'a Api),
    Checks(&'a Api),
    Conformance(&'a Api),
    Examples(&'a Api),
}

/// What every job reads.
struct Ctx<'a> {
    api: &'a Api,
    spec: &'a SpecInfo,
    modules: Vec<&'a Api>,
    krate: &'a str,
    header: &'a str,
}

/// The directory of an API's sources: `src`, or `src/agent`.
fn source_dir(api: &Api) -> String {
    match &api.module {
        Some(m) => format!("src/{}", templates::ident::bare(m)),
        None => "src".to_owned(),
    }
}

/// The cargo features a generated test that calls `api` needs: `client`,
/// and the API's module when it has one.
fn calling(api: &Api) -> Vec<&str> {
    std::iter::once("client")
        .chain(api.module.as_deref())
        .collect()
}

/// A generated test file's stem for the API in `module` (none for the
/// crate's root API): `operations`, or `agent_operations`.
pub fn test_stem(module: Option<&str>, name: &str) -> String {
    match module {
        Some(m) => format!("{}_{name}", templates::ident::bare(m)),
        None => name.to_owned(),
    }
}

/// The path of a type module's file in the crate.
pub fn types_file(api: &Api, module: &templates::model::Module) -> String {
    format!(
        "{}/types/{}.rs",
        source_dir(api),
        templates::ident::bare(&module.name)
    )
}

/// The path of an operation module's file in the crate.
pub fn operation_file(api: &Api, op: &templates::model::Operation) -> String {
    format!(
        "{}/operations/{}.rs",
        source_dir(api),
        templates::ident::bare(&op.module)
    )
}

/// The credential headers an API's operations take, once each.
fn credentials(api: &Api) -> Vec<String> {
    let mut credentials: Vec<String> = api
        .operations
        .iter()
        .flat_map(|o| o.credentials.clone())
        .collect();
    credentials.sort();
    credentials.dedup();
    credentials
}

impl Ctx<'_> {
    /// A job's path and formatted text.
    fn render(&self, job: &Job<'_>) -> Result<(String, String), String> {
        let header = self.header;
        Ok(match job {
            Job::Lib => (
                "src/lib.rs".to_owned(),
                format(
                    krate::lib_rs(self.api, self.spec, self.krate, &self.modules),
                    &templates::preamble::lib_header(self.spec),
                )?,
            ),
            Job::Client => (
                "src/client.rs".to_owned(),
                format(krate::client_rs(self.api, &self.modules), header)?,
            ),
            Job::ModuleRs(api, spec) => (
                format!("{}/mod.rs", source_dir(api)),
                format(krate::module_rs(api, spec, self.krate), header)?,
            ),
            Job::TypesMod(api) => (
                format!("{}/types/mod.rs", source_dir(api)),
                format(krate::types_mod(&api.modules), header)?,
            ),
            Job::Types(api, m) => (
                types_file(api, m),
                format(templates::types::module(m), header)?,
            ),
            Job::OperationsMod(api) => (
                format!("{}/operations/mod.rs", source_dir(api)),
                format(krate::operations_mod(&api.operations), header)?,
            ),
            Job::Operation(api, op) => (
                operation_file(api, op),
                format(
                    templates::operations::module(op, Home::of(api), self.krate),
                    header,
                )?,
            ),
            Job::Areas(api) => (
                format!("{}/areas.rs", source_dir(api)),
                format(templates::areas::areas_rs(api), header)?,
            ),
            Job::Checks(api) => {
                let stem = test_stem(api.module.as_deref(), "operations");
                let checks = templates::checks::test_file(
                    self.krate,
                    crate::lower::SAMPLE_TOKEN,
                    &credentials(api),
                    Home::of(api),
                    &api.operations,
                    &api.checks,
                );
                (
                    format!("tests/{stem}.rs"),
                    format_tests(checks, header, &stem, &calling(api))?,
                )
            }
            Job::Conformance(api) => {
                let tokens = templates::conformance::test_file(
                    self.krate,
                    &credentials(api),
                    Home::of(api),
                    &api.operations,
                    &api.checks,
                );
                let stem = test_stem(api.module.as_deref(), "conformance");
                (
                    format!("tests/{stem}.rs"),
                    format_tests(tokens, header, &stem, &calling(api))?,
                )
            }
            Job::Examples(api) => {
                let stem = test_stem(api.module.as_deref(), "examples");
                let tokens = templates::examples::test_file(
                    self.krate,
                    api.module.as_deref(),
                    &api.examples,
                );
                (
                    format!("tests/{stem}.rs"),
                    format_tests(
                        tokens,
                        header,
                        &stem,
                        &api.module.as_deref().into_iter().collect::<Vec<_>>(),
                    )?,
                )
            }
        })
    }
}

/// Formats a generated test file under a header: its items go in one
/// `#[rustfmt::skip]` module named `module`, so `cargo fmt` leaves the file
/// as it is written here (a test target is a root rustfmt formats, and a
/// file-wide skip attribute is not stable); the module is built only with
/// the cargo features `features` (`client` for tests that call, a module
/// API's own for its tests).
fn format_tests(
    tokens: TokenStream,
    header: &str,
    module: &str,
    features: &[&str],
) -> Result<String, String> {
    let cfg = match features {
        [] => None,
        [one] => Some(quote::quote!(#[cfg(feature = #one)])),
        all => Some(quote::quote!(#[cfg(all(#(feature = #all),*))])),
    };
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the templates produced invalid Rust: {e}"))?;
    if file.items.is_empty() {
        return Ok(spaced(header, &prettyplease::unparse(&file)));
    }
    // The module is parsed empty and given the items as they are: quoting
    // them into it would print and parse the whole file a second time.
    let name = ident(module);
    let mut wrapper: syn::ItemMod = syn::parse_quote! {
        #cfg
        #[rustfmt::skip]
        mod #name {}
    };
    if let Some((_, content)) = &mut wrapper.content {
        *content = std::mem::take(&mut file.items);
    }
    file.items.push(syn::Item::Mod(wrapper));
    let text = spaced("", &prettyplease::unparse(&file));
    Ok(spaced_at(header, &text, "    "))
}

/// Formats tokens as a Rust file under a header.
fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the templates produced invalid Rust: {e}"))?;
    Ok(spaced(header, &prettyplease::unparse(&file)))
}

/// `header`, then `code` with a blank line after each top-level item (and
/// after the imports): prettyplease puts top-level items on consecutive
/// lines, and the blank lines read like hand-written code.
fn spaced(header: &str, code: &str) -> String {
    spaced_at(header, code, "")
}

/// [`spaced`] for the items at one indentation (`"    "`: the items of a
/// module that wraps a whole file).
fn spaced_at(header: &str, code: &str, indent: &str) -> String {
    let mut out = String::with_capacity(header.len() + code.len() + code.len() / 20);
    out.push_str(header);
    // The line before, if it is at the level (neither blank nor deeper):
    // only two such lines in a row can need a blank line between them.
    let mut previous = "";
    for line in code.lines() {
        let here = match line.strip_prefix(indent) {
            Some(rest) if !rest.starts_with(' ') => rest,
            _ => "",
        };
        if !here.is_empty() && !previous.is_empty() && ends_item(previous, here) {
            out.push('\n');
        }
        templates::docs::push_doc_lines(&mut out, line);
        previous = here;
    }
    out
}

/// Whether a blank line goes between two consecutive lines at the level:
/// `here` starts an item (it does not close one) and `previous` ended an
/// item (a closing brace, or a bracket or parenthesis and a semicolon), the
/// imports, a type alias or the file's inner docs and attributes.
fn ends_item(previous: &str, here: &str) -> bool {
    if here.starts_with(['}', ')', ']']) {
        return false;
    }
    matches!(previous, "}" | "};" | "];" | ");")
        || (previous.starts_with("use ") && !here.starts_with("use "))
        || (previous.starts_with("pub type ") && previous.ends_with(';'))
        || ["//!", "#!["]
            .iter()
            .any(|p| previous.starts_with(p) && !here.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that test a literal: quotes, backslashes, runs of `#`, control
    /// characters, characters that reorder text, several lines.
    const TRICKY: &[&str] = &[
        "",
        " plain",
        " \"quoted\" and \\ backslashes",
        " ends with a quote\"",
        " \"# and \"## and ###",
        " # Example",
        " tabs\tand é 😀 \\u{202E}",
        "/ starts with a slash",
        " two\nlines",
        " a comment\n */ cannot hold",
        " trailing spaces   ",
        r#"{"a":"b","c":[1,2]}"#,
        "\u{202E} \u{0301}\"",
        "a \r return\"",
        "\u{0}\"",
    ];

    /// The text a string literal stands for, as rustc reads it.
    fn value(literal: &proc_macro2::Literal) -> String {
        let read: syn::LitStr = syn::parse2(quote::quote!(#literal)).expect("a string literal");
        read.value()
    }

    #[test]
    fn a_doc_written_as_a_raw_literal_formats_as_the_escaped_one_does() {
        // `escape` never leaves a carriage return in a doc line.
        for text in TRICKY.iter().filter(|t| !t.contains('\r')) {
            let raw = templates::docs::doc_literal(text);
            assert_eq!(value(&raw), *text);
            let escaped = proc_macro2::Literal::string(text);
            let file = |doc: &proc_macro2::Literal| {
                let tokens = quote::quote!(#[doc = #doc] pub struct A;);
                prettyplease::unparse(&syn::parse2(tokens).unwrap())
            };
            assert_eq!(file(&raw), file(&escaped), "{text:?}");
        }
    }

    #[test]
    fn a_comment_in_one_attribute_formats_as_one_attribute_a_line_does() {
        let one_line = TRICKY.iter().filter(|t| !t.contains(['\r', '\n']));
        let mut comments: Vec<Vec<String>> = vec![
            vec![
                " # Example".into(),
                String::new(),
                " ```json".into(),
                " {}".into(),
                " ```".into(),
            ],
            vec![" two".into(), "   ".into(), " lines  ".into()],
            vec![" a".into(), "/ slash".into()],
            vec![" a".into(), " two\nlines".into()],
            vec![" one".into()],
        ];
        comments.extend(one_line.map(|t| vec![" first".to_owned(), (*t).to_owned()]));
        for lines in &comments {
            let per_line = lines.iter().map(|l| templates::docs::doc_literal(l));
            let per_line = quote::quote!(#(#[doc = #per_line])*);
            let joined = templates::docs::doc_lines(lines);
            // At the top, in a module, on a field and a variant, on a
            // method: every indentation the generated code has.
            let file = |docs: &TokenStream| {
                let tokens = quote::quote! {
                    #docs
                    pub struct A { #docs pub a: u8 }
                    mod m {
                        #docs
                        pub enum E { #docs V }
                        impl E { #docs pub fn f() {} }
                    }
                };
                spaced("", &prettyplease::unparse(&syn::parse2(tokens).unwrap()))
            };
            assert_eq!(file(&joined), file(&per_line), "{lines:?}");
        }
        // Several lines that can be one attribute are.
        let joined = templates::docs::doc_lines(&comments[0]).to_string();
        assert_eq!(joined.matches("doc").count(), 1, "{joined}");
    }

    #[test]
    fn a_text_literal_reads_back_as_its_text() {
        for text in TRICKY {
            assert_eq!(value(&templates::docs::text_literal(text)), *text);
        }
    }

    #[test]
    fn a_blank_line_follows_each_item_at_the_level_and_nothing_deeper() {
        let code = "//! Docs.\n#![allow(x)]\nuse a::b;\nuse c::d;\npub type T = u8;\nstruct A {\n    f: u8,\n}\nimpl A {\n    fn g() {}\n    fn h() {}\n}\nconst C: &[u8] = &[\n    1,\n];\nfn f() {}\n";
        let want = "H\n//! Docs.\n\n#![allow(x)]\n\nuse a::b;\nuse c::d;\n\npub type T = u8;\n\nstruct A {\n    f: u8,\n}\n\nimpl A {\n    fn g() {}\n    fn h() {}\n}\n\nconst C: &[u8] = &[\n    1,\n];\n\nfn f() {}\n";
        assert_eq!(spaced("H\n", code), want);
        // The same items one level down (a module wrapping a file): only
        // the lines at that level count.
        let indented: String = code.lines().map(|l| format!("    {l}\n")).collect();
        let module = format!("mod m {{\n{indented}}}\n");
        let spaced_module = spaced_at("", &module, "    ");
        let want_module: String = want
            .lines()
            .skip(1)
            .map(|l| {
                if l.is_empty() {
                    "\n".to_owned()
                } else {
                    format!("    {l}\n")
                }
            })
            .collect();
        assert_eq!(spaced_module, format!("mod m {{\n{want_module}}}\n"));
    }

    #[test]
    fn line_count_counts_as_str_lines_does() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "one",
            "one\n",
            "one\ntwo",
            "one\r\ntwo\r\n",
            "// a\n\nfn f() {}\n",
            "é\n😀",
        ];
        // Past a block of 255 bytes, and a block of nothing but newlines.
        let long = format!("{}{}x", "line\n".repeat(300), "\n".repeat(600));
        for text in texts.iter().copied().chain([long.as_str()]) {
            let files = BTreeMap::from([("a".to_owned(), text.to_owned())]);
            assert_eq!(line_count(&files), text.lines().count(), "{text:?}");
        }
        let all: BTreeMap<String, String> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (i.to_string(), (*t).to_owned()))
            .collect();
        let expected: usize = texts.iter().map(|t| t.lines().count()).sum();
        assert_eq!(line_count(&all), expected);
    }
}

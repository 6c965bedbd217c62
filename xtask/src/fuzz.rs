//! `cargo xtask fuzz`: seeded structural mutations of the pod spec and of
//! every fixture, each run through the whole generator. A case passes when
//! it ends in located errors, or in files that parse as Rust with a valid
//! `Cargo.toml`, without a panic; `--compile N` also builds N of the
//! generated crates clippy-clean.

mod mutate;

use crate::workspace::Workspace;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A case slower than this is a failure (the bound).
const SLOW: Duration = Duration::from_secs(20);

#[derive(clap::Args)]
pub(crate) struct Options {
    /// How many cases.
    #[arg(long, default_value_t = 1000)]
    cases: usize,
    /// The seed: the same seed gives the same cases.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Also build this many of the generated crates clippy-clean
    /// (`-D warnings`, all targets).
    #[arg(long, default_value_t = 0)]
    compile: usize,
    /// One case in this many mutates the pod spec; the others, a fixture.
    #[arg(long, default_value_t = 5)]
    pod_every: usize,
}

/// What one case came to.
#[derive(Debug)]
enum Outcome {
    /// The files are kept only for cases that may be compiled.
    Generated(Option<std::collections::BTreeMap<String, String>>),
    Refused,
    Panic(String),
    Unlocated(String),
    BadOutput(String),
}

struct Case {
    index: usize,
    origin: String,
    dialect: &'static str,
    /// What the mutation named after the generated code, if that was it.
    named: Option<String>,
    bytes: Vec<u8>,
    outcome: Outcome,
    time: Duration,
}

pub(crate) fn run(ws: &Workspace, options: &Options) -> ExitCode {
    let root = ws.root.as_path();
    let corpus = match mutate::Corpus::load(root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let out = ws.target("fuzz");
    let _ = std::fs::remove_dir_all(&out);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "fuzzing {} cases (seed {}) from the pod spec (Swagger 2.0 and its OpenAPI 3.0 rendition) and {} fixtures of both dialects",
        options.cases,
        options.seed,
        corpus.len() - 2
    );
    let started = Instant::now();
    std::panic::set_hook(Box::new(|_| {}));
    let cases = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (corpus, cases) = (&corpus, &cases);
            scope.spawn(move || {
                for index in (t..options.cases).step_by(threads) {
                    let case = one_case(corpus, options, index, false);
                    cases.lock().unwrap_or_else(|e| e.into_inner()).push(case);
                }
            });
        }
    });
    let _ = std::panic::take_hook();
    let mut cases = cases.into_inner().unwrap_or_else(|e| e.into_inner());
    cases.sort_by_key(|c| c.index);
    let failures = report(&cases, &out, started.elapsed());
    let compile_failures = compile_sample(root, &out, &corpus, options, &cases);
    if failures + compile_failures > 0 {
        eprintln!("reproducers are in {}", out.display());
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Generates case `index`; its files are kept when `keep` (the compile
/// sample runs a chosen case again for them, so the first pass holds no
/// generated crate in memory).
fn one_case(corpus: &mutate::Corpus, options: &Options, index: usize, keep: bool) -> Case {
    let mut rng = fastrand::Rng::with_seed(
        options
            .seed
            .wrapping_mul(1_000_003)
            .wrapping_add(index as u64),
    );
    let mutate::Mutant {
        origin,
        dialect,
        bytes,
        named,
    } = corpus.mutant(&mut rng, index.is_multiple_of(options.pod_every.max(1)));
    let settings = generator::settings::Settings {
        package: "fuzz-client".to_owned(),
        ..Default::default()
    };
    let started = Instant::now();
    let result = std::panic::catch_unwind(|| {
        let generated = generator::generate_bytes("fuzz.yml", &bytes, &settings);
        // Rendering is part of the run: it must not panic either.
        let rendered = generated.normalised.render_diagnostics();
        (generated, rendered)
    });
    let time = started.elapsed();
    let mut outcome = match result {
        Err(payload) => Outcome::Panic(panic_message(payload.as_ref())),
        Ok((generated, rendered)) => judge(generated, &rendered),
    };
    // Only what a report or the compile sample needs is kept, so the run's
    // memory is the generator's, not the harness's.
    let failed = !matches!(outcome, Outcome::Generated(_) | Outcome::Refused) || time > SLOW;
    if let Outcome::Generated(files) = &mut outcome {
        if !keep {
            *files = None;
        }
    }
    Case {
        index,
        origin,
        dialect,
        named,
        bytes: if failed || keep { bytes } else { Vec::new() },
        outcome,
        time,
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic".to_owned())
}

/// Located errors, or files that parse.
fn judge(generated: generator::Generated, rendered: &str) -> Outcome {
    let errors: Vec<_> = generated
        .normalised
        .diagnostics
        .iter()
        .filter(|d| d.severity == generator::Severity::Error)
        .collect();
    let Some(files) = generated.files else {
        if errors.is_empty() {
            return Outcome::Unlocated(format!("no files and no error:\n{rendered}"));
        }
        if let Some(e) = errors.iter().find(|d| d.location.is_none()) {
            return Outcome::Unlocated(e.message.clone());
        }
        if errors.iter().any(|d| {
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("bug in the generator"))
        }) {
            return Outcome::BadOutput(rendered.to_owned());
        }
        return Outcome::Refused;
    };
    for (path, text) in &files {
        if path.split('/').any(|part| part.len() > 100) {
            return Outcome::BadOutput(format!("{path}: a file name over 100 bytes"));
        }
        if path.ends_with(".rs") {
            if let Err(e) = syn::parse_file(text) {
                return Outcome::BadOutput(format!("{path}: {e}"));
            }
        } else if path.ends_with(".toml") {
            if let Err(e) = text.parse::<toml::Table>() {
                return Outcome::BadOutput(format!("{path}: {e}"));
            }
        }
    }
    Outcome::Generated(Some(files))
}

/// Prints the counts and the slowest case; saves each failing case.
/// Returns the number of failures.
fn report(cases: &[Case], out: &Path, elapsed: Duration) -> usize {
    let mut counts = std::collections::BTreeMap::new();
    let mut by_dialect: std::collections::BTreeMap<(&str, &str), usize> =
        std::collections::BTreeMap::new();
    let mut failures = 0;
    for case in cases {
        let (kind, detail) = match &case.outcome {
            Outcome::Generated(_) => ("generated", None),
            Outcome::Refused => ("refused with located errors", None),
            Outcome::Panic(m) => ("PANIC", Some(m.clone())),
            Outcome::Unlocated(m) => ("ERROR WITHOUT LOCATION", Some(m.clone())),
            Outcome::BadOutput(m) => ("OUTPUT THAT DOES NOT PARSE", Some(m.clone())),
        };
        let slow = case.time > SLOW;
        *counts.entry(kind).or_insert(0usize) += 1;
        *by_dialect.entry((case.dialect, kind)).or_insert(0) += 1;
        if slow {
            *counts.entry("OVER 20 S").or_insert(0) += 1;
        }
        if detail.is_some() || slow {
            failures += 1;
            let file = out.join(format!("case-{}.yml", case.index));
            let _ = std::fs::write(&file, &case.bytes);
            eprintln!(
                "case {} (from {}, {:.1} s): {kind}{}\n  saved as {}",
                case.index,
                case.origin,
                case.time.as_secs_f64(),
                detail
                    .map(|d| format!(": {}", first_lines(&d)))
                    .unwrap_or_default(),
                file.display()
            );
        }
    }
    for (kind, n) in &counts {
        eprintln!("  {n:>6}  {kind}");
    }
    eprintln!("by the dialect of the mutated spec:");
    for ((dialect, kind), n) in &by_dialect {
        eprintln!("  {dialect:<12} {n:>6}  {kind}");
    }
    let named: Vec<&Case> = cases.iter().filter(|c| c.named.is_some()).collect();
    eprintln!(
        "named after the generated code's own items (an operation, parameter, property or schema): {} cases, {} generated",
        named.len(),
        named
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Generated(_)))
            .count()
    );
    if let Some(slowest) = cases.iter().max_by_key(|c| c.time) {
        eprintln!(
            "slowest case: {} (from {}) in {:.0} ms; peak memory of the run (all threads) {}",
            slowest.index,
            slowest.origin,
            slowest.time.as_secs_f64() * 1e3,
            peak_memory().map_or("unknown".to_owned(), |kib| format!("{} MiB", kib / 1024))
        );
    }
    eprintln!(
        "{} cases in {:.1} s: {failures} failure(s)",
        cases.len(),
        elapsed.as_secs_f64()
    );
    failures
}

fn first_lines(text: &str) -> String {
    text.lines().take(6).collect::<Vec<_>>().join("\n  ")
}

/// The process's peak resident memory (Linux's VmHWM), in KiB.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Builds `options.compile` of the generated crates (half of each dialect,
/// spread over the run) clippy-clean and runs their tests, each a crate of
/// its own sharing one target. Returns the number that fail.
fn compile_sample(
    root: &Path,
    out: &Path,
    corpus: &mutate::Corpus,
    options: &Options,
    cases: &[Case],
) -> usize {
    let n = options.compile;
    if n == 0 {
        return 0;
    }
    let generated: Vec<&Case> = cases
        .iter()
        .filter(|c| matches!(c.outcome, Outcome::Generated(_)))
        .collect();
    // Half from each dialect; of each half, half named after the code.
    let mut sample: Vec<&Case> = Vec::new();
    for (i, dialect) in ["OpenAPI 3.0", "Swagger 2.0"].iter().enumerate() {
        let want = if i == 0 {
            n.div_ceil(2)
        } else {
            n - sample.len()
        };
        let of = |named: bool| -> Vec<&Case> {
            generated
                .iter()
                .filter(|c| c.dialect == *dialect && c.named.is_some() == named)
                .copied()
                .collect()
        };
        let named = spread(&of(true), want / 2);
        let others = spread(&of(false), want - named.len());
        sample.extend(named);
        sample.extend(others);
    }
    sample.sort_by_key(|c| c.index);
    eprintln!(
        "building {} generated crates clippy-clean and running their tests ({} OpenAPI 3.0, {} named after the code)",
        sample.len(),
        sample.iter().filter(|c| c.dialect == "OpenAPI 3.0").count(),
        sample.iter().filter(|c| c.named.is_some()).count()
    );
    let mut failed = 0;
    for chosen in &sample {
        // The same seed and index give the same case, now with its files.
        let case = one_case(corpus, options, chosen.index, true);
        let Outcome::Generated(Some(files)) = &case.outcome else {
            failed += 1;
            eprintln!("  case {}: not generated the second time", case.index);
            continue;
        };
        let dir = out.join(format!("crates/case-{}", case.index));
        let started = Instant::now();
        let result = write_crate(root, &dir, files)
            .and_then(|()| cargo(&dir, out, CLIPPY))
            .and_then(|()| cargo(&dir, out, TEST));
        match result {
            Ok(()) => eprintln!(
                "  case {} (from {}{}): clean ({:.1} s)",
                case.index,
                case.origin,
                named_note(&case),
                started.elapsed().as_secs_f64()
            ),
            Err(e) => {
                failed += 1;
                let _ = std::fs::write(out.join(format!("case-{}.yml", case.index)), &case.bytes);
                eprintln!(
                    "  case {} (from {}{}): FAILED\n{e}",
                    case.index,
                    case.origin,
                    named_note(&case)
                );
            }
        }
    }
    eprintln!("{} built clean, {failed} failed", sample.len() - failed);
    failed
}

/// `, with an operationId `raw``: what the case named after the code.
fn named_note(case: &Case) -> String {
    case.named
        .as_ref()
        .map(|n| format!(", with {n}"))
        .unwrap_or_default()
}

/// Up to `want` of `cases` (in run order), spread over their origins:
/// every other one a pod-spec mutant, spaced over the run; the rest one
/// fixture after another in turn, so the fixtures' constructs are built
/// too, not only the pod spec's.
fn spread<'c>(cases: &[&'c Case], want: usize) -> Vec<&'c Case> {
    let pod = |c: &&Case| c.origin.starts_with("spec/");
    let pods: Vec<&Case> = cases.iter().copied().filter(pod).collect();
    // Origins in the order the (seeded) run first met them.
    let mut by_origin: Vec<(&str, std::collections::VecDeque<&Case>)> = Vec::new();
    for case in cases.iter().copied().filter(|c| !pod(c)) {
        match by_origin.iter_mut().find(|(o, _)| *o == case.origin) {
            Some((_, queue)) => queue.push_back(case),
            None => by_origin.push((&case.origin, [case].into())),
        }
    }
    let pod_share = if by_origin.is_empty() { want } else { want / 2 };
    let step = (pods.len() / pod_share.max(1)).max(1);
    let mut out: Vec<&Case> = pods.iter().step_by(step).take(pod_share).copied().collect();
    while out.len() < want && by_origin.iter().any(|(_, q)| !q.is_empty()) {
        for (_, queue) in &mut by_origin {
            if out.len() == want {
                break;
            }
            out.extend(queue.pop_front());
        }
    }
    // Fewer fixture cases than their share: more pod ones.
    let missing = want.saturating_sub(out.len());
    let chosen: std::collections::BTreeSet<usize> = out.iter().map(|c| c.index).collect();
    out.extend(
        pods.iter()
            .filter(|c| !chosen.contains(&c.index))
            .take(missing),
    );
    out.sort_by_key(|c| c.index);
    out
}

fn write_crate(
    root: &Path,
    dir: &PathBuf,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in files {
        let text = if path == "Cargo.toml" {
            format!("{text}\n[workspace]\n")
        } else {
            text.clone()
        };
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(target, text).map_err(|e| e.to_string())?;
    }
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(())
}

/// `cargo clippy` of a generated crate, every warning an error.
const CLIPPY: &[&str] = &[
    "clippy",
    "--offline",
    "--quiet",
    "--all-targets",
    "--features",
    templates::TESTED_FEATURES,
    "--",
    "-D",
    "warnings",
];

/// The generated crate's own tests (its doctests included).
const TEST: &[&str] = &[
    "test",
    "--offline",
    "--quiet",
    "--features",
    templates::TESTED_FEATURES,
];

fn cargo(dir: &Path, out: &Path, args: &[&str]) -> Result<(), String> {
    let output =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(args)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", out.join("target"))
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // The lines that say what failed, else the first ones.
        let telling: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("error") || l.contains("FAILED") || l.contains("panicked"))
            .take(8)
            .collect();
        let shown = if telling.is_empty() {
            first_lines(&text)
        } else {
            telling.join("\n  ")
        };
        Err(format!("cargo {}:\n  {shown}", args[0]))
    }
}

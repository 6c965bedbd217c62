//! `cargo xtask bump [--api NAME] NEW_SPEC`: a bump of one of the crate's
//! APIs (the pod's, or a module's such as the agent's) in one command.
//! Diffs the spec the crate was generated from against the new one, points
//! that API's spec link at it, regenerates, records its provenance, sets
//! the crate version from the verdict and prepends the changelog entry,
//! which names the API.

use crate::workspace::{display_path, ApiFiles, Workspace};
use generator::emit::provenance::Provenance;
use generator::review::diff::{Change, Changelog, Scope};
use generator::settings::Settings;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The new spec (e.g. ../shared/spec/symphony-pod-api-20.13.0.yaml).
    new: PathBuf,
    /// The API it is a version of: `pod` (the crate's root) or a module
    /// that spec/settings.yml's `apis:` lists (`agent`).
    #[arg(long, default_value = "pod")]
    api: String,
    /// Where the new spec is published, for the API's `provenance.yml`
    /// (kept when not given).
    #[arg(long)]
    url: Option<String>,
    /// Print the verdict, the new version and the changelog entry; write
    /// nothing.
    #[arg(long)]
    dry_run: bool,
    /// Also ask cargo-semver-checks (when installed) whether the bump is
    /// breaking, and report any disagreement with the verdict.
    #[arg(long)]
    semver_checks: bool,
}

/// How far the crate version moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// The generated crate does not change.
    None,
    /// The crate changes, its API does not (docs, examples, runtime).
    Patch,
    /// The API gains something and loses nothing.
    Minor,
    /// Code written against the old API can stop compiling.
    Major,
}

pub(crate) fn run(ws: &Workspace, args: Args) -> ExitCode {
    match bump(ws, &args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn bump(ws: &Workspace, args: &Args) -> Result<ExitCode, String> {
    let settings = ws.settings()?;
    let api = ws.api(&settings, &args.api)?;
    let link = api.spec.clone();
    let is_link = std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Err(format!(
            "{} is not a link: bump points the link at the new spec and never overwrites a spec file (make it a link: ln -s PATH {})",
            display_path(&link),
            display_path(&link)
        ));
    }
    let new = args.new.clone();
    if !new.is_file() {
        return Err(format!("{}: no such spec file", new.display()));
    }
    let provenance_file = api.provenance();
    let recorded = Provenance::load(&provenance_file)?;
    // The new spec becomes the API's: its settings (renames, credentials,
    // known example defects) apply to both sides.
    let old_model = model(&link, &api.settings)?;
    let new_model = model(&new, &api.settings)?;
    let changelog = generator::review::diff::diff(&old_model, &new_model);
    // What the crate would be with the current version: does it change?
    let out = ws.generated_client();
    let mut crate_settings = settings.clone();
    let (files, sha256) = generate(ws, &crate_settings, &api, &new)?;
    let drift = generator::drift(&files, &out);
    let level = level(&changelog, !drift.is_empty());
    let old_version = settings.publish.version.clone();
    let version = next_version(&old_version, level)?;
    let spec_version = new_model.version.clone();
    let release = Release {
        version: &version,
        api: &api.name,
        spec_version: &spec_version,
        old_spec_version: &recorded.version,
        sha256: &sha256,
    };
    let entry = entry(&release, &changelog);
    println!("verdict: {} ({})", level.describe(), changelog.summary());
    println!("version: {old_version} → {version}");
    if level == Level::None {
        println!(
            "nothing to do: the crate generated from {} is the one on disk",
            args.new.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.dry_run {
        println!("\n{entry}");
        return Ok(ExitCode::SUCCESS);
    }
    if args.semver_checks {
        semver_checks(ws, &api, &new, level);
    }
    // The link, then the crate, then the record of both.
    repoint(&link, &new)?;
    crate_settings.publish.version = version.clone();
    let (files, _) = generate(ws, &crate_settings, &api, &new)?;
    generator::write(&files, &out).map_err(|e| e.to_string())?;
    record(ws, &api, args, recorded.clone(), &release)?;
    prepend_entry(&out.join("CHANGELOG.md"), &entry)?;
    println!("\n{entry}");
    println!(
        "next: review the snapshots (`cargo insta test --review`), the API surface first:\n  \
         generator/tests/snapshots/{}\n\
         then `cargo test --workspace` and commit spec/, generated-client/ and the snapshots",
        surface_snapshot(&api)
    );
    Ok(ExitCode::SUCCESS)
}

/// The snapshot of `api`'s public surface, the first to review.
fn surface_snapshot(api: &ApiFiles) -> String {
    if api.is_root() {
        "surface__the_generated_api_surface.snap".to_owned()
    } else {
        format!("surface__the_{}_api_surface.snap", api.name)
    }
}

/// Writes what the bump made: the API's provenance (the new spec's origin,
/// version and digest), and the crate version, which the root API's
/// provenance holds.
fn record(
    ws: &Workspace,
    api: &ApiFiles,
    args: &Args,
    recorded: Provenance,
    release: &Release,
) -> Result<(), String> {
    let write = |file: &Path, provenance: &Provenance, spec: &Path| {
        let text = provenance.to_yaml(&display_from(ws, spec));
        std::fs::write(file, text).map_err(|e| format!("{}: {e}", file.display()))
    };
    let provenance = Provenance {
        upstream: args.url.clone().unwrap_or(recorded.upstream),
        version: release.spec_version.to_owned(),
        sha256: release.sha256.to_owned(),
        crate_version: recorded.crate_version,
    };
    if api.is_root() {
        let provenance = Provenance {
            crate_version: Some(release.version.to_owned()),
            ..provenance
        };
        return write(&api.provenance(), &provenance, &api.spec);
    }
    write(&api.provenance(), &provenance, &api.spec)?;
    let root = ws.spec();
    let file = root.with_file_name("provenance.yml");
    let pod = Provenance {
        crate_version: Some(release.version.to_owned()),
        ..Provenance::load(&file)?
    };
    write(&file, &pod, &root)
}

/// `path` from the workspace's root (`spec/agent/symphony-agent-api.yaml`).
fn display_from(ws: &Workspace, path: &Path) -> String {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    path.strip_prefix(&ws.root)
        .unwrap_or(&path)
        .display()
        .to_string()
}

impl Level {
    fn describe(self) -> &'static str {
        match self {
            Level::None => "no change",
            Level::Patch => "patch (the crate changes, its API does not)",
            Level::Minor => "minor (additions only)",
            Level::Major => "major (breaking changes)",
        }
    }
}

/// The verdict: breaking changes make a major release, any other API
/// change a minor one, a crate that changes otherwise a patch.
pub(crate) fn level(changelog: &Changelog, crate_changes: bool) -> Level {
    if changelog.changes.iter().any(|c| c.breaking) {
        Level::Major
    } else if !changelog.changes.is_empty() {
        Level::Minor
    } else if crate_changes {
        Level::Patch
    } else {
        Level::None
    }
}

/// The version after a release of `level`. Below 1.0 Cargo reads the
/// minor number as the breaking one, so a major release of `0.y.z` is
/// `0.(y+1).0` and a minor or patch one `0.y.(z+1)`.
pub(crate) fn next_version(version: &str, level: Level) -> Result<String, String> {
    let parts: Vec<u64> = version
        .split('.')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| format!("the crate version {version:?} is not MAJOR.MINOR.PATCH"))?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!(
            "the crate version {version:?} is not MAJOR.MINOR.PATCH"
        ));
    };
    let (major, minor, patch) = match (level, major) {
        (Level::None, _) => (major, minor, patch),
        (Level::Major, 0) => (0, minor + 1, 0),
        (Level::Major, _) => (major + 1, 0, 0),
        (Level::Minor, 0) | (Level::Patch, _) => (major, minor, patch + 1),
        (Level::Minor, _) => (major, minor + 1, 0),
    };
    Ok(format!("{major}.{minor}.{patch}"))
}

/// What a bump releases: the crate version, and the API whose spec moved
/// from one version to another.
pub(crate) struct Release<'a> {
    /// The new crate version.
    pub version: &'a str,
    /// The API (`pod`, `agent`).
    pub api: &'a str,
    /// Its spec's new version.
    pub spec_version: &'a str,
    /// Its spec's version before.
    pub old_spec_version: &'a str,
    /// The new spec's sha256.
    pub sha256: &'a str,
}

/// The changelog entry: the crate version, the API and its spec versions,
/// then breaking changes (what downstream code must change), additions,
/// other changes.
pub(crate) fn entry(release: &Release, changelog: &Changelog) -> String {
    let mut out = format!(
        "## {} ({} API {}, from {})\n\nGenerated from {} (sha256 `{}`). {}.\n",
        release.version,
        release.api,
        release.spec_version,
        release.old_spec_version,
        changelog.new,
        release.sha256,
        changelog.summary()
    );
    let section = |out: &mut String, title: &str, changes: Vec<&Change>| {
        if changes.is_empty() {
            return;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        for c in changes {
            out.push_str(&format!("- {} `{}`: {}\n", c.kind, c.item, c.change));
        }
    };
    let all = &changelog.changes;
    section(
        &mut out,
        "Breaking changes (what code using the old version must change)",
        all.iter().filter(|c| c.breaking).collect(),
    );
    section(
        &mut out,
        "Additions",
        all.iter()
            .filter(|c| !c.breaking && c.scope == Scope::Added)
            .collect(),
    );
    section(
        &mut out,
        "Other changes",
        all.iter()
            .filter(|c| !c.breaking && c.scope != Scope::Added)
            .collect(),
    );
    if all.is_empty() {
        out.push_str("\nNo change to the API: documentation and internals only.\n");
    }
    out
}

/// Puts `entry` above the newest entry of the changelog (created with a
/// heading when missing); the rest of the file is kept as it is.
fn prepend_entry(path: &Path, entry: &str) -> Result<(), String> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let text = insert_entry(&old, entry);
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The changelog text with `entry` before its first `## ` heading.
pub(crate) fn insert_entry(old: &str, entry: &str) -> String {
    const HEADING: &str = "# Changelog\n\nEach entry is written by `cargo xtask bump` from the API diff; breaking changes come first.\n\n";
    if old.trim().is_empty() {
        return format!("{HEADING}{entry}");
    }
    match old.find("\n## ") {
        Some(at) => format!("{}\n{entry}\n{}", &old[..at], &old[at + 1..]),
        None => format!("{}\n\n{entry}", old.trim_end()),
    }
}

/// Points the spec link at `new` (as the user named it), relative to the
/// link's directory when both are under one root, so the workspace can
/// move with what sits beside it; absolute when the relative path would
/// not reach the same file (a symlinked directory on the way).
fn repoint(link: &Path, new: &Path) -> Result<(), String> {
    let absolute = |p: &Path| std::path::absolute(p).map(|p| lexical(&p));
    let dir = link
        .parent()
        .ok_or_else(|| format!("{}: no directory", link.display()))?;
    let (dir, named) = absolute(dir)
        .and_then(|d| Ok((d, absolute(new)?)))
        .map_err(|e| format!("{}: {e}", new.display()))?;
    let wanted = new
        .canonicalize()
        .map_err(|e| format!("{}: {e}", new.display()))?;
    let staged = link.with_extension("yml.bump");
    let place = |target: &Path| {
        let _ = std::fs::remove_file(&staged);
        std::os::unix::fs::symlink(target, &staged)
            .map_err(|e| format!("cannot make a link at {}: {e}", staged.display()))
    };
    place(&relative(&dir, &named))?;
    if staged.canonicalize().ok().as_deref() != Some(wanted.as_path()) {
        place(&wanted)?;
    }
    std::fs::rename(&staged, link).map_err(|e| format!("cannot replace {}: {e}", link.display()))
}

/// `path` with `.` and `..` resolved by name (`/a/b/../c` → `/a/c`).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `to` as a path from `from` (both absolute).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return to.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part);
    }
    out
}

fn model(spec: &Path, settings: &Settings) -> Result<templates::model::Api, String> {
    let lowered = generator::lower_file(spec, settings);
    lowered
        .model
        .ok_or_else(|| lowered.normalised.render_diagnostics())
}

/// The crate's files with `new` as `api`'s spec, and that spec's sha256.
fn generate(
    ws: &Workspace,
    crate_settings: &Settings,
    api: &ApiFiles,
    new: &Path,
) -> Result<(std::collections::BTreeMap<String, String>, String), String> {
    let generated = api.generate(ws, crate_settings, new, api.settings.clone());
    let sha256 = api
        .part(&generated)
        .map(|p| p.normalised.source.sha256.clone())
        .unwrap_or_default();
    match generated.files {
        Some(files) => Ok((files, sha256)),
        None => Err(crate::workspace::failure(&generated)),
    }
}

/// cargo-semver-checks' verdict beside ours, when it is installed.
fn semver_checks(ws: &Workspace, api: &ApiFiles, new: &Path, level: Level) {
    match crate::semver::breaking(ws, api, &api.spec, new) {
        Ok(breaking) if breaking == (level == Level::Major) => {
            println!(
                "cargo-semver-checks agrees: {}",
                if breaking { "breaking" } else { "not breaking" }
            );
        }
        Ok(breaking) => println!(
            "warning: cargo-semver-checks disagrees: it finds the bump {}, the diff {}",
            if breaking { "breaking" } else { "not breaking" },
            level.describe()
        ),
        Err(e) => println!("warning: cargo-semver-checks was not consulted: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_by_the_verdict() {
        let cases = [
            ("1.4.2", Level::Major, "2.0.0"),
            ("1.4.2", Level::Minor, "1.5.0"),
            ("1.4.2", Level::Patch, "1.4.3"),
            ("1.4.2", Level::None, "1.4.2"),
            ("0.1.0", Level::Major, "0.2.0"),
            ("0.1.0", Level::Minor, "0.1.1"),
            ("0.1.0", Level::Patch, "0.1.1"),
        ];
        for (from, level, to) in cases {
            assert_eq!(next_version(from, level).unwrap(), to, "{from} {level:?}");
        }
        assert!(next_version("1.0", Level::Minor).is_err());
        assert!(next_version("1.0.0-rc.1", Level::Minor).is_err());
    }

    #[test]
    fn entries_go_above_the_newest() {
        let first = insert_entry("", "## 0.1.0\n\nfirst\n");
        assert!(first.starts_with("# Changelog\n"));
        let second = insert_entry(&first, "## 0.2.0\n\nsecond\n");
        let (a, b) = (
            second.find("## 0.2.0").unwrap(),
            second.find("## 0.1.0").unwrap(),
        );
        assert!(a < b, "{second}");
        assert!(second.contains("first") && second.starts_with("# Changelog\n"));
    }

    #[test]
    fn links_are_relative_under_one_root() {
        assert_eq!(
            relative(
                Path::new("/w/main/spec"),
                Path::new("/w/shared/spec/a.yaml")
            ),
            PathBuf::from("../../shared/spec/a.yaml")
        );
        assert_eq!(
            relative(Path::new("/w/main/spec"), Path::new("/w/main/spec/a.yaml")),
            PathBuf::from("a.yaml")
        );
    }
}

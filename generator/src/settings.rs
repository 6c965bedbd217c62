//! The generator's per-spec settings, kept in `spec/` beside the spec.

use std::collections::BTreeMap;
use std::path::Path;

/// Settings for one spec. Absent files mean no settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Examples known to contradict their own schema: label (as the
    /// generated test names it, `definition UserV2`, `GET /v1/x 200`) →
    /// the reason. From `examples.yml`.
    pub bad_examples: BTreeMap<String, String>,
    /// Rust names for component schemas (schema name → Rust type name),
    /// from `renames.yml`'s `types:`. A rename is a breaking change for
    /// downstream code; it exists to settle collisions.
    pub type_renames: BTreeMap<String, String>,
    /// Method names for operations (`GET /v1/x` → method name), from
    /// `renames.yml`'s `operations:`.
    pub operation_renames: BTreeMap<String, String>,
    /// Header parameters that carry credentials: taken from the client's
    /// credential provider, never method parameters. From `settings.yml`'s
    /// `credential_headers:`; by default Symphony's `sessionToken` and
    /// `keyManagerToken`.
    pub credential_headers: Vec<String>,
    /// Operations (method names) that a spec-driven mock finds fault with
    /// because of a defect of the spec, with the defect. From
    /// `conformance.yml`.
    pub conformance_defects: BTreeMap<String, String>,
    /// How the docs group operations, from `settings.yml`'s `areas:`:
    /// each area takes the operations under its path prefixes (the first
    /// area that matches); the rest are grouped by their path's first
    /// segment after the version.
    pub areas: Vec<AreaRule>,
    /// Queries a user types into the crate's rustdoc search, each with the
    /// methods one of which must be among the first results, from
    /// `settings.yml`'s `searches:` (checked by `cargo xtask docs-check`).
    pub searches: Vec<SearchCheck>,
    /// `settings.yml`'s `aliases:`: words a user searches a method by that
    /// its spec does not say (`v2_sessioninfo_get: [who am i]`), by method.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// The module of the crate the API lives in (`agent`), when it is one
    /// of the APIs another's settings list; `None` at the crate root.
    pub module: Option<String>,
    /// The APIs the crate holds besides this one, each in a module of its
    /// own, from `settings.yml`'s `apis:`.
    pub apis: Vec<ModuleApi>,
    /// Which API the spec describes, so the client calls it at the right
    /// URL: `settings.yml`'s `service:` (`pod`, the default, or `agent`).
    pub service: templates::model::Service,
    /// The path the API is served under on its host (`/pod`), from
    /// `settings.yml`'s `base_path:`; it wins over the spec's. `None`: the
    /// spec's `basePath` or first server URL says.
    pub base_path: Option<String>,
    /// The generated crate's package name: `settings.yml`'s
    /// `package.name` when given, else set
    /// by the caller from the crate directory's name.
    pub package: String,
    /// Whether `package.name` was given (the caller keeps it then).
    pub package_named: bool,
    /// The manifest's version and registry metadata: `settings.yml`'s
    /// `package:`, and the version `cargo xtask bump` records in
    /// `provenance.yml` (`crate_version`).
    pub publish: templates::manifest::Publish,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bad_examples: BTreeMap::new(),
            type_renames: BTreeMap::new(),
            operation_renames: BTreeMap::new(),
            credential_headers: vec!["sessionToken".to_owned(), "keyManagerToken".to_owned()],
            conformance_defects: BTreeMap::new(),
            areas: Vec::new(),
            searches: Vec::new(),
            aliases: BTreeMap::new(),
            base_path: None,
            service: templates::model::Service::Pod,
            module: None,
            apis: Vec::new(),
            package: "generated-client".to_owned(),
            package_named: false,
            publish: templates::manifest::Publish::default(),
        }
    }
}

/// The shape of `settings.yml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct General {
    credential_headers: Vec<String>,
    #[serde(default)]
    areas: Vec<AreaRule>,
    #[serde(default)]
    searches: Vec<SearchCheck>,
    #[serde(default)]
    aliases: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    base_path: Option<String>,
    #[serde(default)]
    service: ServiceName,
    #[serde(default)]
    apis: Vec<ApiEntry>,
    #[serde(default)]
    package: PackageSettings,
}

/// One of `settings.yml`'s `apis:`: an API the crate holds in a module.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiEntry {
    /// The module (`agent`).
    module: String,
    /// Its spec, from the settings file's directory.
    spec: String,
    /// Its settings file, from the same directory.
    settings: String,
}

/// An API the crate holds in a module of its own (the agent).
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleApi {
    /// Its spec.
    pub spec: std::path::PathBuf,
    /// Its settings (`module` set).
    pub settings: Settings,
}

/// `settings.yml`'s `service:`.
#[derive(Debug, Default, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum ServiceName {
    #[default]
    Pod,
    Agent,
}

/// `settings.yml`'s `package:`: what the publisher decides. Each key is
/// optional; the defaults are [`templates::manifest::Publish::default`]'s
/// (license `MIT OR Apache-2.0`, no repository, `publish = false`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PackageSettings {
    name: Option<String>,
    license: Option<String>,
    repository: Option<String>,
    homepage: Option<String>,
    documentation: Option<String>,
    keywords: Option<Vec<String>>,
    categories: Option<Vec<String>>,
    registry: Option<String>,
}

/// The part of `provenance.yml` the settings read: the crate version the
/// last bump set.
#[derive(Debug, Default, serde::Deserialize)]
struct Released {
    crate_version: Option<String>,
}

/// A rustdoc search a user would make, and what it must find.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchCheck {
    /// What the user types (`list room members`).
    pub query: String,
    /// Client methods any one of which answers it.
    pub finds: Vec<String>,
}

/// One area of the docs: a heading, a paragraph, and the path prefixes of
/// its operations (`/v1/room`, which takes `/v1/room/{id}/info` too).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaRule {
    /// The heading (`Rooms`).
    pub name: String,
    /// One paragraph on what the area is for.
    #[serde(default)]
    pub about: String,
    /// Path prefixes (`/v1/room`); an operation goes to the first area
    /// with a prefix of its path.
    pub paths: Vec<String>,
}

/// The shape of `renames.yml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Renames {
    #[serde(default)]
    types: BTreeMap<String, String>,
    #[serde(default)]
    operations: BTreeMap<String, String>,
}

impl Settings {
    /// Reads the settings files in `dir` (the directory of the spec).
    pub fn load(dir: &Path) -> Result<Settings, String> {
        Settings::load_file(&dir.join("settings.yml"))
    }

    /// Reads a settings file (`settings.yml`, which must exist when named
    /// this way) and, beside it, `examples.yml`, `renames.yml`,
    /// `conformance.yml` and `provenance.yml` where present.
    pub fn load_named(file: &Path) -> Result<Settings, String> {
        if !file.is_file() {
            return Err(format!("{}: no such settings file", file.display()));
        }
        Settings::load_file(file)
    }

    fn load_file(file: &Path) -> Result<Settings, String> {
        let dir = file.parent().unwrap_or(Path::new("."));
        let bad_examples: Option<BTreeMap<String, String>> = read(&dir.join("examples.yml"))?;
        let renames: Renames = read(&dir.join("renames.yml"))?.unwrap_or_default();
        let general: Option<General> = read(file)?;
        let defects: Option<BTreeMap<String, String>> = read(&dir.join("conformance.yml"))?;
        let defaults = Settings::default();
        let released: Released = read(&dir.join("provenance.yml"))?.unwrap_or_default();
        let general = general.unwrap_or_else(|| General {
            credential_headers: defaults.credential_headers.clone(),
            ..General::default()
        });
        let apis = module_apis(dir, file, general.apis)?;
        let (package, service) = (general.package, general.service);
        let service = match service {
            ServiceName::Pod => templates::model::Service::Pod,
            ServiceName::Agent => templates::model::Service::Agent,
        };
        let base_path = general
            .base_path
            .map(|p| {
                checked_base_path(&p).map_err(|e| format!("{}: `base_path` {e}", file.display()))
            })
            .transpose()?;
        let base = defaults.publish;
        let publish = templates::manifest::Publish {
            version: released.crate_version.unwrap_or(base.version),
            license: package.license.unwrap_or(base.license),
            repository: package.repository,
            homepage: package.homepage,
            documentation: package.documentation,
            keywords: package.keywords.unwrap_or(base.keywords),
            categories: package.categories.unwrap_or(base.categories),
            registry: package.registry,
        };
        let package_named = package.name.is_some();
        let package_name = match package.name {
            Some(name) => crate::emit::package::checked(&name)?,
            None => defaults.package,
        };
        Ok(Settings {
            bad_examples: bad_examples.unwrap_or_default(),
            type_renames: renames.types,
            operation_renames: renames.operations,
            credential_headers: general.credential_headers,
            conformance_defects: defects.unwrap_or_default(),
            areas: general.areas,
            searches: general.searches,
            aliases: general.aliases,
            base_path,
            service,
            module: None,
            apis,
            package: package_name,
            package_named,
            publish,
        })
    }
}

/// The APIs `settings.yml`'s `apis:` lists, each with its own settings
/// (paths from `dir`): a module name the crate does not use, settings
/// that list no APIs of their own.
fn module_apis(dir: &Path, file: &Path, entries: Vec<ApiEntry>) -> Result<Vec<ModuleApi>, String> {
    let mut apis = Vec::new();
    for entry in entries {
        let bad = |why: &str| format!("{}: `apis` module `{}` {why}", file.display(), entry.module);
        let module = &entry.module;
        let valid = module.starts_with(|c: char| c.is_ascii_lowercase())
            && module
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && crate::lower::names::ident(module) == *module;
        if !valid || templates::reserved::ROOT_MODULES.contains(&module.as_str()) {
            return Err(bad("must be a lowercase Rust name the crate does not use"));
        }
        let mut settings = Settings::load_named(&dir.join(&entry.settings))?;
        if !settings.apis.is_empty() {
            return Err(bad("has settings that list APIs of their own"));
        }
        settings.module = Some(module.clone());
        apis.push(ModuleApi {
            spec: dir.join(&entry.spec),
            settings,
        });
    }
    Ok(apis)
}

/// A base path as the settings give it (`/pod`), as the client joins it:
/// no trailing `/`, `""` for the root. Refused: one that does not start
/// with `/`, or holds a query, a fragment, white space, a `.` or `..`
/// segment, or an empty segment.
fn checked_base_path(path: &str) -> Result<String, String> {
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return Ok(String::new());
    }
    let bad = if !path.starts_with('/') {
        Some("must start with `/` (write `/pod`)")
    } else if path.contains(|c: char| c == '?' || c == '#' || c.is_whitespace() || c.is_control()) {
        Some("may not hold `?`, `#`, white space or control characters")
    } else if path[1..]
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        Some("may not hold an empty, `.` or `..` segment")
    } else {
        None
    };
    match bad {
        Some(why) => Err(format!("`{path}` {why}")),
        None => Ok(path.to_owned()),
    }
}

/// A YAML settings file; `None` when it does not exist or is empty.
fn read<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => crate::load::yaml::from_str::<Option<T>>(&text)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::checked_base_path;

    #[test]
    fn base_paths_in_the_settings_are_checked() {
        assert_eq!(checked_base_path("/pod/"), Ok("/pod".to_owned()));
        assert_eq!(checked_base_path("/"), Ok(String::new()));
        assert_eq!(checked_base_path("/a/b"), Ok("/a/b".to_owned()));
        for bad in ["pod", "/a//b", "/a/../b", "/a?x", "/a b", "/./a"] {
            assert!(checked_base_path(bad).is_err(), "{bad}");
        }
    }
}

//! The one place that knows the workspace's layout: its root, the spec and
//! its settings and provenance, the generated crate, and the scratch
//! directories under `target/`. Every command loads settings through here,
//! so a bad settings file fails every command alike.

use generator::settings::Settings;
use std::path::{Path, PathBuf};

/// The spec the workspace generates from, relative to its root.
pub(crate) const SPEC: &str = "spec/symphony-pod-api-openapi.yml";

/// The workspace this xtask belongs to.
pub(crate) struct Workspace {
    pub root: PathBuf,
}

impl Workspace {
    /// The workspace around this crate (xtask is one of its members).
    pub(crate) fn here() -> Workspace {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        Workspace { root }
    }

    /// The workspace's spec.
    pub(crate) fn spec(&self) -> PathBuf {
        self.root.join(SPEC)
    }

    /// The generated crate the workspace commits.
    pub(crate) fn generated_client(&self) -> PathBuf {
        self.root.join("generated-client")
    }

    /// A scratch directory under `target/` (`target/fuzz`…).
    pub(crate) fn target(&self, name: &str) -> PathBuf {
        self.root.join("target").join(name)
    }

    /// The spec's settings (`spec/settings.yml`, `renames.yml`,
    /// `examples.yml`); a file that does not read is an error naming it.
    pub(crate) fn settings(&self) -> Result<Settings, String> {
        let mut settings = Settings::load(&self.root.join("spec"))?;
        // The module APIs' specs as the user names them, so diagnostics
        // say `spec/agent/…` as they say `spec/symphony-pod-api-openapi.yml`.
        for api in &mut settings.apis {
            api.spec = PathBuf::from(display_path(&api.spec));
        }
        Ok(settings)
    }

    /// The APIs of the crate `settings` describe: the pod's (the crate's
    /// root), then each of settings.yml's `apis:` (the agent).
    pub(crate) fn apis(&self, settings: &Settings) -> Vec<ApiFiles> {
        let pod = ApiFiles {
            name: "pod".to_owned(),
            spec: self.spec(),
            settings: settings.clone(),
            index: None,
        };
        let modules = settings.apis.iter().enumerate().map(|(i, m)| ApiFiles {
            name: m.settings.module.clone().unwrap_or_default(),
            spec: m.spec.clone(),
            settings: m.settings.clone(),
            index: Some(i),
        });
        std::iter::once(pod).chain(modules).collect()
    }

    /// The API named `name` (`pod`, or a module of settings.yml's `apis:`).
    pub(crate) fn api(&self, settings: &Settings, name: &str) -> Result<ApiFiles, String> {
        let mut apis = self.apis(settings);
        let names: Vec<String> = apis.iter().map(|a| a.name.clone()).collect();
        match apis.iter().position(|a| a.name == name) {
            Some(at) => Ok(apis.swap_remove(at)),
            None => Err(format!(
                "the crate holds no API named `{name}`: it holds {} (spec/settings.yml's `apis:` lists the modules)",
                names.join(", ")
            )),
        }
    }

    /// Says on stderr when the spec behind the link `spec` is not the one
    /// the `provenance.yml` beside it records (swapping it is allowed, but
    /// visible).
    pub(crate) fn check_provenance(&self, spec: &Path, sha256: &str) {
        let file = provenance_of(spec);
        match generator::emit::provenance::Provenance::load(&file) {
            Ok(p) => {
                let (spec, shown) = (display_path(spec), display_path(&file));
                if let Some(warning) = p.mismatch(&spec, sha256, &shown) {
                    eprintln!("{warning}");
                }
            }
            Err(e) => eprintln!("warning: cannot read the spec's provenance: {e}"),
        }
    }
}

/// One API the crate holds, as the workspace keeps it: a link to its spec,
/// its settings, and its `provenance.yml` beside the link.
pub(crate) struct ApiFiles {
    /// `pod`, or the module's name (`agent`).
    pub name: String,
    /// The link to its spec.
    pub spec: PathBuf,
    /// Its settings.
    pub settings: Settings,
    /// Its place in settings.yml's `apis:`; `None` for the root API.
    index: Option<usize>,
}

impl ApiFiles {
    /// Where its spec comes from (`spec/provenance.yml`,
    /// `spec/agent/provenance.yml`).
    pub(crate) fn provenance(&self) -> PathBuf {
        provenance_of(&self.spec)
    }

    /// Whether it is the crate's root API (the pod's).
    pub(crate) fn is_root(&self) -> bool {
        self.index.is_none()
    }

    /// Its settings for reading `spec`: the list of the spec's own broken
    /// examples belongs to the linked file only; renames and credential
    /// headers apply to any version alike (names are what a diff compares).
    pub(crate) fn settings_for(&self, spec: &Path) -> Settings {
        let canonical = |p: &Path| p.canonicalize().ok();
        if canonical(spec).is_some_and(|p| Some(p) == canonical(&self.spec)) {
            self.settings.clone()
        } else {
            Settings {
                bad_examples: Default::default(),
                ..self.settings.clone()
            }
        }
    }

    /// The whole crate generated with `spec` as this API's, read with
    /// `own` as its settings (the rest of `crate_settings` as it is).
    pub(crate) fn generate(
        &self,
        ws: &Workspace,
        crate_settings: &Settings,
        spec: &Path,
        own: Settings,
    ) -> generator::Generated {
        match self.index {
            None => {
                let settings = Settings {
                    apis: crate_settings.apis.clone(),
                    package: crate_settings.package.clone(),
                    publish: crate_settings.publish.clone(),
                    ..own
                };
                generator::generate_file(spec, &settings)
            }
            Some(i) => {
                let mut settings = crate_settings.clone();
                settings.apis[i].spec = spec.to_path_buf();
                settings.apis[i].settings = own;
                generator::generate_file(&ws.spec(), &settings)
            }
        }
    }

    /// This API's part of a generated crate: its spec, diagnostics, model.
    pub(crate) fn part<'g>(
        &self,
        generated: &'g generator::Generated,
    ) -> Option<&'g generator::Generated> {
        match self.index {
            None => Some(generated),
            Some(i) => generated.apis.get(i),
        }
    }
}

/// Every part's diagnostics (the crate's spec, then each module API's).
pub(crate) fn failure(generated: &generator::Generated) -> String {
    std::iter::once(generated)
        .chain(&generated.apis)
        .filter(|p| !p.normalised.diagnostics.is_empty())
        .map(|p| p.normalised.render_diagnostics())
        .collect()
}

/// The provenance file of the spec link `spec`: `provenance.yml` beside it.
fn provenance_of(spec: &Path) -> PathBuf {
    spec.with_file_name("provenance.yml")
}

/// The path relative to the current directory when it is under it.
pub(crate) fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Milliseconds since `started`, as the commands print them.
pub(crate) fn millis(started: std::time::Instant) -> String {
    format!("{:.1} ms", started.elapsed().as_secs_f64() * 1e3)
}

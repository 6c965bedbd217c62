//! One API, one surface, whatever the dialect: the pod spec (Swagger 2.0)
//! and OpenAPI 3.0 renditions of it generate the same public Rust API.
//! Two renditions: our own (`cargo xtask normalise` output fed back in) and
//! an independent converter's (the npm package `swagger2openapi`). And the
//! other way: the agent spec (OpenAPI 3.0) and its Swagger 2.0 rendition by
//! another independent converter (the npm package `api-spec-converter`).

use generator::settings::Settings;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn pod_spec() -> PathBuf {
    root().join("spec/symphony-pod-api-openapi.yml")
}

/// The model generated from a spec's bytes, with the workspace's settings.
fn model(name: &str, bytes: &[u8]) -> templates::model::Api {
    let settings = Settings::load(&root().join("spec")).unwrap();
    let generated = generator::generate_bytes(name, bytes, &settings);
    let diagnostics = generated.normalised.render_diagnostics();
    generated
        .model
        .unwrap_or_else(|| panic!("{name} does not generate:\n{diagnostics}"))
}

/// Asserts two specs give the same surface, and that `diff` finds nothing.
fn assert_same_api(original: &templates::model::Api, rendition: &templates::model::Api) {
    let (a, b) = (
        generator::review::surface::lines(original),
        generator::review::surface::lines(rendition),
    );
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|l| !y.contains(l)).cloned().collect()
    };
    assert!(
        a == b,
        "surfaces differ\nonly in the original:\n{}\nonly in the rendition:\n{}",
        only(&a, &b).join("\n"),
        only(&b, &a).join("\n")
    );
    let log = generator::review::diff::diff(original, rendition);
    assert!(log.changes.is_empty(), "{}", log.markdown());
}

#[test]
fn the_normalised_spec_generates_the_same_api() {
    let normalised = succeeded(
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("normalise")
            .current_dir(root()),
    );
    let original = model("pod.yml", &std::fs::read(pod_spec()).unwrap());
    let rendition = model("normalised.yml", &normalised);
    assert_same_api(&original, &rendition);
}

/// What `command` printed on stdout; its stderr is the failure when it fails.
fn succeeded(command: &mut Command) -> Vec<u8> {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// An npm tool's executable from `target/node` (where `.ci/run` installs
/// it) or the PATH. CI installs it, so there its absence is a failure;
/// elsewhere the test says how to install it and is skipped (`None`).
fn npm_tool(name: &str, package: &str) -> Option<PathBuf> {
    let local = root().join("target/node/node_modules/.bin").join(name);
    if local.exists() {
        return Some(local);
    }
    let on_path = Command::new(name).arg("--version").output();
    if on_path.is_ok_and(|o| o.status.success()) {
        return Some(PathBuf::from(name));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{name} is missing; .ci/run installs it into target/node"
    );
    println!(
        "skipped: {name} is not installed (`.ci/run` installs it into target/node; \
         locally: npm install --prefix target/node {package})"
    );
    None
}

#[test]
fn swagger2openapis_rendition_generates_the_same_api() {
    let Some(converter) = npm_tool("swagger2openapi", "swagger2openapi@7") else {
        return;
    };
    // The pod spec carries a stray OpenAPI 3 `servers: [{url: /}]`, which
    // Swagger 2.0 does not have and the generator ignores with a warning;
    // swagger2openapi keeps it as the first server, which moves every call
    // from `/pod` to `/`. The converter gets the spec without it.
    let text = std::fs::read_to_string(pod_spec()).unwrap();
    let stray = "\nservers:\n  - url: /\n";
    assert!(
        text.contains(stray),
        "the stray `servers` is gone; drop this step"
    );
    let scratch = root().join("target/dialects");
    std::fs::create_dir_all(&scratch).unwrap();
    let input = scratch.join("pod-swagger2.yml");
    std::fs::write(&input, text.replacen(stray, "\n", 1)).unwrap();
    let output = scratch.join("pod-openapi3.yml");
    succeeded(
        Command::new(&converter)
            .arg("--yaml")
            .arg("--outfile")
            .arg(&output)
            .arg(&input),
    );
    let converted = std::fs::read(&output).unwrap();
    assert!(converted.starts_with(b"openapi: 3.0"));
    let original = model("pod.yml", text.as_bytes());
    let rendition = model("pod-openapi3.yml", &converted);
    assert_same_api(&original, &rendition);
}

/// The agent's model from a spec's bytes, with its settings.
fn agent_model(name: &str, bytes: &[u8]) -> templates::model::Api {
    let settings = Settings::load(&root().join("spec")).unwrap();
    let agent = &settings
        .apis
        .iter()
        .find(|a| a.settings.module.as_deref() == Some("agent"))
        .unwrap()
        .settings;
    let generated = generator::generate_bytes(name, bytes, agent);
    let diagnostics = generated.normalised.render_diagnostics();
    generated
        .model
        .unwrap_or_else(|| panic!("{name} does not generate:\n{diagnostics}"))
}

#[test]
fn the_agent_api_in_swagger_2_generates_the_same_api() {
    let Some(converter) = npm_tool("api-spec-converter", "api-spec-converter@2") else {
        return;
    };
    // The converter turns a form body into `formData` parameters only when
    // its schema says `type: object`; the agent spec's form schemas have
    // properties but no type (an object all the same). It gets them typed.
    let spec = root().join("spec/agent/symphony-agent-api.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let mut typed: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut untyped = 0;
    for item in typed["paths"].as_mapping_mut().unwrap().values_mut() {
        for op in item
            .as_mapping_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let Some(content) = op["requestBody"]["content"].as_mapping_mut() else {
                continue;
            };
            for media in content.values_mut() {
                let schema = &mut media["schema"];
                if schema.get("properties").is_some() && schema.get("type").is_none() {
                    schema["type"] = "object".into();
                    untyped += 1;
                }
            }
        }
    }
    assert!(
        untyped > 0,
        "every form schema is typed now; drop this step"
    );
    let scratch = root().join("target/dialects");
    std::fs::create_dir_all(&scratch).unwrap();
    let input = scratch.join("agent-typed.yaml");
    std::fs::write(&input, serde_yaml::to_string(&typed).unwrap()).unwrap();
    // `--order=false`: the converter sorts properties by name otherwise,
    // and a constructor takes the required fields in the spec's order.
    let stdout = succeeded(
        Command::new(&converter)
            .args([
                "--from=openapi_3",
                "--to=swagger_2",
                "--syntax=yaml",
                "--order=false",
            ])
            .arg(&input),
    );
    let converted = String::from_utf8(stdout).unwrap();
    assert!(converted.contains("\nswagger: '2.0'\n"), "{converted:.400}");
    let original = agent_model("agent.yaml", text.as_bytes());
    let rendition = agent_model("agent-swagger2.yaml", converted.as_bytes());
    assert_same_api(&original, &rendition);
}

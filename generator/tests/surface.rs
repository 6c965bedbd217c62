//! The API surface of the generated crate: every public type, field,
//! variant and method signature, one line each, sorted. On a pod bump this
//! snapshot is the first thing a reviewer reads.

use generator::settings::Settings;
use std::path::Path;

#[test]
fn the_generated_api_surface() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings::load(&root.join("spec")).unwrap();
    let lowered = generator::lower_file(&root.join("spec/symphony-pod-api-openapi.yml"), &settings);
    let model = lowered.model.as_ref().unwrap();
    let lines = generator::review::surface::lines(model);
    let methods = lines
        .iter()
        .filter(|l| l.starts_with("fn Client::"))
        .count();
    assert_eq!(methods, model.operations.len());
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    insta::assert_snapshot!(lines.join("\n"));
}

/// The agent API's surface, in its own snapshot: a pod bump leaves it be.
#[test]
fn the_agent_api_surface() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings::load(&root.join("spec")).unwrap();
    let agent = settings
        .apis
        .iter()
        .find(|a| a.settings.module.as_deref() == Some("agent"))
        .expect("spec/settings.yml lists the agent API");
    let lowered = generator::lower_file(&agent.spec, &agent.settings);
    let model = lowered.model.as_ref().unwrap();
    let lines = generator::review::surface::lines(model);
    let methods = lines
        .iter()
        .filter(|l| l.starts_with("fn agent::Agent::"))
        .count();
    assert_eq!(methods, model.operations.len());
    insta::assert_snapshot!(lines.join("\n"));
}

//! Calls go where Symphony serves each API: the pod under `/pod` on its
//! host. A server that answers only there is reached by the committed
//! crate (a base path the mock shared could not hide a wrong one), and
//! specs that say it badly, or not at all, are read as the issue asks.

use generator::settings::Settings;
use std::path::{Path, PathBuf};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Symphony's own context path for the pod API (not read from the crate).
const POD_CONTEXT: &str = "/pod";

#[tokio::test]
async fn the_crate_reaches_a_pod_that_serves_only_under_its_context_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{POD_CONTEXT}/v1/anything")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"ok": 7}"#, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    // Anything else, the root included, is 404 (wiremock's default). A raw
    // call goes under the base path like every method, whatever the spec.
    let client = generated_client::Client::builder(
        server.uri(),
        generated_client::StaticTokens::session_token("t"),
    )
    .retry(generated_client::RetryPolicy::none())
    .build()
    .unwrap();
    let answer = client
        .raw(generated_client::Method::GET, "/v1/anything")
        .send::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(answer.into_inner()["ok"], 7);
}

/// Lowers a spec of `../shared/spec` with `settings`: its base path, and its
/// diagnostics as printed.
fn lowered(file: &str, settings: &Settings) -> (String, String) {
    let bytes = std::fs::read(root().join("../shared/spec").join(file)).unwrap();
    let generated = generator::generate_bytes(file, &bytes, settings);
    let diagnostics = generated.normalised.render_diagnostics();
    let model = generated.model.unwrap_or_else(|| panic!("{diagnostics}"));
    (model.base_path, diagnostics)
}

#[test]
fn the_agent_spec_is_called_under_agent_with_a_warning_about_its_server_url() {
    let (base_path, diagnostics) = lowered("symphony-agent-api-25.8.1.yaml", &Settings::default());
    assert_eq!(base_path, "/agent");
    let warning = diagnostics
        .split("\n\n")
        .find(|d| d.contains("has no scheme"))
        .unwrap_or_else(|| panic!("no warning about the server URL:\n{diagnostics}"));
    insta::assert_snapshot!(warning);
}

#[test]
fn an_official_pod_spec_without_base_path_is_called_under_pod_by_the_settings() {
    let workspace = Settings::load(&root().join("spec")).unwrap();
    let (pinned, _) = lowered("symphony-pod-api-20.13.0.yaml", &workspace);
    assert_eq!(pinned, POD_CONTEXT);
    // Without the settings, the root, and a warning that says what to do.
    let (bare, diagnostics) = lowered("symphony-pod-api-20.13.0.yaml", &Settings::default());
    assert_eq!(bare, "");
    assert!(
        diagnostics.contains("the spec gives no base path") && diagnostics.contains("base_path"),
        "{diagnostics}"
    );
}

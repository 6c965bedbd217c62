//! A Symphony BDK configuration file, with `${VAR}` substitution, builds a
//! working client: a certificate bot behind an authenticating proxy on a
//! pod signed by a private CA, all offline. Unknown keys are warned, bad
//! values name their key, and no secret is ever printed.

use generated_client::runtime::BdkConfig;
use generated_client::Client;
use std::path::{Path, PathBuf};

mod common;
use common::keys::KEY_PKCS8;
use common::net::{https_server, Ca, Proxy};

/// A directory of its own for one test's files, removed when the test
/// ends (a temporary directory is no place to leave keys behind).
fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("bdk-config-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

/// A test's directory, removed on drop.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn a_bdk_file_with_environment_variables_builds_a_working_client() {
    let ca = Ca::new("Acme Private Root");
    let proxy = Proxy::start("cfg-user", "cfg-pa55").await;
    let (pod_port, pod_seen) = https_server(&ca, false, |seen| {
        if seen.header("sessionToken") == Some("cfg-session") {
            (200, vec![], r#"{"id": 3}"#.to_owned())
        } else {
            (401, vec![], "{}".to_owned())
        }
    })
    .await;
    let (auth_port, auth_seen) = https_server(&ca, true, |seen| {
        if seen.path == "/sessionauth/v1/authenticate" && seen.client_certificate {
            (
                200,
                vec![],
                r#"{"name": "sessionToken", "token": "cfg-session"}"#.to_owned(),
            )
        } else {
            (401, vec![], "{}".to_owned())
        }
    })
    .await;
    let dir = scratch("working");
    let bot = ca.client();
    std::fs::write(
        dir.join("bot.pem"),
        format!("{}{}", bot.cert_pem, bot.key_pem),
    )
    .unwrap();
    std::fs::write(dir.join("roots.pem"), ca.pem()).unwrap();
    std::env::set_var("CFG_TEST_PROXY_PASSWORD", "cfg-pa55");
    std::env::set_var("CFG_TEST_POD_PORT", pod_port.to_string());
    let yaml = format!(
        "# The bot of the config test\n\
         host: pod.test\n\
         port: ${{CFG_TEST_POD_PORT}}\n\
         sessionAuth:\n  host: sessionauth.test\n  port: {auth_port}\n\
         bot:\n  username: cfg-bot\n  certificate:\n    path: bot.pem\n\
         proxy:\n  host: 127.0.0.1\n  port: {}\n  username: cfg-user\n  password: ${{CFG_TEST_PROXY_PASSWORD}}\n\
         ssl:\n  trustStore:\n    path: roots.pem\n\
         retry:\n  maxAttempts: ${{CFG_TEST_UNSET_ATTEMPTS:-2}}\n  initialIntervalMillis: 10\n\
         connectionTimeout: 5000\n\
         defaultHeaders:\n  X-Bot: cfg\n\
         datafeed:\n  version: v2\n\
         colour: blue\n",
        proxy.port
    );
    std::fs::write(dir.join("config.yaml"), yaml).unwrap();
    let config = BdkConfig::from_file(dir.join("config.yaml")).unwrap();
    assert_eq!(config.warnings().len(), 1, "{:?}", config.warnings());
    assert!(config.warnings()[0].contains("`colour`"));
    assert_eq!(
        config.pod_url().unwrap(),
        format!("https://pod.test:{pod_port}")
    );
    assert_eq!(config.retry().max_attempts, 2);
    let client = Client::from_bdk_config(&config).unwrap();
    client.v2_sessioninfo_get().send().await.unwrap();
    assert_eq!(auth_seen.lock().unwrap().len(), 1);
    let pod_seen = pod_seen.lock().unwrap();
    assert_eq!(pod_seen.len(), 1);
    assert_eq!(pod_seen[0].header("x-bot"), Some("cfg"));
    assert!(proxy.tunnels() >= 2, "through the proxy");
    let shown = format!("{config:?} {client:?}");
    assert!(
        !shown.contains("cfg-pa55") && !shown.contains("PRIVATE KEY"),
        "{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_rsa_bot_and_an_app_are_read_from_inline_keys() {
    let yaml = format!(
        "host: acme.symphony.com\n\
         keyManager:\n  host: km.acme.com\n  port: 8443\n\
         bot:\n  username: rsa-bot\n  privateKey:\n    content: |\n{}\n\
         app:\n  appId: acme-app\n  privateKey:\n    content: |\n{}\n",
        indent(KEY_PKCS8),
        indent(KEY_PKCS8)
    );
    let config = BdkConfig::parse(&yaml).unwrap();
    assert!(config.warnings().is_empty(), "{:?}", config.warnings());
    // The RSA key and the key manager are read; a bad key would fail here.
    config.bot_auth().unwrap();
    let app = config.app_auth().unwrap();
    let shown = format!("{app:?} {config:?}");
    assert!(!shown.contains("MIIE"), "{shown}");
    assert!(format!("{app:?}").contains("acme-app"));
    // JSON is read too.
    let json = r#"{"host": "acme.symphony.com", "pod": {"port": 8443, "context": "/x/"}}"#;
    assert_eq!(
        BdkConfig::parse(json).unwrap().pod_url().unwrap(),
        "https://acme.symphony.com:8443/x"
    );
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn bad_configurations_name_the_key_and_never_the_secret() {
    let dir = scratch("bad");
    std::fs::write(dir.join("store.jks"), [0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]).unwrap();
    let cases: &[(&str, &str)] = &[
        (
            "bot:\n  username: b\n",
            "needs `privateKey` or `certificate`",
        ),
        (
            "host: h\nbot:\n  privateKey:\n    content: x\n",
            "`bot.username`",
        ),
        (
            "bot:\n  username: b\n  privateKey:\n    path: nowhere.pem\n",
            "bot.privateKey.path",
        ),
        (
            "host: h\nssl:\n  trustStore:\n    path: store.jks\n    password: hunter2\n",
            "keytool",
        ),
        ("host: h\nport: hunter2\n", "line 2"),
        (
            "proxy:\n  host: p\n  password: ${CFG_TEST_NEVER_SET}\n",
            "CFG_TEST_NEVER_SET",
        ),
        (
            "bot:\n  username: b\n  privateKey: {content: x}\n  certificate: {content: y}\n",
            "keep one",
        ),
    ];
    for (yaml, says) in cases {
        std::fs::write(dir.join("c.yaml"), yaml).unwrap();
        let error = match BdkConfig::from_file(dir.join("c.yaml")) {
            Err(e) => e,
            Ok(config) => match (config.network(), config.bot_auth()) {
                (Err(e), _) | (Ok(_), Err(e)) => e,
                (Ok(_), Ok(_)) => panic!("{yaml} was accepted"),
            },
        };
        let text = error.to_string();
        assert!(text.contains(says), "{yaml}: {text}");
        assert!(!text.contains("hunter2"), "{yaml}: {text}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_agent_is_called_at_its_own_endpoint_or_else_at_the_pods() {
    let dir = scratch("agent");
    let file = dir.join("config.yaml");
    let client = |yaml: &str| {
        std::fs::write(&file, yaml).unwrap();
        let config = BdkConfig::from_file(&file).unwrap();
        assert!(config.warnings().is_empty(), "{:?}", config.warnings());
        let tokens = generated_client::StaticTokens::session_token("t");
        let client = config
            .client_builder("/pod", tokens)
            .unwrap()
            .agent_base_path("/agent")
            .build()
            .unwrap();
        format!("{client:?}")
    };
    let both = client(
        "host: pod.test\npod:\n  context: acme\nagent:\n  host: agent.test\n  port: 8444\n  context: /ctx/\n",
    );
    assert!(
        both.contains("base: \"https://pod.test/acme/pod\""),
        "{both}"
    );
    assert!(both.contains("https://agent.test:8444/ctx/agent"), "{both}");
    let pod_only = client("host: pod.test\n");
    assert!(
        pod_only.contains("agent: \"https://pod.test/agent\""),
        "{pod_only}"
    );
}

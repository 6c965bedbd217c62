//! The proxy environment (`HTTPS_PROXY`, `NO_PROXY`), in a test binary of
//! its own since it sets process-wide variables: honoured by default with
//! credentials taken from the URL, loopback and `NO_PROXY` hosts reached
//! directly, ignored with `no_env_proxy`.

use generated_client::{Client, Network, RetryPolicy, StaticTokens};

mod common;
use common::net::{https_server, Ca, Proxy};

#[tokio::test]
async fn the_proxy_environment_is_honoured_except_for_loopback_and_no_proxy() {
    let ca = Ca::new("Acme Private Root");
    let proxy = Proxy::start("env-user", "env-pa55").await;
    let (port, seen) = https_server(&ca, false, |_| (200, vec![], "{}".to_owned())).await;
    std::env::set_var(
        "HTTPS_PROXY",
        format!("http://env-user:env-pa55@127.0.0.1:{}", proxy.port),
    );
    std::env::set_var("NO_PROXY", "direct.test");
    let trusting = || {
        Network::new()
            .add_root_certificates_pem(ca.pem())
            .unwrap()
            .customize(move |b| b.resolve("direct.test", ([127, 0, 0, 1], port).into()))
    };
    let call = |host: &str, network: Network| {
        let client = Client::builder(
            format!("https://{host}:{port}"),
            StaticTokens::session_token("t"),
        )
        .network(network)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
        async move { client.v2_sessioninfo_get().send().await.map(|_| ()) }
    };
    // pod.test is known only to the proxy.
    call("pod.test", trusting()).await.unwrap();
    assert_eq!(proxy.tunnels(), 1);
    call("localhost", trusting()).await.unwrap();
    call("direct.test", trusting()).await.unwrap();
    assert_eq!(proxy.tunnels(), 1, "loopback and NO_PROXY hosts go direct");
    // Ignoring the environment, pod.test cannot be found.
    assert!(call("pod.test", trusting().no_env_proxy()).await.is_err());
    assert_eq!(proxy.tunnels(), 1);
    assert_eq!(proxy.refused(), 0);
    assert_eq!(seen.lock().unwrap().len(), 3);
    std::env::remove_var("HTTPS_PROXY");
    std::env::remove_var("NO_PROXY");
}

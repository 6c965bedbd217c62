//! `cargo xtask conformance`: the generated client against Stoplight Prism,
//! an independent mock server driven by the normalised spec, once answering
//! with the spec's examples and once with generated data, for each API the
//! crate holds. The calls are the generated tests
//! `generated-client/tests/conformance.rs` and `agent_conformance.rs`.

use crate::workspace::Workspace;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use templates::home::Home;

/// A Prism process, stopped when dropped.
struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn run(ws: &Workspace) -> ExitCode {
    let root = ws.root.as_path();
    let prism = ws.target("node/node_modules/.bin/prism");
    if !prism.exists() {
        eprintln!(
            "error: Prism is not installed at {}\n  help: npm install --prefix target/node @stoplight/prism-cli@5",
            prism.display()
        );
        return ExitCode::FAILURE;
    }
    let dir = ws.target("conformance");
    let settings = match ws.settings() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Two Prism servers per API (the pod's, the agent's), each API's
    // generated test reading their URLs from its own variables.
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // The workspace's features, which the test build already compiled:
    // `-p generated-client` alone unifies features differently and
    // rebuilds the HTTP stack.
    command.args(["test", "--workspace"]).current_dir(root);
    let mut servers = Vec::new();
    for api in ws.apis(&settings) {
        let module = (!api.is_root()).then_some(api.name.as_str());
        let spec = dir.join(format!("{}.yml", api.name));
        if let Err(e) = write_normalised(&api.spec, &spec) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        let home = Home {
            module,
            service: api.settings.service,
        };
        for (mode, dynamic) in [("static", false), ("dynamic", true)] {
            let label = format!("{}-{mode}", api.name);
            match start(&prism, &spec, &dir, &label, dynamic) {
                Ok(server) => {
                    eprintln!("prism: {label} {}", server.url);
                    let variable = home.variable(&format!("{}_URL", mode.to_uppercase()));
                    command.env(variable, &server.url);
                    servers.push(server);
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        command.args(["--test", &generator::emit::test_stem(module, "conformance")]);
    }
    let status = command.args(["--", "--ignored", "--nocapture"]).status();
    drop(servers);
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(_) => {
            eprintln!("Prism's logs: {}", dir.join("prism-*.log").display());
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: cannot run cargo test: {e}");
            ExitCode::FAILURE
        }
    }
}

/// An API's spec as OpenAPI 3.0, which Prism reads.
fn write_normalised(spec: &Path, out: &Path) -> Result<(), String> {
    let normalised = generator::normalise_file(spec);
    let api = normalised
        .openapi
        .as_ref()
        .ok_or_else(|| normalised.render_diagnostics())?;
    let text = generator::load::yaml::to_string(api)?;
    std::fs::create_dir_all(out.parent().unwrap_or(Path::new(".")))
        .and_then(|()| std::fs::write(out, text))
        .map_err(|e| format!("{}: {e}", out.display()))
}

/// Starts Prism on a free loopback port and waits until it listens.
fn start(
    prism: &Path,
    spec: &Path,
    dir: &Path,
    label: &str,
    dynamic: bool,
) -> Result<Prism, String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let log_path: PathBuf = dir.join(format!("prism-{label}.log"));
    let log =
        std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let mut command = Command::new(prism);
    command
        .args([
            "mock",
            "--errors",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    if dynamic {
        command.arg("--dynamic");
    }
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
    let server = Prism {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "Prism ({label}) did not listen within 120 s; see {}",
                log_path.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(server)
}

//! `cargo xtask conformance`: the generated client against Stoplight Prism,
//! an independent mock server driven by the normalised spec, once answering
//! with the spec's examples and once with generated data. The calls are the
//! generated test `generated-client/tests/conformance.rs`.

use crate::workspace::Workspace;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

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
    let spec = dir.join("pod.yml");
    if let Err(e) = write_normalised(root, &spec) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let servers = ["static", "dynamic"].map(|mode| start(&prism, &spec, &dir, mode));
    let [Ok(fixed), Ok(dynamic)] = servers else {
        for e in servers.into_iter().filter_map(Result::err) {
            eprintln!("error: {e}");
        }
        return ExitCode::FAILURE;
    };
    eprintln!("prism: static {} dynamic {}", fixed.url, dynamic.url);
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        // The workspace's features, which the test build already compiled:
        // `-p generated-client` alone unifies features differently and
        // rebuilds the HTTP stack.
        .args(["test", "--workspace", "--test", "conformance", "--"])
        .args(["--ignored", "--nocapture"])
        .env("PRISM_STATIC_URL", &fixed.url)
        .env("PRISM_DYNAMIC_URL", &dynamic.url)
        .current_dir(root)
        .status();
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

/// The workspace spec as OpenAPI 3.0, which Prism reads.
fn write_normalised(root: &Path, out: &Path) -> Result<(), String> {
    let normalised = generator::normalise_file(&root.join(crate::workspace::SPEC));
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
fn start(prism: &Path, spec: &Path, dir: &Path, mode: &str) -> Result<Prism, String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let log_path: PathBuf = dir.join(format!("prism-{mode}.log"));
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
    if mode == "dynamic" {
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
                "Prism ({mode}) did not listen within 120 s; see {}",
                log_path.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Ok(server)
}

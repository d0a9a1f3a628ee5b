//! The real, certified OpenID Connect server `oidc-provider` (npm), started on loopback for one test.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use url::Url;

pub const TENANT_ID: &str = "5b1f2d0c-8a4e-4f6b-9c3d-2e7a1b0c9d8e";
pub const CLIENT_ID: &str = "lifeboat-test-client";

pub struct OidcPeer {
    child: Child,
    pub base: Url,
}

impl OidcPeer {
    /// Starts `node server.mjs`. Fails loudly (never skips) when its packages are not installed.
    pub fn start() -> Self {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider");
        assert!(
            dir.join("node_modules/oidc-provider/package.json").exists(),
            "oidc-provider is not installed: run `npm ci --prefix crates/core/tests/oidc-provider` first"
        );
        let mut child = Command::new("node")
            .arg("server.mjs")
            .current_dir(&dir)
            .env("OIDC_TENANT_ID", TENANT_ID)
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node must be installed to run the oidc-provider tests");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let _ = sender.send(line);
            // Keep reading so the server never writes into a closed pipe.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        });
        let line = match receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                panic!("oidc-provider did not print its URL within 30 s");
            }
        };
        let base = Url::parse(line.trim())
            .unwrap_or_else(|_| panic!("oidc-provider printed {line:?}, not its URL"));
        Self { child, base }
    }
}

impl Drop for OidcPeer {
    fn drop(&mut self) {
        // Closing stdin stops the server; kill it too in case it hangs.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

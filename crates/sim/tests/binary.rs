//! The `lifeboat-sim` program: base URL on the first line, serving until stopped; clear errors for bad files.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const PROGRAM: &str = env!("CARGO_BIN_EXE_lifeboat-sim");

/// The running program, killed when the test ends, even when an assertion fails first.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn prints_its_base_url_first_and_serves_the_scenario() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/practice.toml");
    let mut child = Running(
        Command::new(PROGRAM)
            .args(["--scenario", scenario, "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the program starts"),
    );
    let stdout = child.0.stdout.take().expect("piped stdout");
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let base = first.trim().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let port: u16 = base.rsplit(':').next().unwrap().parse().expect("a port");
    assert_ne!(port, 0);
    let body: serde_json::Value = reqwest::get(format!(
        "{base}/liceovolta.edu.it/v2.0/.well-known/openid-configuration"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        body["issuer"],
        format!("{base}/5c1f0d3e-8a47-4f2b-9b6e-2d7a4e9c1b10/v2.0")
    );
}

#[test]
fn a_malformed_scenario_exits_2_naming_file_line_and_field() {
    let path = std::env::temp_dir().join(format!("lifeboat-sim-bad-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "[[tenants]]\nid = \"11111111-2222-4333-8444-555555555555\"\ndomain = \"contoso.it\"\nname = \"Contoso\"\nkind = \"school\"\n",
    )
    .unwrap();
    let output = Command::new(PROGRAM)
        .args(["--scenario", path.to_str().unwrap(), "--port", "0"])
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        format!(
            "lifeboat-sim: {}, line 5, column 8, field `tenants.kind`: unknown variant `school`, expected `education` or `business`",
            path.display()
        )
    );
}

#[test]
fn a_missing_scenario_file_exits_2() {
    let output = Command::new(PROGRAM)
        .args(["--scenario", "/nonexistent/scenario.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr)
        .unwrap()
        .contains("/nonexistent/scenario.toml: cannot read the file"));
}

//! The walls of docs/ARCHITECTURE.md ("What may depend on what"), checked rather than only described: the
//! manifests as Cargo resolves them (`cargo metadata`), and the core's sources for the front-end and clock
//! rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// Each workspace package's dependencies by name, split into normal (and build) and dev.
fn dependencies() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(ROOT)
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            let mut normal = BTreeSet::new();
            let mut dev = BTreeSet::new();
            for dependency in package["dependencies"].as_array().unwrap() {
                let name = dependency["name"].as_str().unwrap().to_string();
                match dependency["kind"].as_str() {
                    Some("dev") => dev.insert(name),
                    _ => normal.insert(name),
                };
            }
            (package["name"].as_str().unwrap().to_string(), (normal, dev))
        })
        .collect()
}

fn is_front_end(name: &str) -> bool {
    name == "tauri" || name.starts_with("tauri-") || name == "clap" || name == "wry"
}

#[test]
fn what_may_depend_on_what() {
    let packages = dependencies();
    let names: BTreeSet<&str> = packages.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "lifeboat-cli",
            "lifeboat-core",
            "lifeboat-desktop",
            "lifeboat-sim"
        ]),
        "a new package needs its place in docs/ARCHITECTURE.md and here"
    );
    let (core, core_dev) = &packages["lifeboat-core"];
    let front_ends: Vec<&String> = core.iter().filter(|name| is_front_end(name)).collect();
    assert!(
        front_ends.is_empty(),
        "the core depends on a front end: {front_ends:?}"
    );
    for ours in ["lifeboat-cli", "lifeboat-desktop", "lifeboat-sim"] {
        assert!(!core.contains(ours), "the core depends on {ours}");
    }
    assert!(
        core_dev.contains("lifeboat-sim"),
        "the simulator reaches the core's tests only"
    );
    let (sim, _) = &packages["lifeboat-sim"];
    let ours: Vec<&String> = sim
        .iter()
        .filter(|name| name.starts_with("lifeboat"))
        .collect();
    assert!(
        ours.is_empty(),
        "the simulator shares no code with the core: {ours:?}"
    );
    let (cli, _) = &packages["lifeboat-cli"];
    let (desktop, _) = &packages["lifeboat-desktop"];
    assert!(cli.contains("lifeboat-core") && desktop.contains("lifeboat-core"));
    assert!(!cli.contains("lifeboat-desktop") && !desktop.contains("lifeboat-cli"));
    assert!(!cli
        .iter()
        .any(|name| name == "tauri" || name.starts_with("tauri-")));
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files
}

/// The code of a file without its unit tests (they may build fixtures any way they like).
fn code_before_tests(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[test]
fn the_core_names_no_front_end_and_its_rules_never_read_the_clock() {
    let src = Path::new(ROOT).join("crates/core/src");
    for path in rust_files(&src) {
        let code = code_before_tests(&path);
        for front_end in ["tauri::", "clap::", "lifeboat_cli", "lifeboat_desktop"] {
            assert!(
                !code.contains(front_end),
                "{} names {front_end}",
                path.display()
            );
        }
    }
    // Rules, views and edits take the time as an argument; only the I/O layers (clock.rs, sign-in, Graph,
    // the book's store) may ask the system.
    for folder in ["assess", "views", "edits", "ticket"] {
        for path in rust_files(&src.join(folder)) {
            let code = code_before_tests(&path);
            for clock in [
                "now_utc()",
                "SystemTime::now",
                "Instant::now",
                "std::env::var",
            ] {
                assert!(
                    !code.contains(clock),
                    "{} reads {clock}: pass it in",
                    path.display()
                );
            }
        }
    }
}

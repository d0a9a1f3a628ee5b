//! What the CLI's tests share: a fresh directory per test, the real binary run with a clean environment (no
//! terminal, a given book and language), and its output as text.

#![allow(dead_code)] // Each test file uses a different part.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_lifeboat");

/// A fresh, empty directory for one test (`name` unique across the CLI's tests).
pub fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lifeboat-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `lifeboat` on `book` in `lang`, with nothing else from this environment and no terminal to ask on.
pub fn run(book: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("LIFEBOAT_BOOK", book)
        .env("LIFEBOAT_LANG", lang)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails with the exit code and both outputs unless the command succeeded.
pub fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

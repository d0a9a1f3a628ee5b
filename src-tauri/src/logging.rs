//! Logging for the desktop app: `tracing` to stderr and to a file in the platform's log directory
//! (Linux `~/.local/share/<id>/logs`, macOS `~/Library/Logs/<id>`, Windows `%LOCALAPPDATA%\<id>\logs`, as Tauri's
//! path resolver gives them). The level comes from `RUST_LOG` (default `info`). Nothing logged carries tokens.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter, Layer};

const LOG_FILE_NAME: &str = "lifeboat.log";

/// Keeps the file writer's background thread alive for the life of the process.
static FILE_GUARD: OnceLock<WorkerGuard> = OnceLock::new();

/// Installs the global subscriber; returns the log file's path when one could be opened. A log directory that
/// cannot be created costs the file only, never the app.
pub fn init(log_dir: Option<&Path>) -> Option<PathBuf> {
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr_layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_filter(filter());

    let file = log_dir.and_then(|dir| {
        std::fs::create_dir_all(dir).ok()?;
        let path = dir.join(LOG_FILE_NAME);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .ok()?;
        Some((path, file))
    });

    match file {
        Some((path, file)) => {
            let (writer, guard) = tracing_appender::non_blocking(file);
            let _ = FILE_GUARD.set(guard);
            let file_layer = fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(filter());
            let _ = tracing_subscriber::registry()
                .with(stderr_layer)
                .with(file_layer)
                .try_init();
            Some(path)
        }
        None => {
            let _ = tracing_subscriber::registry().with(stderr_layer).try_init();
            None
        }
    }
}

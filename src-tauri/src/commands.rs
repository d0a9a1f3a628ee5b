//! The `#[tauri::command]`s the window calls. Each is a thin wrapper over one core call.

use std::path::PathBuf;

use lifeboat_core::{AppInfo, Lang};

use crate::error::IpcError;

/// What the shell itself knows and the commands need.
pub struct ShellState {
    /// Where this run's log goes, for "export diagnostics" and bug reports; `None` when no log file could be made.
    pub log_file: Option<PathBuf>,
}

/// Facts about this build and the language the environment asks for.
#[tauri::command]
pub fn app_info() -> Result<AppInfo, IpcError> {
    Ok(lifeboat_core::about(environment_lang()))
}

/// The language from `LIFEBOAT_LANG`, then the POSIX locale variables. On Windows and macOS, where those are
/// usually unset, the UI falls back to the web view's own `navigator.language`.
fn environment_lang() -> Lang {
    let var = |name: &str| std::env::var(name).ok();
    let (override_code, lc_all, lc_messages, lang) = (
        var("LIFEBOAT_LANG"),
        var("LC_ALL"),
        var("LC_MESSAGES"),
        var("LANG"),
    );
    Lang::choose(
        override_code.as_deref(),
        &[lc_all.as_deref(), lc_messages.as_deref(), lang.as_deref()],
    )
}

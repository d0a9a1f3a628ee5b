//! The Temporary Access Pass while the shell holds it: a secret that never prints, copied to the clipboard on
//! request and cleared from it a minute later, unless the admin copied something else meanwhile.

use std::time::Duration;

/// How long a copied pass stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(60);

/// The pass, held in memory for "Copy" until the admin hides it or the desk session ends. `Debug` prints
/// `[redacted]`, so no log line or error can carry it.
#[derive(Clone, PartialEq, Eq)]
pub struct HeldPass(String);

impl HeldPass {
    pub fn new(pass: &str) -> Self {
        Self(pass.to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for HeldPass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// The clipboard, as the pass needs it (the system's in the app, a double in tests).
pub trait PassClipboard: Send + Sync {
    fn write(&self, text: &str) -> Result<(), String>;
    /// What the clipboard holds now, when it is text.
    fn read(&self) -> Option<String>;
    fn clear(&self);
}

/// Copies the pass.
pub fn copy(clipboard: &dyn PassClipboard, pass: &HeldPass) -> Result<(), String> {
    clipboard.write(pass.expose())
}

/// After `wait` (a minute in the app), clears the clipboard if it still holds `pass`. Returns whether it did.
pub fn clear_after(clipboard: &dyn PassClipboard, pass: &HeldPass, wait: &dyn Fn()) -> bool {
    wait();
    let still = clipboard.read().as_deref() == Some(pass.expose());
    if still {
        clipboard.clear();
    }
    still
}

/// The system clipboard through the clipboard plugin, used from Rust only.
pub struct SystemClipboard(pub tauri::AppHandle);

impl PassClipboard for SystemClipboard {
    fn write(&self, text: &str) -> Result<(), String> {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        self.0
            .clipboard()
            .write_text(text)
            .map_err(|error| error.to_string())
    }

    fn read(&self) -> Option<String> {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        self.0.clipboard().read_text().ok()
    }

    fn clear(&self) {
        use tauri_plugin_clipboard_manager::ClipboardExt;
        if let Err(error) = self.0.clipboard().clear() {
            tracing::warn!(%error, "the clipboard could not be cleared");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct FakeClipboard(Mutex<Option<String>>);

    impl PassClipboard for FakeClipboard {
        fn write(&self, text: &str) -> Result<(), String> {
            *self.0.lock().unwrap() = Some(text.to_string());
            Ok(())
        }
        fn read(&self) -> Option<String> {
            self.0.lock().unwrap().clone()
        }
        fn clear(&self) {
            *self.0.lock().unwrap() = None;
        }
    }

    #[test]
    fn the_pass_is_cleared_after_the_wait_when_still_there() {
        let clipboard = FakeClipboard::default();
        let pass = HeldPass::new("TAP-1234-abcd");
        copy(&clipboard, &pass).unwrap();
        assert_eq!(clipboard.read().as_deref(), Some("TAP-1234-abcd"));
        let waited = std::cell::Cell::new(false);
        assert!(clear_after(&clipboard, &pass, &|| waited.set(true)));
        assert!(waited.get(), "the clipboard is cleared only after the wait");
        assert_eq!(clipboard.read(), None);
    }

    #[test]
    fn something_else_copied_meanwhile_is_left_alone() {
        let clipboard = FakeClipboard::default();
        let pass = HeldPass::new("TAP-1234-abcd");
        copy(&clipboard, &pass).unwrap();
        let copied_other = || clipboard.write("the admin's own notes").unwrap();
        assert!(!clear_after(&clipboard, &pass, &copied_other));
        assert_eq!(clipboard.read().as_deref(), Some("the admin's own notes"));
    }

    #[test]
    fn the_pass_never_prints() {
        let pass = HeldPass::new("TAP-1234-abcd");
        assert_eq!(format!("{pass:?}"), "[redacted]");
        assert_eq!(CLEAR_AFTER, Duration::from_secs(60));
    }
}

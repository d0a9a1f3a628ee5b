//! TypeScript types for every IPC payload, generated from the Rust types with `ts-rs` so they are never written
//! twice. `cargo test` fails when `ui/src/lib/ipc/generated/` is out of date; `LIFEBOAT_UPDATE_TS=1 cargo test`
//! (or `make ts-types`) rewrites it.

use std::path::{Path, PathBuf};

use ts_rs::{Config, ExportError, TS};

/// Where the generated types live, relative to the repository root.
pub const GENERATED_DIR: &str = "ui/src/lib/ipc/generated";

/// Writes the TypeScript declaration of every IPC payload type (and the types they use) into `dir`.
pub fn export_all(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    // Every type a command takes or returns, and every event payload, is listed here.
    crate::error::IpcError::export_all(&cfg)?;
    lifeboat_core::AppInfo::export_all(&cfg)?;
    crate::commands::SessionInfo::export_all(&cfg)?;
    lifeboat_core::views::BookView::export_all(&cfg)?;
    lifeboat_core::views::ResultsView::export_all(&cfg)?;
    lifeboat_core::edits::AccountForm::export_all(&cfg)?;
    lifeboat_core::edits::SituationForm::export_all(&cfg)?;
    lifeboat_core::edits::PersonForm::export_all(&cfg)?;
    crate::commands::book::ImportOutcome::export_all(&cfg)?;
    crate::commands::book::BookRecovery::export_all(&cfg)?;
    lifeboat_core::manual_inventory::ManualMethod::export_all(&cfg)?;
    lifeboat_core::situation::Situation::export_all(&cfg)?;
    crate::commands::tickets::TicketDraft::export_all(&cfg)?;
    crate::commands::tickets::TicketEdit::export_all(&cfg)?;
    crate::commands::tickets::SavedFile::export_all(&cfg)?;
    lifeboat_core::check_in_turn::CheckProgress::export_all(&cfg)?;
    crate::commands::check::Pressed::export_all(&cfg)?;
    crate::commands::settings::SettingsView::export_all(&cfg)?;
    crate::commands::settings::Forgotten::export_all(&cfg)?;
    lifeboat_core::signin::discovery::TenantLookup::export_all(&cfg)?;
    crate::commands::moving::MoveScreen::export_all(&cfg)?;
    crate::commands::moving::RecordFormat::export_all(&cfg)?;
    lifeboat_core::moving::MoveForm::export_all(&cfg)?;
    lifeboat_core::moving::MoveStep::export_all(&cfg)?;
    crate::commands::troubleshoot::Troubleshooting::export_all(&cfg)?;
    crate::commands::reregister::PracticePass::export_all(&cfg)?;
    lifeboat_core::reregistration::ReregisterStep::export_all(&cfg)?;
    crate::commands::desk::DeskView::export_all(&cfg)?;
    crate::commands::desk::VerifyAnswer::export_all(&cfg)?;
    crate::commands::desk::ActionPreview::export_all(&cfg)?;
    crate::commands::desk::Performed::export_all(&cfg)?;
    crate::commands::desk::PracticeTicket::export_all(&cfg)?;
    lifeboat_core::desk::VerificationForm::export_all(&cfg)?;
    lifeboat_core::desk::ActionRequest::export_all(&cfg)?;
    crate::commands::desk::ReadinessDone::export_all(&cfg)?;
    lifeboat_core::desk::ReadinessSummary::export_all(&cfg)?;
    Ok(())
}

/// The generated directory in this checkout.
pub fn generated_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(GENERATED_DIR)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn read_ts_files(dir: &Path) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".ts") {
                    files.insert(name, std::fs::read_to_string(entry.path()).unwrap());
                }
            }
        }
        files
    }

    /// The committed TypeScript types must be exactly what the Rust types generate.
    #[test]
    fn generated_typescript_is_current() {
        let fresh = std::env::temp_dir().join(format!("lifeboat-ts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&fresh);
        export_all(&fresh).expect("ts-rs export");
        let expected = read_ts_files(&fresh);
        assert!(
            expected.contains_key("IpcError.ts"),
            "IpcError must be exported"
        );

        let committed_dir = generated_dir();
        if std::env::var_os("LIFEBOAT_UPDATE_TS").is_some() {
            let _ = std::fs::remove_dir_all(&committed_dir);
            std::fs::create_dir_all(&committed_dir).unwrap();
            for (name, text) in &expected {
                std::fs::write(committed_dir.join(name), text).unwrap();
            }
        }
        let committed = read_ts_files(&committed_dir);
        let _ = std::fs::remove_dir_all(&fresh);
        assert_eq!(
            committed, expected,
            "ui/src/lib/ipc/generated is stale: run `make ts-types` and commit the result"
        );
    }
}

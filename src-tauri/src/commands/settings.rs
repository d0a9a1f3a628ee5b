//! Settings: the sign-in app (client id) profile and the language, forgetting remembered sessions, exporting
//! diagnostics (never tokens), and looking up an organisation from a sign-in name while an account is added.

use std::io::{Read, Seek, SeekFrom};

use lifeboat_core::book::Membership;
use lifeboat_core::config::GRAPH_CLI_TOOLS_CLIENT_ID;
use lifeboat_core::diagnostics::{diagnostics_report, DiagnosticsInput};
use lifeboat_core::settings::{Settings, SettingsError};
use lifeboat_core::signin::discovery::TenantLookup;
use lifeboat_core::signin::Checker;
use lifeboat_core::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::check::{identity, CheckState};
use super::tickets::SavedFile;
use super::{now, save_file, FileToSave, ShellState};
use crate::error::{ErrorCode, IpcError};

/// The settings screen's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub settings: Settings,
    /// The client id and name real sign-ins use with these settings.
    pub client_id: String,
    pub client_name: String,
    /// Microsoft Graph Command Line Tools' client id, shown beside the default choice.
    pub default_client_id: String,
    /// Where the settings are kept; `None` when the platform gives no place (then they last for this run).
    pub settings_path: Option<String>,
}

fn view(state: &ShellState) -> SettingsView {
    let settings = state.settings();
    let (client_id, client_name) = settings.sign_in_app.client();
    SettingsView {
        settings,
        client_id,
        client_name,
        default_client_id: GRAPH_CLI_TOOLS_CLIENT_ID.to_string(),
        settings_path: state.settings_path(),
    }
}

#[tauri::command]
pub fn get_settings(state: tauri::State<'_, ShellState>) -> SettingsView {
    view(&state)
}

/// Validates and keeps the settings; a client id that is not a GUID is refused with `detail` = `clientId`.
#[tauri::command]
pub fn save_settings(
    state: tauri::State<'_, ShellState>,
    settings: Settings,
) -> Result<SettingsView, IpcError> {
    state.save_settings(settings).map_err(|error| match error {
        SettingsError::BadClientId => {
            IpcError::new(ErrorCode::InvalidInput, error.to_string()).with_detail("clientId")
        }
        SettingsError::File(error) => IpcError::from(error),
    })?;
    Ok(view(&state))
}

/// How many remembered sessions were forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Forgotten {
    pub sessions: usize,
}

/// Deletes every session Lifeboat ever remembered in the keyring (accounts removed or set aside since included):
/// the next check signs in again everywhere.
#[tauri::command]
pub async fn forget_sessions(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
) -> Result<Forgotten, IpcError> {
    let identity = identity(&state, &checks).await?;
    let store = identity.sessions;
    let forgotten = tauri::async_runtime::spawn_blocking(move || store.forget_all())
        .await
        .map_err(|error| IpcError::new(ErrorCode::Internal, error.to_string()))?
        .map_err(|error| {
            IpcError::new(
                ErrorCode::Internal,
                "The system keyring could not be changed.",
            )
            .with_detail(error.to_string())
        })?;
    tracing::info!(forgotten, "remembered sessions forgotten");
    Ok(Forgotten {
        sessions: forgotten,
    })
}

/// The last 64 KiB of the log file, from the first whole line.
fn log_tail(path: &std::path::Path) -> Option<String> {
    const TAIL: u64 = 64 * 1024;
    let mut file = std::fs::File::open(path).ok()?;
    let length = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(length.saturating_sub(TAIL)))
        .ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Some(if length > TAIL {
        text.split_once('\n')
            .map(|(_, rest)| rest.to_string())
            .unwrap_or(text)
    } else {
        text
    })
}

/// Writes the diagnostics report (no tokens, masked names and numbers) where the person chooses; practice
/// saves it in the practice folder.
#[tauri::command(async)]
pub fn export_diagnostics(
    app: tauri::AppHandle,
    state: tauri::State<'_, ShellState>,
) -> Result<Option<SavedFile>, IpcError> {
    let book = state.load();
    let about = lifeboat_core::about(Lang::En);
    let log = state.log_file.as_deref().and_then(log_tail);
    let settings = state.settings();
    let made = now();
    let report = diagnostics_report(&DiagnosticsInput {
        about: &about,
        practice: state.is_practice(),
        settings: &settings,
        book: book.as_ref().map_err(|error| error.message.clone()),
        remembers_sessions: None,
        log_tail: log.as_deref(),
        now: made,
    });
    let name = format!("lifeboat-diagnostics-{}.txt", made.date());
    let file = FileToSave {
        name: &name,
        filter: ("Text (.txt)", &["txt"]),
        failed: "The diagnostics could not be saved.",
    };
    save_file(&app, &state, file, report.as_bytes())
}

/// Looks up the organisation a sign-in name (or a guest's inviting domain) belongs to while the account is
/// typed; practice asks the simulator. The core decides what was found.
#[tauri::command]
pub async fn discover_tenant(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    upn: String,
    membership: Membership,
    tenant_domain: Option<String>,
) -> Result<TenantLookup, IpcError> {
    let identity = identity(&state, &checks).await?;
    let checker = Checker::with_defaults(identity.config, identity.sessions).map_err(|error| {
        IpcError::new(ErrorCode::Internal, "The lookup could not be prepared.")
            .with_detail(error.to_string())
    })?;
    Ok(checker
        .signin()
        .look_up_organisation(&upn, membership, tenant_domain.as_deref())
        .await)
}

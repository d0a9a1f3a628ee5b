//! After the ticket: troubleshooting for one account (the core's advice from the book, with this computer's clock
//! measured against the sign-in service, the practice simulator's in practice mode), and the prevention record.

use lifeboat_core::book::{AccountId, BookError};
use lifeboat_core::clock::SystemClock;
use lifeboat_core::http::ReqwestTransport;
use lifeboat_core::troubleshoot::{advice_in_book, measure_offset, Advice, ClockOffset};
use lifeboat_core::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::check::{identity, CheckState};
use super::tickets::SavedFile;
use super::{now, save_file, FileToSave, ShellState};
use crate::error::IpcError;

/// What the window shows under an account's "something goes wrong after the reset?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Troubleshooting {
    pub advice: Vec<Advice>,
    /// This computer's clock minus Microsoft's, when it could be measured.
    pub clock: Option<ClockOffset>,
}

#[tauri::command]
pub async fn troubleshoot_account(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    id: AccountId,
    lang: Lang,
) -> Result<Troubleshooting, IpcError> {
    let book = state.load()?;
    let account = book
        .get(&id)
        .ok_or_else(|| IpcError::from(BookError::UnknownAccount(id.0.clone())))?;
    let config = identity(&state, &checks).await?.config;
    // A network problem only means no clock figure: the rest of the advice stands.
    let clock = match ReqwestTransport::new() {
        Ok(http) => measure_offset(&http, &SystemClock, &config)
            .await
            .map_err(|error| tracing::info!(%error, "the clock could not be measured"))
            .ok(),
        Err(_) => None,
    };
    Ok(Troubleshooting {
        advice: advice_in_book(&book, account, clock, lang, now()),
        clock,
    })
}

/// Saves the prevention record (an HTML page to keep or print to PDF) where the person chooses.
#[tauri::command(async)]
pub fn save_prevention_record(
    app: tauri::AppHandle,
    state: tauri::State<'_, ShellState>,
    lang: Lang,
) -> Result<Option<SavedFile>, IpcError> {
    let html = lifeboat_core::views::prevention_record(&state.load()?, lang, now());
    let file = FileToSave {
        name: "lifeboat-readiness.html",
        filter: ("HTML", &["html"]),
        failed: "The record could not be saved.",
    };
    save_file(&app, &state, file, html.as_bytes())
}

//! The account book: the accounts list, adding, editing and removing accounts, and the declared situation.

use lifeboat_core::book::{AccountId, BookError};
use lifeboat_core::edits::{
    add_account as add_account_to, edit_account, AccountForm, PersonForm, SituationForm,
};
use lifeboat_core::manual_inventory::{manual_inventory, ManualInventoryError, ManualMethod};
use lifeboat_core::views::{book_view, readiness_view, results_view, BookView, ResultsView};
use lifeboat_core::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::{now, BookRecovered, BookRecoveryAction, ShellState};
use crate::error::{ErrorCode, IpcError};

/// The accounts with their current verdicts, the situation, and the Authenticator phones to offer.
#[tauri::command]
pub fn get_book(state: tauri::State<'_, ShellState>, lang: Lang) -> Result<BookView, IpcError> {
    Ok(book_view(&state.load()?, lang, now()))
}

#[tauri::command]
pub fn add_account(
    state: tauri::State<'_, ShellState>,
    form: AccountForm,
    lang: Lang,
) -> Result<BookView, IpcError> {
    let book = state.update(|book| Ok(add_account_to(book, form)?))?;
    Ok(book_view(&book, lang, now()))
}

/// Changes an account as the form says. When the change moves it to another keyring entry (another sign-in name,
/// organisation or membership), the old entry's session is forgotten: nothing is left under a key nothing uses.
#[tauri::command]
pub async fn update_account(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, super::check::CheckState>,
    id: AccountId,
    form: AccountForm,
    lang: Lang,
) -> Result<BookView, IpcError> {
    let mut edited = None;
    let book = state.update(|book| {
        edited = Some(edit_account(book, &id.0, form)?);
        Ok(())
    })?;
    if let Some(stale) = edited.and_then(|edited| edited.stale_session) {
        forget_sessions(&state, &checks, stale).await?;
    }
    Ok(book_view(&book, lang, now()))
}

/// Removes an account, and with it its remembered sessions: nothing of it stays in the keyring.
#[tauri::command]
pub async fn remove_account(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, super::check::CheckState>,
    id: AccountId,
    lang: Lang,
) -> Result<BookView, IpcError> {
    let mut session_key = None;
    let book = state.update(|book| {
        session_key = Some(book.remove(&id)?.session_key());
        Ok(())
    })?;
    if let Some(key) = session_key {
        forget_sessions(&state, &checks, key).await?;
    }
    Ok(book_view(&book, lang, now()))
}

/// Forgets every session remembered under an account's key, whatever hosts it was made with. A keyring that
/// refuses is logged, not shown: the book change itself succeeded.
pub(crate) async fn forget_sessions(
    state: &ShellState,
    checks: &super::check::CheckState,
    account_key: String,
) -> Result<(), IpcError> {
    let sessions = super::check::identity(state, checks).await?.sessions;
    let forgotten = tauri::async_runtime::spawn_blocking(move || {
        lifeboat_core::token_store::forget_all(sessions.as_ref(), [account_key.as_str()])
    })
    .await;
    if !matches!(forgotten, Ok(Ok(_))) {
        tracing::warn!("a remembered session could not be forgotten");
    }
    Ok(())
}

/// Stores what the person declared (lost devices, unreachable numbers, where codes live).
#[tauri::command]
pub fn set_situation(
    state: tauri::State<'_, ShellState>,
    form: SituationForm,
    lang: Lang,
) -> Result<BookView, IpcError> {
    let book = state.update(|book| {
        Ok(form
            .apply(&mut book.situation)
            .map_err(BookError::Invalid)?)
    })?;
    Ok(book_view(&book, lang, now()))
}

/// The person's own details, given once for every ticket (name, an address that still works, the day of the loss,
/// what happened to the phone).
#[tauri::command]
pub fn set_person(
    state: tauri::State<'_, ShellState>,
    form: PersonForm,
    lang: Lang,
) -> Result<BookView, IpcError> {
    let today = now().date();
    let book = state.update(|book| Ok(form.apply(book, today).map_err(BookError::Invalid)?))?;
    Ok(book_view(&book, lang, now()))
}

/// What an import did, and the accounts list after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    pub added: usize,
    pub updated: usize,
    pub book: BookView,
}

/// What recovering an unreadable account book did, and the accounts list after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookRecovery {
    /// How many accounts the restored backup holds; `None` when a new, empty list was started.
    pub restored_accounts: Option<usize>,
    /// Where the unreadable file was kept (renamed beside the book, never deleted).
    pub set_aside: Option<String>,
    pub book: BookView,
}

/// Puts the account book's backup back in place of an unreadable book (`no_backup` when there is none).
#[tauri::command]
pub fn restore_book_backup(
    state: tauri::State<'_, ShellState>,
    lang: Lang,
) -> Result<BookRecovery, IpcError> {
    recovery(state.recover_book(BookRecoveryAction::RestoreBackup)?, lang)
}

/// Sets an unreadable account book aside and starts a new, empty list.
#[tauri::command]
pub fn set_book_aside(
    state: tauri::State<'_, ShellState>,
    lang: Lang,
) -> Result<BookRecovery, IpcError> {
    recovery(state.recover_book(BookRecoveryAction::StartNew)?, lang)
}

fn recovery(recovered: BookRecovered, lang: Lang) -> Result<BookRecovery, IpcError> {
    Ok(BookRecovery {
        restored_accounts: recovered.restored_accounts,
        set_aside: recovered.set_aside.map(|path| path.display().to_string()),
        book: book_view(&recovered.book, lang, now()),
    })
}

/// Merges an account book export (`.json`) or a spreadsheet (`.csv`) the person picks; `None` when they cancel.
/// Nothing changes unless every account in the file is acceptable (the core's import decides).
#[tauri::command(async)]
pub fn import_accounts(
    app: tauri::AppHandle,
    state: tauri::State<'_, ShellState>,
    lang: Lang,
) -> Result<Option<ImportOutcome>, IpcError> {
    use tauri_plugin_dialog::DialogExt;
    let Some(path) = app
        .dialog()
        .file()
        .add_filter("Lifeboat accounts (.json, .csv)", &["json", "csv"])
        .blocking_pick_file()
        .and_then(|picked| picked.into_path().ok())
    else {
        return Ok(None);
    };
    let bytes = lifeboat_core::book::transfer::read_import_file(&path)?;
    let name = path.display().to_string();
    let is_csv = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
    let mut report = None;
    let book = state.update(|book| {
        report = Some(if is_csv {
            lifeboat_core::book::transfer::import_csv(book, &bytes, &name)?
        } else {
            lifeboat_core::book::transfer::import_json(book, &bytes, &name)?
        });
        Ok(())
    })?;
    let report = report.unwrap_or_default();
    Ok(Some(ImportOutcome {
        added: report.added,
        updated: report.updated,
        book: book_view(&book, lang, now()),
    }))
}

/// Stores the methods the person ticked beside the account's Security info page as its inventory.
#[tauri::command]
pub fn record_manual_inventory(
    state: tauri::State<'_, ShellState>,
    id: AccountId,
    methods: Vec<ManualMethod>,
    lang: Lang,
) -> Result<BookView, IpcError> {
    let inventory = manual_inventory(&methods, now()).map_err(|error| {
        let ManualInventoryError::Invalid { position, .. } = &error;
        IpcError::new(ErrorCode::InvalidInput, error.to_string()).with_detail(position.to_string())
    })?;
    let book = state.update(|book| Ok(book.record_inventory(&id, inventory)?))?;
    Ok(book_view(&book, lang, now()))
}

/// Every account's verdict, reasons and steps in `lang`, and the devices × accounts matrix; `readiness` assesses
/// as if nothing were lost (the person still has the phone).
#[tauri::command]
pub fn get_results(
    state: tauri::State<'_, ShellState>,
    lang: Lang,
    readiness: bool,
) -> Result<ResultsView, IpcError> {
    let book = state.load()?;
    Ok(if readiness {
        readiness_view(&book, lang, now())
    } else {
        results_view(&book, lang, now())
    })
}

/// Practice only: the story's accounts (the practice scenario's `[[sample_accounts]]`), added as a newcomer would
/// type them, so trying Lifeboat starts with one click instead of copying names from the README. Accounts
/// already in the practice book are left as they are.
#[tauri::command]
pub fn add_practice_accounts(
    state: tauri::State<'_, ShellState>,
    lang: Lang,
) -> Result<BookView, IpcError> {
    if !state.is_practice() {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "Sample accounts exist only in practice mode.",
        ));
    }
    let samples = lifeboat_sim::Scenario::practice()
        .sample_accounts()
        .to_vec();
    let book = state.update(|book| {
        for sample in &samples {
            let form = AccountForm {
                upn: Some(sample.upn.clone()),
                membership: sample
                    .guest_at
                    .as_ref()
                    .map(|_| lifeboat_core::book::Membership::Guest),
                tenant_domain: sample.guest_at.clone(),
                it_contact: sample.it_contact.clone(),
                ..AccountForm::default()
            };
            match add_account_to(book, form) {
                Ok(_) | Err(BookError::Duplicate { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    })?;
    Ok(book_view(&book, lang, now()))
}

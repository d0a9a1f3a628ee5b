//! Moving to a new phone: each command one core call (lifeboat_core::moving) inside the book's locked update.
//! The re-reads are the check's own run (`check_start` with the accounts `reread` names); a fresh sign-in is
//! that run for one account after its remembered session was forgotten, confirmed from the run's last snapshot.

use lifeboat_core::assess::security_info_url;
use lifeboat_core::book::{AccountBook, AccountId, BookError};
use lifeboat_core::moving::{
    accounts_to_reread, move_view, phone_choices, record_text, MoveError, MoveForm, MoveStep,
    MoveView,
};
use lifeboat_core::Lang;
use serde::{Deserialize, Serialize};
use tauri::AppHandle;
use ts_rs::TS;

use super::check::CheckState;
use super::tickets::SavedFile;
use super::{now, save_file, FileToSave, ShellState};
use crate::error::{ErrorCode, IpcError};

/// The move screen: the phones to offer as the old one, the move (once started), and the accounts a re-read can
/// still tell something about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveScreen {
    pub choices: Vec<String>,
    pub view: Option<MoveView>,
    pub reread: Vec<AccountId>,
}

/// How to save the record of the move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordFormat {
    /// Plain text in the person's language.
    Text,
    /// The same view as JSON, for keeping or for a tool.
    Json,
}

fn screen(book: &AccountBook, lang: Lang) -> MoveScreen {
    MoveScreen {
        choices: phone_choices(book),
        view: move_view(book, lang, now()),
        reread: if book.phone_move.is_some() {
            accounts_to_reread(book)
        } else {
            Vec::new()
        },
    }
}

/// A refused change, in the person's language (`detail` names the field or `move`).
fn refused(error: MoveError, lang: Lang) -> IpcError {
    match error {
        MoveError::UnknownAccount(id) => BookError::UnknownAccount(id).into(),
        other => IpcError::new(ErrorCode::InvalidAccount, other.describe(lang)).with_detail("move"),
    }
}

/// The move as it stands, after recording what the methods read since show (new registrations, the old gone).
#[tauri::command]
pub fn get_move(state: tauri::State<'_, ShellState>, lang: Lang) -> Result<MoveScreen, IpcError> {
    let book = state.load()?;
    if book.phone_move.is_none() {
        return Ok(screen(&book, lang));
    }
    let book = state.update(|book| {
        book.observe_move();
        Ok(())
    })?;
    Ok(screen(&book, lang))
}

/// Starts the move from `form.old_phone` to `form.new_phone` (or starts again with `restart`).
#[tauri::command]
pub fn start_move(
    state: tauri::State<'_, ShellState>,
    form: MoveForm,
    lang: Lang,
) -> Result<MoveScreen, IpcError> {
    let at = now();
    let book = state.update(|book| {
        form.apply(book, at).map_err(|refusal| {
            let field = refusal.field_error().field;
            IpcError::new(ErrorCode::InvalidAccount, refusal.describe(lang)).with_detail(field)
        })?;
        book.observe_move();
        Ok(())
    })?;
    Ok(screen(&book, lang))
}

/// Ticks (or unticks) a step the person did on Security info; "verify" is never ticked, only shown.
#[tauri::command]
pub fn mark_move_step(
    state: tauri::State<'_, ShellState>,
    id: AccountId,
    step: MoveStep,
    done: bool,
    lang: Lang,
) -> Result<MoveScreen, IpcError> {
    let book = state.update(|book| {
        book.mark_move_step(&id, step, done)
            .map_err(|error| refused(error, lang))
    })?;
    Ok(screen(&book, lang))
}

/// "This account never used the old phone" (or takes it back).
#[tauri::command]
pub fn mark_never_used_old_phone(
    state: tauri::State<'_, ShellState>,
    id: AccountId,
    never_used: bool,
    lang: Lang,
) -> Result<MoveScreen, IpcError> {
    let book = state.update(|book| {
        book.mark_never_used_old_phone(&id, never_used)
            .map_err(|error| refused(error, lang))
    })?;
    Ok(screen(&book, lang))
}

/// Before a fresh sign-in: the account's remembered session is forgotten, so the check that follows cannot
/// resume it and must sign in interactively.
#[tauri::command]
pub async fn prepare_fresh_sign_in(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    id: AccountId,
) -> Result<(), IpcError> {
    let book = state.load()?;
    let account = book
        .get(&id)
        .ok_or_else(|| IpcError::from(BookError::UnknownAccount(id.0.clone())))?;
    super::book::forget_sessions(&state, &checks, account.session_key()).await
}

/// The person confirms approving the last run's sign-in of `id` on the new phone. It counts only for an
/// interactive sign-in (not a remembered session) that completed after the move began.
#[tauri::command]
pub fn confirm_fresh_sign_in(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    id: AccountId,
    lang: Lang,
) -> Result<MoveScreen, IpcError> {
    let row = checks.last_row(&id);
    let book = state.update(|book| {
        book.confirm_run_sign_in(&id, row.as_ref())
            .map_err(|error| refused(error, lang))
    })?;
    Ok(screen(&book, lang))
}

/// Ends the move (the old phone was wiped, or the person starts over): its record leaves the book.
#[tauri::command]
pub fn end_move(state: tauri::State<'_, ShellState>, lang: Lang) -> Result<MoveScreen, IpcError> {
    let book = state.update(|book| {
        book.end_move();
        Ok(())
    })?;
    Ok(screen(&book, lang))
}

/// Saves the record of the move (text in the person's language, or JSON) where the person chooses.
#[tauri::command(async)]
pub fn save_move_record(
    app: AppHandle,
    state: tauri::State<'_, ShellState>,
    format: RecordFormat,
    lang: Lang,
) -> Result<Option<SavedFile>, IpcError> {
    let book = state.load()?;
    let view = move_view(&book, lang, now()).ok_or_else(|| refused(MoveError::NotStarted, lang))?;
    let (name, filter, bytes) = match format {
        RecordFormat::Text => (
            "lifeboat-move.txt",
            ("Text", &["txt"][..]),
            record_text(&view).into_bytes(),
        ),
        RecordFormat::Json => (
            "lifeboat-move.json",
            ("JSON", &["json"][..]),
            serde_json::to_vec_pretty(&view).unwrap_or_default(),
        ),
    };
    let file = FileToSave {
        name,
        filter,
        failed: "The record of the move could not be saved.",
    };
    save_file(&app, &state, file, &bytes)
}

/// Which practice story the journey plays: the move to a new phone (every phone still in Marco's hands) or the
/// lost phone. Practice restarts its simulator when the story changes.
#[tauri::command]
pub fn set_practice_journey(checks: tauri::State<'_, CheckState>, moving: bool) {
    checks.set_practice_moving(moving);
}

/// Opens the account's tenant-pinned Security info page: Microsoft's in the person's browser, or in practice the
/// simulator's in the practice window (where adding the new phone, the default and the removal really happen).
#[tauri::command]
pub async fn open_security_info(
    app: AppHandle,
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    id: AccountId,
    lang: Lang,
) -> Result<(), IpcError> {
    let book = state.load()?;
    let account = book
        .get(&id)
        .ok_or_else(|| IpcError::from(BookError::UnknownAccount(id.0.clone())))?;
    let details = &account.details;
    if !state.is_practice() {
        let page = super::tickets::page_to_open(&security_info_url(details.tenant_id.as_deref()))?;
        return super::tickets::open(&app, &page);
    }
    let mut page = checks
        .practice_base()
        .await?
        .join("security-info")
        .map_err(|error| {
            IpcError::new(
                ErrorCode::Internal,
                "The practice page could not be opened.",
            )
            .with_detail(error.to_string())
        })?;
    {
        let mut query = page.query_pairs_mut();
        match (&details.tenant_id, &details.tenant_domain) {
            (Some(tenant), _) => query.append_pair("tenantId", tenant),
            (None, Some(domain)) => query.append_pair("tenant", domain),
            (None, None) => query.append_pair("tenant", details.upn_domain().unwrap_or_default()),
        };
        query.append_pair("lang", lang.code());
    }
    super::check::open_practice_sign_in(&app, &page, lang).map_err(|error| {
        IpcError::new(
            ErrorCode::Internal,
            "The practice page could not be opened.",
        )
        .with_detail(error.0)
    })
}

//! After IT acted: the re-registration of one account, each command one core call
//! (lifeboat_core::reregistration) inside the book's locked update. The verification sign-in is the check's own
//! run for that account after `prepare_fresh_sign_in` forgot its remembered session, confirmed from the run's
//! last snapshot, as the move does. Practice mode also plays the IT desk acting on the ticket.

use lifeboat_core::book::{AccountId, BookError};
use lifeboat_core::reregistration::{ReregisterError, ReregisterStep};
use lifeboat_core::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::check::CheckState;
use super::{now, ShellState};
use crate::error::{ErrorCode, IpcError};

/// A refused change, in the person's language (`detail` is `reregistration`).
fn refused(error: ReregisterError, lang: Lang) -> IpcError {
    match error {
        ReregisterError::UnknownAccount(id) => BookError::UnknownAccount(id).into(),
        other => IpcError::new(ErrorCode::InvalidAccount, other.describe(lang))
            .with_detail("reregistration"),
    }
}

/// "IT has acted" (or "I have a pass"): the guided re-registration of `id` begins now.
#[tauri::command]
pub fn start_reregistration(
    state: tauri::State<'_, ShellState>,
    id: AccountId,
    lang: Lang,
) -> Result<(), IpcError> {
    state.update(|book| {
        book.start_reregistration(&id, now())
            .map_err(|error| refused(error, lang))
    })?;
    Ok(())
}

/// Ticks (or unticks) a step the person did on Security info.
#[tauri::command]
pub fn mark_reregistration_step(
    state: tauri::State<'_, ShellState>,
    id: AccountId,
    step: ReregisterStep,
    done: bool,
    lang: Lang,
) -> Result<(), IpcError> {
    state.update(|book| {
        book.mark_reregistration_step(&id, step, done)
            .map_err(|error| refused(error, lang))
    })?;
    Ok(())
}

/// The person passed the last run's fresh sign-in of `id` with `method` (one of the view's choices).
#[tauri::command]
pub fn confirm_reregistration(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    id: AccountId,
    method: String,
    lang: Lang,
) -> Result<(), IpcError> {
    let row = checks.last_row(&id);
    state.update(|book| {
        book.confirm_reregistration(&id, row.as_ref(), &method)
            .map_err(|error| refused(error, lang))
    })?;
    Ok(())
}

/// Starts over, or puts the finished re-registration away.
#[tauri::command]
pub fn end_reregistration(
    state: tauri::State<'_, ShellState>,
    id: AccountId,
    lang: Lang,
) -> Result<(), IpcError> {
    state.update(|book| {
        book.end_reregistration(&id)
            .map_err(|error| refused(error, lang))
    })?;
    Ok(())
}

/// What practice's IT desk hands the person: a Temporary Access Pass (invented, practice only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticePass {
    pub pass: String,
    #[ts(type = "number | null")]
    pub lifetime_minutes: Option<i64>,
}

/// Practice only: the simulated tenant's IT desk acts on the person's ticket and issues a Temporary Access Pass
/// for `id`, within the tenant's policy, as Graph would; the person then re-registers with it.
#[tauri::command]
pub async fn practice_it_acts(
    state: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    id: AccountId,
) -> Result<PracticePass, IpcError> {
    if !state.is_practice() {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "Only practice mode can play the IT desk.",
        ));
    }
    let book = state.load()?;
    let details = &book
        .get(&id)
        .ok_or_else(|| IpcError::from(BookError::UnknownAccount(id.0.clone())))?
        .details;
    let tenant = details
        .tenant_id
        .as_deref()
        .or(details.tenant_domain.as_deref())
        .or(details.upn_domain())
        .unwrap_or_default();
    let action = lifeboat_sim::ItAction::IssueTap {
        lifetime_minutes: None,
        usable_once: None,
    };
    let outcome = checks
        .practice_simulator()
        .await?
        .it_acts(tenant, &details.upn, action)
        .map_err(|error| {
            IpcError::new(
                ErrorCode::InvalidInput,
                "The practice IT desk could not act.",
            )
            .with_detail(error.to_string())
        })?;
    let pass = outcome
        .temporary_access_pass
        .ok_or_else(|| IpcError::new(ErrorCode::Internal, "The practice IT desk gave no pass."))?;
    let lifetime_minutes = outcome
        .methods
        .first()
        .and_then(|method| method.get("lifetimeInMinutes"))
        .and_then(serde_json::Value::as_i64);
    Ok(PracticePass {
        pass: pass.expose().to_string(),
        lifetime_minutes,
    })
}

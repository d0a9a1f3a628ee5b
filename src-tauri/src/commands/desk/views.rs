//! What the desk commands hand the window: the core's values with their words in the admin's language. The
//! pass travels in [`Performed`] only, once.

use lifeboat_core::desk::actions::{ActionDone, DeskAction, Preview};
use lifeboat_core::desk::{
    ask_words, ActionRefusal, DeskError, DeskTicket, DeskUser, MethodRow, RowState, TapPolicy,
    VerifyError,
};
use lifeboat_core::ticket::block::BlockAccount;
use lifeboat_core::Lang;
use serde::Serialize;
use ts_rs::TS;

use super::pass::HeldPass;
use super::{desk_refused, DeskSession};
use crate::error::IpcError;

/// The desk screen: the ticket, the account worked on, the admin, the user now beside the ticket, the checklist.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskView {
    pub ticket: DeskTicket,
    /// The ticket's account the desk works on.
    pub account: BlockAccount,
    /// The organisation (tenant id or domain), when the ticket names it.
    pub tenant: Option<String>,
    /// What the ticket asks for, in words.
    pub asks: Vec<String>,
    /// The admin signed in for this ticket.
    pub admin: Option<String>,
    /// The user as the tenant knows them, once read.
    pub user: Option<DeskUser>,
    pub rows: Vec<DeskRow>,
    pub has_temporary_access_pass: bool,
    pub tap_policy: Option<TapPolicy>,
    /// Why the TAP policy could not be read (Graph then applies its default lifetime).
    pub policy_note: Option<String>,
    /// The checklist, once completed: the actions are unlocked.
    pub verified: Option<VerifiedView>,
    /// Why revoking sessions is not offered (a guest), from the preview's own refusal.
    pub revoke_refusal: Option<String>,
}

/// One method beside the ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskRow {
    pub method: MethodRow,
    pub state: RowState,
}

/// A completed checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedView {
    /// How the identity was confirmed, in words.
    pub how: String,
    pub second_person: Option<String>,
    pub by: String,
}

/// The checklist's answer: its gaps (none when completed) and the desk after it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyAnswer {
    pub gaps: Vec<VerifyGap>,
    pub view: DeskView,
}

/// One gap of the checklist: the field it belongs to (`gap`) and what to do, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyGap {
    pub gap: VerifyError,
    pub text: String,
}

impl VerifyGap {
    pub fn of(gap: VerifyError, lang: Lang) -> Self {
        Self {
            gap,
            text: gap.explain(lang),
        }
    }
}

/// One action before it is done: the request in words, or Lifeboat's refusal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionPreview {
    pub action: DeskAction,
    pub text: String,
    pub refused: bool,
}

impl ActionPreview {
    pub fn of(preview: Result<Preview, ActionRefusal>, action: DeskAction, lang: Lang) -> Self {
        match preview {
            Ok(preview) => Self {
                text: preview.words(lang),
                action: preview.action,
                refused: false,
            },
            Err(refusal) => Self {
                text: refusal.explain(lang),
                action,
                refused: true,
            },
        }
    }
}

/// One action done (or refused, or failed): what was asked, Graph's request-id, and the problem if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    pub action: DeskAction,
    pub text: String,
    pub done: bool,
    pub request_id: Option<String>,
    /// Why it did not happen: `desk_refused` (Lifeboat), `desk_missing_role` (a 403), …
    pub problem: Option<IpcError>,
    /// Done, but its audit line could not be written.
    pub audit_error: Option<String>,
}

/// A pass Graph just created, as the shell keeps it.
pub struct CreatedPass {
    pub held: HeldPass,
    pub minutes: Option<u32>,
    pub start: Option<String>,
}

impl ActionResult {
    /// The result of one `perform`, and the pass it created (held by the shell, never in the result).
    pub fn of(
        action: DeskAction,
        done: Result<ActionDone, DeskError>,
        lang: Lang,
    ) -> (ActionResult, Option<CreatedPass>) {
        match done {
            Ok(done) => {
                let created = done.pass.as_ref().map(|pass| CreatedPass {
                    held: HeldPass::new(pass.expose()),
                    minutes: done.pass_lifetime_minutes,
                    start: done.pass_start.clone(),
                });
                let result = ActionResult {
                    text: done.preview.words(lang),
                    action: done.preview.action,
                    done: true,
                    request_id: done.request_id,
                    problem: None,
                    audit_error: done.audit_error,
                };
                (result, created)
            }
            Err(error) => {
                let result = ActionResult {
                    text: error.explain(lang),
                    action,
                    done: false,
                    request_id: error.request_id().map(str::to_string),
                    problem: Some(desk_refused(&error, lang)),
                    audit_error: None,
                };
                (result, None)
            }
        }
    }
}

/// The pass, shown this once. `Debug` prints `[redacted]`.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PassShown {
    pub pass: String,
    pub minutes: Option<u32>,
    pub start: Option<String>,
}

impl PassShown {
    pub fn of(created: &CreatedPass) -> Self {
        Self {
            pass: created.held.expose().to_string(),
            minutes: created.minutes,
            start: created.start.clone(),
        }
    }
}

impl std::fmt::Debug for PassShown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassShown")
            .field("pass", &"[redacted]")
            .field("minutes", &self.minutes)
            .finish()
    }
}

/// What "Do it" did: each action's result, the pass (once), the desk after it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Performed {
    pub results: Vec<ActionResult>,
    pub pass: Option<PassShown>,
    pub view: DeskView,
}

/// A ticket saved in the practice folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PracticeTicket {
    pub name: String,
}

/// The desk screen for `session`, its words in `lang`. Never carries a pass.
pub(super) fn view(session: &DeskSession, lang: Lang) -> DeskView {
    let account = session.account().clone();
    let now = session.now.as_ref();
    let revoke_refusal = now
        .and_then(|now| {
            lifeboat_core::desk::actions::preview(
                &now.target(&account),
                &DeskAction::RevokeSessions,
            )
            .err()
        })
        .map(|refusal| refusal.explain(lang));
    DeskView {
        tenant: session.ticket.tenant().map(str::to_string),
        asks: account
            .ask
            .iter()
            .map(|ask| ask_words(*ask, lang))
            .collect(),
        admin: session.admin.as_ref().map(|admin| admin.upn.clone()),
        user: now.map(|now| now.user.clone()),
        rows: now
            .map(|now| {
                now.comparison
                    .rows
                    .iter()
                    .map(|row| DeskRow {
                        method: row.clone(),
                        state: row.state(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        has_temporary_access_pass: now.is_some_and(|now| now.comparison.has_temporary_access_pass),
        tap_policy: now.and_then(|now| now.policy.clone()),
        policy_note: now
            .and_then(|now| now.policy_refused.as_ref())
            .map(|refused| refused.explain(lang)),
        verified: session.verification.as_ref().map(|done| VerifiedView {
            how: done.how().words(lang),
            second_person: done.second_person().map(str::to_string),
            by: done.by().to_string(),
        }),
        revoke_refusal,
        account,
        ticket: session.ticket.clone(),
    }
}

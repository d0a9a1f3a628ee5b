//! Moving to a new phone (issue 16, docs/PRODUCT.md "The move"): the person still holds the old phone, and the
//! danger is wiping it while one tenant still knows only the old Authenticator.
//!
//! - [`PhoneMove`]: what the book keeps about the move (the two phones, when it began, per account the steps the
//!   person ticked and the verification evidence); changed only through the [`AccountBook`] methods below, which
//!   the front ends call inside the book's locked update.
//! - [`form`]: starting a move, validated once for the window and the command line.
//! - [`plan`]: per account, from the methods read (or ticked by hand), what moves by itself, what must be redone on
//!   the new phone, and which accounts have nothing but the old phone.
//! - [`verify`]: evidence from re-reads and confirmed fresh sign-ins, and the "safe to wipe the old phone?" rule.
//! - [`view`]: what any front end shows, and the record of the move (JSON and text).
//!
//! The rules do no I/O and never read the clock: `now` is passed in.

pub mod form;
pub mod plan;
pub mod verify;
pub mod view;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::book::{AccountBook, AccountId, BookError};
use crate::check_in_turn::CheckRow;
use crate::evidence::SignInEvidence;
pub use crate::fresh_sign_in::NotFresh;

pub use form::{phone_choices, MoveForm, MoveRefusal};
pub use plan::{plan_account, AccountPlan, PlanBasis, PlannedMethod, RedoReason, StaysReason};
pub use verify::{accounts_to_reread, safe_to_wipe, AccountStanding, WipeAnswer, WipeReason};
pub use view::{move_view, record_text, AccountMoveView, MoveView, StepView};

/// The move as the book keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhoneMove {
    /// The phone being left, by the name Security info shows for it.
    pub old_phone: String,
    pub new_phone: String,
    /// When the move began: a registration created after it is new.
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub began_at: OffsetDateTime,
    #[serde(default)]
    pub accounts: Vec<AccountMove>,
}

/// One account's part of the move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountMove {
    pub account: AccountId,
    /// The Graph ids of the old phone's registrations, from the first list read for this move; `None` until a
    /// list was read (then "removed" cannot be judged yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub old_registrations: Option<Vec<String>>,
    /// Steps the person ticked (those no re-read can see, such as the default method).
    #[serde(default)]
    pub steps_done: Vec<MoveStep>,
    #[serde(default)]
    pub evidence: Vec<MoveEvidence>,
}

impl AccountMove {
    fn new(account: AccountId) -> Self {
        Self {
            account,
            old_registrations: None,
            steps_done: Vec::new(),
            evidence: Vec::new(),
        }
    }

    /// True when the account is proven to work with the new phone, or the person said it never used the old.
    pub fn verified(&self) -> bool {
        self.evidence.iter().any(|evidence| {
            matches!(
                evidence,
                MoveEvidence::NewRegistrationRead { .. }
                    | MoveEvidence::FreshSignInConfirmed { .. }
                    | MoveEvidence::NeverUsedOldPhone
            )
        })
    }

    fn add_evidence(&mut self, evidence: MoveEvidence) {
        if !self.evidence.contains(&evidence) {
            self.evidence.push(evidence);
        }
    }
}

/// The steps of a move, in the safe order: the new phone added and proven before the old one is removed (the
/// lost-phone journey removes first: a lost phone may be in someone else's hands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MoveStep {
    /// Add Microsoft Authenticator on the new phone, approving with the old one.
    AddAuthenticator,
    /// Make the new phone the default sign-in method.
    MakeDefault,
    /// Add a passkey in Authenticator on the new phone (where the old phone had one).
    AddPasskey,
    /// Verify: a re-read shows the new registration, or a fresh sign-in approved on the new phone.
    Verify,
    /// Only then: delete the old phone's registration.
    RemoveOld,
}

impl MoveStep {
    pub const ALL: [MoveStep; 5] = [
        MoveStep::AddAuthenticator,
        MoveStep::MakeDefault,
        MoveStep::AddPasskey,
        MoveStep::Verify,
        MoveStep::RemoveOld,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MoveStep::AddAuthenticator => "add_authenticator",
            MoveStep::MakeDefault => "make_default",
            MoveStep::AddPasskey => "add_passkey",
            MoveStep::Verify => "verify",
            MoveStep::RemoveOld => "remove_old",
        }
    }

    pub fn parse(value: &str) -> Option<MoveStep> {
        let value = value.trim().to_ascii_lowercase().replace('-', "_");
        MoveStep::ALL.into_iter().find(|step| step.code() == value)
    }
}

/// What proves an account no longer needs the old phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum MoveEvidence {
    /// A re-read lists a registration on a phone (Authenticator, its passkey, a code app) whose id is new and
    /// whose `createdDateTime` is after the move began.
    NewRegistrationRead {
        id: String,
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        created: OffsetDateTime,
    },
    /// After the removal, a re-read no longer lists the old phone's registrations.
    OldRemovedRead {
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        read_at: OffsetDateTime,
    },
    /// Where methods cannot be read: a fresh interactive sign-in (never a remembered session) completed after the
    /// move began, and the person confirmed approving it on the new phone.
    FreshSignInConfirmed {
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        at: OffsetDateTime,
    },
    /// The person marked that this account never used the old phone.
    NeverUsedOldPhone,
}

/// Why a move change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoveError {
    /// No move has been started in this book.
    #[error("no move to a new phone has been started")]
    NotStarted,
    #[error("no account {0:?} in the book")]
    UnknownAccount(String),
    /// A confirmation needs a sign-in that completed after the move began, interactively.
    #[error("the sign-in is no proof: {0:?}")]
    NotFresh(NotFresh),
    /// "Verify" is evidence, never a tick.
    #[error("verify is shown by evidence, not ticked")]
    VerifyNeedsEvidence,
}

impl MoveError {
    /// The refusal in a sentence of `lang`.
    pub fn describe(&self, lang: crate::Lang) -> String {
        match self {
            MoveError::NotStarted => lang.say("move-not-started"),
            MoveError::UnknownAccount(id) => {
                crate::book::BookError::UnknownAccount(id.clone()).to_string()
            }
            MoveError::NotFresh(NotFresh::Remembered) => lang.say("move-not-fresh-remembered"),
            MoveError::NotFresh(NotFresh::NotCompleted) => lang.say("move-not-fresh-not-completed"),
            MoveError::NotFresh(NotFresh::TooOld) => lang.say("move-not-fresh-too-old"),
            MoveError::VerifyNeedsEvidence => lang.say("move-verify-needs-evidence"),
        }
    }
}

impl From<MoveError> for BookError {
    fn from(error: MoveError) -> Self {
        match error {
            MoveError::UnknownAccount(id) => BookError::UnknownAccount(id),
            other => BookError::Invalid(crate::book::FieldError {
                field: "move",
                reason: other.to_string(),
            }),
        }
    }
}

impl PhoneMove {
    /// The account's part, created on first use.
    fn account_mut(&mut self, id: &AccountId) -> &mut AccountMove {
        if let Some(index) = self.accounts.iter().position(|part| &part.account == id) {
            &mut self.accounts[index]
        } else {
            self.accounts.push(AccountMove::new(id.clone()));
            self.accounts.last_mut().expect("just pushed")
        }
    }

    /// The account's part, if anything was recorded for it.
    pub fn account(&self, id: &AccountId) -> Option<&AccountMove> {
        self.accounts.iter().find(|part| &part.account == id)
    }
}

impl AccountBook {
    fn move_and_account(
        &mut self,
        id: &AccountId,
    ) -> Result<(&mut PhoneMove, AccountId), MoveError> {
        if self.get(id).is_none() {
            return Err(MoveError::UnknownAccount(id.0.clone()));
        }
        let phone_move = self.phone_move.as_mut().ok_or(MoveError::NotStarted)?;
        Ok((phone_move, id.clone()))
    }

    /// Records what every account's stored method list now shows (old registrations, new ones, the old gone).
    /// Only adds evidence: a re-read that failed leaves the list, and so the evidence, as they were.
    pub fn observe_move(&mut self) {
        let Some(phone_move) = self.phone_move.as_mut() else {
            return;
        };
        for account in &self.accounts {
            if let Some(inventory) = &account.last_inventory {
                verify::observe(phone_move, &account.id, inventory);
            }
        }
    }

    /// "This account never used the old phone" (or takes it back).
    pub fn mark_never_used_old_phone(
        &mut self,
        id: &AccountId,
        never_used: bool,
    ) -> Result<(), MoveError> {
        let (phone_move, id) = self.move_and_account(id)?;
        let part = phone_move.account_mut(&id);
        if never_used {
            part.add_evidence(MoveEvidence::NeverUsedOldPhone);
        } else {
            part.evidence
                .retain(|evidence| evidence != &MoveEvidence::NeverUsedOldPhone);
        }
        Ok(())
    }

    /// Ticks (or unticks) a step the person did on Security info.
    pub fn mark_move_step(
        &mut self,
        id: &AccountId,
        step: MoveStep,
        done: bool,
    ) -> Result<(), MoveError> {
        if step == MoveStep::Verify {
            return Err(MoveError::VerifyNeedsEvidence);
        }
        let (phone_move, id) = self.move_and_account(id)?;
        let part = phone_move.account_mut(&id);
        part.steps_done.retain(|ticked| *ticked != step);
        if done {
            part.steps_done.push(step);
        }
        Ok(())
    }

    /// The person confirms approving `sign_in` on the new phone. It counts only when it completed after the move
    /// began and was an interactive sign-in (`interactive`: never a remembered session, whose approval may be
    /// weeks old and from the old phone).
    pub fn confirm_fresh_sign_in(
        &mut self,
        id: &AccountId,
        sign_in: &SignInEvidence,
        interactive: bool,
    ) -> Result<(), MoveError> {
        let (phone_move, id) = self.move_and_account(id)?;
        crate::fresh_sign_in::fresh_sign_in(sign_in, interactive, phone_move.began_at)
            .map_err(MoveError::NotFresh)?;
        phone_move
            .account_mut(&id)
            .add_evidence(MoveEvidence::FreshSignInConfirmed { at: sign_in.at });
        Ok(())
    }

    /// Confirms the sign-in a check run made for `id` (its row in the run's last snapshot, if the run reached
    /// it): a browser or device-code sign-in counts, a remembered session never does.
    pub fn confirm_run_sign_in(
        &mut self,
        id: &AccountId,
        row: Option<&CheckRow>,
    ) -> Result<(), MoveError> {
        let since = self
            .phone_move
            .as_ref()
            .ok_or(MoveError::NotStarted)?
            .began_at;
        let evidence =
            crate::fresh_sign_in::fresh_run_sign_in(row, since).map_err(MoveError::NotFresh)?;
        let evidence = evidence.clone();
        self.confirm_fresh_sign_in(id, &evidence, true)
    }

    /// Ends the move (after the old phone was wiped, or to start again): its record goes from the book.
    pub fn end_move(&mut self) -> Option<PhoneMove> {
        self.phone_move.take()
    }
}

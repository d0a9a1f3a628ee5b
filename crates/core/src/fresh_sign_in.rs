//! The proof two journeys rest on: the move to a new phone and the re-registration after IT acted both end when
//! a **fresh interactive sign-in** completed after the change began. Fresh means a browser or device-code sign-in
//! of a check run, never a remembered session: a session's approval may be weeks old, and from the old phone.

use time::OffsetDateTime;

use crate::check_in_turn::{CheckRow, CheckVia};
use crate::evidence::{SignInEvidence, SignInOutcome};

/// Why a sign-in proves nothing about the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFresh {
    /// A remembered session: its approval may be weeks old, and from the old phone.
    Remembered,
    NotCompleted,
    /// Completed before the change began.
    TooOld,
}

/// `sign_in` proves the change when it was interactive, completed, and after `since`.
pub fn fresh_sign_in(
    sign_in: &SignInEvidence,
    interactive: bool,
    since: OffsetDateTime,
) -> Result<(), NotFresh> {
    if !interactive {
        return Err(NotFresh::Remembered);
    }
    if sign_in.outcome != SignInOutcome::Completed {
        return Err(NotFresh::NotCompleted);
    }
    if sign_in.at <= since {
        return Err(NotFresh::TooOld);
    }
    Ok(())
}

/// The sign-in a check run made for an account (its row in the run's last snapshot, if the run reached it), when
/// it proves the change that began at `since`.
pub fn fresh_run_sign_in(
    row: Option<&CheckRow>,
    since: OffsetDateTime,
) -> Result<&SignInEvidence, NotFresh> {
    let Some(evidence) = row.and_then(|row| row.evidence.as_ref()) else {
        return Err(NotFresh::NotCompleted);
    };
    let interactive =
        row.is_some_and(|row| matches!(row.via, Some(CheckVia::Browser | CheckVia::DeviceCode)));
    fresh_sign_in(evidence, interactive, since).map(|()| evidence)
}

//! What went wrong around a check, in words a person understands, in every language of the catalog.
//!
//! The error types keep their English `Display` for logs and diagnostics (technical, stable). What a check row
//! shows is [`Explain::explain`]: a calm sentence in the run's language that keeps the identifiers IT needs
//! (HTTP status, Graph error code, request-id, AADSTS code) and never a token. The sentences live in
//! `locales/*/problem.ftl`; [`explain`] only maps each error to its message and variables. A [`Problem`] holds
//! every rendering, so a check can be made before anyone knows the language it will be shown in.

mod explain;

use std::fmt::Display;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::args;
use crate::book::BookError;
use crate::evidence::SignInOutcome;
use crate::lang::Wording;
use crate::signin::{EntraError, TokenError};
use crate::Lang;

use explain::{book_reason, entra_reference};

/// An error a person may read about: the same event, worded for people in `lang`.
pub trait Explain {
    fn explain(&self, lang: Lang) -> String;
}

/// A problem met while checking an account, ready to be shown in any language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// What a person reads, in every language (flattened: stored as `it`, `en`, …).
    #[serde(flatten)]
    #[ts(flatten)]
    wording: Wording,
    /// The error's English `Display`: technical, for logs and bug reports; never shown in a row.
    detail: String,
}

impl Problem {
    /// Every rendering of `error`, with its `Display` as the technical detail.
    pub fn of(error: &(impl Explain + Display)) -> Self {
        Self::new(Wording::of(|lang| error.explain(lang)), error.to_string())
    }

    /// The problem in `lang`, for a check row or a progress line.
    pub fn text(&self, lang: Lang) -> &str {
        self.wording.text(lang)
    }

    /// Every sentence, without the technical line (what a check row shows).
    pub fn wording(&self) -> Wording {
        self.wording.clone()
    }

    /// The technical English line (the error's `Display`).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    fn new(wording: Wording, detail: impl Into<String>) -> Self {
        Self {
            wording,
            detail: detail.into(),
        }
    }

    /// A remembered session Entra will not renew without the person (expired, revoked, or a new MFA prompt).
    pub fn session_ended(entra: &EntraError) -> Self {
        let id = if entra.needs_interactive_sign_in() {
            "problem-session-expired"
        } else if entra.outcome() == SignInOutcome::MustRegister {
            "problem-session-must-register"
        } else {
            "problem-session-second-step"
        };
        let wording = Wording::of(|lang| {
            lang.say_with(id, &args! { "reference" => entra_reference(entra, lang) })
        });
        Self::new(wording, entra.summary())
    }

    /// The sign-in completed, but no refresh token came with it, so the methods scope cannot be asked for.
    pub fn no_refresh_token() -> Self {
        Self::new(
            Wording::say("problem-no-refresh-token"),
            "no refresh token was issued (offline_access refused)",
        )
    }

    /// Asking for `UserAuthenticationMethod.Read` failed for a reason other than missing consent.
    pub fn methods_scope_refused(error: &TokenError) -> Self {
        let wording = Wording::of(|lang| {
            lang.say_with(
                "problem-methods-scope-refused",
                &args! { "why" => error.explain(lang) },
            )
        });
        Self::new(wording, error.to_string())
    }

    /// No keyring can be used (`cause` says why): this run keeps sessions in memory only.
    pub fn sessions_not_remembered(cause: &impl Display) -> Self {
        Self::new(
            Wording::say("problem-sessions-not-remembered"),
            format!("sessions are not remembered between runs ({cause})"),
        )
    }

    /// A check's result could not be written to the account book. The sentence says why in the person's
    /// terms; the book error's `Display` (paths, OS error) stays the technical detail.
    pub fn result_not_saved(error: &BookError) -> Self {
        Self::book(error, "problem-result-not-saved")
    }

    /// The account book could not be read when a check was to start, so nothing was checked.
    pub fn check_not_started(error: &BookError) -> Self {
        Self::book(error, "problem-check-not-started")
    }

    /// What happened (message `id`), then why the book refused.
    fn book(error: &BookError, id: &str) -> Self {
        let wording =
            Wording::of(|lang| lang.say_with(id, &args! { "why" => book_reason(error, lang) }));
        Self::new(wording, error.to_string())
    }

    /// A re-check task ended without a result (it panicked or was cancelled).
    pub fn recheck_stopped() -> Self {
        Self::new(
            Wording::say("problem-recheck-stopped"),
            "the re-check stopped unexpectedly",
        )
    }
}

#[cfg(test)]
mod tests;

//! What a verdict can rest on, shared by the assessment engine, the sign-in layer and the tickets.
//!
//! `docs/PRODUCT.md` §3 lists the kinds of evidence: a sign-in outcome, a Graph inventory, a manual inventory,
//! the person's declarations and the last known inventory. This module holds the sign-in outcome (the one every
//! layer talks about); the inventories and declarations live with the assessment engine.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// How an interactive (or device-code) sign-in to one tenant ended. One outcome per AADSTS code family; see the
/// table in `docs/MICROSOFT.md` §1.9 and docs/PRODUCT.md §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SignInOutcome {
    /// Tokens were issued. On its own this does not prove a second factor was used (v2.0 ID tokens carry no
    /// `amr`, and a trusted network can skip MFA): see [`SignInEvidence::second_step_confirmed`].
    Completed,
    /// The MFA prompt could not be passed: AADSTS 50076, 50074, 50078, 50158, 500121, or the person pressed
    /// "I'm stuck at the MFA prompt".
    BlockedByMfa,
    /// The account has no MFA method and must register one (50079, 50072).
    MustRegister,
    /// Registration of security info is itself blocked (53004 risk, 53010 location/device).
    RegistrationBlocked,
    /// A Conditional Access or similar policy blocks the sign-in; more MFA would not help (53003, 53000, …).
    BlockedByPolicy,
    /// The sign-in worked but the tenant has not consented to reading methods (65001, 90094, 90095).
    ConsentMissing,
    /// The account does not exist in that tenant, or the app is unknown there (50020, 50034, 700016, 16000).
    WrongAccountOrTenant,
    /// The password is wrong or expired (50126, 50055, 50144).
    PasswordProblem,
    /// The account is disabled or locked (50057, 50053).
    DisabledOrLocked,
    /// A passing problem (network, throttling, service error); trying again later may work.
    Transient,
    /// The person skipped this account or cancelled the sign-in.
    Skipped,
}

/// The proof a sign-in attempt leaves behind, kept for verdicts and for the IT ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignInEvidence {
    pub outcome: SignInOutcome,
    /// When the attempt ended (UTC).
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub at: OffsetDateTime,
    /// The first AADSTS code Entra returned, if any (e.g. 50076).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub aadsts: Option<u32>,
    /// `trace_id` of Entra's error response: admins search sign-in logs by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub trace_id: Option<String>,
    /// `correlation_id` of Entra's error response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub correlation_id: Option<String>,
    /// For a completed sign-in: the person's answer to "did it ask for a second step, and did you pass it with
    /// something you still have?" (`None` until asked). Only `Some(true)` makes a completed sign-in count as
    /// proof of a usable method (docs/PRODUCT.md §3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub second_step_confirmed: Option<bool>,
    /// Which method the person says passed the second step (a method id from the inventory, or a free label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub second_step_method: Option<String>,
}

impl SignInEvidence {
    /// An outcome with no Entra error attached (completed, stuck, skipped).
    pub fn new(outcome: SignInOutcome, at: OffsetDateTime) -> Self {
        Self {
            outcome,
            at,
            aadsts: None,
            trace_id: None,
            correlation_id: None,
            second_step_confirmed: None,
            second_step_method: None,
        }
    }

    /// True when this attempt proves the person can pass MFA with something they still hold.
    pub fn proves_usable_second_step(&self) -> bool {
        self.outcome == SignInOutcome::Completed && self.second_step_confirmed == Some(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn only_a_confirmed_completed_sign_in_proves_a_second_step() {
        let at = datetime!(2026-11-25 09:00 UTC);
        let mut evidence = SignInEvidence::new(SignInOutcome::Completed, at);
        assert!(!evidence.proves_usable_second_step());
        evidence.second_step_confirmed = Some(false);
        assert!(!evidence.proves_usable_second_step());
        evidence.second_step_confirmed = Some(true);
        assert!(evidence.proves_usable_second_step());
        let blocked = SignInEvidence {
            second_step_confirmed: Some(true),
            ..SignInEvidence::new(SignInOutcome::BlockedByMfa, at)
        };
        assert!(!blocked.proves_usable_second_step());
    }

    #[test]
    fn serialises_with_rfc3339_time_and_without_empty_fields() {
        let evidence = SignInEvidence {
            aadsts: Some(50076),
            trace_id: Some("5e178ca4-7a77-491a-a607-1f0a8187d500".into()),
            ..SignInEvidence::new(
                SignInOutcome::BlockedByMfa,
                datetime!(2026-09-14 08:03:11 UTC),
            )
        };
        let json = serde_json::to_value(&evidence).unwrap();
        assert_eq!(json["outcome"], "blocked_by_mfa");
        assert_eq!(json["at"], "2026-09-14T08:03:11Z");
        assert_eq!(json["aadsts"], 50076);
        assert!(json.get("correlationId").is_none());
        let back: SignInEvidence = serde_json::from_value(json).unwrap();
        assert_eq!(back, evidence);
    }
}

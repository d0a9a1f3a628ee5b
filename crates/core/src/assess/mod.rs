//! The assessment engine: from what is known about an account and what the person lost, decide whether they can
//! recover the account themselves, how ready it is for a loss, and what to do next (docs/PRODUCT.md §3).
//!
//! A false "you can do it yourself" strands a person for days, so every rule leans the same way: when in doubt, the
//! verdict is not [`Verdict::SelfService`]. Proven sign-in outcomes outrank predictions from an inventory.
//!
//! Everything here is pure: no I/O, no clock, no environment. The time an assessment is for travels in
//! [`Situation::now`]; the language of the words in [`Lang`], given to the `render` functions.

mod model;
mod render;
pub(crate) mod rules;
mod steps;
mod whatif;

pub use model::*;
pub use render::{format_time, AssessmentReport, ReportedMethod};
pub use whatif::{
    single_points_of_failure, what_if, AccountImpact, DeviceImpact, SinglePointOfFailure, WhatIf,
};

use crate::evidence::SignInOutcome;
use crate::situation::Situation;
use rules::{Naming, PreparedAccount, PreparedSituation, Status};

/// The base of a tenant's Security info page (docs/MICROSOFT.md §0.7).
pub const SECURITY_INFO_URL: &str = "https://mysignins.microsoft.com/security-info";

/// The Security info page of one tenant: `…/security-info?tenantId=<id>`, or the page of the home tenant when the
/// tenant id is unknown.
pub fn security_info_url(tenant_id: Option<&str>) -> String {
    match tenant_id.map(str::trim).filter(|id| !id.is_empty()) {
        Some(id) => format!("{SECURITY_INFO_URL}?tenantId={}", percent_encode(id)),
        None => SECURITY_INFO_URL.to_owned(),
    }
}

fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Assesses one account: verdict, grade, the methods that count and those that don't (each with its reason), the
/// evidence the verdict rests on and the ordered next steps.
pub fn assess(evidence: &AccountEvidence, situation: &Situation) -> Assessment {
    let prepared_situation = PreparedSituation::new(situation);
    let account = evidence
        .inventory
        .as_ref()
        .map(|inventory| PreparedAccount::new(&inventory.methods));
    let mut statuses: Vec<Status> = account
        .as_ref()
        .map(|account| account.judge_all(&prepared_situation, Naming::Declared))
        .unwrap_or_default();

    // A confirmed sign-in names the method that passed the second step: it is proven, whatever the prediction.
    let proof = evidence
        .sign_in
        .as_ref()
        .filter(|sign_in| proves_second_step(sign_in.outcome, sign_in.second_step_confirmed));
    let mut proven_method_matched = false;
    if let (Some(sign_in), Some(account)) = (proof, account.as_ref()) {
        if let Some(named) = sign_in.second_step_method.as_deref() {
            for (index, method) in account.methods.iter().enumerate() {
                if method.method.id() == named.trim() {
                    statuses[index] = Status::Usable(rules::Usable::ProvenBySignIn);
                    proven_method_matched = true;
                }
            }
        }
    }

    let prediction = account.as_ref().map(|account| account.outcome(&statuses));
    let decision = decide(evidence, prediction.as_ref().map(|outcome| outcome.verdict));
    // The grade follows the proof too: something works after a confirmed sign-in; nothing does after a blocked one.
    let grade = prediction
        .as_ref()
        .map(|outcome| match (decision.verdict, decision.it_reason) {
            (Verdict::SelfService, _) => outcome.grade.max(Grade::D),
            (_, Some(ItReason::SignInBlockedByMfa | ItReason::RegistrationBlocked)) => Grade::F,
            (Verdict::NotRegistered, _) => Grade::F,
            _ => outcome.grade,
        });

    let mut usable = Vec::new();
    let mut not_counted = Vec::new();
    if let Some(account) = account.as_ref() {
        for (method, status) in account.methods.iter().zip(&statuses) {
            let note = MethodNote {
                method: method.reference(),
                reason: rules::reason(method, *status, account, &prepared_situation, proof),
            };
            match status {
                Status::Usable(_) => usable.push(note),
                Status::NotCounted(_) => not_counted.push(note),
            }
        }
    }

    let evidence_notes = model::evidence_notes(
        evidence,
        situation,
        &decision,
        account.as_ref(),
        &prepared_situation,
    );
    let steps = steps::build(&steps::StepInput {
        evidence,
        situation,
        decision: &decision,
        account: account.as_ref(),
        statuses: &statuses,
        prepared_situation: &prepared_situation,
        proven_method_matched,
    });

    Assessment {
        verdict: decision.verdict,
        grade,
        decided_by: decision.basis,
        it_reason: decision.it_reason,
        usable,
        not_counted,
        evidence: evidence_notes,
        steps,
    }
}

/// Whether a sign-in outcome, with the person's answer, proves a second step they still hold. A sign-in that
/// completed but could not read the methods (consent missing) proves as much as a completed one.
fn proves_second_step(outcome: SignInOutcome, confirmed: Option<bool>) -> bool {
    matches!(
        outcome,
        SignInOutcome::Completed | SignInOutcome::ConsentMissing
    ) && confirmed == Some(true)
}

/// The verdict and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub verdict: Verdict,
    pub basis: Basis,
    /// Why IT must act, for `needs_it`.
    pub it_reason: Option<ItReason>,
}

/// Proven outcomes first (docs/PRODUCT.md §3), then the inventory's prediction, else `unknown`.
fn decide(evidence: &AccountEvidence, prediction: Option<Verdict>) -> Decision {
    let proven = |verdict, it_reason| Decision {
        verdict,
        basis: Basis::SignIn,
        it_reason,
    };
    if let Some(sign_in) = &evidence.sign_in {
        match sign_in.outcome {
            SignInOutcome::BlockedByMfa => {
                return proven(Verdict::NeedsIt, Some(ItReason::SignInBlockedByMfa))
            }
            SignInOutcome::RegistrationBlocked => {
                return proven(Verdict::NeedsIt, Some(ItReason::RegistrationBlocked))
            }
            SignInOutcome::BlockedByPolicy => {
                return proven(Verdict::NeedsIt, Some(ItReason::PolicyBlocksSignIn))
            }
            SignInOutcome::DisabledOrLocked => {
                return proven(Verdict::NeedsIt, Some(ItReason::AccountDisabled))
            }
            SignInOutcome::MustRegister => return proven(Verdict::NotRegistered, None),
            outcome if proves_second_step(outcome, sign_in.second_step_confirmed) => {
                return proven(Verdict::SelfService, None)
            }
            _ => {}
        }
    }
    match prediction {
        Some(Verdict::NeedsIt) => Decision {
            verdict: Verdict::NeedsIt,
            basis: Basis::Inventory,
            it_reason: Some(ItReason::NoUsableMethod),
        },
        Some(verdict) => Decision {
            verdict,
            basis: Basis::Inventory,
            it_reason: None,
        },
        None => Decision {
            verdict: Verdict::Unknown,
            basis: Basis::Nothing,
            it_reason: None,
        },
    }
}

//! After the ticket (docs/PRODUCT.md §3.5): once IT has acted, or with a Temporary Access Pass in hand, the
//! person re-registers on the tenant's Security info page in the safe order, and the journey ends in a
//! **verification sign-in**: a fresh interactive sign-in ([`crate::fresh_sign_in`], the move's proof) after the
//! re-registration began, which the person confirms they passed with the new method. The account's last sign-in
//! then carries that confirmation, so the assessment shows it self-service, proven by the sign-in.
//!
//! The rules do no I/O and never read the clock: `now` is passed in.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::args;
use crate::assess::{
    format_time, security_info_url, Assessment, MethodKind, MethodReason, Verdict,
};
use crate::book::{Account, AccountBook, AccountId, BookError};
use crate::check_in_turn::CheckRow;
use crate::evidence::SignInEvidence;
use crate::fresh_sign_in::{fresh_run_sign_in, NotFresh};
use crate::Lang;

/// What the book keeps about one account's re-registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reregistration {
    /// When the person said IT had acted: a verification sign-in must come after it.
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub began_at: OffsetDateTime,
    /// The steps the person ticked on Security info.
    #[serde(default)]
    pub steps_done: Vec<ReregisterStep>,
    /// The verification sign-in, once confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub verified: Option<VerifiedSignIn>,
}

/// The fresh sign-in that proved the new method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedSignIn {
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub at: OffsetDateTime,
    /// The method they used: its Graph id, or (without a method list) the label they chose.
    pub method: String,
}

/// The guided sequence, in the safe order (docs/PRODUCT.md §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReregisterStep {
    /// Sign in to Security info with the pass (or as IT said).
    SignInWithPass,
    /// Add Microsoft Authenticator on the new phone, notifications allowed, number matching approved.
    AddAuthenticator,
    /// Make it the default sign-in method.
    MakeDefault,
    /// Delete the lost phone's registration if it is still listed.
    RemoveLostDevice,
    /// Add a second method on another device.
    AddSecondMethod,
    /// The verification sign-in: evidence, never a tick.
    Verify,
}

impl ReregisterStep {
    pub const ALL: [ReregisterStep; 6] = [
        ReregisterStep::SignInWithPass,
        ReregisterStep::AddAuthenticator,
        ReregisterStep::MakeDefault,
        ReregisterStep::RemoveLostDevice,
        ReregisterStep::AddSecondMethod,
        ReregisterStep::Verify,
    ];

    /// The step's name on the command line and in JSON.
    pub fn code(self) -> &'static str {
        match self {
            ReregisterStep::SignInWithPass => "sign_in_with_pass",
            ReregisterStep::AddAuthenticator => "add_authenticator",
            ReregisterStep::MakeDefault => "make_default",
            ReregisterStep::RemoveLostDevice => "remove_lost_device",
            ReregisterStep::AddSecondMethod => "add_second_method",
            ReregisterStep::Verify => "verify",
        }
    }

    pub fn parse(value: &str) -> Option<ReregisterStep> {
        let value = value.trim().to_ascii_lowercase().replace('-', "_");
        Self::ALL.into_iter().find(|step| step.code() == value)
    }

    fn message(self) -> &'static str {
        match self {
            ReregisterStep::SignInWithPass => "reregister-step-sign-in-with-pass",
            ReregisterStep::AddAuthenticator => "reregister-step-add-authenticator",
            ReregisterStep::MakeDefault => "reregister-step-make-default",
            ReregisterStep::RemoveLostDevice => "reregister-step-remove-lost-device",
            ReregisterStep::AddSecondMethod => "reregister-step-add-second-method",
            ReregisterStep::Verify => "reregister-step-verify",
        }
    }
}

/// Why a re-registration change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReregisterError {
    #[error("no account {0:?} in the book")]
    UnknownAccount(String),
    /// The person has not said IT acted for this account.
    #[error("the re-registration has not been started")]
    NotStarted,
    #[error("the sign-in is no proof: {0:?}")]
    NotFresh(NotFresh),
    /// "Verify" is evidence, never a tick.
    #[error("verify is shown by evidence, not ticked")]
    VerifyNeedsEvidence,
    /// The confirmation names no method the person could have used.
    #[error("no method named")]
    NoMethod,
}

impl ReregisterError {
    /// The refusal in a sentence of `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            ReregisterError::UnknownAccount(id) => {
                BookError::UnknownAccount(id.clone()).to_string()
            }
            ReregisterError::NotStarted => lang.say("reregister-not-started"),
            ReregisterError::NotFresh(NotFresh::Remembered) => {
                lang.say("reregister-not-fresh-remembered")
            }
            ReregisterError::NotFresh(NotFresh::NotCompleted) => {
                lang.say("reregister-not-fresh-not-completed")
            }
            ReregisterError::NotFresh(NotFresh::TooOld) => lang.say("reregister-not-fresh-too-old"),
            ReregisterError::VerifyNeedsEvidence => lang.say("reregister-verify-needs-evidence"),
            ReregisterError::NoMethod => lang.say("reregister-no-method"),
        }
    }
}

impl From<ReregisterError> for BookError {
    fn from(error: ReregisterError) -> Self {
        match error {
            ReregisterError::UnknownAccount(id) => BookError::UnknownAccount(id),
            other => BookError::Invalid(crate::book::FieldError {
                field: "reregistration",
                reason: other.to_string(),
            }),
        }
    }
}

impl AccountBook {
    fn account_mut(&mut self, id: &AccountId) -> Result<&mut Account, ReregisterError> {
        self.get_mut(id)
            .map_err(|_| ReregisterError::UnknownAccount(id.0.clone()))
    }

    fn reregistration_mut(
        &mut self,
        id: &AccountId,
    ) -> Result<&mut Reregistration, ReregisterError> {
        self.account_mut(id)?
            .reregistration
            .as_mut()
            .ok_or(ReregisterError::NotStarted)
    }

    /// "IT has acted" (or "I have a pass"): the re-registration of `id` begins now (again, if it had begun).
    pub fn start_reregistration(
        &mut self,
        id: &AccountId,
        now: OffsetDateTime,
    ) -> Result<(), ReregisterError> {
        self.account_mut(id)?.reregistration = Some(Reregistration {
            began_at: now,
            steps_done: Vec::new(),
            verified: None,
        });
        Ok(())
    }

    /// Ticks (or unticks) a step the person did on Security info.
    pub fn mark_reregistration_step(
        &mut self,
        id: &AccountId,
        step: ReregisterStep,
        done: bool,
    ) -> Result<(), ReregisterError> {
        if step == ReregisterStep::Verify {
            return Err(ReregisterError::VerifyNeedsEvidence);
        }
        let reregistration = self.reregistration_mut(id)?;
        reregistration.steps_done.retain(|ticked| *ticked != step);
        if done {
            reregistration.steps_done.push(step);
        }
        Ok(())
    }

    /// The verification: the check run's sign-in of `id` (`row`) must be fresh and after the re-registration
    /// began (the move's rule), and the person names the new method that passed its second step. The account's
    /// last sign-in is then confirmed with that method, which the assessment takes as proof.
    pub fn confirm_reregistration(
        &mut self,
        id: &AccountId,
        row: Option<&CheckRow>,
        method: &str,
    ) -> Result<(), ReregisterError> {
        let method = method.trim();
        if method.is_empty() || method.contains(['\n', '\r']) {
            return Err(ReregisterError::NoMethod);
        }
        let began_at = self.reregistration_mut(id)?.began_at;
        let sign_in = fresh_run_sign_in(row, began_at)
            .map_err(ReregisterError::NotFresh)?
            .clone();
        let method: String = method.chars().take(200).collect();
        let account = self.account_mut(id)?;
        if let Some(reregistration) = account.reregistration.as_mut() {
            reregistration.verified = Some(VerifiedSignIn {
                at: sign_in.at,
                method: method.clone(),
            });
        }
        // The check recorded this sign-in as the last one; a later sign-in (another run) is never overwritten.
        if account
            .last_check
            .as_ref()
            .is_none_or(|last| last.at <= sign_in.at)
        {
            account.last_check = Some(SignInEvidence {
                second_step_confirmed: Some(true),
                second_step_method: Some(method),
                ..sign_in
            });
        }
        Ok(())
    }

    /// Ends the re-registration of `id` (to start over, or once done): its record leaves the book.
    pub fn end_reregistration(&mut self, id: &AccountId) -> Result<(), ReregisterError> {
        self.account_mut(id)?.reregistration = None;
        Ok(())
    }
}

/// One step as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReregisterStepView {
    pub step: ReregisterStep,
    pub text: String,
    pub done: bool,
    /// `Verify` is never ticked: it is done when the verification sign-in is confirmed.
    pub tickable: bool,
}

/// A method the person may say the verification sign-in used: its Graph id (or, without a method list, a
/// label) and how they recognise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodChoice {
    pub id: String,
    pub label: String,
}

/// The re-registration of one account, as any front end shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReregistrationView {
    pub began: String,
    pub steps: Vec<ReregisterStepView>,
    /// The tenant's own Security info page.
    pub security_info_url: String,
    /// What the verification sign-in may have used: the methods that count now, new ones first.
    pub method_choices: Vec<MethodChoice>,
    /// The proof, in a sentence, once confirmed.
    pub verified: Option<String>,
}

/// Whether the results offer "IT has acted" for an account: IT must act, or the person sent a ticket.
pub fn offers_reregistration(account: &Account, assessment: &Assessment) -> bool {
    account.reregistration.is_none()
        && (matches!(assessment.verdict, Verdict::NeedsIt) || account.ticket_sent_at.is_some())
}

/// The re-registration of `account` in `lang`, with `assessment` (for the declared situation) naming the lost
/// registrations still listed and the methods that count now.
pub fn reregistration_view(
    account: &Account,
    assessment: &Assessment,
    lang: Lang,
) -> Option<ReregistrationView> {
    let reregistration = account.reregistration.as_ref()?;
    let lost: Vec<String> = assessment
        .not_counted
        .iter()
        .filter(|note| {
            matches!(
                note.reason,
                MethodReason::OnLostDevice { .. } | MethodReason::PresumedOnLostPhone
            )
        })
        .map(|note| note.method.describe(lang))
        .collect();
    let steps = ReregisterStep::ALL
        .iter()
        .map(|&step| {
            let text = match step {
                ReregisterStep::RemoveLostDevice if !lost.is_empty() => lang.say_with(
                    "reregister-step-remove-listed",
                    &args! { "methods" => lost.join(", ") },
                ),
                _ => lang.say(step.message()),
            };
            ReregisterStepView {
                step,
                text,
                done: match step {
                    ReregisterStep::Verify => reregistration.verified.is_some(),
                    _ => reregistration.steps_done.contains(&step),
                },
                tickable: step != ReregisterStep::Verify,
            }
        })
        .collect();
    Some(ReregistrationView {
        began: format_time(reregistration.began_at),
        steps,
        security_info_url: security_info_url(account.details.tenant_id.as_deref()),
        method_choices: method_choices(account, assessment, reregistration.began_at, lang),
        verified: reregistration.verified.as_ref().map(|verified| {
            // A Graph id is shown as the person recognises the method, in the language of the screen.
            let method = assessment
                .usable
                .iter()
                .chain(&assessment.not_counted)
                .find(|note| note.method.id == verified.method)
                .map(|note| note.method.describe(lang))
                .unwrap_or_else(|| verified.method.clone());
            lang.say_with(
                "reregister-verified",
                &args! { "at" => format_time(verified.at), "method" => method },
            )
        }),
    })
}

/// The methods that count after what the book declares lost, and the second steps registered since the
/// re-registration began (first), never a pass (it only opens Security info); without a method list, the new
/// phone's Authenticator by name.
fn method_choices(
    account: &Account,
    assessment: &Assessment,
    began_at: OffsetDateTime,
    lang: Lang,
) -> Vec<MethodChoice> {
    let evidence = account.evidence();
    let Some(inventory) = evidence.inventory.as_ref() else {
        let label = lang.say("reregister-method-new-authenticator");
        return vec![MethodChoice {
            id: label.clone(),
            label,
        }];
    };
    let created = |id: &str| {
        inventory
            .methods
            .iter()
            .find(|method| method.id() == id)
            .and_then(|method| method.base().created_date_time)
    };
    // A second step registered after IT acted cannot be on the lost phone, even when the rules cannot tell it
    // from one (a lost phone that no list names any more leaves every phone in doubt).
    let new_second_step = |note: &&crate::assess::MethodNote| {
        created(&note.method.id).is_some_and(|at| at > began_at)
            && !matches!(
                note.reason,
                MethodReason::NotASecondStep | MethodReason::OnLostDevice { .. }
            )
    };
    let mut choices: Vec<(bool, MethodChoice)> = assessment
        .usable
        .iter()
        .chain(assessment.not_counted.iter().filter(new_second_step))
        .filter(|note| note.method.kind != MethodKind::TemporaryAccessPass)
        .map(|note| {
            let new = created(&note.method.id).is_some_and(|at| at > began_at);
            let choice = MethodChoice {
                id: note.method.id.clone(),
                label: note.method.describe(lang),
            };
            (new, choice)
        })
        .collect();
    // New registrations first, keeping the assessment's order otherwise.
    choices.sort_by_key(|(new, _)| !new);
    choices.into_iter().map(|(_, choice)| choice).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::{assess, Basis};
    use crate::book::{AccountDetails, InventorySource, StoredInventory};
    use crate::check_in_turn::{CheckStage, CheckVia};
    use crate::evidence::{SignInEvidence, SignInOutcome};
    use serde_json::json;
    use time::macros::datetime;

    const LOST_AT: OffsetDateTime = datetime!(2026-11-30 09:00 UTC);
    const IT_ACTED: OffsetDateTime = datetime!(2026-12-02 10:00 UTC);
    const VERIFIED: OffsetDateTime = datetime!(2026-12-02 10:40 UTC);

    fn authenticator(id: &str, phone: &str, created: &str) -> serde_json::Value {
        json!({
            "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
            "id": id, "displayName": phone, "createdDateTime": created
        })
    }

    fn inventory(methods: Vec<serde_json::Value>, read_at: OffsetDateTime) -> StoredInventory {
        StoredInventory {
            methods,
            read_at,
            source: InventorySource::Graph,
        }
    }

    /// Giulia's school account: Authenticator only, on the phone she lost; a blocked sign-in.
    fn locked_book() -> (AccountBook, AccountId) {
        let mut book = AccountBook::default();
        let id = book
            .add(AccountDetails::new("giulia@liceo.example.it"))
            .unwrap();
        book.situation.lost_devices = vec!["Redmi Note 12".into()];
        let old = authenticator("old", "Redmi Note 12", "2025-09-01T08:00:00Z");
        book.record_inventory(&id, inventory(vec![old], LOST_AT))
            .unwrap();
        let mut blocked = SignInEvidence::new(SignInOutcome::BlockedByMfa, LOST_AT);
        blocked.aadsts = Some(50076);
        book.record_check(&id, blocked).unwrap();
        (book, id)
    }

    fn row(id: &AccountId, via: CheckVia, evidence: SignInEvidence) -> CheckRow {
        CheckRow {
            id: id.clone(),
            upn: "giulia@liceo.example.it".into(),
            organisation: "Liceo".into(),
            stage: CheckStage::Done,
            via: Some(via),
            outcome: Some(evidence.outcome),
            outcome_text: None,
            aadsts: None,
            methods: None,
            method_count: None,
            verdict: Verdict::Unknown,
            headline: crate::lang::Wording::of(|_| String::new()),
            problem: None,
            evidence: Some(evidence),
        }
    }

    fn assessment(book: &AccountBook, id: &AccountId) -> Assessment {
        let mut situation = book.situation.clone();
        situation.now = Some(VERIFIED);
        assess(&book.get(id).unwrap().evidence(), &situation)
    }

    #[test]
    fn the_journey_ends_green_only_after_a_fresh_sign_in_with_the_new_method() {
        let (mut book, id) = locked_book();
        let before = assessment(&book, &id);
        assert_eq!(before.verdict, Verdict::NeedsIt);
        assert!(offers_reregistration(book.get(&id).unwrap(), &before));

        book.start_reregistration(&id, IT_ACTED).unwrap();
        assert!(!offers_reregistration(book.get(&id).unwrap(), &before));
        for step in [
            ReregisterStep::SignInWithPass,
            ReregisterStep::AddAuthenticator,
            ReregisterStep::MakeDefault,
            ReregisterStep::RemoveLostDevice,
        ] {
            book.mark_reregistration_step(&id, step, true).unwrap();
        }
        assert_eq!(
            book.mark_reregistration_step(&id, ReregisterStep::Verify, true),
            Err(ReregisterError::VerifyNeedsEvidence)
        );
        // The ticks change nothing: still IT's until the proof.
        assert_eq!(assessment(&book, &id).verdict, Verdict::NeedsIt);

        // The verification run re-read the methods: the new phone is there, the lost one gone.
        let new = authenticator("new", "Pixel 9 di Giulia", "2026-12-02T10:20:00Z");
        book.record_inventory(&id, inventory(vec![new], VERIFIED))
            .unwrap();
        let fresh = SignInEvidence::new(SignInOutcome::Completed, VERIFIED);
        book.record_check(&id, fresh.clone()).unwrap();
        let view =
            reregistration_view(book.get(&id).unwrap(), &assessment(&book, &id), Lang::En).unwrap();
        assert_eq!(view.method_choices[0].id, "new");
        assert!(view.verified.is_none());
        assert!(!view.steps.last().unwrap().done && !view.steps.last().unwrap().tickable);

        // A remembered session or a sign-in from before IT acted is no proof; nothing is recorded.
        let remembered = row(&id, CheckVia::RememberedSession, fresh.clone());
        let old = row(
            &id,
            CheckVia::Browser,
            SignInEvidence::new(SignInOutcome::Completed, LOST_AT),
        );
        for (run, refusal) in [
            (&remembered, NotFresh::Remembered),
            (&old, NotFresh::TooOld),
        ] {
            assert_eq!(
                book.confirm_reregistration(&id, Some(run), "new"),
                Err(ReregisterError::NotFresh(refusal))
            );
        }
        assert_eq!(
            book.confirm_reregistration(&id, None, "new"),
            Err(ReregisterError::NotFresh(NotFresh::NotCompleted))
        );
        let browser = row(&id, CheckVia::Browser, fresh);
        assert_eq!(
            book.confirm_reregistration(&id, Some(&browser), "  "),
            Err(ReregisterError::NoMethod)
        );
        assert!(book
            .get(&id)
            .unwrap()
            .reregistration
            .as_ref()
            .unwrap()
            .verified
            .is_none());

        book.confirm_reregistration(&id, Some(&browser), "new")
            .unwrap();
        let after = assessment(&book, &id);
        assert_eq!(after.verdict, Verdict::SelfService);
        assert_eq!(after.decided_by, Basis::SignIn);
        assert!(after.usable.iter().any(|note| note.method.id == "new"
            && matches!(note.reason, MethodReason::ProvenBySignIn { .. })));
        let view = reregistration_view(book.get(&id).unwrap(), &after, Lang::En).unwrap();
        assert!(view.steps.last().unwrap().done);
        let verified = view.verified.unwrap();
        assert!(
            verified.contains("2026-12-02") && verified.contains("Pixel 9 di Giulia"),
            "{verified}"
        );
    }

    #[test]
    fn the_steps_name_the_lost_registration_and_come_in_the_safe_order() {
        let (mut book, id) = locked_book();
        book.start_reregistration(&id, IT_ACTED).unwrap();
        for lang in Lang::ALL {
            let view =
                reregistration_view(book.get(&id).unwrap(), &assessment(&book, &id), lang).unwrap();
            let order: Vec<ReregisterStep> = view.steps.iter().map(|step| step.step).collect();
            assert_eq!(order, ReregisterStep::ALL);
            assert!(view.steps[3].text.contains("Redmi Note 12"), "{lang:?}");
            assert!(view
                .security_info_url
                .starts_with("https://mysignins.microsoft.com/"));
        }
    }

    #[test]
    fn without_a_method_list_the_new_phone_is_named_and_refusals_need_a_start() {
        let mut book = AccountBook::default();
        let id = book
            .add(AccountDetails::new("marco@cantina.example.it"))
            .unwrap();
        assert_eq!(
            book.mark_reregistration_step(&id, ReregisterStep::MakeDefault, true),
            Err(ReregisterError::NotStarted)
        );
        let unknown = AccountId("nobody".into());
        assert_eq!(
            book.start_reregistration(&unknown, IT_ACTED),
            Err(ReregisterError::UnknownAccount("nobody".into()))
        );
        book.start_reregistration(&id, IT_ACTED).unwrap();
        let account = book.get(&id).unwrap();
        let view = reregistration_view(
            account,
            &assess(&account.evidence(), &book.situation),
            Lang::It,
        )
        .unwrap();
        assert_eq!(
            view.method_choices,
            vec![MethodChoice {
                id: "Microsoft Authenticator sul nuovo telefono".into(),
                label: "Microsoft Authenticator sul nuovo telefono".into(),
            }]
        );
        book.end_reregistration(&id).unwrap();
        assert!(book.get(&id).unwrap().reregistration.is_none());
    }
}

//! The ordered next steps for each verdict (issue 3): for `self_service` the Security info link, the method to sign
//! in with, the registrations to delete and what to add next; for `needs_it` the questions that could still change
//! the verdict, then IT; for `not_registered` what the next sign-in asks; for `unknown` the manual check.

use super::model::{AccountEvidence, Basis, ItReason, MethodKind, MethodRef, Step, Verdict};
use super::rules::{
    number_ending, NotCounted, PreparedAccount, PreparedMethod, PreparedSituation, Status, Usable,
};
use super::{security_info_url, Decision};
use crate::evidence::SignInOutcome;
use crate::situation::Situation;

pub(super) struct StepInput<'a> {
    pub evidence: &'a AccountEvidence,
    pub situation: &'a Situation,
    pub decision: &'a Decision,
    pub account: Option<&'a PreparedAccount<'a>>,
    pub statuses: &'a [Status],
    pub prepared_situation: &'a PreparedSituation,
    pub proven_method_matched: bool,
}

impl StepInput<'_> {
    fn judged(&self) -> impl Iterator<Item = (&PreparedMethod<'_>, Status)> + '_ {
        self.account
            .into_iter()
            .flat_map(|account| account.methods.iter())
            .zip(self.statuses.iter().copied())
    }

    fn usable(&self) -> impl Iterator<Item = &PreparedMethod<'_>> + '_ {
        self.judged()
            .filter(|(_, status)| status.is_usable())
            .map(|(method, _)| method)
    }

    fn url(&self) -> String {
        security_info_url(self.evidence.tenant_id.as_deref())
    }
}

pub(super) fn build(input: &StepInput<'_>) -> Vec<Step> {
    match input.decision.verdict {
        Verdict::SelfService if input.situation.declares_loss() => recovery_steps(input),
        Verdict::SelfService => readiness_steps(input),
        Verdict::NeedsIt => it_steps(
            input,
            input.decision.it_reason.unwrap_or(ItReason::NoUsableMethod),
        ),
        Verdict::NotRegistered => vec![
            Step::RegisterAtNextSignIn { url: input.url() },
            Step::AddMethodOnAnotherDevice,
        ],
        Verdict::Unknown => unknown_steps(input),
    }
}

/// Which usable method to sign in with: the proven one, then what works best for opening Security info.
fn preference(method: &PreparedMethod<'_>, status: Status) -> u8 {
    if status == Status::Usable(Usable::ProvenBySignIn) {
        return 0;
    }
    match method.kind {
        // A pass is made for exactly this: signing in to register new methods (docs/MICROSOFT.md §4.1).
        MethodKind::TemporaryAccessPass => 1,
        MethodKind::AuthenticatorApp => 2,
        MethodKind::SecurityKey | MethodKind::SyncedPasskey | MethodKind::WindowsPasskey => 3,
        MethodKind::AuthenticatorPasskey => 4,
        MethodKind::WindowsHello | MethodKind::PlatformCredential => 5,
        MethodKind::HardwareOath => 6,
        MethodKind::SoftwareOath => 7,
        MethodKind::External => 8,
        MethodKind::MobilePhone => 9,
        MethodKind::AlternateMobilePhone => 10,
        MethodKind::OfficePhone => 11,
        _ => 12,
    }
}

fn recovery_steps(input: &StepInput<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    let best = input
        .judged()
        .filter(|(_, status)| status.is_usable())
        .min_by_key(|(method, status)| preference(method, *status))
        .map(|(method, _)| method);
    if let Some(best) = best {
        if matches!(
            best.kind,
            MethodKind::MobilePhone | MethodKind::AlternateMobilePhone
        ) && !input.situation.lost_devices.is_empty()
        {
            steps.push(Step::ReplaceSim {
                number_ending: number_ending(&best.number),
            });
        }
    }
    steps.push(Step::OpenSecurityInfo {
        url: input.url(),
        tenant_known: input
            .evidence
            .tenant_id
            .as_deref()
            .is_some_and(|id| !id.trim().is_empty()),
    });
    let proof = input.decision.basis == Basis::SignIn;
    match best {
        Some(best) if !proof || input.proven_method_matched => steps.push(Step::SignInWith {
            method: best.reference(),
        }),
        _ => steps.push(Step::SignInAsBefore {
            method_label: input
                .evidence
                .sign_in
                .as_ref()
                .and_then(|sign_in| sign_in.second_step_method.clone()),
        }),
    }
    let lost: Vec<&PreparedMethod<'_>> = input
        .judged()
        .filter(|(method, status)| {
            matches!(
                status,
                Status::NotCounted(NotCounted::OnLostDevice | NotCounted::PresumedOnLostPhone)
            ) || (method.kind == MethodKind::PasswordlessAuthenticator
                && is_on_lost_device(method, input))
        })
        .map(|(method, _)| method)
        .collect();
    steps.extend(lost.iter().map(|method| Step::DeleteLostRegistration {
        method: method.reference(),
    }));
    if lost.iter().any(|method| {
        matches!(
            method.kind,
            MethodKind::AuthenticatorApp
                | MethodKind::AuthenticatorPasskey
                | MethodKind::PasswordlessAuthenticator
        )
    }) {
        steps.push(Step::AddAuthenticatorOnNewPhone);
    }
    steps.extend(strengthening_steps(input));
    steps
}

fn is_on_lost_device(method: &PreparedMethod<'_>, input: &StepInput<'_>) -> bool {
    method.names.iter().any(|name| {
        input
            .prepared_situation
            .lost
            .iter()
            .any(|(lost, _)| lost == name)
    })
}

/// What to add so the next loss does not lock the person out. Never leans on SMS (docs/MICROSOFT.md §0.6).
fn strengthening_steps(input: &StepInput<'_>) -> Vec<Step> {
    let Some(account) = input.account else {
        return Vec::new();
    };
    let outcome = account.outcome(input.statuses);
    // A number that is no longer the person's first: while they can still sign in, they can change it themselves.
    let mut steps: Vec<Step> = input
        .judged()
        .filter(|(_, status)| *status == Status::NotCounted(NotCounted::NumberNotCurrent))
        .map(|(method, _)| Step::UpdatePhoneNumber {
            number_ending: number_ending(&method.number),
        })
        .collect();
    steps.dedup();
    if !outcome.phishing_resistant {
        steps.push(Step::AddPhishingResistantMethod);
    }
    if outcome.carriers < 2 {
        steps.push(Step::AddMethodOnAnotherDevice);
    }
    let mut usable = input.usable().peekable();
    if usable.peek().is_some() && usable.all(|method| method.kind.is_phone()) {
        steps.push(Step::MoveOffSmsAndVoice);
    }
    steps
}

fn readiness_steps(input: &StepInput<'_>) -> Vec<Step> {
    // Proven by a sign-in but never listed: there is nothing to grade yet.
    if input.account.is_none() {
        return vec![Step::CheckManually { url: input.url() }];
    }
    let mut steps = questions(input);
    steps.extend(strengthening_steps(input));
    if steps.is_empty() {
        steps.push(Step::NoActionNeeded);
    }
    steps
}

/// Questions whose answer could make an uncounted method count.
fn questions(input: &StepInput<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    for (method, status) in input.judged() {
        let step = match status {
            Status::NotCounted(NotCounted::CodesLocationUnknown) => Step::ConfirmCodesLocation,
            Status::NotCounted(NotCounted::PresumedOnLostPhone) => Step::ConfirmPasskeyLocation,
            Status::NotCounted(NotCounted::ExternalUnconfirmed) => Step::ConfirmExternalMethod {
                provider: method.method.display_name().map(str::to_owned),
            },
            Status::NotCounted(NotCounted::MightBeLostDevice) => Step::ConfirmDevice {
                method: method.reference(),
                declared: input
                    .account
                    .map(|account| account.devices_in_doubt(input.prepared_situation))
                    .unwrap_or_default(),
            },
            _ => continue,
        };
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    steps
}

fn it_steps(input: &StepInput<'_>, because: ItReason) -> Vec<Step> {
    let mut steps = Vec::new();
    match input.decision.basis {
        // The sign-in was blocked although the list predicts a usable method: maybe it was not tried.
        Basis::SignIn if because == ItReason::SignInBlockedByMfa => {
            let predicted: Vec<MethodRef> = input.usable().map(PreparedMethod::reference).collect();
            if !predicted.is_empty() {
                steps.push(Step::TryOtherMethodsFirst { methods: predicted });
            }
        }
        Basis::Inventory => steps.extend(questions(input)),
        _ => {}
    }
    steps.push(Step::AskIt { because });
    if matches!(
        because,
        ItReason::NoUsableMethod | ItReason::SignInBlockedByMfa | ItReason::RegistrationBlocked
    ) {
        steps.push(Step::AfterItActs);
    }
    steps
}

fn unknown_steps(input: &StepInput<'_>) -> Vec<Step> {
    let mut steps = Vec::new();
    let unconfirmed_sign_in = input.evidence.sign_in.as_ref().is_some_and(|sign_in| {
        matches!(
            sign_in.outcome,
            SignInOutcome::Completed | SignInOutcome::ConsentMissing
        ) && sign_in.second_step_confirmed.is_none()
    });
    if unconfirmed_sign_in {
        steps.push(Step::ConfirmSecondStep);
    }
    steps.push(Step::CheckManually { url: input.url() });
    steps
}

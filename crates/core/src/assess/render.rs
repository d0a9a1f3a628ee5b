//! Words for verdicts, grades, reasons, evidence and steps, in every language of the catalog
//! (`locales/*/assess.ftl`). One wording for the CLI, the desktop and the tickets.

use serde::Serialize;
use time::OffsetDateTime;

use super::model::*;
use crate::args;
use crate::evidence::SignInOutcome;
use crate::lang::Noun;
use crate::Lang;

/// A date and time as people read it: `2026-09-14 08:00 UTC`.
pub fn format_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("“{name}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Verdict {
    /// One sentence saying what the verdict means for the person.
    pub fn headline(self, lang: Lang) -> String {
        lang.say(match self {
            Verdict::SelfService => "assess-verdict-self-service",
            Verdict::NeedsIt => "assess-verdict-needs-it",
            Verdict::NotRegistered => "assess-verdict-not-registered",
            Verdict::Unknown => "assess-verdict-unknown",
        })
    }
}

impl Assessment {
    /// One sentence saying what the verdict means for the person. When IT must act for a reason other than the
    /// second step (a blocking policy, a disabled account, registration blocked), it names that reason: saying
    /// "nothing you still have can pass the second step" there would send the person looking for a method.
    pub fn headline(&self, lang: Lang) -> String {
        match (self.verdict, self.it_reason) {
            (Verdict::NeedsIt, Some(ItReason::PolicyBlocksSignIn)) => {
                lang.say("assess-headline-policy-blocks")
            }
            (Verdict::NeedsIt, Some(ItReason::AccountDisabled)) => {
                lang.say("assess-headline-account-disabled")
            }
            (Verdict::NeedsIt, Some(ItReason::RegistrationBlocked)) => {
                lang.say("assess-headline-registration-blocked")
            }
            (verdict, _) => verdict.headline(lang),
        }
    }
}

impl Grade {
    /// What the grade means.
    pub fn meaning(self, lang: Lang) -> String {
        lang.say(match self {
            Grade::A => "assess-grade-a",
            Grade::B => "assess-grade-b",
            Grade::C => "assess-grade-c",
            Grade::D => "assess-grade-d",
            Grade::F => "assess-grade-f",
        })
    }
}

impl MethodKind {
    /// The kind as the catalog's selectors name it (`assess-method-in-sentence`).
    fn catalog_key(self) -> &'static str {
        match self {
            MethodKind::Password => "password",
            MethodKind::Email => "email",
            MethodKind::QrCodePin => "qr_code_pin",
            MethodKind::AuthenticatorApp => "authenticator_app",
            MethodKind::PasswordlessAuthenticator => "passwordless_authenticator",
            MethodKind::AuthenticatorPasskey => "authenticator_passkey",
            MethodKind::SecurityKey => "security_key",
            MethodKind::WindowsPasskey => "windows_passkey",
            MethodKind::SyncedPasskey => "synced_passkey",
            MethodKind::WindowsHello => "windows_hello",
            MethodKind::PlatformCredential => "platform_credential",
            MethodKind::MobilePhone => "mobile_phone",
            MethodKind::AlternateMobilePhone => "alternate_mobile_phone",
            MethodKind::OfficePhone => "office_phone",
            MethodKind::OtherPhone => "other_phone",
            MethodKind::SoftwareOath => "software_oath",
            MethodKind::HardwareOath => "hardware_oath",
            MethodKind::TemporaryAccessPass => "temporary_access_pass",
            MethodKind::External => "external",
            MethodKind::Unrecognised => "unrecognised",
        }
    }
}

impl MethodRef {
    /// How the person recognises the method: "Microsoft Authenticator on “Sandeep’s iPhone”".
    pub fn describe(&self, lang: Lang) -> String {
        let label = self.label.as_deref().unwrap_or_default();
        // (without a label, with one); a kind whose label never shows has one message.
        let (unnamed, named) = match self.kind {
            MethodKind::Password => ("assess-method-password", None),
            MethodKind::Email => ("assess-method-email", Some("assess-method-email-named")),
            MethodKind::QrCodePin => ("assess-method-qr-code-pin", None),
            MethodKind::AuthenticatorApp => (
                "assess-method-authenticator-app",
                Some("assess-method-authenticator-app-named"),
            ),
            MethodKind::PasswordlessAuthenticator => (
                "assess-method-passwordless",
                Some("assess-method-passwordless-named"),
            ),
            MethodKind::AuthenticatorPasskey => (
                "assess-method-authenticator-passkey",
                Some("assess-method-authenticator-passkey-named"),
            ),
            MethodKind::SecurityKey => (
                "assess-method-security-key",
                Some("assess-method-security-key-named"),
            ),
            MethodKind::WindowsPasskey => (
                "assess-method-windows-passkey",
                Some("assess-method-windows-passkey-named"),
            ),
            MethodKind::SyncedPasskey => (
                "assess-method-synced-passkey",
                Some("assess-method-synced-passkey-named"),
            ),
            MethodKind::WindowsHello => (
                "assess-method-windows-hello",
                Some("assess-method-windows-hello-named"),
            ),
            MethodKind::PlatformCredential => (
                "assess-method-platform-credential",
                Some("assess-method-platform-credential-named"),
            ),
            MethodKind::MobilePhone => (
                "assess-method-mobile-phone",
                Some("assess-method-mobile-phone-named"),
            ),
            MethodKind::AlternateMobilePhone => (
                "assess-method-alternate-mobile-phone",
                Some("assess-method-alternate-mobile-phone-named"),
            ),
            MethodKind::OfficePhone => (
                "assess-method-office-phone",
                Some("assess-method-office-phone-named"),
            ),
            MethodKind::OtherPhone => (
                "assess-method-other-phone",
                Some("assess-method-other-phone-named"),
            ),
            MethodKind::SoftwareOath => ("assess-method-software-oath", None),
            MethodKind::HardwareOath => (
                "assess-method-hardware-oath",
                Some("assess-method-hardware-oath-named"),
            ),
            MethodKind::TemporaryAccessPass => ("assess-method-temporary-access-pass", None),
            MethodKind::External => (
                "assess-method-external",
                Some("assess-method-external-named"),
            ),
            MethodKind::Unrecognised => {
                return lang.say_with(
                    "assess-method-unrecognised",
                    &args! { "type" => self.graph_type.as_str() },
                )
            }
        };
        match named {
            Some(named) if !label.is_empty() => lang.say_with(named, &args! { "label" => label }),
            _ => lang.say(unnamed),
        }
    }

    /// [`MethodRef::describe`] with the article a sentence needs: "the security key “Red key”",
    /// "la chiave di sicurezza “Red key”"; brand names stand alone.
    pub fn describe_in_sentence(&self, lang: Lang) -> String {
        lang.say_with(
            "assess-method-in-sentence",
            &args! { "kind" => self.kind.catalog_key(), "method" => self.describe(lang) },
        )
    }
}

impl MethodNote {
    /// Why this method counts or not, in one sentence.
    pub fn render_reason(&self, lang: Lang) -> String {
        let kind = self.method.kind;
        let id = match &self.reason {
            MethodReason::DeviceStillHeld => match kind {
                MethodKind::WindowsHello
                | MethodKind::PlatformCredential
                | MethodKind::WindowsPasskey => "assess-reason-held-computer",
                MethodKind::SyncedPasskey => "assess-reason-held-synced-passkey",
                _ => "assess-reason-held-device",
            },
            MethodReason::PasskeyInAuthenticator { confirmed: true } => {
                "assess-reason-passkey-confirmed"
            }
            MethodReason::PasskeyInAuthenticator { confirmed: false } => {
                "assess-reason-passkey-no-phone-lost"
            }
            MethodReason::NumberReachable if kind == MethodKind::MobilePhone => {
                "assess-reason-number-reachable-mobile"
            }
            MethodReason::NumberReachable => "assess-reason-number-reachable-voice",
            MethodReason::CodesOnHeldDevice => "assess-reason-codes-on-held-device",
            MethodReason::CodesBackedUp => "assess-reason-codes-backed-up",
            MethodReason::PassUsable { until: Some(until) } => {
                return lang.say_with(
                    "assess-reason-pass-usable-until",
                    &args! { "until" => format_time(*until) },
                )
            }
            MethodReason::PassUsable { until: None } => "assess-reason-pass-usable",
            MethodReason::ExternalConfirmed => "assess-reason-external-confirmed",
            MethodReason::ProvenBySignIn { at } => {
                return lang.say_with(
                    "assess-reason-proven-by-sign-in",
                    &args! { "at" => format_time(*at) },
                )
            }
            MethodReason::NotASecondStep => match kind {
                MethodKind::Password => "assess-reason-password-first-step",
                MethodKind::Email => "assess-reason-email-reset-only",
                MethodKind::QrCodePin => "assess-reason-qr-code-first-step",
                _ => "assess-reason-passwordless-first-step",
            },
            MethodReason::OnLostDevice { device } => {
                return lang.say_with(
                    "assess-reason-on-lost-device",
                    &args! { "device" => device.as_str() },
                )
            }
            MethodReason::PresumedOnLostPhone => "assess-reason-presumed-on-lost-phone",
            MethodReason::MightBeLostDevice { declared } => {
                return lang.say_with(
                    "assess-reason-might-be-lost-device",
                    &args! { "devices" => quoted(declared) },
                )
            }
            MethodReason::NumberUnreachable => "assess-reason-number-unreachable",
            MethodReason::NumberNotCurrent => "assess-reason-number-not-current",
            MethodReason::UnknownPhone => "assess-reason-unknown-phone",
            MethodReason::CodesLocationUnknown => "assess-reason-codes-location-unknown",
            MethodReason::TokenNotActivated { status } => {
                return lang.say_with(
                    "assess-reason-token-not-activated",
                    &args! { "status" => status.as_str() },
                )
            }
            MethodReason::PassNotUsable { problem, at } => {
                let dated = match problem {
                    PassProblem::Expired => Some("assess-reason-pass-expired-on"),
                    PassProblem::NotYetValid => Some("assess-reason-pass-not-yet-valid-from"),
                    _ => None,
                };
                if let (Some(dated), Some(at)) = (dated, at) {
                    return lang.say_with(dated, &args! { "at" => format_time(*at) });
                }
                match problem {
                    PassProblem::Expired => "assess-reason-pass-expired",
                    PassProblem::NotYetValid => "assess-reason-pass-not-yet-valid",
                    PassProblem::AlreadyUsed => "assess-reason-pass-already-used",
                    PassProblem::DisabledByPolicy => "assess-reason-pass-disabled-by-policy",
                    PassProblem::NotUsable => "assess-reason-pass-not-usable",
                }
            }
            MethodReason::ExternalUnconfirmed => "assess-reason-external-unconfirmed",
            MethodReason::Unrecognised => "assess-reason-unrecognised",
        };
        lang.say(id)
    }
}

impl ItReason {
    /// Why IT must act and what to ask for; each ends by saying Lifeboat drafts the ticket.
    fn render(self, lang: Lang) -> String {
        lang.say(match self {
            ItReason::NoUsableMethod => "assess-it-no-usable-method",
            ItReason::SignInBlockedByMfa => "assess-it-sign-in-blocked-by-mfa",
            ItReason::RegistrationBlocked => "assess-it-registration-blocked",
            ItReason::PolicyBlocksSignIn => "assess-it-policy-blocks-sign-in",
            ItReason::AccountDisabled => "assess-it-account-disabled",
        })
    }
}

impl Step {
    /// The step as one or two sentences.
    pub fn render(&self, lang: Lang) -> String {
        let url_step = |id: &str, url: &str| lang.say_with(id, &args! { "url" => url });
        let method_step = |id: &str, method: &MethodRef| {
            lang.say_with(id, &args! { "method" => method.describe_in_sentence(lang) })
        };
        match self {
            Step::ReplaceSim { number_ending } => lang.say_with(
                "assess-step-replace-sim",
                &args! { "ending" => number_ending.as_str() },
            ),
            Step::OpenSecurityInfo { url, tenant_known } => {
                let id = if *tenant_known {
                    "assess-step-open-security-info"
                } else {
                    "assess-step-open-security-info-switch"
                };
                url_step(id, url)
            }
            Step::SignInWith { method } => match method.kind {
                MethodKind::TemporaryAccessPass => lang.say("assess-step-sign-in-with-pass"),
                MethodKind::WindowsHello
                | MethodKind::PlatformCredential
                | MethodKind::WindowsPasskey => {
                    method_step("assess-step-sign-in-from-computer", method)
                }
                _ => method_step("assess-step-sign-in-with", method),
            },
            Step::SignInAsBefore { method_label } => match method_label {
                Some(label) => lang.say_with(
                    "assess-step-sign-in-as-before-with",
                    &args! { "label" => label.as_str() },
                ),
                None => lang.say("assess-step-sign-in-as-before"),
            },
            Step::DeleteLostRegistration { method } => {
                method_step("assess-step-delete-lost-registration", method)
            }
            Step::AddAuthenticatorOnNewPhone => lang.say("assess-step-add-authenticator"),
            Step::AddPhishingResistantMethod => lang.say("assess-step-add-phishing-resistant"),
            Step::AddMethodOnAnotherDevice => lang.say("assess-step-add-method-on-another-device"),
            Step::MoveOffSmsAndVoice => lang.say("assess-step-move-off-sms-and-voice"),
            Step::UpdatePhoneNumber { number_ending } => lang.say_with(
                "assess-step-update-phone-number",
                &args! { "ending" => number_ending.as_str() },
            ),
            Step::ConfirmCodesLocation => lang.say("assess-step-confirm-codes-location"),
            Step::ConfirmPasskeyLocation => lang.say("assess-step-confirm-passkey-location"),
            Step::ConfirmExternalMethod { provider } => match provider {
                Some(provider) => lang.say_with(
                    "assess-step-confirm-external-provider",
                    &args! { "provider" => provider.as_str() },
                ),
                None => lang.say("assess-step-confirm-external"),
            },
            // Where a language puts the method first, the sentence still starts with a capital.
            Step::ConfirmDevice { method, declared } => capitalise(&lang.say_with(
                "assess-step-confirm-device",
                &args! {
                    "method" => method.describe_in_sentence(lang),
                    "devices" => quoted(declared),
                },
            )),
            Step::ConfirmSecondStep => lang.say("assess-step-confirm-second-step"),
            Step::TryOtherMethodsFirst { methods } => {
                let list = methods
                    .iter()
                    .map(|method| method.describe_in_sentence(lang))
                    .collect::<Vec<_>>()
                    .join(", ");
                lang.say_with(
                    "assess-step-try-other-methods-first",
                    &args! { "methods" => list },
                )
            }
            Step::AskIt { because } => because.render(lang),
            Step::AfterItActs => lang.say("assess-step-after-it-acts"),
            Step::RegisterAtNextSignIn { url } => {
                url_step("assess-step-register-at-next-sign-in", url)
            }
            Step::CheckManually { url } => url_step("assess-step-check-manually", url),
            Step::NoActionNeeded => lang.say("assess-step-no-action-needed"),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl EvidenceNote {
    /// The evidence as one sentence, and a second when the verdict rests on it.
    pub fn render(&self, lang: Lang) -> String {
        let decisive_text = |text: String, decisive: bool| {
            if decisive {
                format!("{text} {}", lang.say("assess-evidence-decisive"))
            } else {
                text
            }
        };
        match self {
            EvidenceNote::SignIn {
                outcome,
                at,
                aadsts,
                second_step_confirmed,
                second_step_method,
                decisive,
            } => {
                let what = sign_in_text(
                    *outcome,
                    *second_step_confirmed,
                    second_step_method.as_deref(),
                    lang,
                );
                let code = aadsts
                    .map(|code| format!(" (AADSTS{code})"))
                    .unwrap_or_default();
                let text = lang.say_with(
                    "assess-evidence-sign-in",
                    &args! { "at" => format_time(*at), "what" => what, "code" => code },
                );
                decisive_text(text, *decisive)
            }
            EvidenceNote::Inventory {
                source,
                read_at,
                methods,
                decisive,
            } => {
                let id = match source {
                    InventorySource::Graph => "assess-evidence-graph",
                    InventorySource::Manual => "assess-evidence-manual",
                    InventorySource::LastKnown => "assess-evidence-last-known",
                };
                // One account with only the Authenticator app is common: "1 method", not "1 methods".
                let text = lang.say_with(
                    id,
                    &args! {
                        "at" => format_time(*read_at),
                        "methods" => lang.count(*methods, Noun::Method),
                    },
                );
                decisive_text(text, *decisive)
            }
            EvidenceNote::Declared {
                lost_devices,
                held_devices,
                unreachable_numbers,
                otp_on_held_device,
                authenticator_passkey_on_held_device,
                external_method_usable,
            } => {
                let devices = |id: &str, names: &[String]| {
                    lang.say_with(id, &args! { "devices" => quoted(names) })
                };
                let mut parts = Vec::new();
                if !lost_devices.is_empty() {
                    parts.push(devices("assess-declared-lost", lost_devices));
                }
                if !held_devices.is_empty() {
                    parts.push(devices("assess-declared-held", held_devices));
                }
                if *unreachable_numbers > 0 {
                    parts.push(lang.say_with(
                        "assess-declared-unreachable",
                        &args! { "count" => unreachable_numbers.to_string() },
                    ));
                }
                if *otp_on_held_device {
                    parts.push(lang.say("assess-declared-otp-on-held-device"));
                }
                if *authenticator_passkey_on_held_device {
                    parts.push(lang.say("assess-declared-passkey-on-held-device"));
                }
                if *external_method_usable {
                    parts.push(lang.say("assess-declared-external-usable"));
                }
                lang.say_with("assess-declared", &args! { "parts" => parts.join("; ") })
            }
            EvidenceNote::UnmatchedLostDevices { names } => lang.say_with(
                "assess-evidence-unmatched-lost-devices",
                &args! { "devices" => quoted(names) },
            ),
            EvidenceNote::PolicyMayDisable => lang.say("assess-evidence-policy-may-disable"),
            EvidenceNote::NothingKnown => lang.say("assess-evidence-nothing-known"),
        }
    }
}

impl crate::evidence::SignInEvidence {
    /// How this sign-in ended, in words: shared by the CLI's progress lines, the desktop and the reports.
    pub fn describe(&self, lang: Lang) -> String {
        sign_in_text(
            self.outcome,
            self.second_step_confirmed,
            self.second_step_method.as_deref(),
            lang,
        )
    }
}

fn sign_in_text(
    outcome: SignInOutcome,
    confirmed: Option<bool>,
    method: Option<&str>,
    lang: Lang,
) -> String {
    let id = match outcome {
        SignInOutcome::Completed => "assess-sign-in-completed",
        SignInOutcome::ConsentMissing => "assess-sign-in-consent-missing",
        SignInOutcome::BlockedByMfa => "assess-sign-in-blocked-by-mfa",
        SignInOutcome::MustRegister => "assess-sign-in-must-register",
        SignInOutcome::RegistrationBlocked => "assess-sign-in-registration-blocked",
        SignInOutcome::BlockedByPolicy => "assess-sign-in-blocked-by-policy",
        SignInOutcome::WrongAccountOrTenant => "assess-sign-in-wrong-account-or-tenant",
        SignInOutcome::PasswordProblem => "assess-sign-in-password-problem",
        SignInOutcome::DisabledOrLocked => "assess-sign-in-disabled-or-locked",
        SignInOutcome::Transient => "assess-sign-in-transient",
        SignInOutcome::Skipped => "assess-sign-in-skipped",
    };
    let second_step = match (confirmed, method) {
        (Some(true), Some(_)) => "confirmed_with",
        (Some(true), None) => "confirmed",
        (Some(false), _) => "denied",
        (None, _) => "unanswered",
    };
    lang.say_with(
        id,
        &args! { "second_step" => second_step, "method" => method.unwrap_or_default() },
    )
}

/// A method in a rendered report: the CLI's JSON shape (`{ "id", "type", "method", "reason" }`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedMethod {
    pub id: String,
    #[serde(rename = "type")]
    pub graph_type: String,
    /// How the person recognises it.
    pub method: String,
    pub reason: String,
}

/// An assessment in words, in the shape `lifeboat assess --format json` prints (issue 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentReport {
    pub verdict: Verdict,
    pub grade: Option<Grade>,
    pub decided_by: Basis,
    pub headline: String,
    pub grade_meaning: Option<String>,
    pub usable: Vec<ReportedMethod>,
    pub not_counted: Vec<ReportedMethod>,
    pub evidence: Vec<String>,
    pub steps: Vec<String>,
}

impl Assessment {
    /// Everything in words, in one language.
    pub fn report(&self, lang: Lang) -> AssessmentReport {
        let methods = |notes: &[MethodNote]| -> Vec<ReportedMethod> {
            notes
                .iter()
                .map(|note| ReportedMethod {
                    id: note.method.id.clone(),
                    graph_type: note.method.graph_type.clone(),
                    method: note.method.describe(lang),
                    reason: note.render_reason(lang),
                })
                .collect()
        };
        AssessmentReport {
            verdict: self.verdict,
            grade: self.grade,
            decided_by: self.decided_by,
            headline: self.headline(lang),
            grade_meaning: self.grade.map(|grade| grade.meaning(lang)),
            usable: methods(&self.usable),
            not_counted: methods(&self.not_counted),
            evidence: self.evidence.iter().map(|note| note.render(lang)).collect(),
            steps: self.steps.iter().map(|step| step.render(lang)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_method_is_singular_in_both_languages() {
        let note = |methods| EvidenceNote::Inventory {
            source: InventorySource::Graph,
            read_at: time::macros::datetime!(2026-11-25 10:00 UTC),
            methods,
            decisive: false,
        };
        for (methods, lang, expected) in [
            (1, Lang::It, "(1 metodo)."),
            (1, Lang::En, "(1 method)."),
            (0, Lang::It, "(0 metodi)."),
            (0, Lang::En, "(0 methods)."),
            (4, Lang::It, "(4 metodi)."),
            (4, Lang::En, "(4 methods)."),
        ] {
            let text = note(methods).render(lang);
            assert!(text.ends_with(expected), "{lang} {methods}: {text}");
        }
    }
}

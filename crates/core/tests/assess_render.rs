//! The words: snapshots of rendered assessments in Italian and English, and every reason and step rendered in
//! both languages.

mod assess_common;

use assess_common::*;
use lifeboat_core::assess::*;
use lifeboat_core::evidence::{SignInEvidence, SignInOutcome};
use lifeboat_core::situation::Situation;
use lifeboat_core::Lang;
use time::macros::datetime;

fn snapshot(name: &str, assessment: &Assessment) {
    for lang in Lang::ALL {
        let report = serde_json::to_string_pretty(&assessment.report(lang)).unwrap();
        insta::assert_snapshot!(format!("{name}_{lang}"), report);
    }
}

#[test]
fn recovery_with_sms() {
    snapshot(
        "recovery_with_sms",
        &run(
            &["methods-authenticator-and-sms-mobile.json"],
            &lost(&[IPHONE]),
        ),
    );
}

#[test]
fn recovery_with_security_key() {
    snapshot(
        "recovery_with_security_key",
        &run(
            &["methods-fido2-key-and-authenticator.json"],
            &lost(&[IPHONE]),
        ),
    );
}

#[test]
fn it_must_act() {
    let assessment = run(
        &[
            "methods-authenticator-plus-authenticator-passkey.json",
            "method-softwareOath.json",
        ],
        &lost(&[IPHONE]),
    );
    snapshot("it_must_act", &assessment);
}

#[test]
fn blocked_sign_in() {
    let mut account = evidence(methods(&["methods-authenticator-only.json"]));
    account.sign_in = Some(SignInEvidence {
        aadsts: Some(50076),
        trace_id: Some("5e178ca4-7a77-491a-a607-1f0a8187d500".into()),
        ..SignInEvidence::new(SignInOutcome::BlockedByMfa, datetime!(2026-11-20 10:00 UTC))
    });
    snapshot("blocked_sign_in", &assess(&account, &lost(&[IPHONE])));
}

/// Conditional Access blocks the sign-in (AADSTS53003): the headline names the policy, not the second step,
/// although the person still holds a usable method.
#[test]
fn blocked_by_policy() {
    let mut account = evidence(methods(&["methods-authenticator-and-sms-mobile.json"]));
    account.sign_in = Some(SignInEvidence {
        aadsts: Some(53003),
        ..SignInEvidence::new(
            SignInOutcome::BlockedByPolicy,
            datetime!(2026-11-20 10:00 UTC),
        )
    });
    snapshot("blocked_by_policy", &assess(&account, &lost(&[IPHONE])));
}

/// Every reason IT must act for has a headline of its own in both languages; only the second-step ones share
/// the verdict's sentence.
#[test]
fn each_reason_for_it_has_its_headline() {
    let cases = [
        (
            SignInOutcome::BlockedByMfa,
            "nothing you still have can pass",
        ),
        (
            SignInOutcome::BlockedByPolicy,
            "an access policy blocks this sign-in",
        ),
        (
            SignInOutcome::DisabledOrLocked,
            "the account is disabled or locked",
        ),
        (
            SignInOutcome::RegistrationBlocked,
            "does not let you register",
        ),
    ];
    let mut italian = Vec::new();
    for (outcome, english) in cases {
        let mut account = evidence(methods(&["methods-authenticator-and-sms-mobile.json"]));
        account.sign_in = Some(SignInEvidence::new(
            outcome,
            datetime!(2026-11-20 10:00 UTC),
        ));
        let assessment = assess(&account, &lost(&[IPHONE]));
        assert_eq!(assessment.verdict, Verdict::NeedsIt, "{outcome:?}");
        let headline = assessment.headline(Lang::En);
        assert!(headline.contains(english), "{outcome:?}: {headline}");
        assert_eq!(assessment.report(Lang::En).headline, headline);
        let it = assessment.headline(Lang::It);
        assert!(
            it.starts_with("Serve l'IT dell'organizzazione"),
            "{outcome:?}: {it}"
        );
        assert!(
            !italian.contains(&it),
            "{outcome:?} repeats another reason's headline: {it}"
        );
        italian.push(it);
    }
}

#[test]
fn not_registered() {
    snapshot(
        "not_registered",
        &run(
            &["methods-email-and-password-only.json"],
            &Situation::default(),
        ),
    );
}

#[test]
fn readiness() {
    snapshot(
        "readiness",
        &run(
            &["methods-whfb-and-authenticator.json"],
            &Situation::default(),
        ),
    );
}

#[test]
fn unknown() {
    snapshot(
        "unknown",
        &assess(&AccountEvidence::default(), &Situation::default()),
    );
}

fn reference(kind: MethodKind, label: Option<&str>) -> MethodRef {
    MethodRef {
        id: "id".into(),
        graph_type: "someAuthenticationMethod".into(),
        kind,
        label: label.map(str::to_owned),
    }
}

#[test]
fn every_step_reads_differently_in_each_language() {
    let method = reference(MethodKind::SecurityKey, Some("Red key"));
    let mut steps = vec![
        Step::ReplaceSim {
            number_ending: "0123".into(),
        },
        Step::OpenSecurityInfo {
            url: security_info_url(Some(TENANT)),
            tenant_known: true,
        },
        Step::OpenSecurityInfo {
            url: security_info_url(None),
            tenant_known: false,
        },
        Step::SignInWith {
            method: method.clone(),
        },
        Step::SignInWith {
            method: reference(MethodKind::TemporaryAccessPass, None),
        },
        Step::SignInWith {
            method: reference(MethodKind::WindowsHello, Some("PC")),
        },
        Step::SignInAsBefore {
            method_label: Some("code".into()),
        },
        Step::SignInAsBefore { method_label: None },
        Step::DeleteLostRegistration {
            method: method.clone(),
        },
        Step::AddAuthenticatorOnNewPhone,
        Step::AddPhishingResistantMethod,
        Step::AddMethodOnAnotherDevice,
        Step::MoveOffSmsAndVoice,
        Step::ConfirmCodesLocation,
        Step::ConfirmPasskeyLocation,
        Step::ConfirmExternalMethod {
            provider: Some("Adatum".into()),
        },
        Step::ConfirmExternalMethod { provider: None },
        Step::ConfirmDevice {
            method: method.clone(),
            declared: vec!["my phone".into()],
        },
        Step::ConfirmSecondStep,
        Step::TryOtherMethodsFirst {
            methods: vec![method.clone()],
        },
        Step::AfterItActs,
        Step::RegisterAtNextSignIn {
            url: security_info_url(Some(TENANT)),
        },
        Step::CheckManually {
            url: security_info_url(Some(TENANT)),
        },
        Step::NoActionNeeded,
    ];
    for because in [
        ItReason::NoUsableMethod,
        ItReason::SignInBlockedByMfa,
        ItReason::RegistrationBlocked,
        ItReason::PolicyBlocksSignIn,
        ItReason::AccountDisabled,
    ] {
        steps.push(Step::AskIt { because });
    }
    let mut seen = std::collections::HashSet::new();
    for step in &steps {
        let it = step.render(Lang::It);
        let en = step.render(Lang::En);
        assert!(!it.is_empty() && !en.is_empty(), "{step:?}");
        assert_ne!(it, en, "{step:?}");
        assert!(seen.insert(en.clone()), "two steps read the same: {en}");
        assert!(it.ends_with('.') && en.ends_with('.'), "{step:?}: {en}");
    }
    // Links are printed whole.
    assert!(steps[1].render(Lang::It).contains("https://mysignins.microsoft.com/security-info?tenantId=aaaabbbb-0000-cccc-1111-dddd2222eeee"));
}

#[test]
fn every_reason_and_kind_reads_in_each_language() {
    let reasons = [
        MethodReason::DeviceStillHeld,
        MethodReason::PasskeyInAuthenticator { confirmed: true },
        MethodReason::PasskeyInAuthenticator { confirmed: false },
        MethodReason::NumberReachable,
        MethodReason::CodesOnHeldDevice,
        MethodReason::PassUsable {
            until: Some(datetime!(2026-09-14 16:00 UTC)),
        },
        MethodReason::PassUsable { until: None },
        MethodReason::ExternalConfirmed,
        MethodReason::ProvenBySignIn {
            at: datetime!(2026-11-20 10:00 UTC),
        },
        MethodReason::NotASecondStep,
        MethodReason::OnLostDevice {
            device: "iPhone".into(),
        },
        MethodReason::PresumedOnLostPhone,
        MethodReason::MightBeLostDevice {
            declared: vec!["my phone".into()],
        },
        MethodReason::NumberUnreachable,
        MethodReason::UnknownPhone,
        MethodReason::CodesLocationUnknown,
        MethodReason::TokenNotActivated {
            status: "assigned".into(),
        },
        MethodReason::ExternalUnconfirmed,
        MethodReason::Unrecognised,
    ];
    let problems = [
        PassProblem::Expired,
        PassProblem::NotYetValid,
        PassProblem::AlreadyUsed,
        PassProblem::DisabledByPolicy,
        PassProblem::NotUsable,
    ];
    let all_reasons = reasons
        .into_iter()
        .chain(problems.into_iter().flat_map(|problem| {
            [
                MethodReason::PassNotUsable { problem, at: None },
                MethodReason::PassNotUsable {
                    problem,
                    at: Some(datetime!(2026-09-14 09:00 UTC)),
                },
            ]
        }));
    let kinds = [
        MethodKind::Password,
        MethodKind::Email,
        MethodKind::QrCodePin,
        MethodKind::AuthenticatorApp,
        MethodKind::PasswordlessAuthenticator,
        MethodKind::AuthenticatorPasskey,
        MethodKind::SecurityKey,
        MethodKind::WindowsPasskey,
        MethodKind::SyncedPasskey,
        MethodKind::WindowsHello,
        MethodKind::PlatformCredential,
        MethodKind::MobilePhone,
        MethodKind::AlternateMobilePhone,
        MethodKind::OfficePhone,
        MethodKind::OtherPhone,
        MethodKind::SoftwareOath,
        MethodKind::HardwareOath,
        MethodKind::TemporaryAccessPass,
        MethodKind::External,
        MethodKind::Unrecognised,
    ];
    for reason in all_reasons {
        for kind in kinds {
            let note = MethodNote {
                method: reference(kind, Some("X")),
                reason: reason.clone(),
            };
            let (it, en) = (note.render_reason(Lang::It), note.render_reason(Lang::En));
            assert!(!it.is_empty() && it != en, "{reason:?} {kind:?}");
        }
    }
    for kind in kinds {
        for label in [Some("X"), None] {
            let method = reference(kind, label);
            assert!(
                !method.describe(Lang::It).is_empty() && !method.describe(Lang::En).is_empty(),
                "{kind:?}"
            );
        }
    }
    for verdict in Verdict::ALL {
        assert_ne!(verdict.headline(Lang::It), verdict.headline(Lang::En));
    }
    for grade in [Grade::A, Grade::B, Grade::C, Grade::D, Grade::F] {
        assert_ne!(grade.meaning(Lang::It), grade.meaning(Lang::En));
    }
}

#[test]
fn assessments_serialise_for_the_desktop() {
    let assessment = run(
        &["methods-authenticator-and-sms-mobile.json"],
        &lost(&[IPHONE]),
    );
    let json = serde_json::to_value(&assessment).unwrap();
    assert_eq!(json["verdict"], "self_service");
    assert_eq!(json["grade"], "D");
    assert_eq!(json["decidedBy"], "inventory");
    assert_eq!(json["usable"][0]["type"], "phoneAuthenticationMethod");
    assert_eq!(json["usable"][0]["kind"], "mobile_phone");
    assert_eq!(json["usable"][0]["reason"]["code"], "number_reachable");
    assert_eq!(json["notCounted"][1]["reason"]["code"], "on_lost_device");
    assert_eq!(json["steps"][0]["kind"], "replace_sim");
    assert_eq!(json["steps"][0]["numberEnding"], "0123");
    let back: Assessment = serde_json::from_value(json).unwrap();
    assert_eq!(back, assessment);
    // The TypeScript the desktop gets has the same field names as the JSON.
    use ts_rs::TS;
    let config = ts_rs::Config::default();
    assert!(Step::decl(&config).contains(r#"{ "kind": "replace_sim", numberEnding: string, }"#));
    assert!(EvidenceNote::decl(&config).contains("readAt: string"));
    assert!(Inventory::decl(&config).contains("methods: Array<JsonValue>"));
    // The full number never appears.
    assert!(!serde_json::to_string(&assessment)
        .unwrap()
        .contains("2065550123"));
}

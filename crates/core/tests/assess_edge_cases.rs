//! The edge cases issue 3 names, plus the doubts the engine must resolve towards "not self-service".

mod assess_common;

use assess_common::*;
use lifeboat_core::assess::{
    assess, security_info_url, EvidenceNote, Grade, ItReason, MethodKind, MethodReason,
    PassProblem, Step, Verdict,
};
use lifeboat_core::evidence::{SignInEvidence, SignInOutcome};
use lifeboat_core::situation::Situation;
use serde_json::json;
use time::macros::datetime;

fn app(name: &str, id: &str) -> lifeboat_core::methods::AuthMethod {
    method(
        json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": id, "displayName": name}),
    )
}

fn password() -> lifeboat_core::methods::AuthMethod {
    methods(&["method-password.json"]).remove(0)
}

#[test]
fn two_authenticator_devices_with_one_lost() {
    let account = evidence(vec![
        password(),
        app("Sandeep’s iPhone", "phone"),
        app("Sandeep’s iPad", "tablet"),
    ]);
    // Typed with a plain apostrophe and odd spacing: still the same device.
    let assessment = assess(&account, &lost(&["  sandeep's   iphone"]));
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(ids(&assessment.usable), ["tablet"]);
    assert_eq!(assessment.grade, Some(Grade::D));
    assert_eq!(
        reason_of(&assessment, "phone").reason,
        MethodReason::OnLostDevice {
            device: "Sandeep’s iPhone".into()
        }
    );
    let deleted: Vec<&str> = assessment
        .steps
        .iter()
        .filter_map(|step| match step {
            Step::DeleteLostRegistration { method } => Some(method.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(deleted, ["phone"]);
    let sign_in_with = assessment.steps.iter().find_map(|step| match step {
        Step::SignInWith { method } => Some(method.id.clone()),
        _ => None,
    });
    assert_eq!(sign_in_with.as_deref(), Some("tablet"));
    assert!(assessment.steps.contains(&Step::AddAuthenticatorOnNewPhone));
    assert!(assessment.steps.contains(&Step::AddPhishingResistantMethod));
}

#[test]
fn passkeys_in_authenticator() {
    let passkey = |aaguid: &str| {
        method(
            json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": "pk", "displayName": "Pixel", "aaGuid": aaguid}),
        )
    };
    for aaguid in [
        "90a3ccdf-635c-4729-a248-9b709135078f",
        "DE1E552D-DB1D-4423-A619-566B625CDC84",
    ] {
        // Lost with the phone that holds the Authenticator registration.
        let with_app = evidence(vec![password(), app(IPHONE, "a"), passkey(aaguid)]);
        let assessment = assess(&with_app, &lost(&[IPHONE]));
        assert_eq!(assessment.verdict, Verdict::NeedsIt, "{aaguid}");
        assert_eq!(
            reason_of(&assessment, "pk").reason,
            MethodReason::PresumedOnLostPhone
        );
        assert!(assessment.steps.contains(&Step::ConfirmPasskeyLocation));
        assert!(assessment.steps.contains(&Step::AskIt {
            because: ItReason::NoUsableMethod
        }));

        // No Authenticator registration, and the lost phone's name matches nothing here: still presumed lost.
        let alone = evidence(vec![password(), passkey(aaguid)]);
        assert_eq!(
            assess(&alone, &lost(&["My old phone"])).verdict,
            Verdict::NeedsIt,
            "{aaguid}"
        );
        // Its own name declared lost.
        assert_eq!(
            assess(&alone, &lost(&["pixel"])).verdict,
            Verdict::NeedsIt,
            "{aaguid}"
        );
        // Confirmed on a device still held: it counts.
        let confirmed = Situation {
            authenticator_passkey_on_held_device: true,
            ..lost(&["My old phone"])
        };
        let assessment = assess(&alone, &confirmed);
        assert_eq!(assessment.verdict, Verdict::SelfService);
        assert_eq!(
            reason_of(&assessment, "pk").reason,
            MethodReason::PasskeyInAuthenticator { confirmed: true }
        );
    }
    // A lost security key is known not to be a phone: the passkey stays.
    let with_key = evidence(methods(&[
        "method-fido2-securityKey.json",
        "method-fido2-passkey-microsoftAuthenticator-ios.json",
    ]));
    let assessment = assess(&with_key, &lost(&["Red key"]));
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(ids(&assessment.usable), ["Yk5vU2pWc0RfX0tfR3Y1MkxvQmwxUQ2"]);
}

#[test]
fn an_expired_temporary_access_pass() {
    // Graph says so.
    let expired = method(json!({
        "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod", "id": "tap",
        "startDateTime": "2026-09-14T08:00:00Z", "lifetimeInMinutes": 60, "isUsable": false, "methodUsabilityReason": "Expired"
    }));
    let assessment = assess(
        &evidence(vec![password(), app(IPHONE, "a"), expired]),
        &lost(&[IPHONE]),
    );
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert_eq!(
        reason_of(&assessment, "tap").reason,
        MethodReason::PassNotUsable {
            problem: PassProblem::Expired,
            at: Some(datetime!(2026-09-14 09:00 UTC))
        }
    );
    // Graph said usable when it was read, but its lifetime has ended by the time of the assessment.
    let files = ["methods-authenticator-and-usable-tap.json"];
    let later = Situation {
        now: Some(datetime!(2026-09-14 16:00 UTC)),
        ..lost(&[IPHONE])
    };
    let assessment = run(&files, &later);
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert!(matches!(
        reason_of(&assessment, "c5dbd20a-8b8f-4791-a23f-488fcbde3b38").reason,
        MethodReason::PassNotUsable {
            problem: PassProblem::Expired,
            ..
        }
    ));
    let before_start = Situation {
        now: Some(datetime!(2026-09-14 07:59 UTC)),
        ..lost(&[IPHONE])
    };
    assert_eq!(run(&files, &before_start).verdict, Verdict::NeedsIt);
    let within = Situation {
        now: Some(datetime!(2026-09-14 15:59 UTC)),
        ..lost(&[IPHONE])
    };
    let assessment = run(&files, &within);
    assert_eq!(assessment.verdict, Verdict::SelfService);
    // The pass is what to sign in with.
    assert!(assessment.steps.iter().any(|step| matches!(step, Step::SignInWith { method } if method.kind == MethodKind::TemporaryAccessPass)));
}

#[test]
fn an_unknown_type_next_to_a_lost_phone() {
    let future = method(
        json!({"@odata.type": "#microsoft.graph.brainwaveAuthenticationMethod", "id": "bw", "displayName": "Headband"}),
    );
    let assessment = assess(
        &evidence(vec![password(), app(IPHONE, "a"), future]),
        &lost(&[IPHONE]),
    );
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    let note = reason_of(&assessment, "bw");
    assert_eq!(note.reason, MethodReason::Unrecognised);
    assert_eq!(note.method.kind, MethodKind::Unrecognised);
}

#[test]
fn an_office_phone() {
    let files = [
        "methods-authenticator-only.json",
        "method-phone-office.json",
    ];
    let assessment = run(&files, &lost(&[IPHONE]));
    assert_eq!(assessment.verdict, Verdict::SelfService);
    let note = reason_of(&assessment, "e37fc753-ff3b-4958-9484-eaa9425c82bc");
    assert_eq!(note.method.kind, MethodKind::OfficePhone);
    assert_eq!(note.method.label.as_deref(), Some("0199"));
    // A desk line has no SIM to replace.
    assert!(!assessment
        .steps
        .iter()
        .any(|step| matches!(step, Step::ReplaceSim { .. })));
    // Only a phone line remains: the retirement of Microsoft's SMS/voice is pointed out.
    assert!(assessment.steps.contains(&Step::MoveOffSmsAndVoice));
    // Matched on digits only, whatever the punctuation.
    let unreachable = Situation {
        unreachable_numbers: vec!["+1-425-555-0199".into()],
        ..lost(&[IPHONE])
    };
    assert_eq!(run(&files, &unreachable).verdict, Verdict::NeedsIt);
}

#[test]
fn a_mobile_number_reminds_of_a_replacement_sim() {
    let assessment = run(
        &["methods-authenticator-and-sms-mobile.json"],
        &lost(&[IPHONE]),
    );
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(
        assessment.steps[0],
        Step::ReplaceSim {
            number_ending: "0123".into()
        }
    );
    assert_eq!(
        assessment.steps[1],
        Step::OpenSecurityInfo {
            url: security_info_url(Some(TENANT)),
            tenant_known: true
        }
    );
    assert!(assessment
        .evidence
        .contains(&EvidenceNote::PolicyMayDisable));
}

#[test]
fn software_oath_of_unknown_location() {
    let files = [
        "methods-authenticator-only.json",
        "method-softwareOath.json",
    ];
    let assessment = run(&files, &lost(&[IPHONE]));
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert_eq!(
        reason_of(&assessment, "b172893e-893e-b172-3e89-72b13e8972b1").reason,
        MethodReason::CodesLocationUnknown
    );
    // The question comes before the request to IT: answering it may make IT unnecessary.
    let question = assessment
        .steps
        .iter()
        .position(|step| *step == Step::ConfirmCodesLocation)
        .unwrap();
    let ask_it = assessment
        .steps
        .iter()
        .position(|step| matches!(step, Step::AskIt { .. }))
        .unwrap();
    assert!(question < ask_it);
    let confirmed = Situation {
        otp_on_held_device: true,
        ..lost(&[IPHONE])
    };
    assert_eq!(run(&files, &confirmed).verdict, Verdict::SelfService);
}

#[test]
fn a_security_key_lost_together_with_the_phone() {
    let files = ["methods-fido2-key-and-authenticator.json"];
    assert_eq!(run(&files, &lost(&[IPHONE])).verdict, Verdict::SelfService);
    let both = run(&files, &lost(&[IPHONE, "RED KEY"]));
    assert_eq!(both.verdict, Verdict::NeedsIt);
    assert_eq!(both.grade, Some(Grade::F));
    assert!(both.usable.is_empty());
    // The key matches on its model too.
    assert_eq!(
        run(&files, &lost(&[IPHONE, "nfc key"])).verdict,
        Verdict::NeedsIt
    );
}

#[test]
fn a_lost_device_whose_name_matches_nothing_puts_phone_bound_methods_in_doubt() {
    // The person typed a name Graph does not know: the app registration could be that phone.
    let files = ["methods-authenticator-only.json"];
    let assessment = run(&files, &lost(&["my phone"]));
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert_eq!(
        reason_of(&assessment, AUTHENTICATOR_ID).reason,
        MethodReason::MightBeLostDevice {
            declared: vec!["my phone".into()]
        }
    );
    assert!(assessment
        .evidence
        .contains(&EvidenceNote::UnmatchedLostDevices {
            names: vec!["my phone".into()]
        }));
    assert!(assessment
        .steps
        .iter()
        .any(|step| matches!(step, Step::ConfirmDevice { .. })));
    // Saying the iPhone is still held settles it.
    let held = Situation {
        held_devices: vec![IPHONE.into()],
        ..lost(&["my phone"])
    };
    assert_eq!(run(&files, &held).verdict, Verdict::SelfService);
    // A named security key is not a phone: it stays usable.
    assert_eq!(
        run(&["method-fido2-securityKey.json"], &lost(&["my phone"])).verdict,
        Verdict::SelfService
    );
}

#[test]
fn readiness_with_nothing_lost() {
    let assessment = run(
        &["methods-fido2-key-and-authenticator.json"],
        &Situation::default(),
    );
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(assessment.grade, Some(Grade::A));
    assert_eq!(assessment.steps, [Step::NoActionNeeded]);

    let assessment = run(&["methods-authenticator-only.json"], &Situation::default());
    assert_eq!(assessment.grade, Some(Grade::D));
    assert_eq!(
        assessment.steps,
        [
            Step::AddPhishingResistantMethod,
            Step::AddMethodOnAnotherDevice
        ]
    );
}

#[test]
fn a_blocked_sign_in_beats_the_prediction_but_suggests_what_to_try() {
    let mut account = evidence(methods(&["methods-authenticator-and-sms-mobile.json"]));
    account.sign_in = Some(SignInEvidence {
        aadsts: Some(50076),
        ..SignInEvidence::new(SignInOutcome::BlockedByMfa, datetime!(2026-11-20 10:00 UTC))
    });
    let assessment = assess(&account, &lost(&[IPHONE]));
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert_eq!(assessment.grade, Some(Grade::F));
    assert!(
        matches!(&assessment.steps[0], Step::TryOtherMethodsFirst { methods } if methods[0].id == MOBILE_ID)
    );
    assert_eq!(
        assessment.steps[1],
        Step::AskIt {
            because: ItReason::SignInBlockedByMfa
        }
    );
    assert!(matches!(
        assessment.evidence[0],
        EvidenceNote::SignIn {
            decisive: true,
            aadsts: Some(50076),
            ..
        }
    ));
}

#[test]
fn a_confirmed_sign_in_names_the_method_that_passed() {
    // The prediction says the code app does not count; the person says it passed the second step.
    let mut account = evidence(methods(&["methods-softwareoath-only.json"]));
    account.sign_in = Some(SignInEvidence {
        second_step_confirmed: Some(true),
        second_step_method: Some("b172893e-893e-b172-3e89-72b13e8972b1".into()),
        ..SignInEvidence::new(SignInOutcome::Completed, datetime!(2026-11-20 10:00 UTC))
    });
    let assessment = assess(&account, &lost(&[IPHONE]));
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(
        reason_of(&assessment, "b172893e-893e-b172-3e89-72b13e8972b1").reason,
        MethodReason::ProvenBySignIn {
            at: datetime!(2026-11-20 10:00 UTC)
        }
    );
    assert!(assessment.steps.iter().any(|step| matches!(step, Step::SignInWith { method } if method.kind == MethodKind::SoftwareOath)));
    // Without an inventory: self-service all the same, signing in "as before".
    account.inventory = None;
    let assessment = assess(&account, &lost(&[IPHONE]));
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(assessment.grade, None);
    assert!(assessment
        .steps
        .iter()
        .any(|step| matches!(step, Step::SignInAsBefore { .. })));
}

#[test]
fn not_registered_and_unknown_steps() {
    let assessment = run(&["methods-password-only.json"], &lost(&[IPHONE]));
    assert_eq!(
        assessment.steps[0],
        Step::RegisterAtNextSignIn {
            url: security_info_url(Some(TENANT))
        }
    );
    let nothing = assess(&Default::default(), &lost(&[IPHONE]));
    assert_eq!(nothing.verdict, Verdict::Unknown);
    assert_eq!(nothing.grade, None);
    assert_eq!(
        nothing.steps,
        [Step::CheckManually {
            url: security_info_url(None)
        }]
    );
}

#[test]
fn security_info_link() {
    assert_eq!(
        security_info_url(Some(" 00aa00aa-bb11-cc22-dd33-44ee44ee44ee ")),
        "https://mysignins.microsoft.com/security-info?tenantId=00aa00aa-bb11-cc22-dd33-44ee44ee44ee"
    );
    assert_eq!(
        security_info_url(Some("a b&c")),
        "https://mysignins.microsoft.com/security-info?tenantId=a%20b%26c"
    );
    assert_eq!(
        security_info_url(Some("")),
        "https://mysignins.microsoft.com/security-info"
    );
}

#[test]
fn a_hardware_token_not_activated_does_not_count() {
    let token = method(json!({
        "@odata.type": "#microsoft.graph.hardwareOathAuthenticationMethod", "id": "hw",
        "device": {"serialNumber": "TOTP1", "displayName": "Token", "status": "assigned"}
    }));
    let assessment = assess(
        &evidence(vec![password(), app(IPHONE, "a"), token]),
        &lost(&[IPHONE]),
    );
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert_eq!(
        reason_of(&assessment, "hw").reason,
        MethodReason::TokenNotActivated {
            status: "assigned".into()
        }
    );
}

#[test]
fn an_unnamed_authenticator_registration_could_be_on_the_lost_phone() {
    let unnamed = method(
        json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": "bare"}),
    );
    let account = evidence(vec![password(), app(IPHONE, "named"), unnamed]);
    // The lost phone is identified as the named registration; the unnamed one could be on it too.
    let assessment = assess(&account, &lost(&[IPHONE]));
    assert_eq!(assessment.verdict, Verdict::NeedsIt);
    assert_eq!(
        reason_of(&assessment, "bare").reason,
        MethodReason::MightBeLostDevice {
            declared: vec![IPHONE.into()]
        }
    );
    assert!(assessment.steps.contains(&Step::ConfirmDevice {
        method: reason_of(&assessment, "bare").method.clone(),
        declared: vec![IPHONE.into()],
    }));
    // Nothing lost: it counts.
    assert_eq!(
        assess(&account, &Situation::default()).verdict,
        Verdict::SelfService
    );
}

#[test]
fn a_confirmed_sign_in_without_inventory_in_readiness_asks_for_the_list() {
    let account = lifeboat_core::assess::AccountEvidence {
        tenant_id: Some(TENANT.into()),
        inventory: None,
        sign_in: Some(SignInEvidence {
            second_step_confirmed: Some(true),
            ..SignInEvidence::new(SignInOutcome::Completed, datetime!(2026-11-20 10:00 UTC))
        }),
    };
    let assessment = assess(&account, &Situation::default());
    assert_eq!(assessment.verdict, Verdict::SelfService);
    assert_eq!(
        assessment.steps,
        [Step::CheckManually {
            url: security_info_url(Some(TENANT))
        }]
    );
}

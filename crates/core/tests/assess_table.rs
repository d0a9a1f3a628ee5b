//! One row per line of the method table and per verdict of docs/PRODUCT.md §3, driven by the Graph fixtures.

mod assess_common;

use assess_common::*;
use lifeboat_core::assess::{assess, Basis, Grade, MethodReason, Verdict};
use lifeboat_core::evidence::{SignInEvidence, SignInOutcome};
use lifeboat_core::methods::AuthMethod;
use lifeboat_core::situation::Situation;
use time::macros::datetime;

struct Row {
    name: &'static str,
    files: &'static [&'static str],
    situation: Situation,
    verdict: Verdict,
    grade: Grade,
    usable: &'static [&'static str],
    /// `code` of the reason of each not-counted method, by id.
    not_counted: &'static [(&'static str, &'static str)],
}

fn with(situation: Situation, change: impl FnOnce(&mut Situation)) -> Situation {
    let mut situation = situation;
    change(&mut situation);
    situation
}

const TAP_ID: &str = "c5dbd20a-8b8f-4791-a23f-488fcbde3b38";
const KEY_ID: &str = "-2_GRUg2-HYz6_1YG4YRAQ2";
const PASSKEY_ID: &str = "Yk5vU2pWc0RfX0tfR3Y1MkxvQmwxUQ2";
const WHFB_ID: &str = "b5e01f81-1f81-b5e0-811f-e0b5811fe0b5";
const OATH_ID: &str = "b172893e-893e-b172-3e89-72b13e8972b1";

fn rows() -> Vec<Row> {
    let phone_lost = lost(&[IPHONE]);
    vec![
        Row {
            name: "microsoftAuthenticator: usable while its phone is not declared lost",
            files: &["methods-authenticator-only.json"],
            situation: Situation::default(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[AUTHENTICATOR_ID],
            not_counted: &[(PASSWORD_ID, "not_a_second_step")],
        },
        Row {
            name: "microsoftAuthenticator: lost with its phone",
            files: &["methods-authenticator-only.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "phone (mobile): usable while the number is not declared unreachable",
            files: &["methods-authenticator-and-sms-mobile.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[MOBILE_ID],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "phone (mobile): the number declared unreachable",
            files: &["methods-authenticator-and-sms-mobile.json"],
            situation: with(phone_lost.clone(), |s| {
                s.unreachable_numbers = vec!["+1 (206) 555-0123".into()]
            }),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (MOBILE_ID, "number_unreachable"),
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "phone (alternateMobile): voice, usable while reachable",
            files: &[
                "methods-authenticator-only.json",
                "method-phone-alternateMobile.json",
            ],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &["b6332ec1-7057-4abe-9331-3d72feddfe41"],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "phone (office): a desk line, usable while reachable",
            files: &[
                "methods-authenticator-only.json",
                "method-phone-office.json",
            ],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &["e37fc753-ff3b-4958-9484-eaa9425c82bc"],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "phone (office): declared unreachable",
            files: &[
                "methods-authenticator-only.json",
                "method-phone-office.json",
            ],
            situation: with(phone_lost.clone(), |s| {
                s.unreachable_numbers = vec!["+1 425 555 0199".into()]
            }),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
                ("e37fc753-ff3b-4958-9484-eaa9425c82bc", "number_unreachable"),
            ],
        },
        Row {
            name: "fido2 with the Authenticator AAGUID: treated as on the lost phone",
            files: &["methods-authenticator-plus-authenticator-passkey.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
                (PASSKEY_ID, "presumed_on_lost_phone"),
            ],
        },
        Row {
            name:
                "fido2 with the Authenticator AAGUID: counts when it lives on a device still held",
            files: &["methods-authenticator-plus-authenticator-passkey.json"],
            situation: with(phone_lost.clone(), |s| {
                s.authenticator_passkey_on_held_device = true
            }),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[PASSKEY_ID],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "fido2 security key: usable while not declared lost",
            files: &["methods-fido2-key-and-authenticator.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[KEY_ID],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "fido2 synced passkey: usable while not declared lost",
            files: &[
                "methods-authenticator-only.json",
                "method-fido2-passkey-synced.json",
            ],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &["c3luY2VkUGFzc2tleUV4YW1wbGVJZA2"],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "windowsHelloForBusiness: usable on the computer still held",
            files: &["methods-whfb-and-authenticator.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[WHFB_ID],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "windowsHelloForBusiness: the computer lost too",
            files: &["methods-whfb-and-authenticator.json"],
            situation: lost(&[IPHONE, "jordan's surface book"]),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
                (WHFB_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "platformCredential: usable on the Mac still held",
            files: &[
                "methods-authenticator-only.json",
                "method-platformCredential.json",
            ],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &["R18B3t8Ogh9XIOGmPt81d6p_KXJs1YTxfGgGqeVFJSM1"],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "softwareOath: not counted until the person says where the codes live",
            files: &["methods-softwareoath-only.json"],
            situation: Situation::default(),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (OATH_ID, "codes_location_unknown"),
            ],
        },
        Row {
            name: "softwareOath: counts when the codes live on a device still held",
            files: &["methods-softwareoath-only.json"],
            situation: with(phone_lost.clone(), |s| s.otp_on_held_device = true),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[OATH_ID],
            not_counted: &[(PASSWORD_ID, "not_a_second_step")],
        },
        Row {
            name: "hardwareOath (beta): usable while the token is not declared lost",
            files: &[
                "methods-authenticator-only.json",
                "method-hardwareOath-beta.json",
            ],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &["aad49556-####-####-####-############"],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "hardwareOath (beta): the token lost too",
            files: &[
                "methods-authenticator-only.json",
                "method-hardwareOath-beta.json",
            ],
            situation: lost(&[IPHONE, "Amy Masters Token"]),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
                ("aad49556-####-####-####-############", "on_lost_device"),
            ],
        },
        Row {
            name: "temporaryAccessPass: usable when isUsable and within its lifetime",
            files: &["methods-authenticator-and-usable-tap.json"],
            situation: with(phone_lost.clone(), |s| {
                s.now = Some(datetime!(2026-09-14 09:30 UTC))
            }),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[TAP_ID],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
            ],
        },
        Row {
            name: "temporaryAccessPass: isUsable false (not yet valid)",
            files: &[
                "methods-authenticator-only.json",
                "method-temporaryAccessPass.json",
            ],
            situation: phone_lost.clone(),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
                ("6f1967b7-15e8-4935-ac26-d50770ed07a7", "pass_not_usable"),
            ],
        },
        Row {
            name: "externalAuthenticationMethod: asks the person; unconfirmed does not count",
            files: &[
                "methods-password-only.json",
                "method-externalAuthenticationMethod.json",
            ],
            situation: Situation::default(),
            verdict: Verdict::NeedsIt,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (
                    "78381c69-811f-51f6-66ec-c2c2aa0e2b46",
                    "external_unconfirmed",
                ),
            ],
        },
        Row {
            name: "externalAuthenticationMethod: confirmed usable",
            files: &[
                "methods-password-only.json",
                "method-externalAuthenticationMethod.json",
            ],
            situation: with(Situation::default(), |s| s.external_method_usable = true),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &["78381c69-811f-51f6-66ec-c2c2aa0e2b46"],
            not_counted: &[(PASSWORD_ID, "not_a_second_step")],
        },
        Row {
            name: "password and email: never an MFA alternative",
            files: &["methods-email-and-password-only.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::NotRegistered,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                ("3ddfcfc8-9383-446f-83cc-3ab9be4be18f", "not_a_second_step"),
            ],
        },
        Row {
            name: "password only: nothing registered",
            files: &["methods-password-only.json"],
            situation: Situation::default(),
            verdict: Verdict::NotRegistered,
            grade: Grade::F,
            usable: &[],
            not_counted: &[(PASSWORD_ID, "not_a_second_step")],
        },
        Row {
            name: "qrCodePin: primary sign-in only",
            files: &["methods-password-only.json", "method-qrCodePin.json"],
            situation: Situation::default(),
            verdict: Verdict::NotRegistered,
            grade: Grade::F,
            usable: &[],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                ("6C2F8B36-B6F0-46FA-9548-1EBA48BEBBDE", "not_a_second_step"),
            ],
        },
        Row {
            name: "paged collection: both pages taken together",
            files: &["methods-paged-page1.json", "methods-paged-page2.json"],
            situation: phone_lost.clone(),
            verdict: Verdict::SelfService,
            grade: Grade::D,
            usable: &[MOBILE_ID],
            not_counted: &[
                (PASSWORD_ID, "not_a_second_step"),
                (AUTHENTICATOR_ID, "on_lost_device"),
                ("3ddfcfc8-9383-446f-83cc-3ab9be4be18f", "not_a_second_step"),
            ],
        },
    ]
}

fn code(reason: &MethodReason) -> String {
    serde_json::to_value(reason).unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn method_table_rows() {
    for row in rows() {
        let assessment = run(row.files, &row.situation);
        assert_eq!(assessment.verdict, row.verdict, "{}", row.name);
        assert_eq!(assessment.grade, Some(row.grade), "{}", row.name);
        assert_eq!(assessment.decided_by, Basis::Inventory, "{}", row.name);
        assert_eq!(ids(&assessment.usable), row.usable, "{}", row.name);
        let mut not_counted: Vec<(String, String)> = assessment
            .not_counted
            .iter()
            .map(|note| (note.method.id.clone(), code(&note.reason)))
            .collect();
        let mut expected: Vec<(String, String)> = row
            .not_counted
            .iter()
            .map(|(id, code)| (id.to_string(), code.to_string()))
            .collect();
        not_counted.sort();
        expected.sort();
        assert_eq!(not_counted, expected, "{}", row.name);
    }
}

#[test]
fn an_unrecognised_type_is_never_counted() {
    let mut methods = methods(&["methods-password-only.json"]);
    methods.push(method(serde_json::json!({"@odata.type": "#microsoft.graph.futureAuthenticationMethod", "id": "f1"})));
    let alone = assess(&evidence(methods.clone()), &Situation::default());
    // It might be an MFA method the next sign-in asks for: not "not registered", and certainly not self-service.
    assert_eq!(alone.verdict, Verdict::Unknown);
    assert_eq!(reason_of(&alone, "f1").reason, MethodReason::Unrecognised);
    assert_eq!(
        reason_of(&alone, "f1").method.graph_type,
        "futureAuthenticationMethod"
    );

    methods.extend(
        assess_common::methods(&["methods-authenticator-only.json"])
            .into_iter()
            .skip(1),
    );
    let with_lost_phone = assess(&evidence(methods), &lost(&[IPHONE]));
    assert_eq!(with_lost_phone.verdict, Verdict::NeedsIt);
}

/// A name, an inventory (or none), a sign-in (or none), and the expected verdict and basis.
type Case = (
    &'static str,
    Option<Vec<AuthMethod>>,
    Option<SignInEvidence>,
    Verdict,
    Basis,
);

fn sign_in(outcome: SignInOutcome, confirmed: Option<bool>) -> SignInEvidence {
    SignInEvidence {
        second_step_confirmed: confirmed,
        ..SignInEvidence::new(outcome, datetime!(2026-11-20 10:00 UTC))
    }
}

#[test]
fn every_verdict_from_sign_in_outcomes_and_inventories() {
    let sms = methods(&["methods-authenticator-and-sms-mobile.json"]);
    let phone_lost = lost(&[IPHONE]);
    let cases: Vec<Case> = vec![
        (
            "predicted self-service",
            Some(sms.clone()),
            None,
            Verdict::SelfService,
            Basis::Inventory,
        ),
        // Proven outcomes outrank predictions.
        (
            "blocked by MFA beats a prediction",
            Some(sms.clone()),
            Some(sign_in(SignInOutcome::BlockedByMfa, None)),
            Verdict::NeedsIt,
            Basis::SignIn,
        ),
        (
            "completed and confirmed, no inventory",
            None,
            Some(sign_in(SignInOutcome::Completed, Some(true))),
            Verdict::SelfService,
            Basis::SignIn,
        ),
        (
            "consent missing but confirmed",
            None,
            Some(sign_in(SignInOutcome::ConsentMissing, Some(true))),
            Verdict::SelfService,
            Basis::SignIn,
        ),
        (
            "completed, unconfirmed, no inventory",
            None,
            Some(sign_in(SignInOutcome::Completed, None)),
            Verdict::Unknown,
            Basis::Nothing,
        ),
        (
            "completed without a second step, no inventory",
            None,
            Some(sign_in(SignInOutcome::Completed, Some(false))),
            Verdict::Unknown,
            Basis::Nothing,
        ),
        (
            "completed unconfirmed falls back to the inventory",
            Some(methods(&["methods-authenticator-only.json"])),
            Some(sign_in(SignInOutcome::Completed, None)),
            Verdict::NeedsIt,
            Basis::Inventory,
        ),
        (
            "must register",
            None,
            Some(sign_in(SignInOutcome::MustRegister, None)),
            Verdict::NotRegistered,
            Basis::SignIn,
        ),
        (
            "registration blocked",
            None,
            Some(sign_in(SignInOutcome::RegistrationBlocked, None)),
            Verdict::NeedsIt,
            Basis::SignIn,
        ),
        (
            "blocked by policy",
            Some(sms.clone()),
            Some(sign_in(SignInOutcome::BlockedByPolicy, None)),
            Verdict::NeedsIt,
            Basis::SignIn,
        ),
        (
            "disabled",
            None,
            Some(sign_in(SignInOutcome::DisabledOrLocked, None)),
            Verdict::NeedsIt,
            Basis::SignIn,
        ),
        (
            "a transient error decides nothing",
            None,
            Some(sign_in(SignInOutcome::Transient, None)),
            Verdict::Unknown,
            Basis::Nothing,
        ),
        (
            "nothing at all",
            None,
            None,
            Verdict::Unknown,
            Basis::Nothing,
        ),
        (
            "nothing registered",
            Some(methods(&["methods-password-only.json"])),
            None,
            Verdict::NotRegistered,
            Basis::Inventory,
        ),
    ];
    for (name, inventory, sign_in, verdict, basis) in cases {
        let mut evidence = match inventory {
            Some(methods) => evidence(methods),
            None => lifeboat_core::assess::AccountEvidence {
                tenant_id: Some(TENANT.into()),
                ..Default::default()
            },
        };
        evidence.sign_in = sign_in;
        let assessment = assess(&evidence, &phone_lost);
        assert_eq!(
            (assessment.verdict, assessment.decided_by),
            (verdict, basis),
            "{name}"
        );
        assert!(!assessment.steps.is_empty(), "{name}: no steps");
        assert!(!assessment.evidence.is_empty(), "{name}: no evidence");
    }
}

#[test]
fn grades_follow_independent_carriers_and_phishing_resistance() {
    let phone = |number: &str, kind: &str, id: &str| {
        method(
            serde_json::json!({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": id, "phoneNumber": number, "phoneType": kind}),
        )
    };
    let app = |name: &str, id: &str| {
        method(
            serde_json::json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": id, "displayName": name}),
        )
    };
    let key = |name: &str| {
        method(
            serde_json::json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": "k", "displayName": name, "aaGuid": "2fc0579f-8113-47ea-b116-555a8db9202a"}),
        )
    };
    let passkey = method(
        serde_json::json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": "pk", "displayName": "iPhone", "aaGuid": "90a3ccdf-635c-4729-a248-9b709135078f"}),
    );
    let oath = method(
        serde_json::json!({"@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod", "id": "o"}),
    );
    let otp_held = Situation {
        otp_on_held_device: true,
        ..Situation::default()
    };
    let cases = [
        ("nothing", vec![], Situation::default(), Grade::F),
        (
            "one app",
            vec![app("iPhone", "a")],
            Situation::default(),
            Grade::D,
        ),
        (
            "app and passkey in it: one carrier",
            vec![app("iPhone", "a"), passkey.clone()],
            Situation::default(),
            Grade::C,
        ),
        (
            "app and SMS: two carriers",
            vec![app("iPhone", "a"), phone("+1 2065550123", "mobile", "m")],
            Situation::default(),
            Grade::B,
        ),
        (
            "app and a key: A",
            vec![app("iPhone", "a"), key("Red key")],
            Situation::default(),
            Grade::A,
        ),
        (
            "two apps on two phones",
            vec![app("iPhone", "a"), app("iPad", "b")],
            Situation::default(),
            Grade::B,
        ),
        (
            "two entries for one number",
            vec![
                phone("+1 2065550123", "mobile", "m"),
                phone("+1 206 555 0123", "alternateMobile", "n"),
            ],
            Situation::default(),
            Grade::C,
        ),
        // A code app may sit on the same phone as the app: it adds no independent carrier.
        (
            "app and a code app",
            vec![app("iPhone", "a"), oath.clone()],
            otp_held.clone(),
            Grade::C,
        ),
        ("a code app alone", vec![oath], otp_held, Grade::D),
        (
            "passkey alone, phone in hand",
            vec![passkey],
            Situation::default(),
            Grade::D,
        ),
    ];
    for (name, methods, situation, grade) in cases {
        assert_eq!(
            assess(&evidence(methods), &situation).grade,
            Some(grade),
            "{name}"
        );
    }
}

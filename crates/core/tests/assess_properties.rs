//! Invariants of the engine: declaring more losses never improves a verdict or a grade; adding a usable method
//! never worsens one.

mod assess_common;

use assess_common::{evidence, method};
use lifeboat_core::assess::{assess, Assessment, Verdict};
use lifeboat_core::methods::AuthMethod;
use lifeboat_core::situation::Situation;
use proptest::prelude::*;
use serde_json::json;

const DEVICES: [&str; 5] = ["Phone A", "Phone B", "Red key", "Laptop", "Token"];
const NUMBERS: [&str; 3] = ["+39 333 1234567", "+39 06 1234567", "+1 2065550123"];
const DECLARED: [&str; 7] = [
    "Phone A",
    "Phone B",
    "Red key",
    "Laptop",
    "Token",
    "unknown gadget",
    "another phone",
];

/// Any method from a small world of devices and numbers, so that losses hit them often.
fn any_method() -> impl Strategy<Value = AuthMethod> {
    let device = proptest::sample::select(&DEVICES[..]);
    let number = proptest::sample::select(&NUMBERS[..]);
    prop_oneof![
        Just(json!({"@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "pw"})),
        Just(json!({"@odata.type": "#microsoft.graph.emailAuthenticationMethod", "id": "em", "emailAddress": "a@b.c"})),
        device.clone().prop_map(|d| json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": format!("app-{d}"), "displayName": d})),
        device.clone().prop_map(|d| json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": format!("pk-{d}"), "displayName": d, "aaGuid": "90a3ccdf-635c-4729-a248-9b709135078f"})),
        device.clone().prop_map(|d| json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": format!("key-{d}"), "displayName": d, "aaGuid": "2fc0579f-8113-47ea-b116-555a8db9202a"})),
        device.clone().prop_map(|d| json!({"@odata.type": "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod", "id": format!("whfb-{d}"), "displayName": d})),
        device.prop_map(|d| json!({"@odata.type": "#microsoft.graph.hardwareOathAuthenticationMethod", "id": format!("hw-{d}"), "device": {"displayName": d, "serialNumber": "S1"}})),
        (number.clone(), proptest::sample::select(&["mobile", "alternateMobile", "office"][..])).prop_map(|(n, t)| json!({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": format!("ph-{n}-{t}"), "phoneNumber": n, "phoneType": t})),
        Just(json!({"@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod", "id": "oath"})),
        Just(json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": "app-unnamed"})),
        Just(json!({"@odata.type": "#microsoft.graph.externalAuthenticationMethod", "id": "ext", "displayName": "Adatum"})),
        any::<bool>().prop_map(|usable| json!({"@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod", "id": "tap", "isUsable": usable})),
        Just(json!({"@odata.type": "#microsoft.graph.futureAuthenticationMethod", "id": "fut"})),
    ]
    .prop_map(method)
}

fn any_situation() -> impl Strategy<Value = Situation> {
    let names = proptest::sample::subsequence(&DECLARED[..6], 0..=3);
    (
        names,
        proptest::sample::subsequence(&DEVICES[..], 0..=1),
        proptest::sample::subsequence(&NUMBERS[..], 0..=2),
        any::<[bool; 3]>(),
        any::<[Option<bool>; 2]>(),
    )
        .prop_map(
            |(lost, held, numbers, [otp, passkey, external], [number_current, backup_on])| {
                Situation {
                    lost_devices: lost.iter().map(|name| name.to_string()).collect(),
                    held_devices: held.iter().map(|name| name.to_string()).collect(),
                    unreachable_numbers: numbers.iter().map(|number| number.to_string()).collect(),
                    otp_on_held_device: otp,
                    authenticator_passkey_on_held_device: passkey,
                    external_method_usable: external,
                    phone_number_current: number_current,
                    authenticator_backup_on: backup_on,
                    now: None,
                }
            },
        )
}

/// A method that counts whatever the situation: names no one declares lost, a pass that works, a fresh number.
fn always_usable_method() -> impl Strategy<Value = AuthMethod> {
    prop_oneof![
        Just(json!({"@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod", "id": "fresh-tap", "isUsable": true})),
        Just(json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": "fresh-key", "displayName": "Spare key", "aaGuid": "2fc0579f-8113-47ea-b116-555a8db9202a"})),
        Just(json!({"@odata.type": "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod", "id": "fresh-pc", "displayName": "Desk PC"})),
        Just(json!({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": "fresh-phone", "phoneNumber": "+44 7700 900123", "phoneType": "office"})),
        Just(json!({"@odata.type": "#microsoft.graph.hardwareOathAuthenticationMethod", "id": "fresh-hw", "device": {"displayName": "Spare token"}})),
    ]
    .prop_map(method)
}

fn is_self_service(assessment: &Assessment) -> bool {
    assessment.verdict == Verdict::SelfService
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn declaring_more_losses_never_improves_a_verdict(
        methods in proptest::collection::vec(any_method(), 0..8),
        situation in any_situation(),
        more_lost in proptest::sample::subsequence(&DECLARED[..], 0..=3),
        more_numbers in proptest::sample::subsequence(&NUMBERS[..], 0..=2),
    ) {
        let account = evidence(methods);
        let before = assess(&account, &situation);
        let mut worse = situation.clone();
        worse.lost_devices.extend(more_lost.iter().map(|name| name.to_string()));
        worse.unreachable_numbers.extend(more_numbers.iter().map(|number| number.to_string()));
        let after = assess(&account, &worse);
        prop_assert!(is_self_service(&before) || !is_self_service(&after), "{before:?}\n{after:?}");
        prop_assert!(after.grade <= before.grade, "grade {:?} -> {:?}", before.grade, after.grade);
        prop_assert!(after.usable.len() <= before.usable.len());
        // Losses never change what is registered: the other verdicts stay put.
        if before.verdict != Verdict::SelfService {
            prop_assert_eq!(after.verdict, before.verdict);
        }
    }

    #[test]
    fn adding_a_usable_method_never_worsens_a_verdict(
        methods in proptest::collection::vec(any_method(), 0..8),
        situation in any_situation(),
        extra in always_usable_method(),
    ) {
        let mut methods = methods;
        // A fresh number counts only while the person has not said their registered number is no longer theirs.
        let mut situation = situation;
        situation.phone_number_current = situation.phone_number_current.filter(|current| *current);
        let before = assess(&evidence(methods.clone()), &situation);
        methods.push(extra);
        let after = assess(&evidence(methods), &situation);
        prop_assert_eq!(after.verdict, Verdict::SelfService);
        prop_assert!(after.grade >= before.grade, "grade {:?} -> {:?}", before.grade, after.grade);
        prop_assert!(after.usable.len() == before.usable.len() + 1);
    }

    #[test]
    fn every_method_is_either_usable_or_not_counted_and_self_service_names_one(
        methods in proptest::collection::vec(any_method(), 0..8),
        situation in any_situation(),
    ) {
        let count = methods.len();
        let assessment = assess(&evidence(methods), &situation);
        prop_assert_eq!(assessment.usable.len() + assessment.not_counted.len(), count);
        prop_assert_eq!(is_self_service(&assessment), !assessment.usable.is_empty());
        prop_assert!(!assessment.steps.is_empty());
    }
}

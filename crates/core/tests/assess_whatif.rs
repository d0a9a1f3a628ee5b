//! Cross-account what-if and single points of failure.

mod assess_common;

use assess_common::*;
use lifeboat_core::assess::{
    assess, single_points_of_failure, what_if, AccountEvidence, Grade, MethodKind, Verdict,
};
use lifeboat_core::situation::Situation;
use serde_json::json;

fn app(name: &str) -> serde_json::Value {
    json!({"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", "id": format!("app-{name}"), "displayName": name})
}

fn key(name: &str) -> serde_json::Value {
    json!({"@odata.type": "#microsoft.graph.fido2AuthenticationMethod", "id": format!("key-{name}"), "displayName": name, "aaGuid": "2fc0579f-8113-47ea-b116-555a8db9202a"})
}

fn account(values: Vec<serde_json::Value>) -> AccountEvidence {
    evidence(values.into_iter().map(method).collect())
}

#[test]
fn losing_one_device_across_accounts() {
    let accounts = vec![
        // 0: only the iPhone.
        account(vec![app("iPhone 13")]),
        // 1: the iPhone and a key.
        account(vec![app("iPhone 13"), key("Red key")]),
        // 2: the iPhone (named with other case and spacing) and SMS.
        account(vec![
            app(" iphone  13 "),
            json!({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": "m", "phoneNumber": "+39 333 1234567", "phoneType": "mobile"}),
        ]),
        // 3: no inventory: cannot be predicted.
        AccountEvidence::default(),
        // 4: only the key.
        account(vec![key("Red key")]),
    ];
    let result = what_if(&accounts, &Situation::default());
    assert_eq!(result.accounts_assessed, 4);
    let names: Vec<&str> = result
        .devices
        .iter()
        .map(|device| device.device.as_str())
        .collect();
    // The most damaging first.
    assert_eq!(names, ["iPhone 13", "Red key"]);

    let iphone = &result.devices[0];
    assert_eq!(iphone.kinds, [MethodKind::AuthenticatorApp]);
    let touched: Vec<usize> = iphone
        .accounts
        .iter()
        .map(|impact| impact.account)
        .collect();
    assert_eq!(touched, [0, 1, 2]);
    assert_eq!(iphone.locked_out(), 1);
    assert_eq!(iphone.accounts[0].verdict_after, Verdict::NeedsIt);
    assert_eq!(
        (
            iphone.accounts[1].grade_before,
            iphone.accounts[1].grade_after
        ),
        (Grade::A, Grade::D)
    );
    assert_eq!(iphone.accounts[2].verdict_after, Verdict::SelfService);

    let spofs = single_points_of_failure(&result);
    assert_eq!(spofs.len(), 2);
    assert_eq!(
        (spofs[0].device.as_str(), spofs[0].accounts.as_slice()),
        ("iPhone 13", &[0][..])
    );
    assert_eq!(
        (spofs[1].device.as_str(), spofs[1].accounts.as_slice()),
        ("Red key", &[4][..])
    );
}

#[test]
fn what_if_agrees_with_assessing_the_loss_directly() {
    let accounts: Vec<AccountEvidence> = [
        &["methods-authenticator-only.json"][..],
        &["methods-authenticator-and-sms-mobile.json"],
        &["methods-fido2-key-and-authenticator.json"],
        &["methods-whfb-and-authenticator.json"],
        &["methods-authenticator-plus-authenticator-passkey.json"],
    ]
    .iter()
    .map(|files| evidence(methods(files)))
    .collect();
    let result = what_if(&accounts, &Situation::default());
    for device in &result.devices {
        for impact in &device.accounts {
            let direct = assess(&accounts[impact.account], &lost(&[&device.device]));
            assert_eq!(
                direct.verdict, impact.verdict_after,
                "{} on account {}",
                device.device, impact.account
            );
            assert_eq!(
                direct.grade,
                Some(impact.grade_after),
                "{} on account {}",
                device.device,
                impact.account
            );
            let before = assess(&accounts[impact.account], &Situation::default());
            assert_eq!(before.grade, Some(impact.grade_before));
        }
    }
    // Sandeep's iPhone holds the app in all five accounts and the passkey in the fifth.
    let spofs = single_points_of_failure(&result);
    assert_eq!(spofs.len(), 1);
    assert_eq!(spofs[0].device, "Sandeep's iPhone");
    assert_eq!(spofs[0].accounts, [0, 4]);
}

#[test]
fn the_base_situation_carries_over() {
    let accounts = vec![account(vec![app("iPhone"), key("Red key")])];
    // With the key already gone, the iPhone becomes a single point of failure.
    let base = lost(&["Red key"]);
    let result = what_if(&accounts, &base);
    let spofs = single_points_of_failure(&result);
    assert_eq!(spofs.len(), 1);
    assert_eq!(spofs[0].device, "iPhone");
    assert!(single_points_of_failure(&what_if(&accounts, &Situation::default())).is_empty());
}

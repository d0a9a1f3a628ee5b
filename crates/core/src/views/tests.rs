use super::*;
use crate::assess::{Grade, Verdict};
use crate::book::AccountBook;
use crate::book::{AccountDetails, InventorySource, StoredInventory};
use crate::Lang;
use serde_json::json;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-09-14 09:30 UTC);
const TENANT: &str = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";

fn authenticator(id: &str, phone: &str) -> serde_json::Value {
    json!({
        "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
        "id": id, "displayName": phone, "deviceTag": "SoftwareTokenActivated", "phoneAppVersion": "6.2401.0119"
    })
}

fn sms(id: &str, number: &str) -> serde_json::Value {
    json!({
        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
        "id": id, "phoneNumber": number, "phoneType": "mobile", "smsSignInState": "notAllowedByPolicy"
    })
}

fn book_with(inventories: &[(&str, Option<Vec<serde_json::Value>>)]) -> AccountBook {
    let mut book = AccountBook::default();
    for (upn, methods) in inventories {
        let id = book
            .add(AccountDetails {
                tenant_id: Some(TENANT.into()),
                ..AccountDetails::new(*upn)
            })
            .unwrap();
        if let Some(methods) = methods {
            book.record_inventory(
                &id,
                StoredInventory {
                    methods: methods.clone(),
                    read_at: NOW,
                    source: InventorySource::Graph,
                },
            )
            .unwrap();
        }
    }
    book
}

#[test]
fn authenticator_phones_are_offered_once_in_first_seen_order() {
    let book = book_with(&[
        (
            "anna@contoso.com",
            Some(vec![
                authenticator("a1", "Pixel 8"),
                sms("p1", "+39 333 123 4567"),
            ]),
        ),
        (
            "anna@fabrikam.com",
            Some(vec![
                authenticator("a2", "iPhone 15"),
                authenticator("a3", "pixel  8"),
            ]),
        ),
        ("anna@tailspin.com", None),
    ]);
    assert_eq!(authenticator_devices(&book), vec!["Pixel 8", "iPhone 15"]);
}

#[test]
fn rows_carry_the_verdict_for_the_declared_loss() {
    let mut book = book_with(&[
        (
            "anna@contoso.com",
            Some(vec![authenticator("a1", "Pixel 8")]),
        ),
        (
            "anna@fabrikam.com",
            Some(vec![
                authenticator("a2", "Pixel 8"),
                sms("p1", "+39 333 123 4567"),
            ]),
        ),
        ("anna@tailspin.com", None),
    ]);
    book.situation.lost_devices = vec!["Pixel 8".into()];
    let view = book_view(&book, Lang::En, NOW);
    let verdicts: Vec<Verdict> = view.accounts.iter().map(|row| row.verdict).collect();
    assert_eq!(
        verdicts,
        vec![Verdict::NeedsIt, Verdict::SelfService, Verdict::Unknown]
    );
    assert_eq!(
        view.accounts[0].headline,
        Verdict::NeedsIt.headline(Lang::En)
    );
    assert!(!view.accounts[2].has_inventory);
    // Nobody typed the organisation: its domain names it, not the tenant id.
    assert_eq!(view.accounts[0].organisation, "contoso.com");
    assert_eq!(view.accounts[0].tenant_key, TENANT);
}

#[test]
fn results_follow_the_language_and_pin_the_tenant() {
    let mut book = book_with(&[(
        "anna@contoso.com",
        Some(vec![authenticator("a1", "Pixel 8")]),
    )]);
    book.situation.lost_devices = vec!["Pixel 8".into()];
    let english = results_view(&book, Lang::En, NOW);
    let italian = results_view(&book, Lang::It, NOW);
    assert!(!english.readiness);
    let (en, it) = (&english.accounts[0], &italian.accounts[0]);
    assert_eq!(en.verdict, Verdict::NeedsIt);
    assert!(en.needs_ticket && !en.needs_inventory);
    assert_ne!(en.headline, it.headline);
    assert_eq!(
        en.security_info_url,
        format!("https://mysignins.microsoft.com/security-info?tenantId={TENANT}")
    );
    assert_eq!(en.not_counted.len(), 1);
}

#[test]
fn matrix_shows_which_device_locks_out_which_account() {
    let book = book_with(&[
        (
            "anna@contoso.com",
            Some(vec![authenticator("a1", "Pixel 8")]),
        ),
        (
            "anna@fabrikam.com",
            Some(vec![
                authenticator("a2", "Pixel 8"),
                sms("p1", "+39 333 123 4567"),
            ]),
        ),
        (
            "anna@tailspin.com",
            Some(vec![authenticator("a3", "iPhone 15")]),
        ),
    ]);
    let view = results_view(&book, Lang::En, NOW);
    assert!(view.readiness);
    let pixel = view
        .devices
        .iter()
        .find(|row| row.device == "Pixel 8")
        .unwrap();
    let holds: Vec<bool> = pixel.cells.iter().map(|cell| cell.holds).collect();
    let locks: Vec<bool> = pixel.cells.iter().map(|cell| cell.locks_out).collect();
    assert_eq!(holds, vec![true, true, false]);
    assert_eq!(locks, vec![true, false, false]);
    assert_eq!(pixel.locked_out, 1);
    assert_eq!(pixel.cells[2].grade_after, None);
    assert_eq!(pixel.cells[0].grade_after, Some(Grade::F));
}

#[test]
fn readiness_ignores_the_declared_loss() {
    let mut book = book_with(&[(
        "anna@contoso.com",
        Some(vec![authenticator("a1", "Pixel 8")]),
    )]);
    book.situation.lost_devices = vec!["Pixel 8".into()];
    let view = readiness_view(&book, Lang::En, NOW);
    assert!(view.readiness);
    assert_eq!(view.accounts[0].verdict, Verdict::SelfService);
    assert_eq!(view.accounts[0].grade, Some(Grade::D));
    assert_eq!(view.devices[0].locked_out, 1);
}

#[test]
fn the_readiness_answers_feed_the_readiness_grades_and_come_back_with_the_view() {
    let mut book = book_with(&[
        (
            "anna@contoso.com",
            Some(vec![
                authenticator("a1", "Pixel 8"),
                sms("s1", "+39 333 555 0101"),
            ]),
        ),
        (
            "anna@fabrikam.com",
            Some(vec![authenticator("a2", "Pixel 8")]),
        ),
    ]);
    let view = readiness_view(&book, Lang::En, NOW);
    assert_eq!(view.accounts[0].grade, Some(Grade::B));
    let questions = view.questions.expect("the readiness view asks");
    assert!(questions.ask_number);
    assert_eq!(questions.phone_number_current, None);

    book.situation.phone_number_current = Some(false);
    book.situation.authenticator_backup_on = Some(true);
    let view = readiness_view(&book, Lang::En, NOW);
    assert_eq!(view.accounts[0].grade, Some(Grade::D));
    assert_eq!(view.accounts[1].grade, Some(Grade::D));
    let questions = view.questions.unwrap();
    assert_eq!(questions.phone_number_current, Some(false));
    assert_eq!(questions.authenticator_backup_on, Some(true));
    // The results of a declared loss do not carry the readiness questions.
    assert_eq!(results_view(&book, Lang::En, NOW).questions, None);

    // Without any phone number registered, the number question is not asked.
    let no_number = book_with(&[(
        "anna@contoso.com",
        Some(vec![authenticator("a1", "Pixel 8")]),
    )]);
    assert!(
        !readiness_view(&no_number, Lang::En, NOW)
            .questions
            .unwrap()
            .ask_number
    );
}

#[test]
fn an_unparseable_stored_list_counts_as_no_inventory() {
    let book = book_with(&[("anna@contoso.com", Some(vec![json!({"@odata.type": 7})]))]);
    let view = results_view(&book, Lang::It, NOW);
    assert!(view.accounts[0].needs_inventory);
    assert_eq!(view.accounts[0].verdict, Verdict::Unknown);
}

#[test]
fn only_microsoft_https_pages_open_from_the_window() {
    let cases = [
        ("https://mysignins.microsoft.com/security-info?tenantId=00aa00aa-bb11-cc22-dd33-44ee44ee44ee", Some("https://mysignins.microsoft.com/security-info?tenantId=00aa00aa-bb11-cc22-dd33-44ee44ee44ee")),
        // What is opened is the parsed URL, not the string the window sent.
        (" HTTPS://Login.MicrosoftOnline.com/common ", Some("https://login.microsoftonline.com/common")),
        ("mailto:it@contoso.com?subject=Help", None),
        ("mailto:x@y?attach=/home/u/.ssh/id_rsa&bcc=evil@example.com", None),
        ("http://mysignins.microsoft.com/security-info", None),
        ("https://mysignins.microsoft.com.evil.example/", None),
        ("https://user@mysignins.microsoft.com/", None),
        ("https://mysignins.microsoft.com:8443/", None),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
        ("https://example.com/", None),
        ("not a link", None),
    ];
    for (link, expected) in cases {
        assert_eq!(
            microsoft_page(link).map(String::from).as_deref(),
            expected,
            "{link}"
        );
    }
}

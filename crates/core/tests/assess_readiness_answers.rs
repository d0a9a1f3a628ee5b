//! The readiness journey's two questions (issue 17): is the registered phone number still yours, is
//! Authenticator's cloud backup on. Each answer changes the grade only where the methods make it matter.

mod assess_common;

use assess_common::*;
use lifeboat_core::assess::{assess, Grade, MethodReason, Step, Verdict};
use lifeboat_core::situation::Situation;

fn answers(
    number_current: Option<bool>,
    backup_on: Option<bool>,
    codes_in_hand: bool,
) -> Situation {
    Situation {
        phone_number_current: number_current,
        authenticator_backup_on: backup_on,
        otp_on_held_device: codes_in_hand,
        ..Situation::default()
    }
}

/// (methods, number current?, backup on?, codes on the phone in hand?, grade, verdict)
type Row<'a> = (
    &'a [&'a str],
    Option<bool>,
    Option<bool>,
    bool,
    Grade,
    Verdict,
);

#[test]
fn each_answer_moves_the_grade_only_where_the_methods_make_it_matter() {
    let authenticator_and_sms = [
        "method-microsoftAuthenticator.json",
        "method-phone-mobile.json",
    ];
    let authenticator_and_codes = [
        "method-microsoftAuthenticator.json",
        "method-softwareOath.json",
    ];
    let sms_only = ["method-password.json", "method-phone-mobile.json"];
    let key_and_authenticator = ["methods-fido2-key-and-authenticator.json"];
    let table: [Row; 11] = [
        // The number: Authenticator and SMS are two carriers while the number is the person's.
        (
            &authenticator_and_sms,
            None,
            None,
            false,
            Grade::B,
            Verdict::SelfService,
        ),
        (
            &authenticator_and_sms,
            Some(true),
            None,
            false,
            Grade::B,
            Verdict::SelfService,
        ),
        (
            &authenticator_and_sms,
            Some(false),
            None,
            false,
            Grade::D,
            Verdict::SelfService,
        ),
        // With SMS alone, a number that is no longer theirs leaves nothing.
        (
            &sms_only,
            Some(true),
            None,
            false,
            Grade::D,
            Verdict::SelfService,
        ),
        (
            &sms_only,
            Some(false),
            None,
            false,
            Grade::F,
            Verdict::NeedsIt,
        ),
        // The backup: codes on the phone share its fate, unless the cloud backup keeps a copy.
        (
            &authenticator_and_codes,
            None,
            None,
            true,
            Grade::C,
            Verdict::SelfService,
        ),
        (
            &authenticator_and_codes,
            None,
            Some(false),
            true,
            Grade::C,
            Verdict::SelfService,
        ),
        (
            &authenticator_and_codes,
            None,
            Some(true),
            true,
            Grade::B,
            Verdict::SelfService,
        ),
        // Codes whose place the person has not confirmed do not count, backup or not.
        (
            &authenticator_and_codes,
            None,
            Some(true),
            false,
            Grade::D,
            Verdict::SelfService,
        ),
        // Neither answer touches methods they do not concern.
        (
            &key_and_authenticator,
            Some(false),
            Some(true),
            false,
            Grade::A,
            Verdict::SelfService,
        ),
        (
            &key_and_authenticator,
            Some(false),
            Some(false),
            false,
            Grade::A,
            Verdict::SelfService,
        ),
    ];
    for (files, number_current, backup_on, codes_in_hand, grade, verdict) in table {
        let situation = answers(number_current, backup_on, codes_in_hand);
        let assessment = run(files, &situation);
        let case = format!(
            "{files:?} number {number_current:?} backup {backup_on:?} codes {codes_in_hand}"
        );
        assert_eq!(assessment.grade, Some(grade), "{case}");
        assert_eq!(assessment.verdict, verdict, "{case}");
    }
}

#[test]
fn a_number_that_is_no_longer_theirs_is_said_and_changed_first() {
    let assessment = run(
        &[
            "method-microsoftAuthenticator.json",
            "method-phone-mobile.json",
        ],
        &answers(Some(false), None, false),
    );
    let phone = assessment
        .not_counted
        .iter()
        .find(|note| note.reason == MethodReason::NumberNotCurrent)
        .expect("the number is listed as not counted");
    assert!(phone.method.kind.is_phone());
    assert!(
        matches!(assessment.steps.first(), Some(Step::UpdatePhoneNumber { number_ending }) if number_ending.len() == 4),
        "{:?}",
        assessment.steps
    );
    // Answered yes: nothing to update.
    let fine = run(
        &[
            "method-microsoftAuthenticator.json",
            "method-phone-mobile.json",
        ],
        &answers(Some(true), None, false),
    );
    assert!(!fine
        .steps
        .iter()
        .any(|step| matches!(step, Step::UpdatePhoneNumber { .. })));
}

#[test]
fn backed_up_codes_are_said_so() {
    let assessment = run(
        &[
            "method-microsoftAuthenticator.json",
            "method-softwareOath.json",
        ],
        &answers(None, Some(true), true),
    );
    assert!(assessment
        .usable
        .iter()
        .any(|note| note.reason == MethodReason::CodesBackedUp));
    let situation = answers(None, Some(true), true);
    let evidence = evidence(methods(&["method-softwareOath.json"]));
    // One code app alone is still one method: the backup is a second home for it, not a second method.
    assert_eq!(assess(&evidence, &situation).grade, Some(Grade::D));
}

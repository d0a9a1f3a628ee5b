//! The plan, the evidence and the "safe to wipe" rule, over Microsoft's published method examples
//! (fixtures/graph/).

use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

use super::*;
use crate::book::{AccountDetails, InventorySource, StoredInventory};
use crate::evidence::SignInEvidence;
use crate::Lang;

const OLD: &str = "Sandeep's iPhone";
const NEW: &str = "Pixel 9 di Sandeep";
const OLD_ID: &str = "6803c096-c096-6803-96c0-036896c00368";
const READ_BEFORE: OffsetDateTime = datetime!(2026-11-30 10:00 UTC);
const BEGAN: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);
const ADDED: OffsetDateTime = datetime!(2026-12-01 09:10 UTC);
const REREAD: OffsetDateTime = datetime!(2026-12-01 09:20 UTC);
const TENANT: &str = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";

fn fixture(name: &str) -> Vec<Value> {
    let path = format!(
        "{}/../../fixtures/graph/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    match value.get("value") {
        Some(Value::Array(methods)) => methods.clone(),
        _ => vec![value],
    }
}

/// The published Authenticator example, on another phone, registered at `created`.
fn authenticator_on(phone: &str, id: &str, created: OffsetDateTime) -> Value {
    let mut method = fixture("method-microsoftAuthenticator").remove(0);
    method["id"] = json!(id);
    method["displayName"] = json!(phone);
    method["createdDateTime"] = json!(created
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap());
    method
}

fn graph(methods: Vec<Value>, read_at: OffsetDateTime) -> StoredInventory {
    StoredInventory {
        methods,
        read_at,
        source: InventorySource::Graph,
    }
}

/// A book with one account per inventory, read before the move, and a move begun at [`BEGAN`].
fn moving_book(inventories: Vec<Option<StoredInventory>>) -> (AccountBook, Vec<AccountId>) {
    let mut book = AccountBook::default();
    // The person declared the old phone as held (so it is known even when no list names it).
    book.situation.held_devices = vec![OLD.into()];
    let mut ids = Vec::new();
    for (index, inventory) in inventories.into_iter().enumerate() {
        let id = book
            .add(AccountDetails {
                tenant_id: Some(TENANT.into()),
                ..AccountDetails::new(format!("sandeep{index}@contoso.com"))
            })
            .unwrap();
        if let Some(inventory) = inventory {
            book.record_inventory(&id, inventory).unwrap();
        }
        ids.push(id);
    }
    MoveForm {
        old_phone: OLD.into(),
        new_phone: NEW.into(),
        restart: false,
    }
    .apply(&mut book, BEGAN)
    .unwrap();
    (book, ids)
}

fn standing_of(book: &AccountBook, id: &AccountId) -> AccountStanding {
    let phone_move = book.phone_move.as_ref().unwrap();
    verify::standing(&plan_account(book.get(id).unwrap(), phone_move), phone_move)
}

fn depends(reasons: &[WipeReason]) -> AccountStanding {
    AccountStanding::DependsOnOldPhone {
        reasons: reasons.to_vec(),
    }
}

/// What happens after the move began, for one row of the table.
enum After {
    Nothing,
    Reread(Vec<Value>),
    RereadAt(Vec<Value>, OffsetDateTime),
    NeverUsed,
    Confirm(SignInEvidence, bool),
}

#[test]
fn safe_to_wipe_table() {
    use WipeReason::*;
    let with_sms = || fixture("methods-authenticator-and-sms-mobile");
    let only_old = || fixture("methods-authenticator-only");
    let plus_new = |mut methods: Vec<Value>| {
        methods.push(authenticator_on(NEW, "new-1", ADDED));
        methods
    };
    let completed = |at| SignInEvidence::new(crate::evidence::SignInOutcome::Completed, at);
    let cases: Vec<(&str, Option<Vec<Value>>, After, AccountStanding)> = vec![
        (
            "only the old phone, nothing done",
            Some(only_old()),
            After::Nothing,
            depends(&[OnlyTheOldPhone, NoNewRegistrationRead]),
        ),
        (
            "SMS too: not only the old phone, still not verified",
            Some(with_sms()),
            After::Reread(with_sms()),
            depends(&[NoNewRegistrationRead]),
        ),
        (
            "a new registration on the new phone, created after the move began",
            Some(only_old()),
            After::Reread(plus_new(only_old())),
            AccountStanding::Verified,
        ),
        (
            "a registration created before the move began is not new",
            Some(only_old()),
            After::Reread({
                let mut methods = only_old();
                methods.push(authenticator_on(NEW, "new-1", READ_BEFORE));
                methods
            }),
            depends(&[NoNewRegistrationRead]),
        ),
        (
            "an Authenticator registered again on the old phone during the move is not the new phone",
            Some(only_old()),
            After::Reread(vec![authenticator_on(OLD, "again-on-old", ADDED)]),
            depends(&[OnlyTheOldPhone, NoNewRegistrationRead]),
        ),
        (
            "the old phone's own registration re-read is not new",
            Some(only_old()),
            After::Reread(only_old()),
            depends(&[OnlyTheOldPhone, NoNewRegistrationRead]),
        ),
        (
            "a re-read before the move began proves nothing",
            Some(only_old()),
            After::RereadAt(plus_new(only_old()), READ_BEFORE),
            depends(&[NoNewRegistrationRead]),
        ),
        (
            "old removed without a new one: still not verified",
            Some(with_sms()),
            After::Reread(
                fixture("methods-authenticator-and-sms-mobile")
                    .into_iter()
                    .filter(|method| method["id"] != OLD_ID)
                    .collect(),
            ),
            AccountStanding::NothingOnOldPhone,
        ),
        (
            "a security key and Windows Hello stay, the Authenticator must be redone",
            Some(fixture("methods-whfb-and-authenticator")),
            After::Nothing,
            depends(&[NoNewRegistrationRead]),
        ),
        (
            "an Authenticator passkey on the old phone",
            Some(fixture("methods-authenticator-plus-authenticator-passkey")),
            After::Nothing,
            depends(&[OnlyTheOldPhone, NoNewRegistrationRead, PasskeyNotRedone]),
        ),
        (
            "a code app of a work account",
            Some(fixture("methods-softwareoath-only")),
            After::Nothing,
            depends(&[OnlyTheOldPhone, NoNewRegistrationRead]),
        ),
        (
            "nothing on the old phone: SMS only",
            Some(vec![fixture("method-phone-mobile").remove(0)]),
            After::Nothing,
            AccountStanding::NothingOnOldPhone,
        ),
        (
            "an Authenticator on another phone stays",
            Some(vec![authenticator_on(
                "iPad di Sandeep",
                "ipad",
                READ_BEFORE,
            )]),
            After::Nothing,
            AccountStanding::NothingOnOldPhone,
        ),
        (
            "methods unknown",
            None,
            After::Nothing,
            depends(&[OnlyTheOldPhone, NoFreshSignInConfirmed]),
        ),
        (
            "methods unknown, marked never used",
            None,
            After::NeverUsed,
            AccountStanding::Verified,
        ),
        (
            "methods unknown, a fresh sign-in after the move confirmed",
            None,
            After::Confirm(completed(REREAD), true),
            AccountStanding::Verified,
        ),
        (
            "methods unknown, a remembered session is no proof",
            None,
            After::Confirm(completed(REREAD), false),
            depends(&[OnlyTheOldPhone, NoFreshSignInConfirmed]),
        ),
        (
            "methods unknown, a sign-in before the move is no proof",
            None,
            After::Confirm(completed(READ_BEFORE), true),
            depends(&[OnlyTheOldPhone, NoFreshSignInConfirmed]),
        ),
    ];
    for (name, before, after, expected) in cases {
        let (mut book, ids) = moving_book(vec![before.map(|methods| graph(methods, READ_BEFORE))]);
        let id = &ids[0];
        match after {
            After::Nothing => {}
            After::Reread(methods) => {
                book.record_inventory(id, graph(methods, REREAD)).unwrap();
            }
            After::RereadAt(methods, at) => {
                book.record_inventory(id, graph(methods, at)).unwrap();
            }
            After::NeverUsed => book.mark_never_used_old_phone(id, true).unwrap(),
            After::Confirm(sign_in, interactive) => {
                let _ = book.confirm_fresh_sign_in(id, &sign_in, interactive);
            }
        }
        book.observe_move();
        assert_eq!(standing_of(&book, id), expected, "{name}");
        let answer = safe_to_wipe(&book).unwrap();
        assert_eq!(answer.safe, !expected.depends(), "{name}");
    }
}

#[test]
fn the_answer_is_yes_only_when_every_account_is_done_and_lists_the_others_with_why() {
    let (mut book, ids) = moving_book(vec![
        Some(graph(fixture("methods-authenticator-only"), READ_BEFORE)),
        Some(graph(
            fixture("methods-authenticator-and-sms-mobile"),
            READ_BEFORE,
        )),
        None,
    ]);
    let answer = safe_to_wipe(&book).unwrap();
    assert!(!answer.safe);
    assert_eq!(
        answer
            .dependent
            .iter()
            .map(|(id, _)| id)
            .collect::<Vec<_>>(),
        ids.iter().collect::<Vec<_>>()
    );
    let mut methods = fixture("methods-authenticator-only");
    methods.push(authenticator_on(NEW, "new-1", ADDED));
    book.record_inventory(&ids[0], graph(methods, REREAD))
        .unwrap();
    book.observe_move();
    book.mark_never_used_old_phone(&ids[2], true).unwrap();
    let answer = safe_to_wipe(&book).unwrap();
    assert_eq!(answer.dependent.len(), 1);
    assert_eq!(answer.dependent[0].0, ids[1]);
    assert_eq!(
        answer.dependent[0].1,
        vec![WipeReason::NoNewRegistrationRead]
    );

    let mut methods = fixture("methods-authenticator-and-sms-mobile");
    methods.push(authenticator_on(NEW, "new-2", ADDED));
    book.record_inventory(&ids[1], graph(methods, REREAD))
        .unwrap();
    book.observe_move();
    assert!(safe_to_wipe(&book).unwrap().safe);
    // Taking the mark back makes the third account depend again.
    book.mark_never_used_old_phone(&ids[2], false).unwrap();
    assert!(!safe_to_wipe(&book).unwrap().safe);
}

#[test]
fn evidence_is_kept_when_a_later_reread_fails_or_shows_less() {
    let (mut book, ids) = moving_book(vec![Some(graph(
        fixture("methods-authenticator-only"),
        READ_BEFORE,
    ))]);
    let mut methods = fixture("methods-authenticator-only");
    methods.push(authenticator_on(NEW, "new-1", ADDED));
    book.record_inventory(&ids[0], graph(methods, REREAD))
        .unwrap();
    book.observe_move();
    // The same registration read again (even with another date) is the same evidence.
    let mut again = fixture("methods-authenticator-only");
    again.push(authenticator_on(NEW, "new-1", REREAD));
    book.record_inventory(&ids[0], graph(again, datetime!(2026-12-01 09:40 UTC)))
        .unwrap();
    book.observe_move();
    // A later list without the new phone (read from a stale replica, or a mistake) takes no evidence away.
    book.record_inventory(
        &ids[0],
        graph(
            fixture("methods-authenticator-only"),
            datetime!(2026-12-01 10:00 UTC),
        ),
    )
    .unwrap();
    book.observe_move();
    let part = book.phone_move.as_ref().unwrap().account(&ids[0]).unwrap();
    assert_eq!(
        part.evidence,
        vec![MoveEvidence::NewRegistrationRead {
            id: "new-1".into(),
            created: ADDED
        }]
    );
    assert_eq!(
        part.old_registrations.as_deref(),
        Some(&[OLD_ID.to_owned()][..])
    );
}

#[test]
fn removal_is_read_only_after_the_new_phone_and_shows_in_the_steps() {
    let (mut book, ids) = moving_book(vec![Some(graph(
        fixture("methods-authenticator-only"),
        READ_BEFORE,
    ))]);
    book.record_inventory(
        &ids[0],
        graph(
            vec![
                fixture("method-password").remove(0),
                authenticator_on(NEW, "new-1", ADDED),
            ],
            REREAD,
        ),
    )
    .unwrap();
    book.observe_move();
    book.mark_move_step(&ids[0], MoveStep::MakeDefault, true)
        .unwrap();
    let part = book.phone_move.as_ref().unwrap().account(&ids[0]).unwrap();
    assert!(part
        .evidence
        .contains(&MoveEvidence::OldRemovedRead { read_at: REREAD }));
    let view = move_view(&book, Lang::En, REREAD).unwrap();
    let steps: Vec<(MoveStep, bool)> = view.accounts[0]
        .steps
        .iter()
        .map(|step| (step.step, step.done))
        .collect();
    // The old phone's list had no passkey: no passkey step; every step is done but the ticked default.
    assert_eq!(
        steps,
        vec![
            (MoveStep::AddAuthenticator, true),
            (MoveStep::MakeDefault, true),
            (MoveStep::Verify, true),
            (MoveStep::RemoveOld, true),
        ]
    );
    assert!(!view.accounts[0].steps[1].seen_in_reread);
    assert!(view.accounts[0].steps[3].seen_in_reread);
    assert!(view.safe_to_wipe);
}

#[test]
fn plan_says_what_moves_and_what_is_redone_and_puts_old_phone_only_accounts_first() {
    let (book, ids) = moving_book(vec![
        Some(graph(
            fixture("methods-fido2-key-and-authenticator"),
            READ_BEFORE,
        )),
        Some(graph(
            fixture("methods-authenticator-and-sms-mobile"),
            READ_BEFORE,
        )),
        Some(graph(
            fixture("methods-authenticator-plus-authenticator-passkey"),
            READ_BEFORE,
        )),
        Some(graph(
            vec![fixture("method-phone-mobile").remove(0)],
            READ_BEFORE,
        )),
    ]);
    let phone_move = book.phone_move.as_ref().unwrap();
    let plans: Vec<AccountPlan> = book
        .accounts
        .iter()
        .map(|account| plan_account(account, phone_move))
        .collect();
    let summary = |plan: &AccountPlan| {
        (
            plan.moves_by_itself
                .iter()
                .map(|line| line.stays.unwrap())
                .collect::<Vec<_>>(),
            plan.redo
                .iter()
                .map(|line| line.redo.unwrap())
                .collect::<Vec<_>>(),
            plan.only_old_phone,
        )
    };
    use RedoReason::*;
    use StaysReason::*;
    assert_eq!(
        summary(&plans[0]),
        (vec![NotOnThePhone], vec![AuthenticatorOnOldPhone], false)
    );
    assert_eq!(
        summary(&plans[1]),
        (vec![FollowsSim], vec![AuthenticatorOnOldPhone], false)
    );
    assert_eq!(
        summary(&plans[2]),
        (
            vec![],
            vec![AuthenticatorOnOldPhone, PasskeyOnOldPhone],
            true
        )
    );
    assert_eq!(summary(&plans[3]), (vec![FollowsSim], vec![], false));
    // The safe order: add and verify the new phone before removing the old one; the passkey only where there
    // was one.
    assert_eq!(
        plans[2].steps,
        vec![
            MoveStep::AddAuthenticator,
            MoveStep::MakeDefault,
            MoveStep::AddPasskey,
            MoveStep::Verify,
            MoveStep::RemoveOld
        ]
    );
    assert_eq!(
        plans[1].steps,
        vec![
            MoveStep::AddAuthenticator,
            MoveStep::MakeDefault,
            MoveStep::Verify,
            MoveStep::RemoveOld
        ]
    );
    let view = move_view(&book, Lang::En, REREAD).unwrap();
    let order: Vec<&AccountId> = view.accounts.iter().map(|account| &account.id).collect();
    assert_eq!(order, vec![&ids[2], &ids[0], &ids[1], &ids[3]]);
    assert!(view.accounts[0].only_old_phone);
    assert!(!view.safe_to_wipe);
    assert_eq!(
        view.answer,
        "Not yet: 3 accounts still depend on “Sandeep's iPhone”. Do not wipe it."
    );
}

#[test]
fn a_declared_list_plans_like_a_read_one_but_needs_a_confirmed_sign_in() {
    let declared = crate::manual_inventory::manual_inventory(
        &[crate::manual_inventory::ManualMethod::AuthenticatorApp { device: OLD.into() }],
        READ_BEFORE,
    )
    .unwrap();
    let (mut book, ids) = moving_book(vec![Some(declared)]);
    let phone_move = book.phone_move.as_ref().unwrap();
    let plan = plan_account(book.get(&ids[0]).unwrap(), phone_move);
    assert_eq!(plan.basis, PlanBasis::Declared);
    assert_eq!(
        standing_of(&book, &ids[0]),
        depends(&[
            WipeReason::OnlyTheOldPhone,
            WipeReason::NoFreshSignInConfirmed
        ])
    );
    let sign_in = SignInEvidence::new(crate::evidence::SignInOutcome::Completed, REREAD);
    book.confirm_fresh_sign_in(&ids[0], &sign_in, true).unwrap();
    assert_eq!(standing_of(&book, &ids[0]), AccountStanding::Verified);
}

#[test]
fn refusals_of_a_confirmation_and_of_ticking_verify() {
    let (mut book, ids) = moving_book(vec![None]);
    let completed = SignInEvidence::new(crate::evidence::SignInOutcome::Completed, REREAD);
    let blocked = SignInEvidence::new(crate::evidence::SignInOutcome::BlockedByMfa, REREAD);
    let old = SignInEvidence::new(crate::evidence::SignInOutcome::Completed, READ_BEFORE);
    for (sign_in, interactive, refusal) in [
        (&completed, false, NotFresh::Remembered),
        (&blocked, true, NotFresh::NotCompleted),
        (&old, true, NotFresh::TooOld),
    ] {
        assert_eq!(
            book.confirm_fresh_sign_in(&ids[0], sign_in, interactive),
            Err(MoveError::NotFresh(refusal))
        );
    }
    assert_eq!(
        book.mark_move_step(&ids[0], MoveStep::Verify, true),
        Err(MoveError::VerifyNeedsEvidence)
    );
    assert_eq!(
        book.mark_never_used_old_phone(&AccountId::from("9"), true),
        Err(MoveError::UnknownAccount("9".into()))
    );
    let mut without_move = AccountBook::default();
    let id = without_move
        .add(AccountDetails::new("a@contoso.com"))
        .unwrap();
    assert_eq!(
        without_move.mark_never_used_old_phone(&id, true),
        Err(MoveError::NotStarted)
    );
    assert!(safe_to_wipe(&without_move).is_none());
}

#[test]
fn the_move_form_refuses_empty_same_and_unknown_names() {
    let mut book = AccountBook::default();
    let id = book.add(AccountDetails::new("a@contoso.com")).unwrap();
    book.record_inventory(
        &id,
        graph(fixture("methods-authenticator-and-sms-mobile"), READ_BEFORE),
    )
    .unwrap();
    book.situation.held_devices = vec!["Galaxy Tab".into()];
    assert_eq!(
        phone_choices(&book),
        vec![OLD.to_owned(), "Galaxy Tab".into()]
    );
    let form = |old: &str, new: &str| MoveForm {
        old_phone: old.into(),
        new_phone: new.into(),
        restart: false,
    };
    let cases = [
        (form("  ", NEW), "oldPhone"),
        (form(OLD, ""), "newPhone"),
        (form(OLD, "two\nlines"), "newPhone"),
        (form(OLD, "  sandeep’s   IPHONE "), "newPhone"),
        (form("Nokia 3310", NEW), "oldPhone"),
    ];
    for (form, field) in cases {
        let before = book.clone();
        let refusal = form.clone().apply(&mut book, BEGAN).unwrap_err();
        assert_eq!(refusal.field_error().field, field, "{form:?}");
        assert!(!refusal.describe(Lang::It).is_empty());
        assert_eq!(book, before, "a refusal changes nothing");
    }
    assert_eq!(
        form("Nokia 3310", NEW).apply(&mut book, BEGAN),
        Err(MoveRefusal::UnknownOldPhone {
            given: "Nokia 3310".into(),
            offered: vec![OLD.into(), "Galaxy Tab".into()]
        })
    );
    assert_eq!(
        MoveRefusal::SamePhone.describe(Lang::En),
        "The old and the new phone have the same name: name the new phone differently (as it will appear in Security info)."
    );
    // A declared device in another spelling is known; the same move again changes nothing.
    form("galaxy tab", NEW).apply(&mut book, BEGAN).unwrap();
    let started = book.clone();
    form("GALAXY TAB", NEW).apply(&mut book, REREAD).unwrap();
    assert_eq!(book, started);
    // Another move needs `restart`.
    let refusal = form(OLD, NEW).apply(&mut book, REREAD).unwrap_err();
    assert_eq!(refusal.field_error().field, "move");
    MoveForm {
        restart: true,
        ..form(OLD, NEW)
    }
    .apply(&mut book, REREAD)
    .unwrap();
    let phone_move = book.phone_move.as_ref().unwrap();
    assert_eq!(
        (phone_move.old_phone.as_str(), phone_move.began_at),
        (OLD, REREAD)
    );
    // The old phone's registration was noted from the list read before the move.
    assert_eq!(
        phone_move
            .account(&id)
            .unwrap()
            .old_registrations
            .as_deref(),
        Some(&[OLD_ID.to_owned()][..])
    );
}

#[test]
fn the_record_is_json_and_text_in_the_persons_language() {
    let (mut book, ids) = moving_book(vec![
        Some(graph(fixture("methods-authenticator-only"), READ_BEFORE)),
        None,
    ]);
    book.mark_never_used_old_phone(&ids[1], true).unwrap();
    let view = move_view(&book, Lang::It, REREAD).unwrap();
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["oldPhone"], OLD);
    assert_eq!(json["safeToWipe"], false);
    assert_eq!(json["lang"], "it");
    assert_eq!(
        json["accounts"][0]["standing"]["standing"],
        "depends_on_old_phone"
    );
    assert_eq!(
        json["accounts"][0]["standing"]["reasons"],
        json!(["only_the_old_phone", "no_new_registration_read"])
    );
    assert_eq!(
        json["accounts"][1]["evidence"][0]["evidence"]["kind"],
        "never_used_old_phone"
    );
    let text = record_text(&view);
    for expected in [
        "Passaggio da “Sandeep's iPhone” a “Pixel 9 di Sandeep”",
        "Non ancora: 1 account dipende ancora da “Sandeep's iPhone”. Non azzerarlo.",
        "fai prima questo",
        "[ ] 1. Aggiungi Microsoft Authenticator su “Pixel 9 di Sandeep” (approva con “Sandeep's iPhone”)",
        "[ ] 4. Solo allora rimuovi “Sandeep's iPhone”",
        "dipende ancora dal vecchio telefono (piano dai metodi letti)",
        "hai indicato che questo account non ha mai usato il vecchio telefono",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // An account that never used the old phone has no steps.
    assert!(view.accounts[1].steps.is_empty());
}

#[test]
fn the_view_and_the_form_have_typescript_declarations() {
    use ts_rs::TS;
    let config = ts_rs::Config::new();
    for declaration in [
        MoveView::decl(&config),
        AccountMoveView::decl(&config),
        MoveForm::decl(&config),
        MoveEvidence::decl(&config),
    ] {
        assert!(!declaration.is_empty());
    }
    let view = MoveView::decl(&config);
    assert!(view.contains("safeToWipe: boolean"), "{view}");
}

#[test]
fn only_accounts_a_reread_can_still_tell_something_about_are_reread() {
    let with_new = |mut methods: Vec<Value>| {
        methods.push(authenticator_on(NEW, "new-1", ADDED));
        methods
    };
    let (mut book, ids) = moving_book(vec![
        // 0: still on the old phone.
        Some(graph(fixture("methods-authenticator-only"), READ_BEFORE)),
        // 1: nothing on the old phone.
        Some(graph(
            vec![fixture("method-phone-mobile").remove(0)],
            READ_BEFORE,
        )),
        // 2: the new phone read, the old one still listed.
        Some(graph(fixture("methods-authenticator-only"), READ_BEFORE)),
        // 3: the new phone read and the old one gone.
        Some(graph(fixture("methods-authenticator-only"), READ_BEFORE)),
        // 4: never used the old phone.
        None,
        // 5: methods unknown.
        None,
    ]);
    book.record_inventory(
        &ids[2],
        graph(with_new(fixture("methods-authenticator-only")), REREAD),
    )
    .unwrap();
    book.record_inventory(&ids[3], graph(with_new(Vec::new()), REREAD))
        .unwrap();
    book.observe_move();
    book.mark_never_used_old_phone(&ids[4], true).unwrap();
    assert_eq!(
        accounts_to_reread(&book),
        vec![ids[0].clone(), ids[2].clone(), ids[5].clone()]
    );
    assert!(accounts_to_reread(&AccountBook::default()).is_empty());
}

#[test]
fn a_runs_sign_in_counts_only_when_it_was_interactive() {
    use crate::check_in_turn::{CheckRow, CheckStage, CheckVia};
    let (mut book, ids) = moving_book(vec![None]);
    let row = |via: Option<CheckVia>, evidence: Option<SignInEvidence>| CheckRow {
        id: ids[0].clone(),
        upn: "marco@contoso.com".into(),
        organisation: "Contoso".into(),
        stage: CheckStage::Done,
        via,
        outcome: evidence.as_ref().map(|evidence| evidence.outcome),
        outcome_text: None,
        aadsts: None,
        methods: None,
        method_count: None,
        verdict: crate::assess::Verdict::Unknown,
        headline: crate::lang::Wording::of(|_| String::new()),
        problem: None,
        evidence,
    };
    let completed = SignInEvidence::new(crate::evidence::SignInOutcome::Completed, REREAD);
    for (via, evidence, expected) in [
        (None, None, Err(MoveError::NotFresh(NotFresh::NotCompleted))),
        (
            Some(CheckVia::RememberedSession),
            Some(completed.clone()),
            Err(MoveError::NotFresh(NotFresh::Remembered)),
        ),
        (Some(CheckVia::Browser), Some(completed.clone()), Ok(())),
        (Some(CheckVia::DeviceCode), Some(completed.clone()), Ok(())),
    ] {
        let run = row(via, evidence);
        assert_eq!(
            book.confirm_run_sign_in(&ids[0], Some(&run)),
            expected,
            "{via:?}"
        );
    }
    assert_eq!(
        book.confirm_run_sign_in(&ids[0], None),
        Err(MoveError::NotFresh(NotFresh::NotCompleted)),
        "the run never reached the account"
    );
}

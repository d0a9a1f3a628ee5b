//! What any front end shows of a move, in one language: the plan per account (accounts with nothing but the old
//! phone first), each step with whether it is done and by what, the evidence, and the safe-to-wipe answer. The
//! same struct, serialised, is the record of the move; [`record_text`] renders it as plain text.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::plan::{plan_account, AccountPlan, PlanBasis, PlannedMethod, RedoReason, StaysReason};
use super::verify::{standing, AccountStanding, WipeReason};
use super::{AccountMove, MoveEvidence, MoveStep, PhoneMove};
use crate::args;
use crate::assess::{format_time, security_info_url, MethodKind};
use crate::book::{tenants::tenant_keys, Account, AccountBook, AccountId};
use crate::lang::Lang;

/// One method line of the plan: the method, and why it stays or must be redone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanLine {
    pub method: String,
    pub why: String,
}

/// One step of an account, in the safe order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepView {
    pub step: MoveStep,
    pub text: String,
    pub done: bool,
    /// True when a re-read (not a tick) shows it done.
    pub seen_in_reread: bool,
}

/// One piece of evidence, with its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceView {
    pub evidence: MoveEvidence,
    pub text: String,
}

/// One account of the move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountMoveView {
    pub id: AccountId,
    pub upn: String,
    pub organisation: String,
    pub basis: PlanBasis,
    pub basis_text: String,
    /// Nothing but the old phone: do this account first.
    pub only_old_phone: bool,
    pub moves_by_itself: Vec<PlanLine>,
    pub redo: Vec<PlanLine>,
    pub steps: Vec<StepView>,
    pub evidence: Vec<EvidenceView>,
    pub standing: AccountStanding,
    /// Where it stands, and why it still depends on the old phone.
    pub standing_text: String,
    pub reasons: Vec<String>,
    /// The tenant-pinned Security info page, for each step's button.
    pub security_info_url: String,
}

/// The move screen, and the record of the move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveView {
    pub old_phone: String,
    pub new_phone: String,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub began_at: OffsetDateTime,
    /// When this view was made (the record's date).
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub as_of: OffsetDateTime,
    pub lang: Lang,
    pub accounts: Vec<AccountMoveView>,
    /// Safe to wipe the old phone?
    pub safe_to_wipe: bool,
    pub answer: String,
}

/// The move under way in `book`, in `lang`, as of `now`; `None` when no move was started.
pub fn move_view(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> Option<MoveView> {
    let phone_move = book.phone_move.as_ref()?;
    let keys = tenant_keys(book);
    let mut accounts: Vec<(u8, AccountMoveView)> = book
        .accounts
        .iter()
        .zip(&keys)
        .map(|(account, key)| {
            let plan = plan_account(account, phone_move);
            let view = account_view(account, key, &plan, phone_move, lang);
            let rank = if view.standing.depends() && plan.only_old_phone {
                0
            } else if view.standing.depends() {
                1
            } else {
                2
            };
            (rank, view)
        })
        .collect();
    // Stable: book order within each rank.
    accounts.sort_by_key(|(rank, _)| *rank);
    let accounts: Vec<AccountMoveView> = accounts.into_iter().map(|(_, view)| view).collect();
    let dependent = accounts
        .iter()
        .filter(|account| account.standing.depends())
        .count();
    let answer = if dependent == 0 {
        lang.say_with(
            "move-safe-yes",
            &args! { "old" => phone_move.old_phone.as_str() },
        )
    } else {
        lang.say_with(
            "move-safe-not-yet",
            &args! { "old" => phone_move.old_phone.as_str(), "count" => dependent },
        )
    };
    Some(MoveView {
        old_phone: phone_move.old_phone.clone(),
        new_phone: phone_move.new_phone.clone(),
        began_at: phone_move.began_at,
        as_of: now,
        lang,
        accounts,
        safe_to_wipe: dependent == 0,
        answer,
    })
}

fn account_view(
    account: &Account,
    tenant_key: &str,
    plan: &AccountPlan,
    phone_move: &PhoneMove,
    lang: Lang,
) -> AccountMoveView {
    let part = phone_move.account(&account.id);
    let standing = standing(plan, phone_move);
    let reasons = match &standing {
        AccountStanding::DependsOnOldPhone { reasons } => {
            reasons.iter().map(|reason| why(*reason, lang)).collect()
        }
        _ => Vec::new(),
    };
    AccountMoveView {
        id: account.id.clone(),
        upn: account.details.upn.clone(),
        organisation: crate::views::organisation(account, tenant_key),
        basis: plan.basis,
        basis_text: lang.say(match plan.basis {
            PlanBasis::Read => "move-basis-read",
            PlanBasis::Declared => "move-basis-declared",
            PlanBasis::Unknown => "move-basis-unknown",
        }),
        only_old_phone: plan.only_old_phone && standing.depends(),
        moves_by_itself: plan
            .moves_by_itself
            .iter()
            .map(|line| plan_line(line, lang))
            .collect(),
        redo: plan.redo.iter().map(|line| plan_line(line, lang)).collect(),
        steps: steps(plan, part, phone_move, lang),
        evidence: part
            .map(|part| {
                part.evidence
                    .iter()
                    .map(|evidence| EvidenceView {
                        evidence: evidence.clone(),
                        text: evidence_text(evidence, lang),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        standing_text: lang.say(match &standing {
            AccountStanding::Verified => "move-standing-verified",
            AccountStanding::NothingOnOldPhone => "move-standing-nothing-on-old-phone",
            AccountStanding::DependsOnOldPhone { .. } => "move-standing-depends",
        }),
        standing,
        reasons,
        security_info_url: security_info_url(account.details.tenant_id.as_deref()),
    }
}

fn plan_line(line: &PlannedMethod, lang: Lang) -> PlanLine {
    let why = match (line.stays, line.redo) {
        (Some(StaysReason::FollowsSim), _) => "move-stays-follows-sim",
        (Some(StaysReason::NotOnThePhone), _) => "move-stays-not-on-the-phone",
        (Some(StaysReason::OnAComputer), _) => "move-stays-on-a-computer",
        (Some(StaysReason::OnAnotherDevice), _) => "move-stays-on-another-device",
        (Some(StaysReason::AlreadyOnNewPhone), _) => "move-stays-already-on-new-phone",
        (Some(StaysReason::Independent), _) => "move-stays-independent",
        (None, Some(RedoReason::AuthenticatorOnOldPhone)) => "move-redo-authenticator",
        (None, Some(RedoReason::PasskeyOnOldPhone)) => "move-redo-passkey",
        (None, Some(RedoReason::WorkCodesInApp) | None) => "move-redo-work-codes",
    };
    PlanLine {
        method: line.method.describe(lang),
        why: lang.say(why),
    }
}

fn steps(
    plan: &AccountPlan,
    part: Option<&AccountMove>,
    phone_move: &PhoneMove,
    lang: Lang,
) -> Vec<StepView> {
    let evidence = |wanted: fn(&MoveEvidence) -> bool| {
        part.is_some_and(|part| part.evidence.iter().any(wanted))
    };
    let new_passkey = plan.moves_by_itself.iter().any(|line| {
        line.stays == Some(StaysReason::AlreadyOnNewPhone)
            && line.method.kind == MethodKind::AuthenticatorPasskey
    });
    let never_used =
        part.is_some_and(|part| part.evidence.contains(&MoveEvidence::NeverUsedOldPhone));
    if never_used {
        return Vec::new();
    }
    let names = args! {
        "old" => phone_move.old_phone.as_str(),
        "new" => phone_move.new_phone.as_str(),
    };
    // Once the old phone's registrations are gone the plan has nothing to redo; the record keeps the steps.
    let had_old = part.is_some_and(|part| {
        part.old_registrations
            .as_ref()
            .is_some_and(|old| !old.is_empty())
    });
    let planned: Vec<MoveStep> = if plan.steps.is_empty() && had_old {
        MoveStep::ALL
            .into_iter()
            .filter(|step| *step != MoveStep::AddPasskey || new_passkey)
            .collect()
    } else {
        plan.steps.clone()
    };
    planned
        .iter()
        .map(|step| {
            let seen = match step {
                MoveStep::AddAuthenticator => {
                    evidence(|e| matches!(e, MoveEvidence::NewRegistrationRead { .. }))
                }
                MoveStep::AddPasskey => new_passkey,
                MoveStep::Verify => part.is_some_and(AccountMove::verified),
                MoveStep::RemoveOld => {
                    evidence(|e| matches!(e, MoveEvidence::OldRemovedRead { .. }))
                }
                MoveStep::MakeDefault => false,
            };
            let ticked = part.is_some_and(|part| part.steps_done.contains(step));
            StepView {
                step: *step,
                text: lang.say_with(
                    match step {
                        MoveStep::AddAuthenticator => "move-step-add-authenticator",
                        MoveStep::MakeDefault => "move-step-make-default",
                        MoveStep::AddPasskey => "move-step-add-passkey",
                        MoveStep::Verify => "move-step-verify",
                        MoveStep::RemoveOld => "move-step-remove-old",
                    },
                    &names,
                ),
                done: seen || ticked,
                seen_in_reread: seen && *step != MoveStep::Verify,
            }
        })
        .collect()
}

fn evidence_text(evidence: &MoveEvidence, lang: Lang) -> String {
    match evidence {
        MoveEvidence::NewRegistrationRead { created, .. } => lang.say_with(
            "move-evidence-new-registration",
            &args! { "created" => format_time(*created) },
        ),
        MoveEvidence::OldRemovedRead { read_at } => lang.say_with(
            "move-evidence-old-removed",
            &args! { "at" => format_time(*read_at) },
        ),
        MoveEvidence::FreshSignInConfirmed { at } => lang.say_with(
            "move-evidence-fresh-sign-in",
            &args! { "at" => format_time(*at) },
        ),
        MoveEvidence::NeverUsedOldPhone => lang.say("move-evidence-never-used"),
    }
}

fn why(reason: WipeReason, lang: Lang) -> String {
    lang.say(match reason {
        WipeReason::OnlyTheOldPhone => "move-why-only-old-phone",
        WipeReason::NoNewRegistrationRead => "move-why-no-new-registration",
        WipeReason::NoFreshSignInConfirmed => "move-why-no-fresh-sign-in",
        WipeReason::PasskeyNotRedone => "move-why-passkey-not-redone",
    })
}

/// The record of the move as plain text in the view's language: the answer first, then each account.
pub fn record_text(view: &MoveView) -> String {
    let lang = view.lang;
    let mut text = lang.say_with(
        "move-record-title",
        &args! { "old" => view.old_phone.as_str(), "new" => view.new_phone.as_str() },
    );
    text.push('\n');
    text.push_str(&lang.say_with(
        "move-record-dates",
        &args! { "began" => format_time(view.began_at), "asOf" => format_time(view.as_of) },
    ));
    text.push_str("\n\n");
    text.push_str(&view.answer);
    text.push('\n');
    for account in &view.accounts {
        text.push('\n');
        text.push_str(&account_text(account, lang));
    }
    text
}

fn account_text(account: &AccountMoveView, lang: Lang) -> String {
    let mut text = format!("{} ({})", account.upn, account.organisation);
    if account.only_old_phone {
        text.push_str(&format!(" — {}", lang.say("move-do-first")));
    }
    text.push_str(&format!(
        "\n  {} ({})\n",
        account.standing_text, account.basis_text
    ));
    for reason in &account.reasons {
        text.push_str(&format!("  - {reason}\n"));
    }
    let lines = [
        ("move-record-moves-by-itself", &account.moves_by_itself),
        ("move-record-redo", &account.redo),
    ];
    for (heading, lines) in lines {
        if !lines.is_empty() {
            text.push_str(&format!("  {}:\n", lang.say(heading)));
            for line in lines {
                text.push_str(&format!("    {} — {}\n", line.method, line.why));
            }
        }
    }
    for (index, step) in account.steps.iter().enumerate() {
        let mark = if step.done { "x" } else { " " };
        text.push_str(&format!("  [{mark}] {}. {}\n", index + 1, step.text));
    }
    for evidence in &account.evidence {
        text.push_str(&format!(
            "  {}: {}\n",
            lang.say("move-record-evidence"),
            evidence.text
        ));
    }
    text
}

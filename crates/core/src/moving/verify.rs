//! Evidence from re-reads, and the rule "safe to wipe the old phone?": yes only when every account is verified on
//! the new phone (a new registration read, or a confirmed fresh sign-in) or marked as never having used the old
//! phone, or when its methods show nothing on the old phone.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::plan::{plan_account, AccountPlan, PlanBasis, RedoReason};
use super::{MoveEvidence, PhoneMove};
use crate::assess::InventorySource;
use crate::book::{AccountBook, AccountId, StoredInventory};
use crate::methods::{parse_methods_values, AuthMethod, Fido2Kind};
use crate::situation::device_key;

/// Registrations that live on a phone: the ones a move redoes.
fn phone_registration(method: &AuthMethod) -> bool {
    match method {
        AuthMethod::MicrosoftAuthenticator(_) | AuthMethod::SoftwareOath(_) => true,
        AuthMethod::Fido2(key) => key.kind() == Fido2Kind::AuthenticatorPasskey,
        _ => false,
    }
}

/// Folds one stored method list into the move: the old phone's registrations when first seen, a new registration
/// created after the move began, the old ones gone. Evidence is only ever added.
pub(crate) fn observe(phone_move: &mut PhoneMove, id: &AccountId, inventory: &StoredInventory) {
    // Hand-ticked lists have made-up ids and no dates: they prove nothing about a re-read.
    if inventory.source != InventorySource::Graph {
        return;
    }
    let Ok(methods) = parse_methods_values(&inventory.methods) else {
        return;
    };
    let began = phone_move.began_at;
    let old_key = device_key(&phone_move.old_phone);
    let part = phone_move.account_mut(id);
    if part.old_registrations.is_none() {
        let old: Vec<String> = methods
            .iter()
            .filter(|method| phone_registration(method))
            .filter(|method| {
                method
                    .base()
                    .created_date_time
                    .is_none_or(|created| created <= began)
            })
            .filter(|method| {
                // Named on another device: not the old phone's (an unnamed one may be).
                method.display_name().map(device_key).is_none_or(|name| {
                    name == old_key || !matches!(method, AuthMethod::MicrosoftAuthenticator(_))
                })
            })
            .map(|method| method.id().to_owned())
            .collect();
        part.old_registrations = Some(old);
    }
    if inventory.read_at <= began {
        return;
    }
    let old = part.old_registrations.clone().unwrap_or_default();
    // An Authenticator registered again on the old phone during the move is not the new phone.
    let on_old_phone = |method: &AuthMethod| {
        matches!(method, AuthMethod::MicrosoftAuthenticator(_))
            && method.display_name().map(device_key).as_deref() == Some(old_key.as_str())
    };
    for method in methods
        .iter()
        .filter(|method| phone_registration(method) && !on_old_phone(method))
    {
        let seen = part.evidence.iter().any(|evidence| {
            matches!(evidence, MoveEvidence::NewRegistrationRead { id, .. } if id == method.id())
        });
        match method.base().created_date_time {
            Some(created)
                if created > began && !seen && !old.iter().any(|id| id == method.id()) =>
            {
                part.add_evidence(MoveEvidence::NewRegistrationRead {
                    id: method.id().to_owned(),
                    created,
                });
            }
            _ => {}
        }
    }
    let old_gone = !old.is_empty()
        && !methods
            .iter()
            .any(|method| old.iter().any(|id| id == method.id()));
    let already = part
        .evidence
        .iter()
        .any(|evidence| matches!(evidence, MoveEvidence::OldRemovedRead { .. }));
    if old_gone && !already {
        part.add_evidence(MoveEvidence::OldRemovedRead {
            read_at: inventory.read_at,
        });
    }
}

/// Why an account still depends on the old phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WipeReason {
    /// Nothing but the old phone passes its second step.
    OnlyTheOldPhone,
    /// Its methods can be read, and no new registration has been read since the move began.
    NoNewRegistrationRead,
    /// Its methods cannot be read: a fresh sign-in approved on the new phone has not been confirmed.
    NoFreshSignInConfirmed,
    /// A passkey in Authenticator on the old phone has no successor yet (the account works, the passkey would
    /// be gone).
    PasskeyNotRedone,
}

/// Where one account stands for the wipe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "standing",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum AccountStanding {
    /// Proven on the new phone (or marked as never having used the old one).
    Verified,
    /// Its methods show nothing on the old phone.
    NothingOnOldPhone,
    /// Still depends on the old phone, and why.
    DependsOnOldPhone { reasons: Vec<WipeReason> },
}

impl AccountStanding {
    pub fn depends(&self) -> bool {
        matches!(self, AccountStanding::DependsOnOldPhone { .. })
    }
}

/// The account's standing from its plan and the move's record.
pub(crate) fn standing(plan: &AccountPlan, phone_move: &PhoneMove) -> AccountStanding {
    let part = phone_move.account(&plan.account);
    if part.is_some_and(super::AccountMove::verified) {
        return AccountStanding::Verified;
    }
    if plan.basis != PlanBasis::Unknown && plan.redo.is_empty() {
        return AccountStanding::NothingOnOldPhone;
    }
    let mut reasons = Vec::new();
    if plan.only_old_phone {
        reasons.push(WipeReason::OnlyTheOldPhone);
    }
    reasons.push(match plan.basis {
        PlanBasis::Read => WipeReason::NoNewRegistrationRead,
        PlanBasis::Declared | PlanBasis::Unknown => WipeReason::NoFreshSignInConfirmed,
    });
    if plan
        .redo
        .iter()
        .any(|method| method.redo == Some(RedoReason::PasskeyOnOldPhone))
    {
        reasons.push(WipeReason::PasskeyNotRedone);
    }
    AccountStanding::DependsOnOldPhone { reasons }
}

/// "Safe to wipe the old phone?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WipeAnswer {
    pub safe: bool,
    /// The accounts that still depend on the old phone, in the plan's order, each with why.
    pub dependent: Vec<(AccountId, Vec<WipeReason>)>,
}

/// The rule over the whole book. Without a move under way, nothing is safe to say: `None`.
pub fn safe_to_wipe(book: &AccountBook) -> Option<WipeAnswer> {
    let phone_move = book.phone_move.as_ref()?;
    let dependent: Vec<(AccountId, Vec<WipeReason>)> = book
        .accounts
        .iter()
        .map(|account| plan_account(account, phone_move))
        .filter_map(|plan| match standing(&plan, phone_move) {
            AccountStanding::DependsOnOldPhone { reasons } => Some((plan.account, reasons)),
            _ => None,
        })
        .collect();
    Some(WipeAnswer {
        safe: dependent.is_empty(),
        dependent,
    })
}

/// The accounts a re-read can still tell something about, in book order: those still depending on the old phone,
/// and those proven on the new phone whose old registration has not been seen gone. Accounts marked as never
/// having used the old phone, with nothing on it, or done are left alone (no sign-in needed).
pub fn accounts_to_reread(book: &AccountBook) -> Vec<AccountId> {
    let Some(phone_move) = book.phone_move.as_ref() else {
        return Vec::new();
    };
    book.accounts
        .iter()
        .filter(|account| {
            let plan = plan_account(account, phone_move);
            let part = phone_move.account(&account.id);
            let has = |wanted: fn(&MoveEvidence) -> bool| {
                part.is_some_and(|part| part.evidence.iter().any(wanted))
            };
            if has(|evidence| *evidence == MoveEvidence::NeverUsedOldPhone) {
                return false;
            }
            match standing(&plan, phone_move) {
                AccountStanding::DependsOnOldPhone { .. } => true,
                AccountStanding::NothingOnOldPhone => false,
                AccountStanding::Verified => {
                    plan.basis == PlanBasis::Read
                        && !has(|evidence| matches!(evidence, MoveEvidence::OldRemovedRead { .. }))
                        && part.is_some_and(|part| {
                            part.old_registrations
                                .as_ref()
                                .is_some_and(|old| !old.is_empty())
                        })
                }
            }
        })
        .map(|account| account.id.clone())
        .collect()
}

//! The plan of one account: which methods move by themselves, which must be redone on the new phone, and whether
//! the old phone is all the account has (docs/MICROSOFT.md, "Moving to a new phone": work or school accounts are
//! not restored by Authenticator's backup, passkeys in Authenticator are bound to the phone, numbers follow the
//! SIM, security keys are unaffected).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::{MoveStep, PhoneMove};
use crate::assess::rules::PreparedMethod;
use crate::assess::{InventorySource, MethodRef};
use crate::book::{Account, AccountId};
use crate::methods::{AuthMethod, Fido2Kind};
use crate::situation::device_key;

/// What the plan rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PlanBasis {
    /// The methods read from Graph.
    Read,
    /// The methods the person ticked from Security info (the tenant does not let Lifeboat read them).
    Declared,
    /// Nothing known: the old phone is assumed to be needed.
    Unknown,
}

/// Why a method keeps working without the old phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StaysReason {
    /// SMS or voice: the number follows the SIM, not the phone.
    FollowsSim,
    /// A security key, a synced or a Windows passkey: not on the phone.
    NotOnThePhone,
    /// Windows Hello or a platform credential: bound to a computer.
    OnAComputer,
    /// An Authenticator on another device than the old phone.
    OnAnotherDevice,
    /// Already on the new phone.
    AlreadyOnNewPhone,
    /// A hardware token or the organisation's external provider.
    Independent,
}

/// Why a method must be redone on the new phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RedoReason {
    /// The Authenticator registration of the old phone: a backup brings back only the account's name.
    AuthenticatorOnOldPhone,
    /// A passkey in Authenticator on the old phone: bound to that phone, never restored.
    PasskeyOnOldPhone,
    /// Codes of a work or school account in a code app: a backup restores only personal and third-party accounts.
    WorkCodesInApp,
}

/// One method of the plan, as people recognise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedMethod {
    pub method: MethodRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub stays: Option<StaysReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub redo: Option<RedoReason>,
}

/// One account's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountPlan {
    pub account: AccountId,
    pub basis: PlanBasis,
    /// Methods that keep working without the old phone (second-step methods only).
    pub moves_by_itself: Vec<PlannedMethod>,
    /// Methods to redo on the new phone.
    pub redo: Vec<PlannedMethod>,
    /// Nothing but the old phone passes the second step: move this account first.
    pub only_old_phone: bool,
    /// The steps this account needs, in the safe order (empty when nothing is on the old phone).
    pub steps: Vec<MoveStep>,
}

/// Where a method sits for this move.
enum Placement {
    Stays(StaysReason),
    Redo(RedoReason),
    /// Not a second step (password, e-mail, QR code + PIN) or a pass: not part of the move.
    Outside,
}

/// True when a phone-bound registration was made on the new phone during the move.
fn made_during_move(method: &AuthMethod, phone_move: &PhoneMove) -> bool {
    method
        .base()
        .created_date_time
        .is_some_and(|created: OffsetDateTime| created > phone_move.began_at)
}

fn placement(method: &AuthMethod, phone_move: &PhoneMove) -> Placement {
    let name = method.display_name().map(device_key).unwrap_or_default();
    let on_old = name == device_key(&phone_move.old_phone);
    let on_new = name == device_key(&phone_move.new_phone) || made_during_move(method, phone_move);
    let phone_bound = |redo| {
        if on_new && !on_old {
            Placement::Stays(StaysReason::AlreadyOnNewPhone)
        } else if on_old || name.is_empty() {
            // A registration without a device name could be on the old phone: assume it is.
            Placement::Redo(redo)
        } else {
            Placement::Stays(StaysReason::OnAnotherDevice)
        }
    };
    match method {
        AuthMethod::MicrosoftAuthenticator(_) => phone_bound(RedoReason::AuthenticatorOnOldPhone),
        AuthMethod::Fido2(key) => match key.kind() {
            // Graph names an Authenticator passkey by the phone only when the person did: unnamed ones are
            // assumed on the old phone.
            Fido2Kind::AuthenticatorPasskey => {
                let passkey_name = key
                    .display_name
                    .as_deref()
                    .map(device_key)
                    .unwrap_or_default();
                if made_during_move(method, phone_move)
                    || passkey_name == device_key(&phone_move.new_phone)
                {
                    Placement::Stays(StaysReason::AlreadyOnNewPhone)
                } else {
                    Placement::Redo(RedoReason::PasskeyOnOldPhone)
                }
            }
            _ => Placement::Stays(StaysReason::NotOnThePhone),
        },
        AuthMethod::SoftwareOath(_) if made_during_move(method, phone_move) => {
            Placement::Stays(StaysReason::AlreadyOnNewPhone)
        }
        AuthMethod::SoftwareOath(_) => Placement::Redo(RedoReason::WorkCodesInApp),
        AuthMethod::Phone(_) => Placement::Stays(StaysReason::FollowsSim),
        AuthMethod::WindowsHelloForBusiness(_) | AuthMethod::PlatformCredential(_) => {
            Placement::Stays(StaysReason::OnAComputer)
        }
        AuthMethod::HardwareOath(_) | AuthMethod::External(_) => {
            Placement::Stays(StaysReason::Independent)
        }
        // Passwordless phone sign-in is a first step only; it comes back with the new Authenticator.
        AuthMethod::PasswordlessMicrosoftAuthenticator(_)
        | AuthMethod::Password(_)
        | AuthMethod::Email(_)
        | AuthMethod::QrCodePin(_)
        | AuthMethod::TemporaryAccessPass(_)
        | AuthMethod::Unrecognised(_) => Placement::Outside,
    }
}

/// The plan of `account` for `phone_move`, from its stored method list (read or ticked by hand). Without a list,
/// the old phone is assumed to carry the Authenticator.
pub fn plan_account(account: &Account, phone_move: &PhoneMove) -> AccountPlan {
    let evidence = account.evidence();
    let Some(inventory) = evidence.inventory else {
        return AccountPlan {
            account: account.id.clone(),
            basis: PlanBasis::Unknown,
            moves_by_itself: Vec::new(),
            redo: Vec::new(),
            only_old_phone: true,
            steps: vec![
                MoveStep::AddAuthenticator,
                MoveStep::MakeDefault,
                MoveStep::Verify,
                MoveStep::RemoveOld,
            ],
        };
    };
    let mut moves_by_itself = Vec::new();
    let mut redo = Vec::new();
    for method in &inventory.methods {
        let reference = PreparedMethod::new(method).reference();
        match placement(method, phone_move) {
            Placement::Stays(reason) => moves_by_itself.push(PlannedMethod {
                method: reference,
                stays: Some(reason),
                redo: None,
            }),
            Placement::Redo(reason) => redo.push(PlannedMethod {
                method: reference,
                stays: None,
                redo: Some(reason),
            }),
            Placement::Outside => {}
        }
    }
    let steps = steps_for(&redo);
    AccountPlan {
        account: account.id.clone(),
        basis: match inventory.source {
            InventorySource::Manual => PlanBasis::Declared,
            InventorySource::Graph | InventorySource::LastKnown => PlanBasis::Read,
        },
        only_old_phone: !redo.is_empty() && moves_by_itself.is_empty(),
        moves_by_itself,
        redo,
        steps,
    }
}

/// The safe order, keeping only what the account needs.
fn steps_for(redo: &[PlannedMethod]) -> Vec<MoveStep> {
    if redo.is_empty() {
        return Vec::new();
    }
    let had_passkey = redo
        .iter()
        .any(|method| method.redo == Some(RedoReason::PasskeyOnOldPhone));
    MoveStep::ALL
        .into_iter()
        .filter(|step| *step != MoveStep::AddPasskey || had_passkey)
        .collect()
}

//! Cross-account what-if: the effect of losing any one device on every account, and the devices that are single
//! points of failure (docs/PRODUCT.md §3, readiness). Devices are matched across accounts by name, so each device named
//! in any inventory is evaluated once, against the accounts that name it.
//!
//! The what-if predicts from inventories only (a past sign-in proves nothing about a future loss) and trusts the
//! inventories' names ([`Naming::Exact`]): a device named in another account is a different device.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{AccountEvidence, Grade, MethodKind, Verdict};
use super::rules::{Naming, Outcome, PreparedAccount, PreparedSituation};
use crate::situation::Situation;

/// How losing one device changes one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountImpact {
    /// The account's position in the slice given to [`what_if`].
    pub account: usize,
    pub verdict_before: Verdict,
    pub verdict_after: Verdict,
    pub grade_before: Grade,
    pub grade_after: Grade,
}

impl AccountImpact {
    /// True when the loss takes away the last usable method: the person could no longer recover alone.
    pub fn locks_out(&self) -> bool {
        self.verdict_before == Verdict::SelfService && self.verdict_after != Verdict::SelfService
    }
}

/// Losing one device, across all accounts that name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceImpact {
    /// The device's name as first seen.
    pub device: String,
    /// What the device carries (Authenticator, a key, Windows Hello, …), without repeats.
    pub kinds: Vec<MethodKind>,
    /// Every account that names the device, in input order.
    pub accounts: Vec<AccountImpact>,
}

impl DeviceImpact {
    /// How many accounts losing this device would lock out.
    pub fn locked_out(&self) -> usize {
        self.accounts
            .iter()
            .filter(|impact| impact.locks_out())
            .count()
    }
}

/// The what-if for a set of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    /// Accounts that have an inventory (the others cannot be predicted).
    pub accounts_assessed: usize,
    /// One entry per device, the most damaging first (most accounts locked out, then most accounts touched).
    pub devices: Vec<DeviceImpact>,
}

/// A device whose loss alone leaves accounts without any usable MFA method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SinglePointOfFailure {
    pub device: String,
    /// Positions of the accounts it locks out.
    pub accounts: Vec<usize>,
}

struct Entry {
    /// The comparison key of the device's name.
    key: String,
    device: String,
    kinds: Vec<MethodKind>,
    accounts: Vec<usize>,
}

/// Evaluates, for every device named in the accounts' inventories, what losing it (on top of `base`) does to each
/// account that names it.
pub fn what_if(accounts: &[AccountEvidence], base: &Situation) -> WhatIf {
    let base = PreparedSituation::new(base);
    let prepared: Vec<Option<PreparedAccount<'_>>> = accounts
        .iter()
        .map(|account| {
            account
                .inventory
                .as_ref()
                .map(|inventory| PreparedAccount::new(&inventory.methods))
        })
        .collect();

    // The device catalogue, in first-seen order for a stable result.
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut catalogue: Vec<Entry> = Vec::new();
    for (position, account) in prepared.iter().enumerate() {
        let Some(account) = account else { continue };
        for method in &account.methods {
            let (Some(name), Some(key)) = (method.device_name(), method.names.first()) else {
                continue;
            };
            let slot = match index.get(key.as_str()) {
                Some(&slot) => slot,
                None => {
                    catalogue.push(Entry {
                        key: key.clone(),
                        device: name.trim().to_owned(),
                        kinds: Vec::new(),
                        accounts: Vec::new(),
                    });
                    index.insert(key.clone(), catalogue.len() - 1);
                    catalogue.len() - 1
                }
            };
            let entry = &mut catalogue[slot];
            if !entry.kinds.contains(&method.kind) {
                entry.kinds.push(method.kind);
            }
            if entry.accounts.last() != Some(&position) {
                entry.accounts.push(position);
            }
        }
    }

    // One buffer for every evaluation: the what-if runs the rules once per device per account naming it.
    let mut statuses = Vec::new();
    let mut evaluate = |account: &PreparedAccount<'_>, situation: &PreparedSituation| -> Outcome {
        account.judge_into(situation, Naming::Exact, &mut statuses);
        account.outcome(&statuses)
    };
    let before: Vec<Option<Outcome>> = prepared
        .iter()
        .map(|account| account.as_ref().map(|account| evaluate(account, &base)))
        .collect();

    let mut devices: Vec<DeviceImpact> = Vec::with_capacity(catalogue.len());
    for entry in catalogue {
        let situation = base.with_lost(&entry.key, &entry.device);
        let mut impacts = Vec::with_capacity(entry.accounts.len());
        for &position in &entry.accounts {
            let (Some(account), Some(before)) = (prepared[position].as_ref(), before[position])
            else {
                continue;
            };
            let after = evaluate(account, &situation);
            impacts.push(AccountImpact {
                account: position,
                verdict_before: before.verdict,
                verdict_after: after.verdict,
                grade_before: before.grade,
                grade_after: after.grade,
            });
        }
        devices.push(DeviceImpact {
            device: entry.device,
            kinds: entry.kinds,
            accounts: impacts,
        });
    }
    // Stable: ties keep first-seen order.
    devices.sort_by_key(|device| std::cmp::Reverse((device.locked_out(), device.accounts.len())));

    WhatIf {
        accounts_assessed: prepared.iter().flatten().count(),
        devices,
    }
}

/// The devices whose loss alone locks out at least one account, the most damaging first.
pub fn single_points_of_failure(what_if: &WhatIf) -> Vec<SinglePointOfFailure> {
    what_if
        .devices
        .iter()
        .filter(|device| device.locked_out() > 0)
        .map(|device| SinglePointOfFailure {
            device: device.device.clone(),
            accounts: device
                .accounts
                .iter()
                .filter(|impact| impact.locks_out())
                .map(|impact| impact.account)
                .collect(),
        })
        .collect()
}

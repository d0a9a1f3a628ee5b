//! The results screen and report: each account's verdict in words, and what losing each device would do.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::{organisation, situation_at};
use crate::assess::{
    assess, security_info_url, what_if, AccountEvidence, Grade, MethodKind, Verdict,
};
use crate::book::{tenants::tenant_keys, Account, AccountBook, AccountId};
use crate::lang::Lang;
use crate::situation::Situation;

/// A method in a result, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodLine {
    pub method: String,
    pub reason: String,
}

/// One account's result, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountResult {
    pub id: AccountId,
    pub upn: String,
    pub organisation: String,
    pub verdict: Verdict,
    pub grade: Option<Grade>,
    pub headline: String,
    pub grade_meaning: Option<String>,
    pub usable: Vec<MethodLine>,
    pub not_counted: Vec<MethodLine>,
    pub evidence: Vec<String>,
    pub steps: Vec<String>,
    /// The tenant-pinned Security info page (docs/MICROSOFT.md §0.7).
    pub security_info_url: String,
    /// The tenant's IT must act or Lifeboat cannot tell: a ticket is drafted for this account.
    pub needs_ticket: bool,
    /// No list of methods is known: the manual inventory beside the Security info page can fill it in.
    pub needs_inventory: bool,
    /// IT must act (or a ticket was sent) and no re-registration has begun: offer "IT has acted".
    pub offers_reregistration: bool,
    /// The re-registration after IT acted, once begun.
    pub reregistration: Option<crate::reregistration::ReregistrationView>,
}

/// One cell of the devices × accounts matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCell {
    pub account: AccountId,
    /// The account has methods on this device.
    pub holds: bool,
    /// Losing the device would leave this account without any usable method.
    pub locks_out: bool,
    /// The account's grade if the device were lost too; `None` when the account does not name the device.
    pub grade_after: Option<Grade>,
}

/// One row of the matrix: a device and what losing it would do to each account (in book order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRow {
    pub device: String,
    pub kinds: Vec<MethodKind>,
    pub cells: Vec<DeviceCell>,
    /// How many accounts losing this device alone would lock out.
    pub locked_out: usize,
}

/// The results screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResultsView {
    /// Nothing is declared lost: the grades are readiness grades.
    pub readiness: bool,
    pub accounts: Vec<AccountResult>,
    pub devices: Vec<DeviceRow>,
    /// The readiness journey's questions with the person's answers (the readiness view only).
    pub questions: Option<ReadinessQuestions>,
}

/// The two questions the readiness journey asks, whose answers feed the grades (docs/PRODUCT.md §3.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessQuestions {
    /// Some account has a phone number registered, so whether it is still the person's matters.
    pub ask_number: bool,
    pub phone_number_current: Option<bool>,
    pub authenticator_backup_on: Option<bool>,
}

/// Every account's result in `lang` for the declared situation, and what losing each device (on top of what is
/// declared) would do.
pub fn results_view(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> ResultsView {
    results_for(book, situation_at(book, now), lang)
}

/// The readiness view: every account as if nothing were lost (the person still has the phone), whatever loss
/// the book declares, with each device's what-if.
pub fn readiness_view(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> ResultsView {
    // Nothing lost, but what the person told about where things are and the readiness answers still hold.
    let declared = &book.situation;
    let situation = Situation {
        otp_on_held_device: declared.otp_on_held_device,
        authenticator_passkey_on_held_device: declared.authenticator_passkey_on_held_device,
        external_method_usable: declared.external_method_usable,
        phone_number_current: declared.phone_number_current,
        authenticator_backup_on: declared.authenticator_backup_on,
        now: Some(now),
        ..Situation::default()
    };
    let mut view = results_for(book, situation, lang);
    view.questions = Some(ReadinessQuestions {
        ask_number: book.accounts.iter().any(|account| {
            account.evidence().inventory.is_some_and(|inventory| {
                inventory
                    .methods
                    .iter()
                    .any(|method| matches!(method, crate::methods::AuthMethod::Phone(_)))
            })
        }),
        phone_number_current: declared.phone_number_current,
        authenticator_backup_on: declared.authenticator_backup_on,
    });
    view
}

use crate::reregistration::{offers_reregistration, reregistration_view};

fn results_for(book: &AccountBook, situation: Situation, lang: Lang) -> ResultsView {
    let keys = tenant_keys(book);
    let evidence: Vec<AccountEvidence> = book.accounts.iter().map(Account::evidence).collect();
    let lines = |methods: Vec<crate::assess::ReportedMethod>| -> Vec<MethodLine> {
        methods
            .into_iter()
            .map(|method| MethodLine {
                method: method.method,
                reason: method.reason,
            })
            .collect()
    };
    let accounts = book
        .accounts
        .iter()
        .zip(&keys)
        .zip(&evidence)
        .map(|((account, key), evidence)| {
            let assessment = assess(evidence, &situation);
            let report = assessment.report(lang);
            AccountResult {
                id: account.id.clone(),
                upn: account.details.upn.clone(),
                organisation: organisation(account, key),
                verdict: report.verdict,
                grade: report.grade,
                headline: report.headline,
                grade_meaning: report.grade_meaning,
                usable: lines(report.usable),
                not_counted: lines(report.not_counted),
                evidence: report.evidence,
                steps: report.steps,
                security_info_url: security_info_url(account.details.tenant_id.as_deref()),
                needs_ticket: matches!(assessment.verdict, Verdict::NeedsIt | Verdict::Unknown),
                needs_inventory: evidence.inventory.is_none(),
                offers_reregistration: offers_reregistration(account, &assessment),
                reregistration: reregistration_view(account, &assessment, lang),
            }
        })
        .collect();
    let devices = what_if(&evidence, &situation)
        .devices
        .into_iter()
        .map(|device| {
            let locked_out = device.locked_out();
            let cells = book
                .accounts
                .iter()
                .enumerate()
                .map(|(position, account)| {
                    let impact = device
                        .accounts
                        .iter()
                        .find(|impact| impact.account == position);
                    DeviceCell {
                        account: account.id.clone(),
                        holds: impact.is_some(),
                        locks_out: impact.is_some_and(|impact| impact.locks_out()),
                        grade_after: impact.map(|impact| impact.grade_after),
                    }
                })
                .collect();
            DeviceRow {
                device: device.device,
                kinds: device.kinds,
                cells,
                locked_out,
            }
        })
        .collect();
    ResultsView {
        readiness: !situation.declares_loss(),
        accounts,
        devices,
        questions: None,
    }
}

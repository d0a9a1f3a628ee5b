//! The accounts screen: the list with verdicts, the person's details, and the phones to offer as lost.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::{organisation, situation_at};
use crate::assess::{assess, what_if, AccountEvidence, MethodKind, Verdict};
use crate::book::{tenants::tenant_keys, Account, AccountBook, AccountId, LossKind, Membership};
use crate::lang::Lang;
use crate::situation::Situation;

/// One line of the accounts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountRow {
    pub id: AccountId,
    pub upn: String,
    /// The organisation's name as the person typed it, else the tenant's domain or id.
    pub organisation: String,
    pub label: Option<String>,
    pub membership: Membership,
    /// The inviting tenant's domain as stored (guests), for the edit form.
    pub tenant_domain: Option<String>,
    /// The IT department's address or helpdesk page as stored, for the edit form.
    pub it_contact: Option<String>,
    /// The tenant this account belongs to (id, else domain): accounts sharing it share a ticket.
    pub tenant_key: String,
    /// The verdict for the book's declared situation, from what Lifeboat knows now.
    pub verdict: Verdict,
    pub headline: String,
    /// True when a list of methods (read or ticked by hand) is stored for the account.
    pub has_inventory: bool,
    /// What the ticket says about the person at this organisation, for the edit form: a full name that differs
    /// from the one given once, the student or staff ID, the course or department, an administrator role.
    pub full_name: Option<String>,
    pub person_id: Option<String>,
    pub department: Option<String>,
    pub admin_role: bool,
}

/// The person's own details, given once for every ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    pub full_name: Option<String>,
    /// The address IT can answer at while the work accounts are locked.
    pub contact_email: Option<String>,
    /// `YYYY-MM-DD`.
    pub lost_on: Option<String>,
    pub loss_kind: Option<LossKind>,
}

/// The accounts screen and the situation screen's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookView {
    pub accounts: Vec<AccountRow>,
    pub person: PersonView,
    pub situation: Situation,
    /// The phones carrying Microsoft Authenticator across all accounts' inventories, each name once, offered as
    /// the devices that may have been lost.
    pub authenticator_devices: Vec<String>,
}

/// The accounts list, the declared situation and the Authenticator phones to offer.
pub fn book_view(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> BookView {
    let situation = situation_at(book, now);
    let keys = tenant_keys(book);
    let accounts = book
        .accounts
        .iter()
        .zip(&keys)
        .map(|(account, key)| {
            let evidence = account.evidence();
            let assessment = assess(&evidence, &situation);
            AccountRow {
                id: account.id.clone(),
                upn: account.details.upn.clone(),
                organisation: organisation(account, key),
                label: account.details.label.clone(),
                membership: account.details.membership,
                tenant_domain: account.details.tenant_domain.clone(),
                it_contact: account
                    .details
                    .it_contact
                    .as_ref()
                    .map(|contact| contact.as_text().to_owned()),
                tenant_key: key.clone(),
                verdict: assessment.verdict,
                headline: assessment.headline(lang),
                has_inventory: evidence.inventory.is_some(),
                full_name: account.details.full_name.clone(),
                person_id: account.details.person_id.clone(),
                department: account.details.department.clone(),
                admin_role: account.details.admin_role,
            }
        })
        .collect();
    BookView {
        accounts,
        person: PersonView {
            full_name: book.full_name.clone(),
            contact_email: book.contact_email.clone(),
            lost_on: book.lost_on.map(|day| day.to_string()),
            loss_kind: book.loss_kind,
        },
        situation: book.situation.clone(),
        authenticator_devices: authenticator_devices(book),
    }
}

/// Every device carrying Microsoft Authenticator in any account's inventory, matched across accounts the way the
/// what-if matches them (by name), in first-seen order.
pub fn authenticator_devices(book: &AccountBook) -> Vec<String> {
    let evidence: Vec<AccountEvidence> = book.accounts.iter().map(Account::evidence).collect();
    let mut devices: Vec<(usize, String)> = what_if(&evidence, &Situation::default())
        .devices
        .into_iter()
        .filter(|device| {
            device.kinds.iter().any(|kind| {
                matches!(
                    kind,
                    MethodKind::AuthenticatorApp
                        | MethodKind::PasswordlessAuthenticator
                        | MethodKind::AuthenticatorPasskey
                )
            })
        })
        .map(|device| {
            let first = device
                .accounts
                .iter()
                .map(|impact| impact.account)
                .min()
                .unwrap_or(usize::MAX);
            (first, device.device)
        })
        .collect();
    devices.sort_by_key(|(first, _)| *first);
    devices.into_iter().map(|(_, name)| name).collect()
}

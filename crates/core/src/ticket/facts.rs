//! What one tenant's ticket may say, gathered from the book: that tenant's accounts and the person's declared
//! situation, nothing else. Every value a person typed is cleaned here ([`sanitize::field`]), so the renderer
//! only sees single, bounded lines.
//!
//! Verdicts come from the assessment engine ([`crate::assess::assess`]) over the stored evidence; the ticket
//! never decides on its own whether an account can be recovered.

use time::{Date, OffsetDateTime};

use crate::assess::{
    assess, AccountEvidence, Assessment, MethodKind, MethodReason, MethodRef, Verdict,
};
use crate::book::model::{is_plausible_email, is_plausible_url};
use crate::book::{
    Account, AccountBook, AccountId, InventorySource, ItContact, LossKind, Membership,
    StoredInventory, TenantGroup,
};
use crate::evidence::SignInEvidence;
use crate::lang::Lang;
use crate::methods::AuthMethod;
use crate::situation::Situation;

use super::sanitize::field;

/// A tenant's facts for its ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantFacts {
    pub tenant_key: String,
    pub tenant_id: Option<String>,
    /// The first domain the accounts gave for this tenant.
    pub domain: Option<String>,
    pub organisation: Option<String>,
    pub ticket_lang: Option<Lang>,
    pub it_emails: Vec<String>,
    pub helpdesk_urls: Vec<String>,
    /// The person's name: the one they gave once, else the first full name among this tenant's accounts.
    pub requester_name: Option<String>,
    /// Where IT answers: the person's reachable address, never one of the book's accounts (they are locked).
    pub contact_email: String,
    /// What happened to the phone (a lost phone when the person did not say).
    pub loss_kind: LossKind,
    pub lost_devices: Vec<String>,
    /// The last four digits of each unreachable number: enough for IT to recognise it, no more.
    pub unreachable_number_endings: Vec<String>,
    /// The codes of an authenticator app were on the lost phone (the person did not confirm they live elsewhere
    /// and a code app is registered here).
    pub codes_on_lost_phone: bool,
    pub lost_on: Option<Date>,
    pub accounts: Vec<AccountFacts>,
}

/// One account's facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountFacts {
    pub id: AccountId,
    pub upn: String,
    pub membership: Membership,
    pub admin_role: bool,
    pub full_name: Option<String>,
    pub person_id: Option<String>,
    pub department: Option<String>,
    pub verdict: Verdict,
    pub sign_in: Option<SignInEvidence>,
    pub inventory: Option<InventoryFacts>,
    /// Registrations IT should delete, with their Graph ids: what was on the lost phone, numbers that no longer
    /// work.
    pub stale_methods: Vec<StaleMethod>,
}

/// Whether the ticket asks IT for a way back in (a Temporary Access Pass or re-registration) for a verdict.
pub fn asks_for_access(verdict: Verdict) -> bool {
    !matches!(verdict, Verdict::SelfService)
}

/// The last method list, as the ticket summarises it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryFacts {
    pub read_at: OffsetDateTime,
    pub source: InventorySource,
    /// In the inventory's order, as the assessment engine names them (labels and ids cleaned).
    pub methods: Vec<MethodRef>,
}

/// A registration that can no longer be used and should go: left behind on the lost phone, or a number that
/// no longer receives codes. A stale method left registered keeps prompting the person and, on a lost phone,
/// may still approve sign-ins for whoever holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleMethod {
    pub kind: StaleKind,
    /// Graph's method id.
    pub id: String,
    /// The device name, or for a phone number its last digits as the assessment shows them.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleKind {
    /// Microsoft Authenticator on the lost phone.
    AuthenticatorApp,
    /// A passkey kept in Authenticator on the lost phone.
    AuthenticatorPasskey,
    /// A phone number declared unreachable.
    PhoneNumber,
    /// A code app (software OATH token) whose codes were on the lost phone.
    CodeApp,
}

/// The account's stored evidence, and the method list it holds (empty when none was read or it no longer parses).
fn evidence(account: &Account) -> (AccountEvidence, Vec<AuthMethod>) {
    let evidence = account.evidence();
    let methods = evidence
        .inventory
        .as_ref()
        .map(|inventory| inventory.methods.clone())
        .unwrap_or_default();
    (evidence, methods)
}

fn situation_at(situation: &Situation, now: OffsetDateTime) -> Situation {
    Situation {
        now: Some(now),
        ..situation.clone()
    }
}

fn assessment(account: &Account, situation: &Situation) -> (Assessment, Vec<AuthMethod>) {
    let (evidence, methods) = evidence(account);
    (assess(&evidence, situation), methods)
}

/// True when the person cannot recover this account alone: IT must act, or Lifeboat cannot tell.
pub fn needs_it(account: &Account, situation: &Situation, now: OffsetDateTime) -> bool {
    let (assessment, _) = assessment(account, &situation_at(situation, now));
    matches!(assessment.verdict, Verdict::NeedsIt | Verdict::Unknown)
}

impl TenantFacts {
    /// Gathers the facts of `group` for the accounts `chosen` (all in that group); `reply_to` is the address
    /// [`reply_address`] accepted.
    pub fn gather(
        book: &AccountBook,
        group: &TenantGroup,
        chosen: &[AccountId],
        now: OffsetDateTime,
        reply_to: &str,
    ) -> TenantFacts {
        let situation = situation_at(&book.situation, now);
        let accounts: Vec<&Account> = chosen
            .iter()
            .filter(|id| group.accounts.contains(id))
            .filter_map(|id| book.get(id))
            .collect();
        // Tenant-level details come from the chosen accounts first, then the tenant's other accounts.
        let tenant_accounts: Vec<&Account> = accounts
            .iter()
            .copied()
            .chain(
                group
                    .accounts
                    .iter()
                    .filter(|id| !chosen.contains(id))
                    .filter_map(|id| book.get(id)),
            )
            .collect();
        let first = |get: fn(&Account) -> Option<&String>| {
            tenant_accounts
                .iter()
                .find_map(|account| get(account))
                .map(|v| field(v))
        };

        let mut it_emails = Vec::new();
        let mut helpdesk_urls = Vec::new();
        for account in &tenant_accounts {
            // Addresses that could not go into a header are left out rather than repaired.
            match &account.details.it_contact {
                Some(ItContact::Email(address)) if is_plausible_email(address) => {
                    push_new(&mut it_emails, address.clone())
                }
                Some(ItContact::Url(url)) if is_plausible_url(url) => {
                    push_new(&mut helpdesk_urls, field(url))
                }
                _ => {}
            }
        }

        let has_code_app = accounts.iter().any(|account| {
            evidence(account)
                .1
                .iter()
                .any(|method| matches!(method, AuthMethod::SoftwareOath(_)))
        });
        let codes_on_lost_phone = has_code_app
            && !book.situation.otp_on_held_device
            && book
                .situation
                .lost_devices
                .iter()
                .any(|device| !device.trim().is_empty());
        let account_facts: Vec<AccountFacts> = accounts
            .iter()
            .map(|account| {
                let (assessment, methods) = assessment(account, &situation);
                account_facts(account, &assessment, &methods, codes_on_lost_phone)
            })
            .collect();

        TenantFacts {
            tenant_key: field(&group.key),
            tenant_id: group.tenant_id.as_deref().map(field),
            domain: group.domains.first().map(|domain| field(domain)),
            organisation: first(|account| account.details.organisation.as_ref()),
            ticket_lang: tenant_accounts
                .iter()
                .find_map(|account| account.details.ticket_lang),
            it_emails,
            helpdesk_urls,
            requester_name: book
                .full_name
                .as_deref()
                .map(field)
                .filter(|name| !name.is_empty())
                .or_else(|| first(|account| account.details.full_name.as_ref())),
            contact_email: reply_to.to_string(),
            loss_kind: book.loss_kind.unwrap_or(LossKind::Lost),
            lost_devices: book
                .situation
                .lost_devices
                .iter()
                .map(|device| field(device))
                .filter(|device| !device.is_empty())
                .collect(),
            unreachable_number_endings: book
                .situation
                .unreachable_numbers
                .iter()
                .filter_map(|number| {
                    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
                    // The same four digits the assessment shows for a phone method.
                    (digits.len() >= 4).then(|| digits[digits.len() - 4..].iter().collect())
                })
                .collect(),
            codes_on_lost_phone,
            lost_on: book.lost_on,
            accounts: account_facts,
        }
    }
}

/// The address a ticket answers to: the person's contact address when it is plausible and is not one of the
/// book's accounts (an answer there could not be read while the account is locked).
pub fn reply_address(book: &AccountBook) -> Option<String> {
    book.contact_email
        .as_deref()
        .map(str::trim)
        .filter(|address| is_plausible_email(address))
        .filter(|address| {
            !book
                .accounts
                .iter()
                .any(|account| account.details.upn.trim().eq_ignore_ascii_case(address))
        })
        .map(str::to_string)
}

fn account_facts(
    account: &Account,
    assessment: &Assessment,
    methods: &[AuthMethod],
    codes_on_lost_phone: bool,
) -> AccountFacts {
    let details = &account.details;
    AccountFacts {
        id: account.id.clone(),
        upn: field(&details.upn),
        membership: details.membership,
        admin_role: details.admin_role,
        full_name: details.full_name.as_deref().map(field),
        person_id: details.person_id.as_deref().map(field),
        department: details.department.as_deref().map(field),
        verdict: assessment.verdict,
        sign_in: account.last_check.clone().map(clean_evidence),
        inventory: account
            .last_inventory
            .as_ref()
            .map(|stored| inventory_facts(stored, assessment, methods)),
        stale_methods: stale_methods(assessment, codes_on_lost_phone),
    }
}

fn push_new(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn clean_evidence(mut evidence: SignInEvidence) -> SignInEvidence {
    evidence.trace_id = evidence.trace_id.as_deref().map(field);
    evidence.correlation_id = evidence.correlation_id.as_deref().map(field);
    evidence.second_step_method = evidence.second_step_method.as_deref().map(field);
    evidence
}

fn inventory_facts(
    stored: &StoredInventory,
    assessment: &Assessment,
    methods: &[AuthMethod],
) -> InventoryFacts {
    let notes: Vec<&MethodRef> = assessment
        .usable
        .iter()
        .chain(&assessment.not_counted)
        .map(|note| &note.method)
        .collect();
    InventoryFacts {
        read_at: stored.read_at,
        source: stored.source,
        methods: methods
            .iter()
            .filter_map(|method| notes.iter().find(|note| note.id == method.id()))
            .map(|note| MethodRef {
                id: field(&note.id),
                graph_type: field(&note.graph_type),
                kind: note.kind,
                label: note.label.as_deref().map(field),
            })
            .collect(),
    }
}

/// The registrations the assessment engine found unusable for good: the app on a device declared lost, a
/// passkey kept in Authenticator presumed on the lost phone, a number declared unreachable, and a code app whose
/// codes were on the lost phone.
fn stale_methods(assessment: &Assessment, codes_on_lost_phone: bool) -> Vec<StaleMethod> {
    let mut stale = assessment
        .not_counted
        .iter()
        .filter_map(|note| {
            let kind = match (&note.reason, note.method.kind) {
                (
                    MethodReason::OnLostDevice { .. } | MethodReason::PresumedOnLostPhone,
                    MethodKind::AuthenticatorApp,
                ) => StaleKind::AuthenticatorApp,
                (
                    MethodReason::OnLostDevice { .. } | MethodReason::PresumedOnLostPhone,
                    MethodKind::AuthenticatorPasskey,
                ) => StaleKind::AuthenticatorPasskey,
                (MethodReason::NumberUnreachable | MethodReason::NumberNotCurrent, _) => {
                    StaleKind::PhoneNumber
                }
                (MethodReason::CodesLocationUnknown, MethodKind::SoftwareOath)
                    if codes_on_lost_phone =>
                {
                    StaleKind::CodeApp
                }
                _ => return None,
            };
            Some(StaleMethod {
                kind,
                id: field(&note.method.id),
                name: note.method.label.as_deref().map(field),
            })
        })
        .collect::<Vec<_>>();
    // What could still approve a sign-in for whoever holds the phone goes first.
    stale.sort_by_key(|method| method.kind as u8);
    stale
}

//! What the desktop window shows, computed from the account book: the accounts list with each account's current
//! verdict, the phones to offer when the person declares a loss, the results (reports in one language) and the
//! devices × accounts matrix. The shell only serialises these; every decision comes from [`crate::assess`].

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::assess::{
    assess, security_info_url, what_if, AccountEvidence, Grade, MethodKind, Verdict,
};
use crate::book::{tenants::tenant_keys, Account, AccountBook, AccountId, Membership};
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
}

/// The accounts screen and the situation screen's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookView {
    pub accounts: Vec<AccountRow>,
    pub situation: Situation,
    /// The phones carrying Microsoft Authenticator across all accounts' inventories, each name once, offered as
    /// the devices that may have been lost.
    pub authenticator_devices: Vec<String>,
}

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
}

fn situation_at(book: &AccountBook, now: OffsetDateTime) -> Situation {
    Situation {
        now: Some(now),
        ..book.situation.clone()
    }
}

/// A tenant id learnt by a sign-in must not replace the domain people recognise.
fn organisation(account: &Account, tenant_key: &str) -> String {
    account
        .organisation_name()
        .unwrap_or_else(|| tenant_key.to_owned())
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
            }
        })
        .collect();
    BookView {
        accounts,
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

/// Every account's result in `lang` for the declared situation, and what losing each device (on top of what is
/// declared) would do.
pub fn results_view(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> ResultsView {
    results_for(book, situation_at(book, now), lang)
}

/// The readiness view: every account as if nothing were lost (the person still has the phone), whatever loss
/// the book declares, with each device's what-if.
pub fn readiness_view(book: &AccountBook, lang: Lang, now: OffsetDateTime) -> ResultsView {
    let situation = Situation {
        now: Some(now),
        ..Situation::default()
    };
    results_for(book, situation, lang)
}

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
    }
}

/// Hosts of Microsoft pages Lifeboat may open in the system browser: the Security info page, the sign-in pages
/// and Microsoft's documentation (docs/MICROSOFT.md §0.7).
const MICROSOFT_HOSTS: [&str; 6] = [
    "mysignins.microsoft.com",
    "login.microsoftonline.com",
    "myaccount.microsoft.com",
    "aka.ms",
    "learn.microsoft.com",
    "support.microsoft.com",
];

/// The Microsoft page the window asked to open, parsed: `https` on one of Microsoft's own hosts, with no user
/// name, password or port. Anything else is `None` — `mailto:` links included: a ticket's draft is built and
/// opened by Lifeboat itself, never from text the window sends (a crafted `mailto:` can ask a mail app to attach
/// local files). The caller opens the returned URL, not the string it received.
pub fn microsoft_page(link: &str) -> Option<url::Url> {
    let url = url::Url::parse(link.trim()).ok()?;
    let microsoft_host = url
        .host_str()
        .is_some_and(|host| MICROSOFT_HOSTS.contains(&host.to_ascii_lowercase().as_str()));
    (url.scheme() == "https"
        && microsoft_host
        && url.username().is_empty()
        && url.password().is_none()
        && url.port().is_none())
    .then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{AccountDetails, InventorySource, StoredInventory};
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
}

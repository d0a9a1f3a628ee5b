//! Books used by the ticket tests, built from the Graph fixtures in `fixtures/graph`.

#![allow(dead_code)] // Each test file uses a different part.

use lifeboat_core::book::{
    AccountBook, AccountDetails, AccountId, InventorySource, ItContact, Membership, StoredInventory,
};
use lifeboat_core::evidence::{SignInEvidence, SignInOutcome};
use lifeboat_core::Lang;
use time::macros::{date, datetime};
use time::OffsetDateTime;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/graph");

pub const SCHOOL_TENANT: &str = "3f2a5c1e-8d4b-4e6a-9c7f-1b2d3e4f5a6b";
pub const CONTOSO_TENANT: &str = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";

/// When the tests pretend the tickets are drafted.
pub const NOW: OffsetDateTime = datetime!(2026-11-25 09:30 UTC);

/// The `value` array of a fixture collection.
pub fn fixture_methods(name: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}"))
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["value"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{name} has no value array"))
}

pub fn inventory(name: &str, read_at: OffsetDateTime) -> StoredInventory {
    StoredInventory {
        methods: fixture_methods(name),
        read_at,
        source: InventorySource::Graph,
    }
}

pub fn blocked_by_mfa(at: OffsetDateTime) -> SignInEvidence {
    SignInEvidence {
        aadsts: Some(50076),
        trace_id: Some("5e178ca4-7a77-491a-a607-1f0a8187d500".into()),
        correlation_id: Some("d3b5c1a2-61e9-4a5b-9bd0-2f4c2a7e9c11".into()),
        ..SignInEvidence::new(SignInOutcome::BlockedByMfa, at)
    }
}

/// A student of an Italian school: Authenticator on the lost iPhone was the only method; the sign-in stopped at
/// the MFA prompt.
pub fn school_book() -> (AccountBook, AccountId) {
    let mut book = AccountBook::default();
    book.situation.lost_devices = vec!["Sandeep's iPhone".into()];
    book.lost_on = Some(date!(2026 - 11 - 23));
    book.contact_email = Some("sandeep.personale@example.org".into());
    let id = book
        .add(AccountDetails {
            tenant_id: Some(SCHOOL_TENANT.into()),
            organisation: Some("Liceo Scientifico «Galileo Galilei»".into()),
            label: Some("scuola".into()),
            it_contact: Some(ItContact::Email(
                "assistenza.it@liceogalilei.example.it".into(),
            )),
            ticket_lang: Some(Lang::It),
            full_name: Some("Sandeep Ferrari".into()),
            person_id: Some("S-2024-0042".into()),
            department: Some("Classe 5ª B".into()),
            ..AccountDetails::new("sandeep.ferrari@liceogalilei.example.it")
        })
        .unwrap();
    book.record_inventory(
        &id,
        inventory(
            "methods-authenticator-only.json",
            datetime!(2026-10-02 18:12 UTC),
        ),
    )
    .unwrap();
    book.record_check(&id, blocked_by_mfa(datetime!(2026-11-24 08:03:11 UTC)))
        .unwrap();
    (book, id)
}

/// A consultant: two accounts in their own company (one holds an admin role), a guest account at a client,
/// and an account at another client that was never checked (IT takes requests on a web page).
pub fn consultant_book() -> AccountBook {
    let mut book = AccountBook::default();
    book.situation.lost_devices = vec!["Sandeep's iPhone".into()];
    book.situation.unreachable_numbers = vec!["+1 206 555 0123".into()];
    book.contact_email = Some("sandeep@personal.example".into());
    let work = book
        .add(AccountDetails {
            tenant_id: Some(CONTOSO_TENANT.into()),
            organisation: Some("Contoso Consulting".into()),
            it_contact: Some(ItContact::Email("helpdesk@contoso.com".into())),
            full_name: Some("Sandeep Ferrari".into()),
            person_id: Some("E-7781".into()),
            department: Some("Cloud Advisory".into()),
            ..AccountDetails::new("sandeep@contoso.com")
        })
        .unwrap();
    book.record_inventory(
        &work,
        inventory(
            "methods-authenticator-and-sms-mobile.json",
            datetime!(2026-11-24 08:10 UTC),
        ),
    )
    .unwrap();
    let admin = book
        .add(AccountDetails {
            admin_role: true,
            label: Some("admin account".into()),
            ..AccountDetails::new("adm-sandeep@contoso.com")
        })
        .unwrap();
    book.record_check(&admin, blocked_by_mfa(datetime!(2026-11-24 08:15 UTC)))
        .unwrap();
    let guest = book
        .add(AccountDetails {
            membership: Membership::Guest,
            tenant_domain: Some("fabrikam.com".into()),
            organisation: Some("Fabrikam Ltd".into()),
            it_contact: Some(ItContact::Email("servicedesk@fabrikam.com".into())),
            ticket_lang: Some(Lang::En),
            ..AccountDetails::new("sandeep@contoso.com")
        })
        .unwrap();
    book.record_inventory(
        &guest,
        inventory(
            "methods-authenticator-plus-authenticator-passkey.json",
            datetime!(2026-09-30 14:00 UTC),
        ),
    )
    .unwrap();
    book.add(AccountDetails {
        membership: Membership::Guest,
        tenant_domain: Some("northwind.example".into()),
        organisation: Some("Northwind Traders".into()),
        it_contact: Some(ItContact::Url(
            "https://support.northwind.example/mfa-reset".into(),
        )),
        ..AccountDetails::new("sandeep@contoso.com")
    })
    .unwrap();
    book
}

//! Property: for random account books, the ticket for one tenant never contains the sign-in name, tenant id,
//! organisation, label or IT contact of an account of any other tenant — in its text, subject, recipients,
//! `.eml` or `mailto:` link.

mod ticket_support;

use lifeboat_core::book::{AccountBook, AccountDetails, ItContact, Membership, StoredInventory};
use lifeboat_core::evidence::{SignInEvidence, SignInOutcome};
use lifeboat_core::ticket::{draft_tickets, TicketBlock, TicketOptions, TicketSelection};
use lifeboat_core::Lang;
use mail_parser::MessageParser;
use proptest::prelude::*;
use ticket_support::{fixture_methods, NOW};

const INVENTORIES: [&str; 5] = [
    "methods-authenticator-only.json",
    "methods-authenticator-and-sms-mobile.json",
    "methods-fido2-key-and-authenticator.json",
    "methods-authenticator-plus-authenticator-passkey.json",
    "methods-password-only.json",
];

#[derive(Debug, Clone)]
struct GeneratedAccount {
    local: String,
    guest_home: Option<String>,
    label: String,
    full_name: String,
    inventory: Option<usize>,
    outcome: Option<SignInOutcome>,
}

#[derive(Debug, Clone)]
struct GeneratedTenant {
    domain: String,
    tenant_id: Option<String>,
    organisation: String,
    it_contact_is_url: bool,
    lang: Option<Lang>,
    accounts: Vec<GeneratedAccount>,
}

fn word(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[a-z]{{{min},{max}}}")).unwrap()
}

fn outcome() -> impl Strategy<Value = Option<SignInOutcome>> {
    prop_oneof![
        Just(None),
        Just(Some(SignInOutcome::BlockedByMfa)),
        Just(Some(SignInOutcome::Completed)),
        Just(Some(SignInOutcome::MustRegister)),
        Just(Some(SignInOutcome::BlockedByPolicy)),
        Just(Some(SignInOutcome::Skipped)),
    ]
}

fn account() -> impl Strategy<Value = GeneratedAccount> {
    (
        word(4, 8),
        prop::option::weighted(0.3, word(6, 10)),
        word(6, 10),
        word(5, 9),
        prop::option::of(0..INVENTORIES.len()),
        outcome(),
    )
        .prop_map(
            |(local, guest_home, label, full_name, inventory, outcome)| GeneratedAccount {
                local,
                guest_home,
                label: format!("lbl{label}"),
                full_name: format!("Name {full_name}"),
                inventory,
                outcome,
            },
        )
}

fn tenant() -> impl Strategy<Value = GeneratedTenant> {
    (
        word(6, 10),
        prop::option::of("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
        word(6, 10),
        any::<bool>(),
        prop::option::of(prop_oneof![Just(Lang::It), Just(Lang::En)]),
        prop::collection::vec(account(), 1..4),
    )
        .prop_map(
            |(domain, tenant_id, organisation, it_contact_is_url, lang, accounts)| {
                GeneratedTenant {
                    domain: format!("{domain}.example"),
                    tenant_id,
                    organisation: format!("Org {organisation}"),
                    it_contact_is_url,
                    lang,
                    accounts,
                }
            },
        )
}

/// Builds the book; returns, per tenant, the values that must not leak into other tenants' tickets.
fn build(tenants: &[GeneratedTenant], lost_device: bool) -> (AccountBook, Vec<Vec<String>>) {
    // Every ticket carries this address; it holds no run of four lowercase letters, so no generated value can
    // hide inside it.
    let mut book = AccountBook {
        contact_email: Some("c0nt4ct-9@p3rs0n4l.t3st".into()),
        ..AccountBook::default()
    };
    if lost_device {
        book.situation.lost_devices = vec!["Sandeep's iPhone".into()];
    }
    let mut secrets = Vec::new();
    for tenant in tenants {
        let mut values = vec![tenant.domain.clone(), tenant.organisation.clone()];
        values.extend(tenant.tenant_id.clone());
        let it_contact = if tenant.it_contact_is_url {
            ItContact::Url(format!("https://help.{}/reset", tenant.domain))
        } else {
            ItContact::Email(format!("it-desk@{}", tenant.domain))
        };
        values.push(it_contact.as_text().to_string());
        for generated in &tenant.accounts {
            let (upn, membership, tenant_domain) = match &generated.guest_home {
                Some(home) => (
                    format!("{}@home{home}.example", generated.local),
                    Membership::Guest,
                    Some(tenant.domain.clone()),
                ),
                None => (
                    format!("{}@{}", generated.local, tenant.domain),
                    Membership::Member,
                    None,
                ),
            };
            values.push(upn.clone());
            values.push(generated.label.clone());
            let added = book.add(AccountDetails {
                tenant_id: tenant.tenant_id.clone(),
                tenant_domain,
                organisation: Some(tenant.organisation.clone()),
                label: Some(generated.label.clone()),
                membership,
                it_contact: Some(it_contact.clone()),
                ticket_lang: tenant.lang,
                full_name: Some(generated.full_name.clone()),
                ..AccountDetails::new(upn)
            });
            let Ok(id) = added else { continue }; // a generated duplicate sign-in name: skip it
            if let Some(index) = generated.inventory {
                book.record_inventory(
                    &id,
                    StoredInventory {
                        methods: fixture_methods(INVENTORIES[index]),
                        read_at: NOW,
                        source: lifeboat_core::book::InventorySource::Graph,
                    },
                )
                .unwrap();
            }
            if let Some(outcome) = generated.outcome {
                book.record_check(
                    &id,
                    SignInEvidence {
                        aadsts: Some(50076),
                        ..SignInEvidence::new(outcome, NOW)
                    },
                )
                .unwrap();
            }
        }
        secrets.push(values);
    }
    (book, secrets)
}

fn distinct_tenants(tenants: &[GeneratedTenant]) -> bool {
    // Values of different tenants must not contain one another, or "leaks" would be mere coincidences.
    let all: Vec<(usize, String)> = tenants
        .iter()
        .enumerate()
        .flat_map(|(index, tenant)| {
            let mut values = vec![tenant.domain.clone(), tenant.organisation.clone()];
            values.extend(tenant.tenant_id.clone());
            values.extend(tenant.accounts.iter().flat_map(|a| {
                let mut v = vec![a.local.clone(), a.label.clone(), a.full_name.clone()];
                v.extend(a.guest_home.clone());
                v
            }));
            values.into_iter().map(move |value| (index, value))
        })
        .collect();
    all.iter().all(|(i, a)| {
        all.iter()
            .all(|(j, b)| i == j || (!a.contains(b.as_str()) && !b.contains(a.as_str())))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    #[test]
    fn a_ticket_names_only_its_own_tenant(
        tenants in prop::collection::vec(tenant(), 2..5),
        lost_device in any::<bool>(),
        forced_lang in prop::option::of(prop_oneof![Just(Lang::It), Just(Lang::En)]),
    ) {
        prop_assume!(distinct_tenants(&tenants));
        let (book, secrets) = build(&tenants, lost_device);
        let mut selections = vec![TicketSelection::NeedingIt];
        selections.extend(tenants.iter().map(|tenant| TicketSelection::Tenant(tenant.domain.clone())));
        selections.extend(book.accounts.iter().map(|account| TicketSelection::Account(account.id.clone())));
        for selection in selections {
            let options = TicketOptions { selection: selection.clone(), lang: forced_lang, default_lang: Lang::En, now: NOW };
            let tickets = draft_tickets(&book, &options).unwrap();
            for ticket in tickets {
                let own = tenants
                    .iter()
                    .position(|tenant| tenant.tenant_id.as_deref() == Some(ticket.tenant_key.as_str()) || tenant.domain == ticket.tenant_key)
                    .expect("every ticket belongs to a generated tenant");
                let eml = ticket.eml();
                let message = MessageParser::default().parse(&eml).expect("parses");
                let decoded = format!(
                    "{}\n{}\n{}",
                    message.subject().unwrap_or_default(),
                    message.body_text(0).unwrap_or_default(),
                    message.to().map(|to| to.iter().filter_map(|a| a.address()).collect::<Vec<_>>().join(",")).unwrap_or_default()
                );
                // The machine-readable block is base64: read it back so its values are checked too.
                let block = TicketBlock::find_in(&ticket.body).expect("every ticket has its block");
                let block = serde_json::to_string(&block).unwrap();
                let surfaces = [ticket.text(), decoded, percent_decode(&ticket.mailto().uri), String::from_utf8(eml.clone()).unwrap(), ticket.from_address.clone(), block];
                for (other, values) in secrets.iter().enumerate().filter(|(other, _)| *other != own) {
                    for value in values {
                        for surface in &surfaces {
                            prop_assert!(
                                !surface.contains(value.as_str()),
                                "the ticket for tenant {own} ({}) mentions {value:?} of tenant {other}; selection {selection:?}",
                                ticket.tenant_key
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Reads a percent-encoded link back (independent of the builder).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            out.push(
                u8::from_str_radix(
                    std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap(),
                    16,
                )
                .unwrap(),
            );
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

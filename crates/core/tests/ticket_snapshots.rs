//! Rendered tickets in Italian and English, as snapshots (crates/core/tests/snapshots/), and each `.eml` read
//! back by an independent parser (`mail-parser`) and compared with the ticket field by field.

mod ticket_support;

use lifeboat_core::assess::Verdict;
use lifeboat_core::book::AccountId;
use lifeboat_core::ticket::block::Ask;
use lifeboat_core::ticket::{
    draft_tickets, Ticket, TicketBlock, TicketError, TicketOptions, TicketSelection,
};
use lifeboat_core::Lang;
use mail_parser::{MessageParser, MimeHeaders};
use ticket_support::*;

fn draft(
    book: &lifeboat_core::book::AccountBook,
    selection: TicketSelection,
    lang: Option<Lang>,
) -> Vec<Ticket> {
    draft_tickets(
        book,
        &TicketOptions {
            selection,
            lang,
            default_lang: Lang::En,
            now: NOW,
        },
    )
    .unwrap()
}

/// The text a snapshot holds: the copyable text, the mailto link and the .eml source.
fn snapshot_of(ticket: &Ticket) -> String {
    let link = ticket.mailto();
    format!(
        "{}\n\n==== mailto ({} characters{}) ====\n{}\n\n==== eml ====\n{}",
        ticket.text(),
        link.uri.len(),
        if link.shortened { ", shortened" } else { "" },
        link.uri,
        String::from_utf8(ticket.eml()).unwrap()
    )
}

/// Parses the `.eml` with mail-parser and compares every field with the ticket.
fn assert_eml_matches(ticket: &Ticket) {
    let bytes = ticket.eml();
    let message = MessageParser::default()
        .parse(&bytes)
        .expect("mail-parser reads the draft");
    assert_eq!(message.subject(), Some(ticket.subject.as_str()));
    let from = message
        .from()
        .and_then(|from| from.first())
        .expect("a sender");
    assert_eq!(from.address(), Some(ticket.from_address.as_str()));
    assert_eq!(from.name(), ticket.from_name.as_deref());
    let to: Vec<&str> = message
        .to()
        .map(|to| to.iter().filter_map(|addr| addr.address()).collect())
        .unwrap_or_default();
    assert_eq!(to, ticket.to.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
    assert_eq!(
        message.date().map(|date| date.to_timestamp()),
        Some(NOW.unix_timestamp())
    );
    let body = message
        .body_text(0)
        .expect("a text body")
        .replace("\r\n", "\n");
    assert_eq!(body.trim_end(), ticket.body.trim_end());
    let content_type = message.content_type().expect("a content type");
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("text", Some("plain"))
    );
    assert_eq!(content_type.attribute("charset"), Some("utf-8"));
}

#[test]
fn school_ticket_in_italian_and_english() {
    let (book, id) = school_book();
    for lang in Lang::ALL {
        let tickets = draft(&book, TicketSelection::NeedingIt, Some(lang));
        assert_eq!(tickets.len(), 1);
        let ticket = &tickets[0];
        assert_eq!(ticket.accounts, vec![id.clone()]);
        assert_eq!(
            ticket.to,
            vec!["assistenza.it@liceogalilei.example.it".to_string()]
        );
        assert_eq!(ticket.lang, lang);
        assert!(
            ticket.body.contains("6803c096-c096-6803-96c0-036896c00368"),
            "names the lost registration"
        );
        assert!(ticket.body.contains("AADSTS50076"));
        assert!(
            ticket.body.contains("5e178ca4-7a77-491a-a607-1f0a8187d500"),
            "trace id"
        );
        assert!(
            ticket.body.contains("d3b5c1a2-61e9-4a5b-9bd0-2f4c2a7e9c11"),
            "correlation id"
        );
        assert!(ticket.body.contains("Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId 'sandeep.ferrari@liceogalilei.example.it' -MicrosoftAuthenticatorAuthenticationMethodId '6803c096-c096-6803-96c0-036896c00368'"));
        assert_eml_matches(ticket);
        insta::assert_snapshot!(format!("school_{}", lang.code()), snapshot_of(ticket));
    }
}

#[test]
fn ticket_language_follows_the_tenant_unless_forced() {
    let (book, _) = school_book();
    assert_eq!(
        draft(&book, TicketSelection::NeedingIt, None)[0].lang,
        Lang::It,
        "the tenant's ticket language"
    );
    assert_eq!(
        draft(&book, TicketSelection::NeedingIt, Some(Lang::En))[0].lang,
        Lang::En
    );
}

#[test]
fn consultant_gets_one_ticket_per_tenant() {
    let book = consultant_book();
    let tickets = draft(&book, TicketSelection::NeedingIt, None);
    let keys: Vec<&str> = tickets
        .iter()
        .map(|ticket| ticket.tenant_key.as_str())
        .collect();
    assert_eq!(
        keys,
        vec![CONTOSO_TENANT, "fabrikam.com", "northwind.example"]
    );

    // Both Contoso accounts share one ticket, in the person's language (English here); the admin account needs
    // a Privileged Authentication Administrator.
    let contoso = &tickets[0];
    assert_eq!(
        contoso.accounts,
        vec![AccountId::from("1"), AccountId::from("2")]
    );
    assert!(contoso
        .body
        .contains("Privileged Authentication Administrator"));
    // Northwind takes requests on the web: no recipient, the page instead.
    let northwind = &tickets[2];
    assert!(northwind.to.is_empty());
    assert_eq!(
        northwind.helpdesk_urls,
        vec!["https://support.northwind.example/mfa-reset".to_string()]
    );

    for lang in Lang::ALL {
        for ticket in draft(&book, TicketSelection::NeedingIt, Some(lang)) {
            assert_eml_matches(&ticket);
            insta::assert_snapshot!(
                format!("consultant_{}_{}", ticket.file_stem, lang.code()),
                snapshot_of(&ticket)
            );
        }
    }
}

#[test]
fn selections_pick_accounts_and_tenants() {
    let book = consultant_book();
    let by_account = draft(&book, TicketSelection::Account(AccountId::from("2")), None);
    assert_eq!(by_account.len(), 1);
    assert_eq!(by_account[0].accounts, vec![AccountId::from("2")]);
    let by_domain = draft(&book, TicketSelection::Tenant("CONTOSO.COM".into()), None);
    assert_eq!(by_domain[0].tenant_key, CONTOSO_TENANT);
    assert_eq!(by_domain[0].accounts.len(), 2);
    let error = draft_tickets(
        &book,
        &TicketOptions {
            selection: TicketSelection::Tenant("nowhere.example".into()),
            lang: None,
            default_lang: Lang::En,
            now: NOW,
        },
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "no tenant \"nowhere.example\" in the book (give its id or one of its domains)"
    );
}

#[test]
fn a_recoverable_account_gets_no_ticket_unless_asked_for() {
    let (mut book, id) = school_book();
    // A FIDO2 security key is registered besides the lost Authenticator: the person can get in alone.
    book.record_inventory(
        &id,
        inventory("methods-fido2-key-and-authenticator.json", NOW),
    )
    .unwrap();
    let mut check = book.get(&id).unwrap().last_check.clone().unwrap();
    check.outcome = lifeboat_core::evidence::SignInOutcome::Skipped;
    check.aadsts = None;
    book.record_check(&id, check).unwrap();
    let assessment = lifeboat_core::assess::assess(
        &lifeboat_core::assess::AccountEvidence {
            tenant_id: Some(SCHOOL_TENANT.into()),
            inventory: Some(lifeboat_core::assess::Inventory {
                methods: lifeboat_core::methods::parse_methods_values(&fixture_methods(
                    "methods-fido2-key-and-authenticator.json",
                ))
                .unwrap(),
                source: lifeboat_core::assess::InventorySource::Graph,
                read_at: NOW,
            }),
            sign_in: None,
        },
        &lifeboat_core::situation::Situation {
            now: Some(NOW),
            ..book.situation.clone()
        },
    );
    assert_eq!(
        assessment.verdict,
        Verdict::SelfService,
        "precondition: the engine calls it self-service"
    );
    assert!(draft(&book, TicketSelection::NeedingIt, None).is_empty());
    let asked = draft(&book, TicketSelection::Account(id), Some(Lang::En));
    assert_eq!(asked.len(), 1);
    assert!(
        !asked[0].body.contains("A one-time Temporary Access Pass"),
        "no access request for a self-service account"
    );
    assert!(!asked[0]
        .body
        .contains("New-MgUserAuthenticationTemporaryAccessPassMethod"));
    assert!(asked[0].body.contains("Revoke sessions"));
}

#[test]
fn long_ticket_link_is_shortened_and_points_to_the_eml() {
    let book = consultant_book();
    let contoso = &draft(&book, TicketSelection::NeedingIt, Some(Lang::It))[0];
    let link = contoso.mailto();
    assert!(link.uri.len() <= 2000);
    assert!(
        link.shortened,
        "two accounts with the appendix do not fit in 2,000 characters"
    );
    let expected_note = format!("{}.eml", contoso.file_stem);
    assert!(link.uri.contains(&expected_note), "{}", link.uri);
}

/// Each way a phone can go is worded as the person said it: a broken or wiped phone is never called lost.
#[test]
fn a_broken_stolen_or_wiped_phone_is_called_so() {
    use lifeboat_core::book::LossKind;
    let table = [
        (
            LossKind::Lost,
            "Lost Microsoft Authenticator phone",
            "I lost the phone",
            "Ho perso il telefono",
        ),
        (
            LossKind::Stolen,
            "Stolen Microsoft Authenticator phone",
            "was stolen",
            "mi è stato rubato il telefono",
        ),
        (
            LossKind::Broken,
            "Broken Microsoft Authenticator phone",
            "broke",
            "si è rotto il telefono",
        ),
        (
            LossKind::Wiped,
            "Wiped Microsoft Authenticator phone",
            "was wiped (reset)",
            "è stato ripristinato",
        ),
    ];
    for (kind, subject, en_said, it_said) in table {
        let (mut book, _) = school_book();
        book.loss_kind = Some(kind);
        let en = &draft(&book, TicketSelection::NeedingIt, Some(Lang::En))[0];
        let it = &draft(&book, TicketSelection::NeedingIt, Some(Lang::It))[0];
        assert!(en.subject.starts_with(subject), "{kind:?}: {}", en.subject);
        assert!(en.body.contains(en_said), "{kind:?}");
        assert!(
            it.body.to_lowercase().contains(&it_said.to_lowercase()),
            "{kind:?}"
        );
        if kind != LossKind::Lost {
            for lost in ["lost phone", "lost the phone", "I lost"] {
                assert!(!en.body.contains(lost), "{kind:?} says {lost:?}");
            }
            for perso in ["telefono perso", "ho perso"] {
                assert!(
                    !it.body.to_lowercase().contains(perso),
                    "{kind:?} says {perso:?}"
                );
            }
        }
        assert_eq!(
            TicketBlock::find_in(&en.body).unwrap().loss,
            kind,
            "the block says it too"
        );
        if kind == LossKind::Broken {
            for ticket in [en, it] {
                insta::assert_snapshot!(
                    format!("school_broken_{}", ticket.lang.code()),
                    snapshot_of(ticket)
                );
            }
        }
    }
}

/// The ask names every registration that must go, the pass's policy and hand-over, and an administrator's
/// second check.
#[test]
fn the_ask_names_every_stale_method_the_pass_hand_over_and_the_second_check() {
    let book = consultant_book();
    let contoso = &draft(&book, TicketSelection::NeedingIt, Some(Lang::En))[0];
    let body = &contoso.body;
    // The number declared unreachable, by its last digits and Graph id, and its PowerShell line.
    assert!(body.contains("phone number ending in 0123"), "{body}");
    assert!(body.contains("method ID 3179e48a-750b-4051-897c-87b9720928f7"));
    assert!(body.contains("Remove-MgUserAuthenticationPhoneMethod -UserId 'sandeep@contoso.com' -PhoneAuthenticationMethodId '3179e48a-750b-4051-897c-87b9720928f7'"));
    // The pass: enabled in the policy, handed over off the locked mailbox.
    assert!(body.contains("must be enabled for me in the tenant's authentication methods policy"));
    assert!(body.contains("at sandeep@personal.example, never at the locked account's mailbox"));
    assert!(body.contains("Temporary Access Pass: enabled, with this user included"));
    // The admin account: a second person checks first.
    assert!(body.contains("adm-sandeep@contoso.com holds an administrator role, so this needs a Privileged Authentication Administrator"));
    assert!(body.contains("Because of that role, please have a second person check my identity before anything is reset"));
    let block = TicketBlock::find_in(body).unwrap();
    assert_eq!(
        block
            .accounts
            .iter()
            .map(|a| a.ask.clone())
            .collect::<Vec<_>>(),
        vec![
            vec![
                Ask::TemporaryAccessPass,
                Ask::RemoveMethods,
                Ask::RevokeSessions
            ],
            vec![
                Ask::SecondPersonCheck,
                Ask::TemporaryAccessPass,
                Ask::RevokeSessions
            ],
        ]
    );

    // A code app whose codes were on the lost phone.
    let (mut book, id) = school_book();
    book.record_inventory(&id, inventory("methods-softwareoath-only.json", NOW))
        .unwrap();
    let ticket = &draft(&book, TicketSelection::NeedingIt, Some(Lang::En))[0];
    assert!(ticket.body.contains("Deleting the code app (software OATH token), method ID b172893e-893e-b172-3e89-72b13e8972b1"), "{}", ticket.body);
    assert!(ticket.body.contains("Remove-MgUserAuthenticationSoftwareOathMethod -UserId 'sandeep.ferrari@liceogalilei.example.it' -SoftwareOathAuthenticationMethodId 'b172893e-893e-b172-3e89-72b13e8972b1'"));
    // Once the person says the codes live on a device they still hold, the code app is not stale.
    book.situation.otp_on_held_device = true;
    let tickets = draft(&book, TicketSelection::Account(id), Some(Lang::En));
    assert!(!tickets[0].body.contains("Deleting the code app"));
}

/// IT answers to an address the person can read: never a locked account, and no ticket without one.
#[test]
fn the_reply_address_is_never_a_locked_account() {
    let (book, _) = school_book();
    for (contact, expected) in [
        (None, Err(TicketError::NoReplyAddress)),
        (
            Some("SANDEEP.FERRARI@liceogalilei.example.it"),
            Err(TicketError::NoReplyAddress),
        ),
        (Some("not an address"), Err(TicketError::NoReplyAddress)),
        (
            Some("sandeep.personale@example.org"),
            Ok("sandeep.personale@example.org"),
        ),
    ] {
        let mut book = book.clone();
        book.contact_email = contact.map(str::to_string);
        let drafted = draft_tickets(
            &book,
            &TicketOptions {
                selection: TicketSelection::NeedingIt,
                lang: Some(Lang::En),
                default_lang: Lang::En,
                now: NOW,
            },
        );
        let from = drafted.map(|tickets| tickets[0].from_address.clone());
        assert_eq!(from, expected.map(str::to_string), "{contact:?}");
    }
    // Nothing to draft needs no address.
    let empty = draft_tickets(
        &lifeboat_core::book::AccountBook::default(),
        &TicketOptions {
            selection: TicketSelection::NeedingIt,
            lang: None,
            default_lang: Lang::En,
            now: NOW,
        },
    );
    assert_eq!(empty, Ok(Vec::new()));
}

/// The machine-readable block survives the .eml (quoted-printable, read back by mail-parser, and the raw file
/// itself) and says what the ticket says.
#[test]
fn the_block_survives_the_eml_and_carries_the_tickets_facts() {
    let (school, _) = school_book();
    let mut tickets = draft(&school, TicketSelection::NeedingIt, Some(Lang::It));
    tickets.extend(draft(
        &consultant_book(),
        TicketSelection::NeedingIt,
        Some(Lang::En),
    ));
    for ticket in &tickets {
        let block = TicketBlock::find_in(&ticket.body).expect("a block");
        let eml = ticket.eml();
        let raw = String::from_utf8(eml.clone()).unwrap();
        assert!(raw.contains("quoted-printable"));
        let decoded = MessageParser::default()
            .parse(&eml)
            .unwrap()
            .body_text(0)
            .unwrap()
            .into_owned();
        assert_eq!(TicketBlock::find_in(&raw).as_ref(), Ok(&block), "raw .eml");
        assert_eq!(
            TicketBlock::find_in(&decoded).as_ref(),
            Ok(&block),
            "decoded"
        );
        let text = ticket.text();
        assert_eq!(
            TicketBlock::find_in(&text).as_ref(),
            Ok(&block),
            "text to copy"
        );
        // What it says matches the prose.
        assert_eq!(block.lang, ticket.lang.code());
        assert_eq!(block.reply_to, ticket.from_address);
        for account in &block.accounts {
            assert!(ticket.body.contains(&account.upn));
            for removed in &account.remove {
                assert!(ticket.body.contains(&removed.id), "{}", removed.id);
            }
        }
        let tenant = block
            .tenant_id
            .clone()
            .or(block.tenant_domain.clone())
            .unwrap();
        assert!(ticket.body.contains(&tenant));
    }
    // The school's block, field by field.
    let block = TicketBlock::find_in(&tickets[0].body).unwrap();
    assert_eq!(block.tenant_id.as_deref(), Some(SCHOOL_TENANT));
    assert_eq!(block.lost_devices, vec!["Sandeep's iPhone".to_string()]);
    let account = &block.accounts[0];
    assert_eq!(account.upn, "sandeep.ferrari@liceogalilei.example.it");
    assert_eq!(account.aadsts, Some(50076));
    let read: Vec<&str> = account.methods_read.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        read,
        vec![
            "28c10230-6103-485e-b985-444c60001490",
            "6803c096-c096-6803-96c0-036896c00368"
        ]
    );
    assert_eq!(account.remove.len(), 1);
    assert_eq!(account.remove[0].id, "6803c096-c096-6803-96c0-036896c00368");
    assert_eq!(
        account.remove[0].odata_type,
        "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
    );
}

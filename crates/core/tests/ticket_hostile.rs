//! Hostile account books (as an imported or hand-edited file could hold them, bypassing validation): line breaks
//! and `%0A` in names, 10 KB fields, bidirectional overrides, HTML, quotes aimed at the admin's PowerShell. The
//! tickets keep exactly their own headers, stay readable, and every PowerShell line stays one command with its
//! values inside quotes.

mod ticket_support;

use lifeboat_core::book::model::is_plausible_email;
use lifeboat_core::book::{
    Account, AccountBook, AccountDetails, AccountId, ItContact, StoredInventory,
};
use lifeboat_core::ticket::{
    draft_tickets, Ticket, TicketBlock, TicketError, TicketOptions, TicketSelection,
};
use lifeboat_core::Lang;
use mail_parser::MessageParser;
use ticket_support::{blocked_by_mfa, fixture_methods, NOW};

const HOSTILE: [&str; 8] = [
    "Mario\r\nBcc: victim@evil.example",
    "Mario%0D%0ABcc:%20victim@evil.example",
    "\u{202E}oiraM\u{202C} Rossi \u{2066}admin\u{2069}",
    "<script>alert('x')</script><b>Rossi</b>",
    "=?UTF-8?B?QmNjOiB4QGV2aWwuZXhhbXBsZQ==?=",
    "x\u{2028}Subject: spoof\u{0085}y",
    "o'brien'; Remove-Item -Recurse C:\\ ; '",
    "\u{2019}; Start-Process calc; \u{2018}",
];

fn hostile_book(field: &str) -> AccountBook {
    let long = format!("{field}{}", "A".repeat(10 * 1024));
    let mut book = AccountBook {
        contact_email: Some("mario@example.org".into()),
        ..AccountBook::default()
    };
    book.situation.lost_devices = vec![field.to_string(), long.clone()];
    book.situation.unreachable_numbers = vec![format!("+39 333 {field} 45 67")];
    let mut inventory = fixture_methods("methods-authenticator-only.json");
    inventory[1]["displayName"] = serde_json::Value::String(field.to_string());
    inventory[1]["id"] = serde_json::Value::String(format!("6803c096'; {field}"));
    let mut evidence = blocked_by_mfa(NOW);
    evidence.trace_id = Some(format!("trace {field}"));
    book.accounts.push(Account {
        id: AccountId::from("1"),
        details: AccountDetails {
            tenant_id: Some(format!("00aa00aa-bb11-cc22-dd33-44ee44ee44ee{field}")),
            organisation: Some(long.clone()),
            label: Some(field.to_string()),
            it_contact: Some(ItContact::Email(format!("it@contoso.com{field}"))),
            ticket_lang: Some(Lang::It),
            full_name: Some(field.to_string()),
            person_id: Some(long.clone()),
            department: Some(field.to_string()),
            ..AccountDetails::new(format!("mario{field}@contoso.com"))
        },
        last_inventory: Some(StoredInventory {
            methods: inventory,
            read_at: NOW,
            source: lifeboat_core::book::InventorySource::Graph,
        }),
        last_check: Some(evidence),
        ticket_sent_at: None,
        reregistration: None,
    });
    book
}

/// The code of a PowerShell line with its single-quoted literals emptied (`''` inside a literal is a quote;
/// PowerShell also takes U+2018–U+201B as single quotes). `None` if a literal is left open.
fn powershell_code(line: &str) -> Option<String> {
    let is_quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let mut code = String::new();
    let mut chars = line.chars().peekable();
    let mut inside = false;
    while let Some(c) = chars.next() {
        if inside {
            if is_quote(c) {
                if chars.peek().is_some_and(|&next| is_quote(next)) {
                    chars.next();
                } else {
                    inside = false;
                    code.push_str("''");
                }
            }
        } else if is_quote(c) {
            inside = true;
        } else {
            code.push(c);
        }
    }
    (!inside).then_some(code)
}

const POWERSHELL_TEMPLATES: [&str; 5] = [
    "  Connect-MgGraph -TenantId '' -Scopes '',''",
    "  Get-MgUserAuthenticationMethod -UserId ''",
    "  Remove-MgUserAuthenticationMicrosoftAuthenticatorMethod -UserId '' -MicrosoftAuthenticatorAuthenticationMethodId ''",
    "  New-MgUserAuthenticationTemporaryAccessPassMethod -UserId '' -BodyParameter @{ isUsableOnce = $true; lifetimeInMinutes = 60 }",
    "  Revoke-MgUserSignInSession -UserId ''",
];

fn check_ticket(ticket: &Ticket, field: &str) {
    // Headers: exactly the writer's own, whatever the values.
    let eml = ticket.eml();
    let message = MessageParser::default().parse(&eml).expect("parses");
    let names: Vec<String> = message
        .headers()
        .iter()
        .map(|header| header.name().to_string())
        .collect();
    let mut expected = vec!["Date"];
    if is_plausible_email(&ticket.from_address) {
        expected.push("From");
    }
    expected.extend([
        "Subject",
        "MIME-Version",
        "Content-Type",
        "Content-Transfer-Encoding",
        "X-Unsent",
    ]);
    assert_eq!(
        names, expected,
        "field {field:?}: the hostile To address is left out, nothing is added"
    );
    assert!(
        ticket.to.is_empty(),
        "field {field:?}: the hostile IT address is not a recipient"
    );
    assert!(message.header_raw("Bcc").is_none());
    assert_eq!(
        message
            .body_text(0)
            .unwrap()
            .replace("\r\n", "\n")
            .trim_end(),
        ticket.body.trim_end()
    );

    // The machine-readable block reads back, carrying the cleaned values the prose carries.
    let block = TicketBlock::find_in(&ticket.body)
        .unwrap_or_else(|error| panic!("field {field:?}: {error}"));
    assert_eq!(block.accounts.len(), 1);
    assert!(
        ticket.body.contains(&block.accounts[0].upn),
        "field {field:?}"
    );
    assert_eq!(block.reply_to, ticket.from_address);

    // The text: no bidirectional controls, no stray line separators, every line bounded.
    let text = ticket.text();
    for c in [
        '\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{0085}', '\r',
    ] {
        assert!(
            !text.contains(c),
            "field {field:?}: {c:?} reached the ticket"
        );
    }
    for line in text.lines() {
        assert!(
            line.chars().count() <= 1200,
            "field {field:?}: a {}-character line",
            line.chars().count()
        );
    }
    assert!(!text
        .lines()
        .any(|line| line.starts_with("Bcc:") || line.starts_with("Subject: spoof")));

    // PowerShell: each line is one of the known commands, every value inside its quotes.
    let mut commands = 0;
    for line in text
        .lines()
        .filter(|line| line.contains("-Mg") || line.starts_with("  Connect-MgGraph"))
    {
        let code = powershell_code(line)
            .unwrap_or_else(|| panic!("field {field:?}: a quote is left open in {line:?}"));
        assert!(
            POWERSHELL_TEMPLATES.contains(&code.as_str()),
            "field {field:?}: unexpected PowerShell {code:?} from {line:?}"
        );
        commands += 1;
    }
    assert!(commands >= 4, "the appendix has its commands");

    // The link: only subject and body, within its size.
    let link = ticket.mailto();
    assert!(link.uri.len() <= 2000);
    assert_eq!(link.uri.matches('?').count(), 1);
    assert_eq!(link.uri.matches('&').count(), 1, "{}", link.uri);
}

#[test]
fn hostile_values_cannot_break_a_ticket() {
    for field in HOSTILE {
        let book = hostile_book(field);
        for lang in Lang::ALL {
            let tickets = draft_tickets(
                &book,
                &TicketOptions {
                    selection: TicketSelection::NeedingIt,
                    lang: Some(lang),
                    default_lang: Lang::En,
                    now: NOW,
                },
            )
            .unwrap();
            assert_eq!(tickets.len(), 1, "field {field:?}");
            check_ticket(&tickets[0], field);
        }
    }
}

#[test]
fn a_reply_address_that_could_carry_a_header_is_refused_not_used() {
    for contact in [
        "mario@example.org\r\nBcc: x@evil.example",
        "mario@example.org%0ABcc:x@evil.example",
        "not an address",
    ] {
        let mut book = hostile_book("Rossi");
        book.contact_email = Some(contact.into());
        let drafted = draft_tickets(
            &book,
            &TicketOptions {
                selection: TicketSelection::NeedingIt,
                lang: Some(Lang::En),
                default_lang: Lang::En,
                now: NOW,
            },
        );
        assert_eq!(drafted, Err(TicketError::NoReplyAddress), "{contact:?}");
    }
}

#[test]
fn a_ten_kilobyte_name_is_cut_not_carried() {
    let book = hostile_book("Rossi");
    let ticket = &draft_tickets(
        &book,
        &TicketOptions {
            selection: TicketSelection::NeedingIt,
            lang: Some(Lang::En),
            default_lang: Lang::En,
            now: NOW,
        },
    )
    .unwrap()[0];
    assert!(ticket.body.len() < 12_000, "{} bytes", ticket.body.len());
    assert!(ticket.body.contains("RossiAAAA"));
    assert!(ticket.body.contains("A…"), "the cut is marked");
}

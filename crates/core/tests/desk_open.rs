//! Opening a ticket at the IT desk: Lifeboat's own `.eml` (quoted-printable), the same text as base64 inside a
//! multipart mail, pasted text quoted by a reply; a text without a block, a damaged block and a newer version
//! are told apart.

use base64::Engine;
use lifeboat_core::book::{LossKind, Membership};
use lifeboat_core::desk::{DeskTicket, OpenError};
use lifeboat_core::ticket::block::{Ask, BlockAccount, BlockMethod, TicketBlock, VERSION};
use lifeboat_core::ticket::eml::{write_eml, EmlDraft, Mailbox};
use lifeboat_core::Lang;

fn block() -> TicketBlock {
    TicketBlock {
        version: VERSION,
        tenant_id: Some("5c1f0d3e-8a47-4f2b-9b6e-2d7a4e9c1b10".into()),
        tenant_domain: Some("liceovolta.edu.it".into()),
        lang: "it".into(),
        loss: LossKind::Stolen,
        lost_devices: vec!["Redmi Note 12 di Giulia".into()],
        reply_to: "giulia.ferri@example.org".into(),
        accounts: vec![BlockAccount {
            upn: "giulia.ferri@studenti.liceovolta.edu.it".into(),
            membership: Membership::Member,
            admin_role: false,
            aadsts: Some(50076),
            methods_read: Vec::new(),
            remove: vec![BlockMethod {
                id: "7c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a03".into(),
                odata_type: "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod".into(),
            }],
            ask: vec![Ask::TemporaryAccessPass, Ask::RemoveMethods],
        }],
    }
}

fn body() -> String {
    let mut lines = vec![
        "Gentile assistenza,".to_string(),
        "mi hanno rubato il telefono — è un Redmi con l'app Authenticator.".to_string(),
        String::new(),
    ];
    lines.extend(block().armored_lines());
    lines.join("\n")
}

fn eml() -> Vec<u8> {
    let to = [Mailbox {
        name: Some("Segreteria Tecnica".into()),
        address: "assistenza.tecnica@liceovolta.edu.it".into(),
    }];
    write_eml(&EmlDraft {
        from: None,
        to: &to,
        subject: "Telefono rubato: accesso all'account",
        body: &body(),
        date: time::OffsetDateTime::UNIX_EPOCH,
    })
}

#[test]
fn every_form_a_ticket_arrives_in_opens_to_the_same_block() {
    let base64_mail = format!(
        "From: giulia@example.org\r\nSubject: Ticket\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n--b1--\r\n",
        base64::engine::general_purpose::STANDARD
            .encode(body())
            .as_bytes()
            .chunks(76)
            .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
            .collect::<Vec<_>>()
            .join("\r\n")
    );
    let quoted = body()
        .lines()
        .map(|line| format!("> {line}"))
        .collect::<Vec<_>>()
        .join("\n");
    let forms: [(&str, Vec<u8>); 4] = [
        ("Lifeboat's .eml", eml()),
        ("base64 in multipart", base64_mail.into_bytes()),
        ("pasted text", body().into_bytes()),
        ("quoted reply", quoted.into_bytes()),
    ];
    for (name, bytes) in forms {
        let ticket = DeskTicket::open(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(ticket.block, block(), "{name}");
        assert_eq!(ticket.lang(), Lang::parse("it").unwrap(), "{name}");
    }
    let opened = DeskTicket::open(&eml()).unwrap();
    assert!(opened.subject.is_some());
    assert_eq!(
        opened.account(None).unwrap().upn,
        "giulia.ferri@studenti.liceovolta.edu.it"
    );
    assert_eq!(
        opened.account(Some("nobody@x.example")).unwrap_err(),
        OpenError::UnknownAccount("nobody@x.example".into())
    );
}

#[test]
fn not_lifeboats_damaged_and_newer_tickets_are_told_apart() {
    let text = body();
    let payload_line = text
        .lines()
        .skip_while(|line| !line.starts_with("Checksum:"))
        .nth(1)
        .unwrap()
        .to_string();
    let flipped: String = payload_line
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 10 {
                if c == 'A' {
                    'B'
                } else {
                    'A'
                }
            } else {
                c
            }
        })
        .collect();
    let cases: Vec<(&str, Vec<u8>, OpenError)> = vec![
        (
            "an ordinary mail",
            b"From: a@b.it\r\nSubject: help\r\n\r\nmy phone is gone".to_vec(),
            OpenError::NotLifeboat,
        ),
        (
            "plain text",
            b"Hello, I cannot sign in".to_vec(),
            OpenError::NotLifeboat,
        ),
        (
            "a changed payload",
            text.replace(&payload_line, &flipped).into_bytes(),
            OpenError::Damaged("its checksum does not match"),
        ),
        (
            "a cut-off ticket",
            text.replace(lifeboat_core::ticket::block::END, "")
                .into_bytes(),
            OpenError::Damaged("its end line is missing"),
        ),
        (
            "a newer version",
            text.replace(&format!("Version: {VERSION}"), "Version: 9")
                .into_bytes(),
            OpenError::UnsupportedVersion(9),
        ),
    ];
    for (name, bytes, expected) in cases {
        assert_eq!(DeskTicket::open(&bytes).unwrap_err(), expected, "{name}");
    }
    // Each is worded differently, in both languages.
    for lang in Lang::ALL {
        let words: Vec<String> = [
            OpenError::NotLifeboat,
            OpenError::Damaged("x"),
            OpenError::UnsupportedVersion(9),
        ]
        .iter()
        .map(|error| error.explain(lang))
        .collect();
        assert!(words[0] != words[1] && words[1] != words[2], "{words:?}");
    }
}

//! The `.eml` writer and the `mailto:` builder against hostile input: whatever a person (or an imported file)
//! puts in names, subjects, bodies and addresses, the message keeps exactly its own headers, an independent
//! parser (`mail-parser`) reads back the same values, and links stay within their size with only `subject`
//! and `body` fields.

use lifeboat_core::ticket::eml::{write_eml, EmlDraft, Mailbox};
use lifeboat_core::ticket::mailto::{build_mailto, MAX_LINK_CHARS};
use lifeboat_core::ticket::sanitize::one_line;
use mail_parser::MessageParser;
use proptest::prelude::*;
use time::macros::datetime;

const EXPECTED_HEADERS: [&str; 8] = [
    "Date",
    "From",
    "To",
    "Subject",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "X-Unsent",
];

/// Strings built from the pieces that break naive mail code.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\r\n".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("%0A".to_string()),
        Just("%0D%0ABcc: evil@example.com".to_string()),
        Just("\r\nBcc: evil@example.com\r\n".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{2066}".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("=?UTF-8?B?SGVsbG8=?=".to_string()),
        Just("\"".to_string()),
        Just(",;:<>@".to_string()),
        Just("Università di Città — Niccolò".to_string()),
        Just("x".repeat(10 * 1024)),
        Just("مرحبا".to_string()),
        Just("\u{0}\u{7f}\u{85}\u{2028}".to_string()),
        "[a-zA-Z0-9 .]{0,20}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat())
}

fn parse(bytes: &[u8]) -> mail_parser::Message<'_> {
    MessageParser::default()
        .parse(bytes)
        .expect("mail-parser reads the draft")
}

fn header_names(message: &mail_parser::Message<'_>) -> Vec<String> {
    message
        .headers()
        .iter()
        .map(|header| header.name().to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn eml_keeps_its_headers_and_round_trips_every_field(
        name in hostile_text(),
        subject in hostile_text(),
        body in hostile_text(),
        hostile_address in hostile_text(),
    ) {
        let from = Mailbox { name: Some(name.clone()), address: "mario.rossi@example.org".into() };
        let to = vec![
            Mailbox { name: None, address: "helpdesk@scuola.example.it".into() },
            Mailbox { name: None, address: hostile_address.clone() },
        ];
        let bytes = write_eml(&EmlDraft { from: Some(&from), to: &to, subject: &subject, body: &body, date: datetime!(2026-11-25 16:40 UTC) });

        // Pure ASCII, CRLF line ends, no line beyond RFC 5322's limit; header lines within 78.
        prop_assert!(bytes.is_ascii());
        let text = String::from_utf8(bytes.clone()).unwrap();
        let (head, encoded_body) = text.split_once("\r\n\r\n").expect("a blank line ends the headers");
        for line in head.split("\r\n") {
            prop_assert!(line.len() <= 78, "header line too long: {line:?}");
        }
        for line in encoded_body.split("\r\n") {
            prop_assert!(line.len() <= 76, "body line too long: {line:?}");
            prop_assert!(!line.contains('\r') && !line.contains('\n'));
        }

        let message = parse(&bytes);
        prop_assert_eq!(header_names(&message), EXPECTED_HEADERS.to_vec());
        prop_assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
        prop_assert_eq!(message.subject().unwrap_or_default(), one_line(&subject, 400));
        let sender = message.from().and_then(|from| from.first()).expect("a sender");
        prop_assert_eq!(sender.address(), Some("mario.rossi@example.org"));
        let expected_name = one_line(&name, 120);
        prop_assert_eq!(sender.name().unwrap_or_default(), expected_name.as_str());
        let recipients: Vec<String> = message
            .to()
            .map(|to| to.iter().filter_map(|addr| addr.address().map(str::to_string)).collect())
            .unwrap_or_default();
        let mut expected_recipients = vec!["helpdesk@scuola.example.it".to_string()];
        if lifeboat_core::book::model::is_plausible_email(&hostile_address) {
            expected_recipients.push(hostile_address.clone());
        }
        prop_assert_eq!(recipients, expected_recipients);
        let decoded = message.body_text(0).map(|text| text.replace("\r\n", "\n")).unwrap_or_default();
        // Our line breaks come back as CRLF; a carriage return inside a line comes back as itself.
        prop_assert_eq!(decoded.trim_end_matches('\n'), body.trim_end_matches('\n'));
    }

    #[test]
    fn mailto_has_only_subject_and_body_and_stays_short(
        subject in hostile_text(),
        body in hostile_text(),
        hostile_address in hostile_text(),
    ) {
        let link = build_mailto(
            &["helpdesk@scuola.example.it".to_string(), hostile_address],
            &subject,
            &body,
            "See ticket-scuola.example.it.eml",
        );
        prop_assert!(link.uri.len() <= MAX_LINK_CHARS, "{} characters", link.uri.len());
        prop_assert!(link.uri.is_ascii());
        prop_assert!(link.uri.starts_with("mailto:helpdesk@scuola.example.it"));
        let (_, query) = link.uri.split_once('?').expect("a query");
        let fields: Vec<&str> = query.split('&').map(|field| field.split('=').next().unwrap_or_default()).collect();
        prop_assert!(fields == ["subject", "body"] || fields == ["subject"], "fields {fields:?}");
        prop_assert!(!link.uri.contains(['\r', '\n', ' ', '#']));
        if !link.shortened {
            let body_value = query.split_once("&body=").map(|(_, body)| body).unwrap_or_default();
            prop_assert_eq!(percent_decode(body_value), body.split('\n').map(|l| l.trim_end_matches('\r')).collect::<Vec<_>>().join("\r\n"));
        }
    }
}

/// An independent percent-decoder, to read links back.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn accented_headers_are_encoded_words_and_decode_back() {
    let from = Mailbox {
        name: Some("Niccolò Àlvarez".into()),
        address: "niccolo@example.org".into(),
    };
    let to = [
        Mailbox {
            name: None,
            address: "it@università.example".into(),
        },
        Mailbox {
            name: None,
            address: "it@uni.example".into(),
        },
    ];
    let bytes = write_eml(&EmlDraft {
        from: Some(&from),
        to: &to,
        subject: "Richiesta: telefono perso — è urgente",
        body: "Buongiorno,\nho perso il telefono «iPhone di Niccolò».\n",
        date: datetime!(2026-11-25 16:40 UTC),
    });
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("Subject: =?UTF-8?B?"), "{text}");
    assert!(text.contains("From: =?UTF-8?B?"), "{text}");
    assert!(
        text.contains("To: it@uni.example\r\n"),
        "the non-ASCII address is left out: {text}"
    );
    assert!(
        text.contains("Date: Wed, 25 Nov 2026 16:40:00 +0000\r\n"),
        "{text}"
    );
    let message = parse(&bytes);
    assert_eq!(
        message.subject(),
        Some("Richiesta: telefono perso — è urgente")
    );
    assert_eq!(
        message
            .from()
            .and_then(|from| from.first())
            .and_then(|addr| addr.name()),
        Some("Niccolò Àlvarez")
    );
    assert_eq!(
        message.date().map(|date| date.to_rfc3339()),
        Some("2026-11-25T16:40:00Z".to_string())
    );
    assert_eq!(
        message
            .body_text(0)
            .map(|body| body.replace("\r\n", "\n"))
            .as_deref(),
        Some("Buongiorno,\nho perso il telefono «iPhone di Niccolò».\n")
    );
}

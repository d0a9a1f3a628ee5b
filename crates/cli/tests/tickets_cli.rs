//! `lifeboat tickets` through the real binary: selections, languages, the three formats and the files.

mod support;

use support::*;

use std::path::{Path, PathBuf};

/// A school account and a guest account at a client, with a lost phone: both need IT (nothing is known that
/// would let the person in alone).
fn two_tenant_book(dir: &Path) -> PathBuf {
    let book = dir.join("book.json");
    for args in [
        &[
            "accounts",
            "add",
            "--upn",
            "mario@scuola.example.it",
            "--organisation",
            "Liceo Galilei",
            "--it-contact",
            "helpdesk@scuola.example.it",
            "--ticket-lang",
            "it",
            "--full-name",
            "Mario Rossi",
        ][..],
        &[
            "accounts",
            "add",
            "--upn",
            "mario@consulting.example",
            "--membership",
            "guest",
            "--tenant-domain",
            "fabrikam.com",
            "--organisation",
            "Fabrikam",
            "--it-contact",
            "servicedesk@fabrikam.com",
        ][..],
        &[
            "situation",
            "--lost-device",
            "Mario's iPhone",
            "--contact-email",
            "mario@example.org",
        ][..],
    ] {
        assert_ok(&run(&book, "en", args));
    }
    book
}

#[test]
fn text_tickets_one_per_tenant_in_each_tenants_language() {
    let dir = workdir("tickets-text");
    let book = two_tenant_book(&dir);
    let output = run(&book, "en", &["tickets"]);
    assert_ok(&output);
    let text = stdout(&output);
    let tickets: Vec<&str> = text.split(&"=".repeat(72)).collect();
    assert_eq!(tickets.len(), 2, "{text}");
    assert!(
        tickets[0].contains("A: helpdesk@scuola.example.it") && tickets[0].contains("Buongiorno"),
        "Italian, the tenant's language"
    );
    assert!(
        tickets[1].contains("To: servicedesk@fabrikam.com") && tickets[1].contains("Hello,"),
        "English, the person's"
    );
    assert!(
        !tickets[0].contains("fabrikam"),
        "no other tenant in a ticket"
    );
    assert!(
        !tickets[1].contains("scuola"),
        "no other tenant in a ticket"
    );

    let forced = stdout(&run(
        &book,
        "en",
        &["tickets", "--lang", "en", "--tenant", "scuola.example.it"],
    ));
    assert!(
        forced.starts_with(
            "To: helpdesk@scuola.example.it\nSubject: Lost Microsoft Authenticator phone"
        ),
        "{forced}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn eml_and_mailto_outputs() {
    let dir = workdir("tickets-formats");
    let book = two_tenant_book(&dir);

    let one = run(
        &book,
        "en",
        &["tickets", "--account", "2", "--format", "eml"],
    );
    assert_ok(&one);
    let eml = stdout(&one);
    assert!(eml.starts_with("Date: "), "{eml}");
    assert!(
        eml.contains("\r\nFrom: Mario Rossi <mario@example.org>\r\n")
            || eml.contains("\r\nFrom: mario@example.org\r\n"),
        "{eml}"
    );
    assert!(
        eml.contains("\r\nTo: servicedesk@fabrikam.com\r\n"),
        "{eml}"
    );
    assert!(eml.contains("\r\nX-Unsent: 1\r\n"), "{eml}");

    let several = run(&book, "en", &["tickets", "--format", "eml"]);
    assert_eq!(several.status.code(), Some(2), "two .eml files need --out");

    let out = dir.join("drafts");
    let written = run(
        &book,
        "en",
        &["tickets", "--format", "eml", "--out", out.to_str().unwrap()],
    );
    assert_ok(&written);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["ticket-fabrikam.com.eml", "ticket-scuola.example.it.eml"]
    );

    let links = run(
        &book,
        "en",
        &[
            "tickets",
            "--format",
            "mailto",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ok(&links);
    let links = stdout(&links);
    assert_eq!(links.lines().count(), 2);
    for link in links.lines() {
        assert!(link.starts_with("mailto:"), "{link}");
        assert!(link.len() <= 2000, "{} characters", link.len());
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn selections_and_mistakes() {
    let dir = workdir("tickets-select");
    let book = two_tenant_book(&dir);
    let unknown = run(&book, "en", &["tickets", "--tenant", "nowhere.example"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "lifeboat: no tenant \"nowhere.example\" in the book (give its id or one of its domains)\n"
    );
    let both = run(
        &book,
        "en",
        &["tickets", "--tenant", "fabrikam.com", "--account", "1"],
    );
    assert_eq!(
        both.status.code(),
        Some(2),
        "--account and --tenant exclude each other"
    );
    let bad_lang = run(&book, "en", &["tickets", "--lang", "de"]);
    assert_eq!(bad_lang.status.code(), Some(2));

    let empty = dir.join("empty.json");
    let none = run(&empty, "it", &["tickets"]);
    assert_ok(&none);
    assert_eq!(
        stdout(&none),
        "Nessun account richiede l'intervento dell'IT: non c'è nessun ticket da preparare.\n"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Tickets never answer to a locked account: without an address that still works the command says why and how
/// to give one; `--contact-email` gives it (checked, and kept in the book).
#[test]
fn tickets_ask_for_an_address_that_still_works() {
    let dir = workdir("tickets-reply");
    let book = dir.join("book.json");
    assert_ok(&run(
        &book,
        "en",
        &[
            "accounts",
            "add",
            "--upn",
            "mario@scuola.example.it",
            "--it-contact",
            "helpdesk@scuola.example.it",
        ],
    ));
    assert_ok(&run(
        &book,
        "en",
        &["situation", "--lost-device", "Mario's iPhone"],
    ));

    for (lang, why) in [
        ("en", "an address where IT can answer you"),
        ("it", "un indirizzo a cui l'IT possa risponderti"),
    ] {
        let refused = run(&book, lang, &["tickets"]);
        assert_eq!(refused.status.code(), Some(2), "{lang}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.contains(why) && stderr.contains("--contact-email"),
            "{lang}: {stderr}"
        );
        assert!(refused.stdout.is_empty(), "no ticket drafted");
    }

    // A locked account is not a reply address, in any spelling.
    let locked = run(
        &book,
        "en",
        &["tickets", "--contact-email", "MARIO@Scuola.example.it"],
    );
    assert_eq!(locked.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&locked.stderr).contains("--contact-email"));

    let drafted = run(
        &book,
        "en",
        &[
            "tickets",
            "--contact-email",
            "mario@example.org",
            "--format",
            "eml",
        ],
    );
    assert_ok(&drafted);
    let eml = stdout(&drafted);
    assert!(eml.contains("From: mario@example.org"), "{eml}");
    assert!(
        eml.contains("-----BEGIN LIFEBOAT TICKET-----"),
        "the machine-readable block"
    );
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&book).unwrap()).unwrap();
    assert_eq!(
        stored["contactEmail"], "mario@example.org",
        "kept in the book"
    );
    // Later runs use it without asking.
    assert_ok(&run(&book, "en", &["tickets"]));
    std::fs::remove_dir_all(dir).unwrap();
}

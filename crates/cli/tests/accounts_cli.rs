//! `lifeboat accounts …` and `lifeboat situation` through the real binary, on throwaway account books.

mod support;

use support::*;

use std::path::Path;
use std::process::Command;

fn list_json(book: &Path) -> serde_json::Value {
    let output = run(book, "en", &["accounts", "list", "--format", "json"]);
    assert_ok(&output);
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn add_list_edit_remove() {
    let dir = workdir("accounts-crud");
    let book = dir.join("book.json");
    let added = run(
        &book,
        "en",
        &[
            "accounts",
            "add",
            "--upn",
            "mario.rossi@scuola.example.it",
            "--tenant-id",
            "3F2A5C1E-8D4B-4E6A-9C7F-1B2D3E4F5A6B",
            "--organisation",
            "Liceo «Galilei»",
            "--it-contact",
            "mailto:helpdesk@scuola.example.it",
            "--ticket-lang",
            "it",
            "--full-name",
            "Mario Rossi",
            "--person-id",
            "S-1",
            "--department",
            "5ª B",
        ],
    );
    assert_ok(&added);
    assert_eq!(
        stdout(&added),
        "Added account 1: mario.rossi@scuola.example.it\n"
    );
    assert_ok(&run(
        &book,
        "en",
        &[
            "accounts",
            "add",
            "--upn",
            "m@contoso.com",
            "--membership",
            "guest",
            "--tenant-domain",
            "Fabrikam.com",
        ],
    ));

    let list = list_json(&book);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(
        list[0]["tenantId"], "3f2a5c1e-8d4b-4e6a-9c7f-1b2d3e4f5a6b",
        "normalised to lower case"
    );
    assert_eq!(
        list[0]["itContact"],
        serde_json::json!({"email": "helpdesk@scuola.example.it"})
    );
    assert_eq!(list[0]["department"], "5ª B");
    assert_eq!(list[1]["membership"], "guest");
    assert_eq!(list[1]["tenantDomain"], "fabrikam.com");

    // Edit by sign-in name is ambiguous only when two accounts share it; an empty value clears a field.
    assert_ok(&run(
        &book,
        "en",
        &[
            "accounts",
            "edit",
            "mario.rossi@scuola.example.it",
            "--label",
            "school",
            "--person-id",
            "",
        ],
    ));
    let list = list_json(&book);
    assert_eq!(list[0]["label"], "school");
    assert!(list[0].get("personId").is_none());

    let text = stdout(&run(&book, "en", &["accounts", "list"]));
    assert!(text.contains("  1  mario.rossi@scuola.example.it  [3f2a5c1e-8d4b-4e6a-9c7f-1b2d3e4f5a6b]  Liceo «Galilei»  (school)"), "{text}");
    assert!(text.contains("IT: helpdesk@scuola.example.it"), "{text}");

    let removed = run(&book, "en", &["accounts", "remove", "2"]);
    assert_ok(&removed);
    assert_eq!(stdout(&removed), "Removed account 2: m@contoso.com\n");
    assert_eq!(list_json(&book).as_array().unwrap().len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn book_flag_beats_the_environment_and_italian_follows_the_locale() {
    let dir = workdir("accounts-flag");
    let env_book = dir.join("env.json");
    let flag_book = dir.join("flag.json");
    let output = Command::new(BIN)
        .args([
            "--book",
            flag_book.to_str().unwrap(),
            "accounts",
            "add",
            "--upn",
            "a@contoso.com",
        ])
        .env_clear()
        .env("LIFEBOAT_BOOK", &env_book)
        .env("LANG", "it_IT.UTF-8")
        .output()
        .unwrap();
    assert_ok(&output);
    assert_eq!(stdout(&output), "Aggiunto l'account 1: a@contoso.com\n");
    assert!(flag_book.exists());
    assert!(!env_book.exists());
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn mistakes_exit_2_with_one_line() {
    let dir = workdir("accounts-mistakes");
    let book = dir.join("book.json");
    let cases: [(&[&str], &str); 6] = [
        (
            &["accounts", "add", "--upn", "not an address"],
            "--upn \"not an address\" is not a sign-in name",
        ),
        (&["accounts", "add"], "accounts add needs --upn"),
        (
            &[
                "accounts",
                "add",
                "--upn",
                "a@b.example",
                "--membership",
                "guest",
            ],
            "a guest account needs the inviting tenant's id or domain",
        ),
        (
            &[
                "accounts",
                "add",
                "--upn",
                "a@b.example",
                "--it-contact",
                "call Bob",
            ],
            "--it-contact \"call Bob\" is neither an email address",
        ),
        (&["accounts", "remove", "7"], "no account \"7\" in the book"),
        (
            &["situation", "--lost-on", "yesterday"],
            "--lost-on \"yesterday\": write the day as YYYY-MM-DD",
        ),
    ];
    for (args, expected) in cases {
        let output = run(&book, "en", args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.contains(expected), "{args:?}: {message}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn unreadable_book_is_reported_kept_and_its_backup_restored() {
    let dir = workdir("accounts-corrupt");
    let book = dir.join("book.json");
    assert_ok(&run(
        &book,
        "en",
        &["accounts", "add", "--upn", "first@contoso.com"],
    ));
    assert_ok(&run(
        &book,
        "en",
        &["accounts", "add", "--upn", "second@contoso.com"],
    ));
    std::fs::write(
        &book,
        "{\"format\": \"lifeboat-account-book\", \"schemaVersion\": 1, \"accounts\": [",
    )
    .unwrap();

    let output = run(
        &book,
        "en",
        &["accounts", "add", "--upn", "third@contoso.com"],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(book.to_str().unwrap()),
        "names the file: {message}"
    );
    assert!(
        message.contains("book.json.bak"),
        "offers the backup: {message}"
    );
    assert!(
        message.contains("lifeboat accounts restore-backup"),
        "{message}"
    );
    assert_eq!(
        std::fs::read_to_string(&book).unwrap(),
        "{\"format\": \"lifeboat-account-book\", \"schemaVersion\": 1, \"accounts\": [",
        "the unreadable file is untouched"
    );

    let restored = run(&book, "en", &["accounts", "restore-backup"]);
    assert_ok(&restored);
    assert!(
        stdout(&restored).starts_with("Restored the backup (1 account)\n"),
        "{}",
        stdout(&restored)
    );
    assert!(dir.join("book.json.set-aside-1").exists());
    let list = list_json(&book);
    assert_eq!(list[0]["upn"], "first@contoso.com");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn import_and_export_csv_and_json() {
    let dir = workdir("accounts-transfer");
    let book = dir.join("book.json");
    let csv = dir.join("accounts.csv");
    std::fs::write(
        &csv,
        "upn,tenantDomain,membership,organisation,itContact,ticketLang\r\n\
         mario@scuola.example.it,,member,\"Liceo, Galilei\",helpdesk@scuola.example.it,it\r\n\
         mario@scuola.example.it,fabrikam.com,guest,Fabrikam,https://help.fabrikam.com,en\r\n",
    )
    .unwrap();
    let imported = run(&book, "en", &["accounts", "import", csv.to_str().unwrap()]);
    assert_ok(&imported);
    assert_eq!(stdout(&imported), "Import done: 2 new, 0 updated\n");

    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "upn,ticketLang\nok@contoso.com,en\nno@contoso.com,de\n",
    )
    .unwrap();
    let output = run(&book, "en", &["accounts", "import", bad.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("bad.csv: line 3: ticketLang: \"de\""),
        "{message}"
    );
    assert_eq!(
        list_json(&book).as_array().unwrap().len(),
        2,
        "nothing imported from a bad file"
    );

    let exported_csv = dir.join("out.csv");
    assert_ok(&run(
        &book,
        "en",
        &[
            "accounts",
            "export",
            "--format",
            "csv",
            "--out",
            exported_csv.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&exported_csv).unwrap();
    assert!(text.contains("\"Liceo, Galilei\""), "{text}");

    let json = run(&book, "en", &["accounts", "export"]);
    assert_ok(&json);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["format"], "lifeboat-account-book");
    assert_eq!(value["schemaVersion"], 4);

    // Importing the JSON export into a new book gives the same accounts.
    let exported_json = dir.join("export.json");
    std::fs::write(&exported_json, stdout(&json)).unwrap();
    let other = dir.join("other.json");
    assert_ok(&run(
        &other,
        "en",
        &["accounts", "import", exported_json.to_str().unwrap()],
    ));
    assert_eq!(list_json(&other), list_json(&book));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn situation_is_declared_changed_and_shown() {
    let dir = workdir("accounts-situation");
    let book = dir.join("book.json");
    let declared = run(
        &book,
        "en",
        &[
            "situation",
            "--lost-device",
            "Mario's iPhone",
            "--unreachable-number",
            "+39 333 123 4567",
            "--lost-on",
            "2026-11-20",
            "--contact-email",
            "mario@example.org",
            "--format",
            "json",
        ],
    );
    assert_ok(&declared);
    let value: serde_json::Value = serde_json::from_str(&stdout(&declared)).unwrap();
    assert_eq!(
        value["situation"]["lostDevices"],
        serde_json::json!(["Mario's iPhone"])
    );
    assert_eq!(
        value["situation"]["unreachableNumbers"],
        serde_json::json!(["+39 333 123 4567"])
    );
    assert_eq!(value["lostOn"], "2026-11-20");
    assert_eq!(value["contactEmail"], "mario@example.org");

    // Who the person is and what happened, once for every ticket; a locked work account is no reply address.
    assert_ok(&run(
        &book,
        "en",
        &["accounts", "add", "--upn", "mario@contoso.com"],
    ));
    let refused = run(
        &book,
        "en",
        &["situation", "--contact-email", "Mario@Contoso.com"],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains(
            "--contact-email \"Mario@Contoso.com\" is one of your work or school accounts"
        ),
        "{}",
        stderr(&refused)
    );
    let bad_kind = run(&book, "en", &["situation", "--what-happened", "dropped"]);
    assert_eq!(bad_kind.status.code(), Some(2));
    assert_ok(&run(
        &book,
        "en",
        &[
            "situation",
            "--full-name",
            "Mario Rossi",
            "--what-happened",
            "broken",
        ],
    ));
    let shown = run(&book, "en", &["situation", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    assert_eq!(value["fullName"], "Mario Rossi");
    assert_eq!(value["lossKind"], "broken");
    assert_eq!(
        value["contactEmail"], "mario@example.org",
        "the refused address changed nothing"
    );

    // The same device under another spelling is not added twice; a number can be taken back.
    assert_ok(&run(
        &book,
        "en",
        &[
            "situation",
            "--lost-device",
            "  mario’s IPHONE ",
            "--reachable-number",
            "+393331234567",
        ],
    ));
    let shown = run(&book, "en", &["situation"]);
    assert_ok(&shown);
    let text = stdout(&shown);
    assert!(text.contains("Lost devices: Mario's iPhone\n"), "{text}");
    assert!(text.contains("Unreachable numbers: none\n"), "{text}");
    assert!(text.contains("Day of the loss: 2026-11-20\n"), "{text}");
    assert!(
        text.contains("What happened to the phone: broken\n"),
        "{text}"
    );
    assert!(text.contains("Full name: Mario Rossi\n"), "{text}");

    assert_ok(&run(&book, "en", &["situation", "--clear"]));
    let value: serde_json::Value = serde_json::from_str(&stdout(&run(
        &book,
        "en",
        &["situation", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(value["situation"]["lostDevices"], serde_json::json!([]));
    assert!(value["lostOn"].is_null());
    std::fs::remove_dir_all(dir).unwrap();
}

/// Two `lifeboat` processes adding accounts to one book at the same time, as the window and the command line
/// can: each read-change-save holds the book's lock, so no change is lost.
#[test]
fn two_processes_adding_at_once_lose_nothing() {
    let dir = workdir("accounts-two-writers");
    let book = dir.join("book.json");
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|writer| {
            let book = book.clone();
            std::thread::spawn(move || {
                for n in 0..100 {
                    let upn = format!("user{n}-{writer}@contoso.com");
                    assert_ok(&run(&book, "en", &["accounts", "add", "--upn", &upn]));
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let accounts = list_json(&book);
    assert_eq!(accounts.as_array().unwrap().len(), 200);
    let _ = std::fs::remove_dir_all(dir);
}

/// The list names each account's tenant as the tickets group them: an account typed with its domain only joins
/// the tenant id another account of that domain gave, and a guest shows the inviting tenant, not its home domain.
#[test]
fn the_list_shows_each_accounts_tenant_as_the_tickets_group_them() {
    let dir = workdir("accounts-tenants");
    let book = dir.join("book.json");
    for args in [
        &[
            "accounts",
            "add",
            "--upn",
            "marco@contoso.com",
            "--tenant-id",
            "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
        ][..],
        &["accounts", "add", "--upn", "adm-marco@contoso.com"][..],
        &[
            "accounts",
            "add",
            "--upn",
            "marco@contoso.com",
            "--membership",
            "guest",
            "--tenant-domain",
            "fabrikam.com",
        ][..],
    ] {
        assert_ok(&run(&book, "en", args));
    }
    let listed = stdout(&run(&book, "en", &["accounts", "list"]));
    let lines: Vec<&str> = listed.lines().filter(|line| line.contains('@')).collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(
        lines[0].contains("[00aa00aa-bb11-cc22-dd33-44ee44ee44ee]"),
        "{listed}"
    );
    assert!(
        lines[1].contains("[00aa00aa-bb11-cc22-dd33-44ee44ee44ee]"),
        "the domain joins its tenant: {listed}"
    );
    assert!(
        lines[2].contains("[fabrikam.com]") && !lines[2].contains("[contoso.com]"),
        "{listed}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

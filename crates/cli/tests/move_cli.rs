//! `lifeboat move` through the real binary against the simulator: Marco moves his four accounts (his company, a
//! client, a client where he is a guest, a client without consent for method reads) from his old iPhone to a
//! new Pixel. Each run starts the simulator afresh from a scenario file, so the scenario of each run is the
//! tenants as they are by then: before the move, after the new phone was added (and the old one removed in one
//! tenant), and with a tenant refusing the re-read.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_lifeboat");
const OLD: &str = "iPhone 13 di Marco";
const NEW: &str = "Pixel 9 di Marco";
const FERRI_OLD_ID: &str = "1f4b7d2a-6c9e-4a3b-8d5f-2e7a9c1b4d06";

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lifeboat-cli-move-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(book: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("LIFEBOAT_BOOK", book)
        .env("LIFEBOAT_LANG", lang)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn exit(output: &Output, code: i32) -> &Output {
    assert_eq!(
        output.status.code(),
        Some(code),
        "\n{}\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
    output
}

/// The practice scenario with Marco's old phone still in his hand, everyone approving on it, plus `extra`.
fn practice_with_old_phone(extra: &str) -> String {
    let practice = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/scenarios/practice.toml"
    );
    let mut text = std::fs::read_to_string(practice)
        .unwrap()
        .replace("in_hand = false", "in_hand = true");
    text.push_str(&format!(
        r#"
[[scripts]]
user = "marco.ferri@ferriconsulting.it"
outcome = "complete"
method = "push"

[[scripts]]
user = "ext.marco.ferri@oml.it"
outcome = "complete"
method = "push"

[[scripts]]
user = "marco.ferri@cantinacollieuganei.it"
outcome = "complete"
method = "push"
{extra}"#
    ));
    text
}

/// Where the user whose block contains `anchor` ends (the next table that is not one of its methods).
fn end_of_user(text: &str, anchor: &str) -> usize {
    let start = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor} in the scenario"));
    let mut at = start;
    loop {
        match text[at..].find("\n[[") {
            Some(offset) if text[at + offset..].starts_with("\n[[users.methods]]") => {
                at += offset + 1;
            }
            Some(offset) => return at + offset + 1,
            None => return text.len(),
        }
    }
}

/// Adds the new phone's Authenticator, created `created`, to the user whose block contains `anchor`.
fn add_new_phone(text: &mut String, anchor: &str, id: &str, created: &str) {
    let at = end_of_user(text, anchor);
    text.insert_str(
        at,
        &format!(
            r##"[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "{id}"
displayName = "{NEW}"
deviceTag = "SoftwareTokenActivated"
phoneAppVersion = "6.2501.0001"
createdDateTime = "{created}"

"##
        ),
    );
}

/// Removes the method block with this id.
fn delete_method(text: &mut String, id: &str) {
    let at = text.find(&format!("id = \"{id}\"")).unwrap();
    let start = text[..at].rfind("[[users.methods]]").unwrap();
    let end = start + 1 + text[start + 1..].find("\n[[").unwrap() + 1;
    text.replace_range(start..end, "");
}

/// The tenants after Marco added the Pixel everywhere (created now, after the move began) and, at his company,
/// removed the iPhone; the sign-in at the tenant without consent is approved on the Pixel.
fn after_the_new_phone(extra: &str) -> String {
    let created = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut text = practice_with_old_phone(extra);
    add_new_phone(
        &mut text,
        "upn = \"marco.ferri@ferriconsulting.it\"",
        "9a1b2c3d-0000-4000-8000-000000000001",
        &created,
    );
    add_new_phone(
        &mut text,
        "upn = \"ext.marco.ferri@oml.it\"",
        "9a1b2c3d-0000-4000-8000-000000000002",
        &created,
    );
    add_new_phone(
        &mut text,
        "home_upn = \"marco.ferri@ferriconsulting.it\"",
        "9a1b2c3d-0000-4000-8000-000000000003",
        &created,
    );
    add_new_phone(
        &mut text,
        "upn = \"marco.ferri@cantinacollieuganei.it\"",
        "9a1b2c3d-0000-4000-8000-000000000004",
        &created,
    );
    delete_method(&mut text, FERRI_OLD_ID);
    text.replace(
        "user = \"marco.ferri@cantinacollieuganei.it\"\noutcome = \"complete\"\nmethod = \"push\"",
        &format!("user = \"marco.ferri@cantinacollieuganei.it\"\noutcome = \"complete\"\nmethod = \"{NEW}\""),
    )
}

fn write(dir: &Path, name: &str, scenario: String) -> String {
    let path = dir.join(name);
    std::fs::write(&path, scenario).unwrap();
    path.to_str().unwrap().to_owned()
}

/// Marco's book: his company, client OML, client Rinaldi as a guest, the winery without consent.
fn book(dir: &Path) -> PathBuf {
    let book = dir.join("book.json");
    let accounts: [&[&str]; 4] = [
        &["--upn", "marco.ferri@ferriconsulting.it"],
        &["--upn", "ext.marco.ferri@oml.it"],
        &[
            "--upn",
            "marco.ferri@ferriconsulting.it",
            "--tenant-domain",
            "studiorinaldi.it",
            "--membership",
            "guest",
        ],
        &["--upn", "marco.ferri@cantinacollieuganei.it"],
    ];
    for account in accounts {
        let mut args = vec!["accounts", "add"];
        args.extend_from_slice(account);
        exit(&run(&book, "en", &args), 0);
    }
    book
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON document")
}

/// `(upn, standing)` of each account, in the record's order.
fn standings(record: &serde_json::Value) -> Vec<(String, String)> {
    record["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|account| {
            (
                account["upn"].as_str().unwrap().to_owned(),
                account["standing"]["standing"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn marco_moves_four_accounts_and_is_told_when_the_old_phone_is_safe_to_wipe() {
    let dir = workdir("journey");
    let book = book(&dir);
    let before = write(&dir, "before.toml", practice_with_old_phone(""));
    // The check reads the methods while the old phone still approves.
    exit(
        &run(&book, "en", &["check", "--sim", &before, "--timeout", "30"]),
        0,
    );

    let started = run(
        &book,
        "en",
        &[
            "move",
            "--old-phone",
            OLD,
            "--new-phone",
            NEW,
            "--sim",
            &before,
            "--format",
            "json",
        ],
    );
    let record = json(exit(&started, 3));
    assert_eq!(record["safeToWipe"], false);
    assert_eq!(
        standings(&record),
        [
            // The guest account and the unreadable one have nothing but the old phone (as far as is known): first.
            ("marco.ferri@ferriconsulting.it", "depends_on_old_phone"),
            ("marco.ferri@cantinacollieuganei.it", "depends_on_old_phone"),
            ("marco.ferri@ferriconsulting.it", "depends_on_old_phone"),
            ("ext.marco.ferri@oml.it", "depends_on_old_phone"),
        ]
        .map(|(upn, standing)| (upn.to_owned(), standing.to_owned()))
    );
    assert_eq!(record["accounts"][0]["id"], "3");
    assert_eq!(record["accounts"][0]["onlyOldPhone"], true);
    assert_eq!(record["accounts"][1]["basis"], "unknown");
    assert_eq!(record["accounts"][2]["onlyOldPhone"], false);
    assert!(text(&started.stderr).contains("not yet") || text(&started.stderr).contains("Not yet"));

    // After the Pixel was added everywhere and the iPhone removed at his company: a re-read proves it.
    let after = write(&dir, "after.toml", after_the_new_phone(""));
    let reread = run(&book, "en", &["move", "--sim", &after, "--format", "json"]);
    let record = json(exit(&reread, 3));
    let by_upn = |record: &serde_json::Value, index: usize| record["accounts"][index].clone();
    let remaining: Vec<(String, String)> = standings(&record);
    assert_eq!(
        remaining[0],
        (
            "marco.ferri@cantinacollieuganei.it".to_owned(),
            "depends_on_old_phone".to_owned()
        ),
        "{remaining:?}"
    );
    assert!(
        remaining[1..]
            .iter()
            .all(|(_, standing)| standing == "verified"),
        "{remaining:?}"
    );
    let company = (1..4)
        .map(|index| by_upn(&record, index))
        .find(|account| account["id"] == "1")
        .unwrap();
    let kinds: Vec<&str> = company["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|evidence| evidence["evidence"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["new_registration_read", "old_removed_read"]);

    // The winery cannot be read: a fresh sign-in approved on the Pixel, confirmed.
    let confirmed = run(
        &book,
        "en",
        &[
            "move",
            "confirm",
            "marco.ferri@cantinacollieuganei.it",
            "--sim",
            &after,
            "--timeout",
            "30",
        ],
    );
    assert!(text(&exit(&confirmed, 0).stdout)
        .contains("marco.ferri@cantinacollieuganei.it: confirmed."));

    // Graph throttles every read for longer than Lifeboat waits: nothing is lost. Only the accounts a re-read
    // can still tell something about are signed in to (OML and the guest account: the iPhone still listed).
    let throttled = write(
        &dir,
        "throttled.toml",
        after_the_new_phone("\n[faults]\nthrottle_every = 1\nretry_after_seconds = 300\n"),
    );
    let before_throttle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&book).unwrap()).unwrap();
    let out = text(&exit(&run(&book, "en", &["move", "--sim", &throttled]), 0).stdout);
    assert_eq!(out.matches(": not re-read; ").count(), 2, "{out}");
    assert!(
        out.contains("ext.marco.ferri@oml.it: not re-read; "),
        "{out}"
    );
    assert!(
        !out.contains("marco.ferri@cantinacollieuganei.it: not re-read"),
        "{out}"
    );
    let after_throttle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&book).unwrap()).unwrap();
    assert_eq!(after_throttle["phoneMove"], before_throttle["phoneMove"]);
    for index in 0..3 {
        assert_eq!(
            after_throttle["accounts"][index]["lastInventory"],
            before_throttle["accounts"][index]["lastInventory"]
        );
    }

    // OML starts refusing the sign-in: nothing recorded is lost, and the answer stands.
    let refusing = write(
        &dir,
        "refusing.toml",
        after_the_new_phone(
            "\n[[faults.token_errors]]\nuser = \"ext.marco.ferri@oml.it\"\ncode = 53003\n",
        ),
    );
    let last = run(&book, "en", &["move", "--sim", &refusing]);
    let out = text(&exit(&last, 0).stdout);
    assert!(
        out.contains(
            "ext.marco.ferri@oml.it: not re-read; what was recorded before is kept. Why: "
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "Yes: every account works without “iPhone 13 di Marco”. It is safe to wipe it."
        ),
        "{out}"
    );
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&book).unwrap()).unwrap();
    let oml = &saved["phoneMove"]["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|part| part["account"] == "2")
        .unwrap()["evidence"];
    assert_eq!(oml[0]["kind"], "new_registration_read", "{oml}");
    assert_eq!(
        saved["accounts"][1]["lastCheck"]["outcome"],
        "blocked_by_policy"
    );
    // The list read before (the YubiKey, the iPhone and the Pixel) is still there.
    assert_eq!(
        saved["accounts"][1]["lastInventory"]["methods"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // The record in Italian, from the book alone.
    let italian = run(&book, "it", &["move", "--no-reread"]);
    let out = text(&exit(&italian, 0).stdout);
    assert!(
        out.contains("Passaggio da “iPhone 13 di Marco” a “Pixel 9 di Marco”"),
        "{out}"
    );
    assert!(
        out.contains("Sì: ogni account funziona senza “iPhone 13 di Marco”. Puoi azzerarlo."),
        "{out}"
    );
}

#[test]
fn bad_input_gets_a_sentence_and_changes_nothing() {
    let dir = workdir("bad");
    let book = book(&dir);
    let before = write(&dir, "before.toml", practice_with_old_phone(""));
    exit(
        &run(&book, "en", &["check", "--sim", &before, "--timeout", "30"]),
        0,
    );
    let untouched = std::fs::read(&book).unwrap();
    let cases: [(&[&str], &str); 5] = [
        (
            &["move", "--no-reread"],
            "No move to a new phone has been started.",
        ),
        (
            &[
                "move",
                "--old-phone",
                "Nokia 3310",
                "--new-phone",
                NEW,
                "--no-reread",
            ],
            "“Nokia 3310” is not a phone Lifeboat knows. The one it knows: iPhone 13 di Marco.",
        ),
        (
            &[
                "move",
                "--old-phone",
                OLD,
                "--new-phone",
                " iphone 13 DI marco ",
                "--no-reread",
            ],
            "The old and the new phone have the same name",
        ),
        (
            &["move", "--old-phone", OLD, "--no-reread"],
            "Name the new phone.",
        ),
        (
            &["move", "never-used", "1"],
            "No move to a new phone has been started.",
        ),
    ];
    for (args, sentence) in cases {
        let output = run(&book, "en", args);
        exit(&output, 2);
        let stderr = text(&output.stderr);
        assert!(stderr.contains(sentence), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert_eq!(
            std::fs::read(&book).unwrap(),
            untouched,
            "{args:?} changed the book"
        );
    }

    exit(
        &run(
            &book,
            "en",
            &[
                "move",
                "--old-phone",
                OLD,
                "--new-phone",
                NEW,
                "--no-reread",
            ],
        ),
        3,
    );
    let verify = run(&book, "it", &["move", "done", "1", "verify"]);
    assert!(text(&exit(&verify, 2).stderr).contains("“Verifica” non si spunta"));
    let unknown = run(&book, "en", &["move", "done", "1", "dance"]);
    assert!(text(&exit(&unknown, 2).stderr)
        .contains("“dance” is not a step. The steps: add_authenticator, make_default"));
    let ticked = run(
        &book,
        "en",
        &[
            "move",
            "done",
            "marco.ferri@cantinacollieuganei.it",
            "make-default",
        ],
    );
    assert!(text(&exit(&ticked, 0).stdout).contains("ticked “make_default”"));
    let other = run(
        &book,
        "en",
        &[
            "move",
            "--old-phone",
            OLD,
            "--new-phone",
            "Galaxy S25",
            "--no-reread",
        ],
    );
    assert!(text(&exit(&other, 2).stderr)
        .contains("A move from “iPhone 13 di Marco” to “Pixel 9 di Marco” is under way"));
    // Marking every account as never used makes it safe; taking one back makes it unsafe again.
    for id in ["1", "2", "3", "4"] {
        exit(&run(&book, "en", &["move", "never-used", id]), 0);
    }
    exit(&run(&book, "en", &["move", "--no-reread"]), 0);
    exit(&run(&book, "en", &["move", "never-used", "2", "--undo"]), 0);
    exit(&run(&book, "en", &["move", "--no-reread"]), 3);
    exit(&run(&book, "en", &["move", "end"]), 0);
    exit(&run(&book, "en", &["move", "--no-reread"]), 2);
}

//! `lifeboat desk` through the real binary: opening tickets (and refusing foreign and damaged ones) without
//! signing in; the practice school's ticket from verification to closing note against the simulator, with the
//! refusal before verification and the preview that changes nothing; Lifeboat's and Microsoft's refusals
//! (a guest's sessions, TAP disabled, the report's role and licence); the readiness CSV.

mod support;

use std::path::{Path, PathBuf};

use lifeboat_core::book::Membership;
use lifeboat_core::ticket::block::TicketBlock;
use support::*;

// The tickets the window's desk tests make too.
#[path = "../../../tests/support/desk_ticket.rs"]
mod desk_ticket;
use desk_ticket::{block, ticket_eml, GIULIA, GIULIA_PHONE, SCHOOL_ADMIN};

/// The ticket as Lifeboat's `.eml` draft, saved as `name` in `dir`.
fn ticket_file(dir: &Path, name: &str, block: &TicketBlock) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, ticket_eml(block)).unwrap();
    path
}

fn giulia_ticket(dir: &Path) -> String {
    let block = block(
        "liceovolta.edu.it",
        GIULIA,
        Membership::Member,
        &[GIULIA_PHONE],
    );
    ticket_file(dir, "giulia.eml", &block).display().to_string()
}

#[test]
fn open_prints_the_ticket_and_tells_foreign_and_damaged_ones_apart() {
    let dir = workdir("desk-open");
    let book = dir.join("book.json");
    let ticket = giulia_ticket(&dir);
    let output = run(&book, "en", &["desk", "open", &ticket]);
    assert_ok(&output);
    assert!(stdout(&output).contains(GIULIA), "{}", stdout(&output));
    let json = run(&book, "en", &["desk", "open", &ticket, "--format", "json"]);
    assert_ok(&json);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["ticket"]["block"]["accounts"][0]["upn"], GIULIA);

    // Pasted: the ticket's text on standard input, as a helpdesk tool's copy would give it.
    let mut child = std::process::Command::new(BIN)
        .args(["desk", "open", "-"])
        .env_clear()
        .env("LIFEBOAT_BOOK", &book)
        .env("LIFEBOAT_LANG", "en")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pasted = block("liceovolta.edu.it", GIULIA, Membership::Member, &[]).armored_lines();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        pasted.join("\n").as_bytes(),
    )
    .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_ok(&output);
    assert!(stdout(&output).contains(GIULIA), "{}", stdout(&output));

    let foreign = dir.join("foreign.txt");
    std::fs::write(&foreign, "Hello IT, my phone is gone.").unwrap();
    let text = std::fs::read_to_string(&ticket).unwrap();
    let damaged = dir.join("damaged.eml");
    std::fs::write(&damaged, text.replace("-----END LIFEBOAT TICKET-----", "")).unwrap();
    let mut said = Vec::new();
    for file in [&foreign, &damaged] {
        let output = run(&book, "en", &["desk", "open", &file.display().to_string()]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        said.push(stderr(&output));
    }
    assert!(said[0].contains("not a Lifeboat ticket"), "{}", said[0]);
    assert!(said[1].contains("damaged"), "{}", said[1]);
}

#[test]
fn the_school_ticket_from_verification_to_closing_note() {
    let dir = workdir("desk-journey");
    let book = dir.join("book.json");
    let ticket = giulia_ticket(&dir);
    let sim = ["--admin", SCHOOL_ADMIN, "--sim", "practice"];
    let act = |extra: &[&str]| {
        let mut args = vec!["desk", "act", &ticket];
        args.extend(sim);
        args.extend(["--remove-listed", "--tap", "--revoke"]);
        args.extend(extra);
        run(&book, "en", &args)
    };
    let audit = dir.join("lifeboat-desk-audit.jsonl");

    let mut open = vec!["desk", "open", &ticket];
    open.extend(sim);
    let opened = run(&book, "en", &open);
    assert_ok(&opened);
    let row = stdout(&opened)
        .lines()
        .find(|line| line.contains(GIULIA_PHONE))
        .map(str::to_string)
        .unwrap_or_default();
    assert!(
        row.contains("to delete") && row.contains("Redmi Note 12 di Giulia"),
        "{}",
        stdout(&opened)
    );
    // An Authentication Administrator cannot read the TAP policy: said, and the policy's default applies.
    assert!(
        stderr(&opened).contains("Global Reader"),
        "{}",
        stderr(&opened)
    );

    let refused = act(&[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("identity verification"),
        "{}",
        stderr(&refused)
    );
    assert!(!audit.exists(), "nothing happened, nothing to audit");

    let verify = run(
        &book,
        "en",
        &[
            "desk",
            "verify",
            &ticket,
            "--admin",
            SCHOOL_ADMIN,
            "--how",
            "video_call_with_id",
        ],
    );
    assert_ok(&verify);

    let previewed = act(&[]);
    assert_ok(&previewed);
    let shown = stdout(&previewed);
    assert!(
        shown.contains("DELETE /v1.0/users/") && shown.contains(GIULIA_PHONE),
        "{shown}"
    );
    assert!(
        shown.contains("temporaryAccessPassMethods") && shown.contains("revokeSignInSessions"),
        "{shown}"
    );
    assert!(shown.contains("Nothing was done"), "{shown}");
    assert_eq!(
        std::fs::read_to_string(&audit).unwrap().lines().count(),
        1,
        "only the verification"
    );

    let done = act(&["--yes"]);
    assert_ok(&done);
    let shown = stdout(&done);
    let pass = shown
        .lines()
        .find(|line| line.starts_with("Temporary Access Pass"))
        .and_then(|line| line.rsplit(": ").next())
        .expect("the pass, shown once")
        .to_string();
    assert!(pass.len() >= 8, "{shown}");
    let log = std::fs::read_to_string(&audit).unwrap();
    assert!(!log.contains(&pass), "the pass never reaches the audit log");
    let outcomes: Vec<(String, String)> = log
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap())
        .map(|entry| {
            (
                entry["action"].as_str().unwrap().into(),
                entry["outcome"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("verify", "done"),
        ("remove_method", "done"),
        ("create_tap", "done"),
        ("revoke_sessions", "done"),
    ];
    assert_eq!(
        outcomes,
        expected
            .iter()
            .map(|(a, o)| (a.to_string(), o.to_string()))
            .collect::<Vec<_>>()
    );

    let note = run(&book, "en", &["desk", "note", &ticket]);
    assert_ok(&note);
    let note = stdout(&note);
    assert!(
        note.contains("Richiesta per") && note.contains("Redmi Note 12 di Giulia"),
        "in Italian: {note}"
    );
    assert!(!note.contains(&pass));
}

const REFUSALS: &str = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
licence = "p2"
require_mfa = false
consented_scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All", "Policy.Read.AuthenticationMethod", "User.RevokeSessions.All"]

[[tenants]]
id = "66666666-7777-4888-9999-000000000000"
domain = "fabrikam.it"
name = "Fabrikam"
kind = "business"
licence = "free"
require_mfa = false
consented_scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All", "Policy.Read.AuthenticationMethod", "User.RevokeSessions.All"]

[tenants.temporary_access_pass]
state = "disabled"

[[users]]
tenant = "contoso.it"
user_type = "guest"
home_upn = "gianni@partner.example"
password = "Gianni-2026"
display_name = "Gianni Ospite"

[[users.methods]]
"@odata.type" = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
id = "6d1f3b5a-8c2e-4d7f-a9b1-0e4c6a8d2f59"
displayName = "iPhone di Gianni"

[[users]]
tenant = "contoso.it"
upn = "bruno@contoso.it"
display_name = "Bruno Neri"
password = "Bruno-2026"
roles = ["Authentication Administrator"]

[[users]]
tenant = "contoso.it"
upn = "carla@contoso.it"
display_name = "Carla Blu"
password = "Carla-2026"
roles = ["Privileged Authentication Administrator", "Reports Reader", "Global Reader"]

[[users]]
tenant = "fabrikam.it"
upn = "fabio@fabrikam.it"
display_name = "Fabio Rossi"
password = "Fabio-2026"
roles = ["Privileged Authentication Administrator", "Reports Reader", "Global Reader"]

[[users]]
tenant = "fabrikam.it"
upn = "lia@fabrikam.it"
display_name = "Lia Gialli"
password = "Lia-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550199"
phoneType = "mobile"

[[generated_users]]
tenant = "contoso.it"
count = 3000
seed = 3
"##;

#[test]
fn lifeboats_and_microsofts_refusals_are_explained() {
    let dir = workdir("desk-refusals");
    let book = dir.join("book.json");
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, REFUSALS).unwrap();
    let scenario = scenario.display().to_string();
    let guest = block(
        "contoso.it",
        "gianni@partner.example",
        Membership::Guest,
        &[],
    );
    let guest_ticket = ticket_file(&dir, "gianni.eml", &guest)
        .display()
        .to_string();
    let lia = block("fabrikam.it", "lia@fabrikam.it", Membership::Member, &[]);
    let lia_ticket = ticket_file(&dir, "lia.eml", &lia).display().to_string();
    let cases: [(&str, Vec<&str>, &str); 4] = [
        (
            "a guest's sessions",
            vec![
                "desk",
                "act",
                &guest_ticket,
                "--admin",
                "carla@contoso.it",
                "--revoke",
            ],
            "guest",
        ),
        (
            "TAP disabled",
            vec![
                "desk",
                "act",
                &lia_ticket,
                "--admin",
                "fabio@fabrikam.it",
                "--tap",
            ],
            "disabled",
        ),
        (
            "no reports role",
            vec![
                "desk",
                "readiness",
                "--admin",
                "bruno@contoso.it",
                "--csv",
                "x.csv",
            ],
            "AuditLog.Read.All",
        ),
        (
            "no licence",
            vec![
                "desk",
                "readiness",
                "--admin",
                "fabio@fabrikam.it",
                "--csv",
                "x.csv",
            ],
            "P1 or P2",
        ),
    ];
    for (name, mut args, expected) in cases {
        args.extend(["--sim", &scenario]);
        if args[1] == "act" {
            args.extend(["--how", "in_person", "--yes"]);
        }
        let csv = dir.join("x.csv").display().to_string();
        let args: Vec<&str> = args
            .into_iter()
            .map(|arg| if arg == "x.csv" { csv.as_str() } else { arg })
            .collect();
        let output = run(&book, "en", &args);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(expected),
            "{name}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn readiness_writes_the_users_to_tell_and_drafts_the_message() {
    let dir = workdir("desk-readiness");
    let book = dir.join("book.json");
    let scenario = dir.join("scenario.toml");
    std::fs::write(&scenario, REFUSALS).unwrap();
    let csv = dir.join("readiness.csv");
    let output = run(
        &book,
        "it",
        &[
            "desk",
            "readiness",
            "--admin",
            "carla@contoso.it",
            "--sim",
            &scenario.display().to_string(),
            "--csv",
            &csv.display().to_string(),
        ],
    );
    assert_ok(&output);
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows = text.lines().count() - 1;
    let summary = stdout(&output);
    assert!(summary.contains("3003 utenti"), "{summary}");
    assert!(rows > 500 && rows < 3003, "{rows}");
    assert!(
        summary.contains("secondo metodo"),
        "the drafted message, in Italian: {summary}"
    );
    assert!(
        stderr(&output).contains("pagine"),
        "progress: {}",
        stderr(&output)
    );
}

#[test]
fn missing_admin_consent_names_the_permissions() {
    let dir = workdir("desk-consent");
    let book = dir.join("book.json");
    let csv = dir.join("x.csv").display().to_string();
    // The practice winery's tenant has consented to nothing.
    let admin = "amministrazione@cantinacollieuganei.it";
    let output = run(
        &book,
        "en",
        &[
            "desk",
            "readiness",
            "--admin",
            admin,
            "--sim",
            "practice",
            "--csv",
            &csv,
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("admin consent") && stderr(&output).contains("AuditLog.Read.All"),
        "{}",
        stderr(&output)
    );
}

//! `lifeboat reregister` through the real binary against the simulator: Giulia's school IT has acted; she ticks
//! her steps, a sign-in she cancels proves nothing, and a fresh sign-in passed with her new phone's Authenticator
//! (registered after she started) turns the account self-service, proven by that sign-in.

mod support;

use support::*;

const GIULIA: &str = "giulia.ferri@studenti.liceovolta.edu.it";
const NEW_PHONE: &str = "Pixel 8 di Giulia";
const NEW_ID: &str = "5e1d0c9b-0000-4000-8000-00000000a001";

/// The practice scenario after Giulia added Authenticator on her new phone (created now), and how her next
/// sign-in goes (`outcome` and `method` of the simulator's script).
fn scenario(dir: &std::path::Path, name: &str, script: &str) -> String {
    let practice = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/scenarios/practice.toml"
    );
    let mut text = std::fs::read_to_string(practice).unwrap();
    let created = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    // Her lost Redmi's block ends the user: the new phone goes right after it.
    let anchor = "displayName = \"Redmi Note 12 di Giulia\"";
    let at = text.find(anchor).unwrap();
    let end = at + text[at..].find("\n\n").unwrap() + 2;
    text.insert_str(
        end,
        &format!(
            "[[users.methods]]\n\"@odata.type\" = \"#microsoft.graph.microsoftAuthenticatorAuthenticationMethod\"\nid = \"{NEW_ID}\"\ndisplayName = \"{NEW_PHONE}\"\ndeviceTag = \"SoftwareTokenActivated\"\nphoneAppVersion = \"6.2501.0001\"\ncreatedDateTime = \"{created}\"\n\n"
        ),
    );
    text.push_str(&format!("\n[[scripts]]\nuser = \"{GIULIA}\"\n{script}\n"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn giulia_re_registers_and_proves_it_with_a_fresh_sign_in() {
    let dir = workdir("reregister");
    let book = dir.join("book.json");
    assert_ok(&run(&book, "en", &["accounts", "add", "--upn", GIULIA]));
    assert_ok(&run(
        &book,
        "en",
        &["situation", "--lost-device", "Redmi Note 12 di Giulia"],
    ));

    // Nothing to show before she says IT acted.
    let early = run(&book, "en", &["reregister", "show", GIULIA]);
    assert_eq!(early.status.code(), Some(2));
    assert!(
        stderr(&early).contains("Say first that IT has acted"),
        "{}",
        stderr(&early)
    );

    let started = run(&book, "en", &["reregister", "start", GIULIA]);
    assert_ok(&started);
    let steps = stdout(&started);
    assert!(steps.contains("1. [ ] Open Security info"), "{steps}");
    assert!(
        steps.contains("(remove_lost_device)") && steps.contains("6. [ ] Prove it"),
        "{steps}"
    );

    // "Prove it" is evidence, never a tick; the others are ticked.
    let tick_verify = run(&book, "en", &["reregister", "done", GIULIA, "verify"]);
    assert_eq!(tick_verify.status.code(), Some(2));
    assert!(
        stderr(&tick_verify).contains("add_authenticator"),
        "{}",
        stderr(&tick_verify)
    );
    let ticked = run(
        &book,
        "en",
        &["reregister", "done", GIULIA, "add-authenticator"],
    );
    assert_ok(&ticked);
    assert!(
        stdout(&ticked).contains("2. [x] Add Microsoft Authenticator"),
        "{}",
        stdout(&ticked)
    );

    // A sign-in she cancels proves nothing, and nothing is recorded.
    let cancelled = scenario(&dir, "cancelled.toml", "outcome = \"cancel\"");
    let refused = run(
        &book,
        "en",
        &[
            "reregister",
            "verify",
            GIULIA,
            "--sim",
            &cancelled,
            "--timeout",
            "30",
        ],
    );
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("proves nothing yet"),
        "{}",
        stderr(&refused)
    );

    // The fresh sign-in, passed with the new phone: proven, and the account can be recovered alone.
    let approved = scenario(
        &dir,
        "approved.toml",
        &format!("outcome = \"complete\"\nmethod = \"{NEW_ID}\""),
    );
    let proven = run(
        &book,
        "en",
        &[
            "reregister",
            "verify",
            GIULIA,
            "--sim",
            &approved,
            "--timeout",
            "30",
        ],
    );
    assert_ok(&proven);
    let out = stdout(&proven);
    assert!(out.contains("6. [x] Prove it"), "{out}");
    assert!(
        out.contains("Re-registered and proven") && out.contains(NEW_PHONE),
        "{out}"
    );
    // The book keeps the sign-in confirmed with the new method: the assessment's proof.
    let list = run(&book, "en", &["accounts", "list", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let last = &json[0]["lastCheck"];
    assert_eq!(last["outcome"], "completed", "{json}");
    assert_eq!(last["secondStepConfirmed"], true, "{json}");
    assert_eq!(last["secondStepMethod"], NEW_ID, "{json}");
    assert!(json[0]["reregistration"]["verified"].is_object(), "{json}");
}

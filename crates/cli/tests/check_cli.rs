//! `lifeboat check --sim SCENARIO` through the real binary: the practice tenants with scripted people, the
//! evidence recorded in the account book, verdicts as they come (text, both languages) and JSON for machines.

mod support;

use support::*;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The shipped practice scenario, with what each person does at the browser.
fn scenario(dir: &Path) -> PathBuf {
    let practice = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/scenarios/practice.toml"
    );
    let mut text = std::fs::read_to_string(practice).unwrap();
    text.push_str(
        r#"
[[scripts]]
user = "giulia.ferri@studenti.liceovolta.edu.it"
outcome = "stuck_at_mfa"

[[scripts]]
user = "marco.ferri@ferriconsulting.it"
outcome = "complete"
method = "sms"

[[scripts]]
user = "ext.marco.ferri@oml.it"
outcome = "complete"
method = "security_key"

[[scripts]]
user = "marco.ferri@cantinacollieuganei.it"
outcome = "complete"
method = "voice"
"#,
    );
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn ok(output: Output) -> Output {
    assert_ok(&output);
    output
}

/// The consultant's book: his company, client X, client Y as a guest, the tenant without consent; and his
/// daughter's school account. Both phones are declared lost.
fn book(dir: &Path) -> PathBuf {
    let book = dir.join("book.json");
    let accounts: [&[&str]; 5] = [
        &[
            "--upn",
            "giulia.ferri@studenti.liceovolta.edu.it",
            "--organisation",
            "Liceo Volta",
        ],
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
        ok(run(&book, "en", &args));
    }
    ok(run(
        &book,
        "en",
        &[
            "situation",
            "--lost-device",
            "iPhone 13 di Marco",
            "--lost-device",
            "Redmi Note 12 di Giulia",
        ],
    ));
    book
}

#[test]
fn check_against_the_simulator_records_evidence_and_prints_verdicts() {
    let dir = workdir("check-json");
    let (scenario, book) = (scenario(&dir), book(&dir));
    let output = ok(run(
        &book,
        "en",
        &[
            "check",
            "--sim",
            scenario.to_str().unwrap(),
            "--format",
            "json",
            "--timeout",
            "30",
        ],
    ));
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    assert_eq!(report["clientId"], "14d82eec-204b-4c2f-b7e8-296a70dab67e");
    let accounts = report["accounts"].as_array().unwrap();
    let summary: Vec<(String, String, String)> = accounts
        .iter()
        .map(|a| {
            (
                a["upn"].as_str().unwrap().to_string(),
                a["signIn"]["outcome"].as_str().unwrap().to_string(),
                a["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        (
            "giulia.ferri@studenti.liceovolta.edu.it",
            "blocked_by_mfa",
            "needs_it",
        ),
        (
            "marco.ferri@ferriconsulting.it",
            "completed",
            "self_service",
        ),
        ("ext.marco.ferri@oml.it", "completed", "self_service"),
        (
            "marco.ferri@ferriconsulting.it",
            "blocked_by_mfa",
            "needs_it",
        ),
        ("marco.ferri@cantinacollieuganei.it", "completed", "unknown"),
    ];
    assert_eq!(summary.len(), expected.len(), "{summary:?}");
    for ((upn, outcome, verdict), (want_upn, want_outcome, want_verdict)) in
        summary.iter().zip(expected)
    {
        assert_eq!(
            (upn.as_str(), outcome.as_str(), verdict.as_str()),
            (want_upn, want_outcome, want_verdict)
        );
    }
    assert_eq!(accounts[1]["methods"], "read");
    assert_eq!(accounts[4]["methods"], "needs_admin_consent");
    // Progress went to stderr, so stdout stayed one document.
    assert!(text(&output.stderr).contains("[1/5]"));

    // The book now holds the evidence, the inventories and the tenant ids learnt from the sign-ins.
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&book).unwrap()).unwrap();
    let stored = saved["accounts"].as_array().unwrap();
    assert_eq!(stored[0]["lastCheck"]["outcome"], "blocked_by_mfa");
    assert_eq!(stored[1]["lastInventory"]["source"], "graph");
    assert_eq!(
        stored[1]["lastInventory"]["methods"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        stored[1]["tenantId"],
        "a7e2c9b4-3d16-4c8e-8f05-6b1d9e2a7c31"
    );
    assert!(stored[4].get("lastInventory").is_none());
    let raw = std::fs::read_to_string(&book).unwrap();
    assert!(
        !raw.contains("sim-at.") && !raw.to_ascii_lowercase().contains("refresh"),
        "no token in the book"
    );

    // The tickets command now sees which tenants need IT.
    let tickets = ok(run(
        &book,
        "en",
        &["tickets", "--contact-email", "marco.ferri@personal.example"],
    ));
    let tickets = text(&tickets.stdout);
    assert!(
        tickets.contains("giulia.ferri@studenti.liceovolta.edu.it"),
        "{tickets}"
    );
}

#[test]
fn text_output_speaks_italian_and_english() {
    let dir = workdir("check-text");
    let (scenario, book) = (scenario(&dir), book(&dir));
    let english = ok(run(
        &book,
        "en",
        &[
            "check",
            "--sim",
            scenario.to_str().unwrap(),
            "--account",
            "2",
        ],
    ));
    let english = text(&english.stdout);
    assert!(
        english.contains("Signing in with the app Microsoft Graph Command Line Tools"),
        "{english}"
    );
    assert!(
        english.contains("[1/1] marco.ferri@ferriconsulting.it: signed in, list of methods read"),
        "{english}"
    );
    assert!(english.contains("(self_service)"));

    let italian = ok(run(
        &book,
        "it",
        &[
            "check",
            "--sim",
            scenario.to_str().unwrap(),
            "--account",
            "1",
        ],
    ));
    let italian = text(&italian.stdout);
    assert!(
        italian.contains("Accesso a giulia.ferri@studenti.liceovolta.edu.it"),
        "{italian}"
    );
    assert!(
        italian.contains("fermo alla seconda verifica (MFA)"),
        "{italian}"
    );
    assert!(italian.contains("(needs_it)"));
    // The problem at the end of the line speaks the CLI's language too.
    assert!(
        italian.contains("— Hai indicato di essere bloccato alla seconda verifica (MFA)."),
        "{italian}"
    );
    assert!(!italian.contains("stuck"), "{italian}");
}

/// A refused sign-in (AADSTS53003 injected at the token endpoint): the line keeps the code and explains it in
/// the CLI's language, in text and in JSON.
#[test]
fn a_refused_sign_in_is_explained_in_the_clis_language() {
    let dir = workdir("check-refused");
    let (scenario, book) = (scenario(&dir), book(&dir));
    let mut text_of_scenario = std::fs::read_to_string(&scenario).unwrap();
    text_of_scenario.push_str(
        "\n[[faults.token_errors]]\nuser = \"ext.marco.ferri@oml.it\"\ncode = 53003\ngrant_type = \"authorization_code\"\n",
    );
    std::fs::write(&scenario, text_of_scenario).unwrap();
    let check = |lang: &str, format: &str| {
        ok(run(
            &book,
            lang,
            &[
                "check",
                "--sim",
                scenario.to_str().unwrap(),
                "--account",
                "ext.marco.ferri@oml.it",
                "--format",
                format,
            ],
        ))
    };

    let italian = text(&check("it", "text").stdout);
    assert!(
        italian.contains(
            "(needs_it) [AADSTS53003] — Un criterio di sicurezza dell'organizzazione ha bloccato l'accesso \
             (AADSTS53003): serve l'aiuto dell'IT."
        ),
        "{italian}"
    );
    assert!(
        italian.contains("ext.marco.ferri@oml.it: bloccato da un criterio di accesso — "),
        "{italian}"
    );

    let english = text(&check("en", "text").stdout);
    assert!(
        english.contains(
            "[AADSTS53003] — An access policy of the organisation blocked the sign-in (AADSTS53003); IT has to help."
        ),
        "{english}"
    );

    let report: serde_json::Value =
        serde_json::from_slice(&check("it", "json").stdout).expect("stdout is one JSON document");
    assert_eq!(
        report["accounts"][0]["problem"],
        "Un criterio di sicurezza dell'organizzazione ha bloccato l'accesso (AADSTS53003): serve l'aiuto dell'IT."
    );
    assert_eq!(report["accounts"][0]["signIn"]["aadsts"], 53003);
}

#[test]
fn bad_input_is_exit_2_with_one_line() {
    let dir = workdir("check-bad");
    let book = book(&dir);
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "[[tenants]]\nid = 5\n").unwrap();
    let output = run(&book, "en", &["check", "--sim", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = text(&output.stderr);
    assert!(message.contains("broken.toml"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");

    let output = run(
        &book,
        "en",
        &[
            "check",
            "--sim",
            broken.to_str().unwrap(),
            "--account",
            "nobody@nowhere.example",
        ],
    );
    assert_eq!(output.status.code(), Some(2));

    let empty = dir.join("empty.json");
    let output = run(&empty, "en", &["check", "--sim", "practice"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("lifeboat accounts add"));
}

/// Without a graphical session (no DISPLAY, no WAYLAND_DISPLAY: `run` clears the environment) `check` does not
/// hand the sign-in to a browser nobody would see: it says so and uses the device code.
#[test]
fn without_a_display_the_check_uses_the_device_code_and_says_why() {
    let dir = workdir("check-no-display");
    let book = dir.join("book.json");
    assert_ok(&run(
        &book,
        "en",
        &["accounts", "add", "--upn", "a@contoso.com"],
    ));
    for (lang, why) in [
        ("en", "There is no graphical session here"),
        ("it", "Qui non c'è una sessione grafica"),
    ] {
        // Nothing listens on port 9: the sign-in ends at once with a network problem, after the announcement.
        let output = run(
            &book,
            lang,
            &[
                "check",
                "--authority",
                "http://127.0.0.1:9",
                "--graph",
                "http://127.0.0.1:9",
            ],
        );
        let said = text(&output.stdout);
        assert!(said.contains(why), "{lang}: {said}");
        assert!(
            !said.contains("browser window"),
            "{lang}: no browser hint: {said}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// `lifeboat troubleshoot` measures this computer's clock against the sign-in service's `Date` (the simulator's
/// runs 47 s ahead) and says what follows for one-time codes, in the person's language.
#[test]
fn troubleshoot_measures_the_clock_and_says_why_codes_fail() {
    let dir = workdir("check-troubleshoot");
    let practice = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/scenarios/practice.toml"
    );
    let skewed = std::fs::read_to_string(practice).unwrap().replacen(
        "[simulator]\n",
        "[simulator]\nclock_skew_seconds = 47\n",
        1,
    );
    let scenario = dir.join("skewed.toml");
    std::fs::write(&scenario, skewed).unwrap();
    let book = dir.join("book.json");
    assert_ok(&run(
        &book,
        "en",
        &["accounts", "add", "--upn", "marco.ferri@ferriconsulting.it"],
    ));
    let sim = scenario.to_str().unwrap();
    // The Date header has whole seconds: the measurement is right within one.
    let near_47 = |said: &str, before: &str, after: &str| {
        (46..=48).any(|n| said.contains(&format!("{before}{n}{after}")))
    };
    for (lang, before, after) in [
        ("en", "is ", " seconds behind Microsoft's"),
        ("it", "indietro di ", " secondi"),
    ] {
        let said = text(&ok(run(&book, lang, &["troubleshoot", "--sim", sim])).stdout);
        assert!(
            near_47(&said, ": -", " s") && near_47(&said, before, after),
            "{lang}: {said}"
        );
    }
    let json: serde_json::Value = serde_json::from_slice(
        &ok(run(
            &book,
            "en",
            &["troubleshoot", "--sim", sim, "--format", "json"],
        ))
        .stdout,
    )
    .unwrap();
    let measured = json["clockOffsetSeconds"].as_i64().unwrap();
    assert!((-48..=-46).contains(&measured), "{measured}");
    assert_eq!(
        json["accounts"][0]["advice"][0]["symptom"],
        "codes_rejected"
    );
    // Without the measurement, an account with nothing known has nothing to advise.
    let said = text(&ok(run(&book, "en", &["troubleshoot", "--no-clock"])).stdout);
    assert!(said.contains("Nothing in what Lifeboat knows"), "{said}");
    std::fs::remove_dir_all(dir).unwrap();
}

/// `lifeboat record` writes the prevention record: an HTML page in the person's language, names escaped.
#[test]
fn the_prevention_record_is_one_html_page_in_the_persons_language() {
    let dir = workdir("check-record");
    let book = dir.join("book.json");
    assert_ok(&run(
        &book,
        "en",
        &[
            "accounts",
            "add",
            "--upn",
            "mario@contoso.com",
            "--organisation",
            "<b>Contoso</b>",
        ],
    ));
    for (lang, heading) in [
        ("en", "Your sign-in readiness record"),
        ("it", "Il tuo resoconto di prontezza"),
    ] {
        let html = text(&ok(run(&book, lang, &["record"])).stdout);
        assert!(
            html.starts_with("<!DOCTYPE html>") && html.contains(heading),
            "{lang}: {html}"
        );
        assert!(
            html.contains("&lt;b&gt;Contoso&lt;/b&gt;") && !html.contains("<b>"),
            "{html}"
        );
    }
    let file = dir.join("record.html");
    assert_ok(&run(
        &book,
        "en",
        &["record", "--out", file.to_str().unwrap()],
    ));
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("mario@contoso.com"));
    std::fs::remove_dir_all(dir).unwrap();
}

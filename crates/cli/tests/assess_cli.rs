//! `lifeboat assess` run as a real binary over the Graph fixtures: the JSON contract, the text in both languages
//! and the exit codes of bad input.

use std::process::{Command, Output};

use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/graph");
const IPHONE: &str = "Sandeep's iPhone";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn lifeboat(args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .env("LIFEBOAT_LANG", lang)
        .env_remove("RUST_LOG")
        .output()
        .expect("the lifeboat binary runs")
}

/// Runs `assess --format json` over fixture files plus extra flags.
fn assess_json(files: &[&str], flags: &[&str]) -> Value {
    let paths: Vec<String> = files.iter().map(|file| fixture(file)).collect();
    let mut args = vec!["assess", "--format", "json"];
    for path in &paths {
        args.extend(["--methods", path.as_str()]);
    }
    args.extend(flags);
    let output = lifeboat(&args, "en");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON object")
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect()
}

#[test]
fn json_contract_for_each_verdict() {
    let cases: [(&[&str], &[&str], &str, &str); 8] = [
        (
            &["methods-authenticator-only.json"],
            &[],
            "self_service",
            "D",
        ),
        (
            &["methods-authenticator-only.json"],
            &["--lost-device", IPHONE],
            "needs_it",
            "F",
        ),
        (
            &["methods-authenticator-and-sms-mobile.json"],
            &["--lost-device", IPHONE],
            "self_service",
            "D",
        ),
        (
            &["methods-authenticator-and-sms-mobile.json"],
            &[
                "--lost-device",
                IPHONE,
                "--unreachable-number",
                "+1 206 555 0123",
            ],
            "needs_it",
            "F",
        ),
        (
            &["methods-fido2-key-and-authenticator.json"],
            &[],
            "self_service",
            "A",
        ),
        (
            &["methods-email-and-password-only.json"],
            &["--lost-device", IPHONE],
            "not_registered",
            "F",
        ),
        (
            &["methods-whfb-and-authenticator.json"],
            &["--lost-device", IPHONE],
            "self_service",
            "D",
        ),
        (
            &["methods-softwareoath-only.json"],
            &["--lost-device", IPHONE],
            "needs_it",
            "F",
        ),
    ];
    for (files, flags, verdict, grade) in cases {
        let json = assess_json(files, flags);
        assert_eq!(json["verdict"], verdict, "{files:?} {flags:?}");
        assert_eq!(json["grade"], grade, "{files:?} {flags:?}");
        for list in ["usable", "not_counted"] {
            for item in json[list].as_array().unwrap() {
                assert!(
                    item["id"].is_string() && item["reason"].is_string(),
                    "{item}"
                );
                let kind = item["type"].as_str().unwrap();
                assert!(
                    kind.ends_with("AuthenticationMethod") && !kind.starts_with('#'),
                    "{kind}"
                );
            }
        }
        assert!(json["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string));
        assert!(!json["steps"].as_array().unwrap().is_empty());
    }
    let unknown = {
        let dir =
            std::env::temp_dir().join(format!("lifeboat-assess-unknown-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("future.json");
        std::fs::write(&file, r##"{"value": [{"@odata.type": "#microsoft.graph.futureAuthenticationMethod", "id": "f"}]}"##)
            .unwrap();
        let output = lifeboat(
            &[
                "assess",
                "--format",
                "json",
                "--methods",
                file.to_str().unwrap(),
            ],
            "en",
        );
        serde_json::from_slice::<Value>(&output.stdout).unwrap()
    };
    assert_eq!(unknown["verdict"], "unknown");
    assert_eq!(
        unknown["not_counted"][0]["type"],
        "futureAuthenticationMethod"
    );
}

#[test]
fn usable_and_not_counted_name_the_methods() {
    let json = assess_json(
        &["methods-authenticator-and-sms-mobile.json"],
        &["--lost-device", "sandeep’s IPHONE"],
    );
    assert_eq!(
        ids(&json["usable"]),
        ["3179e48a-750b-4051-897c-87b9720928f7"]
    );
    assert_eq!(json["usable"][0]["type"], "phoneAuthenticationMethod");
    assert_eq!(
        ids(&json["not_counted"]),
        [
            "28c10230-6103-485e-b985-444c60001490",
            "6803c096-c096-6803-96c0-036896c00368"
        ]
    );
    // The full number is never printed.
    assert!(!json.to_string().contains("2065550123"));
}

#[test]
fn several_methods_files_are_pages_of_one_collection() {
    let json = assess_json(
        &["methods-paged-page1.json", "methods-paged-page2.json"],
        &["--lost-device", IPHONE],
    );
    assert_eq!(json["verdict"], "self_service");
    assert_eq!(
        ids(&json["usable"]),
        ["3179e48a-750b-4051-897c-87b9720928f7"]
    );
    assert_eq!(json["not_counted"].as_array().unwrap().len(), 3);
    // The same page twice counts once.
    let twice = assess_json(
        &["methods-paged-page1.json", "methods-paged-page1.json"],
        &[],
    );
    assert_eq!(
        twice["usable"].as_array().unwrap().len() + twice["not_counted"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn declarations_change_the_verdict() {
    let passkey = ["methods-authenticator-plus-authenticator-passkey.json"];
    assert_eq!(
        assess_json(&passkey, &["--lost-device", IPHONE])["verdict"],
        "needs_it"
    );
    assert_eq!(
        assess_json(&passkey, &["--lost-device", IPHONE, "--passkey-elsewhere"])["verdict"],
        "self_service"
    );
    let oath = ["methods-softwareoath-only.json"];
    let asked = assess_json(&oath, &[]);
    assert!(
        asked["steps"][0]
            .as_str()
            .unwrap()
            .ends_with(" [--otp-elsewhere]"),
        "{}",
        asked["steps"]
    );
    assert_eq!(
        assess_json(&oath, &["--otp-elsewhere"])["verdict"],
        "self_service"
    );
    let tap = ["methods-authenticator-and-usable-tap.json"];
    assert_eq!(
        assess_json(
            &tap,
            &["--lost-device", IPHONE, "--as-of", "2026-09-14T09:30:00Z"]
        )["verdict"],
        "self_service"
    );
    assert_eq!(
        assess_json(
            &tap,
            &["--lost-device", IPHONE, "--as-of", "2026-09-15T09:30:00Z"]
        )["verdict"],
        "needs_it"
    );
    let unmatched = assess_json(
        &["methods-authenticator-only.json"],
        &["--lost-device", "old phone"],
    );
    assert_eq!(unmatched["verdict"], "needs_it");
    let held = assess_json(
        &["methods-authenticator-only.json"],
        &["--lost-device", "old phone", "--held-device", IPHONE],
    );
    assert_eq!(held["verdict"], "self_service");
    let link = assess_json(
        &["methods-fido2-key-and-authenticator.json"],
        &[
            "--lost-device",
            IPHONE,
            "--tenant-id",
            "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
        ],
    );
    assert!(link["steps"][0]
        .as_str()
        .unwrap()
        .contains("https://mysignins.microsoft.com/security-info?tenantId=00aa00aa-bb11-cc22-dd33-44ee44ee44ee"));
}

#[test]
fn text_output_follows_the_language() {
    let path = fixture("methods-authenticator-and-sms-mobile.json");
    let args = [
        "assess",
        "--methods",
        path.as_str(),
        "--lost-device",
        IPHONE,
    ];
    let english = lifeboat(&args, "en");
    assert!(english.status.success());
    let english = String::from_utf8(english.stdout).unwrap();
    assert!(
        english.starts_with(
            "Verdict: You can most likely recover this account yourself. (self_service)\n"
        ),
        "{english}"
    );
    assert!(
        english.contains("\nGrade: D (a single method)\n"),
        "{english}"
    );
    assert!(
        english.contains(
            "\nUsable methods:\n  - mobile phone ending 0123: likely usable by SMS or call"
        ),
        "{english}"
    );
    assert!(
        english.contains("\nWhat to do:\n  1. If the SIM for the number ending 0123"),
        "{english}"
    );

    let italian = lifeboat(&args, "it");
    assert!(italian.status.success());
    let italian = String::from_utf8(italian.stdout).unwrap();
    assert!(italian.starts_with("Verdetto: Molto probabilmente puoi recuperare questo account da solo. (self_service)\n"), "{italian}");
    assert!(
        italian.contains("\nVoto: D (un solo metodo)\n"),
        "{italian}"
    );
    assert!(
        italian
            .contains("\nMetodi che non contano:\n  - password: la password è solo il primo passo"),
        "{italian}"
    );
    assert!(
        italian.contains("\nCosa fare:\n  1. Se la SIM del numero che termina con 0123"),
        "{italian}"
    );

    // Without LIFEBOAT_LANG, the POSIX locale decides.
    let from_locale = Command::new(env!("CARGO_BIN_EXE_lifeboat"))
        .args(args)
        .env_remove("LIFEBOAT_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "it_IT.UTF-8")
        .output()
        .unwrap();
    assert!(String::from_utf8(from_locale.stdout)
        .unwrap()
        .starts_with("Verdetto: "));
}

fn assert_bad_input(output: &Output, names: &str, problem: &str) {
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(names) && stderr.contains(problem),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("lifeboat-assess-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, content: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        path.to_string_lossy().into_owned()
    };
    let truncated = write("truncated.json", b"{\"value\": [");
    let shape = write("shape.json", b"{\"items\": []}");
    let wrong_field = write(
        "wrong-field.json",
        br##"[{"@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod", "id": "t", "isUsable": "yes"}]"##,
    );
    let binary = write("binary.json", &[0xff, 0xfe, 0x00, 0x41]);
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let good = fixture("methods-authenticator-only.json");
    let cases = [
        (truncated.clone(), "truncated.json", "not valid JSON"),
        (shape, "shape.json", "expected a Graph collection"),
        (
            wrong_field,
            "wrong-field.json",
            "method 1 (temporaryAccessPassAuthenticationMethod): invalid type",
        ),
        (binary, "binary.json", "cannot read the file"),
        (missing, "missing.json", "cannot read the file"),
    ];
    for (path, name, problem) in cases {
        for lang in ["en", "it"] {
            let output = lifeboat(
                &[
                    "assess",
                    "--methods",
                    good.as_str(),
                    "--methods",
                    path.as_str(),
                ],
                lang,
            );
            assert_bad_input(&output, name, problem);
        }
    }
    let output = lifeboat(
        &["assess", "--methods", good.as_str(), "--as-of", "soon"],
        "en",
    );
    assert_bad_input(&output, "--as-of", "RFC 3339");
    // A missing --methods is a usage error from clap, also exit 2.
    assert_eq!(lifeboat(&["assess"], "en").status.code(), Some(2));
}

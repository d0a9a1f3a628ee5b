//! Scenario files: the practice scenario, and malformed files reported with file, line and field.

use lifeboat_sim::{Licence, Scenario, TenantKind, UserType, PRACTICE_TOML};
use proptest::prelude::*;

const TENANT: &str = r#"[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
"#;

const USER: &str = r#"
[[users]]
tenant = "contoso.it"
upn = "anna@contoso.it"
display_name = "Anna"
password = "pw"
"#;

#[test]
fn the_practice_scenario_has_the_issues_tenants() {
    let scenario = Scenario::practice();
    let file = Scenario::from_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/practice.toml"
    ))
    .unwrap();
    assert_eq!(scenario.tenants(), file.tenants());
    assert_eq!(scenario.users(), file.users());
    let tenants = scenario.tenants();
    assert_eq!(tenants.len(), 5);
    assert_eq!(
        tenants
            .iter()
            .filter(|t| t.kind() == TenantKind::Education)
            .count(),
        1
    );
    let no_consent: Vec<&str> = tenants
        .iter()
        .filter(|t| {
            !t.consented_scopes()
                .any(|scope| scope == "UserAuthenticationMethod.Read")
        })
        .map(|t| t.domain())
        .collect();
    assert_eq!(no_consent, vec!["cantinacollieuganei.it"]);
    let free: Vec<&str> = tenants
        .iter()
        .filter(|t| t.licence() == Licence::Free)
        .map(|t| t.domain())
        .collect();
    assert_eq!(
        free,
        vec!["cantinacollieuganei.it"],
        "reports refused there"
    );
    let user = |upn: &str| {
        scenario
            .users()
            .iter()
            .find(|u| u.upn() == upn)
            .unwrap_or_else(|| panic!("{upn}"))
    };
    let types = |upn: &str| -> Vec<(String, bool)> {
        user(upn)
            .methods()
            .iter()
            .map(|m| (m.short_type().to_string(), m.in_hand()))
            .filter(|(t, _)| t != "password")
            .collect()
    };
    // The student: Authenticator only, phone lost.
    assert_eq!(
        types("giulia.ferri@studenti.liceovolta.edu.it"),
        vec![("microsoftAuthenticator".into(), false)]
    );
    // The consultant's company: Authenticator + SMS.
    assert_eq!(
        types("marco.ferri@ferriconsulting.it"),
        vec![
            ("microsoftAuthenticator".into(), false),
            ("phone".into(), true)
        ]
    );
    // Client X: Authenticator + FIDO2 key.
    assert_eq!(
        types("ext.marco.ferri@oml.it"),
        vec![
            ("microsoftAuthenticator".into(), false),
            ("fido2".into(), true)
        ]
    );
    // Client Y: a guest with Authenticator only.
    let guest = scenario
        .users()
        .iter()
        .find(|u| u.user_type() == UserType::Guest)
        .unwrap();
    assert_eq!(guest.sign_in_name(), "marco.ferri@ferriconsulting.it");
    assert_eq!(
        guest.upn(),
        "marco.ferri_ferriconsulting.it#ext#@studiorinaldi.it"
    );
    assert_eq!(guest.methods().len(), 1);
    // Every tenant has an administrator.
    for tenant in tenants {
        assert!(
            scenario
                .users()
                .iter()
                .any(|u| u.tenant_id() == tenant.id() && !u.roles().is_empty()),
            "{} has no admin",
            tenant.domain()
        );
    }
}

/// (scenario text, line, field, part of the message)
fn malformed() -> Vec<(String, usize, &'static str, &'static str)> {
    vec![
        (TENANT.replace("\"business\"", "\"school\""), 5, "tenants.kind", "unknown variant `school`"),
        (TENANT.replace("name = \"Contoso\"\n", ""), 1, "tenants.name", "missing field `name`"),
        (format!("{TENANT}{}", USER.replace("password", "pasword")), 11, "users.pasword", "unknown field `pasword`"),
        (format!("{TENANT}{}", USER.replace("tenant = \"contoso.it\"", "tenant = \"fabrikam.it\"")), 8, "users.tenant", "no tenant with id or domain `fabrikam.it`"),
        (TENANT.replace("11111111-2222-4333-8444-555555555555", "not-a-guid"), 2, "tenants.id", "GUID"),
        (format!("{TENANT}{USER}[[users.methods]]\nid = \"m1\"\n"), 12, "users.methods.@odata.type", "@odata.type"),
        (
            format!("{TENANT}{USER}[[users.methods]]\n\"@odata.type\" = \"#microsoft.graph.teleportAuthenticationMethod\"\nid = \"m1\"\n"),
            12,
            "users.methods.@odata.type",
            "not an authentication method type",
        ),
        (format!("{TENANT}{USER}roles = [\"Supreme Leader\"]\n"), 12, "users.roles", "unknown role `Supreme Leader`"),
        (format!("{TENANT}{USER}default_method = \"nope\"\n"), 12, "users.default_method", "no method with id `nope`"),
        (format!("{TENANT}{USER}\n[faults]\nserver_error_rate = 1.5\n"), 14, "faults.server_error_rate", "between 0.0 and 1.0"),
        (
            format!("{TENANT}{USER}\n[[faults.token_errors]]\nuser = \"anna@contoso.it\"\ncode = 54005\n"),
            15,
            "faults.token_errors.code",
            "AADSTS54005 cannot be injected",
        ),
        (
            format!("{TENANT}{USER}\n[[faults.token_errors]]\nuser = \"zoe@contoso.it\"\ncode = 53003\n"),
            14,
            "faults.token_errors.user",
            "no user `zoe@contoso.it`",
        ),
        (
            format!("{TENANT}{USER}\n[[scripts]]\nuser = \"anna@contoso.it\"\noutcome = \"teleport\"\n"),
            15,
            "scripts.outcome",
            "unknown outcome `teleport`",
        ),
        (
            format!("{TENANT}{USER}\n[[scripts]]\nuser = \"anna@contoso.it\"\noutcome = \"complete\"\nmethod = \"carrier-pigeon\"\n"),
            16,
            "scripts.method",
            "neither a method id",
        ),
        (format!("{TENANT}{}", USER.replace("user_type", "x").replace("upn = \"anna@contoso.it\"\n", "user_type = \"guest\"\n")), 7, "users.home_upn", "a guest needs `home_upn`"),
        (format!("{TENANT}{USER}{USER}"), 15, "users.upn", "appears twice"),
        (format!("{TENANT}{}", USER.replace("password = \"pw\"\n", "")), 7, "users.password", "needs a password"),
        (format!("{TENANT}[simulator]\nmethods_page_size = 0\n"), 7, "simulator.methods_page_size", "above 0"),
        (format!("{TENANT}[[generated_users]]\ntenant = \"nowhere.it\"\ncount = 5\n"), 7, "generated_users.tenant", "no tenant with id or domain `nowhere.it`"),
        (format!("{TENANT}[[generated_users]]\ntenant = \"contoso.it\"\ncount = 0\n"), 8, "generated_users.count", "between 1 and 1000000"),
        (format!("{TENANT}licence = \"gold\"\n"), 6, "tenants.licence", "unknown variant `gold`"),
        (format!("{TENANT}[tenants.temporary_access_pass]\nstate = \"paused\"\n"), 7, "tenants.temporary_access_pass.state", "one of enabled, disabled"),
        (format!("{TENANT}[tenants.temporary_access_pass]\nmaximum_lifetime_minutes = 50000\n"), 7, "tenants.temporary_access_pass.maximum_lifetime_minutes", "between 10 and 43200"),
        (
            format!("{TENANT}[tenants.temporary_access_pass]\nminimum_lifetime_minutes = 120\nmaximum_lifetime_minutes = 60\n"),
            8,
            "tenants.temporary_access_pass.maximum_lifetime_minutes",
            "must be in that order",
        ),
        (format!("{TENANT}[tenants.temporary_access_pass]\ndefault_length = 4\n"), 7, "tenants.temporary_access_pass.default_length", "between 8 and 48"),
        (format!("{TENANT}[tenants.temporary_access_pass]\ninclude = [\"admins\"]\n"), 7, "tenants.temporary_access_pass.include", "\"all_users\" or a user's UPN"),
        (format!("{TENANT}[tenants.temporary_access_pass]\ninclude = [\"zoe@contoso.it\"]\n{USER}"), 7, "tenants.temporary_access_pass.include", "no user `zoe@contoso.it` in tenant contoso.it"),
        (format!("{TENANT}{USER}\n[[sample_accounts]]\nupn = \"zoe@contoso.it\"\n"), 13, "sample_accounts", "no user `zoe@contoso.it`"),
        (format!("{TENANT}{USER}\n[[sample_accounts]]\nupn = \"anna@contoso.it\"\nguest_at = \"contoso.it\"\n"), 13, "sample_accounts", "no user `anna@contoso.it` there"),
        ("[[tenants]\nid = 1\n".to_string(), 1, "", "unclosed array table"),
    ]
}

#[test]
fn malformed_scenarios_name_the_file_line_and_field() {
    for (text, line, field, message) in malformed() {
        let error = Scenario::from_named_toml_str("bad.toml", &text).expect_err(&text);
        assert_eq!(error.file, "bad.toml");
        assert_eq!(error.line, Some(line), "{error}\n---\n{text}");
        if !field.is_empty() {
            assert_eq!(error.field.as_deref(), Some(field), "{error}\n---\n{text}");
        }
        assert!(error.message.contains(message), "{error}");
        let shown = error.to_string();
        assert!(
            shown.starts_with(&format!("bad.toml, line {line}, column ")),
            "{shown}"
        );
        assert!(!shown.contains('\n'), "one line: {shown}");
    }
}

#[test]
fn the_error_display_reads_as_one_sentence() {
    let error =
        Scenario::from_named_toml_str("bad.toml", &TENANT.replace("\"business\"", "\"school\""))
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "bad.toml, line 5, column 8, field `tenants.kind`: unknown variant `school`, expected `education` or `business`"
    );
}

#[test]
fn a_missing_file_is_named() {
    let error = Scenario::from_file("/nonexistent/dir/scenario.toml").unwrap_err();
    assert_eq!(error.file, "/nonexistent/dir/scenario.toml");
    assert!(
        error.to_string().contains("cannot read the file"),
        "{error}"
    );
}

#[test]
fn from_toml_str_reads_a_minimal_scenario() {
    let scenario = Scenario::from_toml_str(&format!("{TENANT}{USER}")).unwrap();
    assert_eq!(scenario.users()[0].upn(), "anna@contoso.it");
    assert_eq!(scenario.source(), "<scenario>");
    assert!(Scenario::from_toml_str("").unwrap().tenants().is_empty());
}

proptest! {
    /// Arbitrary text never panics the reader, and a reported line lies inside the text.
    #[test]
    fn arbitrary_text_is_rejected_without_panic(text in "\\PC{0,400}") {
        if let Err(error) = Scenario::from_named_toml_str("fuzz.toml", &text) {
            if let Some(line) = error.line {
                prop_assert!(line <= text.lines().count().max(1) + 1);
            }
        }
    }

    /// The practice file with any one line removed is either still valid or reported on a real line.
    #[test]
    fn damaged_practice_files_are_reported(index in 0usize..400) {
        let lines: Vec<&str> = PRACTICE_TOML.lines().collect();
        let index = index % lines.len();
        let damaged: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, line)| format!("{line}\n"))
            .collect();
        if let Err(error) = Scenario::from_named_toml_str("practice.toml", &damaged) {
            let line = error.line.expect("a line for a damaged file");
            prop_assert!(line >= 1 && line <= lines.len());
        }
    }
}

#[test]
fn debug_output_hides_passwords() {
    let shown = format!("{:?}", Scenario::practice());
    assert!(!shown.contains("Volta-Giulia-2026"));
    assert!(shown.contains("[redacted]"));
}

#[test]
fn the_practice_scenario_offers_marcos_accounts_as_he_would_type_them() {
    let practice = Scenario::practice();
    let samples: Vec<(&str, Option<&str>)> = practice
        .sample_accounts()
        .iter()
        .map(|sample| (sample.upn.as_str(), sample.guest_at.as_deref()))
        .collect();
    assert_eq!(
        samples,
        [
            ("marco.ferri@ferriconsulting.it", None),
            ("ext.marco.ferri@oml.it", None),
            ("marco.ferri@ferriconsulting.it", Some("studiorinaldi.it")),
            ("marco.ferri@cantinacollieuganei.it", None),
        ]
    );
}

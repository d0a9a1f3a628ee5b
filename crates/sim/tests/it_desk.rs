//! The practice tenant's IT desk acting on a ticket (`POST /sim/control/it-acts`, `SimServer::it_acts`): a
//! Temporary Access Pass within the tenant's policy, shown on `/sim/it-desk` and on the practice sign-in page,
//! a deleted registration, "Require re-register MFA", revoked sessions.

mod common;

use common::*;
use lifeboat_sim::{
    BrowseOutcome, BrowserScript, ItActError, ItAction, SecurityInfoChange, TapRefusal,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

const MARCO_AUTHENTICATOR: &str = "1f4b7d2a-6c9e-4a3b-8d5f-2e7a9c1b4d06";

async fn it_acts(h: &Harness, body: Value) -> (StatusCode, Value) {
    let response = h
        .http
        .post(h.url("/sim/control/it-acts"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_school_issues_a_pass_that_the_practice_pages_show() {
    let h = practice().await;
    let (status, body) = it_acts(
        &h,
        json!({"tenant": SCHOOL, "user": GIULIA, "action": "issue_tap", "usable_once": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let pass = body["temporaryAccessPass"].as_str().unwrap().to_string();
    assert_eq!(pass.len(), 8, "the policy's default length");
    let method = &body["methods"][0];
    assert_eq!(
        method["@odata.type"],
        "#microsoft.graph.temporaryAccessPassAuthenticationMethod"
    );
    assert_eq!(
        method["lifetimeInMinutes"], 60,
        "the policy's default lifetime"
    );
    assert_eq!(method["isUsableOnce"], true);
    assert_eq!(method["temporaryAccessPass"], Value::Null);

    // The IT desk page shows the pass, in Italian on request.
    let page = h
        .http
        .get(h.url("/sim/it-desk?tenantId=liceovolta.edu.it&lang=it"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Il tuo supporto IT"), "{page}");
    assert!(page.contains("Giulia Ferri"));
    assert!(page.contains(&format!("<code>{}</code>", pass.replace('&', "&amp;"))));
    assert!(page.contains("un solo uso"));
    let elsewhere = h
        .http
        .get(h.url("/sim/it-desk?tenantId=oml.it"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(elsewhere.contains("Nothing yet."), "{elsewhere}");

    // The practice sign-in page shows it at the pass prompt too (show_passwords), and it signs her in.
    h.server.set_script(GIULIA, BrowserScript::StuckAtMfa);
    let stuck = h.authorize(SCHOOL, &[("login_hint", GIULIA)]).await;
    let page = stuck.text().await.unwrap();
    assert!(page.contains("Enter Temporary Access Pass"), "{page}");
    assert!(page.contains(&format!(
        "Practice pass: <code>{}</code>",
        pass.replace('&', "&amp;")
    )));
    let (status, _) = h
        .sign_in(
            SCHOOL,
            GIULIA,
            BrowserScript::complete_with("tap"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.server.sign_ins().last().unwrap().channel, Some("tap"));
}

#[tokio::test]
async fn re_registration_leaves_the_password_and_security_info_registers_anew() {
    let h = practice().await;
    let outcome = h
        .server
        .it_acts(COMPANY, MARCO, ItAction::RequireReregistration)
        .unwrap();
    let mut removed: Vec<&str> = outcome
        .methods
        .iter()
        .map(|method| method["@odata.type"].as_str().unwrap())
        .collect();
    removed.sort();
    assert_eq!(
        removed,
        [
            "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
            "#microsoft.graph.phoneAuthenticationMethod"
        ]
    );
    // The next sign-in stops at "More information required", which points to Security info.
    h.server
        .set_script(MARCO, BrowserScript::complete_with("push"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let redirect = format!(
        "http://127.0.0.1:{}/",
        listener.local_addr().unwrap().port()
    );
    let mut url = url::Url::parse(&h.url(&format!("/{COMPANY}/oauth2/v2.0/authorize"))).unwrap();
    url.query_pairs_mut().extend_pairs([
        ("client_id", CLIENT),
        ("response_type", "code"),
        ("redirect_uri", redirect.as_str()),
        ("scope", SIGN_IN_SCOPES),
        ("login_hint", MARCO),
    ]);
    assert_eq!(
        h.server.browse(url.as_str()).await.unwrap(),
        BrowseOutcome::StoppedElsewhere
    );
    let last = h.server.sign_ins().pop().unwrap();
    assert_eq!(last.outcome, "needs_registration");
    // The password alone opens Security info, where he registers his new phone.
    let added = h
        .server
        .change_security_info(
            MARCO,
            COMPANY,
            None,
            SecurityInfoChange::AddAuthenticator {
                device_name: "iPhone 16 di Marco".into(),
                os: None,
            },
        )
        .unwrap();
    assert!(added.verified_with.is_none());
    let token = h.access_token(COMPANY, MARCO, "push", METHOD_SCOPES).await;
    let (_, _, methods) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    let names: Vec<&str> = methods["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|method| method["displayName"].as_str())
        .collect();
    assert_eq!(names, ["iPhone 16 di Marco"]);
    // The IT desk page lists what was deleted.
    let page = h
        .http
        .get(h.url("/sim/it-desk"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Re-registration required; deleted:"),
        "{page}"
    );
    assert!(page.contains("Microsoft Authenticator (iPhone 13 di Marco)"));
}

#[tokio::test]
async fn deleting_a_registration_and_the_controls_answers() {
    let h = practice().await;
    // (request, status, error or the deleted method's id)
    let cases = [
        (
            json!({"tenant": COMPANY, "user": MARCO, "action": "delete_method", "target": "iPhone 13 di Marco"}),
            StatusCode::OK,
            MARCO_AUTHENTICATOR,
        ),
        (
            json!({"tenant": COMPANY, "user": MARCO, "action": "delete_method", "target": MARCO_AUTHENTICATOR}),
            StatusCode::CONFLICT,
            "there is no method `1f4b7d2a-6c9e-4a3b-8d5f-2e7a9c1b4d06`",
        ),
        (
            json!({"tenant": COMPANY, "user": "nobody@ferriconsulting.it", "action": "require_reregistration"}),
            StatusCode::NOT_FOUND,
            "no user `nobody@ferriconsulting.it` in that tenant",
        ),
        (
            json!({"tenant": "nowhere.example", "user": MARCO, "action": "revoke_sessions"}),
            StatusCode::NOT_FOUND,
            "no tenant `nowhere.example`",
        ),
        (
            json!({"tenant": COMPANY, "user": MARCO, "action": "fix_everything"}),
            StatusCode::BAD_REQUEST,
            "",
        ),
    ];
    for (request, status, says) in cases {
        let (got, body) = it_acts(&h, request.clone()).await;
        assert_eq!(got, status, "{request}: {body}");
        match got {
            StatusCode::OK => assert_eq!(body["methods"][0]["id"], says),
            StatusCode::BAD_REQUEST => assert!(body["error"].is_string()),
            _ => assert_eq!(body["error"], says, "{request}"),
        }
    }
    // The guest account is found by the name it signs in with, or by object id.
    let guest = h
        .server
        .it_acts(CLIENT_Y, MARCO, ItAction::RevokeSessions)
        .unwrap();
    assert_eq!(guest.sessions_revoked, Some(false));
}

const POLICIES: &str = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
[tenants.temporary_access_pass]
minimum_lifetime_minutes = 30
maximum_lifetime_minutes = 120
default_lifetime_minutes = 45
default_length = 12
is_usable_once = true
include = ["anna@contoso.it"]

[[tenants]]
id = "66666666-7777-4888-9999-000000000000"
domain = "fabrikam.it"
name = "Fabrikam"
kind = "business"
[tenants.temporary_access_pass]
state = "disabled"

[[users]]
tenant = "contoso.it"
upn = "anna@contoso.it"
display_name = "Anna"
password = "Anna-2026"

[[users]]
tenant = "contoso.it"
upn = "bruno@contoso.it"
display_name = "Bruno"
password = "Bruno-2026"

[[users]]
tenant = "fabrikam.it"
upn = "carla@fabrikam.it"
display_name = "Carla"
password = "Carla-2026"
"##;

#[tokio::test]
async fn passes_follow_the_tenants_policy() {
    let h = start(scenario(POLICIES)).await;
    let tap = |lifetime: Option<i64>, once: Option<bool>| ItAction::IssueTap {
        lifetime_minutes: lifetime,
        usable_once: once,
    };
    let outcome = h
        .server
        .it_acts("contoso.it", "anna@contoso.it", tap(None, None))
        .unwrap();
    let pass = outcome.temporary_access_pass.clone().unwrap();
    assert_eq!(pass.expose().len(), 12);
    assert!(!format!("{outcome:?}").contains(pass.expose()));
    assert_eq!(outcome.methods[0]["lifetimeInMinutes"], 45);
    assert_eq!(outcome.methods[0]["isUsableOnce"], true);
    // (tenant, user, request, refusal)
    let refused = [
        (
            "contoso.it",
            "anna@contoso.it",
            tap(Some(20), None),
            TapRefusal::Lifetime {
                minimum: 30,
                maximum: 120,
            },
        ),
        (
            "contoso.it",
            "anna@contoso.it",
            tap(Some(121), None),
            TapRefusal::Lifetime {
                minimum: 30,
                maximum: 120,
            },
        ),
        (
            "contoso.it",
            "anna@contoso.it",
            tap(None, Some(false)),
            TapRefusal::OneTimeOnly,
        ),
        (
            "contoso.it",
            "bruno@contoso.it",
            tap(None, None),
            TapRefusal::NotAllowedByPolicy,
        ),
        (
            "fabrikam.it",
            "carla@fabrikam.it",
            tap(None, None),
            TapRefusal::NotAllowedByPolicy,
        ),
    ];
    for (tenant, user, action, refusal) in refused {
        assert_eq!(
            h.server.it_acts(tenant, user, action.clone()),
            Err(ItActError::TapRefused(refusal)),
            "{user} {action:?}"
        );
    }
    // A second pass replaces the first.
    let second = h
        .server
        .it_acts("contoso.it", "anna@contoso.it", tap(Some(120), None))
        .unwrap();
    let (status, body) = h
        .sign_in(
            "contoso.it",
            "anna@contoso.it",
            BrowserScript::complete_with("tap"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        h.server.sign_ins().last().unwrap().method_id.as_deref(),
        second.methods[0]["id"].as_str()
    );
    // Over HTTP the refusal is a 409 with Graph's observed text.
    let (status, body) = it_acts(
        &h,
        json!({"tenant": "fabrikam.it", "user": "carla@fabrikam.it", "action": "issue_tap"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body["error"],
        "Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass]."
    );
}

#[tokio::test]
async fn revoking_a_members_sessions_ends_their_refresh_tokens() {
    let h = practice().await;
    let (_, tokens) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            SIGN_IN_SCOPES,
        )
        .await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    h.advance(1);
    let outcome = h
        .server
        .it_acts(COMPANY, MARCO, ItAction::RevokeSessions)
        .unwrap();
    assert_eq!(outcome.sessions_revoked, Some(true));
    let (status, body) = h.refresh(COMPANY, refresh, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_codes"], json!([50173]));
}

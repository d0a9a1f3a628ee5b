//! Security info (the stand-in for mysignins.microsoft.com/security-info): signing in with the second step,
//! moving Authenticator to a new phone, re-registering with a Temporary Access Pass, phone numbers, the default
//! method and deletions, in the HTML pages and through the controls and Rust; Graph re-reads show each change,
//! and later sign-ins can be approved on the new phone.

mod common;

use common::*;
use lifeboat_sim::{
    BrowserScript, DeviceOs, RegistrationError, SecurityInfoChange, SecurityInfoError,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use time::macros::datetime;

const SARA: &str = "sara.greco@ferriconsulting.it";
const SARA_PASSWORD: &str = "Greco-Consulting-2026";
const SARA_AUTHENTICATOR: &str = "2c4e6a8b-0d1f-4a3c-9e5b-7d9f1b3c5e40";
const GIULIA_AUTHENTICATOR: &str = "7c2e4a91-5b3d-4f6e-8a1c-9d2b4e6f8a03";

async fn at_nine(h: Harness) -> Harness {
    h.clock.set(datetime!(2026-09-14 09:00 UTC));
    h
}

async fn text(response: reqwest::Response) -> String {
    response.text().await.unwrap()
}

/// Opens Security info in `client`: the page redirects to the sign-in, the person types name and password,
/// picks the option labelled `second_step` under "Sign in another way" (or keeps the first prompt) and
/// approves it on the simulated device. Returns the Security info page.
async fn sign_in_to_security_info(
    client: &reqwest::Client,
    h: &Harness,
    tenant_id: &str,
    name: &str,
    password: &str,
    second_step: Option<&str>,
    lang: &str,
) -> String {
    let page_url = h.url(&format!("/security-info?tenantId={tenant_id}&lang={lang}"));
    let first = client.get(&page_url).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::FOUND);
    let sign_in = location(&first);
    assert!(sign_in.contains("/sim/signin/"), "{sign_in}");
    let page = text(client.get(&sign_in).send().await.unwrap()).await;
    let action = h.url(&form_action(&page));
    let post = |fields: &[(&str, &str)]| {
        let request = client.post(&action).form(fields);
        async move { request.send().await.unwrap() }
    };
    post(&[("action", "username"), ("value", name)]).await;
    post(&[("action", "password"), ("value", password)]).await;
    if let Some(label) = second_step {
        let page = text(post(&[("action", "other_ways")]).await).await;
        let choice = option_value(&page, label);
        post(&[("action", "choose"), ("value", &choice)]).await;
    }
    let last = post(&[("action", "approve")]).await;
    assert_eq!(last.status(), StatusCode::FOUND, "{}", text(last).await);
    let back = location(&last);
    let lang = if lang == "it" { "&lang=it" } else { "" };
    assert_eq!(
        back,
        h.url(&format!("/security-info?tenantId={tenant_id}{lang}")),
        "the sign-in returns to Security info"
    );
    text(client.get(&back).send().await.unwrap()).await
}

/// Submits one Security info form; `query` is `tenantId=…`, plus `&lang=it` for the Italian page.
async fn change(
    client: &reqwest::Client,
    h: &Harness,
    query: &str,
    fields: &[(&str, &str)],
) -> String {
    text(
        client
            .post(h.url(&format!("/security-info?{query}")))
            .form(fields)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn methods(h: &Harness, token: &str) -> Vec<Value> {
    let (status, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(token))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["value"].as_array().unwrap().clone()
}

fn authenticators(methods: &[Value]) -> Vec<(String, String)> {
    methods
        .iter()
        .filter(|method| {
            method["@odata.type"] == "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
        })
        .map(|method| {
            (
                method["id"].as_str().unwrap().to_string(),
                method["displayName"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn moving_authenticator_to_a_new_phone_in_the_pages() {
    let h = at_nine(practice().await).await;
    let company = format!("tenantId={COMPANY_ID}");
    let token = h.access_token(COMPANY, SARA, "push", METHOD_SCOPES).await;
    let client = browser();
    // Her old phone, still in her hands, approves the sign-in to Security info.
    let page = sign_in_to_security_info(
        &client,
        &h,
        COMPANY_ID,
        SARA,
        SARA_PASSWORD,
        Some("Approve a request on my Microsoft Authenticator app (Galaxy S23 di Sara)"),
        "en",
    )
    .await;
    assert!(page.contains("<h1>Security info</h1>"), "{page}");
    assert!(page.contains("Microsoft Authenticator · Galaxy S23 di Sara"));
    assert!(page.contains("Second step passed with <code>push</code> · Galaxy S23 di Sara"));
    let log = h.server.sign_ins();
    let last = log.last().unwrap();
    assert_eq!(
        (last.flow, last.outcome, last.device.as_deref()),
        ("security_info", "completed", Some("Galaxy S23 di Sara"))
    );

    h.advance(60);
    let page = change(
        &client,
        &h,
        &company,
        &[
            ("action", "add_authenticator"),
            ("device_name", "Pixel 9 di Sara"),
        ],
    )
    .await;
    assert!(
        page.contains("Added: Microsoft Authenticator · Pixel 9 di Sara"),
        "{page}"
    );
    let listed = methods(&h, &token).await;
    let new = listed
        .iter()
        .find(|method| {
            method["displayName"] == "Pixel 9 di Sara"
                && method["@odata.type"]
                    == "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"
        })
        .expect("the new Authenticator is listed");
    let new_id = new["id"].as_str().unwrap().to_string();
    assert_ne!(new_id, SARA_AUTHENTICATOR);
    assert_eq!(new["createdDateTime"], "2026-09-14T09:01:00Z");
    assert_eq!(new["deviceTag"], "SoftwareTokenActivated");

    // The new phone becomes the default, then the old one goes.
    let page = change(
        &client,
        &h,
        &company,
        &[("action", "set_default"), ("method", &new_id)],
    )
    .await;
    assert!(page.contains(
        "<strong>Default sign-in method:</strong> Microsoft Authenticator · Pixel 9 di Sara"
    ));
    let page = change(
        &client,
        &h,
        &company,
        &[("action", "delete"), ("method", SARA_AUTHENTICATOR)],
    )
    .await;
    assert!(
        page.contains("Deleted: Microsoft Authenticator · Galaxy S23 di Sara"),
        "{page}"
    );
    assert_eq!(
        authenticators(&methods(&h, &token).await),
        vec![(new_id.clone(), "Pixel 9 di Sara".to_string())]
    );

    // A fresh sign-in is approved on the new phone, by name, and the log says so.
    let (status, body) = h
        .sign_in(
            COMPANY,
            SARA,
            BrowserScript::complete_with("Pixel 9 di Sara"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let last = h.server.sign_ins().pop().unwrap();
    assert_eq!(last.flow, "authorization_code");
    assert_eq!(last.method_id.as_deref(), Some(new_id.as_str()));
    assert_eq!(last.channel, Some("push"));
    assert_eq!(last.device.as_deref(), Some("Pixel 9 di Sara"));
    // And by the keyword alone: the default is now the new phone.
    h.sign_in(
        COMPANY,
        SARA,
        BrowserScript::complete_with("push"),
        SIGN_IN_SCOPES,
    )
    .await;
    assert_eq!(
        h.server.sign_ins().pop().unwrap().device.as_deref(),
        Some("Pixel 9 di Sara")
    );
    // The control log shows the device too.
    let (_, _, log) = h.graph_get("/sim/control/sign-ins", None).await;
    assert_eq!(
        log["value"].as_array().unwrap().last().unwrap()["device"],
        "Pixel 9 di Sara"
    );
}

#[tokio::test]
async fn re_registering_with_a_temporary_access_pass_from_rust() {
    let h = at_nine(practice().await).await;
    // Her only method is on the lost phone: Security info cannot be opened.
    let refused = h.server.change_security_info(
        GIULIA,
        SCHOOL,
        Some("push"),
        SecurityInfoChange::AddAuthenticator {
            device_name: "Pixel 8a di Giulia".into(),
            os: None,
        },
    );
    assert!(
        matches!(refused, Err(SecurityInfoError::NotSignedIn(_))),
        "{refused:?}"
    );

    // The school's IT creates a one-time TAP through Graph.
    let admin = h
        .access_token(
            SCHOOL,
            SCHOOL_IT,
            "security_key",
            "openid UserAuthenticationMethod.ReadWrite.All",
        )
        .await;
    let created = h
        .http
        .post(h.url(&format!(
            "/v1.0/users/{GIULIA}/authentication/temporaryAccessPassMethods"
        )))
        .bearer_auth(&admin)
        .json(&json!({"lifetimeInMinutes": 60, "isUsableOnce": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);

    let outcome = h
        .server
        .change_security_info(
            GIULIA,
            SCHOOL,
            Some("tap"),
            SecurityInfoChange::AddAuthenticator {
                device_name: "Pixel 8a di Giulia".into(),
                os: Some(DeviceOs::Android),
            },
        )
        .unwrap();
    assert_eq!(outcome.verified_with.as_ref().unwrap().channel, "tap");
    assert_eq!(outcome.method["displayName"], "Pixel 8a di Giulia");
    assert_eq!(outcome.method["createdDateTime"], "2026-09-14T09:00:00Z");
    let new_id = outcome.method["id"].as_str().unwrap().to_string();

    // The one-time pass is spent; the new phone now opens Security info and deletes the lost one.
    let spent = h.server.change_security_info(
        GIULIA,
        SCHOOL,
        Some("tap"),
        SecurityInfoChange::Delete {
            target: GIULIA_AUTHENTICATOR.into(),
        },
    );
    assert!(
        matches!(spent, Err(SecurityInfoError::NotSignedIn(_))),
        "{spent:?}"
    );
    let outcome = h
        .server
        .change_security_info(
            GIULIA,
            SCHOOL,
            Some("Pixel 8a di Giulia"),
            SecurityInfoChange::Delete {
                target: "Redmi Note 12 di Giulia".into(),
            },
        )
        .unwrap();
    assert_eq!(outcome.method["id"], GIULIA_AUTHENTICATOR);
    assert_eq!(
        outcome.verified_with.unwrap().device.as_deref(),
        Some("Pixel 8a di Giulia")
    );

    // The IT desk's Graph read shows the new phone only; her next sign-in is approved on it.
    let (status, _, body) = h
        .graph_get(
            &format!("/v1.0/users/{GIULIA}/authentication/methods"),
            Some(
                &h.access_token(
                    SCHOOL,
                    SCHOOL_IT,
                    "security_key",
                    "openid UserAuthenticationMethod.ReadWrite.All",
                )
                .await,
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        authenticators(body["value"].as_array().unwrap()),
        vec![(new_id.clone(), "Pixel 8a di Giulia".to_string())]
    );
    let (status, _) = h
        .sign_in(
            SCHOOL,
            GIULIA,
            BrowserScript::complete_with("push"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let last = h.server.sign_ins().pop().unwrap();
    assert_eq!(last.method_id.as_deref(), Some(new_id.as_str()));
    let flows: Vec<&str> = h
        .server
        .sign_ins()
        .iter()
        .filter(|record| record.user.as_deref() == Some(GIULIA))
        .map(|record| record.flow)
        .collect();
    assert_eq!(
        flows,
        ["security_info", "security_info", "authorization_code"],
        "the refused attempts stopped at the prompt without a log entry"
    );
}

#[tokio::test]
async fn the_control_endpoint_and_its_refusals() {
    let h = at_nine(practice().await).await;
    let post = |body: Value| {
        let request = h.http.post(h.url("/sim/control/security-info")).json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    // (request, status, what the answer says)
    let cases = [
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "set_phone", "phone_type": "mobile", "number": "+39 347 555 0199"}),
            StatusCode::OK,
            json!("+39 3475550199"),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "set_phone", "phone_type": "alternateMobile", "number": "+39 3405550111"}),
            StatusCode::OK,
            json!("+39 3405550111"),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "set_phone", "phone_type": "mobile", "number": "3475550199"}),
            StatusCode::CONFLICT,
            json!(
                "`3475550199` is not a phone number of the form +CC number (e.g. +39 3475550123)"
            ),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "delete", "target": "3179e48a-750b-4051-897c-87b9720928f7"}),
            StatusCode::CONFLICT,
            json!("a mobile number cannot be deleted while an alternate mobile number exists"),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "set_default", "target": "3179e48a-750b-4051-897c-87b9720928f7"}),
            StatusCode::OK,
            json!(null),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "delete", "target": "b6332ec1-7057-4abe-9331-3d72feddfe41"}),
            StatusCode::OK,
            json!(null),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "delete", "target": "3179e48a-750b-4051-897c-87b9720928f7"}),
            StatusCode::CONFLICT,
            json!("+39 XXXXXXXX99 is the default sign-in method: change the default first"),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "delete", "target": "28c10230-6103-485e-b985-444c60001490"}),
            StatusCode::CONFLICT,
            json!("there is no method `28c10230-6103-485e-b985-444c60001490`"),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "method": "push", "change": "add_authenticator", "device_name": "  "}),
            StatusCode::CONFLICT,
            json!("a device name is needed"),
        ),
        (
            json!({"user": "nobody@ferriconsulting.it", "tenant": COMPANY, "change": "delete", "target": "x"}),
            StatusCode::NOT_FOUND,
            json!("no account signs in as nobody@ferriconsulting.it in that tenant"),
        ),
        (
            json!({"user": SARA, "tenant": "nowhere.example", "change": "delete", "target": "x"}),
            StatusCode::NOT_FOUND,
            json!("no tenant `nowhere.example`"),
        ),
        (
            json!({"user": SARA, "tenant": COMPANY, "change": "teleport"}),
            StatusCode::BAD_REQUEST,
            json!(null),
        ),
    ];
    for (request, status, says) in cases {
        let (got, body) = post(request.clone()).await;
        assert_eq!(got, status, "{request}: {body}");
        if got == StatusCode::OK && !says.is_null() {
            assert_eq!(body["method"]["phoneNumber"], says, "{request}");
        }
        if got != StatusCode::OK && !says.is_null() {
            assert_eq!(body["error"], says, "{request}");
        }
    }
}

#[tokio::test]
async fn changes_need_a_recent_second_step_and_passkeys_a_fresher_one() {
    let h = at_nine(practice().await).await;
    let company = format!("tenantId={COMPANY_ID}&lang=it");
    let client = browser();
    sign_in_to_security_info(
        &client,
        &h,
        COMPANY_ID,
        SARA,
        SARA_PASSWORD,
        Some("Approva una richiesta nell&#39;app Microsoft Authenticator (Galaxy S23 di Sara)"),
        "it",
    )
    .await;
    h.advance(6 * 60);
    let page = change(
        &client,
        &h,
        &company,
        &[
            ("action", "add_passkey"),
            ("device_name", "Pixel 9 di Sara"),
        ],
    )
    .await;
    assert!(page.contains("verifica di nuovo la tua identità"), "{page}");
    assert!(page.contains(r#"name="reauth" value="1""#));
    // Six minutes is within the ten a new Authenticator allows.
    let page = change(
        &client,
        &h,
        &company,
        &[
            ("action", "add_authenticator"),
            ("device_name", "Pixel 9 di Sara"),
        ],
    )
    .await;
    assert!(
        page.contains("Aggiunto: Microsoft Authenticator · Pixel 9 di Sara"),
        "{page}"
    );
    h.advance(5 * 60);
    let page = change(
        &client,
        &h,
        &company,
        &[
            ("action", "add_authenticator"),
            ("device_name", "Pixel 10 di Sara"),
        ],
    )
    .await;
    assert!(page.contains("verifica di nuovo"), "{page}");
    assert!(!page.contains("Pixel 10"));
    // Verifying again goes through the sign-in, even with a session.
    let again = client
        .get(h.url(&format!(
            "/security-info?tenantId={COMPANY_ID}&lang=it&reauth=1"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::FOUND);
    assert!(location(&again).contains("/sim/signin/"));
}

#[tokio::test]
async fn the_page_is_italian_with_lang_and_sign_out_ends_it() {
    let h = at_nine(practice().await).await;
    let client = browser();
    let page =
        sign_in_to_security_info(&client, &h, COMPANY_ID, SARA, SARA_PASSWORD, None, "it").await;
    for words in [
        r#"<html lang="it">"#,
        "<h1>Informazioni di sicurezza</h1>",
        "Metodo di accesso predefinito:",
        "Aggiungi metodo di accesso",
        "Passkey in Microsoft Authenticator · Galaxy S23 di Sara",
        "Elimina",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    // Reloading keeps the session; signing out ends it.
    let url = h.url(&format!("/security-info?tenantId={COMPANY_ID}&lang=it"));
    let reload = client.get(&url).send().await.unwrap();
    assert_eq!(reload.status(), StatusCode::OK);
    let out = client
        .post(&url)
        .form(&[("action", "sign_out")])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::FOUND);
    let reload = client.get(&url).send().await.unwrap();
    assert_eq!(reload.status(), StatusCode::FOUND);
    assert!(location(&reload).contains("/sim/signin/"));
    // An unknown tenant is Entra's error page.
    let unknown = client
        .get(h.url("/security-info?tenantId=nowhere.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(text(unknown).await.contains("AADSTS90002"));
}

#[tokio::test]
async fn revoking_sessions_closes_security_info() {
    let h = at_nine(practice().await).await;
    let client = browser();
    sign_in_to_security_info(&client, &h, COMPANY_ID, SARA, SARA_PASSWORD, None, "en").await;
    let admin = h
        .access_token(
            COMPANY,
            LAURA,
            "windows_hello",
            "openid User.RevokeSessions.All",
        )
        .await;
    h.advance(1);
    let revoked = h
        .http
        .post(h.url(&format!("/v1.0/users/{SARA}/revokeSignInSessions")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let page = client
        .get(h.url(&format!("/security-info?tenantId={COMPANY_ID}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FOUND);
}

const NO_MFA_RULE: &str = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
require_mfa = false

[[tenants]]
id = "66666666-7777-4888-9999-000000000000"
domain = "fabrikam.it"
name = "Fabrikam"
kind = "business"

[[users]]
tenant = "contoso.it"
upn = "anna@contoso.it"
display_name = "Anna"
password = "Anna-2026"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550100"
phoneType = "mobile"

[[users]]
tenant = "contoso.it"
upn = "bruno@contoso.it"
display_name = "Bruno"
password = "Bruno-2026"

[[users]]
tenant = "fabrikam.it"
user_type = "guest"
home_upn = "anna@contoso.it"
display_name = "Anna (Contoso)"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550100"
phoneType = "mobile"
"##;

#[tokio::test]
async fn security_info_asks_the_second_step_whoever_has_a_method_whatever_the_sign_in_rule() {
    let h = at_nine(start(scenario(NO_MFA_RULE)).await).await;
    // Contoso signs in without a second step, but Security info asks Anna for one (SMS).
    let outcome = h
        .server
        .change_security_info(
            "anna@contoso.it",
            "contoso.it",
            Some("sms"),
            SecurityInfoChange::AddAuthenticator {
                device_name: "iPhone 16 di Anna".into(),
                os: None,
            },
        )
        .unwrap();
    assert_eq!(outcome.verified_with.unwrap().channel, "sms");
    assert_eq!(
        outcome.method["phoneAppVersion"], "6.8.24",
        "iOS from the name"
    );
    // Bruno has nothing: the password opens the page to register a first method.
    let outcome = h
        .server
        .change_security_info(
            "bruno@contoso.it",
            "contoso.it",
            None,
            SecurityInfoChange::AddPasskey {
                device_name: "Galaxy S24 di Bruno".into(),
                os: None,
            },
        )
        .unwrap();
    assert!(outcome.verified_with.is_none());
    assert_eq!(
        outcome.method["aaGuid"],
        "de1e552d-db1d-4423-a619-566b625cdc84"
    );
    assert_eq!(outcome.method["model"], "Microsoft Authenticator - Android");
    // A guest manages the inviting tenant's Security info, but registers no passkey there.
    let refused = h.server.change_security_info(
        "anna@contoso.it",
        "fabrikam.it",
        Some("sms"),
        SecurityInfoChange::AddPasskey {
            device_name: "iPhone 16 di Anna".into(),
            os: None,
        },
    );
    assert_eq!(
        refused,
        Err(SecurityInfoError::Refused(RegistrationError::GuestPasskey))
    );
    let log = h.server.sign_ins();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|record| record.flow == "security_info"));
    assert_eq!(
        log[2].tenant_id.as_deref(),
        Some("66666666-7777-4888-9999-000000000000")
    );
}

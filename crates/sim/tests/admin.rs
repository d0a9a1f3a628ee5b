//! The ticket receiver's calls: Temporary Access Pass, deleting the lost Authenticator, revoking sessions,
//! and the userRegistrationDetails report, with their permission and role checks.

mod common;

use common::*;
use lifeboat_sim::BrowserScript;
use reqwest::StatusCode;
use serde_json::{json, Value};

const ADMIN_SCOPES: &str = "openid profile offline_access User.Read UserAuthenticationMethod.ReadWrite.All User.RevokeSessions.All AuditLog.Read.All";
const MARCO_AUTHENTICATOR: &str = "1f4b7d2a-6c9e-4a3b-8d5f-2e7a9c1b4d06";

async fn laura(h: &Harness) -> String {
    h.access_token(COMPANY, LAURA, "windows_hello", ADMIN_SCOPES)
        .await
}

async fn post_json(h: &Harness, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
    let response = h
        .http
        .post(h.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_admin_issues_a_tap_that_lets_the_person_sign_in() {
    let h = practice().await;
    let admin = laura(&h).await;
    let (status, tap) = post_json(
        &h,
        &format!("/v1.0/users/{MARCO}/authentication/temporaryAccessPassMethods"),
        &admin,
        fixture("tap-create-request.json")
            .as_object()
            .map(|request| {
                let mut request = request.clone();
                request.remove("startDateTime");
                Value::Object(request)
            })
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{tap}");
    let pass = tap["temporaryAccessPass"].as_str().unwrap().to_string();
    assert_eq!(pass.len(), 8);
    assert_eq!(tap["lifetimeInMinutes"], 60);
    assert_eq!(tap["isUsableOnce"], false);
    assert_eq!(tap["isUsable"], true);
    assert_eq!(tap["methodUsabilityReason"], "EnabledByPolicy");
    let mut expected = keys(&fixture("method-temporaryAccessPass.json"));
    expected.push("@odata.context".to_string());
    expected.sort();
    assert_eq!(keys(&tap), expected);

    // The person reads the pass back as null, and can sign in with it.
    let token = h.access_token(COMPANY, MARCO, "tap", METHOD_SCOPES).await;
    let (_, _, methods) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    let listed = methods["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == tap["id"])
        .unwrap()
        .clone();
    assert_eq!(listed["temporaryAccessPass"], Value::Null);
    assert_eq!(h.server.sign_ins().last().unwrap().channel, Some("tap"));
}

#[tokio::test]
async fn a_one_time_tap_is_spent_by_its_first_sign_in() {
    let h = practice().await;
    let admin = h
        .access_token(SCHOOL, SCHOOL_IT, "security_key", ADMIN_SCOPES)
        .await;
    let (status, tap) = post_json(
        &h,
        &format!("/v1.0/users/{GIULIA}/authentication/temporaryAccessPassMethods"),
        &admin,
        json!({"lifetimeInMinutes": 120, "isUsableOnce": true}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{tap}");
    // Giulia, whose only method was on the lost phone, gets in once.
    let token = h.access_token(SCHOOL, GIULIA, "tap", METHOD_SCOPES).await;
    let (_, _, methods) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    let listed = methods["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == tap["id"])
        .unwrap()
        .clone();
    assert_eq!(listed["isUsable"], false);
    assert_eq!(listed["methodUsabilityReason"], "OneTimeUsed");
    h.server
        .set_script(GIULIA, BrowserScript::complete_with("tap"));
    let response = h
        .authorize(SCHOOL, &[("login_hint", GIULIA), ("prompt", "login")])
        .await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "a spent pass leaves her at the prompt again"
    );
}

#[tokio::test]
async fn tap_requests_are_validated_and_restricted() {
    let h = practice().await;
    let admin = laura(&h).await;
    let path = format!("/v1.0/users/{MARCO}/authentication/temporaryAccessPassMethods");
    let (status, body) = post_json(&h, &path, &admin, json!({"lifetimeInMinutes": 5})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "badRequest");
    let (status, _) = post_json(&h, &path, &admin, json!({"lifetimeInMinutes": 43201})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Not for oneself.
    let (status, body) = post_json(
        &h,
        &format!("/v1.0/users/{LAURA}/authentication/temporaryAccessPassMethods"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "accessDenied");
    // Not by someone without the role, even with the permission consented.
    let marco = h.access_token(COMPANY, MARCO, "sms", ADMIN_SCOPES).await;
    let (status, _) = post_json(
        &h,
        &format!("/v1.0/users/{LAURA}/authentication/temporaryAccessPassMethods"),
        &marco,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Not across tenants.
    let (status, body) = post_json(
        &h,
        &format!("/v1.0/users/{GIULIA}/authentication/temporaryAccessPassMethods"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "Request_ResourceNotFound");
    // An Authentication Administrator acts on non-admins (docs/MICROSOFT.md §6.2).
    let school_it = h
        .access_token(SCHOOL, SCHOOL_IT, "security_key", ADMIN_SCOPES)
        .await;
    let (status, _) = post_json(
        &h,
        &format!("/v1.0/users/{GIULIA}/authentication/temporaryAccessPassMethods"),
        &school_it,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn an_admin_deletes_the_lost_authenticator() {
    let h = practice().await;
    let admin = laura(&h).await;
    let path = format!(
        "/v1.0/users/{MARCO}/authentication/microsoftAuthenticatorMethods/{MARCO_AUTHENTICATOR}"
    );
    let response = h
        .http
        .delete(h.url(&path))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert!(response.headers().contains_key("request-id"));
    let token = h.access_token(COMPANY, MARCO, "sms", METHOD_SCOPES).await;
    let (_, _, methods) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    let types: Vec<&str> = methods["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["@odata.type"].as_str().unwrap())
        .collect();
    assert!(
        !types.contains(&"#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"),
        "{types:?}"
    );
    let response = h
        .http
        .delete(h.url(&path))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The person without a role cannot delete a colleague's.
    let marco = h.access_token(COMPANY, MARCO, "sms", ADMIN_SCOPES).await;
    let response = h
        .http
        .delete(h.url(&format!("/v1.0/users/{LAURA}/authentication/microsoftAuthenticatorMethods/9e3a5c7b-1d2f-4e6a-b8c0-3f5d7e9a1b28")))
        .bearer_auth(&marco)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_person_deletes_their_own_authenticator_with_readwrite() {
    let h = practice().await;
    let token = h
        .access_token(
            COMPANY,
            MARCO,
            "sms",
            "openid User.Read UserAuthenticationMethod.ReadWrite",
        )
        .await;
    let path =
        format!("/v1.0/me/authentication/microsoftAuthenticatorMethods/{MARCO_AUTHENTICATOR}");
    let response = h
        .http
        .delete(h.url(&path))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let read_only = h.access_token(COMPANY, MARCO, "sms", METHOD_SCOPES).await;
    let response = h
        .http
        .delete(h.url(&path))
        .bearer_auth(&read_only)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn revoking_sessions_ends_refresh_tokens_and_browser_sessions() {
    let h = practice().await;
    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    let response = h.authorize(COMPANY, &[("login_hint", MARCO)]).await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let code = location_params(&response)["code"].clone();
    let (_, tokens) = h.redeem(COMPANY, &code, REDIRECT, CLIENT).await;
    let refresh_token = tokens["refresh_token"].as_str().unwrap().to_string();

    let admin = laura(&h).await;
    h.advance(1);
    let (status, body) = post_json(
        &h,
        &format!("/v1.0/users/{MARCO}/revokeSignInSessions"),
        &admin,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut expected = fixture("revokeSignInSessions-response.json");
    expected["@odata.context"] = json!(h.url("/v1.0/$metadata#Edm.Boolean"));
    assert_eq!(body, expected);

    let (status, body) = h.refresh(COMPANY, &refresh_token, None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_codes"], json!([50173]));
    h.server.clear_script(MARCO);
    let silent = h
        .http
        .get(h.url(&format!("/{COMPANY}/oauth2/v2.0/authorize")))
        .header("cookie", &cookie)
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
            ("prompt", "none"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location_params(&silent)["error"], "login_required");
    // Tokens issued after the revocation work.
    let (status, fresh) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = h
        .refresh(COMPANY, fresh["refresh_token"].as_str().unwrap(), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    // Revoking someone else's sessions needs a role.
    let marco = h.access_token(COMPANY, MARCO, "sms", ADMIN_SCOPES).await;
    let (status, body) = post_json(
        &h,
        &format!("/v1.0/users/{LAURA}/revokeSignInSessions"),
        &marco,
        json!({}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
}

#[tokio::test]
async fn the_registration_report_is_paged_and_shaped_like_the_fixture() {
    let h = practice().await;
    let admin = laura(&h).await;
    let (status, _, first) = h
        .graph_get(
            "/v1.0/reports/authenticationMethods/userRegistrationDetails",
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let reference = fixture("userRegistrationDetails-page.json");
    let reference_keys = keys(&reference["value"][0]);
    let mut records: Vec<Value> = first["value"].as_array().unwrap().clone();
    assert_eq!(records.len(), 2, "page size 2 in the practice scenario");
    let next = first["@odata.nextLink"].as_str().unwrap();
    let (_, _, second) = h.graph_get(next, Some(&admin)).await;
    assert!(second.get("@odata.nextLink").is_none());
    records.extend(second["value"].as_array().unwrap().iter().cloned());
    let upns: Vec<&str> = records
        .iter()
        .map(|r| r["userPrincipalName"].as_str().unwrap())
        .collect();
    assert_eq!(upns, vec![LAURA, MARCO, "sara.greco@ferriconsulting.it"]);
    for record in &records {
        assert_eq!(keys(record), reference_keys);
    }
    let marco = &records[1];
    assert_eq!(
        marco["methodsRegistered"],
        json!(["microsoftAuthenticatorPush", "mobilePhone"])
    );
    assert_eq!(marco["isMfaRegistered"], true);
    assert_eq!(marco["isAdmin"], false);
    assert_eq!(
        marco["userPreferredMethodForSecondaryAuthentication"],
        "push"
    );
    assert_eq!(marco["userType"], "member");
    let laura_record = &records[0];
    assert_eq!(laura_record["isAdmin"], true);
    assert_eq!(laura_record["isPasswordlessCapable"], true);

    let id = marco["id"].as_str().unwrap();
    let (status, _, single) = h
        .graph_get(
            &format!("/v1.0/reports/authenticationMethods/userRegistrationDetails/{id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(single["userPrincipalName"], MARCO);

    let marco_token = h.access_token(COMPANY, MARCO, "sms", ADMIN_SCOPES).await;
    let (status, _, body) = h
        .graph_get(
            "/v1.0/reports/authenticationMethods/userRegistrationDetails",
            Some(&marco_token),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "Authorization_RequestDenied");
}

#[tokio::test]
async fn a_guest_appears_as_such_in_the_resource_tenant_report() {
    let h = practice().await;
    let admin = h
        .access_token(
            CLIENT_Y,
            "sistemi@studiorinaldi.it",
            "security_key",
            ADMIN_SCOPES,
        )
        .await;
    let (_, _, report) = h
        .graph_get(
            "/v1.0/reports/authenticationMethods/userRegistrationDetails",
            Some(&admin),
        )
        .await;
    let guest = report["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|record| record["userType"] == "guest")
        .expect("the guest's record")
        .clone();
    assert_eq!(
        guest["userPrincipalName"],
        "marco.ferri_ferriconsulting.it#EXT#@studiorinaldi.it"
    );
    assert_eq!(
        guest["methodsRegistered"],
        json!(["microsoftAuthenticatorPush"])
    );
}

//! Device authorization grant: the device-code response, every polling state, and the headless device login.

mod common;

use common::*;
use lifeboat_sim::{BrowserScript, DeviceLoginOutcome};
use reqwest::StatusCode;
use serde_json::Value;

const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

async fn start_device(h: &Harness, tenant: &str, scope: &str) -> Value {
    let response = h
        .http
        .post(h.url(&format!("/{tenant}/oauth2/v2.0/devicecode")))
        .form(&[("client_id", CLIENT), ("scope", scope)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn poll(h: &Harness, tenant: &str, device_code: &str) -> (StatusCode, Value) {
    h.token(
        tenant,
        &[
            ("client_id", CLIENT),
            ("grant_type", GRANT),
            ("device_code", device_code),
        ],
    )
    .await
}

/// A device-flow error: the fixture's members, its `error`, and its AADSTS code (if any).
fn assert_device_error(body: &Value, fixture_name: &str) {
    let reference = fixture(fixture_name);
    for key in keys(&reference) {
        assert!(body.get(&key).is_some(), "missing {key} in {body}");
    }
    assert_eq!(body["error"], reference["error"], "{body}");
    assert_eq!(body["error_codes"], reference["error_codes"], "{body}");
    let reference_text = reference["error_description"]
        .as_str()
        .unwrap()
        .split("\r\n")
        .next()
        .unwrap();
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .starts_with(reference_text),
        "{body}"
    );
}

#[tokio::test]
async fn the_device_code_response_has_the_fixture_members() {
    let h = practice().await;
    let body = start_device(&h, COMPANY, SIGN_IN_SCOPES).await;
    assert_eq!(keys(&body), keys(&fixture("device-code-response.json")));
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["interval"], 5);
    let user_code = body["user_code"].as_str().unwrap();
    assert_eq!(user_code.len(), 9);
    let verification = body["verification_uri"].as_str().unwrap();
    assert_eq!(verification, h.url("/devicelogin"));
    assert_eq!(
        body["message"],
        format!("To sign in, use a web browser to open the page {verification} and enter the code {user_code} to authenticate.")
    );
    let italian: Value = h
        .http
        .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/devicecode?mkt=it-IT")))
        .form(&[("client_id", CLIENT), ("scope", SIGN_IN_SCOPES)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(italian["message"]
        .as_str()
        .unwrap()
        .starts_with("Per accedere"));
}

#[tokio::test]
async fn polling_walks_through_pending_slow_down_and_success() {
    let h = practice().await;
    let device = start_device(&h, COMPANY, SIGN_IN_SCOPES).await;
    let device_code = device["device_code"].as_str().unwrap();
    let (status, body) = poll(&h, COMPANY, device_code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_device_error(&body, "token-error-device-authorization-pending.json");
    // Polling again before the interval: slow_down, and the interval grows by five seconds (RFC 8628 §3.5).
    let (_, body) = poll(&h, COMPANY, device_code).await;
    assert_eq!(body["error"], "slow_down");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("10 seconds"));
    h.advance(6);
    let (_, body) = poll(&h, COMPANY, device_code).await;
    assert_eq!(body["error"], "slow_down", "the interval was 10 seconds");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("15 seconds"));
    h.advance(15);
    let (_, body) = poll(&h, COMPANY, device_code).await;
    assert_eq!(body["error"], "authorization_pending");

    let outcome = h
        .server
        .complete_device_login(
            device["user_code"].as_str().unwrap(),
            MARCO,
            &BrowserScript::complete_with("sms"),
        )
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::Approved);
    h.advance(15);
    let (status, body) = poll(&h, COMPANY, device_code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["access_token"]
        .as_str()
        .unwrap()
        .starts_with("sim-at."));
    assert!(body["id_token"].is_string());
    assert!(body["refresh_token"].is_string());
    let log = h.server.sign_ins();
    assert_eq!(log.last().unwrap().flow, "device_code");
    // Redeemed once only.
    h.advance(15);
    let (_, body) = poll(&h, COMPANY, device_code).await;
    assert_eq!(body["error_codes"], serde_json::json!([90120]));
}

#[tokio::test]
async fn declined_expired_and_unknown_codes() {
    let h = practice().await;
    let declined = start_device(&h, COMPANY, SIGN_IN_SCOPES).await;
    let outcome = h
        .server
        .complete_device_login(
            declined["user_code"].as_str().unwrap(),
            MARCO,
            &BrowserScript::Cancel,
        )
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::Declined);
    let (_, body) = poll(&h, COMPANY, declined["device_code"].as_str().unwrap()).await;
    assert_device_error(&body, "token-error-device-authorization-declined.json");

    let expiring = start_device(&h, COMPANY, SIGN_IN_SCOPES).await;
    h.advance(901);
    let (_, body) = poll(&h, COMPANY, expiring["device_code"].as_str().unwrap()).await;
    assert_device_error(&body, "token-error-device-expired-token.json");
    // An expired code can no longer be entered.
    let error = h
        .server
        .complete_device_login(
            expiring["user_code"].as_str().unwrap(),
            MARCO,
            &BrowserScript::complete_with("sms"),
        )
        .unwrap_err();
    assert!(error.to_string().contains("no pending device login"));

    let (_, body) = poll(&h, COMPANY, "sim-device.unknown").await;
    assert_device_error(&body, "token-error-device-bad-verification-code.json");
    // Polling at another tenant than the one that issued the code.
    let other = start_device(&h, COMPANY, SIGN_IN_SCOPES).await;
    let (_, body) = poll(&h, "common", other["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error"], "bad_verification_code");
}

#[tokio::test]
async fn an_unfinished_browser_leg_keeps_the_device_pending_and_consent_fails_it() {
    let h = practice().await;
    let device = start_device(&h, SCHOOL, SIGN_IN_SCOPES).await;
    let outcome = h
        .server
        .complete_device_login(
            device["user_code"].as_str().unwrap(),
            GIULIA,
            &BrowserScript::Complete { method: None },
        )
        .unwrap();
    assert_eq!(
        outcome,
        DeviceLoginOutcome::Unfinished,
        "her only method is on the lost phone"
    );
    let (_, body) = poll(&h, SCHOOL, device["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error"], "authorization_pending");

    let device = start_device(&h, NO_CONSENT, METHOD_SCOPES).await;
    let outcome = h
        .server
        .complete_device_login(
            device["user_code"].as_str().unwrap(),
            NO_CONSENT_USER,
            &BrowserScript::complete_with("voice"),
        )
        .unwrap();
    assert_eq!(outcome, DeviceLoginOutcome::ConsentRequired);
    let (_, body) = poll(&h, NO_CONSENT, device["device_code"].as_str().unwrap()).await;
    assert_eq!(body["error_codes"], serde_json::json!([65001]));
    assert_eq!(body["suberror"], "consent_required");
}

#[tokio::test]
async fn the_control_endpoint_completes_device_logins_too() {
    let h = practice().await;
    let device = start_device(&h, "organizations", SIGN_IN_SCOPES).await;
    let response = h
        .http
        .post(h.url("/sim/control/device"))
        .json(&serde_json::json!({"user_code": device["user_code"], "user": MARCO, "outcome": "complete", "method": "sms"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["outcome"], "approved");
    let (status, _) = poll(&h, "organizations", device["device_code"].as_str().unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let response = h
        .http
        .post(h.url("/sim/control/device"))
        .json(&serde_json::json!({"user_code": "NOPE", "user": MARCO, "outcome": "complete"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn devicecode_request_errors() {
    let h = practice().await;
    let response = h
        .http
        .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/devicecode")))
        .form(&[("scope", SIGN_IN_SCOPES)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_codes"], serde_json::json!([900144]));
    let response = h
        .http
        .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/devicecode")))
        .form(&[
            ("client_id", CLIENT),
            ("scope", "https://foo.microsoft.com/mail.read"),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_scope");
}

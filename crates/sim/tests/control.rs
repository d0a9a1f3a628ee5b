//! The `/sim/control/` endpoints that tests and tools in other languages use to drive a scenario.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn scripts_can_be_set_and_cleared_over_http() {
    let h = practice().await;
    let response = h
        .http
        .post(h.url("/sim/control/scripts"))
        .json(&json!({"user": MARCO, "outcome": "complete", "method": "sms"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = h.authorize(COMPANY, &[("login_hint", MARCO)]).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    let response = h
        .http
        .delete(h.url(&format!("/sim/control/scripts/{MARCO}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = h.authorize(COMPANY, &[("login_hint", MARCO)]).await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "without a script the person sees the password page"
    );
    let response = h
        .http
        .post(h.url("/sim/control/scripts"))
        .json(&json!({"user": MARCO, "outcome": "teleport"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn scripts_in_the_scenario_apply_from_the_start() {
    let text = format!(
        "{}\n[[scripts]]\nuser = \"{MARCO}\"\noutcome = \"complete\"\nmethod = \"3179e48a-750b-4051-897c-87b9720928f7\"\n",
        lifeboat_sim::PRACTICE_TOML
    );
    let h = start(scenario(&text)).await;
    let response = h.authorize(COMPANY, &[("login_hint", MARCO)]).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        h.server.sign_ins()[0].channel,
        Some("sms"),
        "the mobile phone's first channel is SMS"
    );
}

#[tokio::test]
async fn the_clock_advances_over_http() {
    let h = practice().await;
    let token = h.access_token(COMPANY, MARCO, "sms", SIGN_IN_SCOPES).await;
    let response = h
        .http
        .post(h.url("/sim/control/clock/advance"))
        .json(&json!({"seconds": 3600}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, _, _) = h.graph_get("/v1.0/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let response = h
        .http
        .post(h.url("/sim/control/clock/advance"))
        .json(&json!({"seconds": -5}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn accounts_and_sign_ins_are_listed() {
    let h = practice().await;
    let accounts: Value = h
        .http
        .get(h.url("/sim/control/accounts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let guest = accounts["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|account| account["userType"] == "guest")
        .unwrap();
    assert_eq!(guest["signInName"], MARCO);
    assert_eq!(guest["tenantId"], CLIENT_Y_ID);
    assert_eq!(guest["tenantName"], "Studio Legale Rinaldi & Associati");
    h.access_token(COMPANY, MARCO, "sms", SIGN_IN_SCOPES).await;
    let log: Value = h
        .http
        .get(h.url("/sim/control/sign-ins"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = &log["value"][0];
    assert_eq!(entry["outcome"], "completed");
    assert_eq!(entry["channel"], "sms");
    assert_eq!(entry["user"], MARCO);
    assert_eq!(entry["tenant_id"], COMPANY_ID);
}

//! Authorization code flow with PKCE, ID tokens, refresh rotation, consent and token-endpoint errors, over
//! real HTTP on loopback.

mod common;

use std::collections::HashMap;

use common::*;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use lifeboat_sim::BrowserScript;
use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The members every Entra token error carries (fixture token-error-aadsts70011-invalid-scope.json).
fn assert_entra_error(body: &Value, error: &str, code: u32) {
    let reference = fixture("token-error-aadsts70011-invalid-scope.json");
    for key in keys(&reference) {
        assert!(body.get(&key).is_some(), "missing `{key}` in {body}");
    }
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_codes"], serde_json::json!([code]), "{body}");
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("AADSTS{code}: ")),
        "{description}"
    );
    let trace = body["trace_id"].as_str().unwrap();
    let correlation = body["correlation_id"].as_str().unwrap();
    let timestamp = body["timestamp"].as_str().unwrap();
    assert!(description.ends_with(&format!(
        "\r\nTrace ID: {trace}\r\nCorrelation ID: {correlation}\r\nTimestamp: {timestamp}"
    )));
    // `YYYY-MM-DD hh:mm:ssZ`, space-separated (docs/MICROSOFT.md §1.8).
    assert_eq!(timestamp.len(), 20, "{timestamp}");
    assert_eq!(&timestamp[10..11], " ");
    assert!(timestamp.ends_with('Z'));
}

/// Which grant a token request redeems.
enum Grant<'a> {
    /// An authorization code, sent back with the test redirect URI.
    Code(&'a str),
    Refresh(&'a str),
}

/// The token request the tests here make: Lifeboat's client id and `grant`, then `extra` fields, which may
/// also replace the client id.
async fn token_request(
    h: &Harness,
    tenant: &str,
    grant: Grant<'_>,
    extra: &[(&str, &str)],
) -> (StatusCode, Value) {
    let mut form: Vec<(&str, &str)> = vec![("client_id", CLIENT)];
    match grant {
        Grant::Code(code) => form.extend([
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
        ]),
        Grant::Refresh(token) => {
            form.extend([("grant_type", "refresh_token"), ("refresh_token", token)])
        }
    }
    for (key, value) in extra {
        form.retain(|(existing, _)| existing != key);
        form.push((key, value));
    }
    h.token(tenant, &form).await
}

async fn code_for(h: &Harness, tenant: &str, name: &str, extra: &[(&str, &str)]) -> String {
    h.server
        .set_script(name, BrowserScript::complete_with("sms"));
    let mut params = vec![("login_hint", name)];
    params.extend_from_slice(extra);
    let response = h.authorize(tenant, &params).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    location_params(&response)["code"].clone()
}

#[tokio::test]
async fn a_scripted_sign_in_travels_over_redirects_to_the_loopback_listener() {
    let h = practice().await;
    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    // The client's loopback listener (RFC 8252), and a redirect-following HTTP client as the browser.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let redirect_uri = format!("http://127.0.0.1:{port}/");
    let received = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buffer = vec![0u8; 4096];
        let read = socket.read(&mut buffer).await.unwrap();
        let request = String::from_utf8_lossy(&buffer[..read]).to_string();
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .await
            .unwrap();
        request.lines().next().unwrap_or_default().to_string()
    });
    let browser = reqwest::Client::new();
    let (_, challenge) = pkce_pair();
    let landed = browser
        .get(h.url(&format!("/{COMPANY}/oauth2/v2.0/authorize")))
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", redirect_uri.as_str()),
            ("scope", SIGN_IN_SCOPES),
            ("state", "s-1"),
            ("login_hint", MARCO),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(landed.text().await.unwrap(), "ok");
    let request_line = received.await.unwrap();
    assert!(
        request_line.starts_with("GET /?code=sim-code."),
        "{request_line}"
    );
    assert!(request_line.contains("&state=s-1 "), "{request_line}");
    let log = h.server.sign_ins();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].outcome, "completed");
    assert_eq!(log[0].channel, Some("sms"));
    assert_eq!(
        log[0].method_id.as_deref(),
        Some("3179e48a-750b-4051-897c-87b9720928f7")
    );
}

#[tokio::test]
async fn the_id_token_verifies_against_the_jwks_with_an_independent_library() {
    let h = practice().await;
    let (status, body) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id_token = body["id_token"].as_str().unwrap();
    let header = jsonwebtoken::decode_header(id_token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    let (_, _, jwks) = h
        .graph_get(&format!("/{COMPANY_ID}/discovery/v2.0/keys"), None)
        .await;
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|key| key["kid"].as_str() == header.kid.as_deref())
        .expect("the token's kid is in the JWKS");
    let decoding =
        DecodingKey::from_rsa_components(key["n"].as_str().unwrap(), key["e"].as_str().unwrap())
            .unwrap();
    let issuer = format!("{}/{COMPANY_ID}/v2.0", h.server.base_url());
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[CLIENT]);
    validation.set_issuer(&[issuer.as_str()]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud"]);
    let claims = jsonwebtoken::decode::<Value>(id_token, &decoding, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims["tid"], COMPANY_ID);
    assert_eq!(claims["preferred_username"], MARCO);
    assert_eq!(claims["name"], "Marco Ferri");
    assert_eq!(claims["nonce"], "nonce-456");
    assert_eq!(claims["ver"], "2.0");
    let oid = claims["oid"].as_str().unwrap();
    let (_, _, me) = h.graph_get("/v1.0/me", body["access_token"].as_str()).await;
    assert_eq!(me["id"], oid);
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 3600);

    // A tampered payload fails verification.
    let mut parts: Vec<String> = id_token.split('.').map(str::to_string).collect();
    parts[1] = parts[1].replacen('e', "f", 1);
    assert!(jsonwebtoken::decode::<Value>(&parts.join("."), &decoding, &validation).is_err());
}

#[tokio::test]
async fn the_token_response_has_the_fixture_members() {
    let h = practice().await;
    let (status, body) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            METHOD_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for key in keys(&fixture("token-success-response.json")) {
        assert!(body.get(&key).is_some(), "missing {key}");
    }
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert_eq!(
        body["scope"],
        "https://graph.microsoft.com/UserAuthenticationMethod.Read https://graph.microsoft.com/User.Read openid profile offline_access"
    );
}

#[tokio::test]
async fn pkce_s256_and_plain_are_checked() {
    let h = practice().await;
    let (verifier, challenge) = pkce_pair();
    // S256 with a wrong verifier.
    let code = code_for(
        &h,
        COMPANY,
        MARCO,
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    let wrong = "x".repeat(43);
    let (status, body) = token_request(
        &h,
        COMPANY,
        Grant::Code(&code),
        &[("code_verifier", &wrong)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_grant", 501481);
    // The failed attempt spent the code.
    let (_, body) = token_request(
        &h,
        COMPANY,
        Grant::Code(&code),
        &[("code_verifier", &verifier)],
    )
    .await;
    assert_entra_error(&body, "invalid_grant", 54005);

    // A missing verifier when a challenge was sent.
    let code = code_for(
        &h,
        COMPANY,
        MARCO,
        &[
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    let (_, body) = token_request(&h, COMPANY, Grant::Code(&code), &[]).await;
    assert_entra_error(&body, "invalid_grant", 501481);

    // plain, explicitly and by omission of the method.
    for method in ["plain", ""] {
        let code = code_for(
            &h,
            COMPANY,
            MARCO,
            &[
                ("code_challenge", &verifier),
                ("code_challenge_method", method),
            ],
        )
        .await;
        let (status, body) = token_request(
            &h,
            COMPANY,
            Grant::Code(&code),
            &[("code_verifier", &verifier)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "method {method:?}: {body}");
    }
}

#[tokio::test]
async fn codes_are_single_use_expire_and_belong_to_their_client_and_redirect() {
    let h = practice().await;
    let code = code_for(&h, COMPANY, MARCO, &[]).await;
    // The loopback port may differ (docs/MICROSOFT.md §1.5).
    let (status, _) = h
        .redeem(COMPANY, &code, "http://localhost:9999/", CLIENT)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = h.redeem(COMPANY, &code, REDIRECT, CLIENT).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_grant", 54005);

    let code = code_for(&h, COMPANY, MARCO, &[]).await;
    let (_, body) = h
        .redeem(COMPANY, &code, "http://localhost:53117/elsewhere", CLIENT)
        .await;
    assert_entra_error(&body, "invalid_grant", 50011);

    let code = code_for(&h, COMPANY, MARCO, &[]).await;
    let (_, body) = h
        .redeem(
            COMPANY,
            &code,
            REDIRECT,
            "00000000-1111-2222-3333-444444444444",
        )
        .await;
    assert_entra_error(&body, "invalid_grant", 70000);

    let code = code_for(&h, COMPANY, MARCO, &[]).await;
    h.advance(601);
    let (_, body) = h.redeem(COMPANY, &code, REDIRECT, CLIENT).await;
    assert_entra_error(&body, "invalid_grant", 70008);

    let (_, body) = h
        .redeem(COMPANY, "sim-code.unknown", REDIRECT, CLIENT)
        .await;
    assert_entra_error(&body, "invalid_grant", 9002313);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_the_old_one_stays_valid() {
    let h = practice().await;
    let (_, first) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            SIGN_IN_SCOPES,
        )
        .await;
    let first_rt = first["refresh_token"].as_str().unwrap().to_string();
    let (status, second) = h.refresh(COMPANY, &first_rt, Some(SIGN_IN_SCOPES)).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let second_rt = second["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(second_rt, first_rt, "a refresh returns a new refresh token");
    assert_ne!(second["access_token"], first["access_token"]);
    // Entra "doesn't revoke old refresh tokens when used" (docs/MICROSOFT.md §1.6).
    let (status, _) = h.refresh(COMPANY, &first_rt, Some(SIGN_IN_SCOPES)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, third) = h.refresh(COMPANY, &second_rt, Some(SIGN_IN_SCOPES)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, me) = h
        .graph_get("/v1.0/me", third["access_token"].as_str())
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["userPrincipalName"], MARCO);
    // No id_token without openid, no refresh token without offline_access.
    let rt = third["refresh_token"].as_str().unwrap();
    let (_, narrow) =
        token_request(&h, COMPANY, Grant::Refresh(rt), &[("scope", "User.Read")]).await;
    assert!(narrow.get("id_token").is_none());
    assert!(narrow.get("refresh_token").is_none());
    assert_eq!(narrow["scope"], "https://graph.microsoft.com/User.Read");
    let (_, body) = token_request(&h, COMPANY, Grant::Refresh("sim-rt.nope"), &[]).await;
    assert_entra_error(&body, "invalid_grant", 9002313);
}

#[tokio::test]
async fn missing_admin_consent_fails_method_reads_but_not_the_sign_in() {
    let h = practice().await;
    // Basic sign-in works in the tenant without consent.
    let (status, tokens) = h
        .sign_in(
            NO_CONSENT,
            NO_CONSENT_USER,
            BrowserScript::complete_with("voice"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    // The incremental request for UserAuthenticationMethod.Read fails with AADSTS65001 (fixture shape).
    let rt = tokens["refresh_token"].as_str().unwrap();
    let (status, body) = token_request(
        &h,
        NO_CONSENT,
        Grant::Refresh(rt),
        &[("scope", METHOD_SCOPES)],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_grant", 65001);
    assert_eq!(body["suberror"], "consent_required");
    let reference = fixture("token-error-aadsts65001-consent-required.json");
    assert_eq!(
        keys(&body).len(),
        keys(&reference).len() + 1,
        "fixture members plus error_uri"
    );
    // Interactively, the redirect carries access_denied with AADSTS90094.
    h.server
        .set_script(NO_CONSENT_USER, BrowserScript::complete_with("voice"));
    let response = h
        .authorize(
            NO_CONSENT,
            &[("login_hint", NO_CONSENT_USER), ("scope", METHOD_SCOPES)],
        )
        .await;
    let params = location_params(&response);
    assert_eq!(params["error"], "access_denied");
    assert!(params["error_description"]
        .starts_with("AADSTS90094: The grant requires admin permission."));
    assert_eq!(params["state"], "state-123");
    // In a consented tenant the same request succeeds.
    let (status, _) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            METHOD_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

const FAULT_SCENARIO: &str = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso Italia"
kind = "business"
require_mfa = false

[[users]]
tenant = "contoso.it"
upn = "anna@contoso.it"
display_name = "Anna"
password = "pw"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3330000001"
phoneType = "mobile"

[[users]]
tenant = "contoso.it"
upn = "bruno@contoso.it"
display_name = "Bruno"
password = "pw"

[[faults.token_errors]]
user = "anna@contoso.it"
code = 53003

[[faults.token_errors]]
user = "bruno@contoso.it"
code = 50076
grant_type = "refresh_token"
error = "interaction_required"
"##;

#[tokio::test]
async fn token_errors_are_injected_per_user_in_the_fixture_shape() {
    let h = start(scenario(FAULT_SCENARIO)).await;
    h.server
        .set_script("anna@contoso.it", BrowserScript::complete_with("sms"));
    let response = h
        .authorize("contoso.it", &[("login_hint", "anna@contoso.it")])
        .await;
    let code = location_params(&response)["code"].clone();
    let (status, body) = token_request(&h, "contoso.it", Grant::Code(&code), &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_entra_error(&body, "invalid_grant", 53003);
    let reference = fixture("token-error-aadsts53003-blocked-by-conditional-access.json");
    assert_eq!(keys(&body), keys(&reference));
    let reference_text = reference["error_description"]
        .as_str()
        .unwrap()
        .split("\r\n")
        .next()
        .unwrap();
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with(reference_text));

    // Bruno's fault only hits refresh_token, with the `error` the scenario chose.
    let (status, tokens) = h
        .sign_in(
            "contoso.it",
            "bruno@contoso.it",
            BrowserScript::Complete { method: None },
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let rt = tokens["refresh_token"].as_str().unwrap();
    let (_, body) = token_request(&h, "contoso.it", Grant::Refresh(rt), &[]).await;
    assert_entra_error(&body, "interaction_required", 50076);
    assert_eq!(body["suberror"], "basic_action");
    let reference = fixture("token-error-aadsts50076-interaction-required.json");
    let reference_text = reference["error_description"]
        .as_str()
        .unwrap()
        .split("\r\n")
        .next()
        .unwrap();
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with(reference_text));
}

#[tokio::test]
async fn the_correlation_id_echoes_client_request_id() {
    let h = practice().await;
    let response = h
        .http
        .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/token")))
        .header("client-request-id", "a3dce328-f8d3-4932-bf95-d2a89693f7e5")
        .form(&[
            ("client_id", CLIENT),
            ("grant_type", "authorization_code"),
            ("code", "nope"),
        ])
        .send()
        .await
        .unwrap();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["correlation_id"],
        "a3dce328-f8d3-4932-bf95-d2a89693f7e5"
    );
}

#[tokio::test]
async fn request_errors_at_the_token_endpoint() {
    let h = practice().await;
    let (_, body) = h
        .token(COMPANY, &[("grant_type", "authorization_code")])
        .await;
    assert_entra_error(&body, "invalid_request", 900144);
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("'client_id'"));
    let (_, body) = h
        .token(
            COMPANY,
            &[("client_id", CLIENT), ("grant_type", "password")],
        )
        .await;
    assert_entra_error(&body, "unsupported_grant_type", 70003);
    let (status, body) = h
        .token(
            COMPANY,
            &[
                ("client_id", CLIENT),
                ("grant_type", "authorization_code"),
                ("client_secret", "s"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_entra_error(&body, "invalid_client", 700025);
    let (_, body) = h
        .token(
            "nowhere.example",
            &[("client_id", CLIENT), ("grant_type", "refresh_token")],
        )
        .await;
    assert_entra_error(&body, "invalid_request", 90002);
}

#[tokio::test]
async fn only_accepted_client_ids_may_sign_in() {
    let text = format!("[simulator]\naccepted_client_ids = [\"{CLIENT}\"]\n{FAULT_SCENARIO}");
    let h = start(scenario(&text)).await;
    let other = "11112222-bbbb-3333-cccc-4444dddd5555";
    let (_, body) = token_request(
        &h,
        "contoso.it",
        Grant::Refresh("x"),
        &[("client_id", other)],
    )
    .await;
    assert_entra_error(&body, "unauthorized_client", 700016);
    let reference = fixture("token-error-aadsts700016-application-not-found.json");
    assert_eq!(keys(&body), keys(&reference));
    let response = h.authorize("contoso.it", &[("client_id", other)]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("location").is_none());
    assert!(response.text().await.unwrap().contains("AADSTS700016"));
}

#[tokio::test]
async fn authorize_errors_redirect_or_stay_in_the_browser() {
    let h = practice().await;
    let response = h.authorize(COMPANY, &[("response_type", "token")]).await;
    let params = location_params(&response);
    assert_eq!(params["error"], "unsupported_response_type");
    assert_eq!(params["state"], "state-123");

    let response = h
        .authorize(
            COMPANY,
            &[("scope", "openid https://foo.microsoft.com/mail.read")],
        )
        .await;
    let params = location_params(&response);
    assert_eq!(params["error"], "invalid_scope");
    assert!(params["error_description"].starts_with("AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope https://foo.microsoft.com/mail.read is not valid."));

    let response = h
        .authorize(
            COMPANY,
            &[
                ("code_challenge", "short"),
                ("code_challenge_method", "S256"),
            ],
        )
        .await;
    assert_eq!(location_params(&response)["error"], "invalid_request");

    // A redirect URI that is not loopback http: Entra's page, never a redirect.
    let response = h
        .authorize(
            COMPANY,
            &[("redirect_uri", "https://evil.example/callback")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("location").is_none());
    assert!(response.text().await.unwrap().contains("AADSTS50011"));

    let response = h.authorize("nowhere.example", &[]).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("AADSTS90002"));
}

#[tokio::test]
async fn prompt_none_needs_a_browser_session() {
    let h = practice().await;
    let response = h
        .authorize(COMPANY, &[("prompt", "none"), ("login_hint", MARCO)])
        .await;
    let params = location_params(&response);
    assert_eq!(params["error"], "login_required");
    assert!(params["error_description"].starts_with("AADSTS50058"));

    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    let response = h.authorize(COMPANY, &[("login_hint", MARCO)]).await;
    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
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
            ("state", "again"),
        ])
        .send()
        .await
        .unwrap();
    let params = location_params(&silent);
    assert!(params["code"].starts_with("sim-code."), "{params:?}");
    assert_eq!(params["state"], "again");
    // The session passed MFA in the company, not at client X: there, silence needs interaction.
    let other = h
        .http
        .get(h.url(&format!("/{CLIENT_X}/oauth2/v2.0/authorize")))
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
    assert_eq!(location_params(&other)["error"], "login_required");
}

async fn page_after(
    h: &Harness,
    tenant: &str,
    name: &str,
    script: BrowserScript,
) -> (StatusCode, String) {
    h.server.set_script(name, script);
    let response = h.authorize(tenant, &[("login_hint", name)]).await;
    assert!(
        response.headers().get("location").is_none(),
        "no redirect expected"
    );
    let status = response.status();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn scripts_that_do_not_finish_leave_the_browser_on_a_page() {
    let h = practice().await;
    let (status, page) = page_after(&h, COMPANY, MARCO, BrowserScript::StuckAtMfa).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Approve sign in request"), "{page}");
    assert!(page.contains("Sign in another way"));

    let (_, page) = page_after(&h, COMPANY, MARCO, BrowserScript::CantUseAny).await;
    assert!(
        page.contains("contact your administrator") || page.contains("Contact your administrator"),
        "{page}"
    );

    let (_, page) = page_after(&h, COMPANY, MARCO, BrowserScript::WrongPassword).await;
    assert!(page.contains("Your account or password is incorrect."));

    // Giulia's only second step is on the lost phone: "complete" with it cannot finish.
    let (_, page) = page_after(&h, SCHOOL, GIULIA, BrowserScript::Complete { method: None }).await;
    assert!(page.contains("no longer in the person"), "{page}");
    // Nor with a method she does not have.
    let (_, page) = page_after(&h, SCHOOL, GIULIA, BrowserScript::complete_with("sms")).await;
    assert!(page.contains("Approve sign in request"));

    let outcomes: Vec<&str> = h
        .server
        .sign_ins()
        .iter()
        .map(|record| record.outcome)
        .collect();
    assert_eq!(outcomes, vec!["gave_up", "wrong_password"]);

    h.server.set_script(MARCO, BrowserScript::Cancel);
    let response = h.authorize(COMPANY, &[("login_hint", MARCO)]).await;
    let params = location_params(&response);
    assert_eq!(params["error"], "access_denied");
    assert_eq!(
        params["error_description"],
        "the user canceled the authentication"
    );
}

#[tokio::test]
async fn a_security_key_in_hand_completes_where_the_phone_cannot() {
    let h = practice().await;
    let (_, page) = page_after(
        &h,
        CLIENT_X,
        CLIENT_X_USER,
        BrowserScript::complete_with("push"),
    )
    .await;
    assert!(page.contains("Approve sign in request"));
    let (status, body) = h
        .sign_in(
            CLIENT_X,
            CLIENT_X_USER,
            BrowserScript::complete_with("security_key"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let last = h.server.sign_ins().pop().unwrap();
    assert_eq!(last.channel, Some("security_key"));
    assert_eq!(
        last.method_id.as_deref(),
        Some("WXViaUtleU9NTF9NYXJjb19GZXJyaQ2")
    );
}

#[tokio::test]
async fn a_guest_signs_in_at_the_resource_tenant_with_the_home_password() {
    let h = practice().await;
    // Authenticator only, on the lost phone: stuck.
    let (_, page) = page_after(
        &h,
        CLIENT_Y_ID,
        MARCO,
        BrowserScript::Complete { method: None },
    )
    .await;
    assert!(page.contains("Approve sign in request"));
    // A sign-in without a second step (trusted network) completes, as the guest object of client Y.
    let (status, body) = h
        .sign_in(
            CLIENT_Y_ID,
            MARCO,
            BrowserScript::complete_with("none"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, _, me) = h.graph_get("/v1.0/me", body["access_token"].as_str()).await;
    assert_eq!(
        me["userPrincipalName"],
        "marco.ferri_ferriconsulting.it#EXT#@studiorinaldi.it"
    );
    let payload = body["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap()
        .to_string();
    use base64::Engine;
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["tid"], CLIENT_Y_ID);
    assert_eq!(claims["preferred_username"], MARCO);
}

#[tokio::test]
async fn a_refresh_token_redeemed_at_another_tenant_meets_its_mfa_rule() {
    let h = practice().await;
    let (_, tokens) = h
        .sign_in(
            COMPANY,
            MARCO,
            BrowserScript::complete_with("sms"),
            SIGN_IN_SCOPES,
        )
        .await;
    let rt = tokens["refresh_token"].as_str().unwrap();
    let (_, body) = token_request(&h, CLIENT_Y_ID, Grant::Refresh(rt), &[]).await;
    assert_entra_error(&body, "invalid_grant", 50076);
    // A tenant where the person has no account.
    let (_, body) = token_request(&h, SCHOOL, Grant::Refresh(rt), &[]).await;
    assert_entra_error(&body, "invalid_grant", 50020);
}

#[tokio::test]
async fn common_signs_the_person_into_their_home_tenant_and_client_info_is_given() {
    let h = practice().await;
    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    let response = h.authorize("organizations", &[("login_hint", MARCO)]).await;
    let code = location_params(&response)["code"].clone();
    let (status, body) = token_request(
        &h,
        "organizations",
        Grant::Code(&code),
        &[("client_info", "1")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    use base64::Engine;
    let info: HashMap<String, String> = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(body["client_info"].as_str().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(info["utid"], COMPANY_ID);
}

#[tokio::test]
async fn fragment_and_form_post_response_modes() {
    let h = practice().await;
    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    let response = h
        .authorize(
            COMPANY,
            &[("login_hint", MARCO), ("response_mode", "fragment")],
        )
        .await;
    let location = location(&response);
    assert!(
        location.starts_with("http://localhost:53117/#code=sim-code."),
        "{location}"
    );
    let response = h
        .authorize(
            COMPANY,
            &[("login_hint", MARCO), ("response_mode", "form_post")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert!(
        page.contains(r#"<form method="POST" action="http://localhost:53117/">"#),
        "{page}"
    );
    assert!(page.contains(r#"name="code" value="sim-code."#));
    assert!(page.contains(r#"name="state" value="state-123""#));
}

#[tokio::test]
async fn an_account_without_mfa_methods_is_asked_to_register_in_an_mfa_tenant() {
    let text = FAULT_SCENARIO.replace("require_mfa = false", "require_mfa = true");
    let h = start(scenario(&text)).await;
    let (status, page) = page_after(
        &h,
        "contoso.it",
        "bruno@contoso.it",
        BrowserScript::Complete { method: None },
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("More information required"), "{page}");
    assert_eq!(h.server.sign_ins()[0].outcome, "needs_registration");
    // Without the MFA rule, the same account signs in with the password alone.
    let h = start(scenario(FAULT_SCENARIO)).await;
    let (status, body) = h
        .sign_in(
            "contoso.it",
            "bruno@contoso.it",
            BrowserScript::Complete { method: None },
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(h.server.sign_ins()[0].channel, None);
}

//! OpenID configuration and JWKS, with the tenant addressed by id, by domain, or as common/organizations.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn openid_configuration_by_domain_names_the_tenant_id() {
    let h = practice().await;
    let base = h.server.base_url().to_string();
    for segment in [COMPANY, COMPANY_ID, "FerriConsulting.onmicrosoft.com"] {
        let (status, _, body) = h
            .graph_get(
                &format!("/{segment}/v2.0/.well-known/openid-configuration"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{segment}");
        assert_eq!(
            body["issuer"],
            format!("{base}/{COMPANY_ID}/v2.0"),
            "{segment}"
        );
        assert_eq!(
            body["authorization_endpoint"],
            format!("{base}/{COMPANY_ID}/oauth2/v2.0/authorize")
        );
        assert_eq!(
            body["token_endpoint"],
            format!("{base}/{COMPANY_ID}/oauth2/v2.0/token")
        );
        assert_eq!(
            body["device_authorization_endpoint"],
            format!("{base}/{COMPANY_ID}/oauth2/v2.0/devicecode")
        );
        assert_eq!(
            body["jwks_uri"],
            format!("{base}/{COMPANY_ID}/discovery/v2.0/keys")
        );
        assert_eq!(
            body["id_token_signing_alg_values_supported"],
            serde_json::json!(["RS256"])
        );
        assert!(body["msgraph_host"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"));
    }
}

#[tokio::test]
async fn common_and_organizations_keep_the_issuer_template() {
    let h = practice().await;
    let base = h.server.base_url().to_string();
    for segment in ["common", "organizations"] {
        let (status, _, body) = h
            .graph_get(
                &format!("/{segment}/v2.0/.well-known/openid-configuration"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["issuer"], format!("{base}/{{tenantid}}/v2.0"));
        assert_eq!(
            body["token_endpoint"],
            format!("{base}/{segment}/oauth2/v2.0/token")
        );
    }
}

#[tokio::test]
async fn an_unknown_tenant_answers_aadsts90002_in_entra_shape() {
    let h = practice().await;
    let (status, _, body) = h
        .graph_get(
            "/nowhere.example/v2.0/.well-known/openid-configuration",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
    assert_eq!(body["error_codes"], serde_json::json!([90002]));
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with("AADSTS90002: Tenant 'nowhere.example' not found"));
    // Same members as the reference error shape (fixture token-error-aadsts70011-invalid-scope.json) plus error_uri.
    let mut expected = keys(&fixture("token-error-aadsts70011-invalid-scope.json"));
    expected.push("error_uri".to_string());
    expected.sort();
    assert_eq!(keys(&body), expected);
}

#[tokio::test]
async fn jwks_lists_one_rs256_signing_key_at_both_addresses() {
    let h = practice().await;
    let (status, _, root) = h.graph_get("/discovery/v2.0/keys", None).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, tenant) = h
        .graph_get(&format!("/{COMPANY_ID}/discovery/v2.0/keys"), None)
        .await;
    assert_eq!(root, tenant);
    let keys_array = root["keys"].as_array().unwrap();
    assert_eq!(keys_array.len(), 1);
    let key = &keys_array[0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["use"], "sig");
    assert_eq!(key["e"], "AQAB");
    // A 2048-bit modulus is 256 bytes: 342 base64url characters.
    assert_eq!(key["n"].as_str().map(str::len), Some(342));
    assert!(matches!(&key["kid"], Value::String(kid) if !kid.is_empty()));
}

#[tokio::test]
async fn the_error_uri_page_explains_the_code() {
    let h = practice().await;
    let response = h.http.get(h.url("/error?code=50076")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(text.contains("AADSTS50076"));
    assert!(text.contains("multi-factor authentication"));
}

#[tokio::test]
async fn userinfo_answers_for_the_bearer() {
    let h = practice().await;
    let token = h.access_token(COMPANY, MARCO, "sms", SIGN_IN_SCOPES).await;
    let (status, _, body) = h.graph_get("/oidc/userinfo", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "Marco Ferri");
    assert_eq!(body["email"], MARCO);
    let (status, _, body) = h.graph_get("/oidc/userinfo", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
}

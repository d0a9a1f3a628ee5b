//! Graph endpoints against the fixtures: /me, /me/authentication/methods (exact fixture JSON), paging, the
//! 401/403 error shapes, and the 429 / 5xx / latency faults.

mod common;

use common::*;
use lifeboat_sim::BrowserScript;
use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::Value;

const TENANT: &str = "contoso.it";
const USER: &str = "kim@contoso.it";
const USER_ID: &str = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";

/// A one-user scenario whose methods are the fixture's `value[]`, written as TOML.
fn scenario_with_methods(methods: &[Value], simulator: &str, faults: &str) -> String {
    let mut text = format!(
        "[simulator]\n{simulator}\n[faults]\n{faults}\n\
         [[tenants]]\nid = \"11111111-2222-4333-8444-555555555555\"\ndomain = \"{TENANT}\"\nname = \"Contoso\"\nkind = \"business\"\n\
         consented_scopes = [\"UserAuthenticationMethod.Read\"]\nrequire_mfa = false\n\
         [[users]]\ntenant = \"{TENANT}\"\nupn = \"{USER}\"\nid = \"{USER_ID}\"\ndisplay_name = \"Kim Akers\"\npassword = \"pw\"\n"
    );
    for method in methods {
        text.push_str("[[users.methods]]\n");
        write_entries(&mut text, "", method);
    }
    text
}

/// `"a"."b" = value` lines: nested objects as dotted keys, so they stay inside `[[users.methods]]`.
fn write_entries(text: &mut String, prefix: &str, value: &Value) {
    for (key, value) in value.as_object().unwrap() {
        let path = format!("{prefix}{}", toml::Value::String(key.clone()));
        match value {
            Value::Object(_) => write_entries(text, &format!("{path}."), value),
            other => {
                if let Some(value) = json_to_toml(other) {
                    text.push_str(&format!("{path} = {value}\n"));
                }
            }
        }
    }
}

fn json_to_toml(value: &Value) -> Option<toml::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(flag) => toml::Value::Boolean(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => toml::Value::Integer(integer),
            None => toml::Value::Float(number.as_f64()?),
        },
        Value::String(text) => toml::Value::String(text.clone()),
        Value::Array(items) => toml::Value::Array(items.iter().filter_map(json_to_toml).collect()),
        Value::Object(map) => toml::Value::Table(
            map.iter()
                .filter_map(|(key, value)| Some((key.clone(), json_to_toml(value)?)))
                .collect(),
        ),
    })
}

async fn kim(h: &Harness, scope: &str) -> String {
    h.access_token(TENANT, USER, "none", scope).await
}

#[tokio::test]
async fn methods_are_served_exactly_as_the_fixtures() {
    let files = [
        "methods-authenticator-only.json",
        "methods-authenticator-and-sms-mobile.json",
        "methods-fido2-key-and-authenticator.json",
        "methods-whfb-and-authenticator.json",
        "methods-softwareoath-only.json",
        "methods-email-and-password-only.json",
        "methods-password-only.json",
        "methods-authenticator-plus-authenticator-passkey.json",
    ];
    for file in files {
        let expected = fixture(file);
        let methods = expected["value"].as_array().unwrap();
        let h = start(scenario(&scenario_with_methods(methods, "", ""))).await;
        let token = kim(&h, METHOD_SCOPES).await;
        let (status, headers, body) = h
            .graph_get("/v1.0/me/authentication/methods", Some(&token))
            .await;
        assert_eq!(status, StatusCode::OK, "{file}: {body}");
        assert_eq!(body["value"], expected["value"], "{file}");
        let context = expected["@odata.context"]
            .as_str()
            .unwrap()
            .replace("https://graph.microsoft.com", h.server.base_url());
        assert_eq!(body["@odata.context"], context, "{file}");
        assert!(body.get("@odata.nextLink").is_none());
        assert!(headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json;odata.metadata=minimal"));
        assert!(headers.contains_key("request-id"));
    }
}

#[tokio::test]
async fn every_single_method_fixture_round_trips() {
    let names = [
        "method-email.json",
        "method-externalAuthenticationMethod.json",
        "method-fido2-passkey-microsoftAuthenticator-ios.json",
        "method-fido2-securityKey.json",
        "method-microsoftAuthenticator.json",
        "method-password.json",
        "method-phone-alternateMobile.json",
        "method-phone-mobile.json",
        "method-phone-office.json",
        "method-platformCredential.json",
        "method-qrCodePin.json",
        "method-softwareOath.json",
        "method-windowsHelloForBusiness.json",
    ];
    let methods: Vec<Value> = names.iter().map(|name| fixture(name)).collect();
    let h = start(scenario(&scenario_with_methods(&methods, "", ""))).await;
    let token = kim(&h, METHOD_SCOPES).await;
    let (_, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    assert_eq!(body["value"], Value::Array(methods));
}

#[tokio::test]
async fn beta_only_methods_stay_out_of_v1() {
    let methods = vec![
        fixture("method-hardwareOath-beta.json"),
        fixture("method-password.json"),
    ];
    let h = start(scenario(&scenario_with_methods(&methods, "", ""))).await;
    let token = kim(&h, METHOD_SCOPES).await;
    let (_, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    assert_eq!(
        body["value"],
        serde_json::json!([fixture("method-password.json")])
    );
}

#[tokio::test]
async fn methods_are_paged_with_whole_next_links() {
    let page1 = fixture("methods-paged-page1.json");
    let page2 = fixture("methods-paged-page2.json");
    let mut methods = page1["value"].as_array().unwrap().clone();
    methods.extend(page2["value"].as_array().unwrap().iter().cloned());
    let h = start(scenario(&scenario_with_methods(
        &methods,
        "methods_page_size = 2",
        "",
    )))
    .await;
    let token = kim(&h, METHOD_SCOPES).await;
    let (_, _, first) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    assert_eq!(first["value"], page1["value"]);
    let next = first["@odata.nextLink"].as_str().expect("a next link");
    assert!(
        next.starts_with(&h.url("/v1.0/me/authentication/methods?$skiptoken=")),
        "{next}"
    );
    let (status, _, second) = h.graph_get(next, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(second["value"], page2["value"]);
    assert!(second.get("@odata.nextLink").is_none());
    let (status, _, body) = h
        .graph_get(
            "/v1.0/me/authentication/methods?$skiptoken=garbage",
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "badRequest");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]
    /// Following nextLinks yields every method once, in order, whatever the page size.
    #[test]
    fn paging_yields_every_method_once(page_size in 1usize..7) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let names = ["method-password.json", "method-microsoftAuthenticator.json", "method-phone-mobile.json",
                "method-email.json", "method-fido2-securityKey.json", "method-softwareOath.json"];
            let methods: Vec<Value> = names.iter().map(|name| fixture(name)).collect();
            let h = start(scenario(&scenario_with_methods(&methods, &format!("methods_page_size = {page_size}"), ""))).await;
            let token = kim(&h, METHOD_SCOPES).await;
            let mut collected = Vec::new();
            let mut next = Some(h.url("/v1.0/me/authentication/methods"));
            let mut pages = 0;
            while let Some(url) = next {
                let (_, _, body) = h.graph_get(&url, Some(&token)).await;
                let items = body["value"].as_array().unwrap();
                assert!(items.len() <= page_size);
                collected.extend(items.iter().cloned());
                next = body["@odata.nextLink"].as_str().map(str::to_string);
                pages += 1;
            }
            assert_eq!(collected, methods);
            assert_eq!(pages, methods.len().div_ceil(page_size));
        });
    }
}

#[tokio::test]
async fn me_has_graphs_default_properties_and_select() {
    let h = practice().await;
    let token = h.access_token(COMPANY, MARCO, "sms", SIGN_IN_SCOPES).await;
    let response = h
        .http
        .get(h.url("/v1.0/me"))
        .bearer_auth(&token)
        .header("client-request-id", "30bcb75d-a62f-85ad-90e1-d7d1978e9ca3")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["client-request-id"],
        "30bcb75d-a62f-85ad-90e1-d7d1978e9ca3"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        keys(&body),
        vec![
            "@odata.context",
            "businessPhones",
            "displayName",
            "givenName",
            "id",
            "jobTitle",
            "mail",
            "mobilePhone",
            "officeLocation",
            "preferredLanguage",
            "surname",
            "userPrincipalName"
        ]
    );
    assert_eq!(
        body["@odata.context"],
        h.url("/v1.0/$metadata#users/$entity")
    );
    assert_eq!(body["displayName"], "Marco Ferri");
    let (_, _, school) = {
        let token = h
            .access_token(SCHOOL, SCHOOL_IT, "security_key", SIGN_IN_SCOPES)
            .await;
        h.graph_get(
            "/v1.0/me?$select=displayName,employeeId,department,userType",
            Some(&token),
        )
        .await
    };
    assert_eq!(
        keys(&school),
        vec![
            "@odata.context",
            "department",
            "displayName",
            "employeeId",
            "userType"
        ]
    );
    assert_eq!(school["userType"], "Member");
    let (status, _, body) = h.graph_get("/v1.0/me?$select=shoeSize", Some(&token)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("shoeSize"));
}

/// Graph's error envelope with the fixture's members.
fn assert_graph_error(body: &Value, fixture_name: &str) {
    let reference = fixture(fixture_name);
    assert_eq!(keys(&body["error"]), keys(&reference["error"]), "{body}");
    assert_eq!(body["error"]["code"], reference["error"]["code"]);
    for key in keys(&reference["error"]["innerError"]) {
        assert!(
            body["error"]["innerError"].get(&key).is_some(),
            "innerError lacks {key}: {body}"
        );
    }
    let date = body["error"]["innerError"]["date"].as_str().unwrap();
    assert_eq!(date.len(), 19, "{date}");
}

#[tokio::test]
async fn graph_answers_401_without_a_valid_token() {
    let h = practice().await;
    let (status, headers, body) = h.graph_get("/v1.0/me/authentication/methods", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_graph_error(&body, "graph-error-401-invalidAuthenticationToken.json");
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Bearer realm=\"\""));
    let (status, _, body) = h.graph_get("/v1.0/me", Some("not-a-token")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_graph_error(&body, "graph-error-401-invalidAuthenticationToken.json");
    let token = h.access_token(COMPANY, MARCO, "sms", SIGN_IN_SCOPES).await;
    h.advance(3600);
    let (status, _, body) = h.graph_get("/v1.0/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["error"]["message"],
        fixture("graph-error-401-invalidAuthenticationToken.json")["error"]["message"]
    );
}

#[tokio::test]
async fn graph_answers_403_without_the_permission() {
    let h = practice().await;
    let basic = h.access_token(COMPANY, MARCO, "sms", SIGN_IN_SCOPES).await;
    let (status, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&basic))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_graph_error(&body, "graph-error-403-accessDenied.json");
    assert_eq!(body["error"]["message"], "Request Authorization failed");
    let methods_only = h
        .access_token(
            COMPANY,
            MARCO,
            "sms",
            "openid UserAuthenticationMethod.Read",
        )
        .await;
    let (status, _, body) = h.graph_get("/v1.0/me", Some(&methods_only)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_graph_error(&body, "graph-error-403-authorizationRequestDenied.json");
    // Someone else's methods need a reader role.
    let laura_id = {
        let token = h
            .access_token(COMPANY, LAURA, "windows_hello", SIGN_IN_SCOPES)
            .await;
        h.graph_get("/v1.0/me", Some(&token)).await.2["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (status, _, _) = h
        .graph_get(
            &format!("/v1.0/users/{laura_id}/authentication/methods"),
            Some(&methods_only),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Unknown Graph paths answer in Graph's shape.
    let (status, _, body) = h.graph_get("/v1.0/me/drive", Some(&basic)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("'drive'"));
}

#[tokio::test]
async fn every_nth_graph_call_is_throttled_with_retry_after() {
    let methods = vec![fixture("method-password.json")];
    let h = start(scenario(&scenario_with_methods(
        &methods,
        "",
        "throttle_every = 3\nretry_after_seconds = 2.128",
    )))
    .await;
    let token = kim(&h, METHOD_SCOPES).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let (status, headers, body) = h
            .graph_get("/v1.0/me/authentication/methods", Some(&token))
            .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(headers["retry-after"], "2.128");
            let reference = fixture("graph-error-429-tooManyRequests.json");
            assert_eq!(keys(&body["error"]), keys(&reference["error"]));
            assert_eq!(body["error"]["code"], "TooManyRequests");
            for key in keys(&reference["error"]["innerError"]) {
                assert!(body["error"]["innerError"].get(&key).is_some(), "{key}");
            }
        }
        statuses.push(status.as_u16());
    }
    assert_eq!(statuses, vec![200, 200, 429, 200, 200, 429]);
}

#[tokio::test]
async fn a_server_error_rate_is_seeded_and_reproducible() {
    let methods = vec![fixture("method-password.json")];
    let always = start(scenario(&scenario_with_methods(
        &methods,
        "",
        "server_error_rate = 1.0\nserver_error_status = 503\nretry_after_seconds = 5",
    )))
    .await;
    let token = kim(&always, METHOD_SCOPES).await;
    let (status, headers, body) = always.graph_get("/v1.0/me", Some(&token)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error"]["code"], "serviceNotAvailable");
    assert_eq!(headers["retry-after"], "5");

    let mut runs = Vec::new();
    for _ in 0..2 {
        let h = start(scenario(&scenario_with_methods(
            &methods,
            "",
            "server_error_rate = 0.5\nserver_error_status = 500\nseed = 42",
        )))
        .await;
        let token = kim(&h, METHOD_SCOPES).await;
        let mut statuses = Vec::new();
        for _ in 0..100 {
            statuses.push(h.graph_get("/v1.0/me", Some(&token)).await.0.as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1], "same seed, same faults");
    let failures = runs[0].iter().filter(|status| **status == 500).count();
    assert!(
        (25..=75).contains(&failures),
        "{failures} of 100 failed at rate 0.5"
    );
    assert!(runs[0]
        .iter()
        .all(|status| *status == 200 || *status == 500));
}

#[tokio::test]
async fn latency_is_added_to_each_request() {
    let methods = vec![fixture("method-password.json")];
    let h = start(scenario(&scenario_with_methods(
        &methods,
        "",
        "latency_ms = 120",
    )))
    .await;
    let started = std::time::Instant::now();
    let (status, _, _) = h
        .graph_get(
            &format!("/{TENANT}/v2.0/.well-known/openid-configuration"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= std::time::Duration::from_millis(120));
    // The controls are not slowed down.
    let started = std::time::Instant::now();
    let response = h
        .http
        .get(h.url("/sim/control/sign-ins"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_millis(120));
}

#[tokio::test]
async fn a_used_tap_fixture_reports_its_usability_at_the_clock() {
    let methods = vec![fixture("method-temporaryAccessPass.json")];
    let h = start(scenario(&scenario_with_methods(&methods, "", ""))).await;
    h.server
        .set_script(USER, BrowserScript::complete_with("none"));
    let token = kim(&h, METHOD_SCOPES).await;
    let (_, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&token))
        .await;
    let tap = &body["value"][0];
    assert_eq!(tap["isUsable"], false);
    assert_eq!(tap["methodUsabilityReason"], "Expired");
    assert_eq!(tap["temporaryAccessPass"], Value::Null);
    assert_eq!(keys(tap), keys(&fixture("method-temporaryAccessPass.json")));
}

//! The IT desk's Graph: finding a user (a guest by the address they were invited with), reading their methods
//! (masked phone numbers for Authentication Administrators), deleting each method type, the TAP policy and TAP
//! creation within it, revoking a guest's sessions, and userRegistrationDetails over generated users.

mod common;

use common::*;
use lifeboat_sim::BrowserScript;
use reqwest::StatusCode;
use serde_json::{json, Value};

const DESK: &str = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
licence = "p2"
consented_scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite", "UserAuthenticationMethod.ReadWrite.All", "UserAuthenticationMethod.Read.All", "AuditLog.Read.All", "Policy.Read.AuthenticationMethod", "User.RevokeSessions.All"]

[tenants.temporary_access_pass]
minimum_lifetime_minutes = 30
maximum_lifetime_minutes = 120
default_lifetime_minutes = 45
is_usable_once = true
include = ["anna@contoso.it", "bruno@contoso.it"]

[[tenants]]
id = "66666666-7777-4888-9999-000000000000"
domain = "fabrikam.it"
name = "Fabrikam"
kind = "business"
licence = "free"
consented_scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "AuditLog.Read.All", "Policy.Read.AuthenticationMethod"]

[tenants.temporary_access_pass]
state = "disabled"

[[users]]
tenant = "contoso.it"
upn = "anna@contoso.it"
display_name = "Anna Verdi"
mail = "anna@contoso.it"
password = "Anna-2026"
default_method = "3179e48a-750b-4051-897c-87b9720928f7"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3475550100"
phoneType = "mobile"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "b6332ec1-7057-4abe-9331-3d72feddfe41"
phoneNumber = "+39 3405550111"
phoneType = "alternateMobile"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "e37fc753-ff3b-4958-9484-eaa9425c82bc"
phoneNumber = "+39 0255550122"
phoneType = "office"

[[users.methods]]
"@odata.type" = "#microsoft.graph.softwareOathAuthenticationMethod"
id = "b172893e-893e-b172-3e89-72b13e8972b1"

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "QW5uYUtleTE"
displayName = "Chiave di Anna"

[[users]]
tenant = "contoso.it"
upn = "bruno@contoso.it"
display_name = "Bruno Neri"
password = "Bruno-2026"
roles = ["Authentication Administrator"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "QnJ1bm9LZXkx"
displayName = "Chiave di Bruno"

[[users]]
tenant = "contoso.it"
upn = "carla@contoso.it"
display_name = "Carla Blu"
password = "Carla-2026"
roles = ["Privileged Authentication Administrator", "Reports Reader"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "Q2FybGFLZXkx"
displayName = "Chiave di Carla"

[[users]]
tenant = "contoso.it"
upn = "dario@contoso.it"
display_name = "Dario Gialli"
password = "Dario-2026"
roles = ["Authentication Policy Administrator"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "RGFyaW9LZXkx"
displayName = "Chiave di Dario"

[[users]]
tenant = "contoso.it"
upn = "gina@contoso.it"
display_name = "Gina Rosa"
password = "Gina-2026"
roles = ["Global Reader"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "R2luYUtleTE"
displayName = "Chiave di Gina"

[[users]]
tenant = "contoso.it"
user_type = "guest"
home_upn = "zoe@fabrikam.it"
display_name = "Zoe (Fabrikam)"

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3335550177"
phoneType = "mobile"

[[users]]
tenant = "fabrikam.it"
upn = "zoe@fabrikam.it"
display_name = "Zoe Viola"
password = "Zoe-2026"
other_mails = ["zoe.viola@example.org"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.phoneAuthenticationMethod"
id = "3179e48a-750b-4051-897c-87b9720928f7"
phoneNumber = "+39 3335550177"
phoneType = "mobile"

[[users]]
tenant = "fabrikam.it"
upn = "fabio@fabrikam.it"
display_name = "Fabio Oro"
password = "Fabio-2026"
roles = ["Global Administrator"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "RmFiaW9LZXkx"
displayName = "Chiave di Fabio"

[[generated_users]]
tenant = "contoso.it"
count = 2500
seed = 7
"##;

const GUEST_UPN: &str = "zoe_fabrikam.it#EXT#@contoso.it";

async fn desk() -> Harness {
    start(scenario(DESK)).await
}

async fn token(h: &Harness, tenant: &str, name: &str, scope: &str) -> String {
    let method = if name.starts_with("zoe") || name.starts_with("anna") {
        "sms"
    } else {
        "security_key"
    };
    h.access_token(tenant, name, method, &format!("openid {scope}"))
        .await
}

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn a_guest_is_found_by_the_address_they_were_invited_with() {
    let h = desk().await;
    let admin = token(&h, "contoso.it", "carla@contoso.it", "User.Read.All").await;
    let select = "$select=id,userPrincipalName,userType,mail,otherMails";
    for filter in [
        "mail eq 'zoe@fabrikam.it'",
        "otherMails/any(x:x eq 'ZOE@fabrikam.it')",
        "mail eq 'nobody@example.org' or otherMails/any(m:m eq 'zoe@fabrikam.it')",
    ] {
        let (status, _, body) = h
            .graph_get(
                &format!("/v1.0/users?$filter={}&{select}", encoded(filter)),
                Some(&admin),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{filter}: {body}");
        let found = body["value"].as_array().unwrap();
        assert_eq!(found.len(), 1, "{filter}: {body}");
        assert_eq!(found[0]["userPrincipalName"], GUEST_UPN);
        assert_eq!(found[0]["userType"], "Guest");
        assert_eq!(found[0]["mail"], "zoe@fabrikam.it");
        assert_eq!(found[0]["otherMails"], json!(["zoe@fabrikam.it"]));
        assert!(body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("$metadata#users(id,userPrincipalName,userType,mail,otherMails)"));
    }
    // By UPN (with #EXT# encoded) and by object id.
    let (status, _, guest) = h
        .graph_get(
            &format!(
                "/v1.0/users/{}?$select=userType,otherMails",
                encoded(GUEST_UPN)
            ),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{guest}");
    assert_eq!(guest["userType"], "Guest");
    let (_, _, by_upn) = h
        .graph_get(&format!("/v1.0/users/{}", encoded(GUEST_UPN)), Some(&admin))
        .await;
    let (status, _, by_id) = h
        .graph_get(
            &format!("/v1.0/users/{}", by_upn["id"].as_str().unwrap()),
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(by_id, by_upn);
    assert_eq!(by_id["displayName"], "Zoe (Fabrikam)");
    assert!(by_id.get("userType").is_none(), "not a default property");
}

#[tokio::test]
async fn reading_users_needs_a_directory_permission_and_stays_in_the_tenant() {
    let h = desk().await;
    let basic = token(&h, "contoso.it", "bruno@contoso.it", "User.ReadBasic.All").await;
    let own = token(&h, "contoso.it", "bruno@contoso.it", "User.Read").await;
    let full = token(&h, "contoso.it", "bruno@contoso.it", "User.Read.All").await;
    // (token, path, status, error code)
    let cases: [(&str, String, StatusCode, &str); 8] = [
        (
            &own,
            "/v1.0/users".into(),
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        ),
        (
            &own,
            "/v1.0/users/anna@contoso.it".into(),
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        ),
        (
            &own,
            "/v1.0/users/bruno@contoso.it".into(),
            StatusCode::OK,
            "",
        ),
        (
            &full,
            "/v1.0/users/zoe@fabrikam.it".into(),
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        ),
        (
            &full,
            format!("/v1.0/users?$filter={}", encoded("jobTitle eq 'x'")),
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
        ),
        (
            &full,
            format!("/v1.0/users?$filter={}", encoded("mail eq x")),
            StatusCode::BAD_REQUEST,
            "BadRequest",
        ),
        (
            &full,
            "/v1.0/users?$top=1000".into(),
            StatusCode::BAD_REQUEST,
            "Request_BadRequest",
        ),
        (
            &full,
            "/v1.0/users?$select=shoeSize".into(),
            StatusCode::BAD_REQUEST,
            "badRequest",
        ),
    ];
    for (token, path, status, code) in cases {
        let (got, _, body) = h.graph_get(&path, Some(token)).await;
        assert_eq!(got, status, "{path}: {body}");
        if !code.is_empty() {
            assert_eq!(body["error"]["code"], code, "{path}");
        }
    }
    // The basic profile only, with User.ReadBasic.All.
    let (status, _, anna) = h
        .graph_get(
            "/v1.0/users/anna@contoso.it?$select=displayName,mail,userType,jobTitle",
            Some(&basic),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(anna["displayName"], "Anna Verdi");
    assert_eq!(anna["mail"], "anna@contoso.it");
    assert!(anna.get("userType").is_none() && anna.get("jobTitle").is_none());
    // Paged with $top: the whole nextLink is followed, and the filter and select ride along.
    let mut next = Some(h.url("/v1.0/users?$top=2&$select=userPrincipalName"));
    let mut seen = Vec::new();
    while let Some(url) = next.take() {
        let (status, _, page) = h.graph_get(&url, Some(&full)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for user in page["value"].as_array().unwrap() {
            assert_eq!(user.as_object().unwrap().len(), 1, "{user}");
            seen.push(user["userPrincipalName"].as_str().unwrap().to_string());
        }
        next = page["@odata.nextLink"].as_str().map(str::to_string);
    }
    assert_eq!(seen.len(), 6, "{seen:?}");
    assert!(seen.contains(&GUEST_UPN.to_string()));
}

#[tokio::test]
async fn authentication_administrators_see_masked_phone_numbers() {
    let h = desk().await;
    let scope = "UserAuthenticationMethod.Read.All";
    // (reader, whole numbers)
    for (reader, whole) in [
        ("bruno@contoso.it", false),
        ("carla@contoso.it", true),
        ("gina@contoso.it", true),
    ] {
        let token = token(&h, "contoso.it", reader, scope).await;
        let (status, _, body) = h
            .graph_get(
                "/v1.0/users/anna@contoso.it/authentication/methods",
                Some(&token),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{reader}: {body}");
        let numbers: Vec<&str> = body["value"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|method| method["phoneNumber"].as_str())
            .collect();
        let expected = if whole {
            ["+39 3475550100", "+39 3405550111", "+39 0255550122"]
        } else {
            ["+39 XXXXXXXX00", "+39 XXXXXXXX11", "+39 XXXXXXXX22"]
        };
        assert_eq!(numbers, expected, "{reader}");
    }
    // Anna sees her own numbers whole.
    let own = token(
        &h,
        "contoso.it",
        "anna@contoso.it",
        "UserAuthenticationMethod.Read.All",
    )
    .await;
    let (_, _, body) = h
        .graph_get("/v1.0/me/authentication/methods", Some(&own))
        .await;
    assert!(body.to_string().contains("+39 3475550100"));
}

async fn delete(h: &Harness, path: &str, token: &str) -> (StatusCode, Value) {
    let response = h
        .http
        .delete(h.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn every_method_type_is_deleted_by_its_own_endpoint() {
    let h = desk().await;
    let admin = token(
        &h,
        "contoso.it",
        "carla@contoso.it",
        "UserAuthenticationMethod.ReadWrite.All",
    )
    .await;
    let anna = "/v1.0/users/anna@contoso.it/authentication";
    let tap = h
        .http
        .post(h.url(&format!("{anna}/temporaryAccessPassMethods")))
        .bearer_auth(&admin)
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let tap_id = tap["id"].as_str().unwrap().to_string();
    // (path, status, error code): in order, since a refusal may depend on an earlier deletion.
    let cases = [
        // The mobile number cannot go while the alternate exists, nor while it is the default.
        (
            format!("{anna}/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7"),
            StatusCode::BAD_REQUEST,
            "badRequest",
        ),
        (
            format!("{anna}/phoneMethods/b6332ec1-7057-4abe-9331-3d72feddfe41"),
            StatusCode::NO_CONTENT,
            "",
        ),
        (
            format!("{anna}/phoneMethods/3179e48a-750b-4051-897c-87b9720928f7"),
            StatusCode::BAD_REQUEST,
            "badRequest",
        ),
        (
            format!("{anna}/phoneMethods/e37fc753-ff3b-4958-9484-eaa9425c82bc"),
            StatusCode::NO_CONTENT,
            "",
        ),
        (
            format!("{anna}/phoneMethods/e37fc753-ff3b-4958-9484-eaa9425c82bc"),
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        ),
        // A method of another type is not in that collection.
        (
            format!("{anna}/phoneMethods/QW5uYUtleTE"),
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        ),
        (
            format!("{anna}/softwareOathMethods/b172893e-893e-b172-3e89-72b13e8972b1"),
            StatusCode::NO_CONTENT,
            "",
        ),
        (
            format!("{anna}/fido2Methods/QW5uYUtleTE"),
            StatusCode::NO_CONTENT,
            "",
        ),
        (
            format!("{anna}/temporaryAccessPassMethods/{tap_id}"),
            StatusCode::NO_CONTENT,
            "",
        ),
        (
            format!("{anna}/temporaryAccessPassMethods/{tap_id}"),
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
        ),
        (
            format!("{anna}/emailMethods/x"),
            StatusCode::BAD_REQUEST,
            "badRequest",
        ),
    ];
    for (path, status, code) in cases {
        let (got, body) = delete(&h, &path, &admin).await;
        assert_eq!(got, status, "{path}: {body}");
        if !code.is_empty() {
            assert_eq!(body["error"]["code"], code, "{path}");
        }
    }
    let (_, _, left) = h.graph_get(&format!("{anna}/methods"), Some(&admin)).await;
    let types: Vec<&str> = left["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|method| method["@odata.type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["#microsoft.graph.phoneAuthenticationMethod"]);

    // Not by an Authentication Administrator on an administrator, nor without the write permission.
    let bruno = token(
        &h,
        "contoso.it",
        "bruno@contoso.it",
        "UserAuthenticationMethod.ReadWrite.All",
    )
    .await;
    let (status, body) = delete(
        &h,
        "/v1.0/users/gina@contoso.it/authentication/fido2Methods/R2luYUtleTE",
        &bruno,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "accessDenied");
    let reader = token(
        &h,
        "contoso.it",
        "carla@contoso.it",
        "UserAuthenticationMethod.Read.All",
    )
    .await;
    let (status, _) = delete(
        &h,
        "/v1.0/users/gina@contoso.it/authentication/fido2Methods/R2luYUtleTE",
        &reader,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // One's own, with UserAuthenticationMethod.ReadWrite.
    let own = token(
        &h,
        "contoso.it",
        "gina@contoso.it",
        "UserAuthenticationMethod.ReadWrite",
    )
    .await;
    let (status, _) = delete(&h, "/v1.0/me/authentication/fido2Methods/R2luYUtleTE", &own).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn the_tap_policy_is_read_by_policy_readers_and_binds_tap_creation() {
    let h = desk().await;
    let path = "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass";
    let scope = "Policy.Read.AuthenticationMethod";
    // (reader, scope, status)
    for (reader, scope, status) in [
        ("dario@contoso.it", scope, StatusCode::OK),
        ("gina@contoso.it", scope, StatusCode::OK),
        ("bruno@contoso.it", scope, StatusCode::FORBIDDEN),
        ("dario@contoso.it", "User.Read", StatusCode::FORBIDDEN),
    ] {
        let token = token(&h, "contoso.it", reader, scope).await;
        let (got, _, body) = h.graph_get(path, Some(&token)).await;
        assert_eq!(got, status, "{reader} {scope}: {body}");
        if got == StatusCode::FORBIDDEN {
            assert_eq!(body["error"]["code"], "accessDenied");
        }
    }
    let dario = token(&h, "contoso.it", "dario@contoso.it", scope).await;
    let (_, _, policy) = h
        .graph_get(
            &path.replace("TemporaryAccessPass", "temporaryAccessPass"),
            Some(&dario),
        )
        .await;
    let reference = fixture("authenticationMethodsPolicy.json")
        ["authenticationMethodConfigurations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|configuration| configuration["id"] == "TemporaryAccessPass")
        .unwrap()
        .clone();
    for key in keys(&reference) {
        assert!(policy.get(&key).is_some(), "missing {key}: {policy}");
    }
    assert_eq!(policy["state"], "enabled");
    assert_eq!(policy["defaultLifetimeInMinutes"], 45);
    assert_eq!(policy["minimumLifetimeInMinutes"], 30);
    assert_eq!(policy["maximumLifetimeInMinutes"], 120);
    assert_eq!(policy["defaultLength"], 8);
    assert_eq!(policy["isUsableOnce"], true);
    assert_eq!(policy["includeTargets"][0]["targetType"], "user");
    let (_, _, anna) = h
        .graph_get(
            "/v1.0/users/anna@contoso.it",
            Some(&token(&h, "contoso.it", "carla@contoso.it", "User.Read.All").await),
        )
        .await;
    assert_eq!(policy["includeTargets"][0]["id"], anna["id"]);

    // Creating a pass within it.
    let admin = token(
        &h,
        "contoso.it",
        "carla@contoso.it",
        "UserAuthenticationMethod.ReadWrite.All",
    )
    .await;
    let create = |user: &str, body: Value| {
        let request = h
            .http
            .post(h.url(&format!(
                "/v1.0/users/{user}/authentication/temporaryAccessPassMethods"
            )))
            .bearer_auth(&admin)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    // (user, request, status, message)
    let cases = [
        ("anna@contoso.it", json!({}), StatusCode::CREATED, ""),
        ("anna@contoso.it", json!({"lifetimeInMinutes": 20}), StatusCode::BAD_REQUEST, "Invalid LifetimeInMinutes specified. The valid range between 30 and 120."),
        ("anna@contoso.it", json!({"lifetimeInMinutes": 480}), StatusCode::BAD_REQUEST, "Invalid LifetimeInMinutes specified. The valid range between 30 and 120."),
        ("anna@contoso.it", json!({"isUsableOnce": false}), StatusCode::BAD_REQUEST, "The Temporary Access Pass policy allows one-time passes only: isUsableOnce must be true."),
        ("gina@contoso.it", json!({}), StatusCode::BAD_REQUEST, "Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass]."),
        ("anna@contoso.it", json!({"lifetimeInMinutes": 120}), StatusCode::CREATED, ""),
    ];
    let mut created = Vec::new();
    for (user, request, status, message) in cases {
        let (got, body) = create(user, request.clone()).await;
        assert_eq!(got, status, "{user} {request}: {body}");
        if got == StatusCode::CREATED {
            assert_eq!(body["isUsableOnce"], true);
            created.push(body);
        } else {
            assert_eq!(body["error"]["code"], "badRequest");
            assert_eq!(body["error"]["message"], message);
        }
    }
    assert_eq!(created[0]["lifetimeInMinutes"], 45, "the policy's default");
    // The second replaced the first.
    let (_, _, methods) = h
        .graph_get(
            "/v1.0/users/anna@contoso.it/authentication/methods",
            Some(&admin),
        )
        .await;
    let passes: Vec<&Value> = methods["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|method| {
            method["@odata.type"] == "#microsoft.graph.temporaryAccessPassAuthenticationMethod"
        })
        .collect();
    assert_eq!(passes.len(), 1);
    assert_eq!(passes[0]["id"], created[1]["id"]);
    // A disabled policy refuses every pass.
    let fabio = token(
        &h,
        "fabrikam.it",
        "fabio@fabrikam.it",
        "UserAuthenticationMethod.ReadWrite.All",
    )
    .await;
    let response = h
        .http
        .post(h.url("/v1.0/users/zoe@fabrikam.it/authentication/temporaryAccessPassMethods"))
        .bearer_auth(&fabio)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn revoking_a_guests_sessions_leaves_them_signed_in() {
    let h = desk().await;
    let (status, tokens) = h
        .sign_in(
            "contoso.it",
            "zoe@fabrikam.it",
            BrowserScript::complete_with("sms"),
            SIGN_IN_SCOPES,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let admin = token(
        &h,
        "contoso.it",
        "carla@contoso.it",
        "User.RevokeSessions.All",
    )
    .await;
    h.advance(1);
    let response = h
        .http
        .post(h.url(&format!(
            "/v1.0/users/{}/revokeSignInSessions",
            encoded(GUEST_UPN)
        )))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<Value>().await.unwrap()["value"], true);
    let (status, body) = h.refresh("contoso.it", refresh, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a guest's sessions live in the home tenant: {body}"
    );
}

#[tokio::test]
async fn the_registration_report_pages_through_generated_users() {
    let h = desk().await;
    let reader = token(&h, "contoso.it", "carla@contoso.it", "AuditLog.Read.All").await;
    let path = "/v1.0/reports/authenticationMethods/userRegistrationDetails";
    let (status, _, body) = h
        .graph_get(&format!("{path}?$top=1000"), Some(&reader))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let mut next = Some(h.url(&format!("{path}?$top=999")));
    let mut pages = 0;
    let mut ids = std::collections::HashSet::new();
    let mut none = 0;
    let mut generated_id = None;
    while let Some(url) = next.take() {
        let (status, _, page) = h.graph_get(&url, Some(&reader)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        pages += 1;
        let rows = page["value"].as_array().unwrap();
        assert!(rows.len() <= 999);
        for row in rows {
            assert!(ids.insert(row["id"].as_str().unwrap().to_string()), "{row}");
            if row["methodsRegistered"].as_array().unwrap().is_empty() {
                none += 1;
            }
            if row["userPrincipalName"]
                .as_str()
                .unwrap()
                .ends_with("1234@contoso.it")
            {
                generated_id = row["id"].as_str().map(str::to_string);
            }
        }
        next = page["@odata.nextLink"].as_str().map(str::to_string);
        if let Some(link) = &next {
            assert!(link.contains("$skiptoken="), "{link}");
            assert!(
                !link.contains("$top"),
                "the page size rides in the opaque token"
            );
        }
    }
    // Six scenario users and 2,500 generated ones.
    assert_eq!(ids.len(), 2506);
    assert_eq!(pages, 3);
    assert!(none > 200, "about 12% register nothing: {none}");
    // One record by id, with the fixture's members.
    let id = generated_id.expect("user 1234 was listed");
    let (status, _, record) = h.graph_get(&format!("{path}/{id}"), Some(&reader)).await;
    assert_eq!(status, StatusCode::OK, "{record}");
    let reference = &fixture("userRegistrationDetails-page.json")["value"][0];
    let mut expected = keys(reference);
    expected.push("@odata.context".into());
    expected.sort();
    assert_eq!(keys(&record), expected);
    let (status, _, _) = h
        .graph_get(
            &format!("{path}/00000000-0000-4000-8000-000000000000"),
            Some(&reader),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_report_needs_its_permission_a_reports_role_and_a_premium_licence() {
    let h = desk().await;
    let path = "/v1.0/reports/authenticationMethods/userRegistrationDetails";
    // (tenant, reader, scope, status, code)
    let cases = [
        (
            "contoso.it",
            "carla@contoso.it",
            "UserAuthenticationMethod.Read.All",
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        ),
        (
            "contoso.it",
            "bruno@contoso.it",
            "AuditLog.Read.All",
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
        ),
        (
            "contoso.it",
            "gina@contoso.it",
            "AuditLog.Read.All",
            StatusCode::OK,
            "",
        ),
        (
            "fabrikam.it",
            "fabio@fabrikam.it",
            "AuditLog.Read.All",
            StatusCode::FORBIDDEN,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
        ),
    ];
    for (tenant, reader, scope, status, code) in cases {
        let token = token(&h, tenant, reader, scope).await;
        let (got, _, body) = h.graph_get(&format!("{path}?$top=5"), Some(&token)).await;
        assert_eq!(got, status, "{reader} {scope}: {body}");
        if !code.is_empty() {
            assert_eq!(body["error"]["code"], code);
        }
        if code == "Authentication_RequestFromNonPremiumTenantOrB2CTenant" {
            assert_eq!(
                body["error"]["message"],
                "Neither tenant is B2C or tenant doesn't have premium license"
            );
        }
    }
}

#[tokio::test]
async fn the_report_is_throttled_by_the_scenarios_faults() {
    let text = format!("[faults]\nthrottle_every = 3\nretry_after_seconds = 1.5\n{DESK}");
    let h = start(scenario(&text)).await;
    let reader = token(&h, "contoso.it", "carla@contoso.it", "AuditLog.Read.All").await;
    let path = "/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=10";
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..3 {
        let (status, headers, _) = h.graph_get(path, Some(&reader)).await;
        statuses.push(status);
        if status == StatusCode::TOO_MANY_REQUESTS {
            retry_after = headers
                .get("retry-after")
                .map(|value| value.to_str().unwrap().to_string());
        }
    }
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    assert_eq!(retry_after.as_deref(), Some("1.5"));
}

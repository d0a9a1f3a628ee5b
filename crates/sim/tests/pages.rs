//! The HTML sign-in as a person meets it, driven by a cookie-keeping HTTP client: account, password, MFA
//! prompt, "Sign in another way", a simulated SMS, "I can't use any of these", the device login pages.

mod common;

use common::*;
use reqwest::StatusCode;

async fn post(
    client: &reqwest::Client,
    h: &Harness,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(h.url(action))
        .form(fields)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_person_signs_in_with_sms_after_the_phone_prompt_fails() {
    let h = practice().await;
    let client = browser();
    let authorize = h.url(&format!("/{COMPANY}/oauth2/v2.0/authorize"));
    let page = client
        .get(&authorize)
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
            ("state", "html-1"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<h1>Sign in</h1>"), "{page}");
    let action = form_action(&page);

    let page = post(
        &client,
        &h,
        &action,
        &[
            ("action", "username"),
            ("value", "nobody@ferriconsulting.it"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("This username may be incorrect."));
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "username"), ("value", MARCO)],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("Enter password"));
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "password"), ("value", "wrong")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("Your account or password is incorrect."));
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "password"), ("value", MARCO_PASSWORD)],
    )
    .await
    .text()
    .await
    .unwrap();
    // The first prompt is the Authenticator push, whose phone is lost: no approve button, a note instead.
    assert!(page.contains("Approve sign in request"));
    assert!(page.contains("I can&#39;t use my Microsoft Authenticator app right now"));
    assert!(!page.contains(r#"value="approve""#));
    assert!(page.contains("no longer in the person"));
    // A forged approval changes nothing.
    let page = post(&client, &h, &action, &[("action", "approve")])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("We didn&#39;t receive a response."));

    let page = post(&client, &h, &action, &[("action", "other_ways")])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Approve a request on my Microsoft Authenticator app"));
    assert!(page.contains("Text +39 XXXXXXXX23"), "{page}");
    assert!(page.contains("Call +39 XXXXXXXX23"));
    assert!(page.contains("I can&#39;t use any of these"));
    assert!(
        !page.contains("3475550123"),
        "the whole number is never shown"
    );
    let sms = option_value(&page, "Text +39 XXXXXXXX23");
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "choose"), ("value", &sms)],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("We texted your phone +39 XXXXXXXX23"));
    let code = simulated_code(&page);
    assert_eq!(code.len(), 6);
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "verify"), ("value", "000000x")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("You didn&#39;t enter the expected verification code."));
    let done = post(
        &client,
        &h,
        &action,
        &[("action", "verify"), ("value", &code)],
    )
    .await;
    assert_eq!(done.status(), StatusCode::FOUND);
    let params = location_params(&done);
    assert!(params["code"].starts_with("sim-code."));
    assert_eq!(params["state"], "html-1");
    assert!(done.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("sim_sso="));

    // The same browser signs in again without pages (single sign-on).
    let again = client
        .get(&authorize)
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::FOUND);
    // prompt=login asks again.
    let forced = client
        .get(&authorize)
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
            ("prompt", "login"),
            ("login_hint", MARCO),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forced.status(), StatusCode::OK);
    assert!(
        forced.text().await.unwrap().contains("Enter password"),
        "login_hint goes straight to the password"
    );
}

#[tokio::test]
async fn giving_up_leaves_the_browser_on_a_page_without_redirect() {
    let h = practice().await;
    let client = browser();
    let page = client
        .get(h.url(&format!("/{SCHOOL}/oauth2/v2.0/authorize")))
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
            ("login_hint", GIULIA),
            ("ui_locales", "it-IT"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Immetti la password"),
        "Italian pages with ui_locales: {page}"
    );
    let action = form_action(&page);
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "password"), ("value", "Volta-Giulia-2026")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("Approva la richiesta di accesso"));
    let page = post(&client, &h, &action, &[("action", "other_ways")])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Non posso usare nessuno di questi metodi"));
    let response = post(&client, &h, &action, &[("action", "cant_use_any")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("location").is_none());
    let page = response.text().await.unwrap();
    assert!(page.contains("Contatta l'amministratore"), "{page}");
    assert!(page.contains("Error Code: 50074"));
    assert_eq!(h.server.sign_ins().last().unwrap().outcome, "gave_up");
}

#[tokio::test]
async fn the_device_login_pages_approve_or_decline() {
    let h = practice().await;
    let device: serde_json::Value = h
        .http
        .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/devicecode")))
        .form(&[("client_id", CLIENT), ("scope", SIGN_IN_SCOPES)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let client = browser();
    let page = client
        .get(h.url("/devicelogin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Enter code"));
    let action = form_action(&page);
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "user_code"), ("value", "WRONGCODE")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(page.contains("That code didn&#39;t work."));
    let typed = device["user_code"].as_str().unwrap().to_lowercase();
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "user_code"), ("value", &typed)],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        page.contains("Are you trying to sign in to Lifeboat?"),
        "{page}"
    );
    let page = post(&client, &h, &action, &[("action", "device_continue")])
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("<h1>Sign in</h1>"));
    post(
        &client,
        &h,
        &action,
        &[("action", "username"), ("value", MARCO)],
    )
    .await;
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "password"), ("value", MARCO_PASSWORD)],
    )
    .await
    .text()
    .await
    .unwrap();
    let page = if page.contains("Sign in another way") {
        post(&client, &h, &action, &[("action", "other_ways")])
            .await
            .text()
            .await
            .unwrap()
    } else {
        page
    };
    let sms = option_value(&page, "Text +39");
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "choose"), ("value", &sms)],
    )
    .await
    .text()
    .await
    .unwrap();
    let code = simulated_code(&page);
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "verify"), ("value", &code)],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        page.contains("You have signed in to the Lifeboat application on your device."),
        "{page}"
    );
    let (status, _) = h
        .token(
            COMPANY,
            &[
                ("client_id", CLIENT),
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", device["device_code"].as_str().unwrap()),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn scenario_text_is_escaped_in_pages() {
    let text = r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"

[[users]]
tenant = "contoso.it"
upn = "eve@contoso.it"
display_name = "Eve"
password = "pw"

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "key-1"
displayName = "<script>alert(1)</script>"
"##;
    let h = start(scenario(text)).await;
    let client = browser();
    let page = client
        .get(h.url("/contoso.it/oauth2/v2.0/authorize"))
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
            ("login_hint", "eve@contoso.it"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let action = form_action(&page);
    let page = post(
        &client,
        &h,
        &action,
        &[("action", "password"), ("value", "pw")],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The key is in hand: touching it signs in.
    let done = post(&client, &h, &action, &[("action", "approve")]).await;
    assert_eq!(done.status(), StatusCode::FOUND);
}

/// The password page of the practice scenario shows the invented password (`show_passwords = true`), so a
/// person rehearsing in the window can walk through; the same page of a scenario without it never does.
#[tokio::test]
async fn only_practice_shows_the_invented_password_on_the_password_page() {
    async fn password_page(h: &Harness) -> String {
        let client = browser();
        let page = client
            .get(h.url(&format!("/{COMPANY}/oauth2/v2.0/authorize")))
            .query(&[
                ("client_id", CLIENT),
                ("response_type", "code"),
                ("redirect_uri", REDIRECT),
                ("scope", SIGN_IN_SCOPES),
                ("state", "pw"),
                ("login_hint", MARCO),
            ])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let action = form_action(&page);
        if page.contains("Enter password") {
            return page;
        }
        post(
            &client,
            h,
            &action,
            &[("action", "username"), ("value", MARCO)],
        )
        .await
        .text()
        .await
        .unwrap()
    }

    let practice = practice().await;
    let page = password_page(&practice).await;
    assert!(page.contains("Enter password"), "{page}");
    assert!(
        page.contains(&format!("<code>{MARCO_PASSWORD}</code>")),
        "{page}"
    );

    let text = include_str!("../scenarios/practice.toml").replace("show_passwords = true", "");
    let quiet = start(scenario(&text)).await;
    let page = password_page(&quiet).await;
    assert!(page.contains("Enter password"), "{page}");
    assert!(!page.contains(MARCO_PASSWORD), "{page}");
}

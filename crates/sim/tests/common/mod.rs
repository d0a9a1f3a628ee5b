//! Shared helpers for the simulator's HTTP tests: a running simulator with a manual clock, a client that does
//! not follow redirects (so tests read where the "browser" would go), PKCE, and the shared fixtures.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lifeboat_sim::{BrowserScript, ManualClock, Scenario, SimServer};
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Microsoft Graph Command Line Tools, Lifeboat's default client id (docs/PRODUCT.md §4).
pub const CLIENT: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
pub const REDIRECT: &str = "http://localhost:53117/";
pub const SIGN_IN_SCOPES: &str = "openid profile offline_access User.Read";
pub const METHOD_SCOPES: &str =
    "openid profile offline_access User.Read UserAuthenticationMethod.Read";

pub const MARCO: &str = "marco.ferri@ferriconsulting.it";
pub const MARCO_PASSWORD: &str = "Ferri-Consulting-2026";
pub const GIULIA: &str = "giulia.ferri@studenti.liceovolta.edu.it";
pub const SCHOOL_IT: &str = "assistenza.tecnica@liceovolta.edu.it";
pub const LAURA: &str = "laura.conti@ferriconsulting.it";
pub const COMPANY: &str = "ferriconsulting.it";
pub const COMPANY_ID: &str = "a7e2c9b4-3d16-4c8e-8f05-6b1d9e2a7c31";
pub const SCHOOL: &str = "liceovolta.edu.it";
pub const CLIENT_X: &str = "oml.it";
pub const CLIENT_X_USER: &str = "ext.marco.ferri@oml.it";
pub const CLIENT_Y: &str = "studiorinaldi.it";
pub const CLIENT_Y_ID: &str = "e4f8a2c6-9b1d-4e3f-a5c7-8d2b6f4e1a93";
pub const NO_CONSENT: &str = "cantinacollieuganei.it";
pub const NO_CONSENT_USER: &str = "marco.ferri@cantinacollieuganei.it";

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/graph")
}

pub fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The keys of a JSON object, sorted.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

pub fn pkce_pair() -> (String, String) {
    let verifier = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag".to_string();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

pub struct Harness {
    pub server: SimServer,
    pub clock: Arc<ManualClock>,
    pub http: reqwest::Client,
}

pub async fn start(scenario: Scenario) -> Harness {
    let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
    let server = SimServer::start_with_clock(scenario, "127.0.0.1:0", clock.clone())
        .await
        .expect("simulator starts");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    Harness {
        server,
        clock,
        http,
    }
}

pub async fn practice() -> Harness {
    start(Scenario::practice()).await
}

pub fn scenario(text: &str) -> Scenario {
    Scenario::from_toml_str(text).unwrap_or_else(|error| panic!("{error}"))
}

/// The query parameters of a redirect's `Location`.
pub fn location_params(response: &reqwest::Response) -> HashMap<String, String> {
    let location = response
        .headers()
        .get("location")
        .unwrap_or_else(|| panic!("no Location; status {}", response.status()))
        .to_str()
        .unwrap();
    let url = url::Url::parse(location).unwrap();
    url.query_pairs().into_owned().collect()
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .expect("Location")
        .to_str()
        .unwrap()
        .to_string()
}

/// A browser for the HTML pages: keeps cookies, does not follow redirects (tests read where it would go).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap()
}

/// The URL every form on the page posts to.
pub fn form_action(page: &str) -> String {
    let start = page
        .find(r#"action="/sim/signin/"#)
        .expect("a sign-in form")
        + r#"action=""#.len();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_string()
}

/// The value of the option button whose label contains `label` (the page lists them as forms).
pub fn option_value(page: &str, label: &str) -> String {
    let at = page
        .find(label)
        .unwrap_or_else(|| panic!("no option {label}: {page}"));
    let before = &page[..at];
    let start = before.rfind(r#"name="value" value=""#).unwrap() + r#"name="value" value=""#.len();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].to_string()
}

pub fn simulated_code(page: &str) -> String {
    let start = page
        .find("<code>")
        .expect("the simulated device shows a code")
        + "<code>".len();
    let end = start + page[start..].find("</code>").unwrap();
    page[start..end].to_string()
}

impl Harness {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub fn advance(&self, seconds: i64) {
        self.clock.advance(time::Duration::seconds(seconds));
    }

    /// `GET /{tenant}/oauth2/v2.0/authorize` with the usual parameters, overridden or extended by `extra`.
    pub async fn authorize(&self, tenant: &str, extra: &[(&str, &str)]) -> reqwest::Response {
        let mut params: Vec<(&str, &str)> = vec![
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SIGN_IN_SCOPES),
            ("state", "state-123"),
            ("nonce", "nonce-456"),
        ];
        for (key, value) in extra {
            params.retain(|(existing, _)| existing != key);
            if !value.is_empty() {
                params.push((key, value));
            }
        }
        self.http
            .get(self.url(&format!("/{tenant}/oauth2/v2.0/authorize")))
            .query(&params)
            .send()
            .await
            .expect("authorize")
    }

    pub async fn token(&self, tenant: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .http
            .post(self.url(&format!("/{tenant}/oauth2/v2.0/token")))
            .form(form)
            .send()
            .await
            .expect("token");
        let status = response.status();
        (status, response.json().await.expect("token JSON"))
    }

    pub async fn redeem(
        &self,
        tenant: &str,
        code: &str,
        redirect_uri: &str,
        client: &str,
    ) -> (StatusCode, Value) {
        self.token(
            tenant,
            &[
                ("client_id", client),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
            ],
        )
        .await
    }

    pub async fn refresh(
        &self,
        tenant: &str,
        refresh_token: &str,
        scope: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut form = vec![
            ("client_id", CLIENT),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ];
        if let Some(scope) = scope {
            form.push(("scope", scope));
        }
        self.token(tenant, &form).await
    }

    /// A scripted sign-in with PKCE that returns the token response.
    pub async fn sign_in(
        &self,
        tenant: &str,
        name: &str,
        script: BrowserScript,
        scope: &str,
    ) -> (StatusCode, Value) {
        self.server.set_script(name, script);
        let (verifier, challenge) = pkce_pair();
        let response = self
            .authorize(
                tenant,
                &[
                    ("login_hint", name),
                    ("scope", scope),
                    ("code_challenge", &challenge),
                    ("code_challenge_method", "S256"),
                ],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::FOUND,
            "the scripted sign-in should redirect"
        );
        let params = location_params(&response);
        let code = params
            .get("code")
            .unwrap_or_else(|| panic!("no code: {params:?}"));
        self.token(
            tenant,
            &[
                ("client_id", CLIENT),
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", REDIRECT),
                ("code_verifier", &verifier),
                ("scope", scope),
            ],
        )
        .await
    }

    /// An access token for `name`, whose MFA prompt is answered with `method` (id or keyword).
    pub async fn access_token(
        &self,
        tenant: &str,
        name: &str,
        method: &str,
        scope: &str,
    ) -> String {
        let (status, body) = self
            .sign_in(tenant, name, BrowserScript::complete_with(method), scope)
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    pub async fn graph_get(
        &self,
        path_or_url: &str,
        token: Option<&str>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Value) {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_string()
        } else {
            self.url(path_or_url)
        };
        let mut request = self.http.get(url);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("graph");
        let status = response.status();
        let headers = response.headers().clone();
        (status, headers, response.json().await.expect("graph JSON"))
    }
}

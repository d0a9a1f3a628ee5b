//! How fast the simulator answers the round trips Lifeboat makes, so practice mode and the core's tests can
//! budget for it. Run with `cargo bench -p lifeboat-sim` (prints figures; no assertions).
//!
//! Measures: starting a simulator (the first start includes generating the RSA key), one scripted sign-in
//! (authorize → code → token) plus the two Graph reads, and a refresh-token redemption.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use lifeboat_sim::{BrowserScript, Scenario, SimServer};
use serde_json::Value;
use sha2::{Digest, Sha256};

const CLIENT: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
const REDIRECT: &str = "http://localhost:53117/";
const USER: &str = "marco.ferri@ferriconsulting.it";
const TENANT: &str = "ferriconsulting.it";
const SCOPES: &str = "openid profile offline_access User.Read UserAuthenticationMethod.Read";
const ROUNDS: usize = 300;

fn summary(label: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let total: Duration = samples.iter().sum();
    let mean = total / samples.len() as u32;
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "{label:<44} n={:<4} mean={:>8.3} ms  p50={:>8.3} ms  p95={:>8.3} ms  max={:>8.3} ms",
        samples.len(),
        mean.as_secs_f64() * 1e3,
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        samples.last().unwrap().as_secs_f64() * 1e3,
    );
}

async fn sign_in(http: &reqwest::Client, base: &str, verifier: &str, challenge: &str) -> Value {
    let response = http
        .get(format!("{base}/{TENANT}/oauth2/v2.0/authorize"))
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", SCOPES),
            ("state", "bench"),
            ("login_hint", USER),
            ("code_challenge", challenge),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .expect("authorize");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let code = url::Url::parse(&location)
        .unwrap()
        .query_pairs()
        .find(|(key, _)| key == "code")
        .map(|(_, value)| value.into_owned())
        .expect("code");
    http.post(format!("{base}/{TENANT}/oauth2/v2.0/token"))
        .form(&[
            ("client_id", CLIENT),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token JSON")
}

#[tokio::main]
async fn main() {
    println!("lifeboat-sim round trips over loopback (practice scenario)");
    let started = Instant::now();
    let first = SimServer::start(Scenario::practice(), "127.0.0.1:0")
        .await
        .expect("start");
    summary(
        "start, first in process (with RSA keygen)",
        vec![started.elapsed()],
    );
    first.shutdown().await;

    let mut starts = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let server = SimServer::start(Scenario::practice(), "127.0.0.1:0")
            .await
            .expect("start");
        starts.push(started.elapsed());
        server.shutdown().await;
    }
    summary("start, key already generated", starts);

    let started = Instant::now();
    for _ in 0..100 {
        let _ = Scenario::practice();
    }
    summary(
        "parse + validate practice.toml",
        vec![started.elapsed() / 100],
    );

    let server = SimServer::start(Scenario::practice(), "127.0.0.1:0")
        .await
        .expect("start");
    server.set_script(USER, BrowserScript::complete_with("sms"));
    let base = server.base_url().to_string();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let verifier = "M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));

    let mut sign_ins = Vec::with_capacity(ROUNDS);
    let mut graph_reads = Vec::with_capacity(ROUNDS);
    let mut refreshes = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let tokens = sign_in(&http, &base, verifier, &challenge).await;
        sign_ins.push(started.elapsed());
        let access = tokens["access_token"].as_str().expect("access token");

        let started = Instant::now();
        for path in ["/v1.0/me", "/v1.0/me/authentication/methods"] {
            let response = http
                .get(format!("{base}{path}"))
                .bearer_auth(access)
                .send()
                .await
                .unwrap();
            assert!(response.status().is_success());
            let _: Value = response.json().await.unwrap();
        }
        graph_reads.push(started.elapsed());

        let started = Instant::now();
        let refreshed: Value = http
            .post(format!("{base}/{TENANT}/oauth2/v2.0/token"))
            .form(&[
                ("client_id", CLIENT),
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(refreshed["access_token"].is_string());
        refreshes.push(started.elapsed());
    }
    summary("scripted sign-in (authorize + token, RS256)", sign_ins);
    summary("Graph /me + /me/authentication/methods", graph_reads);
    summary("refresh_token redemption (RS256 id_token)", refreshes);
    server.shutdown().await;
}

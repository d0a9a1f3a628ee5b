//! Paging through userRegistrationDetails for 100,000 generated users (`[[generated_users]]`), as an IT desk's
//! report would, and what the simulator's memory does meanwhile. Run with
//! `cargo bench -p lifeboat-sim --bench registration_report` (prints figures; no timing assertions).

use std::time::Instant;

use lifeboat_sim::{BrowserScript, Scenario, SimServer};
use serde_json::Value;

const CLIENT: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
const REDIRECT: &str = "http://localhost:53117/";
const READER: &str = "reports@contoso.it";
const USERS: usize = 100_000;

fn scenario() -> Scenario {
    let text = format!(
        r##"
[[tenants]]
id = "11111111-2222-4333-8444-555555555555"
domain = "contoso.it"
name = "Contoso"
kind = "business"
licence = "p1"
consented_scopes = ["AuditLog.Read.All"]

[[users]]
tenant = "contoso.it"
upn = "{READER}"
display_name = "Reports reader"
password = "Reader-2026"
roles = ["Reports Reader"]

[[users.methods]]
"@odata.type" = "#microsoft.graph.fido2AuthenticationMethod"
id = "UmVwb3J0c0tleQ"
displayName = "Key"

[[generated_users]]
tenant = "contoso.it"
count = {USERS}
seed = 7
"##
    );
    Scenario::from_toml_str(&text).expect("the bench scenario")
}

/// The process's resident memory in kB (Linux), to show the users are not held.
fn resident_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

async fn token(http: &reqwest::Client, base: &str) -> String {
    let response = http
        .get(format!("{base}/contoso.it/oauth2/v2.0/authorize"))
        .query(&[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
            ("scope", "openid AuditLog.Read.All"),
            ("login_hint", READER),
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
        .expect("a code");
    let tokens: Value = http
        .post(format!("{base}/contoso.it/oauth2/v2.0/token"))
        .form(&[
            ("client_id", CLIENT),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("token JSON");
    tokens["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

#[tokio::main]
async fn main() {
    let before = resident_kb();
    let started = Instant::now();
    let server = SimServer::start(scenario(), "127.0.0.1:0")
        .await
        .expect("simulator");
    let start_time = started.elapsed();
    let after_start = resident_kb();
    server.set_script(READER, BrowserScript::complete_with("security_key"));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let token = token(&http, server.base_url()).await;
    println!("userRegistrationDetails over {USERS} generated users, pages of $top=999, loopback");
    println!(
        "start with the scenario: {:.1} ms; resident memory {} kB before, {} kB after",
        start_time.as_secs_f64() * 1e3,
        before.map_or("?".into(), |kb| kb.to_string()),
        after_start.map_or("?".into(), |kb| kb.to_string()),
    );
    // Round 1 reads every page as a client would (parsing the JSON); round 2 only fetches the pages, finding the
    // next link in the text, so its time is the simulator's work plus the transfer.
    for (round, parse) in [(1, true), (2, false)] {
        let started = Instant::now();
        let mut next = Some(format!(
            "{}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=999",
            server.base_url()
        ));
        let (mut pages, mut records, mut bytes) = (0usize, 0usize, 0usize);
        let mut slowest = std::time::Duration::ZERO;
        while let Some(url) = next.take() {
            let asked = Instant::now();
            let text = http
                .get(&url)
                .bearer_auth(&token)
                .send()
                .await
                .expect("page")
                .text()
                .await
                .expect("page body");
            slowest = slowest.max(asked.elapsed());
            bytes += text.len();
            pages += 1;
            if parse {
                let page: Value = serde_json::from_str(&text).expect("page JSON");
                records += page["value"].as_array().expect("value").len();
                next = page["@odata.nextLink"].as_str().map(str::to_string);
            } else {
                records += text.matches("\"userPrincipalName\"").count();
                next = text
                    .split("\"@odata.nextLink\":\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next().map(str::to_string));
            }
        }
        let total = started.elapsed();
        assert_eq!(records, USERS + 1, "every user once");
        println!(
            "round {round} ({}): {records} records in {pages} pages, {:.1} MB of JSON, {:.0} ms total ({:.1} ms/page mean, {:.1} ms slowest), {:.0} records/s",
            if parse { "fetch and parse" } else { "fetch only" },
            bytes as f64 / 1e6,
            total.as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3 / pages as f64,
            slowest.as_secs_f64() * 1e3,
            records as f64 / total.as_secs_f64(),
        );
    }
    println!(
        "resident memory after paging: {} kB",
        resident_kb().map_or("?".into(), |kb| kb.to_string())
    );
    server.shutdown().await;
}

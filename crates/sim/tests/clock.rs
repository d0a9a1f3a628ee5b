//! The sign-in service's clock: every response carries a `Date` header from the simulator's clock, which a
//! scenario or the controls may skew from the machine's, so a client can measure its own clock's offset.

mod common;

use common::*;
use reqwest::StatusCode;
use time::macros::datetime;

fn date_of(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("date")
        .unwrap_or_else(|| panic!("no Date header; status {}", response.status()))
        .to_str()
        .unwrap()
        .to_string()
}

async fn started_at(scenario_text: Option<&str>, at: time::OffsetDateTime) -> Harness {
    let h = match scenario_text {
        Some(text) => start(scenario(text)).await,
        None => practice().await,
    };
    h.clock.set(at);
    h
}

#[tokio::test]
async fn identity_graph_and_page_responses_carry_the_simulators_date() {
    let h = started_at(None, datetime!(2031-03-04 05:06:07 UTC)).await;
    let authorize = format!(
        "/{COMPANY}/oauth2/v2.0/authorize?client_id={CLIENT}&response_type=code&redirect_uri={REDIRECT}&scope=openid"
    );
    let requests: Vec<(&str, reqwest::RequestBuilder)> = vec![
        (
            "discovery",
            h.http
                .get(h.url(&format!("/{COMPANY}/v2.0/.well-known/openid-configuration"))),
        ),
        ("keys", h.http.get(h.url("/discovery/v2.0/keys"))),
        ("authorize page", h.http.get(h.url(&authorize))),
        (
            "token error",
            h.http
                .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/token")))
                .form(&[("client_id", CLIENT), ("grant_type", "refresh_token")]),
        ),
        (
            "device code",
            h.http
                .post(h.url(&format!("/{COMPANY}/oauth2/v2.0/devicecode")))
                .form(&[("client_id", CLIENT), ("scope", "openid")]),
        ),
        ("graph 401", h.http.get(h.url("/v1.0/me"))),
        ("unknown path", h.http.get(h.url("/nowhere"))),
    ];
    for (what, request) in requests {
        let response = request.send().await.unwrap();
        assert_eq!(
            date_of(&response),
            "Tue, 04 Mar 2031 05:06:07 GMT",
            "{what}"
        );
    }
    // The header follows the manual clock, not the machine's.
    h.advance(3600);
    let response = h
        .http
        .get(h.url("/discovery/v2.0/keys"))
        .send()
        .await
        .unwrap();
    assert_eq!(date_of(&response), "Tue, 04 Mar 2031 06:06:07 GMT");
}

#[tokio::test]
async fn a_scenario_skews_microsofts_clock_and_the_controls_change_it() {
    let text = "[simulator]\nclock_skew_seconds = -300\n";
    let h = started_at(Some(text), datetime!(2031-03-04 05:06:07 UTC)).await;
    let keys = h.url("/discovery/v2.0/keys");
    let response = h.http.get(&keys).send().await.unwrap();
    assert_eq!(date_of(&response), "Tue, 04 Mar 2031 05:01:07 GMT");
    assert_eq!(h.server.now(), datetime!(2031-03-04 05:01:07 UTC));

    // Over HTTP, and from Rust; a new skew replaces the old one (the clock may go back).
    let control = h
        .http
        .post(h.url("/sim/control/clock/skew"))
        .json(&serde_json::json!({"seconds": 90}))
        .send()
        .await
        .unwrap();
    assert_eq!(control.status(), StatusCode::NO_CONTENT);
    let response = h.http.get(&keys).send().await.unwrap();
    assert_eq!(date_of(&response), "Tue, 04 Mar 2031 05:07:37 GMT");
    h.server.set_clock_skew(time::Duration::seconds(-30));
    let response = h.http.get(&keys).send().await.unwrap();
    assert_eq!(date_of(&response), "Tue, 04 Mar 2031 05:05:37 GMT");

    let refused = h
        .http
        .post(h.url("/sim/control/clock/skew"))
        .json(&serde_json::json!({"seconds": 9_000_000}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn an_implausible_skew_is_a_scenario_error() {
    let error =
        lifeboat_sim::Scenario::from_toml_str("[simulator]\nclock_skew_seconds = 9000000\n")
            .unwrap_err();
    assert_eq!(error.field.as_deref(), Some("simulator.clock_skew_seconds"));
    assert_eq!(error.line, Some(2));
}

//! The practice browser (`SimServer::browse`): it follows an authorize URL over real HTTP, delivers the answer to
//! the client's loopback listener, and says where a sign-in that did not answer stopped, from the simulator's
//! state.

mod common;

use std::time::Duration;

use common::*;
use lifeboat_sim::{BrowseError, BrowseOutcome, BrowserScript};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A client's loopback listener (RFC 8252): the first request it receives, or `None` if none came.
struct Listener {
    redirect_uri: String,
    received: tokio::task::JoinHandle<Option<String>>,
}

async fn listen() -> Listener {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = tokio::spawn(async move {
        let accepted = tokio::time::timeout(Duration::from_millis(300), listener.accept()).await;
        let (mut socket, _) = accepted.ok()?.ok()?;
        let mut buffer = vec![0u8; 8192];
        let read = socket.read(&mut buffer).await.ok()?;
        socket
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .await
            .ok()?;
        Some(String::from_utf8_lossy(&buffer[..read]).to_string())
    });
    Listener {
        redirect_uri: format!("http://127.0.0.1:{port}/"),
        received,
    }
}

/// Who signs in, their script, extra authorize parameters, where the browse ends, what the listener receives.
type Case<'a> = (
    &'a str,
    Option<BrowserScript>,
    &'a [(&'a str, &'a str)],
    BrowseOutcome,
    Option<&'a str>,
);

fn authorize_url(h: &Harness, tenant: &str, params: &[(&str, &str)]) -> String {
    let mut url = url::Url::parse(&h.url(&format!("/{tenant}/oauth2/v2.0/authorize"))).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

#[tokio::test]
async fn each_way_a_sign_in_ends_is_told_apart_without_reading_pages() {
    let h = practice().await;
    let cases: [Case; 9] = [
        (
            MARCO,
            Some(BrowserScript::complete_with("sms")),
            &[],
            BrowseOutcome::DeliveredToClient,
            Some("GET /?code=sim-code."),
        ),
        (
            MARCO,
            Some(BrowserScript::StuckAtMfa),
            &[],
            BrowseOutcome::StoppedAtMfaPrompt,
            None,
        ),
        (
            MARCO,
            Some(BrowserScript::StuckAtMfa),
            &[("ui_locales", "it-IT")],
            BrowseOutcome::StoppedAtMfaPrompt,
            None,
        ),
        (
            GIULIA,
            Some(BrowserScript::CantUseAny),
            &[],
            BrowseOutcome::StoppedAtMfaPrompt,
            None,
        ),
        // Her only method is on the lost phone: the browser waits at the prompt.
        (
            GIULIA,
            Some(BrowserScript::complete_with("push")),
            &[],
            BrowseOutcome::StoppedAtMfaPrompt,
            None,
        ),
        (
            MARCO,
            Some(BrowserScript::WrongPassword),
            &[],
            BrowseOutcome::StoppedElsewhere,
            None,
        ),
        (
            MARCO,
            Some(BrowserScript::Cancel),
            &[],
            BrowseOutcome::DeliveredToClient,
            Some("GET /?error=access_denied"),
        ),
        // No script: nobody at the browser, which shows the password page.
        (LAURA, None, &[], BrowseOutcome::StoppedElsewhere, None),
        (
            NO_CONSENT_USER,
            Some(BrowserScript::complete_with("voice")),
            &[("scope", METHOD_SCOPES)],
            BrowseOutcome::DeliveredToClient,
            Some("GET /?error=access_denied"),
        ),
    ];
    for (who, script, extra, expected, received) in cases {
        match script {
            Some(script) => h.server.set_script(who, script),
            None => h.server.clear_script(who),
        }
        let tenant = who.rsplit('@').next().unwrap();
        let listener = listen().await;
        let mut params = vec![
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", listener.redirect_uri.as_str()),
            ("scope", SIGN_IN_SCOPES),
            ("state", "s-1"),
            ("login_hint", who),
        ];
        for (key, value) in extra {
            params.retain(|(existing, _)| existing != key);
            params.push((key, value));
        }
        let outcome = h
            .server
            .browse(&authorize_url(&h, tenant, &params))
            .await
            .unwrap();
        assert_eq!(outcome, expected, "{who} {extra:?}");
        let request = listener.received.await.unwrap();
        match received {
            Some(start) => {
                let request = request.unwrap_or_else(|| panic!("{who}: nothing delivered"));
                assert!(request.starts_with(start), "{who}: {request}");
                assert!(request.contains("state=s-1 "), "{who}: {request}");
            }
            None => assert!(request.is_none(), "{who}: {request:?}"),
        }
    }
}

#[tokio::test]
async fn a_form_post_answer_is_posted_to_the_listener() {
    let h = practice().await;
    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    let listener = listen().await;
    let url = authorize_url(
        &h,
        COMPANY,
        &[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", &listener.redirect_uri),
            ("scope", SIGN_IN_SCOPES),
            ("login_hint", MARCO),
            ("response_mode", "form_post"),
        ],
    );
    assert_eq!(
        h.server.browse(&url).await.unwrap(),
        BrowseOutcome::DeliveredToClient
    );
    let request = listener.received.await.unwrap().unwrap();
    assert!(request.starts_with("POST / HTTP/1.1"), "{request}");
    assert!(request.contains("\r\n\r\ncode=sim-code."), "{request}");
}

#[tokio::test]
async fn error_pages_and_non_loopback_answers() {
    let h = practice().await;
    // Entra's error page for an unknown tenant: no flow, no redirect.
    let unknown = authorize_url(
        &h,
        "nowhere.example",
        &[("client_id", CLIENT), ("redirect_uri", REDIRECT)],
    );
    assert_eq!(
        h.server.browse(&unknown).await.unwrap(),
        BrowseOutcome::StoppedElsewhere
    );
    // The native-client redirect URI is not on loopback: the practice browser never leaves this machine.
    h.server
        .set_script(MARCO, BrowserScript::complete_with("sms"));
    let native = authorize_url(
        &h,
        COMPANY,
        &[
            ("client_id", CLIENT),
            ("response_type", "code"),
            (
                "redirect_uri",
                "https://login.microsoftonline.com/common/oauth2/nativeclient",
            ),
            ("scope", SIGN_IN_SCOPES),
            ("login_hint", MARCO),
        ],
    );
    assert!(matches!(
        h.server.browse(&native).await,
        Err(BrowseError::NotLoopback(_))
    ));
    // A listener that is gone.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap().port()
    };
    let redirect = format!("http://127.0.0.1:{closed}/");
    let gone = authorize_url(
        &h,
        COMPANY,
        &[
            ("client_id", CLIENT),
            ("response_type", "code"),
            ("redirect_uri", &redirect),
            ("scope", SIGN_IN_SCOPES),
            ("login_hint", MARCO),
        ],
    );
    assert!(matches!(
        h.server.browse(&gone).await,
        Err(BrowseError::Unreachable { .. })
    ));
    assert!(matches!(
        h.server.browse("not a url").await,
        Err(BrowseError::BadUrl(_))
    ));
}

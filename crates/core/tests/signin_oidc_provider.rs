//! Sign-in against a real, certified OpenID Connect server (`oidc-provider`, npm) on loopback: authorization
//! code + PKCE through Lifeboat's own loopback listener, the device code flow, and refresh with rotation.
//! The tests play the browser over HTTP. Requires `npm ci --prefix crates/core/tests/oidc-provider`.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lifeboat_core::clock::{SystemClock, TokioSleeper};
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::evidence::SignInOutcome;
use lifeboat_core::http::ReqwestTransport;
use lifeboat_core::signin::{
    AccountTarget, DeviceCodePrompt, MethodsAccess, SignInClient, SignInControl, SignInError,
    TokenError,
};
use lifeboat_core::Lang;
use support::browser::{FormFillingBrowser, NoBrowser};
use support::oidc_peer::{OidcPeer, CLIENT_ID, TENANT_ID};
use support::ScaledSleeper;

const UPN: &str = "giulia.bianchi@studio.example.it";

fn client(peer: &OidcPeer, sleeper: Arc<dyn lifeboat_core::clock::Sleeper>) -> SignInClient {
    let config = IdentityConfig {
        client_id: CLIENT_ID.into(),
        interactive_timeout: Duration::from_secs(10),
        ..IdentityConfig::with_base(&peer.base)
    };
    SignInClient::new(
        Arc::new(config),
        Arc::new(ReqwestTransport::new().unwrap()),
        Arc::new(SystemClock),
        sleeper,
    )
}

fn target() -> AccountTarget {
    AccountTarget {
        key: "acct-1".into(),
        upn: UPN.into(),
        tenant: Some(TENANT_ID.into()),
        fresh: false,
    }
}

#[tokio::test]
async fn authorization_code_with_pkce_through_the_loopback_listener() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(TokioSleeper));
    let browser = FormFillingBrowser::new(&[("login", UPN), ("password", "any")]);

    let attempt = signin
        .interactive(&target(), &browser, &SignInControl::new(), Lang::En)
        .await
        .unwrap();

    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{:?} {:?}",
        attempt.error,
        browser.visit()
    );
    let identity = attempt.identity.expect("a validated identity");
    assert_eq!(identity.tenant_id, TENANT_ID);
    assert_eq!(identity.preferred_username.as_deref(), Some(UPN));
    assert!(identity.object_id.is_some());
    assert!(identity.name.is_some());
    let session = attempt.session.expect("tokens");
    assert!(
        session.refresh_token.is_some(),
        "offline_access gives a refresh token"
    );
    // The server never granted UserAuthenticationMethod.Read: the sign-in proof stays, methods need consent.
    assert!(
        matches!(session.methods, MethodsAccess::NeedsAdminConsent(_)),
        "{:?}",
        session.methods
    );

    // The authorization request carried PKCE S256, state, nonce and the hints.
    let visit = browser.visit();
    let opened = url::Url::parse(&visit.opened[0]).unwrap();
    let query: std::collections::HashMap<_, _> = opened.query_pairs().into_owned().collect();
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["login_hint"], UPN);
    assert_eq!(query["domain_hint"], "studio.example.it");
    assert!(query["redirect_uri"].starts_with("http://localhost:"));
    // The browser ended on Lifeboat's own success page, served by the listener.
    assert!(
        visit
            .final_url
            .as_deref()
            .unwrap_or_default()
            .starts_with("http://localhost:"),
        "{visit:?}"
    );
    assert_eq!(visit.status, Some(200));
    assert!(visit.body.contains("Sign-in received"), "{}", visit.body);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_used_one_is_refused() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(TokioSleeper));
    let browser = FormFillingBrowser::new(&[("login", UPN), ("password", "any")]);
    let attempt = signin
        .interactive(&target(), &browser, &SignInControl::new(), Lang::It)
        .await
        .unwrap();
    let first = attempt.session.unwrap().refresh_token.unwrap();

    let resumed = signin.resume(&target(), &first).await;
    assert_eq!(
        resumed.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        resumed.error
    );
    let second = resumed
        .session
        .unwrap()
        .refresh_token
        .expect("a new refresh token");
    assert_ne!(second, first, "refresh tokens are replaced on every use");

    let reused = signin.resume(&target(), &first).await;
    match reused.error {
        Some(SignInError::Token(TokenError::Rejected(error))) => {
            assert_eq!(error.error, "invalid_grant");
            assert!(error.needs_interactive_sign_in());
        }
        other => panic!("a used refresh token must be refused, got {other:?}"),
    }
}

#[tokio::test]
async fn device_code_flow_completes_after_polling() {
    let peer = OidcPeer::start();
    // Polls every 5 s / 100: `authorization_pending` is answered several times before the browser is done.
    let signin = client(&peer, Arc::new(ScaledSleeper(100)));
    let shown: Arc<Mutex<Option<DeviceCodePrompt>>> = Arc::default();
    let shown_in_callback = shown.clone();
    let show = move |prompt: &DeviceCodePrompt| {
        *shown_in_callback.lock().unwrap() = Some(prompt.clone());
        let browser = FormFillingBrowser::new(&[
            ("login", UPN),
            ("password", "any"),
            ("user_code", &prompt.user_code),
        ]);
        let start = url::Url::parse(&prompt.verification_uri).unwrap();
        tokio::spawn(async move {
            // The person takes a moment to type the code.
            tokio::time::sleep(Duration::from_millis(300)).await;
            browser.run(start).await;
        });
    };

    let attempt = signin
        .device_code(&target(), &show, &SignInControl::new(), Lang::En)
        .await;

    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        attempt.error
    );
    assert_eq!(attempt.identity.unwrap().tenant_id, TENANT_ID);
    assert!(attempt.session.unwrap().refresh_token.is_some());
    let prompt = shown.lock().unwrap().clone().expect("the code was shown");
    assert!(!prompt.user_code.is_empty());
    assert!(prompt.verification_uri.starts_with(peer.base.as_str()));
}

#[tokio::test]
async fn a_declined_device_code_is_recorded_as_skipped() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(ScaledSleeper(100)));
    let show = |prompt: &DeviceCodePrompt| {
        // The person presses "Abort" on the confirmation page.
        let browser = FormFillingBrowser {
            extra: vec![("abort".into(), "yes".into())],
            ..FormFillingBrowser::new(&[("user_code", &prompt.user_code)])
        };
        let start = url::Url::parse(&prompt.verification_uri).unwrap();
        tokio::spawn(async move { browser.run(start).await });
    };
    let attempt = signin
        .device_code(&target(), &show, &SignInControl::new(), Lang::En)
        .await;
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Skipped,
        "{:?}",
        attempt.error
    );
    assert_eq!(attempt.error, Some(SignInError::DeviceCodeDeclined));
}

#[tokio::test]
async fn stuck_at_mfa_ends_the_wait_and_records_blocked_by_mfa() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(TokioSleeper));
    let control = SignInControl::new();
    let pressing = control.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        pressing.stuck_at_mfa();
    });
    let attempt = signin
        .interactive(&target(), &FormFillingBrowser::idle(), &control, Lang::En)
        .await
        .unwrap();
    assert_eq!(attempt.evidence.outcome, SignInOutcome::BlockedByMfa);
    assert_eq!(attempt.error, Some(SignInError::StuckAtMfa));
}

#[tokio::test]
async fn cancel_and_timeout_end_the_wait() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(TokioSleeper));
    let control = SignInControl::new();
    control.cancel();
    let attempt = signin
        .interactive(&target(), &FormFillingBrowser::idle(), &control, Lang::En)
        .await
        .unwrap();
    assert_eq!(attempt.evidence.outcome, SignInOutcome::Skipped);
    assert_eq!(attempt.error, Some(SignInError::Cancelled));

    let config = IdentityConfig {
        client_id: CLIENT_ID.into(),
        interactive_timeout: Duration::from_millis(300),
        ..IdentityConfig::with_base(&peer.base)
    };
    let impatient = SignInClient::new(
        Arc::new(config),
        Arc::new(ReqwestTransport::new().unwrap()),
        Arc::new(SystemClock),
        Arc::new(TokioSleeper),
    );
    let attempt = impatient
        .interactive(
            &target(),
            &FormFillingBrowser::idle(),
            &SignInControl::new(),
            Lang::En,
        )
        .await
        .unwrap();
    assert_eq!(attempt.evidence.outcome, SignInOutcome::Transient);
    assert!(matches!(attempt.error, Some(SignInError::TimedOut(_))));
}

#[tokio::test]
async fn no_browser_is_a_setup_error_not_evidence() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(TokioSleeper));
    let error = signin
        .interactive(&target(), &NoBrowser, &SignInControl::new(), Lang::En)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("browser"));
}

#[tokio::test]
async fn signing_in_as_someone_else_is_the_wrong_account() {
    let peer = OidcPeer::start();
    let signin = client(&peer, Arc::new(TokioSleeper));
    // The person replaces the suggested account on the login page with another one.
    let browser =
        FormFillingBrowser::new(&[("login", "altro@studio.example.it"), ("password", "any")]);
    let attempt = signin
        .interactive(&target(), &browser, &SignInControl::new(), Lang::En)
        .await
        .unwrap();
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::WrongAccountOrTenant,
        "{:?}",
        attempt.error
    );
    assert!(
        matches!(attempt.error, Some(SignInError::WrongAccount { .. })),
        "{:?}",
        attempt.error
    );
}

//! The sign-in layer's trust boundaries against a scripted Entra: where tokens may be sent (hosts named by
//! configuration and by discovery, sessions remembered per host), what proves a sign-in (the ID token and the
//! expected account, for a resumed session as for a new one), that a device code ends at its deadline on the
//! clock, and that forgetting reaches every remembered session.

mod support;

use std::time::Duration;

use lifeboat_core::book::{Account, AccountBook, AccountDetails};
use lifeboat_core::clock::Clock;
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::evidence::SignInOutcome;
use lifeboat_core::graph::GraphClient;
use lifeboat_core::http::TransportError;
use lifeboat_core::signin::{
    AccountTarget, Checker, DeviceCodePrompt, RecheckOutcome, SignInAttempt, SignInControl,
    SignInError,
};
use lifeboat_core::token_store::{MemoryTokenStore, RefreshToken, TokenStore};
use lifeboat_core::Lang;
use serde_json::json;
use support::fake_entra::*;
use url::Url;

fn target() -> AccountTarget {
    AccountTarget {
        key: "k".into(),
        upn: UPN.into(),
        tenant: Some(TENANT.into()),
        fresh: false,
    }
}

fn config(authority: &str) -> IdentityConfig {
    IdentityConfig::with_base(&Url::parse(authority).unwrap())
}

fn remembered() -> RefreshToken {
    RefreshToken::new("remembered-refresh-token")
}

fn assert_not_signed_in(attempt: &SignInAttempt, what: &str) {
    assert_ne!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{what}: {:?}",
        attempt.error
    );
    assert!(attempt.session.is_none(), "{what}: no session is kept");
}

#[tokio::test]
async fn a_resumed_session_proves_the_same_account_as_a_sign_in() {
    // The control: the expected account's ID token completes the re-check.
    let entra = FakeEntra::new();
    entra.answer(Answer::Tokens(Some(entra.claims(Some(UPN)))));
    let signin = entra.client(config(AUTHORITY));
    let attempt = signin.resume(&target(), &remembered()).await;
    assert_eq!(
        attempt.evidence.outcome,
        SignInOutcome::Completed,
        "{:?}",
        attempt.error
    );

    let cases = [
        ("no ID token", None),
        (
            "another account",
            Some(Some("anna.bianchi@contoso.example")),
        ),
        ("no account name", Some(None)),
    ];
    for (what, upn) in cases {
        let entra = FakeEntra::new();
        let claims = upn.map(|upn| entra.claims(upn));
        entra.answer(Answer::Tokens(claims));
        let signin = entra.client(config(AUTHORITY));
        let attempt = signin.resume(&target(), &remembered()).await;
        assert_not_signed_in(&attempt, what);
        let expected = match upn {
            None => matches!(attempt.error, Some(SignInError::NoIdToken)),
            Some(Some(_)) => matches!(attempt.error, Some(SignInError::WrongAccount { .. })),
            Some(None) => matches!(attempt.error, Some(SignInError::AccountNotNamed { .. })),
        };
        assert!(expected, "{what}: {:?}", attempt.error);
    }
}

#[tokio::test]
async fn an_interactive_sign_in_without_the_account_name_is_not_a_pass() {
    for (what, upn, completes) in [
        ("the expected account", Some(UPN), true),
        ("no account name", None, false),
    ] {
        let entra = FakeEntra::new();
        let signin = entra.client(config(AUTHORITY));
        let browser = RedirectingBrowser(entra.clone());
        let claims = {
            let entra = entra.clone();
            move || entra.claims(upn)
        };
        // The ID token is made when the code is redeemed, after the browser has seen the nonce.
        let redeem = tokio::spawn(async move {
            loop {
                if entra.nonce.lock().unwrap().is_some() {
                    entra.answer(Answer::Tokens(Some(claims())));
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        let attempt = signin
            .interactive(&target(), &browser, &SignInControl::new(), Lang::En)
            .await
            .unwrap();
        redeem.await.unwrap();
        if completes {
            assert_eq!(
                attempt.evidence.outcome,
                SignInOutcome::Completed,
                "{what}: {:?}",
                attempt.error
            );
        } else {
            assert_not_signed_in(&attempt, what);
            assert!(
                matches!(attempt.error, Some(SignInError::AccountNotNamed { .. })),
                "{what}: {:?}",
                attempt.error
            );
        }
    }
}

#[tokio::test]
async fn endpoints_named_by_discovery_must_sit_on_the_authority() {
    let foreign = [
        ("token_endpoint", "https://evil.example/t/oauth2/v2.0/token"),
        ("token_endpoint", "http://login.example/t/oauth2/v2.0/token"),
        (
            "token_endpoint",
            "https://login.example:8443/t/oauth2/v2.0/token",
        ),
        ("jwks_uri", "https://evil.example/t/discovery/v2.0/keys"),
        (
            "authorization_endpoint",
            "https://evil.example/t/oauth2/v2.0/authorize",
        ),
        (
            "device_authorization_endpoint",
            "https://evil.example/t/oauth2/v2.0/devicecode",
        ),
    ];
    for (endpoint, url) in foreign {
        let entra = FakeEntra::new();
        entra.discovery.lock().unwrap()[endpoint] = json!(url);
        entra.answer(Answer::Tokens(Some(entra.claims(Some(UPN)))));
        let signin = entra.client(config(AUTHORITY));
        let attempt = signin.resume(&target(), &remembered()).await;
        assert_not_signed_in(&attempt, endpoint);
        assert!(
            matches!(attempt.error, Some(SignInError::Discovery(_))),
            "{endpoint} {url}: {:?}",
            attempt.error
        );
        let origin = Url::parse(url).unwrap().origin();
        for seen in entra.seen() {
            assert_ne!(
                seen.url.origin(),
                origin,
                "{endpoint}: nothing goes to {url}"
            );
        }
        assert!(
            entra.token_requests().is_empty(),
            "{endpoint}: no token sent"
        );
    }
}

#[tokio::test]
async fn plain_http_is_for_this_computer_only() {
    for (authority, allowed) in [
        ("http://login.example", false),
        ("http://192.168.1.20:8080", false),
        ("http://127.0.0.1:4000", true),
        ("http://localhost:4000", true),
        ("http://[::1]:4000", true),
    ] {
        let entra = FakeEntra::at(authority);
        entra.answer(Answer::Tokens(Some(entra.claims(Some(UPN)))));
        let signin = entra.client(config(authority));
        let attempt = signin.resume(&target(), &remembered()).await;
        if allowed {
            assert_eq!(
                attempt.evidence.outcome,
                SignInOutcome::Completed,
                "{authority}: {:?}",
                attempt.error
            );
        } else {
            assert_not_signed_in(&attempt, authority);
            assert!(entra.seen().is_empty(), "{authority}: nothing is sent");
        }
    }
}

async fn device_code_until_it_ends(entra: &std::sync::Arc<FakeEntra>) -> (SignInAttempt, Duration) {
    let signin = entra.client(config(AUTHORITY));
    let start = entra.clock.now();
    let attempt = signin
        .device_code(
            &target(),
            &|_: &DeviceCodePrompt| {},
            &SignInControl::new(),
            Lang::En,
        )
        .await;
    let elapsed = entra.clock.now() - start;
    (attempt, Duration::try_from(elapsed).unwrap())
}

#[tokio::test]
async fn a_device_code_ends_at_its_deadline_on_the_clock_however_long_polls_take() {
    // Every poll is lost after a 30 s timeout: the 900 s code must not be polled for an hour.
    let entra = FakeEntra::new();
    *entra.token_request_takes.lock().unwrap() = Duration::from_secs(30);
    for _ in 0..1000 {
        entra.answer(Answer::Lost(TransportError::Timeout(Duration::from_secs(
            30,
        ))));
    }
    let (attempt, elapsed) = device_code_until_it_ends(&entra).await;
    assert_eq!(attempt.error, Some(SignInError::DeviceCodeExpired));
    assert!(
        elapsed >= Duration::from_secs(900) && elapsed <= Duration::from_secs(900 + 30 + 60),
        "ended after {elapsed:?}"
    );
    let polls = entra.token_requests().len();
    assert!((10..=40).contains(&polls), "{polls} polls");

    // Slow answers that say "pending": the same deadline.
    let entra = FakeEntra::new();
    *entra.token_request_takes.lock().unwrap() = Duration::from_secs(10);
    let (attempt, elapsed) = device_code_until_it_ends(&entra).await;
    assert_eq!(attempt.error, Some(SignInError::DeviceCodeExpired));
    assert!(
        elapsed >= Duration::from_secs(900) && elapsed <= Duration::from_secs(900 + 10 + 5),
        "ended after {elapsed:?}"
    );
}

/// A checker on the fake with a memory store, for `config`'s hosts.
fn checker(
    entra: &std::sync::Arc<FakeEntra>,
    config: IdentityConfig,
    store: std::sync::Arc<MemoryTokenStore>,
) -> Checker {
    let graph = GraphClient::new(&config, entra.clone(), entra.clock.clone()).unwrap();
    Checker::new(
        std::sync::Arc::new(entra.client(config)),
        std::sync::Arc::new(graph),
        store,
    )
}

fn account(upn: &str) -> Account {
    let mut book = AccountBook::default();
    let id = book.add(AccountDetails::new(upn)).unwrap();
    book.get(&id).unwrap().clone()
}

#[tokio::test]
async fn a_session_remembered_with_microsoft_never_goes_to_other_hosts() {
    let account = account(UPN);
    let store = std::sync::Arc::new(MemoryTokenStore::new());
    let entra = FakeEntra::new();
    let microsoft = checker(&entra, IdentityConfig::default(), store.clone());
    let microsoft_key = microsoft.target_for(&account).key;
    store.save(&microsoft_key, &remembered()).unwrap();

    // The same account with another authority, or only another Graph: nothing remembered there.
    for (authority, graph) in [
        (AUTHORITY, "https://graph.microsoft.com"),
        ("https://login.microsoftonline.com", "https://graph.example"),
    ] {
        let elsewhere = checker(
            &entra,
            IdentityConfig::with_hosts(authority, graph).unwrap(),
            store.clone(),
        );
        let target = elsewhere.target_for(&account);
        assert_ne!(target.key, microsoft_key, "{authority} {graph}");
        let result = elsewhere.recheck(&target).await;
        assert_eq!(result.outcome, RecheckOutcome::NotRemembered, "{authority}");
    }
    assert!(entra.seen().is_empty(), "the remembered token went nowhere");

    // A session made with the other authority is remembered beside Microsoft's, never over it.
    let elsewhere = checker(&entra, config(AUTHORITY), store.clone());
    let target = elsewhere.target_for(&account);
    store
        .save(&target.key, &RefreshToken::new("made-elsewhere"))
        .unwrap();
    entra.answer(Answer::Tokens(Some(entra.claims(Some(UPN)))));
    let result = elsewhere.recheck(&target).await;
    assert!(
        matches!(&result.outcome, RecheckOutcome::Checked { check } if check.evidence.outcome == SignInOutcome::Completed),
        "{:?}",
        result.outcome
    );
    let sent: Vec<_> = entra
        .token_requests()
        .iter()
        .filter_map(|seen| seen.field("refresh_token").map(str::to_string))
        .collect();
    assert!(
        sent.iter().all(|token| token == "made-elsewhere"),
        "{sent:?}"
    );
    assert_eq!(store.load(&microsoft_key).unwrap(), Some(remembered()));
    assert_eq!(
        store.load(&target.key).unwrap(),
        Some(RefreshToken::new("refresh-token-rotated"))
    );
}

#[tokio::test]
async fn a_remembered_session_that_proves_another_account_is_ended_and_forgotten() {
    for (what, upn) in [
        ("no ID token", None),
        (
            "another account",
            Some(Some("anna.bianchi@contoso.example")),
        ),
        ("no account name", Some(None)),
    ] {
        let entra = FakeEntra::new();
        let store = std::sync::Arc::new(MemoryTokenStore::new());
        let checker = checker(&entra, config(AUTHORITY), store.clone());
        let target = checker.target_for(&account(UPN));
        store.save(&target.key, &remembered()).unwrap();
        entra.answer(Answer::Tokens(upn.map(|upn| entra.claims(upn))));
        let result = checker.recheck(&target).await;
        assert!(
            matches!(result.outcome, RecheckOutcome::SessionEnded { .. }),
            "{what}: {:?}",
            result.outcome
        );
        assert_eq!(store.load(&target.key).unwrap(), None, "{what}: forgotten");
    }
}

#[tokio::test]
async fn forgetting_reaches_every_session_lifeboat_remembered() {
    let entra = FakeEntra::new();
    let store = std::sync::Arc::new(MemoryTokenStore::new());
    let microsoft = checker(&entra, IdentityConfig::default(), store.clone());
    let elsewhere = checker(&entra, config(AUTHORITY), store.clone());
    let (mario, anna) = (account(UPN), account("anna.bianchi@contoso.example"));
    for checker in [&microsoft, &elsewhere] {
        for account in [&mario, &anna] {
            let key = checker.target_for(account).key;
            store.save(&key, &remembered()).unwrap();
        }
    }
    // Removing an account forgets its sessions with every host, and only its own.
    assert_eq!(microsoft.forget_account(&mario).await.unwrap(), 2);
    let mut left = store.keys().unwrap();
    left.sort();
    let mut anna_keys = vec![
        microsoft.target_for(&anna).key,
        elsewhere.target_for(&anna).key,
    ];
    anna_keys.sort();
    assert_eq!(left, anna_keys);
    // "Forget remembered sessions" leaves nothing, whatever the book holds now.
    assert_eq!(microsoft.forget_all().await.unwrap(), 2);
    assert!(store.keys().unwrap().is_empty());
}

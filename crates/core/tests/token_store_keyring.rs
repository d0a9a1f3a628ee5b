//! The keyring token store against a real Secret Service (gnome-keyring on a private D-Bus session).
//! Run with `scripts/with-secret-service.sh cargo test -p lifeboat-core --features secret-service-tests
//! --test token_store_keyring`; without the feature this file has no tests.
#![cfg(all(feature = "secret-service-tests", target_os = "linux"))]

use lifeboat_core::token_store::{open_default_store, KeyringTokenStore, RefreshToken, TokenStore};

/// One service name per test: the tests run in parallel and each probes its own entries.
fn service(test: &str) -> String {
    format!("lifeboat-test-{}-{test}", std::process::id())
}

#[test]
fn the_keyring_keeps_replaces_and_forgets_one_entry_per_account() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run through scripts/with-secret-service.sh"
    );
    let store = KeyringTokenStore::new(&service("entries"));
    store.probe().expect("the Secret Service is usable");
    assert!(store.remembers_sessions());

    assert_eq!(store.load("account-a").unwrap(), None);
    store
        .save("account-a", &RefreshToken::new("0.AAAA-first"))
        .unwrap();
    store
        .save("account-b", &RefreshToken::new("0.BBBB-other"))
        .unwrap();
    // Refresh tokens rotate: saving again replaces the entry.
    store
        .save("account-a", &RefreshToken::new("0.AAAA-second"))
        .unwrap();
    assert_eq!(
        store.load("account-a").unwrap(),
        Some(RefreshToken::new("0.AAAA-second"))
    );

    // A second store object (the next run of the app) sees the same entries.
    let again = KeyringTokenStore::new(&service("entries"));
    assert_eq!(
        again.load("account-b").unwrap(),
        Some(RefreshToken::new("0.BBBB-other"))
    );

    // "Forget this account" deletes only that account's entry; forgetting twice is fine.
    store.forget("account-a").unwrap();
    store.forget("account-a").unwrap();
    assert_eq!(again.load("account-a").unwrap(), None);
    assert_eq!(
        again.load("account-b").unwrap(),
        Some(RefreshToken::new("0.BBBB-other"))
    );
    store.forget("account-b").unwrap();

    // A long refresh token (Entra's are 1–2 KB) fits.
    let long = RefreshToken::new("x".repeat(4096));
    store.save("account-long", &long).unwrap();
    assert_eq!(store.load("account-long").unwrap(), Some(long));
    store.forget("account-long").unwrap();
}

#[test]
fn the_default_store_is_the_keyring_when_it_works() {
    let choice = open_default_store(&service("default"));
    assert!(choice.remembers_sessions, "{:?}", choice.note);
    assert!(choice.note.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn async_callers_reach_the_keyring_off_the_runtime_workers() {
    let name = service("async");
    let choice = tokio::task::spawn_blocking(move || open_default_store(&name))
        .await
        .unwrap();
    assert!(choice.remembers_sessions, "{:?}", choice.note);
    let store = choice.store.clone();
    tokio::task::spawn_blocking(move || store.save("account-c", &RefreshToken::new("0.CCCC")))
        .await
        .unwrap()
        .unwrap();
    let checker =
        lifeboat_core::signin::Checker::with_defaults(Default::default(), choice.store.clone())
            .unwrap();
    checker.forget("account-c").await.unwrap();
    let store = choice.store.clone();
    let left = tokio::task::spawn_blocking(move || store.load("account-c"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(left, None);
}

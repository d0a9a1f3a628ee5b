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

    // Entries keep the attributes the keyring crate searches by: an earlier Lifeboat reads what this one wrote.
    assert_eq!(
        keyring::Entry::new(&service("entries"), "account-a")
            .unwrap()
            .get_password()
            .unwrap(),
        "0.AAAA-second"
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

/// Whether the keyring holds an item under `service` and `user`, searched without Lifeboat's store. The test
/// keeps one connection of its own: a connection per lookup would race gnome-keyring as Lifeboat no longer does.
fn entry_exists(service: &str, user: &str) -> bool {
    use secret_service::{blocking::SecretService, EncryptionType};
    use std::sync::{Mutex, OnceLock};
    static OWN: OnceLock<Mutex<SecretService<'static>>> = OnceLock::new();
    let own = OWN
        .get_or_init(|| Mutex::new(SecretService::connect(EncryptionType::Dh).unwrap()))
        .lock()
        .unwrap();
    let found = own
        .search_items(std::collections::HashMap::from([
            ("service", service),
            ("username", user),
        ]))
        .unwrap_or_else(|error| panic!("{user}: {error}"));
    !(found.unlocked.is_empty() && found.locked.is_empty())
}

/// Every item the Secret Service holds under `service`, as `secret-tool` lists them (`None` without it).
fn items_under(service: &str) -> Option<String> {
    let output = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", service])
        .output();
    match output {
        Ok(output) => Some(
            String::from_utf8_lossy(&output.stdout).to_string()
                + &String::from_utf8_lossy(&output.stderr),
        ),
        Err(error) => {
            println!("secret-tool not run ({error}): the entries are checked one by one only");
            None
        }
    }
}

#[test]
fn forgetting_everything_leaves_no_entry_lifeboat_wrote() {
    let name = service("forget-all");
    let store = KeyringTokenStore::new(&name);
    store.probe().expect("the Secret Service is usable");
    // Enough keys for several index pages, with the hosts of a stand-in server in some of them.
    let keys: Vec<String> = (0..60)
        .map(|i| match i % 2 {
            0 => format!("persona{i}@scuola.example.it|scuola.example.it"),
            _ => format!("persona{i}@scuola.example.it|scuola.example.it http://127.0.0.1:4000 http://127.0.0.1:4000"),
        })
        .collect();
    for key in &keys {
        store
            .save(key, &RefreshToken::new(format!("0.AAAA-{key}")))
            .unwrap();
    }
    // A rotated token replaces the entry and is listed once.
    store
        .save(&keys[0], &RefreshToken::new("0.AAAA-rotated"))
        .unwrap();
    // An entry an earlier Lifeboat wrote (through the keyring crate, without the index) joins it when read.
    let legacy = "vecchio@scuola.example.it|scuola.example.it";
    keyring::Entry::new(&name, legacy)
        .unwrap()
        .set_password("0.AAAA-legacy")
        .unwrap();
    assert!(store.load(legacy).unwrap().is_some());

    // The next run of the app finds them all, and forgets them all.
    let again = KeyringTokenStore::new(&name);
    let mut listed = again.keys().unwrap();
    listed.sort();
    let mut expected = keys.clone();
    expected.push(legacy.to_string());
    expected.sort();
    assert_eq!(listed, expected);
    assert!(
        entry_exists(&name, "lifeboat:index:1"),
        "the index spans pages"
    );
    if let Some(found) = items_under(&name) {
        assert!(
            found.contains("lifeboat:index:0") && found.contains(legacy),
            "{found}"
        );
    }
    assert_eq!(again.forget_all().unwrap(), 61);

    // The store is empty: no session, no index page.
    assert!(store.keys().unwrap().is_empty());
    for key in &expected {
        assert!(!entry_exists(&name, key), "{key} is left");
    }
    for page in 0..4 {
        assert!(!entry_exists(&name, &format!("lifeboat:index:{page}")));
    }
    // And by the Secret Service's own search: no item at all under the service.
    if let Some(found) = items_under(&name) {
        assert!(
            !found.contains("username"),
            "left under the service: {found}"
        );
    }
    assert_eq!(store.forget_all().unwrap(), 0);
}

#[test]
fn forgetting_one_account_updates_the_index() {
    let store = KeyringTokenStore::new(&service("forget-one"));
    store
        .save("a@x.example|x.example", &RefreshToken::new("0.A"))
        .unwrap();
    store
        .save("b@x.example|x.example", &RefreshToken::new("0.B"))
        .unwrap();
    store.forget("a@x.example|x.example").unwrap();
    assert_eq!(
        store.keys().unwrap(),
        vec!["b@x.example|x.example".to_string()]
    );
    store.forget("b@x.example|x.example").unwrap();
    assert!(store.keys().unwrap().is_empty());
    assert!(!entry_exists(&service("forget-one"), "lifeboat:index:0"));
    // Lifeboat's own names are not account keys.
    assert!(store
        .save("lifeboat:index:0", &RefreshToken::new("x"))
        .is_err());
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

/// A check of many tenants saves their sessions from parallel tasks. Each keyring call opens a Secret Service
/// session, and gnome-keyring aborts when sessions race it (then returns with the keyring locked), so the store
/// must keep its calls one at a time: every save lands and the daemon is still there to read them back.
#[test]
fn parallel_checks_saving_at_once_leave_the_keyring_standing() {
    let name = service("parallel");
    let store = KeyringTokenStore::new(&name);
    let threads: Vec<_> = (0..16)
        .map(|thread| {
            let store = store.clone();
            std::thread::spawn(move || {
                for round in 0..8 {
                    let key = format!(
                        "persona{thread}-{round}@tenant{thread}.example|tenant{thread}.example"
                    );
                    store
                        .save(&key, &RefreshToken::new(format!("0.{thread}-{round}")))
                        .unwrap_or_else(|error| panic!("{key}: {error:?}"));
                    assert_eq!(
                        store.load(&key).unwrap(),
                        Some(RefreshToken::new(format!("0.{thread}-{round}")))
                    );
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().expect("every parallel save lands");
    }
    assert_eq!(store.keys().unwrap().len(), 128);
    assert_eq!(store.forget_all().unwrap(), 128);
    store
        .probe()
        .expect("the keyring is still unlocked and usable");
}

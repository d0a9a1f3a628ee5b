//! Without a usable keyring the app still works, in memory, and says that sessions are not remembered.
#![cfg(target_os = "linux")]

use lifeboat_core::token_store::{open_default_store, RefreshToken};
use lifeboat_core::Lang;

#[test]
fn no_secret_service_means_memory_and_a_note() {
    // This test binary has no other tests: pointing it at a bus that does not exist affects nothing else.
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/lifeboat-test-bus",
    );
    let choice = open_default_store("lifeboat-test-fallback");
    assert!(!choice.remembers_sessions);
    let note = choice.note.expect("the person is told why");
    // In words for the person, in both languages, with the keyring's own error kept for the log.
    assert!(note.text(Lang::En).contains("not remembered"), "{note:?}");
    assert!(
        note.text(Lang::It).contains("non vengono ricordate"),
        "{note:?}"
    );
    assert!(
        note.detail().contains("not remembered between runs ("),
        "{note:?}"
    );
    // The fallback store still works for this run.
    choice.store.save("a", &RefreshToken::new("rt")).unwrap();
    assert_eq!(
        choice.store.load("a").unwrap(),
        Some(RefreshToken::new("rt"))
    );
}

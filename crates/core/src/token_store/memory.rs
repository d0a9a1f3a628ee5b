//! Tokens kept in memory only: for tests, and when no keyring is usable.

use std::collections::HashMap;
use std::sync::Mutex;

use super::{RefreshToken, TokenStore, TokenStoreError};

#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<HashMap<String, RefreshToken>>,
}

impl MemoryTokenStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, RefreshToken>> {
        // A panic elsewhere while holding the lock leaves the map itself intact.
        self.tokens
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self, account_key: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
        Ok(self.lock().get(account_key).cloned())
    }

    fn save(&self, account_key: &str, token: &RefreshToken) -> Result<(), TokenStoreError> {
        self.lock().insert(account_key.to_string(), token.clone());
        Ok(())
    }

    fn forget(&self, account_key: &str) -> Result<(), TokenStoreError> {
        self.lock().remove(account_key);
        Ok(())
    }

    fn keys(&self) -> Result<Vec<String>, TokenStoreError> {
        Ok(self.lock().keys().cloned().collect())
    }

    fn forget_all(&self) -> Result<usize, TokenStoreError> {
        let mut tokens = self.lock();
        let forgotten = tokens.len();
        tokens.clear();
        Ok(forgotten)
    }

    fn remembers_sessions(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_replaces_and_forgets_per_account() {
        let store = MemoryTokenStore::new();
        assert_eq!(store.load("a").unwrap(), None);
        store.save("a", &RefreshToken::new("one")).unwrap();
        store.save("b", &RefreshToken::new("other")).unwrap();
        store.save("a", &RefreshToken::new("two")).unwrap();
        assert_eq!(store.load("a").unwrap(), Some(RefreshToken::new("two")));
        store.forget("a").unwrap();
        store.forget("a").unwrap();
        assert_eq!(store.load("a").unwrap(), None);
        assert_eq!(store.load("b").unwrap(), Some(RefreshToken::new("other")));
        assert!(!store.remembers_sessions());
    }

    #[test]
    fn every_session_is_found_and_forgotten() {
        let store = MemoryTokenStore::new();
        for key in [
            "a@x.it|x.it",
            "b@x.it|x.it http://127.0.0.1:4000 http://127.0.0.1:4000",
        ] {
            store.save(key, &RefreshToken::new("rt")).unwrap();
        }
        let mut keys = store.keys().unwrap();
        keys.sort();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0], "a@x.it|x.it");
        assert_eq!(store.forget_all().unwrap(), 2);
        assert!(store.keys().unwrap().is_empty());
        assert_eq!(store.load("a@x.it|x.it").unwrap(), None);
        assert_eq!(store.forget_all().unwrap(), 0);
    }

    #[test]
    fn forget_all_counts_only_the_sessions_that_were_there() {
        let store = MemoryTokenStore::new();
        store.save("a", &RefreshToken::new("one")).unwrap();
        store.save("c", &RefreshToken::new("three")).unwrap();
        // The same account's session made with a stand-in server's hosts goes too; another account's does not.
        store
            .save(
                "a http://127.0.0.1:4000 http://127.0.0.1:4000",
                &RefreshToken::new("sim"),
            )
            .unwrap();
        store
            .save(
                "ab http://127.0.0.1:4000 http://127.0.0.1:4000",
                &RefreshToken::new("sim"),
            )
            .unwrap();
        let forgotten = crate::token_store::forget_all(&store, ["a", "b"]).unwrap();
        assert_eq!(forgotten, 2);
        assert_eq!(store.load("a").unwrap(), None);
        assert!(store.load("c").unwrap().is_some(), "not asked: kept");
        assert_eq!(store.keys().unwrap().len(), 2, "c and ab are kept");
    }
}

//! Where refresh tokens live between runs: the OS keyring, one entry per account, never a file; every entry
//! Lifeboat writes can be found again ([`TokenStore::keys`]) and forgotten ([`TokenStore::forget_all`]).
//!
//! The app keeps working without a usable keyring: [`open_default_store`] then falls back to memory and says
//! that sessions are not remembered (docs/PRODUCT.md §4).

mod keyring_store;
mod memory;
pub mod secret;
#[cfg(target_os = "linux")]
mod secret_service;

use std::sync::Arc;

use crate::problem::Problem;

pub use keyring_store::KeyringTokenStore;
pub use memory::MemoryTokenStore;
pub use secret::{AccessToken, IdTokenJwt, RefreshToken};

/// What can go wrong with the token store. Messages never contain a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenStoreError {
    #[error("the system keyring is not available: {0}")]
    Unavailable(String),
    #[error("the system keyring refused access: {0}")]
    Refused(String),
    #[error("the saved session for this account is damaged and was ignored")]
    Damaged,
}

/// Remembers one refresh token per account, keyed by its keyring key (`signin::AccountTarget::key`: the
/// sign-in name, the tenant and, when not Microsoft's, the hosts).
pub trait TokenStore: Send + Sync {
    fn load(&self, account_key: &str) -> Result<Option<RefreshToken>, TokenStoreError>;
    /// Replaces the account's token (refresh tokens rotate on every use).
    fn save(&self, account_key: &str, token: &RefreshToken) -> Result<(), TokenStoreError>;
    /// "Forget this account": deletes its entry. Forgetting an account with no entry is not an error.
    fn forget(&self, account_key: &str) -> Result<(), TokenStoreError>;
    /// Every key with an entry Lifeboat wrote (entries written before the keyring kept an index join it when
    /// first read).
    fn keys(&self) -> Result<Vec<String>, TokenStoreError>;
    /// "Forget remembered sessions": deletes every entry Lifeboat wrote, those of accounts no longer in the
    /// book included, and returns how many sessions there were.
    fn forget_all(&self) -> Result<usize, TokenStoreError>;
    /// True when tokens survive the end of the program.
    fn remembers_sessions(&self) -> bool;
}

/// What follows an account's own key in a keyring key when the session was made with hosts other than
/// Microsoft's (`signin::keyring_key`): no sign-in name or domain holds a space.
pub const HOSTS_SEPARATOR: char = ' ';

/// The keyring service Lifeboat's remembered sessions are filed under, by the window and the command line alike.
pub const KEYRING_SERVICE: &str = "lifeboat";

/// The account's own key in a keyring key, without the hosts.
pub fn account_part(keyring_key: &str) -> &str {
    keyring_key
        .split(HOSTS_SEPARATOR)
        .next()
        .unwrap_or(keyring_key)
}

/// Deletes the sessions of the accounts whose own keys are `keys` (`Account::session_key`), whatever hosts
/// they were made with, and returns how many there were; [`TokenStore::forget_all`] reaches every entry.
pub fn forget_all<'a>(
    store: &dyn TokenStore,
    keys: impl IntoIterator<Item = &'a str>,
) -> Result<usize, TokenStoreError> {
    let accounts: Vec<&str> = keys.into_iter().collect();
    let mut entries = store.keys()?;
    entries.retain(|key| accounts.contains(&account_part(key)));
    // Entries written before the keyring kept an index are not listed until read: ask for them by name.
    for account in &accounts {
        if !entries.iter().any(|key| key == account) {
            entries.push(account.to_string());
        }
    }
    let mut forgotten = 0;
    for key in entries {
        if store.load(&key)?.is_some() {
            store.forget(&key)?;
            forgotten += 1;
        }
    }
    Ok(forgotten)
}

/// The store the app uses and whether sessions are remembered; `note` says why not, for the person.
#[derive(Clone)]
pub struct StoreChoice {
    pub store: Arc<dyn TokenStore>,
    pub remembers_sessions: bool,
    /// Why sessions are not remembered, in both languages.
    pub note: Option<Problem>,
}

impl std::fmt::Debug for StoreChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreChoice")
            .field("remembers_sessions", &self.remembers_sessions)
            .field("note", &self.note)
            .finish()
    }
}

/// The OS keyring when it works (checked with a probe entry), otherwise memory with a note.
pub fn open_default_store(service: &str) -> StoreChoice {
    let keyring = KeyringTokenStore::new(service);
    match keyring.probe() {
        Ok(()) => StoreChoice {
            store: Arc::new(keyring),
            remembers_sessions: true,
            note: None,
        },
        Err(error) => {
            tracing::warn!(%error, "no usable keyring: sessions will not be remembered");
            StoreChoice {
                store: Arc::new(MemoryTokenStore::new()),
                remembers_sessions: false,
                note: Some(Problem::sessions_not_remembered(&error)),
            }
        }
    }
}

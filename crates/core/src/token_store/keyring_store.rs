//! The OS keyring: Secret Service on Linux (`secret_service.rs`, one connection per process), Keychain on macOS
//! and Credential Manager on Windows (the `keyring` 3 crate).
//! One entry per account: service = the app's service name, user = the account's keyring key. The keyring
//! APIs cannot list a service's entries on every OS, so Lifeboat keeps its own index of the keys it wrote, in
//! the keyring too (entries `lifeboat:index:0`, `…:1`, … each holding a JSON list of keys), and "forget
//! everything" reaches every entry, those of accounts no longer in the book included.

use super::{RefreshToken, TokenStore, TokenStoreError};

/// Refresh tokens in the OS keyring. Calls block briefly (a D-Bus or OS call): async callers run them on
/// `tokio::task::spawn_blocking`.
#[derive(Debug, Clone)]
pub struct KeyringTokenStore {
    service: String,
}

impl KeyringTokenStore {
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_string(),
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod platform {
    use std::sync::Mutex;

    use super::*;

    #[cfg(target_os = "linux")]
    use super::super::secret_service as backend;

    /// macOS and Windows: the `keyring` crate, one entry per call (their keychains have no session to race).
    #[cfg(not(target_os = "linux"))]
    mod backend {
        use super::TokenStoreError;

        fn entry(service: &str, user: &str) -> Result<keyring::Entry, TokenStoreError> {
            keyring::Entry::new(service, user).map_err(map_error)
        }

        fn map_error(error: keyring::Error) -> TokenStoreError {
            match error {
                keyring::Error::NoStorageAccess(inner) => {
                    TokenStoreError::Refused(inner.to_string())
                }
                keyring::Error::PlatformFailure(inner) => {
                    TokenStoreError::Unavailable(inner.to_string())
                }
                keyring::Error::BadEncoding(_) => TokenStoreError::Damaged,
                // The other variants name an attribute or length problem; never include the secret itself.
                other => TokenStoreError::Unavailable(other.to_string()),
            }
        }

        pub(super) fn get(service: &str, user: &str) -> Result<Option<String>, TokenStoreError> {
            match entry(service, user)?.get_password() {
                Ok(secret) => Ok(Some(secret)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(error) => Err(map_error(error)),
            }
        }

        pub(super) fn set(service: &str, user: &str, secret: &str) -> Result<(), TokenStoreError> {
            entry(service, user)?
                .set_password(secret)
                .map_err(map_error)
        }

        pub(super) fn delete(service: &str, user: &str) -> Result<bool, TokenStoreError> {
            match entry(service, user)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(keyring::Error::NoEntry) => Ok(false),
                Err(error) => Err(map_error(error)),
            }
        }
    }

    /// The probe entry and the index pages: names no account key can take (account keys hold an `@`).
    const PROBE: &str = "lifeboat:probe";
    const INDEX_PAGE: &str = "lifeboat:index:";
    /// Windows keeps at most 2,560 bytes per credential (1,280 UTF-16 units): index pages stay well below.
    const PAGE_UNITS: usize = 1000;

    /// Index updates are read-modify-write: one at a time in this process.
    static INDEX: Mutex<()> = Mutex::new(());
    fn page_name(number: usize) -> String {
        format!("{INDEX_PAGE}{number}")
    }

    /// A page's size as Windows counts it: UTF-16 units of its JSON.
    fn units(keys: &[String]) -> usize {
        serde_json::to_string(keys).map_or(usize::MAX, |json| json.encode_utf16().count())
    }

    fn refuse_reserved(account_key: &str) -> Result<(), TokenStoreError> {
        if account_key == PROBE || account_key.starts_with(INDEX_PAGE) {
            return Err(TokenStoreError::Unavailable(format!(
                "“{account_key}” is a name Lifeboat keeps for itself"
            )));
        }
        Ok(())
    }

    impl KeyringTokenStore {
        fn get(&self, user: &str) -> Result<Option<String>, TokenStoreError> {
            backend::get(&self.service, user)
        }

        fn set(&self, user: &str, secret: &str) -> Result<(), TokenStoreError> {
            backend::set(&self.service, user, secret)
        }

        /// Deletes an entry; true when there was one.
        fn delete(&self, user: &str) -> Result<bool, TokenStoreError> {
            backend::delete(&self.service, user)
        }

        /// The index, page by page. A damaged page is read as empty.
        fn read_index(&self) -> Result<Vec<Vec<String>>, TokenStoreError> {
            let mut pages = Vec::new();
            while let Some(page) = self.get(&page_name(pages.len()))? {
                pages.push(serde_json::from_str::<Vec<String>>(&page).unwrap_or_default());
            }
            Ok(pages)
        }

        fn write_page(&self, number: usize, keys: &[String]) -> Result<(), TokenStoreError> {
            let text = serde_json::to_string(keys)
                .map_err(|error| TokenStoreError::Unavailable(error.to_string()))?;
            self.set(&page_name(number), &text)
        }

        /// Adds or removes `account_key` in the index when it is not so already, writing one page only: a new
        /// key goes on the last page while it has room, a removed one leaves its page (emptied pages stay, so
        /// the pages are numbered without gaps; the last one is deleted).
        fn index(&self, account_key: &str, present: bool) -> Result<(), TokenStoreError> {
            let _one_at_a_time = INDEX
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let mut pages = self.read_index()?;
            let found = pages
                .iter()
                .position(|page| page.iter().any(|key| key == account_key));
            match (present, found) {
                (true, None) => {
                    let room = pages.last().is_some_and(|page| {
                        units(page).saturating_add(units(&[account_key.to_string()])) <= PAGE_UNITS
                    });
                    if !room {
                        pages.push(Vec::new());
                    }
                    let number = pages.len() - 1;
                    pages[number].push(account_key.to_string());
                    self.write_page(number, &pages[number])
                }
                (false, Some(number)) => {
                    pages[number].retain(|key| key != account_key);
                    if pages[number].is_empty() && number + 1 == pages.len() {
                        self.delete(&page_name(number)).map(|_| ())
                    } else {
                        self.write_page(number, &pages[number])
                    }
                }
                _ => Ok(()),
            }
        }

        /// Writes, reads back and deletes a probe entry: a keyring that is present but locked or read-only
        /// fails here instead of at the first real sign-in.
        pub fn probe(&self) -> Result<(), TokenStoreError> {
            self.set(PROBE, "probe")?;
            let read = self.get(PROBE)?;
            self.delete(PROBE)?;
            if read.as_deref() == Some("probe") {
                Ok(())
            } else {
                Err(TokenStoreError::Unavailable(
                    "an entry written could not be read back".into(),
                ))
            }
        }
    }

    impl TokenStore for KeyringTokenStore {
        fn load(&self, account_key: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
            refuse_reserved(account_key)?;
            let Some(token) = self.get(account_key)? else {
                return Ok(None);
            };
            // Entries written before the index existed join it when first read.
            self.index(account_key, true)?;
            Ok(Some(RefreshToken::new(token)))
        }

        fn save(&self, account_key: &str, token: &RefreshToken) -> Result<(), TokenStoreError> {
            refuse_reserved(account_key)?;
            // Indexed first: a failure in between leaves a key without an entry, never an entry nobody finds.
            self.index(account_key, true)?;
            self.set(account_key, token.expose())
        }

        fn forget(&self, account_key: &str) -> Result<(), TokenStoreError> {
            refuse_reserved(account_key)?;
            self.delete(account_key)?;
            self.index(account_key, false)
        }

        fn keys(&self) -> Result<Vec<String>, TokenStoreError> {
            let _one_at_a_time = INDEX
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Ok(self.read_index()?.into_iter().flatten().collect())
        }

        fn forget_all(&self) -> Result<usize, TokenStoreError> {
            let _one_at_a_time = INDEX
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let pages = self.read_index()?;
            let mut forgotten = 0;
            for key in pages.iter().flatten() {
                if self.delete(key)? {
                    forgotten += 1;
                }
            }
            for number in 0..pages.len() {
                self.delete(&page_name(number))?;
            }
            Ok(forgotten)
        }

        fn remembers_sessions(&self) -> bool {
            true
        }
    }
}

/// Platforms without a supported keyring: every call says so, and the app falls back to memory.
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod platform {
    use super::*;

    const WHY: &str = "this platform has no supported keyring";

    impl KeyringTokenStore {
        pub fn probe(&self) -> Result<(), TokenStoreError> {
            Err(TokenStoreError::Unavailable(WHY.into()))
        }
    }

    impl TokenStore for KeyringTokenStore {
        fn load(&self, _account_key: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
            Err(TokenStoreError::Unavailable(WHY.into()))
        }

        fn save(&self, _account_key: &str, _token: &RefreshToken) -> Result<(), TokenStoreError> {
            Err(TokenStoreError::Unavailable(WHY.into()))
        }

        fn forget(&self, _account_key: &str) -> Result<(), TokenStoreError> {
            Err(TokenStoreError::Unavailable(WHY.into()))
        }

        fn keys(&self) -> Result<Vec<String>, TokenStoreError> {
            Err(TokenStoreError::Unavailable(WHY.into()))
        }

        fn forget_all(&self) -> Result<usize, TokenStoreError> {
            Err(TokenStoreError::Unavailable(WHY.into()))
        }

        fn remembers_sessions(&self) -> bool {
            false
        }
    }
}

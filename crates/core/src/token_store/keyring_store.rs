//! The OS keyring (`keyring` 3): Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
//! One entry per account: service = the app's service name, user = the account's key in the account book.

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

    /// Writes, reads back and deletes a probe entry: a keyring that is present but locked or read-only
    /// fails here instead of at the first real sign-in.
    pub fn probe(&self) -> Result<(), TokenStoreError> {
        let key = "lifeboat-probe";
        let probe = RefreshToken::new("probe");
        self.save(key, &probe)?;
        let read = self.load(key)?;
        self.forget(key)?;
        if read.as_ref() == Some(&probe) {
            Ok(())
        } else {
            Err(TokenStoreError::Unavailable(
                "an entry written could not be read back".into(),
            ))
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod platform {
    use super::*;

    fn entry(service: &str, account_key: &str) -> Result<keyring::Entry, TokenStoreError> {
        keyring::Entry::new(service, account_key).map_err(map_error)
    }

    fn map_error(error: keyring::Error) -> TokenStoreError {
        match error {
            keyring::Error::NoStorageAccess(inner) => TokenStoreError::Refused(inner.to_string()),
            keyring::Error::PlatformFailure(inner) => {
                TokenStoreError::Unavailable(inner.to_string())
            }
            keyring::Error::BadEncoding(_) => TokenStoreError::Damaged,
            // The other variants name an attribute or length problem; never include the secret itself.
            other => TokenStoreError::Unavailable(other.to_string()),
        }
    }

    impl TokenStore for KeyringTokenStore {
        fn load(&self, account_key: &str) -> Result<Option<RefreshToken>, TokenStoreError> {
            match entry(&self.service, account_key)?.get_password() {
                Ok(token) => Ok(Some(RefreshToken::new(token))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(error) => Err(map_error(error)),
            }
        }

        fn save(&self, account_key: &str, token: &RefreshToken) -> Result<(), TokenStoreError> {
            entry(&self.service, account_key)?
                .set_password(token.expose())
                .map_err(map_error)
        }

        fn forget(&self, account_key: &str) -> Result<(), TokenStoreError> {
            match entry(&self.service, account_key)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(error) => Err(map_error(error)),
            }
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

        fn remembers_sessions(&self) -> bool {
            false
        }
    }
}

//! Linux: the Secret Service (gnome-keyring, KWallet, KeePassXC) over one D-Bus connection for the process.
//!
//! Why not one connection per call, as the `keyring` crate does: gnome-keyring (Debian 12's 42 up to 50)
//! registers each new client a moment after its first message, and an `OpenSession` that arrives before that
//! makes the daemon abort (GNOME gnome-keyring #190); it comes back with the login keyring locked. A check of
//! many tenants saves sessions in quick succession, so connection-per-call could take the person's keyring
//! down. One long-lived connection and session, used one call at a time, is registered once.
//!
//! Items keep the attributes the `keyring` crate (which earlier Lifeboat versions used) searches by
//! — `service`, `username`, `target = "default"` — so entries written before are found and vice versa.

use std::collections::HashMap;
use std::sync::Mutex;

use secret_service::blocking::{Item, SecretService};
use secret_service::{EncryptionType, Error};

use super::TokenStoreError;

/// The connection and its encrypted session: opened at first use, opened again after it is lost (the daemon
/// restarted, the bus went away). The lock also keeps Lifeboat's calls one at a time.
static CONNECTION: Mutex<Option<SecretService<'static>>> = Mutex::new(None);

/// The collection alias `keyring` writes to, and its `target` attribute.
const TARGET: &str = "default";

fn search_attributes<'a>(service: &'a str, user: &'a str) -> HashMap<&'a str, &'a str> {
    HashMap::from([("service", service), ("username", user), ("target", TARGET)])
}

/// Whether the error means the connection or session is gone, so a new one may succeed.
fn connection_lost(error: &Error) -> bool {
    matches!(
        error,
        Error::Zbus(_) | Error::ZbusFdo(_) | Error::Unavailable
    )
}

fn map_error(error: Error) -> TokenStoreError {
    match error {
        Error::Locked => TokenStoreError::Refused("the keyring is locked".into()),
        Error::Prompt => {
            TokenStoreError::Refused("the keyring's unlock prompt was dismissed".into())
        }
        Error::Unavailable => {
            TokenStoreError::Unavailable("no Secret Service answers on the session bus".into())
        }
        Error::NoResult => {
            TokenStoreError::Unavailable("the keyring has no default collection".into())
        }
        // The other variants describe a D-Bus or decryption failure; none carries the secret.
        other => TokenStoreError::Unavailable(other.to_string()),
    }
}

/// Runs `call` on the process's connection, opening it when needed. A call that fails because the connection
/// was lost is tried once more on a new connection (every call here is safe to repeat).
fn with_service<T>(
    call: impl Fn(&SecretService<'static>) -> Result<T, Error>,
) -> Result<T, TokenStoreError> {
    let mut held = CONNECTION
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut retried = false;
    loop {
        let service = match held.take() {
            Some(service) => service,
            None => SecretService::connect(EncryptionType::Dh).map_err(map_error)?,
        };
        match call(&service) {
            Ok(value) => {
                *held = Some(service);
                return Ok(value);
            }
            Err(error) if connection_lost(&error) => {
                tracing::debug!(%error, retried, "secret service connection dropped");
                if retried {
                    return Err(map_error(error));
                }
                retried = true;
            }
            Err(error) => {
                *held = Some(service);
                return Err(map_error(error));
            }
        }
    }
}

/// The items matching `service` and `user`, unlocked ones first.
fn matching<'s>(
    service: &'s SecretService<'static>,
    attributes: HashMap<&str, &str>,
) -> Result<Vec<Item<'s>>, Error> {
    let found = service.search_items(attributes)?;
    Ok(found.unlocked.into_iter().chain(found.locked).collect())
}

/// The secret under `service` and `user`, if there is one.
pub(super) fn get(service: &str, user: &str) -> Result<Option<String>, TokenStoreError> {
    let secret = with_service(|ss| {
        let Some(item) = matching(ss, search_attributes(service, user))?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        item.ensure_unlocked()?;
        item.get_secret().map(Some)
    })?;
    secret
        .map(|bytes| String::from_utf8(bytes).map_err(|_| TokenStoreError::Damaged))
        .transpose()
}

/// Stores `secret` under `service` and `user`, replacing what was there (a duplicate left by another tool is
/// removed, so a later read cannot pick a stale one).
pub(super) fn set(service: &str, user: &str, secret: &str) -> Result<(), TokenStoreError> {
    with_service(|ss| {
        let mut items = matching(ss, search_attributes(service, user))?.into_iter();
        if let Some(item) = items.next() {
            item.ensure_unlocked()?;
            item.set_secret(secret.as_bytes(), "text/plain")?;
            for duplicate in items {
                duplicate.delete()?;
            }
            return Ok(());
        }
        let collection = ss.get_default_collection()?;
        collection.ensure_unlocked()?;
        let mut attributes = search_attributes(service, user);
        attributes.insert("application", "lifeboat");
        collection.create_item(
            &format!("{user}@{service}:{TARGET} (Lifeboat)"),
            attributes,
            secret.as_bytes(),
            true,
            "text/plain",
        )?;
        Ok(())
    })
}

/// Deletes every item under `service` and `user`; true when there was one.
pub(super) fn delete(service: &str, user: &str) -> Result<bool, TokenStoreError> {
    with_service(|ss| {
        let items = matching(ss, search_attributes(service, user))?;
        for item in &items {
            item.delete()?;
        }
        Ok(!items.is_empty())
    })
}

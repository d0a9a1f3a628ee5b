//! Identifiers and secrets the simulator hands out: GUIDs, opaque tokens, codes.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// A random version-4 GUID in Entra's lower-case hyphenated form.
pub(crate) fn new_guid() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    guid_from_bytes(bytes)
}

/// A stable GUID derived from a name, for scenario objects whose id the author left out.
pub(crate) fn guid_from_name(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    guid_from_bytes(bytes)
}

fn guid_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// True for a GUID in the 8-4-4-4-12 hex form.
pub(crate) fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An opaque secret (authorization code, token, device code): a prefix naming its kind, then 32 random bytes.
pub(crate) fn opaque_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{prefix}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A device-flow user code: nine characters from an alphabet without look-alikes, like `FQK5HW3UF`.
pub(crate) fn user_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    (0..9)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Digits for one-time codes shown by the simulated phone (SMS, OATH) and the Authenticator number match.
pub(crate) fn digits(count: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..count)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// A Temporary Access Pass value of the policy's length (8 by default, docs/MICROSOFT.md §6.3).
pub(crate) fn temporary_access_pass(length: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789@#$%&";
    let mut rng = rand::thread_rng();
    (0..length)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_have_the_entra_shape() {
        let guid = new_guid();
        assert!(is_guid(&guid), "{guid}");
        assert_eq!(&guid[14..15], "4");
        assert!(is_guid(&guid_from_name("someone@example.org")));
        assert_eq!(guid_from_name("a"), guid_from_name("a"));
        assert_ne!(guid_from_name("a"), guid_from_name("b"));
        assert!(!is_guid("liceovolta.edu.it"));
        assert!(!is_guid("0000000-0000-0000-0000-000000000000"));
    }

    #[test]
    fn codes_have_their_lengths() {
        assert_eq!(user_code().len(), 9);
        assert_eq!(digits(6).len(), 6);
        assert_eq!(temporary_access_pass(8).len(), 8);
        assert_eq!(temporary_access_pass(48).len(), 48);
        assert_ne!(opaque_secret("code"), opaque_secret("code"));
    }
}

//! What the person tells Lifeboat about the physical world: which devices are gone, which numbers no longer
//! reach them, where their one-time codes and passkeys live (docs/PRODUCT.md §3, "Declarations").
//!
//! Devices are matched against a method's `displayName` (and `model` for FIDO2) case-insensitively, ignoring
//! surrounding whitespace, runs of inner whitespace and the kind of apostrophe (`Sandeep's` = `Sandeep’s`: iOS names
//! devices with the typographic one, people type the plain one). Phone numbers are matched on digits only.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

/// The person's declarations. `Default` declares nothing lost: the readiness view of someone with the phone in hand.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Situation {
    /// Devices the person no longer has (phones, keys, computers, tokens), by the name Graph shows for them.
    pub lost_devices: Vec<String>,
    /// Devices the person confirms they still hold. Settles the doubt when a lost device's name matches nothing
    /// in an account (see [`crate::assess`]).
    pub held_devices: Vec<String>,
    /// Phone numbers that no longer reach the person (lost SIM, closed line).
    pub unreachable_numbers: Vec<String>,
    /// The person confirms the one-time codes of their code app (software OATH) live on a device they still hold.
    pub otp_on_held_device: bool,
    /// The person confirms their passkey in Microsoft Authenticator lives on a device they still hold.
    pub authenticator_passkey_on_held_device: bool,
    /// The person confirms they can still complete their organisation's external MFA provider.
    pub external_method_usable: bool,
    /// Readiness answer: the phone number registered for SMS and calls is still the person's. `Some(false)`: no
    /// registered number counts (it reaches someone else, or nobody). `None`: not asked.
    pub phone_number_current: Option<bool>,
    /// Readiness answer: Microsoft Authenticator's cloud backup is on, so one-time codes kept in the app can be
    /// restored on a new phone (work or school approvals never are: docs/MICROSOFT.md §7.1). `None`: not asked.
    pub authenticator_backup_on: Option<bool>,
    /// The moment the assessment is for. A Temporary Access Pass whose lifetime has ended by then does not count.
    /// `None` trusts Graph's `isUsable` as it was read.
    #[serde(with = "time::serde::rfc3339::option")]
    #[ts(type = "string | null")]
    pub now: Option<OffsetDateTime>,
}

impl Situation {
    /// True when the person declared a device lost or a number unreachable (a recovery, not a readiness check).
    pub fn declares_loss(&self) -> bool {
        self.lost_devices
            .iter()
            .any(|name| !device_key(name).is_empty())
            || self
                .unreachable_numbers
                .iter()
                .any(|number| !number_key(number).is_empty())
    }

    /// True when `name` is one of the declared lost devices.
    pub fn is_device_lost(&self, name: &str) -> bool {
        let key = device_key(name);
        !key.is_empty() && self.lost_devices.iter().any(|lost| device_key(lost) == key)
    }

    /// True when `number` is one of the declared unreachable numbers.
    pub fn is_number_unreachable(&self, number: &str) -> bool {
        let key = number_key(number);
        self.unreachable_numbers
            .iter()
            .any(|declared| numbers_match(&number_key(declared), &key))
    }
}

/// The form device names are compared in: lower case, trimmed, inner whitespace collapsed, apostrophes unified.
pub fn device_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' => key.push('\''),
                c => key.extend(c.to_lowercase()),
            }
        }
    }
    key
}

/// The form phone numbers are compared in: the digits before any extension, without an international `00`.
/// `+39 333 123 4567`, `+39 3331234567` and `0039 333 1234567` all give `393331234567`.
pub fn number_key(number: &str) -> String {
    let base = number.split(['x', 'X']).next().unwrap_or_default();
    let base = base.split("ext").next().unwrap_or_default();
    let digits: String = base.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("00") {
        Some(rest) if number.trim_start().starts_with("00") => rest.to_owned(),
        _ => digits,
    }
}

/// Two number keys name the same line when equal, or when one is written without its country code (the shorter
/// one, at least 7 digits long, ends the longer one). Erring towards a match only ever counts fewer methods.
pub fn numbers_match(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let national = short.trim_start_matches('0');
    short == long || (national.len() >= 7 && long.ends_with(national))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_match_ignoring_case_space_and_apostrophe_kind() {
        let situation = Situation {
            lost_devices: vec!["  sandeep's   IPHONE ".into()],
            ..Situation::default()
        };
        assert!(situation.is_device_lost("Sandeep\u{2019}s iPhone"));
        assert!(situation.is_device_lost("Sandeep's iPhone"));
        assert!(!situation.is_device_lost("Sandeep's iPad"));
        assert!(!situation.is_device_lost(""));
        assert!(situation.declares_loss());
    }

    #[test]
    fn unicode_names_fold_case() {
        assert_eq!(device_key("JÜRGENS Ärger"), device_key("jürgens ärger"));
    }

    #[test]
    fn numbers_match_on_digits_only() {
        let situation = Situation {
            unreachable_numbers: vec!["+39 333 123 4567".into()],
            ..Situation::default()
        };
        assert!(situation.is_number_unreachable("+39 3331234567"));
        assert!(situation.is_number_unreachable("0039 333 1234567"));
        assert!(situation.is_number_unreachable("333-123-4567"));
        assert!(situation.is_number_unreachable("+39 3331234567x12"));
        assert!(!situation.is_number_unreachable("+39 3331234568"));
        assert!(!situation.is_number_unreachable("4567"));
    }

    #[test]
    fn national_numbers_with_trunk_zero_match_international_ones() {
        // A UK number typed nationally (07…) against Graph's +44 7… form.
        assert!(numbers_match(
            &number_key("07700 900123"),
            &number_key("+44 7700900123")
        ));
    }

    #[test]
    fn blank_declarations_declare_nothing() {
        let situation = Situation {
            lost_devices: vec!["   ".into()],
            unreachable_numbers: vec!["n/a".into()],
            ..Situation::default()
        };
        assert!(!situation.declares_loss());
        assert!(!situation.is_device_lost("   "));
    }

    #[test]
    fn serialises_camel_case_and_defaults_missing_fields() {
        let situation: Situation = serde_json::from_str(r#"{"lostDevices": ["iPhone"]}"#).unwrap();
        assert_eq!(situation.lost_devices, ["iPhone"]);
        assert!(!situation.otp_on_held_device);
        let json = serde_json::to_value(Situation::default()).unwrap();
        assert_eq!(json["otpOnHeldDevice"], false);
        assert_eq!(json["now"], serde_json::Value::Null);
    }
}

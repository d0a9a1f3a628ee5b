//! Authentication methods as the scenario gives them (Graph JSON, docs/MICROSOFT.md §4.2) and what each can do at the
//! sign-in prompt.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::secret::Secret;

const GRAPH_TYPE_PREFIX: &str = "#microsoft.graph.";
const GRAPH_TYPE_SUFFIX: &str = "AuthenticationMethod";

/// AAGUIDs of passkeys that live in Microsoft Authenticator (docs/MICROSOFT.md §4.2, fido2 row).
pub(crate) const AUTHENTICATOR_AAGUIDS: [&str; 2] = [
    "90a3ccdf-635c-4729-a248-9b709135078f",
    "de1e552d-db1d-4423-a619-566b625cdc84",
];

/// One registered method: its Graph representation plus the simulator's facts about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Method {
    pub(crate) graph: Map<String, Value>,
    /// Whether the person still has what this method needs (the phone, the SIM, the key, the computer).
    pub(crate) in_hand: bool,
    /// The value a person types for a Temporary Access Pass; Graph never returns it after creation.
    pub(crate) secret: Option<Secret>,
}

/// Ways of answering the MFA prompt, in the order Entra's system-preferred MFA ranks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Channel {
    TemporaryAccessPass,
    SecurityKey,
    WindowsHello,
    PlatformCredential,
    AuthenticatorPush,
    External,
    AuthenticatorCode,
    SoftwareOath,
    HardwareOath,
    Sms,
    Voice,
}

impl Channel {
    /// Keywords a headless script may use instead of a method id.
    pub(crate) fn from_keyword(keyword: &str) -> Option<Channel> {
        Some(match keyword.to_ascii_lowercase().as_str() {
            "tap" | "temporary_access_pass" | "temporaryaccesspass" => Channel::TemporaryAccessPass,
            "fido2" | "security_key" | "passkey" => Channel::SecurityKey,
            "windows_hello" | "windowshelloforbusiness" => Channel::WindowsHello,
            "platform_credential" | "platformcredential" => Channel::PlatformCredential,
            "push" | "authenticator" | "microsoftauthenticator" => Channel::AuthenticatorPush,
            "external" | "externalauthenticationmethod" => Channel::External,
            "authenticator_code" => Channel::AuthenticatorCode,
            "software_oath" | "softwareoath" | "oath" => Channel::SoftwareOath,
            "hardware_oath" | "hardwareoath" => Channel::HardwareOath,
            "sms" | "phone" | "text" => Channel::Sms,
            "voice" | "call" => Channel::Voice,
            _ => return None,
        })
    }

    pub(crate) fn keyword(self) -> &'static str {
        match self {
            Channel::TemporaryAccessPass => "tap",
            Channel::SecurityKey => "security_key",
            Channel::WindowsHello => "windows_hello",
            Channel::PlatformCredential => "platform_credential",
            Channel::AuthenticatorPush => "push",
            Channel::External => "external",
            Channel::AuthenticatorCode => "authenticator_code",
            Channel::SoftwareOath => "software_oath",
            Channel::HardwareOath => "hardware_oath",
            Channel::Sms => "sms",
            Channel::Voice => "voice",
        }
    }

    /// Whether answering needs a code typed into the page (the simulated device shows it).
    pub(crate) fn takes_code(self) -> bool {
        matches!(
            self,
            Channel::AuthenticatorCode
                | Channel::SoftwareOath
                | Channel::HardwareOath
                | Channel::Sms
                | Channel::TemporaryAccessPass
        )
    }
}

impl Method {
    pub(crate) fn new(graph: Map<String, Value>, in_hand: bool, secret: Option<String>) -> Self {
        Self {
            graph,
            in_hand,
            secret: secret.map(Secret::new),
        }
    }

    pub fn id(&self) -> &str {
        self.graph
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn in_hand(&self) -> bool {
        self.in_hand
    }

    /// The Graph JSON as `GET /me/authentication/methods` returns it.
    pub fn graph(&self) -> &Map<String, Value> {
        &self.graph
    }

    pub(crate) fn odata_type(&self) -> &str {
        self.graph
            .get("@odata.type")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// `microsoftAuthenticator` for `#microsoft.graph.microsoftAuthenticatorAuthenticationMethod`.
    pub fn short_type(&self) -> &str {
        short_type(self.odata_type())
    }

    pub(crate) fn str_field(&self, name: &str) -> Option<&str> {
        self.graph.get(name).and_then(Value::as_str)
    }

    fn bool_field(&self, name: &str) -> Option<bool> {
        self.graph.get(name).and_then(Value::as_bool)
    }

    /// Only in Graph beta, so `/v1.0/.../methods` leaves it out (docs/MICROSOFT.md §3.1).
    pub(crate) fn is_beta_only(&self) -> bool {
        matches!(
            self.short_type(),
            "hardwareOath" | "passwordlessMicrosoftAuthenticator"
        )
    }

    pub(crate) fn is_authenticator_passkey(&self) -> bool {
        self.short_type() == "fido2"
            && self.str_field("aaGuid").is_some_and(|aaguid| {
                AUTHENTICATOR_AAGUIDS.contains(&aaguid.to_ascii_lowercase().as_str())
            })
    }

    /// TAP usability at `now`, from `startDateTime` and `lifetimeInMinutes` (docs/MICROSOFT.md §4.2 TAP row).
    pub(crate) fn tap_usability(&self, now: OffsetDateTime) -> (bool, &'static str) {
        if self.short_type() != "temporaryAccessPass" {
            return (false, "DisabledByPolicy");
        }
        let start = self.str_field("startDateTime").and_then(|text| {
            OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
        });
        let lifetime = self
            .graph
            .get("lifetimeInMinutes")
            .and_then(Value::as_i64)
            .unwrap_or(60);
        if self
            .graph
            .get("methodUsabilityReason")
            .and_then(Value::as_str)
            == Some("OneTimeUsed")
        {
            return (false, "OneTimeUsed");
        }
        match start {
            Some(start) if now < start => (false, "NotYetValid"),
            Some(start) if now >= start + time::Duration::minutes(lifetime) => (false, "Expired"),
            Some(_) => (true, "EnabledByPolicy"),
            // Without a start time the scenario's own `isUsable` decides.
            None => match self.bool_field("isUsable") {
                Some(true) => (true, "EnabledByPolicy"),
                _ => (false, "DisabledByPolicy"),
            },
        }
    }

    /// The ways this method can answer an MFA prompt at `now` (none for password, email, QR code + PIN).
    pub(crate) fn channels(&self, now: OffsetDateTime) -> Vec<Channel> {
        match self.short_type() {
            "microsoftAuthenticator" => {
                vec![Channel::AuthenticatorPush, Channel::AuthenticatorCode]
            }
            "phone" => match self.str_field("phoneType") {
                Some("mobile") => vec![Channel::Sms, Channel::Voice],
                _ => vec![Channel::Voice],
            },
            "fido2" => vec![Channel::SecurityKey],
            "windowsHelloForBusiness" => vec![Channel::WindowsHello],
            "platformCredential" => vec![Channel::PlatformCredential],
            "softwareOath" => vec![Channel::SoftwareOath],
            "hardwareOath" => vec![Channel::HardwareOath],
            "external" => vec![Channel::External],
            "temporaryAccessPass" if self.tap_usability(now).0 => {
                vec![Channel::TemporaryAccessPass]
            }
            _ => Vec::new(),
        }
    }

    /// Can satisfy MFA at all (regardless of whether the person still holds it).
    pub(crate) fn is_mfa_capable(&self, now: OffsetDateTime) -> bool {
        !self.channels(now).is_empty()
    }

    /// The `methodsRegistered` value of `userRegistrationDetails` (docs/MICROSOFT.md §6.4).
    pub(crate) fn registration_name(&self) -> Option<&'static str> {
        Some(match self.short_type() {
            "microsoftAuthenticator" => "microsoftAuthenticatorPush",
            "phone" => match self.str_field("phoneType") {
                Some("mobile") => "mobilePhone",
                Some("alternateMobile") => "alternateMobilePhone",
                _ => "officePhone",
            },
            "email" => "email",
            "fido2" if self.is_authenticator_passkey() => "passKeyDeviceBoundAuthenticator",
            "fido2" if self.str_field("passkeyType") == Some("synced") => "passKeySynced",
            "fido2" => "passKeyDeviceBound",
            "windowsHelloForBusiness" => "windowsHelloForBusiness",
            "platformCredential" => "macOsSecureEnclaveKey",
            "softwareOath" => "softwareOneTimePasscode",
            "hardwareOath" => "hardwareOneTimePasscode",
            "temporaryAccessPass" => "temporaryAccessPass",
            "external" => "externalAuthMethod",
            _ => return None,
        })
    }

    /// Whether `name` is this method's device name (`displayName`), ignoring case.
    pub(crate) fn is_named(&self, name: &str) -> bool {
        self.str_field("displayName")
            .is_some_and(|own| own.trim().eq_ignore_ascii_case(name.trim()))
    }

    /// The device or thing this method is shown as: Authenticator's phone, a key's name, a masked number.
    pub(crate) fn label(&self) -> String {
        match self.short_type() {
            "phone" => mask_phone(self.str_field("phoneNumber").unwrap_or_default()),
            _ => self
                .str_field("displayName")
                .map(str::to_string)
                .unwrap_or_default(),
        }
    }
}

/// `microsoftAuthenticator` for `#microsoft.graph.microsoftAuthenticatorAuthenticationMethod`,
/// `external` for `#microsoft.graph.externalAuthenticationMethod`.
pub(crate) fn short_type(odata_type: &str) -> &str {
    let name = odata_type
        .strip_prefix(GRAPH_TYPE_PREFIX)
        .unwrap_or(odata_type);
    name.strip_suffix(GRAPH_TYPE_SUFFIX)
        .or_else(|| name.strip_suffix("Method"))
        .unwrap_or(name)
}

/// Graph types the simulator knows how to present at the MFA prompt or in reports.
pub(crate) const KNOWN_TYPES: [&str; 13] = [
    "password",
    "microsoftAuthenticator",
    "phone",
    "email",
    "fido2",
    "windowsHelloForBusiness",
    "softwareOath",
    "temporaryAccessPass",
    "platformCredential",
    "qrCodePin",
    "external",
    "hardwareOath",
    "passwordlessMicrosoftAuthenticator",
];

/// `+39 3471234567` → `+39 XXXXXXXX67`: the sign-in page never shows a whole number.
pub(crate) fn mask_phone(number: &str) -> String {
    let (country, rest) = match number.split_once(' ') {
        Some((country, rest)) if country.starts_with('+') => (Some(country), rest),
        _ => (None, number),
    };
    let digits: Vec<char> = rest.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().min(2);
    let masked: String = std::iter::repeat_n('X', digits.len() - keep)
        .chain(digits[digits.len() - keep..].iter().copied())
        .collect();
    match country {
        Some(country) => format!("{country} {masked}"),
        None => masked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::datetime;

    fn method(value: Value) -> Method {
        Method::new(value.as_object().unwrap().clone(), true, None)
    }

    fn fixture(name: &str) -> Method {
        let path = format!("{}/../../fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        method(serde_json::from_str(&text).unwrap())
    }

    #[test]
    fn short_types_of_the_fixture_methods() {
        let table = [
            (
                "method-microsoftAuthenticator.json",
                "microsoftAuthenticator",
                true,
                Some("microsoftAuthenticatorPush"),
            ),
            (
                "method-phone-mobile.json",
                "phone",
                true,
                Some("mobilePhone"),
            ),
            (
                "method-phone-office.json",
                "phone",
                true,
                Some("officePhone"),
            ),
            (
                "method-phone-alternateMobile.json",
                "phone",
                true,
                Some("alternateMobilePhone"),
            ),
            ("method-email.json", "email", false, Some("email")),
            ("method-password.json", "password", false, None),
            (
                "method-fido2-securityKey.json",
                "fido2",
                true,
                Some("passKeyDeviceBound"),
            ),
            (
                "method-fido2-passkey-microsoftAuthenticator-ios.json",
                "fido2",
                true,
                Some("passKeyDeviceBoundAuthenticator"),
            ),
            (
                "method-fido2-passkey-synced.json",
                "fido2",
                true,
                Some("passKeySynced"),
            ),
            (
                "method-windowsHelloForBusiness.json",
                "windowsHelloForBusiness",
                true,
                Some("windowsHelloForBusiness"),
            ),
            (
                "method-platformCredential.json",
                "platformCredential",
                true,
                Some("macOsSecureEnclaveKey"),
            ),
            (
                "method-softwareOath.json",
                "softwareOath",
                true,
                Some("softwareOneTimePasscode"),
            ),
            ("method-qrCodePin.json", "qrCodePin", false, None),
            (
                "method-externalAuthenticationMethod.json",
                "external",
                true,
                Some("externalAuthMethod"),
            ),
            (
                "method-hardwareOath-beta.json",
                "hardwareOath",
                true,
                Some("hardwareOneTimePasscode"),
            ),
        ];
        let now = datetime!(2026-09-14 08:30 UTC);
        for (file, short, mfa, registered) in table {
            let method = fixture(file);
            assert_eq!(method.short_type(), short, "{file}");
            assert!(KNOWN_TYPES.contains(&method.short_type()), "{file}");
            assert_eq!(method.is_mfa_capable(now), mfa, "{file}");
            assert_eq!(method.registration_name(), registered, "{file}");
        }
    }

    #[test]
    fn tap_usability_follows_the_clock() {
        let tap = fixture("method-temporaryAccessPass-usable.json");
        assert_eq!(
            tap.tap_usability(datetime!(2026-09-14 07:59 UTC)),
            (false, "NotYetValid")
        );
        assert_eq!(
            tap.tap_usability(datetime!(2026-09-14 08:30 UTC)),
            (true, "EnabledByPolicy")
        );
        assert_eq!(
            tap.tap_usability(datetime!(2026-09-14 16:00 UTC)),
            (false, "Expired")
        );
        assert!(!tap.is_mfa_capable(datetime!(2026-09-14 16:00 UTC)));
    }

    #[test]
    fn phones_are_masked_but_for_two_digits() {
        assert_eq!(mask_phone("+39 3471234567"), "+39 XXXXXXXX67");
        assert_eq!(mask_phone("+1 2065550123"), "+1 XXXXXXXX23");
        assert_eq!(mask_phone("5"), "5");
        let phone = method(
            json!({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": "x", "phoneNumber": "+39 0212345678", "phoneType": "office"}),
        );
        assert_eq!(phone.label(), "+39 XXXXXXXX78");
        assert_eq!(
            phone.channels(datetime!(2026-01-01 0:00 UTC)),
            vec![Channel::Voice]
        );
    }
}

//! One struct per Graph method type. Property names follow the v1.0 CSDL (docs/MICROSOFT.md §4.2); every property is
//! optional except `id`, because Graph examples often omit or null them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{AUTHENTICATOR_PASSKEY_AAGUIDS, WINDOWS_HELLO_PASSKEY_AAGUIDS};

/// Declares a Graph string enum that keeps values it does not know (`unknownFutureValue`, newer members) as
/// `Other`, so reading never fails on them and writing gives back what was read.
macro_rules! graph_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of Lifeboat does not know, kept as Graph wrote it.
            Other(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                match text {
                    $(t if t.eq_ignore_ascii_case($text) => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Ok($name::from(text.as_str()))
            }
        }
    };
}

graph_string_enum!(
    /// `phoneType` of a phone method (docs/MICROSOFT.md §4.2).
    PhoneType {
        /// Usable for SMS and voice calls.
        Mobile = "mobile",
        /// Usable only for voice calls, MFA only.
        AlternateMobile = "alternateMobile",
        /// A desk line: voice calls only.
        Office = "office",
    }
);

graph_string_enum!(
    /// `passkeyType` of a FIDO2 method.
    PasskeyType {
        DeviceBound = "deviceBound",
        Synced = "synced",
    }
);

graph_string_enum!(
    /// `methodUsabilityReason` of a Temporary Access Pass.
    TapUsabilityReason {
        EnabledByPolicy = "EnabledByPolicy",
        DisabledByPolicy = "DisabledByPolicy",
        Expired = "Expired",
        NotYetValid = "NotYetValid",
        OneTimeUsed = "OneTimeUsed",
    }
);

/// Properties every method has: the entity `id`, `createdDateTime` (v1.0) and `lastUsedDateTime` (beta).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodBase {
    pub id: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_date_time: Option<OffsetDateTime>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_used_date_time: Option<OffsetDateTime>,
}

impl MethodBase {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            ..Self::default()
        }
    }
}

/// `passwordAuthenticationMethod`: the first sign-in step; never a second one. `password` is always `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordMethod {
    #[serde(flatten)]
    pub base: MethodBase,
}

/// `microsoftAuthenticatorAuthenticationMethod`: the Authenticator app on the phone named by `displayName`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MicrosoftAuthenticatorMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    /// "The name of the device on which this app is registered."
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub device_tag: Option<String>,
    #[serde(default)]
    pub phone_app_version: Option<String>,
    /// Beta only: `microsoftAuthenticator`, `outlookMobile` (Authenticator Lite), `unknownFutureValue`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_app_name: Option<String>,
}

/// `phoneAuthenticationMethod`: SMS and/or voice to a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    /// `+{country code} {number}x{extension}`.
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub phone_type: Option<PhoneType>,
    /// Whether SMS sign-in (as a first step) is set up; irrelevant to MFA.
    #[serde(default)]
    pub sms_sign_in_state: Option<String>,
}

/// `emailAuthenticationMethod`: self-service password reset only, never MFA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub email_address: Option<String>,
}

/// `fido2AuthenticationMethod`: a security key or a passkey (device-bound or synced).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fido2Method {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub aa_guid: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub attestation_certificates: Vec<String>,
    #[serde(default)]
    pub attestation_level: Option<String>,
    #[serde(default)]
    pub passkey_type: Option<PasskeyType>,
}

/// What kind of FIDO2 credential a [`Fido2Method`] is, read from its AAGUID and `passkeyType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fido2Kind {
    /// A passkey kept in Microsoft Authenticator: lives on a phone.
    AuthenticatorPasskey,
    /// A passkey kept by Windows Hello on a PC.
    WindowsPasskey,
    /// A passkey synced by a passkey provider (iCloud Keychain, Google Password Manager, …).
    SyncedPasskey,
    /// A hardware security key or another device-bound passkey.
    SecurityKey,
}

impl Fido2Method {
    pub fn kind(&self) -> Fido2Kind {
        let aaguid = self.aa_guid.as_deref().map(str::trim).unwrap_or_default();
        let is = |list: &[&str]| list.iter().any(|known| known.eq_ignore_ascii_case(aaguid));
        if is(&AUTHENTICATOR_PASSKEY_AAGUIDS) {
            Fido2Kind::AuthenticatorPasskey
        } else if is(&WINDOWS_HELLO_PASSKEY_AAGUIDS) {
            Fido2Kind::WindowsPasskey
        } else if self.passkey_type == Some(PasskeyType::Synced) {
            Fido2Kind::SyncedPasskey
        } else {
            Fido2Kind::SecurityKey
        }
    }
}

/// `windowsHelloForBusinessAuthenticationMethod`: bound to the Windows computer named by `displayName`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WindowsHelloForBusinessMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub display_name: Option<String>,
    /// `normal`, `weak`, `unknown`.
    #[serde(default)]
    pub key_strength: Option<String>,
}

/// `softwareOathAuthenticationMethod`: a code app on a device Graph does not name. `secretKey` is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareOathMethod {
    #[serde(flatten)]
    pub base: MethodBase,
}

/// `temporaryAccessPassAuthenticationMethod`. The pass itself is returned only on creation and never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TemporaryAccessPassMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub start_date_time: Option<OffsetDateTime>,
    /// 10 to 43200 minutes.
    #[serde(default)]
    pub lifetime_in_minutes: Option<i64>,
    #[serde(default)]
    pub is_usable_once: Option<bool>,
    /// Whether the pass could be used when Graph was read.
    #[serde(default)]
    pub is_usable: Option<bool>,
    #[serde(default)]
    pub method_usability_reason: Option<TapUsabilityReason>,
}

impl TemporaryAccessPassMethod {
    /// When the pass stops working, if Graph gave its start and lifetime.
    pub fn end_date_time(&self) -> Option<OffsetDateTime> {
        let start = self.start_date_time?;
        let minutes = self.lifetime_in_minutes?;
        start.checked_add(time::Duration::minutes(minutes))
    }
}

/// `platformCredentialAuthenticationMethod`: Platform Credential for macOS, bound to that computer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformCredentialMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub key_strength: Option<String>,
    /// `unknown`, `windows`, `macOS`, `iOS`, `android`, `linux`, `unknownFutureValue`.
    #[serde(default)]
    pub platform: Option<String>,
}

/// A QR code of a [`QrCodePinMethod`]. The image is never returned on read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCode {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub start_date_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expire_date_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_date_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_used_date_time: Option<OffsetDateTime>,
}

/// The PIN of a [`QrCodePinMethod`]; its `code` is never returned on read and never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrPin {
    #[serde(default)]
    pub force_change_pin_next_sign_in: Option<bool>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_date_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_date_time: Option<OffsetDateTime>,
}

/// `qrCodePinAuthenticationMethod`: a badge QR code plus PIN, a first sign-in step only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCodePinMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default, rename = "standardQRCode")]
    pub standard_qr_code: Option<QrCode>,
    #[serde(default, rename = "temporaryQRCode")]
    pub temporary_qr_code: Option<QrCode>,
    #[serde(default)]
    pub pin: Option<QrPin>,
}

/// `externalAuthenticationMethod`: MFA done by a provider the organisation configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub configuration_id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// Who a hardware token is assigned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// The token behind a [`HardwareOathMethod`]. Its `secretKey` is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HardwareOathDevice {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub serial_number: Option<String>,
    #[serde(default)]
    pub manufacturer: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub time_interval_in_seconds: Option<i64>,
    /// `available`, `assigned`, `activated`, `failedActivation`, `unknownFutureValue`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub hash_function: Option<String>,
    #[serde(default)]
    pub assigned_to: Option<Identity>,
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub last_used_date_time: Option<OffsetDateTime>,
}

/// `hardwareOathAuthenticationMethod` (beta): a physical code token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HardwareOathMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub device: Option<HardwareOathDevice>,
}

/// `passwordlessMicrosoftAuthenticatorAuthenticationMethod` (beta): phone sign-in replacing the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PasswordlessMicrosoftAuthenticatorMethod {
    #[serde(flatten)]
    pub base: MethodBase,
    #[serde(default)]
    pub display_name: Option<String>,
    /// The beta type spells it `creationDateTime`.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_date_time: Option<OffsetDateTime>,
}

/// A method whose `@odata.type` Lifeboat does not know, kept with its raw JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct UnrecognisedMethod {
    pub base: MethodBase,
    /// The `@odata.type` as Graph wrote it, e.g. `#microsoft.graph.someFutureAuthenticationMethod`.
    pub odata_type: String,
    pub raw: serde_json::Value,
}

impl UnrecognisedMethod {
    /// The type without the `#microsoft.graph.` prefix.
    pub fn graph_type(&self) -> &str {
        super::parse::strip_type_prefix(&self.odata_type)
    }
}

/// Graph may send `null` for a collection; treat it as empty.
fn null_as_empty<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_default())
}

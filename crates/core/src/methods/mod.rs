//! The Graph authentication-method model: every `#microsoft.graph.*AuthenticationMethod` a user's
//! `/me/authentication/methods` collection can hold (v1.0, plus the beta hardware OATH and passwordless
//! Authenticator types), parsed with all their fields.
//!
//! `@odata.type` is the discriminator (docs/MICROSOFT.md §4.1). Unknown future types are kept as
//! [`AuthMethod::Unrecognised`] with their raw JSON instead of failing; unknown properties and `@…` annotations are
//! ignored. Secrets that Graph returns only on creation (a Temporary Access Pass, OATH secret keys, a QR PIN code)
//! are never kept: they serialise back as `null`.

mod parse;
mod types;

pub use parse::{parse_methods_json, parse_methods_values, MethodsError};
pub use types::*;

/// The `@odata.type` prefix of every Graph authentication method type.
pub const GRAPH_TYPE_PREFIX: &str = "#microsoft.graph.";

/// AAGUIDs of passkeys kept in Microsoft Authenticator: iOS and Android (docs/MICROSOFT.md §4.2, fido2 row).
pub const AUTHENTICATOR_PASSKEY_AAGUIDS: [&str; 2] = [
    "90a3ccdf-635c-4729-a248-9b709135078f",
    "de1e552d-db1d-4423-a619-566b625cdc84",
];

/// AAGUIDs of passkeys kept by Windows Hello on a PC (docs/MICROSOFT.md §4.2, fido2 row).
pub const WINDOWS_HELLO_PASSKEY_AAGUIDS: [&str; 3] = [
    "08987058-cadc-4b81-b6e1-30de50dcbe96",
    "9ddd1817-af5a-4672-a2b9-3e3dd95000a9",
    "6028b017-b1d4-4c02-b4b3-afcdafc96bb2",
];

/// One registered authentication method of a user, as Graph describes it.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthMethod {
    Password(PasswordMethod),
    MicrosoftAuthenticator(MicrosoftAuthenticatorMethod),
    Phone(PhoneMethod),
    Email(EmailMethod),
    Fido2(Fido2Method),
    WindowsHelloForBusiness(WindowsHelloForBusinessMethod),
    SoftwareOath(SoftwareOathMethod),
    TemporaryAccessPass(TemporaryAccessPassMethod),
    PlatformCredential(PlatformCredentialMethod),
    QrCodePin(QrCodePinMethod),
    External(ExternalMethod),
    /// Beta only.
    HardwareOath(HardwareOathMethod),
    /// Beta only: passwordless phone sign-in with Microsoft Authenticator.
    PasswordlessMicrosoftAuthenticator(PasswordlessMicrosoftAuthenticatorMethod),
    /// A type Lifeboat does not know (a future Graph type): never counted, shown as "unrecognised".
    Unrecognised(UnrecognisedMethod),
}

impl AuthMethod {
    /// The Graph type without the `#microsoft.graph.` prefix, e.g. `phoneAuthenticationMethod`.
    pub fn graph_type(&self) -> &str {
        match self {
            AuthMethod::Password(_) => "passwordAuthenticationMethod",
            AuthMethod::MicrosoftAuthenticator(_) => "microsoftAuthenticatorAuthenticationMethod",
            AuthMethod::Phone(_) => "phoneAuthenticationMethod",
            AuthMethod::Email(_) => "emailAuthenticationMethod",
            AuthMethod::Fido2(_) => "fido2AuthenticationMethod",
            AuthMethod::WindowsHelloForBusiness(_) => "windowsHelloForBusinessAuthenticationMethod",
            AuthMethod::SoftwareOath(_) => "softwareOathAuthenticationMethod",
            AuthMethod::TemporaryAccessPass(_) => "temporaryAccessPassAuthenticationMethod",
            AuthMethod::PlatformCredential(_) => "platformCredentialAuthenticationMethod",
            AuthMethod::QrCodePin(_) => "qrCodePinAuthenticationMethod",
            AuthMethod::External(_) => "externalAuthenticationMethod",
            AuthMethod::HardwareOath(_) => "hardwareOathAuthenticationMethod",
            AuthMethod::PasswordlessMicrosoftAuthenticator(_) => {
                "passwordlessMicrosoftAuthenticatorAuthenticationMethod"
            }
            AuthMethod::Unrecognised(method) => method.graph_type(),
        }
    }

    /// The method's Graph id.
    pub fn id(&self) -> &str {
        &self.base().id
    }

    /// The properties every method type shares.
    pub fn base(&self) -> &MethodBase {
        match self {
            AuthMethod::Password(m) => &m.base,
            AuthMethod::MicrosoftAuthenticator(m) => &m.base,
            AuthMethod::Phone(m) => &m.base,
            AuthMethod::Email(m) => &m.base,
            AuthMethod::Fido2(m) => &m.base,
            AuthMethod::WindowsHelloForBusiness(m) => &m.base,
            AuthMethod::SoftwareOath(m) => &m.base,
            AuthMethod::TemporaryAccessPass(m) => &m.base,
            AuthMethod::PlatformCredential(m) => &m.base,
            AuthMethod::QrCodePin(m) => &m.base,
            AuthMethod::External(m) => &m.base,
            AuthMethod::HardwareOath(m) => &m.base,
            AuthMethod::PasswordlessMicrosoftAuthenticator(m) => &m.base,
            AuthMethod::Unrecognised(m) => &m.base,
        }
    }

    /// The name of the thing a person would recognise this method by (a device, key, computer or provider name),
    /// when Graph gives one. Phone numbers are not names: see [`PhoneMethod::phone_number`].
    pub fn display_name(&self) -> Option<&str> {
        fn non_blank(name: &Option<String>) -> Option<&str> {
            name.as_deref().filter(|name| !name.trim().is_empty())
        }
        let name = match self {
            AuthMethod::MicrosoftAuthenticator(m) => m.display_name.as_deref(),
            AuthMethod::Fido2(m) => non_blank(&m.display_name).or(m.model.as_deref()),
            AuthMethod::WindowsHelloForBusiness(m) => m.display_name.as_deref(),
            AuthMethod::PlatformCredential(m) => m.display_name.as_deref(),
            AuthMethod::External(m) => m.display_name.as_deref(),
            AuthMethod::HardwareOath(m) => m.device.as_ref().and_then(|device| {
                non_blank(&device.display_name).or(device.serial_number.as_deref())
            }),
            AuthMethod::PasswordlessMicrosoftAuthenticator(m) => m.display_name.as_deref(),
            AuthMethod::Email(m) => m.email_address.as_deref(),
            _ => None,
        };
        name.filter(|name| !name.trim().is_empty())
    }

    /// Builds a method from one element of a Graph `value[]` array.
    pub fn from_graph_value(value: &serde_json::Value) -> Result<AuthMethod, MethodsError> {
        parse::method_from_value(value, None)
    }

    /// The method in its Graph JSON shape, `@odata.type` included. Secrets are `null`.
    pub fn to_graph_value(&self) -> serde_json::Value {
        parse::method_to_value(self)
    }
}

impl serde::Serialize for AuthMethod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_graph_value().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for AuthMethod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        AuthMethod::from_graph_value(&value).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;

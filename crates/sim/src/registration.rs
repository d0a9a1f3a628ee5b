//! Changes to a person's registered methods, shared by Security info (its pages, the controls and Rust), Graph's
//! deletes and the IT desk's controls, so each path follows the same rules (docs/MICROSOFT.md §4, §6.1, §7).

use serde::Deserialize;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::clock::graph_datetime;
use crate::ids::{new_guid, temporary_access_pass};
use crate::methods::{Method, AUTHENTICATOR_AAGUIDS};
use crate::scenario::{TapTarget, UserType};
use crate::secret::Secret;
use crate::state::State;

/// The fixed ids of the three phone methods (docs/MICROSOFT.md §4.2, phone row).
pub(crate) const PHONE_IDS: [(&str, &str); 3] = [
    ("mobile", "3179e48a-750b-4051-897c-87b9720928f7"),
    ("alternateMobile", "b6332ec1-7057-4abe-9331-3d72feddfe41"),
    ("office", "e37fc753-ff3b-4958-9484-eaa9425c82bc"),
];

/// The phone a new Authenticator or passkey lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceOs {
    Ios,
    Android,
}

impl DeviceOs {
    /// iOS for a name that says iPhone or iPad, Android otherwise (the simulator's guess when none is given).
    pub(crate) fn guess(device_name: &str) -> DeviceOs {
        let name = device_name.to_ascii_lowercase();
        if name.contains("iphone") || name.contains("ipad") {
            DeviceOs::Ios
        } else {
            DeviceOs::Android
        }
    }

    pub(crate) fn parse(text: &str) -> Option<DeviceOs> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ios" => Some(DeviceOs::Ios),
            "android" => Some(DeviceOs::Android),
            _ => None,
        }
    }

    fn authenticator_aaguid(self) -> &'static str {
        match self {
            DeviceOs::Ios => AUTHENTICATOR_AAGUIDS[0],
            DeviceOs::Android => AUTHENTICATOR_AAGUIDS[1],
        }
    }

    fn name(self) -> &'static str {
        match self {
            DeviceOs::Ios => "iOS",
            DeviceOs::Android => "Android",
        }
    }

    /// A current-looking Authenticator version string for the platform.
    fn app_version(self) -> &'static str {
        match self {
            DeviceOs::Ios => "6.8.24",
            DeviceOs::Android => "6.2508.5187",
        }
    }
}

/// Why a change to the registered methods was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationError {
    #[error("there is no method `{0}`")]
    UnknownMethod(String),
    #[error("the password is not a method that can be deleted")]
    Password,
    #[error("{0} is the default sign-in method: change the default first")]
    DefaultMethod(String),
    #[error("a mobile number cannot be deleted while an alternate mobile number exists")]
    MobileWithAlternate,
    #[error("an alternate mobile number needs a mobile number first")]
    AlternateWithoutMobile,
    #[error("`{0}` is not a phone number of the form +CC number (e.g. +39 3475550123)")]
    BadPhoneNumber(String),
    #[error("`{0}` is not a phone type: mobile, alternateMobile or office")]
    BadPhoneType(String),
    #[error("a device name is needed")]
    NoDeviceName,
    #[error("`{0}` cannot answer the second step, so it cannot be the default sign-in method")]
    NotADefault(String),
    #[error("guests cannot register passkeys in the organisation that invited them")]
    GuestPasskey,
}

/// A method by id, or by device name (`displayName`).
pub(crate) fn find(state: &State, account: usize, target: &str) -> Option<usize> {
    let methods = &state.accounts[account].user.methods;
    methods
        .iter()
        .position(|method| method.id() == target)
        .or_else(|| methods.iter().position(|method| method.is_named(target)))
}

fn device_name(name: &str) -> Result<String, RegistrationError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(RegistrationError::NoDeviceName);
    }
    Ok(name.to_string())
}

/// Microsoft Authenticator on a (new) phone: a new registration with a new id, `displayName` = the phone,
/// `createdDateTime` = now. The phone is in the person's hands.
pub(crate) fn add_authenticator(
    state: &mut State,
    account: usize,
    name: &str,
    os: Option<DeviceOs>,
    now: OffsetDateTime,
) -> Result<Method, RegistrationError> {
    let name = device_name(name)?;
    let os = os.unwrap_or_else(|| DeviceOs::guess(&name));
    let mut graph = Map::new();
    graph.insert(
        "@odata.type".into(),
        json!("#microsoft.graph.microsoftAuthenticatorAuthenticationMethod"),
    );
    graph.insert("id".into(), json!(new_guid()));
    graph.insert("displayName".into(), json!(name));
    graph.insert("deviceTag".into(), json!("SoftwareTokenActivated"));
    graph.insert("phoneAppVersion".into(), json!(os.app_version()));
    graph.insert("createdDateTime".into(), json!(graph_datetime(now)));
    Ok(push(state, account, Method::new(graph, true, None)))
}

/// A passkey in Microsoft Authenticator on a phone: fido2 with Authenticator's AAGUID for the platform
/// (docs/MICROSOFT.md §4.2, fido2 row). Guests cannot register one in the resource tenant (§7.3).
pub(crate) fn add_authenticator_passkey(
    state: &mut State,
    account: usize,
    name: &str,
    os: Option<DeviceOs>,
    now: OffsetDateTime,
) -> Result<Method, RegistrationError> {
    let name = device_name(name)?;
    if state.accounts[account].user.user_type == UserType::Guest {
        return Err(RegistrationError::GuestPasskey);
    }
    let os = os.unwrap_or_else(|| DeviceOs::guess(&name));
    let mut credential = [0u8; 24];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut credential);
    let mut graph = Map::new();
    graph.insert(
        "@odata.type".into(),
        json!("#microsoft.graph.fido2AuthenticationMethod"),
    );
    graph.insert(
        "id".into(),
        json!(base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            credential
        )),
    );
    graph.insert("displayName".into(), json!(name));
    graph.insert("createdDateTime".into(), json!(graph_datetime(now)));
    graph.insert("aaGuid".into(), json!(os.authenticator_aaguid()));
    graph.insert(
        "model".into(),
        json!(format!("Microsoft Authenticator - {}", os.name())),
    );
    graph.insert("attestationCertificates".into(), json!([]));
    graph.insert("attestationLevel".into(), json!("attested"));
    graph.insert("passkeyType".into(), json!("deviceBound"));
    Ok(push(state, account, Method::new(graph, true, None)))
}

fn push(state: &mut State, account: usize, method: Method) -> Method {
    state.accounts[account].user.methods.push(method.clone());
    method
}

/// `+39 3475550123`: Graph's `+{country code} {number}` (spaces, dots and dashes in the number are dropped).
fn phone_number(text: &str) -> Result<String, RegistrationError> {
    let bad = || RegistrationError::BadPhoneNumber(text.to_string());
    let (country, rest) = text.trim().split_once(' ').ok_or_else(bad)?;
    let code = country.strip_prefix('+').ok_or_else(bad)?;
    if code.is_empty() || code.len() > 3 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if !(4..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    Ok(format!("+{code} {digits}"))
}

/// Adds a phone number of a type, or changes the number of that type (one of each, fixed ids).
pub(crate) fn set_phone(
    state: &mut State,
    account: usize,
    phone_type: &str,
    number: &str,
) -> Result<Method, RegistrationError> {
    let (phone_type, id) = PHONE_IDS
        .iter()
        .find(|(kind, _)| kind.eq_ignore_ascii_case(phone_type.trim()))
        .copied()
        .ok_or_else(|| RegistrationError::BadPhoneType(phone_type.to_string()))?;
    let number = phone_number(number)?;
    let methods = &mut state.accounts[account].user.methods;
    let has_mobile = methods.iter().any(|method| method.id() == PHONE_IDS[0].1);
    if phone_type == "alternateMobile" && !has_mobile {
        return Err(RegistrationError::AlternateWithoutMobile);
    }
    if let Some(existing) = methods.iter_mut().find(|method| method.id() == id) {
        existing
            .graph
            .insert("phoneNumber".into(), Value::String(number));
        existing.in_hand = true;
        return Ok(existing.clone());
    }
    let mut graph = Map::new();
    graph.insert(
        "@odata.type".into(),
        json!("#microsoft.graph.phoneAuthenticationMethod"),
    );
    graph.insert("id".into(), json!(id));
    graph.insert("phoneNumber".into(), json!(number));
    graph.insert("phoneType".into(), json!(phone_type));
    let sms = if phone_type == "mobile" {
        "notEnabled"
    } else {
        "notSupported"
    };
    graph.insert("smsSignInState".into(), json!(sms));
    Ok(push(state, account, Method::new(graph, true, None)))
}

/// The method the MFA prompt shows first.
pub(crate) fn set_default(
    state: &mut State,
    account: usize,
    target: &str,
    now: OffsetDateTime,
) -> Result<Method, RegistrationError> {
    let index = find(state, account, target)
        .ok_or_else(|| RegistrationError::UnknownMethod(target.into()))?;
    let user = &mut state.accounts[account].user;
    let method = user.methods[index].clone();
    if !method.is_mfa_capable(now) {
        return Err(RegistrationError::NotADefault(target.to_string()));
    }
    user.default_method = Some(method.id().to_string());
    Ok(method)
}

/// Deletes one registration. `kind` limits it to one method type, as Graph's typed endpoints do
/// (`phoneMethods/{id}` finds no Authenticator); a wrong type is "no such method".
pub(crate) fn delete(
    state: &mut State,
    account: usize,
    target: &str,
    kind: Option<&str>,
) -> Result<Method, RegistrationError> {
    let unknown = || RegistrationError::UnknownMethod(target.to_string());
    let index = find(state, account, target).ok_or_else(unknown)?;
    let user = &mut state.accounts[account].user;
    let method = &user.methods[index];
    if kind.is_some_and(|kind| kind != method.short_type()) {
        return Err(unknown());
    }
    if method.short_type() == "password" {
        return Err(RegistrationError::Password);
    }
    let is_default = user.default_method.as_deref() == Some(method.id());
    if method.short_type() == "phone" {
        // Both documented on "Delete phoneAuthenticationMethod".
        if is_default {
            return Err(RegistrationError::DefaultMethod(method.label()));
        }
        let alternate_exists = user
            .methods
            .iter()
            .any(|other| other.id() == PHONE_IDS[1].1);
        if method.id() == PHONE_IDS[0].1 && alternate_exists {
            return Err(RegistrationError::MobileWithAlternate);
        }
    }
    if is_default {
        // Back to the system-preferred order.
        user.default_method = None;
    }
    Ok(user.methods.remove(index))
}

/// What a request for a Temporary Access Pass asks (Graph's body, or the IT desk's control); `None` takes the
/// tenant policy's default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TapRequest {
    pub(crate) lifetime_minutes: Option<i64>,
    pub(crate) usable_once: Option<bool>,
    pub(crate) start: Option<OffsetDateTime>,
}

/// Why the tenant's Temporary Access Pass policy refused a pass. The texts are Graph's as observed where known
/// (docs/MICROSOFT.md §6.3), the simulator's own otherwise (README "Where the simulator chooses").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TapRefusal {
    /// The policy is disabled, or does not include the user.
    #[error("Converged UserCredentialPolicy does not allow creating or updating this authentication method. AuthMethodType [TemporaryAccessPass].")]
    NotAllowedByPolicy,
    #[error(
        "Invalid LifetimeInMinutes specified. The valid range between {minimum} and {maximum}."
    )]
    Lifetime { minimum: i64, maximum: i64 },
    #[error(
        "The Temporary Access Pass policy allows one-time passes only: isUsableOnce must be true."
    )]
    OneTimeOnly,
}

/// Whether the tenant's TAP policy is enabled and includes this account (then it may get a pass and sign in
/// with it: "only users the policy includes can sign in with it", docs/MICROSOFT.md §6.3).
pub(crate) fn tap_allowed(state: &State, account: usize) -> bool {
    let user = &state.accounts[account].user;
    let policy = &state.tenants[state.tenant_of(account)].tap_policy;
    policy.enabled
        && policy.include.iter().any(|target| match target {
            TapTarget::AllUsers => true,
            TapTarget::User(upn) => *upn == user.upn,
        })
}

/// Creates a Temporary Access Pass within the tenant's policy, replacing any previous one ("A user can only have
/// one Temporary Access Pass … the previous one will be deleted", docs/MICROSOFT.md §6.3). Returns the method and
/// the pass, which is shown this once.
pub(crate) fn issue_tap(
    state: &mut State,
    account: usize,
    request: &TapRequest,
    now: OffsetDateTime,
) -> Result<(Method, Secret), TapRefusal> {
    if !tap_allowed(state, account) {
        return Err(TapRefusal::NotAllowedByPolicy);
    }
    let policy = state.tenants[state.tenant_of(account)].tap_policy.clone();
    let lifetime = request
        .lifetime_minutes
        .unwrap_or(policy.default_lifetime_minutes);
    if !(policy.minimum_lifetime_minutes..=policy.maximum_lifetime_minutes).contains(&lifetime) {
        return Err(TapRefusal::Lifetime {
            minimum: policy.minimum_lifetime_minutes,
            maximum: policy.maximum_lifetime_minutes,
        });
    }
    let usable_once = request.usable_once.unwrap_or(policy.is_usable_once);
    if policy.is_usable_once && !usable_once {
        return Err(TapRefusal::OneTimeOnly);
    }
    let pass = Secret::new(temporary_access_pass(policy.default_length));
    let mut graph = Map::new();
    graph.insert(
        "@odata.type".into(),
        json!("#microsoft.graph.temporaryAccessPassAuthenticationMethod"),
    );
    graph.insert("id".into(), json!(new_guid()));
    graph.insert("temporaryAccessPass".into(), Value::Null);
    graph.insert("createdDateTime".into(), json!(graph_datetime(now)));
    graph.insert(
        "startDateTime".into(),
        json!(graph_datetime(request.start.unwrap_or(now))),
    );
    graph.insert("lifetimeInMinutes".into(), json!(lifetime));
    graph.insert("isUsableOnce".into(), json!(usable_once));
    let method = Method::new(graph, true, Some(pass.expose().to_string()));
    let methods = &mut state.accounts[account].user.methods;
    methods.retain(|existing| existing.short_type() != "temporaryAccessPass");
    methods.push(method.clone());
    Ok((method, pass))
}

/// "Require re-register MFA" (docs/MICROSOFT.md §6.1): deletes phone numbers, Authenticator apps and software
/// OATH tokens; the person registers again at the next sign-in. Returns what was removed.
pub(crate) fn require_reregistration(state: &mut State, account: usize) -> Vec<Method> {
    let user = &mut state.accounts[account].user;
    let (removed, kept): (Vec<Method>, Vec<Method>) = std::mem::take(&mut user.methods)
        .into_iter()
        .partition(|method| {
            matches!(
                method.short_type(),
                "phone" | "microsoftAuthenticator" | "softwareOath"
            )
        });
    user.methods = kept;
    if user
        .default_method
        .as_ref()
        .is_some_and(|default| removed.iter().any(|method| method.id() == default))
    {
        user.default_method = None;
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_take_graphs_form() {
        for (typed, expected) in [
            ("+39 3475550123", Some("+39 3475550123")),
            ("+39 347 555 0123", Some("+39 3475550123")),
            (" +1 206-555-0100 ", Some("+1 2065550100")),
            ("+39", None),
            ("3475550123", None),
            ("+39 347abc", None),
            ("+3999 3475550123", None),
            ("+39 12", None),
        ] {
            assert_eq!(phone_number(typed).ok().as_deref(), expected, "{typed}");
        }
    }

    #[test]
    fn the_platform_is_guessed_from_the_phones_name() {
        assert_eq!(DeviceOs::guess("iPhone 16 di Marco"), DeviceOs::Ios);
        assert_eq!(DeviceOs::guess("Pixel 9 di Marco"), DeviceOs::Android);
        assert_eq!(DeviceOs::parse(" iOS "), Some(DeviceOs::Ios));
        assert_eq!(DeviceOs::parse("windows"), None);
    }
}

//! Token-endpoint errors in Entra's shape: `error`, `error_description` (AADSTS text plus the trace, correlation
//! and timestamp lines), `error_codes`, `timestamp`, `trace_id`, `correlation_id`, optional `error_uri` and
//! `suberror` (docs/MICROSOFT.md §1.8, fixtures token-error-*.json).

use serde::Serialize;
use time::OffsetDateTime;

use crate::clock::entra_timestamp;
use crate::ids::new_guid;

/// What Entra says for one AADSTS code: the OAuth `error`, the `suberror` MSAL knows, and the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AadstsCode {
    pub code: u32,
    pub error: &'static str,
    pub suberror: Option<&'static str>,
    pub text: &'static str,
}

/// Codes a scenario can inject at the token endpoint (`[[faults.token_errors]]`), and the ones the simulator
/// raises itself. Texts from Microsoft's error-code reference as summarised in docs/MICROSOFT.md §1.9 and the fixtures;
/// `{resource}` and `{app}` are filled in when the error is built.
pub const CATALOGUE: &[AadstsCode] = &[
    AadstsCode { code: 50076, error: "invalid_grant", suberror: Some("basic_action"), text: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'." },
    AadstsCode { code: 50074, error: "invalid_grant", suberror: Some("basic_action"), text: "Strong Authentication is required." },
    AadstsCode { code: 50078, error: "invalid_grant", suberror: Some("basic_action"), text: "Presented multi-factor authentication has expired due to policies configured by your administrator, you must refresh your multi-factor authentication to access '{resource}'." },
    AadstsCode { code: 50079, error: "interaction_required", suberror: Some("basic_action"), text: "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'." },
    AadstsCode { code: 50072, error: "interaction_required", suberror: Some("basic_action"), text: "User needs to enroll for second factor authentication (interactive)." },
    AadstsCode { code: 50158, error: "interaction_required", suberror: Some("basic_action"), text: "External security challenge not satisfied. User will be redirected to another page or authentication provider to satisfy additional authentication challenges." },
    AadstsCode { code: 500121, error: "invalid_grant", suberror: None, text: "Authentication failed during strong authentication request." },
    AadstsCode { code: 53000, error: "invalid_grant", suberror: None, text: "Device is not in required device state: compliant. Conditional Access policy requires a compliant device, and the device is not compliant. The user must enroll their device with an approved MDM provider like Intune." },
    AadstsCode { code: 53001, error: "invalid_grant", suberror: None, text: "Device is not in required device state: domain_joined. Conditional Access policy requires a domain joined device, and the device is not domain joined." },
    AadstsCode { code: 53003, error: "invalid_grant", suberror: None, text: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance." },
    AadstsCode { code: 53004, error: "interaction_required", suberror: None, text: "User needs to complete the multi-factor authentication registration process before accessing this content. User should register for multi-factor authentication." },
    AadstsCode { code: 53010, error: "interaction_required", suberror: None, text: "Cannot configure multi-factor authentication methods because the organization requires this information to be set from specific locations or devices." },
    AadstsCode { code: 530003, error: "invalid_grant", suberror: None, text: "Your device is required to be managed to access this resource." },
    AadstsCode { code: 530032, error: "invalid_grant", suberror: None, text: "Blocked by Conditional Access on security policy." },
    AadstsCode { code: 530035, error: "invalid_grant", suberror: None, text: "Access has been blocked by security defaults. This is due to the request using legacy auth or being deemed unsafe by security defaults policies." },
    AadstsCode { code: 50105, error: "invalid_grant", suberror: None, text: "Your administrator has configured the application {app} to block users unless they are specifically granted ('assigned') access to the application. The signed in user is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator." },
    AadstsCode { code: 65001, error: "invalid_grant", suberror: Some("consent_required"), text: "The user or administrator has not consented to use the application with ID '{client_id}' named '{app}'. Send an interactive authorization request for this user and resource." },
    AadstsCode { code: 65004, error: "access_denied", suberror: None, text: "User declined to consent to access the app." },
    AadstsCode { code: 90094, error: "invalid_grant", suberror: Some("consent_required"), text: "The grant requires admin permission." },
    AadstsCode { code: 90095, error: "invalid_grant", suberror: Some("consent_required"), text: "Admin consent is required for the permissions requested by this application. An admin consent request may be sent to the admin." },
    AadstsCode { code: 700016, error: "unauthorized_client", suberror: None, text: "Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant." },
    AadstsCode { code: 50020, error: "invalid_grant", suberror: None, text: "User account '{user}' from identity provider '{idp}' does not exist in tenant '{tenant}' and cannot access the application '{client_id}'({app}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account." },
    AadstsCode { code: 50034, error: "invalid_grant", suberror: None, text: "The user account {user} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory." },
    AadstsCode { code: 50126, error: "invalid_grant", suberror: None, text: "Error validating credentials due to invalid username or password." },
    AadstsCode { code: 50053, error: "invalid_grant", suberror: None, text: "Your account is locked because you've tried to sign in too many times with an incorrect user ID or password." },
    AadstsCode { code: 50055, error: "invalid_grant", suberror: Some("user_password_expired"), text: "The password is expired." },
    AadstsCode { code: 50057, error: "invalid_grant", suberror: None, text: "The user account is disabled." },
    AadstsCode { code: 50173, error: "invalid_grant", suberror: None, text: "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{valid_from}'." },
    AadstsCode { code: 700082, error: "invalid_grant", suberror: Some("bad_token"), text: "The refresh token has expired due to inactivity. The token was issued on '{issued}' and was inactive for 90.00:00:00." },
    AadstsCode { code: 70043, error: "invalid_grant", suberror: Some("bad_token"), text: "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access." },
    AadstsCode { code: 50088, error: "invalid_grant", suberror: None, text: "Limit on telecom MFA calls reached. Please try again in a few minutes." },
    AadstsCode { code: 70011, error: "invalid_scope", suberror: None, text: "The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid." },
    AadstsCode { code: 650053, error: "invalid_scope", suberror: None, text: "The application '{app}' asked for scope '{scope}' that doesn't exist on the resource '00000003-0000-0000-c000-000000000000'. Contact the app vendor." },
    AadstsCode { code: 900144, error: "invalid_request", suberror: None, text: "The request body must contain the following parameter: '{parameter}'." },
    AadstsCode { code: 70003, error: "unsupported_grant_type", suberror: None, text: "The app requested an unsupported grant type '{grant_type}'." },
    AadstsCode { code: 70000, error: "invalid_grant", suberror: None, text: "Provided grant is invalid or malformed." },
    AadstsCode { code: 70008, error: "invalid_grant", suberror: None, text: "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource." },
    AadstsCode { code: 54005, error: "invalid_grant", suberror: None, text: "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token." },
    AadstsCode { code: 501481, error: "invalid_grant", suberror: None, text: "The Code_Verifier does not match the code_challenge supplied in the authorization request." },
    AadstsCode { code: 50148, error: "invalid_grant", suberror: None, text: "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE." },
    AadstsCode { code: 50011, error: "invalid_grant", suberror: None, text: "The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'." },
    AadstsCode { code: 700025, error: "invalid_client", suberror: None, text: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented." },
    AadstsCode { code: 9002313, error: "invalid_grant", suberror: None, text: "Invalid request. Request is malformed or invalid." },
    AadstsCode { code: 90002, error: "invalid_request", suberror: None, text: "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant." },
    AadstsCode { code: 90120, error: "invalid_grant", suberror: None, text: "The request was already authorized or declined." },
    AadstsCode { code: 70016, error: "authorization_pending", suberror: None, text: "OAuth 2.0 device flow error. Authorization is pending. Continue polling." },
    AadstsCode { code: 70018, error: "bad_verification_code", suberror: None, text: "Invalid verification code due to User typing in wrong user code for device code flow. Authorization isn't approved." },
    AadstsCode { code: 70019, error: "expired_token", suberror: None, text: "Verification code expired." },
];

/// Codes a scenario may inject: everything above except the simulator's own protocol errors.
pub fn injectable(code: u32) -> Option<&'static AadstsCode> {
    const PROTOCOL: [u32; 16] = [
        70011, 650053, 900144, 70003, 70000, 70008, 54005, 501481, 50148, 50011, 700025, 9002313,
        90002, 70018, 70019, 90120,
    ];
    if PROTOCOL.contains(&code) || code == 70016 {
        return None;
    }
    lookup(code)
}

pub fn lookup(code: u32) -> Option<&'static AadstsCode> {
    CATALOGUE.iter().find(|entry| entry.code == code)
}

/// Serialized in the field order of the fixtures.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct EntraErrorBody {
    pub(crate) error: String,
    pub(crate) error_description: String,
    pub(crate) error_codes: Vec<u32>,
    pub(crate) timestamp: String,
    pub(crate) trace_id: String,
    pub(crate) correlation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) suberror: Option<String>,
}

/// Values substituted into catalogue texts.
#[derive(Debug, Default, Clone)]
pub(crate) struct Placeholders<'a> {
    pub(crate) pairs: Vec<(&'a str, String)>,
}

impl<'a> Placeholders<'a> {
    pub(crate) fn with(mut self, key: &'a str, value: impl Into<String>) -> Self {
        self.pairs.push((key, value.into()));
        self
    }

    fn fill(&self, text: &str) -> String {
        let mut filled = text.to_string();
        for (key, value) in &self.pairs {
            filled = filled.replace(&format!("{{{key}}}"), value);
        }
        // Graph's application id is the resource of every token the simulator issues.
        filled.replace("{resource}", "00000003-0000-0000-c000-000000000000")
    }
}

pub(crate) struct ErrorContext<'a> {
    pub(crate) now: OffsetDateTime,
    /// Entra echoes the request's `client-request-id` header as the correlation id.
    pub(crate) correlation_id: Option<&'a str>,
    pub(crate) base_url: &'a str,
}

/// The body for a catalogued AADSTS code.
pub(crate) fn body_for(
    code: u32,
    placeholders: &Placeholders<'_>,
    context: &ErrorContext<'_>,
) -> EntraErrorBody {
    let entry = lookup(code).unwrap_or(&CATALOGUE[0]);
    body_with(
        entry.error,
        entry.suberror,
        Some(code),
        &placeholders.fill(entry.text),
        context,
    )
}

/// A body with an explicit `error` (for scenario overrides and codes Entra sends without an AADSTS number).
pub(crate) fn body_with(
    error: &str,
    suberror: Option<&str>,
    code: Option<u32>,
    text: &str,
    context: &ErrorContext<'_>,
) -> EntraErrorBody {
    let trace_id = new_guid();
    let correlation_id = context
        .correlation_id
        .filter(|id| crate::ids::is_guid(id))
        .map(str::to_string)
        .unwrap_or_else(new_guid);
    let timestamp = entra_timestamp(context.now);
    let error_description = match code {
        Some(code) => format!(
            "AADSTS{code}: {text}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}"
        ),
        None => text.to_string(),
    };
    EntraErrorBody {
        error: error.to_string(),
        error_description,
        error_codes: code.into_iter().collect(),
        timestamp,
        trace_id,
        correlation_id,
        error_uri: code.map(|code| format!("{}/error?code={code}", context.base_url)),
        suberror: suberror.map(str::to_string),
    }
}

impl EntraErrorBody {
    /// 401 for client authentication failures, 400 for everything else (RFC 6749 §5.2).
    pub(crate) fn status(&self) -> u16 {
        if self.error == "invalid_client" {
            401
        } else {
            400
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn description_carries_the_trace_lines() {
        let context = ErrorContext {
            now: datetime!(2026-09-14 08:03:11 UTC),
            correlation_id: Some("a3dce328-f8d3-4932-bf95-d2a89693f7e5"),
            base_url: "http://127.0.0.1:1",
        };
        let body = body_for(50076, &Placeholders::default(), &context);
        assert_eq!(body.error, "invalid_grant");
        assert_eq!(body.suberror.as_deref(), Some("basic_action"));
        assert_eq!(body.error_codes, vec![50076]);
        assert_eq!(body.correlation_id, "a3dce328-f8d3-4932-bf95-d2a89693f7e5");
        assert_eq!(body.timestamp, "2026-09-14 08:03:11Z");
        assert_eq!(
            body.error_description,
            format!(
                "AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.\r\nTrace ID: {}\r\nCorrelation ID: a3dce328-f8d3-4932-bf95-d2a89693f7e5\r\nTimestamp: 2026-09-14 08:03:11Z",
                body.trace_id
            )
        );
        assert_eq!(
            body.error_uri.as_deref(),
            Some("http://127.0.0.1:1/error?code=50076")
        );
    }

    #[test]
    fn protocol_codes_are_not_injectable() {
        assert!(injectable(53003).is_some());
        assert!(injectable(65001).is_some());
        assert!(injectable(54005).is_none());
        assert!(injectable(70016).is_none());
        assert!(injectable(12345).is_none());
    }

    #[test]
    fn catalogue_has_no_duplicates() {
        let mut codes: Vec<u32> = CATALOGUE.iter().map(|entry| entry.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CATALOGUE.len());
    }
}

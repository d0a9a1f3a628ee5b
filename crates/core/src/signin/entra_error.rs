//! Entra's error shape, from the token endpoint (JSON, as the `oauth2` crate's error response) or the loopback
//! redirect (query string), and its classification into a [`SignInOutcome`] (docs/MICROSOFT.md §1.8, §1.9).

use std::fmt;

use oauth2::DeviceCodeErrorResponse;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::evidence::{SignInEvidence, SignInOutcome};

/// An error as Entra reports it. Only `error_codes`, `error` and `suberror` drive decisions;
/// `error_description` is for display (docs/MICROSOFT.md §1.8: "Never use this field to react to an error").
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
pub struct EntraError {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub error_codes: Vec<u32>,
    #[serde(default)]
    pub suberror: Option<String>,
    /// `"YYYY-MM-DD hh:mm:ssZ"` (space-separated).
    #[serde(default)]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub trace_id: Option<String>,
    #[serde(default)]
    pub correlation_id: Option<String>,
    #[serde(default)]
    pub error_uri: Option<String>,
}

/// Entra's error is the `oauth2` crate's error response of every token and device-code request.
impl oauth2::ErrorResponse for EntraError {}

impl fmt::Display for EntraError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

/// The crate's own device-code error (its polling loop reads answers as one): the standard fields only.
impl From<DeviceCodeErrorResponse> for EntraError {
    fn from(error: DeviceCodeErrorResponse) -> Self {
        EntraError {
            error: error.error().as_ref().to_string(),
            error_description: error.error_description().cloned(),
            error_uri: error.error_uri().cloned(),
            ..EntraError::default()
        }
        .filled()
    }
}

impl EntraError {
    /// Parses a token-endpoint error body; `None` when it is not Entra's (or RFC 6749's) JSON error shape.
    pub fn from_json(body: &[u8]) -> Option<Self> {
        let error: EntraError = serde_json::from_slice(body).ok()?;
        (!error.error.is_empty()).then(|| error.filled())
    }

    /// An error from the loopback redirect's query (`error`, `error_description`, …). The redirect carries no
    /// `error_codes`, so the AADSTS code is taken from the description's `AADSTSnnnn:` prefix, the only place
    /// it appears there (see `fixtures/graph/authorize-redirect-examples.txt`).
    pub fn from_redirect(params: &[(String, String)]) -> Option<Self> {
        let get = |name: &str| {
            params
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        let mut error = EntraError {
            error: get("error")?,
            error_description: get("error_description"),
            suberror: get("error_subcode").or_else(|| get("suberror")),
            error_uri: get("error_uri"),
            ..EntraError::default()
        };
        if let Some(code) = error.error_description.as_deref().and_then(aadsts_code_in) {
            error.error_codes.push(code);
        }
        error.fill_from_description();
        Some(error)
    }

    /// With the ids Entra repeats in the description filled in (the crate reads the JSON without them).
    pub(crate) fn filled(mut self) -> Self {
        self.fill_from_description();
        self
    }

    /// Entra repeats trace id, correlation id and timestamp inside the description; use them when the
    /// separate fields are missing (always the case on a redirect).
    fn fill_from_description(&mut self) {
        let Some(description) = self.error_description.clone() else {
            return;
        };
        let line_value = |label: &str| {
            description.split(['\r', '\n']).find_map(|line| {
                line.trim()
                    .strip_prefix(label)
                    .map(|rest| rest.trim_start_matches(':').trim().to_string())
            })
        };
        if self.trace_id.is_none() {
            self.trace_id = line_value("Trace ID").filter(|value| !value.is_empty());
        }
        if self.correlation_id.is_none() {
            self.correlation_id = line_value("Correlation ID").filter(|value| !value.is_empty());
        }
        if self.timestamp.is_none() {
            self.timestamp = line_value("Timestamp").filter(|value| !value.is_empty());
        }
    }

    /// The first AADSTS code, if any.
    pub fn aadsts(&self) -> Option<u32> {
        self.error_codes.first().copied()
    }

    /// Entra's own timestamp of the failure, when it parses.
    pub fn occurred_at(&self) -> Option<OffsetDateTime> {
        let text = self.timestamp.as_deref()?.trim();
        let format =
            time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]Z");
        time::PrimitiveDateTime::parse(text, &format)
            .map(|at| at.assume_utc())
            .ok()
            .or_else(|| {
                OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
            })
    }

    /// What this error means for the account: `error_codes` first, then `error` / `suberror`.
    pub fn outcome(&self) -> SignInOutcome {
        classify(&self.error_codes, &self.error, self.suberror.as_deref())
    }

    /// True when a remembered session is simply over and an interactive sign-in is needed (docs/MICROSOFT.md §1.6:
    /// revoked, expired or inactive refresh tokens, sign-in frequency).
    pub fn needs_interactive_sign_in(&self) -> bool {
        const SESSION_OVER: [u32; 6] = [50173, 700082, 70043, 50089, 9002341, 54005];
        self.error_codes
            .iter()
            .any(|code| SESSION_OVER.contains(code))
            || (self.error_codes.is_empty()
                && self.error == "invalid_grant"
                && self.suberror.is_none())
    }

    /// The evidence this failure leaves for the ticket: outcome, code, trace and correlation ids, and Entra's
    /// timestamp (or `fallback_at` when Entra gave none).
    pub fn evidence(&self, fallback_at: OffsetDateTime) -> SignInEvidence {
        SignInEvidence {
            aadsts: self.aadsts(),
            trace_id: self.trace_id.clone(),
            correlation_id: self.correlation_id.clone(),
            ..SignInEvidence::new(self.outcome(), self.occurred_at().unwrap_or(fallback_at))
        }
    }

    /// One line for people: the description's first line (Entra's text), or the error name.
    pub fn summary(&self) -> String {
        self.error_description
            .as_deref()
            .and_then(|description| description.lines().next())
            .map(|line| line.trim().to_string())
            .filter(|line| !line.is_empty())
            .unwrap_or_else(|| self.error.clone())
    }
}

/// The AADSTS number at the start of an `error_description` ("AADSTS50076: …").
fn aadsts_code_in(description: &str) -> Option<u32> {
    let rest = description.trim_start().strip_prefix("AADSTS")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The AADSTS codes of docs/MICROSOFT.md §1.9, each mapped to one outcome.
pub fn outcome_for_code(code: u32) -> Option<SignInOutcome> {
    use SignInOutcome::*;
    Some(match code {
        // MFA required or not passed; expired MFA; external challenge not satisfied.
        50076 | 50074 | 500121 | 50078 | 50158 => BlockedByMfa,
        // No MFA method registered: the next sign-in asks to register.
        50079 | 50072 => MustRegister,
        // Registering security info is itself blocked (risk, location or device).
        53004 | 53010 => RegistrationBlocked,
        // Conditional Access, device, security defaults, cross-tenant access, app assignment, app disabled.
        53003 | 53000 | 53001 | 530003 | 530032 | 530035 | 530033 | 50005 | 50097 | 50155
        | 50187 | 50105 | 500212 | 500213 | 7000112 | 70001 => BlockedByPolicy,
        // Consent: missing, declined, admin-only, first-party preauthorisation, app registration consent.
        65001 | 65004 | 90094 | 90095 | 65002 | 650052 | 650056 | 650057 => ConsentMissing,
        // The account or the app is not in that tenant, or the tenant name is wrong.
        50020 | 50034 | 700016 | 16000 | 16003 | 51004 | 90002 | 50128 | 50059 => {
            WrongAccountOrTenant
        }
        50126 | 50055 | 50144 => PasswordProblem,
        50057 | 50053 => DisabledOrLocked,
        // Passing problems or session/flow control: trying again (or signing in again) may work. Registration
        // mistakes of the client (50011, 501481, 7000218, 700025, 50194, 9001023) also land here: they say
        // nothing about the account.
        50088 | 50087 | 50086 | 50196 | 50173 | 700082 | 70043 | 50089 | 70016 | 70018 | 70019
        | 90120 | 50134 | 50011 | 501481 | 50147 | 501491 | 54005 | 7000218 | 700025 | 9002341
        | 50194 | 9001023 | 70011 => Transient,
        _ => return None,
    })
}

/// Classification on `error_codes` first, then on `error` / `suberror`.
pub fn classify(error_codes: &[u32], error: &str, suberror: Option<&str>) -> SignInOutcome {
    if let Some(outcome) = error_codes.iter().find_map(|code| outcome_for_code(*code)) {
        return outcome;
    }
    use SignInOutcome::*;
    match suberror {
        Some("consent_required") => return ConsentMissing,
        Some("user_password_expired") => return PasswordProblem,
        Some("basic_action") | Some("additional_action") => return BlockedByMfa,
        _ => {}
    }
    match error {
        "consent_required" => ConsentMissing,
        // Without a code, "interaction required" is most often the MFA prompt; never a reason for
        // self-service, so the cautious reading is the blocked one.
        "interaction_required" | "login_required" => BlockedByMfa,
        // At the redirect, `access_denied` without a code is the person cancelling.
        "access_denied" => Skipped,
        "unauthorized_client" | "invalid_client" => WrongAccountOrTenant,
        // RFC 6749 §5.2: a scope "exceeding the scope granted by the resource owner". Entra always sends its
        // code (70011, a malformed scope) and is decided above; a codeless server means "not granted".
        "invalid_scope" => ConsentMissing,
        _ => Transient,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SignInOutcome::*;

    /// Every code of the docs/MICROSOFT.md §1.9 table, with the outcome it must map to.
    const TABLE: &[(u32, SignInOutcome)] = &[
        (50076, BlockedByMfa),
        (50074, BlockedByMfa),
        (500121, BlockedByMfa),
        (50079, MustRegister),
        (50072, MustRegister),
        (50078, BlockedByMfa),
        (50158, BlockedByMfa),
        (53004, RegistrationBlocked),
        (53010, RegistrationBlocked),
        (53003, BlockedByPolicy),
        (53000, BlockedByPolicy),
        (53001, BlockedByPolicy),
        (530003, BlockedByPolicy),
        (530032, BlockedByPolicy),
        (530035, BlockedByPolicy),
        (530033, BlockedByPolicy),
        (50005, BlockedByPolicy),
        (50097, BlockedByPolicy),
        (50155, BlockedByPolicy),
        (50187, BlockedByPolicy),
        (50105, BlockedByPolicy),
        (65001, ConsentMissing),
        (65004, ConsentMissing),
        (90094, ConsentMissing),
        (90095, ConsentMissing),
        (65002, ConsentMissing),
        (650052, ConsentMissing),
        (650056, ConsentMissing),
        (650057, ConsentMissing),
        (700016, WrongAccountOrTenant),
        (7000112, BlockedByPolicy),
        (70001, BlockedByPolicy),
        (50020, WrongAccountOrTenant),
        (50034, WrongAccountOrTenant),
        (16000, WrongAccountOrTenant),
        (16003, WrongAccountOrTenant),
        (51004, WrongAccountOrTenant),
        (500212, BlockedByPolicy),
        (500213, BlockedByPolicy),
        (50126, PasswordProblem),
        (50053, DisabledOrLocked),
        (50055, PasswordProblem),
        (50144, PasswordProblem),
        (50057, DisabledOrLocked),
        (50173, Transient),
        (700082, Transient),
        (70043, Transient),
        (50089, Transient),
        (50088, Transient),
        (50087, Transient),
        (50086, Transient),
        (70016, Transient),
        (70018, Transient),
        (70019, Transient),
        (50011, Transient),
        (501481, Transient),
        (54005, Transient),
        (7000218, Transient),
        (700025, Transient),
        (50196, Transient),
        (9002341, Transient),
        (90002, WrongAccountOrTenant),
        (50128, WrongAccountOrTenant),
        (50059, WrongAccountOrTenant),
        (50194, Transient),
        (9001023, Transient),
    ];

    #[test]
    fn every_code_of_the_reference_table_has_its_outcome() {
        for (code, expected) in TABLE {
            assert_eq!(outcome_for_code(*code), Some(*expected), "AADSTS{code}");
            // The code decides whatever `error` says (50076 arrives as invalid_grant or interaction_required).
            for error in [
                "invalid_grant",
                "interaction_required",
                "access_denied",
                "consent_required",
            ] {
                assert_eq!(
                    classify(&[*code], error, Some("consent_required")),
                    *expected,
                    "AADSTS{code} {error}"
                );
            }
        }
    }

    #[test]
    fn without_a_known_code_error_and_suberror_decide() {
        assert_eq!(
            classify(&[], "invalid_grant", Some("consent_required")),
            ConsentMissing
        );
        assert_eq!(
            classify(&[], "invalid_grant", Some("basic_action")),
            BlockedByMfa
        );
        assert_eq!(
            classify(&[], "invalid_grant", Some("user_password_expired")),
            PasswordProblem
        );
        assert_eq!(classify(&[], "consent_required", None), ConsentMissing);
        assert_eq!(classify(&[], "interaction_required", None), BlockedByMfa);
        assert_eq!(classify(&[], "access_denied", None), Skipped);
        assert_eq!(
            classify(&[], "unauthorized_client", None),
            WrongAccountOrTenant
        );
        assert_eq!(classify(&[], "temporarily_unavailable", None), Transient);
        assert_eq!(classify(&[], "server_error", None), Transient);
        assert_eq!(classify(&[], "invalid_scope", None), ConsentMissing);
        assert_eq!(classify(&[70011], "invalid_scope", None), Transient);
        assert_eq!(classify(&[1], "something_new", None), Transient);
    }

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!("{}/../../fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
    }

    #[test]
    fn token_error_fixtures_classify_and_keep_ticket_evidence() {
        let cases = [
            (
                "token-error-aadsts50076-interaction-required.json",
                BlockedByMfa,
                50076,
            ),
            (
                "token-error-aadsts50076-invalid-grant-basic-action.json",
                BlockedByMfa,
                50076,
            ),
            (
                "token-error-aadsts50079-mfa-registration-required.json",
                MustRegister,
                50079,
            ),
            (
                "token-error-aadsts53003-blocked-by-conditional-access.json",
                BlockedByPolicy,
                53003,
            ),
            (
                "token-error-aadsts65001-consent-required.json",
                ConsentMissing,
                65001,
            ),
            (
                "token-error-aadsts700016-application-not-found.json",
                WrongAccountOrTenant,
                700016,
            ),
            (
                "token-error-aadsts70011-invalid-scope.json",
                Transient,
                70011,
            ),
        ];
        let fallback = time::macros::datetime!(2030-01-01 00:00 UTC);
        for (name, outcome, code) in cases {
            let error =
                EntraError::from_json(&fixture(name)).unwrap_or_else(|| panic!("{name} parses"));
            assert_eq!(error.outcome(), outcome, "{name}");
            let evidence = error.evidence(fallback);
            assert_eq!(evidence.outcome, outcome);
            assert_eq!(evidence.aadsts, Some(code), "{name}");
            assert!(evidence.trace_id.is_some(), "{name} keeps the trace id");
            assert!(
                evidence.correlation_id.is_some(),
                "{name} keeps the correlation id"
            );
            assert_ne!(
                evidence.at, fallback,
                "{name}: Entra's own timestamp is kept"
            );
        }
    }

    #[test]
    fn the_reference_error_shape_keeps_its_timestamp() {
        let error =
            EntraError::from_json(&fixture("token-error-aadsts70011-invalid-scope.json")).unwrap();
        assert_eq!(
            error.occurred_at(),
            Some(time::macros::datetime!(2016-01-09 02:02:12 UTC))
        );
        assert_eq!(
            error.trace_id.as_deref(),
            Some("0000aaaa-11bb-cccc-dd22-eeeeee333333")
        );
        assert!(error.summary().starts_with("AADSTS70011:"));
    }

    #[test]
    fn redirect_errors_take_code_and_ids_from_the_description() {
        let params = vec![
            ("error".to_string(), "access_denied".to_string()),
            (
                "error_description".to_string(),
                "AADSTS90094: The grant requires admin permission.\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2026-11-25 09:00:01Z"
                    .to_string(),
            ),
            ("state".to_string(), "s".to_string()),
        ];
        let error = EntraError::from_redirect(&params).unwrap();
        assert_eq!(error.error_codes, vec![90094]);
        assert_eq!(error.outcome(), ConsentMissing);
        assert_eq!(error.trace_id.as_deref(), Some("t-1"));
        assert_eq!(error.correlation_id.as_deref(), Some("c-1"));
        assert_eq!(
            error.occurred_at(),
            Some(time::macros::datetime!(2026-11-25 09:00:01 UTC))
        );

        let cancelled = EntraError::from_redirect(&[
            ("error".into(), "access_denied".into()),
            (
                "error_description".into(),
                "the user canceled the authentication".into(),
            ),
        ])
        .unwrap();
        assert_eq!(cancelled.outcome(), Skipped);
        assert!(EntraError::from_redirect(&[("code".into(), "x".into())]).is_none());
    }

    #[test]
    fn device_flow_fixtures_parse() {
        for name in [
            "token-error-device-authorization-pending.json",
            "token-error-device-expired-token.json",
            "token-error-device-authorization-declined.json",
            "token-error-device-bad-verification-code.json",
        ] {
            assert!(EntraError::from_json(&fixture(name)).is_some(), "{name}");
        }
        assert!(EntraError::from_json(b"<html>502</html>").is_none());
        assert!(EntraError::from_json(br#"{"error": ""}"#).is_none());
    }

    #[test]
    fn ended_sessions_ask_for_an_interactive_sign_in() {
        let ended = EntraError {
            error: "invalid_grant".into(),
            error_codes: vec![700082],
            ..Default::default()
        };
        assert!(ended.needs_interactive_sign_in());
        let mfa = EntraError {
            error: "invalid_grant".into(),
            error_codes: vec![50076],
            ..Default::default()
        };
        assert!(!mfa.needs_interactive_sign_in());
    }

    proptest::proptest! {
        #[test]
        fn classification_is_total_and_codes_win(codes in proptest::collection::vec(0u32..10_000_000, 0..4),
                                                 error in "[a-z_]{0,24}", suberror in proptest::option::of("[a-z_]{0,24}")) {
            let outcome = classify(&codes, &error, suberror.as_deref());
            if let Some(first) = codes.iter().find_map(|code| outcome_for_code(*code)) {
                proptest::prop_assert_eq!(outcome, first);
            }
        }

        #[test]
        fn redirect_parsing_never_panics(description in "\\PC{0,200}") {
            let params = vec![("error".to_string(), "x".to_string()), ("error_description".to_string(), description)];
            let _ = EntraError::from_redirect(&params);
        }
    }
}

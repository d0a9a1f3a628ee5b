//! Headless completion: what the "browser" does once `/authorize` (or the device login) is reached, so tests
//! run the sign-in over real HTTP without a person at the page.

use serde::{Deserialize, Serialize};

/// One scripted browser leg. The sign-in still runs through the simulator's own pages and rules: a script
/// that picks a method the person no longer holds ends at that method's prompt, exactly as a person would.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
pub enum BrowserScript {
    /// Password, then the MFA prompt answered with `method`: a method id, or a keyword (`push`, `sms`, `voice`,
    /// `authenticator_code`, `security_key`, `windows_hello`, `platform_credential`, `software_oath`,
    /// `hardware_oath`, `tap`, `external`), or `none` for a sign-in that asks for no second step (trusted
    /// network, remembered browser). Without `method`, the prompt Entra shows first is answered.
    Complete {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        method: Option<String>,
    },
    /// Password accepted, then nothing: the browser stays at the MFA prompt.
    StuckAtMfa,
    /// Password accepted, "Sign in another way", then "I can't use any of these".
    CantUseAny,
    /// A wrong password: the browser stays on the password page with Entra's message.
    WrongPassword,
    /// The person cancels at the account page: the client receives `error=access_denied`.
    Cancel,
}

impl BrowserScript {
    pub fn complete_with(method: &str) -> Self {
        BrowserScript::Complete {
            method: Some(method.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_read_from_json_and_toml() {
        let script: BrowserScript =
            serde_json::from_str(r#"{"outcome": "complete", "method": "sms"}"#).unwrap();
        assert_eq!(script, BrowserScript::complete_with("sms"));
        let script: BrowserScript = toml::from_str("outcome = \"stuck_at_mfa\"").unwrap();
        assert_eq!(script, BrowserScript::StuckAtMfa);
        assert!(serde_json::from_str::<BrowserScript>(r#"{"outcome": "teleport"}"#).is_err());
    }
}

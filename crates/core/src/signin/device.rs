//! The device authorization grant (reference §1.7), the fallback when no browser can be opened here: show
//! the code and the URL, poll every `interval`, +5 s on `slow_down` (as MSAL does), stop on
//! `expired_token`, `authorization_declined` or `bad_verification_code`.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::entra_error::EntraError;
use super::{
    AccountTarget, Interruption, SignInAttempt, SignInClient, SignInControl, SignInError,
    TokenError, BASIC_SCOPES,
};
use crate::evidence::SignInOutcome;
use crate::http::HttpRequest;
use crate::token_store::DeviceCode;

/// What the person must see: open `verification_uri` on any device and type `user_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodePrompt {
    pub user_code: String,
    pub verification_uri: String,
    /// Entra's own sentence, in the language the request asked for.
    pub message: String,
    pub expires_in_seconds: u64,
}

#[derive(Deserialize)]
struct DeviceCodeBody {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    interval: Option<u64>,
    #[serde(default)]
    message: Option<String>,
}

/// MSAL's defaults when Entra leaves them out.
const DEFAULT_INTERVAL: u64 = 5;
const DEFAULT_EXPIRES_IN: u64 = 1800;
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

impl SignInClient {
    /// Signs `target` in with the device code flow. `show` is called once with the code to display.
    pub async fn device_code(
        &self,
        target: &AccountTarget,
        show: &(dyn Fn(&DeviceCodePrompt) + Send + Sync),
        control: &SignInControl,
    ) -> SignInAttempt {
        let metadata = match self.metadata_for(target).await {
            Ok(metadata) => metadata,
            Err(attempt) => return *attempt,
        };
        // Entra's configuration lists the endpoint; otherwise it sits beside the token endpoint.
        let endpoint = metadata
            .device_authorization_endpoint
            .clone()
            .unwrap_or_else(|| {
                let mut endpoint = metadata.token_endpoint.clone();
                let path = endpoint.path().trim_end_matches("token").to_string() + "devicecode";
                endpoint.set_path(&path);
                endpoint
            });
        let form = vec![
            ("client_id".to_string(), self.config.client_id.clone()),
            ("scope".to_string(), BASIC_SCOPES.to_string()),
        ];
        let response = match self
            .http
            .send(HttpRequest::post_form(
                endpoint,
                form,
                self.config.request_timeout,
            ))
            .await
        {
            Ok(response) => response,
            Err(error) => return self.refresh_failed(TokenError::Transport(error)),
        };
        if !response.is_success() {
            return self.refresh_failed(match EntraError::from_json(&response.body) {
                Some(error) => TokenError::Rejected(Box::new(error)),
                None => TokenError::Status {
                    status: response.status,
                },
            });
        }
        let body: DeviceCodeBody = match serde_json::from_slice(&response.body) {
            Ok(body) => body,
            Err(error) => return self.refresh_failed(TokenError::Malformed(error.to_string())),
        };
        let expires_in = Duration::from_secs(body.expires_in.unwrap_or(DEFAULT_EXPIRES_IN));
        let mut interval = Duration::from_secs(body.interval.unwrap_or(DEFAULT_INTERVAL).max(1));
        let prompt = DeviceCodePrompt {
            message: body.message.clone().unwrap_or_else(|| {
                format!(
                    "Open {} and enter the code {}.",
                    body.verification_uri, body.user_code
                )
            }),
            user_code: body.user_code,
            verification_uri: body.verification_uri,
            expires_in_seconds: expires_in.as_secs(),
        };
        show(&prompt);
        let device_code = DeviceCode::new(body.device_code);

        // Time is counted in the intervals waited, so a test sleeper that returns at once still ends the loop.
        let mut waited = Duration::ZERO;
        loop {
            if waited >= expires_in {
                return SignInAttempt::failed(
                    SignInOutcome::Transient,
                    self.clock.now(),
                    SignInError::DeviceCodeExpired,
                );
            }
            tokio::select! {
                () = self.sleeper.sleep(interval) => {}
                interruption = control.interrupted() => {
                    let now = self.clock.now();
                    return match interruption {
                        Interruption::StuckAtMfa => SignInAttempt::failed(SignInOutcome::BlockedByMfa, now, SignInError::StuckAtMfa),
                        Interruption::Cancelled => SignInAttempt::failed(SignInOutcome::Skipped, now, SignInError::Cancelled),
                    };
                }
            }
            waited += interval;
            match self
                .token_endpoint(&metadata)
                .poll_device_code(&device_code)
                .await
            {
                Ok(tokens) => return self.complete(target, &metadata, tokens, None).await,
                Err(TokenError::Rejected(error)) => match error.error.as_str() {
                    "authorization_pending" => {}
                    "slow_down" => interval += SLOW_DOWN_STEP,
                    "expired_token" => {
                        return self.device_failed(
                            &error,
                            SignInOutcome::Transient,
                            SignInError::DeviceCodeExpired,
                        )
                    }
                    // Entra says `authorization_declined`; RFC 8628 servers say `access_denied`.
                    "authorization_declined" | "access_denied" => {
                        return self.device_failed(
                            &error,
                            SignInOutcome::Skipped,
                            SignInError::DeviceCodeDeclined,
                        )
                    }
                    "bad_verification_code" => {
                        return self.device_failed(
                            &error,
                            SignInOutcome::Transient,
                            SignInError::DeviceCodeMistyped,
                        )
                    }
                    _ => return self.refresh_failed(TokenError::Rejected(error)),
                },
                // A lost poll is not the end of the flow: try again at the next interval.
                Err(TokenError::Transport(error)) => {
                    tracing::debug!(%error, "device code poll failed; polling on")
                }
                Err(error) => return self.refresh_failed(error),
            }
        }
    }

    /// Device-flow ends decided by `error` (these carry no decisive AADSTS meaning for the account).
    fn device_failed(
        &self,
        entra: &EntraError,
        outcome: SignInOutcome,
        error: SignInError,
    ) -> SignInAttempt {
        let mut attempt = SignInAttempt::rejected(entra, self.clock.now(), error);
        attempt.evidence.outcome = outcome;
        attempt
    }
}

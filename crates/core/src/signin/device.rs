//! The device authorization grant (docs/MICROSOFT.md §1.7), the fallback when no browser can be opened here: show
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
use crate::Lang;

/// What the person must see: open `verification_uri` on any device and type `user_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodePrompt {
    pub user_code: String,
    pub verification_uri: String,
    /// Entra's own sentence, in the language the request asked for.
    pub message: String,
    #[ts(type = "number")]
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
    /// Signs `target` in with the device code flow. `show` is called once with the code to display, and
    /// Entra's sentence in it is in `lang`.
    pub async fn device_code(
        &self,
        target: &AccountTarget,
        show: &(dyn Fn(&DeviceCodePrompt) + Send + Sync),
        control: &SignInControl,
        lang: Lang,
    ) -> SignInAttempt {
        let metadata = match self.metadata_for(target).await {
            Ok(metadata) => metadata,
            Err(attempt) => return *attempt,
        };
        // Entra's configuration lists the endpoint; otherwise it sits beside the token endpoint.
        let mut endpoint = metadata
            .device_authorization_endpoint
            .clone()
            .unwrap_or_else(|| {
                let mut endpoint = metadata.token_endpoint.clone();
                let path = endpoint.path().trim_end_matches("token").to_string() + "devicecode";
                endpoint.set_path(&path);
                endpoint
            });
        // Entra words the response's `message` in the language of the `mkt` query parameter (docs/MICROSOFT.md §1.7).
        endpoint.query_pairs_mut().append_pair("mkt", lang.market());
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
            message: body.message.clone().unwrap_or_else(|| match lang {
                Lang::It => format!(
                    "Apri {} e inserisci il codice {}.",
                    body.verification_uri, body.user_code
                ),
                _ => format!(
                    "Open {} and enter the code {}.",
                    body.verification_uri, body.user_code
                ),
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

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::clock::{BoxFuture, FixedClock, RecordingSleeper};
    use crate::config::IdentityConfig;
    use crate::http::{HttpResponse, HttpTransport, TransportError};

    /// Discovery and the device-code request answer fixed documents (the fixture, or the fixture without its
    /// `message`); token polls answer from a script. The device-code requests' URLs are kept.
    struct Entra {
        polls: Mutex<VecDeque<(u16, String)>>,
        without_message: bool,
        device_code_urls: Mutex<Vec<url::Url>>,
    }

    fn entra_error(error: &str, code: Option<u32>) -> (u16, String) {
        let codes = code.map(|code| vec![code]).unwrap_or_default();
        (400, serde_json::json!({"error": error, "error_description": format!("{error}"), "error_codes": codes}).to_string())
    }

    impl HttpTransport for Entra {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            let path = request.url.path().to_string();
            let (status, body) = if path.ends_with("openid-configuration") {
                (200, serde_json::json!({
                    "issuer": "https://login.example/t1/v2.0",
                    "authorization_endpoint": "https://login.example/t1/oauth2/v2.0/authorize",
                    "token_endpoint": "https://login.example/t1/oauth2/v2.0/token",
                    "device_authorization_endpoint": "https://login.example/t1/oauth2/v2.0/devicecode",
                    "jwks_uri": "https://login.example/t1/discovery/v2.0/keys",
                }).to_string())
            } else if path.ends_with("devicecode") {
                self.device_code_urls
                    .lock()
                    .unwrap()
                    .push(request.url.clone());
                let fixture = format!(
                    "{}/../../fixtures/graph/device-code-response.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                let mut body: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
                if self.without_message {
                    body.as_object_mut().unwrap().remove("message");
                }
                (200, body.to_string())
            } else {
                self.polls
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| entra_error("authorization_pending", Some(70016)))
            };
            Box::pin(async move {
                Ok(HttpResponse {
                    status,
                    headers: Vec::new(),
                    body: body.into_bytes(),
                })
            })
        }
    }

    async fn run(
        polls: Vec<(u16, String)>,
    ) -> (SignInAttempt, Vec<Duration>, Option<DeviceCodePrompt>) {
        let (attempt, waits, prompt, _) = run_in(Lang::En, false, polls).await;
        (attempt, waits, prompt)
    }

    /// Runs one device-code sign-in in `lang`; also returns the URLs of the device-code requests.
    async fn run_in(
        lang: Lang,
        without_message: bool,
        polls: Vec<(u16, String)>,
    ) -> (
        SignInAttempt,
        Vec<Duration>,
        Option<DeviceCodePrompt>,
        Vec<url::Url>,
    ) {
        let sleeper = Arc::new(RecordingSleeper::new());
        let entra = Arc::new(Entra {
            polls: Mutex::new(polls.into()),
            without_message,
            device_code_urls: Mutex::new(Vec::new()),
        });
        let client = SignInClient::new(
            Arc::new(IdentityConfig::with_base(
                &url::Url::parse("https://login.example").unwrap(),
            )),
            entra.clone(),
            Arc::new(FixedClock(time::macros::datetime!(2026-11-25 09:00 UTC))),
            sleeper.clone(),
        );
        let shown = Arc::new(Mutex::new(None));
        let keep = shown.clone();
        let show = move |prompt: &DeviceCodePrompt| *keep.lock().unwrap() = Some(prompt.clone());
        let target = AccountTarget {
            key: "k".into(),
            upn: "mario@contoso.com".into(),
            tenant: Some("t1".into()),
        };
        let attempt = client
            .device_code(&target, &show, &SignInControl::new(), lang)
            .await;
        let prompt = shown.lock().unwrap().clone();
        let urls = entra.device_code_urls.lock().unwrap().clone();
        (attempt, sleeper.waits(), prompt, urls)
    }

    #[tokio::test]
    async fn the_code_request_asks_for_the_persons_language() {
        let declined = || vec![entra_error("authorization_declined", None)];
        for (lang, market) in [(Lang::It, "it-IT"), (Lang::En, "en-GB")] {
            let (_, _, prompt, urls) = run_in(lang, false, declined()).await;
            assert_eq!(urls.len(), 1);
            let mkt: Vec<_> = urls[0]
                .query_pairs()
                .filter(|(name, _)| name == "mkt")
                .map(|(_, value)| value.into_owned())
                .collect();
            assert_eq!(mkt, vec![market.to_string()], "{lang:?}");
            // Entra's own sentence is shown as it came.
            assert!(prompt.unwrap().message.starts_with("To sign in"));
        }
        // Without Entra's sentence, Lifeboat writes its own in the person's language.
        let (_, _, prompt, _) = run_in(Lang::It, true, declined()).await;
        assert_eq!(
            prompt.unwrap().message,
            "Apri https://microsoft.com/devicelogin e inserisci il codice FQK5HW3UF."
        );
        let (_, _, prompt, _) = run_in(Lang::En, true, declined()).await;
        assert_eq!(
            prompt.unwrap().message,
            "Open https://microsoft.com/devicelogin and enter the code FQK5HW3UF."
        );
    }

    #[tokio::test]
    async fn the_code_is_shown_and_polling_follows_the_interval_and_slow_down() {
        let (attempt, waits, prompt) = run(vec![
            entra_error("authorization_pending", Some(70016)),
            (
                400,
                serde_json::json!({"error": "slow_down", "error_codes": []}).to_string(),
            ),
            entra_error("bad_verification_code", Some(70018)),
        ])
        .await;
        let prompt = prompt.expect("shown");
        assert_eq!(prompt.user_code, "FQK5HW3UF");
        assert_eq!(prompt.verification_uri, "https://microsoft.com/devicelogin");
        assert_eq!(prompt.expires_in_seconds, 900);
        assert_eq!(
            waits,
            vec![
                Duration::from_secs(5),
                Duration::from_secs(5),
                Duration::from_secs(10)
            ]
        );
        assert_eq!(attempt.error, Some(SignInError::DeviceCodeMistyped));
        assert_eq!(attempt.evidence.outcome, SignInOutcome::Transient);
        assert_eq!(attempt.evidence.aadsts, Some(70018));
    }

    #[tokio::test]
    async fn expiry_declining_and_a_blocking_policy_end_the_polling() {
        let (attempt, _, _) = run(vec![entra_error("expired_token", Some(70019))]).await;
        assert_eq!(attempt.error, Some(SignInError::DeviceCodeExpired));
        let (attempt, _, _) = run(vec![entra_error("authorization_declined", None)]).await;
        assert_eq!(
            (attempt.evidence.outcome, attempt.error),
            (
                SignInOutcome::Skipped,
                Some(SignInError::DeviceCodeDeclined)
            )
        );
        // Conditional Access often blocks the device code flow itself (docs/MICROSOFT.md §1.7).
        let (attempt, _, _) = run(vec![entra_error("invalid_grant", Some(53003))]).await;
        assert_eq!(attempt.evidence.outcome, SignInOutcome::BlockedByPolicy);
        // Nobody ever types the code: the wait ends with the code's lifetime (900 s of 5 s intervals).
        let (attempt, waits, _) = run(Vec::new()).await;
        assert_eq!(attempt.error, Some(SignInError::DeviceCodeExpired));
        assert_eq!(waits.iter().sum::<Duration>(), Duration::from_secs(900));
    }
}

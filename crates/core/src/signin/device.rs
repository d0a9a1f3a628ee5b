//! The device authorization grant (docs/MICROSOFT.md §1.7), the fallback when no browser can be opened here,
//! through the `oauth2` crate: show the code and the URL, poll every `interval` (+5 s on `slow_down`) until the
//! code's deadline on Lifeboat's clock, stop on `expired_token`, `authorization_declined` or
//! `bad_verification_code`. The person's buttons end the wait at once.

use std::sync::Mutex;
use std::time::Duration;

use oauth2::basic::BasicErrorResponseType;
use oauth2::{
    AsyncHttpClient, DeviceAuthorizationResponse, DeviceAuthorizationUrl,
    DeviceCodeErrorResponseType, ExtraDeviceAuthorizationFields, RequestTokenError,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use url::Url;

use super::discovery::OpenIdConfiguration;
use super::entra_error::{outcome_for_code, EntraError};
use super::token::{scopes, HttpFailure, OAuthHttp, TokenSet};
use super::{
    AccountTarget, SignInAttempt, SignInClient, SignInControl, SignInError, TokenError,
    BASIC_SCOPES,
};
use crate::clock::BoxFuture;
use crate::evidence::SignInOutcome;
use crate::Lang;

/// The HTTP adapter of the polling, keeping the last error body: the crate reads poll errors as its standard
/// error type, and Entra's codes and ids are read again from it for the evidence. A type rather than a closure,
/// so the polling future is provably `Send`.
struct RecordingHttp<'a> {
    http: &'a OAuthHttp<'a>,
    last_error: &'a Mutex<Option<EntraError>>,
}

impl<'c> AsyncHttpClient<'c> for RecordingHttp<'_> {
    type Error = HttpFailure;
    type Future = BoxFuture<'c, Result<oauth2::HttpResponse, HttpFailure>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let response = self.http.call(request).await.inspect_err(|error| {
                tracing::debug!(%error, "device code poll lost; polling on");
            })?;
            if response.status() != 200 {
                let entra = EntraError::from_json(response.body());
                *self
                    .last_error
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = entra;
            }
            Ok(response)
        })
    }
}

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

/// Entra's `message` beside the standard fields of the device authorization response.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct DeviceMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

impl ExtraDeviceAuthorizationFields for DeviceMessage {}

/// After a lost poll the crate doubles the interval (RFC 8628 §3.5); never past this.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

impl SignInClient {
    /// Signs `target` in with the device code flow. `show` is called once with the code to display, and
    /// Entra's sentence in it is in `lang`.
    pub fn device_code<'a>(
        &'a self,
        target: &'a AccountTarget,
        show: &'a (dyn Fn(&DeviceCodePrompt) + Send + Sync),
        control: &'a SignInControl,
        lang: Lang,
    ) -> BoxFuture<'a, SignInAttempt> {
        // Boxed as `Send` here, where the lifetimes are concrete (see `SignInClient::refresh`).
        Box::pin(self.device_code_flow(target, show, control, lang))
    }

    async fn device_code_flow(
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
        let client = self
            .oauth(&metadata)
            .set_device_authorization_url(device_endpoint(&metadata, lang));
        let http = self.oauth_http();
        let details: DeviceAuthorizationResponse<DeviceMessage> = match client
            .exchange_device_code()
            .add_scopes(scopes(BASIC_SCOPES))
            .request_async(&http)
            .await
        {
            Ok(details) => details,
            Err(error) => return self.refresh_failed(error.into()),
        };
        let deadline = self.clock.now() + details.expires_in();
        show(&prompt(&details, lang));

        // The crate reads poll errors as its standard error; Entra's codes and ids are read again from the last
        // error body, for the evidence.
        let last_error = Mutex::new(None::<EntraError>);
        let recording = RecordingHttp {
            http: &http,
            last_error: &last_error,
        };
        let polling = async {
            // Nobody has typed the code yet: wait one interval before the first poll too.
            self.sleeper.sleep(details.interval()).await;
            let left = deadline - self.clock.now();
            client
                .exchange_device_access_token(&details)
                .set_time_fn(|| chrono_time(self.clock.now()))
                .set_max_backoff_interval(MAX_BACKOFF)
                .request_async(
                    &recording,
                    |wait| self.sleeper.sleep(wait),
                    Some(left.try_into().unwrap_or(Duration::ZERO)),
                )
                .await
        };
        let result = tokio::select! {
            result = polling => result,
            interruption = control.interrupted() => return self.interrupted(interruption),
        };
        let standard = match result {
            Ok(response) => {
                return match TokenSet::try_from(response) {
                    Ok(tokens) => self.complete(target, &metadata, tokens, None).await,
                    Err(error) => self.refresh_failed(error),
                }
            }
            Err(RequestTokenError::ServerResponse(standard)) => standard,
            Err(error) => return self.refresh_failed(error.into()),
        };
        // Entra's own answer, or the crate's when the deadline passed first.
        let recorded = last_error.lock().unwrap_or_else(|p| p.into_inner()).take();
        let entra = recorded
            .filter(|entra| entra.error == standard.error().as_ref())
            .unwrap_or_else(|| standard.clone().into());
        // The AADSTS code decides before the OAuth error name: Entra ends a device code blocked by Conditional
        // Access with `access_denied` (or `authorization_declined`) and AADSTS53003, which is a policy IT must
        // look at, not the person declining. Codes that only say "try again" keep the specific reasons below.
        let decisive = entra
            .error_codes
            .iter()
            .find_map(|code| outcome_for_code(*code))
            .filter(|outcome| *outcome != SignInOutcome::Transient);
        if decisive.is_some() {
            return self.refresh_failed(TokenError::Rejected(Box::new(entra)));
        }
        use DeviceCodeErrorResponseType::{AccessDenied, Basic, ExpiredToken};
        let (outcome, error) = match standard.error() {
            ExpiredToken => (SignInOutcome::Transient, SignInError::DeviceCodeExpired),
            // Entra says `authorization_declined`; RFC 8628 servers say `access_denied`.
            AccessDenied => (SignInOutcome::Skipped, SignInError::DeviceCodeDeclined),
            Basic(BasicErrorResponseType::Extension(name)) if name == "authorization_declined" => {
                (SignInOutcome::Skipped, SignInError::DeviceCodeDeclined)
            }
            Basic(BasicErrorResponseType::Extension(name)) if name == "bad_verification_code" => {
                (SignInOutcome::Transient, SignInError::DeviceCodeMistyped)
            }
            _ => return self.refresh_failed(TokenError::Rejected(Box::new(entra))),
        };
        // These ends carry no decisive AADSTS meaning for the account.
        let mut attempt = SignInAttempt::rejected(&entra, self.clock.now(), error);
        attempt.evidence.outcome = outcome;
        attempt
    }
}

/// The listed device-code endpoint, else the one beside the token endpoint, with `mkt`: Entra words its
/// sentence in that language (docs/MICROSOFT.md §1.7).
fn device_endpoint(metadata: &OpenIdConfiguration, lang: Lang) -> DeviceAuthorizationUrl {
    let mut endpoint: Url = metadata
        .device_authorization_endpoint
        .clone()
        .unwrap_or_else(|| {
            let mut endpoint = metadata.token_endpoint.clone();
            let path = endpoint.path().trim_end_matches("token").to_string() + "devicecode";
            endpoint.set_path(&path);
            endpoint
        });
    endpoint.query_pairs_mut().append_pair("mkt", lang.market());
    DeviceAuthorizationUrl::from_url(endpoint)
}

fn prompt(details: &DeviceAuthorizationResponse<DeviceMessage>, lang: Lang) -> DeviceCodePrompt {
    let user_code = details.user_code().secret().clone();
    let verification_uri = details.verification_uri().to_string();
    let message = details.extra_fields().message.clone().unwrap_or_else(|| {
        lang.say_with(
            "signin-device-code-prompt",
            &crate::args! { "uri" => verification_uri.as_str(), "code" => user_code.as_str() },
        )
    });
    DeviceCodePrompt {
        message,
        user_code,
        verification_uri,
        expires_in_seconds: details.expires_in().as_secs(),
    }
}

/// The crate's clock type from Lifeboat's.
fn chrono_time(at: OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Arc;

    use super::*;
    use crate::clock::{BoxFuture, Clock, ManualClock};
    use crate::config::IdentityConfig;
    use crate::http::{HttpRequest, HttpResponse, HttpTransport, TransportError};

    /// Discovery and the device-code request answer fixed documents (the fixture, or the fixture without its
    /// `message`); token polls answer from a script (a lost poll is `Err`), then "pending" for ever.
    struct Entra {
        polls: Mutex<VecDeque<Result<(u16, String), TransportError>>>,
        without_message: bool,
        requests: Mutex<Vec<url::Url>>,
    }

    fn entra_error(error: &str, code: Option<u32>) -> Result<(u16, String), TransportError> {
        let codes = code.map(|code| vec![code]).unwrap_or_default();
        let body = serde_json::json!({"error": error, "error_description": format!("{error}\r\nTrace ID: t-1"), "error_codes": codes});
        Ok((400, body.to_string()))
    }

    impl HttpTransport for Entra {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            self.requests.lock().unwrap().push(request.url.clone());
            let path = request.url.path().to_string();
            let answer = if path.ends_with("openid-configuration") {
                Ok((200, serde_json::json!({
                    "issuer": "https://login.example/t1/v2.0",
                    "authorization_endpoint": "https://login.example/t1/oauth2/v2.0/authorize",
                    "token_endpoint": "https://login.example/t1/oauth2/v2.0/token",
                    "device_authorization_endpoint": "https://login.example/t1/oauth2/v2.0/devicecode",
                    "jwks_uri": "https://login.example/t1/discovery/v2.0/keys",
                }).to_string()))
            } else if path.ends_with("devicecode") {
                let fixture = format!(
                    "{}/../../fixtures/graph/device-code-response.json",
                    env!("CARGO_MANIFEST_DIR")
                );
                let mut body: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
                if self.without_message {
                    body.as_object_mut().unwrap().remove("message");
                }
                Ok((200, body.to_string()))
            } else {
                self.polls
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| entra_error("authorization_pending", Some(70016)))
            };
            Box::pin(async move {
                let (status, body) = answer?;
                Ok(HttpResponse {
                    status,
                    headers: Vec::new(),
                    body: body.into_bytes(),
                })
            })
        }
    }

    struct Run {
        attempt: SignInAttempt,
        waits: Vec<Duration>,
        prompt: Option<DeviceCodePrompt>,
        urls: Vec<url::Url>,
        elapsed: Duration,
    }

    async fn run(polls: Vec<Result<(u16, String), TransportError>>) -> Run {
        run_in(Lang::En, false, polls, &SignInControl::new()).await
    }

    /// One device-code sign-in in `lang`, on a clock that moves only while it waits.
    async fn run_in(
        lang: Lang,
        without_message: bool,
        polls: Vec<Result<(u16, String), TransportError>>,
        control: &SignInControl,
    ) -> Run {
        let start = time::macros::datetime!(2026-11-25 09:00 UTC);
        let clock = Arc::new(ManualClock::new(start));
        let entra = Arc::new(Entra {
            polls: Mutex::new(polls.into()),
            without_message,
            requests: Mutex::new(Vec::new()),
        });
        let client = SignInClient::new(
            Arc::new(IdentityConfig::with_base(
                &url::Url::parse("https://login.example").unwrap(),
            )),
            entra.clone(),
            clock.clone(),
            clock.clone(),
        );
        let shown = Arc::new(Mutex::new(None));
        let keep = shown.clone();
        let show = move |prompt: &DeviceCodePrompt| *keep.lock().unwrap() = Some(prompt.clone());
        let target = AccountTarget {
            key: "k".into(),
            upn: "mario@contoso.com".into(),
            tenant: Some("t1".into()),
            fresh: false,
        };
        let attempt = client.device_code(&target, &show, control, lang).await;
        let prompt = shown.lock().unwrap().clone();
        let urls = entra.requests.lock().unwrap().clone();
        let elapsed = (clock.now() - start).try_into().unwrap();
        Run {
            attempt,
            waits: clock.waits(),
            prompt,
            urls,
            elapsed,
        }
    }

    #[tokio::test]
    async fn the_code_request_asks_for_the_persons_language() {
        let declined = || vec![entra_error("authorization_declined", None)];
        for (lang, market) in [(Lang::It, "it-IT"), (Lang::En, "en-GB")] {
            let run = run_in(lang, false, declined(), &SignInControl::new()).await;
            let device: Vec<_> = run
                .urls
                .iter()
                .filter(|url| url.path().ends_with("devicecode"))
                .collect();
            assert_eq!(device.len(), 1);
            let mkt: Vec<_> = device[0]
                .query_pairs()
                .filter(|(name, _)| name == "mkt")
                .map(|(_, value)| value.into_owned())
                .collect();
            assert_eq!(mkt, vec![market.to_string()], "{lang:?}");
            // Entra's own sentence is shown as it came.
            assert!(run.prompt.unwrap().message.starts_with("To sign in"));
        }
        // Without Entra's sentence, Lifeboat writes its own in the person's language.
        for (lang, expected) in [
            (
                Lang::It,
                "Apri https://microsoft.com/devicelogin e inserisci il codice FQK5HW3UF.",
            ),
            (
                Lang::En,
                "Open https://microsoft.com/devicelogin and enter the code FQK5HW3UF.",
            ),
        ] {
            let run = run_in(lang, true, declined(), &SignInControl::new()).await;
            assert_eq!(run.prompt.unwrap().message, expected);
        }
    }

    #[tokio::test]
    async fn the_code_is_shown_and_polling_follows_the_interval_and_slow_down() {
        let run = run(vec![
            entra_error("authorization_pending", Some(70016)),
            Ok((
                400,
                serde_json::json!({"error": "slow_down", "error_codes": []}).to_string(),
            )),
            entra_error("bad_verification_code", Some(70018)),
        ])
        .await;
        let prompt = run.prompt.expect("shown");
        assert_eq!(prompt.user_code, "FQK5HW3UF");
        assert_eq!(prompt.verification_uri, "https://microsoft.com/devicelogin");
        assert_eq!(prompt.expires_in_seconds, 900);
        assert_eq!(
            run.waits,
            [5, 5, 10].map(Duration::from_secs),
            "an interval before each poll, five seconds more after slow_down"
        );
        let attempt = run.attempt;
        assert_eq!(attempt.error, Some(SignInError::DeviceCodeMistyped));
        assert_eq!(attempt.evidence.outcome, SignInOutcome::Transient);
        // Entra's own answer is kept for the ticket.
        assert_eq!(attempt.evidence.aadsts, Some(70018));
        assert_eq!(attempt.evidence.trace_id.as_deref(), Some("t-1"));
    }

    #[tokio::test]
    async fn a_lost_poll_is_tried_again_after_a_longer_wait() {
        let run = run(vec![
            Err(TransportError::Timeout(Duration::from_secs(30))),
            entra_error("authorization_declined", None),
        ])
        .await;
        // RFC 8628 §3.5: after a lost poll the interval doubles.
        assert_eq!(run.waits, [5, 10].map(Duration::from_secs));
        assert_eq!(run.attempt.error, Some(SignInError::DeviceCodeDeclined));
    }

    #[tokio::test]
    async fn expiry_declining_and_a_blocking_policy_end_the_polling() {
        let run_error = |polls| async { run(polls).await.attempt };
        let attempt = run_error(vec![entra_error("expired_token", Some(70019))]).await;
        assert_eq!(attempt.error, Some(SignInError::DeviceCodeExpired));
        assert_eq!(attempt.evidence.aadsts, Some(70019));
        for declined in ["authorization_declined", "access_denied"] {
            let attempt = run_error(vec![entra_error(declined, None)]).await;
            assert_eq!(
                (attempt.evidence.outcome, attempt.error),
                (
                    SignInOutcome::Skipped,
                    Some(SignInError::DeviceCodeDeclined)
                ),
                "{declined}"
            );
        }
        // Conditional Access often blocks the device code flow itself (docs/MICROSOFT.md §1.7): the code decides,
        // whatever OAuth error name carries it — a declined-looking `access_denied` with 53003 is a policy block.
        for error in ["invalid_grant", "access_denied", "authorization_declined"] {
            let attempt = run_error(vec![entra_error(error, Some(53003))]).await;
            assert_eq!(
                attempt.evidence.outcome,
                SignInOutcome::BlockedByPolicy,
                "{error}"
            );
            assert_eq!(attempt.evidence.aadsts, Some(53003));
            assert_ne!(
                attempt.error,
                Some(SignInError::DeviceCodeDeclined),
                "{error}"
            );
        }
        // A consent refusal by code is consent, not a decline either.
        let attempt = run_error(vec![entra_error("access_denied", Some(65004))]).await;
        assert_eq!(attempt.evidence.outcome, SignInOutcome::ConsentMissing);
        // Nobody ever types the code: the wait ends at the code's deadline, 900 s after it was given.
        let run = run(Vec::new()).await;
        assert_eq!(run.attempt.error, Some(SignInError::DeviceCodeExpired));
        assert_eq!(run.attempt.evidence.aadsts, None, "Lifeboat's own deadline");
        assert!(
            (900..=905).contains(&run.elapsed.as_secs()),
            "{:?}",
            run.elapsed
        );
    }

    #[tokio::test]
    async fn the_persons_buttons_end_the_wait() {
        for (press, outcome, error) in [
            (
                SignInControl::stuck_at_mfa as fn(&SignInControl),
                SignInOutcome::BlockedByMfa,
                SignInError::StuckAtMfa,
            ),
            (
                SignInControl::cancel,
                SignInOutcome::Skipped,
                SignInError::Cancelled,
            ),
        ] {
            let control = SignInControl::new();
            press(&control);
            let run = run_in(Lang::En, false, Vec::new(), &control).await;
            assert_eq!(
                (run.attempt.evidence.outcome, run.attempt.error),
                (outcome, Some(error))
            );
            assert!(run.elapsed < Duration::from_secs(900));
        }
    }
}

//! Microsoft Graph for one signed-in person: `/me` and `/me/authentication/methods` (following
//! `@odata.nextLink`), with retries on 429 and 5xx, a timeout per request and typed errors.

mod error;
pub mod retry;

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use url::Url;

pub use error::GraphError;

use crate::clock::Sleeper;
use crate::config::{IdentityConfig, RetryPolicy};
use crate::http::{HttpMethod, HttpRequest, HttpResponse, HttpTransport, TransportError};
use crate::token_store::AccessToken;

/// A person's profile from `/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: String,
    #[serde(default)]
    #[ts(optional)]
    pub display_name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub mail: Option<String>,
}

/// Pages read at most: a person has a handful of methods; a loop of links must not run forever.
const MAX_PAGES: usize = 50;

/// Reads Graph with one shared HTTP client.
pub struct GraphClient {
    http: Arc<dyn HttpTransport>,
    sleeper: Arc<dyn Sleeper>,
    base: Url,
    timeout: Duration,
    policy: RetryPolicy,
    jitter: fn() -> f64,
}

impl GraphClient {
    pub fn new(
        config: &IdentityConfig,
        http: Arc<dyn HttpTransport>,
        sleeper: Arc<dyn Sleeper>,
    ) -> Result<Self, url::ParseError> {
        Ok(Self {
            http,
            sleeper,
            base: config.graph_v1()?,
            timeout: config.request_timeout,
            policy: config.retry.clone(),
            jitter: retry::random_jitter,
        })
    }

    /// Replaces the jitter source (tests make backoff deterministic).
    pub fn with_jitter(mut self, jitter: fn() -> f64) -> Self {
        self.jitter = jitter;
        self
    }

    /// `GET /me`.
    pub async fn me(&self, token: &AccessToken) -> Result<Me, GraphError> {
        let url = self
            .base
            .join("me")
            .map_err(|error| GraphError::Malformed(error.to_string()))?;
        let body = self.get_json(url, token).await?;
        serde_json::from_value(body).map_err(|error| GraphError::Malformed(format!("/me: {error}")))
    }

    /// `GET /me/authentication/methods`, every page, as raw Graph JSON values (the account book stores them
    /// raw; the assessment engine parses them).
    pub async fn authentication_methods(
        &self,
        token: &AccessToken,
    ) -> Result<Vec<Value>, GraphError> {
        let mut url = self
            .base
            .join("me/authentication/methods")
            .map_err(|error| GraphError::Malformed(error.to_string()))?;
        let mut methods = Vec::new();
        for _ in 0..MAX_PAGES {
            let mut page = self.get_json(url.clone(), token).await?;
            let Some(Value::Array(values)) = page.get_mut("value").map(Value::take) else {
                return Err(GraphError::Malformed(
                    "a page of methods has no “value” list".into(),
                ));
            };
            methods.extend(values);
            match page.get("@odata.nextLink").and_then(Value::as_str) {
                // Reference §5.1: use the whole link; never parse or rebuild `$skiptoken`.
                Some(next) => url = self.checked_next_link(next)?,
                None => return Ok(methods),
            }
        }
        Err(GraphError::TooManyPages(MAX_PAGES))
    }

    /// A next link must stay on Graph's scheme, host and port: the bearer token goes wherever it points.
    fn checked_next_link(&self, next: &str) -> Result<Url, GraphError> {
        let url = Url::parse(next)
            .map_err(|_| GraphError::ForeignNextLink(next.chars().take(80).collect()))?;
        let same_origin = url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        if same_origin {
            Ok(url)
        } else {
            Err(GraphError::ForeignNextLink(
                url.host_str().unwrap_or_default().to_string(),
            ))
        }
    }

    /// One GET with retries: 429 waits `Retry-After` (or backs off), 5xx and transport failures back off.
    async fn get_json(&self, url: Url, token: &AccessToken) -> Result<Value, GraphError> {
        Ok(self.send(&GraphCall::get(url), token).await?.body)
    }

    /// A path under Graph's v1.0 base (`users/x/authentication/methods`, query included).
    pub fn url(&self, path: &str) -> Result<Url, GraphError> {
        self.base
            .join(path)
            .map_err(|error| GraphError::Malformed(error.to_string()))
    }

    /// A `@odata.nextLink`, accepted only on Graph's own scheme, host and port.
    pub fn next_link(&self, next: &str) -> Result<Url, GraphError> {
        self.checked_next_link(next)
    }

    /// One call with retries: 429 waits `Retry-After` (or backs off), 5xx and transport failures back off. The
    /// answer keeps Graph's `request-id`, which an audit line records.
    pub async fn send(
        &self,
        call: &GraphCall,
        token: &AccessToken,
    ) -> Result<GraphReply, GraphError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let request = call
                .request(self.timeout)
                .header("authorization", format!("Bearer {}", token.expose()))
                .header("accept", "application/json");
            let last_try = attempt >= self.policy.max_attempts;
            let wait = match self.http.send(request).await {
                Ok(response) if response.is_success() => {
                    return GraphReply::of(&call.url, &response)
                }
                Ok(response) if retry::is_retryable_status(response.status) => {
                    let error = GraphError::from_response(&response);
                    let retry_after = response
                        .header("retry-after")
                        .and_then(retry::parse_retry_after);
                    let too_long =
                        retry_after.is_some_and(|wait| wait > self.policy.max_retry_after);
                    if last_try || too_long {
                        return Err(GraphError::GaveUp {
                            attempts: attempt,
                            status: response.status,
                            code: error.code().unwrap_or_default().to_string(),
                            request_id: error.request_id().map(str::to_string),
                        });
                    }
                    tracing::debug!(status = response.status, attempt, "Graph asked to retry");
                    retry_after
                        .unwrap_or_else(|| retry::backoff(&self.policy, attempt, (self.jitter)()))
                }
                Ok(response) => return Err(GraphError::from_response(&response)),
                Err(error) => {
                    if last_try || !is_retryable_transport(&error) {
                        return Err(GraphError::Transport(error));
                    }
                    retry::backoff(&self.policy, attempt, (self.jitter)())
                }
            };
            self.sleeper.sleep(wait).await;
        }
    }
}

/// One Graph request: GET, DELETE, or POST with a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphCall {
    pub method: HttpMethod,
    pub url: Url,
    pub json: Option<Value>,
}

impl GraphCall {
    pub fn get(url: Url) -> Self {
        Self {
            method: HttpMethod::Get,
            url,
            json: None,
        }
    }

    pub fn delete(url: Url) -> Self {
        Self {
            method: HttpMethod::Delete,
            url,
            json: None,
        }
    }

    pub fn post(url: Url, json: Option<Value>) -> Self {
        Self {
            method: HttpMethod::Post,
            url,
            json,
        }
    }

    fn request(&self, timeout: Duration) -> HttpRequest {
        match (&self.method, &self.json) {
            (HttpMethod::Delete, _) => HttpRequest::delete(self.url.clone(), timeout),
            (HttpMethod::Post, Some(json)) => {
                HttpRequest::post_json(self.url.clone(), json.to_string().into_bytes(), timeout)
            }
            // An action without a body (`revokeSignInSessions`).
            (HttpMethod::Post, None) => HttpRequest {
                method: HttpMethod::Post,
                ..HttpRequest::get(self.url.clone(), timeout)
            },
            (HttpMethod::Get, _) => HttpRequest::get(self.url.clone(), timeout),
        }
    }
}

/// A successful answer: its status, its JSON (`null` for 204 No Content) and Graph's `request-id`.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphReply {
    pub status: u16,
    pub body: Value,
    pub request_id: Option<String>,
}

impl GraphReply {
    fn of(url: &Url, response: &HttpResponse) -> Result<Self, GraphError> {
        let body = if response.body.iter().all(u8::is_ascii_whitespace) {
            Value::Null
        } else {
            serde_json::from_slice(&response.body)
                .map_err(|error| GraphError::Malformed(format!("{}: {error}", url.path())))?
        };
        Ok(Self {
            status: response.status,
            body,
            request_id: response.header("request-id").map(str::to_string),
        })
    }
}

fn is_retryable_transport(error: &TransportError) -> bool {
    matches!(error, TransportError::Timeout(_) | TransportError::Other(_))
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::Mutex;

    use super::*;
    use crate::clock::{BoxFuture, RecordingSleeper};
    use crate::http::HttpResponse;

    /// Answers requests from a script, in order, and remembers the URLs asked for.
    struct Scripted {
        answers: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
        asked: Mutex<Vec<String>>,
    }

    impl Scripted {
        fn new(answers: Vec<Result<HttpResponse, TransportError>>) -> Arc<Self> {
            Arc::new(Self {
                answers: Mutex::new(answers.into()),
                asked: Mutex::default(),
            })
        }
    }

    impl HttpTransport for Scripted {
        fn send(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
            assert!(request
                .headers
                .iter()
                .any(|(name, value)| name == "authorization" && value == "Bearer at"));
            self.asked.lock().unwrap().push(request.url.to_string());
            let answer = self
                .answers
                .lock()
                .unwrap()
                .pop_front()
                .expect("no more scripted answers");
            Box::pin(async move { answer })
        }
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../fixtures/graph/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn ok(body: Vec<u8>) -> Result<HttpResponse, TransportError> {
        Ok(HttpResponse {
            status: 200,
            headers: Vec::new(),
            body,
        })
    }

    fn status(
        status: u16,
        retry_after: Option<&str>,
        body: Vec<u8>,
    ) -> Result<HttpResponse, TransportError> {
        let headers = retry_after
            .map(|value| vec![("retry-after".to_string(), value.to_string())])
            .unwrap_or_default();
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    fn client(transport: Arc<Scripted>, sleeper: Arc<RecordingSleeper>) -> GraphClient {
        GraphClient::new(&IdentityConfig::default(), transport, sleeper)
            .unwrap()
            .with_jitter(|| 1.0)
    }

    #[tokio::test]
    async fn methods_follow_next_links_to_the_last_page() {
        let transport = Scripted::new(vec![
            ok(fixture("methods-paged-page1.json")),
            ok(fixture("methods-paged-page2.json")),
        ]);
        let graph = client(transport.clone(), Arc::new(RecordingSleeper::new()));
        let methods = graph
            .authentication_methods(&AccessToken::new("at"))
            .await
            .unwrap();
        let page1: Value = serde_json::from_slice(&fixture("methods-paged-page1.json")).unwrap();
        let page2: Value = serde_json::from_slice(&fixture("methods-paged-page2.json")).unwrap();
        let expected =
            page1["value"].as_array().unwrap().len() + page2["value"].as_array().unwrap().len();
        assert_eq!(methods.len(), expected);
        let asked = transport.asked.lock().unwrap().clone();
        assert_eq!(
            asked[0],
            "https://graph.microsoft.com/v1.0/me/authentication/methods"
        );
        assert_eq!(
            asked[1],
            page1["@odata.nextLink"].as_str().unwrap(),
            "the whole link, untouched"
        );
    }

    #[tokio::test]
    async fn a_next_link_to_another_host_is_not_followed() {
        let page = serde_json::json!({"value": [], "@odata.nextLink": "https://attacker.example/v1.0/me/authentication/methods?$skiptoken=x"});
        let transport = Scripted::new(vec![ok(page.to_string().into_bytes())]);
        let graph = client(transport.clone(), Arc::new(RecordingSleeper::new()));
        let error = graph
            .authentication_methods(&AccessToken::new("at"))
            .await
            .unwrap_err();
        assert!(matches!(error, GraphError::ForeignNextLink(_)), "{error:?}");
        assert_eq!(transport.asked.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn throttling_waits_the_fractional_retry_after() {
        let transport = Scripted::new(vec![
            status(
                429,
                Some("2.128"),
                fixture("graph-error-429-tooManyRequests.json"),
            ),
            ok(fixture("methods-authenticator-only.json")),
        ]);
        let sleeper = Arc::new(RecordingSleeper::new());
        let graph = client(transport, sleeper.clone());
        assert_eq!(
            graph
                .authentication_methods(&AccessToken::new("at"))
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(sleeper.waits(), vec![Duration::from_millis(2128)]);
    }

    #[tokio::test]
    async fn a_retry_after_beyond_the_limit_gives_up_with_the_request_id() {
        let transport = Scripted::new(vec![status(
            429,
            Some("3600"),
            fixture("graph-error-429-tooManyRequests.json"),
        )]);
        let sleeper = Arc::new(RecordingSleeper::new());
        let error = client(transport, sleeper.clone())
            .me(&AccessToken::new("at"))
            .await
            .unwrap_err();
        match error {
            GraphError::GaveUp {
                attempts,
                status,
                code,
                request_id,
            } => {
                assert_eq!(
                    (attempts, status, code.as_str()),
                    (1, 429, "TooManyRequests")
                );
                assert_eq!(
                    request_id.as_deref(),
                    Some("94fb3b52-452a-4535-a601-69e0a90e3aa2")
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(sleeper.waits().is_empty());
    }

    #[tokio::test]
    async fn server_errors_back_off_exponentially_up_to_the_attempt_limit() {
        let body = br#"{"error":{"code":"serviceNotAvailable","message":"x","innerError":{"request-id":"r-5"}}}"#.to_vec();
        let answers = (0..5).map(|_| status(503, None, body.clone())).collect();
        let sleeper = Arc::new(RecordingSleeper::new());
        let error = client(Scripted::new(answers), sleeper.clone())
            .me(&AccessToken::new("at"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                GraphError::GaveUp {
                    attempts: 5,
                    status: 503,
                    ..
                }
            ),
            "{error:?}"
        );
        let waits: Vec<u128> = sleeper.waits().iter().map(Duration::as_millis).collect();
        assert_eq!(waits, vec![500, 1000, 2000, 4000]);
    }

    #[tokio::test]
    async fn timeouts_are_retried_and_client_errors_are_not() {
        let transport = Scripted::new(vec![
            Err(TransportError::Timeout(Duration::from_secs(30))),
            ok(br#"{"id": "00aa", "displayName": "Mario Rossi", "userPrincipalName": "mario@contoso.com"}"#.to_vec()),
        ]);
        let me = client(transport, Arc::new(RecordingSleeper::new()))
            .me(&AccessToken::new("at"))
            .await
            .unwrap();
        assert_eq!(me.display_name.as_deref(), Some("Mario Rossi"));

        let transport = Scripted::new(vec![status(
            403,
            None,
            fixture("graph-error-403-accessDenied.json"),
        )]);
        let error = client(transport, Arc::new(RecordingSleeper::new()))
            .authentication_methods(&AccessToken::new("at"))
            .await
            .unwrap_err();
        assert!(error.is_permission_missing(), "{error:?}");
    }
}

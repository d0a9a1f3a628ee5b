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
use crate::http::{HttpRequest, HttpTransport, TransportError};
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
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let request = HttpRequest::get(url.clone(), self.timeout)
                .header("authorization", format!("Bearer {}", token.expose()))
                .header("accept", "application/json");
            let last_try = attempt >= self.policy.max_attempts;
            let wait = match self.http.send(request).await {
                Ok(response) if response.is_success() => {
                    return serde_json::from_slice(&response.body).map_err(|error| {
                        GraphError::Malformed(format!("{}: {error}", url.path()))
                    });
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

fn is_retryable_transport(error: &TransportError) -> bool {
    matches!(error, TransportError::Timeout(_) | TransportError::Other(_))
}

//! The HTTP client behind a small trait: one reqwest client for the whole app (connections reused), no
//! redirects followed (token calls must never follow one, and Graph does not need them), a timeout per request.

use std::fmt;
use std::time::Duration;

use url::Url;

use crate::clock::BoxFuture;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Delete,
}

/// One request. Its `Debug` shows the method and URL only: headers and form fields carry tokens.
#[derive(Clone)]
pub struct HttpRequest {
    pub method: HttpMethod,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    /// `application/x-www-form-urlencoded` body, for the token endpoints.
    pub form: Option<Vec<(String, String)>>,
    /// `application/json` body, for the Graph calls that change something (the IT desk's).
    pub json: Option<Vec<u8>>,
    pub timeout: Duration,
}

impl HttpRequest {
    pub fn get(url: Url, timeout: Duration) -> Self {
        Self {
            method: HttpMethod::Get,
            url,
            headers: Vec::new(),
            form: None,
            json: None,
            timeout,
        }
    }

    pub fn delete(url: Url, timeout: Duration) -> Self {
        Self {
            method: HttpMethod::Delete,
            ..Self::get(url, timeout)
        }
    }

    pub fn post_json(url: Url, json: Vec<u8>, timeout: Duration) -> Self {
        Self {
            method: HttpMethod::Post,
            json: Some(json),
            ..Self::get(url, timeout)
        }
    }

    pub fn post_form(url: Url, form: Vec<(String, String)>, timeout: Duration) -> Self {
        Self {
            method: HttpMethod::Post,
            url,
            headers: Vec::new(),
            form: Some(form),
            json: None,
            timeout,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &"[redacted]")
            .field("form", &self.form.as_ref().map(|_| "[redacted]"))
            .field("json", &self.json.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// A response: status, headers (names lower-cased) and the whole body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The request never got an HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    #[error("the server did not answer within {0:?}")]
    Timeout(Duration),
    #[error("could not reach {host}: {reason}")]
    Connect { host: String, reason: String },
    #[error("the connection failed: {0}")]
    Other(String),
}

/// Sends HTTP requests. The real one is [`ReqwestTransport`]; tests swap in doubles.
pub trait HttpTransport: Send + Sync {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// The real transport: one `reqwest::Client` (its pool keeps connections to each host alive).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("lifeboat/", env!("CARGO_PKG_VERSION")))
            // Re-checks open a connection per tenant at once; keep them for the Graph reads that follow.
            .pool_max_idle_per_host(64)
            .build()
            .map_err(|error| TransportError::Other(error.to_string()))?;
        Ok(Self { client })
    }
}

impl HttpTransport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let timeout = request.timeout;
            let host = request.url.host_str().unwrap_or_default().to_string();
            let mut builder = match request.method {
                HttpMethod::Get => self.client.get(request.url),
                HttpMethod::Post => self.client.post(request.url),
                HttpMethod::Delete => self.client.delete(request.url),
            }
            .timeout(timeout);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            if let Some(form) = &request.form {
                builder = builder.form(form);
            }
            if let Some(json) = request.json {
                builder = builder
                    .header("content-type", "application/json")
                    .body(json);
            }
            let classify = |error: reqwest::Error| {
                if error.is_timeout() {
                    TransportError::Timeout(timeout)
                } else if error.is_connect() {
                    TransportError::Connect {
                        host: host.clone(),
                        reason: error.to_string(),
                    }
                } else {
                    TransportError::Other(error.to_string())
                }
            };
            let response = builder.send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_ascii_lowercase(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = response.bytes().await.map_err(classify)?.to_vec();
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_headers_or_form_fields() {
        let url = Url::parse("https://login.example/token").unwrap();
        let request = HttpRequest::post_form(
            url,
            vec![("refresh_token".into(), "0.AAAA-secret".into())],
            Duration::from_secs(5),
        )
        .header("authorization", "Bearer eyJ-secret");
        let shown = format!("{request:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("https://login.example/token"));
    }

    #[test]
    fn header_lookup_ignores_case() {
        let response = HttpResponse {
            status: 429,
            headers: vec![("retry-after".into(), "2.128".into())],
            body: Vec::new(),
        };
        assert_eq!(response.header("Retry-After"), Some("2.128"));
        assert!(!response.is_success());
    }
}

//! Graph's error JSON (docs/MICROSOFT.md §5.3): `{"error": {"code", "message", "innerError": {"request-id", "date",
//! "client-request-id"}}}`, with `innerError` / `innererror` accepted in either casing.

use serde_json::Value;

use crate::http::{HttpResponse, TransportError};

/// A Graph call that did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// Graph answered with an error status.
    #[error("Microsoft Graph answered HTTP {status} {code}: {message}{}", request_id_suffix(.request_id))]
    Api {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
        client_request_id: Option<String>,
        date: Option<String>,
    },
    /// Still throttled (or still failing) after every retry allowed.
    #[error("Microsoft Graph kept refusing after {attempts} attempts (last: HTTP {status} {code}){}", request_id_suffix(.request_id))]
    GaveUp {
        attempts: u32,
        status: u16,
        code: String,
        request_id: Option<String>,
    },
    /// A successful answer that does not have the expected shape.
    #[error("Microsoft Graph's answer could not be read: {0}")]
    Malformed(String),
    /// A `@odata.nextLink` pointing away from Graph: not followed, so the token never leaves Graph.
    #[error(
        "Microsoft Graph returned a next-page link to another host ({0}); it was not followed"
    )]
    ForeignNextLink(String),
    #[error("Microsoft Graph returned more than {0} pages; reading stopped")]
    TooManyPages(usize),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

fn request_id_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_deref()
        .map(|id| format!(" (request-id {id})"))
        .unwrap_or_default()
}

impl GraphError {
    /// Builds the error of a failed response from its body and headers.
    pub fn from_response(response: &HttpResponse) -> Self {
        let body: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        let error = body.get("error");
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_string);
        let inner = error.and_then(|error| {
            error
                .as_object()?
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case("innererror"))
                .map(|(_, value)| value)
        });
        let inner_text = |name: &str| text(inner.and_then(|inner| inner.get(name)));
        GraphError::Api {
            status: response.status,
            code: text(error.and_then(|error| error.get("code")))
                .unwrap_or_else(|| format!("http{}", response.status)),
            message: text(error.and_then(|error| error.get("message"))).unwrap_or_default(),
            request_id: inner_text("request-id")
                .or_else(|| response.header("request-id").map(str::to_string)),
            client_request_id: inner_text("client-request-id")
                .or_else(|| response.header("client-request-id").map(str::to_string)),
            date: inner_text("date"),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Api { status, .. } | GraphError::GaveUp { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn code(&self) -> Option<&str> {
        match self {
            GraphError::Api { code, .. } | GraphError::GaveUp { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            GraphError::Api { request_id, .. } | GraphError::GaveUp { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// 403 for lack of permission: the token does not carry `UserAuthenticationMethod.Read` (no admin consent).
    pub fn is_permission_missing(&self) -> bool {
        self.status() == Some(403)
            && self.code().is_some_and(|code| {
                code.eq_ignore_ascii_case("accessDenied")
                    || code.eq_ignore_ascii_case("Authorization_RequestDenied")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../../fixtures/graph/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    fn response(status: u16, body: Vec<u8>) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("request-id".into(), "from-header".into())],
            body,
        }
    }

    #[test]
    fn graph_error_fixtures_keep_code_and_request_id() {
        let cases = [
            (
                "graph-error-403-accessDenied.json",
                403,
                "accessDenied",
                true,
            ),
            (
                "graph-error-403-authorizationRequestDenied.json",
                403,
                "Authorization_RequestDenied",
                true,
            ),
            (
                "graph-error-401-invalidAuthenticationToken.json",
                401,
                "InvalidAuthenticationToken",
                false,
            ),
            (
                "graph-error-429-tooManyRequests.json",
                429,
                "TooManyRequests",
                false,
            ),
        ];
        for (name, status, code, permission) in cases {
            let error = GraphError::from_response(&response(status, fixture(name)));
            assert_eq!(error.code(), Some(code), "{name}");
            assert_eq!(error.is_permission_missing(), permission, "{name}");
            let request_id = error
                .request_id()
                .unwrap_or_else(|| panic!("{name} has a request id"));
            assert_ne!(request_id, "", "{name}");
            assert!(error.to_string().contains(code));
        }
    }

    #[test]
    fn inner_error_casing_does_not_matter_and_headers_fill_gaps() {
        let body =
            br#"{"error":{"code":"x","message":"m","innererror":{"request-id":"r1","date":"d"}}}"#
                .to_vec();
        let error = GraphError::from_response(&response(500, body));
        assert_eq!(error.request_id(), Some("r1"));
        let error = GraphError::from_response(&response(502, b"<html>bad gateway</html>".to_vec()));
        assert_eq!(error.code(), Some("http502"));
        assert_eq!(error.request_id(), Some("from-header"));
    }
}

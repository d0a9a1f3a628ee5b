//! Calls to the token endpoint (docs/MICROSOFT.md §1.3, §1.7): redeeming the authorization code, refreshing (tokens
//! rotate on every use), polling the device code. Form posts on the no-redirect HTTP client.

use std::time::Duration;

use serde::Deserialize;
use url::Url;

use super::entra_error::EntraError;
use crate::http::{HttpRequest, HttpTransport, TransportError};
use crate::token_store::{
    AccessToken, AuthorizationCode, DeviceCode, IdTokenJwt, PkceVerifier, RefreshToken,
};

/// Scopes every user can consent to: the sign-in proof never waits for an admin (docs/PRODUCT.md §3).
pub const BASIC_SCOPES: &str = "openid profile offline_access User.Read";
/// Adds reading the person's own methods, which needs admin consent (docs/MICROSOFT.md §0.1), asked for afterwards
/// through the refresh token.
pub const METHODS_SCOPES: &str =
    "openid profile offline_access User.Read UserAuthenticationMethod.Read";

/// A successful token response. Unknown fields are ignored.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: AccessToken,
    pub refresh_token: Option<RefreshToken>,
    pub id_token: Option<IdTokenJwt>,
    pub expires_in: Option<Duration>,
    /// The scopes granted, as Entra lists them.
    pub scope: Option<String>,
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    id_token: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Entra (or the OAuth server) said no, with its error body.
    #[error("{}", .0.summary())]
    Rejected(Box<EntraError>),
    #[error("the sign-in service answered with HTTP {status} and no readable error")]
    Status { status: u16 },
    #[error("the sign-in service's answer could not be read: {0}")]
    Malformed(String),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// Calls one tenant's token endpoint for one client.
#[derive(Clone, Copy)]
pub struct TokenEndpoint<'a> {
    pub http: &'a dyn HttpTransport,
    pub url: &'a Url,
    pub client_id: &'a str,
    pub timeout: Duration,
}

impl TokenEndpoint<'_> {
    pub async fn redeem_code(
        &self,
        code: &AuthorizationCode,
        redirect_uri: &str,
        verifier: &PkceVerifier,
        scope: &str,
    ) -> Result<TokenSet, TokenError> {
        self.post(vec![
            ("grant_type", "authorization_code"),
            ("client_id", self.client_id),
            ("code", code.expose()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose()),
            ("scope", scope),
        ])
        .await
    }

    pub async fn refresh(
        &self,
        refresh_token: &RefreshToken,
        scope: &str,
    ) -> Result<TokenSet, TokenError> {
        self.post(vec![
            ("grant_type", "refresh_token"),
            ("client_id", self.client_id),
            ("refresh_token", refresh_token.expose()),
            ("scope", scope),
        ])
        .await
    }

    pub async fn poll_device_code(&self, device_code: &DeviceCode) -> Result<TokenSet, TokenError> {
        self.post(vec![
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("client_id", self.client_id),
            ("device_code", device_code.expose()),
        ])
        .await
    }

    async fn post(&self, form: Vec<(&str, &str)>) -> Result<TokenSet, TokenError> {
        let form = form
            .into_iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        let request = HttpRequest::post_form(self.url.clone(), form, self.timeout)
            .header("accept", "application/json");
        let response = self.http.send(request).await?;
        if response.is_success() {
            parse_token_body(&response.body)
        } else if let Some(error) = EntraError::from_json(&response.body) {
            Err(TokenError::Rejected(Box::new(error)))
        } else {
            Err(TokenError::Status {
                status: response.status,
            })
        }
    }
}

/// Parses a successful token response body.
pub fn parse_token_body(body: &[u8]) -> Result<TokenSet, TokenError> {
    let body: TokenBody =
        serde_json::from_slice(body).map_err(|error| TokenError::Malformed(error.to_string()))?;
    if body.access_token.is_empty() {
        return Err(TokenError::Malformed("the access token is empty".into()));
    }
    if let Some(kind) = &body.token_type {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::Malformed(format!(
                "unexpected token type “{kind}”"
            )));
        }
    }
    // `expires_in` is a number in Entra's answers and a string in some older ones.
    let expires_in = body.expires_in.and_then(|value| match value {
        serde_json::Value::Number(number) => number.as_u64(),
        serde_json::Value::String(text) => text.parse().ok(),
        _ => None,
    });
    Ok(TokenSet {
        access_token: AccessToken::new(body.access_token),
        refresh_token: body
            .refresh_token
            .filter(|token| !token.is_empty())
            .map(RefreshToken::new),
        id_token: body
            .id_token
            .filter(|token| !token.is_empty())
            .map(IdTokenJwt::new),
        expires_in: expires_in.map(Duration::from_secs),
        scope: body.scope,
    })
}

impl TokenSet {
    /// True when the granted scopes include `scope` (compared without the Graph resource prefix).
    pub fn grants(&self, scope: &str) -> bool {
        let wanted = scope.to_ascii_lowercase();
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .any(|granted| {
                let granted = granted.to_ascii_lowercase();
                granted == wanted || granted.rsplit('/').next() == Some(wanted.as_str())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_success_fixture_parses_and_hides_its_tokens() {
        let path = format!(
            "{}/../../fixtures/graph/token-success-response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let tokens = parse_token_body(&std::fs::read(path).unwrap()).unwrap();
        assert!(tokens.refresh_token.is_some());
        assert!(tokens.expires_in.is_some());
        let shown = format!("{tokens:?}");
        assert!(!shown.contains(tokens.access_token.expose()));
    }

    #[test]
    fn scopes_match_with_or_without_the_graph_prefix() {
        let tokens = TokenSet {
            access_token: AccessToken::new("a"),
            refresh_token: None,
            id_token: None,
            expires_in: None,
            scope: Some("https://graph.microsoft.com/UserAuthenticationMethod.Read https://graph.microsoft.com/User.Read".into()),
        };
        assert!(tokens.grants("UserAuthenticationMethod.Read"));
        assert!(tokens.grants("user.read"));
        assert!(!tokens.grants("Mail.Read"));
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        assert!(matches!(
            parse_token_body(b"{}"),
            Err(TokenError::Malformed(_))
        ));
        assert!(matches!(
            parse_token_body(br#"{"access_token": ""}"#),
            Err(TokenError::Malformed(_))
        ));
        assert!(matches!(
            parse_token_body(br#"{"access_token": "a", "token_type": "mac"}"#),
            Err(TokenError::Malformed(_))
        ));
        let parsed = parse_token_body(
            br#"{"access_token": "a", "token_type": "Bearer", "expires_in": "3599"}"#,
        )
        .unwrap();
        assert_eq!(parsed.expires_in, Some(Duration::from_secs(3599)));
    }
}

//! The OAuth 2.0 protocol through the `oauth2` crate (docs/MICROSOFT.md §1.2–§1.7): one crate client per tenant
//! from its discovered endpoints, Entra's error shape and token response as the crate's types, and Lifeboat's
//! [`HttpTransport`] as the crate's HTTP client (no redirects followed, a timeout per request).

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use oauth2::basic::{
    BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::http as web;
use oauth2::{
    AsyncHttpClient, AuthType, AuthUrl, ClientId, EndpointNotSet, EndpointSet, ExtraTokenFields,
    PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, StandardRevocableToken, TokenResponse,
    TokenUrl,
};
use serde::{Deserialize, Deserializer, Serialize};

use super::discovery::OpenIdConfiguration;
use super::entra_error::EntraError;
use super::SignInClient;
use crate::clock::BoxFuture;
use crate::http::{HttpRequest, HttpTransport, TransportError};
use crate::token_store::{AccessToken, IdTokenJwt, RefreshToken};

/// Scopes every user can consent to: the sign-in proof never waits for an admin (docs/PRODUCT.md §3).
pub const BASIC_SCOPES: &str = "openid profile offline_access User.Read";
/// Adds reading the person's own methods, which needs admin consent (docs/MICROSOFT.md §0.1), asked for afterwards
/// through the refresh token.
pub const METHODS_SCOPES: &str =
    "openid profile offline_access User.Read UserAuthenticationMethod.Read";

/// The scopes of a space-separated list, as the crate takes them.
pub(crate) fn scopes(list: &str) -> impl Iterator<Item = Scope> + '_ {
    list.split_whitespace()
        .map(|scope| Scope::new(scope.into()))
}

/// The crate's client for one tenant: authorization and token endpoints set, the device-code one when
/// `Device` is `EndpointSet`.
pub(crate) type EntraClient<Device = EndpointNotSet> = oauth2::Client<
    EntraError,
    EntraTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    Device,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The OpenID Connect field of Entra's token response (docs/MICROSOFT.md §1.3). `Debug` hides the token.
#[derive(Clone, Default, Deserialize, Serialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl fmt::Debug for IdTokenField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.id_token.as_ref().map(|_| "[redacted]");
        f.debug_struct("IdTokenField")
            .field("id_token", &shown)
            .finish()
    }
}

impl ExtraTokenFields for IdTokenField {}

/// A token response as Entra sends it: the standard fields, `expires_in` as a number or (in some older
/// answers) a string, and the ID token. Unknown fields are ignored.
#[derive(Debug, Deserialize, Serialize)]
pub struct EntraTokenResponse {
    access_token: oauth2::AccessToken,
    #[serde(deserialize_with = "oauth2::helpers::deserialize_untagged_enum_case_insensitive")]
    token_type: BasicTokenType,
    #[serde(
        default,
        deserialize_with = "seconds",
        skip_serializing_if = "Option::is_none"
    )]
    expires_in: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<oauth2::RefreshToken>,
    #[serde(
        rename = "scope",
        default,
        deserialize_with = "oauth2::helpers::deserialize_space_delimited_vec",
        serialize_with = "oauth2::helpers::serialize_space_delimited_vec",
        skip_serializing_if = "Option::is_none"
    )]
    scopes: Option<Vec<Scope>>,
    #[serde(flatten)]
    extra: IdTokenField,
}

/// `expires_in`: seconds as a JSON number or a string of digits.
fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seconds {
        Number(u64),
        Text(String),
    }
    Ok(match Option::<Seconds>::deserialize(deserializer)? {
        Some(Seconds::Number(seconds)) => Some(seconds),
        Some(Seconds::Text(text)) => text.trim().parse().ok(),
        None => None,
    })
}

impl TokenResponse for EntraTokenResponse {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &oauth2::AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        &self.token_type
    }
    fn expires_in(&self) -> Option<Duration> {
        self.expires_in.map(Duration::from_secs)
    }
    fn refresh_token(&self) -> Option<&oauth2::RefreshToken> {
        self.refresh_token.as_ref()
    }
    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

/// The tokens Lifeboat keeps from a successful answer.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: AccessToken,
    pub refresh_token: Option<RefreshToken>,
    pub id_token: Option<IdTokenJwt>,
}

impl TryFrom<EntraTokenResponse> for TokenSet {
    type Error = TokenError;

    fn try_from(response: EntraTokenResponse) -> Result<Self, TokenError> {
        if response.token_type != BasicTokenType::Bearer {
            return Err(TokenError::Malformed(format!(
                "unexpected token type “{}”",
                response.token_type.as_ref()
            )));
        }
        let access_token = response.access_token.into_secret();
        if access_token.is_empty() {
            return Err(TokenError::Malformed("the access token is empty".into()));
        }
        Ok(Self {
            access_token: AccessToken::new(access_token),
            refresh_token: response
                .refresh_token
                .map(oauth2::RefreshToken::into_secret)
                .filter(|token| !token.is_empty())
                .map(RefreshToken::new),
            id_token: response
                .extra
                .id_token
                .filter(|token| !token.is_empty())
                .map(IdTokenJwt::new),
        })
    }
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

/// Any of the crate's request errors; its own device-code error keeps only the standard fields.
impl<E: oauth2::ErrorResponse + Into<EntraError>> From<RequestTokenError<HttpFailure, E>>
    for TokenError
{
    fn from(error: RequestTokenError<HttpFailure, E>) -> Self {
        match error {
            RequestTokenError::ServerResponse(error) => {
                TokenError::Rejected(Box::new(error.into().filled()))
            }
            RequestTokenError::Request(HttpFailure::Transport(error)) => {
                TokenError::Transport(error)
            }
            RequestTokenError::Request(HttpFailure::Status(status)) => {
                TokenError::Status { status }
            }
            RequestTokenError::Request(HttpFailure::Unsendable(reason)) => {
                TokenError::Malformed(reason)
            }
            RequestTokenError::Parse(error, _) => TokenError::Malformed(error.to_string()),
            RequestTokenError::Other(reason) => TokenError::Malformed(reason),
        }
    }
}

/// Why the crate's HTTP call got no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum HttpFailure {
    #[error(transparent)]
    Transport(TransportError),
    /// An error status whose body is not an OAuth error (a proxy page, a redirect).
    #[error("HTTP {0} without an OAuth error")]
    Status(u16),
    #[error("the request could not be sent: {0}")]
    Unsendable(String),
}

/// [`HttpTransport`] as the crate's HTTP client: form posts stay forms, so test doubles read their fields.
pub(crate) struct OAuthHttp<'a> {
    pub http: &'a dyn HttpTransport,
    pub timeout: Duration,
}

impl<'c> AsyncHttpClient<'c> for OAuthHttp<'_> {
    type Error = HttpFailure;
    type Future = BoxFuture<'c, Result<oauth2::HttpResponse, HttpFailure>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let request = to_transport(request, self.timeout)?;
            let response = self
                .http
                .send(request)
                .await
                .map_err(HttpFailure::Transport)?;
            // The crate reads any non-200 body as the error type: keep bodies that are not one apart.
            if response.status != 200 && EntraError::from_json(&response.body).is_none() {
                return Err(HttpFailure::Status(response.status));
            }
            let mut builder = web::Response::builder().status(response.status);
            for (name, value) in &response.headers {
                builder = builder.header(name, value);
            }
            builder
                .body(response.body)
                .map_err(|error| HttpFailure::Unsendable(error.to_string()))
        })
    }
}

fn to_transport(
    request: oauth2::HttpRequest,
    timeout: Duration,
) -> Result<HttpRequest, HttpFailure> {
    let url = url::Url::parse(&request.uri().to_string())
        .map_err(|error| HttpFailure::Unsendable(error.to_string()))?;
    let mut sent = match *request.method() {
        web::Method::GET => HttpRequest::get(url, timeout),
        web::Method::POST => {
            let form = url::form_urlencoded::parse(request.body())
                .into_owned()
                .collect();
            HttpRequest::post_form(url, form, timeout)
        }
        ref other => return Err(HttpFailure::Unsendable(format!("method {other}"))),
    };
    for (name, value) in request.headers() {
        // The transport writes the form's own content type and length.
        if name != web::header::CONTENT_TYPE && name != web::header::CONTENT_LENGTH {
            if let Ok(value) = value.to_str() {
                sent = sent.header(name.as_str(), value);
            }
        }
    }
    Ok(sent)
}

impl SignInClient {
    /// The crate's client for the tenant of `metadata`.
    pub(crate) fn oauth(&self, metadata: &OpenIdConfiguration) -> EntraClient {
        oauth2::Client::new(ClientId::new(self.config.client_id.clone()))
            // A public client: the client id goes in the body, and there is no secret.
            .set_auth_type(AuthType::RequestBody)
            .set_auth_uri(AuthUrl::from_url(metadata.authorization_endpoint.clone()))
            .set_token_uri(TokenUrl::from_url(metadata.token_endpoint.clone()))
    }

    pub(crate) fn oauth_http(&self) -> OAuthHttp<'_> {
        OAuthHttp {
            http: self.http.as_ref(),
            timeout: self.config.request_timeout,
        }
    }

    /// Redeems the authorization code (with the PKCE verifier and the same redirect URI). Boxed as `Send` here,
    /// where the lifetimes are concrete: the crate's futures borrow the HTTP adapter, and proving them `Send` for
    /// every lifetime is beyond the compiler when they sit deep inside a spawned task.
    pub(crate) fn redeem_code<'a>(
        &'a self,
        metadata: &'a OpenIdConfiguration,
        code: oauth2::AuthorizationCode,
        redirect_uri: &'a RedirectUrl,
        verifier: PkceCodeVerifier,
    ) -> BoxFuture<'a, Result<TokenSet, TokenError>> {
        Box::pin(async move {
            let http = self.oauth_http();
            self.oauth(metadata)
                .exchange_code(code)
                .set_pkce_verifier(verifier)
                .set_redirect_uri(Cow::Borrowed(redirect_uri))
                .add_extra_param("scope", BASIC_SCOPES)
                .request_async(&http)
                .await?
                .try_into()
        })
    }

    /// Redeems a refresh token for `scope` (every use returns a new refresh token, docs/MICROSOFT.md §1.6).
    pub(crate) fn refresh<'a>(
        &'a self,
        metadata: &'a OpenIdConfiguration,
        refresh_token: &'a RefreshToken,
        scope: &'a str,
    ) -> BoxFuture<'a, Result<TokenSet, TokenError>> {
        Box::pin(async move {
            let http = self.oauth_http();
            let refresh_token = oauth2::RefreshToken::new(refresh_token.expose().to_string());
            self.oauth(metadata)
                .exchange_refresh_token(&refresh_token)
                .add_scopes(scopes(scope))
                .request_async(&http)
                .await?
                .try_into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<TokenSet, TokenError> {
        let response: EntraTokenResponse =
            serde_json::from_str(body).map_err(|error| TokenError::Malformed(error.to_string()))?;
        response.try_into()
    }

    #[test]
    fn the_success_fixture_parses_and_hides_its_tokens() {
        let path = format!(
            "{}/../../fixtures/graph/token-success-response.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let body = std::fs::read_to_string(path).unwrap();
        let response: EntraTokenResponse = serde_json::from_str(&body).unwrap();
        assert_eq!(response.expires_in(), Some(Duration::from_secs(3599)));
        assert_eq!(response.scopes().map(Vec::len), Some(5));
        let shown = format!("{response:?}");
        let tokens = TokenSet::try_from(response).unwrap();
        assert!(tokens.refresh_token.is_some() && tokens.id_token.is_some());
        for secret in [
            tokens.access_token.expose(),
            tokens.refresh_token.as_ref().unwrap().expose(),
            tokens.id_token.as_ref().unwrap().expose(),
        ] {
            assert!(!shown.contains(secret), "{shown}");
            assert!(!format!("{tokens:?}").contains(secret));
        }
    }

    #[test]
    fn expires_in_comes_as_a_number_or_a_string() {
        for (body, expected) in [
            (
                r#"{"access_token": "a", "token_type": "Bearer", "expires_in": 3599}"#,
                Some(3599),
            ),
            (
                r#"{"access_token": "a", "token_type": "bearer", "expires_in": "3599"}"#,
                Some(3599),
            ),
            (
                r#"{"access_token": "a", "token_type": "BEARER", "expires_in": "soon"}"#,
                None,
            ),
            (r#"{"access_token": "a", "token_type": "Bearer"}"#, None),
        ] {
            let response: EntraTokenResponse = serde_json::from_str(body).unwrap();
            assert_eq!(
                response.expires_in(),
                expected.map(Duration::from_secs),
                "{body}"
            );
        }
    }

    #[test]
    fn malformed_bodies_are_errors_not_panics() {
        for body in [
            "{}",
            r#"{"access_token": "a"}"#,
            r#"{"access_token": "", "token_type": "Bearer"}"#,
            r#"{"access_token": "a", "token_type": "mac"}"#,
            r#"{"access_token": 5, "token_type": "Bearer"}"#,
        ] {
            assert!(
                matches!(parse(body), Err(TokenError::Malformed(_))),
                "{body}"
            );
        }
    }
}

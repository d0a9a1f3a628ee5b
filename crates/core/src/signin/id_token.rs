//! ID token validation: RS256 signature against the tenant's JWKS, issuer with the tenant id, audience =
//! our client id, nonce, expiry with 5 minutes of clock skew. The clock is passed in.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;
use url::Url;

use super::pkce::constant_time_eq;
use crate::http::{HttpRequest, HttpTransport, TransportError};

/// Allowed clock difference between Lifeboat's machine and the identity provider.
pub const CLOCK_SKEW_SECONDS: i64 = 5 * 60;

/// Who signed in, from a validated ID token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignedInIdentity {
    /// `tid`: the tenant the person signed in to (for a guest, the resource tenant).
    pub tenant_id: String,
    /// `oid`: the person's object id in that tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub object_id: Option<String>,
    /// `preferred_username`: usually the UPN or email the person typed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub preferred_username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub name: Option<String>,
}

/// What the token must say.
#[derive(Debug, Clone)]
pub struct IdTokenExpectations<'a> {
    /// The issuer from the OpenID configuration; may hold Entra's `{tenantid}` template.
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce sent on the authorization request; `None` for refreshed tokens (no nonce there).
    pub nonce: Option<&'a str>,
    /// The tenant the sign-in was meant for, when known.
    pub tenant_id: Option<&'a str>,
    pub now: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdTokenError {
    #[error("the ID token is not a well-formed signed token: {0}")]
    Malformed(String),
    #[error("the ID token uses the algorithm {0}, which is not accepted")]
    Algorithm(String),
    #[error("the ID token was signed with a key the tenant does not publish")]
    UnknownKey,
    #[error("the ID token's signature is not valid")]
    Signature,
    #[error("the ID token was issued by “{found}”, not the expected “{expected}”")]
    Issuer { expected: String, found: String },
    #[error("the ID token is meant for another application")]
    Audience,
    #[error("the ID token does not carry the nonce of this sign-in")]
    Nonce,
    #[error("the ID token has expired")]
    Expired,
    #[error("the ID token is not valid yet")]
    NotYetValid,
    #[error("the ID token has no tenant id (tid)")]
    MissingTenant,
    #[error("the ID token is for tenant {found}, not {expected}")]
    WrongTenant { expected: String, found: String },
    #[error("the tenant's signing keys could not be read: {0}")]
    Keys(String),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    aud: Audience,
    exp: i64,
    #[serde(default)]
    nbf: Option<i64>,
    #[serde(default)]
    nonce: Option<String>,
    #[serde(default)]
    tid: Option<String>,
    #[serde(default)]
    oid: Option<String>,
    #[serde(default)]
    preferred_username: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// Validates `token` against `keys` and `expect`.
pub fn validate(
    token: &str,
    keys: &JwkSet,
    expect: &IdTokenExpectations<'_>,
) -> Result<SignedInIdentity, IdTokenError> {
    let header = jsonwebtoken::decode_header(token)
        .map_err(|error| IdTokenError::Malformed(error.to_string()))?;
    if header.alg != Algorithm::RS256 {
        return Err(IdTokenError::Algorithm(format!("{:?}", header.alg)));
    }
    let jwk = match &header.kid {
        Some(kid) => keys.find(kid),
        None if keys.keys.len() == 1 => keys.keys.first(),
        None => None,
    }
    .ok_or(IdTokenError::UnknownKey)?;
    let key = DecodingKey::from_jwk(jwk).map_err(|_| IdTokenError::UnknownKey)?;
    // The library checks the signature only; every claim is checked below against the injected clock.
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims = HashSet::new();
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|error| match error.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => IdTokenError::Signature,
            _ => IdTokenError::Malformed(error.to_string()),
        })?
        .claims;

    let tenant_id = claims
        .tid
        .clone()
        .filter(|tid| !tid.is_empty())
        .ok_or(IdTokenError::MissingTenant)?;
    let expected_issuer = expect.issuer.replace("{tenantid}", &tenant_id);
    if claims.iss != expected_issuer {
        return Err(IdTokenError::Issuer {
            expected: expected_issuer,
            found: claims.iss,
        });
    }
    if let Some(expected_tenant) = expect.tenant_id {
        if !expected_tenant.eq_ignore_ascii_case(&tenant_id) {
            return Err(IdTokenError::WrongTenant {
                expected: expected_tenant.to_string(),
                found: tenant_id,
            });
        }
    }
    let audience_ok = match &claims.aud {
        Audience::One(aud) => aud == expect.client_id,
        Audience::Many(auds) => auds.iter().any(|aud| aud == expect.client_id),
    };
    if !audience_ok {
        return Err(IdTokenError::Audience);
    }
    if let Some(nonce) = expect.nonce {
        if !claims
            .nonce
            .as_deref()
            .is_some_and(|found| constant_time_eq(found, nonce))
        {
            return Err(IdTokenError::Nonce);
        }
    }
    let now = expect.now.unix_timestamp();
    if claims.exp + CLOCK_SKEW_SECONDS < now {
        return Err(IdTokenError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf - CLOCK_SKEW_SECONDS > now) {
        return Err(IdTokenError::NotYetValid);
    }
    Ok(SignedInIdentity {
        tenant_id,
        object_id: claims.oid,
        preferred_username: claims.preferred_username,
        name: claims.name,
    })
}

/// Signing keys per `jwks_uri`, fetched once and again when a token names a key not seen yet (rotation).
#[derive(Default)]
pub struct KeyCache {
    sets: Mutex<HashMap<String, JwkSet>>,
}

impl KeyCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates `token`, fetching the tenant's keys as needed.
    pub async fn validate(
        &self,
        http: &dyn HttpTransport,
        jwks_uri: &Url,
        timeout: std::time::Duration,
        token: &str,
        expect: &IdTokenExpectations<'_>,
    ) -> Result<SignedInIdentity, IdTokenError> {
        if let Some(keys) = self.cached(jwks_uri) {
            match validate(token, &keys, expect) {
                Err(IdTokenError::UnknownKey) => {}
                other => return other,
            }
        }
        let response = http
            .send(HttpRequest::get(jwks_uri.clone(), timeout))
            .await?;
        if !response.is_success() {
            return Err(IdTokenError::Keys(format!("HTTP {}", response.status)));
        }
        let keys: JwkSet = serde_json::from_slice(&response.body)
            .map_err(|error| IdTokenError::Keys(error.to_string()))?;
        let result = validate(token, &keys, expect);
        if let Ok(mut sets) = self.sets.lock() {
            sets.insert(jwks_uri.to_string(), keys);
        }
        result
    }

    fn cached(&self, jwks_uri: &Url) -> Option<JwkSet> {
        self.sets.lock().ok()?.get(jwks_uri.as_str()).cloned()
    }
}

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

use super::constant_time_eq;
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

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use jsonwebtoken::{EncodingKey, Header};
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    const TID: &str = "aaaabbbb-0000-cccc-1111-dddd2222eeee";
    const CLIENT: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
    const NOW: OffsetDateTime = datetime!(2026-11-25 09:00 UTC);

    /// A signing key and its public JWK.
    type TestKey = (EncodingKey, serde_json::Value);

    /// One RSA key per test process (generation is slow in debug builds).
    fn key(index: usize) -> &'static TestKey {
        static KEYS: OnceLock<Vec<TestKey>> = OnceLock::new();
        &KEYS.get_or_init(|| {
            (0..2)
                .map(|i| {
                    let private =
                        rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
                    let der = private.to_pkcs1_der().unwrap();
                    let jwk = json!({
                        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": format!("key-{i}"),
                        "n": URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
                        "e": URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
                    });
                    (EncodingKey::from_rsa_der(der.as_bytes()), jwk)
                })
                .collect()
        })[index]
    }

    fn jwks() -> JwkSet {
        serde_json::from_value(json!({ "keys": [key(0).1] })).unwrap()
    }

    fn claims() -> serde_json::Value {
        json!({
            "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
            "aud": CLIENT,
            "exp": NOW.unix_timestamp() + 3600,
            "iat": NOW.unix_timestamp(),
            "nbf": NOW.unix_timestamp(),
            "nonce": "n-123",
            "tid": TID,
            "oid": "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
            "preferred_username": "mario.rossi@contoso.com",
            "name": "Mario Rossi",
        })
    }

    fn sign(claims: &serde_json::Value, key_index: usize) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some("key-0".into());
        jsonwebtoken::encode(&header, claims, &key(key_index).0).unwrap()
    }

    fn expect<'a>() -> IdTokenExpectations<'a> {
        IdTokenExpectations {
            issuer: "https://login.microsoftonline.com/{tenantid}/v2.0",
            client_id: CLIENT,
            nonce: Some("n-123"),
            tenant_id: Some(TID),
            now: NOW,
        }
    }

    fn check(claims: &serde_json::Value) -> Result<SignedInIdentity, IdTokenError> {
        validate(&sign(claims, 0), &jwks(), &expect())
    }

    fn with(change: impl FnOnce(&mut serde_json::Value)) -> serde_json::Value {
        let mut claims = claims();
        change(&mut claims);
        claims
    }

    #[test]
    fn a_valid_token_gives_the_identity() {
        let identity = check(&claims()).unwrap();
        assert_eq!(identity.tenant_id, TID);
        assert_eq!(
            identity.object_id.as_deref(),
            Some("00aa00aa-bb11-cc22-dd33-44ee44ee44ee")
        );
        assert_eq!(
            identity.preferred_username.as_deref(),
            Some("mario.rossi@contoso.com")
        );
        assert_eq!(identity.name.as_deref(), Some("Mario Rossi"));
        // A plain issuer (no template) must match exactly.
        let plain = IdTokenExpectations {
            issuer: &format!("https://login.microsoftonline.com/{TID}/v2.0"),
            ..expect()
        };
        assert!(validate(&sign(&claims(), 0), &jwks(), &plain).is_ok());
    }

    #[test]
    fn each_broken_claim_is_refused() {
        type Case = (&'static str, serde_json::Value, fn(&IdTokenError) -> bool);
        let cases: Vec<Case> = vec![
            (
                "issuer",
                with(|c| c["iss"] = json!("https://evil.example/{TID}/v2.0")),
                |e| matches!(e, IdTokenError::Issuer { .. }),
            ),
            (
                "issuer of another tenant",
                with(|c| c["iss"] = json!("https://login.microsoftonline.com/other/v2.0")),
                |e| matches!(e, IdTokenError::Issuer { .. }),
            ),
            (
                "audience",
                with(|c| c["aud"] = json!("someone-else")),
                |e| matches!(e, IdTokenError::Audience),
            ),
            ("nonce", with(|c| c["nonce"] = json!("replayed")), |e| {
                matches!(e, IdTokenError::Nonce)
            }),
            (
                "no nonce",
                with(|c| {
                    c.as_object_mut().unwrap().remove("nonce");
                }),
                |e| matches!(e, IdTokenError::Nonce),
            ),
            (
                "expired",
                with(|c| c["exp"] = json!(NOW.unix_timestamp() - 301)),
                |e| matches!(e, IdTokenError::Expired),
            ),
            (
                "not yet valid",
                with(|c| c["nbf"] = json!(NOW.unix_timestamp() + 301)),
                |e| matches!(e, IdTokenError::NotYetValid),
            ),
            (
                "no tenant",
                with(|c| {
                    c.as_object_mut().unwrap().remove("tid");
                }),
                |e| matches!(e, IdTokenError::MissingTenant),
            ),
            (
                "other tenant",
                with(|c| {
                    c["tid"] = json!("ffffffff-0000-0000-0000-000000000000");
                    c["iss"] = json!("https://login.microsoftonline.com/ffffffff-0000-0000-0000-000000000000/v2.0");
                }),
                |e| matches!(e, IdTokenError::WrongTenant { .. }),
            ),
        ];
        for (name, claims, is_expected) in cases {
            let error = check(&claims).expect_err(name);
            assert!(is_expected(&error), "{name}: {error:?}");
        }
    }

    #[test]
    fn five_minutes_of_clock_skew_are_allowed() {
        assert!(check(&with(|c| c["exp"] = json!(NOW.unix_timestamp() - 299))).is_ok());
        assert!(check(&with(|c| c["nbf"] = json!(NOW.unix_timestamp() + 299))).is_ok());
    }

    #[test]
    fn an_audience_list_containing_the_client_is_accepted() {
        assert!(check(&with(|c| c["aud"] = json!(["other", CLIENT]))).is_ok());
    }

    #[test]
    fn signatures_and_algorithms_are_checked() {
        // Signed by another key under the same key id.
        let forged = sign(&claims(), 1);
        assert!(matches!(
            validate(&forged, &jwks(), &expect()),
            Err(IdTokenError::Signature)
        ));
        // A symmetric algorithm (the classic key-confusion attack) and an unknown key id.
        let hs = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims(),
            &EncodingKey::from_secret(b"k"),
        )
        .unwrap();
        assert!(matches!(
            validate(&hs, &jwks(), &expect()),
            Err(IdTokenError::Algorithm(_))
        ));
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some("rotated-away".into());
        let unknown = jsonwebtoken::encode(&header, &claims(), &key(0).0).unwrap();
        assert!(matches!(
            validate(&unknown, &jwks(), &expect()),
            Err(IdTokenError::UnknownKey)
        ));
        // An unsigned token ("alg": "none") and garbage.
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims().to_string())
        );
        assert!(validate(&none, &jwks(), &expect()).is_err());
        assert!(matches!(
            validate("not.a.jwt", &jwks(), &expect()),
            Err(IdTokenError::Malformed(_))
        ));
    }

    #[test]
    fn refreshed_tokens_are_checked_without_a_nonce() {
        let refreshed = IdTokenExpectations {
            nonce: None,
            ..expect()
        };
        let claims = with(|c| {
            c.as_object_mut().unwrap().remove("nonce");
        });
        assert!(validate(&sign(&claims, 0), &jwks(), &refreshed).is_ok());
    }
}

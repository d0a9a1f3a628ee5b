//! The RSA key that signs ID tokens (RS256) and its JWKS. One key per process: generated on first use,
//! shared by every simulator started in that process.

use std::sync::{Arc, OnceLock};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub(crate) struct SigningKey {
    pair: KeyPair,
    kid: String,
    modulus_b64: String,
    exponent_b64: String,
}

#[derive(Debug, thiserror::Error)]
#[error("could not {0} the simulator's RSA signing key")]
pub struct KeyError(&'static str);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

static PROCESS_KEY: OnceLock<Arc<SigningKey>> = OnceLock::new();

impl SigningKey {
    /// The process-wide key, generated on first call.
    pub(crate) fn shared() -> Result<Arc<SigningKey>, KeyError> {
        if let Some(key) = PROCESS_KEY.get() {
            return Ok(key.clone());
        }
        let key = Arc::new(SigningKey::generate()?);
        Ok(PROCESS_KEY.get_or_init(|| key).clone())
    }

    pub(crate) fn generate() -> Result<SigningKey, KeyError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError("generate"))?;
        let public = pair.public_key();
        let modulus = public.modulus().big_endian_without_leading_zero().to_vec();
        let exponent = public.exponent().big_endian_without_leading_zero().to_vec();
        // Like Entra's kids: a short, stable digest of the public key.
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(&modulus)[..20]);
        Ok(SigningKey {
            pair,
            kid,
            modulus_b64: URL_SAFE_NO_PAD.encode(modulus),
            exponent_b64: URL_SAFE_NO_PAD.encode(exponent),
        })
    }

    #[cfg(test)]
    pub(crate) fn kid(&self) -> &str {
        &self.kid
    }

    /// `/discovery/v2.0/keys`: Entra's JWKS members (`kty`, `use`, `kid`, `n`, `e`, `issuer`).
    pub(crate) fn jwks(&self, issuer: &str) -> Value {
        json!({
            "keys": [{
                "kty": "RSA",
                "use": "sig",
                "kid": self.kid,
                "alg": "RS256",
                "n": self.modulus_b64,
                "e": self.exponent_b64,
                "issuer": issuer,
            }]
        })
    }

    /// A compact JWS (`header.payload.signature`) over the claims.
    pub(crate) fn sign_jwt(&self, claims: &Value) -> Result<String, KeyError> {
        let header = json!({"typ": "JWT", "alg": "RS256", "kid": self.kid});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0u8; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                signing_input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| KeyError("sign with"))?;
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_a_three_part_token_with_the_key_id() {
        let key = SigningKey::shared().unwrap();
        let token = key.sign_jwt(&json!({"sub": "x"})).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let header: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["kid"], key.kid());
        // 2048-bit key: a 256-byte signature.
        assert_eq!(URL_SAFE_NO_PAD.decode(parts[2]).unwrap().len(), 256);
        let jwks = key.jwks("https://issuer");
        assert_eq!(jwks["keys"][0]["e"], "AQAB");
    }
}

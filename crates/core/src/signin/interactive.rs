//! Authorization code + PKCE in the system browser (RFC 8252), with the loopback listener.

use url::Url;

use super::loopback::{LoopbackListener, RedirectResult};
use super::pkce::{random_url_safe, Pkce};
use super::{
    AccountTarget, BrowserOpener, Interruption, SetupError, SignInAttempt, SignInClient,
    SignInControl, SignInError, BASIC_SCOPES,
};
use crate::evidence::SignInOutcome;
use crate::Lang;

impl SignInClient {
    /// Signs `target` in through the browser `opener` opens. Waits for the redirect, the person's buttons
    /// (`control`) or the configured timeout, whichever comes first. `Err` only when the sign-in could not
    /// start (no browser: offer the device code flow).
    pub async fn interactive(
        &self,
        target: &AccountTarget,
        opener: &dyn BrowserOpener,
        control: &SignInControl,
        lang: Lang,
    ) -> Result<SignInAttempt, SetupError> {
        let metadata = match self.metadata_for(target).await {
            Ok(metadata) => metadata,
            Err(attempt) => return Ok(*attempt),
        };
        let random =
            |bytes| random_url_safe(bytes).map_err(|error| SetupError::Random(error.to_string()));
        let pkce = Pkce::generate().map_err(|error| SetupError::Random(error.to_string()))?;
        let state = random(32)?;
        let nonce = random(32)?;
        let listener = LoopbackListener::bind()
            .await
            .map_err(|error| SetupError::Listener(error.to_string()))?;
        let redirect_uri = listener.redirect_uri();
        let url = authorize_url(
            &metadata.authorization_endpoint,
            &self.config.client_id,
            &redirect_uri,
            target,
            &pkce,
            &state,
            &nonce,
            lang,
        );
        opener.open(&url)?;
        tracing::info!(tenant = ?metadata.tenant_id(), "waiting for the browser sign-in");

        let timeout = self.config.interactive_timeout;
        let redirect = tokio::select! {
            redirect = listener.wait_for_redirect(&state, lang) => redirect,
            interruption = control.interrupted() => {
                let now = self.clock.now();
                return Ok(match interruption {
                    Interruption::StuckAtMfa => SignInAttempt::failed(SignInOutcome::BlockedByMfa, now, SignInError::StuckAtMfa),
                    Interruption::Cancelled => SignInAttempt::failed(SignInOutcome::Skipped, now, SignInError::Cancelled),
                });
            }
            () = tokio::time::sleep(timeout) => {
                return Ok(SignInAttempt::failed(SignInOutcome::Transient, self.clock.now(), SignInError::TimedOut(timeout)));
            }
        };
        let code = match redirect {
            RedirectResult::Code(code) => code,
            RedirectResult::Error(error) => {
                let why = SignInError::Token(super::TokenError::Rejected(Box::new(error.clone())));
                return Ok(SignInAttempt::rejected(&error, self.clock.now(), why));
            }
        };
        let tokens = match self
            .token_endpoint(&metadata)
            .redeem_code(&code, &redirect_uri, &pkce.verifier, BASIC_SCOPES)
            .await
        {
            Ok(tokens) => tokens,
            Err(error) => return Ok(self.refresh_failed(error)),
        };
        Ok(self.complete(target, &metadata, tokens, Some(&nonce)).await)
    }
}

/// The `/authorize` URL (docs/MICROSOFT.md §1.2): code flow, PKCE S256, `state`, `nonce`, `login_hint` and
/// `domain_hint` so the person lands on the right account and identity provider; `ui_locales` (OpenID Connect
/// Core §3.1.2.1) asks for the pages in the person's language, which otherwise follow the browser's.
#[allow(clippy::too_many_arguments)]
fn authorize_url(
    endpoint: &Url,
    client_id: &str,
    redirect_uri: &str,
    target: &AccountTarget,
    pkce: &Pkce,
    state: &str,
    nonce: &str,
    lang: Lang,
) -> Url {
    let mut url = endpoint.clone();
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("client_id", client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("response_mode", "query")
            .append_pair("scope", BASIC_SCOPES)
            .append_pair("state", state)
            .append_pair("nonce", nonce)
            .append_pair("code_challenge", &pkce.challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("login_hint", target.upn.trim())
            .append_pair("ui_locales", lang.code());
        if let Some(domain) = super::discovery::domain_of(&target.upn) {
            query.append_pair("domain_hint", domain);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token_store::PkceVerifier;

    #[test]
    fn the_authorize_url_carries_every_parameter() {
        let endpoint = Url::parse("https://login.example/t1/oauth2/v2.0/authorize").unwrap();
        let target = AccountTarget {
            key: "k".into(),
            upn: "mario.rossi@scuola.example.it".into(),
            tenant: None,
        };
        let pkce = Pkce::from_verifier(PkceVerifier::new(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        ));
        let url = authorize_url(
            &endpoint,
            "client",
            "http://localhost:5000",
            &target,
            &pkce,
            "st",
            "no",
            Lang::It,
        );
        let pairs: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        assert_eq!(pairs["client_id"], "client");
        assert_eq!(pairs["response_type"], "code");
        assert_eq!(pairs["redirect_uri"], "http://localhost:5000");
        assert_eq!(pairs["scope"], "openid profile offline_access User.Read");
        assert_eq!(pairs["state"], "st");
        assert_eq!(pairs["nonce"], "no");
        assert_eq!(
            pairs["code_challenge"],
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert_eq!(pairs["code_challenge_method"], "S256");
        assert_eq!(pairs["login_hint"], "mario.rossi@scuola.example.it");
        assert_eq!(pairs["domain_hint"], "scuola.example.it");
        assert_eq!(pairs["ui_locales"], "it");
        assert!(
            !url.as_str().contains("dBjftJeZ"),
            "the verifier never travels in the URL"
        );
    }
}

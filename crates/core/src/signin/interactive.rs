//! Authorization code + PKCE in the system browser (RFC 8252) through the `oauth2` crate, with Lifeboat's own
//! loopback listener.

use std::borrow::Cow;

use oauth2::{CsrfToken, PkceCodeChallenge, RedirectUrl};
use url::Url;

use super::loopback::{LoopbackListener, RedirectResult};
use super::token::{scopes, EntraClient};
use super::{
    AccountTarget, BrowserOpener, SetupError, SignInAttempt, SignInClient, SignInControl,
    SignInError, BASIC_SCOPES,
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
        let client = self.oauth(&metadata);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state = CsrfToken::new_random_len(32);
        let nonce = CsrfToken::new_random_len(32);
        let listener = LoopbackListener::bind()
            .await
            .map_err(|error| SetupError::Listener(error.to_string()))?;
        let redirect_uri = RedirectUrl::new(listener.redirect_uri())
            .map_err(|error| SetupError::Listener(error.to_string()))?;
        let url = authorize_url(
            &client,
            &redirect_uri,
            target,
            challenge,
            &state,
            &nonce,
            lang,
        );
        opener.open(&url)?;
        tracing::info!(tenant = ?metadata.tenant_id(), "waiting for the browser sign-in");

        let timeout = self.config.interactive_timeout;
        let redirect = tokio::select! {
            redirect = listener.wait_for_redirect(state.secret(), lang) => redirect,
            interruption = control.interrupted() => return Ok(self.interrupted(interruption)),
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
            .redeem_code(&metadata, code, &redirect_uri, verifier)
            .await
        {
            Ok(tokens) => tokens,
            Err(error) => return Ok(self.refresh_failed(error)),
        };
        Ok(self
            .complete(target, &metadata, tokens, Some(nonce.secret()))
            .await)
    }
}

/// The `/authorize` URL (docs/MICROSOFT.md §1.2): code flow, PKCE S256, `state`, `nonce`, `login_hint` and
/// `domain_hint` so the person lands on the right account and identity provider; `ui_locales` (OpenID Connect
/// Core §3.1.2.1) asks for the pages in the person's language, which otherwise follow the browser's.
fn authorize_url(
    client: &EntraClient,
    redirect_uri: &RedirectUrl,
    target: &AccountTarget,
    challenge: PkceCodeChallenge,
    state: &CsrfToken,
    nonce: &CsrfToken,
    lang: Lang,
) -> Url {
    let mut request = client
        .authorize_url(|| state.clone())
        .set_redirect_uri(Cow::Borrowed(redirect_uri))
        .add_scopes(scopes(BASIC_SCOPES))
        .set_pkce_challenge(challenge)
        .add_extra_param("response_mode", "query")
        .add_extra_param("nonce", nonce.secret())
        .add_extra_param("login_hint", target.upn.trim())
        .add_extra_param("ui_locales", lang.code());
    if let Some(domain) = super::discovery::domain_of(&target.upn) {
        request = request.add_extra_param("domain_hint", domain);
    }
    if target.fresh {
        request = request.add_extra_param("prompt", "login");
    }
    request.url().0
}

#[cfg(test)]
mod tests {
    use oauth2::PkceCodeVerifier;

    use super::*;
    use crate::signin::discovery::OpenIdConfiguration;

    #[test]
    fn the_authorize_url_carries_every_parameter() {
        let endpoint =
            |path: &str| Url::parse(&format!("https://login.example/t1/{path}")).unwrap();
        let metadata = OpenIdConfiguration {
            issuer: "https://login.example/t1/v2.0".into(),
            authorization_endpoint: endpoint("oauth2/v2.0/authorize"),
            token_endpoint: endpoint("oauth2/v2.0/token"),
            device_authorization_endpoint: None,
            jwks_uri: endpoint("discovery/v2.0/keys"),
        };
        let signin = crate::signin::tests::client();
        let target = AccountTarget {
            key: "k".into(),
            upn: "mario.rossi@scuola.example.it".into(),
            tenant: None,
            fresh: false,
        };
        let verifier = PkceCodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
        let url_for = |target: &AccountTarget| {
            authorize_url(
                &signin.oauth(&metadata),
                &RedirectUrl::new("http://localhost:5000".into()).unwrap(),
                target,
                PkceCodeChallenge::from_code_verifier_sha256(&verifier),
                &CsrfToken::new("st".into()),
                &CsrfToken::new("no".into()),
                Lang::It,
            )
        };
        let url = url_for(&target);
        // A fresh sign-in (the proof of a move or a re-registration) asks again whatever the browser remembers.
        assert!(!url.query_pairs().any(|(name, _)| name == "prompt"));
        let fresh = url_for(&AccountTarget {
            fresh: true,
            ..target.clone()
        });
        assert!(fresh
            .query_pairs()
            .any(|(name, value)| name == "prompt" && value == "login"));
        assert!(url
            .as_str()
            .starts_with("https://login.example/t1/oauth2/v2.0/authorize?"));
        let pairs: std::collections::HashMap<String, String> =
            url.query_pairs().into_owned().collect();
        assert_eq!(pairs["client_id"], crate::config::GRAPH_CLI_TOOLS_CLIENT_ID);
        assert_eq!(pairs["response_type"], "code");
        assert_eq!(pairs["response_mode"], "query");
        assert_eq!(pairs["redirect_uri"], "http://localhost:5000");
        assert_eq!(pairs["scope"], "openid profile offline_access User.Read");
        assert_eq!(pairs["state"], "st");
        assert_eq!(pairs["nonce"], "no");
        // RFC 7636 appendix B.
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

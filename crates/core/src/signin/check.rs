//! Checking one account: sign in (or resume a remembered session), remember the newest refresh token, then
//! read `/me` and the methods side by side.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use ts_rs::TS;

use super::{
    AccountTarget, BrowserOpener, DeviceCodePrompt, MethodsAccess, SetupError, SignInAttempt,
    SignInClient, SignInControl, SignedInIdentity,
};
use crate::book::Account;
use crate::clock::{Sleeper, SystemClock, TokioSleeper};
use crate::config::{ConfigError, IdentityConfig};
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::graph::{GraphClient, GraphError, Me};
use crate::http::{ReqwestTransport, TransportError};
use crate::problem::Problem;
use crate::token_store::{self, AccessToken, RefreshToken, TokenStore, TokenStoreError};
use crate::Lang;

/// What reading the methods gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum MethodsReading {
    /// The registered methods, as raw Graph JSON (one element of `value[]` each).
    Read {
        #[ts(type = "unknown[]")]
        methods: Vec<Value>,
        #[serde(with = "time::serde::rfc3339")]
        #[ts(type = "string")]
        read_at: OffsetDateTime,
    },
    /// The tenant has not consented to `UserAuthenticationMethod.Read` for this app: "method list needs admin
    /// consent"; the manual inventory takes over.
    NeedsAdminConsent {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        aadsts: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        trace_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        correlation_id: Option<String>,
    },
    /// Reading failed (Graph's code and request-id kept for a ticket; why, in both languages).
    Failed {
        problem: Problem,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        request_id: Option<String>,
    },
    /// The sign-in did not complete, so nothing was read.
    NotRead,
}

/// Everything one check of one account found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountCheck {
    pub account_key: String,
    pub evidence: SignInEvidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub identity: Option<SignedInIdentity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub profile: Option<Me>,
    pub methods: MethodsReading,
    /// True when the session is remembered in the keyring for the next re-check.
    pub remembered: bool,
    /// Why the sign-in did not complete, or what went wrong around it (in both languages: the front end
    /// shows it in the run's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problem: Option<Problem>,
}

/// Why [`Checker::with_defaults`] could not make a checker.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckerError {
    /// A host tokens must not be sent to.
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// Why a token for other scopes could not be had.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopedTokenError {
    #[error(transparent)]
    SignIn(#[from] super::SignInError),
    #[error(transparent)]
    Store(#[from] TokenStoreError),
}

impl ScopedTokenError {
    /// The organisation has not granted admin consent for these scopes (AADSTS65001 and kin).
    pub fn is_consent_missing(&self) -> bool {
        matches!(
            self,
            ScopedTokenError::SignIn(super::SignInError::Token(super::TokenError::Rejected(error)))
                if error.outcome() == SignInOutcome::ConsentMissing
        )
    }
}

/// Signs in, remembers sessions and reads Graph. Cheap to clone: everything inside is shared.
#[derive(Clone)]
pub struct Checker {
    pub(crate) signin: Arc<SignInClient>,
    pub(crate) graph: Arc<GraphClient>,
    pub(crate) store: Arc<dyn TokenStore>,
}

impl Checker {
    pub fn new(
        signin: Arc<SignInClient>,
        graph: Arc<GraphClient>,
        store: Arc<dyn TokenStore>,
    ) -> Self {
        Self {
            signin,
            graph,
            store,
        }
    }

    /// The real thing: one reqwest client for sign-in and Graph, the system clock, tokio's timer. The hosts
    /// are checked again here ([`IdentityConfig::validate`]): tokens go to them.
    pub fn with_defaults(
        config: IdentityConfig,
        store: Arc<dyn TokenStore>,
    ) -> Result<Self, CheckerError> {
        config.validate()?;
        let http: Arc<dyn crate::http::HttpTransport> = Arc::new(ReqwestTransport::new()?);
        let sleeper: Arc<dyn Sleeper> = Arc::new(TokioSleeper);
        let graph = GraphClient::new(&config, http.clone(), sleeper.clone()).map_err(|error| {
            TransportError::Other(format!("the Graph address is not valid: {error}"))
        })?;
        let signin = SignInClient::new(Arc::new(config), http, Arc::new(SystemClock), sleeper);
        Ok(Self::new(Arc::new(signin), Arc::new(graph), store))
    }

    pub fn signin(&self) -> &SignInClient {
        &self.signin
    }

    /// The Graph client (the IT desk sends its own requests with it).
    pub fn graph(&self) -> &Arc<GraphClient> {
        &self.graph
    }

    pub fn store(&self) -> &Arc<dyn TokenStore> {
        &self.store
    }

    /// Interactive check of one account in the system browser (or whatever `opener` is).
    pub async fn check_interactive(
        &self,
        target: &AccountTarget,
        opener: &dyn BrowserOpener,
        control: &SignInControl,
        lang: Lang,
    ) -> Result<AccountCheck, SetupError> {
        let attempt = self
            .signin
            .interactive(target, opener, control, lang)
            .await?;
        Ok(self.finish(target, attempt).await)
    }

    /// Device-code check of one account.
    pub async fn check_device_code(
        &self,
        target: &AccountTarget,
        show: &(dyn Fn(&DeviceCodePrompt) + Send + Sync),
        control: &SignInControl,
        lang: Lang,
    ) -> AccountCheck {
        let attempt = self.signin.device_code(target, show, control, lang).await;
        self.finish(target, attempt).await
    }

    /// Where and as what `account` signs in with this checker's hosts; its key names them, so a session
    /// remembered with other hosts is neither used nor replaced.
    pub fn target_for(&self, account: &Account) -> AccountTarget {
        AccountTarget::for_account(account, self.signin.config())
    }

    /// Deletes the remembered session under one keyring key.
    pub async fn forget(&self, account_key: &str) -> Result<(), TokenStoreError> {
        let store = self.store.clone();
        let key = account_key.to_string();
        blocking(move || store.forget(&key)).await
    }

    /// "Remove account", and the old entry when an account's sign-in name, tenant or membership changes:
    /// deletes every remembered session of `account`, whatever hosts it was made with; how many there were.
    pub async fn forget_account(&self, account: &Account) -> Result<usize, TokenStoreError> {
        let store = self.store.clone();
        let session_key = account.session_key();
        blocking(move || token_store::forget_all(store.as_ref(), [session_key.as_str()])).await
    }

    /// "Forget remembered sessions": every entry Lifeboat wrote, accounts no longer in the book included;
    /// how many sessions there were.
    pub async fn forget_all(&self) -> Result<usize, TokenStoreError> {
        let store = self.store.clone();
        blocking(move || store.forget_all()).await
    }

    /// A token for `scope` from `target`'s remembered session (kept rotated); `None` when no session is
    /// remembered (sign in first).
    pub async fn scoped_token(
        &self,
        target: &AccountTarget,
        scope: &str,
    ) -> Result<Option<AccessToken>, ScopedTokenError> {
        let Some(refresh_token) = self.load_session(&target.key).await? else {
            return Ok(None);
        };
        let tokens = self
            .signin
            .token_for_scopes(target, &refresh_token, scope)
            .await?;
        if let Some(newer) = tokens.refresh_token.clone() {
            let store = self.store.clone();
            let key = target.key.clone();
            blocking(move || store.save(&key, &newer)).await?;
        }
        Ok(Some(tokens.access_token))
    }

    pub(crate) async fn load_session(
        &self,
        account_key: &str,
    ) -> Result<Option<RefreshToken>, TokenStoreError> {
        let store = self.store.clone();
        let key = account_key.to_string();
        blocking(move || store.load(&key)).await
    }

    /// Remembers the newest refresh token, then reads Graph.
    pub(crate) async fn finish(
        &self,
        target: &AccountTarget,
        attempt: SignInAttempt,
    ) -> AccountCheck {
        let SignInAttempt {
            evidence,
            identity,
            session,
            error,
        } = attempt;
        let mut check = AccountCheck {
            account_key: target.key.clone(),
            evidence,
            identity,
            profile: None,
            methods: MethodsReading::NotRead,
            remembered: false,
            problem: error.as_ref().map(Problem::of),
        };
        let Some(session) = session else { return check };
        if let Some(refresh_token) = session.refresh_token.clone() {
            let store = self.store.clone();
            let key = target.key.clone();
            match blocking(move || store.save(&key, &refresh_token)).await {
                Ok(()) => check.remembered = self.store.remembers_sessions(),
                Err(error) => {
                    tracing::warn!(%error, "the session could not be remembered");
                    check.problem = Some(Problem::of(&error));
                }
            }
        }
        let now = self.signin.clock.now();
        let methods = async {
            match &session.methods {
                MethodsAccess::Granted(token) => {
                    match self.graph.authentication_methods(token).await {
                        Ok(methods) => MethodsReading::Read {
                            methods,
                            read_at: now,
                        },
                        // A token without the scope (consent withdrawn since): same meaning as 65001.
                        Err(error) if error.is_permission_missing() => {
                            MethodsReading::NeedsAdminConsent {
                                aadsts: None,
                                trace_id: None,
                                correlation_id: None,
                            }
                        }
                        Err(error) => failed_reading(&error),
                    }
                }
                MethodsAccess::NeedsAdminConsent(error) => MethodsReading::NeedsAdminConsent {
                    aadsts: error.aadsts(),
                    trace_id: error.trace_id.clone(),
                    correlation_id: error.correlation_id.clone(),
                },
                MethodsAccess::Unavailable(problem) => MethodsReading::Failed {
                    problem: problem.clone(),
                    code: None,
                    request_id: None,
                },
            }
        };
        let (profile, methods) = tokio::join!(self.graph.me(&session.basic_token), methods);
        match profile {
            Ok(profile) => check.profile = Some(profile),
            Err(error) => tracing::warn!(%error, "the profile could not be read"),
        }
        check.methods = methods;
        debug_assert_eq!(check.evidence.outcome, SignInOutcome::Completed);
        check
    }
}

fn failed_reading(error: &GraphError) -> MethodsReading {
    MethodsReading::Failed {
        problem: Problem::of(error),
        code: error.code().map(str::to_string),
        request_id: error.request_id().map(str::to_string),
    }
}

/// Keyring calls block on D-Bus or the OS: keep them off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, TokenStoreError> + Send + 'static,
) -> Result<T, TokenStoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| {
            Err(TokenStoreError::Unavailable(format!(
                "the keyring call failed: {error}"
            )))
        })
}

//! Signing in to each tenant in turn (docs/PRODUCT.md §4, docs/MICROSOFT.md §1): tenant discovery, authorization code +
//! PKCE in the system browser with a loopback listener, the device code flow as fallback, ID token
//! validation, scopes asked in two steps, and every failure classified into a [`SignInOutcome`].

pub mod browser;
mod check;
pub mod control;
pub mod device;
pub mod discovery;
pub mod entra_error;
pub mod id_token;
mod interactive;
pub mod loopback;
pub mod pkce;
mod recheck;
pub mod token;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

pub use browser::{BrowserError, BrowserOpener, SystemBrowser};
pub use check::{AccountCheck, Checker, MethodsReading};
pub use control::{Interruption, SignInControl};
pub use device::DeviceCodePrompt;
pub use discovery::{DiscoveryError, OpenIdConfiguration};
pub use entra_error::EntraError;
pub use id_token::{IdTokenError, SignedInIdentity};
pub use recheck::{RecheckOutcome, RecheckResult};
pub use token::{TokenError, TokenSet, BASIC_SCOPES, METHODS_SCOPES};

use crate::book::Membership;
use crate::clock::{Clock, Sleeper};
use crate::config::IdentityConfig;
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::http::HttpTransport;
use crate::problem::Problem;
use crate::token_store::{AccessToken, RefreshToken};
use id_token::{IdTokenExpectations, KeyCache};
use token::TokenEndpoint;

/// The account to sign in: its key in the account book, its UPN, and where to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTarget {
    /// The account's id in the account book; keys its keyring entry.
    pub key: String,
    pub upn: String,
    /// Tenant id or domain. Guests must give the resource tenant's id (docs/MICROSOFT.md §1.1); without one, the
    /// UPN's domain is used.
    pub tenant: Option<String>,
}

impl AccountTarget {
    /// The tenant segment of the authority: the given tenant, else the UPN's domain.
    pub fn tenant_segment(&self) -> Option<String> {
        self.tenant
            .as_deref()
            .map(str::trim)
            .filter(|tenant| !tenant.is_empty())
            .map(str::to_string)
            .or_else(|| discovery::domain_of(&self.upn).map(str::to_string))
    }
}

/// Whether the methods can be read with this session.
#[derive(Debug, Clone)]
pub enum MethodsAccess {
    /// A token carrying `UserAuthenticationMethod.Read`.
    Granted(AccessToken),
    /// The tenant has not consented (65001, 90094, 90095): only an admin can fix it; the manual inventory
    /// takes over. The error is kept for the ticket.
    NeedsAdminConsent(EntraError),
    /// Asking for the scope failed otherwise (why, in both languages).
    Unavailable(Problem),
}

/// Tokens of a completed sign-in.
#[derive(Debug, Clone)]
pub struct Session {
    /// A Graph token with `User.Read` (enough for `/me`).
    pub basic_token: AccessToken,
    pub methods: MethodsAccess,
    /// The newest refresh token (they rotate on every use).
    pub refresh_token: Option<RefreshToken>,
}

/// Why a sign-in did not complete. The outcome is in the attempt's evidence; `Display` is the technical
/// English line for logs, [`crate::problem::Explain`] the words a person reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("“{0}” has no domain to find its organisation by; give the tenant id or domain")]
    NoTenant(String),
    #[error(transparent)]
    Discovery(#[from] DiscoveryError),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    IdToken(#[from] IdTokenError),
    #[error("the sign-in service sent no ID token")]
    NoIdToken,
    #[error("signed in as {found}, not {expected}")]
    WrongAccount { expected: String, found: String },
    #[error("the sign-in did not finish within {} minutes", .0.as_secs() / 60)]
    TimedOut(std::time::Duration),
    #[error("the sign-in was cancelled")]
    Cancelled,
    #[error("stuck at the MFA prompt")]
    StuckAtMfa,
    #[error("the device code expired before the sign-in finished")]
    DeviceCodeExpired,
    #[error("the sign-in was declined on the device-code page")]
    DeviceCodeDeclined,
    #[error("the code typed on the device-code page was not recognised")]
    DeviceCodeMistyped,
}

/// What one sign-in attempt left behind.
#[derive(Debug, Clone)]
pub struct SignInAttempt {
    pub evidence: SignInEvidence,
    pub identity: Option<SignedInIdentity>,
    pub session: Option<Session>,
    pub error: Option<SignInError>,
}

impl SignInAttempt {
    fn failed(outcome: SignInOutcome, at: OffsetDateTime, error: SignInError) -> Self {
        Self {
            evidence: SignInEvidence::new(outcome, at),
            identity: None,
            session: None,
            error: Some(error),
        }
    }

    fn rejected(entra: &EntraError, at: OffsetDateTime, error: SignInError) -> Self {
        Self {
            evidence: entra.evidence(at),
            identity: None,
            session: None,
            error: Some(error),
        }
    }
}

/// Problems that stop a sign-in before it starts; no evidence about the account comes from them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Browser(#[from] BrowserError),
    #[error("could not open the local port for the sign-in's return: {0}")]
    Listener(String),
    #[error("the system gave no random numbers: {0}")]
    Random(String),
}

/// The person-facing description of the sign-in app, for the UI ("You are signing in with …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClientDescription {
    pub client_id: String,
    pub client_name: String,
    pub authority: String,
}

/// Signs in to tenants. One per app: it shares the HTTP client, the discovered tenants and their keys.
pub struct SignInClient {
    pub(crate) config: Arc<IdentityConfig>,
    pub(crate) http: Arc<dyn HttpTransport>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) sleeper: Arc<dyn Sleeper>,
    keys: KeyCache,
    discovered: Mutex<HashMap<String, OpenIdConfiguration>>,
}

impl SignInClient {
    pub fn new(
        config: Arc<IdentityConfig>,
        http: Arc<dyn HttpTransport>,
        clock: Arc<dyn Clock>,
        sleeper: Arc<dyn Sleeper>,
    ) -> Self {
        Self {
            config,
            http,
            clock,
            sleeper,
            keys: KeyCache::new(),
            discovered: Mutex::new(HashMap::new()),
        }
    }

    pub fn config(&self) -> &IdentityConfig {
        &self.config
    }

    pub fn describe(&self) -> ClientDescription {
        ClientDescription {
            client_id: self.config.client_id.clone(),
            client_name: self.config.client_name.clone(),
            authority: self.config.authority.to_string(),
        }
    }

    /// The tenant's OpenID configuration (cached per tenant segment for this run).
    pub async fn discover(&self, tenant: &str) -> Result<OpenIdConfiguration, DiscoveryError> {
        let key = tenant.to_ascii_lowercase();
        if let Some(found) = self
            .discovered
            .lock()
            .ok()
            .and_then(|cache| cache.get(&key).cloned())
        {
            return Ok(found);
        }
        let found = discovery::discover(self.http.as_ref(), &self.config, tenant).await?;
        if let Ok(mut cache) = self.discovered.lock() {
            cache.insert(key, found.clone());
        }
        Ok(found)
    }

    /// Looks up the organisation an account belongs to while it is being added: the guest's inviting domain,
    /// else the sign-in name's domain, through OpenID discovery (docs/MICROSOFT.md §1.1), without signing in. A domain
    /// Entra does not know is most likely a typing mistake; a failed lookup does not stop anything. A guest
    /// signs in to the inviting organisation, never to the home domain, so without it the lookup waits.
    pub async fn look_up_organisation(
        &self,
        upn: &str,
        membership: Membership,
        tenant_domain: Option<&str>,
    ) -> discovery::TenantLookup {
        use discovery::TenantLookup;
        let typed = tenant_domain
            .map(|domain| domain.trim().to_ascii_lowercase())
            .filter(|domain| !domain.is_empty());
        let domain = match membership {
            Membership::Guest => typed,
            Membership::Member => {
                typed.or_else(|| discovery::domain_of(upn).map(str::to_ascii_lowercase))
            }
        };
        let Some(domain) = domain.filter(|domain| crate::book::is_plausible_domain(domain)) else {
            return TenantLookup::Incomplete;
        };
        match self.discover_tenant_id(&domain).await {
            Ok(tenant_id) => TenantLookup::Found { domain, tenant_id },
            Err(DiscoveryError::InvalidTenant(_) | DiscoveryError::UnknownTenant { .. }) => {
                TenantLookup::Unknown { domain }
            }
            Err(error) => TenantLookup::Unavailable {
                domain,
                reason: error.to_string(),
            },
        }
    }

    /// The tenant id for a UPN's domain (or a tenant name), without signing in.
    pub async fn discover_tenant_id(
        &self,
        tenant_or_domain: &str,
    ) -> Result<Option<String>, DiscoveryError> {
        Ok(self.discover(tenant_or_domain).await?.tenant_id())
    }

    fn token_endpoint<'a>(&'a self, metadata: &'a OpenIdConfiguration) -> TokenEndpoint<'a> {
        TokenEndpoint {
            http: self.http.as_ref(),
            url: &metadata.token_endpoint,
            client_id: &self.config.client_id,
            timeout: self.config.request_timeout,
        }
    }

    /// Discovery for `target`, or the attempt that records why it failed.
    async fn metadata_for(
        &self,
        target: &AccountTarget,
    ) -> Result<OpenIdConfiguration, Box<SignInAttempt>> {
        let now = self.clock.now();
        let Some(tenant) = target.tenant_segment() else {
            return Err(Box::new(SignInAttempt::failed(
                SignInOutcome::WrongAccountOrTenant,
                now,
                SignInError::NoTenant(target.upn.clone()),
            )));
        };
        self.discover(&tenant).await.map_err(|error| {
            let outcome = match error {
                DiscoveryError::InvalidTenant(_) | DiscoveryError::UnknownTenant { .. } => {
                    SignInOutcome::WrongAccountOrTenant
                }
                _ => SignInOutcome::Transient,
            };
            Box::new(SignInAttempt::failed(
                outcome,
                now,
                SignInError::Discovery(error),
            ))
        })
    }

    /// Turns a token response of the basic scopes into a completed attempt: validates the ID token, checks
    /// the account, then asks for `UserAuthenticationMethod.Read` through the refresh token.
    async fn complete(
        &self,
        target: &AccountTarget,
        metadata: &OpenIdConfiguration,
        tokens: TokenSet,
        nonce: Option<&str>,
    ) -> SignInAttempt {
        let now = self.clock.now();
        let identity = match self.verify_identity(metadata, &tokens, nonce).await {
            Ok(Some(identity)) => identity,
            Ok(None) => {
                return SignInAttempt::failed(SignInOutcome::Transient, now, SignInError::NoIdToken)
            }
            Err(error) => {
                let outcome = match error {
                    IdTokenError::WrongTenant { .. } => SignInOutcome::WrongAccountOrTenant,
                    _ => SignInOutcome::Transient,
                };
                return SignInAttempt::failed(outcome, now, SignInError::IdToken(error));
            }
        };
        if let Some(found) = identity.preferred_username.as_deref() {
            if !found.trim().eq_ignore_ascii_case(target.upn.trim()) {
                let error = SignInError::WrongAccount {
                    expected: target.upn.clone(),
                    found: found.to_string(),
                };
                return SignInAttempt {
                    identity: Some(identity),
                    ..SignInAttempt::failed(SignInOutcome::WrongAccountOrTenant, now, error)
                };
            }
        }
        let session = self.upgrade_for_methods(metadata, tokens).await;
        SignInAttempt {
            evidence: SignInEvidence::new(SignInOutcome::Completed, self.clock.now()),
            identity: Some(identity),
            session: Some(session),
            error: None,
        }
    }

    /// Validates the ID token when there is one (`Ok(None)` when there is none).
    async fn verify_identity(
        &self,
        metadata: &OpenIdConfiguration,
        tokens: &TokenSet,
        nonce: Option<&str>,
    ) -> Result<Option<SignedInIdentity>, IdTokenError> {
        let Some(id_token) = &tokens.id_token else {
            return Ok(None);
        };
        let expected_tenant = metadata.tenant_id();
        let expect = IdTokenExpectations {
            issuer: &metadata.issuer,
            client_id: &self.config.client_id,
            nonce,
            tenant_id: expected_tenant.as_deref(),
            now: self.clock.now(),
        };
        self.keys
            .validate(
                self.http.as_ref(),
                &metadata.jwks_uri,
                self.config.request_timeout,
                id_token.expose(),
                &expect,
            )
            .await
            .map(Some)
    }

    /// Step two of the scopes: `UserAuthenticationMethod.Read` through the refresh token, so a refusal
    /// (admin consent missing) keeps the sign-in proof of step one.
    async fn upgrade_for_methods(
        &self,
        metadata: &OpenIdConfiguration,
        basic: TokenSet,
    ) -> Session {
        let Some(refresh_token) = basic.refresh_token.clone() else {
            return Session {
                basic_token: basic.access_token,
                methods: MethodsAccess::Unavailable(Problem::no_refresh_token()),
                refresh_token: None,
            };
        };
        match self
            .token_endpoint(metadata)
            .refresh(&refresh_token, METHODS_SCOPES)
            .await
        {
            Ok(upgraded) => Session {
                basic_token: basic.access_token,
                methods: MethodsAccess::Granted(upgraded.access_token),
                refresh_token: upgraded.refresh_token.or(Some(refresh_token)),
            },
            Err(TokenError::Rejected(error))
                if error.outcome() == SignInOutcome::ConsentMissing =>
            {
                Session {
                    basic_token: basic.access_token,
                    methods: MethodsAccess::NeedsAdminConsent(*error),
                    refresh_token: Some(refresh_token),
                }
            }
            Err(error) => Session {
                basic_token: basic.access_token,
                methods: MethodsAccess::Unavailable(Problem::methods_scope_refused(&error)),
                refresh_token: Some(refresh_token),
            },
        }
    }

    /// Resumes a remembered session without the person: refresh with the methods scope (falling back to the
    /// basic scopes when consent is missing). `Err` carries the Entra error when the session is over.
    pub async fn resume(
        &self,
        target: &AccountTarget,
        refresh_token: &RefreshToken,
    ) -> SignInAttempt {
        let metadata = match self.metadata_for(target).await {
            Ok(metadata) => metadata,
            Err(attempt) => return *attempt,
        };
        let endpoint = self.token_endpoint(&metadata);
        let (tokens, methods_error) = match endpoint.refresh(refresh_token, METHODS_SCOPES).await {
            Ok(tokens) => (tokens, None),
            Err(TokenError::Rejected(error))
                if error.outcome() == SignInOutcome::ConsentMissing =>
            {
                match endpoint.refresh(refresh_token, BASIC_SCOPES).await {
                    Ok(tokens) => (tokens, Some(error)),
                    Err(error) => return self.refresh_failed(error),
                }
            }
            Err(error) => return self.refresh_failed(error),
        };
        let now = self.clock.now();
        let identity = match self.verify_identity(&metadata, &tokens, None).await {
            Ok(identity) => identity,
            Err(error) => {
                return SignInAttempt::failed(
                    SignInOutcome::Transient,
                    now,
                    SignInError::IdToken(error),
                )
            }
        };
        let session = Session {
            methods: match methods_error {
                None => MethodsAccess::Granted(tokens.access_token.clone()),
                Some(error) => MethodsAccess::NeedsAdminConsent(*error),
            },
            basic_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
        };
        SignInAttempt {
            evidence: SignInEvidence::new(SignInOutcome::Completed, now),
            identity,
            session: Some(session),
            error: None,
        }
    }

    fn refresh_failed(&self, error: TokenError) -> SignInAttempt {
        let now = self.clock.now();
        match &error {
            TokenError::Rejected(entra) => {
                SignInAttempt::rejected(entra, now, SignInError::Token(error.clone()))
            }
            _ => SignInAttempt::failed(SignInOutcome::Transient, now, SignInError::Token(error)),
        }
    }
}

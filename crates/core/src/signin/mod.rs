//! Signing in to each tenant in turn (docs/PRODUCT.md §4, docs/MICROSOFT.md §1): tenant discovery, authorization code +
//! PKCE in the system browser with a loopback listener, the device code flow as fallback, ID token
//! validation, scopes asked in two steps, and every failure classified into a [`SignInOutcome`]. The OAuth 2.0
//! protocol itself is the `oauth2` crate's (`token`); the listener, ID token checks, AADSTS classification and
//! discovery are Lifeboat's.

pub mod browser;
mod check;
pub mod control;
pub mod device;
pub mod discovery;
pub mod entra_error;
pub mod id_token;
mod interactive;
pub mod loopback;
mod recheck;
mod token;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

pub use browser::{can_show_a_browser, BrowserError, BrowserOpener, SystemBrowser};
pub use check::{AccountCheck, Checker, CheckerError, MethodsReading, ScopedTokenError};
pub use control::{Interruption, SignInControl};
pub use device::DeviceCodePrompt;
pub use discovery::{DiscoveryError, OpenIdConfiguration};
pub use entra_error::EntraError;
pub use id_token::{IdTokenError, SignedInIdentity};
pub use recheck::{RecheckOutcome, RecheckResult};
pub use token::{TokenError, TokenSet, BASIC_SCOPES, METHODS_SCOPES};

use crate::book::{Account, Membership};
use crate::clock::{Clock, Sleeper};
use crate::config::IdentityConfig;
use crate::evidence::{SignInEvidence, SignInOutcome};
use crate::http::HttpTransport;
use crate::problem::Problem;
use crate::token_store::{AccessToken, RefreshToken, HOSTS_SEPARATOR};
use id_token::{IdTokenExpectations, KeyCache};

/// The account to sign in: the keyring key of its remembered session, its UPN, and where to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTarget {
    /// The keyring key of the account's remembered session (not its id in the book). Built by
    /// [`AccountTarget::for_account`], it names the hosts the session was made with; results carry it back
    /// as `account_key`.
    pub key: String,
    pub upn: String,
    /// Tenant id or domain. Guests must give the resource tenant's id (docs/MICROSOFT.md §1.1); without one, the
    /// UPN's domain is used.
    pub tenant: Option<String>,
    /// A fresh sign-in (the proof of a move or a re-registration): the sign-in page asks again even when the
    /// browser holds a session (`prompt=login`), so the second step is passed now, not weeks ago.
    pub fresh: bool,
}

impl AccountTarget {
    /// Where to sign `account` in with `config`: the tenant the person gave (id first, then domain), else the
    /// UPN's domain; guests need the resource tenant (docs/MICROSOFT.md §1.1), which is why a typed tenant
    /// wins over the UPN.
    pub fn for_account(account: &Account, config: &IdentityConfig) -> Self {
        let details = &account.details;
        Self {
            key: keyring_key(account, config),
            upn: details.upn.clone(),
            tenant: details
                .tenant_id
                .clone()
                .or_else(|| details.tenant_domain.clone()),
            fresh: false,
        }
    }

    /// An IT desk admin, who is in no account book: the key names the desk, the account and, unless they
    /// are Microsoft's, the hosts.
    pub fn for_desk_admin(upn: &str, tenant: Option<&str>, config: &IdentityConfig) -> Self {
        let upn = upn.trim().to_lowercase();
        let mut key = format!("desk-admin{HOSTS_SEPARATOR}{upn}");
        if !config.uses_microsoft_hosts() {
            let origin = |url: &url::Url| url.origin().ascii_serialization();
            key = format!(
                "{key}{HOSTS_SEPARATOR}{}{HOSTS_SEPARATOR}{}",
                origin(&config.authority),
                origin(&config.graph)
            );
        }
        Self {
            key,
            upn,
            tenant: tenant.map(str::to_string),
            fresh: false,
        }
    }

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

/// The keyring key of `account`'s session with `config`'s hosts. With Microsoft's it is the account's own
/// [`Account::session_key`] (so sessions remembered before stay valid); with any other host the origins of the
/// authority and of Graph follow ([`HOSTS_SEPARATOR`]): a session remembered for Microsoft is never sent
/// elsewhere, nor one made elsewhere to Microsoft.
pub fn keyring_key(account: &Account, config: &IdentityConfig) -> String {
    let key = account.session_key();
    if config.uses_microsoft_hosts() {
        return key;
    }
    let origin = |url: &url::Url| url.origin().ascii_serialization();
    let separator = HOSTS_SEPARATOR;
    format!(
        "{key}{separator}{}{separator}{}",
        origin(&config.authority),
        origin(&config.graph)
    )
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
    /// The ID token does not say which account signed in (no `preferred_username`).
    #[error("the ID token does not name the account that signed in (expected {expected})")]
    AccountNotNamed { expected: String },
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
        let identity = match self.identify(target, metadata, &tokens, nonce).await {
            Ok(identity) => identity,
            Err(attempt) => return *attempt,
        };
        let session = self.upgrade_for_methods(metadata, tokens).await;
        SignInAttempt {
            evidence: SignInEvidence::new(SignInOutcome::Completed, self.clock.now()),
            identity: Some(identity),
            session: Some(session),
            error: None,
        }
    }

    /// Who signed in: a valid ID token naming `target`'s account, for a new sign-in and a resumed session
    /// alike. Otherwise the attempt that records why not (and keeps no session).
    async fn identify(
        &self,
        target: &AccountTarget,
        metadata: &OpenIdConfiguration,
        tokens: &TokenSet,
        nonce: Option<&str>,
    ) -> Result<SignedInIdentity, Box<SignInAttempt>> {
        let now = self.clock.now();
        let failed = |outcome, error| Box::new(SignInAttempt::failed(outcome, now, error));
        let Some(id_token) = &tokens.id_token else {
            return Err(failed(SignInOutcome::Transient, SignInError::NoIdToken));
        };
        let expected_tenant = metadata.tenant_id();
        let expect = IdTokenExpectations {
            issuer: &metadata.issuer,
            client_id: &self.config.client_id,
            nonce,
            tenant_id: expected_tenant.as_deref(),
            now,
        };
        let identity = self
            .keys
            .validate(
                self.http.as_ref(),
                &metadata.jwks_uri,
                self.config.request_timeout,
                id_token.expose(),
                &expect,
            )
            .await
            .map_err(|error| {
                let outcome = match error {
                    IdTokenError::WrongTenant { .. } => SignInOutcome::WrongAccountOrTenant,
                    _ => SignInOutcome::Transient,
                };
                failed(outcome, SignInError::IdToken(error))
            })?;
        let expected = target.upn.trim();
        let (outcome, error) = match identity.preferred_username.as_deref().map(str::trim) {
            Some(found) if found.eq_ignore_ascii_case(expected) => return Ok(identity),
            Some(found) => (
                SignInOutcome::WrongAccountOrTenant,
                SignInError::WrongAccount {
                    expected: expected.to_string(),
                    found: found.to_string(),
                },
            ),
            // Nothing says whose sign-in this was: it proves nothing about the account.
            None => (
                SignInOutcome::Transient,
                SignInError::AccountNotNamed {
                    expected: expected.to_string(),
                },
            ),
        };
        Err(Box::new(SignInAttempt {
            identity: Some(identity),
            ..SignInAttempt::failed(outcome, now, error)
        }))
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
        match self.refresh(metadata, &refresh_token, METHODS_SCOPES).await {
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

    /// A token for other scopes from a session's refresh token: the IT desk asks for the admin's scopes after
    /// the sign-in, so a refusal (consent missing) is told apart from a failed sign-in.
    pub async fn token_for_scopes(
        &self,
        target: &AccountTarget,
        refresh_token: &RefreshToken,
        scope: &str,
    ) -> Result<TokenSet, SignInError> {
        let metadata = self.metadata_for(target).await.map_err(|attempt| {
            attempt
                .error
                .unwrap_or_else(|| SignInError::NoTenant(target.upn.clone()))
        })?;
        Ok(self.refresh(&metadata, refresh_token, scope).await?)
    }

    /// Resumes a remembered session without the person: refresh with the methods scope (falling back to the
    /// basic scopes when consent is missing), then the same proof of identity as a sign-in.
    pub async fn resume(
        &self,
        target: &AccountTarget,
        refresh_token: &RefreshToken,
    ) -> SignInAttempt {
        let metadata = match self.metadata_for(target).await {
            Ok(metadata) => metadata,
            Err(attempt) => return *attempt,
        };
        let (tokens, methods_error) =
            match self.refresh(&metadata, refresh_token, METHODS_SCOPES).await {
                Ok(tokens) => (tokens, None),
                Err(TokenError::Rejected(error))
                    if error.outcome() == SignInOutcome::ConsentMissing =>
                {
                    match self.refresh(&metadata, refresh_token, BASIC_SCOPES).await {
                        Ok(tokens) => (tokens, Some(error)),
                        Err(error) => return self.refresh_failed(error),
                    }
                }
                Err(error) => return self.refresh_failed(error),
            };
        let identity = match self.identify(target, &metadata, &tokens, None).await {
            Ok(identity) => identity,
            Err(attempt) => return *attempt,
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
            evidence: SignInEvidence::new(SignInOutcome::Completed, self.clock.now()),
            identity: Some(identity),
            session: Some(session),
            error: None,
        }
    }

    /// What a press of the person's buttons leaves.
    fn interrupted(&self, interruption: Interruption) -> SignInAttempt {
        let now = self.clock.now();
        match interruption {
            Interruption::StuckAtMfa => {
                SignInAttempt::failed(SignInOutcome::BlockedByMfa, now, SignInError::StuckAtMfa)
            }
            Interruption::Cancelled => {
                SignInAttempt::failed(SignInOutcome::Skipped, now, SignInError::Cancelled)
            }
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

/// Compares two strings in time that does not depend on where they differ (`state`, `nonce`).
pub(crate) fn constant_time_eq(left: &str, right: &str) -> bool {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::book::{AccountDetails, AccountId};
    use crate::clock::{SystemClock, TokioSleeper};
    use crate::http::ReqwestTransport;
    use crate::token_store::account_part;

    /// A client on Microsoft's hosts that is never asked to send anything.
    pub(crate) fn client() -> SignInClient {
        SignInClient::new(
            Arc::new(IdentityConfig::default()),
            Arc::new(ReqwestTransport::new().unwrap()),
            Arc::new(SystemClock),
            Arc::new(TokioSleeper),
        )
    }

    fn account(details: AccountDetails) -> Account {
        Account {
            id: AccountId("1".into()),
            details,
            last_inventory: None,
            last_check: None,
            ticket_sent_at: None,
            reregistration: None,
        }
    }

    #[test]
    fn accounts_sign_in_where_the_person_said() {
        let guest = AccountDetails {
            tenant_domain: Some("studiorinaldi.it".into()),
            membership: Membership::Guest,
            ..AccountDetails::new("marco@ferriconsulting.it")
        };
        let learnt = AccountDetails {
            tenant_id: Some("72f988bf-86f1-41af-91ab-2d7cd011db47".into()),
            ..guest.clone()
        };
        let cases = [
            (
                AccountDetails::new("marco@ferriconsulting.it"),
                "ferriconsulting.it",
            ),
            // Guests need the resource tenant (docs/MICROSOFT.md §1.1): a typed tenant wins over the UPN.
            (guest, "studiorinaldi.it"),
            // A tenant id learnt from a sign-in is the most exact name of the same tenant.
            (learnt, "72f988bf-86f1-41af-91ab-2d7cd011db47"),
        ];
        for (details, segment) in cases {
            let target = AccountTarget::for_account(&account(details), &IdentityConfig::default());
            assert_eq!(target.upn, "marco@ferriconsulting.it");
            assert_eq!(target.tenant_segment().as_deref(), Some(segment));
        }
    }

    #[test]
    fn the_keyring_key_names_every_host_but_microsofts() {
        let account = account(AccountDetails::new("anna@contoso.com"));
        let microsoft = "anna@contoso.com|contoso.com";
        let with = |authority: &str, graph: &str| {
            keyring_key(
                &account,
                &IdentityConfig::with_hosts(authority, graph).unwrap(),
            )
        };
        let cases = [
            (IdentityConfig::default(), microsoft.to_string()),
            (
                IdentityConfig::with_base(&url::Url::parse("http://127.0.0.1:4000/").unwrap()),
                format!("{microsoft} http://127.0.0.1:4000 http://127.0.0.1:4000"),
            ),
        ];
        for (config, expected) in cases {
            assert_eq!(keyring_key(&account, &config), expected);
            assert_eq!(AccountTarget::for_account(&account, &config).key, expected);
        }
        assert_eq!(
            with(
                "https://login.microsoftonline.com/",
                "https://graph.microsoft.com"
            ),
            microsoft
        );
        let elsewhere = [
            with("https://login.example", "https://graph.microsoft.com"),
            with("https://login.microsoftonline.com", "https://graph.example"),
            with(
                "https://login.microsoftonline.com:8443",
                "https://graph.microsoft.com",
            ),
            with(
                "https://login.microsoftonline.us",
                "https://graph.microsoft.us",
            ),
        ];
        for (index, key) in elsewhere.iter().enumerate() {
            assert!(key.starts_with(&format!("{microsoft} https://")), "{key}");
            assert_eq!(account_part(key), microsoft, "{key}");
            assert!(!elsewhere[..index].contains(key), "{key} is another host's");
        }
        assert_eq!(account_part(microsoft), microsoft);
    }

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert!(constant_time_eq("", ""));
    }
}

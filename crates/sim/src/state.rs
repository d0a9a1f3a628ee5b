//! The simulator's runtime state: the directory (which admin calls change), issued codes and tokens, device
//! codes, browser sign-in flows, SSO sessions, scripts, fault counters and the sign-in log.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use rand::rngs::StdRng;
use rand::SeedableRng;
use serde::Serialize;
use time::OffsetDateTime;

use crate::clock::SimClock;
use crate::generated::GeneratedUsers;
use crate::keys::SigningKey;
use crate::methods::Channel;
use crate::scenario::{Faults, Scenario, Settings, Tenant, User, UserType};
use crate::scopes::ScopeSet;
use crate::script::BrowserScript;

/// Everything one running simulator knows. Shared by the HTTP handlers.
pub(crate) struct Sim {
    pub(crate) base_url: String,
    pub(crate) clock: SimClock,
    pub(crate) key: Arc<SigningKey>,
    pub(crate) settings: Settings,
    pub(crate) faults: Faults,
    /// Report-only users computed from a seed when a page asks (never stored one by one).
    pub(crate) generated: Vec<GeneratedUsers>,
    state: Mutex<State>,
}

pub(crate) struct Account {
    pub(crate) user: User,
    /// Set by `revokeSignInSessions`: refresh tokens and sessions from before this instant are refused.
    pub(crate) tokens_valid_from: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PkceMethod {
    Plain,
    S256,
}

#[derive(Debug, Clone)]
pub(crate) struct AuthorizeRequest {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) response_mode: String,
    pub(crate) state: Option<String>,
    pub(crate) nonce: Option<String>,
    pub(crate) scopes: ScopeSet,
    pub(crate) challenge: Option<(String, PkceMethod)>,
    pub(crate) prompt: Option<String>,
    pub(crate) login_hint: Option<String>,
}

impl MfaProof {
    pub(crate) fn of(method: &crate::methods::Method, channel: crate::methods::Channel) -> Self {
        MfaProof {
            method_id: method.id().to_string(),
            channel: channel.keyword(),
            device: method.str_field("displayName").map(str::to_string),
        }
    }
}

/// What a completed sign-in proved, carried into codes and tokens.
#[derive(Debug, Clone)]
pub(crate) struct Authentication {
    pub(crate) account: usize,
    pub(crate) tenant: usize,
    pub(crate) sign_in_name: String,
    /// `None` when no second step was asked (not required, or SSO).
    pub(crate) mfa: Option<MfaProof>,
    pub(crate) at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct MfaProof {
    pub(crate) method_id: String,
    pub(crate) channel: &'static str,
    /// The device or thing that answered: an Authenticator's or a key's `displayName`.
    pub(crate) device: Option<String>,
}

pub(crate) struct AuthCode {
    pub(crate) request: AuthorizeRequest,
    pub(crate) authentication: Authentication,
    pub(crate) expires_at: OffsetDateTime,
    pub(crate) redeemed: bool,
}

pub(crate) struct RefreshGrant {
    pub(crate) client_id: String,
    pub(crate) sign_in_name: String,
    pub(crate) scopes: ScopeSet,
    pub(crate) tenant_id: String,
    pub(crate) mfa: bool,
    pub(crate) issued_at: OffsetDateTime,
}

pub(crate) struct AccessGrant {
    pub(crate) account: usize,
    pub(crate) graph_scopes: BTreeSet<&'static str>,
    pub(crate) expires_at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub(crate) enum DeviceStatus {
    Pending,
    Approved(Authentication),
    Declined,
    /// The browser leg ended in an Entra error that the next poll reports (e.g. consent missing).
    Failed(u32),
    Redeemed,
}

pub(crate) struct DeviceFlow {
    pub(crate) user_code: String,
    pub(crate) client_id: String,
    pub(crate) tenant_segment: String,
    pub(crate) scopes: ScopeSet,
    pub(crate) expires_at: OffsetDateTime,
    pub(crate) interval: i64,
    pub(crate) last_poll: Option<OffsetDateTime>,
    pub(crate) status: DeviceStatus,
}

/// Where a browser flow stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    DeviceCodeEntry,
    DeviceConfirm,
    Username,
    Password,
    /// Answering one MFA option (index into `Flow::options`).
    Challenge(usize),
    OtherWays,
    CantUseAny,
    NeedsRegistration,
    ConsentRequired(Vec<&'static str>),
    /// Terminal pages: signed in on a device, declined a device, or a sign-in error page.
    DeviceSignedIn,
    DeviceDeclined,
}

/// One way of answering the MFA prompt, as listed under "Sign in another way".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MfaOption {
    pub(crate) method_index: usize,
    pub(crate) channel: Channel,
    /// The code the simulated device shows (SMS, OATH) or the number Authenticator asks for.
    pub(crate) code: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum FlowPurpose {
    Authorize(Box<AuthorizeRequest>),
    Device(String),
    /// Signing in to the Security info page of the flow's tenant.
    SecurityInfo,
}

pub(crate) struct Flow {
    pub(crate) purpose: FlowPurpose,
    /// The tenant addressed, when the authority named one (`None` for `common` / `organizations`).
    pub(crate) tenant: Option<usize>,
    pub(crate) italian: bool,
    pub(crate) step: Step,
    pub(crate) sign_in_name: Option<String>,
    pub(crate) account: Option<usize>,
    pub(crate) options: Vec<MfaOption>,
    pub(crate) notice: Option<Notice>,
}

/// A message on the current page (wrong password, wrong code, unknown account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    UnknownAccount,
    WrongPassword,
    WrongCode,
    DeviceNotApproved,
    BadUserCode,
}

pub(crate) struct BrowserSession {
    pub(crate) sign_in_name: String,
    /// Tenants where this browser session already passed MFA: how, and when.
    pub(crate) mfa: BTreeMap<usize, MfaPassed>,
    pub(crate) at: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub(crate) struct MfaPassed {
    pub(crate) proof: MfaProof,
    pub(crate) at: OffsetDateTime,
}

/// One entry of the sign-in log (`GET /sim/control/sign-ins`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignInRecord {
    pub time: String,
    pub flow: &'static str,
    pub tenant_id: Option<String>,
    pub user: Option<String>,
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'static str>,
    /// The device that answered the second step: an Authenticator's phone name (`displayName`), a key's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

pub(crate) struct State {
    pub(crate) tenants: Vec<Tenant>,
    pub(crate) accounts: Vec<Account>,
    pub(crate) auth_codes: HashMap<String, AuthCode>,
    pub(crate) refresh_tokens: HashMap<String, RefreshGrant>,
    pub(crate) access_tokens: HashMap<String, AccessGrant>,
    pub(crate) device_flows: HashMap<String, DeviceFlow>,
    pub(crate) flows: HashMap<String, Flow>,
    pub(crate) sessions: HashMap<String, BrowserSession>,
    pub(crate) scripts: HashMap<String, BrowserScript>,
    pub(crate) graph_calls: u64,
    pub(crate) fault_rng: StdRng,
    pub(crate) sign_ins: Vec<SignInRecord>,
    /// What `/authorize` answered each practice-browser request, until the browser reads it.
    pub(crate) browses: HashMap<String, crate::browse::BrowseStop>,
    /// What the IT desk controls did, for `/sim/it-desk`.
    pub(crate) it_desk: Vec<crate::it_desk::ItDeskEntry>,
}

impl Sim {
    pub(crate) fn new(
        scenario: Scenario,
        base_url: String,
        clock: SimClock,
        key: Arc<SigningKey>,
    ) -> Sim {
        let Scenario {
            settings,
            faults,
            tenants,
            users,
            scripts,
            generated_users,
            ..
        } = scenario;
        let state = State {
            tenants,
            accounts: users
                .into_iter()
                .map(|user| Account {
                    user,
                    tokens_valid_from: None,
                })
                .collect(),
            auth_codes: HashMap::new(),
            refresh_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            device_flows: HashMap::new(),
            flows: HashMap::new(),
            sessions: HashMap::new(),
            scripts: scripts.into_iter().collect(),
            graph_calls: 0,
            fault_rng: StdRng::seed_from_u64(faults.seed),
            sign_ins: Vec::new(),
            browses: HashMap::new(),
            it_desk: Vec::new(),
        };
        Sim {
            base_url,
            clock,
            key,
            settings,
            faults,
            generated: generated_users,
            state: Mutex::new(state),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub(crate) fn issuer(&self, tenant_id: &str) -> String {
        format!("{}/{tenant_id}/v2.0", self.base_url)
    }

    pub(crate) fn accepts_client(&self, client_id: &str) -> bool {
        match &self.settings.accepted_client_ids {
            Some(ids) => ids.iter().any(|id| id.eq_ignore_ascii_case(client_id)),
            None => crate::ids::is_guid(client_id),
        }
    }
}

/// How a `{tenant}` path segment resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Authority {
    Tenant(usize),
    /// `common` or `organizations`: the account decides the tenant.
    Multi,
}

impl State {
    pub(crate) fn authority(&self, segment: &str) -> Option<Authority> {
        if segment.eq_ignore_ascii_case("common") || segment.eq_ignore_ascii_case("organizations") {
            return Some(Authority::Multi);
        }
        self.tenants
            .iter()
            .position(|tenant| tenant.answers_to(segment))
            .map(Authority::Tenant)
    }

    pub(crate) fn tenant_index(&self, tenant_id: &str) -> Option<usize> {
        self.tenants
            .iter()
            .position(|tenant| tenant.id == tenant_id)
    }

    /// The account a person signing in as `name` uses in a tenant: their member account, or their guest account.
    pub(crate) fn account_in(&self, name: &str, tenant: usize) -> Option<usize> {
        let tenant_id = &self.tenants[tenant].id;
        self.accounts.iter().position(|account| {
            &account.user.tenant_id == tenant_id
                && (account.user.upn.eq_ignore_ascii_case(name)
                    || account.user.sign_in_name().eq_ignore_ascii_case(name))
        })
    }

    /// For `common` / `organizations`: the person's home (member) account.
    pub(crate) fn home_account(&self, name: &str) -> Option<usize> {
        self.accounts.iter().position(|account| {
            account.user.user_type == UserType::Member
                && account.user.upn.eq_ignore_ascii_case(name)
        })
    }

    /// The password that signs `name` in: the member account's, or a guest's own when its home is not simulated.
    pub(crate) fn password_matches(&self, account: usize, attempt: &str) -> bool {
        let user = &self.accounts[account].user;
        let home = user
            .home_upn
            .as_deref()
            .and_then(|home| self.home_account(home))
            .map(|index| &self.accounts[index].user);
        let expected = home
            .and_then(|home| home.password.as_ref())
            .or(user.password.as_ref());
        expected.is_some_and(|expected| expected.matches(attempt))
    }

    pub(crate) fn tenant_of(&self, account: usize) -> usize {
        self.tenant_index(&self.accounts[account].user.tenant_id)
            .unwrap_or_default()
    }

    /// The MFA options of an account at `now`, default first (scenario `default_method`, else Entra's
    /// system-preferred order), each method's channels in order.
    pub(crate) fn mfa_options(&self, account: usize, now: OffsetDateTime) -> Vec<MfaOption> {
        let user = &self.accounts[account].user;
        let tap_allowed = crate::registration::tap_allowed(self, account);
        let mut options: Vec<MfaOption> = user
            .methods
            .iter()
            .enumerate()
            .filter(|(_, method)| tap_allowed || method.short_type() != "temporaryAccessPass")
            .flat_map(|(index, method)| {
                method
                    .channels(now)
                    .into_iter()
                    .map(move |channel| MfaOption {
                        method_index: index,
                        channel,
                        code: None,
                    })
            })
            .collect();
        options.sort_by_key(|option| option.channel);
        if let Some(default) = &user.default_method {
            if let Some(position) = options
                .iter()
                .position(|option| user.methods[option.method_index].id() == default)
            {
                let preferred = options.remove(position);
                options.insert(0, preferred);
            }
        }
        options
    }

    /// `revokeSignInSessions`: refresh tokens issued before `now` and browser sessions end. Not for a guest,
    /// who signs in through the home tenant ("This API doesn't revoke sign-in sessions for external users",
    /// docs/MICROSOFT.md §6.3): returns whether anything was revoked.
    pub(crate) fn revoke_sign_in_sessions(&mut self, account: usize, now: OffsetDateTime) -> bool {
        if self.accounts[account].user.user_type == UserType::Guest {
            return false;
        }
        self.accounts[account].tokens_valid_from = Some(now);
        let name = self.accounts[account].user.sign_in_name().to_string();
        self.sessions
            .retain(|_, session| session.sign_in_name != name);
        true
    }

    pub(crate) fn record(&mut self, record: SignInRecord) {
        self.sign_ins.push(record);
    }
}

//! Scenario files: the tenants, users, methods, faults and scripted sign-ins one simulator run serves.
//! The format is documented in `crates/sim/README.md`; `scenarios/practice.toml` is the shipped example.
//!
//! `raw` holds the TOML shapes as written, `validate` turns them into the types below, and `location`
//! names the line, column and field of a mistake.

mod location;
mod raw;
mod validate;

use std::collections::BTreeSet;
use std::path::Path;

use serde::Deserialize;

use crate::generated::GeneratedUsers;
use crate::methods::Method;
use crate::script::BrowserScript;
use crate::secret::Secret;

pub use location::ScenarioError;

/// The practice scenario shipped with the simulator (`crates/sim/scenarios/practice.toml`).
pub const PRACTICE_TOML: &str = include_str!("../../scenarios/practice.toml");

/// Education (school, university) or business tenant: the ticket wording and the practice journeys differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    Education,
    Business,
}

/// The tenant's Microsoft Entra ID licence: the reports (`userRegistrationDetails`) need P1 or P2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Licence {
    Free,
    P1,
    P2,
}

/// Who a Temporary Access Pass policy includes (Graph's `includeTargets`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TapTarget {
    /// The `all_users` group.
    AllUsers,
    /// One user, by UPN (resolved to the object id when served).
    User(String),
}

/// The tenant's Temporary Access Pass policy (`authenticationMethodConfigurations/TemporaryAccessPass`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TapPolicy {
    pub(crate) enabled: bool,
    pub(crate) default_lifetime_minutes: i64,
    pub(crate) minimum_lifetime_minutes: i64,
    pub(crate) maximum_lifetime_minutes: i64,
    pub(crate) default_length: usize,
    pub(crate) is_usable_once: bool,
    pub(crate) include: Vec<TapTarget>,
}

impl Default for TapPolicy {
    /// Microsoft's defaults (docs/MICROSOFT.md §6.3: minimum 60, maximum 480, default 60; length 8; multi-use
    /// allowed), enabled for all users.
    fn default() -> Self {
        TapPolicy {
            enabled: true,
            default_lifetime_minutes: 60,
            minimum_lifetime_minutes: 60,
            maximum_lifetime_minutes: 480,
            default_length: 8,
            is_usable_once: false,
            include: vec![TapTarget::AllUsers],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserType {
    Member,
    Guest,
}

impl UserType {
    pub fn as_graph(self) -> &'static str {
        match self {
            UserType::Member => "member",
            UserType::Guest => "guest",
        }
    }
}

/// Directory roles the admin endpoints check (docs/MICROSOFT.md §6.2).
pub const KNOWN_ROLES: [&str; 12] = [
    "Global Administrator",
    "Privileged Authentication Administrator",
    "Authentication Administrator",
    "Authentication Policy Administrator",
    "Helpdesk Administrator",
    "Password Administrator",
    "User Administrator",
    "Global Reader",
    "Reports Reader",
    "Security Reader",
    "Security Administrator",
    "Security Operator",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Tenant {
    pub(crate) id: String,
    pub(crate) domain: String,
    pub(crate) other_domains: Vec<String>,
    pub(crate) name: String,
    pub(crate) kind: TenantKind,
    pub(crate) consented_scopes: BTreeSet<String>,
    pub(crate) require_mfa: bool,
    pub(crate) licence: Licence,
    pub(crate) tap_policy: TapPolicy,
}

impl Tenant {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn domain(&self) -> &str {
        &self.domain
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn kind(&self) -> TenantKind {
        self.kind
    }
    pub fn licence(&self) -> Licence {
        self.licence
    }
    /// Graph permissions an admin of this tenant has consented to for the client.
    pub fn consented_scopes(&self) -> impl Iterator<Item = &str> {
        self.consented_scopes.iter().map(String::as_str)
    }

    pub(crate) fn answers_to(&self, segment: &str) -> bool {
        self.id.eq_ignore_ascii_case(segment)
            || self.domain.eq_ignore_ascii_case(segment)
            || self
                .other_domains
                .iter()
                .any(|domain| domain.eq_ignore_ascii_case(segment))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub(crate) tenant_id: String,
    pub(crate) id: String,
    pub(crate) upn: String,
    pub(crate) display_name: String,
    pub(crate) given_name: Option<String>,
    pub(crate) surname: Option<String>,
    pub(crate) mail: Option<String>,
    pub(crate) other_mails: Vec<String>,
    pub(crate) job_title: Option<String>,
    pub(crate) department: Option<String>,
    pub(crate) employee_id: Option<String>,
    pub(crate) mobile_phone: Option<String>,
    pub(crate) office_location: Option<String>,
    pub(crate) preferred_language: Option<String>,
    pub(crate) business_phones: Vec<String>,
    pub(crate) password: Option<Secret>,
    pub(crate) user_type: UserType,
    pub(crate) home_upn: Option<String>,
    pub(crate) roles: Vec<String>,
    pub(crate) default_method: Option<String>,
    pub(crate) methods: Vec<Method>,
}

impl User {
    pub fn id(&self) -> &str {
        &self.id
    }
    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }
    pub fn upn(&self) -> &str {
        &self.upn
    }
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
    pub fn user_type(&self) -> UserType {
        self.user_type
    }
    /// The name the person types at the sign-in page: the UPN, or for a guest the home account.
    pub fn sign_in_name(&self) -> &str {
        self.home_upn.as_deref().unwrap_or(&self.upn)
    }
    pub fn methods(&self) -> &[Method] {
        &self.methods
    }
    pub fn roles(&self) -> &[String] {
        &self.roles
    }
}

/// Scenario-wide settings (`[simulator]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub(crate) name: String,
    pub(crate) application_name: String,
    pub(crate) accepted_client_ids: Option<Vec<String>>,
    pub(crate) methods_page_size: Option<usize>,
    pub(crate) registration_details_page_size: Option<usize>,
    pub(crate) access_token_lifetime_seconds: i64,
    pub(crate) auth_code_lifetime_seconds: i64,
    pub(crate) device_code_lifetime_seconds: i64,
    pub(crate) device_code_interval_seconds: i64,
    /// Practice only: the password page shows the account's password, so a person rehearsing the sign-in can
    /// walk through the pages without knowing the invented passwords.
    pub(crate) show_passwords: bool,
    /// How far Microsoft's clock is from the machine's (negative: behind), for clients that measure the offset
    /// from the `Date` header.
    pub(crate) clock_skew_seconds: i64,
}

/// A token-endpoint error injected for one user (`[[faults.token_errors]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenFault {
    pub(crate) sign_in_name: String,
    pub(crate) code: u32,
    pub(crate) error: Option<String>,
    pub(crate) grant_type: Option<String>,
    pub(crate) tenant_id: Option<String>,
}

/// `[faults]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Faults {
    pub(crate) latency_ms: u64,
    pub(crate) throttle_every: u64,
    pub(crate) retry_after_seconds: f64,
    pub(crate) server_error_rate: f64,
    pub(crate) server_error_status: u16,
    pub(crate) seed: u64,
    pub(crate) token_errors: Vec<TokenFault>,
}

/// A validated scenario, ready to serve.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub(crate) source: String,
    pub(crate) settings: Settings,
    pub(crate) faults: Faults,
    pub(crate) tenants: Vec<Tenant>,
    pub(crate) users: Vec<User>,
    pub(crate) scripts: Vec<(String, BrowserScript)>,
    pub(crate) generated_users: Vec<GeneratedUsers>,
    pub(crate) sample_accounts: Vec<SampleAccount>,
}

/// An account of the story's person, as a newcomer would type it: the sign-in name, where it is a guest, and the
/// IT department's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleAccount {
    pub upn: String,
    /// The inviting tenant's domain, for a guest account.
    pub guest_at: Option<String>,
    pub it_contact: Option<String>,
}

impl Scenario {
    /// Reads a scenario from TOML text; errors name the source as `<scenario>`.
    pub fn from_toml_str(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_named_toml_str("<scenario>", text)
    }

    /// Reads a scenario from TOML text; errors name `source` as the file.
    pub fn from_named_toml_str(source: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let raw: raw::RawScenario = toml::from_str(text).map_err(|error| {
            let span = error.span();
            let mut message = error.message().trim().replace('\n', "; ");
            if message.is_empty() {
                message = "malformed TOML".to_string();
            }
            location::locate(source, text, span, &message, None)
        })?;
        validate::Validator { source, text }.scenario(raw)
    }

    pub fn from_file(path: impl AsRef<Path>) -> Result<Scenario, ScenarioError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| ScenarioError {
            file: name.clone(),
            line: None,
            column: None,
            field: None,
            message: format!("cannot read the file: {error}"),
        })?;
        Scenario::from_named_toml_str(&name, &text)
    }

    /// The practice scenario: a school, the consultant's company, two clients and a tenant without consent.
    pub fn practice() -> Scenario {
        match Scenario::from_named_toml_str("scenarios/practice.toml", PRACTICE_TOML) {
            Ok(scenario) => scenario,
            // The file is compiled in and covered by tests; a failure here is a build defect.
            Err(error) => panic!("the embedded practice scenario is invalid: {error}"),
        }
    }

    /// The practice scenario for moving to a new phone: the same people, every phone still in their hands (a
    /// move, not a loss), so the old phone approves the sign-in that adds the new one.
    pub fn practice_move() -> Scenario {
        let text = PRACTICE_TOML.replace("in_hand = false", "in_hand = true");
        match Scenario::from_named_toml_str("scenarios/practice.toml (moving)", &text) {
            Ok(scenario) => scenario,
            Err(error) => panic!("the embedded practice scenario is invalid: {error}"),
        }
    }

    pub fn name(&self) -> &str {
        &self.settings.name
    }
    pub fn source(&self) -> &str {
        &self.source
    }
    pub fn tenants(&self) -> &[Tenant] {
        &self.tenants
    }
    pub fn users(&self) -> &[User] {
        &self.users
    }
    /// The accounts practice mode offers with one click (`[[sample_accounts]]`).
    pub fn sample_accounts(&self) -> &[SampleAccount] {
        &self.sample_accounts
    }

    /// How many users `[[generated_users]]` adds to the reports of each tenant.
    pub fn generated_user_count(&self) -> usize {
        self.generated_users.iter().map(|users| users.count).sum()
    }
}

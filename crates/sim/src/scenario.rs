//! Scenario files: the tenants, users, methods, faults and scripted sign-ins one simulator run serves.
//! The format is documented in `crates/sim/README.md`; `scenarios/practice.toml` is the shipped example.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};
use toml::Spanned;

use crate::ids::{guid_from_name, is_guid};
use crate::methods::{short_type, Channel, Method, KNOWN_TYPES};
use crate::scopes::canonical_graph_permission;
use crate::script::BrowserScript;
use crate::secret::Secret;

/// The practice scenario shipped with the simulator (`crates/sim/scenarios/practice.toml`).
pub const PRACTICE_TOML: &str = include_str!("../scenarios/practice.toml");

/// A malformed scenario: which file, where, which field, what is wrong. Displayed on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
            if let Some(column) = self.column {
                write!(f, ", column {column}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Education (school, university) or business tenant: the ticket wording and the practice journeys differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    Education,
    Business,
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
}

impl Scenario {
    /// Reads a scenario from TOML text; errors name the source as `<scenario>`.
    pub fn from_toml_str(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_named_toml_str("<scenario>", text)
    }

    /// Reads a scenario from TOML text; errors name `source` as the file.
    pub fn from_named_toml_str(source: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let raw: RawScenario = toml::from_str(text).map_err(|error| {
            let span = error.span();
            let mut message = error.message().trim().replace('\n', "; ");
            if message.is_empty() {
                message = "malformed TOML".to_string();
            }
            locate(source, text, span, &message, None)
        })?;
        Validator { source, text }.scenario(raw)
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
}

// ----- raw TOML shapes -----

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    #[serde(default)]
    simulator: RawSettings,
    #[serde(default)]
    faults: RawFaults,
    #[serde(default)]
    tenants: Vec<Spanned<RawTenant>>,
    #[serde(default)]
    users: Vec<Spanned<RawUser>>,
    #[serde(default)]
    scripts: Vec<Spanned<RawScript>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    name: Option<String>,
    application_name: Option<String>,
    accepted_client_ids: Option<Vec<Spanned<String>>>,
    methods_page_size: Option<Spanned<i64>>,
    registration_details_page_size: Option<Spanned<i64>>,
    access_token_lifetime_seconds: Option<Spanned<i64>>,
    auth_code_lifetime_seconds: Option<Spanned<i64>>,
    device_code_lifetime_seconds: Option<Spanned<i64>>,
    device_code_interval_seconds: Option<Spanned<i64>>,
    show_passwords: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFaults {
    latency_ms: Option<Spanned<i64>>,
    throttle_every: Option<Spanned<i64>>,
    retry_after_seconds: Option<Spanned<f64>>,
    server_error_rate: Option<Spanned<f64>>,
    server_error_status: Option<Spanned<i64>>,
    seed: Option<u64>,
    #[serde(default)]
    token_errors: Vec<Spanned<RawTokenFault>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTokenFault {
    user: Spanned<String>,
    code: Spanned<u32>,
    error: Option<String>,
    grant_type: Option<Spanned<String>>,
    tenant: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTenant {
    id: Spanned<String>,
    domain: Spanned<String>,
    #[serde(default)]
    other_domains: Vec<Spanned<String>>,
    name: String,
    kind: TenantKind,
    #[serde(default)]
    consented_scopes: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    require_mfa: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUser {
    tenant: Spanned<String>,
    upn: Option<Spanned<String>>,
    id: Option<Spanned<String>>,
    display_name: String,
    given_name: Option<String>,
    surname: Option<String>,
    mail: Option<String>,
    job_title: Option<String>,
    department: Option<String>,
    employee_id: Option<String>,
    mobile_phone: Option<String>,
    office_location: Option<String>,
    preferred_language: Option<String>,
    #[serde(default)]
    business_phones: Vec<String>,
    password: Option<String>,
    #[serde(default = "member")]
    user_type: UserType,
    home_upn: Option<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    default_method: Option<Spanned<String>>,
    #[serde(default)]
    methods: Vec<Spanned<toml::Table>>,
}

fn member() -> UserType {
    UserType::Member
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    user: Spanned<String>,
    outcome: Spanned<String>,
    method: Option<Spanned<String>>,
}

// ----- validation -----

struct Validator<'a> {
    source: &'a str,
    text: &'a str,
}

impl Validator<'_> {
    fn error(&self, span: Range<usize>, field: &str, message: impl Into<String>) -> ScenarioError {
        locate(
            self.source,
            self.text,
            Some(span),
            &message.into(),
            Some(field),
        )
    }

    fn positive(
        &self,
        value: &Option<Spanned<i64>>,
        field: &str,
        default: i64,
    ) -> Result<i64, ScenarioError> {
        match value {
            None => Ok(default),
            Some(spanned) if *spanned.get_ref() > 0 => Ok(*spanned.get_ref()),
            Some(spanned) => {
                Err(self.error(spanned.span(), field, "must be a whole number above 0"))
            }
        }
    }

    fn scenario(&self, raw: RawScenario) -> Result<Scenario, ScenarioError> {
        let settings = self.settings(&raw.simulator)?;
        let tenants = self.tenants(&raw.tenants)?;
        let users = self.users(&raw.users, &tenants)?;
        let faults = self.faults(&raw.faults, &tenants, &users)?;
        let scripts = self.scripts(&raw.scripts, &users)?;
        Ok(Scenario {
            source: self.source.to_string(),
            settings,
            faults,
            tenants,
            users,
            scripts,
        })
    }

    fn settings(&self, raw: &RawSettings) -> Result<Settings, ScenarioError> {
        let accepted_client_ids = match &raw.accepted_client_ids {
            None => None,
            Some(ids) => {
                let mut checked = Vec::new();
                for id in ids {
                    if !is_guid(id.get_ref()) {
                        return Err(self.error(
                            id.span(),
                            "simulator.accepted_client_ids",
                            "client ids are GUIDs",
                        ));
                    }
                    checked.push(id.get_ref().to_ascii_lowercase());
                }
                Some(checked)
            }
        };
        let page_size =
            |value: &Option<Spanned<i64>>, field: &str| -> Result<Option<usize>, ScenarioError> {
                match value {
                    None => Ok(None),
                    Some(_) => Ok(Some(self.positive(value, field, 1)? as usize)),
                }
            };
        Ok(Settings {
            name: raw
                .name
                .clone()
                .unwrap_or_else(|| "Simulated Microsoft Entra ID".to_string()),
            application_name: raw
                .application_name
                .clone()
                .unwrap_or_else(|| "Lifeboat".to_string()),
            accepted_client_ids,
            methods_page_size: page_size(&raw.methods_page_size, "simulator.methods_page_size")?,
            registration_details_page_size: page_size(
                &raw.registration_details_page_size,
                "simulator.registration_details_page_size",
            )?,
            // Entra's examples answer `expires_in: 3599` (docs/MICROSOFT.md §1.3).
            access_token_lifetime_seconds: self.positive(
                &raw.access_token_lifetime_seconds,
                "simulator.access_token_lifetime_seconds",
                3599,
            )?,
            // "Authorization codes … expire after about 10 minutes" (docs/MICROSOFT.md §1.2).
            auth_code_lifetime_seconds: self.positive(
                &raw.auth_code_lifetime_seconds,
                "simulator.auth_code_lifetime_seconds",
                600,
            )?,
            // Device code: 15 minutes and a 5-second interval by default (docs/MICROSOFT.md §1.7).
            device_code_lifetime_seconds: self.positive(
                &raw.device_code_lifetime_seconds,
                "simulator.device_code_lifetime_seconds",
                900,
            )?,
            device_code_interval_seconds: self.positive(
                &raw.device_code_interval_seconds,
                "simulator.device_code_interval_seconds",
                5,
            )?,
            show_passwords: raw.show_passwords.unwrap_or(false),
        })
    }

    fn tenants(&self, raw: &[Spanned<RawTenant>]) -> Result<Vec<Tenant>, ScenarioError> {
        let mut tenants: Vec<Tenant> = Vec::new();
        let mut names_seen: HashSet<String> = HashSet::new();
        for entry in raw {
            let tenant = entry.get_ref();
            let id = tenant.id.get_ref().to_ascii_lowercase();
            if !is_guid(&id) {
                return Err(self.error(tenant.id.span(), "tenants.id", "a tenant id is a GUID"));
            }
            if !names_seen.insert(id.clone()) {
                return Err(self.error(
                    tenant.id.span(),
                    "tenants.id",
                    format!("tenant id {id} appears twice"),
                ));
            }
            let mut domains = vec![&tenant.domain];
            domains.extend(tenant.other_domains.iter());
            for domain in &domains {
                let value = domain.get_ref().to_ascii_lowercase();
                if !value.contains('.')
                    || value.contains(char::is_whitespace)
                    || value.contains('@')
                {
                    return Err(self.error(
                        domain.span(),
                        "tenants.domain",
                        format!("`{value}` is not a domain name"),
                    ));
                }
                if ["common", "organizations", "consumers"].contains(&value.as_str())
                    || !names_seen.insert(value.clone())
                {
                    return Err(self.error(
                        domain.span(),
                        "tenants.domain",
                        format!("domain {value} is used twice"),
                    ));
                }
            }
            let mut consented = BTreeSet::new();
            for scope in &tenant.consented_scopes {
                let name = scope
                    .get_ref()
                    .trim_start_matches(crate::scopes::GRAPH_RESOURCE);
                match canonical_graph_permission(name) {
                    Some(name) => {
                        consented.insert(name.to_string());
                    }
                    None => {
                        return Err(self.error(
                            scope.span(),
                            "tenants.consented_scopes",
                            format!(
                                "`{}` is not a Microsoft Graph permission the simulator knows",
                                scope.get_ref()
                            ),
                        ))
                    }
                }
            }
            tenants.push(Tenant {
                id,
                domain: tenant.domain.get_ref().to_ascii_lowercase(),
                other_domains: tenant
                    .other_domains
                    .iter()
                    .map(|domain| domain.get_ref().to_ascii_lowercase())
                    .collect(),
                name: tenant.name.clone(),
                kind: tenant.kind,
                consented_scopes: consented,
                require_mfa: tenant.require_mfa,
            });
        }
        Ok(tenants)
    }

    fn users(
        &self,
        raw: &[Spanned<RawUser>],
        tenants: &[Tenant],
    ) -> Result<Vec<User>, ScenarioError> {
        let mut users: Vec<User> = Vec::new();
        for entry in raw {
            let user = entry.get_ref();
            let Some(tenant) = tenants
                .iter()
                .find(|tenant| tenant.answers_to(user.tenant.get_ref()))
            else {
                return Err(self.error(
                    user.tenant.span(),
                    "users.tenant",
                    format!("no tenant with id or domain `{}`", user.tenant.get_ref()),
                ));
            };
            let home_upn = match (&user.user_type, &user.home_upn) {
                (UserType::Guest, None) => {
                    return Err(self.error(
                        entry.span(),
                        "users.home_upn",
                        "a guest needs `home_upn`, the account they sign in with",
                    ))
                }
                (UserType::Member, Some(home)) => {
                    return Err(self.error(
                        home.span(),
                        "users.home_upn",
                        "only a guest has a home account",
                    ))
                }
                (_, home) => home
                    .as_ref()
                    .map(|home| home.get_ref().to_ascii_lowercase()),
            };
            if let Some(home) = &home_upn {
                if !home.contains('@') {
                    let span = user
                        .home_upn
                        .as_ref()
                        .map(Spanned::span)
                        .unwrap_or(entry.span());
                    return Err(self.error(
                        span,
                        "users.home_upn",
                        "an account name has the form name@domain",
                    ));
                }
            }
            let upn = match (&user.upn, &home_upn) {
                (Some(upn), _) => {
                    let value = upn.get_ref().to_ascii_lowercase();
                    if !value.contains('@') {
                        return Err(self.error(
                            upn.span(),
                            "users.upn",
                            "a UPN has the form name@domain",
                        ));
                    }
                    value
                }
                // Entra's guest UPN: the home address with `@` → `_`, then `#EXT#@` and the tenant's domain.
                (None, Some(home)) => format!("{}#ext#@{}", home.replace('@', "_"), tenant.domain),
                (None, None) => {
                    return Err(self.error(entry.span(), "users.upn", "a member needs `upn`"))
                }
            };
            if users.iter().any(|other| {
                other.tenant_id == tenant.id && (other.upn == upn || other.sign_in_name() == upn)
            }) {
                let span = user.upn.as_ref().map(Spanned::span).unwrap_or(entry.span());
                return Err(self.error(
                    span,
                    "users.upn",
                    format!("{upn} appears twice in tenant {}", tenant.domain),
                ));
            }
            let id = match &user.id {
                Some(id) if is_guid(id.get_ref()) => id.get_ref().to_ascii_lowercase(),
                Some(id) => {
                    return Err(self.error(id.span(), "users.id", "an object id is a GUID"))
                }
                None => guid_from_name(&format!("{}/{upn}", tenant.id)),
            };
            if users.iter().any(|other| other.id == id) {
                let span = user.id.as_ref().map(Spanned::span).unwrap_or(entry.span());
                return Err(self.error(span, "users.id", format!("object id {id} appears twice")));
            }
            let mut roles = Vec::new();
            for role in &user.roles {
                match KNOWN_ROLES
                    .iter()
                    .find(|known| known.eq_ignore_ascii_case(role.get_ref()))
                {
                    Some(known) => roles.push(known.to_string()),
                    None => {
                        return Err(self.error(
                            role.span(),
                            "users.roles",
                            format!(
                                "unknown role `{}`; known: {}",
                                role.get_ref(),
                                KNOWN_ROLES.join(", ")
                            ),
                        ))
                    }
                }
            }
            let mut methods: Vec<Method> = Vec::new();
            for table in &user.methods {
                let method = self.method(table)?;
                if methods.iter().any(|other| other.id() == method.id()) {
                    return Err(self.error(
                        table.span(),
                        "users.methods.id",
                        format!("method id {} appears twice for {upn}", method.id()),
                    ));
                }
                methods.push(method);
            }
            let default_method = match &user.default_method {
                None => None,
                Some(id) if methods.iter().any(|method| method.id() == id.get_ref()) => {
                    Some(id.get_ref().clone())
                }
                Some(id) => {
                    return Err(self.error(
                        id.span(),
                        "users.default_method",
                        format!("{upn} has no method with id `{}`", id.get_ref()),
                    ))
                }
            };
            users.push(User {
                tenant_id: tenant.id.clone(),
                id,
                upn,
                display_name: user.display_name.clone(),
                given_name: user.given_name.clone(),
                surname: user.surname.clone(),
                mail: user.mail.clone(),
                job_title: user.job_title.clone(),
                department: user.department.clone(),
                employee_id: user.employee_id.clone(),
                mobile_phone: user.mobile_phone.clone(),
                office_location: user.office_location.clone(),
                preferred_language: user.preferred_language.clone(),
                business_phones: user.business_phones.clone(),
                password: user.password.clone().map(Secret::new),
                user_type: user.user_type,
                home_upn,
                roles,
                default_method,
                methods,
            });
        }
        // Every account needs a password somewhere: its own, or (for a guest) its home account's.
        for (index, user) in users.iter().enumerate() {
            let home_has_password = user.home_upn.as_ref().is_some_and(|home| {
                users.iter().any(|other| {
                    other.user_type == UserType::Member
                        && &other.upn == home
                        && other.password.is_some()
                })
            });
            if user.password.is_none() && !home_has_password {
                return Err(self.error(
                    raw[index].span(),
                    "users.password",
                    format!(
                        "{} needs a password (a guest may use its home account's instead)",
                        user.upn
                    ),
                ));
            }
        }
        Ok(users)
    }

    fn method(&self, table: &Spanned<toml::Table>) -> Result<Method, ScenarioError> {
        let span = table.span();
        let mut graph = Map::new();
        let mut in_hand = true;
        let mut secret = None;
        for (key, value) in table.get_ref() {
            match key.as_str() {
                "in_hand" => {
                    in_hand = value.as_bool().ok_or_else(|| {
                        self.error(
                            span.clone(),
                            "users.methods.in_hand",
                            "must be true or false",
                        )
                    })?;
                }
                "secret" => {
                    secret = Some(
                        value
                            .as_str()
                            .ok_or_else(|| {
                                self.error(span.clone(), "users.methods.secret", "must be a string")
                            })?
                            .to_string(),
                    );
                }
                _ => {
                    graph.insert(key.clone(), toml_to_json(value));
                }
            }
        }
        let odata_type = graph.get("@odata.type").and_then(Value::as_str).map(str::to_string).ok_or_else(|| {
            self.error(
                span.clone(),
                "users.methods.@odata.type",
                "each method needs \"@odata.type\" (e.g. \"#microsoft.graph.phoneAuthenticationMethod\")",
            )
        })?;
        if !odata_type.starts_with("#microsoft.graph.")
            || !KNOWN_TYPES.contains(&short_type(&odata_type))
        {
            return Err(self.error(
                span,
                "users.methods.@odata.type",
                format!("`{odata_type}` is not an authentication method type the simulator knows"),
            ));
        }
        if graph
            .get("id")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(self.error(span, "users.methods.id", "each method needs an `id`"));
        }
        // Secrets are always `null` on read (docs/MICROSOFT.md §3.1); TOML has no null, so the simulator adds them.
        let secret_property = match short_type(&odata_type) {
            "password" => Some("password"),
            "softwareOath" => Some("secretKey"),
            "temporaryAccessPass" => Some("temporaryAccessPass"),
            _ => None,
        };
        if let Some(property) = secret_property {
            graph.insert(property.to_string(), Value::Null);
        }
        // QR code + PIN: the PIN and the QR images are never returned either (docs/MICROSOFT.md §4.2).
        if short_type(&odata_type) == "qrCodePin" {
            for (table, property) in [
                ("pin", "code"),
                ("standardQRCode", "image"),
                ("temporaryQRCode", "image"),
            ] {
                if let Some(Value::Object(inner)) = graph.get_mut(table) {
                    inner.insert(property.to_string(), Value::Null);
                }
            }
        }
        let method = Method::new(graph, in_hand, secret);
        if method.short_type() == "phone" && method.str_field("phoneNumber").is_none() {
            return Err(self.error(
                span,
                "users.methods.phoneNumber",
                "a phone method needs `phoneNumber`",
            ));
        }
        Ok(method)
    }

    fn faults(
        &self,
        raw: &RawFaults,
        tenants: &[Tenant],
        users: &[User],
    ) -> Result<Faults, ScenarioError> {
        let mut faults = Faults {
            latency_ms: 0,
            throttle_every: 0,
            retry_after_seconds: 2.0,
            server_error_rate: 0.0,
            server_error_status: 503,
            seed: raw.seed.unwrap_or(0),
            token_errors: Vec::new(),
        };
        if let Some(latency) = &raw.latency_ms {
            if *latency.get_ref() < 0 || *latency.get_ref() > 60_000 {
                return Err(self.error(
                    latency.span(),
                    "faults.latency_ms",
                    "must be between 0 and 60000",
                ));
            }
            faults.latency_ms = *latency.get_ref() as u64;
        }
        if let Some(every) = &raw.throttle_every {
            if *every.get_ref() < 0 {
                return Err(self.error(
                    every.span(),
                    "faults.throttle_every",
                    "must be 0 (never) or more",
                ));
            }
            faults.throttle_every = *every.get_ref() as u64;
        }
        if let Some(retry) = &raw.retry_after_seconds {
            if !(0.0..=3600.0).contains(retry.get_ref()) {
                return Err(self.error(
                    retry.span(),
                    "faults.retry_after_seconds",
                    "must be between 0 and 3600",
                ));
            }
            faults.retry_after_seconds = *retry.get_ref();
        }
        if let Some(rate) = &raw.server_error_rate {
            if !(0.0..=1.0).contains(rate.get_ref()) {
                return Err(self.error(
                    rate.span(),
                    "faults.server_error_rate",
                    "must be between 0.0 and 1.0",
                ));
            }
            faults.server_error_rate = *rate.get_ref();
        }
        if let Some(status) = &raw.server_error_status {
            if !(500..=599).contains(status.get_ref()) {
                return Err(self.error(
                    status.span(),
                    "faults.server_error_status",
                    "must be a 5xx status",
                ));
            }
            faults.server_error_status = *status.get_ref() as u16;
        }
        for entry in &raw.token_errors {
            let fault = entry.get_ref();
            let name = fault.user.get_ref().to_ascii_lowercase();
            if !users
                .iter()
                .any(|user| user.sign_in_name() == name || user.upn == name)
            {
                return Err(self.error(
                    fault.user.span(),
                    "faults.token_errors.user",
                    format!("no user `{name}`"),
                ));
            }
            if crate::aadsts::injectable(*fault.code.get_ref()).is_none() {
                let known: Vec<String> = crate::aadsts::CATALOGUE
                    .iter()
                    .filter(|entry| crate::aadsts::injectable(entry.code).is_some())
                    .map(|entry| entry.code.to_string())
                    .collect();
                return Err(self.error(
                    fault.code.span(),
                    "faults.token_errors.code",
                    format!(
                        "AADSTS{} cannot be injected; known codes: {}",
                        fault.code.get_ref(),
                        known.join(", ")
                    ),
                ));
            }
            let grant_type = match &fault.grant_type {
                None => None,
                Some(grant) => {
                    let value = grant.get_ref().as_str();
                    if !["authorization_code", "refresh_token", "device_code"].contains(&value) {
                        return Err(self.error(
                            grant.span(),
                            "faults.token_errors.grant_type",
                            "one of authorization_code, refresh_token, device_code",
                        ));
                    }
                    Some(value.to_string())
                }
            };
            let tenant_id = match &fault.tenant {
                None => None,
                Some(segment) => match tenants
                    .iter()
                    .find(|tenant| tenant.answers_to(segment.get_ref()))
                {
                    Some(tenant) => Some(tenant.id.clone()),
                    None => {
                        return Err(self.error(
                            segment.span(),
                            "faults.token_errors.tenant",
                            format!("no tenant `{}`", segment.get_ref()),
                        ))
                    }
                },
            };
            faults.token_errors.push(TokenFault {
                sign_in_name: name,
                code: *fault.code.get_ref(),
                error: fault.error.clone(),
                grant_type,
                tenant_id,
            });
        }
        Ok(faults)
    }

    fn scripts(
        &self,
        raw: &[Spanned<RawScript>],
        users: &[User],
    ) -> Result<Vec<(String, BrowserScript)>, ScenarioError> {
        let mut scripts = Vec::new();
        for entry in raw {
            let script = entry.get_ref();
            let name = script.user.get_ref().to_ascii_lowercase();
            let Some(user) = users.iter().find(|user| user.sign_in_name() == name) else {
                return Err(self.error(
                    script.user.span(),
                    "scripts.user",
                    format!("no user signs in as `{name}`"),
                ));
            };
            let method = script
                .method
                .as_ref()
                .map(|method| method.get_ref().clone());
            let parsed = match script.outcome.get_ref().as_str() {
                "complete" => BrowserScript::Complete { method: method.clone() },
                "stuck_at_mfa" => BrowserScript::StuckAtMfa,
                "cant_use_any" => BrowserScript::CantUseAny,
                "wrong_password" => BrowserScript::WrongPassword,
                "cancel" => BrowserScript::Cancel,
                other => {
                    return Err(self.error(
                        script.outcome.span(),
                        "scripts.outcome",
                        format!("unknown outcome `{other}`; one of complete, stuck_at_mfa, cant_use_any, wrong_password, cancel"),
                    ))
                }
            };
            if let (Some(choice), Some(spanned)) = (&method, &script.method) {
                let known = choice == "none"
                    || Channel::from_keyword(choice).is_some()
                    || user.methods.iter().any(|method| method.id() == choice);
                if !known {
                    return Err(self.error(
                        spanned.span(),
                        "scripts.method",
                        format!("`{choice}` is neither a method id of {name} nor a method keyword"),
                    ));
                }
            }
            scripts.push((name, parsed));
        }
        Ok(scripts)
    }
}

/// TOML values as JSON; datetimes become their RFC 3339 text, as Graph writes them.
fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => {
            serde_json::Number::from_f64(*number).map_or(Value::Null, Value::Number)
        }
        toml::Value::Boolean(flag) => Value::Bool(*flag),
        toml::Value::Datetime(datetime) => Value::String(datetime.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(key, value)| (key.clone(), toml_to_json(value)))
                .collect(),
        ),
    }
}

/// Line, column and field for a byte span of the scenario text.
fn locate(
    source: &str,
    text: &str,
    span: Option<Range<usize>>,
    message: &str,
    field: Option<&str>,
) -> ScenarioError {
    let Some(span) = span else {
        return ScenarioError {
            file: source.to_string(),
            line: None,
            column: None,
            field: field.map(str::to_string),
            message: message.to_string(),
        };
    };
    let start = span.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = text[line_start..start].chars().count() + 1;
    let field = field
        .map(str::to_string)
        .or_else(|| field_from_message(message).map(|key| qualify(text, line_start, &key)))
        .or_else(|| key_on_line(text, line_start).map(|key| qualify(text, line_start, &key)));
    ScenarioError {
        file: source.to_string(),
        line: Some(line),
        column: Some(column),
        field,
        message: message.to_string(),
    }
}

/// `missing field `password`` / `unknown field `pasword`` → the field's name.
fn field_from_message(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))?;
    rest.split('`').next().map(str::to_string)
}

/// The key of a `key = value` line.
fn key_on_line(text: &str, line_start: usize) -> Option<String> {
    let line = text[line_start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

/// Prefix a key with the table it sits in (`users.password`), found from the nearest header at or above.
fn qualify(text: &str, line_start: usize, key: &str) -> String {
    let end_of_line = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let header = text[..end_of_line]
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))
        .map(|line| {
            line.trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string()
        });
    match header {
        // The error is about the table itself (`[pin]` → unknown field `pin`).
        Some(header) if header == key || header.ends_with(&format!(".{key}")) => header,
        Some(header) if !header.is_empty() => format!("{header}.{key}"),
        _ => key.to_string(),
    }
}

//! Validation of a parsed scenario: every reference resolved, every value in range, each mistake located.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use serde_json::{Map, Value};
use toml::Spanned;

use super::location::{locate, ScenarioError};
use super::raw::{
    RawFaults, RawGeneratedUsers, RawSampleAccount, RawScenario, RawScript, RawSettings,
    RawTapPolicy, RawTenant, RawUser,
};
use super::{
    Faults, Licence, SampleAccount, Scenario, Settings, TapPolicy, TapTarget, Tenant, TokenFault,
    User, UserType, KNOWN_ROLES,
};
use crate::clock::MAX_CLOCK_SKEW_SECONDS;
use crate::generated::GeneratedUsers;

/// A million users per entry: reports page through them without storing them.
const MAX_GENERATED_USERS: i64 = 1_000_000;
use crate::ids::{guid_from_name, is_guid};
use crate::methods::{short_type, Channel, Method, KNOWN_TYPES};
use crate::scopes::canonical_graph_permission;
use crate::script::BrowserScript;
use crate::secret::Secret;

pub(super) struct Validator<'a> {
    pub(super) source: &'a str,
    pub(super) text: &'a str,
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

    pub(super) fn scenario(&self, raw: RawScenario) -> Result<Scenario, ScenarioError> {
        let settings = self.settings(&raw.simulator)?;
        let tenants = self.tenants(&raw.tenants)?;
        let users = self.users(&raw.users, &tenants)?;
        self.tap_targets(&raw.tenants, &tenants, &users)?;
        let faults = self.faults(&raw.faults, &tenants, &users)?;
        let scripts = self.scripts(&raw.scripts, &users)?;
        let generated_users = self.generated_users(&raw.generated_users, &tenants)?;
        let sample_accounts = self.sample_accounts(&raw.sample_accounts, &tenants, &users)?;
        Ok(Scenario {
            generated_users,
            sample_accounts,
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
            clock_skew_seconds: match &raw.clock_skew_seconds {
                None => 0,
                Some(skew) if skew.get_ref().abs() <= MAX_CLOCK_SKEW_SECONDS => *skew.get_ref(),
                Some(skew) => {
                    return Err(self.error(
                        skew.span(),
                        "simulator.clock_skew_seconds",
                        format!(
                            "must be between -{MAX_CLOCK_SKEW_SECONDS} and {MAX_CLOCK_SKEW_SECONDS} (a week)"
                        ),
                    ))
                }
            },
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
            let tap_policy = match &tenant.temporary_access_pass {
                None => TapPolicy::default(),
                Some(policy) => self.tap_policy(policy)?,
            };
            tenants.push(Tenant {
                licence: tenant.licence.unwrap_or(Licence::P1),
                tap_policy,
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

    fn tap_policy(&self, raw: &Spanned<RawTapPolicy>) -> Result<TapPolicy, ScenarioError> {
        let field = |name: &str| format!("tenants.temporary_access_pass.{name}");
        let policy = raw.get_ref();
        let defaults = TapPolicy::default();
        let enabled = match &policy.state {
            None => defaults.enabled,
            Some(state) => match state.get_ref().as_str() {
                "enabled" => true,
                "disabled" => false,
                other => {
                    return Err(self.error(
                        state.span(),
                        &field("state"),
                        format!("`{other}`: one of enabled, disabled"),
                    ))
                }
            },
        };
        // Graph's own bounds for any pass: 10 minutes to 30 days (docs/MICROSOFT.md §6.3).
        let minutes = |value: &Option<Spanned<i64>>, name: &str, default: i64| match value {
            None => Ok(default),
            Some(value) if (10..=43_200).contains(value.get_ref()) => Ok(*value.get_ref()),
            Some(value) => Err(self.error(
                value.span(),
                &field(name),
                "must be between 10 and 43200 minutes",
            )),
        };
        let minimum = minutes(
            &policy.minimum_lifetime_minutes,
            "minimum_lifetime_minutes",
            defaults.minimum_lifetime_minutes,
        )?;
        let maximum = minutes(
            &policy.maximum_lifetime_minutes,
            "maximum_lifetime_minutes",
            defaults.maximum_lifetime_minutes,
        )?;
        let default_lifetime = minutes(
            &policy.default_lifetime_minutes,
            "default_lifetime_minutes",
            defaults
                .default_lifetime_minutes
                .clamp(minimum, maximum.max(minimum)),
        )?;
        if !(minimum <= default_lifetime && default_lifetime <= maximum) {
            // Blame the last bound written, as a person reads the table top to bottom.
            let (span, name) = [
                (&policy.maximum_lifetime_minutes, "maximum_lifetime_minutes"),
                (&policy.default_lifetime_minutes, "default_lifetime_minutes"),
                (&policy.minimum_lifetime_minutes, "minimum_lifetime_minutes"),
            ]
            .into_iter()
            .find_map(|(value, name)| value.as_ref().map(|value| (value.span(), name)))
            .unwrap_or((raw.span(), "default_lifetime_minutes"));
            return Err(self.error(
                span,
                &field(name),
                format!("the minimum ({minimum}), default ({default_lifetime}) and maximum ({maximum}) lifetimes must be in that order"),
            ));
        }
        let default_length = match &policy.default_length {
            None => defaults.default_length,
            Some(length) if (8..=48).contains(length.get_ref()) => *length.get_ref() as usize,
            Some(length) => {
                return Err(self.error(
                    length.span(),
                    &field("default_length"),
                    "must be between 8 and 48 characters",
                ))
            }
        };
        let include = match &policy.include {
            None => defaults.include,
            Some(targets) => targets
                .iter()
                .map(|target| {
                    let value = target.get_ref().trim().to_ascii_lowercase();
                    if value == "all_users" {
                        Ok(TapTarget::AllUsers)
                    } else if value.contains('@') {
                        Ok(TapTarget::User(value))
                    } else {
                        Err(self.error(
                            target.span(),
                            &field("include"),
                            format!("`{value}`: \"all_users\" or a user's UPN"),
                        ))
                    }
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        Ok(TapPolicy {
            enabled,
            default_lifetime_minutes: default_lifetime,
            minimum_lifetime_minutes: minimum,
            maximum_lifetime_minutes: maximum,
            default_length,
            is_usable_once: policy.is_usable_once.unwrap_or(defaults.is_usable_once),
            include,
        })
    }

    /// Every UPN a TAP policy includes is a user of that tenant.
    fn tap_targets(
        &self,
        raw: &[Spanned<RawTenant>],
        tenants: &[Tenant],
        users: &[User],
    ) -> Result<(), ScenarioError> {
        for (entry, tenant) in raw.iter().zip(tenants) {
            let Some(policy) = &entry.get_ref().temporary_access_pass else {
                continue;
            };
            for target in policy.get_ref().include.iter().flatten() {
                let upn = target.get_ref().trim().to_ascii_lowercase();
                if upn == "all_users" {
                    continue;
                }
                if !users
                    .iter()
                    .any(|user| user.tenant_id == tenant.id && user.upn == upn)
                {
                    return Err(self.error(
                        target.span(),
                        "tenants.temporary_access_pass.include",
                        format!("no user `{upn}` in tenant {}", tenant.domain),
                    ));
                }
            }
        }
        Ok(())
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
                // An invited guest's `mail` and `otherMails` hold the address they were invited with.
                mail: user.mail.clone().or_else(|| home_upn.clone()),
                other_mails: if user.other_mails.is_empty() {
                    home_upn.iter().cloned().collect()
                } else {
                    user.other_mails.clone()
                },
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

    /// Each sample account must be someone the scenario has: a member by that name, or a guest of that tenant
    /// whose home account it is.
    fn sample_accounts(
        &self,
        raw: &[Spanned<RawSampleAccount>],
        tenants: &[Tenant],
        users: &[User],
    ) -> Result<Vec<SampleAccount>, ScenarioError> {
        let mut accounts = Vec::new();
        for entry in raw {
            let sample = entry.get_ref();
            let upn = sample.upn.get_ref().trim().to_ascii_lowercase();
            let known = match &sample.guest_at {
                None => users.iter().any(|user| {
                    user.user_type == UserType::Member && user.upn.to_ascii_lowercase() == upn
                }),
                Some(domain) => tenants
                    .iter()
                    .find(|tenant| tenant.answers_to(domain.get_ref()))
                    .is_some_and(|tenant| {
                        users.iter().any(|user| {
                            user.tenant_id == tenant.id
                                && user.user_type == UserType::Guest
                                && user
                                    .home_upn
                                    .as_deref()
                                    .map(str::to_ascii_lowercase)
                                    .as_deref()
                                    == Some(upn.as_str())
                        })
                    }),
            };
            if !known {
                return Err(self.error(
                    entry.span(),
                    "sample_accounts",
                    format!("no user `{upn}` there in this scenario"),
                ));
            }
            accounts.push(SampleAccount {
                upn,
                guest_at: sample
                    .guest_at
                    .as_ref()
                    .map(|domain| domain.get_ref().clone()),
                it_contact: sample.it_contact.clone(),
            });
        }
        Ok(accounts)
    }

    fn generated_users(
        &self,
        raw: &[Spanned<RawGeneratedUsers>],
        tenants: &[Tenant],
    ) -> Result<Vec<GeneratedUsers>, ScenarioError> {
        let mut generated = Vec::new();
        for entry in raw {
            let spec = entry.get_ref();
            let Some(tenant) = tenants
                .iter()
                .find(|tenant| tenant.answers_to(spec.tenant.get_ref()))
            else {
                return Err(self.error(
                    spec.tenant.span(),
                    "generated_users.tenant",
                    format!("no tenant with id or domain `{}`", spec.tenant.get_ref()),
                ));
            };
            let count = *spec.count.get_ref();
            if !(1..=MAX_GENERATED_USERS).contains(&count) {
                return Err(self.error(
                    spec.count.span(),
                    "generated_users.count",
                    format!("must be between 1 and {MAX_GENERATED_USERS}"),
                ));
            }
            generated.push(GeneratedUsers {
                tenant_id: tenant.id.clone(),
                domain: tenant.domain.clone(),
                count: count as usize,
                seed: spec.seed.unwrap_or(0),
            });
        }
        Ok(generated)
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
                    || user
                        .methods
                        .iter()
                        .any(|method| method.id() == choice || method.is_named(choice));
                if !known {
                    return Err(self.error(
                        spanned.span(),
                        "scripts.method",
                        format!("`{choice}` is neither a method id or device name of {name} nor a method keyword"),
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

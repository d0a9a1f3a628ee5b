//! The scenario file's TOML shapes as written, before validation. Spans are kept for error locations.

use serde::Deserialize;
use toml::Spanned;

use super::{Licence, TenantKind, UserType};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScenario {
    #[serde(default)]
    pub(super) simulator: RawSettings,
    #[serde(default)]
    pub(super) faults: RawFaults,
    #[serde(default)]
    pub(super) tenants: Vec<Spanned<RawTenant>>,
    #[serde(default)]
    pub(super) users: Vec<Spanned<RawUser>>,
    #[serde(default)]
    pub(super) scripts: Vec<Spanned<RawScript>>,
    #[serde(default)]
    pub(super) generated_users: Vec<Spanned<RawGeneratedUsers>>,
    #[serde(default)]
    pub(super) sample_accounts: Vec<Spanned<RawSampleAccount>>,
}

/// `[[sample_accounts]]`: the accounts of the story's person, which practice mode offers with one click.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSampleAccount {
    pub(super) upn: Spanned<String>,
    /// The inviting tenant's domain, for an account that is a guest there.
    #[serde(default)]
    pub(super) guest_at: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) it_contact: Option<String>,
}

/// `[[generated_users]]`: users synthesized from a seed, for reports at scale.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGeneratedUsers {
    pub(super) tenant: Spanned<String>,
    pub(super) count: Spanned<i64>,
    pub(super) seed: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSettings {
    pub(super) name: Option<String>,
    pub(super) application_name: Option<String>,
    pub(super) accepted_client_ids: Option<Vec<Spanned<String>>>,
    pub(super) methods_page_size: Option<Spanned<i64>>,
    pub(super) registration_details_page_size: Option<Spanned<i64>>,
    pub(super) access_token_lifetime_seconds: Option<Spanned<i64>>,
    pub(super) auth_code_lifetime_seconds: Option<Spanned<i64>>,
    pub(super) device_code_lifetime_seconds: Option<Spanned<i64>>,
    pub(super) device_code_interval_seconds: Option<Spanned<i64>>,
    pub(super) show_passwords: Option<bool>,
    pub(super) clock_skew_seconds: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFaults {
    pub(super) latency_ms: Option<Spanned<i64>>,
    pub(super) throttle_every: Option<Spanned<i64>>,
    pub(super) retry_after_seconds: Option<Spanned<f64>>,
    pub(super) server_error_rate: Option<Spanned<f64>>,
    pub(super) server_error_status: Option<Spanned<i64>>,
    pub(super) seed: Option<u64>,
    #[serde(default)]
    pub(super) token_errors: Vec<Spanned<RawTokenFault>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTokenFault {
    pub(super) user: Spanned<String>,
    pub(super) code: Spanned<u32>,
    pub(super) error: Option<String>,
    pub(super) grant_type: Option<Spanned<String>>,
    pub(super) tenant: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTenant {
    pub(super) id: Spanned<String>,
    pub(super) domain: Spanned<String>,
    #[serde(default)]
    pub(super) other_domains: Vec<Spanned<String>>,
    pub(super) name: String,
    pub(super) kind: TenantKind,
    #[serde(default)]
    pub(super) consented_scopes: Vec<Spanned<String>>,
    #[serde(default = "yes")]
    pub(super) require_mfa: bool,
    pub(super) licence: Option<Licence>,
    #[serde(default)]
    pub(super) temporary_access_pass: Option<Spanned<RawTapPolicy>>,
}

/// `[tenants.temporary_access_pass]`: the tenant's Temporary Access Pass policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTapPolicy {
    pub(super) state: Option<Spanned<String>>,
    pub(super) default_lifetime_minutes: Option<Spanned<i64>>,
    pub(super) minimum_lifetime_minutes: Option<Spanned<i64>>,
    pub(super) maximum_lifetime_minutes: Option<Spanned<i64>>,
    pub(super) default_length: Option<Spanned<i64>>,
    pub(super) is_usable_once: Option<bool>,
    pub(super) include: Option<Vec<Spanned<String>>>,
}

pub(super) fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawUser {
    pub(super) tenant: Spanned<String>,
    pub(super) upn: Option<Spanned<String>>,
    pub(super) id: Option<Spanned<String>>,
    pub(super) display_name: String,
    pub(super) given_name: Option<String>,
    pub(super) surname: Option<String>,
    pub(super) mail: Option<String>,
    #[serde(default)]
    pub(super) other_mails: Vec<String>,
    pub(super) job_title: Option<String>,
    pub(super) department: Option<String>,
    pub(super) employee_id: Option<String>,
    pub(super) mobile_phone: Option<String>,
    pub(super) office_location: Option<String>,
    pub(super) preferred_language: Option<String>,
    #[serde(default)]
    pub(super) business_phones: Vec<String>,
    pub(super) password: Option<String>,
    #[serde(default = "member")]
    pub(super) user_type: UserType,
    pub(super) home_upn: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) roles: Vec<Spanned<String>>,
    pub(super) default_method: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) methods: Vec<Spanned<toml::Table>>,
}

pub(super) fn member() -> UserType {
    UserType::Member
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScript {
    pub(super) user: Spanned<String>,
    pub(super) outcome: Spanned<String>,
    pub(super) method: Option<Spanned<String>>,
}

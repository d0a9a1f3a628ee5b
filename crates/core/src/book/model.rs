//! What the account book holds: the person's accounts, what they typed about each one, and the last evidence
//! Lifeboat gathered for it.
//!
//! Only facts are stored, never verdicts: the assessment engine recomputes those from the evidence and the
//! situation every time. No field can hold a token: sign-in secrets live only in the OS keyring.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use ts_rs::TS;

pub use crate::assess::InventorySource;
use crate::evidence::SignInEvidence;
use crate::lang::Lang;
use crate::situation::Situation;

/// The whole book: the situation the person declared and their accounts, in the order they added them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountBook {
    /// The person's full name, given once; an account's own `full_name` wins where an organisation knows them
    /// by another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub full_name: Option<String>,
    /// What happened to the phone, as the person says it (a ticket calls a broken phone broken, not lost).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub loss_kind: Option<LossKind>,
    /// Where IT can reach the person while the work accounts are locked (a personal address). Used as the
    /// reply address of ticket drafts, never one of the locked accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub contact_email: Option<String>,
    /// What the person lost (devices, phone numbers) and where their codes live. Its `now` is never stored:
    /// callers set it when they assess.
    #[serde(default)]
    pub situation: Situation,
    /// The day the loss happened, as the person remembers it (for the "when" of a ticket).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "day::option")]
    #[ts(optional, type = "string")]
    pub lost_on: Option<Date>,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// The move to a new phone under way, when there is one (schema 3; absent in older books).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone_move: Option<crate::moving::PhoneMove>,
}

/// What happened to the phone. Lost and stolen phones may be in someone else's hands: their registrations are
/// removed early. A broken or wiped phone is gone for the person but for nobody else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    Lost,
    Stolen,
    Broken,
    /// Reset or erased (a factory reset, a replaced phone handed back).
    Wiped,
}

impl LossKind {
    pub const ALL: [LossKind; 4] = [
        LossKind::Lost,
        LossKind::Stolen,
        LossKind::Broken,
        LossKind::Wiped,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LossKind::Lost => "lost",
            LossKind::Stolen => "stolen",
            LossKind::Broken => "broken",
            LossKind::Wiped => "wiped",
        }
    }

    pub fn parse(value: &str) -> Option<LossKind> {
        let value = value.trim().to_ascii_lowercase();
        LossKind::ALL.into_iter().find(|kind| kind.code() == value)
    }

    /// True when the phone may be in someone else's hands.
    pub fn may_be_in_other_hands(self) -> bool {
        matches!(self, LossKind::Lost | LossKind::Stolen)
    }
}

// Days are written `2026-11-19` (ISO 8601 calendar date).
time::serde::format_description!(day, Date, "[year]-[month]-[day]");

/// A short identifier for an account inside one book (`"1"`, `"2"`, …), stable across edits. Serialised as a
/// plain string (serde writes newtype structs as their content).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct AccountId(pub String);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(&self.0)
    }
}

impl From<&str> for AccountId {
    fn from(value: &str) -> Self {
        AccountId(value.to_string())
    }
}

/// One work or school account in one tenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: AccountId,
    #[serde(flatten)]
    pub details: AccountDetails,
    /// The last list of registered methods, exactly as Graph returned it (or as the person ticked it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_inventory: Option<StoredInventory>,
    /// How the last sign-in attempt ended, with Entra's trace and correlation ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub last_check: Option<SignInEvidence>,
    /// When the person marked the IT ticket covering this account as sent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[ts(optional, type = "string")]
    pub ticket_sent_at: Option<OffsetDateTime>,
    /// The re-registration after IT acted, when the person began it (schema 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reregistration: Option<crate::reregistration::Reregistration>,
}

/// Whether the person belongs to the tenant or was invited into it (B2B guest).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    #[default]
    Member,
    Guest,
}

impl Membership {
    pub fn parse(value: &str) -> Option<Membership> {
        match value.trim().to_ascii_lowercase().as_str() {
            "member" | "membro" => Some(Membership::Member),
            "guest" | "ospite" => Some(Membership::Guest),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Membership::Member => "member",
            Membership::Guest => "guest",
        }
    }
}

/// How to reach the tenant's IT: an email address, or a helpdesk web page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ItContact {
    Email(String),
    Url(String),
}

impl ItContact {
    /// Reads what a person types: `https://…` or `http://…` is a helpdesk page; anything else (optionally
    /// prefixed by `mailto:`) must be an email address.
    pub fn parse(value: &str) -> Result<ItContact, String> {
        let value = value.trim();
        let lower = value.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            if is_plausible_url(value) {
                Ok(ItContact::Url(value.to_string()))
            } else {
                Err("is not a usable web address (no spaces or control characters, a host after //)".into())
            }
        } else {
            let address = if lower.starts_with("mailto:") {
                &value["mailto:".len()..]
            } else {
                value
            };
            if is_plausible_email(address) {
                Ok(ItContact::Email(address.to_string()))
            } else {
                Err(
                    "is neither an email address (name@domain) nor a web address (https://…)"
                        .into(),
                )
            }
        }
    }

    /// The value as a person would type it back.
    pub fn as_text(&self) -> &str {
        match self {
            ItContact::Email(address) | ItContact::Url(address) => address,
        }
    }
}

/// Everything the person types about an account. Free-text fields are single-line; [`AccountDetails::normalise`]
/// trims them and turns empty strings into `None`; [`AccountDetails::validate`] says what is wrong.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountDetails {
    /// The sign-in name (user principal name), e.g. `mario.rossi@scuola.example.it`.
    pub upn: String,
    /// The tenant's id (a GUID). Guests must give the resource tenant's id or domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tenant_id: Option<String>,
    /// A domain of the tenant (e.g. `contoso.com`), when the id is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tenant_domain: Option<String>,
    /// The organisation's name as the person knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub organisation: Option<String>,
    /// The person's own label ("university", "client X").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub label: Option<String>,
    #[serde(default)]
    pub membership: Membership,
    /// Whether the person holds an administrator role in this tenant: then only a Privileged Authentication
    /// Administrator can reset their methods (docs/MICROSOFT.md §6.2).
    #[serde(default)]
    pub admin_role: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub it_contact: Option<ItContact>,
    /// The language of this tenant's ticket; when absent, the person's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub ticket_lang: Option<Lang>,
    /// The person's full name as this organisation knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub full_name: Option<String>,
    /// Student or staff ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub person_id: Option<String>,
    /// Department or course.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub department: Option<String>,
}

/// The last method list of an account, kept as the raw Graph JSON objects so nothing is lost between versions
/// of Lifeboat; the assessment engine parses it when it needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoredInventory {
    pub methods: Vec<serde_json::Value>,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub read_at: OffsetDateTime,
    pub source: InventorySource,
}

/// Which field of an account is wrong, and why, in words a person understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: &'static str,
    pub reason: String,
}

impl FieldError {
    fn new(field: &'static str, reason: impl Into<String>) -> Self {
        FieldError {
            field,
            reason: reason.into(),
        }
    }
}

impl AccountDetails {
    /// A new account with only its sign-in name; everything else absent.
    pub fn new(upn: impl Into<String>) -> Self {
        AccountDetails {
            upn: upn.into(),
            ..AccountDetails::default()
        }
    }

    /// Trims every field, lower-cases the tenant id and domain, and turns empty strings into `None`.
    pub fn normalise(mut self) -> Self {
        self.upn = self.upn.trim().to_string();
        let tidy = |value: Option<String>| {
            value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        self.tenant_id = tidy(self.tenant_id).map(|v| v.to_ascii_lowercase());
        self.tenant_domain = tidy(self.tenant_domain).map(|v| v.to_ascii_lowercase());
        self.organisation = tidy(self.organisation);
        self.label = tidy(self.label);
        self.full_name = tidy(self.full_name);
        self.person_id = tidy(self.person_id);
        self.department = tidy(self.department);
        self
    }

    /// Checks what a person typed. Free text may hold any printable character (accents, other scripts), but no
    /// line breaks or other control characters.
    pub fn validate(&self) -> Result<(), FieldError> {
        if !is_plausible_upn(&self.upn) {
            return Err(FieldError::new(
                "upn",
                format!(
                    "{:?} is not a sign-in name (name@domain, no spaces)",
                    self.upn
                ),
            ));
        }
        if let Some(id) = &self.tenant_id {
            if !is_guid(id) {
                return Err(FieldError::new(
                    "tenantId",
                    format!("{id:?} is not a tenant id (a GUID such as 00aa00aa-bb11-cc22-dd33-44ee44ee44ee)"),
                ));
            }
        }
        if let Some(domain) = &self.tenant_domain {
            if !is_plausible_domain(domain) {
                return Err(FieldError::new(
                    "tenantDomain",
                    format!("{domain:?} is not a domain name"),
                ));
            }
        }
        if self.membership == Membership::Guest
            && self.tenant_id.is_none()
            && self.tenant_domain.is_none()
        {
            return Err(FieldError::new(
                "tenantId",
                "a guest account needs the inviting tenant's id or domain (the sign-in name names the home tenant)",
            ));
        }
        match &self.it_contact {
            Some(ItContact::Email(address)) if !is_plausible_email(address) => {
                return Err(FieldError::new(
                    "itContact",
                    format!("{address:?} is not an email address"),
                ));
            }
            Some(ItContact::Url(url)) if !is_plausible_url(url) => {
                return Err(FieldError::new(
                    "itContact",
                    format!("{url:?} is not a web address"),
                ));
            }
            _ => {}
        }
        let free_text = [
            ("organisation", &self.organisation),
            ("label", &self.label),
            ("fullName", &self.full_name),
            ("personId", &self.person_id),
            ("department", &self.department),
        ];
        for (field, value) in free_text {
            if let Some(value) = value {
                if value.chars().any(char::is_control) {
                    return Err(FieldError::new(
                        field,
                        "must be one line, without control characters",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The domain part of the sign-in name (`scuola.example.it` for `mario@scuola.example.it`).
    pub fn upn_domain(&self) -> Option<&str> {
        self.upn
            .rsplit_once('@')
            .map(|(_, domain)| domain)
            .filter(|domain| !domain.is_empty())
    }
}

/// `name@domain` with no whitespace or control characters and exactly one `@` (guest UPNs such as
/// `mario_example.com#EXT#@contoso.onmicrosoft.com` qualify).
pub fn is_plausible_upn(upn: &str) -> bool {
    let Some((local, domain)) = upn.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && is_plausible_domain(domain)
        && !upn.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An email address that can go into a mail header and a `mailto:` URI unchanged: a dot-atom local part
/// (RFC 5322 §3.2.3 `atext`) and a dotted domain of letters, digits and hyphens. Quoted local parts and
/// address literals are refused: nobody's helpdesk uses them, and refusing them keeps headers safe.
pub fn is_plausible_email(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let dot_atom = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|part| !part.is_empty() && part.chars().all(atext));
    dot_atom && is_plausible_domain(domain)
}

/// A DNS name with at least two labels of ASCII letters, digits and hyphens.
pub fn is_plausible_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `http(s)://host…` with no whitespace or control characters.
pub fn is_plausible_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A GUID in its usual 8-4-4-4-12 hexadecimal form.
pub fn is_guid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

impl Account {
    /// The stored evidence in the assessment engine's shape. A stored method list that no longer parses counts
    /// as no list at all: the verdict then rests on the other evidence, never on a guess.
    pub fn evidence(&self) -> crate::assess::AccountEvidence {
        let inventory = self.last_inventory.as_ref().and_then(|stored| {
            crate::methods::parse_methods_values(&stored.methods)
                .ok()
                .map(|methods| crate::assess::Inventory {
                    methods,
                    source: stored.source,
                    read_at: stored.read_at,
                })
        });
        crate::assess::AccountEvidence {
            tenant_id: self.details.tenant_id.clone(),
            inventory,
            sign_in: self.last_check.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_contact_parsing_table() {
        let cases: [(&str, Option<ItContact>); 8] = [
            (
                "helpdesk@scuola.example.it",
                Some(ItContact::Email("helpdesk@scuola.example.it".into())),
            ),
            (
                "mailto:it@contoso.com",
                Some(ItContact::Email("it@contoso.com".into())),
            ),
            (
                " https://help.contoso.com/ticket ",
                Some(ItContact::Url("https://help.contoso.com/ticket".into())),
            ),
            (
                "HTTP://intranet.example.org",
                Some(ItContact::Url("HTTP://intranet.example.org".into())),
            ),
            ("it@contoso.com\r\nBcc: x@evil.example", None),
            ("https:// spaced.example", None),
            ("not an address", None),
            ("\"quoted\"@contoso.com", None),
        ];
        for (input, expected) in cases {
            assert_eq!(ItContact::parse(input).ok(), expected, "input {input:?}");
        }
    }

    #[test]
    fn validation_names_the_field() {
        let ok = AccountDetails {
            tenant_id: Some("00aa00aa-bb11-cc22-dd33-44ee44ee44ee".into()),
            full_name: Some("Maria Teresa Àlvarez".into()),
            ..AccountDetails::new("maria@scuola.example.it")
        };
        assert_eq!(ok.validate(), Ok(()));

        let bad_upn = AccountDetails::new("maria at scuola");
        assert_eq!(bad_upn.validate().unwrap_err().field, "upn");

        let bad_tenant = AccountDetails {
            tenant_id: Some("contoso".into()),
            ..ok.clone()
        };
        assert_eq!(bad_tenant.validate().unwrap_err().field, "tenantId");

        let guest_without_tenant = AccountDetails {
            membership: Membership::Guest,
            tenant_id: None,
            ..AccountDetails::new("maria@home.example")
        };
        assert_eq!(
            guest_without_tenant.validate().unwrap_err().field,
            "tenantId"
        );

        let broken_name = AccountDetails {
            full_name: Some("Maria\r\nBcc: x".into()),
            ..ok.clone()
        };
        assert_eq!(broken_name.validate().unwrap_err().field, "fullName");
    }

    #[test]
    fn normalise_trims_and_lowercases_tenant() {
        let details = AccountDetails {
            tenant_id: Some(" 00AA00AA-BB11-CC22-DD33-44EE44EE44EE ".into()),
            tenant_domain: Some("Contoso.COM".into()),
            label: Some("   ".into()),
            ..AccountDetails::new("  Mario@Contoso.com ")
        }
        .normalise();
        assert_eq!(details.upn, "Mario@Contoso.com");
        assert_eq!(
            details.tenant_id.as_deref(),
            Some("00aa00aa-bb11-cc22-dd33-44ee44ee44ee")
        );
        assert_eq!(details.tenant_domain.as_deref(), Some("contoso.com"));
        assert_eq!(details.label, None);
    }

    #[test]
    fn guest_upn_is_accepted() {
        assert!(is_plausible_upn(
            "mario_example.com#EXT#@contoso.onmicrosoft.com"
        ));
        assert!(!is_plausible_upn("@contoso.com"));
        assert!(!is_plausible_upn("mario@localhost"));
    }
}

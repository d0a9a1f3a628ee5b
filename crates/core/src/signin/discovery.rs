//! Tenant discovery without signing in: the OpenID configuration of `{authority}/{tenant}/v2.0`, whose issuer
//! holds the tenant id (docs/PRODUCT.md §4, docs/MICROSOFT.md §1.1). Every endpoint it names must sit on the
//! authority's own origin: codes, refresh tokens and key lookups go nowhere else.

use serde::Deserialize;
use url::Url;

use crate::config::{check_host, ConfigError, HostRole, IdentityConfig};
use crate::http::{HttpRequest, HttpTransport, TransportError};

/// The parts of the OpenID configuration Lifeboat uses.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OpenIdConfiguration {
    pub issuer: String,
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    #[serde(default)]
    pub device_authorization_endpoint: Option<Url>,
    pub jwks_uri: Url,
}

impl OpenIdConfiguration {
    /// The first endpoint not on `authority`'s origin (scheme, host and port), by its field name.
    fn foreign_endpoint(&self, authority: &Url) -> Option<(&'static str, &Url)> {
        let origin = authority.origin();
        [
            ("authorization_endpoint", Some(&self.authorization_endpoint)),
            ("token_endpoint", Some(&self.token_endpoint)),
            ("jwks_uri", Some(&self.jwks_uri)),
            (
                "device_authorization_endpoint",
                self.device_authorization_endpoint.as_ref(),
            ),
        ]
        .into_iter()
        .find_map(|(name, url)| {
            url.filter(|url| url.origin() != origin)
                .map(|url| (name, url))
        })
    }

    /// The tenant id in an Entra-shaped issuer (`…/{tid}/v2.0`). `None` for the multi-tenant template
    /// (`{tenantid}`) of `common` / `organizations`.
    pub fn tenant_id(&self) -> Option<String> {
        tenant_in_issuer(&self.issuer)
    }
}

/// `https://login.microsoftonline.com/{tid}/v2.0` → `{tid}`.
pub fn tenant_in_issuer(issuer: &str) -> Option<String> {
    // Read the raw text: a URL parser would percent-encode the `{tenantid}` template.
    Url::parse(issuer).ok()?;
    let mut segments = issuer.trim_end_matches('/').rsplit('/');
    let (Some("v2.0"), Some(tenant)) = (segments.next(), segments.next()) else {
        return None;
    };
    let plain = !tenant.is_empty()
        && tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    (plain && segments.next().is_some_and(|before| !before.is_empty())).then(|| tenant.to_string())
}

/// The domain part of a UPN (`mario.rossi@scuola.example.it` → `scuola.example.it`).
pub fn domain_of(upn: &str) -> Option<&str> {
    let (local, domain) = upn.trim().rsplit_once('@')?;
    let valid = !local.is_empty()
        && !domain.is_empty()
        && domain.contains('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    valid.then_some(domain)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    #[error("“{0}” is not a valid tenant name or domain")]
    InvalidTenant(String),
    #[error("no Microsoft Entra tenant was found for “{tenant}”")]
    UnknownTenant { tenant: String },
    #[error("the sign-in service answered with HTTP {status} for “{tenant}”")]
    Status { tenant: String, status: u16 },
    #[error("the sign-in service's configuration for “{tenant}” could not be read: {reason}")]
    Malformed { tenant: String, reason: String },
    /// The configuration sends part of the sign-in to another server than the authority.
    #[error("the sign-in service's configuration for “{tenant}” names another server for {endpoint}: {url}")]
    ForeignEndpoint {
        tenant: String,
        endpoint: &'static str,
        url: String,
    },
    #[error(transparent)]
    Host(#[from] ConfigError),
    #[error(transparent)]
    Transport(#[from] TransportError),
}

/// What looking up the organisation of a sign-in name found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum TenantLookup {
    /// Microsoft knows an organisation at that domain.
    Found {
        domain: String,
        tenant_id: Option<String>,
    },
    /// No Microsoft organisation uses that domain: most likely a typing mistake.
    Unknown { domain: String },
    /// The lookup could not be made (offline, service trouble); the account can be added anyway.
    Unavailable { domain: String, reason: String },
    /// Nothing to look up yet (no domain).
    Incomplete,
}

/// Fetches the tenant's OpenID configuration. `tenant` is a tenant id, a domain, or `organizations`.
pub async fn discover(
    http: &dyn HttpTransport,
    config: &IdentityConfig,
    tenant: &str,
) -> Result<OpenIdConfiguration, DiscoveryError> {
    let valid = !tenant.is_empty()
        && tenant.len() <= 253
        && tenant
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    if !valid {
        return Err(DiscoveryError::InvalidTenant(tenant.to_string()));
    }
    // Checked here too, so a front end that sets the hosts without `IdentityConfig::with_hosts` still sends no
    // token over plain http to another computer.
    check_host(HostRole::Authority, &config.authority)?;
    let authority = config
        .tenant_authority(tenant)
        .map_err(|_| DiscoveryError::InvalidTenant(tenant.to_string()))?;
    let url = Url::parse(&format!("{authority}/.well-known/openid-configuration"))
        .map_err(|_| DiscoveryError::InvalidTenant(tenant.to_string()))?;
    let response = http
        .send(HttpRequest::get(url, config.request_timeout))
        .await?;
    let found: OpenIdConfiguration = match response.status {
        200 => {
            serde_json::from_slice(&response.body).map_err(|error| DiscoveryError::Malformed {
                tenant: tenant.to_string(),
                reason: error.to_string(),
            })?
        }
        // Entra answers 400 (AADSTS90002 "Tenant not found") for an unknown domain; 404 from stand-ins.
        400 | 404 => {
            return Err(DiscoveryError::UnknownTenant {
                tenant: tenant.to_string(),
            })
        }
        status => {
            return Err(DiscoveryError::Status {
                tenant: tenant.to_string(),
                status,
            })
        }
    };
    match found.foreign_endpoint(&config.authority) {
        Some((endpoint, url)) => Err(DiscoveryError::ForeignEndpoint {
            tenant: tenant.to_string(),
            endpoint,
            url: url.to_string(),
        }),
        None => Ok(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_id_comes_from_the_issuer() {
        assert_eq!(
            tenant_in_issuer(
                "https://login.microsoftonline.com/aaaabbbb-0000-cccc-1111-dddd2222eeee/v2.0"
            )
            .as_deref(),
            Some("aaaabbbb-0000-cccc-1111-dddd2222eeee")
        );
        assert_eq!(
            tenant_in_issuer("http://127.0.0.1:4000/t1/v2.0/").as_deref(),
            Some("t1")
        );
        assert_eq!(
            tenant_in_issuer("https://login.microsoftonline.com/{tenantid}/v2.0"),
            None
        );
        assert_eq!(tenant_in_issuer("https://sts.windows.net/abc/"), None);
        assert_eq!(tenant_in_issuer("not a url"), None);
    }

    #[test]
    fn domains_come_from_upns() {
        assert_eq!(
            domain_of("mario.rossi@scuola.example.it"),
            Some("scuola.example.it")
        );
        assert_eq!(domain_of(" a@b.c "), Some("b.c"));
        assert_eq!(domain_of("nodomain"), None);
        assert_eq!(domain_of("a@localhost"), None);
        assert_eq!(domain_of("a@ev/il.com"), None);
        assert_eq!(domain_of("@x.com"), None);
    }
}

//! Where Lifeboat signs in and reads from: client id, authority host and Graph host are configuration, not
//! constants, so the simulator and test peers can stand in for Microsoft (docs/PRODUCT.md §4). Hosts given from
//! outside go through [`IdentityConfig::with_hosts`]: refresh and access tokens are sent to them.

use std::fmt;
use std::time::Duration;

use url::{Host, Url};

/// Microsoft Graph Command Line Tools, the public client `Connect-MgGraph` uses when no `-ClientId` is given
/// (docs/MICROSOFT.md §2.2). An organisation can configure its own multi-tenant registration instead.
pub const GRAPH_CLI_TOOLS_CLIENT_ID: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
/// The display name of that client, so the UI can say which app the person is signing in with.
pub const GRAPH_CLI_TOOLS_NAME: &str = "Microsoft Graph Command Line Tools";
pub const DEFAULT_AUTHORITY: &str = "https://login.microsoftonline.com";
pub const DEFAULT_GRAPH: &str = "https://graph.microsoft.com";

/// How Graph calls are retried.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included.
    pub max_attempts: u32,
    /// First backoff step for 5xx and transport failures without `Retry-After`; doubles each time.
    pub base_delay: Duration,
    /// No single backoff step is longer than this.
    pub max_delay: Duration,
    /// A `Retry-After` longer than this is not waited for: the read fails as throttled instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// Which of the two hosts a [`ConfigError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostRole {
    /// Where Lifeboat signs in (`--authority`, `LIFEBOAT_AUTHORITY`).
    Authority,
    /// Where Lifeboat reads Microsoft Graph (`--graph`, `LIFEBOAT_GRAPH`).
    Graph,
}

impl fmt::Display for HostRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HostRole::Authority => "the sign-in authority",
            HostRole::Graph => "the Graph address",
        })
    }
}

/// A host Lifeboat will not send tokens to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{role} “{value}” is not an http(s) address of a host (no user name, query or fragment)"
    )]
    NotAHost { role: HostRole, value: String },
    #[error("{role} “{value}” uses plain http to another computer; only https is accepted there")]
    PlainHttp { role: HostRole, value: String },
}

/// Everything the sign-in and Graph layers need to know about the outside world.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityConfig {
    pub client_id: String,
    /// Human-readable name of the client, shown to the person before sign-in.
    pub client_name: String,
    /// `https://login.microsoftonline.com`; tenant authorities are `{authority}/{tenant}/v2.0`.
    pub authority: Url,
    /// `https://graph.microsoft.com`; calls go to `{graph}/v1.0/...`.
    pub graph: Url,
    /// Timeout of one HTTP request. Graph's authentication-method APIs give up after 60 s themselves.
    pub request_timeout: Duration,
    /// How long an interactive sign-in waits for the browser (authorization codes last about 10 minutes).
    pub interactive_timeout: Duration,
    /// How many remembered sessions are re-checked at once.
    pub max_concurrent_rechecks: usize,
    pub retry: RetryPolicy,
}

impl Default for IdentityConfig {
    fn default() -> Self {
        Self {
            client_id: GRAPH_CLI_TOOLS_CLIENT_ID.to_string(),
            client_name: GRAPH_CLI_TOOLS_NAME.to_string(),
            authority: Url::parse(DEFAULT_AUTHORITY).expect("constant URL"),
            graph: Url::parse(DEFAULT_GRAPH).expect("constant URL"),
            request_timeout: Duration::from_secs(30),
            interactive_timeout: Duration::from_secs(10 * 60),
            max_concurrent_rechecks: 64,
            retry: RetryPolicy::default(),
        }
    }
}

impl IdentityConfig {
    /// The defaults with both hosts pointed at one stand-in server (the simulator serves both on loopback).
    pub fn with_base(base: &Url) -> Self {
        Self {
            authority: base.clone(),
            graph: base.clone(),
            ..Self::default()
        }
    }

    /// The defaults with the hosts a person gave (flags, environment), checked: https, or plain http to this
    /// computer only. Sessions remembered with Microsoft's hosts are never used with others (the keyring key
    /// names the hosts, `signin::AccountTarget::for_account`).
    pub fn with_hosts(authority: &str, graph: &str) -> Result<Self, ConfigError> {
        let config = Self {
            authority: parse_host(HostRole::Authority, authority)?,
            graph: parse_host(HostRole::Graph, graph)?,
            ..Self::default()
        };
        config.validate()?;
        Ok(config)
    }

    /// Both hosts are ones tokens may be sent to.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_host(HostRole::Authority, &self.authority)?;
        check_host(HostRole::Graph, &self.graph)
    }

    /// True when both hosts are Microsoft's own (by origin: scheme, host and port).
    pub fn uses_microsoft_hosts(&self) -> bool {
        let microsoft = |url: &Url, default: &str| {
            Url::parse(default).is_ok_and(|default| default.origin() == url.origin())
        };
        microsoft(&self.authority, DEFAULT_AUTHORITY) && microsoft(&self.graph, DEFAULT_GRAPH)
    }

    /// `{authority}/{tenant}/v2.0`: the tenant's authority (tenant id, domain, `organizations`, …).
    pub fn tenant_authority(&self, tenant: &str) -> Result<Url, url::ParseError> {
        let base = self.authority.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/{tenant}/v2.0"))
    }

    /// `{graph}/v1.0/`: the base every Graph path is joined to.
    pub fn graph_v1(&self) -> Result<Url, url::ParseError> {
        let base = self.graph.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}/v1.0/"))
    }
}

fn parse_host(role: HostRole, value: &str) -> Result<Url, ConfigError> {
    Url::parse(value.trim()).map_err(|_| ConfigError::NotAHost {
        role,
        value: value.to_string(),
    })
}

/// https to any host, plain http to this computer only (RFC 8252 §8.3 names the same three loopback
/// names); no credentials, query or fragment that would ride along with every token request.
pub fn check_host(role: HostRole, url: &Url) -> Result<(), ConfigError> {
    let not_a_host = || ConfigError::NotAHost {
        role,
        value: url.to_string(),
    };
    if url.host().is_none()
        || !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(not_a_host());
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(ConfigError::PlainHttp {
            role,
            value: url.to_string(),
        }),
        _ => Err(not_a_host()),
    }
}

/// `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_microsoft_and_the_graph_cli_tools_client() {
        let config = IdentityConfig::default();
        assert_eq!(config.client_id, "14d82eec-204b-4c2f-b7e8-296a70dab67e");
        assert_eq!(
            config.tenant_authority("contoso.com").unwrap().as_str(),
            "https://login.microsoftonline.com/contoso.com/v2.0"
        );
        assert_eq!(
            config.graph_v1().unwrap().as_str(),
            "https://graph.microsoft.com/v1.0/"
        );
        assert!(config.uses_microsoft_hosts());
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn a_stand_in_base_serves_both_hosts() {
        let config = IdentityConfig::with_base(&Url::parse("http://127.0.0.1:4000/").unwrap());
        assert_eq!(
            config.tenant_authority("t1").unwrap().as_str(),
            "http://127.0.0.1:4000/t1/v2.0"
        );
        assert_eq!(
            config.graph_v1().unwrap().as_str(),
            "http://127.0.0.1:4000/v1.0/"
        );
        assert!(!config.uses_microsoft_hosts());
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn hosts_from_outside_are_https_or_this_computer() {
        type Expect = fn(&Result<IdentityConfig, ConfigError>) -> bool;
        let ok: Expect = |result| result.is_ok();
        let plain_authority: Expect = |result| {
            matches!(
                result,
                Err(ConfigError::PlainHttp {
                    role: HostRole::Authority,
                    ..
                })
            )
        };
        let plain_graph: Expect = |result| {
            matches!(
                result,
                Err(ConfigError::PlainHttp {
                    role: HostRole::Graph,
                    ..
                })
            )
        };
        let not_a_host: Expect = |result| matches!(result, Err(ConfigError::NotAHost { .. }));
        let microsoft = (DEFAULT_AUTHORITY, DEFAULT_GRAPH);
        let cases: [((&str, &str), Expect); 14] = [
            (microsoft, ok),
            (
                (
                    "https://login.microsoftonline.us",
                    "https://graph.microsoft.us",
                ),
                ok,
            ),
            (("http://127.0.0.1:4000", "http://127.0.0.1:4000"), ok),
            (("http://localhost:4000/", "http://LOCALHOST:4001"), ok),
            (("http://[::1]:4000", "http://127.0.0.2:4000"), ok),
            (("http://login.example", DEFAULT_GRAPH), plain_authority),
            ((DEFAULT_AUTHORITY, "http://graph.example"), plain_graph),
            (("http://192.168.1.20", DEFAULT_GRAPH), plain_authority),
            (
                ("http://localhost.evil.example", DEFAULT_GRAPH),
                plain_authority,
            ),
            (("ftp://login.example", DEFAULT_GRAPH), not_a_host),
            (("not a url", DEFAULT_GRAPH), not_a_host),
            (("https://user:pw@login.example", DEFAULT_GRAPH), not_a_host),
            (("https://login.example/?x=1", DEFAULT_GRAPH), not_a_host),
            ((DEFAULT_AUTHORITY, "https://graph.example/#f"), not_a_host),
        ];
        for ((authority, graph), expected) in cases {
            let result = IdentityConfig::with_hosts(authority, graph);
            assert!(expected(&result), "{authority} {graph}: {result:?}");
        }
        let ok = IdentityConfig::with_hosts(DEFAULT_AUTHORITY, DEFAULT_GRAPH).unwrap();
        assert_eq!(ok, IdentityConfig::default());
    }
}

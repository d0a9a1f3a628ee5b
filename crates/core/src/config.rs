//! Where Lifeboat signs in and reads from: client id, authority host and Graph host are configuration, not
//! constants, so the simulator and test peers can stand in for Microsoft (docs/PRODUCT.md §4).

use std::time::Duration;

use url::Url;

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
    /// The defaults with both hosts pointed at one stand-in server (the simulator serves both).
    pub fn with_base(base: &Url) -> Self {
        Self {
            authority: base.clone(),
            graph: base.clone(),
            ..Self::default()
        }
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
    }
}

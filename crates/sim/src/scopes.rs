//! Scope strings: OpenID Connect scopes, Microsoft Graph permissions, and which of them need an admin's consent.

use std::collections::BTreeSet;

/// Resource prefix of Microsoft Graph scopes. A scope without a prefix means Graph (docs/MICROSOFT.md §1.2).
pub(crate) const GRAPH_RESOURCE: &str = "https://graph.microsoft.com/";

/// The OIDC scopes Entra supports (docs/MICROSOFT.md §1.4).
pub(crate) const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];

/// Graph delegated permissions the simulator knows, with whether a tenant admin must consent
/// (PERM `requiresAdminConsent`, docs/MICROSOFT.md §0.1 and §3.1; admin-side ones §6.3).
const GRAPH_PERMISSIONS: [(&str, bool); 39] = [
    ("User.Read", false),
    ("User.ReadBasic.All", false),
    ("User.Read.All", true),
    ("User.ReadWrite", false),
    ("User.ReadWrite.All", true),
    ("User.RevokeSessions.All", true),
    ("Directory.Read.All", true),
    ("Directory.AccessAsUser.All", true),
    ("AuditLog.Read.All", true),
    ("Policy.Read.All", true),
    ("Policy.Read.AuthenticationMethod", true),
    ("UserAuthenticationMethod.Read", true),
    ("UserAuthenticationMethod.Read.All", true),
    ("UserAuthenticationMethod.ReadWrite", true),
    ("UserAuthenticationMethod.ReadWrite.All", true),
    ("UserAuthMethod-TAP.Read", true),
    ("UserAuthMethod-TAP.ReadWrite.All", true),
    ("UserAuthMethod-MicrosoftAuthApp.Read", true),
    ("UserAuthMethod-MicrosoftAuthApp.ReadWrite.All", true),
    ("UserAuthMethod-Phone.Read", true),
    ("UserAuthMethod-Passkey.Read", true),
    ("UserAuthMethod-Email.Read", true),
    ("UserAuthMethod-SoftwareOATH.Read", true),
    ("UserAuthMethod-WindowsHello.Read", true),
    ("UserAuthMethod-PlatformCred.Read", true),
    ("UserAuthMethod-External.Read", true),
    ("Directory.ReadWrite.All", true),
    ("Policy.ReadWrite.AuthenticationMethod", true),
    ("UserAuthMethod-TAP.ReadWrite", true),
    ("UserAuthMethod-MicrosoftAuthApp.ReadWrite", true),
    ("UserAuthMethod-Phone.ReadWrite", true),
    ("UserAuthMethod-Phone.ReadWrite.All", true),
    ("UserAuthMethod-Phone.Read.All", true),
    ("UserAuthMethod-SoftwareOATH.ReadWrite", true),
    ("UserAuthMethod-SoftwareOATH.ReadWrite.All", true),
    ("UserAuthMethod-Passkey.ReadWrite", true),
    ("UserAuthMethod-Passkey.ReadWrite.All", true),
    ("UserAuthMethod-TAP.Read.All", true),
    ("UserAuthMethod-MicrosoftAuthApp.Read.All", true),
];

/// The canonical spelling of a Graph permission, if the simulator knows it (matching is case-insensitive).
pub(crate) fn canonical_graph_permission(name: &str) -> Option<&'static str> {
    GRAPH_PERMISSIONS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(known, _)| *known)
}

pub(crate) fn needs_admin_consent(permission: &str) -> bool {
    GRAPH_PERMISSIONS
        .iter()
        .find(|(known, _)| *known == permission)
        .is_none_or(|(_, admin)| *admin)
}

/// A parsed `scope` parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ScopeSet {
    pub(crate) oidc: BTreeSet<&'static str>,
    /// Canonical Graph permission names.
    pub(crate) graph: BTreeSet<&'static str>,
    /// `https://graph.microsoft.com/.default`: every permission consented for the client.
    pub(crate) graph_default: bool,
}

/// Why a scope parameter was refused, with the AADSTS code Entra uses for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScopeProblem {
    pub(crate) code: u32,
    pub(crate) scope: String,
}

impl ScopeSet {
    pub(crate) fn parse(text: &str) -> Result<ScopeSet, ScopeProblem> {
        let mut set = ScopeSet::default();
        for item in text.split_whitespace() {
            if let Some(oidc) = OIDC_SCOPES.iter().find(|s| s.eq_ignore_ascii_case(item)) {
                set.oidc.insert(oidc);
                continue;
            }
            let graph_name = if item.len() > GRAPH_RESOURCE.len()
                && item[..GRAPH_RESOURCE.len()].eq_ignore_ascii_case(GRAPH_RESOURCE)
            {
                &item[GRAPH_RESOURCE.len()..]
            } else if item.contains("://") || item.starts_with("api:") {
                // Another resource: the simulator only stands in for Graph.
                return Err(ScopeProblem {
                    code: 70011,
                    scope: item.to_string(),
                });
            } else {
                item
            };
            if graph_name.eq_ignore_ascii_case(".default") {
                set.graph_default = true;
                continue;
            }
            match canonical_graph_permission(graph_name) {
                Some(name) => {
                    set.graph.insert(name);
                }
                None => {
                    return Err(ScopeProblem {
                        code: 650053,
                        scope: item.to_string(),
                    })
                }
            }
        }
        if set.graph_default && !set.graph.is_empty() {
            // `.default` cannot be mixed with named scopes of the same resource (docs/MICROSOFT.md §1.4).
            return Err(ScopeProblem {
                code: 70011,
                scope: text.to_string(),
            });
        }
        if set.oidc.is_empty() && set.graph.is_empty() && !set.graph_default {
            return Err(ScopeProblem {
                code: 70011,
                scope: text.to_string(),
            });
        }
        Ok(set)
    }

    pub(crate) fn wants_id_token(&self) -> bool {
        self.oidc.contains("openid")
    }

    pub(crate) fn wants_refresh_token(&self) -> bool {
        self.oidc.contains("offline_access")
    }

    /// Graph permissions this request needs that the tenant's admin has not consented to.
    pub(crate) fn missing_admin_consent(&self, consented: &BTreeSet<String>) -> Vec<&'static str> {
        self.graph
            .iter()
            .copied()
            .filter(|permission| {
                needs_admin_consent(permission) && !consented.contains(*permission)
            })
            .collect()
    }

    /// The Graph permissions an access token for this request carries. `.default` yields the consented ones
    /// plus `User.Read`.
    pub(crate) fn granted_graph(&self, consented: &BTreeSet<String>) -> BTreeSet<&'static str> {
        if self.graph_default {
            let mut granted: BTreeSet<&'static str> = consented
                .iter()
                .filter_map(|name| canonical_graph_permission(name))
                .collect();
            granted.insert("User.Read");
            granted
        } else {
            self.graph.clone()
        }
    }

    /// The `scope` value of a token response: Graph permissions with their resource prefix, then OIDC scopes
    /// (fixture token-success-response.json).
    pub(crate) fn response_scope(
        graph: &BTreeSet<&'static str>,
        oidc: &BTreeSet<&'static str>,
    ) -> String {
        let mut parts: Vec<String> = graph
            .iter()
            .rev()
            .map(|name| format!("{GRAPH_RESOURCE}{name}"))
            .collect();
        for scope in OIDC_SCOPES {
            if oidc.contains(scope) {
                parts.push(scope.to_string());
            }
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_prefixed_and_bare_graph_scopes() {
        let set = ScopeSet::parse(
            "openid profile offline_access https://graph.microsoft.com/UserAuthenticationMethod.Read user.read",
        )
        .unwrap();
        assert!(set.wants_id_token());
        assert!(set.wants_refresh_token());
        assert_eq!(
            set.graph.iter().copied().collect::<Vec<_>>(),
            vec!["User.Read", "UserAuthenticationMethod.Read"]
        );
        assert_eq!(
            ScopeSet::response_scope(&set.graph, &set.oidc),
            "https://graph.microsoft.com/UserAuthenticationMethod.Read https://graph.microsoft.com/User.Read openid profile offline_access"
        );
    }

    #[test]
    fn refuses_other_resources_and_unknown_permissions() {
        assert_eq!(
            ScopeSet::parse("https://foo.microsoft.com/mail.read")
                .unwrap_err()
                .code,
            70011
        );
        assert_eq!(ScopeSet::parse("Mail.Teleport").unwrap_err().code, 650053);
        assert_eq!(ScopeSet::parse("").unwrap_err().code, 70011);
        assert_eq!(
            ScopeSet::parse("https://graph.microsoft.com/.default User.Read")
                .unwrap_err()
                .code,
            70011
        );
    }

    #[test]
    fn only_admin_scopes_need_tenant_consent() {
        let set = ScopeSet::parse("openid User.Read UserAuthenticationMethod.Read").unwrap();
        let none = BTreeSet::new();
        assert_eq!(
            set.missing_admin_consent(&none),
            vec!["UserAuthenticationMethod.Read"]
        );
        let granted: BTreeSet<String> = ["UserAuthenticationMethod.Read".to_string()].into();
        assert!(set.missing_admin_consent(&granted).is_empty());
    }
}

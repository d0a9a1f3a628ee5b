//! Which accounts belong to the same tenant: they share one IT ticket, and nothing of one tenant may appear in
//! another tenant's ticket.
//!
//! A tenant is known by its id when the person gave one, else by a domain: the tenant domain they typed, or, for
//! a member, the domain of the sign-in name (a guest's sign-in name names the home tenant, not the one that
//! invited them). An account known only by a domain joins the tenant whose id another account gave together with
//! that same domain, when exactly one such id exists; otherwise the domain stands for the tenant on its own.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use ts_rs::TS;

use super::model::{Account, AccountBook, AccountId, Membership};

/// The accounts of one tenant, in book order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantGroup {
    /// The tenant id when known, else a domain (lower case).
    pub key: String,
    #[ts(optional)]
    pub tenant_id: Option<String>,
    /// The domains the accounts gave for this tenant (typed, or a member's sign-in domain).
    pub domains: Vec<String>,
    pub accounts: Vec<AccountId>,
}

/// The domain an account points at for its tenant, lower case.
fn effective_domain(account: &Account) -> Option<String> {
    let details = &account.details;
    details
        .tenant_domain
        .clone()
        .or_else(|| match details.membership {
            Membership::Member => details.upn_domain().map(str::to_string),
            Membership::Guest => None,
        })
        .map(|domain| domain.trim().to_ascii_lowercase())
}

/// The tenant key of every account, in book order.
pub fn tenant_keys(book: &AccountBook) -> Vec<String> {
    // Which tenant ids each domain was given together with.
    let mut ids_by_domain: HashMap<String, BTreeSet<String>> = HashMap::new();
    for account in &book.accounts {
        if let (Some(id), Some(domain)) = (&account.details.tenant_id, effective_domain(account)) {
            ids_by_domain
                .entry(domain)
                .or_default()
                .insert(id.trim().to_ascii_lowercase());
        }
    }
    book.accounts
        .iter()
        .map(|account| {
            if let Some(id) = &account.details.tenant_id {
                return id.trim().to_ascii_lowercase();
            }
            let Some(domain) = effective_domain(account) else {
                // Unreachable for validated accounts (a guest names its tenant); keep such an account alone.
                return format!("account:{}", account.id);
            };
            match ids_by_domain.get(&domain) {
                Some(ids) if ids.len() == 1 => ids.iter().next().cloned().unwrap_or(domain),
                _ => domain,
            }
        })
        .collect()
}

/// The book's tenants, in the order their first account appears.
pub fn tenant_groups(book: &AccountBook) -> Vec<TenantGroup> {
    let keys = tenant_keys(book);
    let mut groups: Vec<TenantGroup> = Vec::new();
    for (account, key) in book.accounts.iter().zip(keys) {
        let index = match groups.iter().position(|group| group.key == key) {
            Some(index) => index,
            None => {
                groups.push(TenantGroup {
                    key: key.clone(),
                    tenant_id: None,
                    domains: Vec::new(),
                    accounts: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        group.accounts.push(account.id.clone());
        if let Some(id) = &account.details.tenant_id {
            group
                .tenant_id
                .get_or_insert_with(|| id.trim().to_ascii_lowercase());
        }
        if let Some(domain) = effective_domain(account) {
            if !group.domains.contains(&domain) {
                group.domains.push(domain);
            }
        }
    }
    groups
}

/// The group a person means by `selector`: its key, tenant id or one of its domains (case-insensitive).
pub fn find_tenant<'a>(groups: &'a [TenantGroup], selector: &str) -> Option<&'a TenantGroup> {
    let selector = selector.trim().to_ascii_lowercase();
    groups.iter().find(|group| {
        group.key == selector
            || group.tenant_id.as_deref() == Some(selector.as_str())
            || group.domains.iter().any(|domain| domain == &selector)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::model::AccountDetails;

    const CONTOSO_ID: &str = "00aa00aa-bb11-cc22-dd33-44ee44ee44ee";

    #[test]
    fn grouping_table() {
        let mut book = AccountBook::default();
        // 1: member with id and sign-in domain contoso.com.
        book.add(AccountDetails {
            tenant_id: Some(CONTOSO_ID.into()),
            ..AccountDetails::new("a@contoso.com")
        })
        .unwrap();
        // 2: member of contoso.com without id: joins tenant 1 through the domain.
        book.add(AccountDetails::new("b@contoso.com")).unwrap();
        // 3: guest from contoso.com invited into fabrikam.com: a different tenant.
        book.add(AccountDetails {
            membership: Membership::Guest,
            tenant_domain: Some("fabrikam.com".into()),
            ..AccountDetails::new("a@contoso.com")
        })
        .unwrap();
        // 4: member of a school, no id.
        book.add(AccountDetails::new("c@scuola.example.it"))
            .unwrap();

        let groups = tenant_groups(&book);
        let summary: Vec<(&str, Vec<&str>)> = groups
            .iter()
            .map(|group| {
                (
                    group.key.as_str(),
                    group.accounts.iter().map(|id| id.0.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (CONTOSO_ID, vec!["1", "2"]),
                ("fabrikam.com", vec!["3"]),
                ("scuola.example.it", vec!["4"])
            ]
        );
        assert_eq!(find_tenant(&groups, "CONTOSO.COM").unwrap().key, CONTOSO_ID);
        assert_eq!(
            find_tenant(&groups, "fabrikam.com").unwrap().accounts,
            vec![AccountId::from("3")]
        );
        assert!(find_tenant(&groups, "nowhere.example").is_none());
    }

    #[test]
    fn a_domain_claimed_by_two_tenant_ids_stays_on_its_own() {
        let mut book = AccountBook::default();
        let other_id = "11111111-2222-3333-4444-555555555555";
        book.add(AccountDetails {
            tenant_id: Some(CONTOSO_ID.into()),
            ..AccountDetails::new("a@contoso.com")
        })
        .unwrap();
        book.add(AccountDetails {
            tenant_id: Some(other_id.into()),
            ..AccountDetails::new("b@contoso.com")
        })
        .unwrap();
        book.add(AccountDetails::new("c@contoso.com")).unwrap();
        let keys = tenant_keys(&book);
        assert_eq!(
            keys,
            vec![
                CONTOSO_ID.to_string(),
                other_id.to_string(),
                "contoso.com".to_string()
            ]
        );
    }
}

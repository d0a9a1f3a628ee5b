//! `GET /v1.0/reports/authenticationMethods/userRegistrationDetails[/{id}]` (docs/MICROSOFT.md §6.4): the
//! caller's tenant, its scenario users then its generated ones, paged with `$top` and an opaque `$skiptoken`. It
//! needs `AuditLog.Read.All`, a reports role, and an Entra ID P1 or P2 licence.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::admin::{has_role, resolve_user};
use super::{bearer, error_response, graph_ok, has_any, GraphProblem};
use crate::clock::graph_datetime;
use crate::methods::{Channel, Method};
use crate::scenario::Licence;
use crate::state::{Sim, State};

const REPORT_ROLES: [&str; 6] = [
    "Reports Reader",
    "Security Reader",
    "Global Reader",
    "Security Operator",
    "Security Administrator",
    "Global Administrator",
];

/// The most `$top` may ask for, and the page size when neither `$top` nor the scenario's
/// `registration_details_page_size` says (Microsoft documents none, docs/MICROSOFT.md §8).
pub(crate) const MAX_PAGE: usize = 999;

const REPORT_PATH: &str = "/v1.0/reports/authenticationMethods/userRegistrationDetails";

/// `system- / userPreferred…` enum values (docs/MICROSOFT.md §6.4) for an MFA option.
fn preferred_value(method: &Method, channel: Channel) -> Option<&'static str> {
    Some(match channel {
        Channel::AuthenticatorPush => "push",
        Channel::AuthenticatorCode | Channel::SoftwareOath | Channel::HardwareOath => "oath",
        Channel::Sms => "sms",
        Channel::Voice => match method.str_field("phoneType") {
            Some("mobile") => "voiceMobile",
            Some("alternateMobile") => "voiceAlternateMobile",
            _ => "voiceOffice",
        },
        _ => return None,
    })
}

/// One `userRegistrationDetails` record (fixture userRegistrationDetails-page.json).
fn registration_details(sim: &Sim, state: &State, account: usize) -> Value {
    let now = sim.now();
    let user = &state.accounts[account].user;
    let mut registered: Vec<&'static str> = Vec::new();
    for name in user.methods.iter().filter_map(Method::registration_name) {
        if !registered.contains(&name) {
            registered.push(name);
        }
    }
    let mfa = user.methods.iter().any(|method| method.is_mfa_capable(now));
    let sspr = user.methods.iter().any(|method| {
        matches!(
            method.short_type(),
            "email" | "phone" | "microsoftAuthenticator" | "softwareOath"
        )
    });
    let passwordless = user.methods.iter().any(|method| {
        matches!(
            method.short_type(),
            "fido2" | "windowsHelloForBusiness" | "platformCredential"
        )
    });
    let options = state.mfa_options(account, now);
    let system_preferred: Vec<&str> = options
        .iter()
        .find_map(|option| preferred_value(&user.methods[option.method_index], option.channel))
        .into_iter()
        .collect();
    let user_preferred = options
        .first()
        .and_then(|option| preferred_value(&user.methods[option.method_index], option.channel))
        .unwrap_or("");
    json!({
        "id": user.id,
        "userPrincipalName": user.upn.replace("#ext#", "#EXT#"),
        "userDisplayName": user.display_name,
        "isAdmin": !user.roles.is_empty(),
        "isSsprRegistered": sspr,
        "isSsprEnabled": false,
        "isSsprCapable": false,
        "isMfaRegistered": mfa,
        "isMfaCapable": mfa,
        "isPasswordlessCapable": passwordless,
        "lastUpdatedDateTime": graph_datetime(now),
        "methodsRegistered": registered,
        "isSystemPreferredAuthenticationMethodEnabled": true,
        "systemPreferredAuthenticationMethods": system_preferred,
        "userPreferredMethodForSecondaryAuthentication": user_preferred,
        "userType": user.user_type.as_graph(),
    })
}

/// Who may read the reports: `AuditLog.Read.All` and a reports role, in a tenant licensed for them.
fn check_report_access(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
) -> Result<usize, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    if !has_any(&scopes, &["AuditLog.Read.All"]) || !has_role(state, caller, &REPORT_ROLES) {
        return Err(GraphProblem::RequestDenied);
    }
    if state.tenants[state.tenant_of(caller)].licence == Licence::Free {
        // The answer seen for tenants without Entra ID P1 or P2 (docs/MICROSOFT.md §6.4).
        return Err(GraphProblem::Coded {
            status: StatusCode::FORBIDDEN,
            code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            message: "Neither tenant is B2C or tenant doesn't have premium license".to_string(),
        });
    }
    Ok(caller)
}

/// The report's rows for one tenant: scenario accounts by UPN, then each generated set in order. Rows are
/// addressed by position, so a page computes only its own.
struct Rows<'a> {
    accounts: Vec<usize>,
    generated: Vec<&'a crate::generated::GeneratedUsers>,
}

impl<'a> Rows<'a> {
    fn of(sim: &'a Sim, state: &State, tenant_id: &str) -> Self {
        let mut accounts: Vec<usize> = (0..state.accounts.len())
            .filter(|&account| state.accounts[account].user.tenant_id == tenant_id)
            .collect();
        accounts.sort_by_key(|&account| state.accounts[account].user.upn.to_ascii_lowercase());
        let generated = sim
            .generated
            .iter()
            .filter(|users| users.tenant_id == tenant_id)
            .collect();
        Rows {
            accounts,
            generated,
        }
    }

    fn len(&self) -> usize {
        self.accounts.len()
            + self
                .generated
                .iter()
                .map(|users| users.count)
                .sum::<usize>()
    }

    fn row(&self, sim: &Sim, state: &State, mut position: usize) -> Option<Value> {
        if let Some(&account) = self.accounts.get(position) {
            return Some(registration_details(sim, state, account));
        }
        position -= self.accounts.len();
        for users in &self.generated {
            if position < users.count {
                return Some(users.record(position, sim.now()));
            }
            position -= users.count;
        }
        None
    }
}

/// Offset and size of the page asked for: `$skiptoken` (opaque to clients), or `$top` from the start.
fn window(sim: &Sim, query: &HashMap<String, String>) -> Result<(usize, usize), GraphProblem> {
    if let Some(token) = query.get("$skiptoken") {
        return decode_skiptoken(token)
            .ok_or_else(|| GraphProblem::BadRequest("Invalid skip token.".to_string()));
    }
    let size = match query.get("$top") {
        None => sim
            .settings
            .registration_details_page_size
            .unwrap_or(MAX_PAGE),
        Some(top) => match top.trim().parse::<usize>() {
            Ok(top) if (1..=MAX_PAGE).contains(&top) => top,
            _ => {
                return Err(GraphProblem::BadRequest(format!(
                    "Invalid value '{top}' for $top: it must be between 1 and {MAX_PAGE}."
                )))
            }
        },
    };
    Ok((0, size))
}

fn encode_skiptoken(offset: usize, size: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("sim-urd:{offset}:{size}"))
}

fn decode_skiptoken(token: &str) -> Option<(usize, usize)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    let (offset, size) = text.strip_prefix("sim-urd:")?.split_once(':')?;
    let size: usize = size.parse().ok()?;
    (size >= 1).then_some((offset.parse().ok()?, size))
}

/// `GET /v1.0/reports/authenticationMethods/userRegistrationDetails[?$top=n]`.
pub(crate) async fn registration_report(
    Shared(sim): Shared<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        report_page(&sim, &state, &headers, &query)
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, &headers, &body),
        Err(problem) => error_response(&sim, &headers, problem),
    }
}

fn report_page(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<Value, GraphProblem> {
    let caller = check_report_access(sim, state, headers)?;
    let (offset, size) = window(sim, query)?;
    let rows = Rows::of(sim, state, &state.accounts[caller].user.tenant_id);
    let total = rows.len();
    let end = offset.saturating_add(size).min(total);
    let items: Vec<Value> = (offset.min(total)..end)
        .filter_map(|position| rows.row(sim, state, position))
        .collect();
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails",
            sim.base_url
        )),
    );
    if end < total {
        // The whole URL, as clients must follow it (docs/MICROSOFT.md §5.1); the page size rides in the token.
        body.insert(
            "@odata.nextLink".into(),
            json!(format!(
                "{}{REPORT_PATH}?$skiptoken={}",
                sim.base_url,
                encode_skiptoken(end, size)
            )),
        );
    }
    body.insert("value".into(), Value::Array(items));
    Ok(Value::Object(body))
}

/// `GET /v1.0/reports/authenticationMethods/userRegistrationDetails/{id}`: a scenario user (id or UPN) or a
/// generated one (id).
pub(crate) async fn registration_record(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        record(&sim, &state, &headers, &user)
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, &headers, &body),
        Err(problem) => error_response(&sim, &headers, problem),
    }
}

fn record(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
    user: &str,
) -> Result<Value, GraphProblem> {
    let caller = check_report_access(sim, state, headers)?;
    let row = match resolve_user(state, caller, user) {
        Ok(account) => registration_details(sim, state, account),
        Err(not_found) => {
            let tenant_id = &state.accounts[caller].user.tenant_id;
            sim.generated
                .iter()
                .filter(|users| &users.tenant_id == tenant_id)
                .find_map(|users| {
                    users
                        .index_of(user)
                        .map(|index| users.record(index, sim.now()))
                })
                .ok_or(not_found)?
        }
    };
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails/$entity",
            sim.base_url
        )),
    );
    if let Value::Object(row) = row {
        body.extend(row);
    }
    Ok(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_skiptokens_carry_offset_and_size() {
        assert_eq!(
            decode_skiptoken(&encode_skiptoken(999, 999)),
            Some((999, 999))
        );
        assert_eq!(
            decode_skiptoken(&URL_SAFE_NO_PAD.encode("sim-urd:5:0")),
            None
        );
        assert_eq!(decode_skiptoken("!!"), None);
    }
}

//! The calls an IT admin makes after a ticket (docs/MICROSOFT.md §6.3): create a Temporary Access Pass, delete a
//! Microsoft Authenticator registration, revoke sign-in sessions, and the userRegistrationDetails report.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{bearer, error_response, graph_ok, has_any, no_content, page, GraphProblem};
use crate::clock::graph_datetime;
use crate::methods::{Channel, Method};
use crate::registration::{self, TapRequest};
use crate::state::{Sim, State};

/// A user in the caller's tenant by object id or UPN (404 otherwise, as Graph answers for other tenants).
pub(crate) fn resolve_user(
    state: &State,
    caller: usize,
    target: &str,
) -> Result<usize, GraphProblem> {
    let tenant_id = &state.accounts[caller].user.tenant_id;
    let target = target.trim_start_matches("('").trim_end_matches("')");
    state
        .accounts
        .iter()
        .position(|account| {
            &account.user.tenant_id == tenant_id
                && (account.user.id.eq_ignore_ascii_case(target)
                    || account.user.upn.eq_ignore_ascii_case(target))
        })
        .ok_or_else(|| GraphProblem::NotFound(target.to_string()))
}

pub(crate) fn has_role(state: &State, account: usize, roles: &[&str]) -> bool {
    state.accounts[account]
        .user
        .roles
        .iter()
        .any(|role| roles.contains(&role.as_str()))
}

/// Who may manage a target's methods (docs/MICROSOFT.md §6.2): Authentication Administrators for non-admins,
/// Privileged Authentication Administrators and Global Administrators for anyone; never oneself.
fn may_manage_methods(state: &State, caller: usize, target: usize) -> bool {
    if caller == target {
        return false;
    }
    let target_is_admin = !state.accounts[target].user.roles.is_empty();
    if target_is_admin {
        has_role(
            state,
            caller,
            &[
                "Privileged Authentication Administrator",
                "Global Administrator",
            ],
        )
    } else {
        has_role(
            state,
            caller,
            &[
                "Authentication Administrator",
                "Privileged Authentication Administrator",
                "Global Administrator",
            ],
        )
    }
}

fn respond(
    sim: &Sim,
    headers: &HeaderMap,
    result: Result<(StatusCode, Option<Value>), GraphProblem>,
) -> Response {
    match result {
        Ok((status, Some(body))) => graph_ok(status, headers, &body),
        Ok((_, None)) => no_content(headers),
        Err(problem) => error_response(sim, headers, problem),
    }
}

/// `POST /v1.0/users/{id | upn}/authentication/temporaryAccessPassMethods` → 201 with the pass, shown once.
pub(crate) async fn create_tap(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = {
        let mut state = sim.lock();
        create_tap_in(&sim, &mut state, &headers, &user, &body)
    };
    respond(
        &sim,
        &headers,
        result.map(|body| (StatusCode::CREATED, Some(body))),
    )
}

fn create_tap_in(
    sim: &Sim,
    state: &mut State,
    headers: &HeaderMap,
    user: &str,
    body: &[u8],
) -> Result<Value, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    let target = resolve_user(state, caller, user)?;
    if !has_any(
        &scopes,
        &[
            "UserAuthMethod-TAP.ReadWrite.All",
            "UserAuthenticationMethod.ReadWrite.All",
        ],
    ) || !may_manage_methods(state, caller, target)
    {
        return Err(GraphProblem::AccessDenied);
    }
    let request: Map<String, Value> = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        serde_json::from_slice(body).map_err(|error| {
            GraphProblem::BadRequest(format!("The request body is not valid JSON: {error}"))
        })?
    };
    let now = sim.now();
    // Absent values take the tenant policy's defaults (tap-create).
    let lifetime_minutes = match request.get("lifetimeInMinutes") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_i64().ok_or_else(|| {
            GraphProblem::BadRequest("lifetimeInMinutes must be a whole number.".to_string())
        })?),
    };
    let usable_once = match request.get("isUsableOnce") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_bool().ok_or_else(|| {
            GraphProblem::BadRequest("isUsableOnce must be true or false.".to_string())
        })?),
    };
    let start = match request.get("startDateTime") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            value
                .as_str()
                .and_then(|text| OffsetDateTime::parse(text, &Rfc3339).ok())
                .ok_or_else(|| {
                    GraphProblem::BadRequest(
                        "startDateTime must be an ISO 8601 date and time.".to_string(),
                    )
                })?,
        ),
    };
    let tap_request = TapRequest {
        lifetime_minutes,
        usable_once,
        start,
    };
    let (method, pass) = registration::issue_tap(state, target, &tap_request, now)
        .map_err(|refusal| GraphProblem::BadRequest(refusal.to_string()))?;
    let (usable, reason) = method.tap_usability(now);
    let mut response = method.graph().clone();
    response.insert("isUsable".into(), json!(usable));
    response.insert("methodUsabilityReason".into(), json!(reason));
    response.insert("temporaryAccessPass".into(), json!(pass.expose()));
    let id = &state.accounts[target].user.id;
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!(
            "{}/v1.0/$metadata#users('{id}')/authentication/temporaryAccessPassMethods/$entity",
            sim.base_url
        )),
    );
    body.extend(response);
    Ok(Value::Object(body))
}

/// `DELETE /v1.0/users/{id}/authentication/microsoftAuthenticatorMethods/{methodId}` → 204.
pub(crate) async fn delete_authenticator(
    Shared(sim): Shared<Arc<Sim>>,
    Path((user, method_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let mut state = sim.lock();
        delete_authenticator_in(&sim, &mut state, &headers, Some(&user), &method_id)
    };
    respond(
        &sim,
        &headers,
        result.map(|()| (StatusCode::NO_CONTENT, None)),
    )
}

/// `DELETE /v1.0/me/authentication/microsoftAuthenticatorMethods/{methodId}` (self-service, needs
/// `UserAuthenticationMethod.ReadWrite`).
pub(crate) async fn delete_my_authenticator(
    Shared(sim): Shared<Arc<Sim>>,
    Path(method_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let mut state = sim.lock();
        delete_authenticator_in(&sim, &mut state, &headers, None, &method_id)
    };
    respond(
        &sim,
        &headers,
        result.map(|()| (StatusCode::NO_CONTENT, None)),
    )
}

fn delete_authenticator_in(
    sim: &Sim,
    state: &mut State,
    headers: &HeaderMap,
    user: Option<&str>,
    method_id: &str,
) -> Result<(), GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    let target = match user {
        Some(user) => resolve_user(state, caller, user)?,
        None => caller,
    };
    let allowed = if target == caller {
        has_any(
            &scopes,
            &[
                "UserAuthenticationMethod.ReadWrite",
                "UserAuthenticationMethod.ReadWrite.All",
            ],
        )
    } else {
        has_any(
            &scopes,
            &[
                "UserAuthMethod-MicrosoftAuthApp.ReadWrite.All",
                "UserAuthenticationMethod.ReadWrite.All",
            ],
        ) && may_manage_methods(state, caller, target)
    };
    if !allowed {
        return Err(GraphProblem::AccessDenied);
    }
    let methods = &mut state.accounts[target].user.methods;
    let position = methods
        .iter()
        .position(|method| {
            method.short_type() == "microsoftAuthenticator" && method.id() == method_id
        })
        .ok_or_else(|| GraphProblem::NotFound(method_id.to_string()))?;
    methods.remove(position);
    Ok(())
}

/// `POST /v1.0/users/{id}/revokeSignInSessions` → 200 `{"value": true}` (fixture revokeSignInSessions-response.json).
pub(crate) async fn revoke_sessions(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let mut state = sim.lock();
        revoke_in(&sim, &mut state, &headers, Some(&user))
    };
    respond(
        &sim,
        &headers,
        result.map(|body| (StatusCode::OK, Some(body))),
    )
}

pub(crate) async fn revoke_my_sessions(
    Shared(sim): Shared<Arc<Sim>>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let mut state = sim.lock();
        revoke_in(&sim, &mut state, &headers, None)
    };
    respond(
        &sim,
        &headers,
        result.map(|body| (StatusCode::OK, Some(body))),
    )
}

fn revoke_in(
    sim: &Sim,
    state: &mut State,
    headers: &HeaderMap,
    user: Option<&str>,
) -> Result<Value, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    let target = match user {
        Some(user) => resolve_user(state, caller, user)?,
        None => caller,
    };
    let scope_ok = has_any(
        &scopes,
        &[
            "User.RevokeSessions.All",
            "User.ReadWrite.All",
            "Directory.AccessAsUser.All",
        ],
    );
    let role_ok = target == caller
        || has_role(
            state,
            caller,
            &[
                "Authentication Administrator",
                "Privileged Authentication Administrator",
                "Helpdesk Administrator",
                "User Administrator",
                "Global Administrator",
            ],
        );
    if !scope_ok || !role_ok {
        return Err(GraphProblem::RequestDenied);
    }
    // Graph answers `true` for a guest too; their sessions live in their home tenant.
    state.revoke_sign_in_sessions(target, sim.now());
    Ok(json!({
        "@odata.context": format!("{}/v1.0/$metadata#Edm.Boolean", sim.base_url),
        "value": true,
    }))
}

const REPORT_ROLES: [&str; 6] = [
    "Reports Reader",
    "Security Reader",
    "Global Reader",
    "Security Operator",
    "Security Administrator",
    "Global Administrator",
];

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

fn check_report_access(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
) -> Result<usize, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    if !has_any(
        &scopes,
        &["AuditLog.Read.All", "UserAuthenticationMethod.Read.All"],
    ) || !has_role(state, caller, &REPORT_ROLES)
    {
        return Err(GraphProblem::RequestDenied);
    }
    Ok(caller)
}

/// `GET /v1.0/reports/authenticationMethods/userRegistrationDetails`, paged by the scenario's
/// `registration_details_page_size`.
pub(crate) async fn registration_report(
    Shared(sim): Shared<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        check_report_access(&sim, &state, &headers).and_then(|caller| {
            let tenant_id = state.accounts[caller].user.tenant_id.clone();
            let mut accounts: Vec<usize> = (0..state.accounts.len())
                .filter(|&account| state.accounts[account].user.tenant_id == tenant_id)
                .collect();
            accounts.sort_by_key(|&account| state.accounts[account].user.upn.to_ascii_lowercase());
            let items = accounts
                .into_iter()
                .map(|account| registration_details(&sim, &state, account))
                .collect();
            let context = format!(
                "{}/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails",
                sim.base_url
            );
            page(
                &sim,
                "/v1.0/reports/authenticationMethods/userRegistrationDetails",
                &context,
                items,
                sim.settings.registration_details_page_size,
                &query,
            )
        })
    };
    respond(
        &sim,
        &headers,
        result.map(|body| (StatusCode::OK, Some(body))),
    )
}

/// `GET /v1.0/reports/authenticationMethods/userRegistrationDetails/{id}`.
pub(crate) async fn registration_record(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        check_report_access(&sim, &state, &headers).and_then(|caller| {
            let account = resolve_user(&state, caller, &user)?;
            let mut body = Map::new();
            body.insert(
                "@odata.context".into(),
                json!(format!(
                    "{}/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails/$entity",
                    sim.base_url
                )),
            );
            if let Value::Object(record) = registration_details(&sim, &state, account) {
                body.extend(record);
            }
            Ok(Value::Object(body))
        })
    };
    respond(
        &sim,
        &headers,
        result.map(|body| (StatusCode::OK, Some(body))),
    )
}

//! The calls an IT admin makes after a ticket (docs/MICROSOFT.md §6.3): create a Temporary Access Pass, delete a
//! Microsoft Authenticator registration, revoke sign-in sessions, and the userRegistrationDetails report.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{bearer, error_response, graph_ok, has_any, no_content, GraphProblem};
use crate::registration::{self, RegistrationError, TapRequest};
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

/// The method collections Graph deletes from (`…/authentication/{collection}/{methodId}`) and who may: the
/// general `UserAuthenticationMethod.ReadWrite[.All]` or the collection's own narrower permission
/// (docs/MICROSOFT.md §6.3).
#[derive(Debug, Clone, Copy)]
pub(crate) struct MethodCollection {
    /// The simulator's short type of the collection's methods.
    short_type: &'static str,
    /// The narrower permission for oneself and for others.
    own_self: &'static str,
    own_others: &'static str,
}

pub(crate) const MICROSOFT_AUTHENTICATOR: MethodCollection = MethodCollection {
    short_type: "microsoftAuthenticator",
    own_self: "UserAuthMethod-MicrosoftAuthApp.ReadWrite",
    own_others: "UserAuthMethod-MicrosoftAuthApp.ReadWrite.All",
};
pub(crate) const PHONE: MethodCollection = MethodCollection {
    short_type: "phone",
    own_self: "UserAuthMethod-Phone.ReadWrite",
    own_others: "UserAuthMethod-Phone.ReadWrite.All",
};
pub(crate) const SOFTWARE_OATH: MethodCollection = MethodCollection {
    short_type: "softwareOath",
    own_self: "UserAuthMethod-SoftwareOATH.ReadWrite",
    own_others: "UserAuthMethod-SoftwareOATH.ReadWrite.All",
};
pub(crate) const FIDO2: MethodCollection = MethodCollection {
    short_type: "fido2",
    own_self: "UserAuthMethod-Passkey.ReadWrite",
    own_others: "UserAuthMethod-Passkey.ReadWrite.All",
};
pub(crate) const TEMPORARY_ACCESS_PASS: MethodCollection = MethodCollection {
    short_type: "temporaryAccessPass",
    own_self: "UserAuthMethod-TAP.ReadWrite",
    own_others: "UserAuthMethod-TAP.ReadWrite.All",
};

/// `DELETE /v1.0/users/{id}/authentication/{collection}/{methodId}` → 204 (or `/me/...`, with `user` = `None`).
pub(crate) fn delete_method(
    sim: &Sim,
    headers: &HeaderMap,
    user: Option<&str>,
    method_id: &str,
    collection: MethodCollection,
) -> Response {
    let result = {
        let mut state = sim.lock();
        delete_method_in(sim, &mut state, headers, user, method_id, collection)
    };
    respond(
        sim,
        headers,
        result.map(|()| (StatusCode::NO_CONTENT, None)),
    )
}

fn delete_method_in(
    sim: &Sim,
    state: &mut State,
    headers: &HeaderMap,
    user: Option<&str>,
    method_id: &str,
    collection: MethodCollection,
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
                collection.own_self,
                collection.own_others,
            ],
        )
    } else {
        has_any(
            &scopes,
            &[
                "UserAuthenticationMethod.ReadWrite.All",
                collection.own_others,
            ],
        ) && may_manage_methods(state, caller, target)
    };
    if !allowed {
        return Err(GraphProblem::AccessDenied);
    }
    // Graph's typed endpoints address methods by id only.
    if !state.accounts[target]
        .user
        .methods
        .iter()
        .any(|method| method.id() == method_id)
    {
        return Err(GraphProblem::NotFound(method_id.to_string()));
    }
    match registration::delete(state, target, method_id, Some(collection.short_type)) {
        Ok(_) => Ok(()),
        Err(RegistrationError::UnknownMethod(_)) => {
            Err(GraphProblem::NotFound(method_id.to_string()))
        }
        // The documented refusals (the default phone, the mobile behind an alternate): the simulator's wording.
        Err(refusal) => Err(GraphProblem::BadRequest(refusal.to_string())),
    }
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

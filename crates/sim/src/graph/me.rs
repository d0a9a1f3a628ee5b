//! `GET /v1.0/me` and `GET /v1.0/{me | users/{id}}/authentication/methods`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::{bearer, error_response, graph_ok, has_any, page, GraphProblem};
use crate::state::{Sim, State};

/// Delegated permissions that can read the signed-in user's profile.
const PROFILE_SCOPES: [&str; 7] = [
    "User.Read",
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.AccessAsUser.All",
];

/// Reading one's own methods (docs/MICROSOFT.md §3.1).
const SELF_METHOD_SCOPES: [&str; 4] = [
    "UserAuthenticationMethod.Read",
    "UserAuthenticationMethod.Read.All",
    "UserAuthenticationMethod.ReadWrite",
    "UserAuthenticationMethod.ReadWrite.All",
];

/// Reading someone else's methods needs an `.All` permission and a role (docs/MICROSOFT.md §0.2, §6.3).
const OTHERS_METHOD_SCOPES: [&str; 2] = [
    "UserAuthenticationMethod.Read.All",
    "UserAuthenticationMethod.ReadWrite.All",
];
const METHOD_READER_ROLES: [&str; 4] = [
    "Global Reader",
    "Authentication Administrator",
    "Privileged Authentication Administrator",
    "Global Administrator",
];

/// The user resource: Graph's default `/me` properties, plus those a ticket needs via `$select`.
fn user_resource(state: &State, account: usize) -> Map<String, Value> {
    let user = &state.accounts[account].user;
    let mut resource = Map::new();
    resource.insert("businessPhones".into(), json!(user.business_phones));
    resource.insert("displayName".into(), json!(user.display_name));
    resource.insert("givenName".into(), json!(user.given_name));
    resource.insert("jobTitle".into(), json!(user.job_title));
    resource.insert("mail".into(), json!(user.mail));
    resource.insert("mobilePhone".into(), json!(user.mobile_phone));
    resource.insert("officeLocation".into(), json!(user.office_location));
    resource.insert("preferredLanguage".into(), json!(user.preferred_language));
    resource.insert("surname".into(), json!(user.surname));
    resource.insert(
        "userPrincipalName".into(),
        json!(user.upn.replace("#ext#", "#EXT#")),
    );
    resource.insert("id".into(), json!(user.id));
    resource
}

/// Properties only returned when `$select`ed.
fn extra_property(state: &State, account: usize, name: &str) -> Option<Value> {
    let user = &state.accounts[account].user;
    let tenant = &state.tenants[state.tenant_of(account)];
    Some(match name {
        "employeeId" => json!(user.employee_id),
        "department" => json!(user.department),
        "userType" => json!(if user.user_type == crate::scenario::UserType::Guest {
            "Guest"
        } else {
            "Member"
        }),
        "companyName" => json!(tenant.name),
        "accountEnabled" => json!(true),
        "otherMails" => json!(user.home_upn.iter().collect::<Vec<_>>()),
        _ => return None,
    })
}

pub(crate) async fn me(
    Shared(sim): Shared<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let result = {
        let state = sim.lock();
        read_me(&sim, &state, &headers, &query)
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, &headers, &body),
        Err(problem) => error_response(&sim, &headers, problem),
    }
}

fn read_me(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<Value, GraphProblem> {
    let (account, scopes) = bearer(sim, state, headers)?;
    if !has_any(&scopes, &PROFILE_SCOPES) {
        return Err(GraphProblem::RequestDenied);
    }
    let full = user_resource(state, account);
    let base = format!("{}/v1.0/$metadata#users", sim.base_url);
    let Some(select) = query
        .get("$select")
        .filter(|select| !select.trim().is_empty())
    else {
        let mut body = Map::new();
        body.insert("@odata.context".into(), json!(format!("{base}/$entity")));
        body.extend(full);
        return Ok(Value::Object(body));
    };
    let mut body = Map::new();
    let names: Vec<&str> = select
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    body.insert(
        "@odata.context".into(),
        json!(format!("{base}({})/$entity", names.join(","))),
    );
    for name in names {
        let value = full
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(key, value)| (key.clone(), value.clone()))
            .or_else(|| {
                extra_property(state, account, name).map(|value| (name.to_string(), value))
            });
        match value {
            Some((key, value)) => {
                body.insert(key, value);
            }
            None => {
                return Err(GraphProblem::BadRequest(format!(
                    "Could not find a property named '{name}' on type 'microsoft.graph.user'."
                )))
            }
        }
    }
    Ok(Value::Object(body))
}

/// The methods of an account as `/authentication/methods` lists them: v1.0 types only, TAP usability at now.
pub(crate) fn method_values(sim: &Sim, state: &State, account: usize) -> Vec<Value> {
    let now = sim.now();
    state.accounts[account]
        .user
        .methods
        .iter()
        .filter(|method| !method.is_beta_only())
        .map(|method| {
            let mut graph = method.graph().clone();
            if method.short_type() == "temporaryAccessPass" {
                let (usable, reason) = if crate::registration::tap_allowed(state, account) {
                    method.tap_usability(now)
                } else {
                    (false, "DisabledByPolicy")
                };
                graph.insert("isUsable".into(), json!(usable));
                graph.insert("methodUsabilityReason".into(), json!(reason));
            }
            Value::Object(graph)
        })
        .collect()
}

pub(crate) async fn my_methods(
    Shared(sim): Shared<Arc<Sim>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    list_methods(&sim, &headers, &query, None)
}

pub(crate) async fn user_methods(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    list_methods(&sim, &headers, &query, Some(user))
}

fn list_methods(
    sim: &Sim,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    target: Option<String>,
) -> Response {
    let result = {
        let state = sim.lock();
        read_methods(sim, &state, headers, query, target.as_deref())
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, headers, &body),
        Err(problem) => error_response(sim, headers, problem),
    }
}

fn read_methods(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    target: Option<&str>,
) -> Result<Value, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    let (account, path) = match target {
        None => (caller, "/v1.0/me/authentication/methods".to_string()),
        Some(target) => {
            let account = super::admin::resolve_user(state, caller, target)?;
            (
                account,
                format!("/v1.0/users/{target}/authentication/methods"),
            )
        }
    };
    if account == caller {
        if !has_any(&scopes, &SELF_METHOD_SCOPES) {
            return Err(GraphProblem::AccessDenied);
        }
    } else if !has_any(&scopes, &OTHERS_METHOD_SCOPES)
        || !super::admin::has_role(state, caller, &METHOD_READER_ROLES)
    {
        return Err(GraphProblem::AccessDenied);
    }
    let id = &state.accounts[account].user.id;
    let context = format!(
        "{}/v1.0/$metadata#users('{id}')/authentication/methods",
        sim.base_url
    );
    page(
        sim,
        &path,
        &context,
        method_values(sim, state, account),
        sim.settings.methods_page_size,
        query,
    )
}

//! `GET /v1.0/me` and `GET /v1.0/{me | users/{id}}/authentication/methods`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

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
    super::users::user_body(sim, state, account, query, false)
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
    let mut values = method_values(sim, state, account);
    // "The authentication administrator only sees masked phone numbers" (list-methods); the roles that may reset
    // anyone's methods see them whole.
    let masked = account != caller
        && super::admin::has_role(state, caller, &["Authentication Administrator"])
        && !super::admin::has_role(
            state,
            caller,
            &[
                "Privileged Authentication Administrator",
                "Global Administrator",
            ],
        );
    if masked {
        for value in &mut values {
            if let Some(number) = value.get("phoneNumber").and_then(Value::as_str) {
                let hidden = crate::methods::mask_phone(number);
                value["phoneNumber"] = json!(hidden);
            }
        }
    }
    page(
        sim,
        &path,
        &context,
        values,
        sim.settings.methods_page_size,
        query,
    )
}

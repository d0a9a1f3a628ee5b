//! `GET /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass`: the
//! tenant's Temporary Access Pass policy, for administrators who may read policies (docs/MICROSOFT.md §3.2).

use std::sync::Arc;

use axum::extract::{Path, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::admin::has_role;
use super::{bearer, error_response, graph_ok, has_any, GraphProblem};
use crate::scenario::TapTarget;
use crate::state::{Sim, State};

/// Delegated permissions that read the authentication methods policy (least privileged first; `Policy.Read.All`
/// is listed by older versions of the page).
const POLICY_SCOPES: [&str; 3] = [
    "Policy.Read.AuthenticationMethod",
    "Policy.ReadWrite.AuthenticationMethod",
    "Policy.Read.All",
];

/// "The administrator needs at least the Global Reader or Authentication Policy Administrator role": an
/// Authentication Administrator cannot read it.
const POLICY_READER_ROLES: [&str; 3] = [
    "Global Reader",
    "Authentication Policy Administrator",
    "Global Administrator",
];

/// `…/authenticationMethodConfigurations/{id}`: the simulator serves `TemporaryAccessPass` (any case, as the
/// page writes both `TemporaryAccessPass` and `temporaryAccessPass`).
pub(crate) async fn configuration(
    Shared(sim): Shared<Arc<Sim>>,
    Path(configuration): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !configuration.eq_ignore_ascii_case("TemporaryAccessPass") {
        return error_response(&sim, &headers, GraphProblem::NotFound(configuration));
    }
    let result = {
        let state = sim.lock();
        read_policy(&sim, &state, &headers)
    };
    match result {
        Ok(body) => graph_ok(StatusCode::OK, &headers, &body),
        Err(problem) => error_response(&sim, &headers, problem),
    }
}

fn read_policy(sim: &Sim, state: &State, headers: &HeaderMap) -> Result<Value, GraphProblem> {
    let (caller, scopes) = bearer(sim, state, headers)?;
    if !has_any(&scopes, &POLICY_SCOPES) || !has_role(state, caller, &POLICY_READER_ROLES) {
        return Err(GraphProblem::AccessDenied);
    }
    let tenant = &state.tenants[state.tenant_of(caller)];
    let policy = &tenant.tap_policy;
    let targets: Vec<Value> = policy
        .include
        .iter()
        .map(|target| match target {
            TapTarget::AllUsers => {
                json!({"targetType": "group", "id": "all_users", "isRegistrationRequired": false})
            }
            TapTarget::User(upn) => {
                let id = state
                    .accounts
                    .iter()
                    .find(|account| account.user.tenant_id == tenant.id && account.user.upn == *upn)
                    .map(|account| account.user.id.clone())
                    .unwrap_or_default();
                json!({"targetType": "user", "id": id, "isRegistrationRequired": false})
            }
        })
        .collect();
    // The shape of the get example (fixture authenticationMethodsPolicy.json, TemporaryAccessPass entry).
    Ok(json!({
        "@odata.context": format!("{}/v1.0/$metadata#authenticationMethodConfigurations/$entity", sim.base_url),
        "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration",
        "id": "TemporaryAccessPass",
        "state": if policy.enabled { "enabled" } else { "disabled" },
        "defaultLifetimeInMinutes": policy.default_lifetime_minutes,
        "defaultLength": policy.default_length,
        "minimumLifetimeInMinutes": policy.minimum_lifetime_minutes,
        "maximumLifetimeInMinutes": policy.maximum_lifetime_minutes,
        "isUsableOnce": policy.is_usable_once,
        "includeTargets": targets,
        "excludeTargets": [],
    }))
}

//! Test and practice controls under `/sim/control/` (JSON). They script the browser leg, complete device
//! logins headlessly, move the clock, and read the sign-in log. Microsoft has nothing like them; clients
//! under test never call them, only the tests and tools that drive a scenario.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State as Shared};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::clock::MAX_CLOCK_SKEW_SECONDS;
use crate::http::json;
use crate::script::BrowserScript;
use crate::state::{FlowPurpose, Sim, Step};

/// How a headless device login ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceLoginOutcome {
    /// The device can now redeem its code.
    Approved,
    /// The person pressed Cancel: the device gets `authorization_declined`.
    Declined,
    /// Signed in, but the tenant lacks admin consent: the device gets AADSTS65001.
    ConsentRequired,
    /// The browser stopped before finishing (stuck at MFA, gave up, wrong password): the device keeps
    /// getting `authorization_pending`.
    Unfinished,
}

impl DeviceLoginOutcome {
    fn as_str(self) -> &'static str {
        match self {
            DeviceLoginOutcome::Approved => "approved",
            DeviceLoginOutcome::Declined => "declined",
            DeviceLoginOutcome::ConsentRequired => "consent_required",
            DeviceLoginOutcome::Unfinished => "unfinished",
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ControlError {
    #[error("no pending device login has the user code {0}")]
    UnknownUserCode(String),
    #[error("no account signs in as {0}")]
    UnknownUser(String),
}

impl Sim {
    pub(crate) fn set_script(&self, sign_in_name: &str, script: BrowserScript) {
        self.lock()
            .scripts
            .insert(sign_in_name.to_ascii_lowercase(), script);
    }

    pub(crate) fn clear_script(&self, sign_in_name: &str) {
        self.lock()
            .scripts
            .remove(&sign_in_name.to_ascii_lowercase());
    }

    /// Runs the device login page for `user_code` as `sign_in_name` would, following `script`.
    pub(crate) fn complete_device_login(
        &self,
        user_code: &str,
        sign_in_name: &str,
        script: &BrowserScript,
    ) -> Result<DeviceLoginOutcome, ControlError> {
        let name = sign_in_name.to_ascii_lowercase();
        let mut state = self.lock();
        let known = state
            .accounts
            .iter()
            .any(|account| account.user.upn == name || account.user.sign_in_name() == name);
        if !known {
            return Err(ControlError::UnknownUser(name));
        }
        let flow_id = self.new_flow(&mut state, FlowPurpose::Device(String::new()), None, false);
        self.act(
            &mut state,
            &flow_id,
            crate::signin::Action::UserCode(user_code.to_string()),
        );
        if state.flows.get(&flow_id).map(|flow| &flow.step) != Some(&Step::DeviceConfirm) {
            state.flows.remove(&flow_id);
            return Err(ControlError::UnknownUserCode(user_code.to_string()));
        }
        self.run_script(&mut state, &flow_id, &name, script);
        let outcome = match state.flows.get(&flow_id).map(|flow| &flow.step) {
            Some(Step::DeviceSignedIn) => DeviceLoginOutcome::Approved,
            Some(Step::DeviceDeclined) => DeviceLoginOutcome::Declined,
            Some(Step::ConsentRequired(_)) => DeviceLoginOutcome::ConsentRequired,
            _ => DeviceLoginOutcome::Unfinished,
        };
        Ok(outcome)
    }
}

fn bad_request(message: String) -> Response {
    json(StatusCode::BAD_REQUEST, &json!({"error": message}))
}

#[derive(Deserialize)]
struct ScriptRequest {
    user: String,
    #[serde(flatten)]
    script: BrowserScript,
}

/// `POST /sim/control/scripts` `{"user": "...", "outcome": "complete", "method": "sms"}`.
pub(crate) async fn set_script(Shared(sim): Shared<Arc<Sim>>, body: Bytes) -> Response {
    match serde_json::from_slice::<ScriptRequest>(&body) {
        Ok(request) => {
            sim.set_script(&request.user, request.script);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(error) => bad_request(format!(
            "expected {{\"user\", \"outcome\", \"method\"?}}: {error}"
        )),
    }
}

/// `DELETE /sim/control/scripts/{user}`.
pub(crate) async fn clear_script(
    Shared(sim): Shared<Arc<Sim>>,
    Path(user): Path<String>,
) -> Response {
    sim.clear_script(&user);
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
struct DeviceRequest {
    user_code: String,
    user: String,
    #[serde(flatten)]
    script: BrowserScript,
}

/// `POST /sim/control/device` `{"user_code": "...", "user": "...", "outcome": "complete"}`.
pub(crate) async fn device(Shared(sim): Shared<Arc<Sim>>, body: Bytes) -> Response {
    let request = match serde_json::from_slice::<DeviceRequest>(&body) {
        Ok(request) => request,
        Err(error) => {
            return bad_request(format!(
                "expected {{\"user_code\", \"user\", \"outcome\"}}: {error}"
            ))
        }
    };
    match sim.complete_device_login(&request.user_code, &request.user, &request.script) {
        Ok(outcome) => json(StatusCode::OK, &json!({"outcome": outcome.as_str()})),
        Err(error) => json(StatusCode::NOT_FOUND, &json!({"error": error.to_string()})),
    }
}

#[derive(Deserialize)]
struct AdvanceRequest {
    seconds: i64,
}

/// `POST /sim/control/clock/advance` `{"seconds": 900}`.
pub(crate) async fn advance_clock(Shared(sim): Shared<Arc<Sim>>, body: Bytes) -> Response {
    match serde_json::from_slice::<AdvanceRequest>(&body) {
        Ok(request) if request.seconds >= 0 => {
            sim.clock.advance(time::Duration::seconds(request.seconds));
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(_) => bad_request("seconds must be 0 or more".to_string()),
        Err(error) => bad_request(format!("expected {{\"seconds\": n}}: {error}")),
    }
}

#[derive(Deserialize)]
struct SkewRequest {
    seconds: i64,
}

/// `POST /sim/control/clock/skew` `{"seconds": -300}`: Microsoft's clock runs that far from the machine's.
pub(crate) async fn skew_clock(Shared(sim): Shared<Arc<Sim>>, body: Bytes) -> Response {
    match serde_json::from_slice::<SkewRequest>(&body) {
        Ok(request) if request.seconds.abs() <= MAX_CLOCK_SKEW_SECONDS => {
            sim.clock.set_skew(time::Duration::seconds(request.seconds));
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(_) => bad_request(format!(
            "seconds must be between -{MAX_CLOCK_SKEW_SECONDS} and {MAX_CLOCK_SKEW_SECONDS}"
        )),
        Err(error) => bad_request(format!("expected {{\"seconds\": n}}: {error}")),
    }
}

/// `GET /sim/control/sign-ins`: what happened in each browser leg.
pub(crate) async fn sign_ins(Shared(sim): Shared<Arc<Sim>>) -> Response {
    let records = sim.lock().sign_ins.clone();
    json(StatusCode::OK, &json!({"value": records}))
}

/// `GET /sim/control/accounts`: each account with its tenant, for practice mode's account list.
pub(crate) async fn accounts(Shared(sim): Shared<Arc<Sim>>) -> Response {
    let state = sim.lock();
    let accounts: Vec<_> = state
        .accounts
        .iter()
        .map(|account| {
            let user = &account.user;
            let tenant = state
                .tenant_index(&user.tenant_id)
                .map(|index| &state.tenants[index]);
            json!({
                "signInName": user.sign_in_name(),
                "userPrincipalName": user.upn,
                "displayName": user.display_name,
                "userType": user.user_type.as_graph(),
                "tenantId": user.tenant_id,
                "tenantDomain": tenant.map(|tenant| tenant.domain.clone()),
                "tenantName": tenant.map(|tenant| tenant.name.clone()),
            })
        })
        .collect();
    json(StatusCode::OK, &json!({"value": accounts}))
}

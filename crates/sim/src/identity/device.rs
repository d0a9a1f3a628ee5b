//! Device authorization grant: `POST /{tenant}/oauth2/v2.0/devicecode` and the `/devicelogin` page
//! (docs/MICROSOFT.md §1.7, fixture device-code-response.json).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::aadsts::{self, Placeholders};
use crate::http::{
    client_request_id, entra_error, error_context, html, json, param, parse_form, wants_italian,
};
use crate::ids::{opaque_secret, user_code};
use crate::scopes::ScopeSet;
use crate::state::{DeviceFlow, DeviceStatus, FlowPurpose, Sim};

pub(crate) async fn device_code(
    Shared(sim): Shared<Arc<Sim>>,
    Path(segment): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parse_form(&body);
    let correlation = client_request_id(&headers);
    let context = error_context(&sim, correlation.as_deref());
    let mut state = sim.lock();
    if state.authority(&segment).is_none() {
        return entra_error(&aadsts::body_for(
            90002,
            &Placeholders::default().with("tenant", segment),
            &context,
        ));
    }
    let Some(client_id) = param(&form, "client_id") else {
        return entra_error(&aadsts::body_for(
            900144,
            &Placeholders::default().with("parameter", "client_id"),
            &context,
        ));
    };
    if !sim.accepts_client(client_id) {
        return entra_error(&aadsts::body_for(
            700016,
            &Placeholders::default()
                .with("client_id", client_id.to_string())
                .with("tenant", segment.clone()),
            &context,
        ));
    }
    let Some(scope) = param(&form, "scope") else {
        return entra_error(&aadsts::body_for(
            900144,
            &Placeholders::default().with("parameter", "scope"),
            &context,
        ));
    };
    let scopes = match ScopeSet::parse(scope) {
        Ok(scopes) => scopes,
        Err(problem) => {
            return entra_error(&aadsts::body_for(
                problem.code,
                &Placeholders::default()
                    .with("scope", problem.scope)
                    .with("app", sim.settings.application_name.clone()),
                &context,
            ))
        }
    };
    let now = sim.now();
    let code = user_code();
    let device_code = opaque_secret("sim-device");
    let verification_uri = format!("{}/devicelogin", sim.base_url);
    let lifetime = sim.settings.device_code_lifetime_seconds;
    let interval = sim.settings.device_code_interval_seconds;
    state.device_flows.insert(
        device_code.clone(),
        DeviceFlow {
            user_code: code.clone(),
            client_id: client_id.to_ascii_lowercase(),
            tenant_segment: segment.to_ascii_lowercase(),
            scopes,
            expires_at: now + time::Duration::seconds(lifetime),
            interval,
            last_poll: None,
            status: DeviceStatus::Pending,
        },
    );
    // `message` is localised with the `mkt` query parameter (docs/MICROSOFT.md §1.7).
    let italian = query
        .get("mkt")
        .is_some_and(|mkt| mkt.to_ascii_lowercase().starts_with("it"));
    let message = if italian {
        format!("Per accedere, usa un Web browser per aprire la pagina {verification_uri} e immetti il codice {code} per l'autenticazione.")
    } else {
        format!("To sign in, use a web browser to open the page {verification_uri} and enter the code {code} to authenticate.")
    };
    json(
        StatusCode::OK,
        &json!({
            "user_code": code,
            "device_code": device_code,
            "verification_uri": verification_uri,
            "expires_in": lifetime,
            "interval": interval,
            "message": message,
        }),
    )
}

/// `GET /devicelogin`: the "Enter code" page.
pub(crate) async fn device_login(
    Shared(sim): Shared<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let italian = wants_italian(&params, &headers);
    let mut state = sim.lock();
    let flow_id = sim.new_flow(
        &mut state,
        FlowPurpose::Device(String::new()),
        None,
        italian,
    );
    html(StatusCode::OK, sim.render_flow(&state, &flow_id))
}

/// Posts to `/devicelogin` without a flow start a new one (a bookmarked or reloaded page).
pub(crate) async fn device_login_post(
    Shared(sim): Shared<Arc<Sim>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parse_form(&body);
    let italian = wants_italian(&form, &headers);
    let mut state = sim.lock();
    let flow_id = sim.new_flow(
        &mut state,
        FlowPurpose::Device(String::new()),
        None,
        italian,
    );
    let typed = form.get("value").cloned().unwrap_or_default();
    let result = sim.act(&mut state, &flow_id, crate::signin::Action::UserCode(typed));
    super::authorize::respond(&sim, &state, Some(&flow_id), result)
}

//! `/{tenant}/v2.0/.well-known/openid-configuration`, the JWKS, Entra's `/error?code=` page and userinfo.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::json;

use crate::aadsts::{self, Placeholders};
use crate::http::{client_request_id, entra_error, error_context, html, json};
use crate::state::{Authority, Sim};

/// OpenID configuration with Entra's members. For `common` / `organizations` the issuer keeps the literal
/// `{tenantid}` template, as Entra's does; for a tenant (by id or domain) it names the tenant id, which is how
/// a client learns a domain's tenant id without signing in (docs/PRODUCT.md §4).
pub(crate) async fn openid_configuration(
    Shared(sim): Shared<Arc<Sim>>,
    Path(segment): Path<String>,
    headers: HeaderMap,
) -> Response {
    let authority = sim.lock().authority(&segment);
    let (tenant_path, issuer_tenant) = match authority {
        Some(Authority::Tenant(index)) => {
            let id = sim.lock().tenants[index].id.clone();
            (id.clone(), id)
        }
        Some(Authority::Multi) => (segment.to_ascii_lowercase(), "{tenantid}".to_string()),
        None => {
            let correlation = client_request_id(&headers);
            let body = aadsts::body_for(
                90002,
                &Placeholders::default().with("tenant", segment.clone()),
                &error_context(&sim, correlation.as_deref()),
            );
            return entra_error(&body);
        }
    };
    let base = &sim.base_url;
    let host = base.trim_start_matches("http://");
    let body = json!({
        "token_endpoint": format!("{base}/{tenant_path}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/{tenant_path}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{base}/{issuer_tenant}/v2.0"),
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{base}/oidc/userinfo"),
        "authorization_endpoint": format!("{base}/{tenant_path}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{base}/{tenant_path}/oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{base}/{tenant_path}/oauth2/v2.0/logout"),
        "claims_supported": ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "kerberos_endpoint": format!("{base}/{tenant_path}/kerberos"),
        "tenant_region_scope": "EU",
        "cloud_instance_name": host,
        "cloud_graph_host_name": host,
        // Where this simulator serves Microsoft Graph (`{base}/v1.0/...`).
        "msgraph_host": host,
        "rbac_url": base,
    });
    json(StatusCode::OK, &body)
}

/// The JWKS (`/discovery/v2.0/keys` and `/{tenant}/discovery/v2.0/keys`).
pub(crate) async fn keys(Shared(sim): Shared<Arc<Sim>>) -> Response {
    let issuer = format!("{}/{{tenantid}}/v2.0", sim.base_url);
    json(StatusCode::OK, &sim.key.jwks(&issuer))
}

pub(crate) async fn tenant_keys(
    Shared(sim): Shared<Arc<Sim>>,
    Path(_segment): Path<String>,
) -> Response {
    keys(Shared(sim)).await
}

/// `error_uri` target: the text of an AADSTS code, like Entra's lookup page.
pub(crate) async fn error_lookup(
    Shared(sim): Shared<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let code: Option<u32> = params
        .get("code")
        .and_then(|code| code.trim_start_matches("AADSTS").parse().ok());
    let (title, text) = match code.and_then(aadsts::lookup) {
        Some(entry) => (format!("AADSTS{}", entry.code), entry.text.to_string()),
        None => ("AADSTS".to_string(), "Unknown error code.".to_string()),
    };
    html(StatusCode::OK, sim.render_message(false, &title, &text))
}

/// `/oidc/userinfo`: the OIDC claims of the bearer token's account.
pub(crate) async fn userinfo(Shared(sim): Shared<Arc<Sim>>, headers: HeaderMap) -> Response {
    let state = sim.lock();
    let account = crate::graph::bearer_account(&sim, &state, &headers);
    match account {
        Ok(account) => {
            let user = &state.accounts[account].user;
            json(
                StatusCode::OK,
                &json!({
                    "sub": user.id,
                    "name": user.display_name,
                    "family_name": user.surname,
                    "given_name": user.given_name,
                    "email": user.mail,
                }),
            )
        }
        Err(problem) => {
            drop(state);
            crate::graph::error_response(&sim, &headers, problem)
        }
    }
}

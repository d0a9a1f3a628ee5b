//! Microsoft Graph (`/v1.0/...`): the signed-in user's profile and methods, the admin calls behind a ticket,
//! Graph's error shape, paging, and the throttling / 5xx faults (docs/MICROSOFT.md §5, §6.3, §6.4).

pub(crate) mod admin;
pub(crate) mod me;
pub(crate) mod policy;
pub(crate) mod reports;
pub(crate) mod users;

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::Rng;
use serde_json::{json, Value};

use crate::clock::graph_error_date;
use crate::http::client_request_id;
use crate::ids::new_guid;
use crate::state::{Sim, State};

/// Graph's JSON content type (fixture graph-response-headers-example.txt).
const GRAPH_CONTENT_TYPE: &str =
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// `DELETE /v1.0/me/authentication/{collection}/{methodId}`.
pub(crate) async fn delete_my_method(
    Shared(sim): Shared<Arc<Sim>>,
    axum::extract::Path((collection, method)): axum::extract::Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    delete_in_collection(&sim, &headers, None, &collection, &method)
}

/// `DELETE /v1.0/users/{id | upn}/authentication/{collection}/{methodId}`.
pub(crate) async fn delete_user_method(
    Shared(sim): Shared<Arc<Sim>>,
    axum::extract::Path((user, collection, method)): axum::extract::Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    delete_in_collection(&sim, &headers, Some(&user), &collection, &method)
}

fn delete_in_collection(
    sim: &Sim,
    headers: &HeaderMap,
    user: Option<&str>,
    collection: &str,
    method: &str,
) -> Response {
    let collection = match collection {
        "microsoftAuthenticatorMethods" => admin::MICROSOFT_AUTHENTICATOR,
        "phoneMethods" => admin::PHONE,
        "softwareOathMethods" => admin::SOFTWARE_OATH,
        "fido2Methods" => admin::FIDO2,
        "temporaryAccessPassMethods" => admin::TEMPORARY_ACCESS_PASS,
        other => {
            return error_response(
                sim,
                headers,
                GraphProblem::BadRequest(format!("Resource not found for the segment '{other}'.")),
            )
        }
    };
    admin::delete_method(sim, headers, user, method, collection)
}

/// Why a Graph call failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum GraphProblem {
    NoToken,
    InvalidToken,
    ExpiredToken,
    /// 403 `accessDenied` "Request Authorization failed" (authentication-methods APIs, fixture).
    AccessDenied,
    /// 403 `Authorization_RequestDenied` "Insufficient privileges to complete the operation." (fixture).
    RequestDenied,
    NotFound(String),
    BadRequest(String),
    Throttled(f64),
    ServerError(u16),
    /// Any other answer: its status, Graph's `error.code` and message.
    Coded {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
}

/// The account behind `Authorization: Bearer …`.
pub(crate) fn bearer_account(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
) -> Result<usize, GraphProblem> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .filter(|token| !token.is_empty())
        .ok_or(GraphProblem::NoToken)?;
    let grant = state
        .access_tokens
        .get(token)
        .ok_or(GraphProblem::InvalidToken)?;
    if sim.now() >= grant.expires_at {
        return Err(GraphProblem::ExpiredToken);
    }
    Ok(grant.account)
}

/// The account and the Graph permissions of its token.
pub(crate) fn bearer(
    sim: &Sim,
    state: &State,
    headers: &HeaderMap,
) -> Result<(usize, std::collections::BTreeSet<&'static str>), GraphProblem> {
    let account = bearer_account(sim, state, headers)?;
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .map(|(_, token)| token.trim())
        .unwrap_or_default();
    let scopes = state
        .access_tokens
        .get(token)
        .map(|grant| grant.graph_scopes.clone())
        .unwrap_or_default();
    Ok((account, scopes))
}

pub(crate) fn has_any(scopes: &std::collections::BTreeSet<&'static str>, wanted: &[&str]) -> bool {
    wanted.iter().any(|scope| scopes.contains(scope))
}

fn error_body(code: &str, message: &str, inner: Value) -> Value {
    json!({"error": {"code": code, "message": message, "innerError": inner}})
}

/// Graph's error response: `error.code`, `error.message`, `innerError` with `date`, `request-id`,
/// `client-request-id` (fixtures graph-error-*.json), and the `request-id` / `client-request-id` headers.
pub(crate) fn error_response(sim: &Sim, headers: &HeaderMap, problem: GraphProblem) -> Response {
    let request_id = new_guid();
    let client_request_id = client_request_id(headers).unwrap_or_else(|| request_id.clone());
    let date = graph_error_date(sim.now());
    let inner =
        json!({"date": date, "request-id": request_id, "client-request-id": client_request_id});
    let (status, body) = match &problem {
        GraphProblem::NoToken => (
            StatusCode::UNAUTHORIZED,
            error_body("InvalidAuthenticationToken", "Access token is empty.", inner),
        ),
        GraphProblem::InvalidToken => (
            StatusCode::UNAUTHORIZED,
            error_body("InvalidAuthenticationToken", "Access token validation failure. Invalid audience.", inner),
        ),
        GraphProblem::ExpiredToken => (
            StatusCode::UNAUTHORIZED,
            error_body("InvalidAuthenticationToken", "Access token has expired or is not yet valid.", inner),
        ),
        GraphProblem::AccessDenied => (
            StatusCode::FORBIDDEN,
            error_body("accessDenied", "Request Authorization failed", inner),
        ),
        GraphProblem::RequestDenied => (
            StatusCode::FORBIDDEN,
            error_body("Authorization_RequestDenied", "Insufficient privileges to complete the operation.", inner),
        ),
        GraphProblem::NotFound(resource) => (
            StatusCode::NOT_FOUND,
            error_body(
                "Request_ResourceNotFound",
                &format!("Resource '{resource}' does not exist or one of its queried reference-property objects are not present."),
                inner,
            ),
        ),
        GraphProblem::BadRequest(message) => (StatusCode::BAD_REQUEST, error_body("badRequest", message, inner)),
        GraphProblem::Coded { status, code, message } => (*status, error_body(code, message, inner)),
        // The throttling sample (fixture graph-error-429-tooManyRequests.json): innerError also has code,
        // message and status.
        GraphProblem::Throttled(_) => (
            StatusCode::TOO_MANY_REQUESTS,
            json!({"error": {
                "code": "TooManyRequests",
                "innerError": {
                    "code": "429",
                    "date": date,
                    "message": "Please retry after",
                    "request-id": request_id,
                    "status": "429",
                    "client-request-id": client_request_id,
                },
                "message": "Please retry again later."
            }}),
        ),
        GraphProblem::ServerError(status) => (
            StatusCode::from_u16(*status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
            if *status == 503 || *status == 504 {
                error_body("serviceNotAvailable", "The service is temporarily unavailable. Please retry later.", inner)
            } else {
                error_body("generalException", "General exception while processing.", inner)
            },
        ),
    };
    let mut response = graph_json(status, &body, &request_id, &client_request_id);
    let headers = response.headers_mut();
    match problem {
        GraphProblem::NoToken | GraphProblem::InvalidToken | GraphProblem::ExpiredToken => {
            let challenge = format!(
                r#"Bearer realm="", authorization_uri="{}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#,
                sim.base_url
            );
            if let Ok(value) = HeaderValue::from_str(&challenge) {
                headers.insert(header::WWW_AUTHENTICATE, value);
            }
        }
        // `Retry-After` in seconds, possibly fractional (docs/MICROSOFT.md §5.2).
        GraphProblem::Throttled(seconds) => {
            if let Ok(value) = HeaderValue::from_str(&format_seconds(seconds)) {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        GraphProblem::ServerError(_) => {
            if let Ok(value) =
                HeaderValue::from_str(&format_seconds(sim.faults.retry_after_seconds))
            {
                headers.insert(header::RETRY_AFTER, value);
            }
        }
        _ => {}
    }
    response
}

fn format_seconds(seconds: f64) -> String {
    let text = format!("{seconds:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.is_empty() {
        "0".to_string()
    } else {
        text.to_string()
    }
}

pub(crate) fn graph_json(
    status: StatusCode,
    body: &Value,
    request_id: &str,
    client_request_id: &str,
) -> Response {
    let mut response = (status, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(GRAPH_CONTENT_TYPE),
    );
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("request-id", value);
    }
    if let Ok(value) = HeaderValue::from_str(client_request_id) {
        headers.insert("client-request-id", value);
    }
    response
}

/// A successful Graph response with its correlation headers.
pub(crate) fn graph_ok(status: StatusCode, headers: &HeaderMap, body: &Value) -> Response {
    let request_id = new_guid();
    let client_request_id = client_request_id(headers).unwrap_or_else(|| request_id.clone());
    graph_json(status, body, &request_id, &client_request_id)
}

pub(crate) fn no_content(headers: &HeaderMap) -> Response {
    let request_id = new_guid();
    let client_request_id = client_request_id(headers).unwrap_or_else(|| request_id.clone());
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("request-id", value);
    }
    if let Ok(value) = HeaderValue::from_str(&client_request_id) {
        response.headers_mut().insert("client-request-id", value);
    }
    response
}

/// One page of a collection, with `@odata.nextLink` (the whole URL, as clients must use it, docs/MICROSOFT.md §5.1)
/// when more remain. `$skiptoken` is opaque to clients.
pub(crate) fn page(
    sim: &Sim,
    path: &str,
    context: &str,
    items: Vec<Value>,
    page_size: Option<usize>,
    query: &HashMap<String, String>,
) -> Result<Value, GraphProblem> {
    let offset = match query.get("$skiptoken") {
        None => 0,
        Some(token) => decode_skiptoken(token)
            .ok_or_else(|| GraphProblem::BadRequest("Invalid skip token.".to_string()))?,
    };
    let size = page_size.unwrap_or(usize::MAX);
    let end = offset.saturating_add(size).min(items.len());
    let start = offset.min(items.len());
    let mut body = serde_json::Map::new();
    body.insert("@odata.context".into(), json!(context));
    if end < items.len() {
        let token = URL_SAFE_NO_PAD.encode(format!("sim-page:{end}"));
        body.insert(
            "@odata.nextLink".into(),
            json!(format!("{}{path}?$skiptoken={token}", sim.base_url)),
        );
    }
    body.insert("value".into(), Value::Array(items[start..end].to_vec()));
    Ok(Value::Object(body))
}

fn decode_skiptoken(token: &str) -> Option<usize> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(token).ok()?).ok()?;
    text.strip_prefix("sim-page:")?.parse().ok()
}

/// Scenario faults on Graph calls: every Nth call answers 429 with `Retry-After`; otherwise a seeded share of
/// calls answers the scenario's 5xx status.
pub(crate) async fn faults(
    Shared(sim): Shared<Arc<Sim>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let problem = {
        let mut state = sim.lock();
        state.graph_calls += 1;
        let calls = state.graph_calls;
        let every = sim.faults.throttle_every;
        if every > 0 && calls % every == 0 {
            Some(GraphProblem::Throttled(sim.faults.retry_after_seconds))
        } else if sim.faults.server_error_rate > 0.0
            && state.fault_rng.gen::<f64>() < sim.faults.server_error_rate
        {
            Some(GraphProblem::ServerError(sim.faults.server_error_status))
        } else {
            None
        }
    };
    match problem {
        Some(problem) => error_response(&sim, request.headers(), problem),
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_keeps_fractions() {
        assert_eq!(format_seconds(2.128), "2.128");
        assert_eq!(format_seconds(2.0), "2");
        assert_eq!(format_seconds(0.0), "0");
    }

    #[test]
    fn skiptokens_round_trip() {
        let token = URL_SAFE_NO_PAD.encode("sim-page:7");
        assert_eq!(decode_skiptoken(&token), Some(7));
        assert_eq!(decode_skiptoken("garbage!"), None);
    }
}

//! `GET /{tenant}/oauth2/v2.0/authorize` and the sign-in pages it leads to (`/sim/signin/{flow}`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use url::Url;

use crate::aadsts;
use crate::http::{
    cookie, html, param, parse_form, redirect, sso_cookie, wants_italian, SSO_COOKIE,
};
use crate::scopes::ScopeSet;
use crate::signin::{client_response, Action, FlowOutcome, StepResult};
use crate::state::{
    Authentication, Authority, AuthorizeRequest, FlowPurpose, PkceMethod, Sim, State,
};

/// Loopback `http` redirect URIs (any port, docs/MICROSOFT.md §1.5) and the native-client URI.
fn redirect_uri_allowed(uri: &str) -> bool {
    if uri == "https://login.microsoftonline.com/common/oauth2/nativeclient" {
        return true;
    }
    match Url::parse(uri) {
        Ok(url) => {
            url.scheme() == "http"
                && matches!(url.host_str(), Some("localhost") | Some("127.0.0.1"))
                && url.fragment().is_none()
        }
        Err(_) => false,
    }
}

fn error_redirect(request: &AuthorizeRequest, error: &str, description: String) -> FlowOutcome {
    client_response(
        request,
        vec![
            ("error".to_string(), error.to_string()),
            ("error_description".to_string(), description),
        ],
    )
}

/// `AADSTS{code}: {text}` with Entra's trace lines, for error redirects.
fn described(sim: &Sim, code: u32, placeholders: &aadsts::Placeholders<'_>) -> (String, String) {
    let body = aadsts::body_for(code, placeholders, &crate::http::error_context(sim, None));
    (body.error, body.error_description)
}

pub(crate) async fn authorize(
    Shared(sim): Shared<Arc<Sim>>,
    Path(segment): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let italian = wants_italian(&params, &headers);
    let mut state = sim.lock();
    let Some(authority) = state.authority(&segment) else {
        let text = format!("Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        return html(
            StatusCode::BAD_REQUEST,
            sim.render_error_page(italian, 90002, &text),
        );
    };
    let Some(client_id) = param(&params, "client_id") else {
        let text = "The request body must contain the following parameter: 'client_id'.";
        return html(
            StatusCode::BAD_REQUEST,
            sim.render_error_page(italian, 900144, text),
        );
    };
    if !sim.accepts_client(client_id) {
        let text = format!("Application with identifier '{client_id}' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");
        return html(
            StatusCode::BAD_REQUEST,
            sim.render_error_page(italian, 700016, &text),
        );
    }
    let Some(redirect_uri) = param(&params, "redirect_uri").filter(|uri| redirect_uri_allowed(uri))
    else {
        let text = format!(
            "The redirect URI '{}' specified in the request does not match the redirect URIs configured for the application '{client_id}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.",
            params.get("redirect_uri").map(String::as_str).unwrap_or_default()
        );
        return html(
            StatusCode::BAD_REQUEST,
            sim.render_error_page(italian, 50011, &text),
        );
    };
    let response_mode = param(&params, "response_mode")
        .unwrap_or("query")
        .to_ascii_lowercase();
    let mut request = AuthorizeRequest {
        client_id: client_id.to_ascii_lowercase(),
        redirect_uri: redirect_uri.to_string(),
        response_mode: if ["query", "fragment", "form_post"].contains(&response_mode.as_str()) {
            response_mode.clone()
        } else {
            "query".to_string()
        },
        state: params.get("state").cloned(),
        nonce: params.get("nonce").cloned(),
        scopes: ScopeSet::default(),
        challenge: None,
        prompt: param(&params, "prompt").map(str::to_ascii_lowercase),
        login_hint: param(&params, "login_hint").map(|hint| hint.trim().to_ascii_lowercase()),
    };
    let (flow_id, result) = match validate(&sim, &params, &mut request, &response_mode) {
        Err(outcome) => (
            None,
            StepResult {
                outcome,
                new_session: None,
            },
        ),
        Ok(()) => {
            let session = cookie(&headers, SSO_COOKIE).map(str::to_string);
            start(
                &sim,
                &mut state,
                authority,
                request,
                italian,
                session.as_deref(),
            )
        }
    };
    if let Some(browse) = headers
        .get(crate::browse::BROWSE_HEADER)
        .and_then(|value| value.to_str().ok())
    {
        crate::browse::record(&mut state, browse, flow_id.as_deref(), &result.outcome);
    }
    respond(&sim, &state, flow_id.as_deref(), result)
}

/// Checks that redirect an error to the client (the redirect URI is known to be acceptable by now).
fn validate(
    sim: &Sim,
    params: &HashMap<String, String>,
    request: &mut AuthorizeRequest,
    response_mode: &str,
) -> Result<(), FlowOutcome> {
    if !["query", "fragment", "form_post"].contains(&response_mode) {
        return Err(error_redirect(
            request,
            "invalid_request",
            format!("AADSTS900100: The response_mode '{response_mode}' is not supported."),
        ));
    }
    let response_type = param(params, "response_type").unwrap_or_default();
    if response_type != "code" {
        return Err(error_redirect(
            request,
            "unsupported_response_type",
            format!(
                "AADSTS700054: response_type '{response_type}' is not enabled for the application."
            ),
        ));
    }
    let Some(scope) = param(params, "scope") else {
        let (error, description) = described(
            sim,
            900144,
            &aadsts::Placeholders::default().with("parameter", "scope"),
        );
        return Err(error_redirect(request, &error, description));
    };
    request.scopes = match ScopeSet::parse(scope) {
        Ok(scopes) => scopes,
        Err(problem) => {
            let placeholders = aadsts::Placeholders::default()
                .with("scope", problem.scope)
                .with("app", sim.settings.application_name.clone());
            let (error, description) = described(sim, problem.code, &placeholders);
            return Err(error_redirect(request, &error, description));
        }
    };
    if let Some(challenge) = param(params, "code_challenge") {
        // "If method omitted but challenge present, challenge is treated as plain" (docs/MICROSOFT.md §1.2).
        let method = match param(params, "code_challenge_method").unwrap_or("plain") {
            "S256" => PkceMethod::S256,
            "plain" => PkceMethod::Plain,
            other => {
                return Err(error_redirect(
                    request,
                    "invalid_request",
                    format!(
                        "The code_challenge_method '{other}' is not supported: use S256 or plain."
                    ),
                ))
            }
        };
        // RFC 7636 §4.2: 43 to 128 characters.
        if !(43..=128).contains(&challenge.len()) {
            return Err(error_redirect(
                request,
                "invalid_request",
                "AADSTS501491: Invalid size of Code_Challenge parameter.".to_string(),
            ));
        }
        request.challenge = Some((challenge.to_string(), method));
    }
    Ok(())
}

/// Starts the browser leg: SSO or `prompt=none`, then the account page, then a script if one is set. Returns the
/// flow whose page is shown (if any) and what the browser gets.
fn start(
    sim: &Sim,
    state: &mut State,
    authority: Authority,
    request: AuthorizeRequest,
    italian: bool,
    session_id: Option<&str>,
) -> (Option<String>, StepResult) {
    let tenant = match authority {
        Authority::Tenant(index) => Some(index),
        Authority::Multi => None,
    };
    let forces_login = matches!(
        request.prompt.as_deref(),
        Some("login") | Some("select_account")
    );
    if !forces_login {
        if let Some(result) = single_sign_on(sim, state, &request, tenant, session_id) {
            return (None, result);
        }
    }
    if request.prompt.as_deref() == Some("none") {
        // A silent request with no usable browser session (docs/MICROSOFT.md §1.2: `none` → error if silent fails).
        let text = "A silent sign-in request was sent but no user is signed in.";
        let outcome = error_redirect(&request, "login_required", format!("AADSTS50058: {text}"));
        return (
            None,
            StepResult {
                outcome,
                new_session: None,
            },
        );
    }
    let hint = request.login_hint.clone();
    let flow_id = sim.new_flow(
        state,
        FlowPurpose::Authorize(Box::new(request)),
        tenant,
        italian,
    );
    let Some(hint) = hint else {
        return (
            Some(flow_id),
            StepResult {
                outcome: FlowOutcome::Page,
                new_session: None,
            },
        );
    };
    if let Some(script) = state.scripts.get(&hint).cloned() {
        let result = sim.run_script(state, &flow_id, &hint, &script);
        return (Some(flow_id), result);
    }
    // `login_hint` pre-fills the account: a known one goes straight to the password page.
    let known = match tenant {
        Some(index) => state.account_in(&hint, index).is_some(),
        None => state.home_account(&hint).is_some(),
    };
    let result = if known {
        sim.act(state, &flow_id, Action::Username(hint))
    } else {
        StepResult {
            outcome: FlowOutcome::Page,
            new_session: None,
        }
    };
    (Some(flow_id), result)
}

/// A browser session for the same person completes without pages when it already satisfies the tenant's MFA
/// rule; `prompt=none` fails with `interaction_required` when it does not.
fn single_sign_on(
    sim: &Sim,
    state: &mut State,
    request: &AuthorizeRequest,
    tenant: Option<usize>,
    session_id: Option<&str>,
) -> Option<StepResult> {
    let session = state.sessions.get(session_id?)?;
    let name = session.sign_in_name.clone();
    if request
        .login_hint
        .as_ref()
        .is_some_and(|hint| *hint != name)
    {
        return None;
    }
    let account = match tenant {
        Some(index) => state.account_in(&name, index)?,
        None => state.home_account(&name)?,
    };
    if state.accounts[account]
        .tokens_valid_from
        .is_some_and(|valid_from| session.at < valid_from)
    {
        return None;
    }
    let tenant = tenant.unwrap_or_else(|| state.tenant_of(account));
    let now = sim.now();
    let needs_mfa =
        state.tenants[tenant].require_mfa && !state.mfa_options(account, now).is_empty();
    if needs_mfa && !session.mfa.contains_key(&tenant) {
        if request.prompt.as_deref() == Some("none") {
            let (_, description) = described(sim, 50076, &aadsts::Placeholders::default());
            let outcome = error_redirect(request, "interaction_required", description);
            return Some(StepResult {
                outcome,
                new_session: None,
            });
        }
        return None;
    }
    let missing = request
        .scopes
        .missing_admin_consent(&state.tenants[tenant].consented_scopes);
    if !missing.is_empty() {
        let (_, description) = described(
            sim,
            65001,
            &aadsts::Placeholders::default()
                .with("client_id", request.client_id.clone())
                .with("app", sim.settings.application_name.clone()),
        );
        let outcome = error_redirect(request, "consent_required", description);
        return Some(StepResult {
            outcome,
            new_session: None,
        });
    }
    let authentication = Authentication {
        account,
        tenant,
        sign_in_name: name,
        mfa: None,
        at: now,
    };
    let code = sim.issue_code(state, request.clone(), authentication);
    Some(StepResult {
        outcome: client_response(request, vec![("code".to_string(), code)]),
        new_session: None,
    })
}

/// Turns a step result into the browser's response.
pub(crate) fn respond(
    sim: &Sim,
    state: &State,
    flow_id: Option<&str>,
    result: StepResult,
) -> Response {
    match result.outcome {
        FlowOutcome::Redirect(location) => {
            redirect(&location, result.new_session.map(|id| sso_cookie(&id)))
        }
        FlowOutcome::FormPost { action, fields } => {
            let mut response = html(StatusCode::OK, sim.render_form_post(&action, &fields));
            if let Some(cookie) = result
                .new_session
                .and_then(|id| axum::http::HeaderValue::from_str(&sso_cookie(&id)).ok())
            {
                response
                    .headers_mut()
                    .insert(axum::http::header::SET_COOKIE, cookie);
            }
            response
        }
        FlowOutcome::Page => match flow_id {
            Some(flow_id) => html(StatusCode::OK, sim.render_flow(state, flow_id)),
            None => html(
                StatusCode::BAD_REQUEST,
                sim.render_message(false, "Sign in", "This sign-in cannot continue."),
            ),
        },
    }
}

/// `GET /sim/signin/{flow}`: the flow's current page (reload, or waiting at a prompt).
pub(crate) async fn show(Shared(sim): Shared<Arc<Sim>>, Path(flow_id): Path<String>) -> Response {
    let state = sim.lock();
    html(StatusCode::OK, sim.render_flow(&state, &flow_id))
}

/// `POST /sim/signin/{flow}`: one form submission (`action`, `value`).
pub(crate) async fn submit(
    Shared(sim): Shared<Arc<Sim>>,
    Path(flow_id): Path<String>,
    body: Bytes,
) -> Response {
    let form = parse_form(&body);
    let value = form.get("value").cloned().unwrap_or_default();
    let action = match form.get("action").map(String::as_str).unwrap_or_default() {
        "user_code" => Action::UserCode(value),
        "device_continue" => Action::DeviceContinue,
        "device_cancel" => Action::DeviceCancel,
        "username" => Action::Username(value),
        "password" => Action::Password(value),
        "other_ways" | "cant_use_app" => Action::OtherWays,
        "choose" => match value.parse() {
            Ok(index) => Action::Choose(index),
            Err(_) => Action::OtherWays,
        },
        "verify" => Action::Verify(value),
        "approve" => Action::Approve,
        "cant_use_any" => Action::CantUseAny,
        "cancel" => Action::Cancel,
        "return_without_consent" => Action::ReturnWithoutConsent,
        _ => Action::OtherWays,
    };
    let mut state = sim.lock();
    let result = sim.act(&mut state, &flow_id, action);
    respond(&sim, &state, Some(&flow_id), result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_redirects_are_accepted() {
        assert!(redirect_uri_allowed("http://localhost"));
        assert!(redirect_uri_allowed("http://localhost:53117/"));
        assert!(redirect_uri_allowed("http://127.0.0.1:8400/callback"));
        assert!(redirect_uri_allowed(
            "https://login.microsoftonline.com/common/oauth2/nativeclient"
        ));
        assert!(!redirect_uri_allowed("https://localhost:8400"));
        assert!(!redirect_uri_allowed("http://[::1]:8400"));
        assert!(!redirect_uri_allowed("http://contoso.com/callback"));
        assert!(!redirect_uri_allowed("not a url"));
    }
}

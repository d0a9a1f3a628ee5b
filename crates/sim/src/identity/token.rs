//! `POST /{tenant}/oauth2/v2.0/token`: authorization code (PKCE S256 / plain, single use), refresh token
//! (rotation; bound to user and client, not tenant) and device code polling (docs/MICROSOFT.md §1.3, §1.6, §1.7).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::aadsts::{self, EntraErrorBody, ErrorContext, Placeholders};
use crate::http::{client_request_id, entra_error, error_context, json, param, parse_form};
use crate::ids::{new_guid, opaque_secret};
use crate::scopes::ScopeSet;
use crate::state::{AccessGrant, Authority, DeviceStatus, PkceMethod, RefreshGrant, Sim, State};

/// Token-endpoint results; the error is the Entra error body to send (boxed: it is large and rare).
type TokenResult<T> = Result<T, Box<EntraErrorBody>>;

fn fail<T>(body: EntraErrorBody) -> TokenResult<T> {
    Err(Box::new(body))
}

const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Who the tokens are for.
struct Subject {
    account: usize,
    tenant: usize,
    sign_in_name: String,
    mfa: bool,
}

pub(crate) async fn token(
    Shared(sim): Shared<Arc<Sim>>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = parse_form(&body);
    let correlation = client_request_id(&headers);
    let context = error_context(&sim, correlation.as_deref());
    let mut state = sim.lock();
    match exchange(&sim, &mut state, &segment, &form, &context) {
        Ok(body) => json(StatusCode::OK, &body),
        Err(error) => entra_error(&error),
    }
}

fn missing(parameter: &str, context: &ErrorContext<'_>) -> EntraErrorBody {
    aadsts::body_for(
        900144,
        &Placeholders::default().with("parameter", parameter.to_string()),
        context,
    )
}

fn exchange(
    sim: &Sim,
    state: &mut State,
    segment: &str,
    form: &HashMap<String, String>,
    context: &ErrorContext<'_>,
) -> TokenResult<Value> {
    let Some(authority) = state.authority(segment) else {
        return fail(aadsts::body_for(
            90002,
            &Placeholders::default().with("tenant", segment.to_string()),
            context,
        ));
    };
    let client_id = param(form, "client_id")
        .ok_or_else(|| missing("client_id", context))?
        .to_ascii_lowercase();
    if !sim.accepts_client(&client_id) {
        return fail(aadsts::body_for(
            700016,
            &Placeholders::default()
                .with("client_id", client_id.clone())
                .with("tenant", segment.to_string()),
            context,
        ));
    }
    // "Public clients … must not use secrets or certificates" (docs/MICROSOFT.md §1.3).
    if form.contains_key("client_secret") || form.contains_key("client_assertion") {
        return fail(aadsts::body_for(700025, &Placeholders::default(), context));
    }
    let grant_type = param(form, "grant_type").ok_or_else(|| missing("grant_type", context))?;
    match grant_type {
        "authorization_code" => {
            authorization_code(sim, state, authority, &client_id, form, context)
        }
        "refresh_token" => refresh_token(sim, state, authority, &client_id, form, context),
        DEVICE_CODE_GRANT | "device_code" => {
            device_code(sim, state, segment, &client_id, form, context)
        }
        other => fail(aadsts::body_for(
            70003,
            &Placeholders::default().with("grant_type", other.to_string()),
            context,
        )),
    }
}

fn authorization_code(
    sim: &Sim,
    state: &mut State,
    authority: Authority,
    client_id: &str,
    form: &HashMap<String, String>,
    context: &ErrorContext<'_>,
) -> TokenResult<Value> {
    let code = param(form, "code").ok_or_else(|| missing("code", context))?;
    let now = sim.now();
    let Some(grant) = state.auth_codes.get_mut(code) else {
        return fail(aadsts::body_for(9002313, &Placeholders::default(), context));
    };
    if grant.redeemed {
        return fail(aadsts::body_for(54005, &Placeholders::default(), context));
    }
    if now >= grant.expires_at {
        return fail(aadsts::body_for(70008, &Placeholders::default(), context));
    }
    if grant.request.client_id != client_id {
        return fail(aadsts::body_for(70000, &Placeholders::default(), context));
    }
    if let Authority::Tenant(index) = authority {
        if index != grant.authentication.tenant {
            return fail(aadsts::body_for(70000, &Placeholders::default(), context));
        }
    }
    let redirect_uri = param(form, "redirect_uri").unwrap_or_default();
    if !same_redirect(redirect_uri, &grant.request.redirect_uri) {
        return fail(aadsts::body_for(
            50011,
            &Placeholders::default()
                .with("redirect_uri", redirect_uri.to_string())
                .with("client_id", client_id.to_string()),
            context,
        ));
    }
    if let Some((challenge, method)) = &grant.request.challenge {
        let verifier = param(form, "code_verifier").unwrap_or_default();
        if !pkce_matches(verifier, challenge, *method) {
            // A failed attempt spends the code too, so a guessed verifier cannot be retried.
            grant.redeemed = true;
            return fail(aadsts::body_for(501481, &Placeholders::default(), context));
        }
    }
    grant.redeemed = true;
    let request = grant.request.clone();
    let authentication = grant.authentication.clone();
    let scopes = match param(form, "scope") {
        Some(scope) => {
            ScopeSet::parse(scope).map_err(|problem| scope_error(sim, problem, context))?
        }
        None => request.scopes.clone(),
    };
    let subject = Subject {
        account: authentication.account,
        tenant: authentication.tenant,
        sign_in_name: authentication.sign_in_name.clone(),
        mfa: authentication.mfa.is_some(),
    };
    check_faults(sim, state, &subject, "authorization_code", context)?;
    check_consent(sim, state, &subject, client_id, &scopes, context)?;
    issue(
        sim,
        state,
        &subject,
        client_id,
        &scopes,
        request.nonce.as_deref(),
        form,
        now,
    )
}

/// Loopback redirect URIs match whatever the port (docs/MICROSOFT.md §1.5); otherwise exactly.
fn same_redirect(sent: &str, original: &str) -> bool {
    let normal = |uri: &str| {
        url::Url::parse(uri).ok().map(|mut url| {
            if matches!(url.host_str(), Some("localhost") | Some("127.0.0.1")) {
                let _ = url.set_port(None);
            }
            url.to_string()
        })
    };
    sent == original || (normal(sent).is_some() && normal(sent) == normal(original))
}

/// RFC 7636 §4.6: `BASE64URL(SHA256(verifier)) == challenge` for S256, equality for plain.
pub(crate) fn pkce_matches(verifier: &str, challenge: &str, method: PkceMethod) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~'));
    if !well_formed {
        return false;
    }
    match method {
        PkceMethod::Plain => verifier == challenge,
        PkceMethod::S256 => {
            URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
        }
    }
}

fn scope_error(
    sim: &Sim,
    problem: crate::scopes::ScopeProblem,
    context: &ErrorContext<'_>,
) -> EntraErrorBody {
    aadsts::body_for(
        problem.code,
        &Placeholders::default()
            .with("scope", problem.scope)
            .with("app", sim.settings.application_name.clone()),
        context,
    )
}

fn refresh_token(
    sim: &Sim,
    state: &mut State,
    authority: Authority,
    client_id: &str,
    form: &HashMap<String, String>,
    context: &ErrorContext<'_>,
) -> TokenResult<Value> {
    let token = param(form, "refresh_token").ok_or_else(|| missing("refresh_token", context))?;
    let now = sim.now();
    let Some(grant) = state.refresh_tokens.get(token) else {
        return fail(aadsts::body_for(9002313, &Placeholders::default(), context));
    };
    if grant.client_id != client_id {
        return fail(aadsts::body_for(70000, &Placeholders::default(), context));
    }
    // Refresh tokens last 90 days (docs/MICROSOFT.md §1.6).
    if now >= grant.issued_at + Duration::days(90) {
        return fail(aadsts::body_for(
            700082,
            &Placeholders::default().with("issued", crate::clock::graph_datetime(grant.issued_at)),
            context,
        ));
    }
    let sign_in_name = grant.sign_in_name.clone();
    let original_tenant = grant.tenant_id.clone();
    let mfa = grant.mfa;
    let issued_at = grant.issued_at;
    let original_scopes = grant.scopes.clone();
    // "Bound to a combination of user and client, but aren't tied to a resource or tenant" (docs/MICROSOFT.md §1.6).
    let tenant = match authority {
        Authority::Tenant(index) => index,
        Authority::Multi => state.tenant_index(&original_tenant).unwrap_or_default(),
    };
    let Some(account) = state.account_in(&sign_in_name, tenant) else {
        return fail(aadsts::body_for(
            50020,
            &Placeholders::default()
                .with("user", sign_in_name.clone())
                .with("idp", "live.com")
                .with("tenant", state.tenants[tenant].id.clone())
                .with("client_id", client_id.to_string())
                .with("app", sim.settings.application_name.clone()),
            context,
        ));
    };
    if let Some(valid_from) = state.accounts[account].tokens_valid_from {
        if issued_at < valid_from {
            return fail(aadsts::body_for(
                50173,
                &Placeholders::default()
                    .with("issued", crate::clock::graph_datetime(issued_at))
                    .with("valid_from", crate::clock::graph_datetime(valid_from)),
                context,
            ));
        }
    }
    let scopes = match param(form, "scope") {
        Some(scope) => {
            ScopeSet::parse(scope).map_err(|problem| scope_error(sim, problem, context))?
        }
        None => original_scopes,
    };
    let home_tenant = state.tenants[tenant].id == original_tenant;
    let subject = Subject {
        account,
        tenant,
        sign_in_name,
        // MFA done in one tenant does not satisfy another tenant's policy.
        mfa: mfa && home_tenant,
    };
    check_faults(sim, state, &subject, "refresh_token", context)?;
    // Redeemed at another tenant (a guest's resource tenant), that tenant's MFA rule applies afresh.
    let needs_mfa =
        state.tenants[tenant].require_mfa && !state.mfa_options(account, now).is_empty();
    if !home_tenant && needs_mfa && !subject.mfa {
        return fail(aadsts::body_for(50076, &Placeholders::default(), context));
    }
    check_consent(sim, state, &subject, client_id, &scopes, context)?;
    // Rotation: a new refresh token on every use; the old one stays valid, as Entra does (docs/MICROSOFT.md §1.6).
    issue(sim, state, &subject, client_id, &scopes, None, form, now)
}

fn device_code(
    sim: &Sim,
    state: &mut State,
    segment: &str,
    client_id: &str,
    form: &HashMap<String, String>,
    context: &ErrorContext<'_>,
) -> TokenResult<Value> {
    let device_code = param(form, "device_code").ok_or_else(|| missing("device_code", context))?;
    let now = sim.now();
    let Some(device) = state.device_flows.get_mut(device_code) else {
        return fail(aadsts::body_for(70018, &Placeholders::default(), context));
    };
    // Polling uses "the same tenant or tenant alias used in the initial request" (docs/MICROSOFT.md §1.7).
    if device.client_id != client_id || !device.tenant_segment.eq_ignore_ascii_case(segment) {
        return fail(aadsts::body_for(70018, &Placeholders::default(), context));
    }
    let previous_poll = device.last_poll.replace(now);
    match device.status.clone() {
        DeviceStatus::Redeemed => fail(aadsts::body_for(90120, &Placeholders::default(), context)),
        _ if now >= device.expires_at => {
            fail(aadsts::body_for(70019, &Placeholders::default(), context))
        }
        DeviceStatus::Declined => fail(aadsts::body_with(
            "authorization_declined",
            None,
            None,
            "The end user denied the authorization request.",
            context,
        )),
        DeviceStatus::Failed(code) => fail(aadsts::body_for(
            code,
            &Placeholders::default()
                .with("client_id", client_id.to_string())
                .with("app", sim.settings.application_name.clone()),
            context,
        )),
        DeviceStatus::Pending => {
            // RFC 8628 §3.5: polling faster than `interval` earns `slow_down` and five more seconds
            // (Entra does not document it; MSAL handles it, docs/MICROSOFT.md §1.7).
            if previous_poll
                .is_some_and(|previous| now - previous < Duration::seconds(device.interval))
            {
                device.interval += 5;
                let text = format!(
                    "The client polled too quickly. Wait at least {} seconds between requests.",
                    device.interval
                );
                return fail(aadsts::body_with("slow_down", None, None, &text, context));
            }
            fail(aadsts::body_for(70016, &Placeholders::default(), context))
        }
        DeviceStatus::Approved(authentication) => {
            let scopes = device.scopes.clone();
            device.status = DeviceStatus::Redeemed;
            let subject = Subject {
                account: authentication.account,
                tenant: authentication.tenant,
                sign_in_name: authentication.sign_in_name,
                mfa: authentication.mfa.is_some(),
            };
            check_faults(sim, state, &subject, "device_code", context)?;
            check_consent(sim, state, &subject, client_id, &scopes, context)?;
            issue(sim, state, &subject, client_id, &scopes, None, form, now)
        }
    }
}

/// A scenario's `[[faults.token_errors]]` entry for this person, grant and tenant.
fn check_faults(
    sim: &Sim,
    state: &State,
    subject: &Subject,
    grant_type: &str,
    context: &ErrorContext<'_>,
) -> TokenResult<()> {
    let user = &state.accounts[subject.account].user;
    let tenant_id = &state.tenants[subject.tenant].id;
    let fault = sim.faults.token_errors.iter().find(|fault| {
        (fault.sign_in_name == subject.sign_in_name || fault.sign_in_name == user.upn)
            && fault
                .grant_type
                .as_deref()
                .is_none_or(|grant| grant == grant_type)
            && fault
                .tenant_id
                .as_ref()
                .is_none_or(|tenant| tenant == tenant_id)
    });
    let Some(fault) = fault else {
        return Ok(());
    };
    let placeholders = Placeholders::default()
        .with("user", user.upn.clone())
        .with("tenant", tenant_id.clone())
        .with("client_id", "")
        .with("app", sim.settings.application_name.clone())
        .with("idp", "live.com")
        .with("issued", crate::clock::graph_datetime(sim.now()))
        .with("valid_from", crate::clock::graph_datetime(sim.now()));
    let mut body = aadsts::body_for(fault.code, &placeholders, context);
    if let Some(error) = &fault.error {
        body.error = error.clone();
    }
    fail(body)
}

/// Admin-only Graph permissions need the tenant's consent for every grant (docs/MICROSOFT.md §0.1):
/// AADSTS65001 at the token endpoint, while the user-consentable sign-in scopes keep working.
fn check_consent(
    sim: &Sim,
    state: &State,
    subject: &Subject,
    client_id: &str,
    scopes: &ScopeSet,
    context: &ErrorContext<'_>,
) -> TokenResult<()> {
    if scopes
        .missing_admin_consent(&state.tenants[subject.tenant].consented_scopes)
        .is_empty()
    {
        return Ok(());
    }
    fail(aadsts::body_for(
        65001,
        &Placeholders::default()
            .with("client_id", client_id.to_string())
            .with("app", sim.settings.application_name.clone()),
        context,
    ))
}

#[allow(clippy::too_many_arguments)]
fn issue(
    sim: &Sim,
    state: &mut State,
    subject: &Subject,
    client_id: &str,
    scopes: &ScopeSet,
    nonce: Option<&str>,
    form: &HashMap<String, String>,
    now: OffsetDateTime,
) -> TokenResult<Value> {
    let tenant = &state.tenants[subject.tenant];
    let mut graph = scopes.granted_graph(&tenant.consented_scopes);
    if graph.is_empty() {
        // Only OIDC scopes: Entra still returns a Graph token good for the basic profile.
        graph.insert("User.Read");
    }
    let lifetime = sim.settings.access_token_lifetime_seconds;
    let access_token = opaque_secret("sim-at");
    state.access_tokens.insert(
        access_token.clone(),
        AccessGrant {
            account: subject.account,
            graph_scopes: graph.clone(),
            expires_at: now + Duration::seconds(lifetime),
        },
    );
    let mut body = Map::new();
    body.insert("token_type".into(), json!("Bearer"));
    body.insert(
        "scope".into(),
        json!(ScopeSet::response_scope(&graph, &scopes.oidc)),
    );
    body.insert("expires_in".into(), json!(lifetime));
    body.insert("ext_expires_in".into(), json!(lifetime));
    body.insert("access_token".into(), json!(access_token));
    if scopes.wants_refresh_token() {
        let refresh = opaque_secret("sim-rt");
        state.refresh_tokens.insert(
            refresh.clone(),
            RefreshGrant {
                client_id: client_id.to_string(),
                sign_in_name: subject.sign_in_name.clone(),
                scopes: scopes.clone(),
                tenant_id: state.tenants[subject.tenant].id.clone(),
                mfa: subject.mfa,
                issued_at: now,
            },
        );
        body.insert("refresh_token".into(), json!(refresh));
    }
    if scopes.wants_id_token() {
        let claims = id_token_claims(sim, state, subject, client_id, scopes, nonce, now);
        let id_token = sim.key.sign_jwt(&claims).map_err(|_| {
            aadsts::body_with(
                "temporarily_unavailable",
                None,
                None,
                "The simulator could not sign the ID token.",
                &crate::http::error_context(sim, None),
            )
        })?;
        body.insert("id_token".into(), json!(id_token));
    }
    // MSAL asks for `client_info=1`: base64url JSON with the home object and tenant ids.
    if form.get("client_info").map(String::as_str) == Some("1") {
        let user = &state.accounts[subject.account].user;
        let info = json!({"uid": user.id, "utid": user.tenant_id});
        body.insert(
            "client_info".into(),
            json!(URL_SAFE_NO_PAD.encode(info.to_string())),
        );
    }
    Ok(Value::Object(body))
}

/// v2.0 ID token claims (docs/MICROSOFT.md §1; issue 4): `iss` = `{base}/{tid}/v2.0`, `aud`, `tid`, `oid`,
/// `preferred_username`, `name`, `nonce`, `iat`, `exp`, plus `nbf`, `sub` (pairwise per app), `ver`, `uti`.
fn id_token_claims(
    sim: &Sim,
    state: &State,
    subject: &Subject,
    client_id: &str,
    scopes: &ScopeSet,
    nonce: Option<&str>,
    now: OffsetDateTime,
) -> Value {
    let user = &state.accounts[subject.account].user;
    let tenant_id = &state.tenants[subject.tenant].id;
    let issued = now.unix_timestamp();
    let pairwise = URL_SAFE_NO_PAD.encode(Sha256::digest(
        format!("{}|{client_id}", user.id).as_bytes(),
    ));
    let mut claims = Map::new();
    claims.insert("aud".into(), json!(client_id));
    claims.insert("iss".into(), json!(sim.issuer(tenant_id)));
    claims.insert("iat".into(), json!(issued));
    claims.insert("nbf".into(), json!(issued));
    claims.insert("exp".into(), json!(issued + 3600));
    claims.insert("name".into(), json!(user.display_name));
    if let Some(nonce) = nonce {
        claims.insert("nonce".into(), json!(nonce));
    }
    claims.insert("oid".into(), json!(user.id));
    claims.insert("preferred_username".into(), json!(subject.sign_in_name));
    claims.insert("sub".into(), json!(&pairwise[..43]));
    claims.insert("tid".into(), json!(tenant_id));
    claims.insert("uti".into(), json!(new_guid().replace('-', "")));
    claims.insert("ver".into(), json!("2.0"));
    if scopes.oidc.contains("email") {
        if let Some(mail) = &user.mail {
            claims.insert("email".into(), json!(mail));
        }
    }
    Value::Object(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_follows_rfc_7636() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge, PkceMethod::S256));
        assert!(!pkce_matches(verifier, verifier, PkceMethod::S256));
        assert!(pkce_matches(verifier, verifier, PkceMethod::Plain));
        assert!(!pkce_matches("short", "short", PkceMethod::Plain));
        assert!(!pkce_matches(
            &format!("{verifier}!"),
            challenge,
            PkceMethod::S256
        ));
    }

    #[test]
    fn loopback_redirects_match_whatever_the_port() {
        assert!(same_redirect(
            "http://localhost:5000/",
            "http://localhost:6000/"
        ));
        assert!(same_redirect(
            "http://localhost:5000",
            "http://localhost:5000"
        ));
        assert!(!same_redirect(
            "http://localhost:5000/a",
            "http://localhost:5000/b"
        ));
        assert!(!same_redirect("", "http://localhost:5000/"));
    }
}

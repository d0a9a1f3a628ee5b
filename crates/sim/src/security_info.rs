//! The Security info page, a stand-in for `https://mysignins.microsoft.com/security-info?tenantId=<tid>`
//! (docs/MICROSOFT.md §0.7): `GET {base}/security-info?tenantId=…` (or `?tenant=<domain>`). A person signs in
//! through the same pages as any sign-in — with the second step whenever they have a method to pass it with (a
//! usable Temporary Access Pass counts) — and then sees their methods and can add Microsoft Authenticator or a
//! passkey in Authenticator on a named phone, add or change a phone number, change the default sign-in method
//! and delete a registration. The same changes are scriptable from Rust and `POST /sim/control/security-info`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State as Shared};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use time::Duration;

use crate::http::{cookie, html, json, param, parse_form, redirect, wants_italian, SSO_COOKIE};
use crate::methods::Method;
use crate::pages::{document_for, escape, tr};
use crate::registration::{self, DeviceOs, RegistrationError, PHONE_IDS};
use crate::script::BrowserScript;
use crate::server::SimServer;
use crate::state::{Authority, FlowPurpose, MfaPassed, MfaProof, Sim, State};

/// Managing one's own methods needs MFA within the last 10 minutes of the session (Graph's authentication
/// methods APIs: "users must complete multi-factor authentication (MFA) if they haven't authenticated within the
/// last 10 minutes").
const CHANGE_WINDOW: Duration = Duration::minutes(10);
/// "Registering a passkey needs MFA in the past five minutes" (docs/MICROSOFT.md §4.1).
const PASSKEY_WINDOW: Duration = Duration::minutes(5);

/// One change a person makes on the Security info page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SecurityInfoChange {
    /// Microsoft Authenticator on a (new) phone named `device_name`; the platform is guessed from the name
    /// (iPhone/iPad → iOS, otherwise Android) unless given.
    AddAuthenticator {
        device_name: String,
        #[serde(default)]
        os: Option<DeviceOs>,
    },
    /// A passkey in Microsoft Authenticator on the phone `device_name`.
    AddPasskey {
        device_name: String,
        #[serde(default)]
        os: Option<DeviceOs>,
    },
    /// Adds the number of a type (`mobile`, `alternateMobile`, `office`) or changes it.
    SetPhone { phone_type: String, number: String },
    /// The method (id or device name) the MFA prompt shows first.
    SetDefault { target: String },
    /// Deletes a registration (id or device name).
    Delete { target: String },
}

/// How the sign-in to Security info passed the second step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecondStep {
    pub method_id: String,
    /// `push`, `tap`, `sms`, … as in the sign-in log.
    pub channel: &'static str,
    /// The device that approved (an Authenticator's phone name), when the method has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

impl From<&MfaProof> for SecondStep {
    fn from(proof: &MfaProof) -> Self {
        SecondStep {
            method_id: proof.method_id.clone(),
            channel: proof.channel,
            device: proof.device.clone(),
        }
    }
}

/// What a scripted Security info change did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityInfoOutcome {
    /// `None` when the person had no method to pass the second step with (the password opened the page).
    pub verified_with: Option<SecondStep>,
    /// The method added, changed, made default or deleted, in Graph's shape.
    pub method: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecurityInfoError {
    #[error("no tenant `{0}`")]
    UnknownTenant(String),
    #[error("no account signs in as {0} in that tenant")]
    UnknownUser(String),
    /// The scripted sign-in stopped (a second step the person cannot pass, or none of that kind).
    #[error(
        "the sign-in to Security info did not finish: the second step `{0}` could not be passed"
    )]
    NotSignedIn(String),
    #[error(transparent)]
    Refused(#[from] RegistrationError),
}

impl Sim {
    /// `{base}/security-info?tenantId=<tid>`, with `&lang=it` for the Italian pages.
    pub(crate) fn security_info_url(&self, tenant_id: &str, italian: bool) -> String {
        let lang = if italian { "&lang=it" } else { "" };
        format!("{}/security-info?tenantId={tenant_id}{lang}", self.base_url)
    }

    /// Signs `name` in to a tenant's Security info headlessly (second step answered with `second_step`, as a
    /// script's `method`), makes one change, and closes the browser.
    pub(crate) fn change_security_info(
        &self,
        name: &str,
        tenant: &str,
        second_step: Option<&str>,
        change: &SecurityInfoChange,
    ) -> Result<SecurityInfoOutcome, SecurityInfoError> {
        let name = name.trim().to_ascii_lowercase();
        let mut state = self.lock();
        let Some(Authority::Tenant(tenant_index)) = state.authority(tenant) else {
            return Err(SecurityInfoError::UnknownTenant(tenant.to_string()));
        };
        let account = state
            .account_in(&name, tenant_index)
            .ok_or_else(|| SecurityInfoError::UnknownUser(name.clone()))?;
        let flow_id = self.new_flow(
            &mut state,
            FlowPurpose::SecurityInfo,
            Some(tenant_index),
            false,
        );
        let script = BrowserScript::Complete {
            method: second_step.map(str::to_string),
        };
        let result = self.run_script(&mut state, &flow_id, &name, &script);
        let Some(session_id) = result.new_session else {
            state.flows.remove(&flow_id);
            return Err(SecurityInfoError::NotSignedIn(
                second_step.unwrap_or("the first offered").to_string(),
            ));
        };
        let verified_with = state
            .sessions
            .get(&session_id)
            .and_then(|session| session.mfa.get(&tenant_index))
            .map(|passed| SecondStep::from(&passed.proof));
        let applied = self.apply_change(&mut state, &session_id, tenant_index, account, change);
        // A headless browser keeps nothing.
        state.sessions.remove(&session_id);
        Ok(SecurityInfoOutcome {
            verified_with,
            method: applied?.graph,
        })
    }

    /// Applies a change for a signed-in session. A newly registered Authenticator or phone is verified while it
    /// is added, so a session that had nothing to verify with has now passed the second step with it.
    fn apply_change(
        &self,
        state: &mut State,
        session_id: &str,
        tenant: usize,
        account: usize,
        change: &SecurityInfoChange,
    ) -> Result<Method, RegistrationError> {
        let now = self.now();
        let method = match change {
            SecurityInfoChange::AddAuthenticator { device_name, os } => {
                registration::add_authenticator(state, account, device_name, *os, now)?
            }
            SecurityInfoChange::AddPasskey { device_name, os } => {
                registration::add_authenticator_passkey(state, account, device_name, *os, now)?
            }
            SecurityInfoChange::SetPhone { phone_type, number } => {
                registration::set_phone(state, account, phone_type, number)?
            }
            SecurityInfoChange::SetDefault { target } => {
                registration::set_default(state, account, target, now)?
            }
            SecurityInfoChange::Delete { target } => {
                registration::delete(state, account, target, None)?
            }
        };
        let registered = matches!(
            change,
            SecurityInfoChange::AddAuthenticator { .. } | SecurityInfoChange::SetPhone { .. }
        );
        if registered {
            if let Some(session) = state.sessions.get_mut(session_id) {
                if let Some(channel) = method.channels(now).first() {
                    session.mfa.entry(tenant).or_insert(MfaPassed {
                        proof: MfaProof::of(&method, *channel),
                        at: now,
                    });
                }
            }
        }
        Ok(method)
    }
}

impl SimServer {
    /// Signs `sign_in_name` in to the Security info page of `tenant` (id or domain) as a person would, passing
    /// the second step with `second_step` (a method id, a device name such as the old phone's, or a keyword such
    /// as `tap`, like a script's `method`; `None` answers the first prompt), then makes `change`. The sign-in
    /// appears in [`SimServer::sign_ins`] with flow `security_info`.
    pub fn change_security_info(
        &self,
        sign_in_name: &str,
        tenant: &str,
        second_step: Option<&str>,
        change: SecurityInfoChange,
    ) -> Result<SecurityInfoOutcome, SecurityInfoError> {
        self.sim
            .change_security_info(sign_in_name, tenant, second_step, &change)
    }
}

/// Where a browser stands with a tenant's Security info.
enum Access {
    /// Signed in: the SSO session and the account it reaches in this tenant.
    Open {
        session: String,
        account: usize,
    },
    SignIn,
}

fn access(sim: &Sim, state: &State, session_id: Option<&str>, tenant: usize) -> Access {
    let Some((id, session)) = session_id.and_then(|id| state.sessions.get_key_value(id)) else {
        return Access::SignIn;
    };
    let Some(account) = state.account_in(&session.sign_in_name, tenant) else {
        return Access::SignIn;
    };
    let revoked = state.accounts[account]
        .tokens_valid_from
        .is_some_and(|valid_from| session.at < valid_from);
    let has_methods = !state.mfa_options(account, sim.now()).is_empty();
    if revoked || (has_methods && !session.mfa.contains_key(&tenant)) {
        return Access::SignIn;
    }
    Access::Open {
        session: id.clone(),
        account,
    }
}

/// Whether the session verified recently enough for a change: the second step within `window`, or, for a
/// person who had nothing to verify with, the sign-in itself.
fn recently_verified(
    sim: &Sim,
    state: &State,
    session_id: &str,
    tenant: usize,
    account: usize,
    window: Duration,
) -> bool {
    let now = sim.now();
    let Some(session) = state.sessions.get(session_id) else {
        return false;
    };
    match session.mfa.get(&tenant) {
        Some(passed) => now - passed.at <= window,
        None => state.mfa_options(account, now).is_empty() || now - session.at <= window,
    }
}

fn italian(params: &HashMap<String, String>, headers: &HeaderMap) -> bool {
    match param(params, "lang") {
        Some(lang) => lang.trim().to_ascii_lowercase().starts_with("it"),
        None => wants_italian(params, headers),
    }
}

fn tenant_of(state: &State, params: &HashMap<String, String>) -> Option<usize> {
    let segment = param(params, "tenantId").or_else(|| param(params, "tenant"))?;
    match state.authority(segment)? {
        Authority::Tenant(index) => Some(index),
        Authority::Multi => None,
    }
}

/// A message shown at the top of the page after a change.
enum Notice {
    Done(String),
    Refused(String),
    VerifyAgain,
}

/// `GET /security-info?tenantId=…[&lang=it][&reauth=1]`: the page, or the sign-in that leads to it.
pub(crate) async fn show(
    Shared(sim): Shared<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let italian = italian(&params, &headers);
    let mut state = sim.lock();
    let Some(tenant) = tenant_of(&state, &params) else {
        return unknown_tenant(&sim, italian, &params);
    };
    let reauth = param(&params, "reauth").is_some();
    match access(&sim, &state, cookie(&headers, SSO_COOKIE), tenant) {
        Access::Open { session, account } if !reauth => html(
            StatusCode::OK,
            sim.render_security_info(&state, &session, tenant, account, italian, None),
        ),
        _ => {
            let flow_id =
                sim.new_flow(&mut state, FlowPurpose::SecurityInfo, Some(tenant), italian);
            redirect(&format!("{}/sim/signin/{flow_id}", sim.base_url), None)
        }
    }
}

fn unknown_tenant(sim: &Sim, italian: bool, params: &HashMap<String, String>) -> Response {
    let named = param(params, "tenantId")
        .or_else(|| param(params, "tenant"))
        .unwrap_or_default();
    let text = format!("Tenant '{named}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
    html(
        StatusCode::BAD_REQUEST,
        sim.render_error_page(italian, 90002, &text),
    )
}

/// `POST /security-info?tenantId=…`: one form (`action` and its fields).
pub(crate) async fn submit(
    Shared(sim): Shared<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let italian = italian(&params, &headers);
    let form = parse_form(&body);
    let mut state = sim.lock();
    let Some(tenant) = tenant_of(&state, &params) else {
        return unknown_tenant(&sim, italian, &params);
    };
    let tenant_id = state.tenants[tenant].id.clone();
    let Access::Open { session, account } =
        access(&sim, &state, cookie(&headers, SSO_COOKIE), tenant)
    else {
        // Signed out meanwhile: back to the page, which signs in.
        return redirect(&sim.security_info_url(&tenant_id, italian), None);
    };
    let field = |name: &str| form.get(name).map(String::as_str).unwrap_or_default();
    let change = match field("action") {
        "sign_out" => {
            state.sessions.remove(&session);
            let mut response = redirect(&sim.security_info_url(&tenant_id, italian), None);
            if let Ok(value) =
                HeaderValue::from_str(&format!("{SSO_COOKIE}=; Path=/; HttpOnly; Max-Age=0"))
            {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            return response;
        }
        "add_authenticator" => SecurityInfoChange::AddAuthenticator {
            device_name: field("device_name").to_string(),
            os: DeviceOs::parse(field("os")),
        },
        "add_passkey" => SecurityInfoChange::AddPasskey {
            device_name: field("device_name").to_string(),
            os: DeviceOs::parse(field("os")),
        },
        "set_phone" => SecurityInfoChange::SetPhone {
            phone_type: field("phone_type").to_string(),
            number: field("number").to_string(),
        },
        "set_default" => SecurityInfoChange::SetDefault {
            target: field("method").to_string(),
        },
        "delete" => SecurityInfoChange::Delete {
            target: field("method").to_string(),
        },
        _ => {
            return html(
                StatusCode::OK,
                sim.render_security_info(&state, &session, tenant, account, italian, None),
            )
        }
    };
    let window = match change {
        SecurityInfoChange::AddPasskey { .. } => PASSKEY_WINDOW,
        _ => CHANGE_WINDOW,
    };
    let notice = if !recently_verified(&sim, &state, &session, tenant, account, window) {
        Notice::VerifyAgain
    } else {
        match sim.apply_change(&mut state, &session, tenant, account, &change) {
            Ok(method) => Notice::Done(done_text(italian, &change, &method)),
            Err(refusal) => Notice::Refused(refusal_text(italian, &refusal)),
        }
    };
    html(
        StatusCode::OK,
        sim.render_security_info(&state, &session, tenant, account, italian, Some(notice)),
    )
}

fn done_text(italian: bool, change: &SecurityInfoChange, method: &Method) -> String {
    let name = method_name(italian, method);
    match change {
        SecurityInfoChange::AddAuthenticator { .. } | SecurityInfoChange::AddPasskey { .. } => {
            format!("{}: {name}", tr(italian, "Added", "Aggiunto"))
        }
        SecurityInfoChange::SetPhone { .. } => {
            format!("{}: {name}", tr(italian, "Saved", "Salvato"))
        }
        SecurityInfoChange::SetDefault { .. } => format!(
            "{}: {name}",
            tr(
                italian,
                "Default sign-in method changed to",
                "Metodo di accesso predefinito cambiato in"
            )
        ),
        SecurityInfoChange::Delete { .. } => {
            format!("{}: {name}", tr(italian, "Deleted", "Eliminato"))
        }
    }
}

fn refusal_text(italian: bool, refusal: &RegistrationError) -> String {
    if !italian {
        let text = refusal.to_string();
        let mut chars = text.chars();
        return match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        };
    }
    match refusal {
        RegistrationError::UnknownMethod(_) => "Questo metodo non esiste più.".to_string(),
        RegistrationError::Password => "La password non si può eliminare.".to_string(),
        RegistrationError::DefaultMethod(name) => format!(
            "{name} è il metodo di accesso predefinito: cambia prima il metodo predefinito."
        ),
        RegistrationError::MobileWithAlternate => {
            "Il numero di cellulare non si può eliminare finché c'è un numero alternativo."
                .to_string()
        }
        RegistrationError::AlternateWithoutMobile => {
            "Per un numero alternativo serve prima un numero di cellulare.".to_string()
        }
        RegistrationError::BadPhoneNumber(number) => format!(
            "«{number}» non è un numero nella forma +prefisso numero (per esempio +39 3475550123)."
        ),
        RegistrationError::BadPhoneType(_) => "Tipo di telefono sconosciuto.".to_string(),
        RegistrationError::NoDeviceName => "Serve il nome del telefono.".to_string(),
        RegistrationError::NotADefault(_) => {
            "Questo metodo non può essere il metodo di accesso predefinito.".to_string()
        }
        RegistrationError::GuestPasskey => {
            "Gli ospiti non possono registrare passkey nell'organizzazione che li ha invitati."
                .to_string()
        }
    }
}

/// The kind of a method as Security info names it, with its device or number.
fn method_name(italian: bool, method: &Method) -> String {
    let detail = |kind: &str, detail: Option<&str>| match detail {
        Some(detail) if !detail.is_empty() => format!("{kind} · {detail}"),
        _ => kind.to_string(),
    };
    let display = method.str_field("displayName");
    match method.short_type() {
        "password" => "Password".to_string(),
        "microsoftAuthenticator" => detail("Microsoft Authenticator", display),
        "phone" => {
            let kind = match method.str_field("phoneType") {
                Some("alternateMobile") => tr(italian, "Alternate phone", "Telefono alternativo"),
                Some("office") => tr(italian, "Office phone", "Telefono dell'ufficio"),
                _ => tr(italian, "Phone", "Telefono"),
            };
            detail(kind, method.str_field("phoneNumber"))
        }
        "fido2" if method.is_authenticator_passkey() => detail(
            tr(
                italian,
                "Passkey in Microsoft Authenticator",
                "Passkey in Microsoft Authenticator",
            ),
            display,
        ),
        "fido2" => detail(
            tr(
                italian,
                "Passkey or security key",
                "Passkey o chiave di sicurezza",
            ),
            display,
        ),
        "windowsHelloForBusiness" => detail("Windows Hello for Business", display),
        "platformCredential" => detail("Platform Credential", display),
        "softwareOath" => tr(italian, "Software OATH token", "Token OATH software").to_string(),
        "hardwareOath" => tr(italian, "Hardware OATH token", "Token OATH hardware").to_string(),
        "email" => detail("Email", method.str_field("emailAddress")),
        "temporaryAccessPass" => "Temporary Access Pass".to_string(),
        "external" => detail(tr(italian, "External method", "Metodo esterno"), display),
        "qrCodePin" => tr(italian, "QR code", "Codice QR").to_string(),
        other => other.to_string(),
    }
}

fn form(action_url: &str, inner: &str) -> String {
    format!(
        r#"<form method="post" action="{}">{inner}</form>"#,
        escape(action_url)
    )
}

impl Sim {
    fn render_security_info(
        &self,
        state: &State,
        session_id: &str,
        tenant: usize,
        account: usize,
        italian: bool,
        notice: Option<Notice>,
    ) -> String {
        let now = self.now();
        let user = &state.accounts[account].user;
        let tenant_record = &state.tenants[tenant];
        let action_url = self.security_info_url(&tenant_record.id, italian);
        let title = tr(italian, "Security info", "Informazioni di sicurezza");
        let mut body = format!(
            r#"<div class="identity">{} · {}</div><h1>{title}</h1><p>{}</p>"#,
            escape(&user.upn.replace("#ext#", "#EXT#")),
            escape(&tenant_record.name),
            tr(
                italian,
                "These are the methods you use to sign into your account or reset your password.",
                "Questi sono i metodi usati per accedere all'account o reimpostare la password."
            )
        );
        match notice {
            Some(Notice::Done(text)) => body.push_str(&format!(
                r#"<div class="done" role="status">{}</div>"#,
                escape(&text)
            )),
            Some(Notice::Refused(text)) => body.push_str(&format!(
                r#"<div class="error" role="alert">{}</div>"#,
                escape(&text)
            )),
            Some(Notice::VerifyAgain) => {
                body.push_str(&format!(
                    r#"<div class="error" role="alert">{}</div>"#,
                    tr(
                        italian,
                        "For your security, verify your identity again before this change.",
                        "Per sicurezza, verifica di nuovo la tua identità prima di questa modifica."
                    )
                ));
                body.push_str(&format!(
                    r#"<form method="get" action="/security-info"><input type="hidden" name="tenantId" value="{}"><input type="hidden" name="lang" value="{}"><input type="hidden" name="reauth" value="1"><button type="submit">{}</button></form>"#,
                    escape(&tenant_record.id),
                    if italian { "it" } else { "en" },
                    tr(italian, "Verify again", "Verifica di nuovo")
                ));
            }
            None => {}
        }
        // The default sign-in method: the person's choice, or the system-preferred first prompt.
        let options = state.mfa_options(account, now);
        let default = options
            .first()
            .map(|option| method_name(italian, &user.methods[option.method_index]));
        body.push_str(&format!(
            "<p><strong>{}</strong> {}</p>",
            tr(
                italian,
                "Default sign-in method:",
                "Metodo di accesso predefinito:"
            ),
            escape(&default.unwrap_or_else(|| tr(italian, "none", "nessuno").to_string()))
        ));
        let mut choices = String::new();
        for method in user
            .methods
            .iter()
            .filter(|method| method.is_mfa_capable(now))
        {
            choices.push_str(&format!(
                r#"<option value="{}">{}</option>"#,
                escape(method.id()),
                escape(&method_name(italian, method))
            ));
        }
        if !choices.is_empty() {
            body.push_str(&form(
                &action_url,
                &format!(
                    r#"<input type="hidden" name="action" value="set_default"><select name="method" aria-label="{label}">{choices}</select> <button type="submit">{change}</button>"#,
                    label = tr(
                        italian,
                        "Default sign-in method",
                        "Metodo di accesso predefinito"
                    ),
                    change = tr(italian, "Change", "Cambia"),
                ),
            ));
        }
        // The registered methods, each with Delete (but the password).
        body.push_str(r#"<table class="methods">"#);
        for method in &user.methods {
            let created = method
                .str_field("createdDateTime")
                .map(|at| at.get(..10).unwrap_or(at).to_string())
                .unwrap_or_default();
            let delete = if method.short_type() == "password" {
                String::new()
            } else {
                form(
                    &action_url,
                    &format!(
                        r#"<input type="hidden" name="action" value="delete"><input type="hidden" name="method" value="{}"><button type="submit" class="link">{}</button>"#,
                        escape(method.id()),
                        tr(italian, "Delete", "Elimina")
                    ),
                )
            };
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{delete}</td></tr>",
                escape(&method_name(italian, method)),
                escape(&created)
            ));
        }
        body.push_str("</table>");
        // Adding methods: Authenticator or a passkey in it on a named phone; a phone number.
        let phone_fields = format!(
            r#"<input type="text" name="device_name" placeholder="{}" aria-label="{}"><select name="os" aria-label="{}"><option value="">{}</option><option value="ios">iOS</option><option value="android">Android</option></select>"#,
            tr(
                italian,
                "Phone name, e.g. Pixel 9",
                "Nome del telefono, es. Pixel 9"
            ),
            tr(italian, "Phone name", "Nome del telefono"),
            tr(italian, "Platform", "Sistema"),
            tr(italian, "Platform from the name", "Sistema dal nome"),
        );
        body.push_str(&format!(
            "<h2>{}</h2>",
            tr(italian, "Add sign-in method", "Aggiungi metodo di accesso")
        ));
        body.push_str(&form(
            &action_url,
            &format!(
                r#"<fieldset><legend>Microsoft Authenticator</legend><input type="hidden" name="action" value="add_authenticator">{phone_fields}<button type="submit">{}</button></fieldset>"#,
                tr(italian, "Add", "Aggiungi")
            ),
        ));
        body.push_str(&form(
            &action_url,
            &format!(
                r#"<fieldset><legend>{}</legend><input type="hidden" name="action" value="add_passkey">{phone_fields}<button type="submit">{}</button></fieldset>"#,
                tr(
                    italian,
                    "Passkey in Microsoft Authenticator",
                    "Passkey in Microsoft Authenticator"
                ),
                tr(italian, "Add", "Aggiungi")
            ),
        ));
        let phone_types: String = PHONE_IDS
            .iter()
            .map(|(kind, _)| {
                let label = match *kind {
                    "mobile" => tr(italian, "Phone", "Telefono"),
                    "alternateMobile" => tr(italian, "Alternate phone", "Telefono alternativo"),
                    _ => tr(italian, "Office phone", "Telefono dell'ufficio"),
                };
                format!(r#"<option value="{kind}">{label}</option>"#)
            })
            .collect();
        body.push_str(&form(
            &action_url,
            &format!(
                r#"<fieldset><legend>{}</legend><input type="hidden" name="action" value="set_phone"><select name="phone_type" aria-label="{}">{phone_types}</select><input type="text" name="number" placeholder="+39 3475550123" aria-label="{}"><button type="submit">{}</button></fieldset>"#,
                tr(italian, "Phone number", "Numero di telefono"),
                tr(italian, "Phone type", "Tipo di telefono"),
                tr(italian, "Phone number", "Numero di telefono"),
                tr(italian, "Save", "Salva")
            ),
        ));
        // The simulator's note: how this session passed the second step (the old phone, a TAP, …).
        let passed = state
            .sessions
            .get(session_id)
            .and_then(|session| session.mfa.get(&tenant));
        let how = match passed {
            Some(passed) => {
                let device = passed
                    .proof
                    .device
                    .as_deref()
                    .map(|device| format!(" · {}", escape(device)))
                    .unwrap_or_default();
                format!(
                    "{} <code>{}</code>{device}, {}",
                    tr(
                        italian,
                        "Second step passed with",
                        "Seconda verifica superata con"
                    ),
                    passed.proof.channel,
                    crate::clock::graph_datetime(passed.at)
                )
            }
            None => tr(
                italian,
                "Signed in with the password only: no method to verify with yet.",
                "Accesso con la sola password: nessun metodo con cui verificare, per ora.",
            )
            .to_string(),
        };
        body.push_str(&format!(
            r#"<div class="sim"><strong>Simulator</strong>{how}</div>"#
        ));
        body.push_str(&form(
            &action_url,
            &format!(
                r#"<input type="hidden" name="action" value="sign_out"><button type="submit" class="link">{}</button>"#,
                tr(italian, "Sign out", "Esci")
            ),
        ));
        let site = tr(
            italian,
            "My Sign-Ins (simulated)",
            "Accessi personali (simulato)",
        );
        document_for(italian, title, site, &body)
    }
}

#[derive(Deserialize)]
struct ControlRequest {
    user: String,
    tenant: String,
    /// The second step, as a script's `method`.
    #[serde(default)]
    method: Option<String>,
    #[serde(flatten)]
    change: SecurityInfoChange,
}

/// `POST /sim/control/security-info`
/// `{"user", "tenant", "method"?, "change": "add_authenticator", "device_name": "Pixel 9 di Marco"}`.
pub(crate) async fn control(Shared(sim): Shared<Arc<Sim>>, body: Bytes) -> Response {
    let request = match serde_json::from_slice::<ControlRequest>(&body) {
        Ok(request) => request,
        Err(error) => {
            return json(
                StatusCode::BAD_REQUEST,
                &json!({"error": format!("expected {{\"user\", \"tenant\", \"method\"?, \"change\", …}}: {error}")}),
            )
        }
    };
    let outcome = sim.change_security_info(
        &request.user,
        &request.tenant,
        request.method.as_deref(),
        &request.change,
    );
    match outcome {
        Ok(outcome) => json(StatusCode::OK, &json!(outcome)),
        Err(error) => {
            let status = match error {
                SecurityInfoError::UnknownTenant(_) | SecurityInfoError::UnknownUser(_) => {
                    StatusCode::NOT_FOUND
                }
                SecurityInfoError::NotSignedIn(_) | SecurityInfoError::Refused(_) => {
                    StatusCode::CONFLICT
                }
            };
            json(status, &json!({"error": error.to_string()}))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_from_the_control_json() {
        let request: ControlRequest = serde_json::from_value(json!({
            "user": "marco.ferri@ferriconsulting.it",
            "tenant": "ferriconsulting.it",
            "method": "tap",
            "change": "add_authenticator",
            "device_name": "Pixel 9 di Marco",
            "os": "android"
        }))
        .unwrap();
        assert_eq!(request.method.as_deref(), Some("tap"));
        assert_eq!(
            request.change,
            SecurityInfoChange::AddAuthenticator {
                device_name: "Pixel 9 di Marco".to_string(),
                os: Some(DeviceOs::Android)
            }
        );
        let delete: SecurityInfoChange =
            serde_json::from_value(json!({"change": "delete", "target": "iPhone 13 di Marco"}))
                .unwrap();
        assert_eq!(
            delete,
            SecurityInfoChange::Delete {
                target: "iPhone 13 di Marco".to_string()
            }
        );
    }
}

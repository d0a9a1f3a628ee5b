//! The practice tenant's IT desk acting on a ticket: issue a Temporary Access Pass (within the tenant's policy),
//! delete a registration, require re-registration ("Require re-register MFA"), revoke sign-in sessions. Driven
//! by `POST /sim/control/it-acts` and [`SimServer::it_acts`]; what the desk did, passes included, is shown at
//! `GET /sim/it-desk` so a person practising can read the pass their IT "sent" them.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State as Shared};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use crate::clock::graph_datetime;
use crate::http::{html, json, param, wants_italian};
use crate::methods::Method;
use crate::pages::{document_for, escape, tr};
use crate::registration::{self, RegistrationError, TapRefusal, TapRequest};
use crate::secret::Secret;
use crate::server::SimServer;
use crate::state::{Authority, Sim, State};

/// What the IT desk does for one person.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ItAction {
    /// A Temporary Access Pass; absent values take the tenant policy's defaults.
    IssueTap {
        #[serde(default)]
        lifetime_minutes: Option<i64>,
        #[serde(default)]
        usable_once: Option<bool>,
    },
    /// Deletes one registration (id or device name), e.g. the lost phone's Authenticator.
    DeleteMethod { target: String },
    /// "Require re-register MFA": deletes phone numbers, Authenticator apps and software OATH tokens.
    RequireReregistration,
    /// "Revoke sessions": refresh tokens and browser sessions end (not a guest's: they live in the home tenant).
    RevokeSessions,
}

/// A Temporary Access Pass as the IT desk hands it over: `Debug` never shows it; serialized (for the control's
/// answer) it is the pass itself.
#[derive(Clone, PartialEq, Eq)]
pub struct PassValue(Secret);

impl PassValue {
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl std::fmt::Debug for PassValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for PassValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

/// What the IT desk did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItOutcome {
    /// The pass (for `IssueTap`), shown this once, as Graph does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_access_pass: Option<PassValue>,
    /// The registrations created (the pass) or deleted, in Graph's shape.
    pub methods: Vec<Map<String, Value>>,
    /// For `RevokeSessions`: `false` for a guest, whose sessions are not revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions_revoked: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItActError {
    #[error("no tenant `{0}`")]
    UnknownTenant(String),
    #[error("no user `{0}` in that tenant")]
    UnknownUser(String),
    #[error(transparent)]
    Refused(#[from] RegistrationError),
    #[error(transparent)]
    TapRefused(#[from] TapRefusal),
}

/// One line of the IT desk's log, shown at `/sim/it-desk`.
pub(crate) struct ItDeskEntry {
    at: OffsetDateTime,
    tenant: usize,
    account: usize,
    action: ItAction,
    /// The pass and its method id, for `IssueTap`.
    pass: Option<(Secret, String)>,
    /// What was deleted, as the person would recognise it.
    removed: Vec<String>,
    sessions_revoked: Option<bool>,
}

impl Sim {
    pub(crate) fn it_acts(
        &self,
        tenant: &str,
        user: &str,
        action: &ItAction,
    ) -> Result<ItOutcome, ItActError> {
        let now = self.now();
        let mut state = self.lock();
        let Some(Authority::Tenant(tenant_index)) = state.authority(tenant) else {
            return Err(ItActError::UnknownTenant(tenant.to_string()));
        };
        let account = find_user(&state, tenant_index, user)
            .ok_or_else(|| ItActError::UnknownUser(user.to_string()))?;
        let mut outcome = ItOutcome {
            temporary_access_pass: None,
            methods: Vec::new(),
            sessions_revoked: None,
        };
        let mut entry = ItDeskEntry {
            at: now,
            tenant: tenant_index,
            account,
            action: action.clone(),
            pass: None,
            removed: Vec::new(),
            sessions_revoked: None,
        };
        match action {
            ItAction::IssueTap {
                lifetime_minutes,
                usable_once,
            } => {
                let request = TapRequest {
                    lifetime_minutes: *lifetime_minutes,
                    usable_once: *usable_once,
                    start: None,
                };
                let (method, pass) = registration::issue_tap(&mut state, account, &request, now)?;
                entry.pass = Some((pass.clone(), method.id().to_string()));
                outcome.temporary_access_pass = Some(PassValue(pass));
                outcome.methods.push(method.graph);
            }
            ItAction::DeleteMethod { target } => {
                let removed = registration::delete(&mut state, account, target, None)?;
                entry.removed.push(removed.label_with_type());
                outcome.methods.push(removed.graph);
            }
            ItAction::RequireReregistration => {
                for removed in registration::require_reregistration(&mut state, account) {
                    entry.removed.push(removed.label_with_type());
                    outcome.methods.push(removed.graph);
                }
            }
            ItAction::RevokeSessions => {
                let revoked = state.revoke_sign_in_sessions(account, now);
                entry.sessions_revoked = Some(revoked);
                outcome.sessions_revoked = Some(revoked);
            }
        }
        state.it_desk.push(entry);
        Ok(outcome)
    }
}

/// A user of the tenant by UPN, object id, or the name a guest signs in with.
fn find_user(state: &State, tenant: usize, user: &str) -> Option<usize> {
    let tenant_id = &state.tenants[tenant].id;
    state
        .account_in(&user.trim().to_ascii_lowercase(), tenant)
        .or_else(|| {
            state.accounts.iter().position(|account| {
                &account.user.tenant_id == tenant_id
                    && account.user.id.eq_ignore_ascii_case(user.trim())
            })
        })
}

impl SimServer {
    /// The IT desk of `tenant` (id or domain) acts for `user` (UPN, object id, or a guest's home account): see
    /// [`ItAction`]. A pass follows the tenant's Temporary Access Pass policy, as Graph's does.
    pub fn it_acts(
        &self,
        tenant: &str,
        user: &str,
        action: ItAction,
    ) -> Result<ItOutcome, ItActError> {
        self.sim.it_acts(tenant, user, &action)
    }
}

#[derive(Deserialize)]
struct ControlRequest {
    tenant: String,
    user: String,
    #[serde(flatten)]
    action: ItAction,
}

/// `POST /sim/control/it-acts` `{"tenant": "…", "user": "…", "action": "issue_tap", "lifetime_minutes": 60}`.
pub(crate) async fn control(Shared(sim): Shared<Arc<Sim>>, body: Bytes) -> Response {
    let request = match serde_json::from_slice::<ControlRequest>(&body) {
        Ok(request) => request,
        Err(error) => {
            return json(
                StatusCode::BAD_REQUEST,
                &json!({"error": format!("expected {{\"tenant\", \"user\", \"action\", …}}: {error}")}),
            )
        }
    };
    match sim.it_acts(&request.tenant, &request.user, &request.action) {
        Ok(outcome) => json(StatusCode::OK, &json!(outcome)),
        Err(error) => {
            let status = match error {
                ItActError::UnknownTenant(_) | ItActError::UnknownUser(_) => StatusCode::NOT_FOUND,
                ItActError::Refused(_) | ItActError::TapRefused(_) => StatusCode::CONFLICT,
            };
            json(status, &json!({"error": error.to_string()}))
        }
    }
}

/// `GET /sim/it-desk[?tenantId=…][&lang=it]`: what the IT desk did, newest first, with each pass.
pub(crate) async fn page(
    Shared(sim): Shared<Arc<Sim>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let italian = match param(&params, "lang") {
        Some(lang) => lang.to_ascii_lowercase().starts_with("it"),
        None => wants_italian(&params, &headers),
    };
    let state = sim.lock();
    let only = param(&params, "tenantId")
        .or_else(|| param(&params, "tenant"))
        .and_then(|segment| match state.authority(segment) {
            Some(Authority::Tenant(index)) => Some(index),
            _ => None,
        });
    html(StatusCode::OK, sim.render_it_desk(&state, only, italian))
}

impl Sim {
    fn render_it_desk(&self, state: &State, only: Option<usize>, italian: bool) -> String {
        let now = self.now();
        let title = tr(italian, "Your IT desk", "Il tuo supporto IT");
        let mut body = format!(
            "<h1>{title}</h1><p>{}</p>",
            tr(
                italian,
                "What your organisation's IT did after your request. Practice only: a real IT desk sends the pass by phone or in person.",
                "Cosa ha fatto l'IT della tua organizzazione dopo la richiesta. Solo per esercitarsi: un vero supporto IT comunica il pass per telefono o di persona."
            )
        );
        let entries: Vec<&ItDeskEntry> = state
            .it_desk
            .iter()
            .rev()
            .filter(|entry| only.is_none_or(|tenant| tenant == entry.tenant))
            .collect();
        if entries.is_empty() {
            body.push_str(&format!(
                "<p>{}</p>",
                tr(italian, "Nothing yet.", "Ancora niente.")
            ));
        }
        for entry in entries {
            let user = &state.accounts[entry.account].user;
            let tenant = &state.tenants[entry.tenant];
            let mut line = format!(
                r#"<div class="identity">{} · {} · {}</div>"#,
                escape(&graph_datetime(entry.at)),
                escape(&tenant.name),
                escape(&user.display_name)
            );
            let what = match &entry.action {
                ItAction::IssueTap { .. } => {
                    let (pass, method_id) = match &entry.pass {
                        Some((pass, id)) => (pass.expose(), id.as_str()),
                        None => ("", ""),
                    };
                    let current = user.methods.iter().find(|method| method.id() == method_id);
                    let status = match current {
                        Some(method) => {
                            let lifetime = method
                                .graph
                                .get("lifetimeInMinutes")
                                .and_then(Value::as_i64)
                                .unwrap_or_default();
                            let once = method.graph.get("isUsableOnce") == Some(&Value::Bool(true));
                            let (usable, _) = method.tap_usability(now);
                            format!(
                                "{} {} {} {lifetime}{}{}{}",
                                tr(italian, "valid from", "valido dal"),
                                escape(method.str_field("startDateTime").unwrap_or_default()),
                                tr(italian, "for", "per"),
                                tr(italian, " minutes", " minuti"),
                                if once {
                                    tr(italian, ", one use only", ", un solo uso")
                                } else {
                                    ""
                                },
                                if usable {
                                    ""
                                } else {
                                    tr(italian, " (no longer usable)", " (non più utilizzabile)")
                                }
                            )
                        }
                        None => tr(italian, "replaced or deleted", "sostituito o eliminato").to_string(),
                    };
                    format!(
                        "{} <code>{}</code> — {status}",
                        tr(
                            italian,
                            "Temporary Access Pass issued:",
                            "Temporary Access Pass rilasciato:"
                        ),
                        escape(pass)
                    )
                }
                ItAction::DeleteMethod { .. } | ItAction::RequireReregistration => {
                    let heading = match entry.action {
                        ItAction::RequireReregistration => tr(
                            italian,
                            "Re-registration required; deleted:",
                            "Nuova registrazione richiesta; eliminati:"
                        ),
                        _ => tr(italian, "Deleted:", "Eliminato:"),
                    };
                    let removed = if entry.removed.is_empty() {
                        tr(italian, "nothing", "niente").to_string()
                    } else {
                        escape(&entry.removed.join(", "))
                    };
                    format!("{heading} {removed}")
                }
                ItAction::RevokeSessions => match entry.sessions_revoked {
                    Some(false) => tr(
                        italian,
                        "Sessions not revoked: a guest signs in through their home organisation.",
                        "Sessioni non revocate: un ospite accede tramite la propria organizzazione."
                    )
                    .to_string(),
                    _ => tr(
                        italian,
                        "Sign-in sessions revoked: sign in again everywhere.",
                        "Sessioni di accesso revocate: accedi di nuovo ovunque."
                    )
                    .to_string(),
                },
            };
            line.push_str(&format!("<p>{what}</p>"));
            body.push_str(&line);
        }
        let site = tr(italian, "practice", "esercitazione");
        document_for(italian, title, site, &body)
    }
}

impl Method {
    /// `Microsoft Authenticator (iPhone 13 di Marco)`, `phone (+39 XXXXXXXX23)`: what the IT desk's log names.
    fn label_with_type(&self) -> String {
        let kind = match self.short_type() {
            "microsoftAuthenticator" => "Microsoft Authenticator",
            "phone" => "phone",
            "softwareOath" => "software OATH token",
            "fido2" => "passkey",
            other => other,
        };
        let label = self.label();
        if label.is_empty() {
            kind.to_string()
        } else {
            format!("{kind} ({label})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_never_shows_in_debug_but_serializes_for_the_control() {
        let outcome = ItOutcome {
            temporary_access_pass: Some(PassValue(Secret::new("Ab3#Kq9z"))),
            methods: Vec::new(),
            sessions_revoked: None,
        };
        assert!(!format!("{outcome:?}").contains("Ab3#Kq9z"));
        assert_eq!(
            serde_json::to_value(&outcome).unwrap()["temporaryAccessPass"],
            "Ab3#Kq9z"
        );
    }
}

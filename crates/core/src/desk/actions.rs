//! The desk's actions on one user, each previewed (the request in words) and then done through Graph, each
//! written to the audit log: delete a named registration (the endpoint of its `@odata.type`), create a one-time
//! Temporary Access Pass within the tenant's policy, revoke sign-in sessions (members only). Lifeboat's own
//! refusals come before any request.

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use ts_rs::TS;

use super::audit::{AuditEntry, AuditLog};
use super::compare::Comparison;
use super::graph::{DeskCall, DeskGraph, DeskUser, TapPolicy};
use super::verify::Verification;
use super::DeskError;
use crate::book::Membership;
use crate::graph::GraphCall;
use crate::ticket::block::BlockAccount;
use crate::Lang;

/// What the admin asks Lifeboat to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeskAction {
    /// Delete one registration, by Graph's id.
    RemoveMethod {
        id: String,
    },
    /// A one-time pass; no lifetime: the policy's default. A pass already registered is replaced only when
    /// `replace_existing` says so.
    CreateTap {
        lifetime_minutes: Option<u32>,
        replace_existing: bool,
    },
    RevokeSessions,
}

impl DeskAction {
    /// The audit log's name of the action.
    pub fn code(&self) -> &'static str {
        match self {
            DeskAction::RemoveMethod { .. } => "remove_method",
            DeskAction::CreateTap { .. } => "create_tap",
            DeskAction::RevokeSessions => "revoke_sessions",
        }
    }
}

/// Why Lifeboat will not make the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionRefusal {
    #[error("identity verification for {upn} is not complete")]
    NotVerified { upn: String },
    #[error("method {id} is not registered now")]
    MethodGone { id: String },
    #[error("method type {odata_type} cannot be deleted by Lifeboat")]
    UnsupportedType { odata_type: String },
    #[error(
        "Temporary Access Pass is disabled in this organisation's authentication methods policy"
    )]
    TapDisabled,
    #[error("a Temporary Access Pass is already registered; a new one would replace it")]
    TapExists,
    #[error("a lifetime of {asked} minutes is outside the policy's {minimum}–{maximum}")]
    TapLifetime {
        asked: u32,
        minimum: u32,
        maximum: u32,
    },
    #[error(
        "revoking sessions does not reach a guest: their sessions live in their home organisation"
    )]
    GuestSessions,
}

impl ActionRefusal {
    pub fn explain(&self, lang: Lang) -> String {
        use crate::args;
        match self {
            ActionRefusal::NotVerified { upn } => lang.say_with(
                "desk-refused-not-verified",
                &args! { "upn" => upn.as_str() },
            ),
            ActionRefusal::MethodGone { id } => {
                lang.say_with("desk-refused-method-gone", &args! { "id" => id.as_str() })
            }
            ActionRefusal::UnsupportedType { odata_type } => lang.say_with(
                "desk-refused-unsupported-type",
                &args! { "type" => odata_type.as_str() },
            ),
            ActionRefusal::TapDisabled => lang.say("desk-refused-tap-disabled"),
            ActionRefusal::TapExists => lang.say("desk-refused-tap-exists"),
            ActionRefusal::TapLifetime {
                asked,
                minimum,
                maximum,
            } => lang.say_with(
                "desk-refused-tap-lifetime",
                &args! {
                    "asked" => asked.to_string(),
                    "minimum" => minimum.to_string(),
                    "maximum" => maximum.to_string()
                },
            ),
            ActionRefusal::GuestSessions => lang.say("desk-refused-guest-sessions"),
        }
    }
}

/// Everything an action on one user depends on, read before any preview.
#[derive(Debug, Clone)]
pub struct DeskTarget<'a> {
    pub account: &'a BlockAccount,
    pub user: &'a DeskUser,
    pub comparison: &'a Comparison,
    /// `None` when the admin may not read the policy (then Graph applies the policy's default lifetime).
    pub tap_policy: Option<&'a TapPolicy>,
}

/// The request an action will make, before it is made.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub action: DeskAction,
    /// `DELETE`, `POST`.
    pub method: &'static str,
    /// The path under `/v1.0/`.
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// The user's name and the method's label, for the words.
    pub upn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Preview {
    /// The request in words, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        use crate::args;
        let request = format!("{} /v1.0/{}", self.method, self.path);
        match &self.action {
            DeskAction::RemoveMethod { id } => lang.say_with(
                "desk-preview-remove",
                &args! {
                    "label" => self.label.clone().unwrap_or_else(|| id.clone()),
                    "upn" => self.upn.as_str(),
                    "request" => request
                },
            ),
            DeskAction::CreateTap {
                lifetime_minutes: Some(minutes),
                ..
            } => lang.say_with(
                "desk-preview-tap",
                &args! {
                    "upn" => self.upn.as_str(),
                    "minutes" => minutes.to_string(),
                    "request" => request
                },
            ),
            DeskAction::CreateTap {
                lifetime_minutes: None,
                ..
            } => lang.say_with(
                "desk-preview-tap-default-lifetime",
                &args! { "upn" => self.upn.as_str(), "request" => request },
            ),
            DeskAction::RevokeSessions => lang.say_with(
                "desk-preview-revoke",
                &args! { "upn" => self.upn.as_str(), "request" => request },
            ),
        }
    }
}

/// A Temporary Access Pass: shown once, never written anywhere. `Debug` prints `[redacted]`; it has no
/// `Serialize` and no `Clone`.
pub struct TemporaryAccessPass(String);

impl TemporaryAccessPass {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for TemporaryAccessPass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// What a done action gave.
#[derive(Debug)]
pub struct ActionDone {
    pub preview: Preview,
    pub request_id: Option<String>,
    /// The pass, for `CreateTap`: show it once.
    pub pass: Option<TemporaryAccessPass>,
    /// The pass's lifetime and start as Graph gave them.
    pub pass_lifetime_minutes: Option<u32>,
    pub pass_start: Option<String>,
    /// The pass's method id (the audit keeps this, never the pass).
    pub object_id: Option<String>,
    /// The audit line could not be written after the action was done.
    pub audit_error: Option<String>,
}

/// Graph's collection for a type the desk deletes (docs/MICROSOFT.md §6.3).
pub fn collection_for(odata_type: &str) -> Option<&'static str> {
    let short = odata_type.trim_start_matches("#microsoft.graph.");
    Some(match short {
        "microsoftAuthenticatorAuthenticationMethod" => "microsoftAuthenticatorMethods",
        "fido2AuthenticationMethod" => "fido2Methods",
        "phoneAuthenticationMethod" => "phoneMethods",
        "softwareOathAuthenticationMethod" => "softwareOathMethods",
        _ => return None,
    })
}

/// The request `action` would make on `target`, or why Lifeboat refuses it.
pub fn preview(target: &DeskTarget<'_>, action: &DeskAction) -> Result<Preview, ActionRefusal> {
    let user_id = &target.user.id;
    let upn = target.account.upn.clone();
    match action {
        DeskAction::RemoveMethod { id } => {
            let row = target
                .comparison
                .row(id)
                .filter(|row| row.present_now)
                .ok_or_else(|| ActionRefusal::MethodGone { id: id.clone() })?;
            let collection =
                collection_for(&row.odata_type).ok_or_else(|| ActionRefusal::UnsupportedType {
                    odata_type: row.odata_type.clone(),
                })?;
            Ok(Preview {
                action: action.clone(),
                method: "DELETE",
                path: format!("users/{user_id}/authentication/{collection}/{id}"),
                body: None,
                upn,
                label: row.label.clone(),
            })
        }
        DeskAction::CreateTap {
            lifetime_minutes,
            replace_existing,
        } => {
            if let Some(policy) = target.tap_policy {
                if !policy.enabled() {
                    return Err(ActionRefusal::TapDisabled);
                }
                if let Some(asked) = *lifetime_minutes {
                    let (minimum, maximum) = (
                        policy.minimum_lifetime_in_minutes,
                        policy.maximum_lifetime_in_minutes,
                    );
                    if !(minimum..=maximum).contains(&asked) {
                        return Err(ActionRefusal::TapLifetime {
                            asked,
                            minimum,
                            maximum,
                        });
                    }
                }
            }
            if target.comparison.has_temporary_access_pass && !replace_existing {
                return Err(ActionRefusal::TapExists);
            }
            let lifetime = lifetime_minutes.or_else(|| {
                target
                    .tap_policy
                    .map(|policy| policy.default_lifetime_in_minutes)
            });
            Ok(Preview {
                action: DeskAction::CreateTap {
                    lifetime_minutes: lifetime,
                    replace_existing: *replace_existing,
                },
                method: "POST",
                path: format!("users/{user_id}/authentication/temporaryAccessPassMethods"),
                body: Some(DeskGraph::tap_body(lifetime)),
                upn,
                label: None,
            })
        }
        DeskAction::RevokeSessions => {
            if target.account.membership == Membership::Guest || target.user.guest {
                return Err(ActionRefusal::GuestSessions);
            }
            Ok(Preview {
                action: action.clone(),
                method: "POST",
                path: format!("users/{user_id}/revokeSignInSessions"),
                body: None,
                upn,
                label: None,
            })
        }
    }
}

/// Does `action` after the checks of [`preview`], and writes the audit line whatever the outcome.
pub async fn perform(
    graph: &DeskGraph,
    verification: &Verification,
    target: &DeskTarget<'_>,
    action: &DeskAction,
    audit: &AuditLog,
    now: OffsetDateTime,
) -> Result<ActionDone, DeskError> {
    let mut entry = AuditEntry {
        at: now,
        admin: verification.by().to_string(),
        action: action.code().to_string(),
        target: target.account.upn.clone(),
        object_id: match action {
            DeskAction::RemoveMethod { id } => Some(id.clone()),
            _ => None,
        },
        request_id: None,
        outcome: "refused".into(),
        detail: None,
        label: None,
        identity: None,
        second_person: None,
        minutes: None,
    };
    let checked = if !verification.upn().eq_ignore_ascii_case(&target.account.upn) {
        Err(ActionRefusal::NotVerified {
            upn: target.account.upn.clone(),
        })
    } else {
        preview(target, action)
    };
    let preview = match checked {
        Ok(preview) => preview,
        Err(refusal) => {
            entry.detail = Some(refusal.to_string());
            audit.append(&entry)?;
            return Err(refusal.into());
        }
    };
    // Checked before Graph is asked: a deletion or a pass without its audit line must not happen.
    audit.ready()?;
    let url = graph.url(&preview.path)?;
    let (call, what) = match &preview.action {
        DeskAction::RemoveMethod { .. } => (GraphCall::delete(url), DeskCall::RemoveMethod),
        DeskAction::CreateTap { .. } => (
            GraphCall::post(url, preview.body.clone()),
            DeskCall::CreateTap,
        ),
        DeskAction::RevokeSessions => (GraphCall::post(url, None), DeskCall::RevokeSessions),
    };
    match graph.send(&call, what, target.account.admin_role).await {
        Ok(reply) => {
            let text = |key: &str| {
                reply
                    .body
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let pass = text("temporaryAccessPass").map(TemporaryAccessPass);
            let object_id = if pass.is_some() {
                text("id")
            } else {
                entry.object_id.clone()
            };
            entry.outcome = "done".into();
            entry.request_id = reply.request_id.clone();
            entry.object_id = object_id.clone();
            entry.label = preview.label.clone();
            let pass_lifetime_minutes = reply
                .body
                .get("lifetimeInMinutes")
                .and_then(Value::as_u64)
                .and_then(|minutes| u32::try_from(minutes).ok());
            entry.minutes = pass_lifetime_minutes;
            // Done is done: a pass is still shown when the line fails after all (the disk filled meanwhile).
            let audit_error = audit.append(&entry).err().map(|error| error.to_string());
            Ok(ActionDone {
                audit_error,
                pass_lifetime_minutes,
                pass_start: text("startDateTime"),
                preview,
                request_id: reply.request_id,
                pass,
                object_id,
            })
        }
        Err(error) => {
            entry.outcome = "failed".into();
            entry.request_id = error.request_id().map(str::to_string);
            entry.detail = Some(error.to_string());
            audit.append(&entry)?;
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::compare::compare;
    use crate::ticket::block::BlockMethod;
    use serde_json::json;

    const TAP: &str = "#microsoft.graph.temporaryAccessPassAuthenticationMethod";

    fn user(guest: bool) -> DeskUser {
        DeskUser {
            id: "u-1".into(),
            user_principal_name: None,
            display_name: None,
            mail: None,
            guest,
        }
    }

    fn account(membership: Membership) -> BlockAccount {
        BlockAccount {
            upn: "u@x.example".into(),
            membership,
            admin_role: false,
            aadsts: None,
            methods_read: Vec::new(),
            remove: vec![BlockMethod {
                id: "gone".into(),
                odata_type: "#microsoft.graph.phoneAuthenticationMethod".into(),
            }],
            ask: Vec::new(),
        }
    }

    fn policy(state: &str) -> TapPolicy {
        TapPolicy {
            state: state.into(),
            default_lifetime_in_minutes: 60,
            minimum_lifetime_in_minutes: 60,
            maximum_lifetime_in_minutes: 480,
            is_usable_once: true,
        }
    }

    #[test]
    fn each_type_is_deleted_at_its_own_endpoint() {
        let types = [
            (
                "microsoftAuthenticatorAuthenticationMethod",
                "microsoftAuthenticatorMethods",
            ),
            ("fido2AuthenticationMethod", "fido2Methods"),
            ("phoneAuthenticationMethod", "phoneMethods"),
            ("softwareOathAuthenticationMethod", "softwareOathMethods"),
        ];
        let now: Vec<Value> = types
            .iter()
            .map(|(kind, _)| json!({"@odata.type": format!("#microsoft.graph.{kind}"), "id": kind}))
            .collect();
        let account = account(Membership::Member);
        let comparison = compare(&account, &now);
        let user = user(false);
        let target = DeskTarget {
            account: &account,
            user: &user,
            comparison: &comparison,
            tap_policy: None,
        };
        for (kind, collection) in types {
            let shown = preview(&target, &DeskAction::RemoveMethod { id: kind.into() }).unwrap();
            assert_eq!(
                shown.path,
                format!("users/u-1/authentication/{collection}/{kind}")
            );
            assert_eq!(shown.method, "DELETE");
        }
    }

    #[test]
    fn every_refusal_comes_before_a_request() {
        let now = vec![
            json!({"@odata.type": "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod", "id": "hello"}),
            json!({"@odata.type": TAP, "id": "tap"}),
        ];
        let member = account(Membership::Member);
        let guest = account(Membership::Guest);
        let comparison = compare(&member, &now);
        let (enabled, disabled) = (policy("enabled"), policy("disabled"));
        let (member_user, guest_user) = (user(false), user(true));
        let target = |account, user, policy| DeskTarget {
            account,
            user,
            comparison: &comparison,
            tap_policy: policy,
        };
        let tap = |minutes, replace| DeskAction::CreateTap {
            lifetime_minutes: minutes,
            replace_existing: replace,
        };
        let cases: Vec<(DeskTarget<'_>, DeskAction, ActionRefusal)> = vec![
            (
                target(&member, &member_user, None),
                DeskAction::RemoveMethod { id: "hello".into() },
                ActionRefusal::UnsupportedType {
                    odata_type: "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod"
                        .into(),
                },
            ),
            (
                target(&member, &member_user, None),
                DeskAction::RemoveMethod { id: "gone".into() },
                ActionRefusal::MethodGone { id: "gone".into() },
            ),
            (
                target(&member, &member_user, Some(&disabled)),
                tap(None, true),
                ActionRefusal::TapDisabled,
            ),
            (
                target(&member, &member_user, Some(&enabled)),
                tap(Some(30), true),
                ActionRefusal::TapLifetime {
                    asked: 30,
                    minimum: 60,
                    maximum: 480,
                },
            ),
            (
                target(&member, &member_user, Some(&enabled)),
                tap(Some(120), false),
                ActionRefusal::TapExists,
            ),
            (
                target(&guest, &guest_user, None),
                DeskAction::RevokeSessions,
                ActionRefusal::GuestSessions,
            ),
            (
                target(&member, &guest_user, None),
                DeskAction::RevokeSessions,
                ActionRefusal::GuestSessions,
            ),
        ];
        for (target, action, refusal) in cases {
            assert_eq!(
                preview(&target, &action).unwrap_err(),
                refusal,
                "{action:?}"
            );
            for lang in Lang::ALL {
                assert!(!refusal.explain(lang).is_empty());
            }
        }
        // The same pass, replacing the one there, within the bounds: previewed as a one-time pass.
        let shown = preview(
            &target(&member, &member_user, Some(&enabled)),
            &tap(Some(120), true),
        )
        .unwrap();
        assert_eq!(
            shown.body,
            Some(json!({"lifetimeInMinutes": 120, "isUsableOnce": true}))
        );
    }

    #[test]
    fn the_pass_never_shows_in_debug() {
        let pass = TemporaryAccessPass("Xy7!secret".into());
        let done = ActionDone {
            preview: Preview {
                action: DeskAction::RevokeSessions,
                method: "POST",
                path: String::new(),
                body: None,
                upn: String::new(),
                label: None,
            },
            request_id: None,
            pass: Some(pass),
            pass_lifetime_minutes: None,
            pass_start: None,
            object_id: None,
            audit_error: None,
        };
        assert!(!format!("{done:?}").contains("secret"));
    }
}

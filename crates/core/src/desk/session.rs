//! One desk session as every front end runs it: the admin's Graph after their own sign-in (never remembered),
//! the user now beside the ticket, the actions the admin asked for, the checklist completed (and recorded) or a
//! recent one read back from the audit. The CLI and the window both go through here, so neither decides alone.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use ts_rs::TS;

use super::actions::{DeskAction, DeskTarget};
use super::audit::{AuditEntry, AuditLog};
use super::compare::{compare, Comparison};
use super::graph::{DeskGraph, DeskUser, TapPolicy};
use super::verify::{Verification, VerificationForm, VerifyError};
use super::{ActionRefusal, DeskError};
use crate::problem::Explain;
use crate::signin::{AccountCheck, AccountTarget, Checker, ScopedTokenError, BASIC_SCOPES};
use crate::ticket::block::BlockAccount;
use crate::Lang;

/// How long a completed checklist unlocks the actions for later commands (`lifeboat desk verify`, then `act`).
pub const VERIFICATION_LASTS_HOURS: i64 = 8;

/// Why the admin's sign-in gave no Graph to work with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminSignInError {
    /// The sign-in did not complete; `why` is the sign-in's own problem, in the admin's language.
    #[error("the sign-in as {admin} did not complete: {why}")]
    Incomplete { admin: String, why: String },
    /// The organisation never consented to the desk's scopes for the sign-in app.
    #[error("admin consent is missing for {scopes}")]
    ConsentMissing { scopes: String },
    #[error(transparent)]
    Token(ScopedTokenError),
}

impl AdminSignInError {
    /// What went wrong and what to do, in `lang`.
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            AdminSignInError::Incomplete { admin, why } => lang.say_with(
                "desk-cli-sign-in-failed",
                &crate::args! { "admin" => admin.as_str(), "why" => why.as_str() },
            ),
            AdminSignInError::ConsentMissing { scopes } => lang.say_with(
                "desk-consent-missing",
                &crate::args! { "scopes" => scopes.as_str() },
            ),
            AdminSignInError::Token(ScopedTokenError::SignIn(error)) => error.explain(lang),
            AdminSignInError::Token(ScopedTokenError::Store(error)) => error.explain(lang),
        }
    }
}

/// The sign-in's own problem, when the admin's interactive (or device-code) sign-in did not complete.
pub fn sign_in_outcome(check: &AccountCheck, lang: Lang) -> Result<(), AdminSignInError> {
    match &check.problem {
        None => Ok(()),
        Some(problem) => Err(AdminSignInError::Incomplete {
            admin: check.account_key.clone(),
            why: problem.text(lang).to_string(),
        }),
    }
}

/// After the admin signed in on `checker` (sessions in memory only), their Graph with `scope`.
pub async fn admin_graph(
    checker: &Checker,
    target: &AccountTarget,
    scope: &str,
) -> Result<DeskGraph, AdminSignInError> {
    let token = checker
        .scoped_token(target, scope)
        .await
        .map_err(|error| match error.is_consent_missing() {
            true => AdminSignInError::ConsentMissing {
                scopes: admin_scopes(scope),
            },
            false => AdminSignInError::Token(error),
        })?
        .ok_or_else(|| AdminSignInError::Incomplete {
            admin: target.upn.clone(),
            why: "-".into(),
        })?;
    Ok(DeskGraph::new(checker.graph().clone(), token))
}

/// The scopes of `scope` an administrator must consent to (not those everyone may), for the sentence that asks.
fn admin_scopes(scope: &str) -> String {
    let basic: Vec<&str> = BASIC_SCOPES.split(' ').collect();
    scope
        .split(' ')
        .filter(|scope| !basic.contains(scope))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The user, their methods now beside the ticket, the TAP policy (`None` when the admin may not read it, with
/// the reason in `policy_refused`).
#[derive(Debug, Clone)]
pub struct UserNow {
    pub user: DeskUser,
    pub comparison: Comparison,
    pub policy: Option<TapPolicy>,
    pub policy_refused: Option<DeskError>,
}

impl UserNow {
    /// Everything an action on this user depends on.
    pub fn target<'a>(&'a self, account: &'a BlockAccount) -> DeskTarget<'a> {
        DeskTarget {
            account,
            user: &self.user,
            comparison: &self.comparison,
            tap_policy: self.policy.as_ref(),
        }
    }
}

/// Reads the ticket's user, their methods and the TAP policy. A policy the admin's role may not read is no
/// failure: Graph then applies the policy's default lifetime, and the admin is told why.
pub async fn user_now(graph: &DeskGraph, account: &BlockAccount) -> Result<UserNow, DeskError> {
    let user = graph.find_user(account).await?;
    let methods: Vec<Value> = graph.methods(&user).await?;
    let (policy, policy_refused) = match graph.tap_policy().await {
        Ok(policy) => (Some(policy), None),
        Err(error @ DeskError::MissingRole { .. }) => (None, Some(error)),
        Err(error) => return Err(error),
    };
    Ok(UserNow {
        comparison: compare(account, &methods),
        user,
        policy,
        policy_refused,
    })
}

/// A one-time pass as the admin asks for it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TapRequest {
    /// Minutes; `None`: the policy's default.
    #[serde(default)]
    pub lifetime_minutes: Option<u32>,
    /// Replace a pass the user already has.
    #[serde(default)]
    pub replace_existing: bool,
}

/// What the admin ticked: registrations to delete (by Graph's id, or every one the ticket lists that is still
/// there), a pass, the sessions revoked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionRequest {
    #[serde(default)]
    pub remove: Vec<String>,
    #[serde(default)]
    pub remove_listed: bool,
    #[serde(default)]
    pub tap: Option<TapRequest>,
    #[serde(default)]
    pub revoke: bool,
}

impl ActionRequest {
    pub fn is_empty(&self) -> bool {
        self.remove.is_empty() && !self.remove_listed && self.tap.is_none() && !self.revoke
    }

    /// The actions, in the order they are done: deletions, the pass, the sessions. An id named twice (or named
    /// and listed) is deleted once.
    pub fn actions(&self, comparison: &Comparison) -> Vec<DeskAction> {
        let mut ids: Vec<String> = self.remove.clone();
        if self.remove_listed {
            ids.extend(comparison.still_to_remove().map(|row| row.id.clone()));
        }
        let mut actions: Vec<DeskAction> = Vec::new();
        for id in ids {
            let action = DeskAction::RemoveMethod { id };
            if !actions.contains(&action) {
                actions.push(action);
            }
        }
        if let Some(tap) = &self.tap {
            actions.push(DeskAction::CreateTap {
                lifetime_minutes: tap.lifetime_minutes,
                replace_existing: tap.replace_existing,
            });
        }
        if self.revoke {
            actions.push(DeskAction::RevokeSessions);
        }
        actions
    }
}

/// Why the checklist could not be completed: the gaps in it, or its line could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChecklistError {
    #[error("the checklist is incomplete: {0:?}")]
    Incomplete(Vec<VerifyError>),
    #[error("the audit log could not be written: {0}")]
    Audit(String),
}

/// Completes the checklist for `account` by `admin` at `now` and records it in the audit log: the verification
/// exists only once its line is written.
pub fn complete_checklist(
    form: &VerificationForm,
    account: &BlockAccount,
    admin: &str,
    audit: &AuditLog,
    now: OffsetDateTime,
) -> Result<Verification, ChecklistError> {
    let verification = form
        .complete(account, admin, now)
        .map_err(ChecklistError::Incomplete)?;
    audit
        .append(&AuditEntry::of_verification(&verification))
        .map_err(|error| ChecklistError::Audit(error.to_string()))?;
    Ok(verification)
}

/// A checklist `admin` completed for `account` within [`VERIFICATION_LASTS_HOURS`] of `now`, from the audit.
pub fn recent_verification(
    audit: &AuditLog,
    account: &BlockAccount,
    admin: &str,
    now: OffsetDateTime,
) -> Result<Verification, DeskError> {
    let entries = audit.read()?;
    let max_age = time::Duration::hours(VERIFICATION_LASTS_HOURS);
    Verification::recorded(&entries, &account.upn, admin, now, max_age).ok_or_else(|| {
        DeskError::Refused(ActionRefusal::NotVerified {
            upn: account.upn.clone(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Membership;
    use crate::desk::verify::IdentityCheck;
    use crate::ticket::block::BlockMethod;
    use serde_json::json;

    const AUTHENTICATOR: &str = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod";

    fn account(admin_role: bool) -> BlockAccount {
        let lost = BlockMethod {
            id: "lost".into(),
            odata_type: AUTHENTICATOR.into(),
        };
        BlockAccount {
            upn: "giulia@school.example".into(),
            membership: Membership::Member,
            admin_role,
            aadsts: None,
            methods_read: vec![lost.clone()],
            remove: vec![lost],
            ask: Vec::new(),
        }
    }

    #[test]
    fn the_request_becomes_actions_in_order_each_deletion_once() {
        let now = vec![json!({"@odata.type": AUTHENTICATOR, "id": "lost"})];
        let comparison = compare(&account(false), &now);
        let request = ActionRequest {
            remove: vec!["lost".into()],
            remove_listed: true,
            tap: Some(TapRequest {
                lifetime_minutes: Some(60),
                replace_existing: false,
            }),
            revoke: true,
        };
        assert_eq!(
            request.actions(&comparison),
            [
                DeskAction::RemoveMethod { id: "lost".into() },
                DeskAction::CreateTap {
                    lifetime_minutes: Some(60),
                    replace_existing: false
                },
                DeskAction::RevokeSessions,
            ]
        );
        assert!(ActionRequest::default().is_empty());
        assert!(ActionRequest::default().actions(&comparison).is_empty());
    }

    #[test]
    fn a_completed_checklist_is_recorded_and_unlocks_later_commands() {
        let dir =
            std::env::temp_dir().join(format!("lifeboat-desk-session-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let audit = AuditLog::at(dir.join("audit.jsonl"));
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(3);
        let admin = "admin@school.example";
        let refused = recent_verification(&audit, &account(false), admin, now);
        assert!(matches!(
            refused,
            Err(DeskError::Refused(ActionRefusal::NotVerified { .. }))
        ));
        let gaps = complete_checklist(
            &VerificationForm::default(),
            &account(true),
            admin,
            &audit,
            now,
        );
        assert_eq!(
            gaps.unwrap_err(),
            ChecklistError::Incomplete(vec![
                VerifyError::HowMissing,
                VerifyError::SecondPersonMissing,
                VerifyError::PrivilegedAdminNotConfirmed
            ])
        );
        let form = VerificationForm {
            how: Some(IdentityCheck::InPerson),
            ..Default::default()
        };
        let done = complete_checklist(&form, &account(false), admin, &audit, now).unwrap();
        let later = now + time::Duration::hours(1);
        assert_eq!(
            recent_verification(&audit, &account(false), admin, later).unwrap(),
            done
        );
        let too_late = now + time::Duration::hours(VERIFICATION_LASTS_HOURS + 1);
        assert!(recent_verification(&audit, &account(false), admin, too_late).is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn consent_is_asked_only_for_the_scopes_an_admin_must_grant() {
        assert_eq!(
            admin_scopes(crate::desk::READINESS_SCOPES),
            "AuditLog.Read.All"
        );
        let words = AdminSignInError::ConsentMissing {
            scopes: "AuditLog.Read.All".into(),
        }
        .explain(Lang::En);
        assert!(words.contains("AuditLog.Read.All"), "{words}");
    }
}

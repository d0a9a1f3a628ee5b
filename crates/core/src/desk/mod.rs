//! The IT desk (docs/PRODUCT.md J7): an admin opens a Lifeboat ticket, confirms the person's identity, sees the
//! user's methods beside what the ticket says, previews and performs the actions through Graph (each written to
//! an append-only audit log), and drafts the closing note; and, before anyone loses a phone, the tenant's
//! readiness from the registration report, streamed. Words in `locales/*/desk.ftl`.

pub mod actions;
pub mod audit;
pub mod compare;
pub mod graph;
mod mime;
pub mod note;
pub mod readiness;
pub mod session;
pub mod ticket;
pub mod verify;

pub use actions::{ActionDone, ActionRefusal, DeskAction, Preview, TemporaryAccessPass};
pub use audit::{AuditEntry, AuditLog};
pub use compare::{compare, Comparison, MethodRow, RowState};
pub use graph::{DeskCall, DeskGraph, DeskUser, TapPolicy, DESK_SCOPES, READINESS_SCOPES};
pub use note::closing_note;
pub use readiness::{classify, ReadinessClass, ReadinessReport, ReadinessSummary};
pub use session::{
    admin_graph, complete_checklist, recent_verification, sign_in_outcome, user_now, ActionRequest,
    AdminSignInError, ChecklistError, TapRequest, UserNow,
};
pub use ticket::{ask_words, DeskTicket, OpenError};
pub use verify::{IdentityCheck, Verification, VerificationForm, VerifyError};

use crate::graph::GraphError;
use crate::Lang;

/// Graph's code for a report refused for want of a P1/P2 licence.
const NO_PREMIUM_LICENCE: &str = "Authentication_RequestFromNonPremiumTenantOrB2CTenant";

/// Why a desk step did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeskError {
    /// Lifeboat itself refuses (not verified, a pass already exists, a guest's sessions, …).
    #[error(transparent)]
    Refused(#[from] ActionRefusal),
    /// 403: the admin lacks the role (or the consent) this request needs.
    #[error("Microsoft Graph refused {call:?}: a role is missing ({error})")]
    MissingRole {
        call: DeskCall,
        /// The account acted on holds an administrator role (it needs a Privileged Authentication Administrator).
        admin_target: bool,
        error: Box<GraphError>,
    },
    /// The tenant has no Entra ID P1/P2 licence, so the registration report is refused.
    #[error("the registration report needs an Entra ID P1 or P2 licence ({0})")]
    NoLicence(Box<GraphError>),
    #[error("no user {0} in this organisation")]
    UserNotFound(String),
    #[error(transparent)]
    Graph(Box<GraphError>),
    #[error("the file could not be written: {0}")]
    Io(String),
}

impl DeskError {
    /// A Graph error of `call`, a 403 read as the role it shows missing.
    pub fn from_graph(error: GraphError, call: DeskCall, admin_target: bool) -> DeskError {
        if error.status() == Some(403) {
            if error.code() == Some(NO_PREMIUM_LICENCE) {
                return DeskError::NoLicence(Box::new(error));
            }
            return DeskError::MissingRole {
                call,
                admin_target,
                error: Box::new(error),
            };
        }
        DeskError::graph(error)
    }

    pub fn graph(error: GraphError) -> DeskError {
        DeskError::Graph(Box::new(error))
    }

    /// Graph's request-id, for the audit log and the admin's own ticket to Microsoft.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            DeskError::MissingRole { error, .. }
            | DeskError::NoLicence(error)
            | DeskError::Graph(error) => error.request_id(),
            _ => None,
        }
    }

    /// What went wrong and what to do, in `lang`.
    pub fn explain(&self, lang: Lang) -> String {
        let request_id = self.request_id().unwrap_or("-").to_string();
        match self {
            DeskError::Refused(refusal) => refusal.explain(lang),
            DeskError::MissingRole {
                call, admin_target, ..
            } => {
                let id = match call {
                    DeskCall::ReadTapPolicy => "desk-403-tap-policy",
                    DeskCall::RevokeSessions => "desk-403-revoke",
                    DeskCall::Report => "desk-403-report",
                    DeskCall::FindUser => "desk-403-find-user",
                    _ if *admin_target => "desk-403-methods-admin",
                    _ => "desk-403-methods",
                };
                lang.say_with(id, &crate::args! { "requestId" => request_id })
            }
            DeskError::NoLicence(_) => lang.say_with(
                "desk-403-licence",
                &crate::args! { "requestId" => request_id },
            ),
            DeskError::UserNotFound(upn) => lang.say_with(
                "desk-user-not-found",
                &crate::args! { "upn" => upn.as_str() },
            ),
            DeskError::Graph(error) => lang.say_with(
                "desk-graph-failed",
                &crate::args! { "detail" => error.to_string() },
            ),
            DeskError::Io(detail) => lang.say_with(
                "desk-file-failed",
                &crate::args! { "detail" => detail.as_str() },
            ),
        }
    }
}

impl From<std::io::Error> for DeskError {
    fn from(error: std::io::Error) -> Self {
        DeskError::Io(error.to_string())
    }
}

//! The one error shape that crosses IPC: `{ code, message, detail? }`.
//!
//! The UI branches on `code` only; `message` is for people and `detail` for diagnostics. The shape is pinned by
//! the tests below and by the generated TypeScript type (`ui/src/lib/ipc/generated/IpcError.ts`).

use serde::Serialize;
use ts_rs::TS;

/// A stable, machine-readable error code. Adding a variant is fine; renaming one breaks the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request from the window did not make sense (a missing field, an unknown id).
    InvalidInput,
    /// Something inside Lifeboat went wrong; `detail` says what.
    Internal,
    /// An account's field is not acceptable; `detail` names the field (`upn`, `tenantId`, …).
    InvalidAccount,
    /// The same sign-in name is already in the book for that tenant; `detail` is the existing account's id.
    DuplicateAccount,
    /// No account (or tenant) has this id; the window is out of date.
    UnknownAccount,
    /// The account book on disk cannot be read, so it is left untouched; `detail` says why.
    BookUnreadable,
    /// A file could not be read or written; `detail` names it.
    FileError,
    /// The window asked to open a link that is neither `mailto:` nor a Microsoft page.
    LinkRefused,
    /// A check is already running; wait for it or stop it.
    CheckRunning,
    /// No web browser could be opened; `detail` says why.
    NoBrowser,
    /// There is no usable backup of the account book to restore (none, or unreadable too); `detail` says which.
    NoBackup,
    /// Another Lifeboat (the command line, a second window) kept the account book locked; try again.
    BookBusy,
    /// Tickets need an address the person can read that is not one of the locked accounts; ask for it first.
    ReplyAddressNeeded,
    /// The IT desk: the text has no Lifeboat ticket block (an ordinary request).
    TicketNotLifeboat,
    /// The IT desk: the ticket's block is there but damaged (or names no account); ask for the ticket again.
    TicketDamaged,
    /// The IT desk: the ticket was written by a newer Lifeboat; update to read it.
    TicketNewer,
    /// The IT desk: the file or text is too large to be a ticket.
    TicketTooLarge,
    /// The IT desk has no ticket open (the session ended: the window left the desk or opened another).
    DeskNoTicket,
    /// The IT desk needs the admin signed in first.
    DeskNotSignedIn,
    /// The admin's sign-in did not complete, or gave no token for the desk's permissions.
    DeskSignInFailed,
    /// Lifeboat refuses the action (not verified, a guest's sessions, TAP disabled, …); the message says why.
    DeskRefused,
    /// Microsoft refused (403): the message names the role (or licence) that is missing; `detail` the request-id.
    DeskMissingRole,
    /// The ticket's user is not in the organisation (a guest is found by the address they were invited with).
    DeskUserNotFound,
    /// Microsoft Graph did not answer as expected; `detail` the request-id when there is one.
    DeskGraphFailed,
}

/// An error returned by a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub detail: Option<String>,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// Account book errors, by what the window can do about them.
impl From<lifeboat_core::book::BookError> for IpcError {
    fn from(error: lifeboat_core::book::BookError) -> Self {
        use lifeboat_core::book::BookError;
        let message = error.to_string();
        match error {
            BookError::Invalid(field) => {
                IpcError::new(ErrorCode::InvalidAccount, field.reason).with_detail(field.field)
            }
            BookError::Duplicate { existing, .. } => {
                IpcError::new(ErrorCode::DuplicateAccount, message).with_detail(existing)
            }
            BookError::UnknownAccount(_)
            | BookError::AmbiguousAccount(_)
            | BookError::NothingToConfirm(_) => IpcError::new(ErrorCode::UnknownAccount, message),
            BookError::Unreadable { .. } | BookError::RefusedToOverwrite { .. } => IpcError::new(
                ErrorCode::BookUnreadable,
                "The account book could not be read.",
            )
            .with_detail(message),
            BookError::NoBackup { .. } => {
                IpcError::new(ErrorCode::NoBackup, "There is no backup to restore.")
                    .with_detail(message)
            }
            BookError::Io { .. } => {
                IpcError::new(ErrorCode::FileError, "A file could not be read or written.")
                    .with_detail(message)
            }
            BookError::Import { .. } => IpcError::new(ErrorCode::InvalidInput, message),
            BookError::Busy { .. } => IpcError::new(ErrorCode::BookBusy, message),
        }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shape_without_detail_has_code_and_message_only() {
        let error = IpcError::new(ErrorCode::InvalidInput, "The account id is unknown.");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({ "code": "invalid_input", "message": "The account id is unknown." })
        );
    }

    #[test]
    fn shape_with_detail() {
        let error =
            IpcError::new(ErrorCode::Internal, "Lifeboat hit a problem.").with_detail("disk full");
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            json!({ "code": "internal", "message": "Lifeboat hit a problem.", "detail": "disk full" })
        );
    }

    #[test]
    fn codes_are_snake_case_strings() {
        let codes = [
            (ErrorCode::InvalidInput, "invalid_input"),
            (ErrorCode::Internal, "internal"),
            (ErrorCode::InvalidAccount, "invalid_account"),
            (ErrorCode::DuplicateAccount, "duplicate_account"),
            (ErrorCode::UnknownAccount, "unknown_account"),
            (ErrorCode::BookUnreadable, "book_unreadable"),
            (ErrorCode::FileError, "file_error"),
            (ErrorCode::LinkRefused, "link_refused"),
            (ErrorCode::CheckRunning, "check_running"),
            (ErrorCode::NoBrowser, "no_browser"),
            (ErrorCode::NoBackup, "no_backup"),
            (ErrorCode::BookBusy, "book_busy"),
            (ErrorCode::ReplyAddressNeeded, "reply_address_needed"),
            (ErrorCode::TicketNotLifeboat, "ticket_not_lifeboat"),
            (ErrorCode::TicketDamaged, "ticket_damaged"),
            (ErrorCode::TicketNewer, "ticket_newer"),
            (ErrorCode::TicketTooLarge, "ticket_too_large"),
            (ErrorCode::DeskNoTicket, "desk_no_ticket"),
            (ErrorCode::DeskNotSignedIn, "desk_not_signed_in"),
            (ErrorCode::DeskSignInFailed, "desk_sign_in_failed"),
            (ErrorCode::DeskRefused, "desk_refused"),
            (ErrorCode::DeskMissingRole, "desk_missing_role"),
            (ErrorCode::DeskUserNotFound, "desk_user_not_found"),
            (ErrorCode::DeskGraphFailed, "desk_graph_failed"),
        ];
        for (code, text) in codes {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(text));
        }
    }

    #[test]
    fn book_errors_map_to_codes_the_window_can_act_on() {
        use lifeboat_core::book::{AccountBook, AccountDetails};
        let mut book = AccountBook::default();
        let invalid: IpcError = book
            .add(AccountDetails::new("maria at scuola"))
            .unwrap_err()
            .into();
        assert_eq!(
            (invalid.code, invalid.detail.as_deref()),
            (ErrorCode::InvalidAccount, Some("upn"))
        );

        let id = book
            .add(AccountDetails::new("maria@scuola.example.it"))
            .unwrap();
        let duplicate: IpcError = book
            .add(AccountDetails::new("Maria@scuola.example.it"))
            .unwrap_err()
            .into();
        assert_eq!(
            (duplicate.code, duplicate.detail),
            (ErrorCode::DuplicateAccount, Some(id.0))
        );

        let unknown: IpcError = book.remove(&"99".into()).unwrap_err().into();
        assert_eq!(unknown.code, ErrorCode::UnknownAccount);
    }
}

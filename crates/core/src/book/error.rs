//! The account book's one error type.

use std::path::PathBuf;

use super::model::FieldError;

/// Everything that can go wrong reading, changing or writing an account book.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// The file exists but is not a readable account book. It is never overwritten.
    #[error("{}: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    /// Saving was refused because the file on disk does not parse: writing would destroy whatever is in it.
    #[error(
        "{}: the account book on disk is not readable ({reason}), so it was not overwritten; restore the backup {} or move the file away",
        path.display(),
        backup.display()
    )]
    RefusedToOverwrite {
        path: PathBuf,
        reason: String,
        backup: PathBuf,
    },
    /// Reading or writing a file failed.
    #[error("{}: could not {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
    /// Another Lifeboat (the window, or the command line) kept the book locked for longer than a writer waits.
    #[error(
        "{}: another Lifeboat (the window or the command line) is changing the account book; try again in a moment",
        path.display()
    )]
    Busy { path: PathBuf },
    /// There is no backup to restore.
    #[error("{}: there is no backup to restore", path.display())]
    NoBackup { path: PathBuf },
    /// An account field is not acceptable.
    #[error("{0}")]
    Invalid(#[from] FieldError),
    /// No account has this id (or sign-in name).
    #[error("no account {0:?} in the book")]
    UnknownAccount(String),
    /// "Did it ask for a second step?" was answered for an account whose last sign-in did not complete.
    #[error("account {0:?} has no completed sign-in to confirm")]
    NothingToConfirm(String),
    /// The selector matches more than one account.
    #[error("{0:?} matches more than one account; use the account id")]
    AmbiguousAccount(String),
    /// The same sign-in name is already in the book for the same tenant.
    #[error("{upn} is already in the book for that tenant (account {existing})")]
    Duplicate { upn: String, existing: String },
    /// An imported file has a problem at a given place.
    #[error("{source_name}{}: {reason}", line.map(|line| format!(" line {line}")).unwrap_or_default())]
    Import {
        source_name: String,
        line: Option<u64>,
        reason: String,
    },
}

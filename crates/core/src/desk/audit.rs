//! The desk's audit log: one JSON line per action (who, when, what, target, Graph request-id, outcome), in a
//! file beside the account book, opened in append mode for each line so earlier lines are never rewritten. An
//! entry has no field a Temporary Access Pass could go into.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::verify::{IdentityCheck, Verification};

/// The log's file name, beside the book.
pub const AUDIT_FILE: &str = "lifeboat-desk-audit.jsonl";

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub at: OffsetDateTime,
    /// The admin who acted (their sign-in name).
    pub admin: String,
    /// `verify`, `remove_method`, `create_tap`, `revoke_sessions`.
    pub action: String,
    /// The user acted on (UPN from the ticket).
    pub target: String,
    /// The method acted on, or the pass's method id (never the pass).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `done`, `refused` (by Lifeboat), `failed` (by Graph).
    pub outcome: String,
    /// A short technical line (why Lifeboat refused, Graph's error, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The method's name as the person knows it (a deleted registration's device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// `verify`: how the identity was confirmed, and the second person for an administrator's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityCheck>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_person: Option<String>,
    /// `create_tap`: the pass's lifetime (the pass itself is never written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
}

impl AuditEntry {
    /// The line of a completed identity verification.
    pub fn of_verification(verification: &Verification) -> AuditEntry {
        AuditEntry {
            at: verification.at(),
            admin: verification.by().to_string(),
            action: VERIFY.into(),
            target: verification.upn().to_string(),
            object_id: None,
            request_id: None,
            outcome: DONE.into(),
            detail: None,
            label: None,
            identity: Some(verification.how().clone()),
            second_person: verification.second_person().map(str::to_string),
            minutes: None,
        }
    }
}

pub(crate) const VERIFY: &str = "verify";
pub(crate) const DONE: &str = "done";

/// The append-only log file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The log beside the book at `book`.
    pub fn beside_book(book: &Path) -> Self {
        let folder = book.parent().unwrap_or_else(|| Path::new("."));
        Self::at(folder.join(AUDIT_FILE))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and flushes it to disk. Written with one `write_all` of the whole line, in append mode:
    /// the OS places it after whatever is there, however many desks write.
    pub fn append(&self, entry: &AuditEntry) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let mut file = self.open()?;
        file.write_all(&line)?;
        file.sync_data()
    }

    /// Opens the log for appending without writing: an action is only made when its line can be written.
    pub fn ready(&self) -> std::io::Result<()> {
        self.open().map(drop)
    }

    /// The log for appending, its folder made first (a practice book's folder may not exist yet).
    fn open(&self) -> std::io::Result<std::fs::File> {
        if let Some(folder) = self
            .path
            .parent()
            .filter(|folder| !folder.as_os_str().is_empty())
        {
            std::fs::create_dir_all(folder)?;
        }
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
    }

    /// Every line so far (unreadable lines skipped).
    pub fn read(&self) -> std::io::Result<Vec<AuditEntry>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        Ok(text
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, minute: i64) -> AuditEntry {
        AuditEntry {
            at: OffsetDateTime::UNIX_EPOCH + time::Duration::minutes(minute),
            admin: "admin@school.example".into(),
            action: action.into(),
            target: "giulia@school.example".into(),
            object_id: Some("m-1".into()),
            request_id: Some("r-1".into()),
            outcome: "done".into(),
            detail: None,
            label: None,
            identity: None,
            second_person: None,
            minutes: None,
        }
    }

    #[test]
    fn appending_never_rewrites_earlier_lines() {
        let folder = std::env::temp_dir().join(format!("lifeboat-audit-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let log = AuditLog::beside_book(&folder.join("book.json"));
        let _ = std::fs::remove_file(log.path());
        log.append(&entry("verify", 0)).unwrap();
        log.append(&entry("remove_method", 1)).unwrap();
        let before = std::fs::read(log.path()).unwrap();
        // Another desk (or a person) added a line meanwhile: it stays too.
        let mut foreign = OpenOptions::new().append(true).open(log.path()).unwrap();
        foreign.write_all(b"{\"not\":\"ours\"}\n").unwrap();
        let with_foreign = std::fs::read(log.path()).unwrap();
        log.append(&entry("create_tap", 2)).unwrap();
        let after = std::fs::read(log.path()).unwrap();
        assert!(after.starts_with(&with_foreign) && with_foreign.starts_with(&before));
        assert_eq!(after.iter().filter(|b| **b == b'\n').count(), 4);
        let actions: Vec<String> = log.read().unwrap().into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["verify", "remove_method", "create_tap"]);
        std::fs::remove_dir_all(&folder).unwrap();
    }
}

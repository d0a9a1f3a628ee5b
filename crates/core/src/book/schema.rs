//! The account book's file format: JSON with a format marker and a schema version.
//!
//! ```json
//! { "format": "lifeboat-account-book", "schemaVersion": 2, "situation": { … }, "accounts": [ … ] }
//! ```
//!
//! Versions: 1, the first; 2 adds the person's `fullName` and `lossKind` (a version-1 book reads as a version-2
//! book without them, so it needs no migration step; the bump keeps an older Lifeboat from dropping them); 3 adds
//! `phoneMove`, the move to a new phone under way (versions 1 and 2 read as version 3 without it).
//!
//! ```text
//! ```
//!
//! A file written by a newer Lifeboat (a higher `schemaVersion`) is refused rather than half-read: saving it back
//! would silently drop what this version does not know. When the schema changes, a migration from each older
//! version to the current one goes in [`parse`], keyed on the version number.

use serde::Serialize;

use super::error::BookError;
use super::model::AccountBook;

/// The value of the `format` field that marks a Lifeboat account book.
pub const FORMAT: &str = "lifeboat-account-book";
/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u64 = 4;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BookFile<'a> {
    format: &'static str,
    schema_version: u64,
    #[serde(flatten)]
    book: &'a AccountBook,
}

/// The book as the bytes of its file (pretty JSON, UTF-8, a final newline).
pub fn to_bytes(book: &AccountBook) -> Vec<u8> {
    let file = BookFile {
        format: FORMAT,
        schema_version: SCHEMA_VERSION,
        book,
    };
    // Serialising plain data with string keys cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&file).expect("an account book always serialises");
    bytes.push(b'\n');
    bytes
}

/// Why a file is not a readable account book. The store turns this into a [`BookError`] naming the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaProblem {
    /// Not JSON, or JSON of the wrong shape; the text says where.
    Malformed(String),
    /// JSON, but not a Lifeboat account book.
    NotABook,
    /// Written by a newer Lifeboat.
    Newer { found: u64 },
    /// Two accounts share one id.
    DuplicateId(String),
}

impl std::fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaProblem::Malformed(reason) => write!(f, "{reason}"),
            SchemaProblem::NotABook => write!(f, "this is JSON but not a Lifeboat account book (no \"format\": \"{FORMAT}\")"),
            SchemaProblem::Newer { found } => write!(
                f,
                "written by a newer Lifeboat (schema version {found}; this version reads up to {SCHEMA_VERSION}); update Lifeboat"
            ),
            SchemaProblem::DuplicateId(id) => write!(f, "two accounts have the id {id:?}"),
        }
    }
}

/// Reads an account book from the bytes of its file.
pub fn parse(bytes: &[u8]) -> Result<AccountBook, SchemaProblem> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| SchemaProblem::Malformed(describe_json_error(&error)))?;
    let object = value.as_object().ok_or(SchemaProblem::NotABook)?;
    if object.get("format").and_then(|format| format.as_str()) != Some(FORMAT) {
        return Err(SchemaProblem::NotABook);
    }
    let version = object
        .get("schemaVersion")
        .and_then(|version| version.as_u64());
    let book: AccountBook = match version {
        // Versions 1 to 3 are version 4 without the fields the later versions added (3: the move to a new phone;
        // 4: the readiness answers and the re-registration after IT acted).
        Some(1..=3 | SCHEMA_VERSION) => serde_json::from_value(value).map_err(|error| {
            SchemaProblem::Malformed(format!("not the shape of an account book: {error}"))
        })?,
        Some(found) if found > SCHEMA_VERSION => return Err(SchemaProblem::Newer { found }),
        _ => {
            return Err(SchemaProblem::Malformed(
                "\"schemaVersion\" is missing or not a version this Lifeboat knows".into(),
            ))
        }
    };
    let mut seen = std::collections::HashSet::new();
    for account in &book.accounts {
        if !seen.insert(&account.id) {
            return Err(SchemaProblem::DuplicateId(account.id.0.clone()));
        }
    }
    Ok(book)
}

fn describe_json_error(error: &serde_json::Error) -> String {
    match error.classify() {
        serde_json::error::Category::Eof => {
            format!(
                "the file ends too early (line {}, column {}): it may have been cut short",
                error.line(),
                error.column()
            )
        }
        _ => format!("not valid JSON: {error}"),
    }
}

impl SchemaProblem {
    /// Attaches the file name.
    pub fn at(self, path: &std::path::Path) -> BookError {
        BookError::Unreadable {
            path: path.to_path_buf(),
            reason: self.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::model::{Account, AccountDetails, AccountId};

    fn one_account_book() -> AccountBook {
        AccountBook {
            accounts: vec![Account {
                id: AccountId::from("1"),
                details: AccountDetails::new("mario@contoso.com"),
                last_inventory: None,
                last_check: None,
                ticket_sent_at: None,
                reregistration: None,
            }],
            ..AccountBook::default()
        }
    }

    #[test]
    fn round_trips_and_marks_format_and_version() {
        let book = one_account_book();
        let bytes = to_bytes(&book);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["format"], FORMAT);
        assert_eq!(json["schemaVersion"], 4);
        assert_eq!(json["accounts"][0]["upn"], "mario@contoso.com");
        assert_eq!(parse(&bytes).unwrap(), book);
    }

    #[test]
    fn every_field_round_trips_with_its_documented_name() {
        use crate::book::model::{InventorySource, ItContact, StoredInventory};
        use crate::evidence::{SignInEvidence, SignInOutcome};
        use time::macros::{date, datetime};
        let mut book = one_account_book();
        book.lost_on = Some(date!(2026 - 11 - 23));
        book.contact_email = Some("mario@example.org".into());
        book.full_name = Some("Mario Rossi".into());
        book.loss_kind = Some(crate::book::LossKind::Broken);
        book.situation.lost_devices = vec!["Mario's iPhone".into()];
        let account = &mut book.accounts[0];
        account.details.it_contact = Some(ItContact::Url("https://help.contoso.com".into()));
        account.last_inventory = Some(StoredInventory {
            methods: vec![
                serde_json::json!({"@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "p"}),
            ],
            read_at: datetime!(2026-11-20 10:00 UTC),
            source: InventorySource::Graph,
        });
        account.last_check = Some(SignInEvidence::new(
            SignInOutcome::BlockedByMfa,
            datetime!(2026-11-24 08:00 UTC),
        ));
        let bytes = to_bytes(&book);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["lostOn"], "2026-11-23");
        assert_eq!(json["contactEmail"], "mario@example.org");
        assert_eq!(json["fullName"], "Mario Rossi");
        assert_eq!(json["lossKind"], "broken");
        assert_eq!(json["situation"]["lostDevices"][0], "Mario's iPhone");
        assert_eq!(
            json["accounts"][0]["itContact"]["url"],
            "https://help.contoso.com"
        );
        assert_eq!(
            json["accounts"][0]["lastInventory"]["readAt"],
            "2026-11-20T10:00:00Z"
        );
        assert_eq!(json["accounts"][0]["lastInventory"]["source"], "graph");
        assert_eq!(
            json["accounts"][0]["lastCheck"]["outcome"],
            "blocked_by_mfa"
        );
        assert_eq!(parse(&bytes).unwrap(), book);
    }

    #[test]
    fn problems_table() {
        let cases: [(&str, SchemaProblem); 5] = [
            ("{\"format\": \"lifeboat-account-book\", \"schemaVersion\": 5}", SchemaProblem::Newer { found: 5 }),
            ("{\"schemaVersion\": 1}", SchemaProblem::NotABook),
            ("[1, 2]", SchemaProblem::NotABook),
            (
                "{\"format\": \"lifeboat-account-book\"}",
                SchemaProblem::Malformed("\"schemaVersion\" is missing or not a version this Lifeboat knows".into()),
            ),
            (
                "{\"format\": \"lifeboat-account-book\", \"schemaVersion\": 1, \"accounts\": [{\"id\": \"1\", \"upn\": \"a@b.cd\"}, {\"id\": \"1\", \"upn\": \"c@d.ef\"}]}",
                SchemaProblem::DuplicateId("1".into()),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse(text.as_bytes()).unwrap_err(),
                expected,
                "input {text}"
            );
        }
    }

    /// A book written by the first version reads as it was, and is written back as the current version.
    #[test]
    fn a_version_one_book_reads_and_is_saved_as_the_current_version() {
        let text = r#"{"format": "lifeboat-account-book", "schemaVersion": 1, "contactEmail": "mario@example.org",
            "accounts": [{"id": "1", "upn": "mario@contoso.com", "fullName": "Mario Rossi"}]}"#;
        let book = parse(text.as_bytes()).unwrap();
        assert_eq!(book.contact_email.as_deref(), Some("mario@example.org"));
        assert_eq!(book.full_name, None);
        assert_eq!(
            book.accounts[0].details.full_name.as_deref(),
            Some("Mario Rossi")
        );
        let json: serde_json::Value = serde_json::from_slice(&to_bytes(&book)).unwrap();
        assert_eq!(json["schemaVersion"], 4);
    }

    /// A version-2 book (before the move to a new phone) reads without a move; a move round-trips under its
    /// documented names.
    #[test]
    fn a_version_two_book_reads_without_a_move_and_a_move_round_trips() {
        use crate::moving::{AccountMove, MoveEvidence, MoveStep, PhoneMove};
        use time::macros::datetime;
        let text = r#"{"format": "lifeboat-account-book", "schemaVersion": 2, "fullName": "Mario Rossi",
            "accounts": [{"id": "1", "upn": "mario@contoso.com"}]}"#;
        let mut book = parse(text.as_bytes()).unwrap();
        assert_eq!(book.phone_move, None);
        assert_eq!(book.full_name.as_deref(), Some("Mario Rossi"));
        book.phone_move = Some(PhoneMove {
            old_phone: "iPhone 12 di Mario".into(),
            new_phone: "Pixel 9 di Mario".into(),
            began_at: datetime!(2026-12-01 09:00 UTC),
            accounts: vec![AccountMove {
                account: AccountId::from("1"),
                old_registrations: Some(vec!["old-id".into()]),
                steps_done: vec![MoveStep::MakeDefault],
                evidence: vec![MoveEvidence::NewRegistrationRead {
                    id: "new-id".into(),
                    created: datetime!(2026-12-01 09:05 UTC),
                }],
            }],
        });
        let bytes = to_bytes(&book);
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json["phoneMove"]["oldPhone"], "iPhone 12 di Mario");
        assert_eq!(json["phoneMove"]["beganAt"], "2026-12-01T09:00:00Z");
        let account = &json["phoneMove"]["accounts"][0];
        assert_eq!(account["stepsDone"][0], "make_default");
        assert_eq!(account["evidence"][0]["kind"], "new_registration_read");
        assert_eq!(account["evidence"][0]["created"], "2026-12-01T09:05:00Z");
        assert_eq!(parse(&bytes).unwrap(), book);
    }

    #[test]
    fn truncated_file_says_it_was_cut_short() {
        let bytes = to_bytes(&one_account_book());
        let problem = parse(&bytes[..bytes.len() / 2]).unwrap_err();
        assert!(
            matches!(&problem, SchemaProblem::Malformed(reason) if reason.contains("cut short")),
            "{problem}"
        );
    }

    #[test]
    fn unknown_fields_from_a_same_version_file_are_tolerated() {
        let text = "{\"format\": \"lifeboat-account-book\", \"schemaVersion\": 1, \"accounts\": [], \"futureNote\": 3}";
        assert_eq!(parse(text.as_bytes()).unwrap(), AccountBook::default());
    }
}

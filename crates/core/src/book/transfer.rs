//! Import and export of accounts, as JSON (the whole book, evidence included) or CSV (what the person typed,
//! one account per row, for spreadsheets).
//!
//! Importing merges: an account already in the book (same sign-in name, same tenant) gets the imported details,
//! and keeps whichever inventory and check result is newer; any other account is added with a new id.

use serde::Serialize;
use ts_rs::TS;

use super::error::BookError;
use super::model::{Account, AccountBook, AccountDetails, ItContact, Membership};
use super::schema;
use crate::lang::Lang;

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
}

/// The CSV columns, in export order. Import matches header names case-insensitively and in any order.
pub const CSV_COLUMNS: [&str; 13] = [
    "id",
    "upn",
    "tenantId",
    "tenantDomain",
    "organisation",
    "label",
    "membership",
    "adminRole",
    "itContact",
    "ticketLang",
    "fullName",
    "personId",
    "department",
];

/// The whole book as JSON, in the same format as the book file.
pub fn export_json(book: &AccountBook) -> Vec<u8> {
    schema::to_bytes(book)
}

/// The accounts as CSV (RFC 4180, a header row, UTF-8). Cells that a spreadsheet would run as a formula get a
/// leading apostrophe, which [`import_csv`] removes again.
pub fn export_csv(book: &AccountBook) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, row: Vec<String>| {
        writer
            .write_record(row.iter().map(|cell| defuse_formula(cell)))
            .expect("writing CSV to memory cannot fail");
    };
    write(
        &mut writer,
        CSV_COLUMNS
            .iter()
            .map(|column| column.to_string())
            .collect(),
    );
    for account in &book.accounts {
        let d = &account.details;
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        write(
            &mut writer,
            vec![
                account.id.0.clone(),
                d.upn.clone(),
                text(&d.tenant_id),
                text(&d.tenant_domain),
                text(&d.organisation),
                text(&d.label),
                d.membership.code().to_string(),
                if d.admin_role {
                    "yes".into()
                } else {
                    "no".into()
                },
                d.it_contact
                    .as_ref()
                    .map(|contact| contact.as_text().to_string())
                    .unwrap_or_default(),
                d.ticket_lang
                    .map(|lang| lang.code().to_string())
                    .unwrap_or_default(),
                text(&d.full_name),
                text(&d.person_id),
                text(&d.department),
            ],
        );
    }
    writer
        .into_inner()
        .expect("flushing CSV to memory cannot fail")
}

/// The largest file an import reads: a list of thousands of accounts is a small part of it.
pub const MAX_IMPORT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a file to import, refusing one larger than [`MAX_IMPORT_BYTES`] before reading it whole.
pub fn read_import_file(path: &std::path::Path) -> Result<Vec<u8>, BookError> {
    use std::io::Read;
    let source_name = path.display().to_string();
    let io = |error: std::io::Error| BookError::Import {
        source_name: source_name.clone(),
        line: None,
        reason: format!("cannot read it: {error}"),
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    check_import_size(&bytes, &source_name)?;
    Ok(bytes)
}

fn check_import_size(bytes: &[u8], source_name: &str) -> Result<(), BookError> {
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(BookError::Import {
            source_name: source_name.to_string(),
            line: None,
            reason: format!(
                "the file is larger than {} MB, far more than a list of accounts",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
        });
    }
    Ok(())
}

/// Merges the accounts of a JSON account book (or export) into `book`. `source_name` names the file in errors.
pub fn import_json(
    book: &mut AccountBook,
    bytes: &[u8],
    source_name: &str,
) -> Result<ImportReport, BookError> {
    check_import_size(bytes, source_name)?;
    let incoming = schema::parse(bytes).map_err(|problem| BookError::Import {
        source_name: source_name.to_string(),
        line: None,
        reason: problem.to_string(),
    })?;
    let mut merged = book.clone();
    let mut report = ImportReport::default();
    for (index, account) in incoming.accounts.into_iter().enumerate() {
        merge(&mut merged, account, &mut report).map_err(|error| BookError::Import {
            source_name: source_name.to_string(),
            line: None,
            reason: format!("account #{} in the file: {error}", index + 1),
        })?;
    }
    *book = merged;
    Ok(report)
}

/// Merges the rows of a CSV file into `book`. Nothing changes unless every row is acceptable.
pub fn import_csv(
    book: &mut AccountBook,
    bytes: &[u8],
    source_name: &str,
) -> Result<ImportReport, BookError> {
    let error = |line: Option<u64>, reason: String| BookError::Import {
        source_name: source_name.to_string(),
        line,
        reason,
    };
    check_import_size(bytes, source_name)?;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| error(Some(1), format!("not readable as CSV: {e}")))?
        .clone();
    let mut columns = Vec::with_capacity(headers.len());
    for header in &headers {
        let known = CSV_COLUMNS
            .iter()
            .find(|column| column.eq_ignore_ascii_case(header.trim()));
        match known {
            Some(column) => columns.push(*column),
            None => {
                return Err(error(
                    Some(1),
                    format!(
                        "unknown column {header:?}; the columns are {}",
                        CSV_COLUMNS.join(", ")
                    ),
                ))
            }
        }
    }
    if !columns.contains(&"upn") {
        return Err(error(Some(1), "the header has no \"upn\" column".into()));
    }
    let mut merged = book.clone();
    let mut report = ImportReport::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            error(
                e.position().map(|p| line_at(bytes, p)),
                format!("not readable as CSV: {e}"),
            )
        })?;
        let line = record.position().map(|position| line_at(bytes, position));
        let mut details = AccountDetails::default();
        for (column, raw) in columns.iter().zip(record.iter()) {
            let value = restore_formula(raw.trim());
            apply_cell(&mut details, column, &value)
                .map_err(|reason| error(line, format!("{column}: {reason}")))?;
        }
        let account = Account {
            id: super::model::AccountId(String::new()),
            details,
            last_inventory: None,
            last_check: None,
            ticket_sent_at: None,
            reregistration: None,
        };
        merge(&mut merged, account, &mut report).map_err(|e| error(line, e.to_string()))?;
    }
    *book = merged;
    Ok(report)
}

/// The 1-based line of a record. The csv crate's own line counter is off by one after CRLF line ends, and its
/// byte offset points at the previous line's `\n` or at the record's first byte; counting line feeds up to and
/// including that byte gives the record's line either way.
fn line_at(bytes: &[u8], position: &csv::Position) -> u64 {
    let end = usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(bytes.len().saturating_sub(1));
    let feeds = bytes
        .get(..=end)
        .map_or(0, |head| head.iter().filter(|&&b| b == b'\n').count());
    feeds as u64 + 1
}

fn apply_cell(details: &mut AccountDetails, column: &str, value: &str) -> Result<(), String> {
    let optional = || (!value.is_empty()).then(|| value.to_string());
    match column {
        "id" => {}
        "upn" => details.upn = value.to_string(),
        "tenantId" => details.tenant_id = optional(),
        "tenantDomain" => details.tenant_domain = optional(),
        "organisation" => details.organisation = optional(),
        "label" => details.label = optional(),
        "fullName" => details.full_name = optional(),
        "personId" => details.person_id = optional(),
        "department" => details.department = optional(),
        "membership" => {
            details.membership = if value.is_empty() {
                Membership::Member
            } else {
                Membership::parse(value)
                    .ok_or_else(|| format!("{value:?} is neither member nor guest"))?
            }
        }
        "adminRole" => {
            details.admin_role =
                parse_yes_no(value).ok_or_else(|| format!("{value:?} is not yes or no"))?
        }
        "itContact" => {
            details.it_contact = if value.is_empty() {
                None
            } else {
                Some(ItContact::parse(value)?)
            }
        }
        "ticketLang" => {
            details.ticket_lang = if value.is_empty() {
                None
            } else {
                Some(Lang::parse(value).ok_or_else(|| {
                    format!("{value:?} is not a language Lifeboat writes (it, en)")
                })?)
            }
        }
        other => return Err(format!("unknown column {other:?}")),
    }
    Ok(())
}

fn parse_yes_no(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "n" => Some(false),
        "yes" | "true" | "1" | "y" | "sì" | "si" | "s" => Some(true),
        _ => None,
    }
}

/// Adds `account` to `book`, or updates the matching account; evidence is kept when newer.
fn merge(
    book: &mut AccountBook,
    account: Account,
    report: &mut ImportReport,
) -> Result<(), BookError> {
    match book.add(account.details.clone()) {
        Ok(id) => {
            if let Some(inventory) = account.last_inventory {
                book.record_inventory(&id, inventory)?;
            }
            if let Some(check) = account.last_check {
                book.record_check(&id, check)?;
            }
            report.added += 1;
        }
        Err(BookError::Duplicate { existing, .. }) => {
            let id = super::model::AccountId(existing);
            book.replace_details(&id, account.details)?;
            let current = book
                .get(&id)
                .cloned()
                .ok_or_else(|| BookError::UnknownAccount(id.0.clone()))?;
            if let Some(inventory) = account.last_inventory {
                if current
                    .last_inventory
                    .as_ref()
                    .is_none_or(|known| known.read_at < inventory.read_at)
                {
                    book.record_inventory(&id, inventory)?;
                }
            }
            if let Some(check) = account.last_check {
                if current
                    .last_check
                    .as_ref()
                    .is_none_or(|known| known.at < check.at)
                {
                    book.record_check(&id, check)?;
                }
            }
            report.updated += 1;
        }
        Err(other) => return Err(other),
    }
    Ok(())
}

/// Spreadsheets run cells starting with these as formulas (CSV injection).
fn starts_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn defuse_formula(cell: &str) -> String {
    if starts_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn restore_formula(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest.to_string(),
        _ => cell.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_book() -> AccountBook {
        let mut book = AccountBook::default();
        book.add(AccountDetails {
            tenant_id: Some("00aa00aa-bb11-cc22-dd33-44ee44ee44ee".into()),
            organisation: Some("Liceo \"Galilei\", Città".into()),
            label: Some("=HYPERLINK(\"http://evil.example\")".into()),
            it_contact: Some(ItContact::Email("helpdesk@scuola.example.it".into())),
            ticket_lang: Some(Lang::It),
            full_name: Some("Maria Teresa Àlvarez".into()),
            person_id: Some("S-12345".into()),
            department: Some("5ª B".into()),
            ..AccountDetails::new("maria@scuola.example.it")
        })
        .unwrap();
        book.add(AccountDetails {
            membership: Membership::Guest,
            tenant_domain: Some("fabrikam.com".into()),
            admin_role: true,
            it_contact: Some(ItContact::Url("https://help.fabrikam.com/new".into())),
            ..AccountDetails::new("maria@consulting.example")
        })
        .unwrap();
        book
    }

    #[test]
    fn csv_round_trips_and_defuses_formulas() {
        let book = sample_book();
        let csv = export_csv(&book);
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.starts_with("id,upn,tenantId,"), "{text}");
        assert!(text.contains("'=HYPERLINK"), "formula defused: {text}");
        let mut imported = AccountBook::default();
        let report = import_csv(&mut imported, &csv, "accounts.csv").unwrap();
        assert_eq!(
            report,
            ImportReport {
                added: 2,
                updated: 0
            }
        );
        assert_eq!(imported, book);
        // Importing again updates instead of duplicating.
        let report = import_csv(&mut imported, &csv, "accounts.csv").unwrap();
        assert_eq!(
            report,
            ImportReport {
                added: 0,
                updated: 2
            }
        );
        assert_eq!(imported.accounts.len(), 2);
    }

    #[test]
    fn csv_errors_name_the_line_and_column_and_change_nothing() {
        let mut book = sample_book();
        let before = book.clone();
        let csv = "upn,membership\r\nok@contoso.com,member\r\nbad@contoso.com,visitor\r\n";
        let error = import_csv(&mut book, csv.as_bytes(), "list.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "list.csv line 3: membership: \"visitor\" is neither member nor guest"
        );
        assert_eq!(book, before);

        let error = import_csv(&mut book, b"email,name\r\n", "list.csv")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("list.csv line 1: unknown column \"email\""),
            "{error}"
        );

        let error = import_csv(
            &mut book,
            "upn\r\nnot-an-address\r\n".as_bytes(),
            "list.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("list.csv line 2: upn:"), "{error}");
    }

    #[test]
    fn csv_accepts_a_byte_order_mark_and_any_header_case() {
        let mut book = AccountBook::default();
        let csv = "\u{feff}UPN,TicketLang,AdminRole\nluca@contoso.com,EN,sì\n";
        import_csv(&mut book, csv.as_bytes(), "x.csv").unwrap();
        let details = &book.accounts[0].details;
        assert_eq!(
            (
                details.upn.as_str(),
                details.ticket_lang,
                details.admin_role
            ),
            ("luca@contoso.com", Some(Lang::En), true)
        );
    }

    #[test]
    fn json_import_merges_and_keeps_newer_evidence() {
        use crate::evidence::{SignInEvidence, SignInOutcome};
        use time::macros::datetime;
        let mut book = sample_book();
        let id = book.accounts[0].id.clone();
        book.record_check(
            &id,
            SignInEvidence::new(SignInOutcome::BlockedByMfa, datetime!(2026-11-20 10:00 UTC)),
        )
        .unwrap();

        let mut other = sample_book();
        other
            .record_check(
                &id,
                SignInEvidence::new(SignInOutcome::Completed, datetime!(2026-11-01 10:00 UTC)),
            )
            .unwrap();
        other.add(AccountDetails::new("new@contoso.com")).unwrap();
        let report = import_json(&mut book, &export_json(&other), "other.json").unwrap();
        assert_eq!(
            report,
            ImportReport {
                added: 1,
                updated: 2
            }
        );
        assert_eq!(
            book.accounts[0].last_check.as_ref().unwrap().outcome,
            SignInOutcome::BlockedByMfa,
            "older evidence does not win"
        );
        assert_eq!(book.accounts[2].details.upn, "new@contoso.com");
        assert_eq!(book.accounts[2].id.0, "3");

        let error = import_json(&mut book, b"{\"hello\": 1}", "other.json")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("other.json: this is JSON but not a Lifeboat account book"),
            "{error}"
        );
    }

    #[test]
    fn an_oversized_import_is_refused_before_it_is_read() {
        let dir = std::env::temp_dir().join(format!("lifeboat-import-huge-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("accounts.csv");
        std::fs::File::create(&path)
            .unwrap()
            .set_len(MAX_IMPORT_BYTES + 1)
            .unwrap();
        let error = read_import_file(&path).unwrap_err();
        assert!(error.to_string().contains("larger than 8 MB"), "{error}");
        let mut book = AccountBook::default();
        let bytes = vec![b' '; MAX_IMPORT_BYTES as usize + 1];
        assert!(import_csv(&mut book, &bytes, "big.csv").is_err());
        assert!(import_json(&mut book, &bytes, "big.json").is_err());
        assert!(book.accounts.is_empty());
        std::fs::remove_dir_all(dir).unwrap();
    }
}

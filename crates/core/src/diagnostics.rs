//! "Export diagnostics": a plain-text report a person can attach to a bug report or hand to their IT desk. It
//! says what Lifeboat knows about each account's last check (outcomes, AADSTS codes, Entra's trace and
//! correlation ids, method counts), never a token, never a full sign-in name or phone number; the log tail is
//! passed through [`redact`] as well, in case anything slipped into it.

use std::fmt::Write as _;
use std::sync::OnceLock;

use regex::Regex;

use time::OffsetDateTime;

use crate::about::AppInfo;
use crate::assess::assess;
use crate::book::AccountBook;
use crate::settings::Settings;
use crate::situation::Situation;
use crate::Lang;

/// What the report is made from.
pub struct DiagnosticsInput<'a> {
    pub about: &'a AppInfo,
    pub practice: bool,
    pub settings: &'a Settings,
    /// The book, or why it could not be read.
    pub book: Result<&'a AccountBook, String>,
    /// Whether sessions can be remembered (keyring), when known.
    pub remembers_sessions: Option<bool>,
    /// The end of the log file, if there is one.
    pub log_tail: Option<&'a str>,
    pub now: OffsetDateTime,
}

/// `m***@contoso.com`: enough to tell accounts apart in a report, not enough to name the person.
pub fn mask_upn(upn: &str) -> String {
    match upn.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

/// Hides what names or reaches a person, and anything that looks like a secret, in free text (the log tail, an
/// error line):
/// - e-mail addresses and sign-in names keep their first letter and domain (`m***@contoso.com`);
/// - home folders lose the user's name (`/home/[user]/…`, `/Users/[user]/…`, `C:\Users\[user]\…`);
/// - words of 32 or more token characters (access and refresh tokens, JWTs, codes) become `[redacted]`, except
///   Entra's trace and correlation ids (GUIDs) and paths;
/// - phone numbers, international (`+` and 7 or more digits) or national (8 to 15 digits with spaces, dashes,
///   dots or brackets, not a date), keep only their last two digits.
pub fn redact(text: &str) -> String {
    let text = mask_home_folders(text);
    let text = mask_email_addresses(&text);
    let text = mask_tokens(&text);
    mask_phone_numbers(&text)
}

fn pattern(cell: &'static OnceLock<Regex>, source: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(source).expect("a valid pattern"))
}

fn mask_home_folders(text: &str) -> String {
    static HOME: OnceLock<Regex> = OnceLock::new();
    // The folder after /home, /Users (Linux, macOS) or X:\Users (Windows, either slash). Followed by a slash it
    // may hold spaces ("C:\Users\Anna Rossi\"); at the end of a path it ends at the first space.
    let home = pattern(
        &HOME,
        r"(?i)(/home/|/Users/|[A-Z]:[\\/]Users[\\/])(?:[^/\\\r\n\x22']+([/\\])|[^/\\\s\x22']+)",
    );
    home.replace_all(text, |found: &regex::Captures<'_>| {
        let separator = found.get(2).map_or("", |separator| separator.as_str());
        format!("{}[user]{separator}", &found[1])
    })
    .into_owned()
}

fn mask_email_addresses(text: &str) -> String {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    let email = pattern(
        &EMAIL,
        r"[A-Za-z0-9._%+'#-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    );
    email
        .replace_all(text, |found: &regex::Captures<'_>| mask_upn(&found[0]))
        .into_owned()
}

fn mask_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '~' | '+' | '/' | '-' | '=');
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if token_char(c) && (index == 0 || !token_char(chars[index - 1])) {
            let mut end = index;
            while end < chars.len() && token_char(chars[end]) {
                end += 1;
            }
            let word = &chars[index..end];
            // A path is not a secret (its user folder is masked above).
            let path = word[0] == '/';
            if word.len() >= 32 && !path && !is_guid_like(word) {
                out.push_str("[redacted]");
                index = end;
                continue;
            }
        }
        out.push(c);
        index += 1;
    }
    out
}

fn mask_phone_numbers(text: &str) -> String {
    static PHONE: OnceLock<Regex> = OnceLock::new();
    static DATE: OnceLock<Regex> = OnceLock::new();
    // A '+' number, or a run of digits and separators that starts and ends with a digit (or an opening bracket),
    // not inside a word (AADSTS50076, a GUID, a version).
    let phone = pattern(&PHONE, r"(?:^|[^\w.:/-])(\+?\(?\d[\d ().-]*\d)");
    let date = pattern(&DATE, r"^\d{4}-\d{2}-\d{2}");
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in phone.captures_iter(text) {
        let number = found.get(1).expect("the pattern has one group");
        let candidate = number.as_str();
        let digits = candidate.chars().filter(char::is_ascii_digit).count();
        let international = candidate.starts_with('+');
        let is_phone = if international {
            digits >= 7
        } else {
            (8..=15).contains(&digits) && !date.is_match(candidate)
        };
        if !is_phone {
            continue;
        }
        out.push_str(&text[last..number.start()]);
        let mut seen = 0;
        for c in candidate.chars() {
            if c.is_ascii_digit() {
                seen += 1;
                out.push(if digits - seen < 2 { c } else { 'X' });
            } else {
                out.push(c);
            }
        }
        last = number.end();
    }
    out.push_str(&text[last..]);
    out
}

/// Entra's trace and correlation ids are GUIDs and are exactly what an admin needs: they stay.
fn is_guid_like(word: &[char]) -> bool {
    let text: String = word.iter().collect();
    crate::book::is_guid(text.trim_end_matches(['.', ',']))
}

/// The report, in English (it is read by whoever fixes the problem).
pub fn diagnostics_report(input: &DiagnosticsInput<'_>) -> String {
    let mut report = String::new();
    let _ = writeln!(report, "Lifeboat diagnostics");
    let _ = writeln!(report, "====================");
    let _ = writeln!(
        report,
        "Made: {}",
        input
            .now
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    );
    let _ = writeln!(
        report,
        "Version: {} ({} {})",
        input.about.version, input.about.product, input.about.os
    );
    let _ = writeln!(
        report,
        "Mode: {}",
        if input.practice {
            "practice"
        } else {
            "real accounts"
        }
    );
    let (client_id, client_name) = input.settings.sign_in_app.client();
    let _ = writeln!(report, "Sign-in app: {client_name} ({client_id})");
    match input.remembers_sessions {
        Some(true) => {
            let _ = writeln!(report, "Sessions: remembered in the system keyring");
        }
        Some(false) => {
            let _ = writeln!(report, "Sessions: not remembered (no usable keyring)");
        }
        None => {}
    }
    let _ = writeln!(report);
    match &input.book {
        Err(reason) => {
            let _ = writeln!(report, "Account book: not readable: {}", redact(reason));
        }
        Ok(book) => {
            let situation = Situation {
                now: Some(input.now),
                ..book.situation.clone()
            };
            let _ = writeln!(
                report,
                "Account book: {} accounts; {} devices declared lost; {} numbers declared unreachable",
                book.accounts.len(),
                book.situation.lost_devices.len(),
                book.situation.unreachable_numbers.len()
            );
            for account in &book.accounts {
                let verdict = assess(&account.evidence(), &situation).verdict;
                let _ = writeln!(
                    report,
                    "- account {}: {} ({}), tenant {}, verdict {}",
                    account.id,
                    mask_upn(&account.details.upn),
                    account.details.membership.code(),
                    account
                        .details
                        .tenant_id
                        .as_deref()
                        .or(account.details.tenant_domain.as_deref())
                        .unwrap_or("from the sign-in name"),
                    verdict.code()
                );
                if let Some(check) = &account.last_check {
                    let _ = writeln!(
                        report,
                        "    last sign-in: {} at {}{}{}{}",
                        check.describe(Lang::En),
                        check
                            .at
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default(),
                        check
                            .aadsts
                            .map(|code| format!(", AADSTS{code}"))
                            .unwrap_or_default(),
                        check
                            .trace_id
                            .as_deref()
                            .map(|id| format!(", trace id {id}"))
                            .unwrap_or_default(),
                        check
                            .correlation_id
                            .as_deref()
                            .map(|id| format!(", correlation id {id}"))
                            .unwrap_or_default(),
                    );
                }
                if let Some(inventory) = &account.last_inventory {
                    let kinds: Vec<String> = inventory
                        .methods
                        .iter()
                        .filter_map(|method| method.get("@odata.type").and_then(|t| t.as_str()))
                        .map(|kind| kind.trim_start_matches("#microsoft.graph.").to_string())
                        .collect();
                    let _ = writeln!(
                        report,
                        "    methods ({:?}, {}): {}",
                        inventory.source,
                        inventory
                            .read_at
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default(),
                        kinds.join(", ")
                    );
                }
            }
        }
    }
    if let Some(tail) = input.log_tail {
        let _ = writeln!(report);
        let _ = writeln!(report, "Log (last lines)");
        let _ = writeln!(report, "----------------");
        report.push_str(&redact(tail));
        if !tail.ends_with('\n') {
            report.push('\n');
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{AccountDetails, InventorySource, StoredInventory};
    use crate::evidence::{SignInEvidence, SignInOutcome};
    use time::macros::datetime;

    const JWT: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const TRACE: &str = "5e178ca4-7a77-491a-a607-1f0a8187d500";

    #[test]
    fn redaction_hides_tokens_and_numbers_but_keeps_entra_ids() {
        let line = format!(
            "token {JWT} for +39 347 555 0123 trace {TRACE}, refresh 0.AVEA{}",
            "x".repeat(60)
        );
        let clean = redact(&line);
        assert!(!clean.contains("eyJ0eXAi"), "{clean}");
        assert!(!clean.contains("0.AVEA"), "{clean}");
        assert!(clean.contains("+XX XXX XXX XX23"), "{clean}");
        assert!(clean.contains(TRACE), "{clean}");
        assert_eq!(
            redact("2026-11-25T10:00:00Z INFO started"),
            "2026-11-25T10:00:00Z INFO started"
        );
    }

    /// Each kind of personal data the log tail can carry, as the report shows it.
    #[test]
    fn redaction_masks_addresses_national_numbers_and_home_folders() {
        let cases = [
            (
                "signed in as marco.ferri@ferriconsulting.it",
                "signed in as m***@ferriconsulting.it",
            ),
            (
                "guest ext_marco#EXT#@studiorinaldi.onmicrosoft.com",
                "guest e***@studiorinaldi.onmicrosoft.com",
            ),
            ("sms to 347 555 0123 failed", "sms to XXX XXX XX23 failed"),
            ("call (206) 555-0123", "call (XXX) XXX-XX23"),
            ("number 0612345678", "number XXXXXXXX78"),
            ("+39 347 555 0123", "+XX XXX XXX XX23"),
            (
                "ticket saved to /home/anna/Desktop/ticket.eml",
                "ticket saved to /home/[user]/Desktop/ticket.eml",
            ),
            (
                "/Users/anna.rossi/Library/Logs/lifeboat.log",
                "/Users/[user]/Library/Logs/lifeboat.log",
            ),
            (
                r"C:\Users\Anna Rossi\Desktop\t.eml",
                r"C:\Users\[user]\Desktop\t.eml",
            ),
            ("log at /home/anna and more", "log at /home/[user] and more"),
            (
                r"c:\users\anna\AppData\Local\lifeboat.log",
                r"c:\users\[user]\AppData\Local\lifeboat.log",
            ),
            // What a person fixing a problem needs stays.
            (
                "2026-11-25T10:00:00Z WARN AADSTS50076 HTTP 503",
                "2026-11-25T10:00:00Z WARN AADSTS50076 HTTP 503",
            ),
            (
                "trace 5e178ca4-7a77-491a-a607-1f0a8187d500",
                "trace 5e178ca4-7a77-491a-a607-1f0a8187d500",
            ),
            (
                "listening on 127.0.0.1:41877 after 1500 ms, version 0.1.0",
                "listening on 127.0.0.1:41877 after 1500 ms, version 0.1.0",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(redact(line), expected, "{line}");
        }
    }

    #[test]
    fn the_report_names_no_person_number_or_token() {
        let mut book = AccountBook::default();
        let id = book
            .add(AccountDetails::new("marco.ferri@ferriconsulting.it"))
            .unwrap();
        book.situation.unreachable_numbers = vec!["+39 3475550123".into()];
        book.record_check(
            &id,
            SignInEvidence {
                aadsts: Some(50076),
                trace_id: Some(TRACE.into()),
                ..SignInEvidence::new(SignInOutcome::BlockedByMfa, datetime!(2026-11-25 09:00 UTC))
            },
        )
        .unwrap();
        book.record_inventory(
            &id,
            StoredInventory {
                methods: vec![serde_json::json!({
                    "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
                    "id": "3179e48a-750b-4051-897c-87b9720928f7",
                    "phoneNumber": "+39 3475550123",
                })],
                read_at: datetime!(2026-11-25 09:00 UTC),
                source: InventorySource::Graph,
            },
        )
        .unwrap();
        let about = crate::about(Lang::En);
        let log = format!("INFO signed in with {JWT}\nWARN retry for +39 3475550123\n");
        let report = diagnostics_report(&DiagnosticsInput {
            about: &about,
            practice: false,
            settings: &Settings::default(),
            book: Ok(&book),
            remembers_sessions: Some(true),
            log_tail: Some(&log),
            now: datetime!(2026-11-25 10:00 UTC),
        });
        assert!(report.contains("m***@ferriconsulting.it"), "{report}");
        assert!(report.contains("AADSTS50076"), "{report}");
        assert!(report.contains(TRACE), "{report}");
        assert!(report.contains("phoneAuthenticationMethod"), "{report}");
        for secret in ["marco.ferri@", "3475550123", "347555", "eyJ0eXAi"] {
            assert!(!report.contains(secret), "{secret} leaked: {report}");
        }
    }
}

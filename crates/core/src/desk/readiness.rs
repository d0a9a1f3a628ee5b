//! A whole tenant's readiness before anyone loses a phone, from `userRegistrationDetails` (docs/MICROSOFT.md
//! §6.4): streamed page by page, never all users at once; each user classified; only the ones to tell kept and
//! written to CSV as they come; progress after each page.
//!
//! The report lists method kinds, not devices, so "one Authenticator device" is read as: every method that can
//! answer a second step lives in the Authenticator app (push, passwordless, a passkey in Authenticator, or a
//! code app, which is usually the same phone).

use std::io::Write;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::graph::DeskCall;
use super::DeskError;
use crate::graph::{GraphCall, GraphClient, GraphError};
use crate::token_store::AccessToken;
use crate::Lang;

/// Records per page asked for (Graph's largest for this report in practice; the page size is not documented).
pub const PAGE_SIZE: u32 = 999;
/// A report of more pages than this is a loop of links, not a tenant.
const MAX_PAGES: usize = 100_000;

/// Methods that only reset a password: they cannot answer a second step.
const NOT_A_SECOND_STEP: [&str; 3] = ["email", "securityQuestion", "none"];
/// Methods that live in the Authenticator app on one phone.
const ON_THE_AUTHENTICATOR: [&str; 4] = [
    "microsoftAuthenticatorPush",
    "microsoftAuthenticatorPasswordless",
    "passKeyDeviceBoundAuthenticator",
    "softwareOneTimePasscode",
];

/// What one user's registrations mean for a lost phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessClass {
    /// Nothing that answers a second step.
    NoMethod,
    /// Every second-step method is in the Authenticator app: losing the phone loses them all.
    SingleAuthenticator,
    Fine,
}

impl ReadinessClass {
    pub fn code(self) -> &'static str {
        match self {
            ReadinessClass::NoMethod => "no_method",
            ReadinessClass::SingleAuthenticator => "single_authenticator",
            ReadinessClass::Fine => "fine",
        }
    }
}

/// Classifies one record by its `methodsRegistered`.
pub fn classify(record: &Value) -> ReadinessClass {
    let methods: Vec<&str> = record
        .get("methodsRegistered")
        .and_then(Value::as_array)
        .map(|values| values.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let second_steps: Vec<&str> = methods
        .into_iter()
        .filter(|method| !NOT_A_SECOND_STEP.contains(method))
        .collect();
    if second_steps.is_empty() {
        ReadinessClass::NoMethod
    } else if second_steps
        .iter()
        .all(|method| ON_THE_AUTHENTICATOR.contains(method))
    {
        ReadinessClass::SingleAuthenticator
    } else {
        ReadinessClass::Fine
    }
}

/// One user to tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessRow {
    pub class: ReadinessClass,
    pub user_principal_name: String,
    pub display_name: String,
    pub user_type: String,
    pub is_admin: bool,
    pub methods: String,
}

impl ReadinessRow {
    fn of(record: &Value, class: ReadinessClass) -> Self {
        let text = |key: &str| {
            record
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        ReadinessRow {
            class,
            user_principal_name: text("userPrincipalName"),
            display_name: text("userDisplayName"),
            user_type: text("userType"),
            is_admin: record
                .get("isAdmin")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            methods: record
                .get("methodsRegistered")
                .and_then(Value::as_array)
                .map(|values| {
                    values
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default(),
        }
    }
}

/// The counts after the report (or so far). Plain numbers in TypeScript: no tenant comes near 2^53 users.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadinessSummary {
    #[ts(type = "number")]
    pub users: u64,
    #[ts(type = "number")]
    pub pages: u64,
    #[ts(type = "number")]
    pub no_method: u64,
    #[ts(type = "number")]
    pub single_authenticator: u64,
    #[ts(type = "number")]
    pub fine: u64,
}

/// Where the users to tell go, as they come.
pub trait ReadinessSink {
    fn row(&mut self, row: &ReadinessRow) -> Result<(), DeskError>;
}

/// The CSV export: a header line, then one line per user to tell, written as they come.
pub struct CsvSink<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    pub fn new(out: W) -> Result<Self, DeskError> {
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record([
                "group",
                "userPrincipalName",
                "displayName",
                "userType",
                "isAdmin",
                "methodsRegistered",
            ])
            .map_err(|error| DeskError::Io(error.to_string()))?;
        Ok(Self { writer })
    }

    pub fn finish(mut self) -> Result<(), DeskError> {
        self.writer.flush().map_err(DeskError::from)
    }
}

impl<W: Write> ReadinessSink for CsvSink<W> {
    fn row(&mut self, row: &ReadinessRow) -> Result<(), DeskError> {
        self.writer
            .write_record([
                row.class.code(),
                &sanitize_cell(&row.user_principal_name),
                &sanitize_cell(&row.display_name),
                &row.user_type,
                if row.is_admin { "true" } else { "false" },
                &row.methods,
            ])
            .map_err(|error| DeskError::Io(error.to_string()))
    }
}

/// A cell a spreadsheet would run as a formula gets a leading apostrophe (names come from the directory).
fn sanitize_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The report, streamed.
pub struct ReadinessReport<'a> {
    pub graph: &'a GraphClient,
    pub token: &'a AccessToken,
}

impl ReadinessReport<'_> {
    /// Reads every page, classifies each user, hands the ones to tell to `sink`, and calls `progress` after
    /// each page with the counts so far. Holds one page at a time.
    pub async fn run(
        &self,
        sink: &mut (dyn ReadinessSink + Send),
        progress: &mut (dyn FnMut(&ReadinessSummary) + Send),
    ) -> Result<ReadinessSummary, DeskError> {
        let mut url = self
            .graph
            .url(&format!(
                "reports/authenticationMethods/userRegistrationDetails?$top={PAGE_SIZE}"
            ))
            .map_err(DeskError::graph)?;
        let mut summary = ReadinessSummary::default();
        for _ in 0..MAX_PAGES {
            let reply = self
                .graph
                .send(&GraphCall::get(url), self.token)
                .await
                .map_err(|error| DeskError::from_graph(error, DeskCall::Report, false))?;
            let Some(records) = reply.body.get("value").and_then(Value::as_array) else {
                return Err(DeskError::graph(GraphError::Malformed(
                    "a page of the registration report has no “value” list".into(),
                )));
            };
            for record in records {
                let class = classify(record);
                summary.users += 1;
                match class {
                    ReadinessClass::NoMethod => summary.no_method += 1,
                    ReadinessClass::SingleAuthenticator => summary.single_authenticator += 1,
                    ReadinessClass::Fine => summary.fine += 1,
                }
                if class != ReadinessClass::Fine {
                    sink.row(&ReadinessRow::of(record, class))?;
                }
            }
            summary.pages += 1;
            progress(&summary);
            match reply.body.get("@odata.nextLink").and_then(Value::as_str) {
                Some(next) => url = self.graph.next_link(next).map_err(DeskError::graph)?,
                None => return Ok(summary),
            }
        }
        Err(DeskError::graph(GraphError::TooManyPages(MAX_PAGES)))
    }
}

/// The message asking users to add a second method, in `lang`.
pub fn draft_message(lang: Lang) -> String {
    lang.say("desk-readiness-message")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn users_are_classified_by_what_answers_a_second_step() {
        let cases: [(&[&str], ReadinessClass); 9] = [
            (&[], ReadinessClass::NoMethod),
            (&["email"], ReadinessClass::NoMethod),
            (&["email", "securityQuestion"], ReadinessClass::NoMethod),
            (
                &["microsoftAuthenticatorPush"],
                ReadinessClass::SingleAuthenticator,
            ),
            (
                &[
                    "microsoftAuthenticatorPush",
                    "passKeyDeviceBoundAuthenticator",
                    "email",
                ],
                ReadinessClass::SingleAuthenticator,
            ),
            (
                &["microsoftAuthenticatorPush", "mobilePhone"],
                ReadinessClass::Fine,
            ),
            (
                &["microsoftAuthenticatorPush", "passKeyDeviceBound"],
                ReadinessClass::Fine,
            ),
            (&["mobilePhone"], ReadinessClass::Fine),
            (
                &["windowsHelloForBusiness", "microsoftAuthenticatorPush"],
                ReadinessClass::Fine,
            ),
        ];
        for (methods, expected) in cases {
            assert_eq!(
                classify(&json!({ "methodsRegistered": methods })),
                expected,
                "{methods:?}"
            );
        }
        assert_eq!(classify(&json!({})), ReadinessClass::NoMethod);
    }

    #[test]
    fn csv_cells_cannot_become_formulas() {
        let mut out = Vec::new();
        let mut sink = CsvSink::new(&mut out).unwrap();
        let row = ReadinessRow::of(
            &json!({"userPrincipalName": "a@x.example", "userDisplayName": "=HYPERLINK(\"x\")", "methodsRegistered": []}),
            ReadinessClass::NoMethod,
        );
        sink.row(&row).unwrap();
        sink.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.lines().nth(1).unwrap().contains("'=HYPERLINK"),
            "{text}"
        );
    }
}

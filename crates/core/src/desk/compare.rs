//! The user's methods now, side by side with what the ticket says: which of the registrations to delete are
//! still there or already gone, which methods Lifeboat read are gone, which are new since.

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::ticket::block::BlockAccount;

/// One method, in the ticket, in the tenant now, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodRow {
    pub id: String,
    /// `#microsoft.graph.…AuthenticationMethod`.
    pub odata_type: String,
    /// Graph's `displayName` (device) or `phoneNumber` (masked for an Authentication Administrator), when shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// In the list Lifeboat read when the ticket was drafted.
    pub in_ticket: bool,
    /// The ticket asks to delete it.
    pub to_remove: bool,
    /// Registered now.
    pub present_now: bool,
}

/// Where a method stands between the ticket and now: what the side-by-side view shows per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowState {
    /// The ticket asks to delete it and it is still there.
    ToRemove,
    /// The ticket asks to delete it and it is gone already.
    AlreadyGone,
    /// Read in the ticket and still there.
    Unchanged,
    /// Registered since the ticket was drafted.
    New,
    /// Read in the ticket, gone since.
    Gone,
}

impl MethodRow {
    pub fn state(&self) -> RowState {
        match (self.to_remove, self.present_now, self.in_ticket) {
            (true, true, _) => RowState::ToRemove,
            (true, false, _) => RowState::AlreadyGone,
            (false, true, true) => RowState::Unchanged,
            (false, true, false) => RowState::New,
            (false, false, _) => RowState::Gone,
        }
    }
}

/// The side-by-side view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub rows: Vec<MethodRow>,
    /// A Temporary Access Pass is registered now (a new one would replace it).
    pub has_temporary_access_pass: bool,
}

impl Comparison {
    /// Registrations the ticket asks to delete that are still there.
    pub fn still_to_remove(&self) -> impl Iterator<Item = &MethodRow> {
        self.rows
            .iter()
            .filter(|row| row.to_remove && row.present_now)
    }

    /// Registrations the ticket asks to delete that are already gone.
    pub fn already_gone(&self) -> impl Iterator<Item = &MethodRow> {
        self.rows
            .iter()
            .filter(|row| row.to_remove && !row.present_now)
    }

    pub fn row(&self, id: &str) -> Option<&MethodRow> {
        self.rows.iter().find(|row| row.id == id)
    }
}

pub(crate) const TAP_TYPE: &str = "#microsoft.graph.temporaryAccessPassAuthenticationMethod";

/// Compares the ticket's account with the methods Graph lists now (raw `value[]` elements).
pub fn compare(account: &BlockAccount, now: &[Value]) -> Comparison {
    let text =
        |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    let mut rows: Vec<MethodRow> = Vec::new();
    for method in account.methods_read.iter().chain(&account.remove) {
        if rows.iter().any(|row| row.id == method.id) {
            continue;
        }
        rows.push(MethodRow {
            id: method.id.clone(),
            odata_type: method.odata_type.clone(),
            label: None,
            in_ticket: account.methods_read.iter().any(|read| read.id == method.id),
            to_remove: account.remove.iter().any(|remove| remove.id == method.id),
            present_now: false,
        });
    }
    for value in now {
        let Some(id) = text(value, "id") else {
            continue;
        };
        let label = text(value, "displayName").or_else(|| text(value, "phoneNumber"));
        match rows.iter_mut().find(|row| row.id == id) {
            Some(row) => {
                row.present_now = true;
                row.label = label;
            }
            None => rows.push(MethodRow {
                id,
                odata_type: text(value, "@odata.type").unwrap_or_default(),
                label,
                in_ticket: false,
                to_remove: false,
                present_now: true,
            }),
        }
    }
    let has_temporary_access_pass = now
        .iter()
        .any(|value| value.get("@odata.type").and_then(Value::as_str) == Some(TAP_TYPE));
    Comparison {
        rows,
        has_temporary_access_pass,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Membership;
    use crate::ticket::block::BlockMethod;
    use serde_json::json;

    const AUTHENTICATOR: &str = "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod";
    const PHONE: &str = "#microsoft.graph.phoneAuthenticationMethod";

    fn method(id: &str, odata_type: &str) -> BlockMethod {
        BlockMethod {
            id: id.into(),
            odata_type: odata_type.into(),
        }
    }

    #[test]
    fn removals_present_or_gone_and_new_methods_are_told_apart() {
        let account = BlockAccount {
            upn: "u@x.example".into(),
            membership: Membership::Member,
            admin_role: false,
            aadsts: None,
            methods_read: vec![
                method("lost", AUTHENTICATOR),
                method("gone", AUTHENTICATOR),
                method("sms", PHONE),
            ],
            remove: vec![method("lost", AUTHENTICATOR), method("gone", AUTHENTICATOR)],
            ask: Vec::new(),
        };
        let now = vec![
            json!({"@odata.type": AUTHENTICATOR, "id": "lost", "displayName": "Redmi"}),
            json!({"@odata.type": PHONE, "id": "sms", "phoneNumber": "+39 XXXXXXXX23"}),
            json!({"@odata.type": TAP_TYPE, "id": "tap"}),
        ];
        let comparison = compare(&account, &now);
        let ids = |rows: Vec<&MethodRow>| rows.iter().map(|row| row.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(comparison.still_to_remove().collect()), ["lost"]);
        assert_eq!(ids(comparison.already_gone().collect()), ["gone"]);
        let new: Vec<&MethodRow> = comparison
            .rows
            .iter()
            .filter(|row| !row.in_ticket)
            .collect();
        assert_eq!(ids(new), ["tap"]);
        assert!(comparison.has_temporary_access_pass);
        let states: Vec<RowState> = comparison.rows.iter().map(MethodRow::state).collect();
        assert_eq!(
            states,
            [
                RowState::ToRemove,
                RowState::AlreadyGone,
                RowState::Unchanged,
                RowState::New
            ]
        );
        assert_eq!(
            comparison.row("lost").unwrap().label.as_deref(),
            Some("Redmi")
        );
        assert_eq!(
            comparison.row("sms").unwrap().label.as_deref(),
            Some("+39 XXXXXXXX23")
        );
    }
}

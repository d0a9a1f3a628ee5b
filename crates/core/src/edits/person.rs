//! The person's own details, given once for every ticket: their full name, an address that still works while the
//! work accounts are locked, the day of the loss and what happened to the phone.

use serde::Deserialize;
use time::Date;
use ts_rs::TS;

use super::{optional_text, FieldError};
pub use crate::book::LossKind;
use crate::book::{model::is_plausible_email, AccountBook};

/// Changes to the person's details. `None` leaves a field as it is; an empty text clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonForm {
    #[ts(optional)]
    pub full_name: Option<String>,
    /// An address IT can answer at: a personal one, never one of the locked work accounts.
    #[ts(optional)]
    pub contact_email: Option<String>,
    /// The day of the loss, `YYYY-MM-DD`.
    #[ts(optional)]
    pub lost_on: Option<String>,
    #[ts(optional)]
    pub loss_kind: Option<LossKind>,
}

impl PersonForm {
    /// Applies the form to `book`; `today` (the person's calendar day, passed in) bounds the day of the loss. On a
    /// refusal nothing is changed.
    pub fn apply(self, book: &mut AccountBook, today: Date) -> Result<(), FieldError> {
        let full_name = match self.full_name {
            Some(value) => {
                let name = optional_text(&value);
                if name
                    .as_deref()
                    .is_some_and(|name| name.chars().any(char::is_control))
                {
                    return Err(FieldError {
                        field: "fullName",
                        reason: format!("{value:?} must be one line"),
                    });
                }
                Some(name)
            }
            None => None,
        };
        let contact_email = match self.contact_email {
            Some(value) => Some(reachable_address(book, &value)?),
            None => None,
        };
        let lost_on = match self.lost_on {
            Some(value) => Some(loss_day(&value, today)?),
            None => None,
        };
        if let Some(name) = full_name {
            book.full_name = name;
        }
        if let Some(address) = contact_email {
            book.contact_email = address;
        }
        if let Some(day) = lost_on {
            book.lost_on = day;
        }
        if let Some(kind) = self.loss_kind {
            book.loss_kind = Some(kind);
        }
        Ok(())
    }
}

/// An address that reaches the person now: a plausible e-mail address that is not the sign-in name of one of
/// their accounts in the book (those are the inboxes they cannot open).
fn reachable_address(book: &AccountBook, value: &str) -> Result<Option<String>, FieldError> {
    let Some(address) = optional_text(value) else {
        return Ok(None);
    };
    if !is_plausible_email(&address) {
        return Err(FieldError {
            field: "contactEmail",
            reason: format!("{address:?} is not an email address"),
        });
    }
    let locked = book
        .accounts
        .iter()
        .any(|account| account.details.upn.trim().eq_ignore_ascii_case(&address));
    if locked {
        return Err(FieldError {
            field: "contactEmail",
            reason: format!(
                "{address:?} is one of your work or school accounts, which you cannot read while it is locked; give an address you can read now (a personal one)"
            ),
        });
    }
    Ok(Some(address))
}

fn loss_day(value: &str, today: Date) -> Result<Option<Date>, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = Date::parse(value, format).map_err(|_| FieldError {
        field: "lostOn",
        reason: format!("{value:?}: write the day as YYYY-MM-DD"),
    })?;
    // A day ahead is allowed: the person's calendar may be a time zone ahead of the one passed in.
    if day > today.next_day().unwrap_or(today) {
        return Err(FieldError {
            field: "lostOn",
            reason: format!("{value:?} is in the future"),
        });
    }
    Ok(Some(day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::AccountDetails;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 03);

    fn book() -> AccountBook {
        let mut book = AccountBook::default();
        book.add(AccountDetails::new("marco.ferri@ferriconsulting.it"))
            .unwrap();
        book
    }

    #[test]
    fn the_details_are_set_once_and_an_empty_text_clears() {
        let mut book = book();
        PersonForm {
            full_name: Some(" Marco Ferri ".into()),
            contact_email: Some("marco.ferri@gmail.example".into()),
            lost_on: Some("2026-12-01".into()),
            loss_kind: Some(LossKind::Broken),
        }
        .apply(&mut book, TODAY)
        .unwrap();
        assert_eq!(book.full_name.as_deref(), Some("Marco Ferri"));
        assert_eq!(
            book.contact_email.as_deref(),
            Some("marco.ferri@gmail.example")
        );
        assert_eq!(book.lost_on, Some(date!(2026 - 12 - 01)));
        assert_eq!(book.loss_kind, Some(LossKind::Broken));
        PersonForm {
            lost_on: Some(String::new()),
            ..PersonForm::default()
        }
        .apply(&mut book, TODAY)
        .unwrap();
        assert_eq!(book.lost_on, None);
        assert_eq!(book.full_name.as_deref(), Some("Marco Ferri"), "kept");
    }

    #[test]
    fn a_locked_account_is_never_the_reply_address_and_refusals_change_nothing() {
        let mut book = book();
        let before = book.clone();
        let cases = [
            (
                PersonForm {
                    contact_email: Some("Marco.Ferri@FerriConsulting.it".into()),
                    ..PersonForm::default()
                },
                "contactEmail",
                "is one of your work or school accounts",
            ),
            (
                PersonForm {
                    contact_email: Some("not an address".into()),
                    ..PersonForm::default()
                },
                "contactEmail",
                "is not an email address",
            ),
            (
                PersonForm {
                    full_name: Some("Marco".into()),
                    lost_on: Some("yesterday".into()),
                    ..PersonForm::default()
                },
                "lostOn",
                "\"yesterday\": write the day as YYYY-MM-DD",
            ),
            (
                PersonForm {
                    lost_on: Some("2026-12-25".into()),
                    ..PersonForm::default()
                },
                "lostOn",
                "is in the future",
            ),
            (
                PersonForm {
                    full_name: Some("Marco\nFerri".into()),
                    ..PersonForm::default()
                },
                "fullName",
                "must be one line",
            ),
        ];
        for (form, field, reason) in cases {
            let error = form.apply(&mut book, TODAY).unwrap_err();
            assert_eq!(error.field, field);
            assert!(error.reason.contains(reason), "{}", error.reason);
            assert_eq!(book, before);
        }
    }
}

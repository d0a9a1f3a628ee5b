//! Adding and changing an account: the window's account form and the command line's `--upn`, `--it-contact`, …
//! flags are the same [`AccountForm`].

use serde::Deserialize;
use ts_rs::TS;

use super::{optional_text, FieldError};
use crate::book::{AccountBook, AccountDetails, AccountId, BookError, ItContact, Membership};
use crate::Lang;

/// What a person types about an account. `None` leaves a field as it is; an empty text clears it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountForm {
    /// The sign-in name (user principal name).
    #[ts(optional)]
    pub upn: Option<String>,
    /// The organisation's name as the person knows it.
    #[ts(optional)]
    pub organisation: Option<String>,
    /// The person's own label for the account.
    #[ts(optional)]
    pub label: Option<String>,
    #[ts(optional)]
    pub membership: Option<Membership>,
    /// The tenant's id. The window sends the id it just looked up for the sign-in name; without a fresh one the
    /// book keeps the old id while it still fits the organisation.
    #[ts(optional)]
    pub tenant_id: Option<String>,
    /// The inviting tenant's domain (guests), or a domain of the tenant.
    #[ts(optional)]
    pub tenant_domain: Option<String>,
    /// IT's e-mail address or helpdesk web page.
    #[ts(optional)]
    pub it_contact: Option<String>,
    /// The language of this tenant's ticket (`it`, `en`, …).
    #[ts(optional)]
    pub ticket_lang: Option<String>,
    /// The person's full name as this organisation knows it, when it differs from the name given once.
    #[ts(optional)]
    pub full_name: Option<String>,
    /// Student or staff ID.
    #[ts(optional)]
    pub person_id: Option<String>,
    /// Course or department.
    #[ts(optional)]
    pub department: Option<String>,
    /// Whether the person holds an administrator role in this tenant: then only a Privileged Authentication
    /// Administrator can reset their methods, and the ticket asks for a second person's check.
    #[ts(optional)]
    pub admin_role: Option<bool>,
}

impl AccountForm {
    /// The details after the form: each given field replaced (parsed and checked), the others kept. The whole
    /// account is then validated by the book when it is added or replaced.
    pub fn apply(self, mut details: AccountDetails) -> Result<AccountDetails, FieldError> {
        if let Some(upn) = self.upn {
            details.upn = upn.trim().to_string();
        }
        let texts = [
            (self.organisation, &mut details.organisation),
            (self.label, &mut details.label),
            (self.tenant_domain, &mut details.tenant_domain),
            (self.full_name, &mut details.full_name),
            (self.person_id, &mut details.person_id),
            (self.department, &mut details.department),
        ];
        for (given, stored) in texts {
            if let Some(value) = given {
                *stored = optional_text(&value);
            }
        }
        if let Some(value) = self.tenant_id {
            details.tenant_id = optional_text(&value);
        }
        if let Some(membership) = self.membership {
            details.membership = membership;
        }
        if let Some(admin_role) = self.admin_role {
            details.admin_role = admin_role;
        }
        if let Some(value) = self.it_contact {
            details.it_contact = match optional_text(&value) {
                None => None,
                Some(value) => Some(ItContact::parse(&value).map_err(|reason| FieldError {
                    field: "itContact",
                    reason: format!("{value:?} {reason}"),
                })?),
            };
        }
        if let Some(value) = self.ticket_lang {
            details.ticket_lang = match optional_text(&value) {
                None => None,
                Some(value) => Some(Lang::parse(&value).ok_or_else(|| FieldError {
                    field: "ticketLang",
                    reason: format!(
                        "{value:?}: use one of Lifeboat's languages ({})",
                        language_codes()
                    ),
                })?),
            };
        }
        Ok(details)
    }
}

fn language_codes() -> String {
    Lang::ALL
        .iter()
        .map(|lang| lang.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds the account the form describes; the sign-in name is required. Returns the new account's id.
pub fn add_account(book: &mut AccountBook, form: AccountForm) -> Result<AccountId, BookError> {
    if form.upn.as_deref().is_none_or(|upn| upn.trim().is_empty()) {
        return Err(BookError::Invalid(FieldError {
            field: "upn",
            reason: "a new account needs its sign-in name".into(),
        }));
    }
    let details = form.apply(AccountDetails::default())?;
    book.add(details)
}

/// What an edit did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub id: AccountId,
    /// The keyring entry of the account's remembered session before the edit, when the edit moved the account
    /// to another one (its sign-in name, organisation or membership changed): the front end forgets it, so no
    /// session is left behind under a key nothing points to.
    pub stale_session: Option<String>,
}

/// Changes the account `selector` names (an id or a sign-in name, as `find` reads it) as the form says.
pub fn edit_account(
    book: &mut AccountBook,
    selector: &str,
    form: AccountForm,
) -> Result<Edited, BookError> {
    let found = book.find(selector)?;
    let id = found.id.clone();
    let before = found.session_key();
    let details = form.apply(found.details.clone())?;
    book.replace_details(&id, details)?;
    let after = book.get(&id).map(|account| account.session_key());
    Ok(Edited {
        stale_session: (after.as_deref() != Some(before.as_str())).then_some(before),
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> AccountForm {
        AccountForm {
            upn: Some("anna@contoso.com".into()),
            ..AccountForm::default()
        }
    }

    #[test]
    fn fields_not_given_are_kept_and_empty_ones_are_cleared() {
        let current = AccountDetails {
            full_name: Some("Anna Rossi".into()),
            department: Some("Finance".into()),
            ..AccountDetails::new("anna@contoso.com")
        };
        let details = AccountForm {
            department: Some("  ".into()),
            it_contact: Some("https://help.contoso.com".into()),
            ..form()
        }
        .apply(current)
        .unwrap();
        assert_eq!(details.full_name.as_deref(), Some("Anna Rossi"));
        assert_eq!(details.department, None);
        assert_eq!(
            details.it_contact,
            Some(ItContact::Url("https://help.contoso.com".into()))
        );
    }

    #[test]
    fn each_refusal_names_its_field_and_starts_with_the_value() {
        let cases = [
            (
                AccountForm {
                    it_contact: Some("call Bob".into()),
                    ..form()
                },
                "itContact",
                "\"call Bob\" is neither an email address",
            ),
            (
                AccountForm {
                    ticket_lang: Some("de".into()),
                    ..form()
                },
                "ticketLang",
                "\"de\": use one of Lifeboat's languages",
            ),
        ];
        for (form, field, reason) in cases {
            let error = form.apply(AccountDetails::default()).unwrap_err();
            assert_eq!(error.field, field);
            assert!(error.reason.starts_with(reason), "{}", error.reason);
        }
    }

    /// The window sends the tenant id only when it just looked one up for the sign-in name: a fresh id replaces
    /// the old one, and without one the book keeps the id while it still fits the organisation.
    #[test]
    fn a_looked_up_tenant_id_is_kept_until_the_organisation_changes() {
        const ID: &str = "a7e2c9b4-3d16-4c8e-8f05-6b1d9e2a7c31";
        let mut book = AccountBook::default();
        let id = add_account(
            &mut book,
            AccountForm {
                upn: Some("marco@ferriconsulting.it".into()),
                tenant_id: Some(ID.into()),
                ..AccountForm::default()
            },
        )
        .unwrap();
        let tenant = |book: &AccountBook| book.get(&id).unwrap().details.tenant_id.clone();
        edit_account(
            &mut book,
            &id.0,
            AccountForm {
                organisation: Some("Ferri".into()),
                ..AccountForm::default()
            },
        )
        .unwrap();
        assert_eq!(
            tenant(&book).as_deref(),
            Some(ID),
            "no lookup: the id stays"
        );
        let moved = edit_account(
            &mut book,
            &id.0,
            AccountForm {
                upn: Some("marco@oml.it".into()),
                ..AccountForm::default()
            },
        )
        .unwrap();
        assert_eq!(tenant(&book), None, "another organisation: the old id goes");
        assert_eq!(
            moved.stale_session.as_deref(),
            Some("marco@ferriconsulting.it|ferriconsulting.it"),
            "the old session's keyring entry is named for forgetting"
        );
    }

    #[test]
    fn adding_needs_a_sign_in_name_and_the_book_validates_the_rest() {
        let mut book = AccountBook::default();
        let missing = add_account(&mut book, AccountForm::default()).unwrap_err();
        assert!(matches!(
            missing,
            BookError::Invalid(FieldError { field: "upn", .. })
        ));
        let guest = add_account(
            &mut book,
            AccountForm {
                membership: Some(Membership::Guest),
                ..form()
            },
        )
        .unwrap_err();
        assert!(
            guest
                .to_string()
                .contains("a guest account needs the inviting tenant"),
            "{guest}"
        );
        let id = add_account(
            &mut book,
            AccountForm {
                admin_role: Some(true),
                ..form()
            },
        )
        .unwrap();
        assert!(book.get(&id).unwrap().details.admin_role);
        let edited = edit_account(
            &mut book,
            "anna@contoso.com",
            AccountForm {
                person_id: Some("S-1234".into()),
                ..AccountForm::default()
            },
        )
        .unwrap();
        assert_eq!(
            edited,
            Edited {
                id: id.clone(),
                stale_session: None
            },
            "the same sign-in and organisation: the same session"
        );
        assert_eq!(
            book.get(&id).unwrap().details.person_id.as_deref(),
            Some("S-1234")
        );
    }
}

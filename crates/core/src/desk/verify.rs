//! Identity verification before anything is changed: how the admin confirmed it was the person (a closed set),
//! and for an account holding an administrator role a second person's name and the confirmation that the admin
//! acting holds Privileged Authentication Administrator (docs/MICROSOFT.md §6.2). Actions take a
//! [`Verification`], which only [`VerificationForm::complete`] makes.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use super::audit::{AuditEntry, DONE, VERIFY};
use crate::ticket::block::BlockAccount;
use crate::Lang;

/// How the admin confirmed who is asking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IdentityCheck {
    /// A video call with an identity document shown.
    VideoCallWithId,
    InPerson,
    /// A call back to the number the organisation has on file (never one given in the ticket).
    CallBackOnFile,
    /// Anything else, described.
    Other {
        text: String,
    },
}

impl IdentityCheck {
    /// The short code the CLI takes and the audit log writes.
    pub fn code(&self) -> &'static str {
        match self {
            IdentityCheck::VideoCallWithId => "video_call_with_id",
            IdentityCheck::InPerson => "in_person",
            IdentityCheck::CallBackOnFile => "call_back_on_file",
            IdentityCheck::Other { .. } => "other",
        }
    }

    /// From the code (`other` takes the description).
    pub fn parse(code: &str, text: Option<&str>) -> Option<IdentityCheck> {
        Some(match code.trim() {
            "video_call_with_id" | "video" => IdentityCheck::VideoCallWithId,
            "in_person" => IdentityCheck::InPerson,
            "call_back_on_file" | "call_back" => IdentityCheck::CallBackOnFile,
            "other" => IdentityCheck::Other {
                text: text.unwrap_or_default().to_string(),
            },
            _ => return None,
        })
    }

    pub fn words(&self, lang: Lang) -> String {
        match self {
            IdentityCheck::VideoCallWithId => lang.say("desk-identity-video-call-with-id"),
            IdentityCheck::InPerson => lang.say("desk-identity-in-person"),
            IdentityCheck::CallBackOnFile => lang.say("desk-identity-call-back-on-file"),
            IdentityCheck::Other { text } => lang.say_with(
                "desk-identity-other",
                &crate::args! { "text" => text.as_str() },
            ),
        }
    }
}

/// What the admin filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerificationForm {
    pub how: Option<IdentityCheck>,
    /// For an administrator's account: who checked the identity as well.
    pub second_person: Option<String>,
    /// For an administrator's account: the admin acting holds Privileged Authentication Administrator.
    pub privileged_admin_confirmed: bool,
}

/// What is missing from the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, thiserror::Error, TS)]
#[serde(rename_all = "snake_case")]
pub enum VerifyError {
    #[error("say how the identity was confirmed")]
    HowMissing,
    #[error("describe how the identity was confirmed")]
    OtherWithoutText,
    #[error("an administrator's account needs a second person's name")]
    SecondPersonMissing,
    #[error("the second person must be someone other than the admin acting")]
    SecondPersonIsTheAdmin,
    #[error("an administrator's account needs a Privileged Authentication Administrator")]
    PrivilegedAdminNotConfirmed,
}

impl VerifyError {
    pub fn explain(self, lang: Lang) -> String {
        lang.say(match self {
            VerifyError::HowMissing => "desk-verify-how-missing",
            VerifyError::OtherWithoutText => "desk-verify-other-without-text",
            VerifyError::SecondPersonMissing => "desk-verify-second-person-missing",
            VerifyError::SecondPersonIsTheAdmin => "desk-verify-second-person-is-the-admin",
            VerifyError::PrivilegedAdminNotConfirmed => "desk-verify-privileged-admin",
        })
    }
}

/// A completed checklist for one account: the key that unlocks the actions on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    upn: String,
    how: IdentityCheck,
    #[serde(skip_serializing_if = "Option::is_none")]
    second_person: Option<String>,
    /// The admin who acts.
    by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    at: OffsetDateTime,
}

impl Verification {
    /// The account it was completed for.
    pub fn upn(&self) -> &str {
        &self.upn
    }

    pub fn how(&self) -> &IdentityCheck {
        &self.how
    }

    pub fn second_person(&self) -> Option<&str> {
        self.second_person.as_deref()
    }

    /// The admin who completed it and acts.
    pub fn by(&self) -> &str {
        &self.by
    }

    pub fn at(&self) -> OffsetDateTime {
        self.at
    }

    /// The latest verification of `upn` by `admin` in the audit log, if younger than `max_age` at `now`: a
    /// checklist completed with `lifeboat desk verify` unlocks the next commands for a while.
    pub fn recorded(
        entries: &[AuditEntry],
        upn: &str,
        admin: &str,
        now: OffsetDateTime,
        max_age: time::Duration,
    ) -> Option<Verification> {
        entries
            .iter()
            .rev()
            .filter(|entry| entry.action == VERIFY && entry.outcome == DONE)
            .find(|entry| {
                entry.target.eq_ignore_ascii_case(upn.trim())
                    && entry.admin.eq_ignore_ascii_case(admin.trim())
            })
            .filter(|entry| entry.at <= now && now - entry.at <= max_age)
            .and_then(|entry| {
                Some(Verification {
                    upn: entry.target.clone(),
                    how: entry.identity.clone()?,
                    second_person: entry.second_person.clone(),
                    by: entry.admin.clone(),
                    at: entry.at,
                })
            })
    }
}

impl VerificationForm {
    /// The checklist for `account`, completed by `admin` at `now`; every gap at once otherwise.
    pub fn complete(
        &self,
        account: &BlockAccount,
        admin: &str,
        now: OffsetDateTime,
    ) -> Result<Verification, Vec<VerifyError>> {
        let mut missing = Vec::new();
        match &self.how {
            None => missing.push(VerifyError::HowMissing),
            Some(IdentityCheck::Other { text }) if text.trim().is_empty() => {
                missing.push(VerifyError::OtherWithoutText)
            }
            Some(_) => {}
        }
        let second = self
            .second_person
            .as_deref()
            .map(|name| name.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|name| !name.is_empty());
        if account.admin_role {
            match &second {
                None => missing.push(VerifyError::SecondPersonMissing),
                Some(name) if name.eq_ignore_ascii_case(admin.trim()) => {
                    missing.push(VerifyError::SecondPersonIsTheAdmin)
                }
                Some(_) => {}
            }
            if !self.privileged_admin_confirmed {
                missing.push(VerifyError::PrivilegedAdminNotConfirmed);
            }
        }
        match (&self.how, missing.is_empty()) {
            (Some(how), true) => Ok(Verification {
                upn: account.upn.clone(),
                how: how.clone(),
                second_person: second.filter(|_| account.admin_role),
                by: admin.trim().to_string(),
                at: now,
            }),
            _ => Err(missing),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::Membership;

    fn account(admin_role: bool) -> BlockAccount {
        BlockAccount {
            upn: "giulia@school.example".into(),
            membership: Membership::Member,
            admin_role,
            aadsts: None,
            methods_read: Vec::new(),
            remove: Vec::new(),
            ask: Vec::new(),
        }
    }

    #[test]
    fn the_checklist_names_every_gap() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let other = |text: &str| Some(IdentityCheck::Other { text: text.into() });
        let cases: Vec<(bool, VerificationForm, Vec<VerifyError>)> = vec![
            (
                false,
                VerificationForm::default(),
                vec![VerifyError::HowMissing],
            ),
            (
                false,
                VerificationForm {
                    how: other("  "),
                    ..Default::default()
                },
                vec![VerifyError::OtherWithoutText],
            ),
            (
                true,
                VerificationForm {
                    how: Some(IdentityCheck::InPerson),
                    ..Default::default()
                },
                vec![
                    VerifyError::SecondPersonMissing,
                    VerifyError::PrivilegedAdminNotConfirmed,
                ],
            ),
            (
                true,
                VerificationForm {
                    how: Some(IdentityCheck::InPerson),
                    second_person: Some("Admin@School.example".into()),
                    privileged_admin_confirmed: true,
                },
                vec![VerifyError::SecondPersonIsTheAdmin],
            ),
        ];
        for (admin_role, form, expected) in cases {
            assert_eq!(
                form.complete(&account(admin_role), "admin@school.example", now)
                    .unwrap_err(),
                expected,
                "{form:?}"
            );
        }
    }

    #[test]
    fn a_complete_checklist_unlocks_and_keeps_the_second_person_only_for_admins() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let form = VerificationForm {
            how: Some(IdentityCheck::CallBackOnFile),
            second_person: Some("  Paola   Neri ".into()),
            privileged_admin_confirmed: true,
        };
        let admin = form
            .complete(&account(true), "admin@school.example", now)
            .unwrap();
        assert_eq!(admin.second_person(), Some("Paola Neri"));
        let member = form
            .complete(&account(false), "admin@school.example", now)
            .unwrap();
        assert_eq!(member.second_person(), None);
        assert_eq!(*member.how(), IdentityCheck::CallBackOnFile);
    }

    #[test]
    fn a_recorded_verification_unlocks_for_its_account_admin_and_time_only() {
        let at = OffsetDateTime::UNIX_EPOCH + time::Duration::days(1);
        let form = VerificationForm {
            how: Some(IdentityCheck::InPerson),
            ..Default::default()
        };
        let done = form
            .complete(&account(false), "admin@school.example", at)
            .unwrap();
        let entries = [AuditEntry::of_verification(&done)];
        let hours = |h: i64| at + time::Duration::hours(h);
        let eight = time::Duration::hours(8);
        let found = |upn: &str, admin: &str, now| {
            Verification::recorded(&entries, upn, admin, now, eight).is_some()
        };
        assert!(found(
            "Giulia@school.example",
            "admin@school.example",
            hours(1)
        ));
        assert!(!found(
            "other@school.example",
            "admin@school.example",
            hours(1)
        ));
        assert!(!found(
            "giulia@school.example",
            "someone@school.example",
            hours(1)
        ));
        assert!(!found(
            "giulia@school.example",
            "admin@school.example",
            hours(9)
        ));
        assert!(!found(
            "giulia@school.example",
            "admin@school.example",
            hours(-1)
        ));
        let again = Verification::recorded(
            &entries,
            "giulia@school.example",
            "admin@school.example",
            hours(1),
            eight,
        );
        assert_eq!(again, Some(done));
    }

    #[test]
    fn codes_round_trip() {
        for check in [
            IdentityCheck::VideoCallWithId,
            IdentityCheck::InPerson,
            IdentityCheck::CallBackOnFile,
            IdentityCheck::Other {
                text: "badge".into(),
            },
        ] {
            assert_eq!(
                IdentityCheck::parse(check.code(), Some("badge")),
                Some(check)
            );
        }
        assert_eq!(IdentityCheck::parse("telepathy", None), None);
    }
}

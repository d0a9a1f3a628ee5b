//! What a check of an account leaves in the book, shared by `lifeboat check` and the window's "Check in turn":
//! which keyring entry holds the session, how the sign-in evidence and the methods read are recorded, and the
//! person's one-click answer to "did it ask for a second step?" (docs/PRODUCT.md §3). Where and as what an
//! account signs in is the sign-in layer's (`signin::AccountTarget::for_account`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::BookError;
use super::model::{Account, AccountBook, AccountId, InventorySource, StoredInventory};
use crate::evidence::SignInOutcome;
use crate::signin::{AccountCheck, MethodsReading};

/// What reading the methods gave, in one word for progress lines and the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MethodsStatus {
    Read,
    NeedsAdminConsent,
    Failed,
    NotRead,
}

impl MethodsStatus {
    pub fn of(reading: &MethodsReading) -> Self {
        match reading {
            MethodsReading::Read { .. } => MethodsStatus::Read,
            MethodsReading::NeedsAdminConsent { .. } => MethodsStatus::NeedsAdminConsent,
            MethodsReading::Failed { .. } => MethodsStatus::Failed,
            MethodsReading::NotRead => MethodsStatus::NotRead,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MethodsStatus::Read => "read",
            MethodsStatus::NeedsAdminConsent => "needs_admin_consent",
            MethodsStatus::Failed => "failed",
            MethodsStatus::NotRead => "not_read",
        }
    }
}

impl Account {
    /// The organisation's name for people: as typed, else the organisation's domain (a guest's inviting
    /// domain; a member's UPN domain). `None` when only a tenant id is known.
    pub fn organisation_name(&self) -> Option<String> {
        let details = &self.details;
        details
            .organisation
            .clone()
            .or_else(|| details.tenant_domain.clone())
            .or_else(|| match details.membership {
                super::Membership::Guest => None,
                _ => details.upn_domain().map(str::to_string),
            })
    }

    /// The keyring key of this account's remembered session with Microsoft's hosts (with any other, the sign-in
    /// layer adds their origins: `signin::keyring_key`): sign-in name and tenant, so two books (or a member and a
    /// guest account with the same name) never share a session by id. Only what the person typed goes in: the
    /// tenant id a sign-in teaches the book must not move the session to another entry.
    pub fn session_key(&self) -> String {
        let details = &self.details;
        let tenant = details
            .tenant_domain
            .as_deref()
            .or(match details.membership {
                // A guest signs in at the resource tenant, which only the person can name.
                super::Membership::Guest => details.tenant_id.as_deref(),
                _ => None,
            })
            .or(details.upn_domain())
            .unwrap_or("");
        format!(
            "{}|{}",
            details.upn.to_ascii_lowercase(),
            tenant.to_ascii_lowercase()
        )
    }
}

impl AccountBook {
    /// Records a check: its sign-in evidence (a skip or a passing failure never replaces earlier evidence, which
    /// may be decisive), the methods read, and the tenant id learnt from the sign-in when the book had none.
    pub fn record_account_check(
        &mut self,
        id: &AccountId,
        check: &AccountCheck,
    ) -> Result<MethodsStatus, BookError> {
        let previous = self.get(id).map(|account| account.last_check.is_some());
        let Some(had_evidence) = previous else {
            return Err(BookError::UnknownAccount(id.0.clone()));
        };
        let inconclusive = matches!(
            check.evidence.outcome,
            SignInOutcome::Skipped | SignInOutcome::Transient
        );
        if !inconclusive || !had_evidence {
            self.record_check(id, check.evidence.clone())?;
        }
        if let MethodsReading::Read { methods, read_at } = &check.methods {
            self.record_inventory(
                id,
                StoredInventory {
                    methods: methods.clone(),
                    read_at: *read_at,
                    source: InventorySource::Graph,
                },
            )?;
        }
        if let (Some(identity), Some(account)) = (&check.identity, self.get(id)) {
            if account.details.tenant_id.is_none() {
                let mut details = account.details.clone();
                details.tenant_id = Some(identity.tenant_id.clone());
                // A tenant id the book refuses is simply not kept; the check itself stands.
                let _ = self.replace_details(id, details);
            }
        }
        Ok(MethodsStatus::of(&check.methods))
    }

    /// Stores the person's answer to "did the sign-in ask for a second step, and did you pass it with
    /// something you still have?" on the account's last completed sign-in. Only a completed sign-in can be
    /// confirmed: anything else is refused, so a stale click can never turn a blocked sign-in into proof.
    pub fn confirm_second_step(
        &mut self,
        id: &AccountId,
        confirmed: bool,
        method: Option<String>,
    ) -> Result<(), BookError> {
        let account = self.get_mut(id)?;
        match account.last_check.as_mut() {
            Some(check) if check.outcome == SignInOutcome::Completed => {
                check.second_step_confirmed = Some(confirmed);
                check.second_step_method = if confirmed {
                    method
                        .map(|label| label.trim().chars().take(200).collect::<String>())
                        .filter(|label| !label.is_empty())
                } else {
                    None
                };
                Ok(())
            }
            _ => Err(BookError::NothingToConfirm(id.0.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::AccountDetails;
    use crate::evidence::SignInEvidence;
    use crate::signin::SignedInIdentity;
    use time::macros::datetime;

    fn check(outcome: SignInOutcome, methods: MethodsReading) -> AccountCheck {
        AccountCheck {
            account_key: "k".into(),
            evidence: SignInEvidence::new(outcome, datetime!(2026-11-25 10:00 UTC)),
            identity: None,
            profile: None,
            methods,
            remembered: false,
            problem: None,
        }
    }

    fn book_with_one() -> (AccountBook, AccountId) {
        let mut book = AccountBook::default();
        let id = book.add(AccountDetails::new("anna@contoso.com")).unwrap();
        (book, id)
    }

    #[test]
    fn a_skip_never_replaces_earlier_evidence_but_is_kept_when_there_is_none() {
        let (mut book, id) = book_with_one();
        book.record_account_check(&id, &check(SignInOutcome::Skipped, MethodsReading::NotRead))
            .unwrap();
        assert_eq!(
            book.get(&id).unwrap().last_check.as_ref().unwrap().outcome,
            SignInOutcome::Skipped
        );
        book.record_account_check(
            &id,
            &check(SignInOutcome::BlockedByMfa, MethodsReading::NotRead),
        )
        .unwrap();
        for passing in [SignInOutcome::Skipped, SignInOutcome::Transient] {
            book.record_account_check(&id, &check(passing, MethodsReading::NotRead))
                .unwrap();
            assert_eq!(
                book.get(&id).unwrap().last_check.as_ref().unwrap().outcome,
                SignInOutcome::BlockedByMfa
            );
        }
    }

    #[test]
    fn methods_read_are_stored_and_the_tenant_id_is_learnt_once() {
        let (mut book, id) = book_with_one();
        let mut completed = check(
            SignInOutcome::Completed,
            MethodsReading::Read {
                methods: vec![
                    serde_json::json!({"@odata.type": "#microsoft.graph.phoneAuthenticationMethod", "id": "p"}),
                ],
                read_at: datetime!(2026-11-25 10:00 UTC),
            },
        );
        completed.identity = Some(SignedInIdentity {
            tenant_id: "72f988bf-86f1-41af-91ab-2d7cd011db47".into(),
            object_id: None,
            preferred_username: Some("anna@contoso.com".into()),
            name: None,
        });
        let key_before = book.get(&id).unwrap().session_key();
        let status = book.record_account_check(&id, &completed).unwrap();
        assert_eq!(status, MethodsStatus::Read);
        let account = book.get(&id).unwrap();
        assert_eq!(account.last_inventory.as_ref().unwrap().methods.len(), 1);
        assert_eq!(
            account.details.tenant_id.as_deref(),
            Some("72f988bf-86f1-41af-91ab-2d7cd011db47")
        );
        assert_eq!(
            account.session_key(),
            key_before,
            "the remembered session stays where it was saved"
        );
    }

    #[test]
    fn only_a_completed_sign_in_can_be_confirmed() {
        let (mut book, id) = book_with_one();
        assert!(matches!(
            book.confirm_second_step(&id, true, None),
            Err(BookError::NothingToConfirm(_))
        ));
        book.record_account_check(
            &id,
            &check(SignInOutcome::BlockedByMfa, MethodsReading::NotRead),
        )
        .unwrap();
        assert!(book.confirm_second_step(&id, true, None).is_err());

        book.record_account_check(
            &id,
            &check(SignInOutcome::Completed, MethodsReading::NotRead),
        )
        .unwrap();
        book.confirm_second_step(&id, true, Some("  SMS to +39 XXX XXX 4567 ".into()))
            .unwrap();
        let evidence = book.get(&id).unwrap().last_check.clone().unwrap();
        assert!(evidence.proves_usable_second_step());
        assert_eq!(
            evidence.second_step_method.as_deref(),
            Some("SMS to +39 XXX XXX 4567")
        );
        book.confirm_second_step(&id, false, Some("SMS".into()))
            .unwrap();
        let evidence = book.get(&id).unwrap().last_check.clone().unwrap();
        assert!(!evidence.proves_usable_second_step());
        assert_eq!(evidence.second_step_method, None);
    }

    #[test]
    fn a_member_and_a_guest_of_the_same_name_keep_their_own_session_entry() {
        let mut book = AccountBook::default();
        let member = book
            .add(AccountDetails::new("marco@ferriconsulting.it"))
            .unwrap();
        let guest = book
            .add(AccountDetails {
                tenant_domain: Some("studiorinaldi.it".into()),
                membership: crate::book::Membership::Guest,
                ..AccountDetails::new("marco@ferriconsulting.it")
            })
            .unwrap();
        let member = book.get(&member).unwrap();
        let guest = book.get(&guest).unwrap();
        assert_eq!(
            member.session_key(),
            "marco@ferriconsulting.it|ferriconsulting.it"
        );
        assert_eq!(
            guest.session_key(),
            "marco@ferriconsulting.it|studiorinaldi.it"
        );
    }

    #[test]
    fn the_organisation_is_named_by_what_people_recognise_never_by_a_learnt_id() {
        let typed = Account {
            id: AccountId("1".into()),
            details: AccountDetails {
                organisation: Some("Ferri Consulting".into()),
                tenant_id: Some("a7e2c9b4-3d16-4c8e-8f05-6b1d9e2a7c31".into()),
                ..AccountDetails::new("marco@ferriconsulting.it")
            },
            last_inventory: None,
            last_check: None,
            ticket_sent_at: None,
            reregistration: None,
        };
        assert_eq!(
            typed.organisation_name().as_deref(),
            Some("Ferri Consulting")
        );
        let member = Account {
            details: AccountDetails {
                organisation: None,
                ..typed.details.clone()
            },
            ..typed.clone()
        };
        assert_eq!(
            member.organisation_name().as_deref(),
            Some("ferriconsulting.it")
        );
        let guest = Account {
            details: AccountDetails {
                membership: crate::book::Membership::Guest,
                tenant_domain: Some("studiorinaldi.it".into()),
                ..member.details.clone()
            },
            ..typed.clone()
        };
        assert_eq!(
            guest.organisation_name().as_deref(),
            Some("studiorinaldi.it")
        );
        let guest_by_id = Account {
            details: AccountDetails {
                tenant_domain: None,
                ..guest.details.clone()
            },
            ..typed
        };
        assert_eq!(guest_by_id.organisation_name(), None, "not the home domain");
    }
}

//! Changing the book: adding, editing and removing accounts, recording evidence, finding accounts.

use crate::evidence::SignInEvidence;

use super::error::BookError;
use super::model::{Account, AccountBook, AccountDetails, AccountId, StoredInventory};
use super::tenants;

impl AccountBook {
    /// Adds an account after normalising and validating what the person typed. Returns its new id.
    pub fn add(&mut self, details: AccountDetails) -> Result<AccountId, BookError> {
        let details = details.normalise();
        details.validate()?;
        self.refuse_duplicate(&details, None)?;
        let id = self.next_id();
        self.accounts.push(Account {
            id: id.clone(),
            details,
            last_inventory: None,
            last_check: None,
            ticket_sent_at: None,
            reregistration: None,
        });
        Ok(id)
    }

    /// Replaces what the person typed about an account (the evidence stays). A tenant id belongs to the
    /// organisation it was found for: when the sign-in domain or the inviting domain changes and the caller
    /// kept the old id, the id goes (the next lookup or sign-in finds the right one).
    pub fn replace_details(
        &mut self,
        id: &AccountId,
        details: AccountDetails,
    ) -> Result<(), BookError> {
        let mut details = details.normalise();
        let current = &self.get_mut(id)?.details;
        let organisation = |details: &AccountDetails| {
            (
                details.upn_domain().map(str::to_ascii_lowercase),
                details
                    .tenant_domain
                    .as_deref()
                    .map(str::to_ascii_lowercase),
            )
        };
        if details.tenant_id == current.tenant_id && organisation(&details) != organisation(current)
        {
            details.tenant_id = None;
        }
        details.validate()?;
        self.refuse_duplicate(&details, Some(id))?;
        let account = self.get_mut(id)?;
        account.details = details;
        Ok(())
    }

    /// Removes an account and returns it.
    pub fn remove(&mut self, id: &AccountId) -> Result<Account, BookError> {
        let index = self
            .accounts
            .iter()
            .position(|account| &account.id == id)
            .ok_or_else(|| BookError::UnknownAccount(id.0.clone()))?;
        Ok(self.accounts.remove(index))
    }

    /// Stores the method list just read for an account (replacing the previous one).
    pub fn record_inventory(
        &mut self,
        id: &AccountId,
        inventory: StoredInventory,
    ) -> Result<(), BookError> {
        self.get_mut(id)?.last_inventory = Some(inventory);
        Ok(())
    }

    /// Stores how the last sign-in attempt ended.
    pub fn record_check(
        &mut self,
        id: &AccountId,
        evidence: SignInEvidence,
    ) -> Result<(), BookError> {
        self.get_mut(id)?.last_check = Some(evidence);
        Ok(())
    }

    /// Marks (or unmarks) the ticket covering `ids` as sent at `at`. Unknown ids are refused before anything
    /// changes.
    pub fn mark_ticket_sent(
        &mut self,
        ids: &[AccountId],
        at: Option<time::OffsetDateTime>,
    ) -> Result<(), BookError> {
        if let Some(unknown) = ids.iter().find(|id| self.get(id).is_none()) {
            return Err(BookError::UnknownAccount(unknown.0.clone()));
        }
        for id in ids {
            self.get_mut(id)?.ticket_sent_at = at;
        }
        Ok(())
    }

    /// True when every account of a ticket is marked as sent.
    pub fn ticket_sent(&self, ids: &[AccountId]) -> bool {
        !ids.is_empty()
            && ids.iter().all(|id| {
                self.get(id)
                    .is_some_and(|account| account.ticket_sent_at.is_some())
            })
    }

    pub fn get(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|account| &account.id == id)
    }

    pub(crate) fn get_mut(&mut self, id: &AccountId) -> Result<&mut Account, BookError> {
        self.accounts
            .iter_mut()
            .find(|account| &account.id == id)
            .ok_or_else(|| BookError::UnknownAccount(id.0.clone()))
    }

    /// Finds an account by id, or else by sign-in name (case-insensitive) when only one account has it.
    pub fn find(&self, selector: &str) -> Result<&Account, BookError> {
        let selector = selector.trim();
        if let Some(account) = self
            .accounts
            .iter()
            .find(|account| account.id.0 == selector)
        {
            return Ok(account);
        }
        let mut by_upn = self
            .accounts
            .iter()
            .filter(|account| account.details.upn.eq_ignore_ascii_case(selector));
        match (by_upn.next(), by_upn.next()) {
            (Some(account), None) => Ok(account),
            (Some(_), Some(_)) => Err(BookError::AmbiguousAccount(selector.to_string())),
            _ => Err(BookError::UnknownAccount(selector.to_string())),
        }
    }

    /// The next free id: one more than the highest numeric id in the book.
    fn next_id(&self) -> AccountId {
        let highest = self
            .accounts
            .iter()
            .filter_map(|account| account.id.0.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        AccountId((highest + 1).to_string())
    }

    /// One sign-in name appears once per tenant (the same person can be a guest in many tenants).
    fn refuse_duplicate(
        &self,
        details: &AccountDetails,
        except: Option<&AccountId>,
    ) -> Result<(), BookError> {
        let mut candidate_book = self.clone();
        candidate_book
            .accounts
            .retain(|account| Some(&account.id) != except);
        let probe = AccountId("\u{0}probe".into());
        candidate_book.accounts.push(Account {
            id: probe.clone(),
            details: details.clone(),
            last_inventory: None,
            last_check: None,
            ticket_sent_at: None,
            reregistration: None,
        });
        let keys = tenants::tenant_keys(&candidate_book);
        let probe_key = &keys[candidate_book.accounts.len() - 1];
        for (account, key) in candidate_book.accounts.iter().zip(&keys) {
            if account.id != probe
                && key == probe_key
                && account.details.upn.eq_ignore_ascii_case(&details.upn)
            {
                return Err(BookError::Duplicate {
                    upn: details.upn.clone(),
                    existing: account.id.0.clone(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::model::Membership;

    #[test]
    fn a_ticket_is_sent_when_all_its_accounts_are_marked_and_the_mark_survives_a_save() {
        let mut book = AccountBook::default();
        let a = book.add(AccountDetails::new("a@contoso.com")).unwrap();
        let b = book.add(AccountDetails::new("b@contoso.com")).unwrap();
        let at = time::macros::datetime!(2026-11-25 10:00 UTC);
        assert!(!book.ticket_sent(&[a.clone(), b.clone()]));
        assert!(!book.ticket_sent(&[]), "an empty ticket was never sent");
        book.mark_ticket_sent(std::slice::from_ref(&a), Some(at))
            .unwrap();
        assert!(book.ticket_sent(std::slice::from_ref(&a)));
        assert!(!book.ticket_sent(&[a.clone(), b.clone()]));
        let unknown = book.mark_ticket_sent(&[b.clone(), AccountId("9".into())], Some(at));
        assert!(matches!(unknown, Err(BookError::UnknownAccount(_))));
        assert!(
            book.get(&b).unwrap().ticket_sent_at.is_none(),
            "nothing changed"
        );

        let bytes = crate::book::schema::to_bytes(&book);
        let read = crate::book::schema::parse(&bytes).unwrap();
        assert_eq!(read.get(&a).unwrap().ticket_sent_at, Some(at));
        book.mark_ticket_sent(std::slice::from_ref(&a), None)
            .unwrap();
        assert!(!book.ticket_sent(&[a]));
    }

    #[test]
    fn a_tenant_id_stays_with_its_organisation() {
        const ID: &str = "a7e2c9b4-3d16-4c8e-8f05-6b1d9e2a7c31";
        let mut book = AccountBook::default();
        let id = book
            .add(AccountDetails {
                tenant_id: Some(ID.into()),
                ..AccountDetails::new("marco@ferriconsulting.it")
            })
            .unwrap();
        let relabelled = AccountDetails {
            organisation: Some("Ferri Consulting".into()),
            ..book.get(&id).unwrap().details.clone()
        };
        book.replace_details(&id, relabelled).unwrap();
        assert_eq!(
            book.get(&id).unwrap().details.tenant_id.as_deref(),
            Some(ID)
        );
        let moved = AccountDetails {
            upn: "marco@oml.it".into(),
            ..book.get(&id).unwrap().details.clone()
        };
        book.replace_details(&id, moved).unwrap();
        assert_eq!(
            book.get(&id).unwrap().details.tenant_id,
            None,
            "the old id would mislead"
        );
        let found = AccountDetails {
            tenant_id: Some("0d9b6f21-7e3a-4a5c-b8d4-1f2e3c4d5a62".into()),
            ..book.get(&id).unwrap().details.clone()
        };
        book.replace_details(&id, found).unwrap();
        assert!(
            book.get(&id).unwrap().details.tenant_id.is_some(),
            "a new id is kept"
        );
    }

    #[test]
    fn ids_are_sequential_and_survive_removal_of_others() {
        let mut book = AccountBook::default();
        let first = book.add(AccountDetails::new("a@contoso.com")).unwrap();
        let second = book.add(AccountDetails::new("b@contoso.com")).unwrap();
        assert_eq!((first.0.as_str(), second.0.as_str()), ("1", "2"));
        book.remove(&first).unwrap();
        let third = book.add(AccountDetails::new("c@contoso.com")).unwrap();
        assert_eq!(third.0, "3");
        assert_eq!(book.find("B@CONTOSO.COM").unwrap().id, second);
    }

    #[test]
    fn same_upn_is_refused_in_one_tenant_but_allowed_as_guest_elsewhere() {
        let mut book = AccountBook::default();
        book.add(AccountDetails::new("mario@contoso.com")).unwrap();
        let again = book
            .add(AccountDetails::new("Mario@Contoso.com"))
            .unwrap_err();
        assert!(matches!(again, BookError::Duplicate { .. }), "{again}");
        let guest = AccountDetails {
            membership: Membership::Guest,
            tenant_domain: Some("fabrikam.com".into()),
            ..AccountDetails::new("mario@contoso.com")
        };
        book.add(guest).unwrap();
        assert!(matches!(
            book.find("mario@contoso.com"),
            Err(BookError::AmbiguousAccount(_))
        ));
    }

    #[test]
    fn editing_keeps_evidence_and_validates() {
        let mut book = AccountBook::default();
        let id = book.add(AccountDetails::new("a@contoso.com")).unwrap();
        let evidence = SignInEvidence::new(
            crate::evidence::SignInOutcome::BlockedByMfa,
            time::macros::datetime!(2026-11-20 10:00 UTC),
        );
        book.record_check(&id, evidence.clone()).unwrap();
        let mut details = book.get(&id).unwrap().details.clone();
        details.label = Some("  work ".into());
        book.replace_details(&id, details.clone()).unwrap();
        assert_eq!(
            book.get(&id).unwrap().details.label.as_deref(),
            Some("work")
        );
        assert_eq!(book.get(&id).unwrap().last_check.as_ref(), Some(&evidence));
        details.upn = "broken".into();
        assert!(matches!(
            book.replace_details(&id, details),
            Err(BookError::Invalid(_))
        ));
        assert!(matches!(
            book.remove(&AccountId::from("9")),
            Err(BookError::UnknownAccount(_))
        ));
    }
}

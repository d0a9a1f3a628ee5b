//! IT tickets: one per tenant, for the accounts the person cannot recover alone (docs/PRODUCT.md §5).
//!
//! [`draft_tickets`] picks the tenants, gathers each tenant's facts from the book ([`facts`]) — only that tenant's
//! accounts and the person's declared situation, so nothing of another tenant can reach its ticket — and renders
//! them in Italian or English ([`render`]). A [`Ticket`] then comes out as text to copy, an `.eml` draft
//! ([`eml`]) or a `mailto:` link ([`mailto`]). Every value a person typed is cleaned by [`sanitize`] first.

pub mod block;
pub mod eml;
pub mod facts;
pub mod mailto;
pub mod render;
pub mod sanitize;

use serde::Serialize;
use time::OffsetDateTime;
use ts_rs::TS;

use crate::book::{tenant_groups, AccountBook, AccountId};
use crate::lang::Lang;

pub use block::{BlockError, TicketBlock};
pub use eml::Mailbox;
pub use mailto::MailtoLink;

/// Which tickets to draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketSelection {
    /// One ticket per tenant that has accounts the person cannot recover alone (verdict other than
    /// `self_service` and `not_registered`), listing only those accounts.
    NeedingIt,
    /// The ticket for this account's tenant, about this account only, whatever its verdict.
    Account(AccountId),
    /// The ticket for this tenant (id or domain), about all its accounts.
    Tenant(String),
}

/// How to draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketOptions {
    pub selection: TicketSelection,
    /// A language forced for every ticket; otherwise each tenant's ticket language, else `default_lang`.
    pub lang: Option<Lang>,
    /// The person's own language.
    pub default_lang: Lang,
    /// When the drafts are made: it dates the `.eml` and decides whether a Temporary Access Pass is expired.
    pub now: OffsetDateTime,
}

/// Why no ticket could be drafted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("no account {0:?} in the book")]
    UnknownAccount(String),
    #[error("no tenant {0:?} in the book (give its id or one of its domains)")]
    UnknownTenant(String),
    /// No address that still works: IT's answer would go to a locked account, which the person cannot read.
    #[error(
        "no reachable address to answer to (an address that is not one of the locked accounts)"
    )]
    NoReplyAddress,
}

/// A drafted ticket for one tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    /// The tenant id, or a domain when the id is not known.
    pub tenant_key: String,
    /// How the ticket names the organisation: its name as the person typed it, else its domain, else its id.
    pub organisation: String,
    pub lang: Lang,
    /// The accounts the ticket is about.
    pub accounts: Vec<AccountId>,
    /// The tenant's IT email addresses.
    pub to: Vec<String>,
    /// The tenant's helpdesk pages, when IT takes requests on the web.
    pub helpdesk_urls: Vec<String>,
    /// The sender and reply address: the person's reachable address, never one of the locked accounts.
    pub from_name: Option<String>,
    pub from_address: String,
    pub subject: String,
    /// The message, lines separated by `\n`.
    pub body: String,
    /// The message without the details and the admin's appendix, for a `mailto:` link too short for `body`.
    pub short_body: String,
    /// A file name without extension, safe on every platform (`ticket-contoso.com`).
    pub file_stem: String,
    #[serde(with = "time::serde::rfc3339")]
    #[ts(type = "string")]
    pub drafted_at: OffsetDateTime,
}

impl Ticket {
    /// The ticket as text to copy: where to send it, the subject, then the message.
    pub fn text(&self) -> String {
        render::as_text(self)
    }

    /// The ticket as an `.eml` draft.
    pub fn eml(&self) -> Vec<u8> {
        let from = Mailbox {
            name: self.from_name.clone(),
            address: self.from_address.clone(),
        };
        let to: Vec<Mailbox> = self
            .to
            .iter()
            .map(|address| Mailbox {
                name: None,
                address: address.clone(),
            })
            .collect();
        eml::write_eml(&eml::EmlDraft {
            from: Some(&from),
            to: &to,
            subject: &self.subject,
            body: &self.body,
            date: self.drafted_at,
        })
    }

    /// The ticket as a `mailto:` link. When the whole message does not fit, the link carries the short body
    /// and a note pointing to `<file_stem>.eml`.
    pub fn mailto(&self) -> MailtoLink {
        let note = render::shortened_note(self.lang, &format!("{}.eml", self.file_stem));
        mailto::build_mailto(
            &self.to,
            &self.subject,
            &self.body,
            &format!("{}\n\n{note}", self.short_body),
        )
    }
}

/// Drafts the tickets the options ask for, in book order of the tenants.
pub fn draft_tickets(
    book: &AccountBook,
    options: &TicketOptions,
) -> Result<Vec<Ticket>, TicketError> {
    let groups = tenant_groups(book);
    let chosen: Vec<(usize, Vec<AccountId>)> = match &options.selection {
        TicketSelection::Account(id) => {
            let account = book
                .get(id)
                .or_else(|| book.find(&id.0).ok())
                .ok_or_else(|| TicketError::UnknownAccount(id.0.clone()))?;
            let index = groups
                .iter()
                .position(|group| group.accounts.contains(&account.id))
                .ok_or_else(|| TicketError::UnknownAccount(id.0.clone()))?;
            vec![(index, vec![account.id.clone()])]
        }
        TicketSelection::Tenant(selector) => {
            let group = crate::book::tenants::find_tenant(&groups, selector)
                .ok_or_else(|| TicketError::UnknownTenant(selector.clone()))?;
            let index = groups
                .iter()
                .position(|candidate| candidate.key == group.key)
                .unwrap_or_default();
            vec![(index, group.accounts.clone())]
        }
        TicketSelection::NeedingIt => groups
            .iter()
            .enumerate()
            .map(|(index, group)| {
                let needing: Vec<AccountId> = group
                    .accounts
                    .iter()
                    .filter(|id| {
                        book.get(id).is_some_and(|account| {
                            facts::needs_it(account, &book.situation, options.now)
                        })
                    })
                    .cloned()
                    .collect();
                (index, needing)
            })
            .filter(|(_, accounts)| !accounts.is_empty())
            .collect(),
    };
    if chosen.is_empty() {
        return Ok(Vec::new());
    }
    let reply_to = facts::reply_address(book).ok_or(TicketError::NoReplyAddress)?;
    Ok(chosen
        .into_iter()
        .map(|(index, accounts)| {
            let tenant =
                facts::TenantFacts::gather(book, &groups[index], &accounts, options.now, &reply_to);
            let lang = options
                .lang
                .or(tenant.ticket_lang)
                .unwrap_or(options.default_lang);
            render::ticket(&tenant, lang, options.now)
        })
        .collect())
}

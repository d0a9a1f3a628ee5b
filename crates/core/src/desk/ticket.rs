//! Opening a ticket at the IT desk: an `.eml` file or pasted text, read through its machine-readable block
//! (docs/TICKET-BLOCK.md). A text without a block is not Lifeboat's; a block that does not check out is damaged;
//! the two are told apart so the admin knows whether to ask for the ticket again.

use serde::Serialize;
use ts_rs::TS;

use super::mime;
use crate::ticket::block::{Ask, BlockAccount, BlockError, TicketBlock};
use crate::Lang;

/// Tickets over this size are refused unread: a ticket is a few kilobytes.
pub const MAX_TICKET_BYTES: usize = 4 * 1024 * 1024;

/// A ticket opened at the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskTicket {
    pub block: TicketBlock,
    /// The mail's subject, when it came as a mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// Why a ticket could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("this is not a Lifeboat ticket: it has no Lifeboat ticket block")]
    NotLifeboat,
    #[error("the Lifeboat ticket block is damaged: {0}")]
    Damaged(&'static str),
    #[error("the ticket block has version {0}, which this build does not read")]
    UnsupportedVersion(u32),
    #[error("the ticket names no account")]
    NoAccount,
    #[error("the ticket is larger than {} MB", MAX_TICKET_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("the ticket names no account {0}")]
    UnknownAccount(String),
}

impl OpenError {
    pub fn explain(&self, lang: Lang) -> String {
        match self {
            OpenError::NotLifeboat => lang.say("desk-open-not-lifeboat"),
            OpenError::Damaged(why) => {
                lang.say_with("desk-open-damaged", &crate::args! { "why" => *why })
            }
            OpenError::UnsupportedVersion(version) => lang.say_with(
                "desk-open-unsupported-version",
                &crate::args! { "version" => version.to_string() },
            ),
            OpenError::NoAccount => lang.say("desk-open-no-account"),
            OpenError::TooLarge => lang.say("desk-open-too-large"),
            OpenError::UnknownAccount(upn) => lang.say_with(
                "desk-open-unknown-account",
                &crate::args! { "upn" => upn.as_str() },
            ),
        }
    }
}

impl DeskTicket {
    /// Opens a ticket from a file's bytes or pasted text: a mail is decoded first (its `text/plain` part,
    /// quoted-printable or base64), anything else is read as text.
    pub fn open(bytes: &[u8]) -> Result<DeskTicket, OpenError> {
        if bytes.len() > MAX_TICKET_BYTES {
            return Err(OpenError::TooLarge);
        }
        if mime::looks_like_mail(bytes) {
            let (text, subject) = mime::plain_text(bytes);
            // A mail whose text part could not be found may still carry the block in its raw body.
            let raw = String::from_utf8_lossy(bytes);
            let block = match text.as_deref().map(TicketBlock::find_in) {
                Some(Ok(block)) => Ok(block),
                Some(Err(BlockError::Missing)) | None => TicketBlock::find_in(&raw),
                Some(Err(error)) => Err(error),
            };
            return Self::from_block(block, subject);
        }
        Self::from_block(TicketBlock::find_in(&String::from_utf8_lossy(bytes)), None)
    }

    fn from_block(
        block: Result<TicketBlock, BlockError>,
        subject: Option<String>,
    ) -> Result<DeskTicket, OpenError> {
        let block = block.map_err(|error| match error {
            BlockError::Missing => OpenError::NotLifeboat,
            BlockError::Damaged(why) => OpenError::Damaged(why),
            BlockError::UnsupportedVersion(version) => OpenError::UnsupportedVersion(version),
        })?;
        if block.accounts.is_empty() {
            return Err(OpenError::NoAccount);
        }
        Ok(DeskTicket { block, subject })
    }

    /// The account the desk works on: the one named, or the first.
    pub fn account(&self, upn: Option<&str>) -> Result<&BlockAccount, OpenError> {
        match upn {
            None => self.block.accounts.first().ok_or(OpenError::NoAccount),
            Some(upn) => self
                .block
                .accounts
                .iter()
                .find(|account| account.upn.eq_ignore_ascii_case(upn.trim()))
                .ok_or_else(|| OpenError::UnknownAccount(upn.to_string())),
        }
    }

    /// The organisation the ticket is for: its tenant id, else its domain.
    pub fn tenant(&self) -> Option<&str> {
        let block = &self.block;
        block
            .tenant_id
            .as_deref()
            .or(block.tenant_domain.as_deref())
    }

    /// The language the ticket was written in (the closing note answers in it); English when unknown.
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.block.lang).unwrap_or(Lang::En)
    }
}

/// One thing the ticket asks for, in words.
pub fn ask_words(ask: Ask, lang: Lang) -> String {
    lang.say(match ask {
        Ask::TemporaryAccessPass => "desk-ask-temporary-access-pass",
        Ask::RemoveMethods => "desk-ask-remove-methods",
        Ask::RevokeSessions => "desk-ask-revoke-sessions",
        Ask::SecondPersonCheck => "desk-ask-second-person-check",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::book::{LossKind, Membership};
    use crate::ticket::block::VERSION;

    fn ticket(tenant_id: Option<&str>, tenant_domain: Option<&str>) -> DeskTicket {
        DeskTicket {
            block: TicketBlock {
                version: VERSION,
                tenant_id: tenant_id.map(str::to_string),
                tenant_domain: tenant_domain.map(str::to_string),
                lang: "it".into(),
                loss: LossKind::Lost,
                lost_devices: Vec::new(),
                reply_to: "giulia@example.org".into(),
                accounts: vec![BlockAccount {
                    upn: "giulia@school.example".into(),
                    membership: Membership::Member,
                    admin_role: false,
                    aadsts: None,
                    methods_read: Vec::new(),
                    remove: Vec::new(),
                    ask: Vec::new(),
                }],
            },
            subject: None,
        }
    }

    #[test]
    fn the_tenant_is_the_id_else_the_domain() {
        assert_eq!(
            ticket(Some("5c1f"), Some("school.example")).tenant(),
            Some("5c1f")
        );
        assert_eq!(
            ticket(None, Some("school.example")).tenant(),
            Some("school.example")
        );
        assert_eq!(ticket(None, None).tenant(), None);
        assert_eq!(ticket(None, None).lang(), Lang::It);
    }

    #[test]
    fn every_ask_has_words() {
        for ask in [
            Ask::TemporaryAccessPass,
            Ask::RemoveMethods,
            Ask::RevokeSessions,
            Ask::SecondPersonCheck,
        ] {
            assert!(!ask_words(ask, Lang::It).is_empty());
        }
    }
}

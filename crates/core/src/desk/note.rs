//! The closing note for the helpdesk ticket, in the ticket's language (`lang` of its block): what was verified
//! and done, never the pass itself (it went to the person another way).

use serde::Serialize;
use ts_rs::TS;

use super::actions::{ActionDone, DeskAction};
use super::audit::AuditEntry;
use super::ticket::DeskTicket;
use super::verify::{IdentityCheck, Verification};
use crate::args;

/// One thing the note reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteLine {
    Verified {
        how: IdentityCheck,
        second_person: Option<String>,
    },
    Removed {
        label: String,
    },
    AlreadyGone {
        label: String,
    },
    TapCreated {
        minutes: Option<u32>,
    },
    SessionsRevoked,
    /// A guest: their sessions live in their home organisation.
    GuestSessionsNotRevoked,
}

impl NoteLine {
    pub fn verified(verification: &Verification) -> NoteLine {
        NoteLine::Verified {
            how: verification.how().clone(),
            second_person: verification.second_person().map(str::to_string),
        }
    }

    /// The lines of what the audit log records as done for `upn`, in order.
    pub fn from_audit(entries: &[AuditEntry], upn: &str) -> Vec<NoteLine> {
        entries
            .iter()
            .filter(|entry| {
                entry.target.eq_ignore_ascii_case(upn.trim()) && entry.outcome == "done"
            })
            .filter_map(|entry| match entry.action.as_str() {
                "verify" => Some(NoteLine::Verified {
                    how: entry.identity.clone()?,
                    second_person: entry.second_person.clone(),
                }),
                "remove_method" => Some(NoteLine::Removed {
                    label: entry.label.clone().or_else(|| entry.object_id.clone())?,
                }),
                "create_tap" => Some(NoteLine::TapCreated {
                    minutes: entry.minutes,
                }),
                "revoke_sessions" => Some(NoteLine::SessionsRevoked),
                _ => None,
            })
            .collect()
    }

    /// The line for a done action.
    pub fn of(done: &ActionDone) -> NoteLine {
        match &done.preview.action {
            DeskAction::RemoveMethod { id } => NoteLine::Removed {
                label: done.preview.label.clone().unwrap_or_else(|| id.clone()),
            },
            DeskAction::CreateTap {
                lifetime_minutes, ..
            } => NoteLine::TapCreated {
                minutes: done.pass_lifetime_minutes.or(*lifetime_minutes),
            },
            DeskAction::RevokeSessions => NoteLine::SessionsRevoked,
        }
    }
}

/// The note for `upn`'s part of `ticket`.
pub fn closing_note(ticket: &DeskTicket, upn: &str, lines: &[NoteLine]) -> String {
    let lang = ticket.lang();
    let mut out = vec![lang.say_with("desk-note-opening", &args! { "upn" => upn })];
    for line in lines {
        out.push(match line {
            NoteLine::Verified { how, second_person } => {
                let verified =
                    lang.say_with("desk-note-verified", &args! { "how" => how.words(lang) });
                match second_person {
                    Some(name) => format!(
                        "{verified} {}",
                        lang.say_with("desk-note-second-person", &args! { "name" => name.as_str() })
                    ),
                    None => verified,
                }
            }
            NoteLine::Removed { label } => {
                lang.say_with("desk-note-removed", &args! { "label" => label.as_str() })
            }
            NoteLine::AlreadyGone { label } => {
                lang.say_with("desk-note-already-gone", &args! { "label" => label.as_str() })
            }
            NoteLine::TapCreated { minutes } => lang.say_with(
                "desk-note-tap",
                &args! { "minutes" => minutes.map(|m| m.to_string()).unwrap_or_else(|| "-".into()) },
            ),
            NoteLine::SessionsRevoked => lang.say("desk-note-revoked"),
            NoteLine::GuestSessionsNotRevoked => lang.say("desk-note-guest-not-revoked"),
        });
    }
    if lines
        .iter()
        .all(|line| matches!(line, NoteLine::Verified { .. }))
    {
        out.push(lang.say("desk-note-nothing-done"));
    }
    out.push(lang.say("desk-note-closing"));
    out.join("\n")
}

//! The closing note for the helpdesk ticket, in the ticket's language (`lang` of its block): what was verified
//! and done, never the pass itself (it went to the person another way).

use serde::Serialize;

use super::actions::{ActionDone, DeskAction};
use super::ticket::DeskTicket;
use super::verify::Verification;
use crate::args;

/// One thing the note reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteLine {
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
pub fn closing_note(
    ticket: &DeskTicket,
    upn: &str,
    verification: Option<&Verification>,
    lines: &[NoteLine],
) -> String {
    let lang = ticket.lang();
    let mut out = vec![lang.say_with("desk-note-opening", &args! { "upn" => upn })];
    if let Some(verification) = verification {
        out.push(lang.say_with(
            "desk-note-verified",
            &args! { "how" => verification.how().words(lang) },
        ));
        if let Some(second) = verification.second_person() {
            out.push(lang.say_with("desk-note-second-person", &args! { "name" => second }));
        }
    }
    for line in lines {
        out.push(match line {
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
    if lines.is_empty() {
        out.push(lang.say("desk-note-nothing-done"));
    }
    out.push(lang.say("desk-note-closing"));
    out.join("\n")
}

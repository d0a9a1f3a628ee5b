//! Starting a move: the old phone (one the check read, or one the person declared) and the new one.

use serde::Deserialize;
use time::OffsetDateTime;
use ts_rs::TS;

use super::PhoneMove;
use crate::book::{AccountBook, FieldError};
use crate::lang::Lang;
use crate::methods::AuthMethod;
use crate::situation::device_key;

/// What the person gives to start (or continue) a move.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MoveForm {
    pub old_phone: String,
    pub new_phone: String,
    /// Start again when a move between other phones is under way (its record is replaced).
    pub restart: bool,
}

/// Why a move cannot start with what was given. [`MoveRefusal::field_error`] is the window's shape,
/// [`MoveRefusal::describe`] the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefusal {
    /// `oldPhone` or `newPhone` is empty or more than one line.
    Empty { field: &'static str },
    /// The same phone named twice (in any spelling).
    SamePhone,
    /// No Authenticator registration read, and no declared device, has this name.
    UnknownOldPhone { given: String, offered: Vec<String> },
    /// A move between other phones is under way.
    AnotherMoveUnderWay {
        old_phone: String,
        new_phone: String,
    },
}

impl MoveRefusal {
    /// The refusal as the form's field error (`oldPhone`, `newPhone`, or `move` for the move under way).
    pub fn field_error(&self) -> FieldError {
        let (field, reason) = match self {
            MoveRefusal::Empty { field } => (*field, "needs a one-line, non-empty name".to_owned()),
            MoveRefusal::SamePhone => ("newPhone", "is the same phone as the old one".to_owned()),
            MoveRefusal::UnknownOldPhone { given, offered } => (
                "oldPhone",
                format!(
                    "{given:?} is not a phone of yours Lifeboat knows (known: {})",
                    offered.join(", ")
                ),
            ),
            MoveRefusal::AnotherMoveUnderWay {
                old_phone,
                new_phone,
            } => (
                "move",
                format!("a move from {old_phone:?} to {new_phone:?} is under way"),
            ),
        };
        FieldError { field, reason }
    }

    /// The refusal in a sentence of `lang`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            MoveRefusal::Empty { field: "newPhone" } => lang.say("move-refused-new-phone-empty"),
            MoveRefusal::Empty { .. } => lang.say("move-refused-old-phone-empty"),
            MoveRefusal::SamePhone => lang.say("move-refused-same-phone"),
            MoveRefusal::UnknownOldPhone { given, offered } => lang.say_with(
                "move-refused-unknown-old-phone",
                &crate::args! { "phone" => given.as_str(), "known" => offered.join(", "), "count" => offered.len() },
            ),
            MoveRefusal::AnotherMoveUnderWay { old_phone, new_phone } => lang.say_with(
                "move-refused-another-move",
                &crate::args! { "old" => old_phone.as_str(), "new" => new_phone.as_str() },
            ),
        }
    }
}

impl From<MoveRefusal> for FieldError {
    fn from(refusal: MoveRefusal) -> Self {
        refusal.field_error()
    }
}

/// The phones to offer as the old one: every Authenticator registration's device in any account's method list,
/// then the devices the person declared (lost or held), each name once in any spelling, first seen first.
pub fn phone_choices(book: &AccountBook) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        let key = device_key(name);
        if !key.is_empty() && !names.iter().any(|known| device_key(known) == key) {
            names.push(name.trim().to_owned());
        }
    };
    for account in &book.accounts {
        let Some(inventory) = account.evidence().inventory else {
            continue;
        };
        for method in &inventory.methods {
            if let AuthMethod::MicrosoftAuthenticator(app) = method {
                if let Some(name) = app.display_name.as_deref() {
                    push(name);
                }
            }
        }
    }
    for name in book
        .situation
        .lost_devices
        .iter()
        .chain(&book.situation.held_devices)
    {
        push(name);
    }
    names
}

fn one_line(field: &'static str, value: &str) -> Result<String, MoveRefusal> {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_control) {
        return Err(MoveRefusal::Empty { field });
    }
    Ok(value.to_owned())
}

impl MoveForm {
    /// Checks the form against the book; the names as they will be stored.
    pub fn check(&self, book: &AccountBook) -> Result<(String, String), MoveRefusal> {
        let old_phone = one_line("oldPhone", &self.old_phone)?;
        let new_phone = one_line("newPhone", &self.new_phone)?;
        if device_key(&old_phone) == device_key(&new_phone) {
            return Err(MoveRefusal::SamePhone);
        }
        let offered = phone_choices(book);
        // With nothing read or declared there is nothing to compare with (every tenant refuses method reads).
        let known = offered
            .iter()
            .any(|name| device_key(name) == device_key(&old_phone));
        if !offered.is_empty() && !known {
            return Err(MoveRefusal::UnknownOldPhone {
                given: old_phone,
                offered,
            });
        }
        Ok((old_phone, new_phone))
    }

    /// Starts the move at `now`, or continues the one under way between the same phones (nothing changes then).
    /// On a refusal the book is unchanged.
    pub fn apply(self, book: &mut AccountBook, now: OffsetDateTime) -> Result<(), MoveRefusal> {
        let (old_phone, new_phone) = self.check(book)?;
        if let Some(current) = &book.phone_move {
            let same = device_key(&current.old_phone) == device_key(&old_phone)
                && device_key(&current.new_phone) == device_key(&new_phone);
            if same {
                return Ok(());
            }
            if !self.restart {
                return Err(MoveRefusal::AnotherMoveUnderWay {
                    old_phone: current.old_phone.clone(),
                    new_phone: current.new_phone.clone(),
                });
            }
        }
        book.phone_move = Some(PhoneMove {
            old_phone,
            new_phone,
            began_at: now,
            accounts: Vec::new(),
        });
        // The lists read before the move name the old phone's registrations.
        book.observe_move();
        Ok(())
    }
}

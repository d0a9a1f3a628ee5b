//! Every change a person can make to the account book, validated once. The window and the command line parse
//! what the person typed into these forms and call them; neither front end decides what is acceptable, so the
//! two cannot disagree.
//!
//! A form's `None` leaves a field as it is; an empty text clears an optional one. A refusal is a
//! [`FieldError`]: `field` is a stable code the front ends word in the person's language (the window) or turn
//! into the option it came from (`itContact` → `--it-contact`), `reason` a technical English line that starts with
//! the value the person gave when there is one.

mod account;
mod person;
mod situation;

pub use account::{add_account, edit_account, AccountForm, Edited};
pub use person::{LossKind, PersonForm};
pub use situation::SituationForm;

pub use crate::book::FieldError;

/// Reads a yes/no answer the way people type it (`yes`, `no`, `sì`, `true`, `0`, …). An empty answer is no.
pub fn parse_yes_no(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "sì" | "si" | "s" | "1" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// An optional one-line text as stored: trimmed, `None` when empty.
fn optional_text(value: &str) -> Option<String> {
    Some(value.trim().to_string()).filter(|value| !value.is_empty())
}

/// A one-line value a person typed: no line breaks or other control characters, not empty.
fn one_line(field: &'static str, value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_control) {
        return Err(FieldError {
            field,
            reason: format!("{value:?} needs a one-line, non-empty value"),
        });
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_both_languages() {
        for (typed, answer) in [
            ("yes", Some(true)),
            (" Sì ", Some(true)),
            ("si", Some(true)),
            ("TRUE", Some(true)),
            ("no", Some(false)),
            ("", Some(false)),
            ("0", Some(false)),
            ("maybe", None),
        ] {
            assert_eq!(parse_yes_no(typed), answer, "{typed:?}");
        }
    }
}

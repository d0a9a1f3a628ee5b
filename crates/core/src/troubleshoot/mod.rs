//! After the ticket: what goes wrong once IT has acted, from the evidence Lifeboat holds (docs/PRODUCT.md
//! "Troubleshooting"). Each symptom has a trigger — something in the account's stored methods, the declared
//! situation or this computer's clock — and steps. The rules do no I/O; [`clock::measure_offset`] is the one
//! measurement, passed in as a [`ClockOffset`].

pub mod clock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::args;
use crate::assess::{assess, MethodKind, MethodReason};
use crate::book::{Account, AccountBook};
use crate::lang::Lang;
use crate::situation::Situation;

pub use clock::{measure_offset, ClockError, ClockOffset};

/// Past this many seconds, one-time codes (TOTP, 30-second steps) start to be refused.
pub const CODE_TOLERANCE_SECONDS: i64 = 30;

/// What goes wrong after a reset, as the field guide's symptom table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Symptom {
    /// Asked for MFA again and again: a stale method still registered, or old sessions.
    RepeatedPrompts,
    /// One-time codes refused: most often this device's clock.
    CodesRejected,
    /// Authenticator's notifications do not arrive.
    PushNotArriving,
    /// A registered phone number no longer works: only IT (or Security info, once in) can change it.
    NumberNoLongerWorks,
}

/// One symptom that applies to an account, with the evidence that triggered it and the steps, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    pub symptom: Symptom,
    pub title: String,
    /// Why Lifeboat thinks it applies (the evidence it holds).
    pub because: String,
    pub steps: Vec<String>,
}

/// The symptoms that apply to `account`, with the person's declarations and, when measured, this computer's
/// clock offset against Microsoft's sign-in service.
pub fn advice_for(
    account: &Account,
    situation: &Situation,
    clock: Option<ClockOffset>,
    lang: Lang,
) -> Vec<Advice> {
    let evidence = account.evidence();
    let assessment = assess(&evidence, situation);
    let notes = || assessment.usable.iter().chain(&assessment.not_counted);
    let mut advice = Vec::new();

    let stale: Vec<String> = assessment
        .not_counted
        .iter()
        .filter(|note| {
            matches!(
                note.reason,
                MethodReason::OnLostDevice { .. } | MethodReason::PresumedOnLostPhone
            )
        })
        .map(|note| note.method.describe(lang))
        .collect();
    if !stale.is_empty() {
        advice.push(entry(
            lang,
            Symptom::RepeatedPrompts,
            lang.say_with(
                "troubleshoot-because-stale",
                &args! { "methods" => stale.join(", ") },
            ),
        ));
    }

    let has = |kind: MethodKind| notes().any(|note| note.method.kind == kind);
    let skewed = clock.filter(|offset| offset.seconds.abs() > CODE_TOLERANCE_SECONDS);
    if let Some(offset) = skewed {
        advice.push(entry(
            lang,
            Symptom::CodesRejected,
            lang.say_with(
                "troubleshoot-because-clock",
                &args! {
                    "seconds" => offset.seconds.abs(),
                    "direction" => if offset.seconds > 0 { "ahead" } else { "behind" },
                },
            ),
        ));
    } else if has(MethodKind::SoftwareOath) || has(MethodKind::HardwareOath) {
        advice.push(entry(
            lang,
            Symptom::CodesRejected,
            lang.say("troubleshoot-because-code-app"),
        ));
    }

    let held_authenticator: Vec<String> = assessment
        .usable
        .iter()
        .filter(|note| note.method.kind == MethodKind::AuthenticatorApp)
        .map(|note| note.method.describe(lang))
        .collect();
    if !held_authenticator.is_empty() {
        advice.push(entry(
            lang,
            Symptom::PushNotArriving,
            lang.say_with(
                "troubleshoot-because-push",
                &args! { "methods" => held_authenticator.join(", ") },
            ),
        ));
    }

    let dead_numbers: Vec<String> = assessment
        .not_counted
        .iter()
        .filter(|note| {
            matches!(
                note.reason,
                MethodReason::NumberUnreachable | MethodReason::NumberNotCurrent
            )
        })
        .map(|note| note.method.describe(lang))
        .collect();
    if !dead_numbers.is_empty() {
        advice.push(entry(
            lang,
            Symptom::NumberNoLongerWorks,
            lang.say_with(
                "troubleshoot-because-number",
                &args! { "methods" => dead_numbers.join(", ") },
            ),
        ));
    }
    advice
}

/// [`advice_for`] an account of `book`, with the situation the person declared there, as of `now`.
pub fn advice_in_book(
    book: &AccountBook,
    account: &Account,
    clock: Option<ClockOffset>,
    lang: Lang,
    now: time::OffsetDateTime,
) -> Vec<Advice> {
    advice_for(account, &crate::views::situation_at(book, now), clock, lang)
}

fn entry(lang: Lang, symptom: Symptom, because: String) -> Advice {
    let (title, steps): (&str, &[&str]) = match symptom {
        Symptom::RepeatedPrompts => (
            "troubleshoot-repeated-prompts",
            &[
                "troubleshoot-repeated-prompts-remove",
                "troubleshoot-repeated-prompts-revoke",
                "troubleshoot-repeated-prompts-private",
            ],
        ),
        Symptom::CodesRejected => (
            "troubleshoot-codes-rejected",
            &[
                "troubleshoot-codes-rejected-clock",
                "troubleshoot-codes-rejected-newest",
            ],
        ),
        Symptom::PushNotArriving => (
            "troubleshoot-push",
            &[
                "troubleshoot-push-permission",
                "troubleshoot-push-battery",
                "troubleshoot-push-network",
                "troubleshoot-push-number",
            ],
        ),
        Symptom::NumberNoLongerWorks => (
            "troubleshoot-number",
            &[
                "troubleshoot-number-it",
                "troubleshoot-number-security-info",
            ],
        ),
    };
    Advice {
        symptom,
        title: lang.say(title),
        because,
        steps: steps.iter().map(|id| lang.say(id)).collect(),
    }
}

#[cfg(test)]
mod tests;

//! What any front end shows, computed from the account book and the rules: one struct per screen or report. The
//! window serialises them as they are; the command line prints them. No front end words or decides anything
//! these structs already say.
//!
//! - [`book`]: the accounts list with each account's current verdict, the person's details, the phones to offer
//!   when the person declares a loss;
//! - [`results`]: each account's verdict, reasons and steps in one language, and the devices × accounts matrix;
//! - [`links`]: which Microsoft pages a front end may open;
//! - [`prevention`]: the prevention record, a self-contained HTML page to save or print.

mod book;
mod links;
mod prevention;
mod results;

pub use crate::moving::{move_view, MoveView};
pub use book::{authenticator_devices, book_view, AccountRow, BookView, PersonView};
pub use links::microsoft_page;
pub use prevention::prevention_record;
pub use results::{
    readiness_view, results_view, AccountResult, DeviceCell, DeviceRow, MethodLine, ResultsView,
};

use time::OffsetDateTime;

use crate::book::{Account, AccountBook};
use crate::situation::Situation;

pub(crate) fn situation_at(book: &AccountBook, now: OffsetDateTime) -> Situation {
    Situation {
        now: Some(now),
        ..book.situation.clone()
    }
}

/// A tenant id learnt by a sign-in must not replace the domain people recognise.
pub(crate) fn organisation(account: &Account, tenant_key: &str) -> String {
    account
        .organisation_name()
        .unwrap_or_else(|| tenant_key.to_owned())
}

#[cfg(test)]
mod tests;

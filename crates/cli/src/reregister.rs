//! `lifeboat reregister`: after IT acted, the guided re-registration of one account (docs/PRODUCT.md §3.5),
//! parse-and-print over `lifeboat_core::reregistration`.
//!
//! - `lifeboat reregister start ACCOUNT`: IT has acted (or you have a pass); prints the steps.
//! - `lifeboat reregister show ACCOUNT`, `lifeboat reregister done ACCOUNT STEP [--undo]`.
//! - `lifeboat reregister verify ACCOUNT [--method ID]`: a fresh sign-in (the remembered session forgotten first,
//!   the page asking again); you confirm the second step was passed with the new method (default: the newest).
//! - `lifeboat reregister end ACCOUNT`.

use std::path::Path;

use lifeboat_core::args;
use lifeboat_core::book::{AccountId, FileBookStore};
use lifeboat_core::reregistration::{ReregisterError, ReregisterStep, ReregistrationView};
use lifeboat_core::views::results_view;
use lifeboat_core::Lang;

use crate::accounts::{book_path, change_book, open_book};
use crate::check::{runtime, ConnectionArgs, Session};
use crate::exit::CliError;

#[derive(clap::Subcommand, Debug)]
pub enum ReregisterCommand {
    /// IT has acted for ACCOUNT (or you have a Temporary Access Pass): start the guided re-registration.
    Start { account: String },
    /// The steps of ACCOUNT's re-registration and where it stands.
    Show { account: String },
    /// Tick a step you did on Security info (sign_in_with_pass, add_authenticator, make_default,
    /// remove_lost_device, add_second_method).
    Done {
        account: String,
        step: String,
        #[arg(long)]
        undo: bool,
    },
    /// Prove it: sign in afresh and confirm you passed the second step with the new method.
    Verify {
        account: String,
        /// The method you used (its id, as `show` lists them); default: the newest.
        #[arg(long, value_name = "ID")]
        method: Option<String>,
        #[command(flatten)]
        connection: ConnectionArgs,
    },
    /// Put the re-registration away (to start over, or once proven).
    End { account: String },
}

pub fn run(command: ReregisterCommand, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let refused = |error: ReregisterError| CliError::Usage(error.describe(lang));
    match command {
        ReregisterCommand::Start { account } => {
            let now = time::OffsetDateTime::now_utc();
            let id = change(book, &account, |current, id| {
                current.start_reregistration(id, now).map_err(refused)
            })?;
            show(book, &id, lang)
        }
        ReregisterCommand::Show { account } => {
            let (_, current) = open_book(book)?;
            show(book, &current.find(&account)?.id.clone(), lang)
        }
        ReregisterCommand::Done {
            account,
            step,
            undo,
        } => {
            let step = parse_step(&step, lang)?;
            let id = change(book, &account, |current, id| {
                current
                    .mark_reregistration_step(id, step, !undo)
                    .map_err(refused)
            })?;
            show(book, &id, lang)
        }
        ReregisterCommand::Verify {
            account,
            method,
            connection,
        } => runtime()?.block_on(verify(&account, method, &connection, book, lang)),
        ReregisterCommand::End { account } => {
            change(book, &account, |current, id| {
                current.end_reregistration(id).map_err(refused)
            })?;
            Ok(())
        }
    }
}

/// Changes the book for the account `selector` names; returns its id.
fn change(
    book: Option<&Path>,
    selector: &str,
    apply: impl FnOnce(&mut lifeboat_core::book::AccountBook, &AccountId) -> Result<(), CliError>,
) -> Result<AccountId, CliError> {
    let (_, id) = change_book(book, |current| {
        let id = current.find(selector)?.id.clone();
        apply(current, &id)?;
        Ok(id)
    })?;
    Ok(id)
}

fn parse_step(step: &str, lang: Lang) -> Result<ReregisterStep, CliError> {
    ReregisterStep::parse(step)
        .filter(|step| *step != ReregisterStep::Verify)
        .ok_or_else(|| {
            let steps: Vec<&str> = ReregisterStep::ALL[..5].iter().map(|s| s.code()).collect();
            CliError::Usage(lang.say_with(
                "reregister-cli-unknown-step",
                &args! { "step" => step, "steps" => steps.join(", ") },
            ))
        })
}

/// The account's re-registration as the results show it.
fn view(book: Option<&Path>, id: &AccountId, lang: Lang) -> Result<ReregistrationView, CliError> {
    let (_, current) = open_book(book)?;
    let results = results_view(&current, lang, time::OffsetDateTime::now_utc());
    results
        .accounts
        .into_iter()
        .find(|account| &account.id == id)
        .and_then(|account| account.reregistration)
        .ok_or_else(|| CliError::Usage(ReregisterError::NotStarted.describe(lang)))
}

fn show(book: Option<&Path>, id: &AccountId, lang: Lang) -> Result<(), CliError> {
    let view = view(book, id, lang)?;
    println!("{}", view.security_info_url);
    for (index, step) in view.steps.iter().enumerate() {
        let mark = if step.done { "x" } else { " " };
        println!(
            "{}. [{mark}] {} ({})",
            index + 1,
            step.text,
            step.step.code()
        );
    }
    match &view.verified {
        Some(verified) => println!("{verified}"),
        None => {
            println!("{}", lang.say("reregister-cli-methods"));
            for choice in &view.method_choices {
                println!("  {}  {}", choice.id, choice.label);
            }
        }
    }
    Ok(())
}

/// The proof: the remembered session is forgotten, a fresh sign-in runs, and the person's method is recorded
/// when the sign-in counts (interactive, completed after the re-registration began).
async fn verify(
    selector: &str,
    method: Option<String>,
    connection: &ConnectionArgs,
    book: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    let (_, current) = open_book(book)?;
    let account = current.find(selector)?.clone();
    view(book, &account.id, lang)?;
    let store = FileBookStore::new(book_path(book)?);
    let session = Session::start(connection, store, lang, true).await?;
    let last = session.fresh_sign_in(&account).await;
    // The method list may have been read by this very sign-in: offer what it shows now.
    let method = match method {
        Some(method) => method,
        None => view(book, &account.id, lang)?
            .method_choices
            .first()
            .map(|choice| choice.id.clone())
            .unwrap_or_default(),
    };
    let row = last.rows.iter().find(|row| row.id == account.id);
    change_book(book, |current| {
        current
            .confirm_reregistration(&account.id, row, &method)
            .map_err(|error| {
                CliError::Failed(lang.say_with(
                    "reregister-cli-not-proven",
                    &args! { "upn" => account.details.upn.as_str(), "why" => error.describe(lang) },
                ))
            })
    })?;
    show(book, &account.id, lang)
}

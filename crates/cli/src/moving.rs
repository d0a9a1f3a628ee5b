//! `lifeboat move`: moving every account to a new phone before the old one is wiped (docs/PRODUCT.md §3.4).
//!
//! - `lifeboat move --old-phone NAME --new-phone NAME` starts the move (or continues it: the names may then be
//!   left out), re-reads the methods of every account not yet done through the check (remembered sessions all
//!   at once, then a sign-in per tenant), records the evidence and prints the plan and "safe to wipe the old phone?";
//!   `--no-reread` only prints; `--format json` prints the record of the move.
//! - `lifeboat move confirm ACCOUNT`: a fresh sign-in (the remembered session is forgotten first) approved on the
//!   new phone, for tenants whose methods cannot be read.
//! - `lifeboat move never-used ACCOUNT [--undo]`, `lifeboat move done ACCOUNT STEP [--undo]`, `lifeboat move end`.
//!
//! Exit codes: 0 safe to wipe, 3 not yet safe (the record printed says why), 1 and 2 as every command.

use std::io::Write;
use std::path::Path;

use lifeboat_core::args;
use lifeboat_core::book::{AccountBook, AccountId, FileBookStore};
use lifeboat_core::check_in_turn::CheckProgress;
use lifeboat_core::moving::{
    accounts_to_reread, move_view, record_text, MoveError, MoveForm, MoveStep, MoveView,
};
use lifeboat_core::Lang;

use crate::accounts::{book_path, change_book, open_book};
use crate::check::{runtime, ConnectionArgs, Session};
use crate::exit::CliError;
use crate::output::{print_json, Format};

#[derive(clap::Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MoveArgs {
    #[command(subcommand)]
    action: Option<MoveAction>,
    #[command(flatten)]
    run: MoveRun,
}

#[derive(clap::Args, Debug)]
pub struct MoveRun {
    /// The phone you are leaving, as Security info names it (offered from the check's Authenticator phones).
    #[arg(long, value_name = "NAME")]
    old_phone: Option<String>,
    /// The new phone, as it will appear in Security info.
    #[arg(long, value_name = "NAME")]
    new_phone: Option<String>,
    /// Start again when a move between other phones is under way.
    #[arg(long)]
    restart: bool,
    /// Print the plan and the answer from what the book holds, without re-reading any account.
    #[arg(long)]
    no_reread: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Subcommand, Debug)]
enum MoveAction {
    /// Sign in afresh to ACCOUNT and approve on the new phone: the proof for a tenant whose methods cannot be read.
    Confirm {
        /// The account's id or sign-in name.
        account: String,
        #[command(flatten)]
        connection: ConnectionArgs,
    },
    /// Mark ACCOUNT as never having used the old phone (`--undo` takes it back).
    NeverUsed {
        account: String,
        #[arg(long)]
        undo: bool,
    },
    /// Tick a step you did on Security info (add_authenticator, make_default, add_passkey, remove_old).
    Done {
        account: String,
        step: String,
        #[arg(long)]
        undo: bool,
    },
    /// Remove the record of the move from the book (after the old phone was wiped, or to give up).
    End,
}

pub fn run(args: MoveArgs, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    match args.action {
        None => runtime()?.block_on(run_move(args.run, book, lang)),
        Some(MoveAction::Confirm {
            account,
            connection,
        }) => runtime()?.block_on(confirm(&account, &connection, book, lang)),
        Some(MoveAction::NeverUsed { account, undo }) => never_used(&account, !undo, book, lang),
        Some(MoveAction::Done {
            account,
            step,
            undo,
        }) => tick(&account, &step, !undo, book, lang),
        Some(MoveAction::End) => {
            change_book(book, |current| Ok(current.end_move()))?;
            say(&lang.say("move-cli-ended"))
        }
    }
}

fn say(line: &str) -> Result<(), CliError> {
    writeln!(std::io::stdout().lock(), "{line}")?;
    Ok(())
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// Starts or continues the move, re-reads, records the evidence, prints the record and answers with the exit code.
async fn run_move(args: MoveRun, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    start(&args, book, lang)?;
    if !args.no_reread {
        reread(&args, book, lang).await?;
    }
    let (saved, ()) = change_book(book, |current| {
        current.observe_move();
        Ok(())
    })?;
    answer(&saved, args.format, lang)
}

/// Applies `--old-phone`/`--new-phone`; without them a move must be under way.
fn start(args: &MoveRun, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (old_phone, new_phone) = match (&args.old_phone, &args.new_phone) {
        (None, None) => {
            let (_, current) = open_book(book)?;
            return match current.phone_move {
                Some(_) => Ok(()),
                None => Err(CliError::Usage(MoveError::NotStarted.describe(lang))),
            };
        }
        (old, new) => (
            old.clone().unwrap_or_default(),
            new.clone().unwrap_or_default(),
        ),
    };
    let form = MoveForm {
        old_phone,
        new_phone,
        restart: args.restart,
    };
    change_book(book, |current| {
        form.apply(current, now())
            .map_err(|refusal| CliError::Usage(refusal.describe(lang)))
    })?;
    Ok(())
}

/// Re-reads every account through the check; an account that could not be re-read keeps what was recorded.
async fn reread(args: &MoveRun, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (store, current) = open_book(book)?;
    if current.accounts.is_empty() {
        return Err(CliError::Usage(lang.say("cli-check-empty-book")));
    }
    // Accounts already done (or that never used the old phone) need no sign-in.
    let ids = accounts_to_reread(&current);
    if ids.is_empty() {
        return Ok(());
    }
    let text = args.format == Format::Text;
    let session = Session::start(&args.connection, store, lang, text).await?;
    session.host.say(&lang.say("move-cli-rereading"));
    let last = session.check_in_turn(ids).await;
    for line in not_reread(&last, lang) {
        session.host.say(&line);
    }
    match &last.error {
        Some(error) => Err(CliError::Failed(error.text(lang).to_owned())),
        None => Ok(()),
    }
}

/// A line for every account whose methods this run did not read.
fn not_reread(last: &CheckProgress, lang: Lang) -> Vec<String> {
    use lifeboat_core::book::MethodsStatus;
    last.rows
        .iter()
        .filter(|row| row.methods != Some(MethodsStatus::Read))
        .map(|row| {
            let problem = match row.methods {
                Some(MethodsStatus::NeedsAdminConsent) => lang.say("cli-check-needs-consent"),
                _ => row
                    .problem
                    .as_ref()
                    .or(row.outcome_text.as_ref())
                    .map(|wording| wording.text(lang).to_owned())
                    .unwrap_or_else(|| lang.say("cli-check-not-checked")),
            };
            lang.say_with(
                "move-cli-reread-failed",
                &args! { "upn" => row.upn.as_str(), "problem" => problem },
            )
        })
        .collect()
}

/// Prints the record (text or JSON); not yet safe is exit code 3.
fn answer(book: &AccountBook, format: Format, lang: Lang) -> Result<(), CliError> {
    let view: MoveView = move_view(book, lang, now())
        .ok_or_else(|| CliError::Usage(MoveError::NotStarted.describe(lang)))?;
    match format {
        Format::Json => print_json(&view)?,
        Format::Text => write!(std::io::stdout().lock(), "{}", record_text(&view))?,
    }
    if view.safe_to_wipe {
        Ok(())
    } else {
        Err(CliError::NotYetSafe(view.answer))
    }
}

fn account_id(book: &AccountBook, selector: &str) -> Result<(AccountId, String), CliError> {
    let account = book.find(selector)?;
    Ok((account.id.clone(), account.details.upn.clone()))
}

fn move_error(lang: Lang) -> impl Fn(MoveError) -> CliError {
    move |error| CliError::Usage(error.describe(lang))
}

fn never_used(selector: &str, mark: bool, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (_, upn) = change_book(book, |current| {
        let (id, upn) = account_id(current, selector)?;
        current
            .mark_never_used_old_phone(&id, mark)
            .map_err(move_error(lang))?;
        Ok(upn)
    })?;
    let id = if mark {
        "move-cli-never-used"
    } else {
        "move-cli-used"
    };
    say(&lang.say_with(id, &args! { "upn" => upn }))
}

fn tick(
    selector: &str,
    step: &str,
    done: bool,
    book: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    let Some(step) = MoveStep::parse(step) else {
        let steps: Vec<&str> = MoveStep::ALL.iter().map(|step| step.code()).collect();
        return Err(CliError::Usage(lang.say_with(
            "move-cli-unknown-step",
            &args! { "step" => step, "steps" => steps.join(", ") },
        )));
    };
    let (_, upn) = change_book(book, |current| {
        let (id, upn) = account_id(current, selector)?;
        current
            .mark_move_step(&id, step, done)
            .map_err(move_error(lang))?;
        Ok(upn)
    })?;
    let id = if done {
        "move-cli-step-ticked"
    } else {
        "move-cli-step-unticked"
    };
    say(&lang.say_with(id, &args! { "upn" => upn, "step" => step.code() }))
}

/// A fresh interactive sign-in for one account: its remembered session is forgotten first, so the check cannot
/// resume it; completed after the move began, it is recorded as approved on the new phone.
async fn confirm(
    selector: &str,
    connection: &ConnectionArgs,
    book: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    let (_, current) = open_book(book)?;
    let new_phone = current
        .phone_move
        .as_ref()
        .map(|phone_move| phone_move.new_phone.clone())
        .ok_or_else(|| CliError::Usage(MoveError::NotStarted.describe(lang)))?;
    let account = current.find(selector)?.clone();
    let store = FileBookStore::new(book_path(book)?);
    let session = Session::start(connection, store, lang, true).await?;
    session.host.say(&lang.say_with(
        "move-cli-confirm-sign-in",
        &args! { "upn" => account.details.upn.as_str(), "new" => new_phone },
    ));
    let last = session.fresh_sign_in(&account).await;
    let upn = account.details.upn.clone();
    match record_confirmation(book, &account.id, &last)? {
        Ok(()) => say(&lang.say_with("move-cli-confirmed", &args! { "upn" => upn })),
        Err(refusal) => Err(CliError::Failed(lang.say_with(
            "move-cli-not-confirmed",
            &args! { "upn" => upn, "why" => refusal.describe(lang) },
        ))),
    }
}

/// Records the run's sign-in as approved on the new phone, when it counts (interactive, completed after the move
/// began); the refusal otherwise.
fn record_confirmation(
    book: Option<&Path>,
    id: &AccountId,
    last: &CheckProgress,
) -> Result<Result<(), MoveError>, CliError> {
    let row = last.rows.iter().find(|row| &row.id == id);
    let (_, recorded) = change_book(book, |current| Ok(current.confirm_run_sign_in(id, row)))?;
    Ok(recorded)
}

//! `lifeboat`: the command-line front end over `lifeboat-core`, for scripting and tests.
//!
//! Exit codes: 0 success, 1 the work failed, 2 the input was wrong (a bad flag, an unreadable or malformed
//! file), 3 `lifeboat move`: not yet safe to wipe the old phone. Errors are one line on stderr that a person understands; never a panic or a backtrace.

mod accounts;
mod assess;
mod check;
mod desk;
mod exit;
mod moving;
mod output;
mod reregister;
mod tickets;
mod troubleshoot;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::exit::CliError;
use crate::output::Format;

#[derive(Parser, Debug)]
#[command(
    name = "lifeboat",
    version,
    about = "Lost the phone with Microsoft Authenticator? Find out, account by account, how to get back in.",
    long_about = None
)]
struct Cli {
    /// The account book to use instead of the one in your configuration directory.
    #[arg(long, global = true, env = "LIFEBOAT_BOOK", value_name = "FILE")]
    book: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Show this build's version, platform and the language Lifeboat will speak.
    About {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Decide whether you can recover one account yourself, from its Graph methods and what you lost.
    Assess(assess::AssessArgs),
    /// Keep your accounts: add, list, edit, remove, import, export.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Declare what you lost (devices, phone numbers, the day); without options, show it.
    Situation(accounts::SituationArgs),
    /// Draft the IT ticket for each tenant whose accounts you cannot recover alone.
    Tickets(tickets::TicketsArgs),
    /// Sign in to each account's tenant in turn, read its methods where allowed, and print each verdict.
    Check(check::CheckArgs),
    /// Move every account to a new phone, verified tenant by tenant, and say when the old one is safe to wipe.
    Move(moving::MoveArgs),
    /// After a reset: what goes wrong (repeated prompts, codes refused, no notifications, a dead number) and
    /// what to do, with this computer's clock measured against Microsoft's.
    Troubleshoot(troubleshoot::TroubleshootArgs),
    /// After IT acted: set the account up again on Security info, step by step, and prove it with a fresh
    /// sign-in that passes with the new method.
    #[command(subcommand)]
    Reregister(reregister::ReregisterCommand),
    /// Write the prevention record: each account's readiness grade, the single points of failure, a checklist
    /// (HTML to keep, or print to PDF from a browser).
    Record(troubleshoot::RecordArgs),
    /// The IT desk: open a Lifeboat ticket, verify the person, act through Graph, draft the closing note; a
    /// tenant's readiness before phones are lost.
    #[command(subcommand)]
    Desk(desk::DeskCommand),
}

fn main() -> ExitCode {
    init_tracing();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("lifeboat: {error}");
            ExitCode::from(error.exit_code())
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let lang = output::environment_lang();
    match cli.command {
        Command::About { format } => output::print_about(&lifeboat_core::about(lang), format),
        Command::Assess(args) => assess::run(args, lang),
        Command::Accounts(command) => accounts::run(command, cli.book.as_deref(), lang),
        Command::Situation(args) => accounts::run_situation(args, cli.book.as_deref(), lang),
        Command::Tickets(args) => tickets::run(args, cli.book.as_deref(), lang),
        Command::Check(args) => check::run(args, cli.book.as_deref(), lang),
        Command::Move(args) => moving::run(args, cli.book.as_deref(), lang),
        Command::Troubleshoot(args) => troubleshoot::run(args, cli.book.as_deref(), lang),
        Command::Reregister(command) => reregister::run(command, cli.book.as_deref(), lang),
        Command::Record(args) => troubleshoot::run_record(args, cli.book.as_deref(), lang),
        Command::Desk(command) => desk::run(command, cli.book.as_deref(), lang),
    }
}

/// Logs go to stderr, level from `RUST_LOG` (default: warnings only, so stdout stays clean for scripts).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

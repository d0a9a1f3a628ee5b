//! After the ticket. `lifeboat troubleshoot [ACCOUNT]`: what goes wrong after a reset, from the evidence in the
//! book, with this computer's clock measured against Microsoft's sign-in service (one-time codes fail past about
//! 30 s). `lifeboat record`: the prevention record, an HTML page to keep or print.

use std::io::Write;
use std::path::Path;

use clap::Args;
use lifeboat_core::args;
use lifeboat_core::book::Account;
use lifeboat_core::clock::SystemClock;
use lifeboat_core::http::ReqwestTransport;
use lifeboat_core::troubleshoot::{advice_in_book, measure_offset, Advice, ClockOffset};
use lifeboat_core::Lang;

use crate::accounts::open_book;
use crate::check::{config, runtime, start_simulator, ConnectionArgs};
use crate::exit::CliError;
use crate::output::{print_json, Format};

#[derive(Args, Debug)]
pub struct TroubleshootArgs {
    /// Only this account (its id or sign-in name); by default every account in the book.
    account: Option<String>,
    /// Do not measure this computer's clock (no network).
    #[arg(long)]
    no_clock: bool,
    #[command(flatten)]
    connection: ConnectionArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: TroubleshootArgs, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (_, current) = open_book(book)?;
    let accounts: Vec<&Account> = match &args.account {
        Some(selector) => vec![current.find(selector)?],
        None => current.accounts.iter().collect(),
    };
    let offset = if args.no_clock {
        None
    } else {
        measure(&args.connection, lang)?
    };
    let now = time::OffsetDateTime::now_utc();
    let advice: Vec<(&Account, Vec<Advice>)> = accounts
        .into_iter()
        .map(|account| {
            (
                account,
                advice_in_book(&current, account, offset, lang, now),
            )
        })
        .collect();
    match args.format {
        Format::Json => print_json(&serde_json::json!({
            "clockOffsetSeconds": offset.map(|offset| offset.seconds),
            "accounts": advice.iter().map(|(account, advice)| serde_json::json!({
                "id": account.id, "upn": account.details.upn, "advice": advice,
            })).collect::<Vec<_>>(),
        })),
        Format::Text => print_text(offset, &advice, lang),
    }
}

/// The clock offset against the sign-in service (the simulator's with `--sim`); a network problem is a note,
/// not a failure: the rest of the advice stands without it.
fn measure(connection: &ConnectionArgs, lang: Lang) -> Result<Option<ClockOffset>, CliError> {
    runtime()?.block_on(async {
        let sim = match &connection.sim {
            Some(path) => Some(start_simulator(path).await?),
            None => None,
        };
        let config = config(connection, sim.as_ref(), lang)?;
        let http = ReqwestTransport::new().map_err(|error| CliError::Failed(error.to_string()))?;
        match measure_offset(&http, &SystemClock, &config).await {
            Ok(offset) => Ok(Some(offset)),
            Err(error) => {
                eprintln!(
                    "{}",
                    lang.say_with(
                        "cli-troubleshoot-no-clock",
                        &args! { "why" => error.to_string() }
                    )
                );
                Ok(None)
            }
        }
    })
}

fn print_text(
    offset: Option<ClockOffset>,
    advice: &[(&Account, Vec<Advice>)],
    lang: Lang,
) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if let Some(offset) = offset {
        let seconds = offset.seconds.to_string();
        writeln!(
            out,
            "{}",
            lang.say_with("cli-troubleshoot-clock", &args! { "seconds" => seconds })
        )?;
    }
    for (account, items) in advice {
        writeln!(out, "\n{}", account.details.upn)?;
        if items.is_empty() {
            writeln!(out, "  {}", lang.say("cli-troubleshoot-nothing"))?;
        }
        for item in items {
            writeln!(out, "  - {}: {}", item.title, item.because)?;
            for step in &item.steps {
                writeln!(out, "      {step}")?;
            }
        }
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct RecordArgs {
    /// Write the page to this file instead of the standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
}

/// The prevention record as HTML: each account's readiness grade, the single points of failure, the checklist.
pub fn run_record(args: RecordArgs, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (_, current) = open_book(book)?;
    let html =
        lifeboat_core::views::prevention_record(&current, lang, time::OffsetDateTime::now_utc());
    match args.out {
        Some(path) => std::fs::write(&path, html).map_err(|error| {
            CliError::Failed(format!("{}: could not write: {error}", path.display()))
        }),
        None => Ok(std::io::stdout().lock().write_all(html.as_bytes())?),
    }
}

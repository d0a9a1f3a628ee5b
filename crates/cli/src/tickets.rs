//! `lifeboat tickets`: drafts the per-tenant IT tickets from the account book, as text, `.eml` drafts or
//! `mailto:` links.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use lifeboat_core::args;
use lifeboat_core::book::AccountId;
use lifeboat_core::ticket::{draft_tickets, Ticket, TicketError, TicketOptions, TicketSelection};
use lifeboat_core::Lang;

use crate::accounts::open_book;
use crate::exit::CliError;

#[derive(Args, Debug)]
pub struct TicketsArgs {
    /// Only the ticket about this account (id or sign-in name), whatever its verdict.
    #[arg(long, conflicts_with = "tenant")]
    account: Option<String>,
    /// Only the ticket for this tenant (its id or one of its domains), about all its accounts.
    #[arg(long)]
    tenant: Option<String>,
    /// The tickets' language; by default each tenant's ticket language, else yours.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    #[arg(long, value_enum, default_value_t = TicketFormat::Text)]
    format: TicketFormat,
    /// Write one file per ticket into this directory (`ticket-<tenant>.txt` or `.eml`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TicketFormat {
    /// Text to copy into a mail or a helpdesk form.
    Text,
    /// An RFC 5322 draft that mail clients open ready to send.
    Eml,
    /// A mailto: link (long tickets are shortened and point to the .eml).
    Mailto,
}

fn parse_lang(value: &str) -> Result<Lang, String> {
    Lang::parse(value)
        .ok_or_else(|| format!("{value:?} is not a language Lifeboat writes (it, en)"))
}

pub fn run(args: TicketsArgs, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (_, current) = open_book(book)?;
    let selection = match (args.account, args.tenant) {
        (Some(account), _) => TicketSelection::Account(AccountId(account)),
        (None, Some(tenant)) => TicketSelection::Tenant(tenant),
        (None, None) => TicketSelection::NeedingIt,
    };
    let options = TicketOptions {
        selection,
        lang: args.lang,
        default_lang: lang,
        now: time::OffsetDateTime::now_utc(),
    };
    let tickets = draft_tickets(&current, &options).map_err(|error| match error {
        TicketError::UnknownAccount(_) | TicketError::UnknownTenant(_) => {
            CliError::Usage(error.to_string())
        }
    })?;
    let mut out = std::io::stdout().lock();
    if tickets.is_empty() {
        writeln!(out, "{}", lang.say("cli-tickets-none"))?;
        return Ok(());
    }
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|error| {
            CliError::Failed(format!(
                "{}: could not create the directory: {error}",
                dir.display()
            ))
        })?;
    }

    match args.format {
        TicketFormat::Text => match &args.out {
            Some(dir) => {
                for ticket in &tickets {
                    let path = write_file(dir, &format!("{}.txt", ticket.file_stem), ticket.text().as_bytes())?;
                    writeln!(out, "{}", path.display())?;
                }
            }
            None => {
                for (index, ticket) in tickets.iter().enumerate() {
                    if index > 0 {
                        writeln!(out, "\n{}\n", "=".repeat(72))?;
                    }
                    writeln!(out, "{}", ticket.text())?;
                }
            }
        },
        TicketFormat::Eml => match &args.out {
            Some(dir) => {
                for ticket in &tickets {
                    let path = write_file(dir, &format!("{}.eml", ticket.file_stem), &ticket.eml())?;
                    writeln!(out, "{}", path.display())?;
                }
            }
            None if tickets.len() == 1 => out.write_all(&tickets[0].eml())?,
            None => {
                return Err(CliError::Usage(format!(
                    "{} tickets: use --out DIR to write one .eml file each, or choose one with --tenant",
                    tickets.len()
                )))
            }
        },
        TicketFormat::Mailto => {
            for ticket in &tickets {
                let link = ticket.mailto();
                writeln!(out, "{}", link.uri)?;
                if let Some(dir) = &args.out {
                    // A shortened link points to this file; write it for every ticket so the pointer holds.
                    write_file(dir, &format!("{}.eml", ticket.file_stem), &ticket.eml())?;
                } else if link.shortened {
                    eprintln!("{}", shortened_warning(lang, ticket));
                }
            }
        }
    }
    Ok(())
}

fn shortened_warning(lang: Lang, ticket: &Ticket) -> String {
    lang.say_with(
        "cli-tickets-link-shortened",
        &args! { "tenant" => ticket.tenant_key.as_str() },
    )
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, CliError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|error| {
        CliError::Failed(format!("{}: could not write: {error}", path.display()))
    })?;
    Ok(path)
}

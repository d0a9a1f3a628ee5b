//! `lifeboat tickets`: drafts the per-tenant IT tickets from the account book, as text, `.eml` drafts or
//! `mailto:` links.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use lifeboat_core::args;
use lifeboat_core::book::{AccountBook, AccountId};
use lifeboat_core::edits::PersonForm;
use lifeboat_core::ticket::{draft_tickets, Ticket, TicketError, TicketOptions, TicketSelection};
use lifeboat_core::Lang;

use crate::accounts::{change_book, field_error, open_book};
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
    /// An address IT can answer you at that is not one of the locked accounts (kept in the book, like
    /// `situation --contact-email`). Asked for on a terminal when the book has none.
    #[arg(long, value_name = "ADDRESS")]
    contact_email: Option<String>,
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
    let current = match args.contact_email {
        Some(address) => save_reply_address(book, address)?,
        None => open_book(book)?.1,
    };
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
    let tickets = match draft_tickets(&current, &options) {
        // Tickets never answer to a locked account: ask for an address when a terminal is there to answer.
        Err(TicketError::NoReplyAddress) if is_interactive() => {
            let saved = save_reply_address(book, ask_reply_address(lang)?)?;
            draft_tickets(&saved, &options)
        }
        drafted => drafted,
    }
    .map_err(|error| match error {
        TicketError::UnknownAccount(_) | TicketError::UnknownTenant(_) => {
            CliError::Usage(error.to_string())
        }
        TicketError::NoReplyAddress => reply_address_needed(lang),
    })?;
    write_tickets(&tickets, args.format, args.out.as_deref(), lang)
}

fn write_tickets(
    tickets: &[Ticket],
    format: TicketFormat,
    out_dir: Option<&Path>,
    lang: Lang,
) -> Result<(), CliError> {
    if tickets.is_empty() {
        writeln!(std::io::stdout(), "{}", lang.say("cli-tickets-none"))?;
        return Ok(());
    }
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(dir).map_err(|error| {
            CliError::Failed(format!(
                "{}: could not create the directory: {error}",
                dir.display()
            ))
        })?;
    }
    match format {
        TicketFormat::Text => write_text(tickets, out_dir),
        TicketFormat::Eml => write_eml(tickets, out_dir),
        TicketFormat::Mailto => write_mailto(tickets, out_dir, lang),
    }
}

fn is_interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Keeps the reply address in the book (checked like `situation --contact-email`: not one of the locked
/// accounts) and returns the saved book.
fn save_reply_address(book: Option<&Path>, address: String) -> Result<AccountBook, CliError> {
    let form = PersonForm {
        contact_email: Some(address),
        ..PersonForm::default()
    };
    let today = time::OffsetDateTime::now_utc().date();
    let (saved, ()) = change_book(book, |current| {
        form.apply(current, today).map_err(field_error)
    })?;
    Ok(saved)
}

/// Asks on the terminal, saying why.
fn ask_reply_address(lang: Lang) -> Result<String, CliError> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "{}", lang.say("cli-tickets-reply-address-why"))?;
    write!(err, "{} ", lang.say("cli-tickets-reply-address-prompt"))?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    match line.trim() {
        "" => Err(reply_address_needed(lang)),
        address => Ok(address.to_string()),
    }
}

fn reply_address_needed(lang: Lang) -> CliError {
    CliError::Usage(format!(
        "{}\n{}",
        lang.say("cli-tickets-reply-address-why"),
        lang.say("cli-tickets-reply-address-how")
    ))
}

fn write_text(tickets: &[Ticket], out_dir: Option<&Path>) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for (index, ticket) in tickets.iter().enumerate() {
        match out_dir {
            Some(dir) => {
                let path = write_file(
                    dir,
                    &format!("{}.txt", ticket.file_stem),
                    ticket.text().as_bytes(),
                )?;
                writeln!(out, "{}", path.display())?;
            }
            None => {
                if index > 0 {
                    writeln!(out, "\n{}\n", "=".repeat(72))?;
                }
                writeln!(out, "{}", ticket.text())?;
            }
        }
    }
    Ok(())
}

fn write_eml(tickets: &[Ticket], out_dir: Option<&Path>) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match (out_dir, tickets) {
        (Some(dir), _) => {
            for ticket in tickets {
                let path = write_file(dir, &format!("{}.eml", ticket.file_stem), &ticket.eml())?;
                writeln!(out, "{}", path.display())?;
            }
        }
        (None, [one]) => out.write_all(&one.eml())?,
        (None, many) => {
            return Err(CliError::Usage(format!(
            "{} tickets: use --out DIR to write one .eml file each, or choose one with --tenant",
            many.len()
        )))
        }
    }
    Ok(())
}

fn write_mailto(tickets: &[Ticket], out_dir: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for ticket in tickets {
        let link = ticket.mailto();
        writeln!(out, "{}", link.uri)?;
        if let Some(dir) = out_dir {
            // A shortened link points to this file; write it for every ticket so the pointer holds.
            write_file(dir, &format!("{}.eml", ticket.file_stem), &ticket.eml())?;
        } else if link.shortened {
            eprintln!("{}", shortened_warning(lang, ticket));
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

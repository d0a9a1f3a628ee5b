//! `lifeboat accounts add|list|edit|remove|import|export|restore-backup`: the account book from the terminal.
//!
//! Every command works on the book named by `--book FILE` (or `LIFEBOAT_BOOK`), else on the platform's default
//! book. Mistakes in what the person typed exit with code 2 and one line naming the problem.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use lifeboat_core::args;
use lifeboat_core::book::{
    self, Account, AccountBook, BookError, BookStore, FieldError, FileBookStore, Membership,
};
use lifeboat_core::edits::{self, AccountForm, LossKind, PersonForm, SituationForm};
use lifeboat_core::lang::Noun;
use lifeboat_core::situation::Situation;
use lifeboat_core::token_store::{self, open_default_store, KEYRING_SERVICE};
use lifeboat_core::views::book_view;
use lifeboat_core::Lang;

use crate::exit::CliError;
use crate::output::{self, Format};

#[derive(Subcommand, Debug)]
pub enum AccountsCommand {
    /// Add an account to the book.
    Add {
        #[command(flatten)]
        fields: AccountFields,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the accounts in the book.
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Change an account (an empty value clears a field).
    Edit {
        /// The account's id, or its sign-in name.
        account: String,
        #[command(flatten)]
        fields: AccountFields,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Remove an account from the book.
    Remove {
        /// The account's id, or its sign-in name.
        account: String,
    },
    /// Merge accounts from a JSON account book or a CSV file (header row; columns as `export --format csv`).
    Import {
        file: PathBuf,
        /// The file's format; by default taken from its extension.
        #[arg(long, value_enum)]
        format: Option<TransferFormat>,
    },
    /// Write the book as JSON (everything) or CSV (what you typed, for spreadsheets).
    Export {
        #[arg(long, value_enum, default_value_t = TransferFormat::Json)]
        format: TransferFormat,
        /// Write to this file instead of the standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Put back the book as it was before the last save (the current file is kept beside it).
    RestoreBackup,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TransferFormat {
    Json,
    Csv,
}

/// The fields of an account, shared by `add` and `edit`.
#[derive(Args, Debug)]
pub struct AccountFields {
    /// Sign-in name (user principal name), e.g. mario.rossi@school.example.
    #[arg(long)]
    upn: Option<String>,
    /// The tenant's id (a GUID).
    #[arg(long)]
    tenant_id: Option<String>,
    /// A domain of the tenant, when the id is not known (guests: the inviting tenant's domain).
    #[arg(long)]
    tenant_domain: Option<String>,
    /// The organisation's name.
    #[arg(long, alias = "organization")]
    organisation: Option<String>,
    /// Your own label for the account.
    #[arg(long)]
    label: Option<String>,
    /// member, or guest (invited from another organisation).
    #[arg(long)]
    membership: Option<String>,
    /// yes if you hold an administrator role in that tenant.
    #[arg(long, value_name = "yes|no")]
    admin_role: Option<String>,
    /// IT's email address or helpdesk web page.
    #[arg(long)]
    it_contact: Option<String>,
    /// Language of this tenant's ticket: it or en.
    #[arg(long)]
    ticket_lang: Option<String>,
    /// Your full name as this organisation knows it.
    #[arg(long)]
    full_name: Option<String>,
    /// Student or staff ID.
    #[arg(long)]
    person_id: Option<String>,
    /// Department or course.
    #[arg(long)]
    department: Option<String>,
}

impl AccountFields {
    /// The core's account form: what the options say, unparsed but for yes/no and member/guest.
    fn into_form(self) -> Result<AccountForm, CliError> {
        let membership = match self.membership {
            None => None,
            Some(value) => Some(Membership::parse(&value).ok_or_else(|| {
                CliError::Usage(format!("--membership {value:?}: use member or guest"))
            })?),
        };
        let admin_role = match self.admin_role {
            None => None,
            Some(value) => Some(yes_no("admin-role", &value)?),
        };
        Ok(AccountForm {
            upn: self.upn,
            organisation: self.organisation,
            label: self.label,
            membership,
            tenant_id: self.tenant_id,
            tenant_domain: self.tenant_domain,
            it_contact: self.it_contact,
            ticket_lang: self.ticket_lang,
            full_name: self.full_name,
            person_id: self.person_id,
            department: self.department,
            admin_role,
        })
    }
}

/// The book file: `--book` / `LIFEBOAT_BOOK`, else the platform's configuration directory.
pub fn book_path(book: Option<&Path>) -> Result<PathBuf, CliError> {
    match book {
        Some(path) => Ok(path.to_path_buf()),
        None => book::default_book_path().ok_or_else(|| {
            CliError::Failed(
                "this system has no configuration directory; name a book with --book FILE".into(),
            )
        }),
    }
}

/// Turns a book error into the CLI's error, with the exit code the kind of problem deserves.
pub fn book_error(error: BookError) -> CliError {
    match error {
        BookError::Unreadable { path, reason } => CliError::BadInput {
            reason: format!(
                "{reason}; `lifeboat accounts restore-backup` puts the previous save back"
            ),
            path,
        },
        BookError::RefusedToOverwrite { .. } | BookError::NoBackup { .. } => {
            CliError::Usage(error.to_string())
        }
        BookError::Io { .. } | BookError::Busy { .. } => CliError::Failed(error.to_string()),
        BookError::Invalid(field) => field_error(field),
        BookError::Import { .. }
        | BookError::UnknownAccount(_)
        | BookError::AmbiguousAccount(_)
        | BookError::Duplicate { .. }
        | BookError::NothingToConfirm(_) => CliError::Usage(error.to_string()),
    }
}

/// Loads the book a command works on.
pub fn open_book(book: Option<&Path>) -> Result<(FileBookStore, AccountBook), CliError> {
    let store = FileBookStore::new(book_path(book)?);
    let loaded = store.load().map_err(book_error)?;
    Ok((store, loaded))
}

impl From<BookError> for CliError {
    fn from(error: BookError) -> Self {
        book_error(error)
    }
}

/// Forgets the sessions remembered in the keyring under an account's key (with any hosts): nothing of a removed or
/// moved account stays there. Without a usable keyring nothing was remembered; a refusal is logged.
fn forget_sessions(account_key: &str) {
    let store = open_default_store(KEYRING_SERVICE).store;
    if let Err(error) = token_store::forget_all(store.as_ref(), [account_key]) {
        tracing::warn!(%error, "a remembered session could not be forgotten");
    }
}

/// Reads the book, applies `change` and saves it, all under the book's lock, so a change the window (or another
/// `lifeboat`) makes meanwhile is never lost. Returns the saved book and what `change` returned.
pub fn change_book<T>(
    book: Option<&Path>,
    change: impl FnOnce(&mut AccountBook) -> Result<T, CliError>,
) -> Result<(AccountBook, T), CliError> {
    let store = FileBookStore::new(book_path(book)?);
    let mut result = None;
    let saved = store.update(|current| {
        result = Some(change(current)?);
        Ok::<(), CliError>(())
    })?;
    Ok((saved, result.expect("set when the change succeeded")))
}

pub fn run(command: AccountsCommand, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    match command {
        AccountsCommand::Add { fields, format } => add(book, fields, format, lang),
        AccountsCommand::Edit {
            account,
            fields,
            format,
        } => edit(book, &account, fields, format, lang),
        AccountsCommand::Remove { account } => remove(book, &account, lang),
        AccountsCommand::List { format } => {
            let (_, current) = open_book(book)?;
            match format {
                Format::Json => output::print_json(&current.accounts),
                Format::Text => write_list(&mut std::io::stdout().lock(), &current, lang),
            }
        }
        AccountsCommand::Import { file, format } => import(book, &file, format, lang),
        AccountsCommand::Export { format, out } => export(book, format, out.as_deref()),
        AccountsCommand::RestoreBackup => restore_backup(book, lang),
    }
}

/// One line of the catalog to the standard output.
fn say(lang: Lang, id: &str, args: &lifeboat_core::lang::Args) -> Result<(), CliError> {
    writeln!(std::io::stdout(), "{}", lang.say_with(id, args))?;
    Ok(())
}

fn add(
    book: Option<&Path>,
    fields: AccountFields,
    format: Format,
    lang: Lang,
) -> Result<(), CliError> {
    if fields
        .upn
        .as_deref()
        .is_none_or(|upn| upn.trim().is_empty())
    {
        return Err(CliError::Usage(
            "accounts add needs --upn (the sign-in name)".into(),
        ));
    }
    let form = fields.into_form()?;
    let (current, id) = change_book(book, |current| Ok(edits::add_account(current, form)?))?;
    let account = current.get(&id).expect("just added");
    match format {
        Format::Json => output::print_json(account),
        Format::Text => say(
            lang,
            "cli-account-added",
            &args! { "id" => id.to_string(), "upn" => account.details.upn.as_str() },
        ),
    }
}

fn edit(
    book: Option<&Path>,
    account: &str,
    fields: AccountFields,
    format: Format,
    lang: Lang,
) -> Result<(), CliError> {
    let form = fields.into_form()?;
    let (current, edited) = change_book(book, |current| {
        Ok(edits::edit_account(current, account, form)?)
    })?;
    if let Some(stale) = &edited.stale_session {
        forget_sessions(stale);
    }
    let account = current.get(&edited.id).expect("just edited");
    match format {
        Format::Json => output::print_json(account),
        Format::Text => say(
            lang,
            "cli-account-changed",
            &args! { "id" => edited.id.to_string(), "upn" => account.details.upn.as_str() },
        ),
    }
}

fn remove(book: Option<&Path>, account: &str, lang: Lang) -> Result<(), CliError> {
    let (_, (id, removed)) = change_book(book, |current| {
        let id = current.find(account)?.id.clone();
        let removed = current.remove(&id)?;
        Ok((id, removed))
    })?;
    forget_sessions(&removed.session_key());
    say(
        lang,
        "cli-account-removed",
        &args! { "id" => id.to_string(), "upn" => removed.details.upn.as_str() },
    )
}

fn import(
    book: Option<&Path>,
    file: &Path,
    format: Option<TransferFormat>,
    lang: Lang,
) -> Result<(), CliError> {
    // A refusal names the file, and the line where there is one.
    let bad_input = |error: BookError| match error {
        BookError::Import { reason, line, .. } => CliError::BadInput {
            path: file.to_path_buf(),
            reason: match line {
                Some(line) => format!("line {line}: {reason}"),
                None => reason,
            },
        },
        other => book_error(other),
    };
    let bytes = book::transfer::read_import_file(file).map_err(bad_input)?;
    let format = format.or_else(|| guess_format(file)).ok_or_else(|| {
        CliError::Usage(format!(
            "{}: say --format json or --format csv",
            file.display()
        ))
    })?;
    let name = file.display().to_string();
    let (_, report) = change_book(book, |current| {
        match format {
            TransferFormat::Json => book::transfer::import_json(current, &bytes, &name),
            TransferFormat::Csv => book::transfer::import_csv(current, &bytes, &name),
        }
        .map_err(bad_input)
    })?;
    say(
        lang,
        "cli-accounts-imported",
        &args! { "added" => report.added.to_string(), "updated" => report.updated.to_string() },
    )
}

fn export(
    book: Option<&Path>,
    format: TransferFormat,
    target: Option<&Path>,
) -> Result<(), CliError> {
    let (_, current) = open_book(book)?;
    let bytes = match format {
        TransferFormat::Json => book::transfer::export_json(&current),
        TransferFormat::Csv => book::transfer::export_csv(&current),
    };
    match target {
        Some(path) => std::fs::write(path, bytes).map_err(|error| {
            CliError::Failed(format!("{}: could not write: {error}", path.display()))
        }),
        None => Ok(std::io::stdout().lock().write_all(&bytes)?),
    }
}

fn restore_backup(book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    // Works on an unreadable book: that is what it is for.
    let store = FileBookStore::new(book_path(book)?);
    let restored = store.restore_backup().map_err(book_error)?;
    say(
        lang,
        "cli-backup-restored",
        &args! { "accounts" => lang.count(restored.accounts, Noun::Account) },
    )?;
    match restored.set_aside {
        Some(aside) => say(
            lang,
            "cli-backup-set-aside",
            &args! { "path" => aside.display().to_string() },
        ),
        None => Ok(()),
    }
}

fn guess_format(file: &Path) -> Option<TransferFormat> {
    match file
        .extension()?
        .to_string_lossy()
        .to_ascii_lowercase()
        .as_str()
    {
        "json" => Some(TransferFormat::Json),
        "csv" => Some(TransferFormat::Csv),
        _ => None,
    }
}

/// The accounts list: each account with the tenant it belongs to (a guest's inviting tenant, as the core groups
/// them), its organisation, and what Lifeboat last learned about it.
fn write_list(out: &mut impl Write, book: &AccountBook, lang: Lang) -> Result<(), CliError> {
    if book.accounts.is_empty() {
        writeln!(out, "{}", lang.say("cli-accounts-empty"))?;
        return Ok(());
    }
    let view = book_view(book, lang, time::OffsetDateTime::now_utc());
    for (row, account) in view.accounts.iter().zip(&book.accounts) {
        let mut line = format!(
            "{:>3}  {}  [{}]  {}",
            row.id, row.upn, row.tenant_key, row.organisation
        );
        if let Some(label) = &row.label {
            line.push_str(&format!("  ({label})"));
        }
        if row.membership == Membership::Guest {
            line.push_str(&format!("  {}", lang.say("cli-account-guest")));
        }
        writeln!(out, "{line}")?;
        if let Some(contact) = &row.it_contact {
            writeln!(out, "       IT: {contact}")?;
        }
        write_last_evidence(out, account, lang)?;
    }
    Ok(())
}

fn write_last_evidence(
    out: &mut impl Write,
    account: &Account,
    lang: Lang,
) -> Result<(), CliError> {
    if let Some(check) = &account.last_check {
        let code = check
            .aadsts
            .map(|code| format!(" AADSTS{code}"))
            .unwrap_or_default();
        let outcome = serde_json::to_value(check.outcome).ok();
        let outcome = outcome
            .as_ref()
            .and_then(|value| value.as_str())
            .unwrap_or_default();
        let label = lang.say("cli-account-last-check");
        writeln!(out, "       {label}: {} {outcome}{code}", date(check.at))?;
    }
    if let Some(inventory) = &account.last_inventory {
        let methods = lang.count(inventory.methods.len(), Noun::Method);
        let label = lang.say("cli-account-last-inventory");
        writeln!(
            out,
            "       {label}: {} ({methods})",
            date(inventory.read_at)
        )?;
    }
    Ok(())
}

fn date(at: time::OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

/// `lifeboat situation`: what was lost, as the tickets and verdicts need it. Without options it shows the
/// declaration; with options it changes it (lists grow with each `--lost-device`, shrink with `--found-device`).
#[derive(Args, Debug)]
pub struct SituationArgs {
    /// A device you no longer have, by the name Security info shows (repeatable).
    #[arg(long, value_name = "NAME")]
    lost_device: Vec<String>,
    /// Take a device off the lost list (repeatable).
    #[arg(long, value_name = "NAME")]
    found_device: Vec<String>,
    /// A device you still hold (repeatable).
    #[arg(long, value_name = "NAME")]
    held_device: Vec<String>,
    /// A phone number that no longer reaches you (repeatable).
    #[arg(long, value_name = "NUMBER")]
    unreachable_number: Vec<String>,
    /// Take a number off the unreachable list (repeatable).
    #[arg(long, value_name = "NUMBER")]
    reachable_number: Vec<String>,
    /// yes if your one-time code app lives on a device you still hold.
    #[arg(long, value_name = "yes|no")]
    otp_on_held_device: Option<String>,
    /// yes if your passkey in Microsoft Authenticator lives on a device you still hold.
    #[arg(long, value_name = "yes|no")]
    passkey_on_held_device: Option<String>,
    /// yes if you can still complete your organisation's external MFA provider.
    #[arg(long, value_name = "yes|no")]
    external_method_usable: Option<String>,
    /// Readiness: yes if the phone number registered for your accounts is still yours.
    #[arg(long, value_name = "yes|no")]
    phone_number_current: Option<String>,
    /// Readiness: yes if Microsoft Authenticator's cloud backup is on.
    #[arg(long, value_name = "yes|no")]
    authenticator_backup_on: Option<String>,
    /// The day of the loss (YYYY-MM-DD); empty to clear.
    #[arg(long, value_name = "DATE")]
    lost_on: Option<String>,
    /// Where IT can reach you while your accounts are locked (not one of the locked accounts); empty to clear.
    #[arg(long, value_name = "EMAIL")]
    contact_email: Option<String>,
    /// What happened to the phone: lost, stolen, broken or wiped.
    #[arg(long, value_name = "lost|stolen|broken|wiped")]
    what_happened: Option<String>,
    /// Your full name, for the tickets (an account's --full-name wins where an organisation knows you by another).
    #[arg(long, value_name = "NAME")]
    full_name: Option<String>,
    /// Forget everything declared before applying the other options.
    #[arg(long)]
    clear: bool,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

impl SituationArgs {
    fn changes_something(&self) -> bool {
        self.clear
            || !self.lost_device.is_empty()
            || !self.found_device.is_empty()
            || !self.held_device.is_empty()
            || !self.unreachable_number.is_empty()
            || !self.reachable_number.is_empty()
            || self.otp_on_held_device.is_some()
            || self.passkey_on_held_device.is_some()
            || self.external_method_usable.is_some()
            || self.phone_number_current.is_some()
            || self.authenticator_backup_on.is_some()
            || self.lost_on.is_some()
            || self.contact_email.is_some()
            || self.what_happened.is_some()
            || self.full_name.is_some()
    }
}

fn yes_no(flag: &str, value: &str) -> Result<bool, CliError> {
    edits::parse_yes_no(value)
        .ok_or_else(|| CliError::Usage(format!("--{flag} {value:?}: use yes or no")))
}

pub fn run_situation(args: SituationArgs, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let current = if args.changes_something() {
        change_book(book, |current| apply_situation(&args, current))?.0
    } else {
        open_book(book)?.1
    };
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "situation": current.situation,
            "lostOn": current.lost_on.map(|day| day.to_string()),
            "contactEmail": current.contact_email,
            "fullName": current.full_name,
            "lossKind": current.loss_kind,
        })),
        Format::Text => write_situation(&current, lang),
    }
}

/// The changes `args` asks for: the declarations, then the person's day of the loss and reply address.
fn apply_situation(args: &SituationArgs, current: &mut AccountBook) -> Result<(), CliError> {
    let flag = |name: &str, value: &Option<String>| -> Result<Option<bool>, CliError> {
        value
            .as_deref()
            .map(|value| yes_no(name, value))
            .transpose()
    };
    let declarations = SituationForm {
        replace: args.clear,
        lost_devices: args.lost_device.clone(),
        found_devices: args.found_device.clone(),
        held_devices: args.held_device.clone(),
        unreachable_numbers: args.unreachable_number.clone(),
        reachable_numbers: args.reachable_number.clone(),
        otp_on_held_device: flag("otp-on-held-device", &args.otp_on_held_device)?,
        passkey_on_held_device: flag("passkey-on-held-device", &args.passkey_on_held_device)?,
        external_method_usable: flag("external-method-usable", &args.external_method_usable)?,
        phone_number_current: flag("phone-number-current", &args.phone_number_current)?,
        authenticator_backup_on: flag("authenticator-backup-on", &args.authenticator_backup_on)?,
    };
    // `--clear` forgets the day and the reply address too, unless given again.
    let cleared = |value: &Option<String>| value.clone().or(args.clear.then(String::new));
    let loss_kind = match &args.what_happened {
        None => None,
        Some(value) => Some(LossKind::parse(value).ok_or_else(|| {
            CliError::Usage(format!(
                "--what-happened {value:?}: use lost, stolen, broken or wiped"
            ))
        })?),
    };
    let person = PersonForm {
        full_name: args.full_name.clone(),
        lost_on: cleared(&args.lost_on),
        contact_email: cleared(&args.contact_email),
        loss_kind,
    };
    declarations
        .apply(&mut current.situation)
        .map_err(field_error)?;
    person.apply(current, today()).map_err(field_error)
}

/// A refused value, named by the option it came from (`lostOn` → `--lost-on`).
pub fn field_error(error: FieldError) -> CliError {
    let flag: String = error
        .field
        .chars()
        .flat_map(|c| {
            if c.is_ascii_uppercase() {
                vec!['-', c.to_ascii_lowercase()]
            } else {
                vec![c]
            }
        })
        .collect();
    CliError::Usage(format!("--{flag} {}", error.reason))
}

/// Today, for the rules that need one (a loss is not in the future; the rule allows a day for time zones).
fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn write_situation(book: &AccountBook, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    for (label, value) in situation_rows(book, lang) {
        writeln!(out, "{}: {value}", lang.say(label))?;
    }
    Ok(())
}

/// The declaration as label ids and values, in the order `situation` prints them: the person, then what was
/// lost.
fn situation_rows(book: &AccountBook, lang: Lang) -> Vec<(&'static str, String)> {
    let none = || lang.say("cli-none");
    // Each message id written out, so the catalog's test sees every one in use.
    let happened = book.loss_kind.map(|kind| {
        lang.say(match kind {
            LossKind::Lost => "cli-loss-lost",
            LossKind::Stolen => "cli-loss-stolen",
            LossKind::Broken => "cli-loss-broken",
            LossKind::Wiped => "cli-loss-wiped",
        })
    });
    let lost_on = book.lost_on.map(|day| day.to_string());
    let mut rows = vec![
        (
            "cli-situation-full-name",
            book.full_name.clone().unwrap_or_else(none),
        ),
        ("cli-situation-happened", happened.unwrap_or_else(none)),
    ];
    rows.extend(declared_rows(&book.situation, lang));
    rows.push(("cli-situation-lost-on", lost_on.unwrap_or_else(none)));
    rows.push((
        "cli-situation-contact-email",
        book.contact_email.clone().unwrap_or_else(none),
    ));
    rows
}

fn declared_rows(situation: &Situation, lang: Lang) -> [(&'static str, String); 8] {
    let list = |items: &[String]| match items {
        [] => lang.say("cli-none"),
        items => items.join(", "),
    };
    let flag = |value: bool| lang.say(if value { "cli-yes" } else { "cli-no" });
    let answer = |value: Option<bool>| value.map(flag).unwrap_or_else(|| lang.say("cli-not-asked"));
    [
        ("cli-situation-lost-devices", list(&situation.lost_devices)),
        ("cli-situation-held-devices", list(&situation.held_devices)),
        (
            "cli-situation-unreachable-numbers",
            list(&situation.unreachable_numbers),
        ),
        (
            "cli-situation-otp-on-held-device",
            flag(situation.otp_on_held_device),
        ),
        (
            "cli-situation-passkey-on-held-device",
            flag(situation.authenticator_passkey_on_held_device),
        ),
        (
            "cli-situation-external-usable",
            flag(situation.external_method_usable),
        ),
        (
            "cli-situation-number-current",
            answer(situation.phone_number_current),
        ),
        (
            "cli-situation-backup-on",
            answer(situation.authenticator_backup_on),
        ),
    ]
}

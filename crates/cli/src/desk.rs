//! `lifeboat desk`: the IT desk's side of a Lifeboat ticket (open, verify, act, note) and a tenant's readiness,
//! parse-and-print over `lifeboat_core::desk`. The admin signs in with their own account (`--sim` for the
//! simulator); every action is previewed and done only with `--yes`; the audit log sits beside the book.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Subcommand};
use lifeboat_core::args;
use lifeboat_core::desk::actions::{perform, preview, DeskTarget};
use lifeboat_core::desk::note::NoteLine;
use lifeboat_core::desk::readiness::{draft_message, CsvSink};
use lifeboat_core::desk::ticket::MAX_TICKET_BYTES;
use lifeboat_core::desk::*;
use lifeboat_core::signin::{
    AccountTarget, BrowserError, BrowserOpener, Checker, DeviceCodePrompt, SignInControl,
    SystemBrowser,
};
use lifeboat_core::ticket::block::BlockAccount;
use lifeboat_core::token_store::{MemoryTokenStore, TokenStore};
use lifeboat_core::Lang;
use lifeboat_sim::SimServer;

use crate::accounts::book_path;
use crate::check::{self, ConnectionArgs};
use crate::exit::CliError;
use crate::output::{print_json, Format};

#[derive(Subcommand, Debug)]
pub enum DeskCommand {
    /// Open a ticket (`.eml` or text; `-` reads standard input); with --admin, also the user's methods now.
    Open(OpenArgs),
    /// Complete the identity checklist for the ticket's account (recorded in the audit log).
    Verify(VerifyArgs),
    /// Preview actions on the ticket's account; with --yes, do them.
    Act(ActArgs),
    /// Draft the closing note in the ticket's language, from what the audit log records.
    Note(NoteArgs),
    /// List the users a lost phone would lock out, into a CSV file, with a message asking them to add a method.
    Readiness(ReadinessArgs),
}

#[derive(Args, Debug)]
pub struct TicketArgs {
    /// The ticket: an `.eml` file, a text file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    ticket: PathBuf,
    /// The ticket's account to work on (its sign-in name); default: the first.
    #[arg(long, value_name = "UPN")]
    account: Option<String>,
}

#[derive(Args, Debug)]
pub struct AdminArgs {
    /// Your own admin account, to sign in with.
    #[arg(long, value_name = "UPN")]
    admin: String,
    #[command(flatten)]
    connection: ConnectionArgs,
}

#[derive(Args, Debug)]
pub struct OpenArgs {
    #[command(flatten)]
    ticket: TicketArgs,
    /// Your admin account: sign in and show the user's methods now beside the ticket.
    #[arg(long, value_name = "UPN")]
    admin: Option<String>,
    #[command(flatten)]
    connection: ConnectionArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Args, Debug, Default)]
pub struct ChecklistArgs {
    /// How you confirmed the identity: video_call_with_id, in_person, call_back_on_file, other.
    #[arg(long, value_name = "HOW")]
    how: Option<String>,
    /// With --how other: what you did.
    #[arg(long, value_name = "TEXT")]
    how_text: Option<String>,
    /// An administrator's account: the second person who checked the identity.
    #[arg(long, value_name = "NAME")]
    second_person: Option<String>,
    /// An administrator's account: you hold Privileged Authentication Administrator.
    #[arg(long)]
    privileged_admin: bool,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    #[command(flatten)]
    ticket: TicketArgs,
    /// Your admin account (who verified).
    #[arg(long, value_name = "UPN")]
    admin: String,
    #[command(flatten)]
    checklist: ChecklistArgs,
}

#[derive(Args, Debug)]
pub struct ActArgs {
    #[command(flatten)]
    ticket: TicketArgs,
    #[command(flatten)]
    admin: AdminArgs,
    /// The identity checklist now (otherwise a `desk verify` of the last hours counts).
    #[command(flatten)]
    checklist: ChecklistArgs,
    /// Delete this registration (Graph's method id); repeatable.
    #[arg(long = "remove", value_name = "ID")]
    remove: Vec<String>,
    /// Delete every registration the ticket lists that is still there.
    #[arg(long)]
    remove_listed: bool,
    /// Create a one-time Temporary Access Pass.
    #[arg(long)]
    tap: bool,
    /// The pass's lifetime in minutes (default: the policy's).
    #[arg(long, value_name = "MINUTES", requires = "tap")]
    lifetime: Option<u32>,
    /// Replace a pass the user already has.
    #[arg(long, requires = "tap")]
    replace_tap: bool,
    /// Revoke the user's sign-in sessions (members only).
    #[arg(long)]
    revoke: bool,
    /// Do it (without: preview only).
    #[arg(long)]
    yes: bool,
}

#[derive(Args, Debug)]
pub struct NoteArgs {
    #[command(flatten)]
    ticket: TicketArgs,
}

#[derive(Args, Debug)]
pub struct ReadinessArgs {
    #[command(flatten)]
    admin: AdminArgs,
    /// The organisation (tenant id or domain); default: your account's domain.
    #[arg(long, value_name = "TENANT")]
    tenant: Option<String>,
    /// Where to write the users to tell.
    #[arg(long, value_name = "FILE")]
    csv: PathBuf,
}

pub fn run(command: DeskCommand, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let runtime = check::runtime()?;
    let audit = AuditLog::beside_book(&book_path(book)?);
    match command {
        DeskCommand::Open(args) => runtime.block_on(open(args, lang)),
        DeskCommand::Verify(args) => verify(args, &audit, lang),
        DeskCommand::Act(args) => runtime.block_on(act(args, &audit, lang)),
        DeskCommand::Note(args) => note(args, &audit, lang),
        DeskCommand::Readiness(args) => runtime.block_on(readiness(args, lang)),
    }
}

fn read_ticket(args: &TicketArgs, lang: Lang) -> Result<DeskTicket, CliError> {
    let mut bytes = Vec::new();
    let limit = MAX_TICKET_BYTES as u64 + 1;
    let read = if args.ticket.as_os_str() == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(&args.ticket).and_then(|file| file.take(limit).read_to_end(&mut bytes))
    };
    let bad = |reason: String| CliError::BadInput {
        path: args.ticket.clone(),
        reason,
    };
    read.map_err(|error| bad(error.to_string()))?;
    let ticket = DeskTicket::open(&bytes).map_err(|error| bad(error.explain(lang)))?;
    ticket
        .account(args.account.as_deref())
        .map_err(|error| CliError::Usage(error.explain(lang)))?;
    Ok(ticket)
}

fn chosen<'a>(ticket: &'a DeskTicket, args: &TicketArgs) -> &'a BlockAccount {
    // `read_ticket` has checked that the account is there.
    match ticket.account(args.account.as_deref()) {
        Ok(account) => account,
        Err(_) => &ticket.block.accounts[0],
    }
}

/// The simulator's practice admin completes the sign-in the scenario scripts (or, unscripted, simply signs in).
struct SimBrowser(Arc<SimServer>, SignInControl);

impl BrowserOpener for SimBrowser {
    fn open(&self, url: &url::Url) -> Result<(), BrowserError> {
        let (server, control, url) = (self.0.clone(), self.1.clone(), url.to_string());
        tokio::spawn(async move {
            if !matches!(
                server.browse(&url).await,
                Ok(lifeboat_sim::BrowseOutcome::DeliveredToClient)
            ) {
                control.cancel();
            }
        });
        Ok(())
    }
}

/// The admin's Graph after a sign-in; the simulator (when asked for) lives as long as the returned handle.
async fn admin_graph(
    admin: &str,
    connection: &ConnectionArgs,
    tenant: Option<&str>,
    scope: &str,
    lang: Lang,
) -> Result<(DeskGraph, Option<Arc<SimServer>>), CliError> {
    let sim = match &connection.sim {
        Some(path) => Some(check::start_simulator(path).await?),
        None => None,
    };
    let config = check::config(connection, sim.as_ref(), lang)?;
    // An administrator's session is never remembered: each command signs in (the browser's own session
    // usually makes that one click).
    let tokens: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::new());
    let checker = Checker::with_defaults(config.clone(), tokens)
        .map_err(|error| CliError::Failed(error.to_string()))?;
    let target = AccountTarget::for_desk_admin(admin, tenant, &config);
    sign_in(&checker, &target, connection, sim.as_ref(), lang).await?;
    let graph = lifeboat_core::desk::admin_graph(&checker, &target, scope)
        .await
        .map_err(|error| CliError::Failed(error.explain(lang)))?;
    Ok((graph, sim))
}

async fn sign_in(
    checker: &Checker,
    target: &AccountTarget,
    connection: &ConnectionArgs,
    sim: Option<&Arc<SimServer>>,
    lang: Lang,
) -> Result<(), CliError> {
    let admin = target.upn.as_str();
    eprintln!(
        "{}",
        lang.say_with("desk-cli-signing-in", &args! { "admin" => admin })
    );
    let control = SignInControl::new();
    let check = if connection.device_code {
        let show = |prompt: &DeviceCodePrompt| eprintln!("{}", prompt.message);
        checker
            .check_device_code(target, &show, &control, lang)
            .await
    } else {
        let opener = opener(sim, target, &control);
        checker
            .check_interactive(target, opener.as_ref(), &control, lang)
            .await
            .map_err(|error| CliError::Failed(error.to_string()))?
    };
    sign_in_outcome(&check, lang).map_err(|error| CliError::Failed(error.explain(lang)))
}

/// The system browser, or the simulator's practice admin (who simply signs in).
fn opener(
    sim: Option<&Arc<SimServer>>,
    target: &AccountTarget,
    control: &SignInControl,
) -> Box<dyn BrowserOpener> {
    match sim {
        Some(server) => {
            let script = lifeboat_sim::BrowserScript::Complete { method: None };
            server.set_script(&target.upn, script);
            Box::new(SimBrowser(server.clone(), control.clone()))
        }
        None => Box::new(SystemBrowser),
    }
}

/// The user now beside the ticket; a TAP policy the admin may not read is said on stderr.
async fn read_user_now(
    graph: &DeskGraph,
    account: &BlockAccount,
    lang: Lang,
) -> Result<UserNow, CliError> {
    let now = user_now(graph, account)
        .await
        .map_err(|error| CliError::Failed(error.explain(lang)))?;
    if let Some(refused) = &now.policy_refused {
        eprintln!("{}", refused.explain(lang));
    }
    Ok(now)
}

async fn open(args: OpenArgs, lang: Lang) -> Result<(), CliError> {
    let ticket = read_ticket(&args.ticket, lang)?;
    let account = chosen(&ticket, &args.ticket);
    let now = match &args.admin {
        Some(admin) => {
            let (graph, _sim) =
                admin_graph(admin, &args.connection, ticket.tenant(), DESK_SCOPES, lang).await?;
            Some(read_user_now(&graph, account, lang).await?)
        }
        None => None,
    };
    if args.format == Format::Json {
        let json = serde_json::json!({
            "ticket": ticket,
            "user": now.as_ref().map(|now| &now.user),
            "comparison": now.as_ref().map(|now| &now.comparison),
            "tapPolicy": now.as_ref().and_then(|now| now.policy.as_ref()),
        });
        return print_json(&json);
    }
    print_ticket(&ticket, account, lang)?;
    if let Some(now) = &now {
        print_comparison(&now.comparison, lang)?;
    }
    Ok(())
}

fn print_ticket(ticket: &DeskTicket, account: &BlockAccount, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    let asks: Vec<String> = account
        .ask
        .iter()
        .map(|ask| ask_words(*ask, lang))
        .collect();
    writeln!(
        out,
        "{}",
        lang.say_with(
            "desk-cli-ticket",
            &args! {
                "upn" => account.upn.as_str(),
                "tenant" => ticket.tenant().unwrap_or("-"),
                "guest" => if account.membership == lifeboat_core::book::Membership::Guest { "yes" } else { "no" },
                "admin" => if account.admin_role { "yes" } else { "no" },
                "asks" => asks.join(", "),
                "replyTo" => ticket.block.reply_to.as_str()
            }
        )
    )?;
    Ok(())
}

fn print_comparison(comparison: &Comparison, lang: Lang) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", lang.say("desk-cli-methods-heading"))?;
    for row in &comparison.rows {
        let state = match row.state() {
            RowState::ToRemove => "desk-cli-state-to-remove",
            RowState::AlreadyGone => "desk-cli-state-already-gone",
            RowState::Unchanged => "desk-cli-state-unchanged",
            RowState::New => "desk-cli-state-new",
            RowState::Gone => "desk-cli-state-gone",
        };
        let kind = row.odata_type.trim_start_matches("#microsoft.graph.");
        let label = row.label.as_deref().unwrap_or("");
        writeln!(out, "  {:<16} {kind} {label} ({})", lang.say(state), row.id)?;
    }
    Ok(())
}

fn checklist_form(args: &ChecklistArgs, lang: Lang) -> Result<VerificationForm, CliError> {
    let how = match &args.how {
        None => None,
        Some(code) => Some(
            IdentityCheck::parse(code, args.how_text.as_deref()).ok_or_else(|| {
                CliError::Usage(
                    lang.say_with("desk-cli-unknown-how", &args! { "how" => code.as_str() }),
                )
            })?,
        ),
    };
    Ok(VerificationForm {
        how,
        second_person: args.second_person.clone(),
        privileged_admin_confirmed: args.privileged_admin,
    })
}

/// The checklist completed now (recorded in the audit) or, without flags, a recent one from the audit.
fn verification(
    checklist: &ChecklistArgs,
    account: &BlockAccount,
    admin: &str,
    audit: &AuditLog,
    lang: Lang,
) -> Result<Verification, CliError> {
    let now = time::OffsetDateTime::now_utc();
    if checklist.how.is_none() {
        return recent_verification(audit, account, admin, now).map_err(|error| match error {
            DeskError::Io(detail) => CliError::Failed(detail),
            refused => CliError::Usage(refused.explain(lang)),
        });
    }
    let form = checklist_form(checklist, lang)?;
    complete_checklist(&form, account, admin, audit, now).map_err(|error| match error {
        ChecklistError::Incomplete(missing) => {
            let lines: Vec<String> = missing.iter().map(|gap| gap.explain(lang)).collect();
            CliError::Usage(lines.join("\n"))
        }
        ChecklistError::Audit(detail) => CliError::Failed(detail),
    })
}

fn verify(args: VerifyArgs, audit: &AuditLog, lang: Lang) -> Result<(), CliError> {
    let ticket = read_ticket(&args.ticket, lang)?;
    let account = chosen(&ticket, &args.ticket);
    if args.checklist.how.is_none() {
        return Err(CliError::Usage(VerifyError::HowMissing.explain(lang)));
    }
    verification(&args.checklist, account, &args.admin, audit, lang)?;
    println!(
        "{}",
        lang.say_with(
            "desk-cli-verified",
            &args! { "upn" => account.upn.as_str() }
        )
    );
    Ok(())
}

fn requested_actions(args: &ActArgs) -> ActionRequest {
    ActionRequest {
        remove: args.remove.clone(),
        remove_listed: args.remove_listed,
        tap: args.tap.then_some(TapRequest {
            lifetime_minutes: args.lifetime,
            replace_existing: args.replace_tap,
        }),
        revoke: args.revoke,
    }
}

async fn act(args: ActArgs, audit: &AuditLog, lang: Lang) -> Result<(), CliError> {
    let ticket = read_ticket(&args.ticket, lang)?;
    let account = chosen(&ticket, &args.ticket);
    let request = requested_actions(&args);
    if request.is_empty() {
        return Err(CliError::Usage(lang.say("desk-cli-no-action")));
    }
    let verified = verification(&args.checklist, account, &args.admin.admin, audit, lang)?;
    let (graph, _sim) = admin_graph(
        &args.admin.admin,
        &args.admin.connection,
        ticket.tenant(),
        DESK_SCOPES,
        lang,
    )
    .await?;
    let now = read_user_now(&graph, account, lang).await?;
    let target = now.target(account);
    let mut failures = Vec::new();
    for action in request.actions(&now.comparison) {
        let result = match args.yes {
            false => show_preview(&target, &action, lang),
            true => do_action(&graph, &verified, &target, &action, audit, lang).await,
        };
        if let Err(problem) = result {
            failures.push(problem);
        }
    }
    if !args.yes {
        println!("{}", lang.say("desk-cli-preview-only"));
    }
    match failures.is_empty() {
        true => Ok(()),
        false => Err(CliError::Failed(failures.join("\n"))),
    }
}

fn show_preview(target: &DeskTarget<'_>, action: &DeskAction, lang: Lang) -> Result<(), String> {
    match preview(target, action) {
        Ok(preview) => {
            println!("{}", preview.words(lang));
            Ok(())
        }
        Err(refusal) => Err(refusal.explain(lang)),
    }
}

async fn do_action(
    graph: &DeskGraph,
    verified: &Verification,
    target: &DeskTarget<'_>,
    action: &DeskAction,
    audit: &AuditLog,
    lang: Lang,
) -> Result<(), String> {
    let now = time::OffsetDateTime::now_utc();
    let done = perform(graph, verified, target, action, audit, now)
        .await
        .map_err(|error| error.explain(lang))?;
    println!("{}", done.preview.words(lang));
    let request_id = done.request_id.as_deref().unwrap_or("-");
    println!(
        "{}",
        lang.say_with("desk-cli-done", &args! { "requestId" => request_id })
    );
    if let Some(error) = &done.audit_error {
        eprintln!(
            "{}",
            lang.say_with("desk-file-failed", &args! { "detail" => error.as_str() })
        );
    }
    if let Some(pass) = &done.pass {
        // Shown this once, on the terminal only: never in the audit, a log or a file.
        println!(
            "{}",
            lang.say_with("desk-cli-tap-once", &args! { "pass" => pass.expose() })
        );
    }
    Ok(())
}

fn note(args: NoteArgs, audit: &AuditLog, lang: Lang) -> Result<(), CliError> {
    let ticket = read_ticket(&args.ticket, lang)?;
    let account = chosen(&ticket, &args.ticket);
    let entries = audit
        .read()
        .map_err(|error| CliError::Failed(error.to_string()))?;
    let lines = NoteLine::from_audit(&entries, &account.upn);
    println!("{}", closing_note(&ticket, &account.upn, &lines));
    Ok(())
}

async fn readiness(args: ReadinessArgs, lang: Lang) -> Result<(), CliError> {
    let (admin, tenant) = (&args.admin, args.tenant.as_deref());
    let (graph, _sim) = admin_graph(
        &admin.admin,
        &admin.connection,
        tenant,
        READINESS_SCOPES,
        lang,
    )
    .await?;
    let failed = |error: DeskError| CliError::Failed(error.explain(lang));
    let file = std::fs::File::create(&args.csv).map_err(|error| CliError::BadInput {
        path: args.csv.clone(),
        reason: error.to_string(),
    })?;
    let mut sink = CsvSink::new(std::io::BufWriter::new(file)).map_err(failed)?;
    let mut progress = |so_far: &ReadinessSummary| {
        let counts =
            args! { "users" => so_far.users.to_string(), "pages" => so_far.pages.to_string() };
        eprintln!("{}", lang.say_with("desk-cli-readiness-progress", &counts));
    };
    let report = ReadinessReport {
        graph: graph.client(),
        token: graph.token(),
    };
    let summary = report.run(&mut sink, &mut progress).await.map_err(failed)?;
    sink.finish().map_err(failed)?;
    print_readiness(&summary, &args.csv, lang)
}

fn print_readiness(summary: &ReadinessSummary, csv: &Path, lang: Lang) -> Result<(), CliError> {
    let counts = args! {
        "users" => summary.users.to_string(),
        "noMethod" => summary.no_method.to_string(),
        "single" => summary.single_authenticator.to_string(),
        "fine" => summary.fine.to_string(),
        "path" => csv.display().to_string()
    };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        lang.say_with("desk-cli-readiness-summary", &counts)
    )?;
    writeln!(out, "\n{}", draft_message(lang))?;
    Ok(())
}

//! `lifeboat check`: goes through the account book one account at a time, signs in to each tenant (system
//! browser, or `--device-code`), reads the methods where the tenant allows it, records the evidence in the
//! book and prints each verdict as it comes. Accounts with a remembered session are re-checked first, all at
//! once, without the browser. `--sim SCENARIO` runs everything against the simulator started in-process.
//!
//! While a browser sign-in waits, type `s` + Enter for "I'm stuck at the MFA prompt" (recorded as blocked
//! by MFA) or `c` + Enter to skip the account.

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lifeboat_core::args;
use lifeboat_core::assess::Verdict;
use lifeboat_core::book::{
    AccountBook, AccountId, BookError, BookStore, FileBookStore, MethodsStatus,
};
use lifeboat_core::check_in_turn::{
    check_in_turn, CheckButtons, CheckHost, CheckProgress, CheckRequest, CheckRow, CheckStage,
    CheckVia,
};
use lifeboat_core::clock::SystemClock;
use lifeboat_core::config::{self, IdentityConfig};
use lifeboat_core::evidence::SignInEvidence;
use lifeboat_core::problem::Explain;
use lifeboat_core::problem::Problem;
use lifeboat_core::signin::{
    can_show_a_browser, BrowserError, BrowserOpener, Checker, SystemBrowser,
};
use lifeboat_core::token_store::{
    open_default_store, MemoryTokenStore, TokenStore, KEYRING_SERVICE,
};
use lifeboat_core::Lang;
use serde::Serialize;

use crate::accounts::{book_error, open_book};
use crate::exit::CliError;
use crate::output::{print_json, Format};

/// Where and how the sign-ins go: shared by `lifeboat check` and `lifeboat move`.
#[derive(clap::Args, Debug)]
pub struct ConnectionArgs {
    /// Sign in with the device code flow (a code to type on any device) instead of this machine's browser.
    #[arg(long)]
    pub device_code: bool,
    /// Run against the simulator started in-process with this scenario file (`practice` for the built-in one,
    /// `practice-move` for the same people with every phone still in hand).
    #[arg(long, value_name = "SCENARIO")]
    pub sim: Option<PathBuf>,
    /// How long to wait for one sign-in in the browser, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    timeout: u64,
    /// The app (client id) to sign in with; default: Microsoft Graph Command Line Tools.
    #[arg(long, env = "LIFEBOAT_CLIENT_ID", value_name = "GUID")]
    client_id: Option<String>,
    /// The sign-in service; default https://login.microsoftonline.com.
    #[arg(long, env = "LIFEBOAT_AUTHORITY", value_name = "URL")]
    authority: Option<String>,
    /// Microsoft Graph; default https://graph.microsoft.com.
    #[arg(long, env = "LIFEBOAT_GRAPH", value_name = "URL")]
    graph: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    connection: ConnectionArgs,
    /// Check only this account (its id or sign-in name); repeatable.
    #[arg(long = "account", value_name = "ID")]
    accounts: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// One account's line in the JSON output.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckedAccount {
    id: String,
    upn: String,
    /// `recheck` (remembered session), `browser`, `device_code`.
    via: &'static str,
    sign_in: SignInEvidence,
    /// `read`, `needs_admin_consent`, `failed`, `not_read`.
    methods: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    method_count: Option<usize>,
    verdict: Verdict,
    headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckReport {
    client_id: String,
    client_name: String,
    remembers_sessions: bool,
    accounts: Vec<CheckedAccount>,
}

pub fn run(args: CheckArgs, book: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    runtime()?.block_on(check(args, book, lang))
}

/// The runtime every command that talks to Microsoft (or the simulator) runs on.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| CliError::Failed(format!("could not start: {error}")))
}

async fn check(args: CheckArgs, book_file: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (store, book) = open_book(book_file)?;
    let selected = select(&book, &args.accounts)?;
    if selected.is_empty() {
        return Err(CliError::Usage(lang.say("cli-check-empty-book")));
    }
    let text = args.format == Format::Text;
    let session = Session::start(&args.connection, store, lang, text).await?;
    let last = session.check_in_turn(selected).await;
    if let Some(error) = &last.error {
        return Err(CliError::Failed(error.text(lang).to_owned()));
    }
    let config = session.checker.signin().config();
    let report = CheckReport {
        client_id: config.client_id.clone(),
        client_name: config.client_name.clone(),
        remembers_sessions: session.remembers,
        accounts: last
            .rows
            .iter()
            .filter_map(|row| checked_account(row, lang))
            .collect(),
    };
    match args.format {
        Format::Json => print_json(&report),
        Format::Text => Ok(()),
    }
}

/// Everything a run of sign-ins needs: the simulator of `--sim` (kept running while the session lives), the
/// checker and the terminal host.
pub struct Session {
    pub checker: Checker,
    pub host: CliHost,
    pub remembers: bool,
    note: Option<Problem>,
    device_code: bool,
    terminal: bool,
}

impl Session {
    /// Starts the simulator when asked, opens the keyring (never for the simulator) and says which app signs in.
    pub async fn start(
        connection: &ConnectionArgs,
        store: FileBookStore,
        lang: Lang,
        text: bool,
    ) -> Result<Session, CliError> {
        let sim = match &connection.sim {
            Some(path) => Some(start_simulator(path).await?),
            None => None,
        };
        let config = config(connection, sim.as_ref(), lang)?;
        let (tokens, remembers, note) = token_store(sim.is_some()).await?;
        let checker = Checker::with_defaults(config.clone(), tokens)
            .map_err(|error| CliError::Failed(error.to_string()))?;
        let no_display = lacks_display(connection, sim.is_some());
        let device_code = connection.device_code || no_display;
        let host = CliHost {
            store,
            sim,
            lang,
            text,
            device_code,
            buttons: CheckButtons::new(),
            shown: Mutex::new(Shown::default()),
        };
        host.announce(&config, note.as_ref(), no_display);
        let terminal = std::io::stdin().is_terminal();
        listen_for_buttons(host.buttons.clone(), lang, text, terminal);
        Ok(Session {
            checker,
            host,
            remembers,
            note,
            device_code,
            terminal,
        })
    }

    /// Checks `accounts` in turn (remembered sessions first, all at once), saving each result in the book.
    pub async fn check_in_turn(&self, accounts: Vec<AccountId>) -> CheckProgress {
        self.run(accounts, false).await
    }

    /// A fresh sign-in for `account` (the proof of a move or a re-registration): its remembered session is
    /// forgotten first, so the check cannot resume it, and the sign-in page asks again whatever the browser
    /// remembers.
    pub async fn fresh_sign_in(&self, account: &lifeboat_core::book::Account) -> CheckProgress {
        if let Err(error) = self.checker.forget_account(account).await {
            tracing::warn!(%error, "the remembered session could not be forgotten before a fresh sign-in");
        }
        self.run(vec![account.id.clone()], true).await
    }

    async fn run(&self, accounts: Vec<AccountId>, fresh: bool) -> CheckProgress {
        let request = CheckRequest {
            accounts,
            lang: self.host.lang,
            remembers_sessions: self.remembers,
            note: self.note.clone(),
            device_code: self.device_code,
            // Only a person at a terminal can answer; a script's completed sign-ins stay unconfirmed.
            ask_second_step: self.terminal && self.host.text,
            fresh,
        };
        check_in_turn(
            &self.checker,
            &self.host,
            &SystemClock,
            &self.host.buttons,
            request,
        )
        .await
    }
}

/// True when sign-ins must use the device code for want of a display: without a graphical session a browser would
/// wait for a page nobody sees (never for the simulator, which plays the browser itself).
fn lacks_display(connection: &ConnectionArgs, simulated: bool) -> bool {
    !simulated
        && !connection.device_code
        && !can_show_a_browser(std::env::consts::OS, |name| std::env::var(name).ok())
}

/// Simulated sessions never go into the real keyring.
async fn token_store(
    simulated: bool,
) -> Result<(Arc<dyn TokenStore>, bool, Option<Problem>), CliError> {
    if simulated {
        return Ok((Arc::new(MemoryTokenStore::new()), false, None));
    }
    let choice = tokio::task::spawn_blocking(|| open_default_store(KEYRING_SERVICE))
        .await
        .map_err(|error| CliError::Failed(error.to_string()))?;
    Ok((choice.store, choice.remembers_sessions, choice.note))
}

/// One account's JSON line, from its row; `None` for an account the run never reached.
fn checked_account(row: &CheckRow, lang: Lang) -> Option<CheckedAccount> {
    let evidence = row.evidence.clone()?;
    Some(CheckedAccount {
        id: row.id.0.clone(),
        upn: row.upn.clone(),
        via: match row.via {
            Some(CheckVia::RememberedSession) => "recheck",
            Some(CheckVia::DeviceCode) => "device_code",
            _ => "browser",
        },
        sign_in: evidence,
        methods: row.methods.unwrap_or(MethodsStatus::NotRead).code(),
        method_count: row.method_count,
        verdict: row.verdict,
        headline: row.headline.text(lang).to_owned(),
        problem: match row.methods {
            Some(MethodsStatus::NeedsAdminConsent) => Some(lang.say("cli-check-needs-consent")),
            _ => row
                .problem
                .as_ref()
                .map(|problem| problem.text(lang).to_owned()),
        },
    })
}

/// What the terminal already showed, so each snapshot prints only what is new.
#[derive(Default)]
struct Shown {
    signing_in: HashSet<AccountId>,
    finished: HashSet<AccountId>,
    asked: HashSet<AccountId>,
    device_code: Option<String>,
}

/// The run's surroundings in a terminal: the book file, the browser (or the simulator's stand-in), and
/// progress lines on stdout (text) or stderr (JSON, so stdout stays one document).
pub struct CliHost {
    store: FileBookStore,
    /// The simulator of `--sim`, whose practice person plays the browser.
    sim: Option<Arc<lifeboat_sim::SimServer>>,
    lang: Lang,
    text: bool,
    /// `--device-code`: no browser was tried, so a device code is no fallback worth announcing.
    device_code: bool,
    buttons: CheckButtons,
    shown: Mutex<Shown>,
}

impl CliHost {
    /// Which app signs in, why sessions are not remembered when they are not, and why the device code is used
    /// when there is no display.
    fn announce(&self, config: &IdentityConfig, note: Option<&Problem>, no_display: bool) {
        self.say(&self.lang.say_with(
            "cli-check-signing-in-with",
            &args! {
                "client" => config.client_name.to_string(),
                "id" => config.client_id.to_string(),
            },
        ));
        if let Some(note) = note {
            self.say(note.text(self.lang));
        }
        if no_display {
            self.say(&self.lang.say("cli-check-no-display"));
        }
    }

    pub fn say(&self, line: &str) {
        if self.text {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        } else {
            eprintln!("{line}");
        }
    }
}

impl CheckHost for CliHost {
    fn update_book(
        &self,
        change: &mut dyn FnMut(&mut AccountBook) -> Result<(), BookError>,
    ) -> Result<AccountBook, BookError> {
        self.store.update(change)
    }

    fn open_sign_in(&self, url: &url::Url) -> Result<(), BrowserError> {
        if let Some(server) = &self.sim {
            PracticeBrowser {
                server: server.clone(),
                buttons: self.buttons.clone(),
            }
            .open(url)
        } else {
            SystemBrowser.open(url)
        }
    }

    fn progress(&self, progress: &CheckProgress) {
        self.show_rows(progress);
        self.show_device_code(progress);
    }
}

impl CliHost {
    /// A row's turn to sign in: why its remembered session could not be used (already in the run's language),
    /// then where the sign-in happens.
    fn signing_in(&self, row: &CheckRow, position: usize, total: usize) {
        let lang = self.lang;
        if let Some(reason) = &row.problem {
            self.say(&format!("{}: {}", row.upn, reason.text(lang)));
        }
        let signing_in =
            lang.say_with("cli-check-signing-in", &args! { "upn" => row.upn.as_str() });
        self.say(&format!("[{position}/{total}] {signing_in}"));
        // With the device code (asked for, or no display) the code itself comes next; a browser sign-in gets the
        // hint, and a browser that failed the switch to the code.
        match (self.device_code, row.stage) {
            (true, _) => {}
            (false, CheckStage::SigningIn) => {
                self.say(&format!("  {}", lang.say("cli-check-browser-hint")))
            }
            (false, _) => self.say(&lang.say("cli-check-falling-back")),
        }
    }

    fn show_rows(&self, progress: &CheckProgress) {
        let lang = self.lang;
        let total = progress.rows.len();
        let mut shown = self
            .shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (index, row) in progress.rows.iter().enumerate() {
            match row.stage {
                CheckStage::SigningIn | CheckStage::DeviceCode
                    if shown.signing_in.insert(row.id.clone()) =>
                {
                    self.signing_in(row, index + 1, total);
                }
                CheckStage::AskingSecondStep if shown.asked.insert(row.id.clone()) => {
                    self.say(&format!("  {}", lang.say("cli-check-second-step")));
                }
                CheckStage::Done | CheckStage::NotChecked
                    if shown.finished.insert(row.id.clone()) =>
                {
                    self.say(&line(row, index + 1, total, self.lang));
                }
                _ => {}
            }
        }
    }

    /// The device code, once per code. It goes to stderr so stdout stays clean for `--format json`.
    fn show_device_code(&self, progress: &CheckProgress) {
        let Some(prompt) = &progress.device_code else {
            return;
        };
        let mut shown = self
            .shown
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if shown.device_code.as_deref() != Some(prompt.user_code.as_str()) {
            shown.device_code = Some(prompt.user_code.clone());
            eprintln!("{}", prompt.message);
            eprintln!(
                "  {}: {}  ({})",
                self.lang.say("cli-check-code"),
                prompt.user_code,
                prompt.verification_uri
            );
        }
    }
}

/// `[2/5] marco@…: stopped at the second step — IT must act (needs_it) [AADSTS50076] — methods read: 3`.
fn line(row: &CheckRow, position: usize, total: usize, lang: Lang) -> String {
    let not_checked = lang.say("cli-check-not-checked");
    let mut text = format!(
        "[{position}/{total}] {}: {}",
        row.upn,
        row.outcome_text
            .as_ref()
            .map_or(not_checked.as_str(), |outcome| outcome.text(lang))
    );
    if row.outcome.is_some() {
        text.push_str(&format!(
            " — {} ({})",
            row.headline.text(lang),
            row.verdict.code()
        ));
    }
    if let Some(code) = row.aadsts {
        text.push_str(&format!(" [AADSTS{code}]"));
    }
    if let Some(count) = row.method_count {
        text.push_str(&format!(
            " — {}: {count}",
            lang.say("cli-check-methods-read")
        ));
    }
    match row.methods {
        Some(MethodsStatus::NeedsAdminConsent) => {
            text.push_str(&format!(" — {}", lang.say("cli-check-needs-consent")))
        }
        _ => {
            if let Some(problem) = &row.problem {
                text.push_str(&format!(" — {}", problem.text(lang)));
            }
        }
    }
    text
}

/// The accounts to check, in book order.
fn select(book: &AccountBook, selectors: &[String]) -> Result<Vec<AccountId>, CliError> {
    if selectors.is_empty() {
        return Ok(book
            .accounts
            .iter()
            .map(|account| account.id.clone())
            .collect());
    }
    let mut ids = Vec::new();
    for selector in selectors {
        let id = book.find(selector).map_err(book_error)?.id.clone();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

pub fn config(
    args: &ConnectionArgs,
    sim: Option<&Arc<lifeboat_sim::SimServer>>,
    lang: Lang,
) -> Result<IdentityConfig, CliError> {
    let mut config = match (sim, &args.authority, &args.graph) {
        (Some(sim), _, _) => IdentityConfig::with_base(
            &url::Url::parse(sim.base_url())
                .map_err(|error| CliError::Failed(format!("the simulator's address: {error}")))?,
        ),
        (None, None, None) => IdentityConfig::default(),
        // The core refuses a host it would not send tokens to (plain http to another computer, …).
        (None, authority, graph) => IdentityConfig::with_hosts(
            authority.as_deref().unwrap_or(config::DEFAULT_AUTHORITY),
            graph.as_deref().unwrap_or(config::DEFAULT_GRAPH),
        )
        .map_err(|error| CliError::Usage(error.explain(lang)))?,
    };
    if let Some(client_id) = &args.client_id {
        config.client_id = client_id.trim().to_string();
        config.client_name = format!("client {}", config.client_id);
    }
    config.interactive_timeout = Duration::from_secs(args.timeout.max(1));
    Ok(config)
}

pub async fn start_simulator(path: &Path) -> Result<Arc<lifeboat_sim::SimServer>, CliError> {
    let scenario = if path.as_os_str() == "practice" {
        lifeboat_sim::Scenario::practice()
    } else if path.as_os_str() == "practice-move" {
        lifeboat_sim::Scenario::practice_move()
    } else {
        lifeboat_sim::Scenario::from_file(path).map_err(|error| CliError::BadInput {
            path: path.to_path_buf(),
            reason: error.to_string(),
        })?
    };
    let server = lifeboat_sim::SimServer::start(scenario, "127.0.0.1:0")
        .await
        .map_err(|error| CliError::Failed(format!("the simulator did not start: {error}")))?;
    Ok(Arc::new(server))
}

/// Reads lines from a terminal and presses the matching button: `s` = "I'm stuck at the MFA prompt", `c` =
/// skip the account, `yes` / `no` = the answer to "did it ask for a second step?".
fn listen_for_buttons(buttons: CheckButtons, lang: Lang, text: bool, terminal: bool) {
    if !terminal {
        return;
    }
    if text {
        println!("{}", lang.say("cli-check-buttons"));
    }
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { return };
            match line.trim().to_lowercase().as_str() {
                "s" | "stuck" | "bloccato" => {
                    buttons.stuck_at_mfa();
                }
                "c" | "cancel" | "skip" | "salta" | "annulla" => {
                    buttons.skip();
                }
                "y" | "yes" | "sì" | "si" => {
                    buttons.answer_second_step(true);
                }
                "n" | "no" => {
                    buttons.answer_second_step(false);
                }
                _ => {}
            }
        }
    });
}

/// The practice person at the simulator's pages: the simulator plays the sign-in its scripts describe, and says
/// where it stopped. Stopped at the MFA prompt is "I'm stuck"; stopped anywhere else (no script: nobody is at the
/// browser) is "skip".
pub struct PracticeBrowser {
    server: Arc<lifeboat_sim::SimServer>,
    buttons: CheckButtons,
}

impl BrowserOpener for PracticeBrowser {
    fn open(&self, url: &url::Url) -> Result<(), BrowserError> {
        let (server, buttons, url) = (self.server.clone(), self.buttons.clone(), url.clone());
        tokio::spawn(async move {
            match server.browse(url.as_str()).await {
                Ok(lifeboat_sim::BrowseOutcome::DeliveredToClient) => {}
                Ok(lifeboat_sim::BrowseOutcome::StoppedAtMfaPrompt) => {
                    buttons.stuck_at_mfa();
                }
                Ok(lifeboat_sim::BrowseOutcome::StoppedElsewhere) => {
                    buttons.skip();
                }
                Err(error) => {
                    tracing::debug!(%error, "the practice browser failed");
                    buttons.skip();
                }
            }
        });
        Ok(())
    }
}

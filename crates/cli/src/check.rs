//! `lifeboat check`: goes through the account book one account at a time, signs in to each tenant (system
//! browser, or `--device-code`), reads the methods where the tenant allows it, records the evidence in the
//! book and prints each verdict as it comes. Accounts with a remembered session are re-checked first, all at
//! once, without the browser. `--sim SCENARIO` runs everything against the simulator started in-process.
//!
//! While a browser sign-in waits, type `s` + Enter for "I'm stuck at the MFA prompt" (recorded as blocked
//! by MFA) or `c` + Enter to skip the account.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lifeboat_core::assess::{assess, Verdict};
use lifeboat_core::book::{Account, AccountBook, AccountId, BookStore};
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::evidence::SignInEvidence;
use lifeboat_core::signin::{
    AccountCheck, AccountTarget, BrowserError, BrowserOpener, Checker, DeviceCodePrompt,
    MethodsReading, RecheckOutcome, SetupError, SignInControl, SystemBrowser,
};
use lifeboat_core::situation::Situation;
use lifeboat_core::token_store::{open_default_store, MemoryTokenStore, TokenStore};
use lifeboat_core::Lang;
use serde::Serialize;
use time::OffsetDateTime;

use crate::accounts::{book_error, open_book};
use crate::exit::CliError;
use crate::output::{print_json, Format};

/// The keyring service name of Lifeboat's remembered sessions.
const KEYRING_SERVICE: &str = "lifeboat";

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Sign in with the device code flow (a code to type on any device) instead of this machine's browser.
    #[arg(long)]
    device_code: bool,
    /// Run against the simulator started in-process with this scenario file (`practice` for the built-in one).
    #[arg(long, value_name = "SCENARIO")]
    sim: Option<PathBuf>,
    /// Check only this account (its id or sign-in name); repeatable.
    #[arg(long = "account", value_name = "ID")]
    accounts: Vec<String>,
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| CliError::Failed(format!("could not start: {error}")))?;
    runtime.block_on(check(args, book, lang))
}

async fn check(args: CheckArgs, book_file: Option<&Path>, lang: Lang) -> Result<(), CliError> {
    let (store, mut book) = open_book(book_file)?;
    let selected = select(&book, &args.accounts)?;
    if selected.is_empty() {
        return Err(CliError::Usage(words(lang).empty_book.into()));
    }
    let sim = match &args.sim {
        Some(path) => Some(start_simulator(path).await?),
        None => None,
    };
    let config = config(&args, sim.as_ref())?;
    // Simulated sessions never go into the real keyring.
    let (tokens, remembers, note): (Arc<dyn TokenStore>, bool, Option<String>) = if sim.is_some() {
        (Arc::new(MemoryTokenStore::new()), false, None)
    } else {
        let choice = tokio::task::spawn_blocking(|| open_default_store(KEYRING_SERVICE))
            .await
            .map_err(|error| CliError::Failed(error.to_string()))?;
        (choice.store, choice.remembers_sessions, choice.note)
    };
    let checker = Checker::with_defaults(config.clone(), tokens)
        .map_err(|error| CliError::Failed(error.to_string()))?;
    let progress = Progress {
        lang,
        total: selected.len(),
        done: 0,
        text: args.format == Format::Text,
    };
    let mut progress = progress;
    progress.say(&format!(
        "{} {} ({})",
        words(lang).signing_in_with,
        config.client_name,
        config.client_id
    ));
    if let Some(note) = note {
        progress.say(&note);
    }

    let targets: Vec<AccountTarget> = selected
        .iter()
        .map(|id| target(book.get(id).expect("selected")))
        .collect();
    let mut report = CheckReport {
        client_id: config.client_id.clone(),
        client_name: config.client_name.clone(),
        remembers_sessions: remembers,
        accounts: Vec::new(),
    };

    // Remembered sessions first, all at once.
    let mut interactive = Vec::new();
    let rechecks = checker.recheck_all(&targets, |_| {}).await;
    for (id, result) in selected.iter().zip(rechecks) {
        match result.outcome {
            RecheckOutcome::Checked { check } => {
                let line = record(&mut book, id, &check, "recheck", lang)?;
                save(&store, &book)?;
                progress.account(&line);
                report.accounts.push(line);
            }
            RecheckOutcome::SessionEnded { reason } => {
                progress.say(&format!(
                    "{}: {} ({reason})",
                    book.get(id).map(|a| a.details.upn.as_str()).unwrap_or(""),
                    words(lang).session_ended
                ));
                interactive.push(id.clone());
            }
            RecheckOutcome::NotRemembered | RecheckOutcome::StoreFailed { .. } => {
                interactive.push(id.clone())
            }
        }
    }

    // Then the others, one at a time, in turn.
    let current: Arc<Mutex<Option<SignInControl>>> = Arc::default();
    listen_for_buttons(current.clone(), lang, args.format == Format::Text);
    for id in interactive {
        let account_target = target(book.get(&id).expect("selected"));
        let control = SignInControl::new();
        *current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(control.clone());
        progress.say(&format!(
            "[{}/{}] {} {}",
            progress.done + 1,
            progress.total,
            words(lang).signing_in,
            account_target.upn
        ));
        let (check, via) = if args.device_code {
            (
                device_code(&checker, &account_target, &control, lang).await,
                "device_code",
            )
        } else {
            let browser: Box<dyn BrowserOpener> = match &sim {
                Some(_) => Box::new(SimBrowser {
                    control: control.clone(),
                }),
                None => Box::new(SystemBrowser),
            };
            progress.say(words(lang).browser_hint);
            match checker
                .check_interactive(&account_target, browser.as_ref(), &control, lang)
                .await
            {
                Ok(check) => (check, "browser"),
                Err(SetupError::Browser(error)) => {
                    progress.say(&format!("{error}. {}", words(lang).falling_back));
                    (
                        device_code(&checker, &account_target, &control, lang).await,
                        "device_code",
                    )
                }
                Err(error) => return Err(CliError::Failed(error.to_string())),
            }
        };
        *current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        let line = record(&mut book, &id, &check, via, lang)?;
        save(&store, &book)?;
        progress.account(&line);
        report.accounts.push(line);
    }
    if let Some(sim) = sim {
        drop(sim);
    }
    match args.format {
        Format::Json => print_json(&report),
        Format::Text => Ok(()),
    }
}

async fn device_code(
    checker: &Checker,
    target: &AccountTarget,
    control: &SignInControl,
    lang: Lang,
) -> AccountCheck {
    let show = move |prompt: &DeviceCodePrompt| {
        // The code goes to stderr so stdout stays clean for --format json.
        eprintln!("{}", prompt.message);
        eprintln!(
            "  {}: {}  ({})",
            words(lang).code,
            prompt.user_code,
            prompt.verification_uri
        );
    };
    checker.check_device_code(target, &show, control).await
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

fn target(account: &Account) -> AccountTarget {
    account.sign_in_target()
}

fn config(
    args: &CheckArgs,
    sim: Option<&Arc<lifeboat_sim::SimServer>>,
) -> Result<IdentityConfig, CliError> {
    let parse = |flag: &str, value: &str| {
        url::Url::parse(value).map_err(|_| CliError::Usage(format!("{flag} {value:?}: not a URL")))
    };
    let mut config = match sim {
        Some(sim) => IdentityConfig::with_base(&parse("--sim", sim.base_url())?),
        None => IdentityConfig::default(),
    };
    if let Some(client_id) = &args.client_id {
        config.client_id = client_id.trim().to_string();
        config.client_name = format!("client {}", config.client_id);
    }
    if let Some(authority) = &args.authority {
        config.authority = parse("--authority", authority)?;
    }
    if let Some(graph) = &args.graph {
        config.graph = parse("--graph", graph)?;
    }
    config.interactive_timeout = Duration::from_secs(args.timeout.max(1));
    Ok(config)
}

async fn start_simulator(path: &Path) -> Result<Arc<lifeboat_sim::SimServer>, CliError> {
    let scenario = if path.as_os_str() == "practice" {
        lifeboat_sim::Scenario::practice()
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

/// Records the check in the book: the sign-in evidence (a skipped or passing failure never replaces decisive
/// earlier evidence), the methods read, and the tenant id learnt from the sign-in. Returns the printed line.
fn record(
    book: &mut AccountBook,
    id: &AccountId,
    check: &AccountCheck,
    via: &'static str,
    lang: Lang,
) -> Result<CheckedAccount, CliError> {
    let now = OffsetDateTime::now_utc();
    let status = book.record_account_check(id, check).map_err(book_error)?;
    let method_count = match &check.methods {
        MethodsReading::Read { methods, .. } => Some(methods.len()),
        _ => None,
    };
    let account = book.get(id).expect("recorded account");
    let situation = Situation {
        now: Some(now),
        ..book.situation.clone()
    };
    let assessment = assess(&account.evidence(), &situation);
    let problem = match &check.methods {
        MethodsReading::NeedsAdminConsent { .. } => Some(words(lang).needs_consent.to_string()),
        MethodsReading::Failed { message, .. } => Some(message.clone()),
        _ => check.problem.clone(),
    };
    Ok(CheckedAccount {
        id: id.0.clone(),
        upn: account.details.upn.clone(),
        via,
        sign_in: check.evidence.clone(),
        methods: status.code(),
        method_count,
        verdict: assessment.verdict,
        headline: assessment.verdict.headline(lang),
        problem,
    })
}

/// What the book knows about an account, as the assessment engine takes it (the last check and the last
/// inventory, whatever its source).
fn save(store: &impl BookStore, book: &AccountBook) -> Result<(), CliError> {
    store.save(book).map_err(book_error)
}

/// Progress and verdict lines on stdout (text) or stderr (JSON, so stdout stays one document).
struct Progress {
    lang: Lang,
    total: usize,
    done: usize,
    text: bool,
}

impl Progress {
    fn say(&self, line: &str) {
        if self.text {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        } else {
            eprintln!("{line}");
        }
    }

    fn account(&mut self, line: &CheckedAccount) {
        self.done += 1;
        let outcome = line.sign_in.describe(self.lang);
        let mut text = format!(
            "[{}/{}] {}: {} — {} ({})",
            self.done,
            self.total,
            line.upn,
            outcome,
            line.headline,
            line.verdict.code()
        );
        if let Some(code) = line.sign_in.aadsts {
            text.push_str(&format!(" [AADSTS{code}]"));
        }
        if let Some(count) = line.method_count {
            text.push_str(&format!(" — {count} {}", words(self.lang).methods_read));
        }
        if let Some(problem) = &line.problem {
            text.push_str(&format!(" — {problem}"));
        }
        self.say(&text);
    }
}

/// Reads `s` / `c` lines from a terminal and presses the matching button of the sign-in in progress.
fn listen_for_buttons(current: Arc<Mutex<Option<SignInControl>>>, lang: Lang, text: bool) {
    if !std::io::stdin().is_terminal() {
        return;
    }
    if text {
        println!("{}", words(lang).buttons);
    }
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { return };
            let control = current
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone();
            if let Some(control) = control {
                match line.trim().to_ascii_lowercase().as_str() {
                    "s" | "stuck" | "bloccato" => control.stuck_at_mfa(),
                    "c" | "cancel" | "skip" | "salta" | "annulla" => control.cancel(),
                    _ => {}
                }
            }
        }
    });
}

/// The simulator's stand-in for the system browser: follows the redirects of the scripted sign-in. When the
/// sign-in stops at a page instead, it presses the button a person would: "I'm stuck" at an MFA page (the
/// script left the person at the prompt, or with no way on), "skip" anywhere else (no script: nobody is at
/// the browser).
struct SimBrowser {
    control: SignInControl,
}

impl BrowserOpener for SimBrowser {
    fn open(&self, url: &url::Url) -> Result<(), BrowserError> {
        let client = reqwest::Client::builder()
            .build()
            .map_err(|error| BrowserError(error.to_string()))?;
        let request = client.get(url.clone());
        let control = self.control.clone();
        tokio::spawn(async move {
            let stopped_at = match request.send().await {
                Ok(response) if response.url().host_str() == Some("localhost") => return,
                Ok(response) => response.text().await.unwrap_or_default(),
                Err(error) => {
                    tracing::debug!(%error, "the simulated browser failed");
                    String::new()
                }
            };
            // The simulator's MFA pages ("Verify your identity", prompt, other ways, "I can't use any").
            let at_mfa_prompt = [
                "<title>Verify your identity</title>",
                "<title>Verifica la tua identità</title>",
            ]
            .iter()
            .any(|title| stopped_at.contains(title));
            if at_mfa_prompt {
                control.stuck_at_mfa();
            } else {
                control.cancel();
            }
        });
        Ok(())
    }
}

struct Words {
    empty_book: &'static str,
    signing_in_with: &'static str,
    signing_in: &'static str,
    browser_hint: &'static str,
    buttons: &'static str,
    falling_back: &'static str,
    session_ended: &'static str,
    needs_consent: &'static str,
    methods_read: &'static str,
    code: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::It => &Words {
            empty_book: "nessun account da verificare: aggiungine uno con `lifeboat accounts add`",
            signing_in_with: "Accesso con l'app",
            signing_in: "Accesso a",
            browser_hint: "  Completa l'accesso nel browser che si è aperto.",
            buttons: "Durante un accesso: s + Invio = «sono bloccato alla verifica MFA», c + Invio = salta l'account.",
            falling_back: "Si passa all'accesso con codice dispositivo.",
            session_ended: "la sessione ricordata è scaduta, serve un nuovo accesso",
            needs_consent: "l'elenco dei metodi richiede il consenso dell'amministratore: controllali a mano in Informazioni di sicurezza",
            methods_read: "metodi letti",
            code: "codice",
        },
        Lang::En => &Words {
            empty_book: "no accounts to check: add one with `lifeboat accounts add`",
            signing_in_with: "Signing in with the app",
            signing_in: "Signing in to",
            browser_hint: "  Finish the sign-in in the browser window that opened.",
            buttons: "During a sign-in: s + Enter = \"I'm stuck at the MFA prompt\", c + Enter = skip the account.",
            falling_back: "Switching to the device code sign-in.",
            session_ended: "the remembered session is over, a new sign-in is needed",
            needs_consent: "the method list needs admin consent: check your methods by hand on Security info",
            methods_read: "methods read",
            code: "code",
        },
    }
}

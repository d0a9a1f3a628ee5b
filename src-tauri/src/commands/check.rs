//! "Check in turn": starts the core's run in the background and relays its snapshots to the window as
//! `check-progress` events; the window's buttons (stuck, skip, stop, the second-step answer, open the sign-in
//! page again) reach the run through [`CheckButtons`]. Everything the run decides is in
//! `lifeboat_core::check_in_turn`.
//!
//! Real accounts sign in in the system browser with the sessions kept in the OS keyring. Practice mode runs the
//! simulator (`crates/sim`, scenario `practice.toml`) inside the app: the sign-in pages it serves open in a
//! separate "practice sign-in" window, and its sessions live in memory only.

use std::sync::{Arc, Mutex, MutexGuard};

use lifeboat_core::book::{AccountBook, AccountId, BookError};
use lifeboat_core::check_in_turn::{
    check_in_turn, CheckButtons, CheckHost, CheckProgress, CheckRequest, CheckRow,
};
use lifeboat_core::clock::SystemClock;
use lifeboat_core::config::IdentityConfig;
use lifeboat_core::problem::Problem;
use lifeboat_core::signin::{BrowserError, BrowserOpener, Checker, SystemBrowser};
use lifeboat_core::token_store::{
    open_default_store, MemoryTokenStore, TokenStore, KEYRING_SERVICE,
};
use lifeboat_core::Lang;
use serde::Serialize;
use tauri::{Emitter, Manager};
use ts_rs::TS;
use url::Url;

use super::{BoundBook, ShellState};
use crate::error::{ErrorCode, IpcError};

/// The event carrying each [`CheckProgress`] snapshot.
pub const PROGRESS_EVENT: &str = "check-progress";
/// The window that shows the simulator's sign-in pages in practice mode.
const PRACTICE_SIGN_IN_WINDOW: &str = "practice-sign-in";

/// Where sessions are kept, chosen once per app run (probing the keyring takes a moment).
struct Sessions {
    store: Arc<dyn TokenStore>,
    remembers: bool,
    note: Option<Problem>,
}

/// The simulator of practice mode and its sessions (memory only: practice never touches the keyring).
struct Practice {
    server: Arc<lifeboat_sim::SimServer>,
    sessions: Arc<dyn TokenStore>,
    /// Which practice story runs: Marco still holding every phone (moving to a new one), or having lost one.
    moving: bool,
}

/// What the check commands keep between calls.
#[derive(Default)]
pub struct CheckState {
    /// The buttons of the run in progress; `None` when no run is.
    running: Mutex<Option<CheckButtons>>,
    /// The newest snapshot, for a window that (re)opens the screen mid-run.
    last: Mutex<Option<CheckProgress>>,
    real_sessions: tokio::sync::OnceCell<Arc<Sessions>>,
    practice: tokio::sync::Mutex<Option<Practice>>,
    /// The practice story the window's journey asks for (`set_practice_journey`).
    practice_moving: std::sync::atomic::AtomicBool,
    /// The practice sign-in window showing now, and how many were made. Each sign-in gets a window with its own
    /// label: `destroy` only asks the event loop, so a window being closed is still found by its label for a
    /// moment, and reusing that label would send the next account's page to a window about to vanish.
    practice_window: Mutex<PracticeWindow>,
}

#[derive(Default)]
struct PracticeWindow {
    current: Option<String>,
    made: u64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl CheckState {
    /// Stops a run in progress (leaving practice, quitting).
    pub fn stop(&self) {
        if let Some(buttons) = lock(&self.running).as_ref() {
            buttons.stop();
        }
    }

    fn buttons(&self) -> Option<CheckButtons> {
        lock(&self.running).clone()
    }

    /// The newest snapshot of the current (or last) run.
    pub fn last_snapshot(&self) -> Option<CheckProgress> {
        lock(&self.last).clone()
    }

    /// The last run's row for `id`, if the run reached that account (what a fresh sign-in is confirmed from).
    pub fn last_row(&self, id: &AccountId) -> Option<CheckRow> {
        lock(&self.last)
            .as_ref()
            .and_then(|last| last.rows.iter().find(|row| &row.id == id).cloned())
    }

    /// Drops the practice simulator and its sessions (practice starts over each time).
    pub async fn end_practice(&self) {
        self.practice.lock().await.take();
    }

    /// The simulator of practice mode, started on first use with the story the journey asks for (started
    /// again, with fresh sessions, when the journey changes story). Returns its address.
    async fn practice(&self) -> Result<(Url, Arc<dyn TokenStore>), IpcError> {
        let moving = self
            .practice_moving
            .load(std::sync::atomic::Ordering::SeqCst);
        let mut practice = self.practice.lock().await;
        if practice
            .as_ref()
            .is_some_and(|running| running.moving != moving)
        {
            practice.take();
        }
        if practice.is_none() {
            let scenario = if moving {
                lifeboat_sim::Scenario::practice_move()
            } else {
                lifeboat_sim::Scenario::practice()
            };
            let server = lifeboat_sim::SimServer::start(scenario, "127.0.0.1:0")
                .await
                .map_err(|error| {
                    IpcError::new(ErrorCode::Internal, "Practice mode could not start.")
                        .with_detail(error.to_string())
                })?;
            tracing::info!(url = server.base_url(), "practice simulator started");
            *practice = Some(Practice {
                server: Arc::new(server),
                sessions: Arc::new(MemoryTokenStore::new()),
                moving,
            });
        }
        let practice = practice.as_ref().expect("started above");
        let url = Url::parse(practice.server.base_url()).map_err(|error| {
            IpcError::new(ErrorCode::Internal, "Practice mode could not start.")
                .with_detail(error.to_string())
        })?;
        Ok((url, practice.sessions.clone()))
    }

    /// Chooses the practice story: the move to a new phone (every phone in hand) or the lost phone.
    pub fn set_practice_moving(&self, moving: bool) {
        self.practice_moving
            .store(moving, std::sync::atomic::Ordering::SeqCst);
    }

    /// The practice simulator's address, when it runs.
    pub async fn practice_base(&self) -> Result<Url, IpcError> {
        Ok(self.practice().await?.0)
    }

    /// The practice simulator (started on first use), for what practice rehearses beyond sign-ins: the IT desk
    /// acting on a ticket.
    pub async fn practice_simulator(&self) -> Result<Arc<lifeboat_sim::SimServer>, IpcError> {
        self.practice().await?;
        let practice = self.practice.lock().await;
        let practice = practice
            .as_ref()
            .ok_or_else(|| IpcError::new(ErrorCode::Internal, "Practice mode could not start."))?;
        Ok(practice.server.clone())
    }

    /// The practice simulator's address, when it runs.
    pub async fn practice_url(&self) -> Option<String> {
        self.practice
            .lock()
            .await
            .as_ref()
            .map(|practice| practice.server.base_url().to_string())
    }

    async fn real_sessions(&self) -> Arc<Sessions> {
        self.real_sessions
            .get_or_init(|| async {
                let choice =
                    tauri::async_runtime::spawn_blocking(|| open_default_store(KEYRING_SERVICE))
                        .await;
                Arc::new(match choice {
                    Ok(choice) => Sessions {
                        store: choice.store,
                        remembers: choice.remembers_sessions,
                        note: choice.note,
                    },
                    Err(error) => Sessions {
                        store: Arc::new(MemoryTokenStore::new()),
                        remembers: false,
                        note: Some(Problem::sessions_not_remembered(&error)),
                    },
                })
            })
            .await
            .clone()
    }
}

/// The sign-in service and where sessions are kept for the current mode.
pub(crate) struct Identity {
    pub config: IdentityConfig,
    pub sessions: Arc<dyn TokenStore>,
    pub remembers: bool,
    pub note: Option<Problem>,
    pub practice: bool,
}

pub(crate) async fn identity(
    shell: &ShellState,
    checks: &CheckState,
) -> Result<Identity, IpcError> {
    if shell.is_practice() {
        let (url, sessions) = checks.practice().await?;
        Ok(Identity {
            config: IdentityConfig::with_base(&url),
            sessions,
            remembers: true,
            note: None,
            practice: true,
        })
    } else {
        let sessions = checks.real_sessions().await;
        Ok(Identity {
            config: shell.identity_config(),
            sessions: sessions.store.clone(),
            remembers: sessions.remembers,
            note: sessions.note.clone(),
            practice: false,
        })
    }
}

/// The run's surroundings in the desktop app. The run writes only into the book it started with.
struct DesktopHost {
    app: tauri::AppHandle,
    book: BoundBook,
    practice: bool,
    lang: Lang,
}

impl CheckHost for DesktopHost {
    fn update_book(
        &self,
        change: &mut dyn FnMut(&mut AccountBook) -> Result<(), BookError>,
    ) -> Result<AccountBook, BookError> {
        self.book.update(change)
    }

    fn open_sign_in(&self, url: &Url) -> Result<(), BrowserError> {
        open_sign_in(&self.app, self.practice, url, self.lang)
    }

    fn sign_in_ended(&self) {
        close_practice_sign_in(&self.app);
    }

    fn progress(&self, progress: &CheckProgress) {
        *lock(&self.app.state::<CheckState>().last) = Some(progress.clone());
        if let Err(error) = self.app.emit(PROGRESS_EVENT, progress) {
            tracing::warn!(%error, "a check progress event could not be sent");
        }
    }
}

/// Real sign-ins happen in the person's own browser, never in a web view of the app (RFC 8252); practice shows
/// the simulator's pages in its own window.
fn open_sign_in(
    app: &tauri::AppHandle,
    practice: bool,
    url: &Url,
    lang: Lang,
) -> Result<(), BrowserError> {
    if practice {
        open_practice_sign_in(app, url, lang)
    } else {
        SystemBrowser.open(url)
    }
}

pub(crate) fn close_practice_sign_in(app: &tauri::AppHandle) {
    let current = lock(&app.state::<CheckState>().practice_window)
        .current
        .take();
    if let Some(window) = current.and_then(|label| app.get_webview_window(&label)) {
        let _ = window.destroy();
    }
}

/// Shows the simulator's sign-in page in the practice window: the current one when the page is opened again
/// ("Open sign-in"), else a new one. It is remote content from the loopback simulator: no capability names it,
/// so it can call nothing in Lifeboat.
pub(crate) fn open_practice_sign_in(
    app: &tauri::AppHandle,
    url: &Url,
    lang: Lang,
) -> Result<(), BrowserError> {
    // The lock is never held while Tauri works: `build` waits for the main thread, where a synchronous command
    // ("Open sign-in again") may itself be waiting for this lock.
    let current = lock(&app.state::<CheckState>().practice_window)
        .current
        .clone();
    if let Some(window) = current.and_then(|label| app.get_webview_window(&label)) {
        window
            .navigate(url.clone())
            .map_err(|error| BrowserError(error.to_string()))?;
        let _ = window.set_focus();
        return Ok(());
    }
    let label = {
        let checks = app.state::<CheckState>();
        let mut windows = lock(&checks.practice_window);
        windows.made += 1;
        let label = format!("{PRACTICE_SIGN_IN_WINDOW}-{}", windows.made);
        windows.current = Some(label.clone());
        label
    };
    let title = lang.say("desktop-practice-window-title");
    let built =
        tauri::WebviewWindowBuilder::new(app, &label, tauri::WebviewUrl::External(url.clone()))
            .title(&title)
            .inner_size(520.0, 680.0)
            .build();
    if let Err(error) = built {
        let checks = app.state::<CheckState>();
        let mut windows = lock(&checks.practice_window);
        if windows.current.as_deref() == Some(label.as_str()) {
            windows.current = None;
        }
        return Err(BrowserError(error.to_string()));
    }
    Ok(())
}

/// Starts checking `accounts` (every account when `None`) in the background. Progress arrives as
/// `check-progress` events; the last one has phase `finished` or `stopped`.
#[tauri::command]
pub async fn check_start(
    app: tauri::AppHandle,
    shell: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    accounts: Option<Vec<AccountId>>,
    lang: Lang,
    fresh: Option<bool>,
) -> Result<(), IpcError> {
    // From here until the run ends, the mode cannot change and the run writes only into this book.
    let (bound, practice) = shell.begin_check()?;
    let book = shell.load()?;
    let accounts: Vec<AccountId> = match accounts {
        Some(ids) => ids
            .into_iter()
            .filter(|id| book.get(id).is_some())
            .collect(),
        None => book
            .accounts
            .iter()
            .map(|account| account.id.clone())
            .collect(),
    };
    if accounts.is_empty() {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "There is no account to check: add one first.",
        ));
    }
    let identity = identity(&shell, &checks).await?;
    debug_assert_eq!(identity.practice, practice);
    let checker = Checker::with_defaults(identity.config, identity.sessions).map_err(|error| {
        IpcError::new(ErrorCode::Internal, "The sign-in could not be prepared.")
            .with_detail(error.to_string())
    })?;
    let buttons = CheckButtons::new();
    *lock(&checks.running) = Some(buttons.clone());
    let request = CheckRequest {
        accounts,
        lang,
        remembers_sessions: identity.remembers,
        note: identity.note,
        device_code: false,
        ask_second_step: true,
        // The proof of a move or a re-registration: every sign-in asks again, whatever the browser remembers.
        fresh: fresh.unwrap_or(false),
    };
    let host = DesktopHost {
        app: app.clone(),
        book: bound,
        practice,
        lang,
    };
    tracing::info!(
        accounts = request.accounts.len(),
        practice = identity.practice,
        "check started"
    );
    tauri::async_runtime::spawn(async move {
        // However the run ends (even by a panic), the next "Check all" must not be refused as already running.
        let _finished = RunFinished(app.clone());
        let last = check_in_turn(&checker, &host, &SystemClock, &buttons, request).await;
        tracing::info!(phase = ?last.phase, done = last.done, "check ended");
    });
    Ok(())
}

/// Clears the running run's buttons when dropped.
struct RunFinished(tauri::AppHandle);

impl Drop for RunFinished {
    fn drop(&mut self) {
        lock(&self.0.state::<CheckState>().running).take();
        close_practice_sign_in(&self.0);
    }
}

/// The newest snapshot of the current (or last) run.
#[tauri::command]
pub fn check_progress(checks: tauri::State<'_, CheckState>) -> Option<CheckProgress> {
    lock(&checks.last).clone()
}

/// What a button press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Pressed {
    /// False when nothing was waiting for that button (the sign-in had already ended).
    pub taken: bool,
}

#[tauri::command]
pub fn check_stuck(checks: tauri::State<'_, CheckState>) -> Pressed {
    Pressed {
        taken: checks
            .buttons()
            .is_some_and(|buttons| buttons.stuck_at_mfa()),
    }
}

#[tauri::command]
pub fn check_skip(checks: tauri::State<'_, CheckState>) -> Pressed {
    Pressed {
        taken: checks.buttons().is_some_and(|buttons| buttons.skip()),
    }
}

#[tauri::command]
pub fn check_stop(checks: tauri::State<'_, CheckState>) -> Pressed {
    let buttons = checks.buttons();
    if let Some(buttons) = &buttons {
        buttons.stop();
    }
    Pressed {
        taken: buttons.is_some(),
    }
}

/// "Did the sign-in ask for a second step, and did you pass it with something you still have?"
#[tauri::command]
pub fn check_answer_second_step(checks: tauri::State<'_, CheckState>, confirmed: bool) -> Pressed {
    Pressed {
        taken: checks
            .buttons()
            .is_some_and(|buttons| buttons.answer_second_step(confirmed)),
    }
}

/// Opens the current sign-in page again (the person closed the browser tab or the practice window).
#[tauri::command]
pub fn check_open_sign_in(
    app: tauri::AppHandle,
    shell: tauri::State<'_, ShellState>,
    checks: tauri::State<'_, CheckState>,
    lang: Lang,
) -> Result<Pressed, IpcError> {
    let Some(url) = checks.buttons().and_then(|buttons| buttons.sign_in_url()) else {
        return Ok(Pressed { taken: false });
    };
    open_sign_in(&app, shell.is_practice(), &url, lang).map_err(|error| {
        IpcError::new(
            ErrorCode::NoBrowser,
            "No web browser could be opened on this computer.",
        )
        .with_detail(error.to_string())
    })?;
    Ok(Pressed { taken: true })
}
